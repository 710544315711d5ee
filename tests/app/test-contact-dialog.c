/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>

#include "ewe-app-test-utils.h"
#include "ewe-contact-dialog.h"
#include "ewe-session.h"
#include "ewe-dialog-test.h"
#include "ewe-auth.h"
#include "ewe-test-async.h"
#include "ewe-test-server.h"
#include "ewe-test-smtp.h"

/* Help → Contact Us, against a real ewelists-server whose mail goes to a
 * real SMTP sink: the message arrives; a mistake is pointed at in place and
 * sends nothing; a server that does not answer says so, and Retry sends
 * once it does; with no server the dialog says one is needed. */

static gpointer
child (EweContactDialog *dialog,
       const char       *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), EWE_TYPE_CONTACT_DIALOG, name);
}

static EweContactDialog *
open_dialog (EweSession *session)
{
  EweContactDialog *dialog = ewe_contact_dialog_new (session);

  ewe_dialog_test_present (GTK_WINDOW (dialog), 480, 600);

  return dialog;
}

static void
set_message (EweContactDialog *dialog,
             const char       *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (child (dialog, "message_view")), text, -1);
}

static gboolean
label_shown (EweContactDialog *dialog,
             const char       *name)
{
  return gtk_widget_get_visible (child (dialog, name));
}

static void
screenshots (EweContactDialog *dialog,
             const char       *name)
{
  g_autofree char *light = g_strconcat (name, "-light", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);
  char            *shot;

  ewe_dialog_test_set_dark (FALSE);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (dialog), light);
  g_free (shot);
  ewe_dialog_test_set_dark (TRUE);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (dialog), dark);
  g_free (shot);
  ewe_dialog_test_set_dark (FALSE);
}

static void
flag_cb (gboolean *flag)
{
  *flag = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *)data;
}

static gboolean
not_sending (gpointer data)
{
  return !ewe_contact_dialog_get_sending (EWE_CONTACT_DIALOG (data));
}

static void
test_no_server (void)
{
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = ewe_session_new (settings, NULL);
  EweContactDialog *dialog = open_dialog (session);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "stack")), ==, "no-server");
  g_assert_false (gtk_widget_get_visible (child (dialog, "send_stack")));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "contact.send", NULL) &&
                  ewe_contact_dialog_get_sending (dialog));
  screenshots (dialog, "contact-no-server");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_sends_to_server (void)
{
  g_autoptr(EweTestSmtp) smtp = ewe_test_smtp_new ();
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (smtp);
  g_autofree char *smtp_arg = g_strdup_printf ("--smtp-url=%s", smtp_url);
  g_autoptr(EweTestServer) server = ewe_test_server_start ((const char *[]) { smtp_arg, NULL });
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = NULL;
  g_autoptr(EweTestMail) mail = NULL;
  g_autofree char  *body = NULL;
  EweContactDialog *dialog;
  gboolean          sent = FALSE;

  g_assert_nonnull (server);
  g_settings_set_string (settings, "server-url", server->base_url);
  session = ewe_session_new (settings, NULL);
  dialog = open_dialog (session);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_signal_connect_swapped (dialog, "sent", G_CALLBACK (flag_cb), &sent);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "stack")), ==, "form");
  /* Keyboard: it opens in the name; Enter in a field sends. */
  g_assert_true (ewe_dialog_test_focus_is_in (GTK_WINDOW (dialog), child (dialog, "name_row")));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) ==
                 ewe_dialog_test_find_button (GTK_WIDGET (dialog), "_Send"));
  g_assert_true (adw_entry_row_get_activates_default (child (dialog, "email_row")));

  /* Nothing is said before the user has typed… */
  g_assert_false (label_shown (dialog, "name_error"));
  g_assert_false (label_shown (dialog, "email_error"));
  g_assert_false (label_shown (dialog, "message_error"));
  screenshots (dialog, "contact-empty");

  /* …then what is wrong is said in place, and nothing is sent. */
  ewe_app_test_set_text (GTK_WIDGET (dialog), EWE_TYPE_CONTACT_DIALOG, "email_row", "ann@");
  g_assert_true (label_shown (dialog, "email_error"));
  g_assert_false (label_shown (dialog, "name_error"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "contact.send", NULL));
  g_assert_false (ewe_contact_dialog_get_sending (dialog));
  g_assert_true (label_shown (dialog, "name_error"));
  g_assert_true (label_shown (dialog, "email_error"));
  g_assert_true (label_shown (dialog, "message_error"));
  g_assert_cmpstr (gtk_label_get_label (child (dialog, "message_error")), ==, "Write a message.");
  screenshots (dialog, "contact-mistakes");
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (smtp), ==, 0);

  ewe_app_test_set_text (GTK_WIDGET (dialog), EWE_TYPE_CONTACT_DIALOG, "name_row", "Ann Example");
  ewe_app_test_set_text (GTK_WIDGET (dialog), EWE_TYPE_CONTACT_DIALOG, "email_row", "ann@example.com");
  set_message (dialog, "Could the app remind me a week before the party?\nThank you!");
  g_assert_false (label_shown (dialog, "name_error"));
  g_assert_false (label_shown (dialog, "email_error"));
  g_assert_false (label_shown (dialog, "message_error"));
  screenshots (dialog, "contact-filled");

  /* Send: the form waits, then the dialog closes and says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "contact.send", NULL));
  g_assert_true (ewe_contact_dialog_get_sending (dialog));
  g_assert_false (gtk_widget_get_sensitive (child (dialog, "form")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "send_stack")), ==, "sending");
  ewe_app_test_iterate_until (flag_set, &sent, 30);
  g_assert_null (dialog);

  mail = ewe_test_smtp_wait_for_message (smtp, 0, 10000);
  g_assert_nonnull (mail);
  body = ewe_test_mail_dup_part (mail, "text/plain");
  g_assert_nonnull (strstr (body, "Could the app remind me a week before the party?"));
  g_assert_nonnull (strstr (body, "ann@example.com"));
}

static void
test_error_and_retry (void)
{
  g_autoptr(EweTestSmtp) smtp = ewe_test_smtp_new ();
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (smtp);
  g_autofree char *smtp_arg = g_strdup_printf ("--smtp-url=%s", smtp_url);
  g_autoptr(EweTestServer) server = NULL;
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = NULL;
  g_autoptr(EweTestMail) mail = NULL;
  g_autofree char  *body = NULL;
  g_autofree char  *url = NULL;
  EweContactDialog *dialog;
  gboolean          sent = FALSE;
  guint16           port = ewe_app_test_closed_port ();

  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_settings_set_string (settings, "server-url", url);
  session = ewe_session_new (settings, NULL);
  dialog = open_dialog (session);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_signal_connect_swapped (dialog, "sent", G_CALLBACK (flag_cb), &sent);

  ewe_app_test_set_text (GTK_WIDGET (dialog), EWE_TYPE_CONTACT_DIALOG, "name_row", "Ann Example");
  ewe_app_test_set_text (GTK_WIDGET (dialog), EWE_TYPE_CONTACT_DIALOG, "email_row", "ann@example.com");
  set_message (dialog, "Sent when the server is back.");

  /* Nobody answers: the dialog says so, keeps the message, offers Retry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "contact.send", NULL));
  ewe_app_test_iterate_until (not_sending, dialog, 30);
  g_assert_false (sent);
  g_assert_true (gtk_info_bar_get_revealed (child (dialog, "error_bar")));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (child (dialog, "error_label")), "Your message was not sent: "));
  g_assert_true (gtk_widget_get_sensitive (child (dialog, "form")));
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "name_row")), ==, "Ann Example");
  screenshots (dialog, "contact-error");

  /* The server comes up there: Retry sends it. */
  server = ewe_test_server_start_full (NULL, port, (const char *[]) { smtp_arg, NULL });
  g_assert_nonnull (server);
  gtk_widget_activate (child (dialog, "retry_button"));
  ewe_app_test_iterate_until (flag_set, &sent, 30);
  g_assert_null (dialog);
  mail = ewe_test_smtp_wait_for_message (smtp, 0, 10000);
  g_assert_nonnull (mail);
  body = ewe_test_mail_dup_part (mail, "text/plain");
  g_assert_nonnull (strstr (body, "Sent when the server is back."));
}

#define PASSWORD "Corr3ct-Horse!"

/* Signs up @email on @server, confirmed with the code it mails to @smtp. */
static void
create_user (EweTestServer *server,
             EweTestSmtp   *smtp,
             const char    *email,
             const char    *name)
{
  g_autofree char *auth_url = ewe_test_server_url (server, "/api/auth");
  g_autoptr(EweAuth) auth = ewe_auth_new (auth_url, "ewelists");
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *code = NULL;
  gboolean         confirmed = TRUE;

  ewe_auth_sign_up_async (auth, email, PASSWORD, name, NULL, ewe_test_waiter_cb, &waiter);
  sub = ewe_auth_sign_up_finish (auth, ewe_test_waiter_wait (&waiter), &confirmed, &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);

  for (guint i = 0; code == NULL; i++)
    {
      g_autoptr(EweTestMail) mail = ewe_test_smtp_wait_for_mail_to (smtp, i, email, 30000);

      g_assert_nonnull (mail);
      code = ewe_test_mail_dup_code (mail);
    }

  ewe_auth_confirm_sign_up_async (auth, email, code, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_auth_confirm_sign_up_finish (auth, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

/* Signed in, the name and address are the account's; the message is
 * where the focus goes. */
static void
test_prefilled_when_signed_in (void)
{
  g_autoptr(EweTestSmtp) smtp = ewe_test_smtp_new ();
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (smtp);
  g_autofree char *smtp_arg = g_strdup_printf ("--smtp-url=%s", smtp_url);
  g_autoptr(EweTestServer) server = ewe_test_server_start ((const char *[]) { smtp_arg, NULL });
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = NULL;
  g_autofree char *email = g_strdup_printf ("oscar-%08x@example.com", g_random_int ());
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweContactDialog *dialog;
  EweAccount       *account;

  g_assert_nonnull (server);
  create_user (server, smtp, email, "Oscar Example");
  g_settings_set_string (settings, "server-url", server->base_url);
  session = ewe_session_new (settings, NULL);
  account = ewe_session_get_account (session);
  g_assert_nonnull (account);
  ewe_account_sign_in_async (account, email, PASSWORD, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_account_sign_in_finish (account, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);

  dialog = open_dialog (session);
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "name_row")), ==, "Oscar Example");
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "email_row")), ==, email);
  g_assert_false (label_shown (dialog, "name_error"));
  g_assert_false (label_shown (dialog, "message_error"));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == child (dialog, "message_view"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  ewe_app_test_init (&argc, &argv);

  g_test_add_func ("/app/contact-dialog/no-server", test_no_server);
  g_test_add_func ("/app/contact-dialog/sends-to-server", test_sends_to_server);
  g_test_add_func ("/app/contact-dialog/error-and-retry", test_error_and_retry);
  g_test_add_func ("/app/contact-dialog/prefilled-when-signed-in", test_prefilled_when_signed_in);

  return g_test_run ();
}
