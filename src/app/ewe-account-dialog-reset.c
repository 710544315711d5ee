/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-account-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-account-dialog-private.h"
#include "ewe-validation.h"

/* A forgotten password: a code goes to the account's e-mail address, and
 * with it the user chooses a new password and is signed in. */

static void
show_forgot_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EweAccountDialog *self = EWE_ACCOUNT_DIALOG (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->forgot_email_row),
                         gtk_editable_get_text (GTK_EDITABLE (self->sign_in_email_row)));
  _ewe_account_dialog_show_page (self, "forgot");
}

static void
forgot_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EweAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!ewe_auth_forgot_password_finish (EWE_AUTH (object), result, &error))
    {
      _ewe_account_dialog_show_failure (self, self->forgot_email_row, error);
      return;
    }

  _ewe_account_dialog_set_busy (self, FALSE);
  /* Translators: %s is an e-mail address */
  text = g_strdup_printf (_("We sent a code to %s. Enter it and choose a new password."), self->email);
  gtk_label_set_label (self->reset_description, text);
  gtk_editable_set_text (GTK_EDITABLE (self->reset_code_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reset_password_row), "");
  _ewe_account_dialog_show_page (self, "reset");
}

static void
send_reset_code_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EweAccountDialog *self = EWE_ACCOUNT_DIALOG (widget);
  g_autofree char  *email = _ewe_account_dialog_dup_text (self->forgot_email_row);
  EweAccount       *account;

  _ewe_account_dialog_clear_errors (self);

  if (!_ewe_account_dialog_check_field (self, self->forgot_email_row, ewe_validation_check_email (email)))
    return;

  if ((account = _ewe_account_dialog_get_account (self)) == NULL)
    return;

  g_free (self->email);
  self->email = g_strdup (email);

  _ewe_account_dialog_set_busy (self, TRUE);
  ewe_auth_forgot_password_async (ewe_account_get_auth (account), email,
                                  self->cancellable, forgot_cb, g_object_ref (self));
}

static void
reset_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EweAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_auth_confirm_forgot_password_finish (EWE_AUTH (object), result, &error))
    {
      AdwEntryRow *row = g_error_matches (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_INVALID_PASSWORD)
                           ? self->reset_password_row
                           : self->reset_code_row;

      _ewe_account_dialog_show_failure (self, row, error);
      return;
    }

  _ewe_account_dialog_start_sign_in (self, self->email, self->password);
}

static void
reset_password_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EweAccountDialog *self = EWE_ACCOUNT_DIALOG (widget);
  g_autofree char  *code = _ewe_account_dialog_dup_text (self->reset_code_row);
  const char       *password = gtk_editable_get_text (GTK_EDITABLE (self->reset_password_row));
  EweAccount       *account;

  _ewe_account_dialog_clear_errors (self);

  if (!_ewe_account_dialog_check_field (self, self->reset_code_row, ewe_validation_check_code (code)))
    return;

  if (!_ewe_account_dialog_check_field (self, self->reset_password_row, ewe_validation_check_password (password)))
    return;

  if ((account = _ewe_account_dialog_get_account (self)) == NULL)
    return;

  _ewe_account_dialog_wipe_password (self);
  self->password = g_strdup (password);

  _ewe_account_dialog_set_busy (self, TRUE);
  ewe_auth_confirm_forgot_password_async (ewe_account_get_auth (account), self->email, code, password,
                                          self->cancellable, reset_cb, g_object_ref (self));
}

void
_ewe_account_dialog_class_init_reset (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "dialog.show-forgot", NULL, show_forgot_action);
  gtk_widget_class_install_action (widget_class, "dialog.send-reset-code", NULL, send_reset_code_action);
  gtk_widget_class_install_action (widget_class, "dialog.reset-password", NULL, reset_password_action);
}
