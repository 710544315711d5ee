/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store"

#include "config.h"

#include "ewe-store-db-private.h"

/* The live models of a list's gifts and of its reservations: loaded from
 * the store the first time someone asks, kept up to date by
 * ewe-store.c's apply_changes() for as long as someone holds them, and
 * forgotten when nobody does. */

/* --- per-list models ---------------------------------------------------- */

const char *
ewe_store_gift_key (gpointer item)
{
  return ewe_gift_get_product_id (item);
}

const char *
ewe_store_reservation_key (gpointer item)
{
  return ewe_reservation_get_id (item);
}

void
ewe_store_item_model_free (EweStoreItemModel *im)
{
  g_hash_table_unref (im->by_key);
  g_free (im->list_id);
  g_free (im);
}

static void
item_model_weak_notify_cb (gpointer data,
                           GObject *where_the_object_was)
{
  EweStoreItemModel *im = data;

  /* Nobody holds the model any more: forget it; the next load reads it
   * from the store again. */
  g_hash_table_remove (im->registry, im->list_id);
}

static EweStoreItemModel *
item_model_new (EweStore   *self,
                GHashTable *registry,
                GType       item_type,
                const char *(*key) (gpointer item),
                const char *list_id,
                GPtrArray  *items)
{
  EweStoreItemModel *im = g_new0 (EweStoreItemModel, 1);

  im->store = self;
  im->registry = registry;
  im->key = key;
  im->list_id = g_strdup (list_id);
  im->model = g_list_store_new (item_type);
  im->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);

      g_hash_table_insert (im->by_key, g_strdup (key (item)), item);
    }

  /* One items-changed for the whole list. */
  g_list_store_splice (im->model, 0, 0, items->pdata, items->len);

  g_object_weak_ref (G_OBJECT (im->model), item_model_weak_notify_cb, im);
  g_hash_table_insert (registry, g_strdup (list_id), im);

  return im;
}

void
ewe_store_item_model_remove (EweStoreItemModel *im,
                             gpointer           item)
{
  guint position;

  g_hash_table_remove (im->by_key, im->key (item));
  if (g_list_store_find (im->model, item, &position))
    g_list_store_remove (im->model, position);
}

void
ewe_store_item_model_clear (EweStoreItemModel *im)
{
  g_hash_table_remove_all (im->by_key);
  g_list_store_remove_all (im->model);
}

/* Adds @values, or copies them into the live item with the same key. */
void
ewe_store_item_model_upsert (EweStoreItemModel *im,
                             gpointer           values)
{
  gpointer live = g_hash_table_lookup (im->by_key, im->key (values));

  if (live == NULL)
    {
      g_hash_table_insert (im->by_key, g_strdup (im->key (values)), values);
      g_list_store_append (im->model, values);
    }
  else if (EWE_IS_GIFT (live))
    ewe_gift_update_from (live, values);
  else
    ewe_reservation_update_from (live, values);
}

/* A list's id changed: the model follows, and so do its items. */
void
ewe_store_item_model_rename_list (GHashTable *registry,
                                  const char *old_id,
                                  const char *new_id)
{
  EweStoreItemModel *im;
  gpointer           key;
  guint              n;

  if (!g_hash_table_steal_extended (registry, old_id, &key, (gpointer *)&im))
    return;

  g_free (key);
  g_free (im->list_id);
  im->list_id = g_strdup (new_id);
  g_hash_table_insert (registry, g_strdup (new_id), im);

  n = g_list_model_get_n_items (G_LIST_MODEL (im->model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (im->model), i);

      if (EWE_IS_GIFT (item))
        ewe_gift_set_list_id (EWE_GIFT (item), new_id);
      else
        ewe_reservation_set_list_id (EWE_RESERVATION (item), new_id);
    }
}

/* Before the store goes: the models may outlive it, and must not call
 * back into it when they do. */
void
ewe_store_item_models_forget (GHashTable *registry)
{
  GHashTableIter     iter;
  EweStoreItemModel *im;

  g_hash_table_iter_init (&iter, registry);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&im))
    g_object_weak_unref (G_OBJECT (im->model), item_model_weak_notify_cb, im);
}

/* --- loading gifts and reservations --------------------------------------- */

static gboolean
run_load_gifts (EweStore    *self,
                EweStoreJob *job,
                GError     **error)
{
  g_autofree char *list_id = ewe_store_db_resolve_id (self->db, job->list_id);

  job->rows = ewe_store_db_load_gifts (self->db, list_id, error);
  return job->rows != NULL;
}

static gboolean
run_load_reservations (EweStore    *self,
                       EweStoreJob *job,
                       GError     **error)
{
  job->rows = ewe_store_db_load_reservations (self->db, job->list_id, error);
  return job->rows != NULL;
}

static void
complete_load (EweStoreJob *job,
               GHashTable  *registry,
               GType        item_type,
               const char *(*key) (gpointer item))
{
  EweStore          *self = g_task_get_source_object (job->task);
  const char        *list_id = ewe_list_get_id (job->list);
  EweStoreItemModel *im = g_hash_table_lookup (registry, list_id);

  /* Loaded twice at once, or already there: the first model is the one. */
  if (im == NULL)
    im = item_model_new (self, registry, item_type, key, list_id, job->rows);
  else
    g_object_ref (im->model);

  g_task_return_pointer (job->task, im->model, g_object_unref);
}

static void
complete_load_gifts (EweStore    *self,
                     EweStoreJob *job)
{
  complete_load (job, self->gift_models, EWE_TYPE_GIFT, ewe_store_gift_key);
}

static void
complete_load_reservations (EweStore    *self,
                            EweStoreJob *job)
{
  complete_load (job, self->reservation_models, EWE_TYPE_RESERVATION, ewe_store_reservation_key);
}

static void
load_items (EweStore               *self,
            EweList                *list,
            GHashTable             *registry,
            EweStoreJobRunFunc      run,
            EweStoreJobCompleteFunc complete,
            GCancellable           *cancellable,
            GAsyncReadyCallback     callback,
            gpointer                user_data,
            gpointer                source_tag)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  EweStoreJob       *job;
  EweStoreItemModel *im;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  if (!ewe_store_check_list (self, list, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  im = g_hash_table_lookup (registry, ewe_list_get_id (list));
  if (im != NULL)
    {
      g_task_return_pointer (task, g_object_ref (im->model), g_object_unref);
      return;
    }

  job = ewe_store_job_new (task, run);
  job->complete = complete;
  job->list_id = g_strdup (ewe_list_get_id (list));
  job->list = g_object_ref (list); /* only read back on this thread */
  ewe_store_queue_job (self, job);
}

/**
 * ewe_store_load_gifts_async:
 * @list: a live list of this store
 *
 * Gets the gifts of @list as a live GListModel of EweGift, in the order
 * they were added, read from the store the first time and kept up to date
 * for as long as someone holds it.
 */
void
ewe_store_load_gifts_async (EweStore           *self,
                            EweList            *list,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_LIST (list));

  load_items (self, list, self->gift_models, run_load_gifts, complete_load_gifts,
              cancellable, callback, user_data, ewe_store_load_gifts_async);
}

/**
 * ewe_store_load_gifts_finish:
 *
 * Returns: (transfer full): a GListModel of EweGift
 */
GListModel *
ewe_store_load_gifts_finish (EweStore     *self,
                             GAsyncResult *result,
                             GError      **error)
{
  return ewe_store_finish_pointer (self, result, ewe_store_load_gifts_async, error);
}

/**
 * ewe_store_load_reservations_async:
 * @list: a live list of this store
 *
 * Gets the guests' reservations of @list's gifts, as the last pull saw
 * them, as a live GListModel of EweReservation kept up to date by later
 * pulls. They are the server's: the app only ever reads them.
 */
void
ewe_store_load_reservations_async (EweStore           *self,
                                   EweList            *list,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_LIST (list));

  load_items (self, list, self->reservation_models, run_load_reservations, complete_load_reservations,
              cancellable, callback, user_data, ewe_store_load_reservations_async);
}

/**
 * ewe_store_load_reservations_finish:
 *
 * Returns: (transfer full): a GListModel of EweReservation
 */
GListModel *
ewe_store_load_reservations_finish (EweStore     *self,
                                    GAsyncResult *result,
                                    GError      **error)
{
  return ewe_store_finish_pointer (self, result, ewe_store_load_reservations_async, error);
}
