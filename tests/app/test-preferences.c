/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>

#include "ewe-account-dialog.h"
#include "ewe-app-test-utils.h"
#include "ewe-session.h"
#include "ewe-preferences-window.h"
#include "ewe-test-server.h"

/* The preferences: bound to the settings, and "Test Connection" against a
 * real ewelists-server (kept when it answers and nobody is signed in) and
 * against a port where nobody listens. */

static gboolean
test_done (gpointer data)
{
  return !ewe_preferences_window_get_testing (EWE_PREFERENCES_WINDOW (data));
}

static gboolean
session_configured (gpointer data)
{
  return ewe_session_get_configured (EWE_SESSION (data));
}

static EwePreferencesWindow *
new_preferences (EweSession *session)
{
  EwePreferencesWindow *preferences = ewe_preferences_window_new (session);

  gtk_window_present (GTK_WINDOW (preferences));

  return preferences;
}

static const char *
test_connection (EwePreferencesWindow *preferences,
                 const char           *url,
                 gboolean             *success)
{
  ewe_app_test_set_text (GTK_WIDGET (preferences), EWE_TYPE_PREFERENCES_WINDOW, "server_row", url);
  gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.test-connection", NULL);
  g_assert_true (ewe_preferences_window_get_testing (preferences));
  ewe_app_test_iterate_until (test_done, preferences, 30);

  return ewe_preferences_window_get_test_result (preferences, success);
}

static void
test_connection_to_real_server (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = ewe_session_new (settings, NULL);
  EwePreferencesWindow *preferences;
  g_autofree char      *with_slash = NULL;
  gboolean              success = FALSE;

  g_assert_nonnull (server);
  preferences = new_preferences (session);

  /* A trailing slash is what people paste; it still works. */
  with_slash = g_strconcat (server->base_url, "/", NULL);
  g_assert_cmpstr (test_connection (preferences, with_slash, &success), ==,
                   "Connected to Ewelists server " PACKAGE_VERSION);
  g_assert_true (success);

  /* Signed out, a server that answers is kept (without Apply), so that
   * Create Account then starts at the form, not at "Choose a Server". */
  {
    g_autofree char  *saved = g_settings_get_string (settings, "server-url");
    EweAccountDialog *dialog;

    g_assert_cmpstr (saved, ==, server->base_url);
    ewe_app_test_iterate_until (session_configured, session, 10);
    dialog = ewe_account_dialog_new (session, EWE_ACCOUNT_DIALOG_SIGN_UP);
    g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, "sign-up");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_connection_to_closed_port (void)
{
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = ewe_session_new (settings, NULL);
  g_autofree char      *url = g_strdup_printf ("http://127.0.0.1:%u", ewe_app_test_closed_port ());
  g_autofree char      *expected = g_strdup_printf ("Could not reach %s: ", url);
  EwePreferencesWindow *preferences = new_preferences (session);
  const char           *result;
  gboolean              success = TRUE;

  result = test_connection (preferences, url, &success);
  g_test_message ("%s", result);
  g_assert_false (success);
  g_assert_true (g_str_has_prefix (result, expected));

  result = test_connection (preferences, "not a url", &success);
  g_assert_false (success);
  g_assert_cmpstr (result, ==, "“not a url” is not a server address. It looks like https://lists.example.org.");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_settings_are_bound (void)
{
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = ewe_session_new (settings, NULL);
  EwePreferencesWindow *preferences = new_preferences (session);
  GObject              *server_row = gtk_widget_get_template_child (GTK_WIDGET (preferences), EWE_TYPE_PREFERENCES_WINDOW,
                                                                    "server_row");
  GObject              *surprise = gtk_widget_get_template_child (GTK_WIDGET (preferences), EWE_TYPE_PREFERENCES_WINDOW,
                                                                  "surprise_switch");
  GObject              *client_id_row = gtk_widget_get_template_child (GTK_WIDGET (preferences), EWE_TYPE_PREFERENCES_WINDOW,
                                                                       "client_id_row");
  g_autofree char      *saved = NULL;

  /* Settings show in the window… */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (surprise)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (client_id_row)), ==, "ewelists");
  g_settings_set_boolean (settings, "surprise-mode", FALSE);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (surprise)));
  gtk_switch_set_active (GTK_SWITCH (surprise), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "surprise-mode"));

  /* …and a typed server address is saved on Apply, normalized, which
   * builds the account for it. */
  gtk_editable_set_text (GTK_EDITABLE (server_row), "lists.example.org/");
  saved = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (saved, ==, "");
  g_signal_emit_by_name (server_row, "apply");
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (saved, ==, "https://lists.example.org");
  ewe_app_test_iterate_until (session_configured, session, 10);
  g_assert_cmpstr (ewe_account_get_server (ewe_session_get_account (session)), ==, "https://lists.example.org");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int   argc,
      char *argv[])
{
  ewe_app_test_init (&argc, &argv);

  g_test_add_func ("/app/preferences/test-connection/real-server", test_connection_to_real_server);
  g_test_add_func ("/app/preferences/test-connection/closed-port", test_connection_to_closed_port);
  g_test_add_func ("/app/preferences/settings-are-bound", test_settings_are_bound);

  return g_test_run ();
}
