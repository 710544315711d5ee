/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ewe-core-test-fixture.h"
#include "ewe-friends.h"
#include "ewe-invitation.h"
#include "ewe-store.h"
#include "ewe-sync.h"
#include "ews-test-api.h"

/* Two co-owners of one list, each with a store of their own, against a
 * real ewelists-server: the invitation goes by mail and is accepted through
 * the API client, the list then syncs to the co-owner like one of their
 * own, their offline edits merge as two devices' edits do (the later edit
 * of a field wins and its author is told, with the other's value, which
 * "Use Theirs" puts back), and once the creator removes the co-owner the
 * list leaves the co-owner's store at the next sync. */

typedef struct
{
  EweCoreFixture core;
  char          *store_dir;
} Fixture;

typedef struct
{
  guint    count;
  char    *fields;
  char    *their_title;
  EweList *ours;
  EweList *theirs;
} ConflictSeen;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_set_up (&fixture->core, data);
  fixture->store_dir = g_dir_make_tmp ("ewelists-coowners-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  ewe_test_remove_tree (fixture->store_dir);
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

static gboolean
run_sync (EweSync *sync)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ewe_sync_run_async (sync, NULL, ewe_test_waiter_cb, &waiter);
  ok = ewe_sync_run_finish (sync, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  return ok;
}

static JsonNode *
call (EweApiClient       *client,
      EweApiEndpoint      endpoint,
      const char * const *args,
      const char         *body)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(JsonNode) body_node = body != NULL ? json_from_string (body, NULL) : NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode        *node;

  ewe_api_client_call_async (client, endpoint, args, body_node, NULL, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  node = json_from_string (text, &error);
  g_assert_no_error (error);

  return node;
}

static EweList *
draft_list (EweStore   *store,
            const char *title)
{
  g_autoptr(EweList) values = ewe_list_new ();
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  EweList *list;

  ewe_list_set_title (values, title);
  ewe_list_set_description (values, "Drafted by the creator");
  ewe_list_set_occasion (values, "wedding");
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return list;
}

static void
edit_list (EweStore   *store,
           EweList    *list,
           const char *title,
           const char *description)
{
  g_autoptr(EweList) values = ewe_list_copy (list);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  if (title != NULL)
    ewe_list_set_title (values, title);
  if (description != NULL)
    ewe_list_set_description (values, description);
  ewe_store_update_list_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_update_list_finish (store, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
}

static void
conflict_cb (EweStore     *store,
             EweList      *ours,
             EweList      *theirs,
             GStrv         fields,
             ConflictSeen *seen)
{
  seen->count++;
  g_free (seen->fields);
  g_free (seen->their_title);
  seen->fields = g_strjoinv (",", fields);
  seen->their_title = g_strdup (ewe_list_get_title (theirs));
  g_set_object (&seen->ours, ours);
  g_clear_object (&seen->theirs);
  seen->theirs = ewe_list_copy (theirs);
}

static void
conflict_seen_clear (ConflictSeen *seen)
{
  g_clear_pointer (&seen->fields, g_free);
  g_clear_pointer (&seen->their_title, g_free);
  g_clear_object (&seen->ours);
  g_clear_object (&seen->theirs);
}

/* Ada invites @email to @list_id, and the link in the mail is accepted as
 * the app does it, through @client, signed in as whoever holds it. */
static void
invite_and_accept (Fixture      *fixture,
                   EweApiClient *inviter,
                   EweApiClient *client,
                   const char   *list_id,
                   const char   *email)
{
  g_autofree char *body = g_strdup_printf ("{\"email\": \"%s\"}", email);
  guint            first = ewe_test_smtp_get_n_messages (fixture->core.smtp);
  g_autoptr(JsonNode) invited = call (inviter, EWE_API_INVITE_COOWNER, (const char *[]) { list_id, NULL }, body);
  g_autoptr(EweTestMail) mail = ewe_test_smtp_wait_for_mail_to (fixture->core.smtp, first, email, 30000);
  g_autoptr(GRegex) regex = g_regex_new ("http\\S+/invitation/[0-9a-f-]+\\?key=[A-Za-z0-9_-]+", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *link = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *accepted = NULL;

  g_assert_nonnull (mail);
  text = ewe_test_mail_dup_part (mail, "text/plain");
  g_assert_true (g_regex_match (regex, text, 0, &match));
  link = g_match_info_fetch (match, 0);

  /* A link cut short is told apart before anything is sent. */
  cut = g_strndup (link, strstr (link, "?key=") - link);
  g_assert_false (ewe_invitation_parse_link (cut, NULL, NULL, NULL, &error));
  g_assert_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID_LINK);
  g_clear_error (&error);

  ewe_invitation_accept_async (client, link, NULL, ewe_test_waiter_cb, &waiter);
  accepted = ewe_invitation_accept_finish (ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (accepted, ==, list_id);
}

static void
test_two_coowners_merge (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *ada_email = ewe_core_fixture_unique_email ("ada");
  g_autofree char *ben_email = ewe_core_fixture_unique_email ("ben");
  g_autoptr(EweStore) store_a = open_store (fixture, "ada.sqlite");
  g_autoptr(EweStore) store_b = open_store (fixture, "ben.sqlite");
  g_autoptr(EweAccount) ada = NULL;
  g_autoptr(EweAccount) ben = NULL;
  g_autoptr(EweApiClient) client_a = NULL;
  g_autoptr(EweApiClient) client_b = NULL;
  g_autoptr(EweSync) sync_a = NULL;
  g_autoptr(EweSync) sync_b = NULL;
  g_autoptr(EweList) on_a = NULL;
  g_autoptr(EweList) on_b = NULL;
  g_autoptr(JsonNode) removed = NULL;
  g_autoptr(JsonNode) ben_lists = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char   *ben_id = NULL;
  ConflictSeen       seen_a = { 0 };
  ConflictSeen       seen_b = { 0 };
  const char * const title_field[] = { "title", NULL };

  ewe_core_fixture_create_user (&fixture->core, ada_email, "Ada");
  ewe_core_fixture_create_user (&fixture->core, ben_email, "Ben");
  ada = ewe_core_fixture_sign_in (&fixture->core, ada_email);
  ben = ewe_core_fixture_sign_in (&fixture->core, ben_email);
  client_a = ewe_api_client_new_for_server (ada, fixture->core.server->base_url);
  client_b = ewe_api_client_new_for_server (ben, fixture->core.server->base_url);
  sync_a = ewe_sync_new (store_a, client_a);
  sync_b = ewe_sync_new (store_b, client_b);
  g_signal_connect (store_a, "conflict", G_CALLBACK (conflict_cb), &seen_a);
  g_signal_connect (store_b, "conflict", G_CALLBACK (conflict_cb), &seen_b);

  on_a = draft_list (store_a, "Our wedding");
  g_assert_true (run_sync (sync_a));

  /* Ben has nothing until he accepts; then the list syncs to him. */
  g_assert_true (run_sync (sync_b));
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store_b)), ==, 0);
  invite_and_accept (fixture, client_a, client_b, ewe_list_get_id (on_a), ben_email);
  g_assert_true (run_sync (sync_b));
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store_b)), ==, 1);
  on_b = g_list_model_get_item (ewe_store_get_lists (store_b), 0);
  g_assert_cmpstr (ewe_list_get_id (on_b), ==, ewe_list_get_id (on_a));
  g_assert_cmpstr (ewe_list_get_title (on_b), ==, "Our wedding");
  /* It says whose it is; Ada's own says nothing of the kind. */
  g_assert_true (ewe_list_get_coowned (on_b));
  g_assert_cmpstr (ewe_list_get_owner_name (on_b), ==, "Ada");
  g_assert_false (ewe_list_get_coowned (on_a));
  g_assert_null (ewe_list_get_owner_name (on_a));
  /* And a second opener of Ben's store file reads the same from it. */
  {
    g_autoptr(EweStore) reopened = open_store (fixture, "ben.sqlite");
    g_autoptr(EweList) read_back = g_list_model_get_item (ewe_store_get_lists (reopened), 0);

    g_assert_true (ewe_list_get_coowned (read_back));
    g_assert_cmpstr (ewe_list_get_owner_name (read_back), ==, "Ada");
  }

  /* Both edit offline: the same field, and one field each. Ada syncs first,
   * so Ben's title is the later one and wins; he is told what Ada wrote. */
  edit_list (store_a, on_a, "Ada’s title", NULL);
  edit_list (store_b, on_b, "Ben’s title", "Described by Ben");
  g_assert_true (run_sync (sync_a));
  g_assert_true (run_sync (sync_b));
  g_assert_cmpuint (seen_b.count, ==, 1);
  g_assert_cmpstr (seen_b.fields, ==, "title");
  g_assert_cmpstr (seen_b.their_title, ==, "Ada’s title");
  g_assert_true (run_sync (sync_a));
  g_assert_cmpuint (seen_a.count, ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      EweList *list = i == 0 ? on_a : on_b;

      g_assert_cmpstr (ewe_list_get_title (list), ==, "Ben’s title");
      g_assert_cmpstr (ewe_list_get_description (list), ==, "Described by Ben");
    }

  /* "Use Theirs": Ben puts Ada's title back, as one more edit, which
   * reaches Ada with the next syncs. */
  ewe_store_take_theirs_async (store_b, G_OBJECT (seen_b.ours), G_OBJECT (seen_b.theirs), title_field, NULL,
                               ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_take_theirs_finish (store_b, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  g_assert_true (run_sync (sync_b));
  g_assert_true (run_sync (sync_a));
  g_assert_cmpstr (ewe_list_get_title (on_a), ==, "Ada’s title");
  g_assert_cmpstr (ewe_list_get_title (on_b), ==, "Ada’s title");
  g_assert_cmpstr (ewe_list_get_description (on_a), ==, "Described by Ben");
  g_assert_cmpuint (seen_a.count, ==, 0);

  /* Ada removes Ben: at his next sync the list leaves his store. */
  ben_lists = call (client_b, EWE_API_GET_LISTS, NULL, NULL);
  ben_id = g_strdup (json_object_get_string_member (
    json_object_get_object_member (json_node_get_object (ben_lists), "user"), "userId"));
  removed = call (client_a, EWE_API_REMOVE_COOWNER, (const char *[]) { ewe_list_get_id (on_a), ben_id, NULL }, NULL);
  g_assert_true (run_sync (sync_b));
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store_b)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store_a)), ==, 1);

  conflict_seen_clear (&seen_a);
  conflict_seen_clear (&seen_b);
}

/* A co-owner who deletes the list in the app leaves it: it goes from
 * their store, and stays the creator's, on the server and in theirs. */
static void
test_coowner_delete_leaves (Fixture      *fixture,
                            gconstpointer data)
{
  g_autofree char *ben_email = ewe_core_fixture_unique_email ("ben");
  g_autoptr(EweStore) store_a = open_store (fixture, "ada.sqlite");
  g_autoptr(EweStore) store_b = open_store (fixture, "ben.sqlite");
  g_autoptr(EweAccount) ada = ewe_core_fixture_new_user (&fixture->core, "Ada");
  g_autoptr(EweAccount) ben = NULL;
  g_autoptr(EweApiClient) client_a = NULL;
  g_autoptr(EweApiClient) client_b = NULL;
  g_autoptr(EweSync) sync_a = NULL;
  g_autoptr(EweSync) sync_b = NULL;
  g_autoptr(EweList) on_a = NULL;
  g_autoptr(EweList) on_b = NULL;
  g_autoptr(JsonNode) ada_lists = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_create_user (&fixture->core, ben_email, "Ben");
  ben = ewe_core_fixture_sign_in (&fixture->core, ben_email);
  client_a = ewe_api_client_new_for_server (ada, fixture->core.server->base_url);
  client_b = ewe_api_client_new_for_server (ben, fixture->core.server->base_url);
  sync_a = ewe_sync_new (store_a, client_a);
  sync_b = ewe_sync_new (store_b, client_b);

  on_a = draft_list (store_a, "Baby Lea");
  g_assert_true (run_sync (sync_a));
  invite_and_accept (fixture, client_a, client_b, ewe_list_get_id (on_a), ben_email);
  g_assert_true (run_sync (sync_b));
  on_b = g_list_model_get_item (ewe_store_get_lists (store_b), 0);

  ewe_store_delete_list_async (store_b, on_b, NULL, ewe_test_waiter_cb, &waiter);
  g_assert_true (ewe_store_delete_list_finish (store_b, ewe_test_waiter_wait (&waiter), &error));
  g_assert_no_error (error);
  g_assert_true (run_sync (sync_b));
  g_assert_true (run_sync (sync_b));
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store_b)), ==, 0);

  g_assert_true (run_sync (sync_a));
  g_assert_cmpuint (g_list_model_get_n_items (ewe_store_get_lists (store_a)), ==, 1);
  ada_lists = call (client_a, EWE_API_GET_LISTS, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (ada_lists), "owned")),
                    ==, 1);
}

/* The co-owner's store never saw the creator's products: the gifts of the
 * co-owned list must still show their names, typed in and from the
 * catalogue alike, and a gift the co-owner adds reaches the creator whole. */
static void
test_coowner_sees_products (Fixture      *fixture,
                            gconstpointer data)
{
  g_autofree char *ben_email = ewe_core_fixture_unique_email ("ben");
  g_autoptr(EweStore) store_a = open_store (fixture, "ada.sqlite");
  g_autoptr(EweStore) store_b = open_store (fixture, "ben.sqlite");
  g_autoptr(EweAccount) ada = ewe_core_fixture_new_user (&fixture->core, "Ada");
  g_autoptr(EweAccount) ben = NULL;
  g_autoptr(EweApiClient) client_a = NULL;
  g_autoptr(EweApiClient) client_b = NULL;
  g_autoptr(EweSync) sync_a = NULL;
  g_autoptr(EweSync) sync_b = NULL;
  g_autoptr(EweList) on_a = NULL;
  g_autoptr(EweList) on_b = NULL;
  g_autoptr(EweGift) typed = ewe_gift_new ();
  g_autoptr(EweGift) added = NULL;
  g_autoptr(GListModel) gifts_a = NULL;
  g_autoptr(GListModel) gifts_b = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *typed_id = ewe_id_new_local ();
  g_autofree char *admin = ews_test_api_token (fixture->core.server, "catalogue-sub", "catalogue@example.org",
                                               "Catalogue");
  g_autofree char *product_id = ews_test_api_create_product (fixture->core.server, admin,
                                                             "https://acme.example/skates");

  ewe_core_fixture_create_user (&fixture->core, ben_email, "Ben");
  ben = ewe_core_fixture_sign_in (&fixture->core, ben_email);
  client_a = ewe_api_client_new_for_server (ada, fixture->core.server->base_url);
  client_b = ewe_api_client_new_for_server (ben, fixture->core.server->base_url);
  sync_a = ewe_sync_new (store_a, client_a);
  sync_b = ewe_sync_new (store_b, client_b);

  on_a = draft_list (store_a, "Baby Lea");
  ewe_gift_set_product_id (typed, typed_id);
  ewe_gift_set_product_type (typed, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_brand (typed, "Little Oak");
  ewe_gift_set_details (typed, "Wooden Rocking Horse");
  ewe_gift_set_price (typed, "129.00");
  ewe_gift_set_quantity (typed, 1);
  ewe_store_add_gift_async (store_a, on_a, typed, NULL, ewe_test_waiter_cb, &waiter);
  added = ewe_store_add_gift_finish (store_a, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  g_assert_true (run_sync (sync_a));
  invite_and_accept (fixture, client_a, client_b, ewe_list_get_id (on_a), ben_email);

  /* Ben adds a catalogue product Ada's store has never seen. */
  g_assert_true (run_sync (sync_b));
  on_b = g_list_model_get_item (ewe_store_get_lists (store_b), 0);
  {
    g_autoptr(EweGift) values = ewe_gift_new ();
    g_autoptr(EweGift) gift = NULL;

    ewe_gift_set_product_id (values, product_id);
    ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_CATALOGUE);
    ewe_gift_set_brand (values, "Acme");
    ewe_gift_set_details (values, "Rocket skates");
    ewe_gift_set_price (values, "19.99");
    ewe_gift_set_quantity (values, 1);
    ewe_store_add_gift_async (store_b, on_b, values, NULL, ewe_test_waiter_cb, &waiter);
    gift = ewe_store_add_gift_finish (store_b, ewe_test_waiter_wait (&waiter), &error);
    g_assert_no_error (error);
    ewe_test_waiter_clear (&waiter);
  }
  g_assert_true (run_sync (sync_b));
  g_assert_true (run_sync (sync_a));

  ewe_store_load_gifts_async (store_b, on_b, NULL, ewe_test_waiter_cb, &waiter);
  gifts_b = ewe_store_load_gifts_finish (store_b, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  ewe_store_load_gifts_async (store_a, on_a, NULL, ewe_test_waiter_cb, &waiter);
  gifts_a = ewe_store_load_gifts_finish (store_a, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  for (guint s = 0; s < 2; s++)
    {
      GListModel *gifts = s == 0 ? gifts_a : gifts_b;

      g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 2);
      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);
          gboolean catalogue = ewe_gift_get_product_type (gift) == EWE_PRODUCT_TYPE_CATALOGUE;

          g_assert_cmpstr (ewe_gift_get_details (gift), ==, catalogue ? "Rocket skates" : "Wooden Rocking Horse");
          g_assert_cmpstr (ewe_gift_get_brand (gift), ==, catalogue ? "Acme" : "Little Oak");
          g_assert_cmpstr (ewe_gift_get_price (gift), ==, catalogue ? "19.99" : "129.00");
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/coowners/two-coowners-merge", Fixture, NULL, fixture_set_up, test_two_coowners_merge,
              fixture_tear_down);
  g_test_add ("/core/coowners/coowner-delete-leaves", Fixture, NULL, fixture_set_up, test_coowner_delete_leaves,
              fixture_tear_down);
  g_test_add ("/core/coowners/coowner-sees-products", Fixture, NULL, fixture_set_up, test_coowner_sees_products,
              fixture_tear_down);

  return g_test_run ();
}
