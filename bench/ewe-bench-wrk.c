/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ewe-bench-wrk.h"
#include "ews-test-api.h"

char *
ewe_bench_call (EweTestServer *server,
                const char    *method,
                const char    *path,
                const char    *token,
                const char    *body)
{
  g_autoptr(JsonNode) node = NULL;
  char *text = NULL;
  guint status = 0;

  node = ews_test_api_call_full (server, method, path, token, body, NULL, &status, &text);
  g_assert_cmpuint (status, ==, 200);

  return text;
}

char *
ewe_bench_member_of (const char *reply,
                     const char *name)
{
  g_autoptr(JsonNode) node = json_from_string (reply, NULL);

  return g_strdup (json_object_get_string_member (json_node_get_object (node), name));
}

guint16
ewe_bench_free_loopback_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any_port, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

gboolean
ewe_bench_wait_for_url (SoupSession *session,
                        const char  *url)
{
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) reply = soup_session_send_and_read (session, msg, NULL, NULL);

      if (soup_message_get_status (msg) == SOUP_STATUS_OK)
        return TRUE;
      g_usleep (50 * 1000);
    }
  return FALSE;
}

/* wrk's own summary lines, for the figures a reader compares: requests/s
 * and the 50% and 99% latencies of --latency. */
void
ewe_bench_run_wrk (const char         *wrk,
                   const char         *what,
                   const char * const *args,
                   EweBenchWrkFigures *figures)
{
  g_autoptr(GStrvBuilder) argv_builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;
  const char *requests = "?", *p50 = "?", *p99 = "?";

  g_strv_builder_add_many (argv_builder, wrk, "-t2", "-c" EWE_BENCH_N_CONNECTIONS, "-d" EWE_BENCH_ROUND_SECONDS "s",
                           "--latency", NULL);
  g_strv_builder_addv (argv_builder, (const char **)args);
  argv = g_strv_builder_end (argv_builder);
  process = g_subprocess_newv ((const char * const *)argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error));
  g_assert_no_error (error);

  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (g_str_has_prefix (lines[i], "Requests/sec:"))
        requests = g_strchug (lines[i] + strlen ("Requests/sec:"));
      else if (g_str_has_prefix (lines[i], "50%"))
        p50 = g_strchug (lines[i] + 3);
      else if (g_str_has_prefix (lines[i], "99%"))
        p99 = g_strchug (lines[i] + 3);
      else if (g_str_has_prefix (lines[i], "Non-2xx"))
        g_print ("  (%s: %s)\n", what, lines[i]);
    }
  g_print ("%-44s %10s requests/s   p50 %8s   p99 %8s\n", what, requests, p50, p99);

  if (figures != NULL)
    {
      figures->requests_per_s = g_ascii_strtod (requests, NULL);
      figures->p50 = g_strdup (p50);
      figures->p99 = g_strdup (p99);
    }
}

void
ewe_bench_wrk_figures_clear (EweBenchWrkFigures *figures)
{
  g_clear_pointer (&figures->p50, g_free);
  g_clear_pointer (&figures->p99, g_free);
}

EweBenchList *
ewe_bench_list_seed (EweTestServer *server,
                     const char    *token,
                     guint          n_gifts)
{
  g_autoptr(EweBenchList) list = g_new0 (EweBenchList, 1);
  g_autoptr(GString) script = g_string_new ("local ids = {");
  g_autofree char *first_product_id = NULL;

  g_autofree char *created = ewe_bench_call (server, "POST", "/api/lists", token, "{\"title\": \"Benchmark\"}");
  list->list_id = ewe_bench_member_of (created, "listId");
  for (guint i = 0; i < n_gifts; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"brand\": \"Brand %u\", \"details\": \"Gift %u\", "
                                               "\"productUrl\": \"https://shop.example/%u\"}",
                                               i, i, i);
      g_autofree char *product = ewe_bench_call (server, "POST", "/api/products", token, body);
      g_autofree char *product_id = ewe_bench_member_of (product, "productId");
      g_autofree char *path = g_strdup_printf ("/api/lists/%s/product/%s", list->list_id, product_id);
      g_autofree char *added = ewe_bench_call (server, "POST", path, token,
                                               "{\"quantity\": 1000, \"productType\": \"products\", \"notes\": \"Any colour\"}");

      g_string_append_printf (script, "%s\"%s\"", i > 0 ? ", " : "", product_id);
      if (first_product_id == NULL)
        first_product_id = g_strdup (product_id);
    }

  /* Each request a new guest, spread over the gifts; a round number and
   * wrk's thread keep every address unique across rounds. */
  g_string_append (script, "}\n"
                           "local next_thread = 0\n"
                           "function setup (thread)\n"
                           "  thread:set (\"thread_id\", next_thread)\n"
                           "  next_thread = next_thread + 1\n"
                           "end\n"
                           "local n = 0\n"
                           "local prefix, round\n"
                           "function init (args)\n"
                           "  prefix = args[1]\n"
                           "  round = args[2]\n"
                           "end\n"
                           "function request ()\n"
                           "  n = n + 1\n"
                           "  local path = string.format (\"%s%s/email/guest-%s-%d-%d@bench.example\", prefix,\n"
                           "                              ids[n % #ids + 1], round, thread_id, n)\n"
                           "  return wrk.format (\"POST\", path, { [\"Content-Type\"] = \"application/json\" },\n"
                           "                     '{\"quantity\": 1, \"name\": \"Guest\"}')\n"
                           "end\n");

  /* One reservation first: its reply is what nginx answers to POSTs. */
  {
    g_autofree char *path = g_strdup_printf ("/api/lists/%s/reserve/%s/email/first@bench.example", list->list_id,
                                             first_product_id);

    list->reserve_reply = ewe_bench_call (server, "POST", path, NULL, "{\"quantity\": 1, \"name\": \"Guest\"}");
  }

  list->reserve_script = g_string_free (g_steal_pointer (&script), FALSE);
  return g_steal_pointer (&list);
}

void
ewe_bench_list_free (EweBenchList *list)
{
  if (list == NULL)
    return;
  g_free (list->list_id);
  g_free (list->reserve_script);
  g_free (list->reserve_reply);
  g_free (list);
}
