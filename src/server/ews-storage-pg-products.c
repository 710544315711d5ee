/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include "ews-storage-pg-private.h"
#include "ews-storage-rules.h"

/* The catalogue (`products`) and user-added products (`notfound`), as in
 * ews-storage-sqlite-products.c: one shape, two tables, the not-found one
 * without search_hidden. */

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
             "created_by, false, created_at, currency FROM notfound ";
    default:
      g_assert_not_reached ();
    }
}

static const char *
gift_type (EwsProductKind kind)
{
  return kind == EWS_PRODUCT_KIND_NOTFOUND ? "notfound" : "products";
}

static EwsProduct *
product_from_row (const PGresult *result,
                  int             row)
{
  EwsProduct *product = g_new0 (EwsProduct, 1);

  product->product_id = ews_pg_dup (result, row, 0);
  product->brand = ews_pg_dup (result, row, 1);
  product->details = ews_pg_dup (result, row, 2);
  product->retailer = ews_pg_dup (result, row, 3);
  product->product_url = ews_pg_dup (result, row, 4);
  product->image_url = ews_pg_dup (result, row, 5);
  product->price = ews_pg_dup (result, row, 6);
  product->created_by = ews_pg_dup (result, row, 7);
  product->search_hidden = ews_pg_bool (result, row, 8);
  product->created_at = ews_pg_int64 (result, row, 9);
  product->currency = ews_pg_dup (result, row, 10);

  return product;
}

static EwsProduct *
one_product (PGresult   *result,
             const char *not_found,
             GError    **error)
{
  if (result == NULL)
    return NULL;

  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, not_found);
      return NULL;
    }

  return product_from_row (result, 0);
}

static gboolean
pg_product_insert (EwsStorage       *storage,
                   EwsProductKind    kind,
                   const EwsProduct *product,
                   GError          **error)
{
  g_autoptr(PGresult) result = NULL;
  char created_at[32];

  g_snprintf (created_at, sizeof created_at, "%" G_GINT64_FORMAT,
              product->created_at ? product->created_at : g_get_real_time () / G_USEC_PER_SEC);

  if (kind == EWS_PRODUCT_KIND_CATALOGUE)
    {
      const char *params[] = {
        product->product_id,
        product->brand,
        product->details,
        product->retailer,
        product->product_url,
        product->image_url,
        product->price,
        product->created_by,
        product->search_hidden ? "true" : "false",
        created_at,
        product->currency,
      };

      result = ews_pg_run (storage, "INSERT INTO products (product_id, brand, details, retailer, product_url, "
                                    "image_url, price, created_by, search_hidden, created_at, currency) "
                                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                           G_N_ELEMENTS (params), params, error);
    }
  else
    {
      const char *params[] = {
        product->product_id,
        product->brand,
        product->details,
        product->product_url,
        product->image_url,
        product->price,
        product->created_by,
        created_at,
        product->currency,
        product->retailer,
      };

      result = ews_pg_run (storage, "INSERT INTO notfound (product_id, brand, details, product_url, "
                                    "image_url, price, created_by, created_at, currency, retailer) "
                                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                           G_N_ELEMENTS (params), params, error);
    }

  return result != NULL;
}

static EwsProduct *
pg_product_get (EwsStorage    *storage,
                EwsProductKind kind,
                const char    *product_id,
                GError       **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autofree char *sql = g_strconcat (select_sql (kind), "WHERE product_id = $1", NULL);
  const char      *params[] = { product_id };

  result = ews_pg_run (storage, sql, 1, params, error);
  return one_product (result, EWS_STORAGE_NO_SUCH_PRODUCT, error);
}

static EwsProduct *
pg_product_find_by_url (EwsStorage *storage,
                        const char *product_url,
                        GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char      *params[] = { product_url };
  /* The oldest entry that may be found, hidden ones skipped before the
   * pick (see ews-storage-sqlite-products.c); seq is the order they were
   * added in. */
  g_autofree char *sql = g_strconcat (select_sql (EWS_PRODUCT_KIND_CATALOGUE),
                                      "WHERE product_url = $1 AND NOT search_hidden "
                                      "ORDER BY created_at, seq, product_id LIMIT 1",
                                      NULL);

  result = ews_pg_run (storage, sql, 1, params, error);
  return one_product (result, "No product has this URL.", error);
}

static GPtrArray *
pg_products_all (EwsStorage    *storage,
                 EwsProductKind kind,
                 GError       **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autofree char *sql = g_strconcat (select_sql (kind), "ORDER BY created_at, product_id", NULL);
  GPtrArray       *products;

  result = ews_pg_run (storage, sql, 0, NULL, error);
  if (result == NULL)
    return NULL;

  products = g_ptr_array_new_with_free_func ((GDestroyNotify)ews_product_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (products, product_from_row (result, row));

  return products;
}

/* A product that is a gift on some list stays (see
 * ews-storage-sqlite-products.c). The product's row is locked while the
 * gifts are counted, so two deletions do not both count. */
static gboolean
delete_product (EwsStorage    *storage,
                EwsProductKind kind,
                const char    *product_id,
                GError       **error)
{
  g_autoptr(PGresult) locked = NULL;
  g_autoptr(PGresult) counted = NULL;
  g_autoptr(PGresult) deleted = NULL;
  g_autoptr(EwsProduct) product = NULL;
  g_autofree char *sql = g_strconcat (select_sql (kind), "WHERE product_id = $1 FOR UPDATE", NULL);
  const char      *params[] = { product_id, gift_type (kind) };
  gint64           n_lists;

  locked = ews_pg_run (storage, sql, 1, params, error);
  product = one_product (locked, EWS_STORAGE_NO_SUCH_PRODUCT, error);
  if (product == NULL)
    return FALSE;

  counted = ews_pg_run (storage, "SELECT count(*) FROM gifts WHERE product_id = $1 AND type = $2", 2, params, error);
  if (counted == NULL)
    return FALSE;
  n_lists = ews_pg_int64 (counted, 0, 0);

  if (!ews_storage_rules_check_product_unused (n_lists, error))
    return FALSE;

  deleted = ews_pg_run (storage,
                        kind == EWS_PRODUCT_KIND_NOTFOUND ? "DELETE FROM notfound WHERE product_id = $1"
                                                          : "DELETE FROM products WHERE product_id = $1",
                        1, params, error);
  return deleted != NULL;
}

static gboolean
pg_product_delete (EwsStorage    *storage,
                   EwsProductKind kind,
                   const char    *product_id,
                   GError       **error)
{
  if (!ews_pg_begin (storage, error))
    return FALSE;

  return ews_pg_end (storage, delete_product (storage, kind, product_id, error), error);
}

void
ews_storage_pg_products_init_iface (EwsStorageInterface *iface)
{
  iface->product_insert = pg_product_insert;
  iface->product_get = pg_product_get;
  iface->product_find_by_url = pg_product_find_by_url;
  iface->products_all = pg_products_all;
  iface->product_delete = pg_product_delete;
}
