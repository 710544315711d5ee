/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ewe-export-format.h"
#include "ewe-export.h"

/* The gifts are read through the store, one list after the other, on its
 * worker thread; the text is built here when all are in, and written with
 * GFile's own async calls, so the caller's main loop never waits on the
 * disk. */

typedef struct
{
  GPtrArray      *lists; /* EweList */
  GPtrArray      *gifts; /* a GListModel of EweGift per list, in order */
  EweExportFormat format;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_pointer (&data->lists, g_ptr_array_unref);
  g_clear_pointer (&data->gifts, g_ptr_array_unref);
  g_free (data);
}

static EweExportGift *
gift_to_export (EweGift *gift)
{
  EweExportGift *exported = ewe_export_gift_new ();

  exported->quantity = ewe_gift_get_quantity (gift);
  exported->notes = g_strdup (ewe_gift_get_notes (gift));
  exported->catalogue = ewe_gift_get_product_type (gift) == EWE_PRODUCT_TYPE_CATALOGUE;
  exported->product_id = g_strdup (ewe_gift_get_product_id (gift));
  exported->details = g_strdup (ewe_gift_get_details (gift));
  exported->brand = g_strdup (ewe_gift_get_brand (gift));
  exported->retailer = g_strdup (ewe_gift_get_retailer (gift));
  exported->price = g_strdup (ewe_gift_get_price (gift));
  exported->currency = g_strdup (ewe_gift_get_currency (gift));
  exported->product_url = g_strdup (ewe_gift_get_product_url (gift));
  exported->image_url = g_strdup (ewe_gift_get_image_url (gift));
  exported->unlimited = ewe_gift_get_unlimited (gift);
  exported->most_wanted = ewe_gift_get_most_wanted (gift);

  return exported;
}

static EweExportList *
list_to_export (EweList    *list,
                GListModel *gifts)
{
  EweExportList *exported = ewe_export_list_new ();
  const char    *event_date = ewe_list_get_event_date (list);

  exported->id = g_strdup (ewe_list_get_id (list));
  exported->title = g_strdup (ewe_list_get_title (list));
  exported->description = g_strdup (ewe_list_get_description (list));
  exported->occasion = g_strdup (ewe_list_get_occasion (list));
  if (!ewe_event_date_is_unset (event_date))
    exported->event_date = g_strdup (event_date);
  exported->image_url = g_strdup (ewe_list_get_image_url (list));
  exported->closed = ewe_list_get_state (list) == EWE_LIST_STATE_CLOSED;
  exported->currency = g_strdup (ewe_list_get_currency (list));
  exported->reveal_date = g_strdup (ewe_list_get_reveal_date (list));
  exported->archived = ewe_list_get_archived (list);
  exported->archive_note = g_strdup (ewe_list_get_archive_note (list));

  for (guint i = 0; i < g_list_model_get_n_items (gifts); i++)
    {
      g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);

      g_ptr_array_add (exported->gifts, gift_to_export (gift));
    }

  return exported;
}

/* Written by the format's one writer, which the server's export-account
 * uses too, so the same lists make the same file on both sides. */
static GBytes *
build_json (ExportData *data)
{
  g_autoptr(GPtrArray) exported = g_ptr_array_new_with_free_func ((GDestroyNotify)ewe_export_list_free);

  for (guint i = 0; i < data->lists->len; i++)
    g_ptr_array_add (exported, list_to_export (g_ptr_array_index (data->lists, i), g_ptr_array_index (data->gifts, i)));

  return ewe_export_format_write (exported);
}

/**
 * ewe_export_csv_field:
 * @text: (nullable): a cell's text
 *
 * One CSV cell by RFC 4180, quoted when it must be. A spreadsheet runs a
 * cell that starts with = + - or @ as a formula (and some also after a tab
 * or carriage return), so a gift named `=HYPERLINK(…)` by a shop's page
 * could do harm where the user opens the file: such a cell gets a leading
 * apostrophe, which spreadsheets take as "this is text".
 */
char *
ewe_export_csv_field (const char *text)
{
  GString *cell = g_string_new (NULL);

  if (text == NULL)
    text = "";

  if (text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL)
    g_string_append_c (cell, '\'');
  g_string_append (cell, text);

  if (strpbrk (cell->str, ",\"\r\n") != NULL)
    {
      g_string_replace (cell, "\"", "\"\"", 0);
      g_string_prepend_c (cell, '"');
      g_string_append_c (cell, '"');
    }

  return g_string_free (cell, FALSE);
}

static void
append_row (GString            *csv,
            const char * const *cells,
            guint               n_cells)
{
  for (guint i = 0; i < n_cells; i++)
    {
      g_autofree char *field = ewe_export_csv_field (cells[i]);

      if (i > 0)
        g_string_append_c (csv, ',');
      g_string_append (csv, field);
    }
  /* RFC 4180's line end, which every spreadsheet reads. */
  g_string_append (csv, "\r\n");
}

static GBytes *
build_csv (ExportData *data)
{
  GString           *csv = g_string_new (NULL);
  const char * const header[] = {
    _("List"), _("Gift"), _("Brand"), _("Quantity"), _("Price"),
                                                            _("Currency"), _("Shop"), _("Link"), _("Notes"),
                                                            };

  append_row (csv, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < data->lists->len; i++)
    {
      EweList    *list = g_ptr_array_index (data->lists, i);
      GListModel *gifts = g_ptr_array_index (data->gifts, i);

      for (guint j = 0; j < g_list_model_get_n_items (gifts); j++)
        {
          g_autoptr(EweGift) gift = g_list_model_get_item (gifts, j);
          g_autofree char   *quantity = g_strdup_printf ("%d", ewe_gift_get_quantity (gift));
          const char * const row[] = {
            ewe_list_get_title (list),
            ewe_gift_get_details (gift),
            ewe_gift_get_brand (gift),
            quantity,
            ewe_gift_get_price (gift),
            ewe_gift_get_currency (gift),
            ewe_gift_get_retailer (gift),
            ewe_gift_get_product_url (gift),
            ewe_gift_get_notes (gift),
          };

          append_row (csv, row, G_N_ELEMENTS (row));
        }
    }

  return g_string_free_to_bytes (csv);
}

static void load_next_gifts (GTask *task);

static void
gifts_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GListModel *gifts;

  gifts = ewe_store_load_gifts_finish (EWE_STORE (object), result, &error);
  if (gifts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_ptr_array_add (data->gifts, gifts);
  load_next_gifts (g_steal_pointer (&task));
}

static void
load_next_gifts (GTask *task)
{
  ExportData *data = g_task_get_task_data (task);
  EweStore   *store = g_task_get_source_object (task);
  GBytes     *bytes;

  if (data->gifts->len < data->lists->len)
    {
      EweList *list = g_ptr_array_index (data->lists, data->gifts->len);

      ewe_store_load_gifts_async (store, list, g_task_get_cancellable (task), gifts_loaded_cb, task);
      return;
    }

  if (data->format == EWE_EXPORT_FORMAT_CSV)
    bytes = build_csv (data);
  else
    bytes = build_json (data);
  g_task_return_pointer (task, bytes, (GDestroyNotify)g_bytes_unref);
  g_object_unref (task);
}

/**
 * ewe_export_lists_async:
 * @store: the store the lists are in
 * @lists: (nullable) (element-type EweList): the lists, in the order to
 *   write them; %NULL for all of the store's
 * @format: JSON or CSV
 *
 * Reads the lists' gifts through @store and writes them in @format.
 */
void
ewe_export_lists_async (EweStore           *store,
                        GPtrArray          *lists,
                        EweExportFormat     format,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  GTask      *task;
  ExportData *data;

  g_return_if_fail (EWE_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_export_lists_async);

  data = g_new0 (ExportData, 1);
  data->format = format;
  data->gifts = g_ptr_array_new_with_free_func (g_object_unref);
  data->lists = g_ptr_array_new_with_free_func (g_object_unref);
  if (lists != NULL)
    {
      for (guint i = 0; i < lists->len; i++)
        g_ptr_array_add (data->lists, g_object_ref (g_ptr_array_index (lists, i)));
    }
  else
    {
      GListModel *all = ewe_store_get_lists (store);

      for (guint i = 0; i < g_list_model_get_n_items (all); i++)
        g_ptr_array_add (data->lists, g_list_model_get_item (all, i));
    }
  g_task_set_task_data (task, data, (GDestroyNotify)export_data_free);

  load_next_gifts (task);
}

/**
 * ewe_export_lists_finish:
 *
 * Returns: (transfer full): the file's contents, in UTF-8
 */
GBytes *
ewe_export_lists_finish (EweStore     *store,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_export_lists_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
file_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));

      /* Translators: the first %s is a file's name, the second says why */
      g_task_return_new_error (task, error->domain, error->code, _("Could not write “%s”: %s"), name, error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GFile        *file = g_task_get_task_data (task);
  GCancellable *cancellable;

  bytes = ewe_export_lists_finish (EWE_STORE (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The file chooser asked about replacing the file already. */
  cancellable = g_task_get_cancellable (task);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                                       file_written_cb, g_steal_pointer (&task));
}

/**
 * ewe_export_to_file_async:
 * @file: where to write; replaced if it exists
 *
 * ewe_export_lists_async(), written to @file.
 */
void
ewe_export_to_file_async (EweStore           *store,
                          GPtrArray          *lists,
                          EweExportFormat     format,
                          GFile              *file,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (EWE_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_export_to_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  ewe_export_lists_async (store, lists, format, cancellable, exported_cb, task);
}

gboolean
ewe_export_to_file_finish (EweStore     *store,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_export_to_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ewe_export_format_for_name:
 * @file_name: the name the user chose
 *
 * CSV for a name ending in .csv, whatever its case; JSON otherwise.
 */
EweExportFormat
ewe_export_format_for_name (const char *file_name)
{
  g_autofree char *folded = g_ascii_strdown (file_name != NULL ? file_name : "", -1);

  return g_str_has_suffix (folded, ".csv") ? EWE_EXPORT_FORMAT_CSV : EWE_EXPORT_FORMAT_JSON;
}
