/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <sqlite3.h>

#include "ewe-store.h"

G_BEGIN_DECLS

/* What a transaction changed, computed on the worker thread from the rows
 * as committed and applied to the live objects on the main thread. The
 * objects in here are detached values, never the live ones. */
typedef struct
{
  GPtrArray *rewrites;       /* char *: old id, new id, old id, new id… */
  GPtrArray *lists;          /* EweList: inserted or updated */
  GPtrArray *removed_lists;  /* char *: list ids */
  GPtrArray *gifts;          /* EweGift: inserted or updated */
  GPtrArray *removed_gifts;  /* EweGift: only list-id and product-id matter */
  GPtrArray *reservations;   /* EweReservation: inserted or updated */
  GPtrArray *removed_reservations; /* EweReservation: only list-id and id matter */
  GPtrArray *conflicts;      /* EweStoreConflict: edits made here and elsewhere */
  GPtrArray *gift_conflicts; /* EweStoreGiftConflict: the same, of a gift */
} EweStoreChanges;

/* A list whose fields were edited both here (not yet sent) and on another
 * device: what the other device wrote, and which fields clash. */
typedef struct
{
  char    *list_id;
  EweList *theirs;
  GStrv    fields;
} EweStoreConflict;

EweStoreConflict *ewe_store_conflict_new         (const char       *list_id,
                                                  EweList          *theirs,
                                                  GStrv             fields);
void             ewe_store_conflict_free         (EweStoreConflict *conflict);

/* A gift's quantity or notes edited both here and elsewhere: ours as now
 * merged (list-id and product-id say which gift), theirs as the server
 * has it. */
typedef struct
{
  EweGift *ours;
  EweGift *theirs;
  GStrv    fields;
} EweStoreGiftConflict;

EweStoreGiftConflict *ewe_store_gift_conflict_new  (EweGift              *ours,
                                                    EweGift              *theirs,
                                                    GStrv                 fields);
void                  ewe_store_gift_conflict_free (EweStoreGiftConflict *conflict);

EweStoreChanges *ewe_store_changes_new           (void);
void             ewe_store_changes_free          (EweStoreChanges  *changes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EweStoreChanges, ewe_store_changes_free)

/* Jobs: the caller's thread fills the inputs and queues one; the worker
 * runs it and fills the outputs; then the caller's context applies the
 * changes to the live objects and returns the task. */
typedef struct _EweStoreJob EweStoreJob;

/* Runs on the worker. */
typedef gboolean (*EweStoreJobRunFunc)      (EweStore     *self,
                                             EweStoreJob  *job,
                                             GError      **error);
/* Runs on the caller's context after the changes were applied; returns
 * the task's result. NULL means "return TRUE". */
typedef void     (*EweStoreJobCompleteFunc) (EweStore     *self,
                                             EweStoreJob  *job);

struct _EweStoreJob
{
  EweStoreJobRunFunc       run;
  EweStoreJobCompleteFunc  complete;
  GTask                   *task;
  gboolean                 quit;

  /* Inputs, copied on the caller's thread */
  char                    *list_id;
  char                    *product_id;
  char                    *text;
  EweList                 *list;
  EweGift                 *gift;
  GPtrArray               *gifts;
  GPtrArray               *reservations;
  GStrv                    ids;
  gint64                   entry_id;
  GArray                  *entry_ids;   /* gint64, with ids: "" or a server id each */
  int                      quantity;

  /* Outputs */
  EweStoreChanges         *changes;
  GPtrArray               *rows;
  int                      outbox_length;
  GHashTable              *pending_lists;
  GError                  *error;
};

/* Shared by ewe-store.c, the store's edits, sync and friends files, and
 * ewe-store-models.c. */
struct _EweStore
{
  GObject      parent_instance;

  char        *path;
  guint        outbox_length;

  /* Live objects, main thread only */
  GListStore  *lists;
  GHashTable  *lists_by_id;          /* id → EweList (the model holds the ref) */
  GHashTable  *gift_models;          /* list id → ItemModel of EweGift */
  GHashTable  *reservation_models;   /* list id → ItemModel of EweReservation */

  /* Who sends the outbox now (ewe-store-pusher.c), main thread only */
  gpointer     outbox_pusher;        /* borrowed: its run holds it */
  GQueue       outbox_claims;        /* GTask of the others waiting, in turn */

  /* The worker: only it touches db once it runs */
  GThread     *thread;
  GAsyncQueue *queue;
  sqlite3     *db;
};

/* A list's gifts, or its reservations, as a live model: the objects in it
 * are found again by key (product id, reservation id) to be updated in
 * place. Kept while someone holds the model (ewe-store-models.c). */
typedef struct
{
  EweStore     *store;      /* borrowed: the store outlives its entries */
  GHashTable   *registry;   /* borrowed: store->gift_models or ->reservation_models */
  GListStore   *model;      /* weak */
  GHashTable   *by_key;     /* key → item (the model holds the ref) */
  const char *(*key) (gpointer item);
  char         *list_id;
} EweStoreItemModel;

const char        *ewe_store_gift_key               (gpointer            item);
const char        *ewe_store_reservation_key        (gpointer            item);
void               ewe_store_item_model_free        (EweStoreItemModel  *im);
void               ewe_store_item_model_remove      (EweStoreItemModel  *im,
                                                     gpointer            item);
void               ewe_store_item_model_clear       (EweStoreItemModel  *im);
void               ewe_store_item_model_upsert      (EweStoreItemModel  *im,
                                                     gpointer            values);
void               ewe_store_item_model_rename_list (GHashTable         *registry,
                                                     const char         *old_id,
                                                     const char         *new_id);
void               ewe_store_item_models_forget     (GHashTable         *registry);

EweStoreJob *ewe_store_job_new        (GTask                *task,
                                       EweStoreJobRunFunc    run);
void         ewe_store_queue_job      (EweStore             *self,
                                       EweStoreJob          *job);
GTask       *ewe_store_new_task       (EweStore             *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data,
                                       gpointer              source_tag);
gboolean     ewe_store_finish_boolean (EweStore             *self,
                                       GAsyncResult         *result,
                                       gpointer              source_tag,
                                       GError              **error);
gpointer     ewe_store_finish_pointer (EweStore             *self,
                                       GAsyncResult         *result,
                                       gpointer              source_tag,
                                       GError              **error);
gboolean     ewe_store_check_list     (EweStore             *self,
                                       EweList              *list,
                                       GError              **error);
sqlite3     *ewe_store_get_db         (EweStore             *self);
EweGift     *ewe_store_lookup_gift    (EweStore             *self,
                                       const char           *list_id,
                                       const char           *product_id);

G_END_DECLS
