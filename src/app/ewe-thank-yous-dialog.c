/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-thank-yous-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-occasion.h"
#include "ewe-thank-yous-dialog.h"
#include "ewe-thank-yous-printer.h"
#include "ewe-thank-yous.h"
#include "ewe-toasts.h"

/* EweThankYousDialog: after the event, who gave what on one of the owner's
 * lists, what has arrived and whom the owner still has to thank. One group
 * per giver, a "Thank-you sent" check in its header and a "Received" check
 * on each gift; both are edits of the store (offline first, sent by sync).
 * Until the reveal date the server tells nobody, and the dialog says when
 * it will. The rows come from libewe-core (ewe-thank-yous.h), so that Copy
 * and Print (ewe-thank-yous-printer.c) say what the dialog shows. Print is
 * off while the surprise lasts and while nobody has given anything: a page
 * that says nobody is there yet is not worth paper, and the dialog says
 * why already. */

struct _EweThankYousDialog
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkButton       *print_button;
  GtkStack        *stack;
  AdwStatusPage   *surprise_page;
  GtkBox          *givers_box;
  GtkLabel        *summary_label;

  /* owned */
  EweStore        *store;
  EweList         *list;
  GListModel      *gifts;
  GListModel      *reservations;
  GPtrArray       *rows;   /* EweThankYou, as shown */
  GPtrArray       *groups; /* AdwPreferencesGroup, borrowed from givers_box */
  GCancellable    *cancellable;
  guint            rebuild_id;
};

G_DEFINE_FINAL_TYPE (EweThankYousDialog, ewe_thank_yous_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_LIST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void        queue_rebuild (EweThankYousDialog *self);

static void
toast (EweThankYousDialog *self,
       const char         *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, ewe_toast_new_escaped (title));
}

static void
received_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EweThankYousDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_store_set_gift_received_finish (EWE_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      toast (self, error->message);
      queue_rebuild (self);
    }
}

static void
received_toggled_cb (GtkCheckButton *check,
                     EweGift        *gift)
{
  EweThankYousDialog *self = EWE_THANK_YOUS_DIALOG (gtk_widget_get_root (GTK_WIDGET (check)));
  gboolean            active = gtk_check_button_get_active (check);

  if (active == ewe_gift_get_received (gift))
    return;

  ewe_store_set_gift_received_async (self->store, gift, active, self->cancellable, received_done_cb,
                                     g_object_ref (self));
}

static void
thanked_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EweThankYousDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_store_set_giver_thanked_finish (EWE_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
  queue_rebuild (self);
}

static void
thanked_toggled_cb (GtkCheckButton *check,
                    gpointer        user_data)
{
  EweThankYousDialog *self = EWE_THANK_YOUS_DIALOG (gtk_widget_get_root (GTK_WIDGET (check)));
  const char         *email = g_object_get_data (G_OBJECT (check), "ewe-email");

  ewe_store_set_giver_thanked_async (self->store, self->list, email, gtk_check_button_get_active (check),
                                     self->cancellable, thanked_done_cb, g_object_ref (self));
}

static GtkWidget *
gift_row_new (EweThankYouGift *gift)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  GtkWidget       *row = adw_action_row_new ();
  GtkWidget       *check;

  /* Plain text before the title is set: a gift named "Kiln & Leaf" is no
   * markup, and would be parsed as such (a warning, an empty title). */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gift->description);
  subtitle = gift->purchased
               ? g_strdup_printf (ngettext ("Bought %d", "Bought %d", gift->quantity), gift->quantity)
               : g_strdup_printf (ngettext ("Reserved %d", "Reserved %d", gift->quantity), gift->quantity);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (gift->gift == NULL)
    return row;

  check = gtk_check_button_new_with_label (_("Received"));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), ewe_gift_get_received (gift->gift));
  /* Translators: the accessible name of a gift's "Received" check; %s is the gift. */
  label = g_strdup_printf (_("Received %s"), gift->description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect_data (check, "toggled", G_CALLBACK (received_toggled_cb), g_object_ref (gift->gift),
                         (GClosureNotify)(void (*) (void))g_object_unref, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);

  return row;
}

static GtkWidget *
giver_group_new (EweThankYou *giver)
{
  g_autofree char *label = NULL;
  GtkWidget       *group = adw_preferences_group_new ();
  GtkWidget       *check;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), giver->name);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), giver->email);

  check = gtk_check_button_new_with_label (_("Thank-you sent"));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), giver->thanked);
  /* Translators: the accessible name of a giver's "Thank-you sent" check; %s is their name. */
  label = g_strdup_printf (_("Thank-you sent to %s"), giver->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (check), "ewe-email", g_strdup (giver->email), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (thanked_toggled_cb), NULL);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), check);

  for (guint i = 0; i < giver->gifts->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), gift_row_new (g_ptr_array_index (giver->gifts, i)));

  return group;
}

static void
show_surprise (EweThankYousDialog *self)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *when = NULL;
  g_autofree char *description = NULL;
  const char      *reveal_on = ewe_list_get_reveal_on (self->list);
  int              year, month, date;

  if (reveal_on != NULL && sscanf (reveal_on, "%4d-%2d-%2d", &year, &month, &date) == 3)
    day = g_date_time_new_utc (year, month, date, 0, 0, 0);

  if (day != NULL)
    {
      when = ewe_occasion_format_event_date (day);
      /* Translators: %s is a day, as "2 June 2027". */
      description = g_strdup_printf (_("Who gave what stays hidden until %s, the list’s reveal date. "
                                       "The counts on each gift show how much has been given."),
                                        when);
    }
  else
    description = g_strdup (_("Who gave what stays hidden until the list’s reveal date. "
                              "The counts on each gift show how much has been given."));

  adw_status_page_set_description (self->surprise_page, description);
  gtk_stack_set_visible_child_name (self->stack, "surprise");
}

static void
rebuild (EweThankYousDialog *self)
{
  g_autofree char *summary = NULL;
  guint            to_thank;

  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->givers_box, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  adw_window_title_set_subtitle (self->window_title, ewe_list_get_title (self->list));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "thank-yous.print", FALSE);

  if (self->gifts == NULL || self->reservations == NULL)
    return;

  self->rows = ewe_thank_yous_collect (self->gifts, self->reservations);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "thank-yous.copy", self->rows->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "thank-yous.print",
                                 self->rows->len > 0 && ewe_list_get_revealed (self->list));

  if (!ewe_list_get_revealed (self->list))
    {
      show_surprise (self);
      return;
    }

  if (self->rows->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  to_thank = ewe_thank_yous_count_to_thank (self->rows);
  if (to_thank == 0)
    summary = g_strdup (_("Everyone has been thanked."));
  else
    summary = g_strdup_printf (ngettext ("%u of %u giver still to thank.",
                                         "%u of %u givers still to thank.", self->rows->len),
                               to_thank, self->rows->len);
  gtk_label_set_label (self->summary_label, summary);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *group = giver_group_new (g_ptr_array_index (self->rows, i));

      gtk_box_append (self->givers_box, group);
      g_ptr_array_add (self->groups, group);
    }
  gtk_stack_set_visible_child_name (self->stack, "givers");
}

static gboolean
rebuild_cb (gpointer user_data)
{
  EweThankYousDialog *self = user_data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Sync changes the objects in place: one rebuild for a burst of changes. */
static void
queue_rebuild (EweThankYousDialog *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, rebuild_cb, self, NULL);
}

static void
watch_items (EweThankYousDialog *self,
             GListModel         *model,
             guint               position,
             guint               n_items)
{
  for (guint i = position; i < position + n_items; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_signal_connect_object (item, "notify", G_CALLBACK (queue_rebuild), self, G_CONNECT_SWAPPED);
    }
}

static void
items_changed_cb (EweThankYousDialog *self,
                  guint               position,
                  guint               removed,
                  guint               added,
                  GListModel         *model)
{
  watch_items (self, model, position, added);
  queue_rebuild (self);
}

static void
take_model (EweThankYousDialog *self,
            GListModel        **field,
            GListModel         *model)
{
  *field = model;
  g_signal_connect_object (model, "items-changed", G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  watch_items (self, model, 0, g_list_model_get_n_items (model));
  queue_rebuild (self);
}

static void
gifts_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EweThankYousDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GListModel *model = ewe_store_load_gifts_finish (EWE_STORE (object), result, &error);

  if (model == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  take_model (self, &self->gifts, model);
}

static void
reservations_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(EweThankYousDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GListModel *model = ewe_store_load_reservations_finish (EWE_STORE (object), result, &error);

  if (model == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  take_model (self, &self->reservations, model);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EweThankYousDialog *self = EWE_THANK_YOUS_DIALOG (widget);
  g_autofree char    *text = ewe_thank_yous_dialog_dup_text (self);

  if (text == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  toast (self, _("Thank-yous copied"));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  EweThankYousDialog *self = EWE_THANK_YOUS_DIALOG (widget);
  g_autoptr(EwePrintLayout) layout = ewe_thank_yous_dialog_build_print_layout (self);
  g_autoptr(GError) error = NULL;

  if (layout == NULL)
    return;

  if (ewe_print_layout_run (layout, GTK_WINDOW (self), GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      /* Translators: %s says why, e.g. that no printer could be reached */
      g_autofree char *title = g_strdup_printf (_("Could not print the Thank-yous: %s"), error->message);

      toast (self, title);
    }
}

static void
ewe_thank_yous_dialog_constructed (GObject *object)
{
  EweThankYousDialog *self = EWE_THANK_YOUS_DIALOG (object);

  G_OBJECT_CLASS (ewe_thank_yous_dialog_parent_class)->constructed (object);

  g_return_if_fail (self->store != NULL && self->list != NULL);

  g_signal_connect_object (self->list, "notify", G_CALLBACK (queue_rebuild), self, G_CONNECT_SWAPPED);
  ewe_store_load_gifts_async (self->store, self->list, self->cancellable, gifts_loaded_cb, g_object_ref (self));
  ewe_store_load_reservations_async (self->store, self->list, self->cancellable, reservations_loaded_cb,
                                     g_object_ref (self));
  rebuild (self);
}

static void
ewe_thank_yous_dialog_dispose (GObject *object)
{
  EweThankYousDialog *self = EWE_THANK_YOUS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_object (&self->gifts);
  g_clear_object (&self->reservations);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ewe_thank_yous_dialog_parent_class)->dispose (object);
}

static void
ewe_thank_yous_dialog_finalize (GObject *object)
{
  EweThankYousDialog *self = EWE_THANK_YOUS_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->list);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (ewe_thank_yous_dialog_parent_class)->finalize (object);
}

static void
ewe_thank_yous_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  EweThankYousDialog *self = EWE_THANK_YOUS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_thank_yous_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  EweThankYousDialog *self = EWE_THANK_YOUS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_thank_yous_dialog_class_init (EweThankYousDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ewe_thank_yous_dialog_constructed;
  object_class->dispose = ewe_thank_yous_dialog_dispose;
  object_class->finalize = ewe_thank_yous_dialog_finalize;
  object_class->get_property = ewe_thank_yous_dialog_get_property;
  object_class->set_property = ewe_thank_yous_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         EWE_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL,
                         EWE_TYPE_LIST,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-thank-yous-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EweThankYousDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EweThankYousDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, EweThankYousDialog, print_button);
  gtk_widget_class_bind_template_child (widget_class, EweThankYousDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, EweThankYousDialog, surprise_page);
  gtk_widget_class_bind_template_child (widget_class, EweThankYousDialog, givers_box);
  gtk_widget_class_bind_template_child (widget_class, EweThankYousDialog, summary_label);

  gtk_widget_class_install_action (widget_class, "thank-yous.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "thank-yous.copy", NULL);
  gtk_widget_class_install_action (widget_class, "thank-yous.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "thank-yous.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ewe_thank_yous_dialog_init (EweThankYousDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->groups = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

EweThankYousDialog *
ewe_thank_yous_dialog_new (EweStore *store,
                           EweList  *list)
{
  g_return_val_if_fail (EWE_IS_STORE (store), NULL);
  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  return g_object_new (EWE_TYPE_THANK_YOUS_DIALOG, "store", store, "list", list, NULL);
}

EweList *
ewe_thank_yous_dialog_get_list (EweThankYousDialog *self)
{
  g_return_val_if_fail (EWE_IS_THANK_YOUS_DIALOG (self), NULL);

  return self->list;
}

/**
 * ewe_thank_yous_dialog_get_rows:
 *
 * Returns: (transfer none) (nullable) (element-type EweThankYou): the rows
 * shown, NULL until the list's gifts and reservations have loaded.
 */
GPtrArray *
ewe_thank_yous_dialog_get_rows (EweThankYousDialog *self)
{
  g_return_val_if_fail (EWE_IS_THANK_YOUS_DIALOG (self), NULL);

  if (self->rebuild_id != 0)
    {
      g_clear_handle_id (&self->rebuild_id, g_source_remove);
      rebuild (self);
    }
  return self->rows;
}

/**
 * ewe_thank_yous_dialog_dup_text:
 *
 * Returns: (nullable): the Thank-yous as plain text, as Copy puts them on
 * the clipboard; NULL while nothing is loaded.
 */
char *
ewe_thank_yous_dialog_dup_text (EweThankYousDialog *self)
{
  GPtrArray *rows = ewe_thank_yous_dialog_get_rows (self);

  if (rows == NULL)
    return NULL;

  return ewe_thank_yous_to_text (rows, ewe_list_get_title (self->list));
}

/**
 * ewe_thank_yous_dialog_build_print_layout:
 *
 * Returns: (transfer full) (nullable): what Print puts on paper, NULL
 * when Print is off (before the reveal date, or nobody has given yet).
 */
EwePrintLayout *
ewe_thank_yous_dialog_build_print_layout (EweThankYousDialog *self)
{
  GPtrArray *rows = ewe_thank_yous_dialog_get_rows (self);

  if (rows == NULL || rows->len == 0 || !ewe_list_get_revealed (self->list))
    return NULL;

  return ewe_thank_yous_printer_build (ewe_list_get_title (self->list), rows);
}
