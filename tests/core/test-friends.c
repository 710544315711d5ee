/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ewe-codec.h"
#include "ewe-core-test-fixture.h"
#include "ewe-friends.h"
#include "ewe-store.h"
#include "ewe-sync.h"

/* Friends' lists against a real ewelists-server: an owner's list shared by
 * link, opened by a guest, reserved, changed, bought and cancelled; what the
 * server then shows; what the store remembers across a restart; and what
 * happens offline or with a wrong link. */

typedef struct
{
  EweCoreFixture core;
  char          *dir;
  char          *owner_store_path;
  char          *guest_store_path;
  char          *list_id; /* the owner's list, on the server */
  char          *link;
} Fixture;

static EweStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  EweStore *store = ewe_store_open_sync (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
draft_gift (EweStore   *store,
            EweList    *list,
            const char *details,
            int         quantity)
{
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_autoptr(EweGift) gift = NULL;
  g_autofree char *product_id = ewe_id_new_local ();
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_gift_set_list_id (values, ewe_list_get_id (list));
  ewe_gift_set_product_id (values, product_id);
  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_brand (values, "Acme");
  ewe_gift_set_details (values, details);
  ewe_gift_set_product_url (values, "https://shop.example/p");
  ewe_gift_set_quantity (values, quantity);

  ewe_store_add_gift_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  gift = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
}

/* The owner drafts "Baby shower" with two gifts (a pram ×2, a cot ×1) and
 * syncs it to the server. */
static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EweStore) store = NULL;
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweSync) sync = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_auto(EweTestWaiter) sync_waiter = { 0 };

  ewe_core_fixture_set_up (&fixture->core, data);
  fixture->dir = g_dir_make_tmp ("ewelists-friends-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->owner_store_path = g_build_filename (fixture->dir, "owner.sqlite", NULL);
  fixture->guest_store_path = g_build_filename (fixture->dir, "guest.sqlite", NULL);

  store = open_store (fixture->owner_store_path);
  ewe_list_set_title (values, "Baby shower");
  ewe_list_set_occasion (values, "Baby Shower");
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  draft_gift (store, list, "Pram", 2);
  draft_gift (store, list, "Cot", 1);

  account = ewe_core_fixture_new_user (&fixture->core, "owner");
  client = ewe_api_client_new_for_server (account, fixture->core.server->base_url);
  sync = ewe_sync_new (store, client);
  ewe_sync_run_async (sync, NULL, ewe_test_waiter_cb, &sync_waiter);
  g_assert_true (ewe_sync_run_finish (sync, ewe_test_waiter_wait (&sync_waiter), &error));
  g_assert_no_error (error);
  g_assert_false (ewe_list_is_local (list));

  fixture->list_id = g_strdup (ewe_list_get_id (list));
  fixture->link = g_strconcat (fixture->core.server->base_url, "/lists/", fixture->list_id, NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (fixture->dir);

  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->owner_store_path, g_free);
  g_clear_pointer (&fixture->guest_store_path, g_free);
  g_clear_pointer (&fixture->list_id, g_free);
  g_clear_pointer (&fixture->link, g_free);
  ewe_core_fixture_tear_down (&fixture->core, data);
}

static EweFriends *
load_friends (EweStore *store)
{
  g_autoptr(EweFriends) friends = ewe_friends_new (store);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_friends_load_async (friends, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_friends_load_finish (friends, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  g_assert_true (ewe_friends_get_loaded (friends));

  return g_steal_pointer (&friends);
}

static EweList *
open_link (EweFriends *friends,
           const char *link,
           GError    **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_friends_open_link_async (friends, link, NULL, ewe_test_waiter_cb, &waiter);
  return ewe_friends_open_link_finish (friends, ewe_test_waiter_wait (&waiter), error);
}

static EweList *
open_link_with_email (EweFriends *friends,
                      const char *link,
                      const char *email,
                      GError    **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_friends_open_link_with_email_async (friends, link, email, NULL, ewe_test_waiter_cb, &waiter);
  return ewe_friends_open_link_with_email_finish (friends, ewe_test_waiter_wait (&waiter), error);
}

static EweReservation *
reserve (EweFriends *friends,
         EweGift    *gift,
         const char *name,
         const char *email,
         int         quantity,
         GError    **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_friends_reserve_async (friends, gift, name, email, quantity, NULL, ewe_test_waiter_cb, &waiter);
  return ewe_friends_reserve_finish (friends, ewe_test_waiter_wait (&waiter), error);
}

typedef enum
{
  PURCHASE,
  SET_QUANTITY,
  CANCEL
} Change;

static gboolean
change (EweFriends     *friends,
        EweReservation *reservation,
        Change          what,
        int             quantity,
        GError        **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  switch (what)
    {
    case PURCHASE:
      ewe_friends_purchase_async (friends, reservation, NULL, ewe_test_waiter_cb, &waiter);
      return ewe_friends_purchase_finish (friends, ewe_test_waiter_wait (&waiter), error);
    case SET_QUANTITY:
      ewe_friends_set_quantity_async (friends, reservation, quantity, NULL, ewe_test_waiter_cb, &waiter);
      return ewe_friends_set_quantity_finish (friends, ewe_test_waiter_wait (&waiter), error);
    case CANCEL:
      ewe_friends_cancel_async (friends, reservation, NULL, ewe_test_waiter_cb, &waiter);
      return ewe_friends_cancel_finish (friends, ewe_test_waiter_wait (&waiter), error);
    default:
      g_assert_not_reached ();
    }
}

static EweGift *
gift_by_details (GListModel *gifts,
                 const char *details)
{
  for (guint i = 0; i < g_list_model_get_n_items (gifts); i++)
    {
      g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);

      if (g_strcmp0 (ewe_gift_get_details (gift), details) == 0)
        return gift; /* the model keeps it */
    }

  g_assert_not_reached ();
}

/* What the server's public GET /lists/{id}/shared says of the gift named
 * @details: its reserved and purchased counts. */
static void
assert_server_counts (Fixture    *fixture,
                      EweFriends *friends,
                      const char *details,
                      int         reserved,
                      int         purchased)
{
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (NULL, fixture->core.server->base_url);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize       size = 0;

  ewe_api_client_call_async (client, EWE_API_GET_SHARED_LIST, (const char *[]) { fixture->list_id, NULL },
                             NULL, NULL, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (answer, &size);
  g_assert_true (ewe_codec_decode_shared_list (data, size, &list, &gifts, &reservations, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < gifts->len; i++)
    {
      EweGift *gift = g_ptr_array_index (gifts, i);
      EweGift *local = ewe_friends_lookup_gift (friends, fixture->list_id, ewe_gift_get_product_id (gift));

      g_assert_nonnull (local);
      if (g_strcmp0 (ewe_gift_get_details (local), details) != 0)
        continue;

      g_assert_cmpint (ewe_gift_get_reserved (gift), ==, reserved);
      g_assert_cmpint (ewe_gift_get_purchased (gift), ==, purchased);
      /* The guest's copy was brought up to date too. */
      g_assert_cmpint (ewe_gift_get_reserved (local), ==, reserved);
      g_assert_cmpint (ewe_gift_get_purchased (local), ==, purchased);
      return;
    }

  g_assert_not_reached ();
}

static void
test_parse_link (void)
{
  static const struct
  {
    const char        *link;
    const char        *server;
    EweFriendsLinkKind kind;
    const char        *id;
  } good[] = {
    { "https://lists.example.org/lists/abc-123", "https://lists.example.org", EWE_FRIENDS_LINK_LIST, "abc-123" },
    { "  https://lists.example.org/lists/abc-123/  ", "https://lists.example.org", EWE_FRIENDS_LINK_LIST, "abc-123" },
    { "HTTPS://Lists.Example.org:8443/gifts/lists/ABC_1?utm=x#top", "https://lists.example.org:8443/gifts",
      EWE_FRIENDS_LINK_LIST, "ABC_1" },
    { "http://127.0.0.1:8080/lists/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "http://127.0.0.1:8080",
      EWE_FRIENDS_LINK_LIST, "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b" },
    { "https://lists.example.org/reserve/9b2c", "https://lists.example.org", EWE_FRIENDS_LINK_RESERVATION, "9b2c" },
  };
  static const char *bad[] = {
    "",
    "   ",
    "lists.example.org/lists/abc",
    "abc",
    "ftp://lists.example.org/lists/abc",
    "https://lists.example.org/",
    "https://lists.example.org/lists/",
    "https://lists.example.org/reserve/",
    "https://lists.example.org/about/abc",
    "https://lists.example.org/lists/abc/gifts",
    "https://lists.example.org/lists/a%20b",
    "https://lists.example.org/lists/a'b",
    "https:///lists/abc",
    "mailto:a@example.org",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char   *server = NULL;
      g_autofree char   *id = NULL;
      EweFriendsLinkKind kind = -1;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", good[i].link);
      g_assert_true (ewe_friends_parse_link (good[i].link, &server, &kind, &id, &error));
      g_assert_no_error (error);
      g_assert_cmpint (kind, ==, good[i].kind);
      g_assert_cmpstr (server, ==, good[i].server);
      g_assert_cmpstr (id, ==, good[i].id);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *server = NULL;
      g_autofree char *id = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (ewe_friends_parse_link (bad[i], &server, NULL, &id, &error));
      g_assert_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID_LINK);
      g_assert_true (error->message[0] != '\0');
      g_assert_null (server);
      g_assert_null (id);
    }
}

static void
test_reserve_buy_cancel (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture->guest_store_path);
  g_autoptr(EweFriends) friends = load_friends (store);
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweList) again = NULL;
  g_autoptr(EweReservation) pram = NULL;
  g_autoptr(EweReservation) cot = NULL;
  g_autoptr(EweReservation) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  GListModel      *gifts;
  GListModel      *reservations = ewe_friends_get_reservations (friends);
  EweGift         *pram_gift;
  EweGift         *cot_gift;

  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_lists (friends)), ==, 0);

  /* Opening: the list, its gifts with their products read one by one. */
  list = open_link (friends, fixture->link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Baby shower");
  /* Whose it is: the name the owner signed up with. */
  g_assert_cmpstr (ewe_list_get_owner_name (list), ==, "owner");
  g_assert_cmpstr (ewe_friends_get_server_url (friends, list), ==, fixture->core.server->base_url);
  link = ewe_friends_dup_link (friends, list);
  g_assert_cmpstr (link, ==, fixture->link);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_lists (friends)), ==, 1);
  gifts = ewe_friends_get_gifts (friends, list);
  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 2);
  pram_gift = gift_by_details (gifts, "Pram");
  cot_gift = gift_by_details (gifts, "Cot");
  g_assert_cmpstr (ewe_gift_get_brand (pram_gift), ==, "Acme");
  g_assert_cmpint (ewe_gift_get_quantity (pram_gift), ==, 2);

  /* Opening it again finds the same objects. */
  again = open_link (friends, fixture->link, &error);
  g_assert_no_error (error);
  g_assert_true (again == list);
  g_assert_true (gift_by_details (gifts, "Pram") == pram_gift);

  /* A guest must say who they are. */
  refused = reserve (friends, pram_gift, "", "guest@example.org", 1, &error);
  g_assert_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID);
  g_assert_null (refused);
  g_clear_error (&error);
  refused = reserve (friends, pram_gift, "Gus", "not an address", 1, &error);
  g_assert_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (reservations), ==, 0);

  /* Reserving one pram: on the server, in the model, in the counts. */
  pram = reserve (friends, pram_gift, "Gus Guest", "Guest@Example.org", 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pram);
  g_assert_cmpuint (g_list_model_get_n_items (reservations), ==, 1);
  g_assert_cmpint (ewe_reservation_get_quantity (pram), ==, 1);
  g_assert_cmpint (ewe_reservation_get_state (pram), ==, EWE_RESERVATION_STATE_RESERVED);
  g_assert_cmpstr (ewe_reservation_get_name (pram), ==, "Gus Guest");
  g_assert_cmpstr (ewe_reservation_get_list_title (pram), ==, "Baby shower");
  assert_server_counts (fixture, friends, "Pram", 1, 0);

  /* More than is wanted: the server's own words, and nothing changes. */
  refused = reserve (friends, cot_gift, "Gus Guest", "guest@example.org", 2, &error);
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Only 1 more"));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (reservations), ==, 1);

  /* Both prams, then bought. */
  g_assert_true (change (friends, pram, SET_QUANTITY, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ewe_reservation_get_quantity (pram), ==, 2);
  assert_server_counts (fixture, friends, "Pram", 2, 0);
  g_assert_false (change (friends, pram, SET_QUANTITY, 3, &error));
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (ewe_reservation_get_quantity (pram), ==, 2);

  g_assert_true (change (friends, pram, PURCHASE, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ewe_reservation_get_state (pram), ==, EWE_RESERVATION_STATE_PURCHASED);
  assert_server_counts (fixture, friends, "Pram", 0, 2);
  g_assert_false (change (friends, pram, CANCEL, 0, &error));
  g_assert_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID);
  g_clear_error (&error);

  /* The cot, reserved then cancelled: it leaves the model and the server. */
  cot = reserve (friends, cot_gift, "Gus Guest", "guest@example.org", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (reservations), ==, 2);
  assert_server_counts (fixture, friends, "Cot", 1, 0);
  g_assert_true (change (friends, cot, CANCEL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (reservations), ==, 1);
  assert_server_counts (fixture, friends, "Cot", 0, 0);
  g_assert_false (change (friends, cot, PURCHASE, 0, &error));
  g_assert_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* After a restart, the store remembers the list, its gifts and the
   * bought pram, and nothing of the cancelled cot. */
  pram_gift = cot_gift = NULL;
  g_clear_object (&friends);
  g_clear_object (&list);
  g_clear_object (&again);
  g_clear_object (&store);
  store = open_store (fixture->guest_store_path);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store)), ==, 0);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 0);
  friends = load_friends (store);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_lists (friends)), ==, 1);
  list = g_list_model_get_item (ewe_friends_get_lists (friends), 0);
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Baby shower");
  g_assert_cmpstr (ewe_list_get_owner_name (list), ==, "owner");
  g_assert_cmpstr (ewe_friends_get_server_url (friends, list), ==, fixture->core.server->base_url);
  gifts = ewe_friends_get_gifts (friends, list);
  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 2);
  g_assert_cmpint (ewe_gift_get_purchased (gift_by_details (gifts, "Pram")), ==, 2);
  reservations = ewe_friends_get_reservations (friends);
  g_assert_cmpuint (g_list_model_get_n_items (reservations), ==, 1);
  g_clear_object (&pram);
  pram = g_list_model_get_item (reservations, 0);
  g_assert_cmpint (ewe_reservation_get_state (pram), ==, EWE_RESERVATION_STATE_PURCHASED);
  g_assert_cmpint (ewe_reservation_get_quantity (pram), ==, 2);
  g_assert_cmpstr (ewe_reservation_get_email (pram), ==, "guest@example.org");
}

/* Signed in to the list's server, a friend needs to give no name: the
 * server uses the account's. */
static void
test_signed_in_guest (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture->guest_store_path);
  g_autoptr(EweFriends) friends = load_friends (store);
  g_autoptr(EweAccount) account = ewe_core_fixture_new_user (&fixture->core, "friend");
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweReservation) reservation = NULL;
  g_autoptr(GError) error = NULL;

  ewe_friends_set_account (friends, account, fixture->core.server->base_url);
  list = open_link (friends, fixture->link, &error);
  g_assert_no_error (error);

  reservation = reserve (friends, gift_by_details (ewe_friends_get_gifts (friends, list), "Cot"),
                         NULL, ewe_account_get_email (account), 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_reservation_get_name (reservation), ==, ewe_account_get_name (account));
  g_assert_cmpstr (ewe_reservation_get_user_id (reservation), !=, ewe_account_get_email (account));

  /* Another device of the same account, which never opened the link,
   * learns of the reservation and its list from the account. */
  {
    g_autofree char *path = g_build_filename (fixture->dir, "other-device.sqlite", NULL);
    g_autoptr(EweStore) other_store = open_store (path);
    g_autoptr(EweFriends) other = load_friends (other_store);
    g_autoptr(EweReservation) known = NULL;
    g_auto(EweTestWaiter) waiter = { 0 };
    EweList *other_list;

    /* Signed out, it cannot know. */
    ewe_friends_refresh_reservations_async (other, NULL, ewe_test_waiter_cb, &waiter);
    g_assert_true (ewe_friends_refresh_reservations_finish (other, ewe_test_waiter_wait (&waiter), &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (other)), ==, 0);
    ewe_test_waiter_clear (&waiter);

    ewe_friends_set_account (other, account, fixture->core.server->base_url);
    ewe_friends_refresh_reservations_async (other, NULL, ewe_test_waiter_cb, &waiter);
    g_assert_true (ewe_friends_refresh_reservations_finish (other, ewe_test_waiter_wait (&waiter), &error));
    g_assert_no_error (error);

    g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (other)), ==, 1);
    known = g_list_model_get_item (ewe_friends_get_reservations (other), 0);
    g_assert_cmpstr (ewe_reservation_get_id (known), ==, ewe_reservation_get_id (reservation));
    g_assert_cmpint (ewe_reservation_get_state (known), ==, EWE_RESERVATION_STATE_RESERVED);
    other_list = ewe_friends_lookup_list (other, fixture->list_id);
    g_assert_nonnull (other_list);
    g_assert_cmpstr (ewe_list_get_title (other_list), ==, "Baby shower");
    g_assert_cmpint (ewe_gift_get_reserved (gift_by_details (ewe_friends_get_gifts (other, other_list), "Cot")), ==, 1);
  }
}

static void
test_offline_and_unknown (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture->guest_store_path);
  g_autoptr(EweFriends) friends = load_friends (store);
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweList) missing = NULL;
  g_autoptr(EweReservation) reservation = NULL;
  g_autoptr(EweReservation) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wrong = g_strconcat (fixture->core.server->base_url, "/lists/no-such-list", NULL);
  EweGift         *cot;

  missing = open_link (friends, wrong, &error);
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);
  missing = open_link (friends, "https://example.org/about/x", &error);
  g_assert_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID_LINK);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_lists (friends)), ==, 0);

  list = open_link (friends, fixture->link, &error);
  g_assert_no_error (error);
  cot = gift_by_details (ewe_friends_get_gifts (friends, list), "Cot");
  reservation = reserve (friends, cot, "Gus", "gus@example.org", 1, &error);
  g_assert_no_error (error);

  /* The server gone: every change says so, and nothing changes here. */
  g_assert_cmpint (ewe_test_server_stop (fixture->core.server), ==, 0);

  g_assert_false (change (friends, reservation, PURCHASE, 0, &error));
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "connection"));
  g_clear_error (&error);
  g_assert_cmpint (ewe_reservation_get_state (reservation), ==, EWE_RESERVATION_STATE_RESERVED);

  g_assert_false (change (friends, reservation, CANCEL, 0, &error));
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 1);

  refused = reserve (friends, gift_by_details (ewe_friends_get_gifts (friends, list), "Pram"),
                     "Gus", "gus@example.org", 1, &error);
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_NETWORK);
  g_clear_error (&error);

  /* Still readable offline, as last seen. */
  g_assert_cmpint (ewe_gift_get_reserved (cot), ==, 1);
  g_assert_cmpstr (ewe_gift_get_brand (cot), ==, "Acme");

  g_assert_true (ewe_test_server_restart (fixture->core.server));
  g_assert_true (change (friends, reservation, PURCHASE, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ewe_gift_get_purchased (cot), ==, 1);
}

/* Bought or cancelled elsewhere (the guest pages, another device): asking
 * the server brings the reservations here up to date. */
static void
test_changed_elsewhere (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture->guest_store_path);
  g_autoptr(EweFriends) friends = load_friends (store);
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (NULL, fixture->core.server->base_url);
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweReservation) pram = NULL;
  g_autoptr(EweReservation) cot = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *gifts;

  list = open_link (friends, fixture->link, &error);
  g_assert_no_error (error);
  gifts = ewe_friends_get_gifts (friends, list);
  pram = reserve (friends, gift_by_details (gifts, "Pram"), "Gus", "gus@example.org", 1, &error);
  g_assert_no_error (error);
  cot = reserve (friends, gift_by_details (gifts, "Cot"), "Gus", "gus@example.org", 1, &error);
  g_assert_no_error (error);

  /* What the guest pages do, behind the app's back. */
  {
    g_auto(EweTestWaiter) bought = { 0 };
    g_auto(EweTestWaiter) cancelled = { 0 };
    g_autoptr(GBytes) answer = NULL;

    ewe_api_client_call_async (client, EWE_API_PURCHASE,
                               (const char *[]) { ewe_reservation_get_id (pram), "gus@example.org", NULL },
                               NULL, NULL, NULL, ewe_test_waiter_cb, &bought);
    answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&bought), &error);
    g_assert_no_error (error);
    g_clear_pointer (&answer, g_bytes_unref);
    ewe_api_client_call_async (client, EWE_API_UNRESERVE,
                               (const char *[]) { ewe_reservation_get_id (cot), "gus@example.org", NULL },
                               NULL, NULL, NULL, ewe_test_waiter_cb, &cancelled);
    answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&cancelled), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (ewe_reservation_get_state (pram), ==, EWE_RESERVATION_STATE_RESERVED);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 2);

  {
    g_auto(EweTestWaiter) waiter = { 0 };

    ewe_friends_refresh_reservations_async (friends, NULL, ewe_test_waiter_cb, &waiter);
    g_assert_true (ewe_friends_refresh_reservations_finish (friends, ewe_test_waiter_wait (&waiter), &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (ewe_reservation_get_state (pram), ==, EWE_RESERVATION_STATE_PURCHASED);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 1);

  /* And so does the store. */
  g_clear_object (&friends);
  g_clear_object (&list);
  g_clear_object (&store);
  store = open_store (fixture->guest_store_path);
  friends = load_friends (store);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 1);
  g_clear_object (&pram);
  pram = g_list_model_get_item (ewe_friends_get_reservations (friends), 0);
  g_assert_cmpint (ewe_reservation_get_state (pram), ==, EWE_RESERVATION_STATE_PURCHASED);
}

/* Reserved on the guest pages: the link in the confirmation mail holds only
 * the reservation's id, which the server shows to no one signed out; the
 * device that made the reservation knows its address and opens the link. */
static void
test_reservation_link (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture->guest_store_path);
  g_autoptr(EweFriends) friends = load_friends (store);
  g_autofree char *other_path = g_build_filename (fixture->dir, "browser.sqlite", NULL);
  g_autoptr(EweStore) other_store = open_store (other_path);
  g_autoptr(EweFriends) other = load_friends (other_store);
  g_autoptr(EweList) seen = NULL;
  g_autoptr(EweReservation) made = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweList) again = NULL;
  g_autoptr(EweList) refused = NULL;
  g_autoptr(EweList) stranger = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  g_autofree char *missing = g_strconcat (fixture->core.server->base_url, "/reserve/no-such-reservation", NULL);
  const char      *reservation_id;
  const char      *product_id;
  EweReservation  *reservation;

  seen = open_link (other, fixture->link, &error);
  g_assert_no_error (error);
  made = reserve (other, gift_by_details (ewe_friends_get_gifts (other, seen), "Pram"),
                  "Gus", "gus@example.org", 2, &error);
  g_assert_no_error (error);
  reservation_id = ewe_reservation_get_id (made);
  product_id = ewe_reservation_get_product_id (made);
  link = g_strconcat (fixture->core.server->base_url, "/reserve/", reservation_id, NULL);

  /* Another device, signed out, is not shown whose it is: it must ask
   * for the address. */
  stranger = open_link (friends, link, &error);
  g_assert_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NEEDS_EMAIL);
  g_assert_null (stranger);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 0);
  g_clear_error (&error);

  list = open_link (other, link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_list_get_id (list), ==, fixture->list_id);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_lists (other)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (other)), ==, 1);
  reservation = g_list_model_get_item (ewe_friends_get_reservations (other), 0);
  g_object_unref (reservation); /* the model keeps it */
  g_assert_cmpstr (ewe_reservation_get_id (reservation), ==, reservation_id);
  g_assert_cmpstr (ewe_reservation_get_email (reservation), ==, "gus@example.org");
  g_assert_cmpint (ewe_reservation_get_quantity (reservation), ==, 2);
  g_assert_cmpint (ewe_gift_get_reserved (ewe_friends_lookup_gift (other, fixture->list_id, product_id)), ==, 2);

  /* Opened again: the same reservation, not a second one. */
  again = open_link (other, link, &error);
  g_assert_no_error (error);
  g_assert_true (again == list);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (other)), ==, 1);

  /* Managed from here like any other. */
  g_assert_true (change (other, reservation, PURCHASE, 0, &error));
  g_assert_no_error (error);
  assert_server_counts (fixture, other, "Pram", 0, 2);

  /* Signed out, an id that does not exist is told apart from one that
   * does by nothing. */
  refused = open_link (friends, missing, &error);
  g_assert_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NEEDS_EMAIL);
  g_assert_null (refused);
}

/* The reservation as the server shows it to whoever has its id and address. */
static JsonObject *
server_reservation (Fixture    *fixture,
                    const char *reservation_id,
                    const char *email)
{
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (NULL, fixture->core.server->base_url);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  ewe_api_client_call_async (client, EWE_API_GET_RESERVATION, (const char *[]) { reservation_id, email, NULL },
                             NULL, NULL, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  node = ewe_codec_parse (g_bytes_get_data (answer, NULL), (gssize)g_bytes_get_size (answer), &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (node));
}

/* A reservation's mailed link opened on a device that did not make it,
 * signed out: the app is told to ask for the address, then opens it with
 * the address, and, as the link carries ?confirm=<key>, confirms it. */
static void
test_reservation_link_with_email (Fixture      *fixture,
                                  gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture->guest_store_path);
  g_autoptr(EweFriends) friends = load_friends (store);
  g_autofree char *other_path = g_build_filename (fixture->dir, "browser.sqlite", NULL);
  g_autoptr(EweStore) other_store = open_store (other_path);
  g_autoptr(EweFriends) other = load_friends (other_store);
  g_autoptr(EweList) seen = NULL;
  g_autoptr(EweReservation) made = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweList) refused = NULL;
  g_autoptr(EweList) wrong = NULL;
  g_autoptr(EweTestMail) mail = NULL;
  g_autoptr(JsonObject) on_server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *link = NULL;
  g_autofree char *bad_key_link = NULL;
  const char      *start;
  EweReservation  *reservation;

  seen = open_link (other, fixture->link, &error);
  g_assert_no_error (error);
  made = reserve (other, gift_by_details (ewe_friends_get_gifts (other, seen), "Pram"),
                  "Gus", "gus@example.org", 1, &error);
  g_assert_no_error (error);

  /* The mail's link, as the guest would click it. */
  mail = ewe_test_smtp_wait_for_mail_to (fixture->core.smtp, 0, "gus@example.org", 10000);
  g_assert_nonnull (mail);
  text = ewe_test_mail_dup_part (mail, "text/plain");
  prefix = g_strconcat (fixture->core.server->base_url, "/reserve/", ewe_reservation_get_id (made), "?confirm=", NULL);
  start = strstr (text, prefix);
  g_assert_nonnull (start);
  link = g_strndup (start, strcspn (start, " \r\n"));
  on_server = server_reservation (fixture, ewe_reservation_get_id (made), "gus@example.org");
  g_assert_false (json_object_get_boolean_member (on_server, "confirmed"));
  g_clear_pointer (&on_server, json_object_unref);

  refused = open_link (friends, link, &error);
  g_assert_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NEEDS_EMAIL);
  g_assert_null (refused);
  g_clear_error (&error);

  /* A wrong address (or key) confirms nothing and brings nothing in. */
  wrong = open_link_with_email (friends, link, "mallory@example.org", &error);
  g_assert_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NEEDS_EMAIL);
  g_assert_null (wrong);
  g_clear_error (&error);
  bad_key_link = g_strconcat (fixture->core.server->base_url, "/reserve/", ewe_reservation_get_id (made),
                              "?confirm=not-the-key", NULL);
  wrong = open_link_with_email (friends, bad_key_link, "gus@example.org", &error);
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_INVALID);
  g_assert_null (wrong);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 0);
  on_server = server_reservation (fixture, ewe_reservation_get_id (made), "gus@example.org");
  g_assert_false (json_object_get_boolean_member (on_server, "confirmed"));
  g_clear_pointer (&on_server, json_object_unref);

  list = open_link_with_email (friends, link, " Gus@Example.org ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_list_get_id (list), ==, fixture->list_id);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 1);
  reservation = g_list_model_get_item (ewe_friends_get_reservations (friends), 0);
  g_object_unref (reservation); /* the model keeps it */
  g_assert_cmpstr (ewe_reservation_get_id (reservation), ==, ewe_reservation_get_id (made));
  g_assert_cmpstr (ewe_reservation_get_email (reservation), ==, "gus@example.org");

  on_server = server_reservation (fixture, ewe_reservation_get_id (made), "gus@example.org");
  g_assert_true (json_object_get_boolean_member (on_server, "confirmed"));

  /* From now on this device knows the address: the link opens as is. */
  g_clear_object (&list);
  list = open_link (friends, link, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 1);
}

/* A friend's list taken out of the sidebar is gone from the store too,
 * while a reservation made from it stays; its link brings it back. */
static void
test_forget_list (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture->guest_store_path);
  g_autoptr(EweFriends) friends = load_friends (store);
  g_autoptr(EweFriends) again = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweList) reopened = NULL;
  g_autoptr(EweReservation) reservation = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweGift *pram;

  list = open_link (friends, fixture->link, &error);
  g_assert_no_error (error);
  pram = gift_by_details (ewe_friends_get_gifts (friends, list), "Pram");
  reservation = reserve (friends, pram, "Gus Guest", "gus@example.org", 1, &error);
  g_assert_no_error (error);

  ewe_friends_forget_list_async (friends, list, NULL, ewe_test_waiter_cb, &waiter);
  /* Gone at once, before the store has answered. */
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_lists (friends)), ==, 0);
  g_assert_true (ewe_friends_forget_list_finish (friends, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  g_assert_null (ewe_friends_lookup_list (friends, fixture->list_id));
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 1);

  /* And from the store: read again, it is not there. */
  again = load_friends (store);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_lists (again)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (again)), ==, 1);

  reopened = open_link (friends, fixture->link, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_gifts (friends, reopened)), ==, 2);
}

/* Makes every write to the store's reservations fail, as a full disk
 * would, from a second connection to the same database. */
static void
refuse_reservation_writes (const char *store_path)
{
  sqlite3 *db = NULL;
  char    *message = NULL;

  g_assert_cmpint (sqlite3_open (store_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db,
                    "CREATE TRIGGER refuse_insert BEFORE INSERT ON my_reservations "
                    "  BEGIN SELECT RAISE (ABORT, 'database or disk is full'); END;"
                    "CREATE TRIGGER refuse_update BEFORE UPDATE ON my_reservations "
                    "  BEGIN SELECT RAISE (ABORT, 'database or disk is full'); END;"
                    "CREATE TRIGGER refuse_delete BEFORE DELETE ON my_reservations "
                    "  BEGIN SELECT RAISE (ABORT, 'database or disk is full'); END;",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("Could not make the store refuse writes: %s", message);
  sqlite3_close (db);
}

static void
problem_cb (EweFriends   *friends,
            const GError *error,
            GPtrArray    *problems)
{
  g_ptr_array_add (problems, g_error_copy (error));
}

static void
assert_problem (GPtrArray  *problems,
                guint       count,
                const char *gift,
                const char *what)
{
  const GError *error;

  g_assert_cmpuint (problems->len, ==, count);
  error = g_ptr_array_index (problems, count - 1);
  g_test_message ("%s", error->message);
  g_assert_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_REMEMBERED);
  g_assert_nonnull (strstr (error->message, gift));
  g_assert_nonnull (strstr (error->message, what));
  g_assert_nonnull (strstr (error->message, "database or disk is full"));
}

/* The server takes a reservation, and its changes, though this computer
 * cannot write them down: each call succeeds, and the user is told. */
static void
test_store_refuses_writes (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr(EweStore) store = open_store (fixture->guest_store_path);
  g_autoptr(EweFriends) friends = load_friends (store);
  g_autoptr(EweFriends) restarted = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (NULL, fixture->core.server->base_url);
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweReservation) pram = NULL;
  g_autoptr(EweReservation) cot = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_auto(EweTestWaiter) waiter = { 0 };
  g_auto(EweTestWaiter) refresh_waiter = { 0 };
  g_autoptr(GError) error = NULL;
  GListModel *gifts;

  list = open_link (friends, fixture->link, &error);
  g_assert_no_error (error);
  gifts = ewe_friends_get_gifts (friends, list);
  g_signal_connect (friends, "problem", G_CALLBACK (problem_cb), problems);
  cot = reserve (friends, gift_by_details (gifts, "Cot"), "Gus Guest", "gus@example.org", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  refuse_reservation_writes (fixture->guest_store_path);

  pram = reserve (friends, gift_by_details (gifts, "Pram"), "Gus Guest", "gus@example.org", 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pram);
  assert_problem (problems, 1, "“Pram”", "was made");
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 2);
  assert_server_counts (fixture, friends, "Pram", 1, 0);

  g_assert_true (change (friends, pram, SET_QUANTITY, 2, &error));
  g_assert_no_error (error);
  assert_problem (problems, 2, "“Pram”", "was changed");
  assert_server_counts (fixture, friends, "Pram", 2, 0);

  g_assert_true (change (friends, cot, CANCEL, 0, &error));
  g_assert_no_error (error);
  assert_problem (problems, 3, "“Cot”", "was cancelled");
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 1);

  /* Bought elsewhere: the refresh finds out, and cannot write it down. */
  ewe_api_client_call_async (client, EWE_API_PURCHASE,
                             (const char *[]) { ewe_reservation_get_id (pram), "gus@example.org", NULL },
                             NULL, key, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_friends_refresh_reservations_async (friends, NULL, ewe_test_waiter_cb, &refresh_waiter);
  g_assert_true (ewe_friends_refresh_reservations_finish (friends, ewe_test_waiter_wait (&refresh_waiter),
                                                          &error));
  g_assert_no_error (error);
  assert_problem (problems, 4, "“Pram”", "what became of it");
  g_assert_cmpint (ewe_reservation_get_state (pram), ==, EWE_RESERVATION_STATE_PURCHASED);

  /* Nothing was written: after a restart the store still has the cot,
   * as reserved before its writes failed, and no pram. */
  restarted = load_friends (store);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (restarted)), ==, 1);
  {
    g_autoptr(EweReservation) kept = g_list_model_get_item (ewe_friends_get_reservations (restarted), 0);

    g_assert_cmpstr (ewe_reservation_get_id (kept), ==, ewe_reservation_get_id (cot));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/core/friends/parse-link", test_parse_link);
  ADD ("/core/friends/reserve-buy-cancel", test_reserve_buy_cancel);
  ADD ("/core/friends/signed-in-guest", test_signed_in_guest);
  ADD ("/core/friends/offline-and-unknown", test_offline_and_unknown);
  ADD ("/core/friends/changed-elsewhere", test_changed_elsewhere);
  ADD ("/core/friends/reservation-link", test_reservation_link);
  ADD ("/core/friends/reservation-link-with-email", test_reservation_link_with_email);
  ADD ("/core/friends/forget-list", test_forget_list);
  ADD ("/core/friends/store-refuses-writes", test_store_refuses_writes);
#undef ADD

  return g_test_run ();
}
