/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>

#include "ewe-codec.h"
#include "ewe-core-test-fixture.h"
#include "ewe-store.h"
#include "ewe-sync.h"
#include "ews-test-api.h"

/* The reveal date and the thank-yous through libewe-core, against a real
 * ewelists-server: the store learns who gave only once the server's clock
 * passes the reveal date, and marking gifts received and givers thanked
 * works with the server away, survives a restart of the app, and reaches
 * the server on the next sync; a pull does not undo a mark still waiting
 * to be sent. */

#define GUEST_EMAIL "gus.giver@example.org"
#define GUEST_NAME "Gus Giver"
#define DAY_S (24 * 60 * 60)

typedef struct
{
  EweCoreFixture core;
  char          *store_dir;
  char          *store_path;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_set_up (&fixture->core, data);
  fixture->store_dir = g_dir_make_tmp ("ewelists-thanks-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->store_dir, "store.sqlite", NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  ewe_test_remove_tree (fixture->store_dir);
  g_clear_pointer (&fixture->store_dir, g_free);
  g_clear_pointer (&fixture->store_path, g_free);
  ewe_core_fixture_tear_down (&fixture->core, data);
}

static EweStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  EweStore *store = ewe_store_open_sync (path, &error);

  g_assert_no_error (error);
  return store;
}

static gboolean
run_sync (EweSync *sync,
          GError **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_sync_run_async (sync, NULL, ewe_test_waiter_cb, &waiter);
  return ewe_sync_run_finish (sync, ewe_test_waiter_wait (&waiter), error);
}

static void
sync_ok (EweSync *sync)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (run_sync (sync, &error));
  g_assert_no_error (error);
}

/* A list whose event is @event_in_days from now (by the real clock, as the
 * server's starts), with one gift of two. */
static EweList *
draft_list (EweStore *store,
            gint      event_in_days,
            EweGift **gift_out)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweGift) gift_values = ewe_gift_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) event = g_date_time_add_days (now, event_in_days);
  g_autofree char *event_date = g_date_time_format (event, "%Y-%m-%d");
  g_autofree char *product_id = ewe_id_new_local ();
  g_auto(EweTestWaiter) waiter = { 0 };
  g_auto(EweTestWaiter) gift_waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweList *list;

  ewe_list_set_title (values, "Wedding");
  ewe_list_set_occasion (values, "Wedding");
  ewe_list_set_event_date (values, event_date);
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  ewe_gift_set_list_id (gift_values, ewe_list_get_id (list));
  ewe_gift_set_product_id (gift_values, product_id);
  ewe_gift_set_product_type (gift_values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_brand (gift_values, "Acme");
  ewe_gift_set_details (gift_values, "Teapot");
  ewe_gift_set_quantity (gift_values, 2);
  ewe_store_add_gift_async (store, list, gift_values, NULL, ewe_test_waiter_cb, &gift_waiter);
  *gift_out = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&gift_waiter), &error);
  g_assert_no_error (error);

  return list;
}

static GListModel *
load_reservations (EweStore *store,
                   EweList  *list)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  GListModel *model;

  ewe_store_load_reservations_async (store, list, NULL, ewe_test_waiter_cb, &waiter);
  model = ewe_store_load_reservations_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  return model;
}

static GListModel *
load_gifts (EweStore *store,
            EweList  *list)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  GListModel *model;

  ewe_store_load_gifts_async (store, list, NULL, ewe_test_waiter_cb, &waiter);
  model = ewe_store_load_gifts_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  return model;
}

static void
set_received (EweStore *store,
              EweGift  *gift,
              gboolean  received)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_store_set_gift_received_async (store, gift, received, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_set_gift_received_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

static void
set_thanked (EweStore   *store,
             EweList    *list,
             const char *email,
             gboolean    thanked)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_store_set_giver_thanked_async (store, list, email, thanked, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_set_giver_thanked_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

/* The list as the server has it now, through the owner's client. */
static void
server_list (EweApiClient *client,
             const char   *list_id,
             GPtrArray   **gifts,
             GPtrArray   **reservations)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = NULL;
  gsize       size = 0;
  const char *data;

  ewe_api_client_call_async (client, EWE_API_GET_LIST, (const char *[]) { list_id, NULL }, NULL, NULL, NULL,
                             ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (answer, &size);
  g_assert_true (ewe_codec_decode_list (data, size, &list, gifts, reservations, &error));
  g_assert_no_error (error);
}

static void
test_reveal_received_thanked (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "owner");
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  g_autoptr(EweSync) sync = ewe_sync_new (store, client);
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(EweList) list = draft_list (store, 3, &gift);
  g_autoptr(GListModel) reservations = NULL;
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(GPtrArray) server_gifts = NULL;
  g_autoptr(GPtrArray) server_reservations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reservation_id = NULL;
  g_autoptr(EweReservation) reservation = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) reveal = g_date_time_add_days (now, 4);
  g_autofree char *reveal_on = g_date_time_format (reveal, "%Y-%m-%d");

  sync_ok (sync);
  g_assert_false (ewe_list_is_local (list));
  /* The gifts the store keeps live are its model's. */
  gifts = load_gifts (store, list);
  g_clear_object (&gift);
  gift = g_list_model_get_item (gifts, 0);
  g_assert_false (ewe_id_is_local (ewe_gift_get_product_id (gift)));
  reservation_id = ews_test_api_reserve (fixture->core.server, ewe_list_get_id (list), ewe_gift_get_product_id (gift),
                                         GUEST_EMAIL, GUEST_NAME, 1);

  /* Before the reveal date: the count, and nobody. */
  sync_ok (sync);
  reservations = load_reservations (store, list);
  g_assert_false (ewe_list_get_revealed (list));
  g_assert_cmpstr (ewe_list_get_reveal_on (list), ==, reveal_on);
  g_assert_cmpint (ewe_gift_get_reserved (gift), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (reservations), ==, 0);

  /* The server's clock passes the reveal date: the owner sees who. */
  ewe_test_server_advance_clock (fixture->core.server, 5 * DAY_S);
  sync_ok (sync);
  g_assert_true (ewe_list_get_revealed (list));
  g_assert_cmpuint (g_list_model_get_n_items (reservations), ==, 1);
  reservation = g_list_model_get_item (reservations, 0);
  g_assert_cmpstr (ewe_reservation_get_name (reservation), ==, GUEST_NAME);
  g_assert_cmpstr (ewe_reservation_get_id (reservation), ==, reservation_id);
  g_assert_false (ewe_reservation_get_thanked (reservation));

  /* The server goes away; the owner marks on, and the marks stay. */
  g_assert_cmpint (ewe_test_server_stop (fixture->core.server), ==, 0);
  set_received (store, gift, TRUE);
  set_thanked (store, list, "GUS.GIVER@example.org", TRUE);
  g_assert_true (ewe_gift_get_received (gift));
  g_assert_true (ewe_reservation_get_thanked (reservation));
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 2);
  g_assert_false (run_sync (sync, &error));
  g_clear_error (&error);
  g_assert_true (ewe_reservation_get_thanked (reservation));

  /* Thanking someone who gave nothing here is refused, and queues nothing. */
  {
    g_auto(EweTestWaiter) waiter = { 0 };

    ewe_store_set_giver_thanked_async (store, list, "nobody@example.org", TRUE, NULL, ewe_test_waiter_cb, &waiter);
    g_assert_false (ewe_store_set_giver_thanked_finish (store, ewe_test_waiter_wait (&waiter), &error));
    g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 2);
  }

  /* The app restarts: the marks were on disk. */
  g_clear_object (&sync);
  g_clear_object (&reservation);
  g_clear_object (&reservations);
  g_clear_object (&gift);
  g_clear_object (&gifts);
  g_clear_object (&list);
  g_clear_object (&store);
  store = open_store (fixture->store_path);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 2);
  list = g_list_model_get_item (ewe_store_get_lists (store), 0);
  gifts = load_gifts (store, list);
  gift = g_list_model_get_item (gifts, 0);
  reservations = load_reservations (store, list);
  reservation = g_list_model_get_item (reservations, 0);
  g_assert_true (ewe_gift_get_received (gift));
  g_assert_true (ewe_reservation_get_thanked (reservation));

  /* The server is back: the next sync sends both. */
  g_assert_true (ewe_test_server_restart (fixture->core.server));
  sync = ewe_sync_new (store, client);
  sync_ok (sync);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
  g_assert_true (ewe_gift_get_received (gift));
  g_assert_true (ewe_reservation_get_thanked (reservation));

  server_list (client, ewe_list_get_id (list), &server_gifts, &server_reservations);
  g_assert_cmpuint (server_gifts->len, ==, 1);
  g_assert_true (ewe_gift_get_received (g_ptr_array_index (server_gifts, 0)));
  g_assert_cmpuint (server_reservations->len, ==, 1);
  g_assert_true (ewe_reservation_get_thanked (g_ptr_array_index (server_reservations, 0)));

  /* A mark waiting to be sent wins over a pull that does not have it yet:
   * the server's copy still says thanked, ours says not. */
  set_thanked (store, list, GUEST_EMAIL, FALSE);
  {
    g_auto(EweTestWaiter) waiter = { 0 };

    ewe_store_merge_reservations_async (store, list, server_reservations, NULL, ewe_test_waiter_cb, &waiter);
    g_assert_true (ewe_store_merge_reservations_finish (store, ewe_test_waiter_wait (&waiter), &error));
    g_assert_no_error (error);
  }
  g_assert_false (ewe_reservation_get_thanked (reservation));
  sync_ok (sync);
  g_assert_false (ewe_reservation_get_thanked (reservation));
  g_clear_pointer (&server_gifts, g_ptr_array_unref);
  g_clear_pointer (&server_reservations, g_ptr_array_unref);
  server_list (client, ewe_list_get_id (list), &server_gifts, &server_reservations);
  g_assert_false (ewe_reservation_get_thanked (g_ptr_array_index (server_reservations, 0)));
}

static char *
day_from_now (gint days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

static void
set_reveal_date (EweStore   *store,
                 EweList    *list,
                 const char *reveal_date)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_store_set_reveal_date_async (store, list, reveal_date, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_set_reveal_date_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

static void
rename_list (EweStore   *store,
             EweList    *list,
             const char *title)
{
  g_autoptr(EweList) values = ewe_list_copy (list);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_list_set_title (values, title);
  ewe_store_update_list_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_list_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

static EweList *
server_copy (EweApiClient *client,
             const char   *list_id,
             GPtrArray   **gifts_out)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  EweList    *list = NULL;
  gsize       size = 0;
  const char *data;

  ewe_api_client_call_async (client, EWE_API_GET_LIST, (const char *[]) { list_id, NULL }, NULL, NULL, NULL,
                             ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (answer, &size);
  g_assert_true (ewe_codec_decode_list (data, size, &list, &gifts, &reservations, &error));
  g_assert_no_error (error);
  if (gifts_out != NULL)
    *gifts_out = g_steal_pointer (&gifts);
  return list;
}

typedef struct
{
  guint count;
  char *fields; /* joined with commas */
} ConflictSeen;

static void
conflict_cb (EweStore     *store,
             EweList      *list,
             EweList      *theirs,
             GStrv         fields,
             ConflictSeen *seen)
{
  seen->count++;
  g_free (seen->fields);
  seen->fields = g_strjoinv (",", fields);
}

/* The owner sets the reveal date with the server away: the store has it
 * at once (and the day in effect with it), the outbox an entry of its own,
 * which the next sync sends; the server then governs by it. Another
 * device's reveal date merges with edits of other fields here, and a
 * reveal date set on both is a conflict the later one wins. */
static void
test_reveal_date_offline_and_merge (Fixture      *fixture,
                                    gconstpointer data)
{
  g_autofree char *path_b = g_build_filename (fixture->store_dir, "device-b.sqlite", NULL);
  g_autoptr(EweStore) store = open_store (fixture->store_path);
  g_autoptr(EweStore) store_b = open_store (path_b);
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "owner");
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  g_autoptr(EweSync) sync = ewe_sync_new (store, client);
  g_autoptr(EweSync) sync_b = ewe_sync_new (store_b, client);
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(EweList) list = draft_list (store, 3, &gift);
  g_autoptr(EweList) on_b = NULL;
  g_autoptr(EweList) theirs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *default_day = day_from_now (4);
  g_autofree char *later = day_from_now (30);
  g_autofree char *from_b = day_from_now (40);
  g_autofree char *from_a = day_from_now (50);
  g_autofree char *yesterday = day_from_now (-1);
  ConflictSeen     seen = { 0 };

  sync_ok (sync);
  g_assert_null (ewe_list_get_reveal_date (list));
  g_assert_cmpstr (ewe_list_get_reveal_on (list), ==, default_day);

  /* Offline: the store has the day and queues it; a pull meanwhile does
   * not move the day back. */
  g_assert_cmpint (ewe_test_server_stop (fixture->core.server), ==, 0);
  set_reveal_date (store, list, later);
  g_assert_cmpstr (ewe_list_get_reveal_date (list), ==, later);
  g_assert_cmpstr (ewe_list_get_reveal_on (list), ==, later);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 1);
  g_assert_false (run_sync (sync, &error));
  g_clear_error (&error);

  /* Not a day: refused, nothing queued. */
  {
    g_auto(EweTestWaiter) waiter = { 0 };

    ewe_store_set_reveal_date_async (store, list, "2027-02-30", NULL, ewe_test_waiter_cb, &waiter);
    g_assert_false (ewe_store_set_reveal_date_finish (store, ewe_test_waiter_wait (&waiter), &error));
    g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 1);
  }

  g_assert_true (ewe_test_server_restart (fixture->core.server));
  sync_ok (sync);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
  theirs = server_copy (client, ewe_list_get_id (list), NULL);
  g_assert_cmpstr (ewe_list_get_reveal_date (theirs), ==, later);
  g_assert_cmpstr (ewe_list_get_reveal_on (theirs), ==, later);
  g_assert_cmpstr (ewe_list_get_reveal_on (list), ==, later);
  g_assert_false (ewe_list_get_revealed (list));

  /* Device B pulls it, and changes the day; A renames the list meanwhile:
   * different fields, merged without a word, both kept everywhere. */
  g_signal_connect (store, "conflict", G_CALLBACK (conflict_cb), &seen);
  sync_ok (sync_b);
  on_b = g_list_model_get_item (ewe_store_get_lists (store_b), 0);
  g_assert_cmpstr (ewe_list_get_reveal_date (on_b), ==, later);
  set_reveal_date (store_b, on_b, from_b);
  sync_ok (sync_b);
  rename_list (store, list, "Our wedding");
  sync_ok (sync);
  g_assert_cmpuint (seen.count, ==, 0);
  g_assert_cmpstr (ewe_list_get_reveal_date (list), ==, from_b);
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Our wedding");
  g_clear_object (&theirs);
  theirs = server_copy (client, ewe_list_get_id (list), NULL);
  g_assert_cmpstr (ewe_list_get_reveal_date (theirs), ==, from_b);
  g_assert_cmpstr (ewe_list_get_title (theirs), ==, "Our wedding");

  /* A pull while A's rename waits takes B's day and keeps A's title. */
  set_reveal_date (store_b, on_b, later);
  sync_ok (sync_b);
  rename_list (store, list, "Our big day");
  g_clear_object (&theirs);
  {
    g_auto(EweTestWaiter) waiter = { 0 };
    g_autoptr(GPtrArray) server_gifts = NULL;

    theirs = server_copy (client, ewe_list_get_id (list), &server_gifts);
    ewe_store_merge_list_async (store, theirs, server_gifts, NULL, ewe_test_waiter_cb, &waiter);
    g_assert_true (ewe_store_merge_list_finish (store, ewe_test_waiter_wait (&waiter), &error));
    g_assert_no_error (error);
  }
  g_assert_cmpstr (ewe_list_get_reveal_date (list), ==, later);
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Our big day");
  sync_ok (sync);
  g_clear_object (&theirs);
  theirs = server_copy (client, ewe_list_get_id (list), NULL);
  g_assert_cmpstr (ewe_list_get_reveal_date (theirs), ==, later);
  g_assert_cmpstr (ewe_list_get_title (theirs), ==, "Our big day");

  /* Both change the day: a conflict, told to the later, whose day wins. */
  sync_ok (sync_b);
  set_reveal_date (store_b, on_b, from_b);
  sync_ok (sync_b);
  set_reveal_date (store, list, from_a);
  sync_ok (sync);
  g_assert_cmpuint (seen.count, ==, 1);
  g_assert_cmpstr (seen.fields, ==, "reveal-date");
  g_assert_cmpstr (ewe_list_get_reveal_date (list), ==, from_a);
  sync_ok (sync_b);
  g_assert_cmpstr (ewe_list_get_reveal_date (on_b), ==, from_a);

  /* Back to the default, then a day past: the server reveals at once. */
  set_reveal_date (store, list, NULL);
  g_assert_cmpstr (ewe_list_get_reveal_on (list), ==, default_day);
  sync_ok (sync);
  g_clear_object (&theirs);
  theirs = server_copy (client, ewe_list_get_id (list), NULL);
  g_assert_null (ewe_list_get_reveal_date (theirs));
  set_reveal_date (store, list, yesterday);
  sync_ok (sync);
  g_assert_true (ewe_list_get_revealed (list));
  g_free (seen.fields);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/thanks/reveal-received-thanked", Fixture, NULL, fixture_set_up,
              test_reveal_received_thanked, fixture_tear_down);
  g_test_add ("/core/thanks/reveal-date-offline-and-merge", Fixture, NULL, fixture_set_up,
              test_reveal_date_offline_and_merge, fixture_tear_down);

  return g_test_run ();
}
