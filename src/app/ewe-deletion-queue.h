/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-store.h"

G_BEGIN_DECLS

#define EWE_TYPE_DELETION_QUEUE (ewe_deletion_queue_get_type ())

G_DECLARE_FINAL_TYPE (EweDeletionQueue, ewe_deletion_queue, EWE, DELETION_QUEUE, GObject)

EweDeletionQueue *ewe_deletion_queue_new         (EweStore         *store);
GtkFilter        *ewe_deletion_queue_get_filter  (EweDeletionQueue *self);
AdwToast         *ewe_deletion_queue_delete_list (EweDeletionQueue *self,
                                                  EweList          *list);
AdwToast         *ewe_deletion_queue_remove_gift (EweDeletionQueue *self,
                                                  EweGift          *gift);
gboolean          ewe_deletion_queue_is_pending  (EweDeletionQueue *self,
                                                  gpointer          item);
AdwToast         *ewe_deletion_queue_get_toast   (EweDeletionQueue *self,
                                                  gpointer          item);
void              ewe_deletion_queue_undo        (EweDeletionQueue *self,
                                                  gpointer          item);
void              ewe_deletion_queue_commit_all  (EweDeletionQueue *self);
guint             ewe_deletion_queue_get_n_pending (EweDeletionQueue *self);

G_END_DECLS
