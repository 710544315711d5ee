/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-json"

#include "config.h"

#include "ews-json.h"

void
ews_reply_add_retry_after (SoupServerMessage *msg,
                           guint              status)
{
  /* Load balancers and the app's sync back off by it rather than hammer a
   * server that just said it cannot answer. */
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                  EWS_UNAVAILABLE_RETRY_AFTER);
}

void
ews_json_reply (SoupServerMessage *msg,
                guint              status,
                JsonNode          *body)
{
  g_autofree char *text = NULL;
  gsize            length = 0;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (body != NULL);

  text = ews_json_node_to_text (body, &length);

  ews_reply_add_retry_after (msg, status);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), length);
}

JsonNode *
ews_json_error_new (const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
ews_json_reply_error (SoupServerMessage *msg,
                      guint              status,
                      const char        *message)
{
  g_autoptr(JsonNode) body = ews_json_error_new (message);

  ews_json_reply (msg, status, body);
}

void
ews_json_reply_preflight (SoupServerMessage *msg,
                          const char        *methods,
                          const char        *headers)
{
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (response_headers, "Access-Control-Allow-Origin", "*");
  soup_message_headers_replace (response_headers, "Access-Control-Allow-Methods", methods);
  soup_message_headers_replace (response_headers, "Access-Control-Allow-Headers", headers);
  /* Browsers may keep the answer a day, so a page makes one preflight per
   * route rather than one per call. */
  soup_message_headers_replace (response_headers, "Access-Control-Max-Age", "86400");
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}
