/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ewe-test-server.h"
#include "ews-test-api.h"

/* How fast one ewelists-server answers what guests do most: open a shared
 * list of 100 gifts, and reserve. Whole round trips over loopback, one
 * keep-alive connection, as a browser would; the server is the release
 * build under test, with its SQLite database on the local disk. */

#define N_GIFTS 100
#define N_REQUESTS 1000

static JsonNode *
call (SoupSession   *session,
      EweTestServer *server,
      const char    *method,
      const char    *path,
      const char    *token,
      const char    *body)
{
  g_autofree char *url = ewe_test_server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

  text = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  return json_from_string (text, NULL);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        GArray     *millis,
        double      total_seconds)
{
  g_array_sort (millis, compare_doubles);
  g_print ("%-40s %6.0f requests/s   median %.2f ms   p99 %.2f ms\n", what,
           millis->len / total_seconds,
           g_array_index (millis, double, millis->len / 2),
           g_array_index (millis, double, millis->len * 99 / 100));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EweTestServer) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GArray) millis = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) product_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *token = NULL;
  g_autofree char *list_id = NULL;
  g_autofree char *shared_path = NULL;
  gint64           started;

  ewe_test_server_use_real_clock ();

  /* Only admins add to the catalogue. */
  /* The guest limits are off: this measures a reservation's own cost, and
   * a thousand from one client is an abuse they would cut short. */
  server = ewe_test_server_start ((const char *[]) { "--admin-email=owner@bench.example",
                                                     "--rate-guest=0", "--rate-guest-mails=0", NULL });
  g_assert_nonnull (server);
  token = ews_test_api_token (server, "bench-owner", "owner@bench.example", NULL);

  created = call (session, server, "POST", "/api/lists", token, "{\"title\": \"Benchmark\"}");
  list_id = g_strdup (json_object_get_string_member (json_node_get_object (created), "listId"));

  for (guint i = 0; i < N_GIFTS; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"brand\": \"Brand %u\", \"details\": \"Gift %u\", "
                                               "\"productUrl\": \"https://shop.example/%u\"}",
                                               i, i, i);
      g_autoptr(JsonNode) product = call (session, server, "POST", "/api/products", token, body);
      g_autofree char *path = NULL;
      g_autoptr(JsonNode) added = NULL;

      g_ptr_array_add (product_ids,
                       g_strdup (json_object_get_string_member (json_node_get_object (product), "productId")));
      path = g_strdup_printf ("/api/lists/%s/product/%s", list_id, (char *)product_ids->pdata[i]);
      added = call (session, server, "POST", path, token,
                    "{\"quantity\": 1000, \"productType\": \"products\", \"notes\": \"Any colour\"}");
    }

  shared_path = g_strdup_printf ("/api/lists/%s/shared", list_id);
  started = g_get_monotonic_time ();
  for (guint i = 0; i < N_REQUESTS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(JsonNode) shared = call (session, server, "GET", shared_path, NULL, NULL);
      double ms = (g_get_monotonic_time () - t0) / 1000.0;

      g_array_append_val (millis, ms);
    }
  report ("GET shared list, 100 gifts", millis, (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);

  g_array_set_size (millis, 0);
  started = g_get_monotonic_time ();
  for (guint i = 0; i < N_REQUESTS; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/lists/%s/reserve/%s/email/guest%u@bench.example", list_id,
                                               (char *)product_ids->pdata[i % N_GIFTS], i);
      gint64           t0 = g_get_monotonic_time ();
      g_autoptr(JsonNode) reserved = call (session, server, "POST", path, NULL,
                                            "{\"quantity\": 1, \"name\": \"Guest\"}");
      double ms = (g_get_monotonic_time () - t0) / 1000.0;

      g_array_append_val (millis, ms);
    }
  report ("POST reserve (one transaction each)", millis,
          (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);

  return 0;
}
