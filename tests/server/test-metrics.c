/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "ews-test-api.h"
#include "ews-test-cognito.h"

#define METRICS_TOKEN "a-long-random-metrics-token"

/* One scrape, read as Prometheus would: every sample by its full series
 * name ("name{label=\"value\",…}"), after checking that every line is a
 * HELP or TYPE comment or a sample, that each family is typed before its
 * samples, and that no series appears twice. */
typedef struct
{
  GHashTable *samples; /* series → double (boxed) */
  GHashTable *types;   /* family name → type */
} Scrape;

static void
scrape_free (Scrape *scrape)
{
  g_hash_table_unref (scrape->samples);
  g_hash_table_unref (scrape->types);
  g_free (scrape);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scrape, scrape_free)

/* The family a sample belongs to: histograms' samples carry a suffix. */
static char *
family_of (Scrape     *scrape,
           const char *name)
{
  static const char * const suffixes[] = { "_bucket", "_sum", "_count" };

  if (g_hash_table_contains (scrape->types, name))
    return g_strdup (name);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      if (g_str_has_suffix (name, suffixes[i]))
        {
          g_autofree char *family = g_strndup (name, strlen (name) - strlen (suffixes[i]));

          if (g_strcmp0 (g_hash_table_lookup (scrape->types, family), "histogram") == 0)
            return g_steal_pointer (&family);
        }
    }

  return NULL;
}

static Scrape *
scrape_parse (const char *text)
{
  g_autoptr(Scrape) scrape = g_new0 (Scrape, 1);
  g_autoptr(GRegex) help = g_regex_new ("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$", 0, 0, NULL);
  g_autoptr(GRegex) type = g_regex_new ("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$",
                                         0, 0, NULL);
  /* A name, optional labels with escaped values, one space, a value. */
  g_autoptr(GRegex) sample = g_regex_new ("^([a-zA-Z_:][a-zA-Z0-9_:]*)"
                                           "(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\""
                                           "(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\")*)?\\})?"
                                           " ([^ ]+)$",
                                           0, 0, NULL);
  g_auto(GStrv) lines = NULL;

  scrape->samples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scrape->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;

      if (g_regex_match (help, lines[i], 0, NULL))
        continue;

      if (g_regex_match (type, lines[i], 0, &match))
        {
          g_autofree char *name = g_match_info_fetch (match, 1);

          g_assert_false (g_hash_table_contains (scrape->types, name));
          g_hash_table_insert (scrape->types, g_steal_pointer (&name), g_match_info_fetch (match, 2));
          continue;
        }
      g_clear_pointer (&match, g_match_info_unref);

      if (g_regex_match (sample, lines[i], 0, &match))
        {
          g_autofree char *name = g_match_info_fetch (match, 1);
          g_autofree char *value_text = g_match_info_fetch (match, 7);
          g_autofree char *series = g_strndup (lines[i], strlen (lines[i]) - strlen (value_text) - 1);
          g_autofree char *family = family_of (scrape, name);
          double          *value = g_new (double, 1);
          char            *end = NULL;

          if (family == NULL)
            g_error ("Sample before its TYPE: %s", lines[i]);

          if (g_str_equal (value_text, "+Inf"))
            *value = INFINITY;
          else
            *value = g_ascii_strtod (value_text, &end);
          g_assert_true (g_str_equal (value_text, "+Inf") || (end != NULL && *end == '\0'));

          g_assert_false (g_hash_table_contains (scrape->samples, series));
          g_hash_table_insert (scrape->samples, g_steal_pointer (&series), value);
          continue;
        }

      g_error ("Not Prometheus text: “%s”", lines[i]);
    }

  return g_steal_pointer (&scrape);
}

/* A series' value, 0 when absent: a counter not yet moved is not listed. */
static double
scrape_get (Scrape     *scrape,
            const char *series)
{
  double *value = g_hash_table_lookup (scrape->samples, series);

  return value != NULL ? *value : 0;
}

static guint
http_get (const char *url,
          const char *token,
          const char *request_id,
          char      **body_text,
          char      **response_request_id)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (request_id != NULL)
    soup_message_headers_replace (headers, "X-Request-Id", request_id);

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  if (body_text != NULL)
    *body_text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  if (response_request_id != NULL)
    *response_request_id = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                   "X-Request-Id"));

  return soup_message_get_status (msg);
}

static Scrape *
scrape_url (const char *url,
            const char *token)
{
  g_autofree char *text = NULL;
  guint            status = http_get (url, token, NULL, &text, NULL);

  g_assert_cmpuint (status, ==, 200);
  return scrape_parse (text);
}

static Scrape *
scrape_main_port (EweTestServer *server)
{
  g_autofree char *url = ewe_test_server_url (server, "/metrics");

  return scrape_url (url, METRICS_TOKEN);
}

/* A token file's path, removed with it. */
typedef char TokenFile;

static void
token_file_free (TokenFile *path)
{
  g_remove (path);
  g_free (path);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TokenFile, token_file_free)

static TokenFile *
write_token_file (void)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int   fd = g_file_open_tmp ("ewelists-metrics-token-XXXXXX", &path, &error);

  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, METRICS_TOKEN "\n", -1, &error);
  g_assert_no_error (error);

  return path;
}

static EweTestServer *
start_with_token (const char *token_file)
{
  g_autofree char *token_option = g_strdup_printf ("--metrics-token-file=%s", token_file);
  const char      *args[] = { token_option, NULL };
  EweTestServer   *server = ewe_test_server_start (args);

  g_assert_nonnull (server);
  return server;
}

static void
test_requests_are_counted_by_route (void)
{
  g_autoptr(TokenFile) token_file = write_token_file ();
  g_autoptr(EweTestServer) server = start_with_token (token_file);
  g_autofree char *token = ews_test_api_token (server, "user-1", "ann@example.org", "Ann");
  g_autofree char *list_id = ews_test_api_create_list (server, token, "Birthday");
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", list_id);
  g_autoptr(Scrape) before = scrape_main_port (server);
  g_autoptr(Scrape) after = NULL;
  const char *ok = "ewelists_http_requests_total{route=\"/api/lists/{id}\",method=\"GET\",status=\"200\"}";
  const char *missing = "ewelists_http_requests_total{route=\"/api/lists/{id}\",method=\"GET\",status=\"404\"}";
  const char *created = "ewelists_http_requests_total{route=\"/api/lists\",method=\"POST\",status=\"200\"}";
  const char *unrouted = "ewelists_http_requests_total{route=\"none\",method=\"GET\",status=\"404\"}";

  g_assert_cmpfloat (scrape_get (before, created), ==, 1);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      guint status = 0;

      node = ews_test_api_call (server, "GET", list_path, token, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
    }

  {
    g_autoptr(JsonNode) node = NULL;
    guint status = 0;

    node = ews_test_api_call (server, "GET", "/api/lists/no-such-list", token, NULL, &status);
    g_assert_cmpuint (status, ==, 404);
    g_clear_pointer (&node, json_node_unref);
    node = ews_test_api_call (server, "GET", "/no/such/path/4711", NULL, NULL, &status);
    g_assert_cmpuint (status, ==, 404);
  }

  after = scrape_main_port (server);
  g_assert_cmpfloat (scrape_get (after, ok) - scrape_get (before, ok), ==, 3);
  g_assert_cmpfloat (scrape_get (after, missing) - scrape_get (before, missing), ==, 1);
  g_assert_cmpfloat (scrape_get (after, unrouted) - scrape_get (before, unrouted), ==, 1);
  g_assert_cmpfloat (scrape_get (after, created), ==, 1);

  /* No raw path, id or made-up route becomes a label. */
  {
    GHashTableIter iter;
    const char    *series;

    g_hash_table_iter_init (&iter, after->samples);
    while (g_hash_table_iter_next (&iter, (gpointer *)&series, NULL))
      {
        g_assert_null (strstr (series, list_id));
        g_assert_null (strstr (series, "no-such-list"));
        g_assert_null (strstr (series, "4711"));
      }
  }

  /* Four requests to the route, however they ended. */
  g_assert_cmpfloat (scrape_get (after, "ewelists_http_request_duration_seconds_count{route=\"/api/lists/{id}\"}"),
                     ==, 4);
}

typedef struct
{
  double bound;
  double count;
} Bucket;

static int
compare_buckets (gconstpointer a,
                 gconstpointer b)
{
  double first = ((const Bucket *)a)->bound;
  double second = ((const Bucket *)b)->bound;

  return (first > second) - (first < second);
}

static void
test_histograms_are_cumulative (void)
{
  g_autoptr(TokenFile) token_file = write_token_file ();
  g_autoptr(EweTestServer) server = start_with_token (token_file);
  g_autoptr(Scrape) scrape = NULL;
  const char *routes[] = { "/health", "/api/health", "/metrics" };

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *url = ewe_test_server_url (server, i % 2 == 0 ? "/health" : "/api/health");
      g_assert_cmpuint (http_get (url, NULL, NULL, NULL, NULL), ==, 200);
    }

  /* The first scrape is counted once it is answered, so the second sees it. */
  scrape = scrape_main_port (server);
  g_clear_pointer (&scrape, scrape_free);
  scrape = scrape_main_port (server);

  g_assert_cmpstr (g_hash_table_lookup (scrape->types, "ewelists_http_request_duration_seconds"), ==, "histogram");

  for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
    {
      g_autofree char *count_series = g_strdup_printf ("ewelists_http_request_duration_seconds_count{route=\"%s\"}",
                                                       routes[r]);
      g_autofree char *inf_series = g_strdup_printf ("ewelists_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"}",
                                                     routes[r]);
      g_autofree char *sum_series = g_strdup_printf ("ewelists_http_request_duration_seconds_sum{route=\"%s\"}",
                                                     routes[r]);
      g_autofree char *prefix = g_strdup_printf ("ewelists_http_request_duration_seconds_bucket{route=\"%s\",le=\"",
                                                 routes[r]);
      g_autoptr(GArray) buckets = g_array_new (FALSE, FALSE, sizeof (Bucket));
      GHashTableIter iter;
      const char    *series;
      double        *value;
      double         expected = r == 0 ? 3 : r == 1 ? 2
                                                    : 1;
      double         previous = 0;

      g_assert_cmpfloat (scrape_get (scrape, count_series), ==, expected);
      g_assert_cmpfloat (scrape_get (scrape, inf_series), ==, expected);
      g_assert_cmpfloat (scrape_get (scrape, sum_series), >=, 0);

      g_hash_table_iter_init (&iter, scrape->samples);
      while (g_hash_table_iter_next (&iter, (gpointer *)&series, (gpointer *)&value))
        {
          const char *bound = series + strlen (prefix);
          Bucket      bucket = { 0 };

          if (!g_str_has_prefix (series, prefix))
            continue;

          bucket.bound = g_str_has_prefix (bound, "+Inf\"") ? INFINITY : g_ascii_strtod (bound, NULL);
          bucket.count = *value;
          g_array_append_val (buckets, bucket);
        }
      g_assert_cmpuint (buckets->len, >, 2);
      g_array_sort (buckets, compare_buckets);

      /* By increasing bound, never fewer than the bucket before. */
      for (guint i = 0; i < buckets->len; i++)
        {
          g_assert_cmpfloat (g_array_index (buckets, Bucket, i).count, >=, previous);
          previous = g_array_index (buckets, Bucket, i).count;
        }
      g_assert_true (isinf (g_array_index (buckets, Bucket, buckets->len - 1).bound));
      g_assert_cmpfloat (previous, ==, expected);
    }
}

static void
test_main_port_needs_the_token (void)
{
  g_autoptr(TokenFile) token_file = write_token_file ();
  g_autoptr(EweTestServer) server = start_with_token (token_file);
  g_autoptr(EweTestServer) without = ewe_test_server_start (NULL);
  g_autofree char *url = ewe_test_server_url (server, "/metrics");
  g_autofree char *without_url = ewe_test_server_url (without, "/metrics");
  g_autofree char *text = NULL;

  g_assert_cmpuint (http_get (url, NULL, NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (http_get (url, "wrong", NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (http_get (url, METRICS_TOKEN "x", NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (http_get (url, METRICS_TOKEN, NULL, &text, NULL), ==, 200);
  g_assert_nonnull (strstr (text, "# TYPE ewelists_http_requests_total counter\n"));

  /* Neither a token nor an address of their own: no metrics at all. */
  g_assert_cmpuint (http_get (without_url, NULL, NULL, NULL, NULL), ==, 404);
  g_assert_cmpuint (http_get (without_url, METRICS_TOKEN, NULL, NULL, NULL), ==, 404);
}

static guint16
free_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                 &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_separate_listener_serves_only_metrics (void)
{
  g_autoptr(TokenFile) token_file = write_token_file ();
  guint16          port = free_port ();
  g_autofree char *listen_option = g_strdup_printf ("--metrics-listen=127.0.0.1:%u", port);
  g_autofree char *token_option = g_strdup_printf ("--metrics-token-file=%s", token_file);
  const char      *args[] = { listen_option, token_option, NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autofree char *metrics_url = g_strdup_printf ("http://127.0.0.1:%u/metrics", port);
  g_autofree char *health_url = g_strdup_printf ("http://127.0.0.1:%u/health", port);
  g_autofree char *lists_url = g_strdup_printf ("http://127.0.0.1:%u/api/lists", port);
  g_autofree char *main_url = NULL;
  g_autofree char *main_health = NULL;
  g_autoptr(Scrape) scrape = NULL;

  g_assert_nonnull (server);
  main_url = ewe_test_server_url (server, "/metrics");
  main_health = ewe_test_server_url (server, "/health");

  g_assert_cmpuint (http_get (main_health, NULL, NULL, NULL, NULL), ==, 200);
  scrape = scrape_url (metrics_url, NULL);
  g_assert_cmpfloat (scrape_get (scrape, "ewelists_http_requests_total{route=\"/health\",method=\"GET\",status=\"200\"}"),
                     ==, 1);
  g_assert_cmpfloat (scrape_get (scrape, "process_start_time_seconds"), >, 1.7e9);

  g_assert_cmpuint (http_get (health_url, NULL, NULL, NULL, NULL), ==, 404);
  g_assert_cmpuint (http_get (lists_url, NULL, NULL, NULL, NULL), ==, 404);

  /* With an address of their own, the main port keeps them to itself
   * even for the token. */
  g_assert_cmpuint (http_get (main_url, METRICS_TOKEN, NULL, NULL, NULL), ==, 404);
}

static void
test_gauges_and_counters_are_listed (void)
{
  g_autoptr(TokenFile) token_file = write_token_file ();
  g_autoptr(EweTestServer) server = start_with_token (token_file);
  g_autoptr(Scrape) scrape = scrape_main_port (server);
  const char *families[][2] = {
    { "ewelists_http_requests_total", "counter" },
    { "ewelists_http_request_duration_seconds", "histogram" },
    { "ewelists_mail_outbox_pending", "gauge" },
    { "ewelists_mail_outbox_oldest_age_seconds", "gauge" },
    { "ewelists_mail_send_failures_total", "counter" },
    { "ewelists_sign_in_failures_total", "counter" },
    { "ewelists_rate_limit_refusals_total", "counter" },
    { "ewelists_open_connections", "gauge" },
    { "process_start_time_seconds", "gauge" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    g_assert_cmpstr (g_hash_table_lookup (scrape->types, families[i][0]), ==, families[i][1]);

  /* The scrape's own connection is open while it is answered. */
  g_assert_cmpfloat (scrape_get (scrape, "ewelists_open_connections"), >=, 1);
  g_assert_true (g_hash_table_contains (scrape->samples, "ewelists_mail_outbox_pending"));
  g_assert_true (g_hash_table_contains (scrape->samples, "ewelists_rate_limit_refusals_total{kind=\"guest\"}"));
}

/* Wrong passwords, refusals by a rate limit and mail the SMTP server did
 * not take each move their own counter, and the outbox gauges show the
 * mail left waiting. */
static void
test_failures_are_counted (void)
{
  g_autoptr(TokenFile) token_file = write_token_file ();
  g_autofree char *token_option = g_strdup_printf ("--metrics-token-file=%s", token_file);
  /* Nothing listens there: every attempt to send fails. */
  g_autofree char *smtp_option = g_strdup_printf ("--smtp-url=smtp://127.0.0.1:%u", free_port ());
  const char      *args[] = { token_option, smtp_option, "--rate-contact=1", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autoptr(Scrape) scrape = NULL;
  const char *contact = "{\"name\": \"N\", \"email\": \"sender@example.org\", \"message\": \"Hello\"}";
  guint       status = 0;

  g_assert_nonnull (server);

  ews_test_cognito_sign_in_fails (server, "nobody@example.org", "Wrong-horse-1", "NotAuthorizedException", NULL);
  ews_test_cognito_sign_in_fails (server, "nobody@example.org", "Wrong-horse-2", "NotAuthorizedException", NULL);

  {
    g_autoptr(JsonNode) first = ews_test_api_call (server, "POST", "/api/contact", NULL, contact, &status);
    g_assert_cmpuint (status, ==, 200);
  }
  {
    g_autoptr(JsonNode) second = ews_test_api_call (server, "POST", "/api/contact", NULL, contact, &status);
    g_assert_cmpuint (status, ==, 429);
  }

  /* The contact message's mail fails on its first attempt soon after. */
  for (guint i = 0; i < 100; i++)
    {
      g_clear_pointer (&scrape, scrape_free);
      scrape = scrape_main_port (server);
      if (scrape_get (scrape, "ewelists_mail_send_failures_total") >= 1)
        break;
      g_usleep (100 * 1000);
    }

  g_assert_cmpfloat (scrape_get (scrape, "ewelists_sign_in_failures_total"), ==, 2);
  g_assert_cmpfloat (scrape_get (scrape, "ewelists_rate_limit_refusals_total{kind=\"contact\"}"), ==, 1);
  g_assert_cmpfloat (scrape_get (scrape, "ewelists_rate_limit_refusals_total{kind=\"sign_in\"}"), ==, 0);
  /* Retried with a growing delay, each attempt counted: one at least. */
  g_assert_cmpfloat (scrape_get (scrape, "ewelists_mail_send_failures_total"), >=, 1);
  g_assert_cmpfloat (scrape_get (scrape, "ewelists_mail_outbox_pending"), ==, 1);
  g_assert_cmpfloat (scrape_get (scrape, "ewelists_mail_outbox_oldest_age_seconds"), >=, 0);
  g_assert_cmpfloat (scrape_get (scrape, "ewelists_mail_outbox_oldest_age_seconds"), <, 60);
}

static gboolean
is_lower_hex (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
        return FALSE;
    }
  return TRUE;
}

static void
test_request_ids_are_unique (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *url = ewe_test_server_url (server, "/health");
  g_autofree char *missing = ewe_test_server_url (server, "/no/such/path");

  for (guint i = 0; i < 20; i++)
    {
      char *id = NULL;

      /* An id a client chose is not believed from a client that is not a
       * trusted proxy. */
      http_get (i % 2 == 0 ? url : missing, NULL, i % 3 == 0 ? "forged-id" : NULL, NULL, &id);
      g_assert_nonnull (id);
      g_assert_cmpuint (strlen (id), ==, 32);
      g_assert_true (is_lower_hex (id));
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }
}

static void
test_trusted_proxy_names_the_request (void)
{
  const char *args[] = { "--trusted-proxy=127.0.0.1", NULL };
  g_autoptr(EweTestServer) server = ewe_test_server_start (args);
  g_autofree char *url = ewe_test_server_url (server, "/health");
  g_autofree char *kept = NULL;
  g_autofree char *replaced = NULL;

  http_get (url, NULL, "proxy-7f3a.42", NULL, &kept);
  g_assert_cmpstr (kept, ==, "proxy-7f3a.42");

  /* Whatever goes into a log line verbatim must look like an id. */
  http_get (url, NULL, "two words", NULL, &replaced);
  g_assert_cmpstr (replaced, !=, "two words");
  g_assert_cmpuint (strlen (replaced), ==, 32);
}

static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

/* The server's data directory holds files only. */
static void
remove_data_dir (const char *data_dir)
{
  g_autoptr(GDir) dir = g_dir_open (data_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (data_dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (data_dir);
}

static void
test_json_log_lines (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("ewelists-metrics-XXXXXX", NULL);
  g_autofree char *data_option = g_strdup_printf ("--data-dir=%s", data_dir);
  const char      *binary = g_getenv ("EWELISTS_SERVER") ? g_getenv ("EWELISTS_SERVER") : EWELISTS_SERVER_BINARY;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) stdout_lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *health = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *health_id = NULL;
  g_autofree char *missing_id = NULL;
  g_autofree char *stderr_text = NULL;
  g_auto(GStrv) lines = NULL;
  guint    json_lines = 0;
  gboolean saw_health = FALSE;
  gboolean saw_missing = FALSE;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, binary, "--listen=127.0.0.1:0", data_option,
                                         "--log-format=json", NULL);
  g_assert_no_error (error);

  stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (stdout_lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "Listening on "));

  health = g_strconcat (line + strlen ("Listening on "), "/health", NULL);
  missing = g_strconcat (line + strlen ("Listening on "), "/api/lists/some-list-id", NULL);
  g_assert_cmpuint (http_get (health, NULL, NULL, NULL, &health_id), ==, 200);
  g_assert_cmpuint (http_get (missing, NULL, NULL, NULL, &missing_id), ==, 401);

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &stderr_text, &error);
  g_assert_no_error (error);

  lines = g_strsplit (stderr_text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;
      const char *id;

      if (lines[i][0] != '{')
        continue;

      node = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      object = json_node_get_object (node);
      json_lines++;

      g_assert_nonnull (g_date_time_new_from_iso8601 (json_object_get_string_member (object, "time"), NULL));
      g_assert_cmpstr (json_object_get_string_member (object, "level"), ==, "info");
      g_assert_cmpstr (json_object_get_string_member (object, "method"), ==, "GET");
      g_assert_cmpstr (json_object_get_string_member (object, "client"), ==, "127.0.0.1");
      g_assert_cmpfloat (json_object_get_double_member (object, "duration_ms"), >=, 0);
      id = json_object_get_string_member (object, "request_id");

      if (g_strcmp0 (id, health_id) == 0)
        {
          saw_health = TRUE;
          g_assert_cmpstr (json_object_get_string_member (object, "route"), ==, "/health");
          g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 200);
        }
      else if (g_strcmp0 (id, missing_id) == 0)
        {
          saw_missing = TRUE;
          /* The pattern, not the id in the path. */
          g_assert_cmpstr (json_object_get_string_member (object, "route"), ==, "/api/lists/{id}");
          g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 401);
        }
    }

  g_assert_cmpuint (json_lines, ==, 2);
  g_assert_true (saw_health);
  g_assert_true (saw_missing);
  g_assert_null (strstr (stderr_text, "some-list-id"));

  remove_data_dir (data_dir);
}

typedef struct
{
  gboolean done;
  char    *line;
} LineRead;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  read->done = TRUE;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* The next line of @lines, or NULL at the end or when none came within
 * @seconds. */
static char *
read_line_within (GDataInputStream *lines,
                  guint             seconds)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LineRead read = { 0 };
  guint    timeout = g_timeout_add_seconds (seconds, cancel_cb, cancellable);

  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, cancellable, line_read_cb, &read);
  while (!read.done)
    g_main_context_iteration (NULL, TRUE);
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (timeout);

  return read.line;
}

#define N_LOGGED_REQUESTS 200

/* The request lines wait in a buffer (ews-access-log.h), but not for
 * long: one comes out while the server runs on, unasked. And a server
 * stopped cleanly writes every line before it exits, the last ones too. */
static void
test_log_lines_are_all_written (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("ewelists-metrics-XXXXXX", NULL);
  g_autofree char *data_option = g_strdup_printf ("--data-dir=%s", data_dir);
  const char      *binary = g_getenv ("EWELISTS_SERVER") ? g_getenv ("EWELISTS_SERVER") : EWELISTS_SERVER_BINARY;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) stdout_lines = NULL;
  g_autoptr(GDataInputStream) stderr_lines = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *base_url = NULL;
  gboolean         first_seen = FALSE;
  char            *stderr_line;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, binary, "--listen=127.0.0.1:0", data_option, NULL);
  g_assert_no_error (error);

  stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  stderr_lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  line = g_data_input_stream_read_line_utf8 (stdout_lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "Listening on "));
  base_url = g_strdup (line + strlen ("Listening on "));

  {
    g_autofree char *first = g_strconcat (base_url, "/api/lists/first/shared", NULL);

    g_assert_cmpuint (http_get (first, NULL, NULL, NULL, NULL), ==, 404);
  }
  /* Far less than a minute when the buffer is written on its timer. */
  while (!first_seen && (stderr_line = read_line_within (stderr_lines, 60)) != NULL)
    {
      first_seen = g_str_has_prefix (stderr_line, "GET /api/lists/first/shared 404 ");
      g_free (stderr_line);
    }
  g_assert_true (first_seen);

  for (guint i = 0; i < N_LOGGED_REQUESTS; i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/api/lists/list-%u/shared", base_url, i);

      g_assert_cmpuint (http_get (url, NULL, NULL, NULL, NULL), ==, 404);
    }

  g_subprocess_send_signal (process, SIGTERM);
  while ((stderr_line = g_data_input_stream_read_line_utf8 (stderr_lines, NULL, NULL, &error)) != NULL)
    {
      guint index;

      if (sscanf (stderr_line, "GET /api/lists/list-%u/shared 404 ", &index) == 1)
        {
          g_assert_cmpuint (index, <, N_LOGGED_REQUESTS);
          /* Once each. */
          g_assert_true (g_hash_table_add (seen, g_strdup_printf ("%u", index)));
        }
      g_free (stderr_line);
    }
  g_assert_no_error (error);

  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (seen), ==, N_LOGGED_REQUESTS);

  remove_data_dir (data_dir);
}

/* A mistake in these settings stops the server at start, saying which,
 * rather than leaving an operator with no metrics and no idea why. */
static void
test_bad_settings_are_refused (void)
{
  const char      *binary = g_getenv ("EWELISTS_SERVER") ? g_getenv ("EWELISTS_SERVER") : EWELISTS_SERVER_BINARY;
  g_autofree char *data_dir = g_dir_make_tmp ("ewelists-metrics-XXXXXX", NULL);
  g_autofree char *data_option = g_strdup_printf ("--data-dir=%s", data_dir);
  g_autofree char *empty_file = NULL;
  g_autofree char *empty_option = NULL;
  struct
  {
    const char *option;
    int         exit_status;
    const char *says;
  } cases[] = {
    { "--log-format=xml", 2, "--log-format must be text or json" },
    { "--metrics-listen=localhost:9464", 2, "--metrics-listen" },
    { "--metrics-token-file=/nonexistent/metrics-token", 1, "--metrics-token-file" },
    { NULL, 1, "is empty" },
  };
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("ewelists-metrics-empty-XXXXXX", &empty_file, &error);

  g_assert_no_error (error);
  g_close (fd, NULL);
  empty_option = g_strdup_printf ("--metrics-token-file=%s", empty_file);
  cases[3].option = empty_option;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *err = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, binary,
                                  "--listen=127.0.0.1:0", data_option, cases[i].option, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, cases[i].exit_status);
      g_assert_nonnull (strstr (err, cases[i].says));
    }

  g_remove (empty_file);
  remove_data_dir (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/metrics/requests-are-counted-by-route", test_requests_are_counted_by_route);
  g_test_add_func ("/server/metrics/histograms-are-cumulative", test_histograms_are_cumulative);
  g_test_add_func ("/server/metrics/main-port-needs-the-token", test_main_port_needs_the_token);
  g_test_add_func ("/server/metrics/separate-listener-serves-only-metrics",
                   test_separate_listener_serves_only_metrics);
  g_test_add_func ("/server/metrics/gauges-and-counters-are-listed", test_gauges_and_counters_are_listed);
  g_test_add_func ("/server/metrics/failures-are-counted", test_failures_are_counted);
  g_test_add_func ("/server/metrics/request-ids-are-unique", test_request_ids_are_unique);
  g_test_add_func ("/server/metrics/trusted-proxy-names-the-request", test_trusted_proxy_names_the_request);
  g_test_add_func ("/server/metrics/json-log-lines", test_json_log_lines);
  g_test_add_func ("/server/metrics/log-lines-are-all-written", test_log_lines_are_all_written);
  g_test_add_func ("/server/metrics/bad-settings-are-refused", test_bad_settings_are_refused);

  return g_test_run ();
}
