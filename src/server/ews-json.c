/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-json"

#include "config.h"

#include "ews-json.h"

/* JSON-GLib's parser recurses once per level of nesting, so 100,000 "["
 * overflow the stack before it can say the JSON is bad. This scan counts
 * the depth first, without recursing. It must see the text as the parser
 * will: JSON-GLib also skips C comments and takes 'single-quoted' strings,
 * either of which could hide brackets from a scan that only knows "double
 * quotes". Neither is JSON, so text with a ' or / outside a string is
 * refused here rather than read two ways. */
static gboolean
check_nesting (const char  *data,
               gsize        length,
               GError     **error)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > EWS_JSON_MAX_DEPTH)
            {
              g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "The JSON nests deeper than %d levels.", EWS_JSON_MAX_DEPTH);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        case '\'':
        case '/':
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       "Unexpected “%c” at byte %" G_GSIZE_FORMAT ": comments and single quotes are not JSON.",
                       c, i + 1);
          return FALSE;
        default:
          break;
        }
    }

  return TRUE;
}

/* Every JSON the server reads goes through here: request bodies, whatever
 * the route, and the parts of a token. Returns the root node, or NULL with
 * @error set (JSON_PARSER_ERROR) for text that is not JSON, nests too deep
 * or holds a NUL byte (after which the parser would see less than the
 * caller checked). */
JsonNode *
ews_json_parse (const char  *data,
                gsize        length,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (length == 0 || data == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, "There is no JSON.");
      return NULL;
    }

  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "The JSON holds a NUL byte.");
      return NULL;
    }

  if (!check_nesting (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize)length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, "There is no JSON.");
      return NULL;
    }

  return json_node_ref (root);
}

void
ews_json_reply (SoupServerMessage *msg,
                guint              status,
                JsonNode          *body)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (body != NULL);

  text = json_to_string (body, FALSE);
  length = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), length);
}

void
ews_json_reply_error (SoupServerMessage *msg,
                      guint              status,
                      const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  ews_json_reply (msg, status, body);
}
