/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-json-guard"

#include "config.h"

#include <string.h>

#include "ewe-json-guard.h"
#include "ewe-limits.h"

/**
 * ewe_json_guard_check:
 * @data: the text
 * @length: its length in bytes
 * @offset: (out) (optional): where the problem is, in bytes from the start
 *
 * JSON-GLib's parser recurses once per level of nesting, so 100,000 "["
 * overflow the stack before it can say the JSON is bad. This scan counts
 * the depth first, without recursing. It must see the text as the parser
 * will: JSON-GLib also skips C comments and takes 'single-quoted' strings,
 * either of which could hide brackets from a scan that only knows "double
 * quotes" (`/\* " *\/ [[[…`). Neither is JSON, so text with a ' or / outside
 * a string is refused here rather than read two ways.
 *
 * Every JSON text the server reads (bodies, token parts) and every answer
 * the app reads goes through this one scan.
 */
EweJsonGuardVerdict
ewe_json_guard_check (const char *data,
                      gsize       length,
                      gsize      *offset)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint    depth = 0;

  if (offset != NULL)
    *offset = 0;

  if (data == NULL || length == 0)
    return EWE_JSON_GUARD_EMPTY;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (offset != NULL)
        *offset = i;

      if (c == '\0')
        return EWE_JSON_GUARD_NUL;

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
          if (++depth > EWE_LIMIT_JSON_DEPTH)
            return EWE_JSON_GUARD_TOO_DEEP;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        case '\'':
        case '/':
          return EWE_JSON_GUARD_NOT_JSON;
        default:
          break;
        }
    }

  return EWE_JSON_GUARD_OK;
}

/**
 * ewe_json_parse:
 *
 * Parses @data after ewe_json_guard_check(). Returns the root node, or
 * NULL with @error set in JSON_PARSER_ERROR (the message names the
 * problem, in English: callers that show it to users say it their way).
 */
JsonNode *
ewe_json_parse (const char *data,
                gsize       length,
                GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  gsize     offset = 0;

  switch (ewe_json_guard_check (data, length, &offset))
    {
    case EWE_JSON_GUARD_OK:
      break;
    case EWE_JSON_GUARD_EMPTY:
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, "There is no JSON.");
      return NULL;
    case EWE_JSON_GUARD_NUL:
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "The JSON holds a NUL byte.");
      return NULL;
    case EWE_JSON_GUARD_TOO_DEEP:
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "The JSON nests deeper than %d levels.", EWE_LIMIT_JSON_DEPTH);
      return NULL;
    case EWE_JSON_GUARD_NOT_JSON:
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "Unexpected “%c” at byte %" G_GSIZE_FORMAT ": comments and single quotes are not JSON.",
                   data[offset], offset + 1);
      return NULL;
    default:
      g_assert_not_reached ();
    }

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
