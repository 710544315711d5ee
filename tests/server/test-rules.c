/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>

#include "ewe-rule-cases.h"
#include "ewe-test-server.h"
#include "ews-test-api.h"
#include "ews-test-cognito.h"

/* The rules the app and the server share (tests/common/ewe-rule-cases.h),
 * each case sent to the server's own route: the verdict must be the
 * table's, as it is for the app's store and forms. */

typedef struct
{
  EweTestServer *server;
  char          *alice;
  char          *list_id;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  /* Every case is a request from one address: no limit may get in the way. */
  const char *args[] = { "--rate-sign-up=0", "--rate-account-mails=0", "--rate-guest=0",
                         "--rate-guest-mails=0", "--rate-contact=0", NULL };

  fixture->server = ewe_test_server_start (args);
  fixture->alice = ews_test_api_token (fixture->server, "alice-sub", "alice@example.com", "Alice");
  fixture->list_id = ews_test_api_create_list (fixture->server, fixture->alice, "Rules");
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_pointer (&fixture->list_id, g_free);
  g_clear_pointer (&fixture->alice, g_free);
  g_clear_pointer (&fixture->server, ewe_test_server_free);
}

static guint
post (Fixture    *fixture,
      const char *path,
      const char *token,
      JsonNode   *body,
      char      **product_id)
{
  g_autofree char *text = json_to_string (body, FALSE);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = ews_test_api_call (fixture->server, "POST", path, token, text, &status);
  if (product_id != NULL && status == 200)
    *product_id = g_strdup (json_object_get_string_member (json_node_get_object (reply), "productId"));

  return status;
}

static void
set_optional (JsonObject *object,
              const char *member,
              const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

/* SignUp takes a password by Cognito's policy, as the app's form checks. */
static void
test_passwords (Fixture      *fixture,
                gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (ewe_rule_password_cases); i++)
    {
      const EweRulePasswordCase *c = &ewe_rule_password_cases[i];
      g_autofree char           *email = g_strdup_printf ("rules-%u@example.org", i);
      g_autoptr(JsonObject) body = ews_test_cognito_sign_up_body (email, c->password, "Rules");
      g_autoptr(JsonObject) reply = NULL;
      guint status = 0;

      reply = ews_test_cognito_call (fixture->server, "SignUp", body, &status);
      g_test_message ("password “%s”: %u %s", c->password, status,
                      json_object_get_string_member_with_default (reply, "__type", ""));
      g_assert_cmpuint (status == 200, ==, c->accepted);
      if (!c->accepted)
        g_assert_true (g_str_has_suffix (json_object_get_string_member (reply, "__type"), "Exception"));
    }
}

/* A gift's quantity, on adding it and on changing it. */
static void
test_quantities (Fixture      *fixture,
                 gconstpointer data)
{
  g_autofree char *product_id = ews_test_api_create_product (fixture->server, fixture->alice,
                                                             "https://shop.example/pram");
  g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, product_id);

  for (guint i = 0; i < G_N_ELEMENTS (ewe_rule_quantity_cases); i++)
    {
      const EweRuleQuantityCase *c = &ewe_rule_quantity_cases[i];
      g_autofree char           *body = g_strdup_printf ("{\"quantity\": %" G_GINT64_FORMAT ", \"productType\": \"products\"}",
                                                         c->quantity);
      g_autoptr(JsonNode) reply = NULL;
      guint status = 0;

      g_test_message ("quantity %" G_GINT64_FORMAT, c->quantity);
      reply = ews_test_api_call (fixture->server, "POST", gift_path, fixture->alice, body, &status);
      g_assert_cmpuint (status == 200, ==, c->accepted);
      if (status == 200)
        {
          g_clear_pointer (&reply, json_node_unref);
          reply = ews_test_api_call (fixture->server, "PUT", gift_path, fixture->alice, body, &status);
          g_assert_cmpuint (status, ==, 200);
          g_clear_pointer (&reply, json_node_unref);
          reply = ews_test_api_call (fixture->server, "DELETE", gift_path, fixture->alice, NULL, &status);
          g_assert_cmpuint (status, ==, 200);
        }
    }

  /* Changing to a quantity out of range is refused the same way. */
  ews_test_api_add_gift (fixture->server, fixture->alice, fixture->list_id, product_id, 1);
  for (guint i = 0; i < G_N_ELEMENTS (ewe_rule_quantity_cases); i++)
    {
      const EweRuleQuantityCase *c = &ewe_rule_quantity_cases[i];
      g_autofree char           *body = g_strdup_printf ("{\"quantity\": %" G_GINT64_FORMAT ", \"productType\": \"products\"}",
                                                         c->quantity);
      g_autoptr(JsonNode) reply = NULL;
      guint status = 0;

      reply = ews_test_api_call (fixture->server, "PUT", gift_path, fixture->alice, body, &status);
      g_assert_cmpuint (status == 200, ==, c->accepted);
    }
}

/* A gift typed in by hand: POST /notfound takes it with a name alone. */
static void
test_typed_in_gifts (Fixture      *fixture,
                     gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (ewe_rule_gift_cases); i++)
    {
      const EweRuleGiftCase *c = &ewe_rule_gift_cases[i];
      g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonObject) object = json_object_new ();
      g_autofree char *product_id = NULL;
      guint            status;

      set_optional (object, "details", c->name);
      set_optional (object, "brand", c->brand);
      set_optional (object, "url", c->product_url);
      set_optional (object, "imageUrl", c->image_url);
      json_node_set_object (body, object);

      status = post (fixture, "/api/notfound", fixture->alice, body, &product_id);
      g_test_message ("gift “%s” <%s>: %u", c->name, c->product_url, status);
      g_assert_cmpuint (status == 200, ==, c->accepted);
      if (status != 200)
        {
          g_assert_cmpuint (status, ==, 400);
          continue;
        }

      /* It can be a gift on the list, and its page shows it. */
      {
        g_autofree char *gift_path = g_strdup_printf ("/api/lists/%s/product/%s", fixture->list_id, product_id);
        g_autofree char *product_path = g_strdup_printf ("/api/notfound/%s", product_id);
        g_autoptr(JsonNode) reply = NULL;
        JsonObject *product;

        reply = ews_test_api_call (fixture->server, "POST", gift_path, fixture->alice,
                                   "{\"quantity\": 1, \"productType\": \"notfound\"}", &status);
        g_assert_cmpuint (status, ==, 200);
        g_clear_pointer (&reply, json_node_unref);
        reply = ews_test_api_call (fixture->server, "GET", product_path, NULL, NULL, &status);
        g_assert_cmpuint (status, ==, 200);
        product = json_node_get_object (reply);
        g_assert_cmpstr (json_object_get_string_member (product, "details"), ==, c->name);
        g_assert_cmpstr (json_object_get_string_member (product, "brand"), ==, c->brand ? c->brand : "");
        g_assert_cmpstr (json_object_get_string_member (product, "productUrl"), ==,
                         c->product_url ? c->product_url : "");
      }
    }
}

/* A guest's address, on reserving from the JSON API. */
static void
test_emails (Fixture      *fixture,
             gconstpointer data)
{
  g_autofree char *product_id = ews_test_api_create_product (fixture->server, fixture->alice,
                                                             "https://shop.example/cot");

  ews_test_api_add_gift (fixture->server, fixture->alice, fixture->list_id, product_id, 100);

  for (guint i = 0; i < G_N_ELEMENTS (ewe_rule_email_cases); i++)
    {
      const EweRuleEmailCase *c = &ewe_rule_email_cases[i];
      g_autofree char        *escaped = g_uri_escape_string (c->address, NULL, FALSE);
      g_autofree char        *path = g_strdup_printf ("/api/lists/%s/reserve/%s/email/%s", fixture->list_id,
                                                      product_id, escaped);
      g_autoptr(JsonNode) reply = NULL;
      guint status = 0;

      reply = ews_test_api_call (fixture->server, "POST", path, NULL,
                                 "{\"quantity\": 1, \"name\": \"Guest\"}", &status);
      g_test_message ("address “%s”: %u", c->address, status);
      g_assert_cmpuint (status == 200, ==, c->accepted);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/rules/passwords", Fixture, NULL, fixture_set_up, test_passwords, fixture_tear_down);
  g_test_add ("/server/rules/quantities", Fixture, NULL, fixture_set_up, test_quantities, fixture_tear_down);
  g_test_add ("/server/rules/typed-in-gifts", Fixture, NULL, fixture_set_up, test_typed_in_gifts,
              fixture_tear_down);
  g_test_add ("/server/rules/emails", Fixture, NULL, fixture_set_up, test_emails, fixture_tear_down);

  return g_test_run ();
}
