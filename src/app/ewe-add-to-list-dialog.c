/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-add-to-list-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-add-to-list-dialog.h"

/* Asks which of the user's lists a gift seen on a friend's list should go
 * on. The dialog only asks: its "add" signal says what was chosen, and
 * whoever opened it adds the gift. */

struct _EweAddToListDialog
{
  AdwMessageDialog parent_instance;

  /* template widgets */
  GtkDropDown     *lists_drop_down;

  /* owned */
  EweGift         *gift;
};

G_DEFINE_FINAL_TYPE (EweAddToListDialog, ewe_add_to_list_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum
{
  ADD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
response_cb (EweAddToListDialog *self,
             const char         *response)
{
  EweList *list = gtk_drop_down_get_selected_item (self->lists_drop_down);

  if (g_strcmp0 (response, "add") != 0 || list == NULL)
    return;

  g_signal_emit (self, signals[ADD], 0, list, self->gift);
}

static void
ewe_add_to_list_dialog_dispose (GObject *object)
{
  EweAddToListDialog *self = (EweAddToListDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_ADD_TO_LIST_DIALOG);
  g_clear_object (&self->gift);

  G_OBJECT_CLASS (ewe_add_to_list_dialog_parent_class)->dispose (object);
}

static void
ewe_add_to_list_dialog_class_init (EweAddToListDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_add_to_list_dialog_dispose;

  /**
   * EweAddToListDialog::add:
   * @list: the user's list chosen
   * @gift: the friend's gift to put on it
   */
  signals[ADD] =
    g_signal_new ("add",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, EWE_TYPE_LIST, EWE_TYPE_GIFT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-add-to-list-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EweAddToListDialog, lists_drop_down);
  gtk_widget_class_bind_template_callback (widget_class, response_cb);
}

static void
ewe_add_to_list_dialog_init (EweAddToListDialog *self)
{
  g_autoptr(GtkExpression) title = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  title = gtk_property_expression_new (EWE_TYPE_LIST, NULL, "title");
  gtk_drop_down_set_expression (self->lists_drop_down, title);
}

/**
 * ewe_add_to_list_dialog_new:
 * @lists: the user's own lists, to choose from
 * @gift: the friend's gift
 */
EweAddToListDialog *
ewe_add_to_list_dialog_new (GtkWindow  *parent,
                            GListModel *lists,
                            EweGift    *gift)
{
  EweAddToListDialog *self;
  const char         *details;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (lists), NULL);
  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  self = g_object_new (EWE_TYPE_ADD_TO_LIST_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->gift = g_object_ref (gift);
  gtk_drop_down_set_model (self->lists_drop_down, lists);

  details = ewe_gift_get_details (gift);
  /* Translators: %s is a gift on a friend's list */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self), _("Which of your lists should “%s” go on?"),
                                                                details && *details ? details : _("this gift"));

  return self;
}

EweGift *
ewe_add_to_list_dialog_get_gift (EweAddToListDialog *self)
{
  g_return_val_if_fail (EWE_IS_ADD_TO_LIST_DIALOG (self), NULL);

  return self->gift;
}
