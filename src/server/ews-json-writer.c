/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-json-writer"

#include "config.h"

#include <string.h>

#include "ews-json-writer.h"

#define MAX_DEPTH 64

struct _EwsJsonWriter
{
  GString *text;
  /* Bit n set: the container at depth n already holds something, so the
   * next member or element needs a comma before it. */
  guint64  not_empty;
  guint    depth;
  /* A member name was just written: its value takes no comma. */
  gboolean after_member;
};

EwsJsonWriter *
ews_json_writer_new (gsize expected_length)
{
  EwsJsonWriter *self = g_new0 (EwsJsonWriter, 1);

  self->text = g_string_sized_new (expected_length);
  return self;
}

void
ews_json_writer_free (EwsJsonWriter *self)
{
  if (self == NULL)
    return;

  g_string_free (self->text, TRUE);
  g_free (self);
}

char *
ews_json_writer_free_to_text (EwsJsonWriter *self,
                              gsize         *length)
{
  char *text;

  g_return_val_if_fail (self != NULL, NULL);
  g_warn_if_fail (self->depth == 0);

  if (length != NULL)
    *length = self->text->len;
  text = g_string_free (self->text, FALSE);
  g_free (self);
  return text;
}

/* Before any value or member name: the comma that separates it from the
 * previous one in the same container. */
static void
separate (EwsJsonWriter *self)
{
  guint64 bit;

  if (self->after_member)
    {
      self->after_member = FALSE;
      return;
    }
  if (self->depth == 0)
    return;

  bit = G_GUINT64_CONSTANT (1) << (self->depth - 1);
  if (self->not_empty & bit)
    g_string_append_c (self->text, ',');
  self->not_empty |= bit;
}

static void
open_container (EwsJsonWriter *self,
                char           bracket)
{
  g_return_if_fail (self->depth < MAX_DEPTH);

  separate (self);
  g_string_append_c (self->text, bracket);
  self->depth++;
  self->not_empty &= ~(G_GUINT64_CONSTANT (1) << (self->depth - 1));
}

static void
close_container (EwsJsonWriter *self,
                 char           bracket)
{
  g_return_if_fail (self->depth > 0);

  self->depth--;
  g_string_append_c (self->text, bracket);
}

void
ews_json_writer_begin_object (EwsJsonWriter *self)
{
  open_container (self, '{');
}

void
ews_json_writer_end_object (EwsJsonWriter *self)
{
  close_container (self, '}');
}

void
ews_json_writer_begin_array (EwsJsonWriter *self)
{
  open_container (self, '[');
}

void
ews_json_writer_end_array (EwsJsonWriter *self)
{
  close_container (self, ']');
}

/* RFC 8259 section 7: the quote, the backslash and control characters must
 * be escaped; everything else, UTF-8 included, goes through as it is. Runs
 * of plain bytes are copied in one go. */
static void
append_quoted (GString    *text,
               const char *value)
{
  static const char hex[] = "0123456789abcdef";
  const char       *run = value;
  const char       *p;

  g_string_append_c (text, '"');
  for (p = value; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (text, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append (text, "\\\"");
          break;
        case '\\':
          g_string_append (text, "\\\\");
          break;
        case '\b':
          g_string_append (text, "\\b");
          break;
        case '\f':
          g_string_append (text, "\\f");
          break;
        case '\n':
          g_string_append (text, "\\n");
          break;
        case '\r':
          g_string_append (text, "\\r");
          break;
        case '\t':
          g_string_append (text, "\\t");
          break;
        default:
          g_string_append (text, "\\u00");
          g_string_append_c (text, hex[c >> 4]);
          g_string_append_c (text, hex[c & 0xf]);
          break;
        }
    }
  g_string_append_len (text, run, p - run);
  g_string_append_c (text, '"');
}

void
ews_json_writer_member (EwsJsonWriter *self,
                        const char    *name)
{
  g_return_if_fail (self->depth > 0 && !self->after_member);

  separate (self);
  append_quoted (self->text, name);
  g_string_append_c (self->text, ':');
  self->after_member = TRUE;
}

void
ews_json_writer_string_value (EwsJsonWriter *self,
                              const char    *value)
{
  g_return_if_fail (value != NULL);

  separate (self);
  append_quoted (self->text, value);
}

void
ews_json_writer_int_value (EwsJsonWriter *self,
                           gint64         value)
{
  /* By hand: printf's parsing of the format was a tenth of the shared
   * list's time, for its hundreds of counts. */
  char    digits[24];
  guint   start = sizeof digits;
  guint64 magnitude = value < 0 ? -(guint64)value : (guint64)value;

  do
    {
      digits[--start] = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude != 0);
  if (value < 0)
    digits[--start] = '-';

  separate (self);
  g_string_append_len (self->text, digits + start, sizeof digits - start);
}

void
ews_json_writer_boolean_value (EwsJsonWriter *self,
                               gboolean       value)
{
  separate (self);
  g_string_append (self->text, value ? "true" : "false");
}

static void
write_value (EwsJsonWriter *self,
             JsonNode      *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING && json_node_get_string (node) != NULL)
    {
      ews_json_writer_string_value (self, json_node_get_string (node));
    }
  else if (type == G_TYPE_INT64)
    {
      ews_json_writer_int_value (self, json_node_get_int (node));
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      ews_json_writer_boolean_value (self, json_node_get_boolean (node));
    }
  else if (type == G_TYPE_DOUBLE)
    {
      char digits[G_ASCII_DTOSTR_BUF_SIZE];

      /* As json-glib spells it, ".0" and all, so that no reply's bytes
       * change; but not its "1e+22.0", which is no JSON. */
      g_ascii_formatd (digits, sizeof digits, "%.17g", json_node_get_double (node));
      separate (self);
      g_string_append (self->text, digits);
      if (strpbrk (digits, ".e") == NULL)
        g_string_append (self->text, ".0");
    }
  else
    {
      /* json-glib writes a string node without a string as null too. */
      separate (self);
      g_string_append (self->text, "null");
    }
}

void
ews_json_writer_node (EwsJsonWriter *self,
                      JsonNode      *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char    *name;
        JsonNode      *member;

        ews_json_writer_begin_object (self);
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            ews_json_writer_member (self, name);
            ews_json_writer_node (self, member);
          }
        ews_json_writer_end_object (self);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint      length = json_array_get_length (array);

        ews_json_writer_begin_array (self);
        for (guint i = 0; i < length; i++)
          ews_json_writer_node (self, json_array_get_element (array, i));
        ews_json_writer_end_array (self);
      }
      break;

    case JSON_NODE_VALUE:
      write_value (self, node);
      break;

    case JSON_NODE_NULL:
    default:
      separate (self);
      g_string_append (self->text, "null");
      break;
    }
}

char *
ews_json_node_to_text (JsonNode *node,
                       gsize    *length)
{
  EwsJsonWriter *writer = ews_json_writer_new (256);

  ews_json_writer_node (writer, node);
  return ews_json_writer_free_to_text (writer, length);
}
