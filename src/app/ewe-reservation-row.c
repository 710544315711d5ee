/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-reservation-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-limits.h"
#include "ewe-reservation-row.h"

/* One of my reservations: the gift and the friend's list, how many (to
 * change in place), Mark Bought, and Cancel after a question. Each change
 * goes to the server; while it is on its way the row waits, and what came
 * of it is told through "toast". A bought gift is final, so Mark Bought
 * asks first, as Cancel does. */

#define QUANTITY_DELAY_MS 800

struct _EweReservationRow
{
  AdwActionRow    parent_instance;

  /* template widgets */
  GtkSpinner     *spinner;
  GtkSpinButton  *quantity_spin;
  GtkAdjustment  *quantity_adjustment;
  GtkWidget      *buy_button;
  GtkWidget      *cancel_button;
  GtkWidget      *bought_label;

  /* owned */
  EweFriends     *friends;
  EweReservation *reservation;
  GCancellable   *cancellable;
  guint           quantity_timeout_id;
  gboolean        busy;
  gboolean        updating;
};

enum
{
  PROP_0,
  PROP_FRIENDS,
  PROP_RESERVATION,
  N_PROPS
};

enum
{
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EweReservationRow, ewe_reservation_row, ADW_TYPE_ACTION_ROW)

static EweGift *
lookup_gift (EweReservationRow *self)
{
  return ewe_friends_lookup_gift (self->friends, ewe_reservation_get_list_id (self->reservation),
                                  ewe_reservation_get_product_id (self->reservation));
}

static char *
dup_gift_title (EweReservationRow *self)
{
  EweGift    *gift = lookup_gift (self);
  const char *details = gift ? ewe_gift_get_details (gift) : NULL;
  const char *brand = gift ? ewe_gift_get_brand (gift) : NULL;

  if (details != NULL && *details != '\0')
    return g_strdup (details);
  if (brand != NULL && *brand != '\0')
    return g_strdup (brand);
  return g_strdup (_("A gift"));
}

static void
update (EweReservationRow *self)
{
  EweReservationState state = ewe_reservation_get_state (self->reservation);
  gboolean            reserved = state == EWE_RESERVATION_STATE_RESERVED;
  int                 quantity = ewe_reservation_get_quantity (self->reservation);
  EweGift            *gift = lookup_gift (self);
  const char         *list_title = ewe_reservation_get_list_title (self->reservation);
  g_autofree char    *title = dup_gift_title (self);
  g_autofree char    *subtitle = NULL;
  int                 left = 0;

  if (gift != NULL)
    left = ewe_gift_get_still_wanted (gift);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  if (reserved)
    /* Translators: a reservation's subtitle: the friend's list, then how many */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "For “%s” · %d reserved", "For “%s” · %d reserved", quantity),
                                list_title ? list_title : "", quantity);
  else
    /* Translators: a reservation's subtitle: the friend's list, then how many */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "For “%s” · %d bought", "For “%s” · %d bought", quantity),
                                list_title ? list_title : "", quantity);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);

  self->updating = TRUE;
  gtk_adjustment_set_upper (self->quantity_adjustment, MIN (quantity + MAX (left, 0), EWE_LIMIT_QUANTITY_MAX));
  gtk_adjustment_set_value (self->quantity_adjustment, quantity);
  self->updating = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->quantity_spin), reserved);
  gtk_widget_set_visible (self->buy_button, reserved);
  gtk_widget_set_visible (self->cancel_button, reserved);
  gtk_widget_set_visible (self->bought_label, !reserved);
  gtk_widget_set_sensitive (GTK_WIDGET (self->quantity_spin), !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reservation.buy", reserved && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reservation.cancel", reserved && !self->busy);
}

static void
set_busy (EweReservationRow *self,
          gboolean           busy)
{
  self->busy = busy;
  update (self);
}

static void
toast (EweReservationRow *self,
       const char        *title)
{
  g_signal_emit (self, signals[TOAST], 0, title);
}

/* Runs the _finish of whichever change it was; says what happened, @done
 * when it worked. */
typedef gboolean (*FinishFunc) (EweFriends *, GAsyncResult *, GError **);

static void
finish_change (EweReservationRow *self,
               GObject           *object,
               GAsyncResult      *result,
               FinishFunc         finish,
               const char        *done)
{
  g_autoptr(GError) error = NULL;

  if (!finish (EWE_FRIENDS (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      toast (self, error->message);
      return;
    }

  set_busy (self, FALSE);
  toast (self, done);
}

/* Mark Bought and Cancel each ask first: a question about the gift, with
 * a way out that changes nothing and one that makes the change. */
typedef struct
{
  const char           *heading;
  const char           *keep_response;
  const char           *keep_label;
  const char           *change_response;
  const char           *change_label;
  AdwResponseAppearance change_appearance;
  gboolean              change_by_default;
} Question;

/* The server keeps a purchase for good (the guest pages cannot take one
 * back either), so a slip of the mouse would be final: ask first, as
 * Cancel does. */
static const Question buy_question = {
  .heading = N_("Mark as Bought?"),
                 .keep_response = "not-yet",
                 .keep_label = N_("_Not Yet"),
                                   .change_response = "buy",
                                   .change_label = N_("_Mark Bought"),
                                                       .change_appearance = ADW_RESPONSE_SUGGESTED,
                                                       .change_by_default = TRUE,
                                   };

static const Question cancel_question = {
  .heading = N_("Cancel the Reservation?"),
                 .keep_response = "keep",
                 .keep_label = N_("_Keep It"),
                                   .change_response = "cancel-reservation",
                                   .change_label = N_("_Cancel Reservation"),
                                                       .change_appearance = ADW_RESPONSE_DESTRUCTIVE,
                                                       .change_by_default = FALSE,
                                   };

/* @response_cb runs with the row, the response and the dialog. */
static void
ask (EweReservationRow *self,
     const Question    *question,
     const char        *body,
     GCallback          response_cb)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), _(question->heading), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    question->keep_response, _(question->keep_label), question->change_response, _(question->change_label), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), question->change_response,
                                              question->change_appearance);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           question->change_by_default ? question->change_response
                                                                       : question->keep_response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), question->keep_response);
  g_signal_connect_object (dialog, "response", response_cb, self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
buy_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(EweReservationRow) self = user_data;
  g_autofree char *gift = dup_gift_title (self);
  /* Translators: %s is the gift */
  g_autofree char *done = g_strdup_printf (_("Marked “%s” as bought"), gift);

  finish_change (self, object, result, ewe_friends_purchase_finish, done);
}

static void
buy_response_cb (EweReservationRow *self,
                 const char        *response,
                 AdwMessageDialog  *dialog)
{
  if (g_strcmp0 (response, buy_question.change_response) != 0)
    return;

  set_busy (self, TRUE);
  ewe_friends_purchase_async (self->friends, self->reservation, self->cancellable, buy_cb, g_object_ref (self));
}

static void
buy_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  EweReservationRow *self = EWE_RESERVATION_ROW (widget);
  g_autofree char   *gift_title = dup_gift_title (self);
  /* Translators: %s is the gift */
  g_autofree char   *body = g_strdup_printf (_("Your friend’s list will show “%s” as bought. This cannot be undone."),
                                                gift_title);

  ask (self, &buy_question, body, G_CALLBACK (buy_response_cb));
}

static void
quantity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(EweReservationRow) self = user_data;
  g_autofree char *gift = dup_gift_title (self);
  /* Translators: %s is the gift */
  g_autofree char *done = g_strdup_printf (_("Changed how many of “%s” you reserved"), gift);

  finish_change (self, object, result, ewe_friends_set_quantity_finish, done);
  update (self); /* back to the server's number if it said no */
}

static gboolean
quantity_timeout_cb (gpointer user_data)
{
  EweReservationRow *self = user_data;
  int                quantity = gtk_spin_button_get_value_as_int (self->quantity_spin);

  self->quantity_timeout_id = 0;

  if (quantity == ewe_reservation_get_quantity (self->reservation) || self->busy)
    return G_SOURCE_REMOVE;

  set_busy (self, TRUE);
  gtk_adjustment_set_value (self->quantity_adjustment, quantity);
  ewe_friends_set_quantity_async (self->friends, self->reservation, quantity, self->cancellable,
                                  quantity_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

/* Typing or clicking through 1, 2, 3 sends one change, not three. */
static void
quantity_changed_cb (EweReservationRow *self)
{
  if (self->updating || self->reservation == NULL)
    return;

  g_clear_handle_id (&self->quantity_timeout_id, g_source_remove);
  self->quantity_timeout_id = g_timeout_add (QUANTITY_DELAY_MS, quantity_timeout_cb, self);
}

static void
cancel_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EweReservationRow) self = user_data;
  g_autofree char *gift = dup_gift_title (self);
  /* Translators: %s is the gift */
  g_autofree char *done = g_strdup_printf (_("Cancelled the reservation of “%s”"), gift);

  finish_change (self, object, result, ewe_friends_cancel_finish, done);
}

static void
cancel_response_cb (EweReservationRow *self,
                    const char        *response,
                    AdwMessageDialog  *dialog)
{
  if (g_strcmp0 (response, cancel_question.change_response) != 0)
    return;

  set_busy (self, TRUE);
  ewe_friends_cancel_async (self->friends, self->reservation, self->cancellable, cancel_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EweReservationRow *self = EWE_RESERVATION_ROW (widget);
  g_autofree char   *gift_title = dup_gift_title (self);
  /* Translators: %s is the gift */
  g_autofree char   *body = g_strdup_printf (_("“%s” shows as wanted again on your friend’s list, for anyone to reserve."),
                                                gift_title);

  ask (self, &cancel_question, body, G_CALLBACK (cancel_response_cb));
}

static void
ewe_reservation_row_constructed (GObject *object)
{
  EweReservationRow *self = (EweReservationRow *)object;
  EweGift           *gift;

  G_OBJECT_CLASS (ewe_reservation_row_parent_class)->constructed (object);

  g_signal_connect_object (self->reservation, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  if ((gift = lookup_gift (self)) != NULL)
    g_signal_connect_object (gift, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
ewe_reservation_row_dispose (GObject *object)
{
  EweReservationRow *self = (EweReservationRow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->quantity_timeout_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_RESERVATION_ROW);
  g_clear_object (&self->friends);
  g_clear_object (&self->reservation);

  G_OBJECT_CLASS (ewe_reservation_row_parent_class)->dispose (object);
}

static void
ewe_reservation_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  EweReservationRow *self = EWE_RESERVATION_ROW (object);

  switch (prop_id)
    {
    case PROP_FRIENDS:
      g_value_set_object (value, self->friends);
      break;

    case PROP_RESERVATION:
      g_value_set_object (value, self->reservation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_reservation_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  EweReservationRow *self = EWE_RESERVATION_ROW (object);

  switch (prop_id)
    {
    case PROP_FRIENDS:
      self->friends = g_value_dup_object (value);
      break;

    case PROP_RESERVATION:
      self->reservation = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_reservation_row_class_init (EweReservationRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ewe_reservation_row_constructed;
  object_class->dispose = ewe_reservation_row_dispose;
  object_class->get_property = ewe_reservation_row_get_property;
  object_class->set_property = ewe_reservation_row_set_property;

  properties[PROP_FRIENDS] =
    g_param_spec_object ("friends", NULL, NULL, EWE_TYPE_FRIENDS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RESERVATION] =
    g_param_spec_object ("reservation", NULL, NULL, EWE_TYPE_RESERVATION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* What came of a change, in words for a toast. */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-reservation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, EweReservationRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, EweReservationRow, quantity_spin);
  gtk_widget_class_bind_template_child (widget_class, EweReservationRow, quantity_adjustment);
  gtk_widget_class_bind_template_child (widget_class, EweReservationRow, buy_button);
  gtk_widget_class_bind_template_child (widget_class, EweReservationRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, EweReservationRow, bought_label);
  gtk_widget_class_bind_template_callback (widget_class, quantity_changed_cb);

  gtk_widget_class_install_action (widget_class, "reservation.buy", NULL, buy_action);
  gtk_widget_class_install_action (widget_class, "reservation.cancel", NULL, cancel_action);
}

static void
ewe_reservation_row_init (EweReservationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

GtkWidget *
ewe_reservation_row_new (EweFriends     *friends,
                         EweReservation *reservation)
{
  g_return_val_if_fail (EWE_IS_FRIENDS (friends), NULL);
  g_return_val_if_fail (EWE_IS_RESERVATION (reservation), NULL);

  return g_object_new (EWE_TYPE_RESERVATION_ROW,
                       "friends", friends,
                       "reservation", reservation,
                       NULL);
}

EweReservation *
ewe_reservation_row_get_reservation (EweReservationRow *self)
{
  g_return_val_if_fail (EWE_IS_RESERVATION_ROW (self), NULL);

  return self->reservation;
}
