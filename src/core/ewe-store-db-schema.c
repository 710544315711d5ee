/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store-db"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>

#include "ewe-store-db-private.h"

/* Opening the store's file: its schema, step by step from any version
 * ever released, and what the store calls SQLite's errors. */

/* Append-only: a released schema is never edited, only followed by a new
 * step. tests/core/store-schema-v1.sql is a copy of the first one, used to
 * test upgrading an old file. */
static const char * const migrations[] = {
  /* 1: lists, gifts with their product denormalised, reservations, outbox */
  "CREATE TABLE lists ("
  "  id TEXT PRIMARY KEY,"
  "  title TEXT NOT NULL,"
  "  description TEXT,"
  "  occasion TEXT,"
  "  event_date TEXT,"
  "  image_url TEXT,"
  "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),"
  "  owner TEXT,"
  "  position INTEGER NOT NULL"
  ");"
  "CREATE TABLE gifts ("
  "  list_id TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE ON UPDATE CASCADE,"
  "  product_id TEXT NOT NULL,"
  "  product_type TEXT NOT NULL CHECK (product_type IN ('products', 'notfound')),"
  "  quantity INTEGER NOT NULL CHECK (quantity >= 1),"
  "  reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),"
  "  purchased INTEGER NOT NULL DEFAULT 0 CHECK (purchased >= 0),"
  "  notes TEXT,"
  "  brand TEXT,"
  "  details TEXT,"
  "  product_url TEXT,"
  "  image_url TEXT,"
  "  price TEXT,"
  "  retailer TEXT,"
  "  position INTEGER NOT NULL,"
  "  PRIMARY KEY (list_id, product_id)"
  ");"
  "CREATE INDEX gifts_by_position ON gifts (list_id, position);"
  "CREATE TABLE reservations ("
  "  id TEXT PRIMARY KEY,"
  "  list_id TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE ON UPDATE CASCADE,"
  "  list_title TEXT,"
  "  list_owner_id TEXT,"
  "  product_id TEXT NOT NULL,"
  "  product_type TEXT NOT NULL,"
  "  user_id TEXT,"
  "  name TEXT NOT NULL,"
  "  email TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL CHECK (quantity >= 1),"
  "  state TEXT NOT NULL"
  ");"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL,"
  "  list_id TEXT,"
  "  product_id TEXT,"
  "  payload TEXT,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  created INTEGER NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT"
  ");"
  "CREATE INDEX outbox_by_target ON outbox (list_id, product_id);",

  /* 2: remember which local id became which server id, so a late answer or
   * a stale reference can still be resolved; and when each row was last
   * edited here, for telling the user which side of a conflict won. */
  "CREATE TABLE id_map ("
  "  local_id TEXT PRIMARY KEY,"
  "  server_id TEXT NOT NULL"
  ");"
  "ALTER TABLE lists ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE gifts ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;",

  /* 3: each list's fields as the server last had them (the JSON of a PUT
   * body), so that a merge can tell a field changed on another device from
   * one only changed here, and a field changed on both from either. */
  "ALTER TABLE lists ADD COLUMN synced TEXT;",

  /* 4: friends' lists opened from a shared link, with their gifts as the
   * server last showed them, and the reservations made from this device
   * (the server keeps them; these are what to ask it about). Apart from
   * the user's own lists, so sync and the outbox never see them. */
  "CREATE TABLE friend_lists ("
  "  id TEXT PRIMARY KEY,"
  "  server_url TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  description TEXT,"
  "  occasion TEXT,"
  "  event_date TEXT,"
  "  image_url TEXT,"
  "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),"
  "  owner TEXT,"
  "  opened INTEGER NOT NULL"
  ");"
  "CREATE TABLE friend_gifts ("
  "  list_id TEXT NOT NULL REFERENCES friend_lists (id) ON DELETE CASCADE,"
  "  product_id TEXT NOT NULL,"
  "  product_type TEXT NOT NULL CHECK (product_type IN ('products', 'notfound')),"
  "  quantity INTEGER NOT NULL CHECK (quantity >= 1),"
  "  reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),"
  "  purchased INTEGER NOT NULL DEFAULT 0 CHECK (purchased >= 0),"
  "  notes TEXT,"
  "  brand TEXT,"
  "  details TEXT,"
  "  product_url TEXT,"
  "  image_url TEXT,"
  "  price TEXT,"
  "  retailer TEXT,"
  "  position INTEGER NOT NULL,"
  "  PRIMARY KEY (list_id, product_id)"
  ");"
  "CREATE TABLE my_reservations ("
  "  id TEXT PRIMARY KEY,"
  "  list_id TEXT NOT NULL,"
  "  list_title TEXT,"
  "  list_owner_id TEXT,"
  "  product_id TEXT NOT NULL,"
  "  product_type TEXT NOT NULL,"
  "  user_id TEXT,"
  "  name TEXT NOT NULL,"
  "  email TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL CHECK (quantity >= 1),"
  "  state TEXT NOT NULL,"
  "  made INTEGER NOT NULL"
  ");",

  /* 5: each gift's quantity and notes as the server last had them, the
   * base for merging a gift edited here and on another device (as 3 did
   * for lists). NULL quantity: not known yet. */
  "ALTER TABLE gifts ADD COLUMN synced_quantity INTEGER;"
  "ALTER TABLE gifts ADD COLUMN synced_notes TEXT;",

  /* 6: whose a friend's list is, by the name its owner gave (the shared
   * list's ownerName), for the sidebar and the list's page. */
  "ALTER TABLE friend_lists ADD COLUMN owner_name TEXT;",

  /* 7: the currency each gift's price is in (ISO 4217), from the shop's
   * page or the user's locale; NULL for pounds, as the original's were. */
  "ALTER TABLE gifts ADD COLUMN currency TEXT;"
  "ALTER TABLE friend_gifts ADD COLUMN currency TEXT;",

  /* Co-owned lists: the account's lists that another account created and
   * shares with it, with that account's name, for the sidebar. Both are
   * the server's, refreshed by every pull. */
  "ALTER TABLE lists ADD COLUMN coowned INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE lists ADD COLUMN owner_name TEXT;",
  /* After the event: the day the server shows the owner who gave what and
   * whether it has come (the server's word, by its clock), gifts the owner
   * received, and reservations whose giver the owner thanked. A list from
   * before reveal dates hid nothing from its owner. */
  "ALTER TABLE lists ADD COLUMN reveal_on TEXT;"
  "ALTER TABLE lists ADD COLUMN revealed INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE gifts ADD COLUMN received INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE reservations ADD COLUMN thanked INTEGER NOT NULL DEFAULT 0;",
  /* Archived lists (ewe-store-archive.c), mine and friends': read-only,
   * apart from the everyday lists, with the owner's thank-you note. Beside
   * `state`, not a third state: un-archiving gives back open or closed. */
  "ALTER TABLE lists ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE lists ADD COLUMN archive_note TEXT;"
  "ALTER TABLE friend_lists ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE friend_lists ADD COLUMN archive_note TEXT;",
  /* Unlimited gifts ("as many as you like"): guests may give any number,
   * the quantity binds none of them. synced_unlimited is the server's
   * last word, the base of the three-way merge as synced_quantity is;
   * NULL: not known yet. */
  "ALTER TABLE gifts ADD COLUMN unlimited INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE gifts ADD COLUMN synced_unlimited INTEGER;"
  "ALTER TABLE friend_gifts ADD COLUMN unlimited INTEGER NOT NULL DEFAULT 0;",

  /* Most-wanted gifts, starred by the owner, with the server's last word
   * as the merge's base (NULL: not known yet). */
  "ALTER TABLE gifts ADD COLUMN most_wanted INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE gifts ADD COLUMN synced_most_wanted INTEGER;"
  "ALTER TABLE friend_gifts ADD COLUMN most_wanted INTEGER NOT NULL DEFAULT 0;",

  /* Each list's currency (ISO 4217), what prices typed for it are in.
   * NULL: not known yet; the server's lists from before are in pounds. */
  "ALTER TABLE lists ADD COLUMN currency TEXT;",

  /* The reveal date the owner chose (YYYY-MM-DD; NULL: the day after the
   * event), set here and sent as an outbox entry of its own. */
  "ALTER TABLE lists ADD COLUMN reveal_date TEXT;",
};

int
ewe_store_get_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

/* --- errors ------------------------------------------------------------ */

gboolean
ewe_store_db_set_corrupt (GError    **error,
                          const char *table)
{
  g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_CORRUPT,
               _("The local store is damaged and cannot be read (%s)"), table);
  return FALSE;
}

/* The store's errors in the store's words, so the UI can say what to do;
 * which SQLite result means what is ewe-sqlite's to say. */
static void
report_store_error (GError       **error,
                    EweSqliteError code,
                    const char    *detail)
{
  switch (code)
    {
    case EWE_SQLITE_ERROR_NOT_FOUND:
      g_set_error_literal (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND, detail);
      break;

    case EWE_SQLITE_ERROR_CORRUPT:
      ewe_store_db_set_corrupt (error, detail);
      break;

    case EWE_SQLITE_ERROR_CONSTRAINT:
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                   _("The change was refused by the local store (%s)"), detail);
      break;

    case EWE_SQLITE_ERROR_FULL:
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_IO,
                   _("The disk is full: free some space and try again"));
      break;

    case EWE_SQLITE_ERROR_BUSY:
    case EWE_SQLITE_ERROR_READONLY:
    case EWE_SQLITE_ERROR_TOO_MANY:
    case EWE_SQLITE_ERROR_FAILED:
    default:
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_IO,
                   _("Could not use the local store: %s"), detail);
      break;
    }
}

/* --- opening and migrating --------------------------------------------- */

static int
get_user_version (sqlite3 *db,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = ewe_sqlite_prepare (db, "PRAGMA user_version", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return -1;

  if (!ewe_sqlite_step_row (stmt, &has_row, error))
    return -1;

  return has_row ? sqlite3_column_int (stmt, 0) : 0;
}

/* The steps still to run, all in one write transaction: the version is
 * read inside it, as another connection (a second window, a store still
 * closing beside a new one) may be migrating the same file and a step must
 * run once. One transaction, not one per step, because each commit syncs
 * the WAL (synchronous FULL): a new store ran every step before the app's
 * first frame could show its lists (bench-startup). A failed step leaves
 * the file as it was. */
static gboolean
migrate (sqlite3 *db,
         GError **error)
{
  g_autofree char *set_version = NULL;
  int              version;

  if (!ewe_sqlite_begin (db, error))
    return FALSE;

  version = get_user_version (db, error);
  if (version < 0)
    {
      ewe_sqlite_rollback (db);
      return FALSE;
    }

  if (version > (int)G_N_ELEMENTS (migrations))
    {
      ewe_sqlite_rollback (db);
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_TOO_NEW,
                   _("The local store was written by a newer version of Ewelists; update the app to open it"));
      return FALSE;
    }

  if (version == (int)G_N_ELEMENTS (migrations))
    return ewe_sqlite_commit (db, error);

  g_debug ("Migrating the store from version %d to %d", version, (int)G_N_ELEMENTS (migrations));
  for (int step = version; step < (int)G_N_ELEMENTS (migrations); step++)
    if (!ewe_sqlite_exec (db, migrations[step], error))
      {
        ewe_sqlite_rollback (db);
        return FALSE;
      }

  set_version = g_strdup_printf ("PRAGMA user_version = %d", (int)G_N_ELEMENTS (migrations));
  if (!ewe_sqlite_exec (db, set_version, error))
    {
      ewe_sqlite_rollback (db);
      return FALSE;
    }

  return ewe_sqlite_commit (db, error);
}

sqlite3 *
ewe_store_db_open (const char *path,
                   GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  sqlite3         *db;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_IO,
                   _("Could not create the folder %s: %s"), dir, g_strerror (errsv));
      return NULL;
    }

  db = ewe_sqlite_open (path, report_store_error, error);
  if (db == NULL || !migrate (db, error))
    {
      ewe_sqlite_close (db);
      return NULL;
    }

  return db;
}

void
ewe_store_db_close (sqlite3 *db)
{
  ewe_sqlite_close (db);
}
