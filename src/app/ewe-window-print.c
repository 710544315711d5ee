/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-list-printer.h"
#include "ewe-toasts.h"
#include "ewe-window-private.h"

/* Print… (Ctrl+P): the list shown, laid out for paper
 * (ewe-list-printer.c), through GTK's print dialog, whose "Print to File"
 * makes a PDF. Its gifts and the pictures the cache holds are read first,
 * off the main thread; the dialog then does the rest. */

typedef struct
{
  EweWindow  *window;
  EweList    *list;
  GListModel *gifts;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->window);
  g_clear_object (&job->list);
  g_clear_object (&job->gifts);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrintJob, print_job_free)

static void
print_failed (EweWindow    *self,
              const GError *error)
{
  /* Translators: %s says why, e.g. that no printer could be reached */
  g_autofree char *title = g_strdup_printf (_("Could not print the list: %s"), error->message);

  ewe_window_add_toast (self, ewe_toast_new_escaped (title));
}

static void
pictures_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PrintJob) job = user_data;
  g_autoptr(GHashTable) pictures = NULL;
  g_autoptr(EwePrintLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  gboolean show_counts;

  pictures = ewe_list_printer_load_pictures_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* In surprise mode the paper keeps the surprise too. */
  show_counts = !g_settings_get_boolean (job->window->settings, "surprise-mode");
  layout = ewe_list_printer_build (job->list, job->gifts, pictures, show_counts);
  if (ewe_print_layout_run (layout, GTK_WINDOW (job->window), GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL,
                            &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    print_failed (job->window, error);
}

static void
gifts_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PrintJob) job = user_data;
  g_autoptr(GError) error = NULL;
  EweImageCache *cache;
  GListModel    *gifts;
  GCancellable  *cancellable;

  job->gifts = ewe_store_load_gifts_finish (EWE_STORE (object), result, &error);
  if (job->gifts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        print_failed (job->window, error);
      return;
    }

  /* Read before the job moves on: arguments are evaluated in any order. */
  cache = ewe_session_get_image_cache (job->window->session);
  gifts = job->gifts;
  cancellable = job->window->cancellable;
  ewe_list_printer_load_pictures_async (cache, gifts, cancellable, pictures_loaded_cb, g_steal_pointer (&job));
}

static void
print_list_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  g_autoptr(EweList) list = _ewe_window_dup_selected_list (self);
  PrintJob *job;

  if (list == NULL || self->store == NULL)
    return;

  job = g_new0 (PrintJob, 1);
  job->window = g_object_ref (self);
  job->list = g_steal_pointer (&list);
  ewe_store_load_gifts_async (self->store, job->list, self->cancellable, gifts_loaded_cb, job);
}

void
_ewe_window_class_print_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "list.print", NULL, print_list_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "list.print", NULL);
}
