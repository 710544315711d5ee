/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>

#include "ewe-codec.h"
#include "ewe-contact.h"
#include "ewe-core-test-fixture.h"

/* EweApiClient against a real ewelists-server: authenticated and public
 * endpoints, the server's error messages, idempotent retries, a token
 * refresh on 401, and a server that answers nonsense. */

/* Whether the server replayed its answer to the last call_raw(). */
static gboolean last_was_replayed;

static GBytes *
call_raw (EweApiClient       *client,
          EweApiEndpoint      endpoint,
          const char * const *args,
          const char         *body_json,
          const char         *idempotency_key,
          GError            **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(JsonNode) body = NULL;
  GBytes *answer;

  if (body_json != NULL)
    {
      body = json_from_string (body_json, NULL);
      g_assert_nonnull (body);
    }

  ewe_api_client_call_async (client, endpoint, args, body, idempotency_key, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), error);
  last_was_replayed = ewe_api_client_call_was_replayed (client, waiter.result);

  return answer;
}

/* Calls, and parses the answer as JSON (which these endpoints all send). */
static JsonNode *
call (EweApiClient       *client,
      EweApiEndpoint      endpoint,
      const char * const *args,
      const char         *body_json,
      const char         *idempotency_key,
      GError            **error)
{
  g_autoptr(GBytes) answer = call_raw (client, endpoint, args, body_json, idempotency_key, error);
  gsize       size = 0;
  const char *data;

  if (answer == NULL)
    return NULL;

  data = g_bytes_get_data (answer, &size);
  return ewe_codec_parse (data, size, error);
}

static char *
create_list (EweApiClient *client,
             const char   *title)
{
  g_autofree char *body = g_strdup_printf ("{\"title\": \"%s\", \"description\": \"For the big day\","
                                           " \"occasion\": \"Birthday\", \"eventDate\": \"2027-03-01\","
                                           " \"imageUrl\": \"/images/celebration-default.jpg\"}",
                                           title);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = call (client, EWE_API_CREATE_LIST, NULL, body, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer));

  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "listId"));
}

static void
test_create_and_read_lists (EweCoreFixture *fixture,
                            gconstpointer   data)
{
  g_autoptr(EweAccount) ann = ewe_core_fixture_new_user (fixture, "ann");
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (ann, fixture->server->base_url);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autofree char *list_id = NULL;
  JsonObject      *list_object;

  list_id = create_list (client, "Ann’s birthday");
  g_assert_nonnull (list_id);

  list = call (client, EWE_API_GET_LIST, (const char *[]) { list_id, NULL }, NULL, NULL, &error);
  g_assert_no_error (error);
  list_object = json_object_get_object_member (json_node_get_object (list), "list");
  g_assert_nonnull (list_object);
  g_assert_cmpstr (json_object_get_string_member (list_object, "title"), ==, "Ann’s birthday");

  all = call (client, EWE_API_GET_LISTS, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (all));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (all), "owned")), ==, 1);
}

static void
test_errors_carry_the_server_message (EweCoreFixture *fixture,
                                      gconstpointer   data)
{
  g_autoptr(EweAccount) ann = ewe_core_fixture_new_user (fixture, "ann");
  g_autoptr(EweAccount) bob = ewe_core_fixture_new_user (fixture, "bob");
  g_autoptr(EweApiClient) as_ann = ewe_api_client_new_for_server (ann, fixture->server->base_url);
  g_autoptr(EweApiClient) as_bob = ewe_api_client_new_for_server (bob, fixture->server->base_url);
  g_autoptr(EweApiClient) anonymous = ewe_api_client_new_for_server (NULL, fixture->server->base_url);
  g_autofree char *list_id = create_list (as_ann, "Private");
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  /* Someone else's list: refused, without its content. */
  answer = call (as_bob, EWE_API_GET_LIST, (const char *[]) { list_id, NULL }, NULL, NULL, &error);
  g_assert_null (answer);
  g_assert_true (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_FORBIDDEN) ||
                 g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND));
  g_assert_null (strstr (error->message, "Private"));
  g_clear_error (&error);

  /* Unknown list: 404 with the server's message. */
  answer = call (as_ann, EWE_API_GET_LIST, (const char *[]) { "no-such-list", NULL }, NULL, NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  /* Bad input: a 4xx, reported as invalid. */
  answer = call (as_ann, EWE_API_CREATE_LIST, NULL, "{\"title\": 42}", NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_INVALID);
  g_clear_error (&error);

  /* Signed out: authenticated endpoints are refused before any request. */
  answer = call (anonymous, EWE_API_GET_LISTS, NULL, NULL, NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* ...but public ones work: the shared view of Ann's list. */
  answer = call (anonymous, EWE_API_GET_SHARED_LIST, (const char *[]) { list_id, NULL }, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer));
}

static void
test_idempotent_retry_is_applied_once (EweCoreFixture *fixture,
                                       gconstpointer   data)
{
  g_autoptr(EweAccount) ann = ewe_core_fixture_new_user (fixture, "ann");
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (ann, fixture->server->base_url);
  g_autofree char *key = g_uuid_string_random ();
  const char      *body = "{\"title\": \"Once\", \"description\": \"\", \"occasion\": \"Christmas\","
                          " \"imageUrl\": \"/images/christmas-default.jpg\"}";
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(GError) error = NULL;

  first = call (client, EWE_API_CREATE_LIST, NULL, body, key, &error);
  g_assert_no_error (error);
  g_assert_false (last_was_replayed);
  second = call (client, EWE_API_CREATE_LIST, NULL, body, key, &error);
  g_assert_no_error (error);
  g_assert_true (last_was_replayed);

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (first), "listId"), ==,
                   json_object_get_string_member (json_node_get_object (second), "listId"));

  all = call (client, EWE_API_GET_LISTS, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (all), "owned")), ==, 1);
}

static void
test_unreachable_server_is_a_network_error (void)
{
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (NULL, "http://127.0.0.1:1");
  g_autoptr(EweApiClient) unset = ewe_api_client_new (NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = call (client, EWE_API_GET_SHARED_LIST, (const char *[]) { "x", NULL }, NULL, NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_NETWORK);
  g_clear_error (&error);

  answer = call (unset, EWE_API_GET_SHARED_LIST, (const char *[]) { "x", NULL }, NULL, NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_NETWORK);
  g_clear_error (&error);

  /* Wrong number of path arguments is the caller's bug, reported, not sent. */
  answer = call (client, EWE_API_GET_SHARED_LIST, NULL, NULL, NULL, &error);
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_INVALID);
}

/* A server that answers with broken JSON, wrong shapes or huge bodies: the
 * client must turn every one into an error, never crash. */
static void
nonsense_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  static const struct
  {
    const char *path;
    guint       status;
    const char *body;
  } answers[] = {
    { "/api/lists/truncated/shared", 200, "{\"list\": {\"title\": " },
    { "/api/lists/html/shared", 200, "<html>Login</html>" },
    { "/api/lists/error-not-json/shared", 500, "Internal Server Error" },
    { "/api/lists/error-wrong-type/shared", 409, "{\"error\": 42}" },
    { "/api/lists/nul/shared", 200, "{\"a\":\"\\u0000\"" },
    { "/api/lists/empty/shared", 200, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      if (g_str_equal (path, answers[i].path))
        {
          soup_server_message_set_status (msg, answers[i].status, NULL);
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                            answers[i].body, strlen (answers[i].body));
          return;
        }
    }

  soup_server_message_set_status (msg, 404, NULL);
}

static void
test_malformed_answers_are_errors (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(EweApiClient) client = NULL;
  struct
  {
    const char *id;
    gboolean    http_error;
    int         expected;
  } cases[] = {
    { "truncated", FALSE, EWE_CODEC_ERROR_SYNTAX },
    { "html", FALSE, EWE_CODEC_ERROR_SYNTAX },
    { "nul", FALSE, EWE_CODEC_ERROR_SYNTAX },
    { "empty", FALSE, EWE_CODEC_ERROR_SYNTAX },
    { "error-not-json", TRUE, EWE_API_ERROR_SERVER },
    { "error-wrong-type", TRUE, EWE_API_ERROR_CONFLICT },
  };

  soup_server_add_handler (server, NULL, nonsense_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  client = ewe_api_client_new_for_server (NULL, base_url);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(EweList) list = NULL;
      g_autoptr(GPtrArray) gifts = NULL;
      g_autoptr(GPtrArray) reservations = NULL;
      const char *data;
      gsize       size = 0;

      answer = call_raw (client, EWE_API_GET_SHARED_LIST, (const char *[]) { cases[i].id, NULL }, NULL, NULL, &error);

      if (cases[i].http_error)
        {
          g_assert_null (answer);
          g_assert_error (error, EWE_API_ERROR, cases[i].expected);
          g_assert_cmpstr (error->message, !=, "");
          g_clear_error (&error);
          continue;
        }

      /* The client hands the body on; the codec refuses it, with a reason. */
      g_assert_no_error (error);
      g_assert_nonnull (answer);
      data = g_bytes_get_data (answer, &size);
      g_assert_false (ewe_codec_decode_shared_list (data, size, &list, &gifts, &reservations, &error));
      g_assert_error (error, EWE_CODEC_ERROR, cases[i].expected);
      g_assert_null (list);
      g_clear_error (&error);
    }
}

static gboolean
send_contact (EweApiClient *client,
              const char   *name,
              const char   *email,
              const char   *message,
              gint64       *reference,
              GError      **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_contact_send_async (client, name, email, message, NULL, ewe_test_waiter_cb, &waiter);

  return ewe_contact_send_finish (ewe_test_waiter_wait (&waiter), reference, error);
}

/* The contact form is public: a client with no account sends it, the
 * server mails it to its contact address with the message in it, and the
 * answer's number is the one in the mail's subject. */
static void
test_contact_form (EweCoreFixture *fixture,
                   gconstpointer   data)
{
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (NULL, fixture->server->base_url);
  g_autoptr(EweTestMail) mail = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *reply_to = NULL;
  guint            n_before = ewe_test_smtp_get_n_messages (fixture->smtp);
  gint64           reference = 0;

  /* Nothing blank is sent: the dialog says what is missing, at once. */
  g_assert_false (send_contact (client, "Ann", "ann@example.com", " \n\t", &reference, &error));
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (send_contact (client, " ", "ann@example.com", "Hello", &reference, &error));
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (send_contact (client, "Ann", "", "Hello", &reference, &error));
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_INVALID);
  g_clear_error (&error);

  /* The server's refusal comes back with its words. */
  g_assert_false (send_contact (client, "Ann", "not an address", "Hello", &reference, &error));
  g_assert_error (error, EWE_API_ERROR, EWE_API_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not an address"));
  g_clear_error (&error);
  g_assert_cmpuint (ewe_test_smtp_get_n_messages (fixture->smtp), ==, n_before);

  g_assert_true (send_contact (client, "  Ann Example ", " ann@example.com ",
                               "The “Add Gift” button is hard to find.\nThanks!", &reference, &error));
  g_assert_no_error (error);
  g_assert_cmpint (reference, >=, 100000);
  g_assert_cmpint (reference, <=, 999999);

  mail = ewe_test_smtp_wait_for_mail_to (fixture->smtp, n_before, "contact@localhost", 10000);
  g_assert_nonnull (mail);
  body = ewe_test_mail_dup_part (mail, "text/plain");
  g_assert_nonnull (body);
  g_assert_nonnull (strstr (body, "The “Add Gift” button is hard to find."));
  g_assert_nonnull (strstr (body, "Ann Example <ann@example.com>"));
  reply_to = ewe_test_mail_dup_header (mail, "Reply-To");
  g_assert_nonnull (reply_to);
  g_assert_nonnull (strstr (reply_to, "ann@example.com"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, EweCoreFixture, NULL, ewe_core_fixture_set_up, func, ewe_core_fixture_tear_down)
  ADD ("/core/api-client/create-and-read-lists", test_create_and_read_lists);
  ADD ("/core/api-client/errors-carry-the-server-message", test_errors_carry_the_server_message);
  ADD ("/core/api-client/idempotent-retry-is-applied-once", test_idempotent_retry_is_applied_once);
  ADD ("/core/api-client/contact-form", test_contact_form);
#undef ADD
  g_test_add_func ("/core/api-client/unreachable-server-is-a-network-error", test_unreachable_server_is_a_network_error);
  g_test_add_func ("/core/api-client/malformed-answers-are-errors", test_malformed_answers_are_errors);

  return g_test_run ();
}
