/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-list-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-list-row.h"
#include "ewe-occasion.h"
#include "ewe-widget-utils.h"

/* A list in the window's sidebar: its title and, dimmed, its occasion and
 * event date; "Draft" while it has never reached a server, and an icon
 * while edits of it wait to be sent. It follows the live list as the store
 * changes it. */

struct _EweListRow
{
  GtkListBoxRow parent_instance;

  /* template widgets */
  GtkLabel     *title_label;
  GtkLabel     *subtitle_label;
  GtkWidget    *pending_icon;

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

G_DEFINE_FINAL_TYPE (EweListRow, ewe_list_row, GTK_TYPE_LIST_BOX_ROW)

/* In the user's language when the date is one we can read; as stored
 * when it is not (another client may write dates we do not know). */
static char *
format_event_date (EweList *list)
{
  g_autoptr(GDateTime) event = ewe_list_dup_event_datetime (list);
  const char *stored = ewe_list_get_event_date (list);

  if (event != NULL)
    return ewe_occasion_format_event_date (event);
  if (ewe_event_date_is_unset (stored))
    return NULL;

  return g_strdup (stored);
}

static void
update_labels (EweListRow *self)
{
  const char      *title = ewe_list_get_title (self->list);
  const char      *occasion = ewe_list_get_occasion (self->list);
  g_autofree char *date = format_event_date (self->list);
  g_autofree char *subtitle = NULL;
  g_autofree char *description = NULL;
  gboolean         pending;

  if (title == NULL || title[0] == '\0')
    title = _("Untitled List");

  if (occasion != NULL && occasion[0] != '\0' && date != NULL && date[0] != '\0')
    /* Translators: a list's occasion and event date, e.g. "Birthday · 25 December 2026" */
    subtitle = g_strdup_printf (_("%s · %s"), ewe_occasion_label_for_name (occasion), date);
  else if (occasion != NULL && occasion[0] != '\0')
    subtitle = g_strdup (ewe_occasion_label_for_name (occasion));
  else if (date != NULL)
    subtitle = g_strdup (date);

  /* A list only on this device cannot be shared yet: say so (after "Closed"). */
  if (ewe_list_is_local (self->list))
    {
      char *draft;

      if (subtitle != NULL && subtitle[0] != '\0')
        /* Translators: a list not yet on the server, e.g. "Draft · Birthday" */
        draft = g_strdup_printf (_("Draft · %s"), subtitle);
      else
        draft = g_strdup (_("Draft"));
      g_free (subtitle);
      subtitle = draft;
    }

  /* A list another account created and shares says whose it is, so that
   * two lists called "Wedding" in one sidebar are told apart. */
  if (ewe_list_get_coowned (self->list))
    {
      const char *owner_name = ewe_list_get_owner_name (self->list);
      char       *shared;

      if (owner_name != NULL && subtitle != NULL && subtitle[0] != '\0')
        /* Translators: a co-owned list's subtitle: who shares it, then its
         * occasion and date, e.g. "Shared by Ada · Wedding" */
        shared = g_strdup_printf (_("Shared by %s · %s"), owner_name, subtitle);
      else if (owner_name != NULL)
        /* Translators: a co-owned list's subtitle, e.g. "Shared by Ada" */
        shared = g_strdup_printf (_("Shared by %s"), owner_name);
      else if (subtitle != NULL && subtitle[0] != '\0')
        /* Translators: a co-owned list's subtitle when its creator gave
         * no name, e.g. "Shared with you · Wedding" */
        shared = g_strdup_printf (_("Shared with you · %s"), subtitle);
      else
        shared = g_strdup (_("Shared with you"));
      g_free (subtitle);
      subtitle = shared;
    }

  /* A closed list says so first: friends can no longer reserve from it. */
  if (ewe_list_get_state (self->list) == EWE_LIST_STATE_CLOSED)
    {
      char *closed;

      if (subtitle != NULL && subtitle[0] != '\0')
        /* Translators: a closed list's subtitle, e.g. "Closed · Birthday" */
        closed = g_strdup_printf (_("Closed · %s"), subtitle);
      else
        closed = g_strdup (_("Closed"));
      g_free (subtitle);
      subtitle = closed;
    }

  pending = ewe_list_get_has_pending_changes (self->list) && !ewe_list_is_local (self->list);
  gtk_widget_set_visible (self->pending_icon, pending);
  if (pending)
    /* Translators: what a screen reader says after a list's subtitle */
    description = g_strdup_printf (_("%s, changes waiting to sync"), subtitle ? subtitle : "");

  gtk_label_set_label (self->title_label, title);
  ewe_label_set_text_or_hide (self->subtitle_label, subtitle);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description ? description : subtitle ? subtitle
                                                                       : "",
                                  -1);
}

static void
list_notify_cb (EweListRow *self,
                GParamSpec *pspec,
                EweList    *list)
{
  update_labels (self);
}

static void
ewe_list_row_constructed (GObject *object)
{
  EweListRow *self = (EweListRow *)object;

  G_OBJECT_CLASS (ewe_list_row_parent_class)->constructed (object);

  g_signal_connect_object (self->list, "notify", G_CALLBACK (list_notify_cb), self, G_CONNECT_SWAPPED);
  update_labels (self);
}

static void
ewe_list_row_dispose (GObject *object)
{
  EweListRow *self = (EweListRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_LIST_ROW);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (ewe_list_row_parent_class)->dispose (object);
}

static void
ewe_list_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  EweListRow *self = EWE_LIST_ROW (object);

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
ewe_list_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  EweListRow *self = EWE_LIST_ROW (object);

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
ewe_list_row_class_init (EweListRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ewe_list_row_constructed;
  object_class->dispose = ewe_list_row_dispose;
  object_class->get_property = ewe_list_row_get_property;
  object_class->set_property = ewe_list_row_set_property;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, EWE_TYPE_LIST,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-list-row.ui");
  gtk_widget_class_bind_template_child (widget_class, EweListRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, EweListRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, EweListRow, pending_icon);
}

static void
ewe_list_row_init (EweListRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ewe_list_row_new (EweList *list)
{
  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  return g_object_new (EWE_TYPE_LIST_ROW, "list", list, NULL);
}

EweList *
ewe_list_row_get_list (EweListRow *self)
{
  g_return_val_if_fail (EWE_IS_LIST_ROW (self), NULL);

  return self->list;
}
