/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-api-client.h"
#include "ewe-outbox-entry.h"
#include "ewe-store.h"

G_BEGIN_DECLS

#define EWE_SYNC_ERROR (ewe_sync_error_quark ())

typedef enum
{
  EWE_SYNC_ERROR_OFFLINE,     /* the server could not be reached; retried later */
  EWE_SYNC_ERROR_SIGNED_OUT,  /* sync needs a signed-in account */
  EWE_SYNC_ERROR_FAILED,      /* the server or the store refused; see the message */
} EweSyncError;

#define EWE_TYPE_SYNC (ewe_sync_get_type ())

G_DECLARE_FINAL_TYPE (EweSync, ewe_sync, EWE, SYNC, GObject)

GQuark        ewe_sync_error_quark     (void);
EweSync      *ewe_sync_new             (EweStore             *store,
                                        EweApiClient         *client);
EweStore     *ewe_sync_get_store       (EweSync              *self);
gboolean      ewe_sync_get_syncing     (EweSync              *self);
double        ewe_sync_get_progress    (EweSync              *self);
guint         ewe_sync_get_pending     (EweSync              *self);
const GError *ewe_sync_get_last_error  (EweSync              *self);
void          ewe_sync_run_async       (EweSync              *self,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean      ewe_sync_run_finish      (EweSync              *self,
                                        GAsyncResult         *result,
                                        GError              **error);
void          ewe_sync_start           (EweSync              *self);
void          ewe_sync_stop            (EweSync              *self);
void          ewe_sync_schedule        (EweSync              *self);

G_END_DECLS
