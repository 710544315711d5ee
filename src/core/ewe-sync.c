/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "ewe-codec.h"
#include "ewe-sync.h"

/* The sync engine. A run pushes the store's outbox to the server in order,
 * one entry at a time, each with its idempotency key, and forgets an entry
 * in the same transaction that records the server's answer (so a crash in
 * between only means the entry is sent again, and the server answers it
 * once). Then it pulls the user's lists and merges them into the store.
 *
 * In the background (ewe_sync_start) it runs when the outbox grows, when the
 * network comes back, every few minutes to pull friends' reservations, and
 * after a failure with exponential backoff. The network is never on the
 * path between a click and what the user sees: the store has already
 * changed by the time anything here runs. */

#define DEBOUNCE_MS          500
#define PERIODIC_PULL_SECS   (5 * 60)
#define BACKOFF_MAX_SECS     (5 * 60)

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

typedef struct
{
  GPtrArray *entries;      /* EweOutboxEntry, the outbox as last read */
  guint      index;
  GPtrArray *list_ids;     /* the server's lists, to pull one by one */
  guint      list_index;
  GError    *stop_error;   /* why the push stopped, once the attempt is recorded */
  GHashTable *refreshed;   /* ids of the lists read back before updating them */
} Run;

static void
run_free (Run *run)
{
  g_clear_pointer (&run->entries, g_ptr_array_unref);
  g_clear_pointer (&run->list_ids, g_ptr_array_unref);
  g_clear_error (&run->stop_error);
  g_clear_pointer (&run->refreshed, g_hash_table_unref);
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

static void push_next (GTask *task);
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

static void
entry_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  EweOutboxEntry *entry = g_ptr_array_index (run->entries, run->index);
  g_autoptr(GError) error = NULL;
  Push push;

  if (!ewe_store_complete_outbox_entry_finish (EWE_STORE (object), result, &error))
    {
      end_run (task, g_steal_pointer (&error));
      return;
    }

  set_progress (self, self->done + 1, self->total);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING]);

  /* A create rewrote a local id in the entries still to send: read them
   * again rather than send stale ids. */
  if (push_for_kind (ewe_outbox_entry_get_kind (entry), &push) && push.answers_id)
    {
      read_outbox (g_steal_pointer (&task));
      return;
    }

  run->index++;
  push_next (g_steal_pointer (&task));
}

static void
complete_entry (GTask      *task,
                const char *server_id)
{
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  EweOutboxEntry *entry = g_ptr_array_index (run->entries, run->index);

  ewe_store_complete_outbox_entry_async (self->store, ewe_outbox_entry_get_id (entry), server_id,
                                         NULL, entry_done_cb, task);
}

static void
entry_failed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ewe_store_fail_outbox_entry_finish (EWE_STORE (object), result, &error))
    g_debug ("Could not record the failed attempt: %s", error->message);

  end_run (task, g_steal_pointer (&run->stop_error));
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

static void
push_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  EweOutboxEntry *entry = g_ptr_array_index (run->entries, run->index);
  EweOutboxKind kind = ewe_outbox_entry_get_kind (entry);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_id = NULL;
  Push push;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);

  if (answer == NULL)
    {
      if (refusal_means_done (kind, error))
        {
          complete_entry (g_steal_pointer (&task), NULL);
          return;
        }

      if (is_final_refusal (error))
        {
          g_signal_emit (self, signals [CHANGE_REFUSED], 0, entry, error->message);
          complete_entry (g_steal_pointer (&task), NULL);
          return;
        }

      /* Keep the entry; count the attempt; stop until the next run. */
      run->stop_error = sync_error_from_api_error (error);
      ewe_store_fail_outbox_entry_async (self->store, ewe_outbox_entry_get_id (entry), error->message,
                                         NULL, entry_failed_cb, g_steal_pointer (&task));
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
          run->stop_error = g_error_new (EWE_SYNC_ERROR, EWE_SYNC_ERROR_FAILED,
                                         _("The server’s answer could not be understood: %s"),
                                         error->message);
          ewe_store_fail_outbox_entry_async (self->store, ewe_outbox_entry_get_id (entry), error->message,
                                             NULL, entry_failed_cb, g_steal_pointer (&task));
          return;
        }
    }

  complete_entry (g_steal_pointer (&task), server_id);
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
  g_autoptr(GError) error = NULL;

  if (!ewe_store_merge_list_finish (EWE_STORE (object), result, &error))
    {
      end_run (task, g_steal_pointer (&error));
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

  push_next (g_steal_pointer (&task));
}

static gboolean
refresh_before_update (GTask          *task,
                       EweOutboxEntry *entry)
{
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  const char *list_id = ewe_outbox_entry_get_list_id (entry);
  const char *args[] = { list_id, NULL };

  if ((ewe_outbox_entry_get_kind (entry) != EWE_OUTBOX_KIND_UPDATE_LIST &&
       ewe_outbox_entry_get_kind (entry) != EWE_OUTBOX_KIND_UPDATE_GIFT) ||
      list_id == NULL || ewe_id_is_local (list_id) ||
      g_hash_table_contains (run->refreshed, list_id))
    return FALSE;

  g_hash_table_add (run->refreshed, g_strdup (list_id));
  ewe_api_client_call_async (self->client, EWE_API_GET_LIST, args, NULL, NULL,
                             self->run_cancellable, refreshed_cb, task);
  return TRUE;
}

static void
push_next (GTask *task)
{
  EweSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(JsonNode) payload = NULL;
  g_autofree const char **args = NULL;
  EweOutboxEntry *entry;
  EweOutboxKind kind;
  Push push;

  if (g_cancellable_is_cancelled (self->run_cancellable))
    {
      end_run (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync was stopped")));
      g_object_unref (task);
      return;
    }

  if (run->index >= run->entries->len)
    {
      pull_lists (task);
      return;
    }

  entry = g_ptr_array_index (run->entries, run->index);
  kind = ewe_outbox_entry_get_kind (entry);

  if (!push_for_kind (kind, &push))
    {
      g_signal_emit (self, signals [CHANGE_REFUSED], 0, entry,
                     _("This change was made by a newer version of Ewelists."));
      complete_entry (task, NULL);
      return;
    }

  if (refresh_before_update (task, entry))
    return;

  if (push.sends_payload && ewe_outbox_entry_get_payload (entry) != NULL)
    {
      g_autoptr(GError) error = NULL;
      const char *text = ewe_outbox_entry_get_payload (entry);

      payload = ewe_codec_parse (text, -1, &error);
      if (payload == NULL)
        {
          g_signal_emit (self, signals [CHANGE_REFUSED], 0, entry, error->message);
          complete_entry (task, NULL);
          return;
        }
    }

  args = path_args_for (entry, kind);
  ewe_api_client_call_async (self->client, push.endpoint, args, payload,
                             ewe_outbox_entry_get_idempotency_key (entry),
                             self->run_cancellable, push_cb, task);
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

  entries = ewe_store_list_outbox_finish (EWE_STORE (object), result, &error);
  if (entries == NULL)
    {
      end_run (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&run->entries, g_ptr_array_unref);
  run->entries = entries;
  run->index = 0;

  /* Progress counts entries sent so far plus those still waiting. */
  set_progress (self, self->done, self->done + entries->len);

  push_next (g_steal_pointer (&task));
}

static void
read_outbox (GTask *task)
{
  EweSync *self = g_task_get_source_object (task);

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
