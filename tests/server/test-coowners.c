/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ewe-test-server.h"
#include "ewe-test-smtp.h"
#include "ews-test-api.h"
#include "ews-test-backends.h"
#include "ews-test-cognito.h"
#include "ews-test-events.h"

/* Co-owners, through the HTTP API of a real server, on SQLite and on
 * PostgreSQL alike: an owner invites by e-mail, the mailed link makes a
 * signed-in account a co-owner, co-owners edit the list and its gifts as
 * the creator does, only the creator deletes the list or removes a
 * co-owner, and a removed co-owner loses every route at once. The accounts
 * are real ones, signed up and signed in, so that the same tokens work on
 * both backends. */

#define ADA_EMAIL "ada@example.org"
#define BEN_EMAIL "ben@example.org"
#define CY_EMAIL "cy@example.org"
#define DEE_EMAIL "dee@example.org"
#define MAIL_TIMEOUT_MS EWS_TEST_COGNITO_MAIL_TIMEOUT_MS

/* One PostgreSQL server for the whole run, a fresh database per case. */
static EwsTestPostgres *postgres;

typedef struct
{
  EweTestSmtp   *sink;
  EweTestServer *server;
  char          *ada; /* the creator's ID token */
  char          *ben; /* the co-owner's */
  char          *cy;  /* a stranger's */
  char          *ada_sub;
  char          *ben_sub;
  char          *cy_sub;
  guint          next_mail;
} Fixture;

static char *
sign_up_and_in (Fixture    *fixture,
                const char *email,
                const char *name,
                char      **sub)
{
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonNode) mine = NULL;
  guint status = 0;
  char *token;

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, email, name);
  tokens = ews_test_cognito_sign_in (fixture->server, email, EWS_TEST_COGNITO_PASSWORD);
  token = g_strdup (json_object_get_string_member (tokens, "IdToken"));

  mine = ews_test_api_call (fixture->server, "GET", "/api/lists", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  *sub = g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (mine), "user"),
                                                  "userId"));
  return token;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  gboolean on_postgres = GPOINTER_TO_INT (data);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *smtp_url = NULL;
  g_autofree char *smtp = NULL;
  g_autofree char *database = NULL;
  g_auto(GStrv) args = NULL;

  fixture->sink = ewe_test_smtp_new ();
  smtp_url = ewe_test_smtp_dup_url (fixture->sink);
  smtp = g_strconcat ("--smtp-url=", smtp_url, NULL);
  /* A heartbeat a second, as in test-live: a stream that must stay quiet
   * is read up to its deadline, which is noticed at a heartbeat (25 s
   * apart by default). */
  g_strv_builder_add_many (builder, smtp, "--public-url=" EWS_TEST_COGNITO_PUBLIC_URL,
                           "--mail-from=Ewelists <no-reply@ewelists.example.org>", "--admin-email=" ADA_EMAIL,
                           "--live-heartbeat=1", NULL);
  if (on_postgres)
    {
#ifdef EWS_TEST_HAVE_POSTGRES
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = ews_test_postgres_new_database (postgres, &error);

      g_assert_no_error (error);
      database = g_strconcat ("--database=", uri, NULL);
      g_strv_builder_add (builder, database);
#else
      g_assert_not_reached ();
#endif
    }
  args = g_strv_builder_end (builder);

  fixture->server = ewe_test_server_start ((const char * const *)args);
  g_assert_nonnull (fixture->server);

  fixture->ada = sign_up_and_in (fixture, ADA_EMAIL, "Ada", &fixture->ada_sub);
  fixture->ben = sign_up_and_in (fixture, BEN_EMAIL, "Ben", &fixture->ben_sub);
  fixture->cy = sign_up_and_in (fixture, CY_EMAIL, "Cy", &fixture->cy_sub);
  fixture->next_mail = ewe_test_smtp_get_n_messages (fixture->sink);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->sink, ewe_test_smtp_free);
  g_clear_pointer (&fixture->ada, g_free);
  g_clear_pointer (&fixture->ben, g_free);
  g_clear_pointer (&fixture->cy, g_free);
  g_clear_pointer (&fixture->ada_sub, g_free);
  g_clear_pointer (&fixture->ben_sub, g_free);
  g_clear_pointer (&fixture->cy_sub, g_free);
}

static guint
status_of (Fixture    *fixture,
           const char *method,
           const char *path,
           const char *token,
           const char *body)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (fixture->server, method, path, token, body, &status);
  return status;
}

static JsonObject *
call_ok (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *token,
         const char *body)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (fixture->server, method, path, token, body, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_object_ref (json_node_get_object (node));
}

/* The id and key of the invitation link in the next mail to @email. */
static void
read_invitation (Fixture    *fixture,
                 const char *email,
                 char      **invitation_id,
                 char      **key)
{
  g_autoptr(EweTestMail) mail = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subject = NULL;

  mail = ewe_test_smtp_wait_for_mail_to (fixture->sink, fixture->next_mail, email, MAIL_TIMEOUT_MS);
  g_assert_nonnull (mail);
  fixture->next_mail = ewe_test_smtp_get_n_messages (fixture->sink);

  subject = ewe_test_mail_dup_subject (mail);
  g_assert_nonnull (strstr (subject, "invited you to own"));
  text = ewe_test_mail_dup_part (mail, "text/plain");
  g_assert_nonnull (text);

  regex = g_regex_new (EWS_TEST_COGNITO_PUBLIC_URL "/invitation/([0-9a-f-]+)\\?key=([A-Za-z0-9_-]+)", 0, 0, NULL);
  g_assert_true (g_regex_match (regex, text, 0, &match));
  *invitation_id = g_match_info_fetch (match, 1);
  *key = g_match_info_fetch (match, 2);
}

static char *
invite (Fixture    *fixture,
        const char *token,
        const char *list_id,
        const char *email,
        char      **key)
{
  g_autofree char *path = g_strdup_printf ("/api/lists/%s/coowners", list_id);
  g_autofree char *body = g_strdup_printf ("{\"email\": \"%s\"}", email);
  g_autoptr(JsonObject) reply = call_ok (fixture, "POST", path, token, body);
  g_autofree char *lower = g_ascii_strdown (email, -1);
  char            *invitation_id = NULL;

  /* The mail goes to the address as the server keeps it, lowercased. */
  read_invitation (fixture, lower, &invitation_id, key);
  g_assert_cmpstr (invitation_id, ==, json_object_get_string_member (reply, "invitationId"));

  return invitation_id;
}

static guint
accept_status (Fixture    *fixture,
               const char *token,
               const char *invitation_id,
               const char *key)
{
  g_autofree char *path = g_strdup_printf ("/api/lists/invitation/%s/accept", invitation_id);
  g_autofree char *body = g_strdup_printf ("{\"key\": \"%s\"}", key);

  return status_of (fixture, "POST", path, token, body);
}

/* A list of Ada's with Ben as co-owner. */
static char *
shared_list (Fixture    *fixture,
             const char *title)
{
  char            *list_id = ews_test_api_create_list (fixture->server, fixture->ada, title);
  g_autofree char *key = NULL;
  g_autofree char *invitation_id = invite (fixture, fixture->ada, list_id, BEN_EMAIL, &key);

  g_assert_cmpuint (accept_status (fixture, fixture->ben, invitation_id, key), ==, 200);
  return list_id;
}

/* The list @list_id as it is in @token's GET /api/lists, or NULL. */
static JsonObject *
find_in_mine (Fixture    *fixture,
              const char *token,
              const char *list_id)
{
  g_autoptr(JsonObject) mine = call_ok (fixture, "GET", "/api/lists", token, NULL);

  for (guint pass = 0; pass < 2; pass++)
    {
      JsonArray *lists = json_object_get_array_member (mine, pass == 0 ? "owned" : "closed");

      for (guint i = 0; i < json_array_get_length (lists); i++)
        {
          JsonObject *list = json_array_get_object_element (lists, i);

          if (g_strcmp0 (json_object_get_string_member (list, "listId"), list_id) == 0)
            return json_object_ref (list);
        }
    }

  return NULL;
}

/* The invitation's page, as a browser opening the mailed link gets it. */
static guint
get_page (Fixture    *fixture,
          const char *invitation_id,
          const char *key,
          char      **text)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *path = g_strdup_printf ("/invitation/%s?key=%s", invitation_id, key);
  g_autofree char *url = ewe_test_server_url (fixture->server, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language", "de");
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  return soup_message_get_status (msg);
}

static void
test_invite_accept_and_edit (Fixture      *fixture,
                             gconstpointer data)
{
  g_autofree char *list_id = ews_test_api_create_list (fixture->server, fixture->ada, "Our wedding");
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", list_id);
  g_autofree char *owners_path = g_strdup_printf ("/api/lists/%s/coowners", list_id);
  g_autofree char *product_id = ews_test_api_create_product (fixture->server, fixture->ada, "https://shop.example/vase");
  g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", list_id, product_id);
  g_autofree char *key = NULL;
  g_autofree char *invitation_id = NULL;
  g_autofree char *preview_path = NULL;
  g_autofree char *bad_preview_path = NULL;
  g_autofree char *page = NULL;
  g_autoptr(JsonObject) owners = NULL;
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) as_ben = NULL;
  g_autoptr(JsonObject) as_ada = NULL;
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(JsonObject) updated = NULL;
  JsonArray *array;

  /* Ben is not an owner yet: the list is not his. */
  g_assert_cmpuint (status_of (fixture, "GET", list_path, fixture->ben, NULL), ==, 404);

  invitation_id = invite (fixture, fixture->ada, list_id, "Ben@Example.org", &key);

  /* The invitation waits, and says what it is for. */
  owners = call_ok (fixture, "GET", owners_path, fixture->ada, NULL);
  g_assert_cmpstr (json_object_get_string_member (owners, "role"), ==, "creator");
  array = json_object_get_array_member (owners, "invitations");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "email"), ==,
                   BEN_EMAIL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (owners, "owners")), ==, 1);

  preview_path = g_strdup_printf ("/api/lists/invitation/%s?key=%s", invitation_id, key);
  preview = call_ok (fixture, "GET", preview_path, fixture->ben, NULL);
  g_assert_cmpstr (json_object_get_string_member (preview, "listTitle"), ==, "Our wedding");
  g_assert_cmpstr (json_object_get_string_member (preview, "inviterName"), ==, "Ada");
  g_assert_cmpstr (json_object_get_string_member (preview, "state"), ==, "pending");
  bad_preview_path = g_strdup_printf ("/api/lists/invitation/%s?key=not-the-key", invitation_id);
  g_assert_cmpuint (status_of (fixture, "GET", bad_preview_path, fixture->ben, NULL), ==, 404);
  g_assert_cmpuint (status_of (fixture, "GET", preview_path, NULL, NULL), ==, 401);

  /* In a browser the link says what it is for, in the reader's language,
   * and how to take it to the app; with a wrong key it says nothing. */
  g_assert_cmpuint (get_page (fixture, invitation_id, key, &page), ==, 200);
  g_assert_nonnull (strstr (page, "Our wedding"));
  g_assert_nonnull (strstr (page, "Ada hat dich eingeladen"));
  g_clear_pointer (&page, g_free);
  g_assert_cmpuint (get_page (fixture, invitation_id, "not-the-key", &page), ==, 404);
  g_assert_null (strstr (page, "Our wedding"));
  g_clear_pointer (&page, g_free);

  /* Accepting needs an account, and the right key. */
  g_assert_cmpuint (accept_status (fixture, NULL, invitation_id, key), ==, 401);
  g_assert_cmpuint (accept_status (fixture, fixture->ben, invitation_id, "not-the-key"), ==, 404);
  g_assert_cmpuint (accept_status (fixture, fixture->ada, invitation_id, key), ==, 409);
  g_assert_cmpuint (accept_status (fixture, fixture->ben, invitation_id, key), ==, 200);
  /* Again is the same (a client's retry); someone else is too late. */
  g_assert_cmpuint (accept_status (fixture, fixture->ben, invitation_id, key), ==, 200);
  g_assert_cmpuint (accept_status (fixture, fixture->cy, invitation_id, key), ==, 409);
  g_assert_cmpuint (get_page (fixture, invitation_id, key, &page), ==, 409);

  /* Ben has the list among his, saying whose it is. */
  as_ben = find_in_mine (fixture, fixture->ben, list_id);
  g_assert_nonnull (as_ben);
  g_assert_cmpstr (json_object_get_string_member (as_ben, "role"), ==, "coowner");
  g_assert_cmpstr (json_object_get_string_member (as_ben, "ownerName"), ==, "Ada");
  as_ada = find_in_mine (fixture, fixture->ada, list_id);
  g_assert_cmpstr (json_object_get_string_member (as_ada, "role"), ==, "creator");
  g_assert_null (find_in_mine (fixture, fixture->cy, list_id));

  /* He edits the list and its gifts; Ada sees it. */
  g_assert_cmpuint (status_of (fixture, "PUT", list_path, fixture->ben, "{\"title\": \"Ada & Ben’s wedding\"}"), ==,
                    200);
  updated = call_ok (fixture, "POST", gift_path, fixture->ben, "{\"quantity\": 2, \"productType\": \"products\"}");
  got = call_ok (fixture, "GET", list_path, fixture->ada, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (got, "list"), "title"), ==,
                   "Ada & Ben’s wedding");
  g_assert_true (json_object_has_member (json_object_get_object_member (got, "products"), product_id));
  g_clear_pointer (&got, json_object_unref);
  got = call_ok (fixture, "GET", list_path, fixture->ben, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (got, "list"), "role"), ==,
                   "coowner");

  /* Both owners are listed, the creator first; nothing waits now. */
  g_clear_pointer (&owners, json_object_unref);
  owners = call_ok (fixture, "GET", owners_path, fixture->ben, NULL);
  g_assert_cmpstr (json_object_get_string_member (owners, "role"), ==, "coowner");
  array = json_object_get_array_member (owners, "owners");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "userId"), ==,
                   fixture->ada_sub);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "userId"), ==,
                   fixture->ben_sub);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "name"), ==, "Ben");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (owners, "invitations")), ==, 0);
}

/* Every owner's route, by who calls it: a stranger, a co-owner, a co-owner
 * the creator has removed, and the creator. Each caller gets a list of its
 * own, shared with Ben, with a gift a guest reserved, a product to add and
 * an invitation waiting; the rows run in order, the destructive last. */
typedef enum
{
  STRANGER,
  COOWNER,
  REMOVED,
  CREATOR,
  N_CALLERS
} Caller;

typedef struct
{
  const char *method;
  const char *path; /* {list}, {gift}, {other} (a product to add), {reservation},
                     * {invitation} and {creator} (the creator's sub) are filled in */
  const char *body;
  guint       status[N_CALLERS];
} Route;

static const Route routes[] = {
  { "GET", "/api/lists/{list}", NULL, { 404, 200, 404, 200 } },
  { "GET", "/api/lists/{list}/coowners", NULL, { 404, 200, 404, 200 } },
  { "PUT", "/api/lists/{list}", "{\"title\": \"Renamed\"}", { 404, 200, 404, 200 } },
  { "POST", "/api/lists/{list}/product/{other}", "{\"quantity\": 1, \"productType\": \"products\"}", { 404, 200, 404, 200 } },
  { "PUT", "/api/lists/{list}/product/{other}", "{\"quantity\": 3}", { 404, 200, 404, 200 } },
  { "DELETE", "/api/lists/{list}/product/{other}", NULL, { 404, 200, 404, 200 } },
  { "PUT", "/api/lists/{list}/product/{gift}", "{\"quantity\": 4, \"notes\": \"Blue\"}", { 404, 200, 404, 200 } },
  /* A reservation's details: the stranger is told to say the address. */
  { "GET", "/api/lists/reservation/{reservation}", NULL, { 400, 200, 400, 200 } },
  { "POST", "/api/lists/{list}/coowners", "{\"email\": \"" DEE_EMAIL "\"}", { 404, 200, 404, 200 } },
  { "DELETE", "/api/lists/{list}/invitations/{invitation}", NULL, { 404, 200, 404, 200 } },
  { "DELETE", "/api/lists/{list}/coowners/{creator}", NULL, { 404, 409, 404, 409 } },
  { "DELETE", "/api/lists/reservation/{reservation}", NULL, { 404, 200, 404, 200 } },
  { "DELETE", "/api/lists/{list}/product/{gift}", NULL, { 404, 200, 404, 200 } },
  /* The reveal date is the creator's and the co-owners' to choose, a real
   * day only; the list's other routes above must not depend on it. */
  { "PUT", "/api/lists/{list}", "{\"revealDate\": \"2030-01-02\"}", { 404, 200, 404, 200 } },
  { "PUT", "/api/lists/{list}", "{\"revealDate\": \"2030-02-30\"}", { 404, 400, 404, 400 } },
  { "PUT", "/api/lists/{list}", "{\"revealDate\": null}", { 404, 200, 404, 200 } },
  { "POST", "/api/lists/{list}/close", NULL, { 404, 200, 404, 200 } },
  /* A co-owner's DELETE leaves the list; the creator's deletes it. */
  { "DELETE", "/api/lists/{list}", NULL, { 404, 200, 404, 200 } },
};

static void
check_routes (Fixture *fixture,
              Caller   caller)
{
  static const char * const names[] = { "stranger", "co-owner", "removed co-owner", "creator" };
  g_autofree char          *list_id = shared_list (fixture, names[caller]);
  g_autofree char          *gift_id = ews_test_api_create_product (fixture->server, fixture->ada,
                                                                   "https://shop.example/pram");
  g_autofree char          *other_id = ews_test_api_create_product (fixture->server, fixture->ada,
                                                                    "https://shop.example/cot");
  g_autofree char          *reservation_id = NULL;
  g_autofree char          *invitation_key = NULL;
  g_autofree char          *invitation_id = NULL;
  g_autofree char          *list_path = g_strdup_printf ("/api/lists/%s", list_id);
  const char               *token = caller == STRANGER ? fixture->cy : caller == CREATOR ? fixture->ada
                                                                                         : fixture->ben;
  g_autoptr(JsonObject) seen = NULL;

  ews_test_api_add_gift (fixture->server, fixture->ada, list_id, gift_id, 2);
  reservation_id = ews_test_api_reserve (fixture->server, list_id, gift_id, "guest@example.org", "Gus", 1);
  invitation_id = invite (fixture, fixture->ada, list_id, "eve@example.org", &invitation_key);

  if (caller == REMOVED)
    {
      g_autofree char *path = g_strdup_printf ("/api/lists/%s/coowners/%s", list_id, fixture->ben_sub);

      /* Ben had the list a moment ago… */
      g_assert_cmpuint (status_of (fixture, "GET", list_path, fixture->ben, NULL), ==, 200);
      g_assert_cmpuint (status_of (fixture, "DELETE", path, fixture->ada, NULL), ==, 200);
    }

  /* …and loses it with his next request, in his list of lists too. */
  seen = find_in_mine (fixture, token, list_id);
  g_assert_true ((seen != NULL) == (caller == COOWNER || caller == CREATOR));

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autoptr(GString) path = g_string_new (routes[i].path);
      guint status;

      g_string_replace (path, "{list}", list_id, 0);
      g_string_replace (path, "{gift}", gift_id, 0);
      g_string_replace (path, "{other}", other_id, 0);
      g_string_replace (path, "{reservation}", reservation_id, 0);
      g_string_replace (path, "{invitation}", invitation_id, 0);
      g_string_replace (path, "{creator}", fixture->ada_sub, 0);
      status = status_of (fixture, routes[i].method, path->str, token, routes[i].body);

      if (status != routes[i].status[caller])
        g_test_message ("%s %s as the %s: %u, not %u", routes[i].method, routes[i].path, names[caller], status,
                        routes[i].status[caller]);
      g_assert_cmpuint (status, ==, routes[i].status[caller]);
    }

  /* What was refused left the list as it was. */
  if (caller == STRANGER || caller == REMOVED)
    {
      g_autoptr(JsonObject) got = call_ok (fixture, "GET", list_path, fixture->ada, NULL);

      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (got, "list"), "title"), ==,
                       names[caller]);
      g_assert_cmpuint (json_object_get_size (json_object_get_object_member (got, "products")), ==, 1);
    }

  /* The co-owner's DELETE left the list to its creator; the creator's
   * deleted it. */
  g_assert_cmpuint (status_of (fixture, "GET", list_path, fixture->ada, NULL), ==, caller == CREATOR ? 404 : 200);
  g_assert_cmpuint (status_of (fixture, "GET", list_path, fixture->ben, NULL), ==,
                    caller == STRANGER ? 200 : 404);
}

static void
test_routes_by_caller (Fixture      *fixture,
                       gconstpointer data)
{
  for (Caller caller = STRANGER; caller < N_CALLERS; caller++)
    check_routes (fixture, caller);
}

/* Only the creator removes a co-owner; a co-owner can only leave. */
static void
test_remove_and_leave (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *list_id = shared_list (fixture, "Baby Lea");
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", list_id);
  g_autofree char *remove_ben = g_strdup_printf ("/api/lists/%s/coowners/%s", list_id, fixture->ben_sub);
  g_autofree char *remove_cy = g_strdup_printf ("/api/lists/%s/coowners/%s", list_id, fixture->cy_sub);
  g_autofree char *key = NULL;
  g_autofree char *invitation_id = invite (fixture, fixture->ben, list_id, CY_EMAIL, &key);

  /* A co-owner may invite; Cy joins. */
  g_assert_cmpuint (accept_status (fixture, fixture->cy, invitation_id, key), ==, 200);
  g_assert_cmpuint (status_of (fixture, "GET", list_path, fixture->cy, NULL), ==, 200);

  /* Ben cannot remove Cy, nor Cy Ben. */
  g_assert_cmpuint (status_of (fixture, "DELETE", remove_cy, fixture->ben, NULL), ==, 403);
  g_assert_cmpuint (status_of (fixture, "DELETE", remove_ben, fixture->cy, NULL), ==, 403);

  /* Cy leaves; Ada removes Ben. Neither has the list any more. */
  g_assert_cmpuint (status_of (fixture, "DELETE", remove_cy, fixture->cy, NULL), ==, 200);
  g_assert_cmpuint (status_of (fixture, "GET", list_path, fixture->cy, NULL), ==, 404);
  g_assert_cmpuint (status_of (fixture, "DELETE", remove_ben, fixture->ada, NULL), ==, 200);
  g_assert_cmpuint (status_of (fixture, "GET", list_path, fixture->ben, NULL), ==, 404);
  g_assert_cmpuint (status_of (fixture, "DELETE", remove_ben, fixture->ada, NULL), ==, 404);
  g_assert_cmpuint (status_of (fixture, "GET", list_path, fixture->ada, NULL), ==, 200);
}

static void
test_invitation_rules (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *list_id = shared_list (fixture, "Christmas");
  g_autofree char *owners_path = g_strdup_printf ("/api/lists/%s/coowners", list_id);
  g_autofree char *first_key = NULL, *second_key = NULL, *withdrawn_key = NULL;
  g_autofree char *first_id = NULL, *second_id = NULL, *withdrawn_id = NULL;
  g_autofree char *withdraw_path = NULL;
  g_autoptr(JsonObject) owners = NULL;
  g_autoptr(JsonObject) cy_tokens = NULL;
  g_autoptr(JsonObject) ada_tokens = NULL;
  const char *cy, *ada;

  /* Not an address, an owner's own address, or no body: refused. */
  g_assert_cmpuint (status_of (fixture, "POST", owners_path, fixture->ada, "{\"email\": \"nobody\"}"), ==, 400);
  g_assert_cmpuint (status_of (fixture, "POST", owners_path, fixture->ada, "{\"email\": \"" ADA_EMAIL "\"}"), ==,
                    409);
  g_assert_cmpuint (status_of (fixture, "POST", owners_path, fixture->ada, "{\"email\": \"" BEN_EMAIL "\"}"), ==,
                    409);
  g_assert_cmpuint (status_of (fixture, "POST", owners_path, fixture->ada, "{}"), ==, 400);

  /* Inviting an address again replaces the invitation: the first link is
   * dead. */
  first_id = invite (fixture, fixture->ada, list_id, CY_EMAIL, &first_key);
  second_id = invite (fixture, fixture->ada, list_id, CY_EMAIL, &second_key);
  owners = call_ok (fixture, "GET", owners_path, fixture->ada, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (owners, "invitations")), ==, 1);
  g_assert_cmpuint (accept_status (fixture, fixture->cy, first_id, first_key), ==, 404);

  /* A withdrawn invitation is gone. */
  withdrawn_id = invite (fixture, fixture->ada, list_id, DEE_EMAIL, &withdrawn_key);
  withdraw_path = g_strdup_printf ("/api/lists/%s/invitations/%s", list_id, withdrawn_id);
  g_assert_cmpuint (status_of (fixture, "DELETE", withdraw_path, fixture->ada, NULL), ==, 200);
  g_assert_cmpuint (status_of (fixture, "DELETE", withdraw_path, fixture->ada, NULL), ==, 404);
  g_assert_cmpuint (accept_status (fixture, fixture->cy, withdrawn_id, withdrawn_key), ==, 404);

  /* After its lifetime the link no longer works, and no longer waits. */
  ewe_test_server_advance_clock (fixture->server, 15 * 24 * 60 * 60);
  /* The ID tokens have expired too: sign in again. */
  cy_tokens = ews_test_cognito_sign_in (fixture->server, CY_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  ada_tokens = ews_test_cognito_sign_in (fixture->server, ADA_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  cy = json_object_get_string_member (cy_tokens, "IdToken");
  ada = json_object_get_string_member (ada_tokens, "IdToken");
  g_assert_cmpuint (accept_status (fixture, cy, second_id, second_key), ==, 410);
  g_clear_pointer (&owners, json_object_unref);
  owners = call_ok (fixture, "GET", owners_path, ada, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (owners, "invitations")), ==, 0);
}

/* A deleted list takes its co-owners and invitations with it. */
static void
test_delete_list (Fixture      *fixture,
                  gconstpointer data)
{
  g_autofree char *list_id = shared_list (fixture, "Birthday");
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", list_id);
  g_autofree char *key = NULL;
  g_autofree char *invitation_id = invite (fixture, fixture->ada, list_id, CY_EMAIL, &key);

  /* Ben's DELETE only takes the list out of his lists: it stays Ada's. */
  g_assert_cmpuint (status_of (fixture, "DELETE", list_path, fixture->ben, NULL), ==, 200);
  g_assert_null (find_in_mine (fixture, fixture->ben, list_id));
  g_assert_cmpuint (status_of (fixture, "GET", list_path, fixture->ben, NULL), ==, 404);
  g_assert_cmpuint (status_of (fixture, "GET", list_path, fixture->ada, NULL), ==, 200);
  g_assert_cmpuint (status_of (fixture, "DELETE", list_path, fixture->ada, NULL), ==, 200);
  g_assert_null (find_in_mine (fixture, fixture->ben, list_id));
  g_assert_cmpuint (accept_status (fixture, fixture->cy, invitation_id, key), ==, 404);
}

/* Renders the invitation page in Debian's headless Chromium when
 * EWE_SCREENSHOT_DIR is set, at phone and desktop sizes, light and dark,
 * for a person to look at. The page is saved with its stylesheet pointed
 * at the test server, since its links name the public URL. */
static void
screenshot (const char *dir,
            const char *file_url,
            const char *size,
            gboolean    dark)
{
  g_autofree char *profile = g_dir_make_tmp ("ewe-chromium-XXXXXX", NULL);
  g_autofree char *out = g_strdup_printf ("%s/invitation-%s%s.png", dir, size, dark ? "-dark" : "");
  g_autofree char *screenshot_arg = g_strdup_printf ("--screenshot=%s", out);
  g_autofree char *size_arg = g_strdup_printf ("--window-size=%s", size);
  g_autofree char *profile_arg = g_strdup_printf ("--user-data-dir=%s", profile);
  g_autoptr(GError) error = NULL;
  int         wait_status = 0;
  const char *argv[] = {
    "/usr/bin/chromium",
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--hide-scrollbars",
    "--allow-file-access-from-files",
    profile_arg,
    screenshot_arg,
    size_arg,
    dark ? "--blink-settings=preferredColorScheme=0" : "--blink-settings=preferredColorScheme=1",
    file_url,
    NULL,
  };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                NULL, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS));
  g_test_message ("screenshot: %s", out);
}

static void
test_screenshots (Fixture      *fixture,
                  gconstpointer data)
{
  const char      *dir = g_getenv ("EWE_SCREENSHOT_DIR");
  g_autofree char *list_id = NULL;
  g_autofree char *key = NULL;
  g_autofree char *invitation_id = NULL;
  g_autofree char *page = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file_url = NULL;
  g_autofree char *static_url = NULL;
  g_autoptr(GString) fixed = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL || !g_file_test ("/usr/bin/chromium", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("set EWE_SCREENSHOT_DIR (and install chromium) to take screenshots");
      return;
    }

  list_id = ews_test_api_create_list (fixture->server, fixture->ada, "Ada & Ben’s wedding");
  invitation_id = invite (fixture, fixture->ada, list_id, CY_EMAIL, &key);
  g_assert_cmpuint (get_page (fixture, invitation_id, key, &page), ==, 200);

  fixed = g_string_new (page);
  static_url = g_strconcat (fixture->server->base_url, "/static/", NULL);
  g_string_replace (fixed, EWS_TEST_COGNITO_PUBLIC_URL "/static/", static_url, 0);
  path = g_build_filename (dir, "invitation.html", NULL);
  g_file_set_contents (path, fixed->str, -1, &error);
  g_assert_no_error (error);
  file_url = g_filename_to_uri (path, NULL, &error);
  g_assert_no_error (error);

  screenshot (dir, file_url, "360,720", FALSE);
  screenshot (dir, file_url, "360,720", TRUE);
  screenshot (dir, file_url, "1280,800", FALSE);
  screenshot (dir, file_url, "1280,800", TRUE);
}

/* A co-owned list in the co-owner's GET /api/lists says all that the
 * creator's does (but whose it is): the co-owned lists were read with a
 * column list of their own, which left out the reveal date, the archive
 * and the currency, so that a list in euros showed in pounds. */
static void
test_coowned_list_is_whole (Fixture      *fixture,
                            gconstpointer data)
{
  g_autofree char *list_id = shared_list (fixture, "Our wedding");
  g_autofree char *list_path = g_strdup_printf ("/api/lists/%s", list_id);
  g_autofree char *archive_path = g_strconcat (list_path, "/archive", NULL);
  g_autoptr(JsonObject) as_ada = NULL;
  g_autoptr(JsonObject) as_ben = NULL;
  g_autoptr(GList) members = NULL;

  g_assert_cmpuint (status_of (fixture, "PUT", list_path, fixture->ada,
                               "{\"title\": \"Our wedding\", \"currency\": \"EUR\", \"revealDate\": \"2001-02-03\"}"),
                    ==, 200);
  g_assert_cmpuint (status_of (fixture, "POST", archive_path, fixture->ada, "{\"note\": \"Thank you all!\"}"), ==, 200);

  as_ada = find_in_mine (fixture, fixture->ada, list_id);
  as_ben = find_in_mine (fixture, fixture->ben, list_id);
  g_assert_nonnull (as_ada);
  g_assert_nonnull (as_ben);
  g_assert_cmpstr (json_object_get_string_member (as_ben, "currency"), ==, "EUR");
  g_assert_cmpstr (json_object_get_string_member (as_ben, "revealDate"), ==, "2001-02-03");
  g_assert_true (json_object_get_boolean_member (as_ben, "archived"));
  g_assert_cmpstr (json_object_get_string_member (as_ben, "archiveNote"), ==, "Thank you all!");

  members = json_object_get_members (as_ada);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_str_equal (name, "role") || g_str_equal (name, "ownerName"))
        continue;
      g_assert_true (json_object_has_member (as_ben, name));
      g_assert_true (json_node_equal (json_object_get_member (as_ada, name), json_object_get_member (as_ben, name)));
    }
}

/* Accepting an invitation is heard on the new co-owner's own stream (their
 * other devices pull the list at once), and by no one else's. */
static void
test_accept_reaches_user_stream (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autofree char *list_id = ews_test_api_create_list (fixture->server, fixture->ada, "Baby Lea");
  g_autofree char *key = NULL;
  g_autofree char *invitation_id = invite (fixture, fixture->ada, list_id, BEN_EMAIL, &key);
  g_autofree char *prefix = g_strdup_printf ("lists {\"listId\":\"%s\",\"version\":", list_id);
  g_autoptr(EwsTestEvents) ben = NULL;
  g_autoptr(EwsTestEvents) cy = NULL;
  g_autofree char *heard = NULL;
  g_autofree char *cy_heard = NULL;
  guint            status = 0;

  ben = ews_test_events_open_full (fixture->server, "", fixture->ben, TRUE, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  cy = ews_test_events_open_full (fixture->server, "", fixture->cy, TRUE, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);

  g_assert_cmpuint (accept_status (fixture, fixture->ben, invitation_id, key), ==, 200);
  heard = ews_test_events_next (ben, 10);
  g_assert_nonnull (heard);
  g_assert_true (g_str_has_prefix (heard, prefix));

  /* Cy's stream stays quiet: a second is plenty, as the server wrote to
   * both streams at once and Ben's has come. */
  cy_heard = ews_test_events_next (cy, 1);
  g_assert_null (cy_heard);
}

/* Reads @events up to the "lists" notice of @list_id (his lists changed),
 * which must come after a "changed" notice of the same version (to a
 * watcher of the list: what Ben's app, which holds it, pulls on). A
 * deletion is one change of its own before the co-owners are told. */
static void
assert_changed_and_lists (EwsTestEvents *events,
                          const char    *list_id)
{
  gint64 changed = 0;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *event = ews_test_events_next (events, 10);

      g_assert_nonnull (event);
      if (g_str_has_prefix (event, "changed "))
        {
          changed = ews_test_events_assert_notice (event, "changed", list_id);
          continue;
        }
      g_assert_cmpint (ews_test_events_assert_notice (event, "lists", list_id), ==, changed);
      return;
    }
  g_assert_not_reached ();
}

/* Removed from a list, or the list deleted by its creator, a co-owner
 * hears of it on their own stream (their devices drop the list at once,
 * on either backend: on PostgreSQL through NOTIFY), and no one else does. */
static void
test_removal_reaches_user_stream (Fixture      *fixture,
                                  gconstpointer data)
{
  g_autofree char *removed_list = shared_list (fixture, "Wedding");
  g_autofree char *deleted_list = shared_list (fixture, "Birthday");
  g_autofree char *watched = g_strdup_printf ("%s,%s", removed_list, deleted_list);
  g_autofree char *remove_path = g_strdup_printf ("/api/lists/%s/coowners/%s", removed_list, fixture->ben_sub);
  g_autofree char *delete_path = g_strdup_printf ("/api/lists/%s", deleted_list);
  g_autoptr(EwsTestEvents) ben = NULL;
  g_autoptr(EwsTestEvents) cy = NULL;
  g_autoptr(JsonObject) still_removed = NULL;
  g_autoptr(JsonObject) still_deleted = NULL;
  g_autofree char *cy_heard = NULL;
  g_autofree char *bens_own = NULL;
  g_autofree char *heard = g_strdup ("");
  guint            status = 0;

  /* As Ben's app watches them: the lists it holds, and his own. */
  ben = ews_test_events_open_full (fixture->server, watched, fixture->ben, TRUE, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  cy = ews_test_events_open_full (fixture->server, "", fixture->cy, TRUE, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);

  /* On PostgreSQL the accepts' notices may still be on their way to the
   * stream. They come in commit order: once the notice of a list Ben makes
   * now has come, they all have. */
  bens_own = ews_test_api_create_list (fixture->server, fixture->ben, "Ben's");
  for (guint i = 0; !g_str_has_prefix (heard, "lists {\"listId\":\"") || strstr (heard, bens_own) == NULL; i++)
    {
      g_assert_cmpuint (i, <, 8);
      g_free (heard);
      heard = ews_test_events_next (ben, 10);
      g_assert_nonnull (heard);
    }

  g_assert_cmpuint (status_of (fixture, "DELETE", remove_path, fixture->ada, NULL), ==, 200);
  assert_changed_and_lists (ben, removed_list);

  g_assert_cmpuint (status_of (fixture, "DELETE", delete_path, fixture->ada, NULL), ==, 200);
  assert_changed_and_lists (ben, deleted_list);

  /* And what his app then pulls has neither. */
  still_removed = find_in_mine (fixture, fixture->ben, removed_list);
  g_assert_null (still_removed);
  still_deleted = find_in_mine (fixture, fixture->ben, deleted_list);
  g_assert_null (still_deleted);

  /* Cy's stream stays quiet: the server wrote to Ben's first, which has
   * come, and a second is plenty for anything after it. */
  cy_heard = ews_test_events_next (cy, 1);
  g_assert_null (cy_heard);
}

static const EwsTestBackendCase backend_cases[] = {
  EWS_TEST_BACKEND_CASE ("invite-accept-and-edit", test_invite_accept_and_edit),
  EWS_TEST_BACKEND_CASE ("routes-by-caller", test_routes_by_caller),
  EWS_TEST_BACKEND_CASE ("remove-and-leave", test_remove_and_leave),
  EWS_TEST_BACKEND_CASE ("invitation-rules", test_invitation_rules),
  EWS_TEST_BACKEND_CASE ("delete-list", test_delete_list),
  EWS_TEST_BACKEND_CASE ("screenshots", test_screenshots),
  EWS_TEST_BACKEND_CASE ("coowned-list-is-whole", test_coowned_list_is_whole),
  EWS_TEST_BACKEND_CASE ("accept-reaches-user-stream", test_accept_reaches_user_stream),
  EWS_TEST_BACKEND_CASE ("removal-reaches-user-stream", test_removal_reaches_user_stream),
};

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ews_test_add_backend_cases ("/server/coowners", Fixture, fixture_set_up, fixture_tear_down, backend_cases, &postgres);

  status = g_test_run ();
  ews_test_stop_backends (&postgres);

  return status;
}
