/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-sync.h"

G_BEGIN_DECLS

/* Where a test may make a sync run fail, to prove nothing is lost. */
typedef enum
{
  EWE_SYNC_FAULT_ANSWER_RECEIVED,     /* the server answered an entry the store has not recorded yet */
  EWE_SYNC_FAULT_ANSWERS_COMMITTED,   /* the store recorded a batch of answers */
} EweSyncFault;

typedef void (*EweSyncFaultHook) (EweSync      *sync,
                                  EweSyncFault  fault,
                                  gpointer      user_data);

/* Shared by ewe-sync.c (the object, a run's start and end, the
 * background loop), ewe-sync-pull.c (the pull), ewe-sync-push.c (the
 * push), ewe-sync-push-order.c (what waits for what) and
 * ewe-sync-push-entries.c (the entries a push holds). */

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

  /* the server has no batch route (the original API): one request per
   * outbox entry from then on (ewe-sync-push-batch.c) */
  gboolean         batch_unsupported;

  /* only ever set by tests */
  EweSyncFaultHook fault_hook;
  gpointer         fault_hook_data;
};

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
  gboolean    claimed;     /* this engine sends the store's outbox (ewe_store_claim_outbox_async) */
  GPtrArray  *list_ids;    /* the server's lists, to pull */
  guint       list_index;  /* the next to merge; those before it are */
  guint       list_next_fetch;   /* the next to ask the server for */
  GPtrArray  *list_answers;      /* GBytes, or NULL, one per list */
  gboolean   *list_arrived;      /* one per list: answered (NULL: gone) */
  gboolean    pull_merging;
  EweList    *pull_list;         /* the list being merged, and who gave */
  GPtrArray  *pull_reservations; /* what on it: merged after the list */
  GError     *pull_error;  /* why the pull ends, once no merge is under way */
  GError     *stop_error;  /* why the push stopped */
  GHashTable *refreshed;   /* ids of the lists read back before updating them */
  GHashTable *server_ids;  /* local id → the id the server answered for it */
  GHashTable *by_local_id; /* local id → GArray of the indexes of entries naming it */
  GHashTable *touched_lists;     /* for pump(), kept to spare allocations */
  GHashTable *touched_products;
  GPtrArray  *refusals;    /* refused for a list the pull may find lost (ewe-sync-refusals.c) */
} Run;

/* What the entries still pending touch, as the push looks along the
 * outbox; the ids are the entries' own strings, borrowed for one look. */
typedef enum
{
  EWE_SYNC_TOUCHES_LIST        = 1 << 0,   /* the list itself: create, update, close, delete */
  EWE_SYNC_TOUCHES_IN_LIST     = 1 << 1,   /* a gift or product of it */
  EWE_SYNC_TOUCHES_ADDED_TO    = 1 << 2,   /* a gift added to it */
  EWE_SYNC_TOUCHES_UNCOMMITTED = 1 << 3,   /* answered, not yet committed */
} EweSyncTouches;

typedef struct
{
  GHashTable *lists;       /* list id → EweSyncTouches */
  GHashTable *products;    /* product ids */
  gboolean    create_list;
  gboolean    everything;
} EweSyncTouched;

void     ewe_sync_touched_clear        (EweSyncTouched *touched);
void     ewe_sync_touched_add          (EweSyncTouched *touched,
                                        const char     *list_id,
                                        EweSyncTouches  touches);
gboolean ewe_sync_touched_must_wait    (EweSyncTouched *touched,
                                        EweOutboxEntry *entry);
gboolean ewe_sync_touched_would_wait   (EweSyncTouched *touched,
                                        EweOutboxEntry *entry);
/* Is an earlier entry still pending on @list_id, even only its commit? */
gboolean ewe_sync_touched_has_list     (EweSyncTouched *touched,
                                        const char     *list_id);

void     ewe_sync_run_index_local_ids  (Run            *run);
void     ewe_sync_run_put_server_id    (Run            *run,
                                        const char     *local_id,
                                        const char     *server_id);
void     ewe_sync_run_reconcile_entries (Run           *run,
                                         GPtrArray     *fresh);
guint    ewe_sync_run_count_waiting    (Run            *run);

void     ewe_sync_set_progress         (EweSync        *self,
                                        guint           done,
                                        guint           total);
void     ewe_sync_notify_pending       (EweSync        *self);
void     ewe_sync_change_refused       (EweSync        *self,
                                        EweOutboxEntry *entry,
                                        const char     *message);
void     ewe_sync_list_lost            (EweSync        *self,
                                        EweList        *list,
                                        guint           n_changes);
/* ewe-sync-refusals.c */
gboolean ewe_sync_run_defer_refusal    (Run            *run,
                                        EweOutboxEntry *entry,
                                        const GError   *error);
void     ewe_sync_run_settle_refusals  (EweSync            *self,
                                        Run                *run,
                                        const char * const *server_ids);
void     ewe_sync_end_run              (GTask          *task,
                                        GError         *error);
GError  *ewe_sync_error_from_api_error (const GError   *error);
void     ewe_sync_push                 (GTask          *task);
/* ewe-sync-push.c, for ewe-sync-push-batch.c */
void     ewe_sync_push_answered        (GTask          *task,
                                        guint           index,
                                        GBytes         *answer,
                                        const GError   *error,
                                        gboolean        replayed);
void     ewe_sync_push_pump            (GTask          *task);
EweApiEndpoint ewe_sync_push_endpoint  (EweOutboxEntry *entry);
const char **ewe_sync_push_path_args   (EweOutboxEntry *entry);
/* ewe-sync-push-batch.c: sends the entries at @indexes, their @payloads
 * (JsonNode or NULL, one each), in one batch. */
void     ewe_sync_push_send_batch      (GTask          *task,
                                        GArray         *indexes,
                                        GPtrArray      *payloads);
gsize    ewe_sync_push_entry_size      (EweOutboxEntry *entry);
void     ewe_sync_push_payload_free    (gpointer        payload);
void     ewe_sync_pull                 (GTask          *task);
/* ewe-sync-products.c */
void       ewe_sync_fetch_products_async  (EweSync            *self,
                                           const char         *list_id,
                                           GPtrArray          *gifts,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
GPtrArray *ewe_sync_fetch_products_finish (EweSync            *self,
                                           GAsyncResult       *result,
                                           GError            **error);

/* For tests only: @hook is called at each point of a run where a crash
 * would hurt most, so that a test can crash there; no code of the app
 * sets it. */
void     ewe_sync_set_fault_hook       (EweSync          *self,
                                        EweSyncFaultHook  hook,
                                        gpointer          user_data);

G_END_DECLS
