/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-reservations-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-reservation-row.h"
#include "ewe-reservations-page.h"
#include "ewe-toasts.h"

/* "My Reservations": the gifts reserved from this device, live from
 * EweFriends, each row with its own controls; what came of a change is
 * a toast here. Each time it is shown it asks the server what became of
 * them, as they may have been bought or cancelled from the mailed link. */

struct _EweReservationsPage
{
  AdwBin           parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *list_box;

  /* owned */
  EweFriends      *friends;
  GCancellable    *cancellable; /* asking the server */
};

enum
{
  PROP_0,
  PROP_FRIENDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (EweReservationsPage, ewe_reservations_page, ADW_TYPE_BIN)

static void
row_toast_cb (EweReservationsPage *self,
              const char          *title)
{
  AdwToast *toast = ewe_toast_new_escaped (title);

  adw_toast_set_timeout (toast, 5);
  ewe_toast_overlay_add (self->toast_overlay, toast);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EweReservationsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (ewe_friends_refresh_reservations_finish (EWE_FRIENDS (object), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: %s says why, e.g. that the server could not be reached */
  title = g_strdup_printf (_("Showing your reservations as last seen: %s"), error->message);
  row_toast_cb (self, title);
}

static void
ewe_reservations_page_map (GtkWidget *widget)
{
  EweReservationsPage *self = EWE_RESERVATIONS_PAGE (widget);

  GTK_WIDGET_CLASS (ewe_reservations_page_parent_class)->map (widget);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ewe_friends_refresh_reservations_async (self->friends, self->cancellable, refresh_cb, g_object_ref (self));
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  EweReservationsPage *self = user_data;
  GtkWidget           *row = ewe_reservation_row_new (self->friends, EWE_RESERVATION (item));

  g_signal_connect_object (row, "toast", G_CALLBACK (row_toast_cb), self, G_CONNECT_SWAPPED);

  return row;
}

static void
update (EweReservationsPage *self)
{
  GListModel *reservations = ewe_friends_get_reservations (self->friends);

  gtk_stack_set_visible_child_name (self->stack, g_list_model_get_n_items (reservations) > 0 ? "list" : "empty");
}

static void
ewe_reservations_page_constructed (GObject *object)
{
  EweReservationsPage *self = (EweReservationsPage *)object;
  GListModel          *reservations = ewe_friends_get_reservations (self->friends);

  G_OBJECT_CLASS (ewe_reservations_page_parent_class)->constructed (object);

  gtk_list_box_bind_model (self->list_box, reservations, create_row_cb, self, NULL);
  g_signal_connect_object (reservations, "items-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
ewe_reservations_page_dispose (GObject *object)
{
  EweReservationsPage *self = (EweReservationsPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  /* The toast overlay is both the bin's child and a template child:
   * taken out once, here. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_RESERVATIONS_PAGE);
  g_clear_object (&self->friends);

  G_OBJECT_CLASS (ewe_reservations_page_parent_class)->dispose (object);
}

static void
ewe_reservations_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  EweReservationsPage *self = EWE_RESERVATIONS_PAGE (object);

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
ewe_reservations_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  EweReservationsPage *self = EWE_RESERVATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FRIENDS:
      self->friends = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_reservations_page_class_init (EweReservationsPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ewe_reservations_page_constructed;
  object_class->dispose = ewe_reservations_page_dispose;
  object_class->get_property = ewe_reservations_page_get_property;
  object_class->set_property = ewe_reservations_page_set_property;
  widget_class->map = ewe_reservations_page_map;

  properties[PROP_FRIENDS] =
    g_param_spec_object ("friends", NULL, NULL, EWE_TYPE_FRIENDS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-reservations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EweReservationsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EweReservationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EweReservationsPage, list_box);
}

static void
ewe_reservations_page_init (EweReservationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ewe_reservations_page_new (EweFriends *friends)
{
  g_return_val_if_fail (EWE_IS_FRIENDS (friends), NULL);

  return g_object_new (EWE_TYPE_RESERVATIONS_PAGE, "friends", friends, NULL);
}
