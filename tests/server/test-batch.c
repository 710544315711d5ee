/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ewe-limits.h"
#include "ewe-test-server.h"
#include "ewe-test-smtp.h"
#include "ews-test-api.h"
#include "ews-test-backends.h"
#include "ews-test-cognito.h"

/* POST /api/batch, through the HTTP API of a real server, on SQLite and on
 * PostgreSQL alike: each entry is answered as the same request on its own
 * would be, with its own Idempotency-Key record, so that a batch sent
 * again, or an entry sent again alone, is applied once. */

#define OWNER_EMAIL "owner@example.org"

static EwsTestPostgres *postgres;

typedef struct
{
  EweTestSmtp   *sink;
  EweTestServer *server;
  char          *owner; /* ID token */
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  gboolean         on_postgres = GPOINTER_TO_INT (data);
  g_autofree char *smtp_url = NULL;
  g_autofree char *smtp = NULL;
  g_autofree char *database = NULL;
  g_autoptr(JsonObject) tokens = NULL;

  fixture->sink = ewe_test_smtp_new ();
  smtp_url = ewe_test_smtp_dup_url (fixture->sink);
  smtp = g_strconcat ("--smtp-url=", smtp_url, NULL);

#ifdef EWS_TEST_HAVE_POSTGRES
  if (on_postgres)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = ews_test_postgres_new_database (postgres, &error);

      g_assert_no_error (error);
      database = g_strconcat ("--database=", uri, NULL);
    }
#else
  g_assert_false (on_postgres);
#endif

  {
    const char *args[] = { "--public-url=" EWS_TEST_COGNITO_PUBLIC_URL,
                           "--mail-from=Ewelists <no-reply@ewelists.example.org>", smtp, database, NULL };

    fixture->server = ewe_test_server_start (args);
  }
  g_assert_nonnull (fixture->server);

  ews_test_cognito_sign_up_and_confirm (fixture->server, fixture->sink, OWNER_EMAIL, "Olive");
  tokens = ews_test_cognito_sign_in (fixture->server, OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  fixture->owner = g_strdup (json_object_get_string_member (tokens, "IdToken"));
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->sink, ewe_test_smtp_free);
  g_clear_pointer (&fixture->owner, g_free);
}

/* One entry of a batch, its body as the text a request alone would send. */
static void
add_entry (JsonBuilder *builder,
           const char  *method,
           const char  *path,
           const char  *key,
           const char  *body)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, method);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  if (key != NULL)
    {
      json_builder_set_member_name (builder, "idempotencyKey");
      json_builder_add_string_value (builder, key);
    }
  if (body != NULL)
    {
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, body);
    }
  json_builder_end_object (builder);
}

/* @entries: method, path, key, body, … NULL (a NULL key or body is
 * written as "-"). */
static char *
batch_text (const char *first_method,
            ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *method = first_method;
  va_list     args;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_array (builder);

  va_start (args, first_method);
  while (method != NULL)
    {
      const char *path = va_arg (args, const char *);
      const char *key = va_arg (args, const char *);
      const char *body = va_arg (args, const char *);

      add_entry (builder, method, path, g_strcmp0 (key, "-") == 0 ? NULL : key,
                 g_strcmp0 (body, "-") == 0 ? NULL : body);
      method = va_arg (args, const char *);
    }
  va_end (args);

  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Sends @text, which must be answered 200; returns the answers. */
static JsonArray *
send_batch (Fixture    *fixture,
            const char *text,
            guint       n_expected)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *answers;
  guint      status = 0;

  node = ews_test_api_call (fixture->server, "POST", "/api/batch", fixture->owner, text, &status);
  g_assert_cmpuint (status, ==, 200);
  answers = json_object_get_array_member (json_node_get_object (node), "responses");
  g_assert_nonnull (answers);
  g_assert_cmpuint (json_array_get_length (answers), ==, n_expected);
  return json_array_ref (answers);
}

static guint
answer_status (JsonArray *answers,
               guint      i)
{
  return (guint)json_object_get_int_member (json_array_get_object_element (answers, i), "status");
}

static const char *
answer_body (JsonArray *answers,
             guint      i)
{
  return json_object_get_string_member (json_array_get_object_element (answers, i), "body");
}

static gboolean
answer_replayed (JsonArray *answers,
                 guint      i)
{
  return json_object_get_boolean_member (json_array_get_object_element (answers, i), "replayed");
}

static char *
answer_member (JsonArray  *answers,
               guint       i,
               const char *member)
{
  g_autoptr(JsonNode) node = json_from_string (answer_body (answers, i), NULL);

  g_assert_nonnull (node);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), member));
}

static guint
n_lists (Fixture *fixture)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (fixture->server, "GET", "/api/lists", fixture->owner, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (node), "owned"));
}

/* Entries run in order through their routes' own handlers: the lists are
 * made, the update lands, each answer is the route's own. */
static void
test_happy_path (Fixture      *fixture,
                 gconstpointer data)
{
  g_autofree char *existing = ews_test_api_create_list (fixture->server, fixture->owner, "Before");
  g_autofree char *update_path = g_strdup_printf ("/api/lists/%s", existing);
  g_autofree char *text = batch_text ("POST", "/api/lists", "k1", "{\"title\": \"One\"}",
                                      "POST", "/api/lists", "k2", "{\"title\": \"Two\"}",
                                      "PUT", update_path, "k3", "{\"title\": \"After\"}", NULL);
  g_autoptr(JsonArray) answers = send_batch (fixture, text, 3);
  g_autofree char *one = answer_member (answers, 0, "listId");
  g_autofree char *two = answer_member (answers, 1, "listId");
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpuint (answer_status (answers, i), ==, 200);
      g_assert_false (answer_replayed (answers, i));
    }
  g_assert_cmpstr (one, !=, two);
  g_assert_cmpuint (n_lists (fixture), ==, 3);

  node = ews_test_api_call (fixture->server, "GET", update_path, fixture->owner, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  {
    g_autofree char *updated = json_to_string (node, FALSE);

    g_assert_nonnull (strstr (updated, "After"));
  }
}

/* The whole batch sent again (its answer was lost) is answered from the
 * records, nothing made twice; one entry sent again alone gets its first
 * answer too, and a batch with an entry sent alone before replays that
 * entry and runs the rest. */
static void
test_idempotent_replay (Fixture      *fixture,
                        gconstpointer data)
{
  g_autofree char *text = batch_text ("POST", "/api/lists", "k1", "{\"title\": \"One\"}",
                                      "POST", "/api/lists", "k2", "{\"title\": \"Two\"}", NULL);
  g_autoptr(JsonArray) first = send_batch (fixture, text, 2);
  g_autoptr(JsonArray) again = send_batch (fixture, text, 2);
  g_autoptr(JsonNode) alone = NULL;
  g_autoptr(JsonArray) mixed = NULL;
  g_autofree char *alone_text = NULL;
  g_autofree char *mixed_text = NULL;
  guint            status = 0;

  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (answer_replayed (again, i));
      g_assert_cmpuint (answer_status (again, i), ==, 200);
      g_assert_cmpstr (answer_body (again, i), ==, answer_body (first, i));
    }
  g_assert_cmpuint (n_lists (fixture), ==, 2);

  /* The same entry alone: the same record (method, path and body). */
  alone = ews_test_api_call_full (fixture->server, "POST", "/api/lists", fixture->owner, "{\"title\": \"One\"}",
                                  "k1", &status, &alone_text);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (alone_text, ==, answer_body (first, 0));
  g_assert_cmpuint (n_lists (fixture), ==, 2);

  /* Sent alone first, then in a batch. */
  g_clear_pointer (&alone, json_node_unref);
  g_clear_pointer (&alone_text, g_free);
  alone = ews_test_api_call_full (fixture->server, "POST", "/api/lists", fixture->owner, "{\"title\": \"Three\"}",
                                  "k3", &status, &alone_text);
  g_assert_cmpuint (status, ==, 200);
  mixed_text = batch_text ("POST", "/api/lists", "k3", "{\"title\": \"Three\"}",
                           "POST", "/api/lists", "k4", "{\"title\": \"Four\"}", NULL);
  mixed = send_batch (fixture, mixed_text, 2);
  g_assert_true (answer_replayed (mixed, 0));
  g_assert_cmpstr (answer_body (mixed, 0), ==, alone_text);
  g_assert_false (answer_replayed (mixed, 1));
  g_assert_cmpuint (n_lists (fixture), ==, 4);
}

/* An entry refused does not stop the others, and is undone alone: each
 * gets its own answer, the one-by-one answer. */
static void
test_failing_entry (Fixture      *fixture,
                    gconstpointer data)
{
  g_autofree char *text = batch_text ("POST", "/api/lists", "k1", "{\"title\": \"One\"}",
                                      "PUT", "/api/lists/no-such-list", "k2", "{\"title\": \"Gone\"}",
                                      "POST", "/api/lists", "k3", "{\"title\": 1}",
                                      "DELETE", "/api/nowhere", "k4", "-",
                                      "POST", "/api/lists", "k5", "{\"title\": \"Five\"}", NULL);
  g_autoptr(JsonArray) answers = send_batch (fixture, text, 5);
  g_autoptr(JsonArray) again = NULL;

  g_assert_cmpuint (answer_status (answers, 0), ==, 200);
  g_assert_cmpuint (answer_status (answers, 1), ==, 404);
  g_assert_cmpuint (answer_status (answers, 2), ==, 400);
  g_assert_cmpuint (answer_status (answers, 3), ==, 404);
  g_assert_cmpuint (answer_status (answers, 4), ==, 200);
  g_assert_nonnull (strstr (answer_body (answers, 2), "\"error\""));
  g_assert_cmpuint (n_lists (fixture), ==, 2);

  /* A refusal is recorded as the request alone's would be. */
  again = send_batch (fixture, text, 5);
  g_assert_true (answer_replayed (again, 2));
  g_assert_cmpuint (answer_status (again, 2), ==, 400);
  g_assert_cmpuint (n_lists (fixture), ==, 2);
}

/* An entry told to come back later (429) stops the batch, as a client
 * sending one by one would stop there: those after it are answered 503
 * "notRun", not run, and sent again later. */
static void
test_stops_at_too_many (Fixture      *fixture,
                        gconstpointer data)
{
  const char *contact = "{\"name\": \"Olive\", \"email\": \"olive@example.org\", \"message\": \"Hello\"}";
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) answers = NULL;
  g_autofree char *text = NULL;
  guint            n_contacts = 11; /* one more than --rate-contact's default */
  guint            first_refused = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_contacts; i++)
    {
      g_autofree char *key = g_strdup_printf ("contact-%u", i);

      add_entry (builder, "POST", "/api/contact", key, contact);
    }
  add_entry (builder, "POST", "/api/lists", "list", "{\"title\": \"After\"}");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  answers = send_batch (fixture, text, n_contacts + 1);
  while (first_refused < n_contacts && answer_status (answers, first_refused) == 200)
    first_refused++;
  g_assert_cmpuint (first_refused, <, n_contacts);
  g_assert_cmpuint (answer_status (answers, first_refused), ==, 429);
  for (guint i = first_refused + 1; i <= n_contacts; i++)
    {
      g_assert_cmpuint (answer_status (answers, i), ==, 503);
      g_assert_true (json_object_get_boolean_member (json_array_get_object_element (answers, i), "notRun"));
    }
  g_assert_cmpuint (n_lists (fixture), ==, 0);
}

static guint
batch_status (Fixture    *fixture,
              const char *token,
              const char *text)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (fixture->server, "POST", "/api/batch", token, text, &status);
  return status;
}

/* A malformed or oversized batch is a 4xx for all of it, and runs nothing. */
static void
test_malformed (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GString) many = g_string_new ("{\"requests\": [");
  g_autoptr(GString) huge = g_string_new ("{\"requests\": [{\"method\": \"POST\", \"path\": \"/api/lists\", \"body\": \"");
  g_autofree char *get = batch_text ("GET", "/api/lists", "-", "-", NULL);
  g_autofree char *wrong_path = batch_text ("POST", "/health", "k", "-", NULL);
  g_autofree char *query = batch_text ("POST", "/api/lists?x=1", "k", "{\"title\": \"Q\"}", NULL);

  g_assert_cmpuint (batch_status (fixture, fixture->owner, "not json"), ==, 400);
  g_assert_cmpuint (batch_status (fixture, fixture->owner, "{}"), ==, 400);
  g_assert_cmpuint (batch_status (fixture, fixture->owner, "{\"requests\": []}"), ==, 400);
  g_assert_cmpuint (batch_status (fixture, fixture->owner, "{\"requests\": [1]}"), ==, 400);
  g_assert_cmpuint (batch_status (fixture, fixture->owner,
                                  "{\"requests\": [{\"method\": \"POST\", \"path\": \"/api/lists\", \"body\": {}}]}"),
                    ==, 400);
  g_assert_cmpuint (batch_status (fixture, fixture->owner, get), ==, 400);
  g_assert_cmpuint (batch_status (fixture, fixture->owner, wrong_path), ==, 400);
  g_assert_cmpuint (batch_status (fixture, fixture->owner, query), ==, 400);

  for (guint i = 0; i <= EWE_LIMIT_BATCH_ENTRIES; i++)
    g_string_append_printf (many, "%s{\"method\": \"POST\", \"path\": \"/api/lists\", \"body\": \"{\\\"title\\\": "
                                  "\\\"L%u\\\"}\"}",
                            i > 0 ? ", " : "", i);
  g_string_append (many, "]}");
  g_assert_cmpuint (batch_status (fixture, fixture->owner, many->str), ==, 400);

  /* Larger than any request may be: refused before it is read. */
  while (huge->len < EWE_LIMIT_BATCH_BYTES + 1024)
    g_string_append (huge, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (huge, "\"}]}");
  g_assert_cmpuint (batch_status (fixture, fixture->owner, huge->str), ==, 413);

  g_assert_cmpuint (n_lists (fixture), ==, 0);
}

/* Without a valid token nothing runs. */
static void
test_unauthenticated (Fixture      *fixture,
                      gconstpointer data)
{
  g_autofree char *text = batch_text ("POST", "/api/lists", "k1", "{\"title\": \"One\"}", NULL);

  g_assert_cmpuint (batch_status (fixture, NULL, text), ==, 401);
  g_assert_cmpuint (batch_status (fixture, "not-a-token", text), ==, 401);
  g_assert_cmpuint (n_lists (fixture), ==, 0);
}

static const EwsTestBackendCase backend_cases[] = {
  EWS_TEST_BACKEND_CASE ("happy-path", test_happy_path),
  EWS_TEST_BACKEND_CASE ("idempotent-replay", test_idempotent_replay),
  EWS_TEST_BACKEND_CASE ("failing-entry", test_failing_entry),
  EWS_TEST_BACKEND_CASE ("malformed", test_malformed),
  EWS_TEST_BACKEND_CASE ("unauthenticated", test_unauthenticated),
  EWS_TEST_BACKEND_CASE ("stops-at-too-many", test_stops_at_too_many),
};

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  ews_test_add_backend_cases ("/server/batch", Fixture, fixture_set_up, fixture_tear_down, backend_cases, &postgres);

  status = g_test_run ();

  ews_test_stop_backends (&postgres);

  return status;
}
