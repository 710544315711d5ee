/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>

#include "ews-test-api.h"
#include "ews-test-cognito.h"

/* What one client, or many aimed at one mailbox, may ask for: the rate
 * limits (ews-rate-limit.h), who "one client" is behind a trusted proxy,
 * and sign-up answers that tell nobody which addresses have accounts. */

#define PASSWORD EWS_TEST_COGNITO_PASSWORD
#define MAIL_TIMEOUT_MS EWS_TEST_COGNITO_MAIL_TIMEOUT_MS

/* That a mail arrived; it is not needed further. */
static void
assert_mail (EweTestMail *mail)
{
  g_assert_nonnull (mail);
  ewe_test_mail_free (mail);
}

/* A JSON call to the data API from the loopback address @from, with an
 * X-Forwarded-For of @forwarded if not NULL. Returns the status; sets
 * *retry_after to the Retry-After header (or 0). */
static guint
call_from (EweTestServer *server,
           const char    *from,
           const char    *forwarded,
           const char    *method,
           const char    *path,
           const char    *body,
           guint         *retry_after)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (from);
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new (address, 0);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("local-address", local, NULL);
  g_autofree char *url = ewe_test_server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *header;

  if (forwarded != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Forwarded-For", forwarded);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  header = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  if (retry_after != NULL)
    *retry_after = header != NULL ? (guint)g_ascii_strtoull (header, NULL, 10) : 0;
  if (soup_message_get_status (msg) == 429)
    g_assert_nonnull (header);

  return soup_message_get_status (msg);
}

static guint
contact_from (EweTestServer *server,
              const char    *from,
              const char    *forwarded,
              guint          n)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"N\", \"email\": \"sender-%u@example.org\", "
                                           "\"message\": \"Hello\"}",
                                           n);

  return call_from (server, from, forwarded, "POST", "/api/contact", body, NULL);
}

/* 300 contact messages in a row from one client: cut off early, with 429
 * and Retry-After, while another client still gets through; the client
 * gets through again once Retry-After has passed. */
static void
test_contact_flood (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  guint accepted = 0;
  guint refused = 0;

  for (guint i = 0; i < 300; i++)
    {
      guint            retry_after = 0;
      g_autofree char *body = g_strdup_printf ("{\"name\": \"N\", \"email\": \"sender-%u@example.org\", "
                                               "\"message\": \"Spam %u\"}",
                                               i, i);
      guint            status = call_from (server, "127.0.0.1", NULL, "POST", "/api/contact", body, &retry_after);

      if (status == 200)
        {
          g_assert_cmpuint (refused, ==, 0);
          accepted++;
        }
      else
        {
          g_assert_cmpuint (status, ==, 429);
          g_assert_cmpuint (retry_after, >=, 1);
          g_assert_cmpuint (retry_after, <=, 3600);
          refused++;
        }
    }

  g_test_message ("%u of 300 contact messages accepted", accepted);
  g_assert_cmpuint (accepted, >=, 5);
  g_assert_cmpuint (accepted, <=, 20);

  g_assert_cmpuint (contact_from (server, "127.0.0.2", NULL, 1000), ==, 200);

  /* Retry-After is no earlier than the truth, by the server's clock: once
   * it has passed, one more message goes through, and only one. */
  {
    guint retry_after = 0;

    g_assert_cmpuint (call_from (server, "127.0.0.1", NULL, "POST", "/api/contact",
                                 "{\"name\": \"N\", \"email\": \"later@example.org\", \"message\": \"Hi\"}",
                                 &retry_after),
                      ==, 429);
    ewe_test_server_advance_clock (server, retry_after);
    g_assert_cmpuint (contact_from (server, "127.0.0.1", NULL, 1001), ==, 200);
    g_assert_cmpuint (contact_from (server, "127.0.0.1", NULL, 1002), ==, 429);
  }
}

/* X-Forwarded-For is believed only from a --trusted-proxy, and then only
 * its right-most address that is not a trusted proxy itself. */
static void
test_trusted_proxy (void)
{
  const char *args[] = { "--trusted-proxy=127.0.0.2", "--trusted-proxy=10.0.0.1", "--rate-contact=3", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  guint n = 0;

  /* A client that is no proxy cannot pass as many by saying so. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *spoofed = g_strdup_printf ("198.51.100.%u", i + 1);
      g_assert_cmpuint (contact_from (server, "127.0.0.1", spoofed, n++), ==, 200);
    }
  g_assert_cmpuint (contact_from (server, "127.0.0.1", "198.51.100.99", n++), ==, 429);

  /* Behind the proxy, each client is counted by its own address, and a
   * chain through another trusted proxy is followed. */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (contact_from (server, "127.0.0.2", "203.0.113.1", n++), ==, 200);
  g_assert_cmpuint (contact_from (server, "127.0.0.2", "203.0.113.1", n++), ==, 429);
  g_assert_cmpuint (contact_from (server, "127.0.0.2", "203.0.113.1, 10.0.0.1", n++), ==, 429);
  /* What the client wrote left of it is not believed. */
  g_assert_cmpuint (contact_from (server, "127.0.0.2", "192.0.2.7, 203.0.113.1", n++), ==, 429);
  g_assert_cmpuint (contact_from (server, "127.0.0.2", "203.0.113.2", n++), ==, 200);
  g_assert_cmpuint (contact_from (server, "127.0.0.2", "203.0.113.1:4711, 203.0.113.3", n++), ==, 200);

  /* The proxy itself, without the header, is one more client. */
  g_assert_cmpuint (contact_from (server, "127.0.0.2", NULL, n++), ==, 200);
  /* 127.0.0.1 was limited above, 203.0.113.1 too; not the others. */
  g_assert_cmpuint (contact_from (server, "127.0.0.3", NULL, n++), ==, 200);
}

/* 30 sign-ups for victim+N@example.org, one mailbox: cut off after a few
 * mails, and another client's sign-up still goes through. */
static void
test_sign_up_flood (EwsTestCognitoFixture *fixture,
                    gconstpointer          data)
{
  guint accepted = 0;
  guint refused = 0;

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *email = g_strdup_printf ("victim+%u@example.org", i);
      g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body (email, PASSWORD, "V");
      guint status = 0;
      g_autoptr(JsonObject) reply = ews_test_cognito_call_from (fixture->server, "127.0.0.1", "SignUp", body, &status);

      if (status == 200)
        {
          g_assert_cmpuint (refused, ==, 0);
          accepted++;
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (reply, "__type"), ==, "TooManyRequestsException");
          refused++;
        }
    }

  g_test_message ("%u of 30 sign-ups to one mailbox accepted", accepted);
  g_assert_cmpuint (accepted, >=, 1);
  g_assert_cmpuint (accepted, <=, 5);

  /* Another client, another address. */
  {
    g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body ("someone@example.org", PASSWORD, "S");
    guint status = 0;
    g_autoptr(JsonObject) reply = ews_test_cognito_call_from (fixture->server, "127.0.0.2", "SignUp", body, &status);

    g_assert_cmpuint (status, ==, 200);
  }

  /* The victim got no more than the accepted ones (and someone their one). */
  assert_mail (ewe_test_smtp_wait_for_message (fixture->sink, accepted, MAIL_TIMEOUT_MS));
  g_usleep (500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (fixture->sink), ==, accepted + 1);
}

/* Reserving and cancelling again and again, aimed at one address: each
 * reservation mails it, so it is cut off; another guest is not. */
static void
test_reserve_cycles (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (sink);
  g_autofree char *smtp_arg = g_strconcat ("--smtp-url=", smtp_url, NULL);
  const char      *args[] = { smtp_arg, NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autofree char *alice = ews_test_api_token (server, "alice-sub", "alice@example.com", "Alice");
  g_autofree char *list_id = ews_test_api_create_list (server, alice, "Wedding");
  g_autofree char *product_id = ews_test_api_create_product (server, alice, "https://shop.example/toaster");
  g_autofree char *reserve_path = NULL;
  const char      *body = "{\"quantity\": 1, \"name\": \"Mallory\"}";
  guint            cycles = 0;
  guint            status = 0;
  guint            retry_after = 0;

  ews_test_api_add_gift (server, alice, list_id, product_id, 1);
  reserve_path = g_strdup_printf ("/api/lists/%s/reserve/%s/email/target@example.org", list_id, product_id);

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(JsonNode) node = ews_test_api_call (server, "POST", reserve_path, NULL, body, &status);
      g_autofree char *cancel = NULL;
      g_autoptr(JsonNode) cancelled = NULL;

      if (status != 200)
        break;

      cancel = g_strdup_printf ("/api/lists/reserve/%s/email/target@example.org",
                                json_object_get_string_member (json_node_get_object (node), "reservation_id"));
      cancelled = ews_test_api_call (server, "DELETE", cancel, NULL, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      cycles++;
    }

  g_test_message ("%u of 20 reserve-and-cancel cycles went through", cycles);
  g_assert_cmpuint (cycles, >=, 5);
  g_assert_cmpuint (cycles, <, 20);
  g_assert_cmpuint (call_from (server, "127.0.0.1", NULL, "POST", reserve_path, body, &retry_after), ==, 429);
  g_assert_cmpuint (retry_after, >=, 1);
  /* Not from elsewhere either: it is the mailbox that is protected. */
  g_assert_cmpuint (call_from (server, "127.0.0.2", NULL, "POST", reserve_path, body, NULL), ==, 429);

  /* Another guest, from another client, reserves the gift. */
  {
    g_autofree char *other = g_strdup_printf ("/api/lists/%s/reserve/%s/email/guest@example.org",
                                              list_id, product_id);
    g_assert_cmpuint (call_from (server, "127.0.0.2", NULL, "POST", other, "{\"quantity\": 1, \"name\": \"G\"}", NULL),
                      ==, 200);
  }

  assert_mail (ewe_test_smtp_wait_for_message (sink, cycles, MAIL_TIMEOUT_MS));
  g_usleep (500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (sink), ==, cycles + 1);
}

/* --- no account enumeration ---------------------------------------------- */

#define TIMED_CALLS 10

typedef struct
{
  const char *label;
  gint64      times[TIMED_CALLS];
  char       *bodies[TIMED_CALLS];
} Timed;

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static gint64
median_us (const Timed *timed)
{
  gint64 sorted[TIMED_CALLS];

  memcpy (sorted, timed->times, sizeof sorted);
  qsort (sorted, TIMED_CALLS, sizeof sorted[0], compare_gint64);
  return (sorted[TIMED_CALLS / 2 - 1] + sorted[TIMED_CALLS / 2]) / 2;
}

/* The reply as text, with the UserSub (random for everyone) taken out. */
static char *
reply_text (JsonObject *reply,
            guint       status)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  if (json_object_has_member (reply, "UserSub"))
    {
      g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (reply, "UserSub")));
      json_object_set_string_member (reply, "UserSub", "…");
    }
  node = json_node_init_object (json_node_alloc (), reply);
  json = json_to_string (node, FALSE);

  return g_strdup_printf ("%u %s", status, json);
}

/* Calls @operation for each address in turn, TIMED_CALLS times, and checks
 * that every address got the same answers in about the same time. */
static void
assert_indistinguishable (EweTestServer *server,
                          const char    *operation,
                          const char    *addresses[3],
                          gboolean       fresh_unknown)
{
  Timed timed[3] = { { "confirmed" }, { "unconfirmed" }, { "unknown" } };

  for (guint i = 0; i < TIMED_CALLS; i++)
    {
      for (guint a = 0; a < 3; a++)
        {
          g_autofree char *fresh = NULL;
          const char      *email = addresses[a];
          g_autoptr(JsonObject) body = NULL;
          g_autoptr(JsonObject) reply = NULL;
          guint  status = 0;
          gint64 start;

          /* An unknown address signed up for is no longer unknown. */
          if (a == 2 && fresh_unknown)
            email = fresh = g_strdup_printf ("kid%u@example.org", i);

          if (strcmp (operation, "SignUp") == 0)
            body = ews_test_cognito_sign_up_body (email, PASSWORD, "K");
          else if (strcmp (operation, "ConfirmSignUp") == 0)
            body = ews_test_cognito_body_new ("Username", email, "ConfirmationCode", "000000", NULL);
          else
            body = ews_test_cognito_body_new ("Username", email, NULL);

          start = g_get_monotonic_time ();
          reply = ews_test_cognito_call (server, operation, body, &status);
          timed[a].times[i] = g_get_monotonic_time () - start;
          timed[a].bodies[i] = reply_text (reply, status);
        }

      g_assert_cmpstr (timed[1].bodies[i], ==, timed[0].bodies[i]);
      g_assert_cmpstr (timed[2].bodies[i], ==, timed[0].bodies[i]);
    }

  for (guint a = 0; a < 3; a++)
    g_test_message ("%s for the %s address: median %" G_GINT64_FORMAT " µs; first answer %s",
                    operation, timed[a].label, median_us (&timed[a]), timed[a].bodies[0]);

  /* Generous, for a loaded two-core machine: the medians differ by less
   * than 50 ms or half the larger. */
  for (guint a = 1; a < 3; a++)
    {
      gint64 m0 = median_us (&timed[0]);
      gint64 ma = median_us (&timed[a]);
      gint64 bound = MAX (50000, MAX (m0, ma) / 2);

      g_assert_cmpint (ABS (m0 - ma), <, bound);
    }

  for (guint a = 0; a < 3; a++)
    for (guint i = 0; i < TIMED_CALLS; i++)
      g_free (timed[a].bodies[i]);
}

/* SignUp, ConfirmSignUp, ResendConfirmationCode and ForgotPassword answer
 * a confirmed address, an unconfirmed one and one without an account the
 * same, in about the same time; the owner learns of it by mail. */
static void
test_no_enumeration (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (sink);
  g_autofree char *smtp_arg = g_strconcat ("--smtp-url=", smtp_url, NULL);
  /* The limits would stop this many calls; they answer every address
   * alike anyway. */
  const char      *args[] = {
         smtp_arg,
         "--public-url=" EWS_TEST_COGNITO_PUBLIC_URL,
         "--rate-sign-up=0",
         "--rate-account-mails=0",
         "--rate-code-requests=0",
         "--rate-code-guesses=0",
         NULL,
  };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  /* One first letter and domain, so the masked Destination is the same. */
  const char *addresses[3] = { "kate@example.org", "kim@example.org", "kai@example.org" };
  guint       already;

  ews_test_cognito_sign_up_and_confirm (server, sink, addresses[0], "Kate");
  {
    g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body (addresses[1], PASSWORD, "Kim");
    g_autoptr(JsonObject) reply = ews_test_cognito_call_ok (server, "SignUp", body);
  }
  assert_mail (ewe_test_smtp_wait_for_mail_to (sink, 0, addresses[1], MAIL_TIMEOUT_MS));
  already = ewe_test_smtp_get_n_messages (sink);

  assert_indistinguishable (server, "SignUp", addresses, TRUE);
  assert_indistinguishable (server, "ConfirmSignUp", addresses, FALSE);
  assert_indistinguishable (server, "ResendConfirmationCode", addresses, FALSE);
  assert_indistinguishable (server, "ForgotPassword", addresses, FALSE);

  /* The owner was told someone tried to sign up with their address. */
  {
    g_autoptr(EweTestMail) mail = ewe_test_smtp_wait_for_mail_to (sink, already, addresses[0], MAIL_TIMEOUT_MS);
    g_autofree char *subject = NULL;
    g_autofree char *text = NULL;

    g_assert_nonnull (mail);
    subject = ewe_test_mail_dup_subject (mail);
    text = ewe_test_mail_dup_part (mail, "text/plain");
    g_assert_cmpstr (subject, ==, "Someone tried to sign up with your address");
    g_assert_nonnull (strstr (text, "Forgot password"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/rate-limits/contact-flood", test_contact_flood);
  g_test_add_func ("/server/rate-limits/trusted-proxy", test_trusted_proxy);
  g_test_add ("/server/rate-limits/sign-up-flood", EwsTestCognitoFixture, NULL,
              ews_test_cognito_fixture_set_up, test_sign_up_flood, ews_test_cognito_fixture_tear_down);
  g_test_add_func ("/server/rate-limits/reserve-cycles", test_reserve_cycles);
  g_test_add_func ("/server/rate-limits/no-enumeration", test_no_enumeration);

  return g_test_run ();
}
