/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-export-format.h"
#include "ewe-import.h"
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
  char        *reveal_date; /* NULL: not set */
  gboolean     archived;
  char        *archive_note;
  GPtrArray   *gifts; /* EweGift, detached */
} ImportedList;

static void
imported_list_free (ImportedList *imported)
{
  g_free (imported->id);
  g_free (imported->reveal_date);
  g_free (imported->archive_note);
  g_clear_object (&imported->values);
  g_clear_pointer (&imported->gifts, g_ptr_array_unref);
  g_free (imported);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportedList, imported_list_free)

/* --- the checked file as drafts ----------------------------------------- */

/* The shared checker (ewe-export-format.c) has read and checked every value
 * by the server's rules; what is left is to make them the store's objects. */

static EweGift *
gift_from_export (const EweExportGift *exported)
{
  EweGift *gift = ewe_gift_new ();

  ewe_gift_set_quantity (gift, (int)exported->quantity);
  ewe_gift_set_product_type (gift, exported->catalogue ? EWE_PRODUCT_TYPE_CATALOGUE : EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_notes (gift, exported->notes);
  ewe_gift_set_details (gift, exported->details);
  ewe_gift_set_brand (gift, exported->brand);
  ewe_gift_set_retailer (gift, exported->retailer);
  ewe_gift_set_price (gift, exported->price);
  ewe_gift_set_currency (gift, exported->currency);
  ewe_gift_set_product_url (gift, exported->product_url);
  ewe_gift_set_image_url (gift, exported->image_url);
  ewe_gift_set_unlimited (gift, exported->unlimited);
  ewe_gift_set_most_wanted (gift, exported->most_wanted);

  /* The catalogue's products are shared: the gift points at the same one.
   * A typed-in product belongs to the account that made it: the draft gets
   * its own, made from the same details. */
  if (exported->catalogue)
    ewe_gift_set_product_id (gift, exported->product_id);

  return gift;
}

static ImportedList *
list_from_export (const EweExportList *exported)
{
  ImportedList *imported = g_new0 (ImportedList, 1);

  imported->id = g_strdup (exported->id);
  imported->state = exported->closed ? EWE_LIST_STATE_CLOSED : EWE_LIST_STATE_OPEN;
  imported->reveal_date = g_strdup (exported->reveal_date);
  imported->archived = exported->archived;
  imported->archive_note = g_strdup (exported->archive_note);
  imported->values = ewe_list_new ();
  ewe_list_set_title (imported->values, exported->title);
  ewe_list_set_description (imported->values, exported->description);
  ewe_list_set_occasion (imported->values, exported->occasion);
  ewe_list_set_event_date (imported->values, exported->event_date);
  ewe_list_set_image_url (imported->values, exported->image_url);
  ewe_list_set_currency (imported->values, exported->currency);

  imported->gifts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < exported->gifts->len; i++)
    g_ptr_array_add (imported->gifts, gift_from_export (g_ptr_array_index (exported->gifts, i)));

  return imported;
}

/* The whole file, checked: a GPtrArray of ImportedList, or NULL with
 * @error set and nothing done. */
static GPtrArray *
read_export (GBytes  *contents,
             GError **error)
{
  g_autoptr(GPtrArray) imported = g_ptr_array_new_with_free_func ((GDestroyNotify)imported_list_free);
  g_autoptr(GPtrArray) exported = NULL;
  g_autoptr(GError) format_error = NULL;
  gsize       length = 0;
  const char *data = g_bytes_get_data (contents, &length);

  exported = ewe_export_format_read (data, length, &format_error);
  if (exported == NULL)
    {
      /* The codes are the same, one for one (ewe-import.h). */
      g_set_error_literal (error, EWE_IMPORT_ERROR, format_error->code, format_error->message);
      return NULL;
    }

  for (guint i = 0; i < exported->len; i++)
    g_ptr_array_add (imported, list_from_export (g_ptr_array_index (exported, i)));

  return g_steal_pointer (&imported);
}

/* --- writing the drafts -------------------------------------------------- */

/* What is left to do for the last created list once its gifts are in,
 * in this order: an archived list is read-only, so archiving comes last. */
typedef enum
{
  FINISH_CLOSE,
  FINISH_REVEAL_DATE,
  FINISH_ARCHIVE,
  FINISH_DONE,
} FinishStep;

typedef struct
{
  GPtrArray *imported;  /* ImportedList */
  GPtrArray *created;   /* EweList, live */
  guint      next_gift; /* of the last created list */
  FinishStep finish;    /* of the last created list, once its gifts are in */
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
  data->finish = FINISH_CLOSE;
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

/* Closing, the reveal date and archiving answer alike: one step done. */
static void
list_finished_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImportData *data = g_task_get_task_data (task);
  GError     *error = NULL;

  switch (data->finish)
    {
    case FINISH_CLOSE:
      ewe_store_close_list_finish (EWE_STORE (object), result, &error);
      break;
    case FINISH_REVEAL_DATE:
      ewe_store_set_reveal_date_finish (EWE_STORE (object), result, &error);
      break;
    case FINISH_ARCHIVE:
      ewe_store_archive_list_finish (EWE_STORE (object), result, &error);
      break;
    case FINISH_DONE:
    default:
      g_assert_not_reached ();
    }
  if (return_if_failed (task, error))
    return;

  data->finish++;
  import_next (g_steal_pointer (&task));
}

/* Starts the last created list's next finishing step and returns TRUE, or
 * FALSE when none is left. */
static gboolean
finish_list (GTask        *task,
             ImportedList *current,
             EweList      *live)
{
  ImportData   *data = g_task_get_task_data (task);
  EweStore     *store = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  for (; data->finish < FINISH_DONE; data->finish++)
    {
      switch (data->finish)
        {
        case FINISH_CLOSE:
          if (current->state != EWE_LIST_STATE_CLOSED)
            continue;
          ewe_store_close_list_async (store, live, cancellable, list_finished_cb, task);
          return TRUE;
        case FINISH_REVEAL_DATE:
          if (current->reveal_date == NULL)
            continue;
          ewe_store_set_reveal_date_async (store, live, current->reveal_date, cancellable, list_finished_cb, task);
          return TRUE;
        case FINISH_ARCHIVE:
          if (!current->archived)
            continue;
          ewe_store_archive_list_async (store, live, current->archive_note, cancellable, list_finished_cb, task);
          return TRUE;
        case FINISH_DONE:
        default:
          g_assert_not_reached ();
        }
    }

  return FALSE;
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
      if (finish_list (task, current, live))
        return;
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
