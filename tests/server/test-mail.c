/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ewe-test-smtp.h"
#include "ews-mail.h"
#include "ews-mail-message.h"
#include "ews-mail-templates.h"
#include "ews-smtp.h"
#include "ews-storage-sqlite.h"

#define FROM "Ewelists <no-reply@ewelists.example>"

static GDateTime *
test_date (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (3600);

  /* A Tuesday in March. */
  return g_date_time_new (zone, 2026, 3, 3, 9, 5, 7);
}

static EweTestMail *
mail_from_data (const char *data)
{
  EweTestMail *mail = g_new0 (EweTestMail, 1);

  mail->data = g_strdup (data);
  return mail;
}

static gboolean
has_header_line (const char *data,
                 const char *line_start)
{
  const char      *body = strstr (data, "\r\n\r\n");
  g_autofree char *headers = g_strndup (data, body - data);
  g_autofree char *needle = g_strconcat ("\r\n", line_start, NULL);

  return g_str_has_prefix (headers, line_start) || strstr (headers, needle) != NULL;
}

static void
test_compose_headers (void)
{
  g_autoptr(GDateTime) date = test_date ();
  g_autoptr(EwsMailContent) content = g_new0 (EwsMailContent, 1);
  g_autoptr(EweTestMail) mail = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *header = NULL;
  g_autofree char *subject = NULL;

  content->subject = g_strdup ("Plain subject");
  content->text = g_strdup ("Line one\nLine two");
  content->html = g_strdup ("<p>Hi</p>");

  data = ews_mail_message_compose (FROM, "guest@example.org", NULL, NULL, content, date, &error);
  g_assert_no_error (error);
  mail = mail_from_data (data);

  header = ewe_test_mail_dup_header (mail, "Date");
  g_assert_cmpstr (header, ==, "Tue, 03 Mar 2026 09:05:07 +0100");
  g_clear_pointer (&header, g_free);

  header = ewe_test_mail_dup_header (mail, "From");
  g_assert_cmpstr (header, ==, "\"Ewelists\" <no-reply@ewelists.example>");
  g_clear_pointer (&header, g_free);

  header = ewe_test_mail_dup_header (mail, "To");
  g_assert_cmpstr (header, ==, "guest@example.org");
  g_clear_pointer (&header, g_free);

  header = ewe_test_mail_dup_header (mail, "Message-ID");
  g_assert_true (g_str_has_prefix (header, "<"));
  g_assert_true (g_str_has_suffix (header, "@ewelists.example>"));
  g_clear_pointer (&header, g_free);

  header = ewe_test_mail_dup_header (mail, "MIME-Version");
  g_assert_cmpstr (header, ==, "1.0");
  g_clear_pointer (&header, g_free);

  header = ewe_test_mail_dup_header (mail, "Content-Type");
  g_assert_true (g_str_has_prefix (header, "multipart/alternative; boundary="));
  g_clear_pointer (&header, g_free);

  subject = ewe_test_mail_dup_subject (mail);
  g_assert_cmpstr (subject, ==, "Plain subject");

  /* Both parts, CRLF line ends in the text. */
  {
    g_autofree char *text = ewe_test_mail_dup_part (mail, "text/plain");
    g_autofree char *html = ewe_test_mail_dup_part (mail, "text/html");

    g_assert_cmpstr (text, ==, "Line one\r\nLine two");
    g_assert_cmpstr (html, ==, "<p>Hi</p>");
  }

  /* Every line within SMTP's limit, and only CRLF line ends. */
  {
    g_auto(GStrv) lines = g_strsplit (data, "\r\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_assert_cmpuint (strlen (lines[i]), <=, 998);
        g_assert_null (strchr (lines[i], '\n'));
      }
  }
}

static void
test_compose_utf8_subject_and_injection (void)
{
  g_autoptr(GDateTime) date = test_date ();
  g_autoptr(EwsMailContent) content = g_new0 (EwsMailContent, 1);
  g_autoptr(EweTestMail) mail = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *reply_to = NULL;
  g_autofree char *raw_subject = NULL;
  const char      *long_title = "Zoë’s 🎁 list — a very long title that needs more than one encoded word to fit";

  content->subject = g_strdup_printf ("%s\r\nBcc: victim@example.org", long_title);
  content->text = g_strdup ("x");
  content->html = g_strdup ("x");

  data = ews_mail_message_compose ("Élise’s lists <lists@ewelists.example>", "guest@example.org",
                                   "Mallory\r\nBcc: victim@example.org", "mallory@example.org",
                                   content, date, &error);
  g_assert_no_error (error);
  mail = mail_from_data (data);

  g_assert_false (has_header_line (data, "Bcc:"));

  raw_subject = ewe_test_mail_dup_header (mail, "Subject");
  g_assert_true (g_str_has_prefix (raw_subject, "=?UTF-8?B?"));
  subject = ewe_test_mail_dup_subject (mail);
  g_assert_true (g_str_has_prefix (subject, long_title));
  g_assert_nonnull (strstr (subject, "Bcc: victim@example.org"));

  reply_to = ewe_test_mail_dup_header (mail, "Reply-To");
  g_assert_cmpstr (reply_to, ==, "\"Mallory  Bcc: victim@example.org\" <mallory@example.org>");
}

static void
test_compose_refuses_bad_addresses (void)
{
  g_autoptr(GDateTime) date = test_date ();
  g_autoptr(EwsMailContent) content = g_new0 (EwsMailContent, 1);
  const char *bad[] = {
    "",
    "no-at-sign",
    "@example.org",
    "a@",
    "a@b@example.org",
    "a b@example.org",
    "a@example.org\r\nBcc: x@example.org",
    "<a@example.org>",
    "a b@localhost",
    "a@example..org",
  };

  content->subject = g_strdup ("s");
  content->text = g_strdup ("t");
  content->html = g_strdup ("h");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *data = ews_mail_message_compose (FROM, bad[i], NULL, NULL, content, date, &error);

      g_assert_error (error, EWS_MAIL_ERROR, EWS_MAIL_ERROR_INVALID_ADDRESS);
      g_assert_null (data);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *data = ews_mail_message_compose ("nobody", "a@example.org", NULL, NULL,
                                                      content, date, &error);
    g_assert_error (error, EWS_MAIL_ERROR, EWS_MAIL_ERROR_INVALID_ADDRESS);
    g_assert_nonnull (strstr (error->message, "--mail-from"));
  }

  /* The defaults (contact@localhost) can be written to, though nobody may
   * sign up with such an address. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *data = ews_mail_message_compose ("Ewelists <no-reply@localhost>", "contact@localhost",
                                                      NULL, NULL, content, date, &error);
    g_assert_no_error (error);
    g_assert_nonnull (data);
  }
  g_assert_false (ewe_email_is_valid ("contact@localhost"));

  g_assert_true (ewe_email_is_valid ("first.last+tag@sub.example.org"));
  g_assert_true (ewe_email_is_valid ("zoë@exämple.org"));
}

/* Without --mail-from the sender is named after the public URL's host;
 * hosts that are no mail domain keep the local sender. */
static void
test_default_sender (void)
{
  static const struct
  {
    const char *public_url;
    const char *sender;
  } cases[] = {
    { "https://lists.example.org", "Ewelists <no-reply@lists.example.org>" },
    { "https://Lists.Example.ORG:8443/gifts/", "Ewelists <no-reply@lists.example.org>" },
    { "https://lists.example.org./", "Ewelists <no-reply@lists.example.org>" },
    { "http://127.0.0.1:8080", "Ewelists <no-reply@localhost>" },
    { "http://[::1]:8080", "Ewelists <no-reply@localhost>" },
    { "http://localhost:8080", "Ewelists <no-reply@localhost>" },
    { "http://gifts:8080", "Ewelists <no-reply@localhost>" },
    { "not a url", "Ewelists <no-reply@localhost>" },
    { NULL, "Ewelists <no-reply@localhost>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sender = ews_mail_default_sender (cases[i].public_url);
      g_autofree char *address = ews_mail_address_from_mailbox (sender);

      g_assert_cmpstr (sender, ==, cases[i].sender);
      g_assert_nonnull (address);
    }
}

static void
test_templates_escape_html (void)
{
  const char *hostile = "<script>alert('x')</script> & \"friends\"";
  g_autoptr(EwsMailContent) content = NULL;
  g_autofree char *url = NULL;

  content = ews_mail_template_reservation_confirmation (NULL, "https://lists.example.org/", hostile,
                                                        hostile, hostile, hostile, "€42.00", 2, "res/1?x=<y>", NULL);
  url = ews_mail_reservation_url ("https://lists.example.org/", "res/1?x=<y>", NULL);
  g_assert_cmpstr (url, ==, "https://lists.example.org/reserve/res%2F1%3Fx%3D%3Cy%3E");

  g_assert_null (strstr (content->html, "<script>"));
  g_assert_null (strstr (content->html, "\"friends\""));
  g_assert_nonnull (strstr (content->html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;friends&quot;"));
  g_assert_nonnull (strstr (content->html, url));

  /* The plain text keeps what was typed. */
  g_assert_nonnull (strstr (content->text, hostile));
  g_assert_nonnull (strstr (content->text, url));
  g_assert_nonnull (strstr (content->text, "2 ×"));
  g_assert_nonnull (strstr (content->text, "The list’s note on this gift:"));
  g_assert_nonnull (strstr (content->text, "Its price at the shop: €42.00."));
  g_assert_nonnull (strstr (content->subject, hostile));

  /* No note, no line for one. */
  g_clear_pointer (&content, ews_mail_content_free);
  content = ews_mail_template_reservation_confirmation (NULL, "https://lists.example.org/", "Guest", "Baby", "Cot",
                                                        "", NULL, 1, "r-1", NULL);
  g_assert_null (strstr (content->text, "note"));
  g_assert_null (strstr (content->text, "price"));

  g_clear_pointer (&content, ews_mail_content_free);
  content = ews_mail_template_contact (hostile, "who@example.org", "Line 1\n<b>Line 2</b>");
  g_assert_null (strstr (content->html, "<b>"));
  g_assert_nonnull (strstr (content->html, "&lt;b&gt;Line 2&lt;/b&gt;"));
  g_assert_nonnull (strstr (content->text, "Line 1\n<b>Line 2</b>"));
}

static void
test_templates_codes (void)
{
  g_autoptr(GDateTime) date = test_date ();
  g_autoptr(EwsMailContent) sign_up = ews_mail_template_sign_up_code (NULL, "Zoë", "042917");
  g_autoptr(EwsMailContent) reset = ews_mail_template_password_reset_code (NULL, NULL, "550101");
  g_autoptr(EwsMailContent) welcome = ews_mail_template_welcome (NULL, "https://l.example.org", "Zoë");
  g_autoptr(EwsMailContent) purchase = ews_mail_template_purchase_confirmation (NULL, "Al", "Baby", "Cot", 1);
  g_autofree char *data = NULL;
  g_autoptr(EweTestMail) mail = NULL;
  g_autofree char *code = NULL;

  data = ews_mail_message_compose (FROM, "zoe@example.org", NULL, NULL, sign_up, date, NULL);
  mail = mail_from_data (data);
  code = ewe_test_mail_dup_code (mail);
  g_assert_cmpstr (code, ==, "042917");
  g_assert_nonnull (strstr (sign_up->text, "Hello Zoë,"));
  g_assert_nonnull (strstr (sign_up->html, "042917"));

  g_assert_nonnull (strstr (reset->text, "550101"));
  g_assert_nonnull (strstr (reset->text, "Hello,"));
  g_assert_nonnull (strstr (welcome->text, "https://l.example.org"));
  g_assert_nonnull (strstr (purchase->text, "1 × Cot"));
}

/* The mail that confirms a sign-in provider's link (ews-oauth2-link-mail.c):
 * the link, how long it works, and the provider's name escaped. */
static void
test_templates_link_confirmation (void)
{
  const char *url = "https://l.example.org/oauth2/link/confirm?token=abc-_123";
  g_autoptr(EwsMailContent) content = ews_mail_template_link_confirmation (NULL, "Zoë", "<b>Goo&gle</b>", url);
  g_autofree char *button_href = g_strdup_printf ("href=\"%s\"", url);

  g_assert_nonnull (strstr (content->text, "Hello Zoë,"));
  g_assert_nonnull (strstr (content->text, url));
  g_assert_nonnull (strstr (content->text, "for 30 minutes"));
  g_assert_nonnull (strstr (content->text, "signed in with <b>Goo&gle</b>"));
  g_assert_nonnull (strstr (content->html, button_href));
  g_assert_null (strstr (content->html, "<b>Goo"));
  g_assert_nonnull (strstr (content->html, "&lt;b&gt;Goo&amp;gle&lt;/b&gt;"));
  g_assert_cmpstr (content->subject, ==, "Link your Ewelists account to <b>Goo&gle</b>");
}

static EwsSmtpSettings *
sink_settings (EweTestSmtp *sink)
{
  g_autofree char *url = ewe_test_smtp_dup_url (sink);

  return ews_smtp_settings_new (url, NULL, NULL);
}

static void
test_send_to_sink (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autoptr(EwsSmtpSettings) settings = sink_settings (sink);
  g_autoptr(GDateTime) date = test_date ();
  g_autoptr(EwsMailContent) content = g_new0 (EwsMailContent, 1);
  g_autoptr(EweTestMail) received = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;

  ews_smtp_global_init ();

  /* A line with a lone dot would end the message if not dot-stuffed. */
  content->subject = g_strdup ("Dots");
  content->text = g_strdup (".\n..\nend");
  content->html = g_strdup ("<p>.</p>");
  data = ews_mail_message_compose (FROM, "guest@example.org", NULL, NULL, content, date, &error);
  g_assert_no_error (error);

  g_assert_true (ews_smtp_send (settings, "no-reply@ewelists.example", "guest@example.org",
                                data, NULL, &error));
  g_assert_no_error (error);

  received = ewe_test_smtp_wait_for_message (sink, 0, 5000);
  g_assert_nonnull (received);
  g_assert_cmpstr (received->mail_from, ==, "no-reply@ewelists.example");
  g_assert_cmpstr (received->rcpt_to[0], ==, "guest@example.org");
  g_assert_null (received->rcpt_to[1]);
  g_assert_cmpstr (received->data, ==, data);
  text = ewe_test_mail_dup_part (received, "text/plain");
  g_assert_cmpstr (text, ==, ".\r\n..\r\nend");
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (sink), ==, 1);
}

static void
test_send_while_down (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autoptr(EwsSmtpSettings) settings = sink_settings (sink);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweTestMail) received = NULL;
  guint16     port = ewe_test_smtp_get_port (sink);
  const char *data = "Subject: x\r\n\r\nbody\r\n";

  ews_smtp_global_init ();

  ewe_test_smtp_stop (sink);
  g_assert_false (ews_smtp_send (settings, "a@example.org", "b@example.org", data, NULL, &error));
  g_assert_error (error, EWS_SMTP_ERROR, EWS_SMTP_ERROR_TEMPORARY);
  g_clear_error (&error);

  ewe_test_smtp_start (sink);
  g_assert_cmpuint (ewe_test_smtp_get_port (sink), ==, port);
  g_assert_true (ews_smtp_send (settings, "a@example.org", "b@example.org", data, NULL, &error));
  g_assert_no_error (error);

  received = ewe_test_smtp_wait_for_mail_to (sink, 0, "b@example.org", 5000);
  g_assert_nonnull (received);
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (sink), ==, 1);
}

static void
test_send_refused_for_good (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autoptr(EwsSmtpSettings) settings = sink_settings (sink);
  g_autoptr(GError) error = NULL;

  ews_smtp_global_init ();

  ewe_test_smtp_reject (sink, "gone@example.org");
  g_assert_false (ews_smtp_send (settings, "a@example.org", "gone@example.org", "x\r\n", NULL, &error));
  g_assert_error (error, EWS_SMTP_ERROR, EWS_SMTP_ERROR_PERMANENT);
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (sink), ==, 0);
}

static void
test_send_cancelled (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autoptr(EwsSmtpSettings) settings = sink_settings (sink);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  ews_smtp_global_init ();

  g_cancellable_cancel (cancellable);
  g_assert_false (ews_smtp_send (settings, "a@example.org", "b@example.org", "x\r\n",
                                 cancellable, &error));
  g_assert_error (error, EWS_SMTP_ERROR, EWS_SMTP_ERROR_CANCELLED);
}

/* How many outbox rows are in each state, as "pending sent failed". */
static char *
outbox_states (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "ewelists.sqlite", NULL);
  sqlite3         *db = NULL;
  sqlite3_stmt    *stmt = NULL;
  char            *result;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT (SELECT count (*) FROM mail_outbox WHERE state = 'pending'), "
                                       "(SELECT count (*) FROM mail_outbox WHERE state = 'sent' AND data = ''), "
                                       "(SELECT count (*) FROM mail_outbox WHERE state = 'failed')",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = g_strdup_printf ("%d %d %d", sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
                            sqlite3_column_int (stmt, 2));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return result;
}

static gboolean
outbox_reaches (const char *data_dir,
                const char *states)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *now = outbox_states (data_dir);

      if (g_strcmp0 (now, states) == 0)
        return TRUE;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }

  return FALSE;
}

static void
remove_data_dir (const char *data_dir)
{
  const char *names[] = { "ewelists.sqlite", "ewelists.sqlite-wal", "ewelists.sqlite-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (data_dir, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (data_dir);
}

/* The outbox with the real storage: every mail is sent, in order, and marked
 * so (its text dropped); a recipient the SMTP server refuses for good is
 * given up on without holding up the rest. */
static void
test_outbox (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("ews-mail-XXXXXX", &error);
  g_autoptr(EwsConfig) config = ews_config_new ();
  g_autoptr(EwsStorage) storage = NULL;
  g_autoptr(EwsMail) mail = NULL;
  g_autoptr(EweTestMail) first = NULL;
  g_autoptr(EweTestMail) second = NULL;
  g_autoptr(EweTestMail) third = NULL;
  g_autofree char *link = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autofree char *reply_to = NULL;

  g_assert_no_error (error);
  storage = ews_storage_sqlite_open (data_dir, &error);
  g_assert_no_error (error);

  g_free (config->smtp_url);
  config->smtp_url = ewe_test_smtp_dup_url (sink);
  g_free (config->public_url);
  config->public_url = g_strdup ("https://lists.example.org/");
  g_free (config->contact_email);
  config->contact_email = g_strdup ("team@ewelists.example");
  g_free (config->mail_from);
  config->mail_from = g_strdup (FROM);

  ewe_test_smtp_reject (sink, "gone@example.org");
  mail = ews_mail_new (storage, config);

  /* Queued before the sender starts, as after a restart. */
  g_assert_true (ews_mail_queue_reservation_confirmation (mail, NULL, "gone@example.org", "Gone", "Baby",
                                                          "Cot", NULL, NULL, 1, "r-0", NULL, &error));
  g_assert_true (ews_mail_queue_reservation_confirmation (mail, NULL, "guest@example.org", "Guest", "Baby",
                                                          "Cot", "", "£5.00", 2, "r-1", NULL, &error));
  g_assert_true (ews_mail_queue_contact (mail, "Zoë", "zoe@example.org", "Hello <there>", &error));
  g_assert_true (ews_mail_queue_purchase_confirmation (mail, NULL, "guest@example.org", "Guest", "Baby",
                                                       "Cot", 2, &error));
  g_assert_no_error (error);

  /* A bad address is refused when queued, not found out later. */
  g_assert_false (ews_mail_queue_welcome (mail, NULL, "not an address", "X", &error));
  g_assert_error (error, EWS_MAIL_ERROR, EWS_MAIL_ERROR_INVALID_ADDRESS);
  g_clear_error (&error);

  ews_mail_start (mail);
  g_assert_true (outbox_reaches (data_dir, "0 3 1"));
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (sink), ==, 3);

  first = ewe_test_smtp_wait_for_message (sink, 0, 0);
  second = ewe_test_smtp_wait_for_message (sink, 1, 0);
  third = ewe_test_smtp_wait_for_message (sink, 2, 0);

  g_assert_cmpstr (first->rcpt_to[0], ==, "guest@example.org");
  g_assert_cmpstr (first->mail_from, ==, "no-reply@ewelists.example");
  link = ews_mail_reservation_url (config->public_url, "r-1", NULL);
  g_assert_cmpstr (link, ==, "https://lists.example.org/reserve/r-1");
  text = ewe_test_mail_dup_part (first, "text/plain");
  html = ewe_test_mail_dup_part (first, "text/html");
  g_assert_nonnull (strstr (text, link));
  g_assert_nonnull (strstr (html, link));

  g_assert_cmpstr (second->rcpt_to[0], ==, "team@ewelists.example");
  reply_to = ewe_test_mail_dup_header (second, "Reply-To");
  g_assert_cmpstr (reply_to, ==, "=?UTF-8?B?Wm/Dqw==?= <zoe@example.org>");
  g_clear_pointer (&html, g_free);
  html = ewe_test_mail_dup_part (second, "text/html");
  g_assert_nonnull (strstr (html, "Hello &lt;there&gt;"));

  g_assert_cmpstr (third->rcpt_to[0], ==, "guest@example.org");

  /* Done mail is kept a month, then forgotten when more mail is written. */
  {
    g_autofree char *path = g_build_filename (data_dir, "ewelists.sqlite", NULL);
    sqlite3         *db = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    sqlite3_busy_timeout (db, 5000);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE mail_outbox SET created_at = created_at - 31 * 86400 "
                                       "WHERE mail_id <= 2",
                                   NULL, NULL, NULL),
                     ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_true (ews_mail_queue_welcome (mail, NULL, "new@example.org", "New", &error));
  g_assert_no_error (error);
  g_assert_true (outbox_reaches (data_dir, "0 3 0"));

  ews_mail_stop (mail);
  g_clear_object (&mail);
  g_clear_object (&storage);
  remove_data_dir (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/mail/compose-headers", test_compose_headers);
  g_test_add_func ("/server/mail/compose-utf8-subject-and-injection", test_compose_utf8_subject_and_injection);
  g_test_add_func ("/server/mail/compose-refuses-bad-addresses", test_compose_refuses_bad_addresses);
  g_test_add_func ("/server/mail/default-sender", test_default_sender);
  g_test_add_func ("/server/mail/templates-escape-html", test_templates_escape_html);
  g_test_add_func ("/server/mail/templates-codes", test_templates_codes);
  g_test_add_func ("/server/mail/templates-link-confirmation", test_templates_link_confirmation);
  g_test_add_func ("/server/mail/send-to-sink", test_send_to_sink);
  g_test_add_func ("/server/mail/send-while-down", test_send_while_down);
  g_test_add_func ("/server/mail/send-refused-for-good", test_send_refused_for_good);
  g_test_add_func ("/server/mail/send-cancelled", test_send_cancelled);
  g_test_add_func ("/server/mail/outbox", test_outbox);

  return g_test_run ();
}
