/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ewe-test-smtp.h"
#include "ews-reply-cache.h"
#include "ews-test-api.h"
#include "ews-test-backends.h"
#include "ews-test-cognito.h"

/* The shared list's reply cache (ews-reply-cache.h), through real servers:
 * after every kind of write the next GET shows it, never the answer kept
 * from before. Each write comes after the reader has answered the same
 * list twice, the second time from its cache (its /metrics says so), so a
 * write the cache did not hear of would be seen here as the old answer.
 * On PostgreSQL every write goes through one server and every read
 * through another, which hears of the write only through the database's
 * notice: its next GETs show the write once the notice has come, within
 * seconds at most. */

#define METRICS_TOKEN "a-long-random-metrics-token"
#define OWNER_EMAIL "alice@example.org"
#define DAY_S (24 * 60 * 60)

static EwsTestPostgres *postgres;

typedef struct
{
  char          *token_file;
  EweTestSmtp   *sink;
  EweTestServer *reader;
  EweTestServer *writer; /* the reader itself on SQLite */
  SoupSession   *session;
  char          *alice; /* an ID token */
  char          *list_id;
  char          *product_id;
  char          *shared_path;
} Fixture;

static EweTestServer *
start_server (Fixture    *fixture,
              const char *database)
{
  g_autofree char *token_option = g_strdup_printf ("--metrics-token-file=%s", fixture->token_file);
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (fixture->sink);
  g_autofree char *smtp = g_strconcat ("--smtp-url=", smtp_url, NULL);
  /* One public URL, as servers behind one balancer have, so that a token
   * from one is good on the other; the owner adds to the catalogue. */
  const char      *args[] = { token_option,
                              "--public-url=" EWS_TEST_COGNITO_PUBLIC_URL,
                              "--mail-from=Ewelists <no-reply@ewelists.example.org>",
                              "--admin-email=" OWNER_EMAIL,
                              smtp,
                              database,
                              NULL };
  EweTestServer   *server = ewe_test_server_start (args);

  g_assert_nonnull (server);
  return server;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  gboolean on_postgres = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autofree char *database = NULL;
  int              fd;

  fd = g_file_open_tmp ("ewelists-metrics-token-XXXXXX", &fixture->token_file, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (fixture->token_file, METRICS_TOKEN "\n", -1, &error);
  g_assert_no_error (error);

#ifdef EWS_TEST_HAVE_POSTGRES
  if (on_postgres)
    {
      g_autofree char *uri = ews_test_postgres_new_database (postgres, &error);

      g_assert_no_error (error);
      database = g_strconcat ("--database=", uri, NULL);
    }
#else
  g_assert_false (on_postgres);
#endif

  fixture->sink = ewe_test_smtp_new ();
  fixture->reader = start_server (fixture, database);
  fixture->writer = on_postgres ? start_server (fixture, database) : fixture->reader;
  fixture->session = soup_session_new ();

  /* A real account, signed up and in through the writer: the database
   * holds the keys every server signs with. */
  ews_test_cognito_sign_up_and_confirm (fixture->writer, fixture->sink, OWNER_EMAIL, "Alice");
  tokens = ews_test_cognito_sign_in (fixture->writer, OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  fixture->alice = g_strdup (json_object_get_string_member (tokens, "IdToken"));
  fixture->list_id = ews_test_api_create_list (fixture->writer, fixture->alice, "Birthday");
  fixture->product_id = ews_test_api_create_product (fixture->writer, fixture->alice, "https://shop.example/kite");
  ews_test_api_add_gift (fixture->writer, fixture->alice, fixture->list_id, fixture->product_id, 3);
  fixture->shared_path = g_strdup_printf ("/api/lists/%s/shared", fixture->list_id);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  if (fixture->writer != fixture->reader)
    g_clear_pointer (&fixture->writer, ewe_test_server_free);
  fixture->writer = NULL;
  g_clear_pointer (&fixture->reader, ewe_test_server_free);
  g_clear_pointer (&fixture->sink, ewe_test_smtp_free);
  g_clear_object (&fixture->session);
  g_remove (fixture->token_file);
  g_clear_pointer (&fixture->token_file, g_free);
  g_clear_pointer (&fixture->alice, g_free);
  g_clear_pointer (&fixture->list_id, g_free);
  g_clear_pointer (&fixture->product_id, g_free);
  g_clear_pointer (&fixture->shared_path, g_free);
}

/* The reader's count of @name in its /metrics. */
static guint64
reader_metric (Fixture    *fixture,
               const char *name)
{
  g_autofree char *url = ewe_test_server_url (fixture->reader, "/metrics");
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", METRICS_TOKEN);
  g_autofree char *prefix = g_strconcat ("\n", name, " ", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char      *line;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  body = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  line = strstr (text, prefix);
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen (prefix), NULL, 10);
}

/* GET of the shared list from the reader; its body, and its status and
 * ETag in @status and @etag. */
static char *
get_shared (Fixture    *fixture,
            const char *if_none_match,
            guint      *status,
            char      **etag)
{
  g_autofree char *url = ewe_test_server_url (fixture->reader, fixture->shared_path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (if_none_match != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match", if_none_match);
  body = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);

  *status = soup_message_get_status (msg);
  if (etag != NULL)
    *etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag"));
  if (g_bytes_get_size (body) == 0)
    return g_strdup ("");
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* After a write through the writer: the reader's answer to @etag, asked
 * again while it is 304 for up to 20 s when the writer is another server
 * (PostgreSQL), which the reader hears of through the database's notice,
 * sent at the commit (see assert_next_shows()). Asked once otherwise. */
static char *
get_shared_after_write (Fixture    *fixture,
                        const char *etag,
                        guint      *status,
                        char      **new_etag)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  char  *body = get_shared (fixture, etag, status, new_etag);

  while (fixture->writer != fixture->reader && *status == 304 && g_get_monotonic_time () < deadline)
    {
      g_usleep (5 * 1000);
      g_free (body);
      if (new_etag != NULL)
        g_clear_pointer (new_etag, g_free);
      body = get_shared (fixture, etag, status, new_etag);
    }

  return body;
}

/* Asks the reader for the list twice, the second answer from the cache
 * (the first keeps it), so that the write after this has
 * a kept answer to outdate; returns the ETag. */
static char *
get_until_kept (Fixture *fixture)
{
  guint64          hits = reader_metric (fixture, "ewelists_reply_cache_hits_total");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_etag = NULL;
  char            *etag = NULL;
  guint            status = 0;

  first = get_shared (fixture, NULL, &status, &first_etag);
  g_assert_cmpuint (status, ==, 200);
  second = get_shared (fixture, NULL, &status, &etag);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (second, ==, first);
  g_assert_cmpstr (etag, ==, first_etag);
  /* The second at least came from the cache (the first too, when the
   * answer was kept by a request before). */
  g_assert_cmpuint (reader_metric (fixture, "ewelists_reply_cache_hits_total"), >=, hits + 1);

  return etag;
}

/* The reader's next answer, asked with the kept answer's tag, is the new
 * one (200, a new tag) and holds @expected; it is kept in turn, and a 304
 * answers its own tag. */
static void
assert_next_shows (Fixture    *fixture,
                   const char *old_etag,
                   const char *expected)
{
  g_autofree char *body = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *again = NULL;
  g_autofree char *kept_etag = NULL;
  guint            status = 0;

  /* On PostgreSQL the reader keeps the list's version while it hears
   * every change (ews-storage-pg-versions.c), and hears the writer's
   * change through the database's notice, sent at the commit: its answer
   * may be the kept one until the notice arrives, and must be the new
   * one after. A server that made the write itself shows it at once. */
  body = get_shared_after_write (fixture, old_etag, &status, &etag);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (etag, !=, old_etag);
  if (strstr (body, expected) == NULL)
    g_error ("The shared list does not show %s after the write: %s", expected, body);

  kept_etag = get_until_kept (fixture);
  g_assert_cmpstr (kept_etag, ==, etag);
  again = get_shared (fixture, etag, &status, NULL);
  g_assert_cmpuint (status, ==, 304);
  g_assert_cmpstr (again, ==, "");
}

static void
call_ok (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *token,
         const char *body)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (fixture->writer, method, path, token, body, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_every_write_shows (Fixture      *fixture,
                        gconstpointer data)
{
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", fixture->list_id);
  g_autofree char *gift_path = g_strdup_printf ("%s/product/%s", list_path, fixture->product_id);
  g_autofree char *archive_path = g_strconcat (list_path, "/archive", NULL);
  g_autofree char *close_path = g_strconcat (list_path, "/close", NULL);
  g_autofree char *other_product = NULL;
  g_autofree char *other_gift_path = NULL;
  g_autofree char *carol = NULL;
  g_autofree char *dave = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *etag = NULL;
  guint            status = 0;

  /* A guest reserves. */
  etag = get_until_kept (fixture);
  carol = ews_test_api_reserve (fixture->writer, fixture->list_id, fixture->product_id, "carol@example.com",
                                "Carol", 1);
  assert_next_shows (fixture, etag, "\"reserved\":1,\"purchased\":0");

  /* Another reserves, and cancels. */
  g_clear_pointer (&etag, g_free);
  etag = get_until_kept (fixture);
  dave = ews_test_api_reserve (fixture->writer, fixture->list_id, fixture->product_id, "dave@example.com", "Dave", 1);
  assert_next_shows (fixture, etag, "\"reserved\":2,\"purchased\":0");
  g_clear_pointer (&etag, g_free);
  etag = get_until_kept (fixture);
  path = g_strdup_printf ("/api/lists/reserve/%s/email/dave@example.com", dave);
  call_ok (fixture, "DELETE", path, NULL, NULL);
  assert_next_shows (fixture, etag, "\"reserved\":1,\"purchased\":0");

  /* The first one buys it. */
  g_clear_pointer (&etag, g_free);
  etag = get_until_kept (fixture);
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/lists/purchase/%s/email/carol@example.com", carol);
  call_ok (fixture, "PUT", path, NULL, NULL);
  assert_next_shows (fixture, etag, "\"reserved\":0,\"purchased\":1");

  /* The owner edits the gift, adds one and takes it off again. */
  g_clear_pointer (&etag, g_free);
  etag = get_until_kept (fixture);
  call_ok (fixture, "PUT", gift_path, fixture->alice, "{\"quantity\": 7}");
  assert_next_shows (fixture, etag, "\"quantity\":7");

  other_product = ews_test_api_create_product (fixture->writer, fixture->alice, "https://shop.example/yoyo");
  other_gift_path = g_strdup_printf ("%s/product/%s", list_path, other_product);
  g_clear_pointer (&etag, g_free);
  etag = get_until_kept (fixture);
  ews_test_api_add_gift (fixture->writer, fixture->alice, fixture->list_id, other_product, 2);
  assert_next_shows (fixture, etag, other_product);
  g_clear_pointer (&etag, g_free);
  etag = get_until_kept (fixture);
  call_ok (fixture, "DELETE", other_gift_path, fixture->alice, NULL);
  g_clear_pointer (&body, g_free);
  body = get_shared_after_write (fixture, etag, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (strstr (body, other_product));

  /* The owner edits the list, closes it, archives it. */
  g_clear_pointer (&etag, g_free);
  etag = get_until_kept (fixture);
  call_ok (fixture, "PUT", list_path, fixture->alice, "{\"title\": \"Wedding\"}");
  assert_next_shows (fixture, etag, "\"title\":\"Wedding\"");

  g_clear_pointer (&etag, g_free);
  etag = get_until_kept (fixture);
  call_ok (fixture, "POST", close_path, fixture->alice, NULL);
  assert_next_shows (fixture, etag, "\"state\":\"closed\"");

  g_clear_pointer (&etag, g_free);
  etag = get_until_kept (fixture);
  call_ok (fixture, "POST", archive_path, fixture->alice, "{\"note\": \"Thank you all\"}");
  assert_next_shows (fixture, etag, "\"archiveNote\":\"Thank you all\"");

  /* And deletes it: gone for guests too. */
  g_clear_pointer (&etag, g_free);
  etag = get_until_kept (fixture);
  call_ok (fixture, "DELETE", list_path, fixture->alice, NULL);
  g_clear_pointer (&body, g_free);
  body = get_shared_after_write (fixture, etag, &status, NULL);
  g_assert_cmpuint (status, ==, 404);
}

/* What time alone changes is not kept past it: the answer kept the day
 * before the reveal date says "revealed": false, the one after true. */
static void
test_reveal_date_passes (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", fixture->list_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *date = g_date_time_format (tomorrow, "%Y-%m-%d");
  g_autofree char *list_body = g_strdup_printf ("{\"revealDate\": \"%s\"}", date);
  g_autofree char *etag = NULL;
  g_autofree char *body = NULL;
  guint            status = 0;

  call_ok (fixture, "PUT", list_path, fixture->alice, list_body);
  etag = get_until_kept (fixture);
  body = get_shared (fixture, NULL, &status, NULL);
  g_assert_nonnull (strstr (body, "\"revealed\":false"));

  ewe_test_server_advance_clock (fixture->reader, 2 * DAY_S);
  assert_next_shows (fixture, etag, "\"revealed\":true");
}

/* A guest page GET from the reader, in @language (or the server's
 * default), with @cookie (or none) and @if_none_match (or none). */
typedef struct
{
  guint status;
  char *body;
  char *etag;
  char *cookie; /* "ews_csrf=…" when the answer set one */
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->body, g_free);
  g_clear_pointer (&page->etag, g_free);
  g_clear_pointer (&page->cookie, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

static void
get_page (Fixture    *fixture,
          const char *language,
          const char *cookie,
          const char *if_none_match,
          Page       *page)
{
  g_autofree char *path = g_strdup_printf ("/lists/%s", fixture->list_id);
  g_autofree char *url = ewe_test_server_url (fixture->reader, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  SoupMessageHeaders *request = soup_message_get_request_headers (msg);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *set_cookie;

  if (language != NULL)
    soup_message_headers_replace (request, "Accept-Language", language);
  if (cookie != NULL)
    soup_message_headers_replace (request, "Cookie", cookie);
  if (if_none_match != NULL)
    soup_message_headers_replace (request, "If-None-Match", if_none_match);
  body = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);

  page_clear (page);
  page->status = soup_message_get_status (msg);
  /* A 304's body is empty, and its data NULL. */
  page->body = g_bytes_get_size (body) == 0 ? g_strdup ("")
                                            : g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  page->etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag"));
  set_cookie = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie");
  if (set_cookie != NULL)
    page->cookie = g_strndup (set_cookie, strcspn (set_cookie, ";"));
}

/* The tokens' expiry in a page (the first form's): they are rounded to the
 * hour, so two pages asked for across an hour's turn differ by it. */
static gint64
page_token_expiry (const char *body)
{
  const char *value = strstr (body, "name=\"csrf_token\" value=\"");

  g_assert_nonnull (value);
  return g_ascii_strtoll (value + strlen ("name=\"csrf_token\" value=\""), NULL, 10);
}

/* Opens the page in @language twice with the same cookie, the second time
 * from the cache, and checks that its tag gets a 304; returns the page
 * and sets @cookie. Asked again if the tokens' hour turned meanwhile. */
static void
get_page_until_kept (Fixture    *fixture,
                     const char *language,
                     char      **cookie,
                     Page       *page)
{
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_auto (Page) first = { 0 };
      g_auto (Page) again = { 0 };
      guint64 hits;

      get_page (fixture, language, *cookie, NULL, &first);
      g_assert_cmpuint (first.status, ==, 200);
      if (*cookie == NULL)
        {
          g_assert_nonnull (first.cookie);
          *cookie = g_strdup (first.cookie);
        }

      hits = reader_metric (fixture, "ewelists_reply_cache_hits_total");
      get_page (fixture, language, *cookie, NULL, page);
      g_assert_cmpuint (page->status, ==, 200);
      g_assert_cmpuint (reader_metric (fixture, "ewelists_reply_cache_hits_total"), >=, hits + 1);
      get_page (fixture, language, *cookie, page->etag, &again);
      if (page_token_expiry (first.body) != page_token_expiry (page->body) || again.status == 200)
        {
          /* Only the tokens' hour may part them. */
          g_assert_cmpint (page_token_expiry (page->body), !=,
                           page_token_expiry (again.status == 200 ? again.body : first.body));
          continue;
        }
      g_assert_cmpstr (page->body, ==, first.body);
      g_assert_cmpstr (page->etag, ==, first.etag);
      g_assert_cmpuint (again.status, ==, 304);
      g_assert_cmpstr (again.body, ==, "");
      return;
    }
  g_assert_not_reached ();
}

/* The guest page goes through the reply cache: kept per language (two
 * languages never mix), each visitor's CSRF tokens filled in (another
 * cookie, another tag and other tokens), and a reservation through any
 * server moves it. */
static void
test_guest_page_kept (Fixture      *fixture,
                      gconstpointer data)
{
  g_auto (Page) de = { 0 };
  g_auto (Page) fr = { 0 };
  g_auto (Page) other = { 0 };
  g_auto (Page) after = { 0 };
  g_autofree char *cookie = NULL;
  g_autofree char *reservation = NULL;

  get_page_until_kept (fixture, "de", &cookie, &de);
  g_assert_nonnull (strstr (de.body, "<html lang=\"de\">"));
  g_assert_nonnull (strstr (de.body, "<strong>3</strong>"));
  get_page_until_kept (fixture, "fr", &cookie, &fr);
  g_assert_nonnull (strstr (fr.body, "<html lang=\"fr\">"));
  g_assert_null (strstr (fr.body, "lang=\"de\""));
  g_assert_cmpstr (fr.etag, !=, de.etag);
  /* German again, from the cache, still German. */
  g_clear_pointer (&de.body, g_free);
  get_page_until_kept (fixture, "de", &cookie, &de);
  g_assert_nonnull (strstr (de.body, "<html lang=\"de\">"));

  /* Another browser: the page kept for all, its own tokens and tag. */
  get_page (fixture, "de", NULL, de.etag, &other);
  g_assert_cmpuint (other.status, ==, 200);
  g_assert_nonnull (other.cookie);
  g_assert_cmpstr (other.cookie, !=, cookie);
  g_assert_cmpstr (other.etag, !=, de.etag);
  g_assert_cmpstr (other.body, !=, de.body);

  /* A guest reserves one: the kept page is not given out again. */
  reservation = ews_test_api_reserve (fixture->writer, fixture->list_id, fixture->product_id, "carol@example.com",
                                      "Carol", 1);
  get_page (fixture, "de", cookie, de.etag, &after);
  /* (through the database's notice on PostgreSQL, as in assert_next_shows()) */
  for (gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
       fixture->writer != fixture->reader && after.status == 304 && g_get_monotonic_time () < deadline;)
    {
      g_usleep (5 * 1000);
      get_page (fixture, "de", cookie, de.etag, &after);
    }
  g_assert_cmpuint (after.status, ==, 200);
  g_assert_cmpstr (after.etag, !=, de.etag);
  g_assert_nonnull (strstr (after.body, "<strong>2</strong>"));
  g_assert_null (strstr (after.body, "<strong>3</strong>"));
}

/* The page's countdown reads the server's clock (the one the tests move),
 * and a page kept the day before is not given out the day after. */
static void
test_guest_page_countdown (Fixture      *fixture,
                           gconstpointer data)
{
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", fixture->list_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, 5);
  g_autofree char *date = g_date_time_format (then, "%Y-%m-%d");
  g_autofree char *list_body = g_strdup_printf ("{\"eventDate\": \"%s\"}", date);
  g_autofree char *cookie = NULL;
  g_auto (Page) before = { 0 };
  g_auto (Page) after = { 0 };

  call_ok (fixture, "PUT", list_path, fixture->alice, list_body);
  get_page_until_kept (fixture, "en", &cookie, &before);
  g_assert_nonnull (strstr (before.body, "5 days to go"));

  ewe_test_server_advance_clock (fixture->reader, 4 * DAY_S);
  get_page (fixture, "en", cookie, before.etag, &after);
  g_assert_cmpuint (after.status, ==, 200);
  if (strstr (after.body, "Tomorrow") == NULL)
    g_error ("Four days later the page does not say Tomorrow: %s", after.body);
}

/* --reply-cache-size=0 keeps nothing, and the answers are the same. */
static void
test_size_zero_keeps_nothing (void)
{
  const char *args[] = { "--reply-cache-size=0", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autofree char *alice = NULL;
  g_autofree char *list_id = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_nonnull (server);
  alice = ews_test_api_token (server, "alice-sub", "alice@example.com", "Alice");
  list_id = ews_test_api_create_list (server, alice, "Birthday");
  {
    g_autofree char *path = g_strdup_printf ("/api/lists/%s/shared", list_id);

    first = ews_test_api_get_text (server, path, NULL);
    second = ews_test_api_get_text (server, path, NULL);
  }
  g_assert_nonnull (strstr (first, list_id));
  g_assert_cmpstr (first, ==, second);
}

/* The cache alone: the least recently used answer goes first once the
 * cap is passed, the bytes never pass it, an answer bigger than the cap is
 * not kept, and a version or a reveal date that moved is a miss. */
static void
test_cache_bounded (void)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("0123456789012345678901234567890123456789", 40);
  EwsReplyCacheStats stats = { 0 };
  g_autoptr(EwsReplyCache) cache = NULL;
  g_autoptr(GBytes) hit = NULL;
  const char *etag = NULL;
  gsize       one;

  /* What one entry costs, from a cache big enough for anything. */
  cache = ews_reply_cache_new (G_MAXSIZE);
  ews_reply_cache_store (cache, "a", 1, NULL, TRUE, body, "\"a\"");
  ews_reply_cache_get_stats (cache, &stats);
  one = stats.bytes;
  g_assert_cmpuint (one, >, g_bytes_get_size (body));
  g_clear_pointer (&cache, ews_reply_cache_free);

  cache = ews_reply_cache_new (3 * one);
  ews_reply_cache_store (cache, "a", 1, NULL, TRUE, body, "\"a\"");
  ews_reply_cache_store (cache, "b", 1, NULL, TRUE, body, "\"b\"");
  ews_reply_cache_store (cache, "c", 1, NULL, TRUE, body, "\"c\"");
  /* "a" is used again, so "b" is the least recently used. */
  hit = ews_reply_cache_lookup (cache, "a", 1, 0, &etag);
  g_assert_true (hit == body || g_bytes_equal (hit, body));
  g_assert_cmpstr (etag, ==, "\"a\"");
  g_clear_pointer (&hit, g_bytes_unref);
  ews_reply_cache_store (cache, "d", 1, NULL, TRUE, body, "\"d\"");

  ews_reply_cache_get_stats (cache, &stats);
  g_assert_cmpuint (stats.entries, ==, 3);
  g_assert_cmpuint (stats.bytes, <=, 3 * one);
  g_assert_null (ews_reply_cache_lookup (cache, "b", 1, 0, &etag));
  hit = ews_reply_cache_lookup (cache, "a", 1, 0, &etag);
  g_assert_nonnull (hit);
  g_clear_pointer (&hit, g_bytes_unref);

  /* Another version: a miss, and the old answer is dropped. */
  g_assert_null (ews_reply_cache_lookup (cache, "c", 2, 0, &etag));
  g_assert_null (ews_reply_cache_lookup (cache, "c", 1, 0, &etag));

  /* Kept before the reveal date (2030-01-01, 1893456000 s), it is not
   * given out from that day on. */
  ews_reply_cache_store (cache, "e", 1, "2030-01-01", FALSE, body, "\"e\"");
  hit = ews_reply_cache_lookup (cache, "e", 1, 1893456000 - 1, &etag);
  g_assert_nonnull (hit);
  g_clear_pointer (&hit, g_bytes_unref);
  g_assert_null (ews_reply_cache_lookup (cache, "e", 1, 1893456000, &etag));

  /* Bigger than the whole cap: not kept, and nothing else pushed out. */
  ews_reply_cache_get_stats (cache, &stats);
  {
    guint            entries = stats.entries;
    g_autofree char *big_text = g_strnfill (4 * one, 'x');
    g_autoptr(GBytes) big = g_bytes_new (big_text, 4 * one);

    ews_reply_cache_store (cache, "big", 1, NULL, TRUE, big, "\"big\"");
    g_assert_null (ews_reply_cache_lookup (cache, "big", 1, 0, &etag));
    ews_reply_cache_get_stats (cache, &stats);
    g_assert_cmpuint (stats.entries, ==, entries);
  }

  ews_reply_cache_get_stats (cache, &stats);
  g_assert_cmpuint (stats.hits, ==, 3);
  g_assert_cmpuint (stats.misses, ==, 5);
}

static const EwsTestBackendCase backend_cases[] = {
  EWS_TEST_BACKEND_CASE ("every-write-shows", test_every_write_shows),
  EWS_TEST_BACKEND_CASE ("reveal-date-passes", test_reveal_date_passes),
  EWS_TEST_BACKEND_CASE ("guest-page-kept", test_guest_page_kept),
  EWS_TEST_BACKEND_CASE ("guest-page-countdown", test_guest_page_countdown),
};

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/reply-cache/bounded", test_cache_bounded);
  g_test_add_func ("/server/reply-cache/size-zero-keeps-nothing", test_size_zero_keeps_nothing);
  ews_test_add_backend_cases ("/server/reply-cache", Fixture, fixture_set_up, fixture_tear_down, backend_cases, &postgres);

  status = g_test_run ();

  ews_test_stop_backends (&postgres);

  return status;
}
