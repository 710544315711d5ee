/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-storage.h"

G_BEGIN_DECLS

/* What a reservation, a gift or a product may do, decided the same way by
 * every storage backend: each reads the facts its own way (under its own
 * locks), and asks these for the verdict and the words. */

/* The gift a reservation counts against, as read inside the transaction. */
typedef struct
{
  gint64   gift_id; /* 0 when the gift was deleted */
  gint64   quantity;
  gint64   reserved;
  gint64   purchased;
  gboolean list_closed;
} EwsGiftCounts;

gboolean ews_storage_rules_check_new_quantity     (gint64                 quantity,
                                                   GError               **error);
gboolean ews_storage_rules_check_changed_quantity (gint64                 quantity,
                                                   GError               **error);
gboolean ews_storage_rules_check_on_list          (const EwsGiftCounts   *counts,
                                                   GError               **error);
gboolean ews_storage_rules_check_list_open        (gboolean               closed,
                                                   GError               **error);
gboolean ews_storage_rules_check_not_held         (gboolean               user_holds_one,
                                                   GError               **error);
gboolean ews_storage_rules_check_active           (const EwsReservation  *reservation,
                                                   GError               **error);
gboolean ews_storage_rules_check_gift_kept        (const EwsGiftCounts   *counts,
                                                   GError               **error);
gboolean ews_storage_rules_check_wanted           (const EwsGiftCounts   *counts,
                                                   gint64                 more,
                                                   GError               **error);
gboolean ews_storage_rules_check_unconfirmed      (gint64                 held,
                                                   gint64                 more,
                                                   GError               **error);
char    *ews_storage_rules_new_confirm_key        (GError               **error);
gboolean ews_storage_rules_check_confirm_key      (const EwsReservation  *reservation,
                                                   const char            *key,
                                                   GError               **error);

gboolean ews_storage_rules_check_gift_quantity    (const EwsGift         *gift,
                                                   gint64                 quantity,
                                                   GError               **error);
gboolean ews_storage_rules_check_gift_removable   (const EwsGift         *gift,
                                                   GError               **error);
gboolean ews_storage_rules_check_product_unused   (gint64                 n_lists,
                                                   GError               **error);

G_END_DECLS
