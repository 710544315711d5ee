/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-page-metadata.h"
#include "ewe-shop-gift-dialog.h"
#include "ewe-toasts.h"
#include "ewe-window-private.h"

/* Browse Shops and Add to List: the product page without a gift, as a
 * small browser; what the user adds from a shop's page is read there
 * (ewe-product-page-reader.c), checked by core, shown in a dialog to edit,
 * and added to the list chosen. The shops gifts were added from are kept
 * (the "recent-shops" setting) for the start page. */

/* Enough for a start page to fit a phone's screen. */
#define MAX_RECENT_SHOPS 8

/* "https://www.toyshop.example/" for any page of that shop. */
static char *
dup_shop_address (const char *page_url)
{
  g_autoptr(GUri) uri = page_url ? g_uri_parse (page_url, G_URI_FLAGS_NONE, NULL) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri), g_uri_get_port (uri), "/",
                     NULL, NULL);
}

static void
remember_shop (EweWindow  *self,
               const char *page_url)
{
  g_autofree char *shop = dup_shop_address (page_url);
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) shops = NULL;
  guint n = 1;

  if (shop == NULL || !ewe_product_page_uri_is_allowed (shop))
    return;

  /* Most recent first, each once. */
  old = g_settings_get_strv (self->settings, "recent-shops");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, shop);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_SHOPS; i++)
    if (!g_str_equal (old[i], shop))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  shops = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-shops", (const char * const *)shops);
}

static void
shop_gift_added_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(EweWindow) self = user_data;
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  gift = ewe_store_add_gift_finish (EWE_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (gift == NULL)
    /* Translators: %s says why, e.g. that the list already has it */
    title = g_strdup_printf (_("Could not add the gift: %s"), error->message);
  else
    {
      EweList *list = ewe_store_lookup_list (EWE_STORE (object), ewe_gift_get_list_id (gift));

      remember_shop (self, ewe_gift_get_product_url (gift));
      /* Translators: the first %s is a gift, the second one of the user's lists */
      title = g_strdup_printf (_("Added “%s” to “%s”"), ewe_gift_get_details (gift),
                                  list ? ewe_list_get_title (list) : "");
    }
  ewe_window_add_toast (self, ewe_toast_new_escaped (title));
}

static void
shop_gift_add_cb (EweWindow *self,
                  EweList   *list,
                  EweGift   *values)
{
  if (self->store == NULL)
    return;

  ewe_store_add_gift_async (self->store, list, values, self->cancellable, shop_gift_added_cb, g_object_ref (self));
}

static void
page_read_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EweWindow) self = user_data;
  g_autoptr(EweGift) found = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pictures = NULL;
  EweShopGiftDialog *dialog;

  found = ewe_page_metadata_read_finish (result, &pictures, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (found == NULL)
    {
      ewe_window_add_toast (self, ewe_toast_new_escaped (error->message));
      return;
    }

  if (self->shown_lists == NULL)
    return;

  dialog = ewe_shop_gift_dialog_new (GTK_WINDOW (self), G_LIST_MODEL (self->shown_lists), self->shown_list, found,
                                     (const char * const *)pictures,
                                     self->session ? ewe_session_get_image_cache (self->session) : NULL);
  g_signal_connect_object (dialog, "add", G_CALLBACK (shop_gift_add_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
page_read_cb (EweWindow  *self,
              const char *reading,
              const char *page_url,
              GtkWidget  *page)
{
  if (self->shown_lists == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->shown_lists)) == 0)
    {
      ewe_window_add_toast (self, ewe_toast_new_escaped (_("Make a list of your own first, then add gifts to it")));
      return;
    }

  ewe_page_metadata_read_async (reading, page_url, self->cancellable, page_read_done_cb, g_object_ref (self));
}

static void
read_failed_cb (EweWindow  *self,
                const char *message,
                GtkWidget  *page)
{
  ewe_window_add_toast (self, ewe_toast_new_escaped (message));
}

/**
 * _ewe_window_ensure_product_page:
 *
 * The page, and WebKit with it, is loaded the first time one is opened.
 *
 * Returns: (transfer none): the product page, or %NULL with @error set
 *   when its module is missing or broken
 */
GtkWidget *
_ewe_window_ensure_product_page (EweWindow *self,
                                 GError   **error)
{
  GtkWidget *page;

  if (self->product_page != NULL)
    return self->product_page;

  page = ewe_product_page_loader_new_page (error);
  if (page == NULL)
    return NULL;

  self->product_page = page;
  gtk_stack_add_named (self->content_stack, page, "product");
  g_signal_connect_object (page, "reserve", G_CALLBACK (_ewe_window_reserve_friend_gift), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "add-to-list", G_CALLBACK (_ewe_window_add_friend_gift), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "page-read", G_CALLBACK (page_read_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "read-failed", G_CALLBACK (read_failed_cb), self, G_CONNECT_SWAPPED);

  return page;
}

/* --- the start page's shops ------------------------------------------------ */

/* The shops of the user's gifts join those they added from while
 * browsing, so that the start page is of use before the first Add to List:
 * gathered from every list's gifts, then handed to the page. */
typedef struct
{
  EweWindow *self;
  GPtrArray *shops; /* shop addresses, each once */
  guint      pending;
} ShopsGather;

static void
add_shop (GPtrArray  *shops,
          const char *address)
{
  if (address == NULL || shops->len >= MAX_RECENT_SHOPS || !ewe_product_page_uri_is_allowed (address))
    return;

  for (guint i = 0; i < shops->len; i++)
    if (g_str_equal (shops->pdata[i], address))
      return;

  g_ptr_array_add (shops, g_strdup (address));
}

static void
gather_free (ShopsGather *gather)
{
  g_object_unref (gather->self);
  g_ptr_array_unref (gather->shops);
  g_free (gather);
}

static void
gather_done (ShopsGather *gather)
{
  if (--gather->pending > 0)
    return;

  g_ptr_array_add (gather->shops, NULL);
  if (gather->self->product_page != NULL)
    g_object_set (gather->self->product_page, "shops", gather->shops->pdata, NULL);
  gather_free (gather);
}

static void
gifts_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ShopsGather *gather = user_data;
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(GError) error = NULL;

  gifts = ewe_store_load_gifts_finish (EWE_STORE (object), result, &error);
  if (gifts == NULL)
    g_debug ("No shops from a list: %s", error->message);

  for (guint i = 0; gifts != NULL && i < g_list_model_get_n_items (gifts); i++)
    {
      g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);
      g_autofree char *address = dup_shop_address (ewe_gift_get_product_url (gift));

      add_shop (gather->shops, address);
    }

  gather_done (gather);
}

/* The shops used before: those added from first, most recent first, then
 * those of the gifts on the user's lists. */
static void
gather_shops (EweWindow          *self,
              const char * const *recent)
{
  ShopsGather *gather;
  guint        n_lists = self->lists ? g_list_model_get_n_items (self->lists) : 0;

  gather = g_new0 (ShopsGather, 1);
  gather->self = g_object_ref (self);
  gather->shops = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; recent[i] != NULL; i++)
    add_shop (gather->shops, recent[i]);

  /* One for this call, one for each list being read. */
  gather->pending = 1 + (self->store ? n_lists : 0);
  for (guint i = 0; self->store != NULL && i < n_lists; i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (self->lists, i);

      ewe_store_load_gifts_async (self->store, list, self->cancellable, gifts_loaded_cb, gather);
    }
  gather_done (gather);
}

static void
browse_shops_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) shops = NULL;
  GtkWidget *page = _ewe_window_ensure_product_page (self, &error);

  if (page == NULL)
    {
      ewe_window_add_toast (self, ewe_toast_new_escaped (error->message));
      return;
    }

  self->gift_from_friend = FALSE;
  ewe_product_page_loader_set_guest_actions (page, FALSE);
  shops = g_settings_get_strv (self->settings, "recent-shops");
  ewe_product_page_loader_browse (page, (const char * const *)shops);
  gather_shops (self, (const char * const *)shops);

  _ewe_window_unbind_title (self);
  adw_window_title_set_title (self->content_title, _("Browse Shops"));
  adw_window_title_set_subtitle (self->content_title, NULL);
  gtk_stack_set_visible_child (self->content_stack, page);
  gtk_widget_set_visible (self->list_menu_button, FALSE);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  _ewe_window_update_back_button (self);
}

void
_ewe_window_class_shop_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "shops.browse", NULL, browse_shops_action);
}
