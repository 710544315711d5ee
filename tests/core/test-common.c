/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ewe-currency.h"
#include "ewe-json-guard.h"
#include "ewe-price.h"
#include "ewe-sqlite.h"

/* libewe-common's pieces that no route or form shows whole: how a price
 * is written for each language, the JSON guard's verdicts, and the SQLite
 * helper under the app's store and the server's backend. */

static void
test_price_format (void)
{
  static const struct
  {
    const char *amount, *currency, *language, *shown;
  } cases[] = {
    { "1299.00", "GBP", "en", "£1,299.00" },
    { "42.00", "EUR", "en", "€42.00" },
    { "42.00", "EUR", "de", "42,00\u00a0€" },
    { "1299.5", "EUR", "de", "1.299,50\u00a0€" },
    { "1299.00", "EUR", "fr", "1\u202f299,00\u00a0€" },
    { "1299.00", "EUR", "es", "1299,00\u00a0€" },
    { "12999.00", "EUR", "es", "12.999,00\u00a0€" },
    { "59.99", NULL, "en", "£59.99" }, /* the original's prices stay pounds */
    { "59.99", "USD", "en", "$59.99" },
    { "59.99", "USD", "de", "59,99\u00a0US$" },
    { "12", "CHF", "en", "CHF\u00a012.00" },
    { "1500.4", "JPY", "en", "¥1,500" },
    { "3", "XYZ", "en", "XYZ\u00a03.00" },
    { "3", "eur", "en", "£3.00" }, /* not a code: pounds, as with none */
    { "1234567.00", "GBP", "xx", "£1,234,567.00" },
    { "from 20", "GBP", "en", "from 20" },
    { "1,299", "GBP", "en", "1,299" },
    { "12.", "GBP", "en", "12." },
    { "12.345", "GBP", "en", "12.345" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = ewe_price_format (cases[i].amount, cases[i].currency, cases[i].language);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }

  g_assert_null (ewe_price_format (NULL, "GBP", "en"));
  g_assert_null (ewe_price_format ("", "GBP", "en"));
}

static void
test_price_currency (void)
{
  static const struct
  {
    const char *text, *code;
  } cases[] = {
    { "42,00 €", "EUR" },
    { "£5", "GBP" },
    { "USD 12.00", "USD" },
    { "12.00 CHF", "CHF" },
    { "US$ 4", "USD" },
    { "$4", NULL },
    { "49.99", NULL },
    { "EURO 3", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = ewe_price_currency_from_text (cases[i].text);

      g_assert_cmpstr (code, ==, cases[i].code);
    }

  g_assert_true (ewe_price_currency_is_valid ("EUR"));
  g_assert_false (ewe_price_currency_is_valid ("eur"));
  g_assert_false (ewe_price_currency_is_valid ("EURO"));
  g_assert_false (ewe_price_currency_is_valid (""));
  g_assert_false (ewe_price_currency_is_valid (NULL));
}

static void
test_language_of_locale (void)
{
  static const struct
  {
    const char *locale, *language;
  } cases[] = {
    { "de_DE.UTF-8", "de" },
    { "fr_FR", "fr" },
    { "es", "es" },
    { "en_GB.utf8@euro", "en" },
    { "C", "en" },
    { "C.UTF-8", "en" },
    { "POSIX", "en" },
    { NULL, "en" },
    { "pt-BR", "pt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *language = ewe_price_language_of_locale (cases[i].locale);

      g_assert_cmpstr (language, ==, cases[i].language);
    }
}

static void
test_json_guard (void)
{
  static const struct
  {
    const char         *text;
    EweJsonGuardVerdict verdict;
  } cases[] = {
    { "{\"a\": [1, 2, {\"b\": \"]]]/'\"}]}", EWE_JSON_GUARD_OK },
    { "\"a \\\" [[[ quote\"", EWE_JSON_GUARD_OK },
    { "", EWE_JSON_GUARD_EMPTY },
    { "/* \" */ [1]", EWE_JSON_GUARD_NOT_JSON },
    { "['\"', [1]]", EWE_JSON_GUARD_NOT_JSON },
    { "[1] // comment", EWE_JSON_GUARD_NOT_JSON },
  };
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize offset = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (ewe_json_guard_check (cases[i].text, strlen (cases[i].text), NULL), ==, cases[i].verdict);

  g_assert_cmpint (ewe_json_guard_check ("[1,\0 2]", 7, &offset), ==, EWE_JSON_GUARD_NUL);
  g_assert_cmpuint (offset, ==, 3);

  for (guint i = 0; i < 64; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 64; i++)
    g_string_append_c (deep, ']');
  g_assert_cmpint (ewe_json_guard_check (deep->str, deep->len, NULL), ==, EWE_JSON_GUARD_OK);
  g_string_prepend_c (deep, '[');
  g_string_append_c (deep, ']');
  g_assert_cmpint (ewe_json_guard_check (deep->str, deep->len, NULL), ==, EWE_JSON_GUARD_TOO_DEEP);

  node = ewe_json_parse (deep->str, deep->len, &error);
  g_assert_null (node);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_clear_error (&error);

  node = ewe_json_parse ("{\"ok\": true}", 12, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));
}

/* --- the SQLite helper, on a real file in a temporary folder ------------- */

typedef struct
{
  char    *dir;
  char    *path;
  sqlite3 *db;
} SqliteFixture;

static void
sqlite_fixture_set_up (SqliteFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ewe-sqlite-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.sqlite", NULL);
  fixture->db = ewe_sqlite_open (fixture->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ewe_sqlite_exec (fixture->db,
                                  "CREATE TABLE gifts (id TEXT PRIMARY KEY, list TEXT NOT NULL,"
                                  "                    quantity INTEGER NOT NULL CHECK (quantity >= 1))",
                                  &error));
  g_assert_no_error (error);
}

static void
remove_database_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (wal);
  g_remove (shm);
  g_remove (path);
}

static void
sqlite_fixture_tear_down (SqliteFixture *fixture,
                          gconstpointer  data)
{
  /* Closing finalizes the statements kept idle; one left over would make
   * sqlite3_close() fail and warn, which fails the test. */
  ewe_sqlite_close (fixture->db);
  remove_database_files (fixture->path);
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
insert_gift (sqlite3    *db,
             const char *id,
             const char *list,
             int         quantity)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = ewe_sqlite_prepare (db, "INSERT INTO gifts (id, list, quantity) VALUES (?, ?, ?)", &error);
  g_assert_no_error (error);
  ewe_sqlite_bind_text (stmt, 1, id);
  ewe_sqlite_bind_text (stmt, 2, list);
  sqlite3_bind_int (stmt, 3, quantity);
  g_assert_true (ewe_sqlite_step_done (stmt, &error));
  g_assert_no_error (error);
}

static int
count_gifts (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = ewe_sqlite_prepare (db, "SELECT count(*) FROM gifts", NULL);
  g_assert_nonnull (stmt);
  g_assert_true (ewe_sqlite_step_row (stmt, &has_row, NULL));
  g_assert_true (has_row);

  return sqlite3_column_int (stmt, 0);
}

/* A statement given back is the one handed out next for the same SQL,
 * reset and with its bindings cleared; one asked for while it is in use is
 * another. */
static void
test_sqlite_statements_are_reused (SqliteFixture *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *first = ewe_sqlite_prepare (fixture->db, "SELECT ?1", &error);
  sqlite3_stmt *again;
  sqlite3_stmt *meanwhile;

  g_assert_no_error (error);
  sqlite3_bind_int (first, 1, 42);
  g_assert_cmpint (sqlite3_step (first), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (first, 0), ==, 42);
  ewe_sqlite_release (first);

  again = ewe_sqlite_prepare (fixture->db, "SELECT ?1", &error);
  g_assert_no_error (error);
  g_assert_true (again == first);
  g_assert_cmpint (sqlite3_stmt_status (again, SQLITE_STMTSTATUS_RUN, FALSE), ==, 1);
  g_assert_cmpint (sqlite3_step (again), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_type (again, 0), ==, SQLITE_NULL);

  meanwhile = ewe_sqlite_prepare (fixture->db, "SELECT ?1", &error);
  g_assert_no_error (error);
  g_assert_true (meanwhile != again);
  g_assert_cmpint (sqlite3_stmt_status (meanwhile, SQLITE_STMTSTATUS_RUN, FALSE), ==, 0);

  ewe_sqlite_release (meanwhile);
  ewe_sqlite_release (again);

  /* An idle statement holds no read: a write from another connection
   * is not kept waiting by it. */
  {
    sqlite3 *other = ewe_sqlite_open (fixture->path, NULL, &error);

    g_assert_no_error (error);
    insert_gift (other, "from-elsewhere", "a", 1);
    ewe_sqlite_close (other);
  }
  g_assert_cmpint (count_gifts (fixture->db), ==, 1);
}

static gpointer
read_list_of_gift (sqlite3_stmt *stmt,
                   GError      **error)
{
  return ewe_sqlite_column_dup (stmt, 0);
}

static void
test_sqlite_get_one (SqliteFixture *fixture,
                     gconstpointer  data)
{
  static const char *sql = "SELECT list FROM gifts WHERE list = ?";
  g_autoptr(GError) error = NULL;
  g_autofree char *list = NULL;
  sqlite3_stmt    *stmt;

  insert_gift (fixture->db, "lamp", "home", 1);
  insert_gift (fixture->db, "kettle", "kitchen", 1);
  insert_gift (fixture->db, "pan", "kitchen", 2);

  stmt = ewe_sqlite_prepare (fixture->db, sql, &error);
  ewe_sqlite_bind_text (stmt, 1, "home");
  list = ewe_sqlite_get_one (stmt, read_list_of_gift, g_free, "No such list", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (list, ==, "home");
  ewe_sqlite_release (stmt);

  stmt = ewe_sqlite_prepare (fixture->db, sql, &error);
  ewe_sqlite_bind_text (stmt, 1, "garden");
  g_assert_null (ewe_sqlite_get_one (stmt, read_list_of_gift, g_free, "No such list", &error));
  g_assert_error (error, EWE_SQLITE_ERROR, EWE_SQLITE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "No such list");
  g_clear_error (&error);
  ewe_sqlite_release (stmt);

  stmt = ewe_sqlite_prepare (fixture->db, sql, &error);
  ewe_sqlite_bind_text (stmt, 1, "kitchen");
  g_assert_null (ewe_sqlite_get_one (stmt, read_list_of_gift, g_free, "No such list", &error));
  g_assert_error (error, EWE_SQLITE_ERROR, EWE_SQLITE_ERROR_TOO_MANY);
  ewe_sqlite_release (stmt);
}

static gpointer
read_list_but_not_home (sqlite3_stmt *stmt,
                        GError      **error)
{
  if (g_strcmp0 (ewe_sqlite_column_text (stmt, 0), "home") == 0)
    {
      g_set_error_literal (error, EWE_SQLITE_ERROR, EWE_SQLITE_ERROR_CORRUPT, "Not home");
      return NULL;
    }

  return ewe_sqlite_column_dup (stmt, 0);
}

static void
test_sqlite_get_all (SqliteFixture *fixture,
                     gconstpointer  data)
{
  static const char *sql = "SELECT list FROM gifts WHERE quantity >= ? ORDER BY id";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GPtrArray) none = NULL;
  sqlite3_stmt *stmt;

  insert_gift (fixture->db, "lamp", "home", 1);
  insert_gift (fixture->db, "kettle", "kitchen", 1);
  insert_gift (fixture->db, "pan", "kitchen", 2);

  stmt = ewe_sqlite_prepare (fixture->db, sql, &error);
  sqlite3_bind_int (stmt, 1, 1);
  lists = ewe_sqlite_get_all (stmt, read_list_of_gift, g_free, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lists->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (lists, 0), ==, "kitchen");
  g_assert_cmpstr (g_ptr_array_index (lists, 1), ==, "home");
  g_assert_cmpstr (g_ptr_array_index (lists, 2), ==, "kitchen");
  ewe_sqlite_release (stmt);

  stmt = ewe_sqlite_prepare (fixture->db, sql, &error);
  sqlite3_bind_int (stmt, 1, 3);
  none = ewe_sqlite_get_all (stmt, read_list_of_gift, g_free, &error);
  g_assert_no_error (error);
  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);
  ewe_sqlite_release (stmt);

  /* A row that cannot be read fails the whole read: no half-read array. */
  stmt = ewe_sqlite_prepare (fixture->db, sql, &error);
  sqlite3_bind_int (stmt, 1, 1);
  g_assert_null (ewe_sqlite_get_all (stmt, read_list_but_not_home, g_free, &error));
  g_assert_error (error, EWE_SQLITE_ERROR, EWE_SQLITE_ERROR_CORRUPT);
  ewe_sqlite_release (stmt);
}

static void
test_sqlite_rollback_leaves_no_trace (SqliteFixture *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ewe_sqlite_begin (fixture->db, &error));
  insert_gift (fixture->db, "lamp", "home", 1);
  ewe_sqlite_rollback (fixture->db);
  g_assert_cmpint (count_gifts (fixture->db), ==, 0);
  g_assert_true (sqlite3_get_autocommit (fixture->db));

  /* Nested: the inner one is a savepoint, undone alone. */
  g_assert_true (ewe_sqlite_begin (fixture->db, &error));
  insert_gift (fixture->db, "lamp", "home", 1);
  g_assert_true (ewe_sqlite_begin (fixture->db, &error));
  insert_gift (fixture->db, "kettle", "kitchen", 1);
  ewe_sqlite_rollback (fixture->db);
  g_assert_true (ewe_sqlite_commit (fixture->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_gifts (fixture->db), ==, 1);
  g_assert_true (sqlite3_get_autocommit (fixture->db));

  /* A rollback with nothing to undo (after a failed commit, say) is
   * harmless, and the next transaction starts afresh. */
  ewe_sqlite_rollback (fixture->db);
  g_assert_true (ewe_sqlite_begin (fixture->db, &error));
  g_assert_no_error (error);
  insert_gift (fixture->db, "pan", "kitchen", 1);
  g_assert_true (ewe_sqlite_commit (fixture->db, &error));
  g_assert_cmpint (count_gifts (fixture->db), ==, 2);
}

static void
test_sqlite_error_mapping (SqliteFixture *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *garbage_path = g_build_filename (fixture->dir, "garbage.sqlite", NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *other;

  /* A rule of the schema broken: CONSTRAINT, whose message names it. */
  insert_gift (fixture->db, "lamp", "home", 1);
  stmt = ewe_sqlite_prepare (fixture->db, "INSERT INTO gifts (id, list, quantity) VALUES ('lamp', 'home', 1)", &error);
  g_assert_false (ewe_sqlite_step_done (stmt, &error));
  g_assert_error (error, EWE_SQLITE_ERROR, EWE_SQLITE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "UNIQUE"));
  g_clear_error (&error);

  g_assert_false (ewe_sqlite_exec (fixture->db, "UPDATE gifts SET quantity = 0", &error));
  g_assert_error (error, EWE_SQLITE_ERROR, EWE_SQLITE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* Another connection holding the write lock: BUSY, once the wait is
   * over (none here, to keep the test quick). */
  other = ewe_sqlite_open (fixture->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ewe_sqlite_begin (fixture->db, &error));
  sqlite3_busy_timeout (other, 0);
  g_assert_false (ewe_sqlite_begin (other, &error));
  g_assert_error (error, EWE_SQLITE_ERROR, EWE_SQLITE_ERROR_BUSY);
  g_clear_error (&error);
  ewe_sqlite_rollback (fixture->db);
  ewe_sqlite_close (other);

  /* A file that is not a database: CORRUPT. */
  g_assert_true (g_file_set_contents (garbage_path, "this is not a database, only words that fill a page ",
                                      -1, &error));
  g_assert_null (ewe_sqlite_open (garbage_path, NULL, &error));
  g_assert_error (error, EWE_SQLITE_ERROR, EWE_SQLITE_ERROR_CORRUPT);
  g_clear_error (&error);
  remove_database_files (garbage_path);

  /* A file that cannot be opened (its folder is missing): READONLY, with
   * words about permissions, and nothing left open. */
  {
    g_autofree char *nowhere = g_build_filename (fixture->dir, "missing", "test.sqlite", NULL);

    g_assert_null (ewe_sqlite_open (nowhere, NULL, &error));
    g_assert_error (error, EWE_SQLITE_ERROR, EWE_SQLITE_ERROR_READONLY);
    g_clear_error (&error);
  }

  /* Broken SQL is our bug: FAILED, with SQLite's words. */
  g_assert_null (ewe_sqlite_prepare (fixture->db, "SELEKT 1", &error));
  g_assert_error (error, EWE_SQLITE_ERROR, EWE_SQLITE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "syntax error"));
}

static void
report_as_file_error (GError       **error,
                      EweSqliteError code,
                      const char    *detail)
{
  g_set_error (error, G_FILE_ERROR, code == EWE_SQLITE_ERROR_CONSTRAINT ? G_FILE_ERROR_EXIST : G_FILE_ERROR_FAILED,
               "reported: %s", detail);
}

/* The owner of a connection reports its errors in its own domain. */
static void
test_sqlite_owner_reports_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ewe-sqlite-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test.sqlite", NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = ewe_sqlite_open (path, report_as_file_error, &error);

  g_assert_no_error (error);
  g_assert_true (ewe_sqlite_exec (db, "CREATE TABLE t (id TEXT PRIMARY KEY)", &error));
  g_assert_true (ewe_sqlite_exec (db, "INSERT INTO t VALUES ('a')", &error));
  g_assert_false (ewe_sqlite_exec (db, "INSERT INTO t VALUES ('a')", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST);
  g_assert_true (g_str_has_prefix (error->message, "reported: "));
  g_clear_error (&error);

  stmt = ewe_sqlite_prepare (db, "SELECT id FROM t WHERE id = 'b'", &error);
  g_assert_null (ewe_sqlite_get_one (stmt, read_list_of_gift, g_free, "No b", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "reported: No b");
  g_clear_pointer (&stmt, ewe_sqlite_release);

  ewe_sqlite_close (db);
  remove_database_files (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A list's currency is one of ISO 4217's, not only three capitals. */
static void
test_currency_codes (void)
{
  const char         *known[] = { "GBP", "EUR", "USD", "JPY", "CHF", "XOF", "ZWL", "AED" };
  const char         *unknown[] = { "ABC", "eur", "EURO", "EU", "", "XAU", "XTS", "XXX", "BOV", NULL };
  const char * const *codes;
  guint               n_codes = 0;

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    g_assert_true (ewe_currency_is_known (known[i]));
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    g_assert_false (ewe_currency_is_known (unknown[i]));

  /* Sorted, for the search and for the app's list to pick from. */
  codes = ewe_currency_get_codes (&n_codes);
  g_assert_cmpuint (n_codes, >, 150);
  for (guint i = 1; i < n_codes; i++)
    g_assert_cmpint (strcmp (codes[i - 1], codes[i]), <, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/common/price/format", test_price_format);
  g_test_add_func ("/common/price/currency", test_price_currency);
  g_test_add_func ("/common/currency/codes", test_currency_codes);
  g_test_add_func ("/common/price/language-of-locale", test_language_of_locale);
  g_test_add_func ("/common/json-guard", test_json_guard);
  g_test_add ("/common/sqlite/statements-are-reused", SqliteFixture, NULL,
              sqlite_fixture_set_up, test_sqlite_statements_are_reused, sqlite_fixture_tear_down);
  g_test_add ("/common/sqlite/get-one", SqliteFixture, NULL,
              sqlite_fixture_set_up, test_sqlite_get_one, sqlite_fixture_tear_down);
  g_test_add ("/common/sqlite/get-all", SqliteFixture, NULL,
              sqlite_fixture_set_up, test_sqlite_get_all, sqlite_fixture_tear_down);
  g_test_add ("/common/sqlite/rollback-leaves-no-trace", SqliteFixture, NULL,
              sqlite_fixture_set_up, test_sqlite_rollback_leaves_no_trace, sqlite_fixture_tear_down);
  g_test_add ("/common/sqlite/error-mapping", SqliteFixture, NULL,
              sqlite_fixture_set_up, test_sqlite_error_mapping, sqlite_fixture_tear_down);
  g_test_add_func ("/common/sqlite/owner-reports-errors", test_sqlite_owner_reports_errors);

  return g_test_run ();
}
