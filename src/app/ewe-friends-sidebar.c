/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-friends-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-friend-list-row.h"
#include "ewe-friends-sidebar.h"

/* The friends' part of the main window's sidebar: "My Reservations" and
 * the lists friends shared, most recently opened first. Choosing one
 * emits "show-reservations" or "show-list"; the window shows the page. At
 * most one row of the two boxes is selected. */

struct _EweFriendsSidebar
{
  GtkWidget     parent_instance;

  /* template widgets */
  GtkListBox   *reservations_box;
  GtkWidget    *reservations_row;
  GtkLabel     *count_label;
  GtkListBox   *lists_box;
  GtkWidget    *lists_scroller;
  GtkWidget    *hint_label;

  /* owned */
  EweFriends   *friends;
  GSignalGroup *lists_signals;        /* following its lists… */
  GSignalGroup *reservations_signals; /* …and its reservations */
};

enum
{
  PROP_0,
  PROP_FRIENDS,
  N_PROPS
};

enum
{
  SHOW_LIST,
  SHOW_RESERVATIONS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EweFriendsSidebar, ewe_friends_sidebar, GTK_TYPE_WIDGET)

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  return ewe_friend_list_row_new (EWE_LIST (item));
}

static void
update (EweFriendsSidebar *self)
{
  guint            n_lists = self->friends ? g_list_model_get_n_items (ewe_friends_get_lists (self->friends)) : 0;
  guint            n_reservations = self->friends ? g_list_model_get_n_items (ewe_friends_get_reservations (self->friends)) : 0;
  g_autofree char *count = n_reservations > 0 ? g_strdup_printf ("%u", n_reservations) : NULL;

  gtk_label_set_text (self->count_label, count ? count : "");
  gtk_widget_set_visible (self->hint_label, n_lists == 0);
  gtk_widget_set_visible (self->lists_scroller, n_lists > 0);
}

static void
list_selected_cb (EweFriendsSidebar *self,
                  GtkListBoxRow     *row)
{
  if (row == NULL)
    return;

  gtk_list_box_unselect_all (self->reservations_box);
  g_signal_emit (self, signals[SHOW_LIST], 0, ewe_friend_list_row_get_list (EWE_FRIEND_LIST_ROW (row)));
}

static void
list_activated_cb (EweFriendsSidebar *self,
                   GtkListBoxRow     *row)
{
  list_selected_cb (self, row);
}

static void
reservations_selected_cb (EweFriendsSidebar *self,
                          GtkListBoxRow     *row)
{
  if (row == NULL)
    return;

  gtk_list_box_unselect_all (self->lists_box);
  g_signal_emit (self, signals[SHOW_RESERVATIONS], 0);
}

static void
reservations_activated_cb (EweFriendsSidebar *self,
                           GtkListBoxRow     *row)
{
  reservations_selected_cb (self, row);
}

static void
ewe_friends_sidebar_dispose (GObject *object)
{
  EweFriendsSidebar *self = (EweFriendsSidebar *)object;
  GtkWidget         *child;

  if (self->lists_box != NULL)
    gtk_list_box_bind_model (self->lists_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_FRIENDS_SIDEBAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->lists_signals);
  g_clear_object (&self->reservations_signals);
  g_clear_object (&self->friends);

  G_OBJECT_CLASS (ewe_friends_sidebar_parent_class)->dispose (object);
}

static void
ewe_friends_sidebar_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  EweFriendsSidebar *self = EWE_FRIENDS_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_FRIENDS:
      g_value_set_object (value, self->friends);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_friends_sidebar_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  EweFriendsSidebar *self = EWE_FRIENDS_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_FRIENDS:
      ewe_friends_sidebar_set_friends (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_friends_sidebar_class_init (EweFriendsSidebarClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_friends_sidebar_dispose;
  object_class->get_property = ewe_friends_sidebar_get_property;
  object_class->set_property = ewe_friends_sidebar_set_property;

  properties[PROP_FRIENDS] =
    g_param_spec_object ("friends", NULL, NULL, EWE_TYPE_FRIENDS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A friend's list was chosen. */
  signals[SHOW_LIST] =
    g_signal_new ("show-list", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EWE_TYPE_LIST);
  /* "My Reservations" was chosen. */
  signals[SHOW_RESERVATIONS] =
    g_signal_new ("show-reservations", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-friends-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, EweFriendsSidebar, reservations_box);
  gtk_widget_class_bind_template_child (widget_class, EweFriendsSidebar, reservations_row);
  gtk_widget_class_bind_template_child (widget_class, EweFriendsSidebar, count_label);
  gtk_widget_class_bind_template_child (widget_class, EweFriendsSidebar, lists_box);
  gtk_widget_class_bind_template_child (widget_class, EweFriendsSidebar, lists_scroller);
  gtk_widget_class_bind_template_child (widget_class, EweFriendsSidebar, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, list_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, reservations_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, reservations_activated_cb);
}

static void
ewe_friends_sidebar_init (EweFriendsSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The count of reservations, and the hint shown without lists. */
  self->lists_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->lists_signals, "items-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  self->reservations_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->reservations_signals, "items-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

EweFriends *
ewe_friends_sidebar_get_friends (EweFriendsSidebar *self)
{
  g_return_val_if_fail (EWE_IS_FRIENDS_SIDEBAR (self), NULL);

  return self->friends;
}

void
ewe_friends_sidebar_set_friends (EweFriendsSidebar *self,
                                 EweFriends        *friends)
{
  g_return_if_fail (EWE_IS_FRIENDS_SIDEBAR (self));
  g_return_if_fail (friends == NULL || EWE_IS_FRIENDS (friends));

  if (self->friends == friends)
    return;

  g_set_object (&self->friends, friends);
  g_signal_group_set_target (self->lists_signals, friends ? ewe_friends_get_lists (friends) : NULL);
  g_signal_group_set_target (self->reservations_signals, friends ? ewe_friends_get_reservations (friends) : NULL);

  if (friends != NULL)
    {
      gtk_list_box_bind_model (self->lists_box, ewe_friends_get_lists (friends), create_row_cb, NULL, NULL);
    }
  else
    {
      gtk_list_box_bind_model (self->lists_box, NULL, NULL, NULL, NULL);
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRIENDS]);
}

void
ewe_friends_sidebar_unselect_all (EweFriendsSidebar *self)
{
  g_return_if_fail (EWE_IS_FRIENDS_SIDEBAR (self));

  gtk_list_box_unselect_all (self->lists_box);
  gtk_list_box_unselect_all (self->reservations_box);
}

/* Selects @list, one of the friends' lists, and so shows it. */
void
ewe_friends_sidebar_select_list (EweFriendsSidebar *self,
                                 EweList           *list)
{
  GtkListBoxRow *row;

  g_return_if_fail (EWE_IS_FRIENDS_SIDEBAR (self));
  g_return_if_fail (EWE_IS_LIST (list));

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->lists_box, i)) != NULL; i++)
    {
      if (ewe_friend_list_row_get_list (EWE_FRIEND_LIST_ROW (row)) == list)
        {
          if (gtk_list_box_get_selected_row (self->lists_box) == row)
            list_selected_cb (self, row);
          else
            gtk_list_box_select_row (self->lists_box, row);
          return;
        }
    }
}

/**
 * ewe_friends_sidebar_set_first:
 * @first: whether the friends' lists are all the sidebar has to show
 *
 * A friend with no lists of their own: the friends' lists take the room
 * the user's own would have, instead of a short box under them.
 */
void
ewe_friends_sidebar_set_first (EweFriendsSidebar *self,
                               gboolean           first)
{
  g_return_if_fail (EWE_IS_FRIENDS_SIDEBAR (self));

  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->lists_scroller), first ? -1 : 240);
  gtk_widget_set_vexpand (self->lists_scroller, first);
  gtk_widget_set_vexpand (GTK_WIDGET (self), first);
}

void
ewe_friends_sidebar_select_reservations (EweFriendsSidebar *self)
{
  g_return_if_fail (EWE_IS_FRIENDS_SIDEBAR (self));

  if (gtk_list_box_get_selected_row (self->reservations_box) != NULL)
    reservations_selected_cb (self, GTK_LIST_BOX_ROW (self->reservations_row));
  else
    gtk_list_box_select_row (self->reservations_box, GTK_LIST_BOX_ROW (self->reservations_row));
}
