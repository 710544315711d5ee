/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-help-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ewe-help-topics.h"
#include "ewe-help-window.h"

/* EweHelpWindow: Help (F1), the app's own short guide: topics down a
 * sidebar, searchable, and each topic's page beside them, or after them
 * on a narrow screen (an AdwLeaflet). The text is in ewe-help-topics.c,
 * translated like the rest of the app, so it needs neither Yelp nor a
 * browser and shows the same under test as on a phone. */

struct _EweHelpWindow
{
  AdwWindow       parent_instance;

  /* template widgets */
  AdwLeaflet     *leaflet;
  GtkSearchEntry *search_entry;
  GtkListBox     *topics_box;
  GtkBox         *content;
  AdwWindowTitle *page_title;
  GtkStack       *pages;

  /* owned */
  char          **words; /* what the search entry holds, folded; NULL for all */
};

G_DEFINE_FINAL_TYPE (EweHelpWindow, ewe_help_window, ADW_TYPE_WINDOW)

/* Text as search compares it: the same whatever the case and however an
 * accent was typed. */
static char *
fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normal, -1);
}

static GtkWidget *
topic_page_new (const EweHelpTopic *topic)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  /* A heading for screen readers, which read a page by its headings. */
  GtkWidget *title = g_object_new (GTK_TYPE_LABEL, "label", _(topic->title), "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, NULL);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);

  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (box), title);

  for (guint i = 0; topic->paragraphs[i] != NULL; i++)
    {
      GtkWidget *paragraph = gtk_label_new (_(topic->paragraphs[i]));

      gtk_label_set_wrap (GTK_LABEL (paragraph), TRUE);
      gtk_label_set_xalign (GTK_LABEL (paragraph), 0);
      gtk_widget_add_css_class (paragraph, "body");
      gtk_box_append (GTK_BOX (box), paragraph);
    }

  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  return scrolled;
}

static GtkWidget *
topic_row_new (const EweHelpTopic *topic)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (_(topic->title));
  g_autoptr(GString) text = g_string_new (_(topic->title));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  /* Screen readers and the tests find topics by name. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, _(topic->title), -1);
  gtk_widget_set_name (row, topic->id);

  /* What search looks in: the title and every paragraph. */
  for (guint i = 0; topic->paragraphs[i] != NULL; i++)
    g_string_append_printf (text, "\n%s", _(topic->paragraphs[i]));
  g_object_set_data_full (G_OBJECT (row), "ewe-help-text", fold (text->str), g_free);

  return row;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  EweHelpWindow *self = user_data;
  const char    *text = g_object_get_data (G_OBJECT (row), "ewe-help-text");

  /* Every word searched for, anywhere in the topic. */
  for (guint i = 0; self->words != NULL && self->words[i] != NULL; i++)
    if (self->words[i][0] != '\0' && strstr (text, self->words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static GtkListBoxRow *
first_visible_row (EweHelpWindow *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->topics_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row))
      return GTK_LIST_BOX_ROW (row);
  return NULL;
}

static void
search_changed_cb (EweHelpWindow *self)
{
  g_autofree char *query = fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  g_clear_pointer (&self->words, g_strfreev);
  self->words = g_strsplit_set (g_strstrip (query), " \t", -1);
  gtk_list_box_invalidate_filter (self->topics_box);
}

/* Enter in the search: the first topic found. */
static void
search_activate_cb (EweHelpWindow *self)
{
  GtkListBoxRow *row = first_visible_row (self);

  if (row != NULL)
    {
      gtk_list_box_select_row (self->topics_box, row);
      adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content));
    }
}

static void
stop_search_cb (EweHelpWindow *self)
{
  /* Escape in an empty search closes Help, as Escape elsewhere does. */
  if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] == '\0')
    gtk_window_close (GTK_WINDOW (self));
  else
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* The topic's name over its page beside the list; on a narrow screen the
 * page's own heading names it, as a long name ("Erhaltene Geschenke und
 * Danksagungen") would be cut short in the header bar. */
static void
update_page_title (EweHelpWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->pages);

  adw_window_title_set_title (self->page_title,
                              page != NULL && !adw_leaflet_get_folded (self->leaflet)
                                ? gtk_stack_page_get_title (gtk_stack_get_page (self->pages, page))
                                : "");
}

static void
row_selected_cb (EweHelpWindow *self,
                 GtkListBoxRow *row)
{
  if (row == NULL)
    return;

  gtk_stack_set_visible_child_name (self->pages, gtk_widget_get_name (GTK_WIDGET (row)));
  update_page_title (self);
}

/* Activated (a click, Enter): on a narrow screen the page takes its place. */
static void
row_activated_cb (EweHelpWindow *self,
                  GtkListBoxRow *row)
{
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EweHelpWindow *self = EWE_HELP_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->topics_box));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EweHelpWindow *self = EWE_HELP_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, gtk_widget_get_parent (GTK_WIDGET (self->search_entry)));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
ewe_help_window_finalize (GObject *object)
{
  EweHelpWindow *self = EWE_HELP_WINDOW (object);

  g_clear_pointer (&self->words, g_strfreev);

  G_OBJECT_CLASS (ewe_help_window_parent_class)->finalize (object);
}

static void
ewe_help_window_class_init (EweHelpWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ewe_help_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-help-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EweHelpWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, EweHelpWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EweHelpWindow, topics_box);
  gtk_widget_class_bind_template_child (widget_class, EweHelpWindow, content);
  gtk_widget_class_bind_template_child (widget_class, EweHelpWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, EweHelpWindow, pages);

  gtk_widget_class_install_action (widget_class, "help.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "help.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "help.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "help.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
ewe_help_window_init (EweHelpWindow *self)
{
  const EweHelpTopic *topics;
  guint               n_topics;

  gtk_widget_init_template (GTK_WIDGET (self));

  topics = ewe_help_topics_get (&n_topics);
  for (guint i = 0; i < n_topics; i++)
    {
      gtk_stack_add_titled (self->pages, topic_page_new (&topics[i]), topics[i].id, _(topics[i].title));
      gtk_list_box_append (self->topics_box, topic_row_new (&topics[i]));
    }

  gtk_list_box_set_filter_func (self->topics_box, filter_row, self, NULL);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (stop_search_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->topics_box, "row-selected", G_CALLBACK (row_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->topics_box, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (update_page_title), self,
                           G_CONNECT_SWAPPED);
  /* Typing anywhere searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  /* The first topic shows beside the list; on a narrow screen the list
   * comes first. */
  gtk_list_box_select_row (self->topics_box, first_visible_row (self));
  adw_leaflet_set_visible_child (self->leaflet, gtk_widget_get_parent (GTK_WIDGET (self->search_entry)));
}

EweHelpWindow *
ewe_help_window_new (void)
{
  return g_object_new (EWE_TYPE_HELP_WINDOW, NULL);
}

gboolean
ewe_help_window_show_topic (EweHelpWindow *self,
                            const char    *id)
{
  g_return_val_if_fail (EWE_IS_HELP_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->topics_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), id) == 0)
      {
        gtk_list_box_select_row (self->topics_box, GTK_LIST_BOX_ROW (row));
        adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content));
        return TRUE;
      }
  return FALSE;
}

const char *
ewe_help_window_get_topic (EweHelpWindow *self)
{
  g_return_val_if_fail (EWE_IS_HELP_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->pages);
}
