/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage"

#include "config.h"

#include "ews-storage-changes-private.h"
#include "ews-storage-rules.h"
#include "ews-storage.h"

/* EWS_STORAGE_ERROR is defined in ews-storage-rules.c, with the refusals
 * its errors carry. */

G_DEFINE_INTERFACE (EwsStorage, ews_storage, G_TYPE_OBJECT)

static void
ews_storage_default_init (EwsStorageInterface *iface)
{
  ews_storage_changes_init_signals (iface);
}

void
ews_list_free (EwsList *list)
{
  if (list == NULL)
    return;

  g_free (list->list_id);
  g_free (list->owner_id);
  g_free (list->title);
  g_free (list->description);
  g_free (list->occasion);
  g_free (list->image_url);
  g_free (list->event_date);
  g_free (list->reveal_date);
  g_free (list->archive_note);
  g_free (list->currency);
  g_free (list);
}

void
ews_gift_free (EwsGift *gift)
{
  if (gift == NULL)
    return;

  g_free (gift->list_id);
  g_free (gift->product_id);
  g_free (gift->type);
  g_free (gift->notes);
  g_free (gift);
}

void
ews_reservation_free (EwsReservation *reservation)
{
  if (reservation == NULL)
    return;

  g_free (reservation->reservation_id);
  g_free (reservation->list_id);
  g_free (reservation->list_owner_id);
  g_free (reservation->list_title);
  g_free (reservation->product_id);
  g_free (reservation->product_type);
  g_free (reservation->user_id);
  g_free (reservation->name);
  g_free (reservation->email);
  g_free (reservation->state);
  g_free (reservation->confirm_key);
  g_free (reservation);
}

void
ews_product_free (EwsProduct *product)
{
  if (product == NULL)
    return;

  g_free (product->product_id);
  g_free (product->brand);
  g_free (product->details);
  g_free (product->retailer);
  g_free (product->product_url);
  g_free (product->image_url);
  g_free (product->price);
  g_free (product->currency);
  g_free (product->created_by);
  g_free (product);
}

void
ews_idempotent_reply_free (EwsIdempotentReply *reply)
{
  if (reply == NULL)
    return;

  g_free (reply->fingerprint);
  g_free (reply->body);
  g_free (reply);
}

void
ews_contact_message_free (EwsContactMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->name);
  g_free (message->email);
  g_free (message->message);
  g_free (message);
}

/* The list a reservation is on, for its notice; NULL (with @error) when it
 * does not exist, which the change itself would have said. */
static char *
reservation_list_id (EwsStorage *self,
                     const char *reservation_id,
                     GError    **error)
{
  g_autoptr(EwsReservation) reservation = NULL;

  reservation = EWS_STORAGE_GET_IFACE (self)->reservation_get (self, reservation_id, error);
  return reservation != NULL ? g_steal_pointer (&reservation->list_id) : NULL;
}

/* The wrappers below check their arguments and dispatch; those that change
 * a list also announce it. */

gboolean
ews_storage_begin (EwsStorage *self,
                   GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->begin (self, error);
}

gboolean
ews_storage_commit (EwsStorage *self,
                    GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->commit (self, error);
}

void
ews_storage_rollback (EwsStorage *self)
{
  g_return_if_fail (EWS_IS_STORAGE (self));
  EWS_STORAGE_GET_IFACE (self)->rollback (self);
}

gboolean
ews_storage_list_insert (EwsStorage    *self,
                         const EwsList *list,
                         GError       **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ews_storage_change_begin (self, error))
    return FALSE;

  return ews_storage_change_end_for_user (self, EWS_STORAGE_GET_IFACE (self)->list_insert (self, list, error), list->list_id,
                                          list->owner_id, error);
}

EwsList *
ews_storage_list_get (EwsStorage *self,
                      const char *list_id,
                      GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return EWS_STORAGE_GET_IFACE (self)->list_get (self, list_id, error);
}

gboolean
ews_storage_list_version (EwsStorage *self,
                          const char *list_id,
                          gint64     *version,
                          GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->list_version (self, list_id, version, error);
}

GPtrArray *
ews_storage_lists_for_owner (EwsStorage *self,
                             const char *owner_id,
                             GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return EWS_STORAGE_GET_IFACE (self)->lists_for_owner (self, owner_id, error);
}

gboolean
ews_storage_list_update (EwsStorage    *self,
                         const EwsList *list,
                         GError       **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ews_storage_change_begin (self, error))
    return FALSE;

  return ews_storage_change_end (self, EWS_STORAGE_GET_IFACE (self)->list_update (self, list, error), list->list_id, error);
}

gboolean
ews_storage_list_lock_editable (EwsStorage *self,
                                const char *list_id,
                                GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->list_lock_editable (self, list_id, error);
}

gboolean
ews_storage_list_set_archived (EwsStorage *self,
                               const char *list_id,
                               gint64      archived_at,
                               const char *note,
                               GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (archived_at >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->list_set_archived (self, list_id, archived_at, note, error);
}

gboolean
ews_storage_list_close (EwsStorage *self,
                        const char *list_id,
                        GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ews_storage_change_begin (self, error))
    return FALSE;

  return ews_storage_change_end (self, EWS_STORAGE_GET_IFACE (self)->list_close (self, list_id, error), list_id, error);
}

gboolean
ews_storage_list_delete (EwsStorage *self,
                         const char *list_id,
                         guint      *n_deleted,
                         GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ews_storage_change_begin (self, error))
    return FALSE;

  return ews_storage_change_end (self, EWS_STORAGE_GET_IFACE (self)->list_delete (self, list_id, n_deleted, error), list_id, error);
}

GPtrArray *
ews_storage_gifts_for_list (EwsStorage *self,
                            const char *list_id,
                            GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return EWS_STORAGE_GET_IFACE (self)->gifts_for_list (self, list_id, error);
}

EwsGift *
ews_storage_gift_get (EwsStorage *self,
                      const char *list_id,
                      const char *product_id,
                      GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return EWS_STORAGE_GET_IFACE (self)->gift_get (self, list_id, product_id, error);
}

gboolean
ews_storage_gift_insert (EwsStorage    *self,
                         const EwsGift *gift,
                         GError       **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ews_storage_change_begin (self, error))
    return FALSE;

  return ews_storage_change_end (self, EWS_STORAGE_GET_IFACE (self)->gift_insert (self, gift, error), gift->list_id, error);
}

gboolean
ews_storage_gift_update (EwsStorage *self,
                         const char *list_id,
                         const char *product_id,
                         gint64      quantity,
                         const char *notes,
                         GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ews_storage_change_begin (self, error))
    return FALSE;

  return ews_storage_change_end (self, EWS_STORAGE_GET_IFACE (self)->gift_update (self, list_id, product_id, quantity, notes, error), list_id, error);
}

gboolean
ews_storage_gift_set_unlimited (EwsStorage *self,
                                const char *list_id,
                                const char *product_id,
                                gboolean    unlimited,
                                GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->gift_set_unlimited (self, list_id, product_id, unlimited, error);
}

gboolean
ews_storage_gift_set_most_wanted (EwsStorage *self,
                                  const char *list_id,
                                  const char *product_id,
                                  gboolean    most_wanted,
                                  GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->gift_set_most_wanted (self, list_id, product_id, most_wanted, error);
}

gboolean
ews_storage_gift_delete (EwsStorage *self,
                         const char *list_id,
                         const char *product_id,
                         GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ews_storage_change_begin (self, error))
    return FALSE;

  return ews_storage_change_end (self, EWS_STORAGE_GET_IFACE (self)->gift_delete (self, list_id, product_id, error), list_id, error);
}

gboolean
ews_storage_gift_set_received (EwsStorage *self,
                               const char *list_id,
                               const char *product_id,
                               gboolean    received,
                               GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->gift_set_received (self, list_id, product_id, received, error);
}

gboolean
ews_storage_giver_set_thanked (EwsStorage *self,
                               const char *list_id,
                               const char *email,
                               gboolean    thanked,
                               guint      *n_changed,
                               GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->giver_set_thanked (self, list_id, email, thanked, n_changed, error);
}

EwsReservation *
ews_storage_reserve (EwsStorage *self,
                     const char *list_id,
                     const char *product_id,
                     const char *user_id,
                     const char *name,
                     const char *email,
                     gint64      quantity,
                     gboolean    confirmed,
                     GError    **error)
{
  g_autoptr(EwsReservation) reservation = NULL;

  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Checked here, once for every backend. */
  if (!ews_storage_rules_check_new_quantity (quantity, error))
    return NULL;

  if (!ews_storage_change_begin (self, error))
    return NULL;

  reservation = EWS_STORAGE_GET_IFACE (self)->reserve (self, list_id, product_id, user_id, name, email, quantity,
                                                       confirmed, error);
  if (!ews_storage_change_end (self, reservation != NULL, list_id, error))
    return NULL;

  return g_steal_pointer (&reservation);
}

EwsReservation *
ews_storage_reservation_get (EwsStorage *self,
                             const char *reservation_id,
                             GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return EWS_STORAGE_GET_IFACE (self)->reservation_get (self, reservation_id, error);
}

GPtrArray *
ews_storage_reservations_for_list (EwsStorage *self,
                                   const char *list_id,
                                   GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return EWS_STORAGE_GET_IFACE (self)->reservations_for_list (self, list_id, error);
}

GPtrArray *
ews_storage_reservations_for_user (EwsStorage *self,
                                   const char *user_id,
                                   const char *email,
                                   GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return EWS_STORAGE_GET_IFACE (self)->reservations_for_user (self, user_id, email, error);
}

gboolean
ews_storage_reservation_set_quantity (EwsStorage *self,
                                      const char *reservation_id,
                                      gint64      quantity,
                                      GError    **error)
{
  g_autofree char *list_id = NULL;

  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ews_storage_rules_check_changed_quantity (quantity, error))
    return FALSE;

  if (!ews_storage_change_begin (self, error))
    return FALSE;

  list_id = reservation_list_id (self, reservation_id, error);
  return ews_storage_change_end (self, list_id != NULL && EWS_STORAGE_GET_IFACE (self)->reservation_set_quantity (self, reservation_id, quantity, error), list_id, error);
}

gboolean
ews_storage_reservation_purchase (EwsStorage *self,
                                  const char *reservation_id,
                                  GError    **error)
{
  g_autofree char *list_id = NULL;

  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ews_storage_change_begin (self, error))
    return FALSE;

  list_id = reservation_list_id (self, reservation_id, error);
  return ews_storage_change_end (self, list_id != NULL && EWS_STORAGE_GET_IFACE (self)->reservation_purchase (self, reservation_id, error), list_id, error);
}

gboolean
ews_storage_reservation_cancel (EwsStorage *self,
                                const char *reservation_id,
                                GError    **error)
{
  g_autofree char *list_id = NULL;

  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ews_storage_change_begin (self, error))
    return FALSE;

  list_id = reservation_list_id (self, reservation_id, error);
  return ews_storage_change_end (self, list_id != NULL && EWS_STORAGE_GET_IFACE (self)->reservation_cancel (self, reservation_id, error), list_id, error);
}

gboolean
ews_storage_reservation_delete (EwsStorage *self,
                                const char *reservation_id,
                                GError    **error)
{
  g_autofree char *list_id = NULL;

  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ews_storage_change_begin (self, error))
    return FALSE;

  list_id = reservation_list_id (self, reservation_id, error);
  return ews_storage_change_end (self, list_id != NULL && EWS_STORAGE_GET_IFACE (self)->reservation_delete (self, reservation_id, error), list_id, error);
}

gboolean
ews_storage_reservation_confirm (EwsStorage *self,
                                 const char *reservation_id,
                                 const char *key,
                                 GError    **error)
{
  g_autofree char *list_id = NULL;

  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ews_storage_change_begin (self, error))
    return FALSE;

  list_id = reservation_list_id (self, reservation_id, error);
  return ews_storage_change_end (self, list_id != NULL && EWS_STORAGE_GET_IFACE (self)->reservation_confirm (self, reservation_id, key, error), list_id, error);
}

gboolean
ews_storage_product_insert (EwsStorage       *self,
                            EwsProductKind    kind,
                            const EwsProduct *product,
                            GError          **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->product_insert (self, kind, product, error);
}

EwsProduct *
ews_storage_product_get (EwsStorage    *self,
                         EwsProductKind kind,
                         const char    *product_id,
                         GError       **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return EWS_STORAGE_GET_IFACE (self)->product_get (self, kind, product_id, error);
}

EwsProduct *
ews_storage_product_find_by_url (EwsStorage *self,
                                 const char *product_url,
                                 GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return EWS_STORAGE_GET_IFACE (self)->product_find_by_url (self, product_url, error);
}

GPtrArray *
ews_storage_products_all (EwsStorage    *self,
                          EwsProductKind kind,
                          GError       **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return EWS_STORAGE_GET_IFACE (self)->products_all (self, kind, error);
}

gboolean
ews_storage_product_delete (EwsStorage    *self,
                            EwsProductKind kind,
                            const char    *product_id,
                            GError       **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->product_delete (self, kind, product_id, error);
}

gboolean
ews_storage_admin_add (EwsStorage *self,
                       const char *email,
                       GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (email != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->admin_add (self, email, error);
}

gboolean
ews_storage_admin_remove (EwsStorage *self,
                          const char *email,
                          GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (email != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->admin_remove (self, email, error);
}

gboolean
ews_storage_admin_contains (EwsStorage *self,
                            const char *email,
                            gboolean   *is_admin,
                            GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (email != NULL, FALSE);
  g_return_val_if_fail (is_admin != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->admin_contains (self, email, is_admin, error);
}

GPtrArray *
ews_storage_admins_all (EwsStorage *self,
                        GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return EWS_STORAGE_GET_IFACE (self)->admins_all (self, error);
}

gboolean
ews_storage_contact_insert (EwsStorage *self,
                            gint64      message_id,
                            const char *name,
                            const char *email,
                            const char *message,
                            GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->contact_insert (self, message_id, name, email, message, error);
}

GPtrArray *
ews_storage_contact_messages (EwsStorage *self,
                              GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return EWS_STORAGE_GET_IFACE (self)->contact_messages (self, error);
}

EwsIdempotentReply *
ews_storage_idempotency_lookup (EwsStorage *self,
                                const char *scope,
                                const char *key,
                                GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return EWS_STORAGE_GET_IFACE (self)->idempotency_lookup (self, scope, key, error);
}

gboolean
ews_storage_idempotency_store (EwsStorage               *self,
                               const char               *scope,
                               const char               *key,
                               const EwsIdempotentReply *reply,
                               GError                  **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->idempotency_store (self, scope, key, reply, error);
}

gboolean
ews_storage_rate_take (EwsStorage *self,
                       const char *key,
                       guint       capacity,
                       guint       period_seconds,
                       gint64      now_ms,
                       gint64     *retry_after_ms,
                       GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (capacity > 0 && period_seconds > 0, FALSE);
  g_return_val_if_fail (retry_after_ms != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->rate_take (self, key, capacity, period_seconds, now_ms,
                                                  retry_after_ms, error);
}

gboolean
ews_storage_rate_reset (EwsStorage *self,
                        const char *key,
                        GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return EWS_STORAGE_GET_IFACE (self)->rate_reset (self, key, error);
}
