/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-account.h"

G_BEGIN_DECLS

#define EWE_TYPE_LIVE_WATCHER (ewe_live_watcher_get_type ())

G_DECLARE_FINAL_TYPE (EweLiveWatcher, ewe_live_watcher, EWE, LIVE_WATCHER, GObject)

EweLiveWatcher *ewe_live_watcher_new          (const char         *server_url);
const char     *ewe_live_watcher_get_server_url (EweLiveWatcher   *self);
/* The lists to hear about (server ids); the stream is opened again when
 * they change. No list, no stream. */
void            ewe_live_watcher_set_lists    (EweLiveWatcher     *self,
                                               const char * const *list_ids);
const char * const *ewe_live_watcher_get_lists (EweLiveWatcher *self);
/* The signed-in account whose lists to hear about ("lists-changed": a list
 * created on another device, a co-owner invitation accepted), or NULL.
 * Its ID token opens the stream; with an account, the stream is open even
 * with no lists to watch. */
void            ewe_live_watcher_set_account  (EweLiveWatcher     *self,
                                               EweAccount         *account);
void            ewe_live_watcher_start        (EweLiveWatcher     *self);
void            ewe_live_watcher_stop         (EweLiveWatcher     *self);
gboolean        ewe_live_watcher_get_connected (EweLiveWatcher    *self);
/* How long before the next attempt after @failures failed ones, in ms:
 * exponential, capped, with jitter (so that clients cut off together do
 * not all come back at the same instant). */
guint           ewe_live_watcher_backoff_ms   (guint               failures);

G_END_DECLS
