/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ewe-auth.h"
#include "ewe-tokens.h"

/* Builds an unsigned JWT with @payload (the client never checks signatures:
 * that is the server's job). */
static char *
make_jwt (const char *payload)
{
  g_autofree char *header = g_base64_encode ((const guchar *)"{\"alg\":\"HS256\",\"typ\":\"JWT\"}", 27);
  g_autofree char *body = g_base64_encode ((const guchar *)payload, strlen (payload));
  GString         *jwt = g_string_new (NULL);

  g_string_append_printf (jwt, "%s.%s.c2lnbmF0dXJl", header, body);

  /* base64 → base64url without padding */
  for (gsize i = 0; i < jwt->len; i++)
    {
      if (jwt->str[i] == '+')
        jwt->str[i] = '-';
      else if (jwt->str[i] == '/')
        jwt->str[i] = '_';
    }
  while (strchr (jwt->str, '=') != NULL)
    g_string_erase (jwt, strchr (jwt->str, '=') - jwt->str, 1);

  return g_string_free (jwt, FALSE);
}

static void
test_claims_are_decoded (void)
{
  g_autofree char *payload = g_strdup_printf ("{\"sub\":\"5d3e-ü\",\"email\":\"ann@example.com\","
                                              "\"name\":\"Ann Ö\",\"token_use\":\"id\",\"exp\":%" G_GINT64_FORMAT "}",
                                              g_get_real_time () / G_USEC_PER_SEC + 3600);
  g_autofree char *id_token = make_jwt (payload);
  g_autoptr(EweTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = ewe_tokens_new (id_token, "access", "refresh", &error);
  g_assert_no_error (error);

  g_assert_cmpstr (ewe_tokens_get_sub (tokens), ==, "5d3e-ü");
  g_assert_cmpstr (ewe_tokens_get_email (tokens), ==, "ann@example.com");
  g_assert_cmpstr (ewe_tokens_get_name (tokens), ==, "Ann Ö");
  g_assert_false (ewe_tokens_expires_within (tokens, G_TIME_SPAN_MINUTE));
  g_assert_true (ewe_tokens_expires_within (tokens, 2 * G_TIME_SPAN_HOUR));
}

static void
test_serialize_round_trip (void)
{
  g_autofree char *id_token = make_jwt ("{\"sub\":\"u1\",\"exp\":1}");
  g_autoptr(EweTokens) tokens = NULL;
  g_autoptr(EweTokens) back = NULL;
  g_autoptr(EweTokens) renewed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  tokens = ewe_tokens_new (id_token, "access-1", "refresh-1", &error);
  g_assert_no_error (error);
  g_assert_true (ewe_tokens_expires_within (tokens, 0));

  data = ewe_tokens_serialize (tokens);
  back = ewe_tokens_deserialize (data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_tokens_get_id_token (back), ==, id_token);
  g_assert_cmpstr (ewe_tokens_get_access_token (back), ==, "access-1");
  g_assert_cmpstr (ewe_tokens_get_refresh_token (back), ==, "refresh-1");
  g_assert_cmpstr (ewe_tokens_get_sub (back), ==, "u1");

  /* A refresh keeps the refresh token. */
  renewed = ewe_tokens_renewed (back, id_token, "access-2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_tokens_get_access_token (renewed), ==, "access-2");
  g_assert_cmpstr (ewe_tokens_get_refresh_token (renewed), ==, "refresh-1");
}

static void
test_malformed_tokens_are_errors (void)
{
  const char *payloads[] = {
    "not json",
    "[1,2,3]",
    "{\"exp\":1}",                      /* no sub */
    "{\"sub\":\"u\"}",                  /* no exp */
    "{\"sub\":42,\"exp\":1}",           /* sub not a string */
    "{\"sub\":\"u\",\"exp\":\"soon\"}", /* exp not a number */
    "",
  };
  const char *raw[] = { "", "a.b", "a.b.c.d", "a.!!!.c", "..", "a..c" };

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autofree char *jwt = make_jwt (payloads[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(EweTokens) tokens = ewe_tokens_new (jwt, "a", "r", &error);

      g_assert_null (tokens);
      g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_SERVER);
    }

  for (guint i = 0; i < G_N_ELEMENTS (raw); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EweTokens) tokens = ewe_tokens_new (raw[i], "a", "r", &error);

      g_assert_null (tokens);
      g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_SERVER);
    }
}

static void
test_corrupt_saved_tokens_ask_to_sign_in (void)
{
  const char *saved[] = { "", "{", "[]", "{\"IdToken\":1}", "{\"IdToken\":\"x\"}" };

  for (guint i = 0; i < G_N_ELEMENTS (saved); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EweTokens) tokens = ewe_tokens_deserialize (saved[i], &error);

      g_assert_null (tokens);
      g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED);
    }
}

/* The browser's sign-in takes an ID token only if it was issued by the
 * server it asked, for this app, in answer to this sign-in. */
static void
test_id_token_checked_for_this_sign_in (void)
{
  const struct
  {
    const char *payload;
    gboolean    good;
  } cases[] = {
    { "{\"sub\":\"u\",\"exp\":1,\"iss\":\"https://id.example\",\"aud\":\"app\",\"nonce\":\"n1\"}", TRUE },
    { "{\"sub\":\"u\",\"exp\":1,\"iss\":\"https://id.example\",\"aud\":[\"x\",\"app\"],\"nonce\":\"n1\"}", TRUE },
    { "{\"sub\":\"u\",\"exp\":1,\"iss\":\"https://evil.example\",\"aud\":\"app\",\"nonce\":\"n1\"}", FALSE },
    { "{\"sub\":\"u\",\"exp\":1,\"iss\":\"https://id.example\",\"aud\":\"other\",\"nonce\":\"n1\"}", FALSE },
    { "{\"sub\":\"u\",\"exp\":1,\"iss\":\"https://id.example\",\"aud\":[\"other\"],\"nonce\":\"n1\"}", FALSE },
    { "{\"sub\":\"u\",\"exp\":1,\"iss\":\"https://id.example\",\"aud\":\"app\",\"nonce\":\"n2\"}", FALSE },
    { "{\"sub\":\"u\",\"exp\":1,\"iss\":\"https://id.example\",\"aud\":\"app\"}", FALSE },
    { "{\"sub\":\"u\",\"exp\":1,\"aud\":\"app\",\"nonce\":\"n1\"}", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id_token = make_jwt (cases[i].payload);
      g_autoptr(GError) error = NULL;
      gboolean ok = ewe_tokens_check_id_token (id_token, "https://id.example", "app", "n1", &error);

      g_test_message ("%s", cases[i].payload);
      g_assert_cmpint (ok, ==, cases[i].good);
      if (cases[i].good)
        g_assert_no_error (error);
      else
        g_assert_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/tokens/claims-are-decoded", test_claims_are_decoded);
  g_test_add_func ("/core/tokens/serialize-round-trip", test_serialize_round_trip);
  g_test_add_func ("/core/tokens/malformed-tokens-are-errors", test_malformed_tokens_are_errors);
  g_test_add_func ("/core/tokens/corrupt-saved-tokens-ask-to-sign-in", test_corrupt_saved_tokens_ask_to_sign_in);

  g_test_add_func ("/core/tokens/id-token-checked-for-this-sign-in", test_id_token_checked_for_this_sign_in);

  return g_test_run ();
}
