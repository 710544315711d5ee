/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-store-db-private.h"

/* The local store: the one place the app reads lists and gifts from.
 *
 * All SQLite work happens on one worker thread fed by a queue, so the main
 * loop never waits on the disk and transactions never interleave. Each job
 * runs there, then its result is applied on the caller's main context, in
 * the order the jobs were queued: first to the live objects and models
 * (updating the objects in place, so whoever holds one keeps it), then to
 * the caller's callback.
 *
 * Live objects: one EweList per list, in the "lists" model; one EweGift per
 * gift, in its list's gifts model once that has been loaded. They belong to
 * the store: change them through the store, never with their setters. */

G_DEFINE_FINAL_TYPE (EweStore, ewe_store, G_TYPE_OBJECT)

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-store-error-quark, ewe_store_error)
/* clang-format on */

enum
{
  PROP_0,
  PROP_PATH,
  PROP_OUTBOX_LENGTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CONFLICT,
  GIFT_CONFLICT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- applying what a transaction changed ------------------------------- */

static void
rewrite_id (EweStore   *self,
            const char *old_id,
            const char *new_id)
{
  GHashTableIter     iter;
  EweStoreItemModel *im;
  EweList           *list;
  gpointer           key;

  /* A list id: the same object takes the new id. */
  list = g_hash_table_lookup (self->lists_by_id, old_id);
  if (list != NULL)
    {
      g_hash_table_remove (self->lists_by_id, old_id);
      ewe_list_set_id (list, new_id);
      g_hash_table_insert (self->lists_by_id, g_strdup (new_id), list);
    }

  ewe_store_item_model_rename_list (self->gift_models, old_id, new_id);
  ewe_store_item_model_rename_list (self->reservation_models, old_id, new_id);

  /* A product id: the gift objects that carry it take the new one. */
  g_hash_table_iter_init (&iter, self->gift_models);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&im))
    {
      EweGift *gift;

      if (g_hash_table_steal_extended (im->by_key, old_id, &key, (gpointer *)&gift))
        {
          g_free (key);
          ewe_gift_set_product_id (gift, new_id);
          g_hash_table_insert (im->by_key, g_strdup (new_id), gift);
        }
    }
}

static void
remove_list (EweStore   *self,
             const char *id)
{
  EweList           *list = g_hash_table_lookup (self->lists_by_id, id);
  EweStoreItemModel *gifts = g_hash_table_lookup (self->gift_models, id);
  EweStoreItemModel *reservations = g_hash_table_lookup (self->reservation_models, id);
  guint              position;

  if (gifts != NULL)
    ewe_store_item_model_clear (gifts);
  if (reservations != NULL)
    ewe_store_item_model_clear (reservations);

  if (list != NULL)
    {
      /* The model may hold the last ref: take ours before removing. */
      g_autoptr(EweList) keep = g_object_ref (list);

      g_hash_table_remove (self->lists_by_id, id);
      if (g_list_store_find (self->lists, keep, &position))
        g_list_store_remove (self->lists, position);
    }
}

static void
apply_changes (EweStore        *self,
               EweStoreChanges *changes)
{
  for (guint i = 0; i + 1 < changes->rewrites->len; i += 2)
    rewrite_id (self,
                g_ptr_array_index (changes->rewrites, i),
                g_ptr_array_index (changes->rewrites, i + 1));

  for (guint i = 0; i < changes->removed_lists->len; i++)
    remove_list (self, g_ptr_array_index (changes->removed_lists, i));

  for (guint i = 0; i < changes->lists->len; i++)
    {
      EweList *values = g_ptr_array_index (changes->lists, i);
      EweList *live = g_hash_table_lookup (self->lists_by_id, ewe_list_get_id (values));

      if (live != NULL)
        ewe_list_update_from (live, values);
      else
        {
          /* The detached row becomes the live object. */
          g_hash_table_insert (self->lists_by_id, g_strdup (ewe_list_get_id (values)), values);
          g_list_store_append (self->lists, values);
        }
    }

  for (guint i = 0; i < changes->removed_gifts->len; i++)
    {
      EweGift           *values = g_ptr_array_index (changes->removed_gifts, i);
      EweStoreItemModel *im = g_hash_table_lookup (self->gift_models, ewe_gift_get_list_id (values));
      EweGift           *live;

      if (im != NULL && (live = g_hash_table_lookup (im->by_key, ewe_store_gift_key (values))) != NULL)
        ewe_store_item_model_remove (im, live);
    }

  /* Lists whose gifts nobody looks at are skipped: the store has them. */
  for (guint i = 0; i < changes->gifts->len; i++)
    {
      EweGift           *values = g_ptr_array_index (changes->gifts, i);
      EweStoreItemModel *im = g_hash_table_lookup (self->gift_models, ewe_gift_get_list_id (values));

      if (im != NULL)
        ewe_store_item_model_upsert (im, values);
    }

  for (guint i = 0; i < changes->removed_reservations->len; i++)
    {
      EweReservation    *values = g_ptr_array_index (changes->removed_reservations, i);
      EweStoreItemModel *im = g_hash_table_lookup (self->reservation_models, ewe_reservation_get_list_id (values));
      EweReservation    *live;

      if (im != NULL && (live = g_hash_table_lookup (im->by_key, ewe_store_reservation_key (values))) != NULL)
        ewe_store_item_model_remove (im, live);
    }

  for (guint i = 0; i < changes->reservations->len; i++)
    {
      EweReservation    *values = g_ptr_array_index (changes->reservations, i);
      EweStoreItemModel *im = g_hash_table_lookup (self->reservation_models, ewe_reservation_get_list_id (values));

      if (im != NULL)
        ewe_store_item_model_upsert (im, values);
    }

  for (guint i = 0; i < changes->conflicts->len; i++)
    {
      EweStoreConflict *conflict = g_ptr_array_index (changes->conflicts, i);
      EweList          *live = g_hash_table_lookup (self->lists_by_id, conflict->list_id);

      if (live != NULL)
        g_signal_emit (self, signals[CONFLICT], 0, live, conflict->theirs, conflict->fields);
    }

  for (guint i = 0; i < changes->gift_conflicts->len; i++)
    {
      EweStoreGiftConflict *conflict = g_ptr_array_index (changes->gift_conflicts, i);
      EweStoreItemModel    *im = g_hash_table_lookup (self->gift_models, ewe_gift_get_list_id (conflict->ours));
      EweGift              *live = im ? g_hash_table_lookup (im->by_key, ewe_store_gift_key (conflict->ours)) : NULL;

      g_signal_emit (self, signals[GIFT_CONFLICT], 0, live ? live : conflict->ours,
                     conflict->theirs, conflict->fields);
    }
}

/* --- jobs -------------------------------------------------------------- */

static void
job_free (EweStoreJob *job)
{
  g_clear_object (&job->task);
  g_clear_pointer (&job->list_id, g_free);
  g_clear_pointer (&job->product_id, g_free);
  g_clear_pointer (&job->text, g_free);
  g_clear_object (&job->list);
  g_clear_object (&job->gift);
  g_clear_pointer (&job->gifts, g_ptr_array_unref);
  g_clear_pointer (&job->reservations, g_ptr_array_unref);
  g_clear_pointer (&job->ids, g_strfreev);
  g_clear_pointer (&job->entry_ids, g_array_unref);
  g_clear_pointer (&job->changes, ewe_store_changes_free);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_clear_pointer (&job->pending_lists, g_hash_table_unref);
  g_clear_error (&job->error);
  g_free (job);
}

EweStoreJob *
ewe_store_job_new (GTask             *task,
                   EweStoreJobRunFunc run)
{
  EweStoreJob *job = g_new0 (EweStoreJob, 1);

  job->task = g_object_ref (task);
  job->run = run;
  job->changes = ewe_store_changes_new ();
  job->outbox_length = -1;

  return job;
}

/* The lists with entries in the outbox, by jumping from one list id to the
 * next through the outbox_by_target index: a few lookups per list, rather
 * than reading every entry as SELECT DISTINCT would after each edit. */
#define PENDING_LISTS_SQL                                                  \
  "WITH RECURSIVE pending (id) AS ("                                       \
  "  SELECT MIN (list_id) FROM outbox"                                     \
  "  UNION ALL"                                                            \
  "  SELECT (SELECT MIN (list_id) FROM outbox WHERE list_id > pending.id)" \
  "  FROM pending WHERE pending.id IS NOT NULL"                            \
  ") SELECT id FROM pending WHERE id IS NOT NULL"

/* Which lists have edits waiting in the outbox, for their
 * "has-pending-changes". */
static void
update_pending_flags (EweStore   *self,
                      GHashTable *pending_lists)
{
  GHashTableIter iter;
  const char    *id;
  EweList       *list;

  if (pending_lists == NULL)
    return;

  g_hash_table_iter_init (&iter, self->lists_by_id);
  while (g_hash_table_iter_next (&iter, (gpointer *)&id, (gpointer *)&list))
    ewe_list_set_has_pending_changes (list, g_hash_table_contains (pending_lists, id));
}

static gboolean
job_complete_cb (gpointer data)
{
  EweStoreJob *job = data;
  EweStore    *self = g_task_get_source_object (job->task);

  if (job->error == NULL)
    apply_changes (self, job->changes);
  update_pending_flags (self, job->pending_lists);

  if (job->outbox_length >= 0 && (guint)job->outbox_length != self->outbox_length)
    {
      self->outbox_length = job->outbox_length;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTBOX_LENGTH]);
    }

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else if (job->complete != NULL)
    job->complete (self, job);
  else
    g_task_return_boolean (job->task, TRUE);

  job_free (job);

  return G_SOURCE_REMOVE;
}

static gpointer
worker_main (gpointer data)
{
  EweStore *self = data;
  int       last_outbox_length = -1;

  for (;;)
    {
      EweStoreJob  *job = g_async_queue_pop (self->queue);
      GCancellable *cancellable;
      GSource      *source;

      if (job->quit)
        {
          job_free (job);
          break;
        }

      /* A job cancelled before it ran changes nothing; once it has
       * committed, it reports success even if cancelled since. */
      cancellable = g_task_get_cancellable (job->task);
      if (!g_cancellable_set_error_if_cancelled (cancellable, &job->error))
        {
          if (!job->run (self, job, &job->error))
            g_assert (job->error != NULL);
          else if (self->db != NULL)
            {
              job->outbox_length = ewe_store_db_count_outbox (self->db);

              /* Which lists wait on the outbox changes only when the
               * outbox does, or when ids were rewritten. */
              if (job->outbox_length != last_outbox_length || job->changes->rewrites->len > 0)
                job->pending_lists = ewe_store_db_collect (self->db, PENDING_LISTS_SQL, NULL, NULL);
              last_outbox_length = job->outbox_length;
            }
        }

      source = g_idle_source_new ();
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, job_complete_cb, job, NULL);
      g_source_set_static_name (source, "[ewe-store] job complete");
      g_source_attach (source, g_task_get_context (job->task));
      g_source_unref (source);
    }

  return NULL;
}

static void
start_worker (EweStore *self)
{
  self->thread = g_thread_new ("ewe-store", worker_main, self);
}

void
ewe_store_queue_job (EweStore    *self,
                     EweStoreJob *job)
{
  g_async_queue_push (self->queue, job);
}

/* --- GObject ----------------------------------------------------------- */

static void
ewe_store_finalize (GObject *object)
{
  EweStore *self = (EweStore *)object;
  /* Every job holds a ref on us through its task, so the queue is empty
   * here: stop the worker, then close the file. */
  if (self->thread != NULL)
    {
      EweStoreJob *quit = g_new0 (EweStoreJob, 1);

      quit->quit = TRUE;
      g_async_queue_push (self->queue, quit);
      g_thread_join (self->thread);
    }

  g_clear_pointer (&self->db, ewe_store_db_close);
  g_clear_pointer (&self->queue, g_async_queue_unref);

  ewe_store_item_models_forget (self->gift_models);
  ewe_store_item_models_forget (self->reservation_models);
  g_clear_pointer (&self->gift_models, g_hash_table_unref);
  g_clear_pointer (&self->reservation_models, g_hash_table_unref);
  g_clear_pointer (&self->lists_by_id, g_hash_table_unref);
  g_clear_object (&self->lists);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ewe_store_parent_class)->finalize (object);
}

static void
ewe_store_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  EweStore *self = EWE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_OUTBOX_LENGTH:
      g_value_set_uint (value, self->outbox_length);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_store_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  EweStore *self = EWE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_store_class_init (EweStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ewe_store_finalize;
  object_class->get_property = ewe_store_get_property;
  object_class->set_property = ewe_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, "The SQLite file",
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /* How many edits wait to be sent: for "3 changes not synced yet". */
  properties[PROP_OUTBOX_LENGTH] =
    g_param_spec_uint ("outbox-length", NULL, "How many edits wait to be sent",
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EweStore::conflict:
   * @list: the live list, which keeps the edits made here
   * @theirs: a detached copy of the list as another device left it
   * @fields: the property names both changed ("title", "event-date"…)
   *
   * A merge found fields edited both here (not yet sent) and elsewhere.
   * The edit made here is kept and sent next, so it wins on the server
   * too; this is for telling the user what the other side wrote.
   */
  signals[CONFLICT] =
    g_signal_new ("conflict",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, EWE_TYPE_LIST, EWE_TYPE_LIST, G_TYPE_STRV);

  /**
   * EweStore::gift-conflict:
   * @gift: the gift, keeping the edits made here (the live object when
   *   its list's gifts are loaded, else a detached copy)
   * @theirs: a detached copy of the gift as another device left it
   * @fields: "quantity" and/or "notes"
   *
   * Like #EweStore::conflict, for a gift on one of the user's lists.
   */
  signals[GIFT_CONFLICT] =
    g_signal_new ("gift-conflict",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, EWE_TYPE_GIFT, EWE_TYPE_GIFT, G_TYPE_STRV);
}

static void
ewe_store_init (EweStore *self)
{
  self->queue = g_async_queue_new ();
  self->lists = g_list_store_new (EWE_TYPE_LIST);
  self->lists_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->gift_models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify)ewe_store_item_model_free);
  self->reservation_models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    (GDestroyNotify)ewe_store_item_model_free);
}

/* --- opening ----------------------------------------------------------- */

static void
populate_lists (EweStore  *self,
                GPtrArray *lists)
{
  for (guint i = 0; i < lists->len; i++)
    {
      EweList *list = g_ptr_array_index (lists, i);

      g_hash_table_insert (self->lists_by_id, g_strdup (ewe_list_get_id (list)), list);
    }

  g_list_store_splice (self->lists, 0, 0, lists->pdata, lists->len);
}

static gboolean
run_open (EweStore    *self,
          EweStoreJob *job,
          GError     **error)
{
  if (!(self->db = ewe_store_db_open (self->path, error)))
    return FALSE;

  job->rows = ewe_store_db_load_lists (self->db, error);
  return job->rows != NULL;
}

static void
complete_open (EweStore    *self,
               EweStoreJob *job)
{
  populate_lists (self, job->rows);
  update_pending_flags (self, job->pending_lists);
  g_task_return_pointer (job->task, g_object_ref (self), g_object_unref);
}

/**
 * ewe_store_open_async:
 * @path: the SQLite file, from ewe_paths_get_drafts_store_file() or
 *   ewe_paths_get_account_store_file(); created if missing
 *
 * Opens the store, upgrading an older file to the current schema, and
 * loads its lists into ewe_store_get_lists() before completing.
 */
void
ewe_store_open_async (const char         *path,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr(EweStore) self = NULL;
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  self = g_object_new (EWE_TYPE_STORE, "path", path, NULL);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_store_open_async);

  start_worker (self);
  job = ewe_store_job_new (task, run_open);
  job->complete = complete_open;
  ewe_store_queue_job (self, job);
}

EweStore *
ewe_store_open_finish (GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_store_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ewe_store_open_sync:
 *
 * Like ewe_store_open_async() but blocks: for tests, benchmarks and
 * command-line tools, never for the app's main thread.
 */
EweStore *
ewe_store_open_sync (const char *path,
                     GError    **error)
{
  g_autoptr(EweStore) self = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GHashTable) pending = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (EWE_TYPE_STORE, "path", path, NULL);

  /* The worker is not running yet, so this thread may use the file. */
  if (!(self->db = ewe_store_db_open (path, error)) ||
      !(lists = ewe_store_db_load_lists (self->db, error)))
    return NULL;

  self->outbox_length = ewe_store_db_count_outbox (self->db);
  pending = ewe_store_db_collect (self->db, PENDING_LISTS_SQL, NULL, error);
  if (pending == NULL)
    return NULL;
  populate_lists (self, lists);
  update_pending_flags (self, pending);
  start_worker (self);

  return g_steal_pointer (&self);
}

const char *
ewe_store_get_path (EweStore *self)
{
  g_return_val_if_fail (EWE_IS_STORE (self), NULL);

  return self->path;
}

guint
ewe_store_get_outbox_length (EweStore *self)
{
  g_return_val_if_fail (EWE_IS_STORE (self), 0);

  return self->outbox_length;
}

/**
 * ewe_store_get_lists:
 *
 * Returns: (transfer none): the live lists, in the order they were made.
 */
GListModel *
ewe_store_get_lists (EweStore *self)
{
  g_return_val_if_fail (EWE_IS_STORE (self), NULL);

  return G_LIST_MODEL (self->lists);
}

/**
 * ewe_store_lookup_list:
 *
 * Returns: (transfer none) (nullable): the live list with this id.
 */
EweList *
ewe_store_lookup_list (EweStore   *self,
                       const char *id)
{
  g_return_val_if_fail (EWE_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->lists_by_id, id);
}

/* For ewe-store-edits.c and ewe-store-sync.c: the connection, which only
 * the worker may touch, and a gift's live object if its list's gifts model
 * is loaded. */
sqlite3 *
ewe_store_get_db (EweStore *self)
{
  return self->db;
}

EweGift *
ewe_store_lookup_gift (EweStore   *self,
                       const char *list_id,
                       const char *product_id)
{
  EweStoreItemModel *im = g_hash_table_lookup (self->gift_models, list_id);

  if (im == NULL)
    return NULL;

  return g_hash_table_lookup (im->by_key, product_id);
}

/* --- common checks ----------------------------------------------------- */

GTask *
ewe_store_new_task (EweStore           *self,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data,
                    gpointer            source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  /* Once committed, an edit is reported as done even if cancelled since:
   * the caller must not believe it did not happen. */
  g_task_set_check_cancellable (task, FALSE);

  return task;
}

gboolean
ewe_store_finish_boolean (EweStore     *self,
                          GAsyncResult *result,
                          gpointer      source_tag,
                          GError      **error)
{
  g_return_val_if_fail (EWE_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* What the task of @source_tag returned, for the finish functions whose
 * result is an object or an array. */
gpointer
ewe_store_finish_pointer (EweStore     *self,
                          GAsyncResult *result,
                          gpointer      source_tag,
                          GError      **error)
{
  g_return_val_if_fail (EWE_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
ewe_store_check_list (EweStore *self,
                      EweList  *list,
                      GError  **error)
{
  const char *id = ewe_list_get_id (list);

  if (id == NULL || g_hash_table_lookup (self->lists_by_id, id) != list)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND,
                   _("This list is no longer on this device"));
      return FALSE;
    }

  return TRUE;
}
