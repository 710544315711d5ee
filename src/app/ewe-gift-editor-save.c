/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-gift-editor"

#include "config.h"

#include "ewe-gift-editor-private.h"
#include "ewe-gift-rules.h"
#include "ewe-price.h"
#include "ewe-widget-utils.h"

/* Saving the editor's form: a new gift added to the list, or the list's
 * part of an existing one (quantity, notes, unlimited, most wanted)
 * changed. */

static void
add_gift_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(EweGiftEditor) self = user_data;
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(GError) error = NULL;

  gift = ewe_store_add_gift_finish (EWE_STORE (object), result, &error);
  if (self->store == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ewe_gift_editor_set_busy (self, FALSE);

  if (gift == NULL)
    {
      ewe_label_set_text_or_hide (self->form_error, error->message);
      return;
    }

  g_set_object (&self->gift, gift);
  ewe_gift_editor_emit_saved (self, gift);
  gtk_window_close (GTK_WINDOW (self));
}

static void
update_gift_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EweGiftEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = ewe_store_edit_gift_finish (EWE_STORE (object), result, &error);

  if (self->store == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ewe_gift_editor_set_busy (self, FALSE);

  if (!ok)
    {
      ewe_label_set_text_or_hide (self->form_error, error->message);
      return;
    }

  ewe_gift_editor_emit_saved (self, self->gift);
  gtk_window_close (GTK_WINDOW (self));
}

void
ewe_gift_editor_save_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  EweGiftEditor   *self = EWE_GIFT_EDITOR (widget);
  g_autofree char *notes = ewe_gift_editor_dup_stripped (self->notes_row);
  g_autofree char *details = NULL;
  g_autofree char *product_id = NULL;
  g_autoptr(EweGift) values = NULL;
  g_autoptr(GError) error = NULL;
  int quantity;

  if (self->busy)
    return;

  gtk_spin_button_update (self->quantity_button);
  quantity = gtk_spin_button_get_value_as_int (self->quantity_button);
  ewe_label_set_text_or_hide (self->form_error, NULL);

  if (ewe_gift_editor_is_editing (self))
    {
      values = ewe_gift_copy (self->gift);
      ewe_gift_set_quantity (values, quantity);
      ewe_gift_set_notes (values, notes);
      ewe_gift_set_unlimited (values, gtk_switch_get_active (self->unlimited_switch));
      ewe_gift_set_most_wanted (values, gtk_switch_get_active (self->most_wanted_switch));
      ewe_gift_editor_set_busy (self, TRUE);
      ewe_store_edit_gift_async (self->store, self->gift, values, self->cancellable, update_gift_cb,
                                 g_object_ref (self));
      return;
    }

  if (!ewe_gift_editor_check_fields (self))
    return;

  details = ewe_gift_editor_dup_stripped (self->details_row);
  values = ewe_gift_new ();

  if (self->found != NULL && ewe_gift_get_product_type (self->found) == EWE_PRODUCT_TYPE_CATALOGUE)
    {
      /* The catalogue's product, as it is: every list shares it. */
      ewe_gift_update_from (values, self->found);
      ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_CATALOGUE);
    }
  else
    {
      g_autofree char *brand = ewe_gift_editor_dup_stripped (self->brand_row);
      g_autofree char *price = ewe_gift_editor_dup_stripped (self->price_row);
      g_autofree char *retailer = ewe_gift_editor_dup_stripped (self->retailer_row);
      g_autofree char *product_url = ewe_gift_editor_dup_stripped (self->product_url_row);
      g_autofree char *image_url = ewe_gift_editor_dup_stripped (self->image_url_row);

      /* A product of the user's own: it gets a local id now and is
       * created on the server ("notfound") when the list syncs. */
      product_id = ewe_id_new_local ();
      ewe_gift_set_product_id (values, product_id);
      ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
      ewe_gift_set_details (values, details);
      ewe_gift_set_brand (values, brand);
      ewe_gift_set_price (values, price);
      /* The price's currency is the one it names, else the shop page's,
       * else the user's own (ewe_store_add_gift_async() settles it). */
      if (self->found != NULL)
        ewe_gift_set_currency (values, ewe_gift_get_currency (self->found));
      ewe_gift_set_retailer (values, retailer);
      ewe_gift_set_product_url (values, product_url);
      ewe_gift_set_image_url (values, image_url);
    }

  ewe_gift_set_quantity (values, quantity);
  ewe_gift_set_notes (values, notes);
  ewe_gift_set_unlimited (values, gtk_switch_get_active (self->unlimited_switch));
  ewe_gift_set_most_wanted (values, gtk_switch_get_active (self->most_wanted_switch));

  ewe_gift_editor_set_busy (self, TRUE);
  ewe_store_add_gift_async (self->store, self->list, values, self->cancellable,
                            add_gift_cb, g_object_ref (self));
}
