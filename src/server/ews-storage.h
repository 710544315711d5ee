/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* EwsStorage is the one door between the routes and the database. The routes
 * only ever see this interface, so a PostgreSQL backend is a second
 * implementation of it (ews-storage-sqlite.c is the first) and nothing else.
 *
 * The operations that must hold an invariant under concurrent requests —
 * reserving, changing a reservation, buying, cancelling — are single
 * operations here rather than read-check-write sequences in the routes: each
 * backend makes them atomic its own way (SQLite: BEGIN IMMEDIATE; PostgreSQL
 * would use SELECT … FOR UPDATE). The invariant is that for every gift
 * reserved + purchased <= quantity, and that reserved and purchased are the
 * sums of the gift's reservations in those states.
 *
 * Every failure is a GError in EWS_STORAGE_ERROR whose message can be shown
 * to the caller as it is; the code says which HTTP status fits. */

#define EWS_STORAGE_ERROR (ews_storage_error_quark ())

typedef enum
{
  EWS_STORAGE_ERROR_FAILED,     /* our fault: the database failed (500) */
  EWS_STORAGE_ERROR_NOT_FOUND,  /* no such list, gift, product or reservation (404) */
  EWS_STORAGE_ERROR_CONFLICT,   /* the state does not allow it (409) */
  EWS_STORAGE_ERROR_FORBIDDEN,  /* it exists but is not the caller's (403) */
  EWS_STORAGE_ERROR_INVALID,    /* a value the caller sent makes no sense (400) */
  EWS_STORAGE_ERROR_UNAVAILABLE, /* the database cannot be reached just now; nothing was changed (503) */
} EwsStorageError;

GQuark ews_storage_error_quark (void);

/* Catalogue products and user-added ("not found") products have the same
 * shape and live in two tables, as in the original service. */
typedef enum
{
  EWS_PRODUCT_KIND_CATALOGUE,
  EWS_PRODUCT_KIND_NOTFOUND,
} EwsProductKind;

typedef struct
{
  char     *list_id;
  char     *owner_id;     /* the owner's `sub` */
  char     *title;
  char     *description;
  char     *occasion;
  char     *image_url;
  char     *event_date;   /* NULL when the list has no date */
  char     *reveal_date;  /* YYYY-MM-DD the owner chose; NULL: the day after event_date */
  char     *currency;     /* ISO 4217; NULL on insert: pounds, as the original's */
  gboolean  closed;
  gint64    created_at;
  /* Not stored: whether the reveal date has come by the server's clock,
   * set by ews_lists_set_revealed() before the list is written out. */
  gboolean  revealed;
  /* Archived (after the event): read-only for its owner and closed to
   * guests, whatever `closed` says; un-archiving gives back the state it
   * had. 0 when not archived. */
  gint64    archived_at;
  char     *archive_note; /* the owner's thank-you to guests; may be NULL */
} EwsList;

/* A gift: a product on a list, with how many are wanted, reserved, bought. */
typedef struct
{
  char   *list_id;
  char   *product_id;
  char   *type;           /* "products" or "notfound" */
  char   *notes;          /* may be NULL */
  gint64  quantity;
  gint64  reserved;
  gint64  purchased;
  gboolean received;      /* the owner has it in hand */
  /* "As many as you like": guests may reserve any number, beyond quantity;
   * reserved and purchased say how many were given. */
  gboolean unlimited;
  /* Starred by the owner: guests see these first. */
  gboolean most_wanted;
} EwsGift;

typedef struct
{
  char   *reservation_id;
  char   *list_id;
  char   *list_owner_id;
  char   *list_title;
  char   *product_id;
  char   *product_type;
  char   *user_id;        /* the guest's `sub` when signed in, else their e-mail */
  char   *name;
  char   *email;
  char   *state;          /* "reserved", "purchased" or "cancelled" */
  gint64  quantity;
  gint64  reserved_at;
  /* FALSE until the owner of the address opened the mailed link and said
   * it is theirs: anyone may type anyone's address. An unconfirmed
   * reservation counts towards the gift, but joins no account. */
  gboolean confirmed;
  gboolean thanked;       /* the owner marked the giver thanked for it */
  char   *confirm_key;    /* the secret in the mailed link; NULL once confirmed */
} EwsReservation;

/* How many of a list's gifts one address may hold, in all, before it has
 * confirmed any of them: enough for a real guest, too few for a stranger
 * to empty a list in someone else's name. */
#define EWS_MAX_UNCONFIRMED_PER_ADDRESS 5

typedef struct
{
  char     *product_id;
  char     *brand;
  char     *details;
  char     *retailer;     /* may be NULL */
  char     *product_url;
  char     *image_url;    /* may be NULL */
  char     *price;        /* may be NULL; a string, as in the original */
  char     *currency;     /* the price's ISO 4217 code; NULL: pounds, as in the original */
  char     *created_by;   /* NULL for catalogue entries added by an admin */
  gboolean  search_hidden;
  gint64    created_at;
} EwsProduct;

/* A message from the contact form. */
typedef struct
{
  gint64  message_id;     /* the six-digit number the sender was told */
  char   *name;
  char   *email;
  char   *message;
  gint64  created_at;
} EwsContactMessage;

/* What a stored Idempotency-Key answered the first time. */
typedef struct
{
  char  *fingerprint;     /* method, path and a hash of the body */
  guint  status;
  char  *body;
} EwsIdempotentReply;

void ews_list_free              (EwsList            *list);
void ews_gift_free              (EwsGift            *gift);
void ews_reservation_free       (EwsReservation     *reservation);
void ews_product_free           (EwsProduct         *product);
void ews_idempotent_reply_free  (EwsIdempotentReply *reply);
void ews_contact_message_free   (EwsContactMessage  *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsList, ews_list_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsGift, ews_gift_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsReservation, ews_reservation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsProduct, ews_product_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsIdempotentReply, ews_idempotent_reply_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsContactMessage, ews_contact_message_free)

#define EWS_TYPE_STORAGE (ews_storage_get_type ())

G_DECLARE_INTERFACE (EwsStorage, ews_storage, EWS, STORAGE, GObject)

struct _EwsStorageInterface
{
  GTypeInterface parent_iface;

  /* Transactions nest: an inner begin is a savepoint of the outer one, so a
   * route's change and its Idempotency-Key record commit together. Every
   * begin ends in one commit or one rollback; a commit that fails has
   * rolled back already. */
  gboolean        (*begin)                 (EwsStorage      *self,
                                            GError         **error);
  gboolean        (*commit)                (EwsStorage      *self,
                                            GError         **error);
  void            (*rollback)              (EwsStorage      *self);

  /* lists */
  gboolean        (*list_insert)           (EwsStorage      *self,
                                            const EwsList   *list,
                                            GError         **error);
  EwsList        *(*list_get)              (EwsStorage      *self,
                                            const char      *list_id,
                                            GError         **error);
  /* The list's version (a number bumped in the same transaction as every
   * write to what its shared view shows, see the migrations' list_versions):
   * EWS_STORAGE_NO_SUCH_LIST when it has none. */
  gboolean        (*list_version)          (EwsStorage      *self,
                                            const char      *list_id,
                                            gint64          *version,
                                            GError         **error);
  GPtrArray      *(*lists_for_owner)       (EwsStorage      *self,
                                            const char      *owner_id,
                                            GError         **error);
  gboolean        (*list_update)           (EwsStorage      *self,
                                            const EwsList   *list,
                                            GError         **error);
  gboolean        (*list_close)            (EwsStorage      *self,
                                            const char      *list_id,
                                            GError         **error);
  /* Inside a transaction: fails (CONFLICT) if the list is archived, and
   * keeps it from being archived until the transaction ends, so that an
   * edit checked here cannot land on a list archived meanwhile. */
  gboolean        (*list_lock_editable)    (EwsStorage      *self,
                                            const char      *list_id,
                                            GError         **error);
  /* Archives the list with @note at @archived_at, or un-archives it when
   * @archived_at is 0 (and drops the note). */
  gboolean        (*list_set_archived)     (EwsStorage      *self,
                                            const char      *list_id,
                                            gint64           archived_at,
                                            const char      *note,
                                            GError         **error);
  /* Deletes the list with its gifts and every reservation on it. */
  gboolean        (*list_delete)           (EwsStorage      *self,
                                            const char      *list_id,
                                            guint           *n_deleted,
                                            GError         **error);

  /* gifts */
  GPtrArray      *(*gifts_for_list)        (EwsStorage      *self,
                                            const char      *list_id,
                                            GError         **error);
  EwsGift        *(*gift_get)              (EwsStorage      *self,
                                            const char      *list_id,
                                            const char      *product_id,
                                            GError         **error);
  gboolean        (*gift_insert)           (EwsStorage      *self,
                                            const EwsGift   *gift,
                                            GError         **error);
  /* Refuses (CONFLICT) a quantity below reserved + purchased. @notes NULL
   * keeps the notes, as in the original; "" removes them. */
  gboolean        (*gift_update)           (EwsStorage      *self,
                                            const char      *list_id,
                                            const char      *product_id,
                                            gint64           quantity,
                                            const char      *notes,
                                            GError         **error);
  /* Refuses (CONFLICT) making a gift limited again while guests hold more
   * than its quantity. */
  gboolean        (*gift_set_unlimited)    (EwsStorage      *self,
                                            const char      *list_id,
                                            const char      *product_id,
                                            gboolean         unlimited,
                                            GError         **error);
  gboolean        (*gift_set_most_wanted)  (EwsStorage      *self,
                                            const char      *list_id,
                                            const char      *product_id,
                                            gboolean         most_wanted,
                                            GError         **error);
  /* Refuses (CONFLICT) while guests hold reservations on the gift. */
  gboolean        (*gift_delete)           (EwsStorage      *self,
                                            const char      *list_id,
                                            const char      *product_id,
                                            GError         **error);
  /* Marks the gift received by the list's owner, or not (NOT_FOUND when
   * the list has no such gift). */
  gboolean        (*gift_set_received)     (EwsStorage      *self,
                                            const char      *list_id,
                                            const char      *product_id,
                                            gboolean         received,
                                            GError         **error);
  /* Marks every reservation on the list that @email made (compared
   * without case), and that is not cancelled, thanked or not; NOT_FOUND
   * when there is none. *n_changed: how many. */
  gboolean        (*giver_set_thanked)     (EwsStorage      *self,
                                            const char      *list_id,
                                            const char      *email,
                                            gboolean         thanked,
                                            guint           *n_changed,
                                            GError         **error);

  /* reservations */
  /* An unconfirmed reservation gets a random confirm_key, and is refused
   * (CONFLICT) when it would take the address's unconfirmed units on the
   * list beyond EWS_MAX_UNCONFIRMED_PER_ADDRESS. */
  EwsReservation *(*reserve)               (EwsStorage      *self,
                                            const char      *list_id,
                                            const char      *product_id,
                                            const char      *user_id,
                                            const char      *name,
                                            const char      *email,
                                            gint64           quantity,
                                            gboolean         confirmed,
                                            GError         **error);
  EwsReservation *(*reservation_get)       (EwsStorage      *self,
                                            const char      *reservation_id,
                                            GError         **error);
  GPtrArray      *(*reservations_for_list) (EwsStorage      *self,
                                            const char      *list_id,
                                            GError         **error);
  GPtrArray      *(*reservations_for_user) (EwsStorage      *self,
                                            const char      *user_id,
                                            const char      *email,
                                            GError         **error);
  gboolean        (*reservation_set_quantity) (EwsStorage   *self,
                                               const char   *reservation_id,
                                               gint64        quantity,
                                               GError      **error);
  gboolean        (*reservation_purchase)  (EwsStorage      *self,
                                            const char      *reservation_id,
                                            GError         **error);
  /* Marks a reserved reservation cancelled and gives its quantity back. */
  gboolean        (*reservation_cancel)    (EwsStorage      *self,
                                            const char      *reservation_id,
                                            GError         **error);
  /* Removes the reservation whatever its state, and its counts with it. */
  gboolean        (*reservation_delete)    (EwsStorage      *self,
                                            const char      *reservation_id,
                                            GError         **error);
  /* Marks the reservation confirmed if @key is its confirm_key (INVALID
   * otherwise). Confirming a confirmed one again succeeds. */
  gboolean        (*reservation_confirm)   (EwsStorage      *self,
                                            const char      *reservation_id,
                                            const char      *key,
                                            GError         **error);

  /* catalogue and not-found products */
  gboolean        (*product_insert)        (EwsStorage      *self,
                                            EwsProductKind   kind,
                                            const EwsProduct *product,
                                            GError         **error);
  EwsProduct     *(*product_get)           (EwsStorage      *self,
                                            EwsProductKind   kind,
                                            const char      *product_id,
                                            GError         **error);
  /* The oldest catalogue entry with this URL that is not hidden from
   * search, the same one every time. */
  EwsProduct     *(*product_find_by_url)   (EwsStorage      *self,
                                            const char      *product_url,
                                            GError         **error);
  GPtrArray      *(*products_all)          (EwsStorage      *self,
                                            EwsProductKind   kind,
                                            GError         **error);
  /* Refuses (CONFLICT) while the product is a gift on some list. */
  gboolean        (*product_delete)        (EwsStorage      *self,
                                            EwsProductKind   kind,
                                            const char      *product_id,
                                            GError         **error);

  /* the site's admins, by normalized e-mail; adding one twice is fine,
   * removing one who is not fails with NOT_FOUND */
  gboolean        (*admin_add)             (EwsStorage      *self,
                                            const char      *email,
                                            GError         **error);
  gboolean        (*admin_remove)          (EwsStorage      *self,
                                            const char      *email,
                                            GError         **error);
  gboolean        (*admin_contains)        (EwsStorage      *self,
                                            const char      *email,
                                            gboolean        *is_admin,
                                            GError         **error);
  /* Sorted, as strings. */
  GPtrArray      *(*admins_all)            (EwsStorage      *self,
                                            GError         **error);

  /* contact form */
  gboolean        (*contact_insert)        (EwsStorage      *self,
                                            gint64           message_id,
                                            const char      *name,
                                            const char      *email,
                                            const char      *message,
                                            GError         **error);
  /* Oldest first, for the admin command. */
  GPtrArray      *(*contact_messages)      (EwsStorage      *self,
                                            GError         **error);

  /* Idempotency-Key records, per (scope, key); scope is the user or "".
   * A backend keeps them for a month at least, and may then forget them. */
  EwsIdempotentReply *(*idempotency_lookup) (EwsStorage     *self,
                                             const char     *scope,
                                             const char     *key,
                                             GError        **error);
  gboolean        (*idempotency_store)     (EwsStorage      *self,
                                            const char      *scope,
                                            const char      *key,
                                            const EwsIdempotentReply *reply,
                                            GError         **error);

  /* Rate limits (ews-rate-limit.h): a token bucket per @key, shared by
   * every server on the database. The bucket holds @capacity tokens and
   * gains @capacity per @period_seconds; one never used is full. rate_take
   * takes one token in one atomic step: *retry_after_ms is 0 when it was
   * taken, else how long until there is one (nothing is taken then).
   * rate_reset fills @key's bucket again. */
  gboolean        (*rate_take)             (EwsStorage      *self,
                                            const char      *key,
                                            guint            capacity,
                                            guint            period_seconds,
                                            gint64           now_ms,
                                            gint64          *retry_after_ms,
                                            GError         **error);
  gboolean        (*rate_reset)            (EwsStorage      *self,
                                            const char      *key,
                                            GError         **error);

  /* Change notices (live updates). A backend shared by several servers
   * sets both: announce_change tells every server, inside the open
   * transaction, that @list_id changed, and watch_changes starts hearing
   * those notices, each emitted as EwsStorage::list-changed on the main
   * context. A backend of one server leaves them NULL: each change is
   * emitted as EwsStorage::list-changed at once. @version is the list's
   * change counter after the change; a non-NULL @user_id also says that
   * the list joined that user's lists (EwsStorage::list-added). */
  gboolean        (*announce_change)       (EwsStorage      *self,
                                            const char      *list_id,
                                            gint64           version,
                                            const char      *user_id,
                                            GError         **error);
  void            (*watch_changes)         (EwsStorage      *self);
  /* Adds one to @list_id's change counter, in the open transaction, and
   * says what it is now in @version (0 when the list is gone). */
  gboolean        (*list_bump_version)     (EwsStorage      *self,
                                            const char      *list_id,
                                            gint64          *version,
                                            GError         **error);
};

gboolean        ews_storage_begin                    (EwsStorage        *self,
                                                      GError           **error);
gboolean        ews_storage_commit                   (EwsStorage        *self,
                                                      GError           **error);
void            ews_storage_rollback                 (EwsStorage        *self);

/* Starts hearing the changes other servers make (a no-op on a backend of
 * one server). Only a serving process calls it, not an admin command. */
void            ews_storage_watch_changes            (EwsStorage        *self);
/* Emits EwsStorage::list-changed; @list_id NULL says that any list may have
 * changed (notices were missed while the backend could not hear them). For
 * backends, on the main context. */
void            ews_storage_emit_list_changed        (EwsStorage        *self,
                                                      const char        *list_id,
                                                      gint64             version);
/* Emits EwsStorage::list-added: @list_id (at @version) is now one of
 * @user_id's lists (created, or a co-owner invitation accepted); NULL for
 * both says that any user's lists may have changed. */
void            ews_storage_emit_list_added          (EwsStorage        *self,
                                                      const char        *user_id,
                                                      const char        *list_id,
                                                      gint64             version);
/* Inside an open transaction: tells the watchers that @list_id joined
 * @user_id's lists, and the list's own watchers that it changed. */
gboolean        ews_storage_announce_list_added      (EwsStorage        *self,
                                                      const char        *user_id,
                                                      const char        *list_id,
                                                      GError           **error);
/* The changes made and announced since the last call, as "LISTID
 * VERSION" strings (NULL when none), for the request that made them to
 * say in its answer (see ews-request.c). */
GStrv           ews_storage_take_changes             (EwsStorage        *self);

gboolean        ews_storage_list_insert              (EwsStorage        *self,
                                                      const EwsList     *list,
                                                      GError           **error);
EwsList        *ews_storage_list_get                 (EwsStorage        *self,
                                                      const char        *list_id,
                                                      GError           **error);
gboolean        ews_storage_list_version             (EwsStorage        *self,
                                                      const char        *list_id,
                                                      gint64            *version,
                                                      GError           **error);
GPtrArray      *ews_storage_lists_for_owner          (EwsStorage        *self,
                                                      const char        *owner_id,
                                                      GError           **error);
gboolean        ews_storage_list_update              (EwsStorage        *self,
                                                      const EwsList     *list,
                                                      GError           **error);
gboolean        ews_storage_list_lock_editable       (EwsStorage        *self,
                                                      const char        *list_id,
                                                      GError           **error);
gboolean        ews_storage_list_set_archived        (EwsStorage        *self,
                                                      const char        *list_id,
                                                      gint64             archived_at,
                                                      const char        *note,
                                                      GError           **error);
gboolean        ews_storage_list_close               (EwsStorage        *self,
                                                      const char        *list_id,
                                                      GError           **error);
gboolean        ews_storage_list_delete              (EwsStorage        *self,
                                                      const char        *list_id,
                                                      guint             *n_deleted,
                                                      GError           **error);

GPtrArray      *ews_storage_gifts_for_list           (EwsStorage        *self,
                                                      const char        *list_id,
                                                      GError           **error);
EwsGift        *ews_storage_gift_get                 (EwsStorage        *self,
                                                      const char        *list_id,
                                                      const char        *product_id,
                                                      GError           **error);
gboolean        ews_storage_gift_insert              (EwsStorage        *self,
                                                      const EwsGift     *gift,
                                                      GError           **error);
gboolean        ews_storage_gift_update              (EwsStorage        *self,
                                                      const char        *list_id,
                                                      const char        *product_id,
                                                      gint64             quantity,
                                                      const char        *notes,
                                                      GError           **error);
gboolean        ews_storage_gift_set_unlimited       (EwsStorage        *self,
                                                      const char        *list_id,
                                                      const char        *product_id,
                                                      gboolean           unlimited,
                                                      GError           **error);
gboolean        ews_storage_gift_set_most_wanted     (EwsStorage        *self,
                                                      const char        *list_id,
                                                      const char        *product_id,
                                                      gboolean           most_wanted,
                                                      GError           **error);
gboolean        ews_storage_gift_delete              (EwsStorage        *self,
                                                      const char        *list_id,
                                                      const char        *product_id,
                                                      GError           **error);
gboolean        ews_storage_gift_set_received  (EwsStorage      *self,
                                                const char      *list_id,
                                                const char      *product_id,
                                                gboolean         received,
                                                GError         **error);
gboolean        ews_storage_giver_set_thanked  (EwsStorage      *self,
                                                const char      *list_id,
                                                const char      *email,
                                                gboolean         thanked,
                                                guint           *n_changed,
                                                GError         **error);

EwsReservation *ews_storage_reserve                  (EwsStorage        *self,
                                                      const char        *list_id,
                                                      const char        *product_id,
                                                      const char        *user_id,
                                                      const char        *name,
                                                      const char        *email,
                                                      gint64             quantity,
                                                      gboolean           confirmed,
                                                      GError           **error);
EwsReservation *ews_storage_reservation_get          (EwsStorage        *self,
                                                      const char        *reservation_id,
                                                      GError           **error);
GPtrArray      *ews_storage_reservations_for_list    (EwsStorage        *self,
                                                      const char        *list_id,
                                                      GError           **error);
GPtrArray      *ews_storage_reservations_for_user    (EwsStorage        *self,
                                                      const char        *user_id,
                                                      const char        *email,
                                                      GError           **error);
gboolean        ews_storage_reservation_set_quantity (EwsStorage        *self,
                                                      const char        *reservation_id,
                                                      gint64             quantity,
                                                      GError           **error);
gboolean        ews_storage_reservation_purchase     (EwsStorage        *self,
                                                      const char        *reservation_id,
                                                      GError           **error);
gboolean        ews_storage_reservation_cancel       (EwsStorage        *self,
                                                      const char        *reservation_id,
                                                      GError           **error);
gboolean        ews_storage_reservation_delete       (EwsStorage        *self,
                                                      const char        *reservation_id,
                                                      GError           **error);
gboolean        ews_storage_reservation_confirm      (EwsStorage        *self,
                                                      const char        *reservation_id,
                                                      const char        *key,
                                                      GError           **error);

gboolean        ews_storage_product_insert           (EwsStorage        *self,
                                                      EwsProductKind     kind,
                                                      const EwsProduct  *product,
                                                      GError           **error);
EwsProduct     *ews_storage_product_get              (EwsStorage        *self,
                                                      EwsProductKind     kind,
                                                      const char        *product_id,
                                                      GError           **error);
EwsProduct     *ews_storage_product_find_by_url      (EwsStorage        *self,
                                                      const char        *product_url,
                                                      GError           **error);
GPtrArray      *ews_storage_products_all             (EwsStorage        *self,
                                                      EwsProductKind     kind,
                                                      GError           **error);
gboolean        ews_storage_product_delete           (EwsStorage        *self,
                                                      EwsProductKind     kind,
                                                      const char        *product_id,
                                                      GError           **error);

gboolean        ews_storage_admin_add                (EwsStorage        *self,
                                                      const char        *email,
                                                      GError           **error);
gboolean        ews_storage_admin_remove             (EwsStorage        *self,
                                                      const char        *email,
                                                      GError           **error);
gboolean        ews_storage_admin_contains           (EwsStorage        *self,
                                                      const char        *email,
                                                      gboolean          *is_admin,
                                                      GError           **error);
GPtrArray      *ews_storage_admins_all               (EwsStorage        *self,
                                                      GError           **error);

gboolean        ews_storage_contact_insert           (EwsStorage        *self,
                                                      gint64             message_id,
                                                      const char        *name,
                                                      const char        *email,
                                                      const char        *message,
                                                      GError           **error);
GPtrArray      *ews_storage_contact_messages         (EwsStorage        *self,
                                                      GError           **error);

EwsIdempotentReply *ews_storage_idempotency_lookup   (EwsStorage        *self,
                                                      const char        *scope,
                                                      const char        *key,
                                                      GError           **error);
gboolean        ews_storage_idempotency_store        (EwsStorage        *self,
                                                      const char        *scope,
                                                      const char        *key,
                                                      const EwsIdempotentReply *reply,
                                                      GError           **error);

gboolean        ews_storage_rate_take                (EwsStorage        *self,
                                                      const char        *key,
                                                      guint              capacity,
                                                      guint              period_seconds,
                                                      gint64             now_ms,
                                                      gint64            *retry_after_ms,
                                                      GError           **error);
gboolean        ews_storage_rate_reset               (EwsStorage        *self,
                                                      const char        *key,
                                                      GError           **error);

G_END_DECLS
