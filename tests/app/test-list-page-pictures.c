/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ewe-app-test-utils.h"
#include "ewe-gift-card.h"
#include "ewe-list-page.h"
#include "ewe-resources.h"
#include "ewe-style.h"
#include "ewe-test-async.h"

/* A 1,000-gift list's pictures in a 1280×800 window: GTK 4.8's grid keeps
 * 161 cards bound, yet only the cards in and near the view ask for their
 * pictures; scrolled far down, the cards then in view get theirs and show
 * them, and those left behind let theirs go. */

#define N_GIFTS 1000

typedef struct
{
  char          *dir;
  EweStore      *store;
  EweImageCache *cache;
  SoupServer    *server;
  char          *base;
  GBytes        *pngs[4];
  EweList       *list;
} Fixture;

/* /img/N for any N below N_GIFTS: each gift has a URL of its own, so each
 * picture is asked for and decoded on its own. */
static void
serve_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Fixture *fixture = user_data;
  guint64  index;
  GBytes  *png;

  if (!g_str_has_prefix (path, "/img/") ||
      !g_ascii_string_to_unsigned (path + strlen ("/img/"), 10, 0, N_GIFTS - 1, &index, NULL))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  png = fixture->pngs[index % G_N_ELEMENTS (fixture->pngs)];
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

static void
fixture_setup (Fixture      *fixture,
               gconstpointer data)
{
  static const guint32 colours[] = { 0xe66100, 0x3584e4, 0x2ec27e, 0x9141ac };
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *path = NULL;
  g_autofree char *images = NULL;
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(GPtrArray) gifts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (colours); i++)
    fixture->pngs[i] = ewe_app_test_product_png (colours[i]);

  fixture->dir = g_dir_make_tmp ("ewe-list-page-pictures-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "store.sqlite", NULL);
  images = g_build_filename (fixture->dir, "images", NULL);
  fixture->store = ewe_store_open_sync (path, &error);
  g_assert_no_error (error);
  fixture->cache = ewe_image_cache_new (images);

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, serve_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  for (guint i = 0; i < N_GIFTS; i++)
    {
      EweGift         *gift = ewe_gift_new ();
      g_autofree char *pid = g_strdup_printf ("p-%u", i);
      g_autofree char *details = g_strdup_printf ("Gift %u", i);
      g_autofree char *image = g_strdup_printf ("%s/img/%u", fixture->base, i);

      ewe_gift_set_product_id (gift, pid);
      ewe_gift_set_details (gift, details);
      ewe_gift_set_price (gift, "10.00");
      ewe_gift_set_quantity (gift, 1);
      ewe_gift_set_image_url (gift, image);
      g_ptr_array_add (gifts, gift);
    }
  ewe_list_set_id (values, "srv-many");
  ewe_list_set_title (values, "Many Gifts");
  ewe_store_merge_list_async (fixture->store, values, gifts, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_merge_list_finish (fixture->store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);

  fixture->list = g_object_ref (ewe_store_lookup_list (fixture->store, "srv-many"));
}

static void
fixture_teardown (Fixture      *fixture,
                  gconstpointer data)
{
  g_clear_object (&fixture->list);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->cache);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  for (guint i = 0; i < G_N_ELEMENTS (fixture->pngs); i++)
    g_clear_pointer (&fixture->pngs[i], g_bytes_unref);
  g_clear_pointer (&fixture->base, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

/* --- the cards ---------------------------------------------------------------- */

static void
collect_cards (GtkWidget *widget,
               GPtrArray *cards)
{
  if (EWE_IS_GIFT_CARD (widget) && ewe_gift_card_get_gift (EWE_GIFT_CARD (widget)) != NULL)
    g_ptr_array_add (cards, widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_cards (c, cards);
}

/* The cards some part of which the scrolled window shows. */
static GPtrArray *
visible_cards (GtkWidget *page)
{
  GtkWidget *scrolled = GTK_WIDGET (ewe_list_page_get_scrolled_window (EWE_LIST_PAGE (page)));
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  GPtrArray *visible = g_ptr_array_new ();

  collect_cards (page, cards);
  for (guint i = 0; i < cards->len; i++)
    {
      GtkWidget      *card = g_ptr_array_index (cards, i);
      graphene_rect_t bounds;

      if (gtk_widget_get_mapped (card) && gtk_widget_get_child_visible (gtk_widget_get_parent (card)) &&
          gtk_widget_compute_bounds (card, scrolled, &bounds) &&
          bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (scrolled))
        g_ptr_array_add (visible, card);
    }

  return visible;
}

static guint
cards_with_pictures (GtkWidget *page)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  guint n = 0;

  collect_cards (page, cards);
  for (guint i = 0; i < cards->len; i++)
    n += ewe_gift_card_get_image_loaded (g_ptr_array_index (cards, i));

  return n;
}

/* Every card in view shows its picture, and no picture asked for is on
 * its way any more. */
static gboolean
view_settled (gpointer data)
{
  GtkWidget *page = data;
  g_autoptr(GPtrArray) visible = NULL;

  if (ewe_list_page_get_loading (EWE_LIST_PAGE (page)) || !gtk_widget_get_mapped (page))
    return FALSE;

  visible = visible_cards (page);
  if (visible->len == 0 || ewe_gift_card_get_pictures_pending () > 0)
    return FALSE;

  for (guint i = 0; i < visible->len; i++)
    {
      EweGiftCard *card = g_ptr_array_index (visible, i);

      if (!ewe_gift_card_get_image_loaded (card))
        return FALSE;
    }

  return TRUE;
}

static GtkWidget *
show_page (Fixture    *fixture,
           GtkWidget **page_out)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = ewe_list_page_new (fixture->store, fixture->cache);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  ewe_list_page_set_list (EWE_LIST_PAGE (page), fixture->list);
  gtk_window_present (GTK_WINDOW (window));

  *page_out = page;

  return window;
}

static void
test_only_near_view (Fixture      *fixture,
                     gconstpointer data)
{
  guint      asked_before = ewe_gift_card_get_pictures_asked ();
  GtkWidget *page;
  GtkWidget *window = show_page (fixture, &page);
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  g_autoptr(GPtrArray) visible = NULL;
  GtkAdjustment *vadjustment;
  guint          asked;
  double         value;

  ewe_app_test_iterate_until (view_settled, page, 90);
  collect_cards (page, cards);
  visible = visible_cards (page);
  asked = ewe_gift_card_get_pictures_asked () - asked_before;
  g_test_message ("%u cards bound, %u in view, %u pictures asked, %u shown",
                  cards->len, visible->len, asked, cards_with_pictures (page));

  /* The grid binds far more cards than it shows (the point of it all);
   * the view itself and one viewport below it (it is at the top) are
   * asked for, no more. */
  g_assert_cmpuint (cards->len, >, 3 * visible->len);
  g_assert_cmpuint (asked, >=, visible->len);
  g_assert_cmpuint (asked, <=, 3 * visible->len);
  g_assert_cmpuint (cards_with_pictures (page), <=, 3 * visible->len);

  /* Far down: the cards now in view get their pictures and show them,
   * those at the top let theirs go. */
  vadjustment = gtk_scrolled_window_get_vadjustment (ewe_list_page_get_scrolled_window (EWE_LIST_PAGE (page)));
  value = gtk_adjustment_get_upper (vadjustment) / 2;
  asked_before = ewe_gift_card_get_pictures_asked ();
  gtk_adjustment_set_value (vadjustment, value);
  ewe_app_test_iterate_until (view_settled, page, 90);
  g_clear_pointer (&visible, g_ptr_array_unref);
  visible = visible_cards (page);
  asked = ewe_gift_card_get_pictures_asked () - asked_before;
  g_test_message ("scrolled to %.0f: %u in view, %u more pictures asked, %u shown",
                  value, visible->len, asked, cards_with_pictures (page));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, value);
  for (guint i = 0; i < visible->len; i++)
    {
      EweGift *gift = ewe_gift_card_get_gift (g_ptr_array_index (visible, i));
      guint64  index;

      /* The cards in view show gifts from the middle of the list. */
      g_assert_true (g_ascii_string_to_unsigned (ewe_gift_get_details (gift) + strlen ("Gift "), 10,
                                                 0, N_GIFTS - 1, &index, NULL));
      g_assert_cmpuint (index, >, 300);
      g_assert_true (ewe_gift_card_get_image_loaded (g_ptr_array_index (visible, i)));
    }
  g_assert_cmpuint (asked, >=, visible->len);
  g_assert_cmpuint (asked, <=, 3 * visible->len);
  g_assert_cmpuint (cards_with_pictures (page), <=, 3 * visible->len);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ewe_register_resource ();
  ewe_style_load_for_display (gdk_display_get_default ());

  g_test_add ("/app/list-page-pictures/only-near-view", Fixture, NULL,
              fixture_setup, test_only_near_view, fixture_teardown);

  return g_test_run ();
}
