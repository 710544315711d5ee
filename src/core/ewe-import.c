/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ewe-export.h"
#include "ewe-gift-rules.h"
#include "ewe-import.h"
#include "ewe-json-guard.h"
#include "ewe-limits.h"

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-import-error-quark, ewe_import_error)
/* clang-format on */

/* A list as the file gives it, checked, not yet in the store. */
typedef struct
{
  char        *id; /* the id it had where it was exported, if any */
  EweList     *values;
  EweListState state;
  GPtrArray   *gifts; /* EweGift, detached */
} ImportedList;

static void
imported_list_free (ImportedList *imported)
{
  g_free (imported->id);
  g_clear_object (&imported->values);
  g_clear_pointer (&imported->gifts, g_ptr_array_unref);
  g_free (imported);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportedList, imported_list_free)

/* --- checking the file --------------------------------------------------- */

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
  g_set_error (error, EWE_IMPORT_ERROR, EWE_IMPORT_ERROR_INVALID, _("%s: “%s” must be %s."), where, member, what);
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

  *out = NULL;
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
               int        *out,
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

  *out = (int)quantity;
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

/* Sets @target's member through @setter, or returns NULL from the reader
 * with *error set: a dozen fields read alike, each one line. */
#define READ_TEXT(object, member, required, where, setter, target)   \
  G_STMT_START                                                       \
  {                                                                  \
    g_autofree char *text_ = NULL;                                   \
    if (!read_text (object, member, required, where, &text_, error)) \
      return NULL;                                                   \
    setter (target, text_);                                          \
  }                                                                  \
  G_STMT_END

static EweGift *
read_gift (JsonNode   *node,
           const char *where,
           GError    **error)
{
  g_autoptr(EweGift) gift = ewe_gift_new ();
  g_autofree char *type = NULL;
  g_autofree char *id = NULL;
  EweProductType   product_type;
  JsonObject      *object;
  JsonObject      *product;
  int              quantity;

  if ((object = read_object (node, where, "gifts", error)) == NULL ||
      !read_quantity (object, where, &quantity, error) ||
      (product = read_object (json_object_get_member (object, "product"), where, "product", error)) == NULL ||
      !read_text (product, "type", TRUE, where, &type, error) ||
      !read_text (product, "id", FALSE, where, &id, error))
    return NULL;

  if (!ewe_product_type_from_string (type, &product_type))
    return (refuse_value (error, where, "type", "“products” or “notfound”"), NULL);

  ewe_gift_set_quantity (gift, quantity);
  ewe_gift_set_product_type (gift, product_type);
  READ_TEXT (object, "notes", FALSE, where, ewe_gift_set_notes, gift);
  READ_TEXT (product, "details", FALSE, where, ewe_gift_set_details, gift);
  READ_TEXT (product, "brand", FALSE, where, ewe_gift_set_brand, gift);
  READ_TEXT (product, "retailer", FALSE, where, ewe_gift_set_retailer, gift);
  READ_TEXT (product, "price", FALSE, where, ewe_gift_set_price, gift);
  READ_TEXT (product, "currency", FALSE, where, ewe_gift_set_currency, gift);
  READ_TEXT (product, "productUrl", FALSE, where, ewe_gift_set_product_url, gift);
  READ_TEXT (product, "imageUrl", FALSE, where, ewe_gift_set_image_url, gift);

  if (product_type == EWE_PRODUCT_TYPE_CATALOGUE)
    {
      /* The catalogue's products are shared: the gift points at the same
       * one. */
      if (id == NULL || ewe_id_is_local (id))
        return (refuse_value (error, where, "id", _("the catalogue product’s id")), NULL);
      ewe_gift_set_product_id (gift, id);
    }
  else
    {
      g_autoptr(GError) rule_error = NULL;

      /* A typed-in product belongs to the account that made it: the draft
       * gets its own, made from the same details. */
      if (!ewe_store_check_typed_in_gift (gift, &rule_error))
        {
          g_set_error (error, EWE_IMPORT_ERROR, EWE_IMPORT_ERROR_INVALID, "%s: %s", where, rule_error->message);
          return NULL;
        }
    }

  return g_steal_pointer (&gift);
}

static ImportedList *
read_list (JsonNode *node,
           guint     position,
           GError  **error)
{
  g_autoptr(ImportedList) imported = g_new0 (ImportedList, 1);
  /* Translators: where a problem is in an import file; %u counts from 1 */
  g_autofree char *where = g_strdup_printf (_("List %u"), position);
  g_autofree char *state = NULL;
  JsonObject      *object;
  JsonArray       *gifts;

  imported->values = ewe_list_new ();
  imported->gifts = g_ptr_array_new_with_free_func (g_object_unref);

  if ((object = read_object (node, where, "lists", error)) == NULL ||
      !read_text (object, "id", FALSE, where, &imported->id, error) ||
      !read_text (object, "state", FALSE, where, &state, error))
    return NULL;

  READ_TEXT (object, "title", TRUE, where, ewe_list_set_title, imported->values);
  READ_TEXT (object, "description", FALSE, where, ewe_list_set_description, imported->values);
  READ_TEXT (object, "occasion", FALSE, where, ewe_list_set_occasion, imported->values);
  READ_TEXT (object, "eventDate", FALSE, where, ewe_list_set_event_date, imported->values);
  READ_TEXT (object, "imageUrl", FALSE, where, ewe_list_set_image_url, imported->values);

  imported->state = EWE_LIST_STATE_OPEN;
  if (state != NULL && !ewe_list_state_from_string (state, &imported->state))
    return (refuse_value (error, where, "state", "“open” or “closed”"), NULL);

  if (!ewe_event_date_is_unset (ewe_list_get_event_date (imported->values)))
    {
      g_autoptr(GDateTime) date = ewe_event_date_parse (ewe_list_get_event_date (imported->values));

      if (date == NULL)
        return (refuse_value (error, where, "eventDate", _("a date such as 2026-12-24")), NULL);
    }

  if ((gifts = read_array (object, "gifts", where, error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (gifts); i++)
    {
      /* Translators: where a problem is in an import file; both count from 1 */
      g_autofree char *gift_where = g_strdup_printf (_("List %u, gift %u"), position, i + 1);
      EweGift         *gift = read_gift (json_array_get_element (gifts, i), gift_where, error);

      if (gift == NULL)
        return NULL;
      g_ptr_array_add (imported->gifts, gift);
    }

  return g_steal_pointer (&imported);
}

static const char *
not_export_message (void)
{
  return _("This file is not an Ewelists export. Choose a file made with Export… or Export All Lists….");
}

/* The whole file, checked: a GPtrArray of ImportedList, or NULL with
 * @error set and nothing done. */
static GPtrArray *
read_export (GBytes  *contents,
             GError **error)
{
  g_autoptr(GPtrArray) imported = g_ptr_array_new_with_free_func ((GDestroyNotify)imported_list_free);
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *format = NULL;
  gsize            length = 0;
  const char      *data = g_bytes_get_data (contents, &length);
  JsonObject      *object;
  JsonNode        *version;
  JsonArray       *lists;

  if (length > EWE_LIMIT_EXPORT_BYTES)
    {
      g_set_error (error, EWE_IMPORT_ERROR, EWE_IMPORT_ERROR_TOO_BIG,
                   _("This file is larger than %d MB, more than any Ewelists export. "
                     "Choose a file made with Export… or Export All Lists…."),
                      EWE_LIMIT_EXPORT_BYTES / (1024 * 1024));
      return NULL;
    }

  /* The guard's depth is checked first, apart, so that a file made to
   * overflow the parser gets its own words. */
  if (ewe_json_guard_check (data, length, NULL) == EWE_JSON_GUARD_TOO_DEEP)
    {
      g_set_error (error, EWE_IMPORT_ERROR, EWE_IMPORT_ERROR_TOO_DEEP,
                   _("This file nests deeper than %d levels, which no Ewelists export does. "
                     "Choose a file made with Export… or Export All Lists…."),
                      EWE_LIMIT_JSON_DEPTH);
      return NULL;
    }

  root = ewe_json_parse (data, length, &parse_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, EWE_IMPORT_ERROR, EWE_IMPORT_ERROR_NOT_EXPORT, not_export_message ());
      return NULL;
    }

  object = json_node_get_object (root);
  if (!read_text (object, "format", TRUE, "", &format, NULL) || g_strcmp0 (format, EWE_EXPORT_FORMAT_NAME) != 0)
    {
      g_set_error_literal (error, EWE_IMPORT_ERROR, EWE_IMPORT_ERROR_NOT_EXPORT, not_export_message ());
      return NULL;
    }

  version = json_object_get_member (object, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    {
      g_set_error_literal (error, EWE_IMPORT_ERROR, EWE_IMPORT_ERROR_NOT_EXPORT, not_export_message ());
      return NULL;
    }
  if (json_node_get_int (version) != EWE_EXPORT_FORMAT_VERSION)
    {
      g_set_error (error, EWE_IMPORT_ERROR, EWE_IMPORT_ERROR_TOO_NEW,
                   _("This export is in a version of the format this Ewelists cannot read (it reads "
                     "version %d). Update Ewelists to import it."),
                      EWE_EXPORT_FORMAT_VERSION);
      return NULL;
    }

  if ((lists = read_array (object, "lists", _("The file"), error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (lists); i++)
    {
      ImportedList *list = read_list (json_array_get_element (lists, i), i + 1, error);

      if (list == NULL)
        return NULL;
      g_ptr_array_add (imported, list);
    }

  return g_steal_pointer (&imported);
}

/* --- writing the drafts -------------------------------------------------- */

typedef struct
{
  GPtrArray *imported;  /* ImportedList */
  GPtrArray *created;   /* EweList, live */
  guint      next_gift; /* of the last created list */
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_pointer (&data->imported, g_ptr_array_unref);
  g_clear_pointer (&data->created, g_ptr_array_unref);
  g_free (data);
}

static void import_next (GTask *task);

static gboolean
return_if_failed (GTask  *task,
                  GError *error)
{
  ImportData *data = g_task_get_task_data (task);

  if (error == NULL)
    return FALSE;

  /* Lists already written stay: they are drafts like any other, and the
   * user can delete them. The message says how far it got. */
  g_prefix_error (&error,
                  g_dngettext (GETTEXT_PACKAGE, "%u list was imported before this error: ",
                               "%u lists were imported before this error: ", data->created->len),
                  data->created->len);
  g_task_return_error (task, error);
  return TRUE;
}

static void
list_created_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImportData *data = g_task_get_task_data (task);
  GError     *error = NULL;
  EweList    *list = ewe_store_create_list_finish (EWE_STORE (object), result, &error);

  if (return_if_failed (task, error))
    return;

  g_ptr_array_add (data->created, list);
  data->next_gift = 0;
  import_next (g_steal_pointer (&task));
}

static void
gift_added_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImportData *data = g_task_get_task_data (task);
  GError     *error = NULL;
  g_autoptr(EweGift) gift = ewe_store_add_gift_finish (EWE_STORE (object), result, &error);

  if (return_if_failed (task, error))
    return;

  data->next_gift++;
  import_next (g_steal_pointer (&task));
}

static void
list_closed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImportData *data = g_task_get_task_data (task);
  GError     *error = NULL;

  ewe_store_close_list_finish (EWE_STORE (object), result, &error);
  if (return_if_failed (task, error))
    return;

  /* Past the gifts and the closing: on to the next list. */
  data->next_gift = G_MAXUINT;
  import_next (g_steal_pointer (&task));
}

static void
import_next (GTask *task)
{
  ImportData   *data = g_task_get_task_data (task);
  EweStore     *store = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  ImportedList *current;
  EweList      *live;

  if (data->created->len > 0)
    {
      current = g_ptr_array_index (data->imported, data->created->len - 1);
      live = g_ptr_array_index (data->created, data->created->len - 1);

      if (data->next_gift < current->gifts->len)
        {
          ewe_store_add_gift_async (store, live, g_ptr_array_index (current->gifts, data->next_gift),
                                    cancellable, gift_added_cb, task);
          return;
        }
      if (data->next_gift == current->gifts->len && current->state == EWE_LIST_STATE_CLOSED)
        {
          ewe_store_close_list_async (store, live, cancellable, list_closed_cb, task);
          return;
        }
    }

  if (data->created->len < data->imported->len)
    {
      current = g_ptr_array_index (data->imported, data->created->len);

      /* Nothing overwritten, nothing silently doubled either: the copy
       * says what it is. */
      if (current->id != NULL && ewe_store_lookup_list (store, current->id) != NULL)
        {
          /* Translators: %s is an imported list's title */
          g_autofree char *title = g_strdup_printf (_("%s (imported copy)"), ewe_list_get_title (current->values));

          ewe_list_set_title (current->values, title);
        }

      ewe_store_create_list_async (store, current->values, cancellable, list_created_cb, task);
      return;
    }

  g_task_return_pointer (task, g_ptr_array_ref (data->created), (GDestroyNotify)g_ptr_array_unref);
  g_object_unref (task);
}

/**
 * ewe_import_async:
 * @contents: a JSON export
 *
 * Checks all of @contents, then creates its lists as drafts in @store.
 */
void
ewe_import_async (EweStore           *store,
                  GBytes             *contents,
                  GCancellable       *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ImportData *data;
  GPtrArray  *imported;

  g_return_if_fail (EWE_IS_STORE (store));
  g_return_if_fail (contents != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_import_async);

  imported = read_export (contents, &error);
  if (imported == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (ImportData, 1);
  data->imported = imported;
  data->created = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify)import_data_free);

  import_next (g_steal_pointer (&task));
}

/**
 * ewe_import_finish:
 *
 * Returns: (transfer container) (element-type EweList): the new lists, live
 */
GPtrArray *
ewe_import_finish (EweStore     *store,
                   GAsyncResult *result,
                   GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_import_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Stops reading a file once it is past the limit: a 50 MB file is refused
 * after reading a little over EWE_LIMIT_EXPORT_BYTES, not all of it. */
static gboolean
read_more_cb (const char *contents,
              goffset     size,
              gpointer    user_data)
{
  return size <= EWE_LIMIT_EXPORT_BYTES;
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *lists = ewe_import_finish (EWE_STORE (object), result, &error);

  if (lists == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, lists, (GDestroyNotify)g_ptr_array_unref);
}

static void
file_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_partial_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));

      /* Translators: the first %s is a file's name, the second says why */
      g_task_return_new_error (task, error->domain, error->code, _("Could not read “%s”: %s"), name, error->message);
      return;
    }

  bytes = g_bytes_new_take (contents, length);
  ewe_import_async (g_task_get_source_object (task), bytes, g_task_get_cancellable (task), imported_cb,
                    g_object_ref (task));
}

/**
 * ewe_import_file_async:
 * @file: a JSON export
 *
 * ewe_import_async() of @file's contents, read without blocking and no
 * further than the limit.
 */
void
ewe_import_file_async (EweStore           *store,
                       GFile              *file,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (EWE_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_import_file_async);
  g_file_load_partial_contents_async (file, cancellable, read_more_cb, file_read_cb, task);
}

/**
 * ewe_import_file_finish:
 *
 * Returns: (transfer container) (element-type EweList): the new lists, live
 */
GPtrArray *
ewe_import_file_finish (EweStore     *store,
                        GAsyncResult *result,
                        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_import_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
