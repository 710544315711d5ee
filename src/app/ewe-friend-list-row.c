/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-friend-list-row"

#include "config.h"

#include "ewe-friend-list-row.h"

/* One of the lists friends shared, in the sidebar. The row follows the
 * list's title, which a pull may change while it shows. */

struct _EweFriendListRow
{
  GtkListBoxRow parent_instance;

  /* template widgets */
  GtkLabel     *title_label;

  /* owned */
  EweList      *list;
};

enum
{
  PROP_0,
  PROP_LIST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (EweFriendListRow, ewe_friend_list_row, GTK_TYPE_LIST_BOX_ROW)

/* The row's own name, for screen readers, rather than the label's text
 * read after the icon's. */
static void
update_title (EweFriendListRow *self)
{
  const char *title = ewe_list_get_title (self->list);

  if (title == NULL)
    title = "";

  gtk_label_set_text (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static void
ewe_friend_list_row_constructed (GObject *object)
{
  EweFriendListRow *self = (EweFriendListRow *)object;

  G_OBJECT_CLASS (ewe_friend_list_row_parent_class)->constructed (object);

  g_signal_connect_object (self->list, "notify::title", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  update_title (self);
}

static void
ewe_friend_list_row_dispose (GObject *object)
{
  EweFriendListRow *self = (EweFriendListRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_FRIEND_LIST_ROW);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (ewe_friend_list_row_parent_class)->dispose (object);
}

static void
ewe_friend_list_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  EweFriendListRow *self = EWE_FRIEND_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_friend_list_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  EweFriendListRow *self = EWE_FRIEND_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_friend_list_row_class_init (EweFriendListRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ewe_friend_list_row_constructed;
  object_class->dispose = ewe_friend_list_row_dispose;
  object_class->get_property = ewe_friend_list_row_get_property;
  object_class->set_property = ewe_friend_list_row_set_property;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL,
                         EWE_TYPE_LIST,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-friend-list-row.ui");
  gtk_widget_class_bind_template_child (widget_class, EweFriendListRow, title_label);
}

static void
ewe_friend_list_row_init (EweFriendListRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ewe_friend_list_row_new (EweList *list)
{
  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  return g_object_new (EWE_TYPE_FRIEND_LIST_ROW,
                       "list", list,
                       NULL);
}

EweList *
ewe_friend_list_row_get_list (EweFriendListRow *self)
{
  g_return_val_if_fail (EWE_IS_FRIEND_LIST_ROW (self), NULL);

  return self->list;
}
