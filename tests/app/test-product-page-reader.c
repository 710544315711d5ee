/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>

#include "ewe-app-test-utils.h"
#include "ewe-page-metadata.h"
#include "ewe-product-page.h"

/* Add to List reads the page the user is looking at, in a real WebKit view,
 * from shop pages served on loopback: static JSON-LD, data a script adds
 * after the load, OpenGraph only, a page with nothing; and a hostile page
 * that tries to reach the reader's message handler from its own world
 * gets nothing. */

typedef struct
{
  SoupServer *server;
  char       *base;
  GBytes     *big_png;
  GBytes     *icon_png;

  /* what the page said */
  guint       finished;
  char       *reading;
  char       *reading_url;
  char       *failure;
  GPtrArray  *messages; /* every message the handler got, unchecked */
} Fixture;

static const char json_ld_page[] =
  "<!DOCTYPE html><html><head><title>Rocking Horse | Little Oak</title>"
  "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", \"@type\": \"Product\","
  " \"name\": \"Wooden Rocking Horse\", \"brand\": {\"@type\": \"Brand\", \"name\": \"Little Oak\"},"
  " \"image\": \"/img/big.png\", \"offers\": {\"@type\": \"Offer\", \"price\": 129, \"priceCurrency\": \"GBP\"}}"
  "</script></head><body><h1>Wooden Rocking Horse</h1>"
  "<img src=\"/img/icon.png\" alt=\"\"><img src=\"/img/big.png\" alt=\"\"><img src=\"/img/other.png\" alt=\"\">"
  "</body></html>";

/* The product data is built by the page's script, after the load, as many
 * shops do; the title says when it is there. */
static const char scripted_page[] =
  "<!DOCTYPE html><html><head><title>Loading…</title></head><body><div id=app></div>"
  "<script>window.addEventListener('load', function () { setTimeout(function () {"
  " var s = document.createElement('script'); s.type = 'application/ld+json';"
  " s.textContent = JSON.stringify({'@type': 'Product', name: 'Kite Built by Script',"
  "   offers: {price: '12.50', priceCurrency: 'EUR'}});"
  " document.head.appendChild(s);"
  " var m = document.createElement('meta'); m.setAttribute('property', 'og:site_name');"
  " m.setAttribute('content', 'Sky Shop'); document.head.appendChild(m);"
  " document.getElementById('app').textContent = 'Kite';"
  " document.title = 'Kite ready'; }, 10); });</script></body></html>";

static const char opengraph_page[] =
  "<!DOCTYPE html><html><head><title>Fallback</title>"
  "<meta property=\"og:title\" content=\"Linen Baby Blanket\">"
  "<meta property=\"og:image\" content=\"/img/big.png\">"
  "<meta property=\"og:site_name\" content=\"Nursery &amp; Co\">"
  "<meta property=\"product:price:amount\" content=\"24.90\">"
  "<meta property=\"product:price:currency\" content=\"EUR\">"
  "</head><body><p>A blanket.</p></body></html>";

static const char nothing_page[] =
  "<!DOCTYPE html><html><head></head><body><p>Nothing to see.</p></body></html>";

/* A shop whose script never yields once the page is up: its web process
 * cannot run the reader. The title says the loop is about to start. */
static const char stuck_page[] =
  "<!DOCTYPE html><html><head><title>Loading…</title>"
  "<meta property=\"og:title\" content=\"Stuck Kite\"></head><body><script>"
  "window.addEventListener('load', function () { document.title = 'Stuck';"
  " setTimeout(function () { for (;;) {} }, 200); });"
  "</script></body></html>";

/* Tries, from the page's own world, the handler and the reader's global;
 * its title says what it got. It also names a product of its own, which
 * is its right: that is what a read must give, and nothing it posted. */
static const char hostile_page[] =
  "<!DOCTYPE html><html><head><title>Vase</title>"
  "<meta property=\"og:title\" content=\"Blue Vase\"></head><body><script>"
  "var got = [];"
  "try { window.webkit.messageHandlers.ewelists.postMessage("
  "  JSON.stringify({title: 'Hacked', meta: [['og:title', 'Hacked']]})); got.push('posted'); }"
  "catch (e) { got.push('no-handler'); }"
  "try { ewelistsReader.read (); got.push('reader'); } catch (e) { got.push('no-reader'); }"
  "window.addEventListener('load', function () { document.title = 'hostile:' + got.join(','); });"
  "</script></body></html>";

static GBytes *
make_png (int width,
          int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autofree char *data = NULL;
  gsize            size = 0;

  gdk_pixbuf_fill (pixbuf, 0xe66100ff);
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
  Fixture    *fixture = user_data;
  const char *body = NULL;
  GBytes     *png = NULL;

  if (g_str_equal (path, "/json-ld.html"))
    body = json_ld_page;
  else if (g_str_equal (path, "/scripted.html"))
    body = scripted_page;
  else if (g_str_equal (path, "/opengraph.html"))
    body = opengraph_page;
  else if (g_str_equal (path, "/nothing.html"))
    body = nothing_page;
  else if (g_str_equal (path, "/hostile.html"))
    body = hostile_page;
  else if (g_str_equal (path, "/stuck.html"))
    body = stuck_page;
  else if (g_str_equal (path, "/img/big.png") || g_str_equal (path, "/img/other.png"))
    png = fixture->big_png;
  else if (g_str_equal (path, "/img/icon.png"))
    png = fixture->icon_png;

  if (body != NULL)
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC, body, strlen (body));
    }
  else if (png != NULL)
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY, g_bytes_get_data (png, NULL),
                                        g_bytes_get_size (png));
    }
  else
    {
      soup_server_message_set_status (msg, 404, NULL);
    }
}

static void
fixture_setup (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  fixture->big_png = make_png (600, 400);
  fixture->icon_png = make_png (16, 16);
  fixture->messages = g_ptr_array_new_with_free_func (g_free);
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, serve_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
}

static void
fixture_teardown (Fixture      *fixture,
                  gconstpointer data)
{
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->base, g_free);
  g_clear_pointer (&fixture->big_png, g_bytes_unref);
  g_clear_pointer (&fixture->icon_png, g_bytes_unref);
  g_clear_pointer (&fixture->reading, g_free);
  g_clear_pointer (&fixture->reading_url, g_free);
  g_clear_pointer (&fixture->failure, g_free);
  g_clear_pointer (&fixture->messages, g_ptr_array_unref);
}

static void
load_changed_cb (WebKitWebView  *web_view,
                 WebKitLoadEvent event,
                 Fixture        *fixture)
{
  if (event == WEBKIT_LOAD_FINISHED)
    fixture->finished++;
}

static void
page_read_cb (EweProductPage *page,
              const char     *reading,
              const char     *page_url,
              Fixture        *fixture)
{
  g_free (fixture->reading);
  fixture->reading = g_strdup (reading);
  g_free (fixture->reading_url);
  fixture->reading_url = g_strdup (page_url);
}

static void
read_failed_cb (EweProductPage *page,
                const char     *message,
                Fixture        *fixture)
{
  g_free (fixture->failure);
  fixture->failure = g_strdup (message);
}

/* Below the page: every message the handler gets, before the page
 * decides whether it asked for it. */
static void
script_message_cb (WebKitUserContentManager *manager,
                   JSCValue                 *value,
                   Fixture                  *fixture)
{
  g_ptr_array_add (fixture->messages, jsc_value_to_json (value, 0));
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
loaded (gpointer data)
{
  return ((Fixture *)data)->finished > 0;
}

static gboolean
answered (gpointer data)
{
  Fixture *fixture = data;

  return fixture->reading != NULL || fixture->failure != NULL;
}

typedef struct
{
  WebKitWebView *web_view;
  const char    *title;
} TitleWait;

static GtkWidget *
show_page (Fixture         *fixture,
           EweProductPage **page_out)
{
  GtkWidget     *window = adw_window_new ();
  GtkWidget     *page = ewe_product_page_new ();
  WebKitWebView *web_view = ewe_product_page_get_web_view (EWE_PRODUCT_PAGE (page));

  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  ewe_app_test_iterate_until (is_mapped, page, 60);

  g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), fixture);
  g_signal_connect (page, "page-read", G_CALLBACK (page_read_cb), fixture);
  g_signal_connect (page, "read-failed", G_CALLBACK (read_failed_cb), fixture);
  g_signal_connect (webkit_web_view_get_user_content_manager (web_view), "script-message-received::ewelists",
                    G_CALLBACK (script_message_cb), fixture);

  *page_out = EWE_PRODUCT_PAGE (page);

  return window;
}

static gboolean
has_title_prefix (gpointer data)
{
  TitleWait *wait = data;

  return g_str_has_prefix (webkit_web_view_get_title (wait->web_view) ?: "", wait->title);
}

/* Opens @path, waits for it, and for a title starting with @title when the
 * page sets one late. */
static void
open_page (Fixture        *fixture,
           EweProductPage *page,
           const char     *path,
           const char     *title)
{
  g_autofree char *url = g_strconcat (fixture->base, path, NULL);
  WebKitWebView   *web_view = ewe_product_page_get_web_view (page);

  fixture->finished = 0;
  g_assert_true (ewe_product_page_load_uri (page, url));
  ewe_app_test_iterate_until (loaded, fixture, 60);
  if (title != NULL)
    {
      TitleWait wait = { web_view, title };

      ewe_app_test_iterate_until (has_title_prefix, &wait, 60);
    }
}

/* Presses Add to List, and reads what the page sent as the app does. */
static EweGift *
read_page (Fixture        *fixture,
           EweProductPage *page,
           char         ***pictures,
           GError        **error)
{
  WebKitWebView *web_view = ewe_product_page_get_web_view (page);
  GtkWidget     *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), EWE_TYPE_PRODUCT_PAGE,
                                                                     "read_button"));

  g_clear_pointer (&fixture->reading, g_free);
  g_clear_pointer (&fixture->failure, g_free);

  /* The button is there for a page the user browses to. */
  g_assert_true (gtk_widget_get_visible (button));
  gtk_widget_activate_action (GTK_WIDGET (page), "product-page.read", NULL);
  ewe_app_test_iterate_until (answered, fixture, 60);

  g_assert_null (fixture->failure);
  g_assert_cmpstr (fixture->reading_url, ==, webkit_web_view_get_uri (web_view));

  return ewe_page_metadata_read (fixture->reading, -1, fixture->reading_url, pictures, error);
}

static EweGift *
open_and_read (Fixture        *fixture,
               EweProductPage *page,
               const char     *path,
               const char     *title,
               char         ***pictures,
               GError        **error)
{
  open_page (fixture, page, path, title);

  return read_page (fixture, page, pictures, error);
}

static void
test_static_json_ld (Fixture      *fixture,
                     gconstpointer data)
{
  EweProductPage *page = NULL;
  GtkWidget      *window = show_page (fixture, &page);
  g_auto(GStrv) pictures = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = NULL;
  g_autofree char *big = g_strconcat (fixture->base, "/img/big.png", NULL);
  g_autofree char *other = g_strconcat (fixture->base, "/img/other.png", NULL);

  gift = open_and_read (fixture, page, "/json-ld.html", NULL, &pictures, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Wooden Rocking Horse");
  g_assert_cmpstr (ewe_gift_get_brand (gift), ==, "Little Oak");
  g_assert_cmpstr (ewe_gift_get_price (gift), ==, "129.00");
  g_assert_cmpstr (ewe_gift_get_currency (gift), ==, "GBP");
  g_assert_cmpstr (ewe_gift_get_image_url (gift), ==, big);
  g_assert_cmpstr (ewe_gift_get_retailer (gift), ==, "127.0.0.1");

  /* The large pictures as the page loaded them, the gift's first; not the
   * icon. */
  g_assert_cmpuint (g_strv_length (pictures), ==, 2);
  g_assert_cmpstr (pictures[0], ==, big);
  g_assert_cmpstr (pictures[1], ==, other);
  g_assert_cmpuint (fixture->messages->len, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_data_added_by_script (Fixture      *fixture,
                           gconstpointer data)
{
  EweProductPage *page = NULL;
  GtkWidget      *window = show_page (fixture, &page);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = NULL;

  /* Not in the HTML the shop sent: only in the page as rendered. */
  g_assert_null (strstr (scripted_page, "<script type=\"application/ld+json\">"));

  gift = open_and_read (fixture, page, "/scripted.html", "Kite ready", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Kite Built by Script");
  g_assert_cmpstr (ewe_gift_get_price (gift), ==, "12.50");
  g_assert_cmpstr (ewe_gift_get_currency (gift), ==, "EUR");
  g_assert_cmpstr (ewe_gift_get_retailer (gift), ==, "Sky Shop");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_opengraph_only (Fixture      *fixture,
                     gconstpointer data)
{
  EweProductPage *page = NULL;
  GtkWidget      *window = show_page (fixture, &page);
  g_auto(GStrv) pictures = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = NULL;
  g_autofree char *big = g_strconcat (fixture->base, "/img/big.png", NULL);

  gift = open_and_read (fixture, page, "/opengraph.html", NULL, &pictures, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Linen Baby Blanket");
  g_assert_cmpstr (ewe_gift_get_price (gift), ==, "24.90");
  g_assert_cmpstr (ewe_gift_get_currency (gift), ==, "EUR");
  g_assert_cmpstr (ewe_gift_get_retailer (gift), ==, "Nursery & Co");
  g_assert_cmpstr (ewe_gift_get_image_url (gift), ==, big);
  g_assert_cmpuint (g_strv_length (pictures), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_nothing (Fixture      *fixture,
              gconstpointer data)
{
  EweProductPage *page = NULL;
  GtkWidget      *window = show_page (fixture, &page);
  g_auto(GStrv) pictures = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = NULL;

  gift = open_and_read (fixture, page, "/nothing.html", NULL, &pictures, &error);
  g_assert_null (gift);
  g_assert_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NOTHING_FOUND);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The page's own world has neither the handler nor the reader: its post
 * throws, and nothing it sent reaches the app. A read the user asks for
 * still works, and gives the page's product, not what the page posted. */
static void
test_hostile_page_gets_nothing (Fixture      *fixture,
                                gconstpointer data)
{
  EweProductPage *page = NULL;
  GtkWidget      *window = show_page (fixture, &page);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = NULL;

  open_page (fixture, page, "/hostile.html", "hostile:");
  g_assert_cmpstr (webkit_web_view_get_title (ewe_product_page_get_web_view (page)), ==,
                   "hostile:no-handler,no-reader");

  gift = read_page (fixture, page, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Blue Vase");

  /* Messages arrive in order: had the page's post got through, it would
   * be here before the read's. */
  g_assert_cmpuint (fixture->messages->len, ==, 1);
  g_assert_null (strstr (g_ptr_array_index (fixture->messages, 0), "Hacked"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *)data;
}

/* A page that never answers: the user is told after a while, rather than
 * Add to List doing nothing from then on, and once the page is reloaded
 * the reader works again. (Before, the page waited for the answer for
 * ever and ignored every later press.) */
static void
test_stuck_page_gives_up (Fixture      *fixture,
                          gconstpointer data)
{
  EweProductPage *page = NULL;
  GtkWidget      *window = show_page (fixture, &page);
  WebKitWebView  *web_view = ewe_product_page_get_web_view (page);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = NULL;
  gint64 deadline;

  open_page (fixture, page, "/stuck.html", "Stuck");
  /* The loop starts 200 ms after the title; the read must come after. */
  deadline = g_get_monotonic_time () + 500 * G_TIME_SPAN_MILLISECOND;
  ewe_app_test_iterate_until (time_passed, &deadline, 60);

  g_clear_pointer (&fixture->failure, g_free);
  gtk_widget_activate_action (GTK_WIDGET (page), "product-page.read", NULL);
  ewe_app_test_iterate_until (answered, fixture, 60);
  g_assert_null (fixture->reading);
  g_assert_cmpstr (fixture->failure, ==, "The page did not answer. Try again, or reload it.");

  /* The stuck process goes; the shop's page in a new one reads. */
  webkit_web_view_terminate_web_process (web_view);
  gift = open_and_read (fixture, page, "/json-ld.html", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Wooden Rocking Horse");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Nothing to read: no page yet, or one that did not load. */
static void
test_no_page (Fixture      *fixture,
              gconstpointer data)
{
  EweProductPage *page = NULL;
  GtkWidget      *window = show_page (fixture, &page);

  gtk_widget_activate_action (GTK_WIDGET (page), "product-page.read", NULL);
  ewe_app_test_iterate_until (answered, fixture, 60);
  g_assert_nonnull (fixture->failure);
  g_assert_null (fixture->reading);
  g_assert_cmpuint (fixture->messages->len, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  ewe_app_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/app/product-page-reader/static-json-ld", test_static_json_ld);
  ADD ("/app/product-page-reader/data-added-by-script", test_data_added_by_script);
  ADD ("/app/product-page-reader/opengraph-only", test_opengraph_only);
  ADD ("/app/product-page-reader/nothing", test_nothing);
  ADD ("/app/product-page-reader/hostile-page-gets-nothing", test_hostile_page_gets_nothing);
  ADD ("/app/product-page-reader/no-page", test_no_page);
  ADD ("/app/product-page-reader/stuck-page-gives-up", test_stuck_page_gives_up);
#undef ADD

  return g_test_run ();
}
