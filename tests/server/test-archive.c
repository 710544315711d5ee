/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ewe-test-smtp.h"
#include "ews-test-api.h"
#include "ews-test-cognito.h"
#ifdef EWS_TEST_HAVE_POSTGRES
#include "ews-test-postgres.h"
#endif

/* Archiving a list (POST and DELETE /api/lists/{id}/archive) on a real
 * server, on SQLite and on PostgreSQL: the same story on both. An archived
 * list refuses its owner's edits and guests' reservations, tells both why,
 * shows guests the owner's note, and comes back as it was when
 * un-archived. */

#define NOTE "Thank you all <3\nThe party was lovely."

typedef struct
{
  EweTestServer *server;
  EweTestSmtp   *sink;
  char          *owner; /* ID tokens */
  char          *other;
  char          *list_id;
  char          *product_id; /* a gift of quantity 2 on the list */
} Fixture;

#ifdef EWS_TEST_HAVE_POSTGRES
static EwsTestPostgres *postgres;
#endif

static void
add_list_with_gift (Fixture *fixture)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  fixture->list_id = ews_test_api_create_list (fixture->server, fixture->owner, "Wedding");
  node = ews_test_api_call (fixture->server, "POST", "/api/notfound", fixture->owner,
                            "{\"details\": \"Teapot\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  fixture->product_id = g_strdup (json_object_get_string_member (json_node_get_object (node), "productId"));

  g_clear_pointer (&node, json_node_unref);
  {
    g_autofree char *path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, fixture->product_id);

    node = ews_test_api_call (fixture->server, "POST", path, fixture->owner,
                              "{\"quantity\": 2, \"productType\": \"notfound\"}", &status);
    g_assert_cmpuint (status, ==, 200);
  }
}

static void
fixture_set_up_sqlite (Fixture      *fixture,
                       gconstpointer data)
{
  fixture->server = ewe_test_server_start (NULL);
  g_assert_nonnull (fixture->server);
  fixture->owner = ews_test_api_token (fixture->server, "owner-sub", "owner@example.org", "Olive");
  fixture->other = ews_test_api_token (fixture->server, "other-sub", "other@example.org", "Otto");
  add_list_with_gift (fixture);
}

#ifdef EWS_TEST_HAVE_POSTGRES
static char *
sign_up_and_in (Fixture    *fixture,
                const char *email,
                const char *name)
{
  g_autoptr(JsonObject) tokens = NULL;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, name);
  tokens = ews_test_cognito_sign_in (fixture->server, email, EWS_TEST_COGNITO_PASSWORD);

  return g_strdup (json_object_get_string_member (tokens, "IdToken"));
}

/* Accounts signed up as users do: the test's own token minting reads a
 * SQLite data directory. */
static void
fixture_set_up_postgres (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = ews_test_postgres_new_database (postgres, &error);
  g_autofree char *database = NULL;
  g_autofree char *smtp_url = NULL;
  g_autofree char *smtp = NULL;

  g_assert_no_error (error);
  fixture->sink = ewe_test_smtp_new ();
  smtp_url = ewe_test_smtp_dup_url (fixture->sink);
  smtp = g_strconcat ("--smtp-url=", smtp_url, NULL);
  database = g_strconcat ("--database=", uri, NULL);
  fixture->server = ewe_test_server_start ((const char *[]) { database, smtp,
                                                              "--mail-from=Ewelists <no-reply@example.org>",
                                                              NULL });
  g_assert_nonnull (fixture->server);
  fixture->owner = sign_up_and_in (fixture, "owner@example.org", "Olive");
  fixture->other = sign_up_and_in (fixture, "other@example.org", "Otto");
  add_list_with_gift (fixture);
}
#endif

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->sink, ewe_test_smtp_free);
  g_clear_pointer (&fixture->owner, g_free);
  g_clear_pointer (&fixture->other, g_free);
  g_clear_pointer (&fixture->list_id, g_free);
  g_clear_pointer (&fixture->product_id, g_free);
}

/* A call that must answer @expected; returns its "error", if any. */
static char *
call_expecting (Fixture    *fixture,
                const char *method,
                const char *path,
                const char *token,
                const char *body,
                guint       expected)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (fixture->server, method, path, token, body, &status);
  g_assert_cmpuint (status, ==, expected);
  if (status >= 400)
    return g_strdup (json_object_get_string_member (json_node_get_object (node), "error"));

  return NULL;
}

/* The list as GET /api/lists gives it to its owner. */
static JsonObject *
owners_list (Fixture *fixture)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (fixture->server, "GET", "/api/lists", fixture->owner, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  for (guint pass = 0; pass < 2; pass++)
    {
      JsonArray *lists = json_object_get_array_member (json_node_get_object (node), pass == 0 ? "owned" : "closed");

      for (guint i = 0; i < json_array_get_length (lists); i++)
        {
          JsonObject *list = json_array_get_object_element (lists, i);

          if (g_strcmp0 (json_object_get_string_member (list, "listId"), fixture->list_id) == 0)
            return json_object_ref (list);
        }
    }
  g_assert_not_reached ();
}

static char *
guest_page (Fixture *fixture)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *path = g_strconcat ("/lists/", fixture->list_id, NULL);
  g_autofree char *url = ewe_test_server_url (fixture->server, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_append (soup_message_get_request_headers (msg), "Accept-Language", "en");
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
test_archive_and_unarchive (Fixture      *fixture,
                            gconstpointer data)
{
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", fixture->list_id);
  g_autofree char *archive_path = g_strconcat (list_path, "/archive", NULL);
  g_autofree char *close_path = g_strconcat (list_path, "/close", NULL);
  g_autofree char *gift_path = g_strdup_printf ("%s/product/%s", list_path, fixture->product_id);
  g_autofree char *reserve_path = g_strdup_printf ("%s/reserve/%s/email/guest@example.org", list_path,
                                                   fixture->product_id);
  g_autofree char *shared_path = g_strconcat (list_path, "/shared", NULL);
  g_autofree char *note_body = NULL;
  const char      *reserve_body = "{\"quantity\": 1, \"name\": \"Gus\", \"title\": \"t\", \"product\": {}}";
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonNode) shared = NULL;
  g_autofree char *page = NULL;
  g_autofree char *message = NULL;
  g_autofree char *reservation_id = NULL;
  JsonObject      *shared_list;
  guint            status = 0;

  /* Not archived: no member says so, as the original's answers had none. */
  list = owners_list (fixture);
  g_assert_false (json_object_has_member (list, "archived"));
  g_clear_pointer (&list, json_object_unref);

  /* Only the owner archives: to anyone else the list is not there. */
  g_free (call_expecting (fixture, "POST", archive_path, fixture->other, "{\"note\": \"hi\"}", 404));
  g_free (call_expecting (fixture, "POST", archive_path, NULL, "{\"note\": \"hi\"}", 401));

  {
    g_autoptr(JsonNode) note = json_node_init_string (json_node_alloc (), NOTE);
    g_autofree char *quoted = json_to_string (note, FALSE);

    note_body = g_strdup_printf ("{\"note\": %s}", quoted);
  }
  g_assert_null (call_expecting (fixture, "POST", archive_path, fixture->owner, note_body, 200));

  list = owners_list (fixture);
  g_assert_true (json_object_get_boolean_member (list, "archived"));
  g_assert_cmpstr (json_object_get_string_member (list, "archiveNote"), ==, NOTE);
  g_assert_cmpstr (json_object_get_string_member (list, "state"), ==, "open");
  g_clear_pointer (&list, json_object_unref);

  /* Read-only for its owner, with a reason they can act on. */
  message = call_expecting (fixture, "PUT", list_path, fixture->owner, "{\"title\": \"New\"}", 409);
  g_assert_cmpstr (message, ==, "This list is archived. Un-archive it to change it.");
  g_free (call_expecting (fixture, "PUT", gift_path, fixture->owner, "{\"quantity\": 3}", 409));
  g_free (call_expecting (fixture, "DELETE", gift_path, fixture->owner, NULL, 409));
  g_free (call_expecting (fixture, "POST", gift_path, fixture->owner,
                          "{\"quantity\": 1, \"productType\": \"notfound\"}", 409));
  g_free (call_expecting (fixture, "POST", close_path, fixture->owner, NULL, 409));

  /* Closed to guests. */
  g_clear_pointer (&message, g_free);
  message = call_expecting (fixture, "POST", reserve_path, NULL, reserve_body, 409);
  g_assert_cmpstr (message, ==, "This list is closed and takes no more reservations.");

  /* Friends (the app) read the note from the shared list… */
  shared = ews_test_api_call (fixture->server, "GET", shared_path, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  shared_list = json_object_get_object_member (json_node_get_object (shared), "list");
  g_assert_true (json_object_get_boolean_member (shared_list, "archived"));
  g_assert_cmpstr (json_object_get_string_member (shared_list, "archiveNote"), ==, NOTE);

  /* …guests from the page, escaped, with no form to reserve with. */
  page = guest_page (fixture);
  g_assert_nonnull (strstr (page, "This list is closed"));
  g_assert_nonnull (strstr (page, "Thank you all &lt;3\nThe party was lovely."));
  g_assert_null (strstr (page, "<form"));
  g_assert_null (strstr (page, "countdown"));

  /* Archiving again changes the note; the list stays archived. */
  g_assert_null (call_expecting (fixture, "POST", archive_path, fixture->owner, "{\"note\": null}", 200));
  list = owners_list (fixture);
  g_assert_true (json_object_get_boolean_member (list, "archived"));
  g_assert_false (json_object_has_member (list, "archiveNote"));
  g_clear_pointer (&list, json_object_unref);
  g_clear_pointer (&page, g_free);
  page = guest_page (fixture);
  g_assert_nonnull (strstr (page, "Thank you for your gifts!"));

  /* Un-archived, it is as it was: open, editable, reservable. */
  g_assert_null (call_expecting (fixture, "DELETE", archive_path, fixture->owner, NULL, 200));
  list = owners_list (fixture);
  g_assert_false (json_object_has_member (list, "archived"));
  g_assert_false (json_object_has_member (list, "archiveNote"));
  g_assert_cmpstr (json_object_get_string_member (list, "state"), ==, "open");
  g_assert_null (call_expecting (fixture, "PUT", list_path, fixture->owner, "{\"title\": \"New\"}", 200));
  g_assert_null (call_expecting (fixture, "PUT", gift_path, fixture->owner, "{\"quantity\": 3}", 200));
  reservation_id = ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id,
                                         "guest@example.org", "Gus", 1);
  g_assert_nonnull (reservation_id);
  g_clear_pointer (&page, g_free);
  page = guest_page (fixture);
  g_assert_null (strstr (page, "This list is closed"));

  /* The owner may still delete an archived list. */
  g_assert_null (call_expecting (fixture, "POST", archive_path, fixture->owner, "{}", 200));
  g_assert_null (call_expecting (fixture, "DELETE", list_path, fixture->owner, NULL, 200));
  g_free (call_expecting (fixture, "GET", list_path, fixture->owner, NULL, 404));
}

/* A list closed before it was archived is closed again after. */
static void
test_closed_stays_closed (Fixture      *fixture,
                          gconstpointer data)
{
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", fixture->list_id);
  g_autofree char *close_path = g_strconcat (list_path, "/close", NULL);
  g_autofree char *archive_path = g_strconcat (list_path, "/archive", NULL);
  g_autoptr(JsonObject) list = NULL;

  g_assert_null (call_expecting (fixture, "POST", close_path, fixture->owner, NULL, 200));
  g_assert_null (call_expecting (fixture, "POST", archive_path, fixture->owner, "{\"note\": \"Thanks\"}", 200));
  g_assert_null (call_expecting (fixture, "DELETE", archive_path, fixture->owner, NULL, 200));

  list = owners_list (fixture);
  g_assert_cmpstr (json_object_get_string_member (list, "state"), ==, "closed");
  g_assert_false (json_object_has_member (list, "archived"));
}

#ifdef EWS_TEST_HAVE_POSTGRES
static void
test_postgres_missing (void)
{
  g_test_skip ("PostgreSQL 15 is not installed: archiving is not tested on it.");
}
#endif

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/server/archive/sqlite/archive-and-unarchive", Fixture, NULL, fixture_set_up_sqlite,
              test_archive_and_unarchive, fixture_tear_down);
  g_test_add ("/server/archive/sqlite/closed-stays-closed", Fixture, NULL, fixture_set_up_sqlite,
              test_closed_stays_closed, fixture_tear_down);

#ifdef EWS_TEST_HAVE_POSTGRES
  {
    g_autoptr(GError) error = NULL;

    postgres = ews_test_postgres_start (&error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
      g_test_add_func ("/server/archive/postgresql/postgresql-missing", test_postgres_missing);
    else
      {
        g_assert_no_error (error);
        g_test_add ("/server/archive/postgresql/archive-and-unarchive", Fixture, NULL, fixture_set_up_postgres,
                    test_archive_and_unarchive, fixture_tear_down);
        g_test_add ("/server/archive/postgresql/closed-stays-closed", Fixture, NULL, fixture_set_up_postgres,
                    test_closed_stays_closed, fixture_tear_down);
      }
  }
#endif

  status = g_test_run ();
#ifdef EWS_TEST_HAVE_POSTGRES
  g_clear_pointer (&postgres, ews_test_postgres_stop);
#endif

  return status;
}
