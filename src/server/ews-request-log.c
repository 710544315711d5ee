/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-request-log"

#include "config.h"

#include "ews-access-log.h"
#include "ews-client-address.h"
#include "ews-json.h"
#include "ews-metrics.h"
#include "ews-request-log.h"
#include "ews-router.h"

/* An X-Request-Id from a trusted proxy longer than this, or with other
 * characters than these, is replaced: it goes into logs verbatim. */
#define REQUEST_ID_MAX_LENGTH 128
#define REQUEST_ID_CHARACTERS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:"

static gboolean
is_acceptable_request_id (const char *id)
{
  gsize length = id != NULL ? strlen (id) : 0;

  return length > 0 && length <= REQUEST_ID_MAX_LENGTH && strspn (id, REQUEST_ID_CHARACTERS) == length;
}

/* 128 random bits: unique enough to find one request's lines among a
 * fleet's logs. */
static char *
generate_request_id (void)
{
  return g_strdup_printf ("%08x%08x%08x%08x", g_random_int (), g_random_int (), g_random_int (),
                          g_random_int ());
}

/* A proxy in front may have named the request already, so that its logs
 * and ours meet; anyone else could write anything there, so they get an
 * id of ours. */
void
ews_request_log_assign_id (SoupServerMessage *msg,
                           const EwsConfig   *config)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  const char         *incoming = soup_message_headers_get_one (request_headers, "X-Request-Id");
  char               *id = NULL;

  if (incoming != NULL && is_acceptable_request_id (incoming) &&
      ews_client_is_trusted_proxy (config, soup_server_message_get_remote_host (msg)))
    id = g_strdup (incoming);
  else
    id = generate_request_id ();

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-Request-Id", id);
  g_object_set_data_full (G_OBJECT (msg), "ews-request-id", id, g_free);
}

/* The reservation routes carry the guest's address as a path segment
 * after "email"; the log shows that one was there, not which. */
static char *
path_for_log (SoupServerMessage *msg)
{
  g_auto(GStrv) segments = NULL;

  if (soup_server_message_get_uri (msg) == NULL)
    return g_strdup ("-");

  segments = g_strsplit (ews_router_get_path (msg), "/", -1);
  for (guint i = 1; segments[i] != NULL; i++)
    {
      if (g_str_equal (segments[i - 1], "email"))
        {
          g_free (segments[i]);
          segments[i] = g_strdup ("…");
        }
    }

  return g_strjoinv ("/", segments);
}

static void
log_request_as_text (SoupServerMessage *msg,
                     double             elapsed_ms,
                     const char        *how)
{
  g_autofree char *path = path_for_log (msg);
  guint            status = soup_server_message_get_status (msg);

  /* One line per request: enough to see what happened, and no query string
   * or body, which may carry e-mail addresses. A server error's goes out
   * at once, as warnings do. */
  ews_access_log_printf (status >= 500, "%s %s %u %.1fms%s",
                         soup_server_message_get_method (msg),
                         path,
                         status,
                         elapsed_ms,
                         how);
}

/* The same line for a log collector: the route pattern rather than the
 * path, so that no address or id is logged and lines group by route. */
static void
log_request_as_json (const EwsConfig   *config,
                     SoupServerMessage *msg,
                     double             elapsed_ms,
                     const char        *outcome)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);
  g_autofree char *line = NULL;
  g_autofree char *client = ews_client_address (msg, config);
  const char      *request_id = g_object_get_data (G_OBJECT (msg), "ews-request-id");
  const char      *route = ews_router_get_route (msg);
  const char      *method = soup_server_message_get_method (msg);
  guint            status = soup_server_message_get_status (msg);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "level");
  json_builder_add_string_value (builder, status >= 500 ? "error" : "info");
  json_builder_set_member_name (builder, "request_id");
  if (request_id != NULL)
    json_builder_add_string_value (builder, request_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, method != NULL ? method : "-");
  json_builder_set_member_name (builder, "route");
  json_builder_add_string_value (builder, route != NULL ? route : EWS_METRICS_NO_ROUTE);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_double_value (builder, elapsed_ms);
  json_builder_set_member_name (builder, "client");
  json_builder_add_string_value (builder, client != NULL ? client : "");
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, outcome);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  /* The writer escapes every control character; json-glib 1.6 leaves
   * U+001F raw, which a log collector's parser refuses. */
  line = ews_json_node_to_text (root, NULL);
  ews_access_log_append (status >= 500, line);
}

void
ews_request_log_write (SoupServerMessage *msg,
                       const EwsConfig   *config,
                       double             elapsed_ms,
                       const char        *how,
                       const char        *outcome)
{
  if (g_strcmp0 (config->log_format, "json") == 0)
    log_request_as_json (config, msg, elapsed_ms, outcome);
  else
    log_request_as_text (msg, elapsed_ms, how);
}
