/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store"

#include "config.h"

#include "ewe-store-db-private.h"

/* The products behind a pulled list's gifts: the server's list names each
 * gift's product only by id, so the sync engine asks the store which it
 * already knows (from this list, or another) before it reads the rest
 * from the server. */

#define PRODUCT_COLUMNS "brand, details, product_url, image_url, price, retailer, currency"

static gboolean
gift_has_product (EweGift *gift)
{
  return ewe_gift_get_brand (gift) != NULL || ewe_gift_get_details (gift) != NULL;
}

static void
take_product (EweGift      *gift,
              sqlite3_stmt *stmt,
              int           first)
{
  ewe_gift_set_brand (gift, ewe_sqlite_column_text (stmt, first));
  ewe_gift_set_details (gift, ewe_sqlite_column_text (stmt, first + 1));
  ewe_gift_set_product_url (gift, ewe_sqlite_column_text (stmt, first + 2));
  ewe_gift_set_image_url (gift, ewe_sqlite_column_text (stmt, first + 3));
  ewe_gift_set_price (gift, ewe_sqlite_column_text (stmt, first + 4));
  ewe_gift_set_retailer (gift, ewe_sqlite_column_text (stmt, first + 5));
  ewe_gift_set_currency (gift, ewe_sqlite_column_text (stmt, first + 6));
}

static gboolean
run_fill_products (EweStore    *self,
                   EweStoreJob *job,
                   GError     **error)
{
  sqlite3 *db = ewe_store_get_db (self);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  for (guint i = 0; i < job->gifts->len; i++)
    {
      EweGift *gift = g_ptr_array_index (job->gifts, i);

      if (!gift_has_product (gift))
        g_hash_table_insert (by_id, (gpointer)ewe_gift_get_product_id (gift), gift);
    }

  /* This list's own rows first: one look along its index. */
  stmt = ewe_sqlite_prepare (db, "SELECT product_id, " PRODUCT_COLUMNS " FROM gifts "
                                 "WHERE list_id = ? AND (brand IS NOT NULL OR details IS NOT NULL)",
                             error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, job->list_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EweGift *gift = g_hash_table_lookup (by_id, ewe_sqlite_column_text (stmt, 0));

      if (gift != NULL)
        {
          take_product (gift, stmt, 1);
          g_hash_table_remove (by_id, ewe_gift_get_product_id (gift));
        }
    }
  if (rc != SQLITE_DONE)
    return ewe_sqlite_set_error (db, rc, error);

  if (g_hash_table_size (by_id) == 0)
    return TRUE;

  /* New to this list: the same product may be on another one already.
   * One look along the table (product ids have no index of their own),
   * not one per gift: a fresh device's first pull brings thousands. */
  g_clear_pointer (&stmt, ewe_sqlite_release);
  stmt = ewe_sqlite_prepare (db, "SELECT product_id, " PRODUCT_COLUMNS " FROM gifts "
                                 "WHERE list_id != ? AND (brand IS NOT NULL OR details IS NOT NULL)",
                             error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, job->list_id);
  while (g_hash_table_size (by_id) > 0 && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EweGift *gift = g_hash_table_lookup (by_id, ewe_sqlite_column_text (stmt, 0));

      if (gift != NULL)
        {
          take_product (gift, stmt, 1);
          g_hash_table_remove (by_id, ewe_gift_get_product_id (gift));
        }
    }
  if (g_hash_table_size (by_id) > 0 && rc != SQLITE_DONE)
    return ewe_sqlite_set_error (db, rc, error);

  return TRUE;
}

static void
complete_fill_products (EweStore    *self,
                        EweStoreJob *job)
{
  g_task_return_pointer (job->task, g_steal_pointer (&job->gifts), (GDestroyNotify)g_ptr_array_unref);
}

/**
 * ewe_store_fill_products_async:
 * @list_id: the list the gifts are on
 * @gifts: (element-type EweGift): gifts as the server sent them, without
 *   their products' details
 *
 * Reads nothing from the server: copies @gifts and fills in the details
 * (brand, name, links, price, shop) of every product the store already
 * knows, from this list or another. The result's gifts still without
 * details are those the server must be asked about.
 */
void
ewe_store_fill_products_async (EweStore           *self,
                               const char         *list_id,
                               GPtrArray          *gifts,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (list_id != NULL);
  g_return_if_fail (gifts != NULL);

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_fill_products_async);
  job = ewe_store_job_new (task, run_fill_products);
  job->complete = complete_fill_products;
  job->list_id = g_strdup (list_id);
  job->gifts = g_ptr_array_new_full (gifts->len, g_object_unref);
  for (guint i = 0; i < gifts->len; i++)
    g_ptr_array_add (job->gifts, ewe_gift_copy (g_ptr_array_index (gifts, i)));
  ewe_store_queue_job (self, job);
}

/**
 * ewe_store_fill_products_finish:
 *
 * Returns: (transfer container) (element-type EweGift): the copies, filled
 *   in where the store knew the product
 */
GPtrArray *
ewe_store_fill_products_finish (EweStore     *self,
                                GAsyncResult *result,
                                GError      **error)
{
  return ewe_store_finish_pointer (self, result, ewe_store_fill_products_async, error);
}
