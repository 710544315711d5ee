/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-export-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "ewe-currency.h"
#include "ewe-export-format.h"
#include "ewe-gift-rules.h"
#include "ewe-json-guard.h"
#include "ewe-limits.h"
#include "ewe-reveal.h"

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-export-format-error-quark, ewe_export_format_error)
/* clang-format on */

/* What the app wrote before dates were ISO, and still reads. */
static const char * const month_names[] = {
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
};

EweExportList *
ewe_export_list_new (void)
{
  EweExportList *list = g_new0 (EweExportList, 1);

  list->gifts = g_ptr_array_new_with_free_func ((GDestroyNotify)ewe_export_gift_free);
  return list;
}

void
ewe_export_list_free (EweExportList *list)
{
  if (list == NULL)
    return;
  g_free (list->id);
  g_free (list->title);
  g_free (list->description);
  g_free (list->occasion);
  g_free (list->event_date);
  g_free (list->image_url);
  g_free (list->currency);
  g_free (list->reveal_date);
  g_free (list->archive_note);
  g_clear_pointer (&list->gifts, g_ptr_array_unref);
  g_free (list);
}

EweExportGift *
ewe_export_gift_new (void)
{
  return g_new0 (EweExportGift, 1);
}

void
ewe_export_gift_free (EweExportGift *gift)
{
  if (gift == NULL)
    return;
  g_free (gift->notes);
  g_free (gift->product_id);
  g_free (gift->details);
  g_free (gift->brand);
  g_free (gift->retailer);
  g_free (gift->price);
  g_free (gift->currency);
  g_free (gift->product_url);
  g_free (gift->image_url);
  g_free (gift);
}

/**
 * ewe_event_date_read:
 * @text: "2018-10-31", or "31 October 2018" as the original wrote it
 *
 * Reads an event's day. FALSE for anything else, "None" (the original's
 * "no date") included.
 */
gboolean
ewe_event_date_read (const char *text,
                     int        *year,
                     int        *month,
                     int        *day)
{
  g_auto(GStrv) parts = NULL;
  guint64 value;

  *year = *month = *day = 0;
  if (text == NULL)
    return FALSE;

  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    {
      if (sscanf (text, "%4d-%2d-%2d", year, month, day) != 3)
        return FALSE;
      return g_date_valid_dmy (*day, *month, *year);
    }

  parts = g_strsplit (text, " ", -1);
  if (g_strv_length (parts) != 3)
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[0], 10, 1, 31, &value, NULL))
    return FALSE;
  *day = (int)value;
  for (guint i = 0; i < G_N_ELEMENTS (month_names); i++)
    if (g_ascii_strcasecmp (parts[1], month_names[i]) == 0)
      *month = (int)i + 1;
  if (!g_ascii_string_to_unsigned (parts[2], 10, 1, 9999, &value, NULL))
    return FALSE;
  *year = (int)value;

  return g_date_valid_dmy (*day, *month, *year);
}

/* --- writing --------------------------------------------------------------- */

static void
add_text (JsonBuilder *builder,
          const char  *member,
          const char  *text)
{
  /* Absent and empty read the same on both sides, so the file says
   * neither. */
  if (text == NULL || *text == '\0')
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

static void
add_gift (JsonBuilder         *builder,
          const EweExportGift *gift)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "quantity");
  json_builder_add_int_value (builder, gift->quantity);
  add_text (builder, "notes", gift->notes);
  /* Only when set, so that other gifts' files read as before. */
  if (gift->unlimited)
    {
      json_builder_set_member_name (builder, "unlimited");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (gift->most_wanted)
    {
      json_builder_set_member_name (builder, "mostWanted");
      json_builder_add_boolean_value (builder, TRUE);
    }

  json_builder_set_member_name (builder, "product");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, gift->catalogue ? "products" : "notfound");
  add_text (builder, "id", gift->product_id);
  add_text (builder, "details", gift->details);
  add_text (builder, "brand", gift->brand);
  add_text (builder, "retailer", gift->retailer);
  add_text (builder, "price", gift->price);
  add_text (builder, "currency", gift->currency);
  add_text (builder, "productUrl", gift->product_url);
  add_text (builder, "imageUrl", gift->image_url);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}

/**
 * ewe_export_format_write:
 * @lists: (element-type EweExportList): in the order to write them
 *
 * Returns: (transfer full): the export, pretty-printed UTF-8
 */
GBytes *
ewe_export_format_write (GPtrArray *lists)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize length = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, EWE_EXPORT_FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, EWE_EXPORT_FORMAT_VERSION);

  json_builder_set_member_name (builder, "lists");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lists->len; i++)
    {
      const EweExportList *list = g_ptr_array_index (lists, i);

      json_builder_begin_object (builder);
      add_text (builder, "id", list->id);
      add_text (builder, "title", list->title);
      add_text (builder, "description", list->description);
      add_text (builder, "occasion", list->occasion);
      add_text (builder, "eventDate", list->event_date);
      add_text (builder, "imageUrl", list->image_url);
      add_text (builder, "currency", list->currency);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, list->closed ? "closed" : "open");
      /* Newer than version 1's first files, and written only when set, so
       * that readers of those files and other lists' files are as before. */
      add_text (builder, "revealDate", list->reveal_date);
      if (list->archived)
        {
          json_builder_set_member_name (builder, "archived");
          json_builder_add_boolean_value (builder, TRUE);
          add_text (builder, "archiveNote", list->archive_note);
        }

      json_builder_set_member_name (builder, "gifts");
      json_builder_begin_array (builder);
      for (guint j = 0; j < list->gifts->len; j++)
        add_gift (builder, g_ptr_array_index (list->gifts, j));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

/* --- reading and checking -------------------------------------------------- */

/* Every refusal of a value says where it is (@where: "List 2, gift 3") and
 * what it must be, so that whoever wrote the file can fix it. */

static gboolean
refuse_value (GError    **error,
              const char *where,
              const char *member,
              const char *what)
{
  /* Translators: the first %s says where ("List 2, gift 3"), the second
   * is a field's name in the file ("quantity"), the third what it must be */
  g_set_error (error, EWE_EXPORT_FORMAT_ERROR, EWE_EXPORT_FORMAT_ERROR_INVALID, _("%s: “%s” must be %s."), where, member, what);
  return FALSE;
}

static gboolean
read_text (JsonObject *object,
           const char *member,
           gboolean    required,
           const char *where,
           char      **out,
           GError    **error)
{
  JsonNode   *node = json_object_get_member (object, member);
  const char *text;

  g_clear_pointer (out, g_free);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return refuse_value (error, where, member, _("given"));
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return refuse_value (error, where, member, _("text"));

  text = json_node_get_string (node);
  if (strlen (text) > EWE_LIMIT_TEXT_BYTES)
    {
      g_autofree char *limit = g_strdup_printf (_("text of at most %d bytes"), EWE_LIMIT_TEXT_BYTES);

      return refuse_value (error, where, member, limit);
    }

  if (required && *text == '\0')
    return refuse_value (error, where, member, _("given"));

  *out = g_strdup (text);
  return TRUE;
}

static gboolean
read_quantity (JsonObject *object,
               const char *where,
               gint64     *out,
               GError    **error)
{
  JsonNode *node = json_object_get_member (object, "quantity");
  gint64    quantity = 0;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    quantity = json_node_get_int (node);

  if (ewe_gift_rules_check_quantity (quantity) != EWE_GIFT_PROBLEM_NONE)
    {
      g_autofree char *range = g_strdup_printf (_("a whole number from 1 to %d"), EWE_LIMIT_QUANTITY_MAX);

      return refuse_value (error, where, "quantity", range);
    }

  *out = quantity;
  return TRUE;
}

static JsonObject *
read_object (JsonNode   *node,
             const char *where,
             const char *member,
             GError    **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      refuse_value (error, where, member, _("an object"));
      return NULL;
    }

  return json_node_get_object (node);
}

static JsonArray *
read_array (JsonObject *object,
            const char *member,
            const char *where,
            GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      refuse_value (error, where, member, _("a list"));
      return NULL;
    }

  return json_node_get_array (node);
}

/* The server's rule for a product typed in by hand, in the words the app's
 * form uses. */
static gboolean
check_typed_in (const EweExportGift *gift,
                const char          *where,
                GError             **error)
{
  EweGiftProblems problems = ewe_gift_rules_check_typed_in (gift->details, gift->product_url, gift->image_url);
  g_autoptr(GString) message = NULL;

  if (problems == EWE_GIFT_PROBLEM_NONE)
    return TRUE;

  message = g_string_new (where);
  g_string_append (message, ":");
  if (problems & EWE_GIFT_PROBLEM_NO_NAME)
    g_string_append_printf (message, " %s", _("A gift needs a name."));
  if (problems & EWE_GIFT_PROBLEM_PRODUCT_URL)
    g_string_append_printf (message, " %s", _("The shop’s address must start with https:// or http://."));
  if (problems & EWE_GIFT_PROBLEM_IMAGE_URL)
    g_string_append_printf (message, " %s", _("The picture’s address must start with https:// or http://."));

  g_set_error_literal (error, EWE_EXPORT_FORMAT_ERROR, EWE_EXPORT_FORMAT_ERROR_INVALID, message->str);
  return FALSE;
}

/* An optional flag: absent or null is FALSE. */
static gboolean
read_flag (JsonObject *object,
           const char *member,
           const char *where,
           gboolean   *out,
           GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return refuse_value (error, where, member, _("true or false"));

  *out = json_node_get_boolean (node);
  return TRUE;
}

static EweExportGift *
read_gift (JsonNode   *node,
           const char *where,
           GError    **error)
{
  g_autoptr(EweExportGift) gift = ewe_export_gift_new ();
  g_autofree char *type = NULL;
  JsonObject      *object;
  JsonObject      *product;

  if ((object = read_object (node, where, "gifts", error)) == NULL ||
      !read_quantity (object, where, &gift->quantity, error) ||
      (product = read_object (json_object_get_member (object, "product"), where, "product", error)) == NULL ||
      !read_text (product, "type", TRUE, where, &type, error) ||
      !read_text (product, "id", FALSE, where, &gift->product_id, error))
    return NULL;

  if (g_str_equal (type, "products"))
    gift->catalogue = TRUE;
  else if (!g_str_equal (type, "notfound"))
    return (refuse_value (error, where, "type", "“products” or “notfound”"), NULL);

  if (!read_text (object, "notes", FALSE, where, &gift->notes, error) ||
      !read_flag (object, "unlimited", where, &gift->unlimited, error) ||
      !read_flag (object, "mostWanted", where, &gift->most_wanted, error) ||
      !read_text (product, "details", FALSE, where, &gift->details, error) ||
      !read_text (product, "brand", FALSE, where, &gift->brand, error) ||
      !read_text (product, "retailer", FALSE, where, &gift->retailer, error) ||
      !read_text (product, "price", FALSE, where, &gift->price, error) ||
      !read_text (product, "currency", FALSE, where, &gift->currency, error) ||
      !read_text (product, "productUrl", FALSE, where, &gift->product_url, error) ||
      !read_text (product, "imageUrl", FALSE, where, &gift->image_url, error))
    return NULL;

  if (gift->catalogue)
    {
      /* The catalogue's products are shared: the gift points at the same
       * one, which a draft's local id is not. */
      if (gift->product_id == NULL || g_str_has_prefix (gift->product_id, "local:"))
        return (refuse_value (error, where, "id", _("the catalogue product’s id")), NULL);
    }
  else if (!check_typed_in (gift, where, error))
    {
      return NULL;
    }

  return g_steal_pointer (&gift);
}

static EweExportList *
read_list (JsonNode *node,
           guint     position,
           GError  **error)
{
  g_autoptr(EweExportList) list = ewe_export_list_new ();
  /* Translators: where a problem is in an import file; %u counts from 1 */
  g_autofree char *where = g_strdup_printf (_("List %u"), position);
  g_autofree char *state = NULL;
  JsonObject      *object;
  JsonArray       *gifts;
  int              year, month, day;

  if ((object = read_object (node, where, "lists", error)) == NULL ||
      !read_text (object, "id", FALSE, where, &list->id, error) ||
      !read_text (object, "state", FALSE, where, &state, error) ||
      !read_text (object, "title", TRUE, where, &list->title, error) ||
      !read_text (object, "description", FALSE, where, &list->description, error) ||
      !read_text (object, "occasion", FALSE, where, &list->occasion, error) ||
      !read_text (object, "eventDate", FALSE, where, &list->event_date, error) ||
      !read_text (object, "imageUrl", FALSE, where, &list->image_url, error) ||
      !read_text (object, "currency", FALSE, where, &list->currency, error) ||
      !read_text (object, "revealDate", FALSE, where, &list->reveal_date, error) ||
      !read_flag (object, "archived", where, &list->archived, error) ||
      !read_text (object, "archiveNote", FALSE, where, &list->archive_note, error))
    return NULL;

  /* Absent or empty: not set, the day after the event (as older files). */
  if (list->reveal_date != NULL && *list->reveal_date == '\0')
    g_clear_pointer (&list->reveal_date, g_free);
  if (list->reveal_date != NULL && !ewe_reveal_date_is_valid (list->reveal_date))
    return (refuse_value (error, where, "revealDate", _("a date such as 2026-12-24")), NULL);
  /* A note says thank you for an archived list only. */
  if (!list->archived)
    g_clear_pointer (&list->archive_note, g_free);

  if (list->currency != NULL && !ewe_currency_is_known (list->currency))
    return (refuse_value (error, where, "currency", _("an ISO 4217 currency code such as EUR")), NULL);

  if (g_strcmp0 (state, "closed") == 0)
    list->closed = TRUE;
  else if (state != NULL && !g_str_equal (state, "open"))
    return (refuse_value (error, where, "state", "“open” or “closed”"), NULL);

  /* "" and the original's "None" say "no date". */
  if (list->event_date != NULL && *list->event_date != '\0' && !g_str_equal (list->event_date, "None") &&
      !ewe_event_date_read (list->event_date, &year, &month, &day))
    return (refuse_value (error, where, "eventDate", _("a date such as 2026-12-24")), NULL);

  if ((gifts = read_array (object, "gifts", where, error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (gifts); i++)
    {
      /* Translators: where a problem is in an import file; both count from 1 */
      g_autofree char *gift_where = g_strdup_printf (_("List %u, gift %u"), position, i + 1);
      EweExportGift   *gift = read_gift (json_array_get_element (gifts, i), gift_where, error);

      if (gift == NULL)
        return NULL;
      g_ptr_array_add (list->gifts, gift);
    }

  return g_steal_pointer (&list);
}

static gboolean
refuse_file (GError **error)
{
  g_set_error_literal (error, EWE_EXPORT_FORMAT_ERROR, EWE_EXPORT_FORMAT_ERROR_NOT_EXPORT,
                       _("This file is not an Ewelists export. Choose a file made with Export… or Export All "
                         "Lists…."));
  return FALSE;
}

/**
 * ewe_export_format_read:
 * @data: the file's contents, all of them
 *
 * Reads and checks a whole export before anything is done with it: its
 * size, depth, format and version, and every value's type and limits, by
 * the server's rules.
 *
 * Returns: (transfer container) (element-type EweExportList): the lists,
 *   or %NULL with @error set in EWE_EXPORT_FORMAT_ERROR
 */
GPtrArray *
ewe_export_format_read (const char *data,
                        gsize       length,
                        GError    **error)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func ((GDestroyNotify)ewe_export_list_free);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *format = NULL;
  JsonObject      *object;
  JsonNode        *version;
  JsonArray       *array;

  if (length > EWE_LIMIT_EXPORT_BYTES)
    {
      g_set_error (error, EWE_EXPORT_FORMAT_ERROR, EWE_EXPORT_FORMAT_ERROR_TOO_BIG,
                   _("This file is larger than %d MB, more than any Ewelists export. "
                     "Choose a file made with Export… or Export All Lists…."),
                      EWE_LIMIT_EXPORT_BYTES / (1024 * 1024));
      return NULL;
    }

  /* The guard's depth is checked first, apart, so that a file made to
   * overflow the parser gets its own words. */
  if (ewe_json_guard_check (data, length, NULL) == EWE_JSON_GUARD_TOO_DEEP)
    {
      g_set_error (error, EWE_EXPORT_FORMAT_ERROR, EWE_EXPORT_FORMAT_ERROR_TOO_DEEP,
                   _("This file nests deeper than %d levels, which no Ewelists export does. "
                     "Choose a file made with Export… or Export All Lists…."),
                      EWE_LIMIT_JSON_DEPTH);
      return NULL;
    }

  root = ewe_json_parse (data, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return (refuse_file (error), NULL);

  object = json_node_get_object (root);
  if (!read_text (object, "format", TRUE, "", &format, NULL) || g_strcmp0 (format, EWE_EXPORT_FORMAT_NAME) != 0)
    return (refuse_file (error), NULL);

  version = json_object_get_member (object, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    return (refuse_file (error), NULL);
  if (json_node_get_int (version) != EWE_EXPORT_FORMAT_VERSION)
    {
      g_set_error (error, EWE_EXPORT_FORMAT_ERROR, EWE_EXPORT_FORMAT_ERROR_TOO_NEW,
                   _("This export is in a version of the format this Ewelists cannot read (it reads "
                     "version %d). Update Ewelists to import it."),
                      EWE_EXPORT_FORMAT_VERSION);
      return NULL;
    }

  if ((array = read_array (object, "lists", _("The file"), error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      EweExportList *list = read_list (json_array_get_element (array, i), i + 1, error);

      if (list == NULL)
        return NULL;
      g_ptr_array_add (lists, list);
    }

  return g_steal_pointer (&lists);
}
