/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ews-test-api.h"
#include "ews-test-cognito.h"

/* `admin backup` next to a live server under a write load, `admin restore`
 * into a fresh data directory, and a second server on it that must answer
 * exactly as the first did. */

#define N_OWNERS 3
#define GUEST_EMAIL_FORMAT "guest%u@example.com"

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

/* `ewelists-server ARGS…`, as an administrator runs it. */
static void
run_server_command (Run *run,
                    ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list     args;

  g_ptr_array_add (argv, g_strdup (EWELISTS_SERVER_BINARY));
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static void
backup (EweTestServer *server,
        const char    *backup_dir,
        Run           *run)
{
  g_autofree char *data_dir_arg = g_strdup_printf ("--data-dir=%s", server->data_dir);

  run_server_command (run, data_dir_arg, "admin", "backup", backup_dir, NULL);
}

static void
restore (const char *backup_dir,
         const char *data_dir,
         gboolean    force,
         Run        *run)
{
  run_server_command (run, "admin", "restore", backup_dir, "--data-dir", data_dir, force ? "--force" : NULL, NULL);
}

/* One string from the first row of @sql on the database in @data_dir. */
static char *
query_text (const char *data_dir,
            const char *sql)
{
  g_autofree char *path = g_build_filename (data_dir, "ewelists.sqlite", NULL);
  sqlite3         *db = NULL;
  sqlite3_stmt    *stmt = NULL;
  char            *text;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return text;
}

static void
exec_sql (const char *data_dir,
          const char *sql)
{
  g_autofree char *path = g_build_filename (data_dir, "ewelists.sqlite", NULL);
  sqlite3         *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A user creating lists as fast as the server answers, remembering each
 * one the server acknowledged. */
typedef struct
{
  EweTestServer *server;
  char          *token;
  GMutex         lock;
  GPtrArray     *acknowledged;
  gint           stop;
} WriteLoad;

static gpointer
write_load_thread (gpointer data)
{
  WriteLoad *load = data;

  for (guint i = 0; !g_atomic_int_get (&load->stop); i++)
    {
      g_autofree char *title = g_strdup_printf ("Load %u", i);
      char            *list_id = ews_test_api_create_list (load->server, load->token, title);

      g_mutex_lock (&load->lock);
      g_ptr_array_add (load->acknowledged, list_id);
      g_mutex_unlock (&load->lock);
    }

  return NULL;
}

static guint
write_load_count (WriteLoad *load)
{
  guint count;

  g_mutex_lock (&load->lock);
  count = load->acknowledged->len;
  g_mutex_unlock (&load->lock);

  return count;
}

typedef struct
{
  char      *token;
  GPtrArray *list_ids;
} Owner;

/* Lists with gifts in every state a reservation can leave them in:
 * reserved, bought, cancelled, and products of both kinds. */
static void
make_owner (EweTestServer *server,
            guint          n,
            Owner         *owner,
            GPtrArray     *reservation_paths)
{
  g_autofree char *sub = g_strdup_printf ("owner-%u", n);
  g_autofree char *email = g_strdup_printf ("owner%u@example.com", n);
  g_autofree char *name = g_strdup_printf ("Owner %u", n);

  owner->token = ews_test_api_token (server, sub, email, name);
  owner->list_ids = g_ptr_array_new_with_free_func (g_free);

  for (guint l = 0; l < 2; l++)
    {
      g_autofree char *title = g_strdup_printf ("List %u of owner %u", l, n);
      g_autofree char *list_id = ews_test_api_create_list (server, owner->token, title);

      for (guint g = 0; g < 2; g++)
        {
          g_autofree char *url = g_strdup_printf ("https://shop.example/%u/%u/%u", n, l, g);
          g_autofree char *product_id = ews_test_api_create_product (server, owner->token, url);

          ews_test_api_add_gift (server, owner->token, list_id, product_id, 3);

          for (guint r = 0; r < 3; r++)
            {
              g_autofree char *guest = g_strdup_printf (GUEST_EMAIL_FORMAT, n * 100 + l * 10 + g * 3 + r);
              g_autofree char *reservation_id = ews_test_api_reserve (server, list_id, product_id, guest, "Guest", 1);
              g_autofree char *guest_path = g_strdup_printf ("%s/email/%s", reservation_id, guest);
              g_autofree char *purchase_path = g_strdup_printf ("/api/lists/purchase/%s", guest_path);
              g_autofree char *cancel_path = g_strdup_printf ("/api/lists/reserve/%s", guest_path);

              if (r == 1)
                g_assert_cmpuint (ews_test_api_call_status (server, "PUT", purchase_path, "{}"), ==, 200);
              else if (r == 2)
                g_assert_cmpuint (ews_test_api_call_status (server, "DELETE", cancel_path, NULL), ==, 200);

              g_ptr_array_add (reservation_paths, g_strdup_printf ("/api/lists/reservation/%s", guest_path));
            }
        }

      g_ptr_array_add (owner->list_ids, g_steal_pointer (&list_id));
    }
}

/* Everything the API shows of the owners' lists, gifts and reservations. */
static void
assert_same_answers (EweTestServer *original,
                     EweTestServer *restored,
                     Owner         *owners,
                     GPtrArray     *reservation_paths)
{
  for (guint n = 0; n < N_OWNERS; n++)
    {
      g_autofree char *mine = ews_test_api_get_text (original, "/api/lists", owners[n].token);
      g_autofree char *mine_restored = ews_test_api_get_text (restored, "/api/lists", owners[n].token);

      g_assert_cmpstr (mine, ==, mine_restored);

      for (guint l = 0; l < owners[n].list_ids->len; l++)
        {
          const char      *list_id = g_ptr_array_index (owners[n].list_ids, l);
          g_autofree char *path = g_strdup_printf ("/api/lists/%s", list_id);
          g_autofree char *shared_path = g_strdup_printf ("/api/lists/%s/shared", list_id);
          g_autofree char *list = ews_test_api_get_text (original, path, owners[n].token);
          g_autofree char *list_restored = ews_test_api_get_text (restored, path, owners[n].token);
          g_autofree char *shared = ews_test_api_get_text (original, shared_path, NULL);
          g_autofree char *shared_restored = ews_test_api_get_text (restored, shared_path, NULL);

          g_assert_cmpstr (list, ==, list_restored);
          g_assert_cmpstr (shared, ==, shared_restored);
        }
    }

  for (guint i = 0; i < reservation_paths->len; i++)
    {
      const char      *path = g_ptr_array_index (reservation_paths, i);
      g_autofree char *reservation = ews_test_api_get_text (original, path, NULL);
      g_autofree char *reservation_restored = ews_test_api_get_text (restored, path, NULL);

      g_assert_cmpstr (reservation, ==, reservation_restored);
    }
}

static const char mail_ids_sql[] = "SELECT group_concat(mail_id || ':' || recipient, ',') "
                                   "FROM (SELECT mail_id, recipient FROM mail_outbox ORDER BY mail_id)";

/* An identity at a provider (ews-oauth2-link.c) for pat, and how it
 * reads, whose account and all. */
#define IDENTITY_INSERT_SQL                                                           \
  "INSERT INTO oauth2_identities (provider, subject, user_id, email, created_at) "    \
  "SELECT 'test-oidc', 'pat-at-the-provider', user_id, email, 1700000000 FROM users " \
  "WHERE email_key = 'pat@example.com'"
#define IDENTITIES_SQL                                                                      \
  "SELECT group_concat(provider || ' ' || subject || ' ' || user_id || ' ' || email, ',') " \
  "FROM oauth2_identities JOIN users USING (user_id, email)"

static void
test_backup_under_load_restores_everything (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autoptr(EweTestServer) original = ews_test_cognito_start_server (NULL, 0, sink);
  g_autoptr(EweTestServer) restored = NULL;
  g_autoptr(GPtrArray) reservation_paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) acknowledged_before = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) signed_in = NULL;
  g_autoptr(JsonObject) signed_in_again = NULL;
  g_autofree char *root = g_dir_make_tmp ("ewelists-backup-XXXXXX", NULL);
  g_autofree char *backup_dir = g_build_filename (root, "backup", NULL);
  g_autofree char *restored_dir = g_build_filename (root, "restored", NULL);
  g_autofree char *mail_ids = NULL;
  g_autofree char *mail_ids_restored = NULL;
  g_autofree char *pending_restored = NULL;
  g_autofree char *id_token = NULL;
  g_auto(Run) backed_up = { 0 };
  g_auto(Run) restored_run = { 0 };
  g_autofree char *identities = NULL;
  g_autofree char *identities_restored = NULL;
  Owner            owners[N_OWNERS] = { { 0 } };
  WriteLoad        load = { 0 };
  GThread         *load_thread;
  guint            during_backup;

  g_assert_nonnull (root);

  /* An account with a password, made before mail stops. */
  ews_test_cognito_sign_up_and_confirm (original, sink, "pat@example.com", "Pat");
  signed_in = ews_test_cognito_sign_in (original, "pat@example.com", EWS_TEST_COGNITO_PASSWORD);
  id_token = g_strdup (json_object_get_string_member (signed_in, "IdToken"));
  /* Linked to an identity at a sign-in provider: account data too. */
  exec_sql (original->data_dir, IDENTITY_INSERT_SQL);
  identities = query_text (original->data_dir, IDENTITIES_SQL);
  g_assert_nonnull (identities);

  /* From here the reservations' mails stay queued in the outbox. */
  ewe_test_smtp_stop (sink);
  for (guint n = 0; n < N_OWNERS; n++)
    make_owner (original, n, &owners[n], reservation_paths);
  mail_ids = query_text (original->data_dir, mail_ids_sql);
  g_assert_nonnull (mail_ids);

  load.server = original;
  load.token = ews_test_api_token (original, "loader", "loader@example.com", "Loader");
  load.acknowledged = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&load.lock);
  load_thread = g_thread_new ("write-load", write_load_thread, &load);

  /* Let the load get going, then note what was acknowledged before the
   * backup began. */
  while (write_load_count (&load) < 20)
    g_usleep (10 * 1000);
  g_mutex_lock (&load.lock);
  for (guint i = 0; i < load.acknowledged->len; i++)
    g_ptr_array_add (acknowledged_before, g_strdup (g_ptr_array_index (load.acknowledged, i)));
  g_mutex_unlock (&load.lock);

  backup (original, backup_dir, &backed_up);
  during_backup = write_load_count (&load) - acknowledged_before->len;

  g_atomic_int_set (&load.stop, 1);
  g_thread_join (load_thread);
  g_test_message ("%u lists were created while the backup ran", during_backup);
  g_assert_cmpint (backed_up.status, ==, 0);

  restore (backup_dir, restored_dir, FALSE, &restored_run);
  g_assert_cmpstr (restored_run.err, ==, "");
  g_assert_cmpint (restored_run.status, ==, 0);

  restored = ews_test_cognito_start_server (restored_dir, 0, NULL);
  g_assert_nonnull (restored);

  assert_same_answers (original, restored, owners, reservation_paths);

  for (guint i = 0; i < acknowledged_before->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/lists/%s", (char *)g_ptr_array_index (acknowledged_before, i));
      g_autofree char *list = ews_test_api_get_text (restored, path, load.token);
    }

  identities_restored = query_text (restored_dir, IDENTITIES_SQL);
  g_assert_cmpstr (identities, ==, identities_restored);

  /* The queued mail is still queued, to be sent by the restored server. */
  mail_ids_restored = query_text (restored_dir, mail_ids_sql);
  g_assert_cmpstr (mail_ids, ==, mail_ids_restored);
  pending_restored = query_text (restored_dir, "SELECT count(*) FROM mail_outbox WHERE state = 'pending'");
  g_assert_cmpint (g_ascii_strtoll (pending_restored, NULL, 10), >, 0);

  /* The same password, and tokens signed by the original's keys. */
  signed_in_again = ews_test_cognito_sign_in (restored, "pat@example.com", EWS_TEST_COGNITO_PASSWORD);
  g_assert_nonnull (json_object_get_string_member (signed_in_again, "IdToken"));
  g_assert_cmpuint (ews_test_cognito_get_with_token (restored, "/api/lists", id_token), ==, 200);

  g_clear_pointer (&restored, ewe_test_server_free);
  for (guint n = 0; n < N_OWNERS; n++)
    {
      g_free (owners[n].token);
      g_ptr_array_unref (owners[n].list_ids);
    }
  g_free (load.token);
  g_ptr_array_unref (load.acknowledged);
  g_mutex_clear (&load.lock);
  ewe_test_remove_tree (root);
}

/* A backup of a server with a little in it, in @root/backup. */
static char *
small_backup (const char *root)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autofree char *token = ews_test_api_token (server, "sam", "sam@example.com", "Sam");
  g_autofree char *list_id = ews_test_api_create_list (server, token, "Birthday");
  char            *backup_dir = g_build_filename (root, "backup", NULL);
  g_auto(Run) run = { 0 };

  backup (server, backup_dir, &run);
  g_assert_cmpint (run.status, ==, 0);

  return backup_dir;
}

static void
flip_byte (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 0);
  contents[length / 2] ^= 0x01;
  g_file_set_contents (path, contents, (gssize)length, &error);
  g_assert_no_error (error);
}

static void
assert_damaged_file_refused (gconstpointer data)
{
  const char      *file_name = data;
  g_autofree char *root = g_dir_make_tmp ("ewelists-backup-XXXXXX", NULL);
  g_autofree char *backup_dir = small_backup (root);
  g_autofree char *damaged = g_build_filename (backup_dir, file_name, NULL);
  g_autofree char *target = g_build_filename (root, "restored", NULL);
  g_autofree char *expected = g_strdup_printf ("The backup file “%s” does not match its checksum", damaged);
  g_auto(Run) run = { 0 };

  flip_byte (damaged);
  restore (backup_dir, target, FALSE, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, expected));
  /* Nothing was put in place, nor left beside it. */
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
    const char *name;
    guint       entries = 0;

    while ((name = g_dir_read_name (dir)) != NULL)
      entries++;
    g_assert_cmpuint (entries, ==, 1);
  }

  ewe_test_remove_tree (root);
}

static void
test_refuses_to_overwrite (void)
{
  g_autofree char *root = g_dir_make_tmp ("ewelists-backup-XXXXXX", NULL);
  g_autofree char *backup_dir = small_backup (root);
  g_autofree char *target = g_build_filename (root, "target", NULL);
  g_autofree char *marker = g_build_filename (target, "old-file", NULL);
  g_autofree char *restored_db = g_build_filename (target, "ewelists.sqlite", NULL);
  g_autofree char *manifest = g_build_filename (backup_dir, "manifest.ini", NULL);
  g_autoptr(EweTestServer) other = ewe_test_server_start (NULL);
  g_auto(Run) again = { 0 };
  g_auto(Run) refused = { 0 };
  g_auto(Run) forced = { 0 };
  g_auto(Run) incomplete = { 0 };

  /* A backup never writes into a directory that holds something. */
  backup (other, backup_dir, &again);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "is not empty"));

  /* A restore replaces data only when told to. */
  g_assert_cmpint (g_mkdir (target, 0700), ==, 0);
  g_assert_true (g_file_set_contents (marker, "x", -1, NULL));
  restore (backup_dir, target, FALSE, &refused);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "already holds data"));
  g_assert_true (g_file_test (marker, G_FILE_TEST_EXISTS));

  restore (backup_dir, target, TRUE, &forced);
  g_assert_cmpint (forced.status, ==, 0);
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (restored_db, G_FILE_TEST_IS_REGULAR));

  /* Without its manifest, written last, a backup is one cut short. */
  g_assert_cmpint (g_unlink (manifest), ==, 0);
  ewe_test_remove_tree (target);
  restore (backup_dir, target, FALSE, &incomplete);
  g_assert_cmpint (incomplete.status, ==, 1);
  g_assert_nonnull (strstr (incomplete.err, "is not a complete backup"));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));

  ewe_test_remove_tree (root);
}

static void
test_newer_schema_refused (void)
{
  g_autofree char *root = g_dir_make_tmp ("ewelists-backup-XXXXXX", NULL);
  g_autofree char *backup_dir = small_backup (root);
  g_autofree char *manifest_path = g_build_filename (backup_dir, "manifest.ini", NULL);
  g_autofree char *target = g_build_filename (root, "restored", NULL);
  g_autoptr(GKeyFile) manifest = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  /* As if a newer server, with more migrations, had made it. */
  g_key_file_load_from_file (manifest, manifest_path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  g_key_file_set_int64 (manifest, "backup", "schema-version", 100000);
  g_key_file_save_to_file (manifest, manifest_path, &error);
  g_assert_no_error (error);

  restore (backup_dir, target, FALSE, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "has database schema version 100000"));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));

  ewe_test_remove_tree (root);
}

static void
test_failed_backup_leaves_nothing (void)
{
  g_autofree char *root = g_dir_make_tmp ("ewelists-backup-XXXXXX", NULL);
  g_autofree char *empty_data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *data_dir_arg = g_strdup_printf ("--data-dir=%s", empty_data_dir);
  g_autofree char *backup_dir = g_build_filename (root, "backup", NULL);
  g_auto(Run) run = { 0 };

  g_assert_cmpint (g_mkdir (empty_data_dir, 0700), ==, 0);
  run_server_command (&run, data_dir_arg, "admin", "backup", backup_dir, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "There is no database"));
  g_assert_false (g_file_test (backup_dir, G_FILE_TEST_EXISTS));

  ewe_test_remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/backup/under-load-restores-everything", test_backup_under_load_restores_everything);
  g_test_add_data_func ("/backup/damaged-database-refused", "ewelists.sqlite", assert_damaged_file_refused);
  g_test_add_data_func ("/backup/damaged-secret-refused", "jwt-secret", assert_damaged_file_refused);
  g_test_add_func ("/backup/refuses-to-overwrite", test_refuses_to_overwrite);
  g_test_add_func ("/backup/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/backup/failed-leaves-nothing", test_failed_backup_leaves_nothing);

  return g_test_run ();
}
