/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>

#include "ewe-account-dialog.h"
#include "ewe-app-test-utils.h"
#include "ewe-application.h"
#include "ewe-test-server.h"
#include "ewe-test-smtp.h"
#include "ewe-window.h"

/* The whole account story through the dialog's and the window's actions,
 * against a real ewelists-server, its mail caught by a real SMTP sink, and
 * the test session's real keyring: choose the server, sign up, confirm
 * with the e-mailed code, be signed in, sign out, sign in again; then
 * another server in the settings signs that account out. */

#define PASSWORD "Corr3ct-Horse!"

#define SET_TEXT(dialog, child, text) \
  ewe_app_test_set_text (GTK_WIDGET (dialog), EWE_TYPE_ACCOUNT_DIALOG, child, text)

typedef struct
{
  EweAccountDialog *dialog;
  const char       *page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;

  return !ewe_account_dialog_get_busy (wait->dialog) &&
         g_strcmp0 (ewe_account_dialog_get_page (wait->dialog), wait->page) == 0;
}

static void
wait_for_page (EweAccountDialog *dialog,
               const char       *page)
{
  PageWait wait = { dialog, page };

  ewe_app_test_iterate_until (page_is, &wait, 60);
}

/* The account dialog the window opened (the active window follows focus,
 * which comes later). */
static EweAccountDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (EWE_IS_ACCOUNT_DIALOG (l->data))
        return l->data;
    }

  return NULL;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *)data;
}

static void
set_flag_cb (gboolean *flag)
{
  *flag = TRUE;
}

static gboolean
account_signed_out (gpointer data)
{
  EweSession *session = data;

  return !ewe_account_get_signed_in (ewe_session_get_account (session));
}

typedef struct
{
  EweSession *session;
  EweAccount *old;
} ReplaceWait;

static gboolean
account_replaced (gpointer data)
{
  ReplaceWait *wait = data;

  return ewe_session_get_account (wait->session) != wait->old;
}

static void
test_sign_up_confirm_sign_in_sign_out (void)
{
  g_autoptr(EweTestSmtp) smtp = ewe_test_smtp_new ();
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (smtp);
  g_autofree char *smtp_arg = g_strdup_printf ("--smtp-url=%s", smtp_url);
  g_autoptr(EweTestServer) server = ewe_test_server_start ((const char *[]) { smtp_arg, NULL });
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweApplication) app = ewe_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(EweTestMail) mail = NULL;
  g_autofree char *email = g_strdup_printf ("ada-%08x@example.com", g_random_int ());
  g_autofree char *code = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(EweAccount) old_account = NULL;
  EweAccountDialog *dialog;
  EweSession       *session;
  EweAccount       *account;
  EweWindow        *window;
  gboolean          signed_in = FALSE;

  g_assert_nonnull (server);
  /* An id of its own on the bus: with the app's, a test running alongside
   * (test-window) would own it, and this app would start as its remote. */
  g_application_set_application_id (G_APPLICATION (app), APPLICATION_ID ".TestAccountFlow");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  session = ewe_application_get_session (app);
  g_assert_false (ewe_session_get_configured (session));

  window = ewe_window_new (app);
  gtk_window_present (GTK_WINDOW (window));

  g_test_message ("choosing the server");
  /* No server yet: "Create Account…" starts by asking for one. */
  gtk_widget_activate_action (GTK_WIDGET (window), "account.create-account", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_signal_connect_swapped (dialog, "signed-in", G_CALLBACK (set_flag_cb), &signed_in);
  g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, "server");

  SET_TEXT (dialog, "server_row", server->base_url);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.continue", NULL);
  wait_for_page (dialog, "sign-up");
  saved = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (saved, ==, server->base_url);
  account = ewe_session_get_account (session);
  g_assert_nonnull (account);
  g_assert_cmpstr (ewe_account_get_server (account), ==, server->base_url);

  g_test_message ("signing up");
  SET_TEXT (dialog, "sign_up_name_row", "Ada Lovelace");
  SET_TEXT (dialog, "sign_up_email_row", email);
  SET_TEXT (dialog, "sign_up_password_row", PASSWORD);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.sign-up", NULL);
  g_assert_true (ewe_account_dialog_get_busy (dialog));
  wait_for_page (dialog, "confirm");

  g_test_message ("confirming");
  /* A wrong code first: said so, on the same page. */
  SET_TEXT (dialog, "confirm_code_row", "000000");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.confirm", NULL);
  wait_for_page (dialog, "confirm");
  g_test_message ("wrong code: %s", ewe_account_dialog_get_error (dialog));
  g_assert_nonnull (ewe_account_dialog_get_error (dialog));

  mail = ewe_test_smtp_wait_for_mail_to (smtp, 0, email, 30000);
  g_assert_nonnull (mail);
  code = ewe_test_mail_dup_code (mail);
  g_assert_nonnull (code);

  /* The right code confirms and signs in at once, and the dialog closes. */
  SET_TEXT (dialog, "confirm_code_row", code);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.confirm", NULL);
  ewe_app_test_iterate_until (flag_set, &signed_in, 60);
  g_assert_true (ewe_account_get_signed_in (account));
  g_assert_cmpstr (ewe_account_get_email (account), ==, email);
  g_assert_cmpstr (ewe_account_get_name (account), ==, "Ada Lovelace");

  g_test_message ("signing out");
  /* Sign out, from the window, without a question. */
  gtk_widget_activate_action (GTK_WIDGET (window), "account.sign-out", NULL);
  ewe_app_test_iterate_until (account_signed_out, session, 30);

  g_test_message ("signing in again");
  /* Sign in again: a wrong password first, then the right one. */
  gtk_widget_activate_action (GTK_WIDGET (window), "account.sign-in", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, "sign-in");
  signed_in = FALSE;
  g_signal_connect_swapped (dialog, "signed-in", G_CALLBACK (set_flag_cb), &signed_in);

  SET_TEXT (dialog, "sign_in_email_row", email);
  SET_TEXT (dialog, "sign_in_password_row", "Wr0ng-Horse!");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.sign-in", NULL);
  wait_for_page (dialog, "sign-in");
  g_test_message ("wrong password: %s", ewe_account_dialog_get_error (dialog));
  g_assert_nonnull (ewe_account_dialog_get_error (dialog));
  g_assert_false (ewe_account_get_signed_in (account));

  SET_TEXT (dialog, "sign_in_password_row", PASSWORD);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.sign-in", NULL);
  ewe_app_test_iterate_until (flag_set, &signed_in, 60);
  g_assert_true (ewe_account_get_signed_in (account));

  /* Another server in the settings: the account of this one signs out
   * first (which also leaves the keyring as we found it), and a new one,
   * signed out, takes its place. */
  old_account = g_object_ref (account);
  g_settings_set_string (settings, "server-url", "https://other.example.org");
  ewe_app_test_iterate_until (account_replaced, &(ReplaceWait) { session, old_account }, 10);
  g_assert_false (ewe_account_get_signed_in (old_account));
  g_assert_cmpstr (ewe_account_get_server (ewe_session_get_account (session)), ==, "https://other.example.org");
  g_assert_false (ewe_account_get_signed_in (ewe_session_get_account (session)));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  ewe_app_test_init (&argc, &argv);

  g_test_add_func ("/app/account-flow/sign-up-confirm-sign-in-sign-out", test_sign_up_confirm_sign_in_sign_out);

  return g_test_run ();
}
