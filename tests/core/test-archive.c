/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>

#include "ewe-codec.h"
#include "ewe-core-test-fixture.h"
#include "ewe-store.h"
#include "ewe-sync-private.h"

/* Archiving a list in libewe-core, against a real ewelists-server: an
 * archive made offline is kept, refuses edits at once, and reaches the
 * server with its note at the next sync; another device pulls it; an
 * un-archive travels back the same way; a friend's copy of the shared
 * list says it is archived, with the note. */

#define NOTE "Thank you all!\nIt was a lovely day."

typedef struct
{
  EweCoreFixture core;
  char          *store_dir;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_set_up (&fixture->core, data);
  fixture->store_dir = g_dir_make_tmp ("ewelists-archive-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->store_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->store_dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (fixture->store_dir);
  g_clear_pointer (&fixture->store_dir, g_free);
  ewe_core_fixture_tear_down (&fixture->core, data);
}

static EweStore *
open_store (Fixture    *fixture,
            const char *name)
{
  g_autofree char *path = g_build_filename (fixture->store_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  EweStore *store = ewe_store_open_sync (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
sync_ok (EweSync *sync)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_sync_run_async (sync, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_sync_run_finish (sync, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  g_assert_null (ewe_sync_get_last_error (sync));
}

static EweList *
draft_list_with_gift (EweStore *store)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweGift) gift_values = ewe_gift_new ();
  g_autoptr(EweGift) gift = NULL;
  g_autofree char *product_id = ewe_id_new_local ();
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweList *list;

  ewe_list_set_title (values, "Wedding");
  ewe_list_set_occasion (values, "Wedding");
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);

  ewe_gift_set_list_id (gift_values, ewe_list_get_id (list));
  ewe_gift_set_product_id (gift_values, product_id);
  ewe_gift_set_product_type (gift_values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_details (gift_values, "Teapot");
  ewe_gift_set_quantity (gift_values, 1);
  ewe_store_add_gift_async (store, list, gift_values, NULL, ewe_test_waiter_cb, &waiter);
  gift = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return list;
}

static void
archive (EweStore   *store,
         EweList    *list,
         const char *note)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_store_archive_list_async (store, list, note, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_archive_list_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

static void
unarchive (EweStore *store,
           EweList  *list)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_store_unarchive_list_async (store, list, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_unarchive_list_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

/* Renames @list; returns the store's error, or NULL. */
static GError *
try_rename (EweStore   *store,
            EweList    *list,
            const char *title)
{
  g_autoptr(EweList) values = ewe_list_copy (list);
  g_auto(EweTestWaiter) waiter = { 0 };
  GError *error = NULL;

  ewe_list_set_title (values, title);
  ewe_store_update_list_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  ewe_store_update_list_finish (store, ewe_test_waiter_wait (&waiter), &error);

  return error;
}

static GError *
try_add_gift (EweStore *store,
              EweList  *list)
{
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_autoptr(EweGift) gift = NULL;
  g_autofree char *product_id = ewe_id_new_local ();
  g_auto(EweTestWaiter) waiter = { 0 };
  GError *error = NULL;

  ewe_gift_set_list_id (values, ewe_list_get_id (list));
  ewe_gift_set_product_id (values, product_id);
  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_details (values, "Kettle");
  ewe_gift_set_quantity (values, 1);
  ewe_store_add_gift_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  gift = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);

  return error;
}

/* The list as the server gives it to its owner. */
static EweList *
server_list (EweApiClient *client,
             const char   *list_id)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  EweList    *list = NULL;
  const char *data;
  gsize       size = 0;

  ewe_api_client_call_async (client, EWE_API_GET_LIST, (const char *[]) { list_id, NULL }, NULL, NULL, NULL,
                             ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (answer, &size);
  g_assert_true (ewe_codec_decode_list (data, size, &list, &gifts, &reservations, &error));
  g_assert_no_error (error);

  return list;
}

static EweList *
shared_list (EweApiClient *client,
             const char   *list_id)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  EweList    *list = NULL;
  const char *data;
  gsize       size = 0;

  ewe_api_client_call_async (client, EWE_API_GET_SHARED_LIST, (const char *[]) { list_id, NULL }, NULL, NULL,
                             NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (answer, &size);
  g_assert_true (ewe_codec_decode_shared_list (data, size, &list, &gifts, &reservations, &error));
  g_assert_no_error (error);

  return list;
}

static void
test_offline_archive_syncs (Fixture      *fixture,
                            gconstpointer data)
{
  g_autoptr(EweStore) store_a = open_store (fixture, "a.sqlite");
  g_autoptr(EweStore) store_b = open_store (fixture, "b.sqlite");
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweApiClient) guest = NULL;
  g_autoptr(EweSync) sync_a = NULL;
  g_autoptr(EweSync) sync_b = NULL;
  g_autoptr(EweList) on_a = NULL;
  g_autoptr(EweList) on_b = NULL;
  g_autoptr(EweList) on_server = NULL;
  g_autoptr(EweList) shared = NULL;
  g_autoptr(GError) error = NULL;
  guint outbox_before;

  /* Offline, signed out: drafted and archived before any server saw it. */
  on_a = draft_list_with_gift (store_a);
  outbox_before = ewe_store_get_outbox_length (store_a);
  archive (store_a, on_a, NOTE);
  g_assert_true (ewe_list_get_archived (on_a));
  g_assert_cmpstr (ewe_list_get_archive_note (on_a), ==, NOTE);
  g_assert_cmpuint (ewe_store_get_outbox_length (store_a), ==, outbox_before + 1);

  /* Read-only at once, with a reason, and nothing queued. */
  error = try_rename (store_a, on_a, "Renamed");
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "This list is archived: un-archive it to change it");
  g_clear_error (&error);
  error = try_add_gift (store_a, on_a);
  g_assert_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (ewe_store_get_outbox_length (store_a), ==, outbox_before + 1);
  g_assert_cmpstr (ewe_list_get_title (on_a), ==, "Wedding");

  /* Online: the list, its gift and then its archive reach the server. */
  account = ewe_core_fixture_new_user (&fixture->core, "archiver");
  client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  sync_a = ewe_sync_new (store_a, client);
  sync_ok (sync_a);
  g_assert_cmpuint (ewe_store_get_outbox_length (store_a), ==, 0);
  g_assert_false (ewe_list_is_local (on_a));
  g_assert_true (ewe_list_get_archived (on_a));

  on_server = server_list (client, ewe_list_get_id (on_a));
  g_assert_true (ewe_list_get_archived (on_server));
  g_assert_cmpstr (ewe_list_get_archive_note (on_server), ==, NOTE);

  /* A friend reading the shared list sees it archived, with the note. */
  guest = ewe_api_client_new_for_server (NULL, fixture->core.server->base_url);
  shared = shared_list (guest, ewe_list_get_id (on_a));
  g_assert_true (ewe_list_get_archived (shared));
  g_assert_cmpstr (ewe_list_get_archive_note (shared), ==, NOTE);

  /* Another device pulls the archive… */
  sync_b = ewe_sync_new (store_b, client);
  sync_ok (sync_b);
  on_b = g_list_model_get_item (ewe_store_get_lists (store_b), 0);
  g_assert_cmpstr (ewe_list_get_id (on_b), ==, ewe_list_get_id (on_a));
  g_assert_true (ewe_list_get_archived (on_b));
  g_assert_cmpstr (ewe_list_get_archive_note (on_b), ==, NOTE);

  /* …un-archives it, and the first device follows. */
  unarchive (store_b, on_b);
  g_assert_false (ewe_list_get_archived (on_b));
  g_assert_null (ewe_list_get_archive_note (on_b));
  sync_ok (sync_b);
  sync_ok (sync_a);
  g_assert_false (ewe_list_get_archived (on_a));
  g_assert_null (ewe_list_get_archive_note (on_a));
  g_clear_object (&on_server);
  on_server = server_list (client, ewe_list_get_id (on_a));
  g_assert_false (ewe_list_get_archived (on_server));
  g_assert_cmpint (ewe_list_get_state (on_server), ==, EWE_LIST_STATE_OPEN);

  /* Editable again, here and on the server. */
  g_assert_null (try_rename (store_a, on_a, "Renamed"));
  sync_ok (sync_a);
  g_clear_object (&on_server);
  on_server = server_list (client, ewe_list_get_id (on_a));
  g_assert_cmpstr (ewe_list_get_title (on_server), ==, "Renamed");
}

/* An archive waiting to be sent is not undone by a pull that still has
 * the list as it was. */
static void
test_pending_archive_survives_pull (Fixture      *fixture,
                                    gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture, "a.sqlite");
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "keeper");
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  g_autoptr(EweSync) sync = ewe_sync_new (store, client);
  g_autoptr(EweList) list = draft_list_with_gift (store);
  g_autoptr(EweList) on_server = NULL;
  g_autoptr(GPtrArray) gifts = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  sync_ok (sync);
  on_server = server_list (client, ewe_list_get_id (list));
  g_assert_false (ewe_list_get_archived (on_server));
  archive (store, list, "Thanks");

  /* What a pull brings while the archive waits: the list not archived. */
  ewe_store_merge_list_async (store, on_server, gifts, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_merge_list_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  g_clear_object (&on_server);
  g_assert_true (ewe_list_get_archived (list));
  g_assert_cmpstr (ewe_list_get_archive_note (list), ==, "Thanks");

  sync_ok (sync);
  on_server = server_list (client, ewe_list_get_id (list));
  g_assert_true (ewe_list_get_archived (on_server));
  g_assert_cmpstr (ewe_list_get_archive_note (on_server), ==, "Thanks");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/archive/offline-archive-syncs", Fixture, NULL, fixture_set_up, test_offline_archive_syncs,
              fixture_tear_down);
  g_test_add ("/core/archive/pending-archive-survives-pull", Fixture, NULL, fixture_set_up,
              test_pending_archive_survives_pull, fixture_tear_down);

  return g_test_run ();
}
