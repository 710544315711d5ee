/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>

#include "ews-api-json.h"
#include "ews-test-api.h"

/* Revalidation of what guests open most, the shared list in JSON and the
 * guest page: an ETag on each, 304 with no body while nothing visible has
 * changed, a new tag and the new body as soon as something has. */

typedef struct
{
  EweTestServer *server;
  SoupSession   *session; /* keeps the guest page's CSRF cookie */
  char          *alice;
  char          *list_id;
  char          *product_id;
} Fixture;

typedef struct
{
  guint status;
  char *etag;
  gsize body_length;
  char *body;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->etag, g_free);
  g_clear_pointer (&reply->body, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->server = ewe_test_server_start (NULL);
  g_assert_nonnull (fixture->server);
  fixture->session = soup_session_new ();
  soup_session_add_feature_by_type (fixture->session, SOUP_TYPE_COOKIE_JAR);
  fixture->alice = ews_test_api_token (fixture->server, "alice-sub", "alice@example.com", "Alice");
  fixture->list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Birthday");
  fixture->product_id = ews_test_api_create_product (fixture->server, fixture->alice, "https://shop.example/kite");
  ews_test_api_add_gift (fixture->server, fixture->alice, fixture->list_id, fixture->product_id, 3);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->alice, g_free);
  g_clear_pointer (&fixture->list_id, g_free);
  g_clear_pointer (&fixture->product_id, g_free);
}

/* A GET of @path, with If-None-Match: @if_none_match unless NULL. */
static void
get (Fixture    *fixture,
     const char *path,
     const char *if_none_match,
     Reply      *reply)
{
  g_autofree char *url = ewe_test_server_url (fixture->server, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (if_none_match != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match", if_none_match);

  body = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);

  reply->status = soup_message_get_status (msg);
  reply->etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag"));
  reply->body_length = g_bytes_get_size (body);
  reply->body = g_strndup (g_bytes_get_data (body, NULL), reply->body_length);
}

static char *
shared_path (const char *list_id)
{
  return g_strdup_printf ("/api/lists/%s/shared", list_id);
}

static char *
page_path (const char *list_id)
{
  return g_strdup_printf ("/lists/%s", list_id);
}

/* The tag comes back, and sending it back gets 304 with nothing in it. */
static char *
assert_revalidates (Fixture    *fixture,
                    const char *path)
{
  g_auto(Reply) first = { 0 };
  g_auto(Reply) again = { 0 };

  get (fixture, path, NULL, &first);
  g_assert_cmpuint (first.status, ==, 200);
  g_assert_nonnull (first.etag);
  g_assert_cmpuint (first.body_length, >, 0);

  get (fixture, path, first.etag, &again);
  g_assert_cmpuint (again.status, ==, 304);
  g_assert_cmpuint (again.body_length, ==, 0);
  g_assert_cmpstr (again.etag, ==, first.etag);

  return g_steal_pointer (&first.etag);
}

/* After a change, the old tag gets the new body and a new tag. */
static char *
assert_changed (Fixture    *fixture,
                const char *path,
                const char *old_etag,
                const char *expected_text)
{
  g_auto(Reply) reply = { 0 };

  get (fixture, path, old_etag, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_nonnull (reply.etag);
  g_assert_cmpstr (reply.etag, !=, old_etag);
  g_assert_nonnull (strstr (reply.body, expected_text));

  return g_steal_pointer (&reply.etag);
}

static void
check_changes (Fixture    *fixture,
               const char *path,
               const char *reserved_text,
               const char *edited_gift_text,
               const char *edited_list_text)
{
  g_autofree char *etag = assert_revalidates (fixture, path);
  g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, fixture->product_id);
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", fixture->list_id);
  g_autofree char *reservation_id = NULL;
  g_autofree char *next_etag = NULL;
  g_autoptr(JsonNode) gift = NULL;
  g_autoptr(JsonNode) list = NULL;
  guint status = 0;

  reservation_id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                         "guest@example.com", "Guest", 1);
  next_etag = assert_changed (fixture, path, etag, reserved_text);
  g_free (etag);
  etag = g_steal_pointer (&next_etag);

  gift = ews_test_api_call (fixture->server, "PUT", gift_path, fixture->alice, "{\"quantity\": 7}", &status);
  g_assert_cmpuint (status, ==, 200);
  next_etag = assert_changed (fixture, path, etag, edited_gift_text);
  g_free (etag);
  etag = g_steal_pointer (&next_etag);

  list = ews_test_api_call (fixture->server, "PUT", list_path, fixture->alice, "{\"title\": \"Wedding\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  next_etag = assert_changed (fixture, path, etag, edited_list_text);
  g_free (etag);
  etag = g_steal_pointer (&next_etag);

  /* And it settles again on the new state. */
  g_free (assert_revalidates (fixture, path));
}

static void
test_shared_list_changes (Fixture      *fixture,
                          gconstpointer data)
{
  g_autofree char *path = shared_path (fixture->list_id);

  check_changes (fixture, path, "\"reserved\":1", "\"quantity\":7", "\"Wedding\"");
}

static void
test_guest_page_changes (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *path = page_path (fixture->list_id);

  /* The page shows what is left to reserve and the title. */
  check_changes (fixture, path, "<strong>2</strong> of 3", "<strong>6</strong> of 7", "Wedding");
}

/* Who reserved is not on the shared list, so it is not in the tag either:
 * the same counts reserved by someone else give the same tag back. */
static void
test_shared_list_hides_who (Fixture      *fixture,
                            gconstpointer data)
{
  g_autofree char *path = shared_path (fixture->list_id);
  g_autofree char *before = assert_revalidates (fixture, path);
  g_autofree char *erin_id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                                   "erin@example.com", "Erin", 1);
  g_autofree char *cancel_path = g_strdup_printf ("/api/lists/reserve/%s/email/erin@example.com", erin_id);
  g_autofree char *reserved_by_erin = assert_changed (fixture, path, before, "\"reserved\":1");
  g_autofree char *cancelled = NULL;
  g_autofree char *frank_id = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(Reply) reply = { 0 };
  guint status = 0;

  node = ews_test_api_call (fixture->server, "DELETE", cancel_path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  cancelled = assert_changed (fixture, path, reserved_by_erin, "\"reserved\":0");
  g_assert_cmpstr (cancelled, ==, before);

  frank_id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id, "frank@example.com",
                                   "Frank", 1);
  get (fixture, path, reserved_by_erin, &reply);
  g_assert_cmpuint (reply.status, ==, 304);
  g_assert_cmpstr (reply.etag, ==, reserved_by_erin);
}

/* A tag names one list's state: another list's tag is not taken for it,
 * even where the two lists hold the same gifts. */
static void
check_other_list (Fixture *fixture,
                  char *(*path_for) (const char *list_id))
{
  g_autofree char *other_list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Birthday");
  g_autofree char *path = path_for (fixture->list_id);
  g_autofree char *other_path = path_for (other_list_id);
  g_autofree char *other_etag = NULL;
  g_auto(Reply) reply = { 0 };

  ews_test_api_add_gift (fixture->server, fixture->alice, other_list_id, fixture->product_id, 3);
  other_etag = assert_revalidates (fixture, other_path);

  get (fixture, path, other_etag, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpstr (reply.etag, !=, other_etag);
  g_assert_nonnull (strstr (reply.body, fixture->list_id));
}

static void
test_shared_list_other_list (Fixture      *fixture,
                             gconstpointer data)
{
  check_other_list (fixture, shared_path);
}

static void
test_guest_page_other_list (Fixture      *fixture,
                            gconstpointer data)
{
  check_other_list (fixture, page_path);
}

static void
add_member_string (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_member_int (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_expected_gift (JsonBuilder   *builder,
                   const EwsGift *gift)
{
  json_builder_begin_object (builder);
  add_member_string (builder, "productId", gift->product_id);
  add_member_int (builder, "quantity", gift->quantity);
  add_member_int (builder, "reserved", gift->reserved);
  add_member_int (builder, "purchased", gift->purchased);
  add_member_string (builder, "type", gift->type);
  if (gift->notes != NULL)
    add_member_string (builder, "notes", gift->notes);
  json_builder_set_member_name (builder, "received");
  json_builder_add_boolean_value (builder, gift->received);
  json_builder_set_member_name (builder, "unlimited");
  json_builder_add_boolean_value (builder, gift->unlimited);
  json_builder_set_member_name (builder, "mostWanted");
  json_builder_add_boolean_value (builder, gift->most_wanted);
  json_builder_end_object (builder);
}

/* What the streaming writer writes reads back in json-glib as the
 * original's fields with the values given, hostile strings included, so
 * clients see no difference. */
static void
test_writer_matches_json_glib (void)
{
  EwsList list = {
    .list_id = (char *)"list-1",
    .owner_id = (char *)"owner",
    .title = (char *)"Quotes \" and \\ backslashes, tab\t, newline\n, bell\a, é and 🎁",
    .description = (char *)"</script>",
    .occasion = NULL,
    .image_url = (char *)"https://example.com/a.png",
    .event_date = (char *)"2026-12-24",
  };
  EwsGift gift = {
    .product_id = (char *)"product\x01",
    .type = (char *)"products",
    .notes = (char *)"\x1f\x7f",
    .quantity = G_MAXINT64,
    .reserved = G_MININT64,
    .purchased = 0,
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(EwsJsonWriter) writer = ews_json_writer_new (0);
  g_autoptr(JsonNode) built = NULL;
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize            length = 0;

  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_member_string (builder, "listId", list.list_id);
  add_member_string (builder, "title", list.title);
  add_member_string (builder, "description", list.description);
  add_member_string (builder, "occasion", "");
  add_member_string (builder, "imageUrl", list.image_url);
  add_member_string (builder, "listOwner", list.owner_id);
  add_member_string (builder, "state", "open");
  add_member_string (builder, "eventDate", list.event_date);
  add_member_string (builder, "revealOn", "2026-12-25");
  json_builder_set_member_name (builder, "revealed");
  json_builder_add_boolean_value (builder, FALSE);
  add_member_string (builder, "currency", "GBP");
  json_builder_end_object (builder);
  add_expected_gift (builder, &gift);
  gift.notes = NULL;
  gift.unlimited = TRUE;
  gift.most_wanted = TRUE;
  add_expected_gift (builder, &gift);
  json_builder_end_array (builder);
  built = json_builder_get_root (builder);

  gift.notes = (char *)"\x1f\x7f";
  gift.unlimited = FALSE;
  gift.most_wanted = FALSE;
  ews_json_writer_begin_array (writer);
  ews_api_json_write_list (writer, &list);
  ews_api_json_write_gift (writer, &gift);
  gift.notes = NULL;
  gift.unlimited = TRUE;
  gift.most_wanted = TRUE;
  ews_api_json_write_gift (writer, &gift);
  ews_json_writer_end_array (writer);
  text = ews_json_writer_free_to_text (g_steal_pointer (&writer), &length);
  g_assert_cmpuint (length, ==, strlen (text));

  written = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (built, written));
}

/* Any json-glib tree the server answers with is spelt as json_to_string()
 * spelt it (member order, numbers, null, escapes), but for the control
 * characters json-glib gets wrong: U+001F raw, U+007F escaped. */
static void
test_node_text_matches_json_glib (void)
{
  const char *texts[] = {
    "{\"z\":1,\"a\":[1,2.5,-0.1,3.0,0.0,1e-05,true,false,null,\"x\"],\"m\":{},\"e\":[]}",
    "{\"q\":\"é 🎁 \\n\\t\\u0001 \\\" \\\\ </script>\",\"b\":{\"c\":{\"d\":null}}}",
    "[]",
    "\"alone\"",
    "-9223372036854775808",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (texts[i], NULL);
      g_autofree char *expected = json_to_string (node, FALSE);
      g_autofree char *text = NULL;
      gsize            length = 0;

      text = ews_json_node_to_text (node, &length);
      g_assert_cmpstr (text, ==, expected);
      g_assert_cmpuint (length, ==, strlen (text));
    }

  {
    g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), "a\037b\177c");
    g_autofree char *text = ews_json_node_to_text (node, NULL);

    g_assert_cmpstr (text, ==, "\"a\\u001fb\177c\"");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/etag/writer-matches-json-glib", test_writer_matches_json_glib);
  g_test_add_func ("/etag/node-text-matches-json-glib", test_node_text_matches_json_glib);
  g_test_add ("/etag/shared-list/changes", Fixture, NULL, fixture_set_up, test_shared_list_changes,
              fixture_tear_down);
  g_test_add ("/etag/shared-list/hides-who", Fixture, NULL, fixture_set_up, test_shared_list_hides_who,
              fixture_tear_down);
  g_test_add ("/etag/shared-list/other-list", Fixture, NULL, fixture_set_up, test_shared_list_other_list,
              fixture_tear_down);
  g_test_add ("/etag/guest-page/changes", Fixture, NULL, fixture_set_up, test_guest_page_changes,
              fixture_tear_down);
  g_test_add ("/etag/guest-page/other-list", Fixture, NULL, fixture_set_up, test_guest_page_other_list,
              fixture_tear_down);

  return g_test_run ();
}
