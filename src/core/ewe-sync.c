/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-sync-private.h"

/* The sync engine. A run pushes the store's outbox to the server, each
 * entry with its idempotency key, and forgets an entry in the same
 * transaction that records the server's answer (so a crash in between only
 * means the entry is sent again, and the server answers it once). Then it
 * pulls the user's lists and merges them into the store.
 *
 * The push is in ewe-sync-push.c, the pull in ewe-sync-pull.c.
 *
 * In the background (ewe_sync_start) it runs when the outbox grows, when the
 * network comes back, every few minutes to pull friends' reservations, and
 * after a failure with exponential backoff. The network is never on the
 * path between a click and what the user sees: the store has already
 * changed by the time anything here runs. */

#define DEBOUNCE_MS 500
#define PERIODIC_PULL_SECS (5 * 60)
#define BACKOFF_MAX_SECS (5 * 60)

enum
{
  PROP_0,
  PROP_SYNCING,
  PROP_PROGRESS,
  PROP_PENDING,
  PROP_LAST_ERROR,
  N_PROPS
};

enum
{
  CHANGE_REFUSED,
  LIST_LOST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EweSync, ewe_sync, G_TYPE_OBJECT)

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-sync-error-quark, ewe_sync_error)
/* clang-format on */

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

  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAST_ERROR] =
    g_param_spec_boxed ("last-error", NULL, NULL, G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The server refused a change for good (the list was deleted elsewhere,
   * the input was invalid): the change is dropped from the outbox, and the
   * user should be told what did not reach the server, and why. */
  signals[CHANGE_REFUSED] =
    g_signal_new ("change-refused",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, EWE_TYPE_OUTBOX_ENTRY, G_TYPE_STRING);

  /* A list left the user's lists on the server (deleted there, or the user
   * removed as its co-owner) while @n_changes of theirs to it waited to be
   * sent: they were refused and dropped, and the user should be told so,
   * once for the list. Emitted before the pull drops @list from the store;
   * "change-refused" is not emitted for those changes. */
  signals[LIST_LOST] =
    g_signal_new ("list-lost",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, EWE_TYPE_LIST, G_TYPE_UINT);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);

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
  g_clear_pointer (&run->list_answers, g_ptr_array_unref);
  g_clear_object (&run->pull_list);
  g_clear_pointer (&run->pull_reservations, g_ptr_array_unref);
  g_clear_pointer (&run->list_arrived, g_free);
  g_clear_error (&run->pull_error);
  g_clear_error (&run->stop_error);
  g_clear_pointer (&run->refreshed, g_hash_table_unref);
  g_clear_pointer (&run->server_ids, g_hash_table_unref);
  g_clear_pointer (&run->by_local_id, g_hash_table_unref);
  g_clear_pointer (&run->touched_lists, g_hash_table_unref);
  g_clear_pointer (&run->touched_products, g_hash_table_unref);
  g_clear_pointer (&run->refusals, g_ptr_array_unref);
  g_free (run->refreshing);
  g_free (run);
}

void
ewe_sync_set_fault_hook (EweSync         *self,
                         EweSyncFaultHook hook,
                         gpointer         user_data)
{
  g_return_if_fail (EWE_IS_SYNC (self));

  self->fault_hook = hook;
  self->fault_hook_data = user_data;
}

void
ewe_sync_set_progress (EweSync *self,
                       guint    done,
                       guint    total)
{
  self->done = done;
  self->total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_syncing (EweSync *self,
             gboolean syncing)
{
  if (self->syncing == syncing)
    return;

  self->syncing = syncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/* Ends the run @task for every caller waiting on it; takes @error. */
void
ewe_sync_end_run (GTask  *task,
                  GError *error)
{
  EweSync *self = g_task_get_source_object (task);
  Run     *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  /* Nothing of this run is under way any more: another engine waiting to
   * send the outbox may read it now. First, before anything below tells
   * that the run has ended: whoever hears it may start the next run at
   * once, which claims the outbox anew. */
  if (run->claimed)
    {
      run->claimed = FALSE;
      ewe_store_release_outbox (self->store, self);
    }

  /* Refusals the pull did not get to judge: each is told as it is. */
  ewe_sync_run_settle_refusals (self, run, NULL);

  g_clear_error (&self->last_error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->last_error = g_error_copy (error);

  set_syncing (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);

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

void
ewe_sync_notify_pending (EweSync *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

void
ewe_sync_change_refused (EweSync        *self,
                         EweOutboxEntry *entry,
                         const char     *message)
{
  g_signal_emit (self, signals[CHANGE_REFUSED], 0, entry, message);
}

void
ewe_sync_list_lost (EweSync *self,
                    EweList *list,
                    guint    n_changes)
{
  g_signal_emit (self, signals[LIST_LOST], 0, list, n_changes);
}

/* Sync errors say what to do about it; API errors say what happened. */
GError *
ewe_sync_error_from_api_error (const GError *error)
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

/* --- public entry points ------------------------------------------------- */

static gboolean
can_sync (EweSync *self,
          GError **error)
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

static void
outbox_claimed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Run   *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ewe_store_claim_outbox_finish (EWE_STORE (object), result, &error))
    {
      run->ended = TRUE;
      ewe_sync_end_run (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  run->claimed = TRUE;
  ewe_sync_push (task);
}

/* Pushes every pending change, then pulls and merges the user's lists. A
 * caller arriving while a run is under way joins it. */
void
ewe_sync_run_async (EweSync            *self,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  g_autoptr(GTask) waiter = NULL;
  g_autoptr(GError) error = NULL;
  GTask *run_task;
  Run   *run;

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

  /* Another engine on this store may still have entries on their way
   * (the session replaced it): this run reads the outbox only once that
   * one's run has ended, or it would send them again. */
  ewe_store_claim_outbox_async (self->store, self, self->run_cancellable, outbox_claimed_cb, run_task);
}

gboolean
ewe_sync_run_finish (EweSync      *self,
                     GAsyncResult *result,
                     GError      **error)
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
