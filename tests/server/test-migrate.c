/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <string.h>

#include "ewe-test-smtp.h"
#include "ews-test-api.h"
#include "ews-test-cognito.h"
#include "ews-test-postgres.h"
#include "ews-test-srp.h"

/* `admin migrate --to postgresql://…`: a SQLite server's data, made
 * through the HTTP API, answers the same from a server on PostgreSQL —
 * lists, gifts, reservations, passwords and SRP verifiers, refresh
 * tokens, tokens signed before, queued mail — and a migration that cannot finish, or would add
 * to a database in use, leaves the database as it was. */

#define OWNER_EMAIL "owner@example.org"

/* One PostgreSQL server for the whole run, a fresh database per case. */
static EwsTestPostgres *postgres;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
migrate (const char *data_dir,
         const char *uri,
         Run        *run)
{
  g_autofree char *data_dir_arg = g_strconcat ("--data-dir=", data_dir, NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              EWELISTS_SERVER_BINARY, data_dir_arg, "admin", "migrate", "--to", uri, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static char *
new_database (void)
{
  g_autoptr(GError) error = NULL;
  char *uri = ews_test_postgres_new_database (postgres, &error);

  g_assert_no_error (error);
  return uri;
}

/* The first column of the first row of @sql, on the database at @uri. */
static char *
pg_query (const char *uri,
          const char *sql)
{
  PGconn   *conn = PQconnectdb (uri);
  PGresult *result;
  char     *value;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  value = PQgetisnull (result, 0, 0) ? NULL : g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);

  return value;
}

static void
pg_exec (const char *uri,
         const char *sql)
{
  PGconn   *conn = PQconnectdb (uri);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  PQfinish (conn);
}

/* Every row of every table the server keeps, as one string, so that "left
 * unchanged" means unchanged and not merely as many rows. */
static char *
pg_everything (const char *uri)
{
  static const char * const tables[] = {
    "lists",
    "gifts",
    "reservations",
    "products",
    "notfound",
    "admins",
    "contact_messages",
    "idempotency_keys",
    "rate_buckets",
    "users",
    "auth_codes",
    "auth_sessions",
    "sign_in_failures",
    "signing_keys",
    "srp_challenges_used",
    "mail_outbox",
    "oauth2_codes",
    "oauth2_upstream",
    "oauth2_identities",
    "server_secrets",
  };
  GString *everything = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, ',' "
                                              "ORDER BY t::text)), '') FROM %s t",
                                              tables[i]);
      g_autofree char *digest = pg_query (uri, sql);

      g_string_append_printf (everything, "%s: %s\n", tables[i], digest);
    }

  return g_string_free (everything, FALSE);
}

static void
assert_no_rows (const char *uri)
{
  g_autofree char *everything = pg_everything (uri);
  g_auto(GStrv) lines = g_strsplit (everything, "\n", -1);

  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    g_assert_true (g_str_has_suffix (lines[i], ": 0 "));
}

static void
sqlite_exec (const char *data_dir,
             const char *sql)
{
  g_autofree char *path = g_build_filename (data_dir, "ewelists.sqlite", NULL);
  sqlite3         *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A small data directory in @root: a list with a gift and a reservation. */
static char *
small_data_dir (const char *root,
                const char *name)
{
  char *data_dir = g_build_filename (root, name, NULL);
  g_autoptr(EweTestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *list_id = NULL;
  g_autofree char *product_id = NULL;
  g_autofree char *reservation_id = NULL;

  g_assert_cmpint (g_mkdir (data_dir, 0700), ==, 0);
  server = ewe_test_server_start_full (data_dir, 0, NULL);
  token = ews_test_api_token (server, "sam", "sam@example.com", "Sam");
  list_id = ews_test_api_create_list (server, token, "Birthday");
  product_id = ews_test_api_create_product (server, token, "https://shop.example/kite");
  ews_test_api_add_gift (server, token, list_id, product_id, 2);
  reservation_id = ews_test_api_reserve (server, list_id, product_id, "guest@example.com", "Gus", 1);
  g_assert_nonnull (reservation_id);

  return data_dir;
}

static void
test_migrate_everything (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autoptr(EweTestSmtp) pg_sink = ewe_test_smtp_new ();
  g_autoptr(EweTestServer) original = NULL;
  g_autoptr(EweTestServer) migrated = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) signed_in_again = NULL;
  g_autoptr(JsonObject) srp_tokens = NULL;
  g_autoptr(JsonObject) refresh = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  g_autoptr(EweTestMail) queued_mail = NULL;
  g_autofree char *root = g_dir_make_tmp ("ewelists-migrate-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *uri = new_database ();
  g_autofree char *database_arg = g_strconcat ("--database=", uri, NULL);
  g_autofree char *smtp_url = ewe_test_smtp_dup_url (pg_sink);
  g_autofree char *smtp_arg = g_strconcat ("--smtp-url=", smtp_url, NULL);
  g_autofree char *id_token = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *next_list = NULL;
  g_autofree char *first_product = NULL;
  g_auto(Run) run = { 0 };
  const char *pg_args[] = { database_arg, smtp_arg, "--public-url=" EWS_TEST_COGNITO_PUBLIC_URL,
                            "--mail-from=Ewelists <no-reply@ewelists.example.org>", NULL };

  /* An account with a password, lists, gifts and reservations in every
   * state, made through the API as users make them. */
  g_assert_cmpint (g_mkdir (data_dir, 0700), ==, 0);
  original = ews_test_cognito_start_server (data_dir, 0, sink);
  g_assert_nonnull (original);
  ews_test_cognito_sign_up_and_confirm (original, sink, OWNER_EMAIL, "Olive");
  tokens = ews_test_cognito_sign_in (original, OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  id_token = g_strdup (json_object_get_string_member (tokens, "IdToken"));

  g_ptr_array_add (paths, g_strdup ("/api/lists"));
  for (guint l = 0; l < 2; l++)
    {
      g_autofree char *title = g_strdup_printf ("List %u", l);
      g_autofree char *list_id = ews_test_api_create_list (original, id_token, title);

      for (guint g = 0; g < 2; g++)
        {
          g_autofree char *url = g_strdup_printf ("https://shop.example/%u/%u", l, g);
          g_autofree char *product_id = ews_test_api_create_product (original, id_token, url);

          ews_test_api_add_gift (original, id_token, list_id, product_id, 3);
          if (first_product == NULL)
            first_product = g_strdup (product_id);
          for (guint r = 0; r < 3; r++)
            {
              g_autofree char *guest = g_strdup_printf ("guest%u%u%u@example.com", l, g, r);
              g_autofree char *reservation_id = ews_test_api_reserve (original, list_id, product_id, guest, "Guest", 1);
              g_autofree char *guest_path = g_strdup_printf ("%s/email/%s", reservation_id, guest);
              g_autofree char *purchase = g_strdup_printf ("/api/lists/purchase/%s", guest_path);
              g_autofree char *cancel = g_strdup_printf ("/api/lists/reserve/%s", guest_path);

              if (r == 1)
                g_assert_cmpuint (ews_test_api_call_status (original, "PUT", purchase, "{}"), ==, 200);
              else if (r == 2)
                g_assert_cmpuint (ews_test_api_call_status (original, "DELETE", cancel, NULL), ==, 200);
              g_ptr_array_add (paths, g_strdup_printf ("/api/lists/reservation/%s", guest_path));
            }
        }
      g_ptr_array_add (paths, g_strdup_printf ("/api/lists/%s", list_id));
      g_ptr_array_add (paths, g_strdup_printf ("/api/lists/%s/shared", list_id));

      /* A co-owner who accepted, and an invitation still waiting. */
      if (l == 0)
        {
          g_autofree char *owners = g_strdup_printf ("/api/lists/%s/coowners", list_id);
          g_autofree char *cody = ews_test_api_token (original, "cody-sub", "cody@example.com", "Cody");
          g_autofree char *invitation_id = NULL;
          g_autofree char *accept = NULL;
          g_autofree char *accept_body = NULL;
          g_autofree char *text = NULL;
          g_autofree char *key = NULL;
          g_autoptr(EweTestMail) mail = NULL;
          g_autoptr(GRegex) regex = g_regex_new ("/invitation/([0-9a-f-]+)\\?key=([A-Za-z0-9_-]+)", 0, 0, NULL);
          g_autoptr(GMatchInfo) match = NULL;
          guint first = ewe_test_smtp_get_n_messages (sink);

          invitation_id = ews_test_api_call_ok_member (original, "POST", owners, id_token,
                                                       "{\"email\": \"cody@example.com\"}", "invitationId");
          mail = ewe_test_smtp_wait_for_mail_to (sink, first, "cody@example.com", EWS_TEST_COGNITO_MAIL_TIMEOUT_MS);
          g_assert_nonnull (mail);
          text = ewe_test_mail_dup_part (mail, "text/plain");
          g_assert_true (g_regex_match (regex, text, 0, &match));
          key = g_match_info_fetch (match, 2);
          accept = g_strdup_printf ("/api/lists/invitation/%s/accept", invitation_id);
          accept_body = g_strdup_printf ("{\"key\": \"%s\"}", key);
          g_free (ews_test_api_call_ok_member (original, "POST", accept, cody, accept_body, "listId"));
          g_free (ews_test_api_call_ok_member (original, "POST", owners, id_token,
                                               "{\"email\": \"pat@example.com\"}", "invitationId"));
          g_ptr_array_add (paths, g_steal_pointer (&owners));
        }
    }

  /* A mail the SQLite server could not send: the PostgreSQL one must. */
  ewe_test_smtp_stop (sink);
  {
    g_autofree char *list_id = ews_test_api_create_list (original, id_token, "Queued");
    g_autofree char *product_id = ews_test_api_create_product (original, id_token, "https://shop.example/q");
    g_autofree char *reservation_id = NULL;

    ews_test_api_add_gift (original, id_token, list_id, product_id, 1);
    reservation_id = ews_test_api_reserve (original, list_id, product_id, "late@example.com", "Late", 1);
    g_assert_nonnull (reservation_id);
  }

  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add (answers, ews_test_api_get_text (original, g_ptr_array_index (paths, i), id_token));
  g_clear_pointer (&original, ewe_test_server_free);

  /* The owner signs in with a provider too (ews-oauth2-link.c): that link
   * is account data, and must move with the account. */
  sqlite_exec (data_dir, "INSERT INTO oauth2_identities (provider, subject, user_id, email, created_at) "
                         "SELECT 'test-oidc', 'olive-at-the-provider', user_id, email, 1700000000 FROM users "
                         "WHERE email_key = '" OWNER_EMAIL "'");

  migrate (data_dir, uri, &run);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "reservations"));
  g_assert_nonnull (strstr (run.out, "read back, equal"));
  /* The guest pages' form secret, which also seals the SRP verifiers, is
   * the database's now: forms served before stay good. */
  {
    g_autofree char *secret_path = g_build_filename (data_dir, "jwt-secret", NULL);
    g_autofree char *secret = NULL;
    g_autofree char *encoded = NULL;
    g_autofree char *stored = pg_query (uri, "SELECT secret FROM server_secrets WHERE name = 'form'");
    gsize            length = 0;

    g_assert_true (g_file_get_contents (secret_path, &secret, &length, NULL));
    encoded = g_base64_encode ((const guchar *)secret, length);
    g_assert_cmpstr (stored, ==, encoded);
  }
  {
    g_autofree char *identity = pg_query (uri, "SELECT i.provider || ' ' || i.subject || ' ' || u.email "
                                               "FROM oauth2_identities i JOIN users u USING (user_id)");

    g_assert_cmpstr (identity, ==, "test-oidc olive-at-the-provider " OWNER_EMAIL);
  }
  pending = pg_query (uri, "SELECT count(*) FROM mail_outbox WHERE state = 'pending'");
  g_assert_cmpint (g_ascii_strtoll (pending, NULL, 10), >, 0);

  migrated = ewe_test_server_start (pg_args);
  g_assert_nonnull (migrated);

  /* The same answers, to a token the SQLite server signed. */
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *answer = ews_test_api_get_text (migrated, g_ptr_array_index (paths, i), id_token);

      g_assert_cmpstr (answer, ==, g_ptr_array_index (answers, i));
    }

  /* SRP first, before a password sign-in could make a verifier anew: the
   * one copied, sealed with the form secret, opens on PostgreSQL. */
  srp_tokens = ews_test_srp_sign_in (migrated, OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  g_assert_nonnull (json_object_get_string_member (srp_tokens, "IdToken"));

  /* The same password, and the refresh token from before. */
  signed_in_again = ews_test_cognito_sign_in (migrated, OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  g_assert_nonnull (json_object_get_string_member (signed_in_again, "IdToken"));
  refresh = ews_test_cognito_initiate_auth_body ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
                                                 json_object_get_string_member (tokens, "RefreshToken"), NULL);
  refreshed = ews_test_cognito_call_ok (migrated, "InitiateAuth", refresh);
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (refreshed, "AuthenticationResult"),
                                                   "IdToken"));

  /* New rows get new ids, after the copied ones. */
  next_list = ews_test_api_create_list (migrated, id_token, "After the move");
  g_assert_nonnull (next_list);
  ews_test_api_add_gift (migrated, id_token, next_list, first_product, 1);

  queued_mail = ewe_test_smtp_wait_for_mail_to (pg_sink, 0, "late@example.com", 2 * EWS_TEST_COGNITO_MAIL_TIMEOUT_MS);
  g_assert_nonnull (queued_mail);

  g_clear_pointer (&migrated, ewe_test_server_free);
  ewe_test_remove_tree (root);
}

static void
test_non_empty_target_refused (void)
{
  g_autofree char *root = g_dir_make_tmp ("ewelists-migrate-XXXXXX", NULL);
  g_autofree char *first = small_data_dir (root, "first");
  g_autofree char *second = small_data_dir (root, "second");
  g_autofree char *uri = new_database ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) migrated = { 0 };
  g_auto(Run) refused = { 0 };

  migrate (first, uri, &migrated);
  g_assert_cmpint (migrated.status, ==, 0);
  before = pg_everything (uri);

  migrate (second, uri, &refused);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "already holds data"));
  after = pg_everything (uri);
  g_assert_cmpstr (before, ==, after);

  ewe_test_remove_tree (root);
}

static void
test_failure_mid_copy_leaves_target_empty (void)
{
  g_autofree char *root = g_dir_make_tmp ("ewelists-migrate-XXXXXX", NULL);
  g_autofree char *data_dir = small_data_dir (root, "data");
  g_autofree char *uri = new_database ();
  g_auto(Run) run = { 0 };

  /* A reservation of a gift that is not there: SQLite, without its foreign
   * key checks, takes it; PostgreSQL refuses it, after the lists and gifts
   * before it were copied. */
  sqlite_exec (data_dir, "UPDATE reservations SET gift_id = 999999");

  migrate (data_dir, uri, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "reservations"));

  /* The schema is there (the servers' migrations made it), but not a row. */
  assert_no_rows (uri);

  ewe_test_remove_tree (root);
}

/* What PostgreSQL stores differs from what was sent (a trigger here; a
 * conversion gone wrong in life): the read-back sees it, and nothing is
 * committed. */
static void
test_read_back_difference_rolls_back (void)
{
  g_autofree char *root = g_dir_make_tmp ("ewelists-migrate-XXXXXX", NULL);
  g_autofree char *data_dir = small_data_dir (root, "data");
  g_autofree char *broken_dir = small_data_dir (root, "broken");
  g_autofree char *uri = new_database ();
  g_auto(Run) schema_only = { 0 };
  g_auto(Run) run = { 0 };

  /* A failed migration leaves the schema, for the trigger to go on. */
  sqlite_exec (broken_dir, "UPDATE reservations SET gift_id = 999999");
  migrate (broken_dir, uri, &schema_only);
  g_assert_cmpint (schema_only.status, ==, 1);
  pg_exec (uri, "CREATE FUNCTION tamper () RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN NEW.title := NEW.title || ' (changed)'; RETURN NEW; END $$");
  pg_exec (uri, "CREATE TRIGGER tamper BEFORE INSERT ON lists FOR EACH ROW EXECUTE FUNCTION tamper ()");

  migrate (data_dir, uri, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "A row of “lists” read back from PostgreSQL differs from SQLite's"));
  assert_no_rows (uri);

  ewe_test_remove_tree (root);
}

static void
test_postgres_missing (void)
{
  g_test_skip ("PostgreSQL 15 is not installed: migrating into it is not tested.");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  postgres = ews_test_postgres_start (&error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_test_message ("%s", error->message);
      g_test_add_func ("/migrate/postgresql-missing", test_postgres_missing);
      return g_test_run ();
    }
  g_assert_no_error (error);

  g_test_add_func ("/migrate/everything", test_migrate_everything);
  g_test_add_func ("/migrate/non-empty-target-refused", test_non_empty_target_refused);
  g_test_add_func ("/migrate/failure-mid-copy-leaves-target-empty", test_failure_mid_copy_leaves_target_empty);
  g_test_add_func ("/migrate/read-back-difference-rolls-back", test_read_back_difference_rolls_back);

  status = g_test_run ();
  ews_test_postgres_stop (postgres);
  return status;
}
