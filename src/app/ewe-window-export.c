/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* Lists out to files and back: list.export (the list menu's Export…),
 * lists.export-all and lists.import (the main menu's). The files are
 * chosen with GtkFileChooserNative, which goes through the portal in a
 * sandbox (GTK 4.8 has no GtkFileDialog), and read and written by
 * libewe-core with GFile's async calls: the main loop never waits. */

#define G_LOG_DOMAIN "ewe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-export.h"
#include "ewe-import.h"
#include "ewe-toasts.h"
#include "ewe-window-private.h"

/* What a file chooser was opened for, kept until it answers. */
typedef struct
{
  EweWindow            *window;
  GtkFileChooserNative *chooser;
  GtkFileFilter        *csv_filter; /* nullable */
  GPtrArray            *lists;      /* nullable: all of them */
} ChooserData;

static void
chooser_data_free (ChooserData *data)
{
  g_clear_object (&data->window);
  g_clear_object (&data->chooser);
  g_clear_object (&data->csv_filter);
  g_clear_pointer (&data->lists, g_ptr_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChooserData, chooser_data_free)

/* Work that may take a while says so until it is done. */
static AdwToast *
show_progress (EweWindow  *self,
               const char *title)
{
  AdwToast *toast = ewe_toast_new_escaped (title);

  adw_toast_set_timeout (toast, 0);
  ewe_window_add_toast (self, g_object_ref (toast));
  return toast;
}

static void
show_error (EweWindow  *self,
            const char *heading,
            GError     *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkFileFilter *
new_filter (const char *name,
            const char *pattern,
            const char *mime_type)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_add_mime_type (filter, mime_type);
  return filter;
}

/* --- export -------------------------------------------------------------- */

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AdwToast) progress = user_data;
  EweWindow *self = g_object_get_data (G_OBJECT (progress), "window");
  GFile     *file = g_object_get_data (G_OBJECT (progress), "file");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  ewe_toast_dismiss (progress);
  if (!ewe_export_to_file_finish (EWE_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Export"), error);
      return;
    }

  name = g_file_get_basename (file);
  /* Translators: %s is a file's name */
  title = g_strdup_printf (_("Exported to “%s”"), name);
  ewe_window_add_toast (self, ewe_toast_new_escaped (title));
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(ChooserData) data = user_data;
  EweWindow *self = data->window;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  EweExportFormat  format;
  AdwToast        *progress;

  if (response != GTK_RESPONSE_ACCEPT || self->store == NULL)
    return;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  name = g_file_get_basename (file);
  format = ewe_export_format_for_name (name);
  /* The filter says what the user asked for when the name does not. */
  if (data->csv_filter != NULL && gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser)) == data->csv_filter)
    format = EWE_EXPORT_FORMAT_CSV;

  progress = show_progress (self, _("Exporting…"));
  g_object_set_data_full (G_OBJECT (progress), "window", g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (progress), "file", g_object_ref (file), g_object_unref);
  ewe_export_to_file_async (self->store, data->lists, format, file, self->cancellable, exported_cb, progress);
}

static void
choose_export_file (EweWindow  *self,
                    const char *title,
                    const char *suggested_name,
                    GPtrArray  *lists)
{
  ChooserData *data = g_new0 (ChooserData, 1);
  g_autoptr(GtkFileFilter) json_filter = new_filter (_("Ewelists Export (JSON)"), "*.json", "application/json");
  g_autofree char *file_name = g_strdup_printf ("%s.json", suggested_name);

  data->window = g_object_ref (self);
  data->lists = lists;
  data->csv_filter = new_filter (_("Spreadsheet (CSV)"), "*.csv", "text/csv");
  data->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->chooser), json_filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->chooser), data->csv_filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (data->chooser), json_filter);
  /* A name with a slash would be a path: not what the title meant. */
  g_strdelimit (file_name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (data->chooser), file_name);
  g_signal_connect (data->chooser, "response", G_CALLBACK (export_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->chooser));
}

static void
export_list_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  g_autoptr(EweList) list = _ewe_window_dup_selected_list (self);
  GPtrArray *lists;

  if (list == NULL || self->store == NULL)
    return;

  lists = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (lists, g_object_ref (list));
  choose_export_file (self, _("Export List"), ewe_list_get_title (list), lists);
}

static void
export_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EweWindow  *self = EWE_WINDOW (widget);
  GListModel *shown = G_LIST_MODEL (self->shown_lists);
  GPtrArray  *lists;

  if (self->store == NULL || shown == NULL)
    return;

  /* The lists the user sees: not those deleted with Undo still offered. */
  lists = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    g_ptr_array_add (lists, g_list_model_get_item (shown, i));
  /* Translators: the name suggested for a file of all the user's lists */
  choose_export_file (self, _("Export All Lists"), _("Gift Lists"), lists);
}

/* --- import -------------------------------------------------------------- */

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AdwToast) progress = user_data;
  EweWindow *self = g_object_get_data (G_OBJECT (progress), "window");
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  ewe_toast_dismiss (progress);
  lists = ewe_import_file_finish (EWE_STORE (object), result, &error);
  if (lists == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Import"), error);
      return;
    }

  if (lists->len > 0)
    ewe_window_select_list (self, g_ptr_array_index (lists, 0));
  title = g_strdup_printf (ngettext ("Imported %u list", "Imported %u lists", lists->len), lists->len);
  ewe_window_add_toast (self, ewe_toast_new_escaped (title));
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(ChooserData) data = user_data;
  EweWindow *self = data->window;
  g_autoptr(GFile) file = NULL;
  AdwToast *progress;

  if (response != GTK_RESPONSE_ACCEPT || self->store == NULL)
    return;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  progress = show_progress (self, _("Importing…"));
  g_object_set_data_full (G_OBJECT (progress), "window", g_object_ref (self), g_object_unref);
  ewe_import_file_async (self->store, file, self->cancellable, imported_cb, progress);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EweWindow   *self = EWE_WINDOW (widget);
  ChooserData *data;
  g_autoptr(GtkFileFilter) json_filter = NULL;

  if (self->store == NULL)
    return;

  data = g_new0 (ChooserData, 1);
  data->window = g_object_ref (self);
  data->chooser = gtk_file_chooser_native_new (_("Import Lists"), GTK_WINDOW (self),
                                                  GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  json_filter = new_filter (_("Ewelists Export (JSON)"), "*.json", "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->chooser), json_filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->chooser), TRUE);
  g_signal_connect (data->chooser, "response", G_CALLBACK (import_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->chooser));
}

/* --- installing ---------------------------------------------------------- */

void
_ewe_window_class_export_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "list.export", NULL, export_list_action);
  gtk_widget_class_install_action (widget_class, "lists.export-all", NULL, export_all_action);
  gtk_widget_class_install_action (widget_class, "lists.import", NULL, import_action);
}
