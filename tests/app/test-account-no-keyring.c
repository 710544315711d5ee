/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>

#include "ewe-account-dialog.h"
#include "ewe-app-test-utils.h"
#include "ewe-session.h"
#include "ewe-test-async.h"
#include "ewe-test-server.h"
#include "ewe-test-smtp.h"

/* Without a Secret Service there is nowhere safe for the tokens: signing
 * in must fail, and say so in words that name the keyring, rather than
 * sign in for this run only or hang. The test runs on a session bus of its
 * own where nobody provides org.freedesktop.secrets. */

#define PASSWORD "Corr3ct-Horse!"

#define SET_TEXT(dialog, child, text) \
  ewe_app_test_set_text (GTK_WIDGET (dialog), EWE_TYPE_ACCOUNT_DIALOG, child, text)

static gboolean
dialog_idle (gpointer data)
{
  return !ewe_account_dialog_get_busy (EWE_ACCOUNT_DIALOG (data));
}

static void
create_user (EweAuth     *auth,
             EweTestSmtp *smtp,
             const char  *email)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(EweTestMail) mail = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *code = NULL;
  gboolean         confirmed = TRUE;

  ewe_auth_sign_up_async (auth, email, PASSWORD, "Ada", NULL, ewe_test_waiter_cb, &waiter);
  user_id = ewe_auth_sign_up_finish (auth, ewe_test_waiter_wait (&waiter), &confirmed, &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);

  mail = ewe_test_smtp_wait_for_mail_to (smtp, 0, email, 30000);
  g_assert_nonnull (mail);
  code = ewe_test_mail_dup_code (mail);

  ewe_auth_confirm_sign_up_async (auth, email, code, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_auth_confirm_sign_up_finish (auth, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

static void
test_sign_in_without_keyring (void)
{
  g_autoptr(EweTestSmtp) smtp = ewe_test_smtp_new ();
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (smtp);
  g_autofree char *smtp_arg = g_strdup_printf ("--smtp-url=%s", smtp_url);
  g_autoptr(EweTestServer) server = ewe_test_server_start ((const char *[]) { smtp_arg, NULL });
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = NULL;
  EweAccountDialog *dialog;
  EweAccount       *account;
  const char       *message;

  g_assert_nonnull (server);
  g_settings_set_string (settings, "server-url", server->base_url);
  session = ewe_session_new (settings, NULL);
  account = ewe_session_get_account (session);
  create_user (ewe_account_get_auth (account), smtp, "ada@example.com");

  dialog = ewe_account_dialog_new (session, EWE_ACCOUNT_DIALOG_SIGN_IN);
  gtk_window_present (GTK_WINDOW (dialog));
  SET_TEXT (dialog, "sign_in_email_row", "ada@example.com");
  SET_TEXT (dialog, "sign_in_password_row", PASSWORD);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.sign-in", NULL);
  ewe_app_test_iterate_until (dialog_idle, dialog, 60);

  message = ewe_account_dialog_get_error (dialog);
  g_test_message ("%s", message);
  g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, "sign-in");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "keyring"));
  g_assert_false (ewe_account_get_signed_in (account));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus       *bus;
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  int              status;

  /* Up before GTK and libadwaita connect to the session bus, so every
   * connection in this process is to the bus without a keyring. GTestDBus
   * unsets DISPLAY, which the window needs back. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  /* Nor is there an accessibility bus on this one. */
  g_setenv ("GTK_A11Y", "none", TRUE);

  ewe_app_test_init (&argc, &argv);

  g_test_add_func ("/app/account-dialog/sign-in-without-keyring", test_sign_in_without_keyring);

  status = g_test_run ();
  /* Neither g_test_dbus_down() nor unref, which waits the same way: GTK
   * keeps its connection to the bus to the end, and waiting for it to go
   * times out. Stopping the daemon is enough. */
  g_test_dbus_stop (bus);

  return status;
}
