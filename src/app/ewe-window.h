/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-application.h"
#include "ewe-deletion-queue.h"
#include "ewe-list.h"
#include "ewe-live-updates.h"

G_BEGIN_DECLS

#define EWE_TYPE_WINDOW (ewe_window_get_type ())

G_DECLARE_FINAL_TYPE (EweWindow, ewe_window, EWE, WINDOW, AdwApplicationWindow)

EweWindow  *ewe_window_new         (EweApplication *application);
EweSession *ewe_window_get_session (EweWindow      *self);
void        ewe_window_add_toast   (EweWindow      *self,
                                    AdwToast       *toast);
void        ewe_window_select_list (EweWindow      *self,
                                    EweList        *list);
EweDeletionQueue *ewe_window_get_deletion_queue (EweWindow *self);
void        ewe_window_open_link   (EweWindow      *self,
                                    const char     *link);
EweLiveUpdates *ewe_window_get_live_updates (EweWindow *self);

G_END_DECLS
