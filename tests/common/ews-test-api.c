/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-test-api"

#include "config.h"

#include <libsoup/soup.h>

#include "ews-test-api.h"
#include "ews-test-keys.h"

char *
ews_test_api_token_full (EweTestServer *server,
                         const char    *sub,
                         const char    *email,
                         const char    *token_use,
                         gint64         expires_in)
{
  g_autoptr(JsonObject) claims = json_object_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  json_object_set_string_member (claims, "sub", sub);
  if (email != NULL)
    json_object_set_string_member (claims, "email", email);
  json_object_set_string_member (claims, "token_use", token_use);
  json_object_set_string_member (claims, "aud", EWS_TEST_API_CLIENT_ID);
  json_object_set_int_member (claims, "iat", now);
  json_object_set_int_member (claims, "exp", now + expires_in);

  /* Signed with the key the server made on its first start, and for an
   * account that exists, as the server checks. */
  return ews_test_keys_sign (server, claims);
}

char *
ews_test_api_token (EweTestServer *server,
                    const char    *sub,
                    const char    *email,
                    const char    *name)
{
  g_autoptr(JsonObject) claims = json_object_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  json_object_set_string_member (claims, "sub", sub);
  json_object_set_string_member (claims, "email", email);
  if (name != NULL)
    json_object_set_string_member (claims, "name", name);
  json_object_set_string_member (claims, "token_use", "id");
  json_object_set_string_member (claims, "aud", EWS_TEST_API_CLIENT_ID);
  json_object_set_int_member (claims, "iat", now);
  json_object_set_int_member (claims, "exp", now + 3600);

  /* Signed with the key the server made on its first start, and for an
   * account that exists, as the server checks. */
  return ews_test_keys_sign (server, claims);
}

/* An ID token like the server's own, but for another app client. */
char *
ews_test_api_token_for_client (EweTestServer *server,
                               const char    *sub,
                               const char    *email,
                               const char    *client_id)
{
  g_autoptr(JsonObject) claims = json_object_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  json_object_set_string_member (claims, "sub", sub);
  json_object_set_string_member (claims, "email", email);
  json_object_set_string_member (claims, "token_use", "id");
  json_object_set_string_member (claims, "aud", client_id);
  json_object_set_int_member (claims, "iat", now);
  json_object_set_int_member (claims, "exp", now + 3600);

  /* Signed with the key the server made on its first start, and for an
   * account that exists, as the server checks. */
  return ews_test_keys_sign (server, claims);
}

JsonNode *
ews_test_api_call_full (EweTestServer *server,
                        const char    *method,
                        const char    *path,
                        const char    *token,
                        const char    *body,
                        const char    *idempotency_key,
                        guint         *status,
                        char         **text)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ewe_test_server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char    *reply_text = NULL;
  SoupMessageHeaders *headers;
  JsonNode           *node;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", authorization);
    }

  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  *status = soup_message_get_status (msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/json");

  /* The body is not NUL-terminated. */
  reply_text = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  node = json_from_string (reply_text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  if (*status >= 400)
    {
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_assert_nonnull (json_object_get_string_member (json_node_get_object (node), "error"));
    }

  if (text != NULL)
    *text = g_steal_pointer (&reply_text);

  return node;
}

/* A GET that must answer 200: its body as sent. */
char *
ews_test_api_get_text (EweTestServer *server,
                       const char    *path,
                       const char    *token)
{
  g_autoptr(JsonNode) node = NULL;
  char *text = NULL;
  guint status = 0;

  node = ews_test_api_call_full (server, "GET", path, token, NULL, NULL, &status, &text);
  g_assert_cmpuint (status, ==, 200);

  return text;
}

guint
ews_test_api_call_status (EweTestServer *server,
                          const char    *method,
                          const char    *path,
                          const char    *body)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (server, method, path, NULL, body, &status);
  return status;
}

JsonNode *
ews_test_api_call (EweTestServer *server,
                   const char    *method,
                   const char    *path,
                   const char    *token,
                   const char    *body,
                   guint         *status)
{
  return ews_test_api_call_full (server, method, path, token, body, NULL, status, NULL);
}

char *
ews_test_api_call_ok_member (EweTestServer *server,
                             const char    *method,
                             const char    *path,
                             const char    *token,
                             const char    *body,
                             const char    *member)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (server, method, path, token, body, &status);
  g_assert_cmpuint (status, ==, 200);

  return g_strdup (json_object_get_string_member (json_node_get_object (node), member));
}

char *
ews_test_api_create_list (EweTestServer *server,
                          const char    *token,
                          const char    *title)
{
  /* Its reveal date long past, so that its owner sees who gave what at
   * once, as every owner did before reveal dates: the suites using this
   * test other things. test-reveal.c tests the surprise. */
  g_autofree char *body = g_strdup_printf ("{\"title\": \"%s\", \"description\": \"A list\", "
                                           "\"eventDate\": \"2026-12-25\", \"occasion\": \"Christmas\", "
                                           "\"imageUrl\": \"/images/christmas.jpg\", \"revealDate\": \"2000-01-01\"}",
                                           title);

  return ews_test_api_call_ok_member (server, "POST", "/api/lists", token, body, "listId");
}

int
ews_test_api_run_admin (EweTestServer *server,
                        char         **out,
                        char         **err,
                        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char      *arg;
  va_list          args;

  g_ptr_array_add (argv, g_strdup (EWELISTS_SERVER_BINARY));
  g_ptr_array_add (argv, g_strdup_printf ("--data-dir=%s", server->data_dir));
  g_ptr_array_add (argv, g_strdup ("admin"));
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);

  return g_subprocess_get_exit_status (process);
}

void
ews_test_api_grant_admin (EweTestServer *server,
                          const char    *email)
{
  g_autofree char *err = NULL;

  if (ews_test_api_run_admin (server, NULL, &err, "admins", "add", email, NULL) != 0)
    g_error ("Could not make %s an admin: %s", email, err);
}

/* The "email" claim of a token these helpers minted. */
static char *
token_email (const char *token)
{
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree guchar *payload = NULL;
  g_autofree char   *base64 = NULL;
  gsize              length = 0;

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  base64 = g_strdup (parts[1]);
  g_strdelimit (base64, "-", '+');
  g_strdelimit (base64, "_", '/');
  while (strlen (base64) % 4 != 0)
    {
      char *padded = g_strconcat (base64, "=", NULL);
      g_free (base64);
      base64 = padded;
    }

  payload = g_base64_decode (base64, &length);
  json_parser_load_from_data (parser, (const char *)payload, (gssize)length, &error);
  g_assert_no_error (error);

  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "email"));
}

char *
ews_test_api_create_product (EweTestServer *server,
                             const char    *token,
                             const char    *url)
{
  g_autofree char *email = token_email (token);
  g_autofree char *body = g_strdup_printf ("{\"brand\": \"Acme\", \"details\": \"Rocket skates\", "
                                           "\"productUrl\": \"%s\", \"retailer\": \"acme.example\", "
                                           "\"imageUrl\": \"https://acme.example/skates.jpg\", "
                                           "\"price\": \"19.99\"}",
                                           url);

  ews_test_api_grant_admin (server, email);

  return ews_test_api_call_ok_member (server, "POST", "/api/products", token, body, "productId");
}

void
ews_test_api_add_gift (EweTestServer *server,
                       const char    *token,
                       const char    *list_id,
                       const char    *product_id,
                       gint64         quantity)
{
  g_autofree char *path = g_strdup_printf ("/api/lists/%s/product/%s", list_id, product_id);
  g_autofree char *body = g_strdup_printf ("{\"quantity\": %" G_GINT64_FORMAT ", \"productType\": \"products\", "
                                           "\"notes\": \"Size 4\"}",
                                           quantity);
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = ews_test_api_call (server, "POST", path, token, body, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "message"));
}

char *
ews_test_api_reserve (EweTestServer *server,
                      const char    *list_id,
                      const char    *product_id,
                      const char    *email,
                      const char    *name,
                      gint64         quantity)
{
  g_autofree char *path = g_strdup_printf ("/api/lists/%s/reserve/%s/email/%s", list_id, product_id, email);
  g_autofree char *body = g_strdup_printf ("{\"quantity\": %" G_GINT64_FORMAT ", \"name\": \"%s\", "
                                           "\"title\": \"ignored\", \"product\": {}}",
                                           quantity, name);

  return ews_test_api_call_ok_member (server, "POST", path, NULL, body, "reservation_id");
}

/* The gift as its owner sees it; the caller owns the returned object. */
JsonObject *
ews_test_api_get_gift (EweTestServer *server,
                       const char    *token,
                       const char    *list_id,
                       const char    *product_id)
{
  g_autofree char *path = g_strdup_printf ("/api/lists/%s", list_id);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *products;
  guint       status = 0;

  node = ews_test_api_call (server, "GET", path, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  products = json_object_get_object_member (json_node_get_object (node), "products");
  g_assert_true (json_object_has_member (products, product_id));

  return json_object_ref (json_object_get_object_member (products, product_id));
}
