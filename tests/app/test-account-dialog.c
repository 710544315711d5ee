/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>

#include "ewe-account-dialog.h"
#include "ewe-app-test-utils.h"
#include "ewe-session.h"

/* The sign-in dialog's checks: what it says before any request goes out,
 * and the server page it starts with when no server is configured. */

#define SET_TEXT(dialog, child, text) \
  ewe_app_test_set_text (GTK_WIDGET (dialog), EWE_TYPE_ACCOUNT_DIALOG, child, text)

static gboolean
dialog_idle (gpointer data)
{
  return !ewe_account_dialog_get_busy (EWE_ACCOUNT_DIALOG (data));
}

static EweSession *
session_for_server (const char *server_url)
{
  g_autoptr(GSettings) settings = ewe_app_test_settings ();

  g_settings_set_string (settings, "server-url", server_url);

  return ewe_session_new (settings, NULL);
}

static void
assert_error (EweAccountDialog *dialog,
              const char       *page,
              const char       *expected)
{
  g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, page);
  g_assert_false (ewe_account_dialog_get_busy (dialog));
  g_assert_cmpstr (ewe_account_dialog_get_error (dialog), ==, expected);
}

static void
test_sign_in_checks_fields_first (void)
{
  g_autofree char *server = g_strdup_printf ("http://127.0.0.1:%u", ewe_app_test_closed_port ());
  g_autoptr(EweSession) session = session_for_server (server);
  EweAccountDialog *dialog = ewe_account_dialog_new (session, EWE_ACCOUNT_DIALOG_SIGN_IN);
  GObject          *email_row;

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, "sign-in");
  g_assert_null (ewe_account_dialog_get_error (dialog));

  /* Each problem is named in place, and nothing is sent: busy never turns on. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.sign-in", NULL);
  assert_error (dialog, "sign-in", "Enter your e-mail address.");
  email_row = gtk_widget_get_template_child (GTK_WIDGET (dialog), EWE_TYPE_ACCOUNT_DIALOG, "sign_in_email_row");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (email_row), "error"));

  /* Typing clears the mark and what was said. */
  SET_TEXT (dialog, "sign_in_email_row", "ada");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (email_row), "error"));
  g_assert_null (ewe_account_dialog_get_error (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.sign-in", NULL);
  assert_error (dialog, "sign-in", "“ada” is not an e-mail address.");

  SET_TEXT (dialog, "sign_in_email_row", "ada@example.com");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.sign-in", NULL);
  assert_error (dialog, "sign-in", "Enter your password.");

  /* Everything filled in: the request goes out, and the closed port's
   * failure comes back in words. */
  SET_TEXT (dialog, "sign_in_password_row", "Corr3ct-Horse!");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.sign-in", NULL);
  g_assert_true (ewe_account_dialog_get_busy (dialog));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                                      EWE_TYPE_ACCOUNT_DIALOG,
                                                                                      "sign_in_button"))));
  ewe_app_test_iterate_until (dialog_idle, dialog, 30);
  g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, "sign-in");
  g_assert_true (g_str_has_prefix (ewe_account_dialog_get_error (dialog), "Could not reach the sign-in service"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_sign_up_checks_fields_first (void)
{
  g_autofree char *server = g_strdup_printf ("http://127.0.0.1:%u", ewe_app_test_closed_port ());
  g_autoptr(EweSession) session = session_for_server (server);
  EweAccountDialog *dialog = ewe_account_dialog_new (session, EWE_ACCOUNT_DIALOG_SIGN_IN);

  gtk_window_present (GTK_WINDOW (dialog));

  /* From the sign-in page, the e-mail typed there comes along. */
  SET_TEXT (dialog, "sign_in_email_row", "ada@example.com");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.show-sign-up", NULL);
  g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, "sign-up");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.sign-up", NULL);
  assert_error (dialog, "sign-up", "Enter your name.");

  SET_TEXT (dialog, "sign_up_name_row", "Ada");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.sign-up", NULL);
  assert_error (dialog, "sign-up", "Enter a password.");

  SET_TEXT (dialog, "sign_up_password_row", "password");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.sign-up", NULL);
  assert_error (dialog, "sign-up", "The password needs an uppercase letter (A to Z).");

  /* Back returns to sign-in with no error left behind. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.back", NULL);
  g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, "sign-in");
  g_assert_null (ewe_account_dialog_get_error (dialog));

  /* Forgot password takes the e-mail along too, and checks it. */
  SET_TEXT (dialog, "sign_in_email_row", "not-an-address");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.show-forgot", NULL);
  g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, "forgot");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.send-reset-code", NULL);
  assert_error (dialog, "forgot", "“not-an-address” is not an e-mail address.");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A server already set in Preferences: Create Account starts at the form,
 * not at "Choose a Server", with the focus in its first field. */
static void
test_sign_up_skips_server (void)
{
  g_autofree char *server = g_strdup_printf ("http://127.0.0.1:%u", ewe_app_test_closed_port ());
  g_autoptr(EweSession) session = session_for_server (server);
  EweAccountDialog *dialog = ewe_account_dialog_new (session, EWE_ACCOUNT_DIALOG_SIGN_UP);
  GtkWidget        *name_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), EWE_TYPE_ACCOUNT_DIALOG,
                                                                          "sign_up_name_row"));
  GtkWidget        *focus;

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (ewe_session_get_configured (session));
  g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, "sign-up");
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_true (focus != NULL && (focus == name_row || gtk_widget_is_ancestor (focus, name_row)));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) ==
                 GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), EWE_TYPE_ACCOUNT_DIALOG,
                                                            "sign_up_button")));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_server_page_without_server (void)
{
  g_autoptr(EweSession) session = session_for_server ("");
  EweAccountDialog *dialog = ewe_account_dialog_new (session, EWE_ACCOUNT_DIALOG_SIGN_UP);
  g_autofree char  *closed = g_strdup_printf ("127.0.0.1:%u", ewe_app_test_closed_port ());
  g_autofree char  *saved = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (ewe_session_get_configured (session));
  g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, "server");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.continue", NULL);
  assert_error (dialog, "server", "Enter the address of an Ewelists server.");

  SET_TEXT (dialog, "server_row", "ftp://example.org");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.test-server", NULL);
  assert_error (dialog, "server",
                "“ftp://example.org” is not a server address. It looks like https://lists.example.org.");

  /* Nobody there: said so, and nothing saved. */
  SET_TEXT (dialog, "server_row", closed);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.continue", NULL);
  g_assert_true (ewe_account_dialog_get_busy (dialog));
  ewe_app_test_iterate_until (dialog_idle, dialog, 30);
  g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, "server");
  g_assert_nonnull (ewe_account_dialog_get_error (dialog));
  g_assert_true (g_str_has_prefix (ewe_account_dialog_get_error (dialog), "Could not reach https://127.0.0.1:"));
  saved = g_settings_get_string (ewe_session_get_settings (session), "server-url");
  g_assert_cmpstr (saved, ==, "");
  g_assert_false (ewe_session_get_configured (session));

  /* Closing cancels nothing left, and does not crash on the way. */
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
test_close_cancels (void)
{
  /* A request under way when the dialog closes is cancelled; its callback
   * must not touch the widgets that are gone. */
  g_autoptr(EweSession) session = session_for_server ("http://192.0.2.1");
  EweAccountDialog *dialog = ewe_account_dialog_new (session, EWE_ACCOUNT_DIALOG_SIGN_IN);

  gtk_window_present (GTK_WINDOW (dialog));
  SET_TEXT (dialog, "sign_in_email_row", "ada@example.com");
  SET_TEXT (dialog, "sign_in_password_row", "Corr3ct-Horse!");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.sign-in", NULL);
  g_assert_true (ewe_account_dialog_get_busy (dialog));
  gtk_window_close (GTK_WINDOW (dialog));

  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  ewe_app_test_init (&argc, &argv);

  g_test_add_func ("/app/account-dialog/sign-in-checks-fields-first", test_sign_in_checks_fields_first);
  g_test_add_func ("/app/account-dialog/sign-up-checks-fields-first", test_sign_up_checks_fields_first);
  g_test_add_func ("/app/account-dialog/sign-up-skips-server", test_sign_up_skips_server);
  g_test_add_func ("/app/account-dialog/server-page-without-server", test_server_page_without_server);
  g_test_add_func ("/app/account-dialog/close-cancels", test_close_cancels);

  return g_test_run ();
}
