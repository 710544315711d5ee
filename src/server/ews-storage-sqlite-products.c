/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-sqlite"

#include "config.h"

#include "ews-storage-sqlite-private.h"
#include "ews-storage-rules.h"

/* The catalogue (`products`) and user-added products (`notfound`) share one
 * shape; the not-found table simply has no retailer or search_hidden. */

static const char *
select_sql (EwsProductKind kind)
{
  switch (kind)
    {
    case EWS_PRODUCT_KIND_CATALOGUE:
      return "SELECT product_id, brand, details, retailer, product_url, image_url, price, "
             "created_by, search_hidden, created_at, currency FROM products ";
    case EWS_PRODUCT_KIND_NOTFOUND:
      return "SELECT product_id, brand, details, retailer, product_url, image_url, price, "
             "created_by, 0, created_at, currency FROM notfound ";
    default:
      g_assert_not_reached ();
    }
}

static const char *
gift_type (EwsProductKind kind)
{
  return kind == EWS_PRODUCT_KIND_NOTFOUND ? "notfound" : "products";
}

/* gpointer, to serve as an EweSqliteRowFunc: an EwsProduct. */
static gpointer
product_from_row (sqlite3_stmt *stmt,
                  GError      **error)
{
  EwsProduct *product = g_new0 (EwsProduct, 1);

  product->product_id = ewe_sqlite_column_dup (stmt, 0);
  product->brand = ewe_sqlite_column_dup (stmt, 1);
  product->details = ewe_sqlite_column_dup (stmt, 2);
  product->retailer = ewe_sqlite_column_dup (stmt, 3);
  product->product_url = ewe_sqlite_column_dup (stmt, 4);
  product->image_url = ewe_sqlite_column_dup (stmt, 5);
  product->price = ewe_sqlite_column_dup (stmt, 6);
  product->created_by = ewe_sqlite_column_dup (stmt, 7);
  product->search_hidden = sqlite3_column_int (stmt, 8) != 0;
  product->created_at = sqlite3_column_int64 (stmt, 9);
  product->currency = ewe_sqlite_column_dup (stmt, 10);

  return product;
}

static gboolean
sqlite_product_insert (EwsStorage       *storage,
                       EwsProductKind    kind,
                       const EwsProduct *product,
                       GError          **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = product->created_at ? product->created_at : g_get_real_time () / G_USEC_PER_SEC;

  if (kind == EWS_PRODUCT_KIND_CATALOGUE)
    {
      stmt = ewe_sqlite_prepare (self->db, "INSERT INTO products (product_id, brand, details, retailer, product_url, "
                                           "image_url, price, created_by, search_hidden, created_at, currency) "
                                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 error);
      if (stmt == NULL)
        return FALSE;
      ewe_sqlite_bind_text (stmt, 4, product->retailer);
      sqlite3_bind_int (stmt, 9, product->search_hidden ? 1 : 0);
      sqlite3_bind_int64 (stmt, 10, now);
    }
  else
    {
      stmt = ewe_sqlite_prepare (self->db, "INSERT INTO notfound (product_id, brand, details, retailer, "
                                           "product_url, image_url, price, created_by, created_at, currency) "
                                           "VALUES (?, ?, ?, ?4, ?5, ?6, ?7, ?8, ?9, ?11)",
                                 error);
      if (stmt == NULL)
        return FALSE;
      ewe_sqlite_bind_text (stmt, 4, product->retailer);
      sqlite3_bind_int64 (stmt, 9, now);
    }

  ewe_sqlite_bind_text (stmt, 1, product->product_id);
  ewe_sqlite_bind_text (stmt, 2, product->brand);
  ewe_sqlite_bind_text (stmt, 3, product->details);
  ewe_sqlite_bind_text (stmt, 5, product->product_url);
  ewe_sqlite_bind_text (stmt, 6, product->image_url);
  ewe_sqlite_bind_text (stmt, 7, product->price);
  ewe_sqlite_bind_text (stmt, 8, product->created_by);
  ewe_sqlite_bind_text (stmt, 11, product->currency);

  return ewe_sqlite_step_done (stmt, error);
}

static EwsProduct *
sqlite_product_get (EwsStorage    *storage,
                    EwsProductKind kind,
                    const char    *product_id,
                    GError       **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strconcat (select_sql (kind), "WHERE product_id = ?", NULL);

  stmt = ewe_sqlite_prepare (self->db, sql, error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, product_id);

  return ewe_sqlite_get_one (stmt, product_from_row, (GDestroyNotify)ews_product_free,
                             EWS_STORAGE_NO_SUCH_PRODUCT, error);
}

static EwsProduct *
sqlite_product_find_by_url (EwsStorage *storage,
                            const char *product_url,
                            GError    **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  /* The oldest entry that may be found: hidden ones are skipped here rather
   * than after the pick, or one hidden entry would hide every other entry
   * with its URL. Times are in seconds and ids random, so entries added in
   * the same second go by rowid, the order they were added in. */
  g_autofree char *sql = g_strconcat (select_sql (EWS_PRODUCT_KIND_CATALOGUE),
                                      "WHERE product_url = ? AND search_hidden = 0 "
                                      "ORDER BY created_at, rowid, product_id LIMIT 1",
                                      NULL);

  stmt = ewe_sqlite_prepare (self->db, sql, error);
  if (stmt == NULL)
    return NULL;
  ewe_sqlite_bind_text (stmt, 1, product_url);

  return ewe_sqlite_get_one (stmt, product_from_row, (GDestroyNotify)ews_product_free,
                             "No product has this URL.", error);
}

static GPtrArray *
sqlite_products_all (EwsStorage    *storage,
                     EwsProductKind kind,
                     GError       **error)
{
  EwsStorageSqlite *self = EWS_STORAGE_SQLITE (storage);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strconcat (select_sql (kind), "ORDER BY created_at, product_id", NULL);

  stmt = ewe_sqlite_prepare (self->db, sql, error);
  if (stmt == NULL)
    return NULL;

  return ewe_sqlite_get_all (stmt, product_from_row, (GDestroyNotify)ews_product_free, error);
}

/* A product that is a gift on some list stays: the lists show it by id, and
 * a gift whose product vanished would be a blank row for owner and guests. */
static gboolean
delete_product (EwsStorageSqlite *self,
                EwsProductKind    kind,
                const char       *product_id,
                GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(EwsProduct) product = NULL;
  gint64 n_lists;

  product = sqlite_product_get (EWS_STORAGE (self), kind, product_id, error);
  if (product == NULL)
    return FALSE;

  if (!ews_sqlite_query_int (self, "SELECT count(*) FROM gifts WHERE product_id = ? AND type = ?",
                             product_id, gift_type (kind), &n_lists, error))
    return FALSE;

  if (!ews_storage_rules_check_product_unused (n_lists, error))
    return FALSE;

  stmt = ewe_sqlite_prepare (self->db, kind == EWS_PRODUCT_KIND_NOTFOUND ? "DELETE FROM notfound WHERE product_id = ?" : "DELETE FROM products WHERE product_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, product_id);

  return ewe_sqlite_step_done (stmt, error);
}

static gboolean
sqlite_product_delete (EwsStorage    *storage,
                       EwsProductKind kind,
                       const char    *product_id,
                       GError       **error)
{
  if (!ews_sqlite_begin (storage, error))
    return FALSE;

  return ews_sqlite_end (storage, delete_product (EWS_STORAGE_SQLITE (storage), kind, product_id, error), error);
}

void
ews_storage_sqlite_products_init_iface (EwsStorageInterface *iface)
{
  iface->product_insert = sqlite_product_insert;
  iface->product_get = sqlite_product_get;
  iface->product_find_by_url = sqlite_product_find_by_url;
  iface->products_all = sqlite_products_all;
  iface->product_delete = sqlite_product_delete;
}
