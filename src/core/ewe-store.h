/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-gift.h"
#include "ewe-list.h"
#include "ewe-outbox-entry.h"
#include "ewe-reservation.h"

G_BEGIN_DECLS

/* EweStore: one SQLite file of lists, gifts, reservations and the outbox
 * of edits waiting to be sent (one per account, one for signed-out
 * drafts; see ewe-paths.h).
 *
 * - Every call is an _async/_finish pair; the SQL runs on the store's own
 *   worker thread, jobs in the order they were made, and each result comes
 *   back on the main context that was the thread default when the call was
 *   made. ewe_store_open_sync() is for tests and tools only.
 * - The EweList, EweGift and EweReservation objects in the models are live:
 *   the store updates them in place when a change commits (an edit here, a
 *   merge from the server, a local id becoming the server's), before the
 *   callback runs. Hold the objects, not their ids, and change them only
 *   through the store.
 * - A refused edit is an EWE_STORE_ERROR with a message for the user, and
 *   nothing changed, in the file or in the models.
 * - An edit cancelled before it ran did not happen; once committed it is
 *   reported as done even if cancelled since. */

#define EWE_STORE_ERROR (ewe_store_error_quark ())

typedef enum
{
  EWE_STORE_ERROR_NOT_FOUND,  /* the list or gift is no longer in the store */
  EWE_STORE_ERROR_INVALID,    /* the edit was refused; nothing changed */
  EWE_STORE_ERROR_CORRUPT,    /* the file is not a store, or is damaged */
  EWE_STORE_ERROR_IO,         /* the disk said no: full, read-only, gone */
  EWE_STORE_ERROR_TOO_NEW,    /* written by a newer Ewelists */
} EweStoreError;

#define EWE_TYPE_STORE (ewe_store_get_type ())

G_DECLARE_FINAL_TYPE (EweStore, ewe_store, EWE, STORE, GObject)

GQuark      ewe_store_error_quark                (void);
int         ewe_store_get_schema_version         (void);

void        ewe_store_open_async                 (const char           *path,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
EweStore   *ewe_store_open_finish                (GAsyncResult         *result,
                                                  GError              **error);
EweStore   *ewe_store_open_sync                  (const char           *path,
                                                  GError              **error);

const char *ewe_store_get_path                   (EweStore             *self);
guint       ewe_store_get_outbox_length          (EweStore             *self);
GListModel *ewe_store_get_lists                  (EweStore             *self);
EweList    *ewe_store_lookup_list                (EweStore             *self,
                                                  const char           *id);

void        ewe_store_load_gifts_async           (EweStore             *self,
                                                  EweList              *list,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GListModel *ewe_store_load_gifts_finish          (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

void        ewe_store_load_reservations_async    (EweStore             *self,
                                                  EweList              *list,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GListModel *ewe_store_load_reservations_finish   (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* The user's edits. Each is one transaction that changes the rows and
 * appends an outbox entry; the live objects and models change when it has
 * committed, before the callback runs. @values is a detached EweList or
 * EweGift carrying the new values; it is copied, never kept. */
void        ewe_store_create_list_async          (EweStore             *self,
                                                  EweList              *values,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
EweList    *ewe_store_create_list_finish         (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_update_list_async          (EweStore             *self,
                                                  EweList              *list,
                                                  EweList              *values,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_update_list_finish         (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_close_list_async           (EweStore             *self,
                                                  EweList              *list,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_close_list_finish          (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* ewe-store-archive.c */
void        ewe_store_archive_list_async         (EweStore             *self,
                                                  EweList              *list,
                                                  const char           *note,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_archive_list_finish        (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_unarchive_list_async       (EweStore             *self,
                                                  EweList              *list,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_unarchive_list_finish      (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* ewe-store-reveal.c */
void        ewe_store_set_reveal_date_async      (EweStore             *self,
                                                  EweList              *list,
                                                  const char           *reveal_date,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_set_reveal_date_finish     (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_delete_list_async          (EweStore             *self,
                                                  EweList              *list,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_delete_list_finish         (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_add_gift_async             (EweStore             *self,
                                                  EweList              *list,
                                                  EweGift              *values,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
EweGift    *ewe_store_add_gift_finish            (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
gboolean    ewe_store_check_typed_in_gift        (EweGift              *values,
                                                  GError              **error);
void        ewe_store_update_gift_async          (EweStore             *self,
                                                  EweGift              *gift,
                                                  int                   quantity,
                                                  const char           *notes,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_update_gift_finish         (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_edit_gift_async            (EweStore             *self,
                                                  EweGift              *gift,
                                                  EweGift              *values,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_edit_gift_finish           (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_remove_gift_async          (EweStore             *self,
                                                  EweGift              *gift,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_remove_gift_finish         (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* After the event (ewe-store-thanks.c). */
void        ewe_store_set_gift_received_async    (EweStore             *self,
                                                  EweGift              *gift,
                                                  gboolean              received,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_set_gift_received_finish   (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_set_giver_thanked_async    (EweStore             *self,
                                                  EweList              *list,
                                                  const char           *email,
                                                  gboolean              thanked,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_set_giver_thanked_finish   (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* After a conflict: takes the other device's values of @fields. */
void        ewe_store_take_theirs_async          (EweStore             *self,
                                                  GObject              *ours,
                                                  GObject              *theirs,
                                                  const char * const   *fields,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_take_theirs_finish         (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* For the sync engine. One engine at a time sends a store's outbox: the
 * claim returns once @pusher holds it, and @pusher lets go of it with
 * ewe_store_release_outbox() once nothing of its run is under way. */
void        ewe_store_claim_outbox_async         (EweStore             *self,
                                                  gpointer              pusher,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_claim_outbox_finish        (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_release_outbox             (EweStore             *self,
                                                  gpointer              pusher);
gpointer    ewe_store_get_outbox_pusher          (EweStore             *self);
void        ewe_store_list_outbox_async          (EweStore             *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray  *ewe_store_list_outbox_finish         (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_complete_outbox_entry_async (EweStore            *self,
                                                   gint64               entry_id,
                                                   const char          *server_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean    ewe_store_complete_outbox_entry_finish (EweStore           *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);
void        ewe_store_complete_outbox_entries_async (EweStore          *self,
                                                     const gint64      *entry_ids,
                                                     const char * const *server_ids,
                                                     guint              n_entries,
                                                     GCancellable      *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer           user_data);
gboolean    ewe_store_complete_outbox_entries_finish (EweStore         *self,
                                                      GAsyncResult     *result,
                                                      GError          **error);
void        ewe_store_fail_outbox_entry_async    (EweStore             *self,
                                                  gint64                entry_id,
                                                  const char           *message,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_fail_outbox_entry_finish   (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_rewrite_id_async           (EweStore             *self,
                                                  const char           *local_id,
                                                  const char           *server_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_rewrite_id_finish          (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_merge_list_async           (EweStore             *self,
                                                  EweList              *list,
                                                  GPtrArray            *gifts,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_merge_list_finish          (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* ewe-store-products.c */
void        ewe_store_fill_products_async        (EweStore             *self,
                                                  const char           *list_id,
                                                  GPtrArray            *gifts,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray  *ewe_store_fill_products_finish       (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_merge_reservations_async   (EweStore             *self,
                                                  EweList              *list,
                                                  GPtrArray            *reservations,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_merge_reservations_finish  (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_import_drafts_async        (EweStore             *self,
                                                  const char           *drafts_path,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_import_drafts_finish       (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        ewe_store_prune_lists_async          (EweStore             *self,
                                                  const char * const   *server_ids,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    ewe_store_prune_lists_finish         (EweStore             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
