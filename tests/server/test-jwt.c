/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "ews-jwt.h"

#define NOW 1800000000

static GBytes *
test_secret (char fill)
{
  guint8 bytes[32];

  memset (bytes, fill, sizeof bytes);
  return g_bytes_new (bytes, sizeof bytes);
}

static JsonObject *
test_claims (gint64 exp)
{
  JsonObject *claims = json_object_new ();

  json_object_set_string_member (claims, "sub", "3f1c2b9e-user");
  json_object_set_string_member (claims, "token_use", "id");
  json_object_set_string_member (claims, "name", "Zoë <b>&</b>");
  json_object_set_int_member (claims, "iat", NOW - 10);
  json_object_set_int_member (claims, "exp", exp);

  return claims;
}

static char *
encode_text (const char *text)
{
  return ews_base64url_encode ((const guint8 *)text, strlen (text));
}

static void
test_round_trip (void)
{
  g_autoptr(GBytes) secret = test_secret ('k');
  g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
  g_autoptr(JsonObject) verified = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = ews_jwt_sign (secret, claims);

  /* No padding, and only the base64url alphabet plus the two dots. */
  g_assert_null (strchr (token, '='));
  g_assert_null (strchr (token, '+'));
  g_assert_null (strchr (token, '/'));
  g_assert_true (g_str_has_prefix (token, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));

  verified = ews_jwt_verify (secret, token, NOW, &error);
  g_assert_no_error (error);
  g_assert_nonnull (verified);
  g_assert_cmpstr (json_object_get_string_member (verified, "sub"), ==, "3f1c2b9e-user");
  g_assert_cmpstr (json_object_get_string_member (verified, "name"), ==, "Zoë <b>&</b>");
  g_assert_cmpint (json_object_get_int_member (verified, "exp"), ==, NOW + 3600);
}

static void
test_wrong_secret (void)
{
  g_autoptr(GBytes) secret = test_secret ('k');
  g_autoptr(GBytes) other = test_secret ('l');
  g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
  g_autoptr(JsonObject) verified = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = ews_jwt_sign (secret, claims);

  verified = ews_jwt_verify (other, token, NOW, &error);
  g_assert_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_BAD_SIGNATURE);
  g_assert_null (verified);
}

static void
test_tampered_payload (void)
{
  g_autoptr(GBytes) secret = test_secret ('k');
  g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
  g_autoptr(JsonObject) verified = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = ews_jwt_sign (secret, claims);
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autofree char *payload = NULL;
  g_autofree char *forged = NULL;

  /* Someone else's sub with the original signature. */
  json_object_set_string_member (claims, "sub", "someone-else");
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), claims);
    g_autofree char *json = json_to_string (node, FALSE);
    payload = encode_text (json);
  }
  forged = g_strjoin (".", parts[0], payload, parts[2], NULL);

  verified = ews_jwt_verify (secret, forged, NOW, &error);
  g_assert_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_BAD_SIGNATURE);
  g_assert_null (verified);
  g_clear_error (&error);

  /* One flipped character in the signature. */
  parts[2][3] = parts[2][3] == 'A' ? 'B' : 'A';
  g_clear_pointer (&forged, g_free);
  forged = g_strjoinv (".", parts);
  verified = ews_jwt_verify (secret, forged, NOW, &error);
  g_assert_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_BAD_SIGNATURE);
  g_assert_null (verified);
}

static void
test_alg_none (void)
{
  g_autoptr(GBytes) secret = test_secret ('k');
  g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
  g_autofree char *token = ews_jwt_sign (secret, claims);
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  const char *headers[] = {
    "{\"alg\":\"none\",\"typ\":\"JWT\"}",
    "{\"alg\":\"None\"}",
    "{\"alg\":\"HS512\"}",
    "{\"alg\":\"hs256\"}",
    "{\"typ\":\"JWT\"}",
    "{\"alg\":[\"HS256\"]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autofree char *header = encode_text (headers[i]);
      g_autofree char *unsigned_token = g_strjoin (".", header, parts[1], "", NULL);
      g_autofree char *resigned = g_strjoin (".", header, parts[1], parts[2], NULL);
      g_autoptr(JsonObject) verified = NULL;
      g_autoptr(GError) error = NULL;

      verified = ews_jwt_verify (secret, unsigned_token, NOW, &error);
      g_assert_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_BAD_SIGNATURE);
      g_assert_null (verified);
      g_clear_error (&error);

      verified = ews_jwt_verify (secret, resigned, NOW, &error);
      g_assert_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_BAD_SIGNATURE);
      g_assert_null (verified);
    }
}

static void
test_expired (void)
{
  g_autoptr(GBytes) secret = test_secret ('k');
  g_autoptr(JsonObject) claims = test_claims (NOW);
  g_autoptr(JsonObject) verified = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = ews_jwt_sign (secret, claims);

  /* exp must be strictly after now. */
  verified = ews_jwt_verify (secret, token, NOW, &error);
  g_assert_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_EXPIRED);
  g_assert_null (verified);
  g_clear_error (&error);

  verified = ews_jwt_verify (secret, token, NOW - 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (verified);
  g_clear_pointer (&verified, json_object_unref);

  /* A token without exp never expires, so it is refused. */
  json_object_remove_member (claims, "exp");
  g_clear_pointer (&token, g_free);
  token = ews_jwt_sign (secret, claims);
  verified = ews_jwt_verify (secret, token, NOW, &error);
  g_assert_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED);
  g_assert_null (verified);
}

static void
test_malformed (void)
{
  g_autoptr(GBytes) secret = test_secret ('k');
  g_autoptr(JsonObject) claims = test_claims (NOW + 3600);
  g_autofree char *token = ews_jwt_sign (secret, claims);
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autofree char *padded = g_strconcat (parts[0], "=.", parts[1], ".", parts[2], NULL);
  g_autofree char *bad_char = g_strconcat (parts[0], ".", parts[1], "*.", parts[2], NULL);
  g_autofree char *four = g_strconcat (token, ".", parts[2], NULL);
  g_autofree char *not_json_header = encode_text ("not json");
  g_autofree char *not_json = g_strjoin (".", not_json_header, parts[1], parts[2], NULL);
  const char *tokens[] = {
    "",
    "abc",
    "a.b",
    "...",
    "e30.e30",
    padded,
    bad_char,
    four,
    not_json,
  };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(JsonObject) verified = NULL;
      g_autoptr(GError) error = NULL;

      verified = ews_jwt_verify (secret, tokens[i], NOW, &error);
      g_assert_error (error, EWS_JWT_ERROR, EWS_JWT_ERROR_MALFORMED);
      g_assert_null (verified);
    }
}

static void
test_secret_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("ews-jwt-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) after_bad_mode = NULL;
  g_autoptr(GBytes) short_secret = NULL;
  g_autoptr(GDir) dir = NULL;
  GStatBuf st;
  const char *name;
  guint entries = 0;

  g_assert_no_error (error);
  path = g_build_filename (data_dir, "jwt-secret", NULL);

  g_assert_true (ews_jwt_load_or_create_secret (data_dir, &first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (first), >=, 32);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  /* No temporary file is left behind. */
  dir = g_dir_open (data_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    entries++;
  g_assert_cmpuint (entries, ==, 1);

  /* Loading again (a restart) gives the same secret. */
  g_assert_true (ews_jwt_load_or_create_secret (data_dir, &second, &error));
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (first, second));

  /* A secret others can read is refused, not used. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_false (ews_jwt_load_or_create_secret (data_dir, &after_bad_mode, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_null (after_bad_mode);
  g_clear_error (&error);

  /* So is one too short to be safe. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (g_file_set_contents_full (path, "short", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_false (ews_jwt_load_or_create_secret (data_dir, &short_secret, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (data_dir), ==, 0);
}

static void
test_random_secrets_differ (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir_a = g_dir_make_tmp ("ews-jwt-XXXXXX", &error);
  g_autofree char *dir_b = g_dir_make_tmp ("ews-jwt-XXXXXX", &error);
  g_autofree char *path_a = g_build_filename (dir_a, "jwt-secret", NULL);
  g_autofree char *path_b = g_build_filename (dir_b, "jwt-secret", NULL);
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;

  g_assert_true (ews_jwt_load_or_create_secret (dir_a, &a, &error));
  g_assert_true (ews_jwt_load_or_create_secret (dir_b, &b, &error));
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (a, b));

  g_unlink (path_a);
  g_unlink (path_b);
  g_rmdir (dir_a);
  g_rmdir (dir_b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/jwt/round-trip", test_round_trip);
  g_test_add_func ("/server/jwt/wrong-secret", test_wrong_secret);
  g_test_add_func ("/server/jwt/tampered-payload", test_tampered_payload);
  g_test_add_func ("/server/jwt/alg-none", test_alg_none);
  g_test_add_func ("/server/jwt/expired", test_expired);
  g_test_add_func ("/server/jwt/malformed", test_malformed);
  g_test_add_func ("/server/jwt/secret-file", test_secret_file);
  g_test_add_func ("/server/jwt/random-secrets-differ", test_random_secrets_differ);

  return g_test_run ();
}
