/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-storage.h"

G_BEGIN_DECLS

/* EwsStorage's signals (ews-storage-changes.c), made with the interface. */
void     ews_storage_changes_init_signals  (EwsStorageInterface *iface);

/* A change to a list, its version and its notice commit together: begin,
 * make the change, then end with whether it succeeded, which announces it
 * (to @user_id too, as a list joining their lists, unless NULL) and
 * commits, or rolls back. */
gboolean ews_storage_change_begin          (EwsStorage          *self,
                                            GError             **error);
gboolean ews_storage_change_end            (EwsStorage          *self,
                                            gboolean             ok,
                                            const char          *list_id,
                                            GError             **error);
gboolean ews_storage_change_end_for_user   (EwsStorage          *self,
                                            gboolean             ok,
                                            const char          *list_id,
                                            const char          *user_id,
                                            GError             **error);

G_END_DECLS
