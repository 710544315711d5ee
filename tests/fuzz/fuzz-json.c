/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* libFuzzer target: the guarded JSON parser every request body and token
 * part goes through. Whatever the bytes, it must return a tree or an
 * error, never crash, and never let the recursive parser see text nested
 * deeper than the guard allows. */

#include "config.h"

#include <stdint.h>

#include "ewe-limits.h"
#include "ews-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static guint
depth_of (JsonNode *node)
{
  guint deepest = 0;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode      *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        {
          /* Not MAX (deepest, depth_of (…)): the macro evaluates its
           * arguments twice, and the walk would take 2^depth steps. */
          guint depth = depth_of (member);

          deepest = MAX (deepest, depth);
        }
      return deepest + 1;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          guint depth = depth_of (json_array_get_element (array, i));

          deepest = MAX (deepest, depth);
        }
      return deepest + 1;
    }

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  root = ewe_json_parse ((const char *)data, size, &error);
  if (root == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }

  g_assert_cmpuint (depth_of (root), <=, EWE_LIMIT_JSON_DEPTH);

  /* What we parsed, we can write and read back. */
  text = json_to_string (root, FALSE);
  g_assert_nonnull (text);

  return 0;
}
