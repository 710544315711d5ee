/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-reserve-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-reserve-dialog.h"
#include "ewe-validation.h"
#include "ewe-widget-utils.h"

/* Reserving a gift of a friend's list: name and e-mail (filled in from the
 * account when signed in) and how many, at most as many as are still
 * wanted. Mistakes are pointed at under the fields as they are typed; what
 * the server refuses (someone else was quicker, the network is down) is
 * said there too, and nothing is lost. "reserved" gives the reservation. */

struct _EweReserveDialog
{
  AdwWindow      parent_instance;

  /* template widgets */
  GtkLabel      *gift_label;
  GtkLabel      *notes_label;
  GtkLabel      *wanted_label;
  AdwEntryRow   *name_row;
  AdwEntryRow   *email_row;
  GtkSpinButton *quantity_spin;
  GtkAdjustment *quantity_adjustment;
  GtkLabel      *error_label;
  GtkStack      *reserve_stack;

  /* owned */
  EweFriends    *friends;
  EweGift       *gift;
  GCancellable  *cancellable;
  gboolean       busy;
  gboolean       name_touched;
};

enum
{
  PROP_0,
  PROP_FRIENDS,
  PROP_GIFT,
  N_PROPS
};

enum
{
  RESERVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EweReserveDialog, ewe_reserve_dialog, ADW_TYPE_WINDOW)

static void
mark (GtkWidget *row,
      gboolean   wrong)
{
  if (wrong)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static gboolean
validate (EweReserveDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row))));
  g_autofree char *email_error = ewe_validation_check_email (email);
  gboolean         name_missing = *name == '\0';
  gboolean         email_blank = *email == '\0';

  /* Nothing is wrong with a field not filled in yet, only incomplete. */
  mark (GTK_WIDGET (self->name_row), name_missing && self->name_touched);
  mark (GTK_WIDGET (self->email_row), email_error != NULL && !email_blank);

  if (email_error != NULL && !email_blank)
    ewe_label_set_text_or_hide (self->error_label, email_error);
  else if (name_missing && self->name_touched)
    ewe_label_set_text_or_hide (self->error_label, _("Enter your name, so your friend knows who reserved."));
  else
    ewe_label_set_text_or_hide (self->error_label, NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gift.reserve",
                                 !self->busy && !name_missing && email_error == NULL);

  return !name_missing && email_error == NULL;
}

static void
changed_cb (EweReserveDialog *self,
            GtkEditable      *editable)
{
  if (editable == GTK_EDITABLE (self->name_row))
    self->name_touched = TRUE;
  validate (self);
}

/* Straight to the first thing left to fill in. */
static void
focus_first_field (EweReserveDialog *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->name_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  else if (*gtk_editable_get_text (GTK_EDITABLE (self->email_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->quantity_spin));
}

static void
set_busy (EweReserveDialog *self,
          gboolean          busy)
{
  /* A field made insensitive while it has the focus leaves GTK 4.8's
   * GtkText without its focus-out (a warning): let go of it first. */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);

  self->busy = busy;
  gtk_stack_set_visible_child_name (self->reserve_stack, busy ? "busy" : "button");
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->email_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->quantity_spin), !busy);
  validate (self);

  if (!busy && gtk_window_get_focus (GTK_WINDOW (self)) == NULL)
    focus_first_field (self);
}

static void
reserve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EweReserveDialog) self = user_data;
  g_autoptr(EweReservation) reservation = NULL;
  g_autoptr(GError) error = NULL;

  reservation = ewe_friends_reserve_finish (EWE_FRIENDS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (reservation == NULL)
    {
      ewe_label_set_text_or_hide (self->error_label, error->message);
      return;
    }

  g_signal_emit (self, signals[RESERVED], 0, reservation);
  gtk_window_close (GTK_WINDOW (self));
}

static void
reserve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EweReserveDialog *self = EWE_RESERVE_DIALOG (widget);

  if (self->busy || !validate (self))
    return;

  gtk_spin_button_update (self->quantity_spin);
  set_busy (self, TRUE);
  ewe_friends_reserve_async (self->friends, self->gift,
                             gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                             gtk_editable_get_text (GTK_EDITABLE (self->email_row)),
                             gtk_spin_button_get_value_as_int (self->quantity_spin),
                             self->cancellable, reserve_cb, g_object_ref (self));
}

static void
ewe_reserve_dialog_constructed (GObject *object)
{
  EweReserveDialog *self = (EweReserveDialog *)object;
  EweAccount       *account = ewe_friends_get_account (self->friends);
  const char       *details = ewe_gift_get_details (self->gift);
  const char       *brand = ewe_gift_get_brand (self->gift);
  const char       *notes = ewe_gift_get_notes (self->gift);
  int               quantity = ewe_gift_get_quantity (self->gift);
  int               left = ewe_gift_get_still_wanted (self->gift);
  g_autofree char  *wanted = NULL;

  G_OBJECT_CLASS (ewe_reserve_dialog_parent_class)->constructed (object);

  if (details != NULL && *details != '\0')
    gtk_label_set_text (self->gift_label, details);
  else if (brand != NULL && *brand != '\0')
    gtk_label_set_text (self->gift_label, brand);
  else
    gtk_label_set_text (self->gift_label, _("A gift"));

  /* The owner's note (a size, a colour) is what the giver decides by. */
  if (notes != NULL && *notes != '\0')
    {
      /* Translators: the list owner's note on a gift, e.g. “Note: size 4, please” */
      g_autofree char *text = g_strdup_printf (_("Note: %s"), notes);

      gtk_label_set_text (self->notes_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->notes_label), TRUE);
    }

  if (ewe_gift_get_unlimited (self->gift))
    /* Translators: a gift guests may give any number of (nappies, books) */
    wanted = g_strdup (_("As many as you like"));
  else
    /* Translators: how many of a gift are still wanted, e.g. "2 of 3 still wanted" */
    wanted = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d of %d still wanted", "%d of %d still wanted", MAX (left, 0)),
                              MAX (left, 0), quantity);
  gtk_label_set_text (self->wanted_label, wanted);
  gtk_adjustment_set_upper (self->quantity_adjustment, MAX (left, 1));

  /* Signed in: the account's name and address, as the server knows them. */
  if (account != NULL && ewe_account_get_signed_in (account))
    {
      if (ewe_account_get_name (account) != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->name_row), ewe_account_get_name (account));
      if (ewe_account_get_email (account) != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->email_row), ewe_account_get_email (account));
    }
  self->name_touched = FALSE;

  validate (self);

  /* Enter reserves. */
  focus_first_field (self);
}

static void
ewe_reserve_dialog_dispose (GObject *object)
{
  EweReserveDialog *self = (EweReserveDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_RESERVE_DIALOG);
  g_clear_object (&self->friends);
  g_clear_object (&self->gift);

  G_OBJECT_CLASS (ewe_reserve_dialog_parent_class)->dispose (object);
}

static void
ewe_reserve_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EweReserveDialog *self = EWE_RESERVE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FRIENDS:
      g_value_set_object (value, self->friends);
      break;

    case PROP_GIFT:
      g_value_set_object (value, self->gift);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_reserve_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  EweReserveDialog *self = EWE_RESERVE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FRIENDS:
      self->friends = g_value_dup_object (value);
      break;

    case PROP_GIFT:
      self->gift = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_reserve_dialog_class_init (EweReserveDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ewe_reserve_dialog_constructed;
  object_class->dispose = ewe_reserve_dialog_dispose;
  object_class->get_property = ewe_reserve_dialog_get_property;
  object_class->set_property = ewe_reserve_dialog_set_property;

  properties[PROP_FRIENDS] =
    g_param_spec_object ("friends", NULL, NULL, EWE_TYPE_FRIENDS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_GIFT] =
    g_param_spec_object ("gift", NULL, NULL, EWE_TYPE_GIFT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The reservation made: a live one of EweFriends. */
  signals[RESERVED] =
    g_signal_new ("reserved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EWE_TYPE_RESERVATION);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-reserve-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EweReserveDialog, gift_label);
  gtk_widget_class_bind_template_child (widget_class, EweReserveDialog, notes_label);
  gtk_widget_class_bind_template_child (widget_class, EweReserveDialog, wanted_label);
  gtk_widget_class_bind_template_child (widget_class, EweReserveDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, EweReserveDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, EweReserveDialog, quantity_spin);
  gtk_widget_class_bind_template_child (widget_class, EweReserveDialog, quantity_adjustment);
  gtk_widget_class_bind_template_child (widget_class, EweReserveDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, EweReserveDialog, reserve_stack);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);

  gtk_widget_class_install_action (widget_class, "gift.reserve", NULL, reserve_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ewe_reserve_dialog_init (EweReserveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

EweReserveDialog *
ewe_reserve_dialog_new (EweFriends *friends,
                        EweGift    *gift)
{
  g_return_val_if_fail (EWE_IS_FRIENDS (friends), NULL);
  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  return g_object_new (EWE_TYPE_RESERVE_DIALOG, "friends", friends, "gift", gift, NULL);
}

EweGift *
ewe_reserve_dialog_get_gift (EweReserveDialog *self)
{
  g_return_val_if_fail (EWE_IS_RESERVE_DIALOG (self), NULL);

  return self->gift;
}
