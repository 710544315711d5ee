/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "ews-storage-sqlite.h"
#include "ews-storage-sqlite-private.h"

/* The SQLite backend on its own, in this process: migrations, nested
 * transactions, and the constraints that back up the routes' checks. */

typedef struct
{
  char       *data_dir;
  EwsStorage *storage;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->data_dir = g_dir_make_tmp ("ews-storage-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->storage = ews_storage_sqlite_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->storage);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  const char *names[] = { "ewelists.sqlite", "ewelists.sqlite-wal", "ewelists.sqlite-shm" };

  g_clear_object (&fixture->storage);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture->data_dir, names[i], NULL);
      g_remove (path);
    }
  g_rmdir (fixture->data_dir);
  g_clear_pointer (&fixture->data_dir, g_free);
}

static sqlite3 *
db_of (Fixture *fixture)
{
  return ews_storage_sqlite_get_db (EWS_STORAGE_SQLITE (fixture->storage));
}

static gint64
user_version (Fixture *fixture)
{
  sqlite3_stmt *stmt = NULL;
  gint64        version;

  g_assert_cmpint (sqlite3_prepare_v2 (db_of (fixture), "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

static void
insert_list (Fixture    *fixture,
             const char *list_id)
{
  g_autoptr(GError) error = NULL;
  EwsList list = { 0 };

  list.list_id = (char *)list_id;
  list.owner_id = (char *)"owner";
  list.title = (char *)"A list";
  list.created_at = 1;

  g_assert_true (ews_storage_list_insert (fixture->storage, &list, &error));
  g_assert_no_error (error);
}

static gboolean
list_exists (Fixture    *fixture,
             const char *list_id)
{
  g_autoptr(EwsList) list = ews_storage_list_get (fixture->storage, list_id, NULL);

  return list != NULL;
}

static void
test_migrations_run_once (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 version = user_version (fixture);

  g_assert_cmpint (version, >=, 1);
  insert_list (fixture, "kept");

  /* Opening again runs nothing and loses nothing. */
  g_clear_object (&fixture->storage);
  fixture->storage = ews_storage_sqlite_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (fixture), ==, version);
  g_assert_true (list_exists (fixture, "kept"));

  /* WAL and foreign keys are on. */
  {
    sqlite3_stmt *stmt = NULL;

    sqlite3_prepare_v2 (db_of (fixture), "PRAGMA journal_mode", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);

    sqlite3_prepare_v2 (db_of (fixture), "PRAGMA foreign_keys", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_finalize (stmt);
  }
}

/* A database from a newer server is left alone, with a message that says
 * what to do. */
static void
test_newer_schema_is_refused (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsStorage) again = NULL;

  g_assert_cmpint (sqlite3_exec (db_of (fixture), "PRAGMA user_version = 9999", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&fixture->storage);

  again = ews_storage_sqlite_open (fixture->data_dir, &error);
  g_assert_null (again);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "9999"));
  g_assert_nonnull (strstr (error->message, "newer"));
}

static void
test_nested_transactions (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ews_storage_begin (fixture->storage, &error));
  insert_list (fixture, "outer");

  g_assert_true (ews_storage_begin (fixture->storage, &error));
  insert_list (fixture, "inner");
  ews_storage_rollback (fixture->storage);

  g_assert_true (ews_storage_commit (fixture->storage, &error));
  g_assert_no_error (error);

  g_assert_true (list_exists (fixture, "outer"));
  g_assert_false (list_exists (fixture, "inner"));

  /* An outer rollback takes the inner commit with it. */
  g_assert_true (ews_storage_begin (fixture->storage, &error));
  g_assert_true (ews_storage_begin (fixture->storage, &error));
  insert_list (fixture, "gone");
  g_assert_true (ews_storage_commit (fixture->storage, &error));
  ews_storage_rollback (fixture->storage);
  g_assert_false (list_exists (fixture, "gone"));
}

/* The table refuses counts that break the invariant even if a bug in the
 * code above it tried. */
static void
test_constraints_back_up_the_code (Fixture      *fixture,
                                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsReservation) first = NULL;
  g_autoptr(EwsReservation) second = NULL;
  g_autoptr(EwsGift) stored = NULL;
  EwsGift gift = { 0 };

  insert_list (fixture, "list");
  gift.list_id = (char *)"list";
  gift.product_id = (char *)"product";
  gift.type = (char *)"products";
  gift.quantity = 2;
  g_assert_true (ews_storage_gift_insert (fixture->storage, &gift, &error));

  first = ews_storage_reserve (fixture->storage, "list", "product", "u1", "One", "one@example.com", 2, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);

  second = ews_storage_reserve (fixture->storage, "list", "product", "u2", "Two", "two@example.com", 1, TRUE, &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_assert_null (second);

  g_assert_cmpint (sqlite3_exec (db_of (fixture), "UPDATE gifts SET reserved = 3", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db_of (fixture), "UPDATE gifts SET quantity = 0, reserved = 0", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT);

  stored = ews_storage_gift_get (fixture->storage, "list", "product", NULL);
  g_assert_cmpint (stored->reserved, ==, 2);

  /* Deleting the list takes gifts and reservations (foreign keys). */
  g_assert_true (ews_storage_list_delete (fixture->storage, "list", NULL, NULL));
  g_assert_null (ews_storage_reservation_get (fixture->storage, first->reservation_id, NULL));
}

/* Every write the server acknowledges — a reservation, a mail queued, an
 * Idempotency-Key answer the app forgets its outbox entry on — must survive
 * a power cut, so each commit is synced to disk (synchronous FULL), not only
 * at checkpoints (NORMAL, which with WAL can lose the last commits). */
static void
test_commits_are_synced (Fixture      *fixture,
                         gconstpointer data)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db_of (fixture), "PRAGMA synchronous", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  /* 2 is FULL. */
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
  sqlite3_finalize (stmt);
}

/* A statement is kept for the next request that prepares the same SQL,
 * reset and with its bindings cleared; one asked for while the kept one is
 * in use is another. Closing the storage finalizes the ones kept (else
 * sqlite3_close() fails and warns, which fails the test). */
static void
test_statements_are_reused (Fixture      *fixture,
                            gconstpointer data)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (fixture->storage);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *first = ewe_sqlite_prepare (ews_storage_sqlite_get_db (self), "SELECT ?1", &error);
  sqlite3_stmt *again;
  sqlite3_stmt *meanwhile;

  g_assert_no_error (error);
  sqlite3_bind_int (first, 1, 42);
  g_assert_cmpint (sqlite3_step (first), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (first, 0), ==, 42);
  ewe_sqlite_release (first);

  again = ewe_sqlite_prepare (ews_storage_sqlite_get_db (self), "SELECT ?1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_stmt_status (again, SQLITE_STMTSTATUS_RUN, FALSE), ==, 1);
  g_assert_cmpint (sqlite3_step (again), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_type (again, 0), ==, SQLITE_NULL);

  meanwhile = ewe_sqlite_prepare (ews_storage_sqlite_get_db (self), "SELECT ?1", &error);
  g_assert_no_error (error);
  g_assert_true (meanwhile != again);
  g_assert_cmpint (sqlite3_stmt_status (meanwhile, SQLITE_STMTSTATUS_RUN, FALSE), ==, 0);
  sqlite3_bind_text (meanwhile, 1, "other", -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (meanwhile), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (meanwhile, 0), ==, "other");

  ewe_sqlite_release (meanwhile);
  ewe_sqlite_release (again);

  /* Still usable for what the storage does. */
  insert_list (fixture, "after-reuse");
  g_assert_true (list_exists (fixture, "after-reuse"));
}

static guint
n_for_user (EwsStorage *storage,
            const char *email)
{
  g_autoptr(GPtrArray) reservations = ews_storage_reservations_for_user (storage, "some-sub", email, NULL);

  g_assert_nonnull (reservations);
  return reservations->len;
}

/* Reservations made before the step that brought confirmation were mailed
 * links without a key, so they stay as they were: confirmed. New guests'
 * reservations wait for their key, which confirms them once, then is gone. */
static void
test_reservations_before_confirmation (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ews-storage-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ewelists.sqlite", NULL);
  g_autofree char *set_version = NULL;
  g_autofree char *key = NULL;
  g_autoptr(EwsStorage) storage = NULL;
  g_autoptr(EwsReservation) old = NULL;
  g_autoptr(EwsReservation) fresh = NULL;
  g_autoptr(EwsReservation) confirmed = NULL;
  const char *names[] = { "ewelists.sqlite", "ewelists.sqlite-wal", "ewelists.sqlite-shm" };
  sqlite3    *db = NULL;
  guint       step = 0;

  g_assert_no_error (error);

  /* Found by what it does, not by its number: steps are renumbered as
   * branches merge. */
  while (step < ews_sqlite_n_migrations && strstr (ews_sqlite_migrations[step], "ADD COLUMN confirmed") == NULL)
    step++;
  g_assert_cmpuint (step, <, ews_sqlite_n_migrations);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < step; i++)
    g_assert_cmpint (sqlite3_exec (db, ews_sqlite_migrations[i], NULL, NULL, NULL), ==, SQLITE_OK);
  set_version = g_strdup_printf ("PRAGMA user_version = %u", step);
  g_assert_cmpint (sqlite3_exec (db, set_version, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO lists (list_id, owner_id, title, created_at) VALUES ('l', 'o', 'L', 1);"
                                 "INSERT INTO gifts (gift_id, list_id, product_id, type, quantity, reserved) "
                                 "VALUES (1, 'l', 'p', 'products', 9, 1);"
                                 "INSERT INTO reservations (reservation_id, list_id, gift_id, product_id, product_type, "
                                 "user_id, name, email, quantity, state, reserved_at) VALUES ('old', 'l', 1, 'p', "
                                 "'products', 'old@example.com', 'Old', 'old@example.com', 1, 'reserved', 1);",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  storage = ews_storage_sqlite_open (dir, &error);
  g_assert_no_error (error);
  old = ews_storage_reservation_get (storage, "old", &error);
  g_assert_no_error (error);
  g_assert_true (old->confirmed);
  g_assert_null (old->confirm_key);
  g_assert_cmpuint (n_for_user (storage, "old@example.com"), ==, 1);

  fresh = ews_storage_reserve (storage, "l", "p", "new@example.com", "New", "new@example.com", 2, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (fresh->confirmed);
  g_assert_nonnull (fresh->confirm_key);
  g_assert_cmpuint (strlen (fresh->confirm_key), >=, 32);
  g_assert_cmpuint (n_for_user (storage, "new@example.com"), ==, 0);

  g_assert_false (ews_storage_reservation_confirm (storage, fresh->reservation_id, "wrong", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID);
  g_clear_error (&error);
  key = g_strndup (fresh->confirm_key, strlen (fresh->confirm_key) - 1);
  g_assert_false (ews_storage_reservation_confirm (storage, fresh->reservation_id, key, &error));
  g_clear_error (&error);
  g_assert_cmpuint (n_for_user (storage, "new@example.com"), ==, 0);

  g_assert_true (ews_storage_reservation_confirm (storage, fresh->reservation_id, fresh->confirm_key, &error));
  g_assert_no_error (error);
  confirmed = ews_storage_reservation_get (storage, fresh->reservation_id, &error);
  g_assert_true (confirmed->confirmed);
  g_assert_null (confirmed->confirm_key);
  g_assert_true (ews_storage_reservation_confirm (storage, fresh->reservation_id, fresh->confirm_key, &error));
  g_assert_cmpuint (n_for_user (storage, "new@example.com"), ==, 1);

  g_clear_object (&storage);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_build_filename (dir, names[i], NULL);
      g_remove (file);
    }
  g_rmdir (dir);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* The names of @table's columns, for a rebuild that must keep them all. */
static GStrv
table_columns (sqlite3    *db,
               const char *table)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info (%s)", table);
  sqlite3_stmt    *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *)sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);

  return g_strv_builder_end (names);
}

/* The step that rebuilds gifts for unlimited ones, on a database with a
 * reservation on a gift: the gift keeps its id and its counts, and the
 * reservation still points at it (with foreign keys on, dropping the old
 * table would have detached it), and every column the steps before gave
 * gifts comes through with its values (received, from the reveal date's
 * step, did not at first). The step is found by what it does, not by its
 * number. */
static void
test_unlimited_rebuild_keeps_reservations (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsStorage) storage = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ews-storage-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ewelists.sqlite", NULL);
  g_autofree char *bump = NULL;
  g_auto(GStrv) columns_before = NULL;
  g_auto(GStrv) columns_after = NULL;
  sqlite3 *db = NULL;
  guint    rebuild = 0;

  while (strstr (ews_sqlite_migrations[rebuild], "gifts_rebuilt") == NULL)
    rebuild++;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < rebuild; i++)
    g_assert_cmpint (sqlite3_exec (db, ews_sqlite_migrations[i], NULL, NULL, NULL), ==, SQLITE_OK);
  bump = g_strdup_printf ("PRAGMA user_version = %u", rebuild);
  g_assert_cmpint (sqlite3_exec (db, bump, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO lists (list_id, owner_id, title, created_at) VALUES ('l', 'o', 'L', 1);"
                                 "INSERT INTO gifts (gift_id, list_id, product_id, type, quantity, reserved, notes, received) "
                                 "  VALUES (7, 'l', 'p', 'products', 2, 2, 'Blue', 1);"
                                 "INSERT INTO reservations (reservation_id, list_id, gift_id, product_id, product_type,"
                                 "  user_id, name, email, quantity, state, reserved_at) "
                                 "  VALUES ('r', 'l', 7, 'p', 'products', 'u', 'U', 'u@example.com', 2, 'reserved', 1);",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  columns_before = table_columns (db, "gifts");
  sqlite3_close (db);

  storage = ews_storage_sqlite_open (dir, &error);
  g_assert_no_error (error);
  db = ews_storage_sqlite_get_db (EWS_STORAGE_SQLITE (storage));

  g_assert_cmpint (query_int (db, "SELECT gift_id FROM reservations WHERE reservation_id = 'r'"), ==, 7);
  g_assert_cmpint (query_int (db, "SELECT reserved FROM gifts WHERE gift_id = 7"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT unlimited FROM gifts WHERE gift_id = 7"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM gifts WHERE notes = 'Blue'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT received FROM gifts WHERE gift_id = 7"), ==, 1);
  columns_after = table_columns (db, "gifts");
  for (guint i = 0; columns_before[i] != NULL; i++)
    g_assert_true (g_strv_contains ((const char * const *)columns_after, columns_before[i]));
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);

  /* The new CHECK: beyond the quantity only when unlimited. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE gifts SET reserved = 5", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE gifts SET unlimited = 1, reserved = 5", NULL, NULL, NULL), ==, SQLITE_OK);

  /* The gift's index came back with the table. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'gifts_by_product'"), ==, 1);

  g_clear_object (&storage);
  {
    const char *names[] = { "ewelists.sqlite", "ewelists.sqlite-wal", "ewelists.sqlite-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *file = g_build_filename (dir, names[i], NULL);
        g_remove (file);
      }
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/server/storage/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("migrations-run-once", test_migrations_run_once);
  ADD ("newer-schema-is-refused", test_newer_schema_is_refused);
  ADD ("nested-transactions", test_nested_transactions);
  ADD ("constraints-back-up-the-code", test_constraints_back_up_the_code);
  ADD ("commits-are-synced", test_commits_are_synced);
  ADD ("statements-are-reused", test_statements_are_reused);
  g_test_add_func ("/server/storage/reservations-before-confirmation", test_reservations_before_confirmation);
  g_test_add_func ("/server/storage/unlimited-rebuild-keeps-reservations", test_unlimited_rebuild_keeps_reservations);

#undef ADD

  return g_test_run ();
}
