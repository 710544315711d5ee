/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <string.h>

#include "ewe-test-smtp.h"
#include "ews-test-api.h"
#include "ews-test-cognito.h"
#include "ews-test-postgres.h"

/* `admin backup` and `admin restore` on PostgreSQL (pg_dump and
 * pg_restore): a database filled through the HTTP API, backed up while its
 * server runs and restored into a fresh database, answers every list, gift
 * and reservation the same from a server on the copy. */

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

/* `ewelists-server --database=URI admin COMMAND BACKUP-DIR`, with PATH set
 * to @path unless it is NULL. */
static void
run_admin (const char *uri,
           const char *command,
           const char *backup_dir,
           const char *path,
           Run        *run)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *database_arg = g_strconcat ("--database=", uri, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (path != NULL)
    g_subprocess_launcher_setenv (launcher, "PATH", path, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, EWELISTS_SERVER_BINARY, database_arg, "admin", command,
                                         backup_dir, NULL);
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

/* The first column of the first row of @sql on @uri (NULL for none):
 * @sql may change rows too, with RETURNING. */
static char *
pg_text (const char *uri,
         const char *sql)
{
  PGconn   *conn = PQconnectdb (uri);
  PGresult *result;
  char     *value;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  value = PQntuples (result) == 0 || PQgetisnull (result, 0, 0) ? NULL : g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);

  return value;
}

/* Whose identity at a sign-in provider is whose (ews-oauth2-link.c). */
#define IDENTITIES_SQL                                                        \
  "SELECT string_agg(i.provider || ' ' || i.subject || ' ' || u.email, ',') " \
  "FROM oauth2_identities i JOIN users u USING (user_id)"

static EweTestServer *
start_server (const char  *uri,
              EweTestSmtp *sink)
{
  g_autofree char *database_arg = g_strconcat ("--database=", uri, NULL);
  g_autofree char *smtp_url = sink != NULL ? ewe_test_smtp_dup_url (sink) : NULL;
  g_autofree char *smtp_arg = smtp_url != NULL ? g_strconcat ("--smtp-url=", smtp_url, NULL) : NULL;
  const char      *args[] = { database_arg, "--public-url=" EWS_TEST_COGNITO_PUBLIC_URL,
                              "--mail-from=Ewelists <no-reply@ewelists.example.org>", "--admin-email=" OWNER_EMAIL,
                              smtp_arg, NULL };
  EweTestServer   *server = ewe_test_server_start (args);

  g_assert_nonnull (server);
  return server;
}

/* Lists with gifts reserved, bought and cancelled; the paths that show
 * them all go into @paths. Returns the owner's ID token. */
static char *
fill (EweTestServer *server,
      EweTestSmtp   *sink,
      GPtrArray     *paths)
{
  g_autoptr(JsonObject) tokens = NULL;
  char *id_token;

  ews_test_cognito_sign_up_and_confirm (server, sink, OWNER_EMAIL, "Olive");
  tokens = ews_test_cognito_sign_in (server, OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  id_token = g_strdup (json_object_get_string_member (tokens, "IdToken"));

  g_ptr_array_add (paths, g_strdup ("/api/lists"));
  for (guint l = 0; l < 2; l++)
    {
      g_autofree char *title = g_strdup_printf ("List %u", l);
      g_autofree char *list_id = ews_test_api_create_list (server, id_token, title);

      for (guint g = 0; g < 2; g++)
        {
          g_autofree char *body = g_strdup_printf ("{\"brand\": \"Acme\", \"details\": \"Kite %u\", "
                                                   "\"productUrl\": \"https://shop.example/%u/%u\"}",
                                                   g, l, g);
          g_autofree char *product_id = ews_test_api_call_ok_member (server, "POST", "/api/products", id_token, body, "productId");

          ews_test_api_add_gift (server, id_token, list_id, product_id, 3);
          for (guint r = 0; r < 3; r++)
            {
              g_autofree char *guest = g_strdup_printf ("guest%u%u%u@example.com", l, g, r);
              g_autofree char *reservation_id = ews_test_api_reserve (server, list_id, product_id, guest, "Guest", 1);
              g_autofree char *guest_path = g_strdup_printf ("%s/email/%s", reservation_id, guest);
              g_autofree char *purchase = g_strdup_printf ("/api/lists/purchase/%s", guest_path);
              g_autofree char *cancel = g_strdup_printf ("/api/lists/reserve/%s", guest_path);

              if (r == 1)
                g_assert_cmpuint (ews_test_api_call_status (server, "PUT", purchase, "{}"), ==, 200);
              else if (r == 2)
                g_assert_cmpuint (ews_test_api_call_status (server, "DELETE", cancel, NULL), ==, 200);
              g_ptr_array_add (paths, g_strdup_printf ("/api/lists/reservation/%s", guest_path));
            }
        }
      g_ptr_array_add (paths, g_strdup_printf ("/api/lists/%s", list_id));
      g_ptr_array_add (paths, g_strdup_printf ("/api/lists/%s/shared", list_id));
    }

  return id_token;
}

static void
test_backup_restores_everything (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autoptr(EweTestServer) original = NULL;
  g_autoptr(EweTestServer) restored = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) signed_in_again = NULL;
  g_autofree char *root = g_dir_make_tmp ("ewelists-backup-pg-XXXXXX", NULL);
  g_autofree char *backup_dir = g_build_filename (root, "backup", NULL);
  g_autofree char *uri = new_database ();
  g_autofree char *restored_uri = new_database ();
  g_autofree char *id_token = NULL;
  g_auto(Run) backed_up = { 0 };
  g_auto(Run) restored_run = { 0 };
  g_auto(Run) again = { 0 };
  g_autofree char *identities = NULL;

  original = start_server (uri, sink);
  id_token = fill (original, sink, paths);
  /* The owner signs in with a provider too: that link is account data. */
  g_free (pg_text (uri, "INSERT INTO oauth2_identities (provider, subject, user_id, email, created_at) "
                        "SELECT 'test-oidc', 'olive-at-the-provider', user_id, email, 1700000000 FROM users "
                        "WHERE email_key = '" OWNER_EMAIL "' RETURNING subject"));

  /* While the server runs. */
  run_admin (uri, "backup", backup_dir, NULL, &backed_up);
  g_assert_cmpstr (backed_up.err, ==, "");
  g_assert_cmpint (backed_up.status, ==, 0);

  run_admin (restored_uri, "restore", backup_dir, NULL, &restored_run);
  g_assert_cmpstr (restored_run.err, ==, "");
  g_assert_cmpint (restored_run.status, ==, 0);

  identities = pg_text (restored_uri, IDENTITIES_SQL);
  g_assert_cmpstr (identities, ==, "test-oidc olive-at-the-provider " OWNER_EMAIL);

  restored = start_server (restored_uri, NULL);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *answer = ews_test_api_get_text (original, g_ptr_array_index (paths, i), id_token);
      g_autofree char *restored_answer = ews_test_api_get_text (restored, g_ptr_array_index (paths, i), id_token);

      g_assert_cmpstr (answer, ==, restored_answer);
    }

  /* The same password, and tokens signed with the original's keys. */
  signed_in_again = ews_test_cognito_sign_in (restored, OWNER_EMAIL, EWS_TEST_COGNITO_PASSWORD);
  g_assert_nonnull (json_object_get_string_member (signed_in_again, "IdToken"));

  /* A database in use is not restored into. */
  run_admin (uri, "restore", backup_dir, NULL, &again);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "already has tables"));

  ewe_test_remove_tree (root);
}

static void
test_missing_tools_said (void)
{
  g_autofree char *root = g_dir_make_tmp ("ewelists-backup-pg-XXXXXX", NULL);
  g_autofree char *backup_dir = g_build_filename (root, "backup", NULL);
  g_autofree char *uri = new_database ();
  g_auto(Run) run = { 0 };

  run_admin (uri, "backup", backup_dir, root, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "pg_dump is not installed"));
  g_assert_nonnull (strstr (run.err, "postgresql-client"));
  /* A failed backup leaves nothing behind. */
  g_assert_false (g_file_test (backup_dir, G_FILE_TEST_EXISTS));

  ewe_test_remove_tree (root);
}

static void
test_damaged_dump_refused (void)
{
  g_autoptr(EweTestServer) server = NULL;
  g_autofree char *root = g_dir_make_tmp ("ewelists-backup-pg-XXXXXX", NULL);
  g_autofree char *backup_dir = g_build_filename (root, "backup", NULL);
  g_autofree char *dump = g_build_filename (backup_dir, "ewelists.pgdump", NULL);
  g_autofree char *uri = new_database ();
  g_autofree char *restored_uri = new_database ();
  g_autofree char *contents = NULL;
  gsize            length = 0;
  g_auto(Run) backed_up = { 0 };
  g_auto(Run) refused = { 0 };

  /* The server's tables, keys and form secret are enough to damage. */
  server = start_server (uri, NULL);
  run_admin (uri, "backup", backup_dir, NULL, &backed_up);
  g_assert_cmpint (backed_up.status, ==, 0);

  g_assert_true (g_file_get_contents (dump, &contents, &length, NULL));
  contents[length / 2] ^= 0x01;
  g_assert_true (g_file_set_contents (dump, contents, (gssize)length, NULL));

  run_admin (restored_uri, "restore", backup_dir, NULL, &refused);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "does not match its checksum"));

  ewe_test_remove_tree (root);
}

static void
test_postgres_missing (void)
{
  g_test_skip ("PostgreSQL 15 is not installed: its backups are not tested.");
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
      g_test_add_func ("/backup-pg/postgresql-missing", test_postgres_missing);
      return g_test_run ();
    }
  g_assert_no_error (error);

  g_test_add_func ("/backup-pg/restores-everything", test_backup_restores_everything);
  g_test_add_func ("/backup-pg/missing-tools-said", test_missing_tools_said);
  g_test_add_func ("/backup-pg/damaged-dump-refused", test_damaged_dump_refused);

  status = g_test_run ();
  ews_test_postgres_stop (postgres);
  return status;
}
