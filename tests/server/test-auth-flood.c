/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>

#include "ews-test-cognito.h"

/* A flood of wrong passwords against a real server: each check is argon2
 * with 19 MiB of memory, so without a bound a flood is a way to make the
 * server take all the memory there is. The bound is in threads (a fixed
 * pool) and in waiting checks (a bounded queue, beyond which the answer is
 * TooManyRequestsException), so the memory a flood takes is known in
 * advance, and a real user still signs in. No assertion here is about
 * time. */

#define PASSWORD EWS_TEST_COGNITO_PASSWORD
#define FLOOD_REQUESTS 320
#define FLOOD_CLIENTS 32
#define OWNER "owner@example.org"
/* The server hashes on 2 threads with 8 checks waiting at most: 32 clients
 * at once are more than that, so some must be told to come back. */
#define HASH_THREADS "2"
#define HASH_QUEUE "8"
/* Two argon2 checks (19 MiB each) and the server itself, with room to spare. */
#define MAX_RSS_KB (100 * 1024)
/* The owner's account may have this many checks an hour, whatever the
 * addresses they come from; far fewer than the flood makes them retry. */
#define OWNER_BUDGET "3"
#define OWNER_MAX_ATTEMPTS 2000

typedef struct
{
  SoupSession   *session;
  EweTestServer *server;
  guint          sent;
  guint          answered;
  guint          incorrect;
  guint          too_many;
  gint64         max_rss_kb;

  /* the owner's sign-in, made during the flood */
  gboolean       owner_started;
  gboolean       owner_done;
  guint          owner_attempts;
  char          *owner_type;
} Flood;

/* A line of /proc/PID/status, in kB. */
static gint64
process_status_kb (EweTestServer *server,
                   const char    *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (server->process));
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strconcat (field, ":", NULL);
  g_auto(GStrv) lines = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], prefix))
        return g_ascii_strtoll (lines[i] + strlen (prefix), NULL, 10);
    }

  g_error ("No %s in %s", field, path);
}

static SoupMessage *
sign_in_message (EweTestServer *server,
                 const char    *email,
                 const char    *password)
{
  g_autoptr(JsonObject) body = ews_test_cognito_initiate_auth_body ("USER_PASSWORD_AUTH", "USERNAME", email,
                                                                     "PASSWORD", password, NULL);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autofree char *url = ewe_test_server_url (server, "/api/auth");
  SoupMessage     *msg = soup_message_new ("POST", url);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Amz-Target",
                                "AWSCognitoIdentityProviderService.InitiateAuth");
  soup_message_set_request_body_from_bytes (msg, "application/x-amz-json-1.1", bytes);
  return msg;
}

/* The __type of an answer, "" for success. */
static char *
answer_type (SoupSession  *session,
             GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (session, result, &error);
  g_autoptr(JsonNode) node = NULL;

  g_assert_no_error (error);
  node = json_from_string (g_bytes_get_data (bytes, NULL), &error);
  g_assert_no_error (error);

  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (node), "__type", ""));
}

static void send_owner (Flood *flood);

static void
owner_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Flood           *flood = user_data;
  g_autofree char *type = answer_type (SOUP_SESSION (object), result);

  flood->owner_attempts++;

  /* Busy is an answer to come back to, as Cognito clients do; at once,
   * here, to ask as often as a flood lets anyone. Busy answers must not use
   * up the account's own budget (three checks, below), or the owner would
   * be kept out for an hour: give up then rather than loop. */
  if (strcmp (type, "TooManyRequestsException") == 0 && flood->owner_attempts < OWNER_MAX_ATTEMPTS)
    {
      send_owner (flood);
      return;
    }

  flood->owner_type = g_steal_pointer (&type);
  flood->owner_done = TRUE;
}

static void
send_owner (Flood *flood)
{
  g_autoptr(SoupMessage) msg = sign_in_message (flood->server, OWNER, PASSWORD);

  soup_session_send_and_read_async (flood->session, msg, G_PRIORITY_DEFAULT, NULL, owner_done_cb, flood);
}

static void send_guess (Flood *flood);

static void
guess_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Flood           *flood = user_data;
  g_autofree char *type = answer_type (SOUP_SESSION (object), result);

  if (strcmp (type, "NotAuthorizedException") == 0)
    flood->incorrect++;
  else if (strcmp (type, "TooManyRequestsException") == 0)
    flood->too_many++;
  else
    g_error ("A wrong password was answered with “%s”", type);

  flood->answered++;
  flood->max_rss_kb = MAX (flood->max_rss_kb, process_status_kb (flood->server, "VmRSS"));

  /* Once the flood is in full swing, the owner signs in. */
  if (flood->answered == FLOOD_CLIENTS && !flood->owner_started)
    {
      flood->owner_started = TRUE;
      send_owner (flood);
    }

  if (flood->sent < FLOOD_REQUESTS)
    send_guess (flood);
}

/* Each guess is at another address, none with an account, so neither the
 * lockout nor the one-check-at-a-time rule turns any away before argon2:
 * every one costs a full check, as from an attacker spraying addresses. */
static void
send_guess (Flood *flood)
{
  g_autofree char *email = g_strdup_printf ("flood-%u@example.org", flood->sent);
  g_autoptr(SoupMessage) msg = sign_in_message (flood->server, email, "Wrong-password-1");

  flood->sent++;
  soup_session_send_and_read_async (flood->session, msg, G_PRIORITY_DEFAULT, NULL, guess_done_cb, flood);
}

static void
test_flood (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (sink);
  g_autofree char *smtp_arg = g_strconcat ("--smtp-url=", smtp_url, NULL);
  const char      *args[] = {
         "--public-url=" EWS_TEST_COGNITO_PUBLIC_URL,
         smtp_arg,
         "--hash-threads=" HASH_THREADS,
         "--hash-queue=" HASH_QUEUE,
         /* The flood comes from one address, which the rate limit would turn
          * away long before argon2; this measures what gets past it. */
         "--rate-sign-in=0",
         "--rate-sign-in-account=" OWNER_BUDGET,
         NULL,
  };
  g_autoptr(EweTestServer) server = ewe_test_server_start_full (NULL, 0, args);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", FLOOD_CLIENTS + 1,
                                                                   "max-conns-per-host", FLOOD_CLIENTS + 1,
                                                                   NULL);
  Flood flood = {
    session,
    server,
  };
  gint64 peak_kb;

  g_assert_nonnull (server);
  ews_test_cognito_sign_up_and_confirm (server, sink, OWNER, "Owner");

  for (guint i = 0; i < FLOOD_CLIENTS; i++)
    send_guess (&flood);
  while (flood.answered < FLOOD_REQUESTS || !flood.owner_done)
    g_main_context_iteration (NULL, TRUE);

  /* VmHWM is the most the server ever held, between our samples too. */
  peak_kb = process_status_kb (server, "VmHWM");
  g_test_message ("%u wrong passwords from %u clients: %u checked, %u told TooManyRequestsException; "
                  "server RSS at most %" G_GINT64_FORMAT " kB sampled, peak (VmHWM) %" G_GINT64_FORMAT " kB; "
                  "the owner signed in at attempt %u",
                  FLOOD_REQUESTS, FLOOD_CLIENTS, flood.incorrect, flood.too_many,
                  flood.max_rss_kb, peak_kb, flood.owner_attempts);

  g_assert_cmpuint (flood.incorrect + flood.too_many, ==, FLOOD_REQUESTS);
  g_assert_cmpuint (flood.too_many, >, 0);
  g_assert_cmpuint (flood.incorrect, >, 0);
  g_assert_cmpstr (flood.owner_type, ==, "");

#ifdef EWS_TEST_SANITIZED
  /* AddressSanitizer keeps freed memory in quarantine, so the figure says
   * nothing about the server's own use there. */
  g_test_message ("Not checking the memory figure under sanitizers");
#else
  g_assert_cmpint (peak_kb, <, MAX_RSS_KB);
#endif

  /* After the flood, the owner signs in at the first attempt. */
  {
    g_autoptr(JsonObject) tokens = ews_test_cognito_sign_in (server, OWNER, PASSWORD);
  }

  g_free (flood.owner_type);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/auth-flood/bounded", test_flood);

  return g_test_run ();
}
