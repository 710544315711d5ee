/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-shop-gift-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-gift-rules.h"
#include "ewe-shop-gift-dialog.h"
#include "ewe-texture.h"

/* Add to List, from a shop's page: what was read there, to check and
 * edit, the picture to pick among the page's large ones, and the list to
 * put it on. The dialog only asks: its "add" signal says what was chosen,
 * and whoever opened it adds the gift. */

/* The pictures' thumbnails, square. */
#define THUMBNAIL_SIZE 112

struct _EweShopGiftDialog
{
  AdwWindow            parent_instance;

  /* template widgets */
  GtkWidget           *add_button;
  AdwPreferencesGroup *pictures_group;
  GtkFlowBox          *pictures_box;
  AdwEntryRow         *details_row;
  AdwEntryRow         *brand_row;
  AdwEntryRow         *price_row;
  AdwEntryRow         *retailer_row;
  AdwComboRow         *list_row;

  /* owned */
  EweGift             *found;
  EweImageCache       *image_cache;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (EweShopGiftDialog, ewe_shop_gift_dialog, ADW_TYPE_WINDOW)

enum
{
  ADD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_stripped (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
update_add (EweShopGiftDialog *self)
{
  g_autofree char *details = dup_stripped (self->details_row);
  gboolean         named = !(ewe_gift_rules_check_typed_in (details, NULL, NULL) & EWE_GIFT_PROBLEM_NO_NAME);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shop-gift.add",
                                 named && adw_combo_row_get_selected_item (self->list_row) != NULL);
}

/* --- pictures ------------------------------------------------------------ */

static void
picture_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkWidget) child = user_data;
  g_autoptr(EwePicture) picture = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  picture = ewe_image_cache_load_picture_finish (EWE_IMAGE_CACHE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A picture that will not load is no choice to offer. */
  if (picture == NULL)
    {
      g_debug ("Picture not offered: %s", error->message);
      gtk_widget_set_visible (child, FALSE);
      return;
    }

  texture = ewe_texture_new_for_picture (picture);
  gtk_picture_set_paintable (GTK_PICTURE (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child))),
                             GDK_PAINTABLE (texture));
}

static GtkWidget *
new_choice (GtkWidget  *content,
            const char *label,
            const char *uri)
{
  GtkWidget *child = gtk_flow_box_child_new ();

  gtk_widget_set_size_request (content, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_widget_add_css_class (content, "card");
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), content);
  gtk_widget_set_tooltip_text (child, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (child), "ewe-picture-uri", g_strdup (uri), g_free);

  return child;
}

static void
add_pictures (EweShopGiftDialog  *self,
              const char * const *pictures)
{
  GtkWidget *none;
  GtkWidget *label;
  guint      n = pictures ? g_strv_length ((char **)pictures) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf (_("Picture %u of %u"), i + 1, n);
      GtkWidget       *picture = gtk_picture_new ();
      GtkWidget       *child;

      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
      gtk_widget_set_overflow (picture, GTK_OVERFLOW_HIDDEN);
      child = new_choice (picture, name, pictures[i]);
      gtk_flow_box_append (self->pictures_box, child);
      if (self->image_cache != NULL)
        ewe_image_cache_load_picture_async (self->image_cache, pictures[i], THUMBNAIL_SIZE, THUMBNAIL_SIZE,
                                            self->cancellable, picture_loaded_cb, g_object_ref (child));
    }

  /* Always a way to take none: the page's may all be wrong. */
  label = gtk_label_new (_("No Picture"));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  none = new_choice (label, _("No Picture"), NULL);
  gtk_flow_box_append (self->pictures_box, none);

  gtk_flow_box_select_child (self->pictures_box, gtk_flow_box_get_child_at_index (self->pictures_box, 0));
}

static const char *
selected_picture (EweShopGiftDialog *self)
{
  g_autoptr(GList) selected = gtk_flow_box_get_selected_children (self->pictures_box);

  return selected ? g_object_get_data (selected->data, "ewe-picture-uri") : NULL;
}

/* --- adding --------------------------------------------------------------- */

/**
 * ewe_shop_gift_dialog_dup_values:
 *
 * Returns: (transfer full): a new gift of the user's own, with what the
 *   dialog says now
 */
EweGift *
ewe_shop_gift_dialog_dup_values (EweShopGiftDialog *self)
{
  g_autofree char *details = NULL;
  g_autofree char *brand = NULL;
  g_autofree char *price = NULL;
  g_autofree char *retailer = NULL;
  g_autofree char *product_id = NULL;
  EweGift         *values;

  g_return_val_if_fail (EWE_IS_SHOP_GIFT_DIALOG (self), NULL);

  details = dup_stripped (self->details_row);
  brand = dup_stripped (self->brand_row);
  price = dup_stripped (self->price_row);
  retailer = dup_stripped (self->retailer_row);
  product_id = ewe_id_new_local ();
  values = ewe_gift_new ();

  /* A product of the user's own ("notfound"), created on the server when
   * the list syncs, as the gift editor makes one. */
  ewe_gift_set_product_id (values, product_id);
  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_details (values, details);
  ewe_gift_set_brand (values, brand);
  ewe_gift_set_price (values, price);
  /* The currency the price names, else the page's (the store settles it). */
  ewe_gift_set_currency (values, ewe_gift_get_currency (self->found));
  ewe_gift_set_retailer (values, retailer);
  ewe_gift_set_product_url (values, ewe_gift_get_product_url (self->found));
  ewe_gift_set_image_url (values, selected_picture (self));
  ewe_gift_set_quantity (values, 1);

  return values;
}

EweList *
ewe_shop_gift_dialog_get_list (EweShopGiftDialog *self)
{
  g_return_val_if_fail (EWE_IS_SHOP_GIFT_DIALOG (self), NULL);

  return adw_combo_row_get_selected_item (self->list_row);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  EweShopGiftDialog *self = EWE_SHOP_GIFT_DIALOG (widget);
  g_autoptr(EweGift) values = ewe_shop_gift_dialog_dup_values (self);
  EweList *list = ewe_shop_gift_dialog_get_list (self);

  if (list == NULL || ewe_gift_get_details (values) == NULL)
    return;

  g_signal_emit (self, signals[ADD], 0, list, values);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* --- GObject -------------------------------------------------------------- */

static void
ewe_shop_gift_dialog_dispose (GObject *object)
{
  EweShopGiftDialog *self = (EweShopGiftDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_SHOP_GIFT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->found);
  g_clear_object (&self->image_cache);

  G_OBJECT_CLASS (ewe_shop_gift_dialog_parent_class)->dispose (object);
}

static void
ewe_shop_gift_dialog_class_init (EweShopGiftDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_shop_gift_dialog_dispose;

  /**
   * EweShopGiftDialog::add:
   * @list: the user's list chosen
   * @values: the gift to put on it, as edited
   */
  signals[ADD] =
    g_signal_new ("add",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, EWE_TYPE_LIST, EWE_TYPE_GIFT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-shop-gift-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EweShopGiftDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, EweShopGiftDialog, pictures_group);
  gtk_widget_class_bind_template_child (widget_class, EweShopGiftDialog, pictures_box);
  gtk_widget_class_bind_template_child (widget_class, EweShopGiftDialog, details_row);
  gtk_widget_class_bind_template_child (widget_class, EweShopGiftDialog, brand_row);
  gtk_widget_class_bind_template_child (widget_class, EweShopGiftDialog, price_row);
  gtk_widget_class_bind_template_child (widget_class, EweShopGiftDialog, retailer_row);
  gtk_widget_class_bind_template_child (widget_class, EweShopGiftDialog, list_row);

  gtk_widget_class_install_action (widget_class, "shop-gift.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ewe_shop_gift_dialog_init (EweShopGiftDialog *self)
{
  g_autoptr(GtkExpression) title = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  title = gtk_property_expression_new (EWE_TYPE_LIST, NULL, "title");
  adw_combo_row_set_expression (self->list_row, title);

  g_signal_connect_object (self->details_row, "changed", G_CALLBACK (update_add), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_row, "notify::selected-item", G_CALLBACK (update_add), self,
                           G_CONNECT_SWAPPED);
}

/**
 * ewe_shop_gift_dialog_new:
 * @lists: the user's own lists, to choose from
 * @list: (nullable): the one chosen at first
 * @found: what was read in the shop's page
 * @pictures: (nullable): the page's pictures to choose from, the best first
 * @image_cache: (nullable): where the pictures come from
 */
EweShopGiftDialog *
ewe_shop_gift_dialog_new (GtkWindow          *parent,
                          GListModel         *lists,
                          EweList            *list,
                          EweGift            *found,
                          const char * const *pictures,
                          EweImageCache      *image_cache)
{
  EweShopGiftDialog *self;
  g_autofree char   *price = NULL;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (lists), NULL);
  g_return_val_if_fail (EWE_IS_GIFT (found), NULL);
  g_return_val_if_fail (!image_cache || EWE_IS_IMAGE_CACHE (image_cache), NULL);

  self = g_object_new (EWE_TYPE_SHOP_GIFT_DIALOG, "transient-for", parent, NULL);
  self->found = g_object_ref (found);
  g_set_object (&self->image_cache, image_cache);

  set_text (self->details_row, ewe_gift_get_details (found));
  set_text (self->brand_row, ewe_gift_get_brand (found));
  /* With its currency, as the user reads prices ("€42.00"). */
  price = ewe_gift_dup_display_price (found);
  set_text (self->price_row, price);
  set_text (self->retailer_row, ewe_gift_get_retailer (found));
  add_pictures (self, pictures);

  adw_combo_row_set_model (self->list_row, lists);
  for (guint i = 0; list != NULL && i < g_list_model_get_n_items (lists); i++)
    {
      g_autoptr(EweList) item = g_list_model_get_item (lists, i);

      if (item == list)
        adw_combo_row_set_selected (self->list_row, i);
    }
  update_add (self);

  return self;
}
