/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-live-watcher.h"
#include "ewe-session.h"

G_BEGIN_DECLS

#define EWE_TYPE_LIVE_UPDATES (ewe_live_updates_get_type ())

G_DECLARE_FINAL_TYPE (EweLiveUpdates, ewe_live_updates, EWE, LIVE_UPDATES, GObject)

EweLiveUpdates *ewe_live_updates_new         (EweSession     *session);
void            ewe_live_updates_start       (EweLiveUpdates *self);
void            ewe_live_updates_stop        (EweLiveUpdates *self);
/* The watcher of the configured server, or NULL (none configured, or
 * stopped). */
EweLiveWatcher *ewe_live_updates_get_watcher (EweLiveUpdates *self);
/* How many notices were let go as echoes of the user's own writes. */
guint           ewe_live_updates_get_n_skipped (EweLiveUpdates *self);

G_END_DECLS
