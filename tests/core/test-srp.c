/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>

#include "ewe-srp.h"

/* The SRP arithmetic the app and the server share (src/common/ewe-srp.c),
 * checked against values nobody here computed: RFC 5054's Appendix B test
 * vectors for the generic steps (its 1024-bit group and SHA-1), and, for
 * what is Cognito's own (the 3072-bit group, SHA-256, the signed encoding,
 * HKDF "Caldera Derived Key", the claim signature and the timestamp), the
 * values amazon-cognito-identity-js computes, recorded in
 * srp/cognito-fixture.json by srp/cognito-fixture.cjs. */

#define RFC_SALT "BEB25379D1A8581EB5A727673A2441EE"
#define RFC_K "7556AA045AEF2CDD07ABAF0F665C3E818913186F"
#define RFC_X "94B7555AABE9127CC58CCF4993DB6CF84D16C124"
#define RFC_V                                                \
  "7E273DE8696FFC4F4E337D05B4B375BEB0DDE1569E8FA00A9886D812" \
  "9BADA1F1822223CA1A605B530E379BA4729FDC59F105B4787E5186F5" \
  "C671085A1447B52A48CF1970B4FB6F8400BBF4CEBFBB168152E08AB5" \
  "EA53D15C1AFF87B2B9DA6E04E058AD51CC72BFC9033B564E26480D78" \
  "E955A5E29E7AB245DB2BE315E2099AFB"
#define RFC_A_SECRET "60975527035CF2AD1989806F0407210BC81EDC04E2762A56AFD529DDDA2D4393"
#define RFC_B_SECRET "E487CB59D31AC550471E81F00F6928E01DDA08E974A004F49E61F5D105284D20"
#define RFC_A                                                \
  "61D5E490F6F1B79547B0704C436F523DD0E560F0C64115BB72557EC4" \
  "4352E8903211C04692272D8B2D1A5358A2CF1B6E0BFCF99F921530EC" \
  "8E39356179EAE45E42BA92AEACED825171E1E8B9AF6D9C03E1327F44" \
  "BE087EF06530E69F66615261EEF54073CA11CF5858F0EDFDFE15EFEA" \
  "B349EF5D76988A3672FAC47B0769447B"
#define RFC_B                                                \
  "BD0C61512C692C0CB6D041FA01BB152D4916A1E77AF46AE105393011" \
  "BAF38964DC46A0670DD125B95A981652236F99D9B681CBF87837EC99" \
  "6C6DA04453728610D0C6DDB58B318885D7D82C7F8DEB75CE7BD4FBAA" \
  "37089E6F9C6059F388838E7A00030B331EB76840910440B1B27AAEAE" \
  "EB4012B7D7665238A8E3FB004B117B58"
#define RFC_U "CE38B9593487DA98554ED47D70A7AE5F462EF019"
#define RFC_S                                                \
  "B0DC82BABCF30674AE450C0287745E7990A3381F63B387AAF271A10D" \
  "233861E359B48220F7C4693C9AE12B0A6F67809F0876E2D013800D6C" \
  "41BB59B6D5979B5C00A172B4A2A5903A0BDCAF8A709585EB2AFAFA8F" \
  "3499B200210DCC1F10EB33943CD67FC88A2F39A4BE5BEC4EC0A3212D" \
  "C346D7E474B29EDE8A469FFECA686E5A"

static void
assert_hex_equal (const char *computed,
                  const char *expected)
{
  g_autofree char *lower = g_ascii_strdown (expected, -1);

  g_assert_nonnull (computed);
  g_assert_cmpstr (computed, ==, lower);
}

static void
test_rfc5054_vectors (void)
{
  const EweSrpGroup group = EWE_SRP_GROUP_RFC5054_1024;
  g_autoptr(GError) error = NULL;
  g_autofree char *k = ewe_srp_multiplier (group);
  g_autofree char *x = ewe_srp_private_key (group, RFC_SALT, "alice", "password123", &error);
  g_autofree char *v = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *u = NULL;
  g_autofree char *client_s = NULL;
  g_autofree char *server_s = NULL;

  g_assert_no_error (error);
  assert_hex_equal (k, RFC_K);
  assert_hex_equal (x, RFC_X);

  v = ewe_srp_verifier (group, x, &error);
  g_assert_no_error (error);
  assert_hex_equal (v, RFC_V);

  a = ewe_srp_client_public (group, RFC_A_SECRET, &error);
  g_assert_no_error (error);
  assert_hex_equal (a, RFC_A);

  b = ewe_srp_server_public (group, RFC_B_SECRET, v, &error);
  g_assert_no_error (error);
  assert_hex_equal (b, RFC_B);

  u = ewe_srp_scrambler (group, a, b, &error);
  g_assert_no_error (error);
  assert_hex_equal (u, RFC_U);

  client_s = ewe_srp_client_premaster (group, RFC_A_SECRET, a, b, x, &error);
  g_assert_no_error (error);
  assert_hex_equal (client_s, RFC_S);

  server_s = ewe_srp_server_premaster (group, RFC_B_SECRET, a, b, v, &error);
  g_assert_no_error (error);
  assert_hex_equal (server_s, RFC_S);
}

static JsonObject *
load_fixture (void)
{
  g_autofree char *path = g_build_filename (EWE_TEST_CORE_SRCDIR, "srp", "cognito-fixture.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

#define MEMBER(name) json_object_get_string_member (fixture, name)

static void
test_cognito_fixture (void)
{
  const EweSrpGroup group = EWE_SRP_GROUP_COGNITO;
  g_autoptr(JsonObject) fixture = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pool_name = ewe_srp_pool_name (MEMBER ("pool_id"));
  g_autofree char *identity = g_strconcat (pool_name, MEMBER ("user_id"), NULL);
  g_autofree char *k = ewe_srp_multiplier (group);
  g_autofree char *x = NULL;
  g_autofree char *v = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *u = NULL;
  g_autofree char *client_s = NULL;
  g_autofree char *server_s = NULL;
  g_autofree char *key_hex = NULL;
  g_autofree char *signature = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) block = NULL;
  g_autofree guint8 *block_data = NULL;
  gsize              block_length = 0;

  g_assert_cmpstr (pool_name, ==, "ewelists");
  assert_hex_equal (k, MEMBER ("k"));

  x = ewe_srp_private_key (group, MEMBER ("salt"), identity, MEMBER ("password"), &error);
  g_assert_no_error (error);
  assert_hex_equal (x, MEMBER ("x"));

  v = ewe_srp_verifier (group, x, &error);
  g_assert_no_error (error);
  assert_hex_equal (v, MEMBER ("v"));

  a = ewe_srp_client_public (group, MEMBER ("a"), &error);
  g_assert_no_error (error);
  assert_hex_equal (a, MEMBER ("A"));

  b = ewe_srp_server_public (group, MEMBER ("b"), v, &error);
  g_assert_no_error (error);
  assert_hex_equal (b, MEMBER ("B"));

  u = ewe_srp_scrambler (group, a, b, &error);
  g_assert_no_error (error);
  assert_hex_equal (u, MEMBER ("u"));

  client_s = ewe_srp_client_premaster (group, MEMBER ("a"), a, b, x, &error);
  g_assert_no_error (error);
  server_s = ewe_srp_server_premaster (group, MEMBER ("b"), a, b, v, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (client_s, ==, server_s);

  key = ewe_srp_cognito_key (client_s, u, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (key), ==, 16);
  {
    GString      *hex = g_string_new (NULL);
    const guint8 *data = g_bytes_get_data (key, NULL);

    for (gsize i = 0; i < g_bytes_get_size (key); i++)
      g_string_append_printf (hex, "%02x", data[i]);
    key_hex = g_string_free (hex, FALSE);
  }
  g_assert_cmpstr (key_hex, ==, MEMBER ("key"));

  block_data = g_base64_decode (MEMBER ("secret_block"), &block_length);
  block = g_bytes_new (block_data, block_length);
  signature = ewe_srp_cognito_signature (key, pool_name, MEMBER ("user_id"), block, MEMBER ("timestamp"));
  g_assert_cmpstr (signature, ==, MEMBER ("signature"));
}

static void
test_cognito_timestamp (void)
{
  g_autoptr(GDateTime) sunday = g_date_time_new_utc (2026, 12, 6, 4, 5, 9);
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("+01:00");
  /* 00:30 on the 1st in Paris is still the last day of the month in UTC. */
  g_autoptr(GDateTime) local = g_date_time_new (paris, 2027, 1, 1, 0, 30, 0);
  g_autoptr(GDateTime) monday = g_date_time_new_utc (2026, 12, 7, 14, 30, 1);
  g_autofree char *a = ewe_srp_cognito_timestamp (sunday);
  g_autofree char *b = ewe_srp_cognito_timestamp (local);
  g_autofree char *c = ewe_srp_cognito_timestamp (monday);

  g_assert_cmpstr (a, ==, "Sun Dec 6 04:05:09 UTC 2026");
  g_assert_cmpstr (b, ==, "Thu Dec 31 23:30:00 UTC 2026");
  g_assert_cmpstr (c, ==, "Mon Dec 7 14:30:01 UTC 2026");
}

/* A peer that sends B ≡ 0 (mod N) would make S zero whatever the password:
 * SRP's one classic forgery. And what is not a number is refused. */
static void
test_forbidden_values (void)
{
  const EweSrpGroup group = EWE_SRP_GROUP_RFC5054_1024;
  g_autoptr(GError) error = NULL;
  g_autofree char *s = NULL;
  g_autofree char *x = NULL;
  const char      *prime =
    "EEAF0AB9ADB38DD69C33F80AFA8FC5E86072618775FF3C0B9EA2314C"
    "9C256576D674DF7496EA81D3383B4813D692C6E0E0D5D8E250B98BE4"
    "8E495C1D6089DAD15DC7D7B46154D6B6CE8EF4AD69B15D4982559B29"
    "7BCF1885C529F566660E57EC68EDBC3C05726CC02FD4CBF4976EAA9A"
    "FD5138FE8376435B9FC61D2FC0EB06E3";

  s = ewe_srp_client_premaster (group, RFC_A_SECRET, RFC_A, prime, RFC_X, &error);
  g_assert_error (error, EWE_SRP_ERROR, EWE_SRP_ERROR_INVALID);
  g_assert_null (s);
  g_clear_error (&error);

  s = ewe_srp_server_premaster (group, RFC_B_SECRET, "0", RFC_B, RFC_V, &error);
  g_assert_error (error, EWE_SRP_ERROR, EWE_SRP_ERROR_INVALID);
  g_assert_null (s);
  g_clear_error (&error);

  x = ewe_srp_private_key (group, "not hex", "alice", "password123", &error);
  g_assert_error (error, EWE_SRP_ERROR, EWE_SRP_ERROR_INVALID);
  g_assert_null (x);
}

static void
test_new_secrets_differ (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = ewe_srp_new_secret (&error);
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  second = ewe_srp_new_secret (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, !=, second);
  /* 1024 bits, give or take the leading zero nibbles. */
  g_assert_cmpuint (strlen (first), >, 240);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/common/srp/rfc5054-vectors", test_rfc5054_vectors);
  g_test_add_func ("/common/srp/cognito-fixture", test_cognito_fixture);
  g_test_add_func ("/common/srp/cognito-timestamp", test_cognito_timestamp);
  g_test_add_func ("/common/srp/forbidden-values", test_forbidden_values);
  g_test_add_func ("/common/srp/new-secrets-differ", test_new_secrets_differ);

  return g_test_run ();
}
