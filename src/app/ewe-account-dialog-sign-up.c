/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-account-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-account-dialog-private.h"
#include "ewe-validation.h"

/* Creating an account, then confirming its e-mail address with the code
 * the service sent there; once confirmed, the account signs in with the
 * password just typed. */

static void
show_confirm_page (EweAccountDialog *self)
{
  g_autofree char *text = NULL;

  /* Translators: %s is an e-mail address */
  text = g_strdup_printf (_("We sent a 6-digit code to %s. Enter it to confirm your e-mail address."),
                             self->email);
  gtk_label_set_label (self->confirm_description, text);
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_code_row), "");
  _ewe_account_dialog_show_page (self, "confirm");
}

static void
sign_up_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EweAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;
  gboolean         confirmed = FALSE;

  user_id = ewe_auth_sign_up_finish (EWE_AUTH (object), result, &confirmed, &error);
  if (user_id == NULL)
    {
      AdwEntryRow *row = NULL;

      if (g_error_matches (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_INVALID_PASSWORD))
        row = self->sign_up_password_row;
      else if (g_error_matches (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_USER_EXISTS))
        row = self->sign_up_email_row;
      _ewe_account_dialog_show_failure (self, row, error);
      return;
    }

  /* Pools that confirm on their own let the user straight in. */
  if (confirmed)
    {
      _ewe_account_dialog_start_sign_in (self, self->email, self->password);
      return;
    }

  _ewe_account_dialog_set_busy (self, FALSE);
  show_confirm_page (self);
}

static void
sign_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EweAccountDialog *self = EWE_ACCOUNT_DIALOG (widget);
  g_autofree char  *name = _ewe_account_dialog_dup_text (self->sign_up_name_row);
  g_autofree char  *email = _ewe_account_dialog_dup_text (self->sign_up_email_row);
  const char       *password = gtk_editable_get_text (GTK_EDITABLE (self->sign_up_password_row));
  EweAccount       *account;

  _ewe_account_dialog_clear_errors (self);

  if (name[0] == '\0')
    {
      _ewe_account_dialog_show_error (self, self->sign_up_name_row, _("Enter your name."));
      return;
    }

  if (!_ewe_account_dialog_check_field (self, self->sign_up_email_row, ewe_validation_check_email (email)))
    return;

  if (!_ewe_account_dialog_check_field (self, self->sign_up_password_row, ewe_validation_check_password (password)))
    return;

  if ((account = _ewe_account_dialog_get_account (self)) == NULL)
    return;

  g_free (self->email);
  self->email = g_strdup (email);
  _ewe_account_dialog_wipe_password (self);
  self->password = g_strdup (password);

  _ewe_account_dialog_set_busy (self, TRUE);
  ewe_auth_sign_up_async (ewe_account_get_auth (account), email, password, name,
                          self->cancellable, sign_up_cb, g_object_ref (self));
}

static void
confirm_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EweAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_auth_confirm_sign_up_finish (EWE_AUTH (object), result, &error))
    {
      _ewe_account_dialog_show_failure (self, self->confirm_code_row, error);
      return;
    }

  if (self->password != NULL)
    {
      _ewe_account_dialog_start_sign_in (self, self->email, self->password);
      return;
    }

  /* Confirmed after a restart of the dialog: the password was never typed
   * here, so ask for it. */
  _ewe_account_dialog_set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->sign_in_email_row), self->email);
  gtk_label_set_label (self->sign_in_description,
                       _("Your e-mail address is confirmed. Sign in to continue."));
  _ewe_account_dialog_show_page (self, "sign-in");
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EweAccountDialog *self = EWE_ACCOUNT_DIALOG (widget);
  g_autofree char  *code = _ewe_account_dialog_dup_text (self->confirm_code_row);
  EweAccount       *account;

  _ewe_account_dialog_clear_errors (self);

  if (!_ewe_account_dialog_check_field (self, self->confirm_code_row, ewe_validation_check_code (code)))
    return;

  if ((account = _ewe_account_dialog_get_account (self)) == NULL)
    return;

  _ewe_account_dialog_set_busy (self, TRUE);
  ewe_auth_confirm_sign_up_async (ewe_account_get_auth (account), self->email, code,
                                  self->cancellable, confirm_cb, g_object_ref (self));
}

static void
resend_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EweAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!ewe_auth_resend_code_finish (EWE_AUTH (object), result, &error))
    {
      _ewe_account_dialog_show_failure (self, NULL, error);
      return;
    }

  _ewe_account_dialog_set_busy (self, FALSE);
  /* Translators: %s is an e-mail address */
  text = g_strdup_printf (_("We sent a new code to %s."), self->email);
  gtk_label_set_label (self->confirm_description, text);
  gtk_widget_grab_focus (GTK_WIDGET (self->confirm_code_row));
}

static void
resend_code_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EweAccountDialog *self = EWE_ACCOUNT_DIALOG (widget);
  EweAccount       *account;

  _ewe_account_dialog_clear_errors (self);
  if ((account = _ewe_account_dialog_get_account (self)) == NULL)
    return;

  _ewe_account_dialog_set_busy (self, TRUE);
  ewe_auth_resend_code_async (ewe_account_get_auth (account), self->email,
                              self->cancellable, resend_cb, g_object_ref (self));
}

void
_ewe_account_dialog_class_init_sign_up (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "dialog.sign-up", NULL, sign_up_action);
  gtk_widget_class_install_action (widget_class, "dialog.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "dialog.resend-code", NULL, resend_code_action);
}
