/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>

#include "ewe-application.h"
#include "ewe-dialog-test.h"
#include "ewe-product-page.h"
#include "ewe-shop-gift-dialog.h"
#include "ewe-window.h"

/* Browse Shops and Add to List, end to end on the real drafts store: the
 * window's start page, an address typed in, a shop's page on loopback read
 * where it is shown, the dialog to pick the picture, edit and choose the
 * list, the gift on the list, and the shop offered on the start page
 * afterwards. Screenshots at 1280×800 and 360×720, light and dark. */

static const char horse_page[] =
  "<!DOCTYPE html><html><head><meta charset=utf-8><title>Rocking Horse | Little Oak</title>"
  "<meta property=\"og:site_name\" content=\"Little Oak Toys\">"
  "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", \"@type\": \"Product\","
  " \"name\": \"Wooden Rocking Horse\", \"brand\": {\"@type\": \"Brand\", \"name\": \"Little Oak\"},"
  " \"image\": \"/img/horse.png\", \"offers\": {\"@type\": \"Offer\", \"price\": \"129.00\", \"priceCurrency\": \"GBP\"}}"
  "</script><style>body{font-family:sans-serif;margin:32px;background:#fff8f0;color:#333}"
  "img{width:280px;border-radius:12px;margin:8px}</style></head>"
  "<body><h1>Wooden Rocking Horse</h1><p>Handmade from oak. £129.00</p>"
  "<img src=\"/img/horse.png\" alt=\"\"><img src=\"/img/side.png\" alt=\"\"><img src=\"/img/logo.png\" alt=\"\">"
  "</body></html>";

typedef struct
{
  SoupServer *server;
  char       *base;
  GBytes     *horse;
  GBytes     *side;
  GBytes     *logo;
} Shop;

static GBytes *
make_png (int     width,
          int     height,
          guint32 rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autofree char *data = NULL;
  gsize            size = 0;

  gdk_pixbuf_fill (pixbuf, rgba);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "png", NULL, NULL));

  return g_bytes_new_take (g_steal_pointer (&data), size);
}

static void
serve_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Shop   *shop = user_data;
  GBytes *png = NULL;

  if (g_str_equal (path, "/horse.html"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC, horse_page,
                                        strlen (horse_page));
      return;
    }

  if (g_str_equal (path, "/img/horse.png"))
    png = shop->horse;
  else if (g_str_equal (path, "/img/side.png"))
    png = shop->side;
  else if (g_str_equal (path, "/img/logo.png"))
    png = shop->logo;

  if (png == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY, g_bytes_get_data (png, NULL),
                                    g_bytes_get_size (png));
}

static void
shop_start (Shop *shop)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  shop->horse = make_png (640, 480, 0xc0703aff);
  shop->side = make_png (480, 480, 0x3a7bc0ff);
  shop->logo = make_png (48, 48, 0x000000ff);
  shop->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (shop->server, NULL, serve_cb, shop, NULL);
  g_assert_true (soup_server_listen_local (shop->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (shop->server);
  shop->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
}

static void
shop_stop (Shop *shop)
{
  soup_server_disconnect (shop->server);
  g_clear_object (&shop->server);
  g_clear_pointer (&shop->base, g_free);
  g_clear_pointer (&shop->horse, g_bytes_unref);
  g_clear_pointer (&shop->side, g_bytes_unref);
  g_clear_pointer (&shop->logo, g_bytes_unref);
}

/* --- the window ------------------------------------------------------------ */

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);
}

static gboolean
store_is_open (gpointer data)
{
  return ewe_session_get_store (ewe_window_get_session (EWE_WINDOW (data))) != NULL;
}

static EweStore *
window_store (EweWindow *window)
{
  return ewe_session_get_store (ewe_window_get_session (window));
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(EweList **)user_data = ewe_store_create_list_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static EweList *
create_list (EweWindow  *window,
             const char *title)
{
  g_autoptr(EweList) values = ewe_list_new ();
  EweList *list = NULL;

  ewe_list_set_title (values, title);
  ewe_list_set_occasion (values, "Birthday");
  ewe_store_create_list_async (window_store (window), values, NULL, created_cb, &list);
  ewe_dialog_test_iterate_until (is_set, &list);

  return list;
}

static void
gifts_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(GListModel **)user_data = ewe_store_load_gifts_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static GListModel *
load_gifts (EweWindow *window,
            EweList   *list)
{
  GListModel *gifts = NULL;

  ewe_store_load_gifts_async (window_store (window), list, NULL, gifts_loaded_cb, &gifts);
  ewe_dialog_test_iterate_until (is_set, &gifts);

  return gifts;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return GTK_WINDOW (toplevel);
    }

  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_toplevel (EWE_TYPE_SHOP_GIFT_DIALOG) != NULL;
}

/* Presses Add to List until its dialog shows. Under load the press can
 * come while the page lays itself out again after the screenshots' sizes
 * (the button unmapped, so activating it does nothing) or before the
 * page's reader can answer ("Wait for it to load, then try again", or
 * "The page did not answer"): as a person would, wait for the button,
 * press, and press again if nothing came. */
static void
read_until_dialog (GtkWidget *read_button)
{
  for (guint attempt = 0; attempt < 3 && !dialog_shown (NULL); attempt++)
    {
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

      while (!(gtk_widget_get_mapped (read_button) && gtk_widget_is_sensitive (read_button)) &&
             g_get_monotonic_time () < deadline)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
      if (!gtk_widget_activate (read_button))
        g_test_message ("Add to List could not be pressed (attempt %u)", attempt + 1);
      while (!dialog_shown (NULL) && g_get_monotonic_time () < deadline)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
      if (!dialog_shown (NULL))
        g_test_message ("Add to List: no dialog after press %u; pressing again", attempt + 1);
    }
  g_assert_true (dialog_shown (NULL));
}

static gboolean
has_horse_title (gpointer data)
{
  WebKitWebView *web_view = ewe_product_page_get_web_view (EWE_PRODUCT_PAGE (data));

  return g_strcmp0 (webkit_web_view_get_title (web_view), "Rocking Horse | Little Oak") == 0 &&
         !webkit_web_view_is_loading (web_view);
}

static gboolean
first_picture_shown (gpointer data)
{
  GtkFlowBox      *box = child (data, EWE_TYPE_SHOP_GIFT_DIALOG, "pictures_box");
  GtkFlowBoxChild *first = gtk_flow_box_get_child_at_index (box, 0);
  GtkFlowBoxChild *second = gtk_flow_box_get_child_at_index (box, 1);

  return gtk_picture_get_paintable (GTK_PICTURE (gtk_flow_box_child_get_child (first))) != NULL &&
         gtk_picture_get_paintable (GTK_PICTURE (gtk_flow_box_child_get_child (second))) != NULL;
}

static void
gift_added_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(EweGift **)user_data = ewe_store_add_gift_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

/* A gift typed in before, from a shop the user has not browsed. */
static void
add_kite (EweWindow *window,
          EweList   *list)
{
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_autoptr(EweGift) added = NULL;
  g_autofree char *product_id = ewe_id_new_local ();

  ewe_gift_set_product_id (values, product_id);
  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_details (values, "Red Kite");
  ewe_gift_set_product_url (values, "https://www.kites.example/red-kite?colour=red");
  ewe_gift_set_quantity (values, 1);
  ewe_store_add_gift_async (window_store (window), list, values, NULL, gift_added_cb, &added);
  ewe_dialog_test_iterate_until (is_set, &added);
}

typedef struct
{
  EweProductPage *page;
  int             index;
} RowWait;

static gboolean
has_shop_row (gpointer data)
{
  RowWait *wait = data;

  return gtk_list_box_get_row_at_index (child (wait->page, EWE_TYPE_PRODUCT_PAGE, "shops_box"), wait->index) != NULL;
}

static const char *
shop_row_address (EweProductPage *page,
                  int             index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (child (page, EWE_TYPE_PRODUCT_PAGE, "shops_box"), index);

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static gboolean
has_one_item (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 1;
}

static void
shots (GtkWindow  *window,
       const char *name,
       int         width,
       int         height)
{
  for (guint dark = 0; dark <= 1; dark++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%s-%dx%d", name, dark ? "dark" : "light", width, height);
      g_autofree char *path = NULL;

      ewe_dialog_test_set_dark (dark);
      gtk_window_set_default_size (window, width, height);
      /* WebKit paints on its own schedule, after GTK's layout. */
      ewe_dialog_test_settle (1500);
      path = ewe_dialog_test_screenshot (window, file);
    }
  ewe_dialog_test_set_dark (FALSE);
}

static void
test_browse_and_add (void)
{
  g_autoptr(EweApplication) app = ewe_application_new ();
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweList) kites = NULL;
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) shops = NULL;
  g_autofree char *url = NULL;
  g_autofree char *side = NULL;
  g_autofree char *shop_address = NULL;
  EweWindow       *window;
  EweProductPage  *page;
  GtkWindow       *dialog;
  GtkFlowBox      *pictures;
  Shop             shop = { 0 };
  RowWait          row_wait = { 0 };

  shop_start (&shop);
  url = g_strconcat (shop.base, "/horse.html", NULL);
  side = g_strconcat (shop.base, "/img/side.png", NULL);
  shop_address = g_strconcat (shop.base, "/", NULL);

  /* An id of its own: tests run side by side on one session bus, and a
   * second instance of one id would be remote. */
  g_application_set_application_id (G_APPLICATION (app), APPLICATION_ID ".TestShop");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = ewe_window_new (app);
  ewe_dialog_test_present (GTK_WINDOW (window), 1280, 800);
  ewe_dialog_test_iterate_until (store_is_open, window);
  kites = create_list (window, "Kites");
  add_kite (window, kites);
  list = create_list (window, "Leo’s First Birthday");
  ewe_window_select_list (window, list);
  gifts = load_gifts (window, list);
  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 0);

  /* Browse Shops: the start page, with the shop of a gift typed in before
   * and nothing added from a shop yet. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "shops.browse", NULL));
  page = EWE_PRODUCT_PAGE (gtk_stack_get_visible_child (child (window, EWE_TYPE_WINDOW, "content_stack")));
  g_assert_true (EWE_IS_PRODUCT_PAGE (page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, EWE_TYPE_PRODUCT_PAGE, "view_stack")), ==, "start");
  row_wait.page = page;
  row_wait.index = 0;
  ewe_dialog_test_iterate_until (has_shop_row, &row_wait);
  g_assert_cmpstr (shop_row_address (page, 0), ==, "https://www.kites.example/");
  g_assert_true (gtk_widget_get_visible (child (page, EWE_TYPE_PRODUCT_PAGE, "shops_box")));
  g_assert_false (gtk_widget_get_visible (child (page, EWE_TYPE_PRODUCT_PAGE, "read_button")));
  g_assert_true (gtk_widget_get_visible (child (window, EWE_TYPE_WINDOW, "back_button")));

  /* An address typed in, and the shop's page. */
  gtk_editable_set_text (GTK_EDITABLE (child (page, EWE_TYPE_PRODUCT_PAGE, "address_entry")), url);
  g_signal_emit_by_name (child (page, EWE_TYPE_PRODUCT_PAGE, "address_entry"), "activate");
  ewe_dialog_test_iterate_until (has_horse_title, page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, EWE_TYPE_PRODUCT_PAGE, "view_stack")), ==, "web");
  shots (GTK_WINDOW (window), "shop-page", 1280, 800);
  shots (GTK_WINDOW (window), "shop-page", 360, 720);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);

  /* Add to List: the dialog with what the page says. */
  read_until_dialog (child (page, EWE_TYPE_PRODUCT_PAGE, "read_button"));
  dialog = find_toplevel (EWE_TYPE_SHOP_GIFT_DIALOG);
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, EWE_TYPE_SHOP_GIFT_DIALOG, "details_row")), ==,
                   "Wooden Rocking Horse");
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, EWE_TYPE_SHOP_GIFT_DIALOG, "brand_row")), ==, "Little Oak");
  g_assert_nonnull (strstr (gtk_editable_get_text (child (dialog, EWE_TYPE_SHOP_GIFT_DIALOG, "price_row")), "129"));
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, EWE_TYPE_SHOP_GIFT_DIALOG, "retailer_row")), ==,
                   "Little Oak Toys");
  g_assert_true (adw_combo_row_get_selected_item (child (dialog, EWE_TYPE_SHOP_GIFT_DIALOG, "list_row")) == list);

  /* The page's two large pictures, the product's first, and none: not
   * the logo. */
  pictures = child (dialog, EWE_TYPE_SHOP_GIFT_DIALOG, "pictures_box");
  g_assert_nonnull (gtk_flow_box_get_child_at_index (pictures, 2));
  g_assert_null (gtk_flow_box_get_child_at_index (pictures, 3));
  ewe_dialog_test_iterate_until (first_picture_shown, dialog);
  shots (dialog, "shop-gift-dialog", 1280, 800);
  shots (dialog, "shop-gift-dialog", 360, 720);

  /* Edited, the other picture, and added. */
  gtk_editable_set_text (child (dialog, EWE_TYPE_SHOP_GIFT_DIALOG, "details_row"), "Rocking Horse, natural oak");
  gtk_flow_box_select_child (pictures, gtk_flow_box_get_child_at_index (pictures, 1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "shop-gift.add", NULL));
  ewe_dialog_test_iterate_until (has_one_item, gifts);

  gift = g_list_model_get_item (gifts, 0);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Rocking Horse, natural oak");
  g_assert_cmpstr (ewe_gift_get_brand (gift), ==, "Little Oak");
  g_assert_cmpstr (ewe_gift_get_price (gift), ==, "129.00");
  g_assert_cmpstr (ewe_gift_get_currency (gift), ==, "GBP");
  g_assert_cmpstr (ewe_gift_get_retailer (gift), ==, "Little Oak Toys");
  g_assert_cmpstr (ewe_gift_get_image_url (gift), ==, side);
  g_assert_cmpstr (ewe_gift_get_product_url (gift), ==, url);
  g_assert_cmpint (ewe_gift_get_product_type (gift), ==, EWE_PRODUCT_TYPE_NOTFOUND);
  g_assert_cmpint (ewe_gift_get_quantity (gift), ==, 1);

  /* The shop is remembered, and offered on the start page. */
  shops = g_settings_get_strv (settings, "recent-shops");
  g_assert_cmpuint (g_strv_length (shops), ==, 1);
  g_assert_cmpstr (shops[0], ==, shop_address);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "shops.browse", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, EWE_TYPE_PRODUCT_PAGE, "view_stack")), ==, "start");
  row_wait.index = 1;
  ewe_dialog_test_iterate_until (has_shop_row, &row_wait);
  /* The one added from first, then the gifts' others. */
  g_assert_cmpstr (shop_row_address (page, 0), ==, shop_address);
  g_assert_cmpstr (shop_row_address (page, 1), ==, "https://www.kites.example/");
  g_assert_null (gtk_list_box_get_row_at_index (child (page, EWE_TYPE_PRODUCT_PAGE, "shops_box"), 2));
  shots (GTK_WINDOW (window), "browse-shops", 1280, 800);
  shots (GTK_WINDOW (window), "browse-shops", 360, 720);

  /* Its row opens it. */
  g_signal_emit_by_name (child (page, EWE_TYPE_PRODUCT_PAGE, "shops_box"), "row-activated",
                         gtk_list_box_get_row_at_index (child (page, EWE_TYPE_PRODUCT_PAGE, "shops_box"), 0));
  g_assert_cmpstr (webkit_web_view_get_uri (ewe_product_page_get_web_view (page)), ==, shop_address);

  /* Back to the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "content.back", NULL));
  g_assert_false (gtk_stack_get_visible_child (child (window, EWE_TYPE_WINDOW, "content_stack")) == GTK_WIDGET (page));

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  gtk_window_destroy (GTK_WINDOW (window));
  shop_stop (&shop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("ewe-test-shop-XXXXXX", &error);
  int              status;

  g_assert_no_error (error);
  /* Before anything reads it: the drafts store lives under it. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", data_home, TRUE);
  /* The reader's steps in the log, should Add to List ever bring nothing
   * again (it once did, under load, before the page gave up on readings
   * it never got). */
  g_setenv ("G_MESSAGES_DEBUG", "ewe-product-page", FALSE);

  /* Not ewe_dialog_test_init(): the application registers the resources. */
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_type_ensure (EWE_TYPE_PRODUCT_PAGE);

  g_test_add_func ("/app/shop/browse-and-add", test_browse_and_add);

  status = g_test_run ();

  ewe_dialog_test_remove_dir (data_home);

  return status;
}
