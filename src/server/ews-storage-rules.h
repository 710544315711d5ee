/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-storage.h"

G_BEGIN_DECLS

/* The words for what is not there (or is there already), the same from
 * every backend and from the routes that answer "not found" for what the
 * caller may not see, so that a missing row and a hidden one read alike. */
#define EWS_STORAGE_NO_SUCH_LIST           "No list exists with this ID."
#define EWS_STORAGE_LIST_ARCHIVED          "This list is archived. Un-archive it to change it."
#define EWS_STORAGE_NO_SUCH_GIFT           "This product is not on the list."
#define EWS_STORAGE_NO_SUCH_PRODUCT        "No product exists with this ID."
#define EWS_STORAGE_NO_SUCH_RESERVATION    "Reservation ID does not exist."
#define EWS_STORAGE_NO_SUCH_GIVER          "Nobody with this e-mail address gave a gift on this list."
#define EWS_STORAGE_NO_SUCH_ACCOUNT        "No such account."
#define EWS_STORAGE_NO_SUCH_CODE           "No such code."
#define EWS_STORAGE_NO_SUCH_SESSION        "No such session."
#define EWS_STORAGE_NO_SUCH_SIGNING_KEY    "No such signing key."
#define EWS_STORAGE_UNUSED_IDEMPOTENCY_KEY "This Idempotency-Key has not been used."
#define EWS_STORAGE_GIFT_ALREADY_ON_LIST   "Product already exists in list."

char    *ews_storage_rules_dup_not_admin_message  (const char            *email);

/* A refusal whose sentence holds a number or a state. Its message, for the
 * JSON API, is English with the number in it, too late to translate; a
 * guest page words these itself, in its own language and with the plural
 * the number needs, from what the error carries (its code stays the one
 * that says the HTTP status). */
typedef enum
{
  EWS_STORAGE_REFUSAL_NONE,
  EWS_STORAGE_REFUSAL_NOT_WANTED,        /* count: how many are still wanted, at least 1 */
  EWS_STORAGE_REFUSAL_UNCONFIRMED_LIMIT, /* count: how many one address may hold unconfirmed */
  EWS_STORAGE_REFUSAL_PURCHASED,         /* the reservation is bought, which is final */
  EWS_STORAGE_REFUSAL_CANCELLED,         /* the reservation is cancelled, which is final */
} EwsStorageRefusal;

/* Which refusal @error is, and its @count (or 0); NONE for any other
 * error, in this domain or another. */
EwsStorageRefusal ews_storage_rules_get_refusal   (const GError          *error,
                                                   gint64                *count);

/* What a reservation, a gift or a product may do, decided the same way by
 * every storage backend: each reads the facts its own way (under its own
 * locks), and asks these for the verdict and the words. */

/* A list's state as reservations see it, in SQL for a list aliased `l`:
 * an archived list is closed to guests whatever its own state. */
#define EWS_STORAGE_LIST_STATE_SQL "CASE WHEN l.archived_at IS NULL THEN l.state ELSE 'closed' END"

/* The gift a reservation counts against, as read inside the transaction. */
typedef struct
{
  gint64   gift_id; /* 0 when the gift was deleted */
  gint64   quantity;
  gint64   reserved;
  gint64   purchased;
  gboolean unlimited;
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
gboolean ews_storage_rules_check_gift_limited     (const EwsGift         *gift,
                                                   GError               **error);
gboolean ews_storage_rules_check_gift_removable   (const EwsGift         *gift,
                                                   GError               **error);
gboolean ews_storage_rules_check_product_unused   (gint64                 n_lists,
                                                   GError               **error);

G_END_DECLS
