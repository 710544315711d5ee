/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>

#include "ewe-dialog-test.h"
#include "ewe-sync-banner.h"
#include "ewe-test-async.h"

/* The banner on its own, with a real store and a sync engine that has not
 * run: changes waiting while nothing is wrong show only after a grace, so
 * that the half second each edit waits before it is sent never flickers a
 * banner; then they are counted, with Sync Now. (On a machine the system
 * says has no network, they are counted at once, as offline.) (The offline and failed
 * states, with a real server, are in test-window-sync.) */

static EweList *
create_list (EweStore   *store,
             const char *title)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweList *list;

  ewe_list_set_title (values, title);
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return list;
}

/* A gift typed in: two outbox entries (its product, then the gift). */
static EweGift *
add_gift (EweStore   *store,
          EweList    *list,
          const char *details)
{
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweGift *gift;

  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_details (values, details);
  ewe_gift_set_brand (values, "Acme");
  ewe_gift_set_product_url (values, "https://shop.example/skates");
  ewe_gift_set_quantity (values, 1);
  ewe_store_add_gift_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  gift = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return gift;
}

static gboolean
title_is (gpointer data)
{
  gpointer *args = data;

  return ewe_sync_banner_get_revealed (args[0]) &&
         g_strcmp0 (ewe_sync_banner_get_title (args[0]), args[1]) == 0;
}

static void
count_activation_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  (*(guint *)user_data)++;
}

static GtkWidget *
find_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
revealed (gpointer data)
{
  return ewe_sync_banner_get_revealed (data);
}

static void
test_pending_after_grace (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(EweStore) store = ewe_dialog_test_open_store (&dir);
  /* No account: the engine never sends anything, and says nothing. */
  g_autoptr(EweApiClient) client = ewe_api_client_new (NULL);
  g_autoptr(EweSync) sync = ewe_sync_new (store, client);
  g_autoptr(EweList) first = NULL;
  g_autoptr(EweList) second = NULL;
  g_autoptr(EweList) third = NULL;
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) sync_now = g_simple_action_new ("now", NULL);
  guint          n_sync_now = 0;
  GtkWidget     *window;
  EweSyncBanner *banner;
  gint64         start;
  char          *shot;

  banner = EWE_SYNC_BANNER (ewe_sync_banner_new ());
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (banner));
  /* The window's "sync.now", which the button asks for. */
  g_signal_connect (sync_now, "activate", G_CALLBACK (count_activation_cb), &n_sync_now);
  g_action_map_add_action (G_ACTION_MAP (actions), G_ACTION (sync_now));
  gtk_widget_insert_action_group (window, "sync", G_ACTION_GROUP (actions));
  ewe_dialog_test_present (GTK_WINDOW (window), 360, 60);

  /* Nothing to sync with, or nothing waiting: nothing shown. */
  g_assert_false (ewe_sync_banner_get_revealed (banner));
  ewe_sync_banner_set_sync (banner, sync);
  g_assert_true (ewe_sync_banner_get_sync (banner) == sync);
  g_assert_false (ewe_sync_banner_get_revealed (banner));

  first = create_list (store, "Wedding");
  second = create_list (store, "Christmas");
  third = create_list (store, "Birthday");
  gift = add_gift (store, first, "Rocket skates");
  start = g_get_monotonic_time ();
  /* Five entries in the outbox, but the user made three lists and added
   * one gift: that is what the banner counts. */
  g_assert_cmpuint (ewe_sync_get_pending (sync), ==, 5);

  if (!g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    {
      /* A machine without a network: offline, said at once. */
      g_test_message ("no network here: the banner says offline");
      g_assert_true (ewe_sync_banner_get_revealed (banner));
      ewe_dialog_test_iterate_until (title_is, (gpointer[]) { banner, (gpointer) "Offline — 3 lists and 1 gift waiting to sync" });
      g_assert_cmpstr (ewe_sync_banner_get_button_label (banner), ==, "_Retry");
    }
  else
    {
      g_assert_false (ewe_sync_banner_get_revealed (banner));
      ewe_dialog_test_iterate_until (revealed, banner);
      g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
      g_assert_cmpstr (ewe_sync_banner_get_title (banner), ==, "3 lists and 1 gift waiting to sync");
      g_assert_cmpstr (ewe_sync_banner_get_button_label (banner), ==, "_Sync Now");
    }
  g_assert_true (gtk_widget_is_sensitive (find_button (GTK_WIDGET (banner))));
  g_signal_emit_by_name (find_button (GTK_WIDGET (banner)), "clicked");
  g_assert_cmpuint (n_sync_now, ==, 1);

  ewe_dialog_test_set_dark (FALSE);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (window), "sync-banner-pending-light");
  g_free (shot);
  ewe_dialog_test_set_dark (TRUE);
  shot = ewe_dialog_test_screenshot (GTK_WINDOW (window), "sync-banner-pending-dark");
  g_free (shot);
  ewe_dialog_test_set_dark (FALSE);

  /* Signed out (no sync): gone at once. */
  ewe_sync_banner_set_sync (banner, NULL);
  g_assert_false (ewe_sync_banner_get_revealed (banner));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&sync);
  g_clear_object (&store);
  ewe_dialog_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  ewe_dialog_test_init (&argc, &argv);

  g_test_add_func ("/app/sync-banner/pending-after-grace", test_pending_after_grace);

  return g_test_run ();
}
