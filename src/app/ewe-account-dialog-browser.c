/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-account-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-account-dialog-private.h"

/* Signing in in the system browser (libewe-core's EweBrowserSignIn): the
 * server's (or a Cognito pool's hosted UI's) sign-in page opens in the
 * browser with gtk_show_uri() (the OpenURI portal inside Flatpak), where
 * the person may also sign in with Google and the like (or, with a button
 * per provider the server lists, goes straight there); the dialog shows
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

/* @identity_provider: the server's name for Google or the like, to go
 * straight there (Cognito's identity_provider=); NULL for the server's
 * page, which offers every way. */
static void
start_browser (EweAccountDialog *self,
               const char       *identity_provider)
{
  GSettings       *settings = ewe_session_get_settings (self->session);
  EweAccount      *account;
  g_autofree char *domain = NULL;

  _ewe_account_dialog_clear_errors (self);
  if (self->browser_sign_in != NULL || (account = _ewe_account_dialog_get_account (self)) == NULL)
    return;

  /* A real Cognito pool signs in on its hosted UI's domain, and comes
   * back only to the callback URL registered, port and all. */
  domain = g_settings_get_string (settings, "cognito-hosted-ui-domain");
  self->browser_sign_in = ewe_browser_sign_in_new (account, domain);
  ewe_browser_sign_in_set_port (self->browser_sign_in, g_settings_get_int (settings, "cognito-redirect-port"));
  ewe_browser_sign_in_set_identity_provider (self->browser_sign_in, identity_provider);
  self->browser_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->browser_sign_in, "open-uri", G_CALLBACK (open_uri_cb), self, 0);

  _ewe_account_dialog_show_page (self, "browser");
  gtk_spinner_set_spinning (self->browser_spinner, TRUE);
  ewe_browser_sign_in_run_async (self->browser_sign_in, self->browser_cancellable, browser_done_cb,
                                 g_object_ref (self));
}

static void
sign_in_browser_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  start_browser (EWE_ACCOUNT_DIALOG (widget), NULL);
}

static void
sign_in_provider_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  start_browser (EWE_ACCOUNT_DIALOG (widget), g_variant_get_string (parameter, NULL));
}

/* --- a button per provider ------------------------------------------------ */

static void
clear_providers (EweAccountDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->providers_box))) != NULL)
    gtk_box_remove (self->providers_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->providers_box), FALSE);
}

static void
providers_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(EweAccountDialog) self = user_data;
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GError) error = NULL;

  providers = ewe_identity_providers_list_finish (result, &error);
  if (providers == NULL)
    {
      /* The browser's page still offers every way: no buttons is all. */
      g_debug ("No sign-in providers to offer: %s", error->message);
      return;
    }
  if (self->providers_box == NULL)
    return;

  /* Appended below what is there already, so nothing the person is about
   * to press moves. */
  clear_providers (self);
  for (guint i = 0; i < providers->len; i++)
    {
      EweIdentityProvider *provider = g_ptr_array_index (providers, i);
      /* Translators: %s is a sign-in provider, e.g. Google */
      g_autofree char     *label = g_strdup_printf (_("Continue with %s"),
                                                       ewe_identity_provider_get_display_name (provider));
      GtkWidget           *button = gtk_button_new_with_label (label);

      gtk_widget_add_css_class (button, "pill");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "dialog.sign-in-provider");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (ewe_identity_provider_get_name (provider)));
      gtk_box_append (self->providers_box, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->providers_box), providers->len > 0);
}

/* Reads the configured server's providers for the sign-in page, once per
 * server: a real Cognito pool (a hosted UI domain) has none to show. */
void
_ewe_account_dialog_load_providers (EweAccountDialog *self)
{
  EweAccount      *account = ewe_session_get_account (self->session);
  g_autofree char *server = ewe_session_dup_server_url (self->session);
  g_autofree char *domain = NULL;

  if (account == NULL || g_strcmp0 (server, self->providers_server) == 0)
    return;

  _ewe_account_dialog_stop_providers (self);
  clear_providers (self);
  self->providers_server = g_steal_pointer (&server);
  self->providers_cancellable = g_cancellable_new ();
  domain = g_settings_get_string (ewe_session_get_settings (self->session), "cognito-hosted-ui-domain");
  ewe_identity_providers_list_async (account, domain, self->providers_cancellable, providers_listed_cb,
                                     g_object_ref (self));
}

void
_ewe_account_dialog_stop_providers (EweAccountDialog *self)
{
  if (self->providers_cancellable != NULL)
    g_cancellable_cancel (self->providers_cancellable);
  g_clear_object (&self->providers_cancellable);
  g_clear_pointer (&self->providers_server, g_free);
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
  gtk_widget_class_install_action (widget_class, "dialog.sign-in-provider", "s", sign_in_provider_action);
  gtk_widget_class_install_action (widget_class, "dialog.cancel-browser", NULL, cancel_browser_action);
}
