/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-list-row.h"
#include "ewe-toasts.h"
#include "ewe-window-private.h"

/* Archived lists: the sidebar's "Archived" section below the everyday
 * lists, and the actions that archive the list shown (with a thank-you
 * note for its guests) and un-archive it. The store does the work and
 * says no to edits of an archived list; here the editing actions are
 * turned off so that nobody is offered what would be refused. */

static gboolean
archived_filter_func (gpointer item,
                      gpointer user_data)
{
  return ewe_list_get_archived (EWE_LIST (item)) == GPOINTER_TO_INT (user_data);
}

static void
update_section (EweWindow *self)
{
  gtk_widget_set_visible (self->archived_section,
                          self->archived_lists != NULL &&
                            g_list_model_get_n_items (G_LIST_MODEL (self->archived_lists)) > 0);
}

/* A list archived or un-archived here or on another device changes
 * section; the one shown stays selected, in its new place. */
static void
list_archived_cb (EweWindow  *self,
                  GParamSpec *pspec,
                  EweList    *list)
{
  gboolean shown = list == self->shown_list;

  gtk_filter_changed (self->active_filter, GTK_FILTER_CHANGE_DIFFERENT);
  gtk_filter_changed (self->archived_filter, GTK_FILTER_CHANGE_DIFFERENT);
  update_section (self);
  if (shown)
    ewe_window_select_list (self, list);
  _ewe_window_update_list_actions (self);
}

static void
watch_lists (EweWindow *self,
             guint      position,
             guint      removed,
             guint      added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (self->lists, i);

      if (g_signal_handler_find (list, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                 list_archived_cb, self) == 0)
        g_signal_connect_object (list, "notify::archived", G_CALLBACK (list_archived_cb), self,
                                 G_CONNECT_SWAPPED);
    }
}

static void
lists_changed_cb (EweWindow  *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *lists)
{
  watch_lists (self, position, removed, added);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  return ewe_list_row_new (EWE_LIST (item));
}

/* Splits the lists shown (@self->shown_lists) between the everyday
 * section and the archived one. */
void
_ewe_window_bind_archive (EweWindow *self)
{
  self->active_filter = GTK_FILTER (gtk_custom_filter_new (archived_filter_func, GINT_TO_POINTER (FALSE), NULL));
  self->archived_filter = GTK_FILTER (gtk_custom_filter_new (archived_filter_func, GINT_TO_POINTER (TRUE), NULL));
  self->active_lists = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->shown_lists)),
                                                  g_object_ref (self->active_filter));
  self->archived_lists = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->shown_lists)),
                                                    g_object_ref (self->archived_filter));
  g_signal_connect_object (self->archived_lists, "items-changed", G_CALLBACK (update_section), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lists, "items-changed", G_CALLBACK (lists_changed_cb), self, G_CONNECT_SWAPPED);
  watch_lists (self, 0, 0, g_list_model_get_n_items (self->lists));

  gtk_list_box_bind_model (self->lists_box, G_LIST_MODEL (self->active_lists), create_row_cb, NULL, NULL);
  gtk_list_box_bind_model (self->archived_box, G_LIST_MODEL (self->archived_lists), create_row_cb, NULL, NULL);
  update_section (self);
}

void
_ewe_window_unbind_archive (EweWindow *self)
{
  if (self->lists != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->lists, lists_changed_cb, self);
      for (guint i = 0; i < g_list_model_get_n_items (self->lists); i++)
        {
          g_autoptr(EweList) list = g_list_model_get_item (self->lists, i);

          g_signal_handlers_disconnect_by_func (list, list_archived_cb, self);
        }
    }

  if (self->archived_box != NULL)
    gtk_list_box_bind_model (self->archived_box, NULL, NULL, NULL, NULL);
  if (self->lists_box != NULL)
    gtk_list_box_bind_model (self->lists_box, NULL, NULL, NULL, NULL);
  g_clear_object (&self->active_lists);
  g_clear_object (&self->archived_lists);
  g_clear_object (&self->active_filter);
  g_clear_object (&self->archived_filter);
  if (self->archived_section != NULL)
    update_section (self);
}

/* Finds @list's row in the section that holds it, or NULL. */
GtkListBoxRow *
_ewe_window_find_list_row (EweWindow *self,
                           EweList   *list)
{
  GtkListBox *box = ewe_list_get_archived (list) ? self->archived_box : self->lists_box;
  GListModel *model = G_LIST_MODEL (ewe_list_get_archived (list) ? self->archived_lists : self->active_lists);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(EweList) item = g_list_model_get_item (model, i);

      if (item == list)
        return gtk_list_box_get_row_at_index (box, i);
    }

  return NULL;
}

/* One list is selected in the two sections together. */
void
_ewe_window_archived_row_selected_cb (EweWindow     *self,
                                      GtkListBoxRow *row,
                                      GtkListBox    *box)
{
  if (row == NULL)
    {
      if (gtk_list_box_get_selected_row (self->lists_box) == NULL)
        _ewe_window_show_list (self, NULL);
      return;
    }

  gtk_list_box_unselect_all (self->lists_box);
  ewe_friends_sidebar_unselect_all (self->friends_sidebar);
  _ewe_window_show_list (self, ewe_list_row_get_list (EWE_LIST_ROW (row)));
}

/* --- the actions ------------------------------------------------------- */

static void
archived_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(EweWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_async_result_is_tagged (result, ewe_store_archive_list_async))
    ok = ewe_store_archive_list_finish (EWE_STORE (object), result, &error);
  else
    ok = ewe_store_unarchive_list_finish (EWE_STORE (object), result, &error);

  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s says why, e.g. that the disk is full */
      g_autofree char *title = g_strdup_printf (_("Could not change the list: %s"), error->message);

      ewe_window_add_toast (self, ewe_toast_new_escaped (title));
    }
}

static void
archive_response_cb (EweWindow        *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  EweList         *list = g_object_get_data (G_OBJECT (dialog), "list");
  GtkTextBuffer   *buffer = g_object_get_data (G_OBJECT (dialog), "note");
  g_autofree char *note = NULL;
  GtkTextIter      start, end;

  if (g_strcmp0 (response, "archive") != 0 || list == NULL || self->store == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  ewe_store_archive_list_async (self->store, list, note, self->cancellable, archived_cb, g_object_ref (self));
}

static GtkWidget *
note_editor_new (GtkTextBuffer *buffer)
{
  GtkWidget *view = gtk_text_view_new_with_buffer (buffer);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Thank-you note for your guests"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), view);
  gtk_widget_add_css_class (label, "heading");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Thank-you note for your guests"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scrolled, -1, 96);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), scrolled);

  return box;
}

static void
archive_list_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  g_autoptr(EweList) list = _ewe_window_dup_selected_list (self);
  g_autoptr(GtkTextBuffer) buffer = NULL;
  GtkWidget *dialog;

  if (list == NULL || ewe_list_get_archived (list))
    return;

  buffer = gtk_text_buffer_new (NULL);
  gtk_text_buffer_set_text (buffer, _("Thank you for your gifts!"), -1);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL,
                                   _("Guests who open its link will see that the list is closed, with your "
                                     "note. The list becomes read-only; you can un-archive it at any time."));
  /* Translators: %s is the list's title */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Archive “%s”?"), ewe_list_get_title (list));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), note_editor_new (buffer));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "archive", _("_Archive"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "archive", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "archive");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "list", g_steal_pointer (&list), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "note", g_steal_pointer (&buffer), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (archive_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
unarchive_list_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  g_autoptr(EweList) list = _ewe_window_dup_selected_list (self);

  /* Nothing is lost: no question. */
  if (list != NULL && ewe_list_get_archived (list) && self->store != NULL)
    ewe_store_unarchive_list_async (self->store, list, self->cancellable, archived_cb, g_object_ref (self));
}

/* Which of the list's actions the shown list allows: an archived one is
 * read-only until un-archived. */
void
_ewe_window_update_archive_actions (EweWindow *self,
                                    gboolean   has_list)
{
  gboolean archived = has_list && self->shown_list != NULL && ewe_list_get_archived (self->shown_list);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.archive", has_list && !archived);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.unarchive", archived);
  if (archived)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.edit", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.add-gift", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.close", FALSE);
    }
}

void
_ewe_window_class_archive_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "list.archive", NULL, archive_list_action);
  gtk_widget_class_install_action (widget_class, "list.unarchive", NULL, unarchive_list_action);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, archived_box);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, archived_section);
  gtk_widget_class_bind_template_callback (widget_class, _ewe_window_archived_row_selected_cb);
}
