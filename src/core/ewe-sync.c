/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "ewe-codec.h"
#include "ewe-sync.h"

/* The sync engine. A run pushes the store's outbox to the server, each
 * entry with its idempotency key, and forgets an entry in the same
 * transaction that records the server's answer (so a crash in between only
 * means the entry is sent again, and the server answers it once). Then it
 * pulls the user's lists and merges them into the store.
 *
 * Entries that do not depend on each other are on their way together (a
 * few requests at once, see must_wait() for what waits for what: edits of
 * one object, a list and what is in it, a product and its gift, the gifts
 * added to one list, the lists created, all go in outbox order), and the
 * answers that arrive meanwhile are committed together, one transaction
 * for a batch. An entry waits until what it depends on is answered; the
 * server ids that creates answer go into the entries still to send at once.
 *
 * In the background (ewe_sync_start) it runs when the outbox grows, when the
 * network comes back, every few minutes to pull friends' reservations, and
 * after a failure with exponential backoff. The network is never on the
 * path between a click and what the user sees: the store has already
 * changed by the time anything here runs. */

#define DEBOUNCE_MS          500
#define PERIODIC_PULL_SECS   (5 * 60)
#define BACKOFF_MAX_SECS     (5 * 60)
#define MAX_IN_FLIGHT        6      /* libsoup's connections per host */
#define LOOKAHEAD            256    /* entries looked at for one that may go */
#define COMMIT_BATCH         16     /* answers worth a commit without waiting for more */

struct _EweSync
{
  GObject          parent_instance;

  /* owned */
  EweStore        *store;
  EweApiClient    *client;
  GError          *last_error;
  GPtrArray       *waiters;        /* tasks of callers joining the run under way */
  GCancellable    *run_cancellable;

  /* state of the run under way */
  gboolean         syncing;
  guint            done;
  guint            total;

  /* the background loop */
  gboolean         started;
  guint            timeout_id;
  guint            failures;
  GNetworkMonitor *network_monitor; /* borrowed singleton, ref held */
};

enum {
  PROP_0,
  PROP_SYNCING,
  PROP_PROGRESS,
  PROP_PENDING,
  PROP_LAST_ERROR,
  N_PROPS
};

enum {
  CHANGE_REFUSED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (EweSync, ewe_sync, G_TYPE_OBJECT)

G_DEFINE_QUARK (ewe-sync-error-quark, ewe_sync_error)

static void run_internal (EweSync *self);

static void
ewe_sync_dispose (GObject *object)
{
  EweSync *self = (EweSync *)object;

  ewe_sync_stop (self);
  g_cancellable_cancel (self->run_cancellable);

  G_OBJECT_CLASS (ewe_sync_parent_class)->dispose (object);
}

static void
ewe_sync_finalize (GObject *object)
{
  EweSync *self = (EweSync *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->run_cancellable);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_error (&self->last_error);

  G_OBJECT_CLASS (ewe_sync_parent_class)->finalize (object);
}

static void
ewe_sync_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  EweSync *self = EWE_SYNC (object);

  switch (prop_id)
    {
    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, ewe_sync_get_progress (self));
      break;

    case PROP_PENDING:
      g_value_set_uint (value, ewe_sync_get_pending (self));
      break;

    case PROP_LAST_ERROR:
      g_value_set_boxed (value, self->last_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_sync_class_init (EweSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ewe_sync_dispose;
  object_class->finalize = ewe_sync_finalize;
  object_class->get_property = ewe_sync_get_property;

  properties [PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LAST_ERROR] =
    g_param_spec_boxed ("last-error", NULL, NULL, G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The server refused a change for good (the list was deleted elsewhere,
   * the input was invalid): the change is dropped from the outbox, and the
   * user should be told what did not reach the server, and why. */
  signals [CHANGE_REFUSED] =
    g_signal_new ("change-refused",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, EWE_TYPE_OUTBOX_ENTRY, G_TYPE_STRING);
}

static void
ewe_sync_init (EweSync *self)
{
}

static void
outbox_changed_cb (EweSync    *self,
                   GParamSpec *pspec,
                   EweStore   *store)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING]);

  if (ewe_store_get_outbox_length (store) > 0)
    ewe_sync_schedule (self);
}

EweSync *
ewe_sync_new (EweStore     *store,
              EweApiClient *client)
{
  EweSync *self;

  g_return_val_if_fail (EWE_IS_STORE (store), NULL);
  g_return_val_if_fail (EWE_IS_API_CLIENT (client), NULL);

  self = g_object_new (EWE_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);

  g_signal_connect_object (store, "notify::outbox-length",
                           G_CALLBACK (outbox_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

EweStore *
ewe_sync_get_store (EweSync *self)
{
  g_return_val_if_fail (EWE_IS_SYNC (self), NULL);

  return self->store;
}

gboolean
ewe_sync_get_syncing (EweSync *self)
{
  g_return_val_if_fail (EWE_IS_SYNC (self), FALSE);

  return self->syncing;
}

double
ewe_sync_get_progress (EweSync *self)
{
  g_return_val_if_fail (EWE_IS_SYNC (self), 0.0);

  if (!self->syncing || self->total == 0)
    return self->syncing ? 0.0 : 1.0;

  return MIN (1.0, (double)self->done / (double)self->total);
}

guint
ewe_sync_get_pending (EweSync *self)
{
  g_return_val_if_fail (EWE_IS_SYNC (self), 0);

  return ewe_store_get_outbox_length (self->store);
}

const GError *
ewe_sync_get_last_error (EweSync *self)
{
  g_return_val_if_fail (EWE_IS_SYNC (self), NULL);

  return self->last_error;
}

/* --- one run ------------------------------------------------------------ */

/* How far the push has gone with each entry read. */
typedef enum
{
  SLOT_WAITING,
  SLOT_SENDING,
  SLOT_ANSWERED,    /* the server answered; not yet committed */
  SLOT_DONE,        /* committed: forgotten by the store */
} SlotState;

typedef struct
{
  GPtrArray  *entries;     /* EweOutboxEntry, the outbox as last read */
  guint8     *states;      /* SlotState, one per entry */
  guint       first;       /* entries before it are all done */
  guint       in_flight;   /* requests on their way */
  guint       recording;   /* failed attempts being recorded */
  GArray     *batch;       /* guint: indexes of answers waiting for a commit */
  GPtrArray  *batch_server_ids;      /* char *, or NULL, one per answer */
  GArray     *committing_indexes;    /* the batch being committed */
  GPtrArray  *committing_server_ids;
  gboolean    committing;
  gboolean    reading;     /* the outbox is being read again */
  char       *refreshing;  /* the list being read back and merged */
  gboolean    stopping;    /* sending nothing more; ends once settled */
  gboolean    store_failed;
  gboolean    ended;
  GPtrArray  *list_ids;    /* the server's lists, to pull one by one */
  guint       list_index;
  GError     *stop_error;  /* why the push stopped */
  GHashTable *refreshed;   /* ids of the lists read back before updating them */
  GHashTable *server_ids;  /* local id → the id the server answered for it */
  GHashTable *by_local_id; /* local id → GArray of the indexes of entries naming it */
  GHashTable *touched_lists;     /* for pump(), kept to spare allocations */
  GHashTable *touched_products;
} Run;

static void
run_free (Run *run)
{
  g_clear_pointer (&run->entries, g_ptr_array_unref);
  g_clear_pointer (&run->states, g_free);
  g_clear_pointer (&run->batch, g_array_unref);
  g_clear_pointer (&run->batch_server_ids, g_ptr_array_unref);
  g_clear_pointer (&run->committing_indexes, g_array_unref);
  g_clear_pointer (&run->committing_server_ids, g_ptr_array_unref);
  g_clear_pointer (&run->list_ids, g_ptr_array_unref);
  g_clear_error (&run->stop_error);
  g_clear_pointer (&run->refreshed, g_hash_table_unref);
  g_clear_pointer (&run->server_ids, g_hash_table_unref);
  g_clear_pointer (&run->by_local_id, g_hash_table_unref);
  g_clear_pointer (&run->touched_lists, g_hash_table_unref);
  g_clear_pointer (&run->touched_products, g_hash_table_unref);
  g_free (run->refreshing);
  g_free (run);
}

static void
set_progress (EweSync *self,
              guint    done,
              guint    total)
{
  self->done = done;
  self->total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PROGRESS]);
}

static void
set_syncing (EweSync  *self,
             gboolean  syncing)
{
  if (self->syncing == syncing)
    return;

  self->syncing = syncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SYNCING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PROGRESS]);
}

/* Ends the run @task for every caller waiting on it; takes @error. */
static void
end_run (GTask  *task,
         GError *error)
{
  EweSync *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  g_clear_error (&self->last_error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->last_error = g_error_copy (error);

  set_syncing (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LAST_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING]);

  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter, g_error_copy (error));
      else
        g_task_return_boolean (waiter, TRUE);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Sync errors say what to do about it; API errors say what happened. */
static GError *
sync_error_from_api_error (const GError *error)
{
  if (error->domain == EWE_API_ERROR && error->code == EWE_API_ERROR_NETWORK)
    return g_error_new (EWE_SYNC_ERROR, EWE_SYNC_ERROR_OFFLINE,
                        _("Offline: changes are kept and will be sent when the server can be reached (%s)"),
                        error->message);

  if (error->domain == EWE_API_ERROR && error->code == EWE_API_ERROR_UNAUTHORIZED)
    return g_error_new (EWE_SYNC_ERROR, EWE_SYNC_ERROR_SIGNED_OUT,
                        _("Sign in again to sync your lists: %s"), error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  return g_error_new (EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED, "%s", error->message);
}

typedef struct
{
  EweApiEndpoint endpoint;
  gboolean       sends_payload;
  gboolean       answers_id;       /* the answer names the new server id */
  const char    *id_member;
} Push;

static gboolean
push_for_kind (EweOutboxKind  kind,
               Push          *push)
{
  switch (kind)
    {
    case EWE_OUTBOX_KIND_CREATE_LIST:
      *push = (Push) { EWE_API_CREATE_LIST, TRUE, TRUE, "listId" };
      return TRUE;
    case EWE_OUTBOX_KIND_UPDATE_LIST:
      *push = (Push) { EWE_API_UPDATE_LIST, TRUE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_CLOSE_LIST:
      *push = (Push) { EWE_API_CLOSE_LIST, FALSE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_DELETE_LIST:
      *push = (Push) { EWE_API_DELETE_LIST, FALSE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_CREATE_PRODUCT:
      *push = (Push) { EWE_API_CREATE_NOTFOUND, TRUE, TRUE, "productId" };
      return TRUE;
    case EWE_OUTBOX_KIND_ADD_GIFT:
      *push = (Push) { EWE_API_ADD_LIST_PRODUCT, TRUE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_UPDATE_GIFT:
      *push = (Push) { EWE_API_UPDATE_LIST_PRODUCT, TRUE, FALSE, NULL };
      return TRUE;
    case EWE_OUTBOX_KIND_REMOVE_GIFT:
      *push = (Push) { EWE_API_DELETE_LIST_PRODUCT, FALSE, FALSE, NULL };
      return TRUE;
    default:
      return FALSE;
    }
}

/* Path arguments in the order the endpoint's path names them. */
static const char **
path_args_for (EweOutboxEntry *entry,
               EweOutboxKind   kind)
{
  const char **args = g_new0 (const char *, 3);

  switch (kind)
    {
    case EWE_OUTBOX_KIND_CREATE_LIST:
    case EWE_OUTBOX_KIND_CREATE_PRODUCT:
      break;

    case EWE_OUTBOX_KIND_UPDATE_LIST:
    case EWE_OUTBOX_KIND_CLOSE_LIST:
    case EWE_OUTBOX_KIND_DELETE_LIST:
      args[0] = ewe_outbox_entry_get_list_id (entry);
      break;

    case EWE_OUTBOX_KIND_ADD_GIFT:
    case EWE_OUTBOX_KIND_UPDATE_GIFT:
    case EWE_OUTBOX_KIND_REMOVE_GIFT:
    default:
      args[0] = ewe_outbox_entry_get_list_id (entry);
      args[1] = ewe_outbox_entry_get_product_id (entry);
      break;
    }

  return args;
}

static void pump (GTask *task);
static void read_outbox (GTask *task);
static void pull_lists (GTask *task);

/* For the crash-safety test: abort the process after this many server
 * answers, before the store records them — as if the app were killed at
 * the worst moment. Never set outside tests. */
static void
maybe_abort_for_test (void)
{
  static int remaining = -1;

  if (remaining == -1)
    {
      const char *value = g_getenv ("EWE_SYNC_TEST_ABORT_AFTER_ANSWERS");
      remaining = value ? atoi (value) : 0;
      if (remaining <= 0)
        remaining = 0;
    }

  if (remaining > 0 && --remaining == 0)
    {
      g_printerr ("ewe-sync: EWE_SYNC_TEST_ABORT_AFTER_ANSWERS reached, aborting before the commit\n");
      abort ();
    }
}

/* Stops sending; what is under way is let finish. The first reason wins. */
static void
stop_push (Run    *run,
           GError *error)
{
  run->stopping = TRUE;
  if (run->stop_error == NULL)
    run->stop_error = error;
  else
    g_error_free (error);
}

static gboolean
outstanding (Run *run)
{
  return run->in_flight > 0 || run->committing || run->recording > 0 || run->batch->len > 0;
}

/* The server accepted @entry (or refused it for good): it joins the answers
 * waiting to be committed. */
static void
add_answer (Run            *run,
            guint           index,
            const char     *server_id)
{
  run->states[index] = SLOT_ANSWERED;
  g_array_append_val (run->batch, index);
  g_ptr_array_add (run->batch_server_ids, g_strdup (server_id));
}

static void
entry_failed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  run->recording--;
  if (!ewe_store_fail_outbox_entry_finish (EWE_STORE (object), result, &error))
    g_debug ("Could not record the failed attempt: %s", error->message);

  pump (task);
}

/* Keeps the entry for the next run, counts the attempt, and stops this
 * run with @stop_error (taken) once what is under way has settled. */
static void
fail_entry (GTask          *task,
            guint           index,
            const char     *message,
            GError         *stop_error)
{
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  EweOutboxEntry *entry = g_ptr_array_index (run->entries, index);

  run->states[index] = SLOT_WAITING;
  stop_push (run, stop_error);
  run->recording++;
  ewe_store_fail_outbox_entry_async (self->store, ewe_outbox_entry_get_id (entry), message,
                                     NULL, entry_failed_cb, g_object_ref (task));
}

/* Is @error the server's final word on this entry, so that retrying can
 * never help? Then the entry is dropped (and the user told); otherwise the
 * run stops and the entry is tried again later. */
static gboolean
is_final_refusal (const GError *error)
{
  if (error->domain != EWE_API_ERROR)
    return FALSE;

  switch ((EweApiError)error->code)
    {
    case EWE_API_ERROR_FORBIDDEN:
    case EWE_API_ERROR_NOT_FOUND:
    case EWE_API_ERROR_CONFLICT:
    case EWE_API_ERROR_INVALID:
      return TRUE;
    case EWE_API_ERROR_NETWORK:
    case EWE_API_ERROR_UNAUTHORIZED:
    case EWE_API_ERROR_SERVER:
    default:
      return FALSE;
    }
}

/* Some refusals mean the change is already there: deleting what is gone,
 * adding a gift the list already has (a retry whose first answer was lost
 * before idempotency keys existed on the server). */
static gboolean
refusal_means_done (EweOutboxKind  kind,
                    const GError  *error)
{
  if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND))
    return kind == EWE_OUTBOX_KIND_DELETE_LIST || kind == EWE_OUTBOX_KIND_REMOVE_GIFT;

  if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_CONFLICT))
    return kind == EWE_OUTBOX_KIND_ADD_GIFT || kind == EWE_OUTBOX_KIND_CLOSE_LIST;

  return FALSE;
}

typedef struct
{
  GTask *task;
  guint  index;
} Sending;

static void
index_local_id (Run        *run,
                const char *local_id,
                guint       index)
{
  GArray *indexes = g_hash_table_lookup (run->by_local_id, local_id);

  if (indexes == NULL)
    {
      indexes = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (run->by_local_id, g_strdup (local_id), indexes);
    }
  g_array_append_val (indexes, index);
}

/* After the outbox was read: which entries name which local ids. */
static void
index_local_ids (Run *run)
{
  g_hash_table_remove_all (run->by_local_id);

  for (guint i = run->first; i < run->entries->len; i++)
    {
      EweOutboxEntry *entry = g_ptr_array_index (run->entries, i);
      const char *list_id = ewe_outbox_entry_get_list_id (entry);
      const char *product_id = ewe_outbox_entry_get_product_id (entry);

      if (run->states[i] == SLOT_DONE)
        continue;
      if (list_id != NULL && ewe_id_is_local (list_id))
        index_local_id (run, list_id, i);
      if (product_id != NULL && ewe_id_is_local (product_id))
        index_local_id (run, product_id, i);
    }
}

/* The server answered @server_id for @local_id. The entries carry the
 * server's ids as soon as it answers them, before the store has them: an
 * entry sent with one is answered after the create, so it is committed in
 * the same transaction or a later one; if the client dies first, both are
 * sent again, the create is answered the same id, and the store has put it
 * in the other entry by then. Entries in flight or answered change too, so
 * that what they touch is spelt one way (see must_wait()); their commit
 * reads the store's row. */
static void
put_server_id (Run        *run,
               const char *local_id,
               const char *server_id)
{
  g_autofree char *local = g_strdup (local_id);
  GArray *indexes = g_hash_table_lookup (run->by_local_id, local);

  g_hash_table_insert (run->server_ids, g_strdup (local), g_strdup (server_id));

  for (guint i = 0; indexes != NULL && i < indexes->len; i++)
    {
      guint index = g_array_index (indexes, guint, i);
      EweOutboxEntry *entry = g_ptr_array_index (run->entries, index);

      if (run->states[index] == SLOT_DONE)
        continue;
      if (g_strcmp0 (ewe_outbox_entry_get_list_id (entry), local) == 0)
        ewe_outbox_entry_set_list_id (entry, server_id);
      if (g_strcmp0 (ewe_outbox_entry_get_product_id (entry), local) == 0)
        ewe_outbox_entry_set_product_id (entry, server_id);
    }

  g_hash_table_remove (run->by_local_id, local);
}

/* After the outbox was read again: every id answered so far. */
static void
put_server_ids (Run *run)
{
  for (guint i = run->first; i < run->entries->len; i++)
    {
      EweOutboxEntry *entry = g_ptr_array_index (run->entries, i);
      const char *list_id = ewe_outbox_entry_get_list_id (entry);
      const char *product_id = ewe_outbox_entry_get_product_id (entry);
      const char *server_id;

      if (run->states[i] == SLOT_DONE)
        continue;

      if (list_id != NULL && ewe_id_is_local (list_id) &&
          (server_id = g_hash_table_lookup (run->server_ids, list_id)) != NULL)
        ewe_outbox_entry_set_list_id (entry, server_id);
      if (product_id != NULL && ewe_id_is_local (product_id) &&
          (server_id = g_hash_table_lookup (run->server_ids, product_id)) != NULL)
        ewe_outbox_entry_set_product_id (entry, server_id);
    }
}

static void
push_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Sending *sending = user_data;
  g_autoptr(GTask) task = sending->task;
  guint index = sending->index;
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  EweOutboxEntry *entry = g_ptr_array_index (run->entries, index);
  EweOutboxKind kind = ewe_outbox_entry_get_kind (entry);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_id = NULL;
  Push push;

  g_free (sending);
  run->in_flight--;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);

  if (answer == NULL)
    {
      if (refusal_means_done (kind, error))
        {
          add_answer (run, index, NULL);
        }
      else if (is_final_refusal (error))
        {
          g_signal_emit (self, signals [CHANGE_REFUSED], 0, entry, error->message);
          add_answer (run, index, NULL);
        }
      else
        {
          fail_entry (task, index, error->message, sync_error_from_api_error (error));
        }

      pump (task);
      return;
    }

  maybe_abort_for_test ();

  push_for_kind (kind, &push);
  if (push.answers_id)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (answer, &size);

      server_id = ewe_codec_decode_member_string (data, size, push.id_member, &error);
      if (server_id == NULL)
        {
          fail_entry (task, index, error->message,
                      g_error_new (EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED,
                                   _("The server’s answer could not be understood: %s"),
                                   error->message));
          pump (task);
          return;
        }
    }

  if (server_id != NULL)
    {
      const char *local_id = kind == EWE_OUTBOX_KIND_CREATE_LIST ? ewe_outbox_entry_get_list_id (entry)
                                                                 : ewe_outbox_entry_get_product_id (entry);

      if (local_id != NULL && ewe_id_is_local (local_id))
        put_server_id (run, local_id, server_id);

      /* A list this run created has nothing another device could have
       * changed yet: its updates need no read-back. Unless the create was
       * answered before, in a run that died before its commit. */
      if (kind == EWE_OUTBOX_KIND_CREATE_LIST &&
          !ewe_api_client_call_was_replayed (EWE_API_CLIENT (object), result))
        g_hash_table_add (run->refreshed, g_strdup (server_id));
    }

  add_answer (run, index, server_id);
  pump (task);
}

static void
committed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GArray) indexes = g_steal_pointer (&run->committing_indexes);
  g_autoptr(GPtrArray) server_ids = g_steal_pointer (&run->committing_server_ids);
  g_autoptr(GError) error = NULL;

  run->committing = FALSE;

  if (!ewe_store_complete_outbox_entries_finish (EWE_STORE (object), result, &error))
    {
      /* Nothing of the batch was recorded: each entry is sent again next
       * time, and the server answers it as before. */
      run->store_failed = TRUE;
      stop_push (run, g_steal_pointer (&error));
      pump (task);
      return;
    }

  for (guint i = 0; i < indexes->len; i++)
    run->states[g_array_index (indexes, guint, i)] = SLOT_DONE;

  set_progress (self, self->done + indexes->len, self->total);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING]);

  pump (task);
}

/* Records the answers gathered so far in one transaction; those arriving
 * meanwhile wait for the next one. */
static void
commit_answers (GTask *task)
{
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autofree gint64 *ids = g_new (gint64, run->batch->len);

  run->committing = TRUE;
  run->committing_indexes = g_steal_pointer (&run->batch);
  run->committing_server_ids = g_steal_pointer (&run->batch_server_ids);
  run->batch = g_array_new (FALSE, FALSE, sizeof (guint));
  run->batch_server_ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < run->committing_indexes->len; i++)
    {
      guint index = g_array_index (run->committing_indexes, guint, i);
      ids[i] = ewe_outbox_entry_get_id (g_ptr_array_index (run->entries, index));
    }

  ewe_store_complete_outbox_entries_async (self->store, ids,
                                           (const char * const *)run->committing_server_ids->pdata,
                                           run->committing_indexes->len,
                                           NULL, committed_cb, g_object_ref (task));
}

/* Before sending our edit of a list or of one of its gifts, read the
 * server's copy and merge it: if another device changed the same fields
 * since we last synced, the store notices and says so (EweStore::conflict,
 * ::gift-conflict) while ours is kept and then sent. Once per list per
 * run; if the server cannot answer, the update itself meets the same
 * trouble and is handled there. */
static void
refreshed_merge_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ewe_store_merge_list_finish (EWE_STORE (object), result, &error))
    {
      g_clear_pointer (&run->refreshing, g_free);
      stop_push (run, g_steal_pointer (&error));
      pump (task);
      return;
    }

  /* The merge may have rewritten the update to carry the other device's
   * changes to other fields: send it as it now is. */
  read_outbox (g_steal_pointer (&task));
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  const char *data;
  gsize size = 0;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer != NULL)
    {
      data = g_bytes_get_data (answer, &size);
      if (ewe_codec_decode_list (data, size, &list, &gifts, &reservations, NULL))
        {
          ewe_store_merge_list_async (self->store, list, gifts, self->run_cancellable,
                                      refreshed_merge_cb, g_steal_pointer (&task));
          return;
        }
    }

  g_clear_pointer (&run->refreshing, g_free);
  pump (task);
}

static gboolean
needs_refresh (Run            *run,
               EweOutboxEntry *entry)
{
  const char *list_id = ewe_outbox_entry_get_list_id (entry);

  return (ewe_outbox_entry_get_kind (entry) == EWE_OUTBOX_KIND_UPDATE_LIST ||
          ewe_outbox_entry_get_kind (entry) == EWE_OUTBOX_KIND_UPDATE_GIFT) &&
         list_id != NULL && !ewe_id_is_local (list_id) &&
         !g_hash_table_contains (run->refreshed, list_id);
}

static void
refresh (GTask          *task,
         EweOutboxEntry *entry)
{
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  const char *list_id = ewe_outbox_entry_get_list_id (entry);
  const char *args[] = { list_id, NULL };

  run->refreshing = g_strdup (list_id);
  g_hash_table_add (run->refreshed, g_strdup (list_id));
  ewe_api_client_call_async (self->client, EWE_API_GET_LIST, args, NULL, NULL,
                             self->run_cancellable, refreshed_cb, g_object_ref (task));
}

static void
send_entry (GTask *task,
            guint  index)
{
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  EweOutboxEntry *entry = g_ptr_array_index (run->entries, index);
  EweOutboxKind kind = ewe_outbox_entry_get_kind (entry);
  g_autoptr(JsonNode) payload = NULL;
  g_autofree const char **args = NULL;
  Sending *sending;
  Push push;

  run->states[index] = SLOT_SENDING;

  if (!push_for_kind (kind, &push))
    {
      g_signal_emit (self, signals [CHANGE_REFUSED], 0, entry,
                     _("This change was made by a newer version of Ewelists."));
      add_answer (run, index, NULL);
      return;
    }

  if (push.sends_payload && ewe_outbox_entry_get_payload (entry) != NULL)
    {
      g_autoptr(GError) error = NULL;
      const char *text = ewe_outbox_entry_get_payload (entry);

      payload = ewe_codec_parse (text, -1, &error);
      if (payload == NULL)
        {
          g_signal_emit (self, signals [CHANGE_REFUSED], 0, entry, error->message);
          add_answer (run, index, NULL);
          return;
        }
    }

  sending = g_new0 (Sending, 1);
  sending->task = g_object_ref (task);
  sending->index = index;
  run->in_flight++;

  args = path_args_for (entry, kind);
  ewe_api_client_call_async (self->client, push.endpoint, args, payload,
                             ewe_outbox_entry_get_idempotency_key (entry),
                             self->run_cancellable, push_cb, sending);
}

/* What the entries still pending touch, as pump() looks along the outbox;
 * the ids are the entries' own strings, borrowed for one look. */
typedef enum
{
  TOUCHES_LIST        = 1 << 0,   /* the list itself: create, update, close, delete */
  TOUCHES_IN_LIST     = 1 << 1,   /* a gift or product of it */
  TOUCHES_ADDED_TO    = 1 << 2,   /* a gift added to it */
  TOUCHES_UNCOMMITTED = 1 << 3,   /* answered, not yet committed */
} Touches;

typedef struct
{
  GHashTable *lists;       /* list id → Touches */
  GHashTable *products;    /* product ids */
  gboolean    create_list;
  gboolean    everything;
} Touched;

static void
touched_clear (Touched *touched)
{
  g_hash_table_remove_all (touched->lists);
  g_hash_table_remove_all (touched->products);
  touched->create_list = FALSE;
  touched->everything = FALSE;
}

static Touches
touches_of (Touched    *touched,
            const char *list_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (touched->lists, list_id));
}

static void
touch (Touched    *touched,
       const char *list_id,
       Touches     touches)
{
  g_hash_table_insert (touched->lists, (gpointer)list_id,
                       GUINT_TO_POINTER (touches_of (touched, list_id) | touches));
}

/* Which entries may be on their way together. Order matters between edits
 * of one object, between a list and what is in it, between a created
 * product and the gift that names it, and between the gifts added to one
 * list (the server keeps them in the order they arrive) and the lists
 * created (likewise): an entry waits while an earlier one it depends on
 * is not yet answered. @touched holds what earlier entries still pending
 * touch; returns whether @entry must wait, and adds what it touches. */
static gboolean
must_wait (Touched        *touched,
           EweOutboxEntry *entry)
{
  EweOutboxKind kind = ewe_outbox_entry_get_kind (entry);
  const char *list_id = ewe_outbox_entry_get_list_id (entry);
  const char *product_id = ewe_outbox_entry_get_product_id (entry);
  Touches on_list = list_id != NULL ? touches_of (touched, list_id) : 0;
  gboolean wait = touched->everything;

  switch (kind)
    {
    case EWE_OUTBOX_KIND_CREATE_LIST:
    case EWE_OUTBOX_KIND_UPDATE_LIST:
    case EWE_OUTBOX_KIND_CLOSE_LIST:
    case EWE_OUTBOX_KIND_DELETE_LIST:
      if (kind == EWE_OUTBOX_KIND_CREATE_LIST)
        {
          wait |= touched->create_list;
          touched->create_list = TRUE;
        }
      if (list_id != NULL)
        {
          wait |= (on_list & (TOUCHES_LIST | TOUCHES_IN_LIST)) != 0;
          touch (touched, list_id, TOUCHES_LIST);
        }
      return wait;

    case EWE_OUTBOX_KIND_CREATE_PRODUCT:
    case EWE_OUTBOX_KIND_ADD_GIFT:
    case EWE_OUTBOX_KIND_UPDATE_GIFT:
    case EWE_OUTBOX_KIND_REMOVE_GIFT:
      /* A product (POST /notfound) does not name its list. */
      if (list_id != NULL)
        {
          wait |= kind != EWE_OUTBOX_KIND_CREATE_PRODUCT && (on_list & TOUCHES_LIST) != 0;
          if (kind == EWE_OUTBOX_KIND_ADD_GIFT)
            wait |= (on_list & TOUCHES_ADDED_TO) != 0;
          touch (touched, list_id, TOUCHES_IN_LIST | (kind == EWE_OUTBOX_KIND_ADD_GIFT ? TOUCHES_ADDED_TO : 0));
        }
      if (product_id != NULL)
        {
          wait |= g_hash_table_contains (touched->products, product_id);
          g_hash_table_add (touched->products, (gpointer)product_id);
        }
      return wait;

    default:
      /* Made by a newer version: kept in its place, whatever it touches. */
      wait |= touched->create_list || g_hash_table_size (touched->lists) > 0 ||
              g_hash_table_size (touched->products) > 0;
      touched->everything = TRUE;
      return wait;
    }
}

/* Is an earlier entry still pending on @list_id, even only its commit? */
static gboolean
touches_list (Touched    *touched,
              const char *list_id)
{
  return touched->everything || touches_of (touched, list_id) != 0;
}

/* Moves the push along after anything happened: commits the answers
 * gathered, sends what may be sent, and once everything has settled goes
 * on (to the pull) or ends the run. */
static void
pump (GTask *task)
{
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Touched touched = { run->touched_lists, run->touched_products, FALSE, FALSE };
  gboolean commit_now = FALSE;
  guint looked_at = 0;

  if (run->ended)
    return;

  if (!run->stopping && g_cancellable_is_cancelled (self->run_cancellable))
    stop_push (run, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync was stopped")));

  if (run->stopping)
    {
      /* Answers are recorded even when stopping: the server has them. */
      if (!run->committing && run->batch->len > 0 && !run->store_failed)
        commit_answers (task);

      if (run->in_flight == 0 && !run->committing && run->recording == 0 &&
          run->refreshing == NULL && !run->reading)
        {
          run->ended = TRUE;
          end_run (task, g_steal_pointer (&run->stop_error));
        }
      return;
    }

  while (run->first < run->entries->len && run->states[run->first] == SLOT_DONE)
    run->first++;

  if (run->first >= run->entries->len)
    {
      /* Everything read was sent; edits made meanwhile are sent too. */
      if (!run->committing && run->batch->len > 0)
        commit_answers (task);
      else if (!outstanding (run) && run->refreshing == NULL && !run->reading)
        read_outbox (g_object_ref (task));
      return;
    }

  touched_clear (&touched);
  for (guint i = run->first;
       i < run->entries->len && looked_at < LOOKAHEAD && run->in_flight < MAX_IN_FLIGHT;
       i++)
    {
      EweOutboxEntry *entry = g_ptr_array_index (run->entries, i);
      const char *list_id = ewe_outbox_entry_get_list_id (entry);
      gboolean earlier_on_list;
      gboolean wait;

      if (run->states[i] == SLOT_DONE)
        continue;

      looked_at++;
      earlier_on_list = list_id != NULL && touches_list (&touched, list_id);

      /* Answered is as good as done for the order things arrive in: a
       * crash before the commit replays both, in the same order. */
      if (run->states[i] == SLOT_ANSWERED)
        {
          if (list_id != NULL)
            touch (&touched, list_id, TOUCHES_UNCOMMITTED);
          continue;
        }

      wait = must_wait (&touched, entry);
      if (wait || run->states[i] != SLOT_WAITING ||
          (run->refreshing != NULL && g_strcmp0 (list_id, run->refreshing) == 0))
        continue;

      /* The read-back merges the server's copy of the list while nothing
       * of ours for it is on the way, one list at a time; the update
       * waits for it, and what follows it on that list too. */
      if (needs_refresh (run, entry))
        {
          if (!earlier_on_list && run->refreshing == NULL && !run->reading)
            refresh (task, entry);
          else
            commit_now = TRUE;
          continue;
        }

      send_entry (task, i);
    }

  /* A commit costs a transaction and an fsync however many answers it
   * records: it waits for a few, unless nothing else is coming or someone
   * waits for it. */
  if (!run->committing && run->batch->len > 0 &&
      (commit_now || run->batch->len >= COMMIT_BATCH || run->in_flight == 0))
    commit_answers (task);
}

static guint
count_waiting (Run *run)
{
  guint waiting = 0;

  for (guint i = run->first; i < run->entries->len; i++)
    if (run->states[i] != SLOT_DONE)
      waiting++;

  return waiting;
}

/* The outbox was read again while other entries are on their way, after a
 * merge that may have rewritten edits still waiting: those are taken as
 * the store now has them, and edits made meanwhile join at the end. What
 * is on its way or answered stays as it was sent. */
static void
reconcile_entries (Run       *run,
                   GPtrArray *fresh)
{
  g_autoptr(GHashTable) index_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint old_len = run->entries->len;
  g_autofree gboolean *present = g_new0 (gboolean, old_len);

  for (guint i = 0; i < old_len; i++)
    {
      gint64 *id = g_new (gint64, 1);

      *id = ewe_outbox_entry_get_id (g_ptr_array_index (run->entries, i));
      g_hash_table_insert (index_of, id, GUINT_TO_POINTER (i + 1));
    }

  for (guint j = 0; j < fresh->len; j++)
    {
      EweOutboxEntry *entry = g_ptr_array_index (fresh, j);
      gint64 id = ewe_outbox_entry_get_id (entry);
      guint i = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, &id));

      if (i == 0)
        {
          g_ptr_array_add (run->entries, g_object_ref (entry));
          run->states = g_renew (guint8, run->states, run->entries->len);
          run->states[run->entries->len - 1] = SLOT_WAITING;
          continue;
        }

      present[--i] = TRUE;
      if (run->states[i] == SLOT_WAITING)
        {
          g_object_unref (g_ptr_array_index (run->entries, i));
          g_ptr_array_index (run->entries, i) = g_object_ref (entry);
        }
    }

  /* Gone from the store without being sent: nothing left to send. */
  for (guint i = 0; i < old_len; i++)
    if (!present[i] && run->states[i] == SLOT_WAITING)
      run->states[i] = SLOT_DONE;

  /* The store has not committed every id answered yet. */
  put_server_ids (run);
  index_local_ids (run);
}

static void
outbox_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  run->reading = FALSE;

  entries = ewe_store_list_outbox_finish (EWE_STORE (object), result, &error);
  if (entries == NULL)
    {
      g_clear_pointer (&run->refreshing, g_free);
      stop_push (run, g_steal_pointer (&error));
      if (run->entries == NULL)
        {
          run->ended = TRUE;
          end_run (task, g_steal_pointer (&run->stop_error));
          return;
        }
      pump (task);
      return;
    }

  if (entries->len == 0 && run->refreshing == NULL)
    {
      g_ptr_array_unref (entries);
      pull_lists (g_steal_pointer (&task));
      return;
    }

  if (run->refreshing != NULL)
    {
      g_clear_pointer (&run->refreshing, g_free);
      reconcile_entries (run, entries);
      g_ptr_array_unref (entries);
    }
  else
    {
      g_clear_pointer (&run->entries, g_ptr_array_unref);
      g_clear_pointer (&run->states, g_free);
      run->entries = entries;
      run->states = g_new0 (guint8, entries->len);
      run->first = 0;
      index_local_ids (run);
    }

  /* Progress counts entries sent so far plus those still waiting. */
  set_progress (self, self->done, self->done + count_waiting (run));

  pump (task);
}

/* Only when nothing is under way: the entries as read replace ours. */
static void
read_outbox (GTask *task)
{
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  run->reading = TRUE;
  ewe_store_list_outbox_async (self->store, self->run_cancellable, outbox_read_cb, task);
}

/* --- pull ------------------------------------------------------------------ */

static void pull_next_list (GTask *task);

static void
merged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ewe_store_merge_list_finish (EWE_STORE (object), result, &error))
    {
      end_run (task, g_steal_pointer (&error));
      return;
    }

  run->list_index++;
  pull_next_list (g_steal_pointer (&task));
}

static void
list_pulled_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  const char *data;
  gsize size = 0;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      /* Deleted on the server since GET /lists answered: nothing to merge. */
      if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND))
        {
          run->list_index++;
          pull_next_list (g_steal_pointer (&task));
          return;
        }

      end_run (task, sync_error_from_api_error (error));
      return;
    }

  data = g_bytes_get_data (answer, &size);
  if (!ewe_codec_decode_list (data, size, &list, &gifts, &reservations, &error))
    {
      end_run (task, g_error_new (EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED,
                                     _("The server sent a list that could not be read: %s"),
                                     error->message));
      return;
    }

  ewe_store_merge_list_async (self->store, list, gifts, self->run_cancellable,
                              merged_cb, g_steal_pointer (&task));
}

static void
pull_next_list (GTask *task)
{
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  const char *list_id;

  if (run->list_index >= run->list_ids->len)
    {
      end_run (task, NULL);
      g_object_unref (task);
      return;
    }

  list_id = g_ptr_array_index (run->list_ids, run->list_index);
  ewe_api_client_call_async (self->client, EWE_API_GET_LIST, (const char *[]) { list_id, NULL },
                             NULL, NULL, self->run_cancellable, list_pulled_cb, task);
}

static void
pruned_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_ptr_array_remove_index (run->list_ids, run->list_ids->len - 1);

  if (!ewe_store_prune_lists_finish (EWE_STORE (object), result, &error))
    {
      end_run (task, g_steal_pointer (&error));
      return;
    }

  pull_next_list (g_steal_pointer (&task));
}

static void
add_list_ids (GPtrArray *ids,
              GPtrArray *lists)
{
  for (guint i = 0; lists != NULL && i < lists->len; i++)
    g_ptr_array_add (ids, g_strdup (ewe_list_get_id (g_ptr_array_index (lists, i))));
}

static void
lists_pulled_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweUser) user = NULL;
  g_autoptr(GPtrArray) owned = NULL;
  g_autoptr(GPtrArray) closed = NULL;
  const char *data;
  gsize size = 0;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      end_run (task, sync_error_from_api_error (error));
      return;
    }

  data = g_bytes_get_data (answer, &size);
  if (!ewe_codec_decode_lists (data, size, &user, &owned, &closed, &error))
    {
      end_run (task, g_error_new (EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED,
                                     _("The server sent lists that could not be read: %s"),
                                     error->message));
      return;
    }

  run->list_ids = g_ptr_array_new_with_free_func (g_free);
  add_list_ids (run->list_ids, owned);
  add_list_ids (run->list_ids, closed);
  run->list_index = 0;

  /* Lists deleted elsewhere (on the web, on another device) go first, so
   * the user never sees a list the server no longer has. The array is
   * NULL-terminated for the store, then the terminator is dropped again. */
  g_ptr_array_add (run->list_ids, NULL);
  ewe_store_prune_lists_async (self->store, (const char * const *)run->list_ids->pdata,
                               self->run_cancellable, pruned_cb, g_steal_pointer (&task));
}

static void
pull_lists (GTask *task)
{
  EweSync *self = g_task_get_source_object (task);

  ewe_api_client_call_async (self->client, EWE_API_GET_LISTS, NULL, NULL, NULL,
                             self->run_cancellable, lists_pulled_cb, task);
}

/* --- public entry points ------------------------------------------------- */

static gboolean
can_sync (EweSync  *self,
          GError  **error)
{
  EweAccount *account = ewe_api_client_get_account (self->client);

  if (account == NULL || !ewe_account_get_signed_in (account))
    {
      g_set_error (error, EWE_SYNC_ERROR, EWE_SYNC_ERROR_SIGNED_OUT,
                   _("Sign in to keep your lists on the server and share them."));
      return FALSE;
    }

  return TRUE;
}

/* Pushes every pending change, then pulls and merges the user's lists. A
 * caller arriving while a run is under way joins it. */
void
ewe_sync_run_async (EweSync             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) waiter = NULL;
  g_autoptr(GError) error = NULL;
  GTask *run_task;
  Run *run;

  g_return_if_fail (EWE_IS_SYNC (self));

  waiter = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (waiter, ewe_sync_run_async);

  if (!can_sync (self, &error))
    {
      g_task_return_error (waiter, g_steal_pointer (&error));
      return;
    }

  if (self->waiters == NULL)
    self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->waiters, g_steal_pointer (&waiter));

  if (self->syncing)
    return;

  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  self->done = 0;
  self->total = 0;
  set_syncing (self, TRUE);

  run_task = g_task_new (self, self->run_cancellable, NULL, NULL);
  g_task_set_source_tag (run_task, ewe_sync_run_async);
  run = g_new0 (Run, 1);
  run->refreshed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->batch = g_array_new (FALSE, FALSE, sizeof (guint));
  run->batch_server_ids = g_ptr_array_new_with_free_func (g_free);
  run->server_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run->by_local_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  run->touched_lists = g_hash_table_new (g_str_hash, g_str_equal);
  run->touched_products = g_hash_table_new (g_str_hash, g_str_equal);
  g_task_set_task_data (run_task, run, (GDestroyNotify)run_free);

  read_outbox (run_task);
}

gboolean
ewe_sync_run_finish (EweSync       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- the background loop --------------------------------------------------- */

static gboolean
timeout_cb (gpointer user_data)
{
  EweSync *self = user_data;

  self->timeout_id = 0;
  run_internal (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_in (EweSync *self,
             guint    milliseconds)
{
  if (!self->started)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (milliseconds, timeout_cb, self);
}

static void
internal_run_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  EweSync *self = EWE_SYNC (object);
  g_autoptr(GError) error = NULL;

  if (ewe_sync_run_finish (self, result, &error))
    {
      self->failures = 0;
      schedule_in (self, PERIODIC_PULL_SECS * 1000);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, EWE_SYNC_ERROR, EWE_SYNC_ERROR_SIGNED_OUT))
    return;

  /* Exponential backoff with jitter, so many clients coming back online
   * together do not all knock at once. */
  {
    guint exponent = MIN (self->failures, 8);
    guint seconds = MIN ((1u << exponent), (guint)BACKOFF_MAX_SECS);
    guint jittered_ms = g_random_int_range (seconds * 500, seconds * 1000 + 1);

    self->failures++;
    g_debug ("Sync failed (%s); trying again in %u ms", error->message, jittered_ms);
    schedule_in (self, jittered_ms);
  }
}

static void
run_internal (EweSync *self)
{
  if (!self->started)
    return;

  if (!g_network_monitor_get_network_available (self->network_monitor))
    return;

  ewe_sync_run_async (self, NULL, internal_run_cb, NULL);
}

static void
network_changed_cb (EweSync         *self,
                    gboolean         available,
                    GNetworkMonitor *monitor)
{
  if (available)
    {
      self->failures = 0;
      ewe_sync_schedule (self);
    }
}

/* Syncs in the background from now on. */
void
ewe_sync_start (EweSync *self)
{
  g_return_if_fail (EWE_IS_SYNC (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->network_monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->network_monitor, "network-changed",
                           G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);

  ewe_sync_schedule (self);
}

void
ewe_sync_stop (EweSync *self)
{
  g_return_if_fail (EWE_IS_SYNC (self));

  if (!self->started)
    return;

  self->started = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->network_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->network_monitor, self);
  g_clear_object (&self->network_monitor);
}

/* Asks for a run soon; edits in quick succession share one run. */
void
ewe_sync_schedule (EweSync *self)
{
  g_return_if_fail (EWE_IS_SYNC (self));

  schedule_in (self, DEBOUNCE_MS);
}
