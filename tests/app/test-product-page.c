/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>

#include "ewe-product-page.h"
#include "ewe-resources.h"

/* The product page loads shop pages from a local server in a real WebKit
 * view, keeps back and forward in step with its history, refuses what is
 * not a web page, and says so when a page cannot be loaded. */

typedef struct
{
  SoupServer *server;
  char       *base;
  guint       finished;
} Fixture;

static const char page_one[] =
  "<!DOCTYPE html><html><head><title>Rocking Horse</title>"
  "<style>body{font-family:sans-serif;margin:40px;background:#fff8f0}"
  ".photo{width:320px;height:240px;background:#e66100;border-radius:12px}</style></head>"
  "<body><h1>Wooden Rocking Horse</h1><div class=photo></div>"
  "<p>Handmade from oak. £129.00</p><a href=\"/two.html\">More from Little Oak</a></body></html>";

static const char page_two[] =
  "<!DOCTYPE html><html><head><title>Second Page</title></head>"
  "<body><h1>Little Oak</h1></body></html>";

static void
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
serve_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  const char *body = NULL;

  if (g_str_equal (path, "/one.html"))
    body = page_one;
  else if (g_str_equal (path, "/two.html"))
    body = page_two;

  if (body == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
fixture_setup (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, serve_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
}

static void
fixture_teardown (Fixture      *fixture,
                  gconstpointer data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->base, g_free);
}

static void
load_changed_cb (WebKitWebView  *web_view,
                 WebKitLoadEvent event,
                 Fixture        *fixture)
{
  if (event == WEBKIT_LOAD_FINISHED)
    fixture->finished++;
}

static gboolean
finished_once_more (gpointer data)
{
  Fixture *fixture = data;

  return fixture->finished > 0;
}

static void
wait_for_load (Fixture *fixture)
{
  iterate_until (finished_once_more, fixture);
  fixture->finished = 0;
}

typedef struct
{
  WebKitWebView *web_view;
  const char    *title;
} TitleWait;

static gboolean
has_title (gpointer data)
{
  TitleWait *wait = data;

  return g_strcmp0 (webkit_web_view_get_title (wait->web_view), wait->title) == 0;
}

/* The title may arrive just after the load has finished. */
static void
wait_for_title (WebKitWebView *web_view,
                const char    *title)
{
  TitleWait wait = { web_view, title };

  iterate_until (has_title, &wait);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static GtkWidget *
show_page (int         width,
           int         height,
           GtkWidget **page_out)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = ewe_product_page_new ();

  /* Painted with the window's background, for the screenshots. */
  gtk_widget_add_css_class (box, "background");

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Ewelists");
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (is_mapped, page);

  *page_out = page;

  return window;
}

static EweGift *
make_gift (Fixture *fixture)
{
  EweGift         *gift = ewe_gift_new ();
  g_autofree char *url = g_strconcat (fixture->base, "/one.html", NULL);

  ewe_gift_set_brand (gift, "Little Oak");
  ewe_gift_set_details (gift, "Wooden Rocking Horse");
  ewe_gift_set_price (gift, "129.00");
  ewe_gift_set_retailer (gift, "Toy Shop");
  ewe_gift_set_notes (gift, "The natural wood one, please");
  ewe_gift_set_quantity (gift, 1);
  ewe_gift_set_product_url (gift, url);

  return gift;
}

static void
signal_gift_cb (EweProductPage *page,
                EweGift        *gift,
                EweGift       **out)
{
  g_set_object (out, gift);
}

static void
test_loads_and_navigates (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(EweGift) gift = make_gift (fixture);
  g_autoptr(EweGift) reserved = NULL;
  g_autoptr(EweGift) added = NULL;
  g_autofree char *one = g_strconcat (fixture->base, "/one.html", NULL);
  g_autofree char *two = g_strconcat (fixture->base, "/two.html", NULL);
  GtkWidget       *page = NULL;
  GtkWidget       *window = show_page (1280, 800, &page);
  EweProductPage  *self = EWE_PRODUCT_PAGE (page);
  WebKitWebView   *web_view = ewe_product_page_get_web_view (self);

  g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), fixture);

  /* The view is sandboxed from the app and from other sessions. */
  g_assert_true (webkit_network_session_is_ephemeral (webkit_web_view_get_network_session (web_view)));
  g_assert_false (webkit_settings_get_enable_developer_extras (webkit_web_view_get_settings (web_view)));

  ewe_product_page_set_gift (self, gift);
  wait_for_load (fixture);
  wait_for_title (web_view, "Rocking Horse");
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, one);
  g_assert_false (ewe_product_page_get_can_go_back (self));
  g_assert_false (ewe_product_page_get_can_go_forward (self));
  g_assert_false (ewe_product_page_get_failed (self));

  g_assert_true (ewe_product_page_load_uri (self, two));
  wait_for_load (fixture);
  wait_for_title (web_view, "Second Page");
  g_assert_true (ewe_product_page_get_can_go_back (self));
  g_assert_false (ewe_product_page_get_can_go_forward (self));

  gtk_widget_activate_action (page, "product-page.back", NULL);
  wait_for_load (fixture);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, one);
  g_assert_false (ewe_product_page_get_can_go_back (self));
  g_assert_true (ewe_product_page_get_can_go_forward (self));

  gtk_widget_activate_action (page, "product-page.forward", NULL);
  wait_for_load (fixture);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, two);

  /* The buttons beside the page say which gift. */
  g_signal_connect (page, "reserve", G_CALLBACK (signal_gift_cb), &reserved);
  g_signal_connect (page, "add-to-list", G_CALLBACK (signal_gift_cb), &added);
  gtk_widget_activate_action (page, "product-page.reserve", NULL);
  gtk_widget_activate_action (page, "product-page.add-to-list", NULL);
  g_assert_true (reserved == gift);
  g_assert_true (added == gift);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The details beside the page follow the gift shown as it changes, and
 * only that gift: the one shown before no longer reaches the page. */
static void
test_details_follow_the_gift (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(EweGift) first = make_gift (fixture);
  g_autoptr(EweGift) second = make_gift (fixture);
  GtkWidget      *page = NULL;
  GtkWidget      *window = show_page (1280, 800, &page);
  EweProductPage *self = EWE_PRODUCT_PAGE (page);
  GtkLabel       *details = GTK_LABEL (gtk_widget_get_template_child (page, EWE_TYPE_PRODUCT_PAGE, "details_label"));
  GtkLabel       *notes = GTK_LABEL (gtk_widget_get_template_child (page, EWE_TYPE_PRODUCT_PAGE, "notes_label"));

  ewe_gift_set_details (second, "Wooden Train");
  ewe_product_page_set_gift (self, first);
  g_assert_cmpstr (gtk_label_get_text (details), ==, "Wooden Rocking Horse");

  /* Edited, or synced, while shown. */
  ewe_gift_set_details (first, "Painted Rocking Horse");
  g_assert_cmpstr (gtk_label_get_text (details), ==, "Painted Rocking Horse");
  ewe_gift_set_notes (first, NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (notes)));

  ewe_product_page_set_gift (self, second);
  g_assert_cmpstr (gtk_label_get_text (details), ==, "Wooden Train");
  ewe_gift_set_details (first, "Rocking Horse, sold out");
  g_assert_cmpstr (gtk_label_get_text (details), ==, "Wooden Train");
  ewe_gift_set_details (second, "Wooden Train Set");
  g_assert_cmpstr (gtk_label_get_text (details), ==, "Wooden Train Set");

  /* Left: nothing follows. */
  ewe_product_page_set_gift (self, NULL);
  ewe_gift_set_details (second, "Wooden Train, blue");
  g_assert_cmpstr (gtk_label_get_text (details), ==, "Unnamed gift");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_refuses_other_schemes (Fixture      *fixture,
                            gconstpointer data)
{
  const char *refused[] = {
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<h1>hi</h1>",
    "ewelists://anything",
    "about:blank",
    "not a url",
    NULL,
  };
  g_autofree char *one = g_strconcat (fixture->base, "/one.html", NULL);
  GtkWidget       *page = NULL;
  GtkWidget       *window = show_page (1280, 800, &page);
  EweProductPage  *self = EWE_PRODUCT_PAGE (page);
  WebKitWebView   *web_view = ewe_product_page_get_web_view (self);

  g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), fixture);
  g_assert_true (ewe_product_page_load_uri (self, one));
  wait_for_load (fixture);
  wait_for_title (web_view, "Rocking Horse");

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_false (ewe_product_page_uri_is_allowed (refused[i]));
      g_assert_false (ewe_product_page_load_uri (self, refused[i]));
      g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, one);
      g_assert_cmpstr (webkit_web_view_get_title (web_view), ==, "Rocking Horse");
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
page_failed (gpointer data)
{
  return ewe_product_page_get_failed (EWE_PRODUCT_PAGE (data));
}

static void
test_failure_and_retry (Fixture      *fixture,
                        gconstpointer data)
{
  g_autofree char *one = g_strconcat (fixture->base, "/one.html", NULL);
  GtkWidget       *page = NULL;
  GtkWidget       *window = show_page (1280, 800, &page);
  EweProductPage  *self = EWE_PRODUCT_PAGE (page);
  WebKitWebView   *web_view = ewe_product_page_get_web_view (self);
  g_autoptr(SoupServer) gone = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *gone_url = NULL;

  /* A port that was just listened on and is now closed: connection refused.
   * (WebKit blocks low ports such as 1 as a policy, which is not this.) */
  g_assert_true (soup_server_listen_local (gone, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (gone);
  gone_url = g_strdup_printf ("http://127.0.0.1:%d/gone.html", g_uri_get_port (uris->data));
  soup_server_disconnect (gone);

  g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), fixture);

  g_assert_true (ewe_product_page_load_uri (self, gone_url));
  iterate_until (page_failed, page);

  /* Retry loads the page again (here it fails again); a good address clears it. */
  gtk_widget_activate_action (page, "product-page.reload", NULL);
  iterate_until (page_failed, page);

  fixture->finished = 0;
  g_assert_true (ewe_product_page_load_uri (self, one));
  wait_for_load (fixture);
  g_assert_false (ewe_product_page_get_failed (self));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- screenshots ------------------------------------------------------------- */

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *painted)
{
  (*painted)++;
}

typedef struct
{
  guint *painted;
  guint  frames;
} FrameWait;

static gboolean
painted_enough (gpointer data)
{
  FrameWait *wait = data;

  return *wait->painted >= wait->frames;
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  GtkWidget      *content = adw_window_get_content (ADW_WINDOW (window));
  graphene_rect_t bounds;
  GtkSnapshot    *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GdkFrameClock   *clock = gtk_widget_get_frame_clock (window);
  guint            painted = 0;
  gulong           handler;

  /* Two frames: the layout switch for narrow windows happens after one. */
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  for (guint frames = 1; frames <= 2; frames++)
    {
      FrameWait wait = { &painted, frames };

      gtk_widget_queue_draw (content);
      iterate_until (painted_enough, &wait);
    }
  g_signal_handler_disconnect (clock, handler);

  /* Draw the window's content as its parent does; it carries the
   * window's background itself. */
  gtk_widget_snapshot_child (gtk_widget_get_parent (content), content, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_get_bounds (node, &bounds);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, &bounds);
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

static void
test_screenshots (Fixture      *fixture,
                  gconstpointer data)
{
  const struct
  {
    const char *name;
    int         width;
    int         height;
    gboolean    dark;
  } shots[] = {
    { "product-page-light-1280x800.png", 1280, 800, FALSE },
    { "product-page-dark-1280x800.png", 1280, 800, TRUE },
    { "product-page-light-360x720.png", 360, 720, FALSE },
    { "product-page-dark-360x720.png", 360, 720, TRUE },
  };
  g_autoptr(EweGift) gift = make_gift (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      GtkWidget *page = NULL;
      GtkWidget *window;
      gint64     until;

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          shots[i].dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      window = show_page (shots[i].width, shots[i].height, &page);
      g_signal_connect (ewe_product_page_get_web_view (EWE_PRODUCT_PAGE (page)), "load-changed",
                        G_CALLBACK (load_changed_cb), fixture);
      ewe_product_page_set_gift (EWE_PRODUCT_PAGE (page), gift);
      wait_for_load (fixture);

      /* The web process paints on its own schedule after the load. */
      until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);

      save_screenshot (window, shots[i].name);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ewe_register_resource ();

  g_test_add ("/app/product-page/loads-and-navigates", Fixture, NULL,
              fixture_setup, test_loads_and_navigates, fixture_teardown);
  g_test_add ("/app/product-page/details-follow-the-gift", Fixture, NULL,
              fixture_setup, test_details_follow_the_gift, fixture_teardown);
  g_test_add ("/app/product-page/refuses-other-schemes", Fixture, NULL,
              fixture_setup, test_refuses_other_schemes, fixture_teardown);
  g_test_add ("/app/product-page/failure-and-retry", Fixture, NULL,
              fixture_setup, test_failure_and_retry, fixture_teardown);
  g_test_add ("/app/product-page/screenshots", Fixture, NULL,
              fixture_setup, test_screenshots, fixture_teardown);

  return g_test_run ();
}
