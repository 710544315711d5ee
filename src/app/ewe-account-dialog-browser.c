/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-account-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-account-dialog-private.h"

/* Signing in in the system browser (libewe-core's EweBrowserSignIn): the
 * server's (or a Cognito pool's hosted UI's) sign-in page opens in the
 * browser with gtk_show_uri() (the OpenURI portal inside Flatpak), where
 * the person may also sign in with Google and the like; the dialog shows
 * a page that waits, with Cancel, and once the browser comes back the
 * app's window comes to the front and the dialog closes. */

static void
stop_waiting (EweAccountDialog *self)
{
  /* NULL once the dialog is disposed, which cancels the sign-in. */
  if (self->browser_spinner != NULL)
    gtk_spinner_set_spinning (self->browser_spinner, FALSE);
  g_clear_object (&self->browser_sign_in);
  g_clear_object (&self->browser_cancellable);
}

/* Gives up waiting for the browser, if the dialog does; the tab is told. */
void
_ewe_account_dialog_cancel_browser (EweAccountDialog *self)
{
  if (self->browser_cancellable != NULL)
    g_cancellable_cancel (self->browser_cancellable);
}

static void
browser_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EweAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  if (!ewe_browser_sign_in_run_finish (EWE_BROWSER_SIGN_IN (object), result, &error))
    {
      /* Only the sign-in now waiting may change the page. */
      if (self->browser_sign_in != EWE_BROWSER_SIGN_IN (object))
        return;
      stop_waiting (self);
      if (self->stack == NULL)
        return;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "browser") == 0)
            gtk_widget_activate_action (GTK_WIDGET (self), "dialog.back", NULL);
          return;
        }
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "browser") == 0)
        gtk_widget_activate_action (GTK_WIDGET (self), "dialog.back", NULL);
      _ewe_account_dialog_show_error (self, NULL, error->message);
      return;
    }

  stop_waiting (self);

  /* The browser has the focus: the person comes back to the app's window,
   * not to a dialog that is about to close. */
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  gtk_window_present (parent != NULL ? parent : GTK_WINDOW (self));
  _ewe_account_dialog_signed_in (self);
}

static void
shown_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EweAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Cancelled: the person gave up before the browser was even up. */
  if (gtk_show_uri_full_finish (GTK_WINDOW (self), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_warning ("Could not open the sign-in page in a browser: %s", error->message);
  if (self->browser_cancellable == NULL)
    return;

  /* Nothing will come back: say so where the button was. */
  g_clear_object (&self->browser_sign_in);
  g_cancellable_cancel (self->browser_cancellable);
  g_clear_object (&self->browser_cancellable);
  gtk_spinner_set_spinning (self->browser_spinner, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.back", NULL);
  _ewe_account_dialog_show_error (self, NULL, _("Could not open a web browser. Sign in with your e-mail address and password instead."));
}

static void
open_uri_cb (EweBrowserSignIn *sign_in,
             const char       *uri,
             EweAccountDialog *self)
{
  g_debug ("Opening the sign-in page in the browser");
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, self->browser_cancellable, shown_cb,
                     g_object_ref (self));
}

static void
sign_in_browser_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EweAccountDialog *self = EWE_ACCOUNT_DIALOG (widget);
  EweAccount       *account;
  g_autofree char  *domain = NULL;

  _ewe_account_dialog_clear_errors (self);
  if (self->browser_sign_in != NULL || (account = _ewe_account_dialog_get_account (self)) == NULL)
    return;

  /* A real Cognito pool signs in on its hosted UI's domain. */
  domain = g_settings_get_string (ewe_session_get_settings (self->session), "cognito-hosted-ui-domain");
  self->browser_sign_in = ewe_browser_sign_in_new (account, domain);
  self->browser_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->browser_sign_in, "open-uri", G_CALLBACK (open_uri_cb), self, 0);

  _ewe_account_dialog_show_page (self, "browser");
  gtk_spinner_set_spinning (self->browser_spinner, TRUE);
  ewe_browser_sign_in_run_async (self->browser_sign_in, self->browser_cancellable, browser_done_cb,
                                 g_object_ref (self));
}

static void
cancel_browser_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EweAccountDialog *self = EWE_ACCOUNT_DIALOG (widget);

  if (self->browser_cancellable != NULL)
    _ewe_account_dialog_cancel_browser (self);
  else
    gtk_widget_activate_action (widget, "dialog.back", NULL);
}

void
_ewe_account_dialog_class_init_browser (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "dialog.sign-in-browser", NULL, sign_in_browser_action);
  gtk_widget_class_install_action (widget_class, "dialog.cancel-browser", NULL, cancel_browser_action);
}
