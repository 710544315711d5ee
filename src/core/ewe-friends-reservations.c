/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-friends"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-friends-private.h"
#include "ewe-store-friends.h"

/* Reserving a friend's gift and changing the reservation: each goes to the
 * server first, then the store remembers what it said, then the list is
 * read again for its new counts. */

/* After a reservation changed, the list's counts did too; the change is
 * done whether or not they can be read again now. */
static void
counts_refreshed_cb (GTask  *task,
                     GError *error)
{
  EweFriendsOp *op = g_task_get_task_data (task);

  if (error != NULL)
    {
      g_debug ("Could not refresh the list after a reservation: %s", error->message);
      g_error_free (error);
    }

  if (op->endpoint == EWE_API_RESERVE)
    g_task_return_pointer (task, g_object_ref (op->reservation), g_object_unref);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
reservation_saved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ewe_store_save_my_reservation_finish (EWE_STORE (object), result, &error))
    {
      /* The server has it all the same: say so, not that it failed. */
      g_autofree char *gift = ewe_friends_dup_reserved_gift_name (self, op->reservation);

      if (op->endpoint == EWE_API_RESERVE)
        ewe_friends_report_problem (self, g_error_new (EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_REMEMBERED,
                                                       /* Translators: the first %s is a gift, the second why */
                                                       _("Your reservation of “%s” was made, but this computer "
                                                         "could not remember it: %s. If it is missing after a "
                                                         "restart, open the link in its confirmation mail."),
                                                       gift, error->message));
      else
        ewe_friends_report_problem (self, g_error_new (EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_REMEMBERED,
                                                       /* Translators: the first %s is a gift, the second why */
                                                       _("Your reservation of “%s” was changed, but this "
                                                         "computer could not remember the change: %s. It will "
                                                         "show after the next refresh."),
                                                       gift, error->message));
    }

  if (op->endpoint == EWE_API_RESERVE)
    g_list_store_append (ewe_friends_get_reservation_store (self), op->reservation);

  ewe_friends_fetch_list (g_steal_pointer (&task), counts_refreshed_cb);
}

static void
reservation_read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  GCancellable *cancellable;
  GError *error = NULL;
  const char *data;
  gsize size = 0;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      ewe_friends_return_api_error (task, error);
      return;
    }

  data = g_bytes_get_data (answer, &size);
  op->reservation = ewe_codec_decode_reservation (data, size, &error);
  if (op->reservation == NULL)
    {
      g_prefix_error (&error, _("The server sent a reservation this app cannot read: "));
      g_task_return_error (task, error);
      return;
    }

  /* The address it was made with is the key to it, with its id. */
  if (ewe_reservation_get_email (op->reservation) == NULL)
    ewe_reservation_set_email (op->reservation, op->email);

  cancellable = g_task_get_cancellable (task);
  ewe_store_save_my_reservation_async (ewe_friends_get_store (self), op->reservation, cancellable,
                                       reservation_saved_cb, g_steal_pointer (&task));
}

static void
reserved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriendsOp *op = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *reservation_id = NULL;
  GCancellable *cancellable;
  GError *error = NULL;
  const char *data;
  gsize size = 0;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      ewe_friends_return_api_error (task, error);
      return;
    }

  data = g_bytes_get_data (answer, &size);
  reservation_id = ewe_codec_decode_member_string (data, size, "reservation_id", &error);
  if (reservation_id == NULL)
    {
      g_prefix_error (&error, _("The server sent an answer this app cannot read: "));
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  ewe_api_client_call_async (EWE_API_CLIENT (object), EWE_API_GET_RESERVATION,
                             (const char *[]) { reservation_id, op->email, NULL }, NULL, NULL,
                             cancellable, reservation_read_cb, g_steal_pointer (&task));
}

static gboolean
check_quantity (int      quantity,
                GError **error)
{
  if (quantity < 1 || quantity > EWE_LIMIT_QUANTITY_MAX)
    {
      g_set_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID,
                   _("The quantity must be between 1 and %d"), EWE_LIMIT_QUANTITY_MAX);
      return FALSE;
    }

  return TRUE;
}

/**
 * ewe_friends_reserve_async:
 * @gift: a gift of one of the friends' lists
 * @name: (nullable): who reserves, as the list's owner will see it; may be
 *   NULL only when signed in with @email on the list's server
 * @email: the address the reservation is made with (and mailed to)
 *
 * Reserves @quantity of @gift on the server and remembers the reservation;
 * the result is the live reservation in ewe_friends_get_reservations().
 */
void
ewe_friends_reserve_async (EweFriends          *self,
                           EweGift             *gift,
                           const char          *name,
                           const char          *email,
                           int                  quantity,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *body_text = NULL;
  g_autofree char *key = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *clean_email = g_strstrip (g_strdup (email ? email : ""));
  g_autofree char *clean_name = g_strstrip (g_strdup (name ? name : ""));
  GError *error = NULL;
  EweList *list;
  GTask *task;
  EweFriendsOp *op;

  g_return_if_fail (EWE_IS_FRIENDS (self));
  g_return_if_fail (EWE_IS_GIFT (gift));

  list = ewe_friends_lookup_list (self, ewe_gift_get_list_id (gift));
  task = ewe_friends_new_op_task (self, list ? ewe_friends_get_server_url (self, list) : NULL,
                      ewe_gift_get_list_id (gift), cancellable, callback, user_data,
                      ewe_friends_reserve_async);
  op = g_task_get_task_data (task);
  op->endpoint = EWE_API_RESERVE;
  op->gift = g_object_ref (gift);
  op->email = g_strdup (clean_email);
  op->quantity = quantity;

  if (list == NULL)
    {
      g_task_return_new_error (task, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_FOUND,
                               _("This list is no longer on this device"));
      g_object_unref (task);
      return;
    }

  if (strchr (clean_email, '@') == NULL)
    error = g_error_new_literal (EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID,
                                 _("Enter your e-mail address: the reservation is sent there"));
  else if (*clean_name == '\0' && ewe_friends_get_account (self) == NULL)
    error = g_error_new_literal (EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID,
                                 _("Enter your name, so your friend knows who reserved"));
  else
    check_quantity (quantity, &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  body_text = ewe_codec_encode_reserve_request (quantity, ewe_list_get_title (list),
                                                *clean_name != '\0' ? clean_name : NULL, gift);
  body = ewe_codec_parse (body_text, -1, NULL);
  key = g_uuid_string_random ();

  ewe_api_client_call_async (op->client, EWE_API_RESERVE,
                             (const char *[]) { op->list_id, ewe_gift_get_product_id (gift), clean_email, NULL },
                             body, key, cancellable, reserved_cb, task);
}

EweReservation *
ewe_friends_reserve_finish (EweFriends    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- changing a reservation --------------------------------------------- */

static void
forgotten_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ewe_store_forget_my_reservation_finish (EWE_STORE (object), result, &error))
    {
      g_autofree char *gift = ewe_friends_dup_reserved_gift_name (self, op->reservation);

      ewe_friends_report_problem (self, g_error_new (EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_REMEMBERED,
                                                     /* Translators: the first %s is a gift, the second why */
                                                     _("Your reservation of “%s” was cancelled, but this "
                                                       "computer could not forget it: %s. It will go at the "
                                                       "next refresh."),
                                                     gift, error->message));
    }

  ewe_friends_fetch_list (g_steal_pointer (&task), counts_refreshed_cb);
}

static void
changed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  GError *error = NULL;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      ewe_friends_return_api_error (task, error);
      return;
    }

  /* The server said yes to exactly this change: no need to ask it again. */
  if (op->endpoint == EWE_API_UNRESERVE)
    {
      guint position;

      ewe_reservation_set_state (op->reservation, EWE_RESERVATION_STATE_CANCELLED);
      if (g_list_store_find (ewe_friends_get_reservation_store (self), op->reservation, &position))
        g_list_store_remove (ewe_friends_get_reservation_store (self), position);
      ewe_store_forget_my_reservation_async (ewe_friends_get_store (self), ewe_reservation_get_id (op->reservation),
                                             NULL, forgotten_cb, g_steal_pointer (&task));
      return;
    }

  if (op->endpoint == EWE_API_PURCHASE)
    ewe_reservation_set_state (op->reservation, EWE_RESERVATION_STATE_PURCHASED);
  else
    ewe_reservation_set_quantity (op->reservation, op->quantity);

  ewe_store_save_my_reservation_async (ewe_friends_get_store (self), op->reservation, NULL,
                                       reservation_saved_cb, g_steal_pointer (&task));
}

static void
change_reservation (EweFriends          *self,
                    EweReservation      *reservation,
                    EweApiEndpoint       endpoint,
                    int                  quantity,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data,
                    gpointer             source_tag)
{
  EweList *list = ewe_friends_lookup_list (self, ewe_reservation_get_list_id (reservation));
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *key = g_uuid_string_random ();
  GError *error = NULL;
  GTask *task;
  EweFriendsOp *op;

  task = ewe_friends_new_op_task (self, list ? ewe_friends_get_server_url (self, list) : NULL,
                      ewe_reservation_get_list_id (reservation), cancellable, callback, user_data, source_tag);
  op = g_task_get_task_data (task);
  op->endpoint = endpoint;
  op->reservation = g_object_ref (reservation);
  op->quantity = quantity;

  if (list == NULL || !g_list_store_find (ewe_friends_get_reservation_store (self), reservation, NULL))
    error = g_error_new_literal (EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_FOUND,
                                 _("This reservation is no longer on this device"));
  else if (ewe_reservation_get_state (reservation) != EWE_RESERVATION_STATE_RESERVED)
    error = g_error_new_literal (EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID,
                                 _("This gift is already bought: it can no longer be changed"));
  else if (endpoint == EWE_API_UPDATE_RESERVATION)
    check_quantity (quantity, &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  (*ewe_friends_get_change_serial (self))++;

  if (endpoint == EWE_API_UPDATE_RESERVATION)
    {
      g_autofree char *text = ewe_codec_encode_update_reservation_request (quantity,
                                                                          ewe_reservation_get_name (reservation));
      body = ewe_codec_parse (text, -1, NULL);
    }

  ewe_api_client_call_async (op->client, endpoint,
                             (const char *[]) { ewe_reservation_get_id (reservation),
                                                ewe_reservation_get_email (reservation), NULL },
                             body, key, cancellable, changed_cb, task);
}

/* Marks @reservation, one of ewe_friends_get_reservations(), bought. */
void
ewe_friends_purchase_async (EweFriends          *self,
                            EweReservation      *reservation,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (EWE_IS_FRIENDS (self));
  g_return_if_fail (EWE_IS_RESERVATION (reservation));

  change_reservation (self, reservation, EWE_API_PURCHASE, 0, cancellable, callback, user_data,
                      ewe_friends_purchase_async);
}

gboolean
ewe_friends_purchase_finish (EweFriends    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ewe_friends_set_quantity_async (EweFriends          *self,
                                EweReservation      *reservation,
                                int                  quantity,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (EWE_IS_FRIENDS (self));
  g_return_if_fail (EWE_IS_RESERVATION (reservation));

  change_reservation (self, reservation, EWE_API_UPDATE_RESERVATION, quantity, cancellable, callback,
                      user_data, ewe_friends_set_quantity_async);
}

gboolean
ewe_friends_set_quantity_finish (EweFriends    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Cancels @reservation on the server; it leaves the model. */
void
ewe_friends_cancel_async (EweFriends          *self,
                          EweReservation      *reservation,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (EWE_IS_FRIENDS (self));
  g_return_if_fail (EWE_IS_RESERVATION (reservation));

  change_reservation (self, reservation, EWE_API_UNRESERVE, 0, cancellable, callback, user_data,
                      ewe_friends_cancel_async);
}

gboolean
ewe_friends_cancel_finish (EweFriends    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- asking the server what became of them ----------------------------------- */

static void refresh_next (GTask *task);

/* The store has what the server said; on to the next. */
static void
refresh_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean stored;

  /* Either forgotten or saved, as the server said. */
  if (g_task_get_source_tag (G_TASK (result)) == ewe_store_forget_my_reservation_async)
    stored = ewe_store_forget_my_reservation_finish (EWE_STORE (object), result, &error);
  else
    stored = ewe_store_save_my_reservation_finish (EWE_STORE (object), result, &error);
  if (!stored)
    {
      g_autofree char *gift = ewe_friends_dup_reserved_gift_name (self, g_ptr_array_index (op->pending,
                                                                                           op->next_pending));

      ewe_friends_report_problem (self, g_error_new (EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_REMEMBERED,
                                                     /* Translators: the first %s is a gift, the second why */
                                                     _("Your reservation of “%s” changed on the server, but "
                                                       "this computer could not remember what became of it: "
                                                       "%s. It will be asked again at the next refresh."),
                                                     gift, error->message));
    }

  op->next_pending++;
  refresh_next (g_steal_pointer (&task));
}

static void
forget_gone (GTask          *task,
             EweReservation *reservation)
{
  EweFriends *self = g_task_get_source_object (task);
  guint position;

  if (g_list_store_find (ewe_friends_get_reservation_store (self), reservation, &position))
    g_list_store_remove (ewe_friends_get_reservation_store (self), position);
  ewe_store_forget_my_reservation_async (ewe_friends_get_store (self), ewe_reservation_get_id (reservation),
                                         NULL, refresh_stored_cb, task);
}

static void
refreshed_reservation_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);
  EweReservation *live = g_ptr_array_index (op->pending, op->next_pending);
  g_autoptr(EweReservation) now = NULL;
  g_autoptr(GBytes) answer = NULL;
  GError *error = NULL;
  const char *data;
  gsize size = 0;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL && g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND))
    {
      /* Deleting a list removes its reservations. */
      g_error_free (error);
      forget_gone (g_steal_pointer (&task), live);
      return;
    }
  else if (answer == NULL)
    {
      ewe_friends_return_api_error (task, error);
      return;
    }

  /* Changed here since it was asked: what the server said is older. */
  if (*ewe_friends_get_change_serial (self) != op->serial)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  data = g_bytes_get_data (answer, &size);
  now = ewe_codec_decode_reservation (data, size, &error);
  if (now == NULL)
    {
      g_prefix_error (&error, _("The server sent a reservation this app cannot read: "));
      g_task_return_error (task, error);
      return;
    }

  if (ewe_reservation_get_state (now) == EWE_RESERVATION_STATE_CANCELLED)
    {
      forget_gone (g_steal_pointer (&task), live);
      return;
    }

  if (ewe_reservation_get_email (now) == NULL)
    ewe_reservation_set_email (now, ewe_reservation_get_email (live));
  if (ewe_reservation_update_from (live, now))
    {
      ewe_store_save_my_reservation_async (ewe_friends_get_store (self), live, NULL,
                                           refresh_stored_cb, g_steal_pointer (&task));
      return;
    }

  op->next_pending++;
  refresh_next (g_steal_pointer (&task));
}

static void
refresh_next (GTask *task)
{
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);

  for (; op->next_pending < op->pending->len; op->next_pending++)
    {
      EweReservation *reservation = g_ptr_array_index (op->pending, op->next_pending);
      EweList *list = ewe_friends_lookup_list (self, ewe_reservation_get_list_id (reservation));
      g_autoptr(EweApiClient) client = NULL;

      if (list == NULL || !g_list_store_find (ewe_friends_get_reservation_store (self), reservation, NULL))
        continue;

      client = ewe_friends_new_client (self, ewe_friends_get_server_url (self, list));
      /* The server shows a reservation to whoever has its id together
       * with the address it was made with. */
      ewe_api_client_call_async (client, EWE_API_GET_RESERVATION,
                                 (const char *[]) { ewe_reservation_get_id (reservation),
                                                    ewe_reservation_get_email (reservation), NULL },
                                 NULL, NULL, g_task_get_cancellable (task), refreshed_reservation_cb, task);
      return;
    }

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
has_reservation (EweFriends *self,
                 const char *reservation_id)
{
  GListModel *reservations = G_LIST_MODEL (ewe_friends_get_reservation_store (self));

  for (guint i = 0; i < g_list_model_get_n_items (reservations); i++)
    {
      g_autoptr(EweReservation) reservation = g_list_model_get_item (reservations, i);

      if (g_strcmp0 (ewe_reservation_get_id (reservation), reservation_id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The ones still reserved: bought is final. */
static void
refresh_pending (GTask *task)
{
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);
  GListModel *reservations = G_LIST_MODEL (ewe_friends_get_reservation_store (self));

  for (guint i = 0; i < g_list_model_get_n_items (reservations); i++)
    {
      g_autoptr(EweReservation) reservation = g_list_model_get_item (reservations, i);

      if (ewe_reservation_get_state (reservation) == EWE_RESERVATION_STATE_RESERVED)
        g_ptr_array_add (op->pending, g_steal_pointer (&reservation));
    }

  refresh_next (task);
}

static void import_next (GTask *task);

static void
import_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);
  EweReservation *reservation = g_ptr_array_index (op->imports, op->next_import);
  g_autoptr(GError) error = NULL;

  if (!ewe_store_save_my_reservation_finish (EWE_STORE (object), result, &error))
    {
      g_autofree char *gift = ewe_friends_dup_reserved_gift_name (self, reservation);

      ewe_friends_report_problem (self, g_error_new (EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_REMEMBERED,
                                                     /* Translators: the first %s is a gift, the second why */
                                                     _("Your reservation of “%s”, made elsewhere, could not be "
                                                       "remembered on this computer: %s. It will show again "
                                                       "after the next refresh."),
                                                     gift, error->message));
    }

  if (!has_reservation (self, ewe_reservation_get_id (reservation)))
    g_list_store_append (ewe_friends_get_reservation_store (self), reservation);

  op->next_import++;
  import_next (g_steal_pointer (&task));
}

static void
import_save (GTask *task)
{
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);

  ewe_store_save_my_reservation_async (ewe_friends_get_store (self),
                                       g_ptr_array_index (op->imports, op->next_import),
                                       NULL, import_saved_cb, task);
}

static void
import_list_fetched_cb (GTask  *task,
                        GError *error)
{
  EweFriendsOp *op = g_task_get_task_data (task);

  /* Without its list there is nothing to show it with: next time. */
  if (error != NULL)
    {
      g_debug ("Could not read the list of reservation %s: %s",
               ewe_reservation_get_id (g_ptr_array_index (op->imports, op->next_import)), error->message);
      g_error_free (error);
      op->next_import++;
      import_next (task);
      return;
    }

  import_save (task);
}

static void
import_next (GTask *task)
{
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);
  EweReservation *reservation;

  if (op->next_import >= op->imports->len)
    {
      refresh_pending (task);
      return;
    }

  reservation = g_ptr_array_index (op->imports, op->next_import);
  if (ewe_friends_lookup_list (self, ewe_reservation_get_list_id (reservation)) != NULL)
    {
      import_save (task);
      return;
    }

  /* Reserved on another device or on the guest pages: open its list, on
   * the account's server, as if from its link. */
  g_free (op->list_id);
  op->list_id = g_strdup (ewe_reservation_get_list_id (reservation));
  ewe_friends_fetch_list (task, import_list_fetched_cb);
}

static void
account_lists_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GPtrArray) reserved = NULL;
  GError *error = NULL;
  const char *data;
  gsize size = 0;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      ewe_friends_return_api_error (task, error);
      return;
    }

  data = g_bytes_get_data (answer, &size);
  if (!ewe_codec_decode_my_reservations (data, size, &reserved, &error))
    {
      g_prefix_error (&error, _("The server sent reservations this app cannot read: "));
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < reserved->len; i++)
    {
      EweReservation *reservation = g_ptr_array_index (reserved, i);

      if (ewe_reservation_get_state (reservation) != EWE_RESERVATION_STATE_CANCELLED &&
          ewe_reservation_get_id (reservation) != NULL && ewe_reservation_get_list_id (reservation) != NULL &&
          ewe_reservation_get_email (reservation) != NULL &&
          !has_reservation (self, ewe_reservation_get_id (reservation)))
        g_ptr_array_add (op->imports, g_object_ref (reservation));
    }

  import_next (g_steal_pointer (&task));
}

/**
 * ewe_friends_refresh_reservations_async:
 *
 * Brings My Reservations up to date with the server. Signed in, the
 * account's reservations made elsewhere (another device, the guest pages)
 * join them, with their lists. Then each one still reserved is asked
 * about: one bought or cancelled elsewhere, or whose list was deleted, is
 * updated, or leaves the model.
 */
void
ewe_friends_refresh_reservations_async (EweFriends          *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  EweAccount *account;
  const char *account_server_url;
  gboolean signed_in;
  EweFriendsOp *op;
  GTask *task;

  g_return_if_fail (EWE_IS_FRIENDS (self));

  account = ewe_friends_get_account (self);
  account_server_url = ewe_friends_get_account_server_url (self);
  signed_in = account != NULL && account_server_url != NULL && ewe_account_get_signed_in (account);

  task = ewe_friends_new_op_task (self, signed_in ? account_server_url : NULL, NULL, cancellable,
                                  callback, user_data, ewe_friends_refresh_reservations_async);
  op = g_task_get_task_data (task);
  op->pending = g_ptr_array_new_with_free_func (g_object_unref);
  op->imports = g_ptr_array_new_with_free_func (g_object_unref);
  op->serial = *ewe_friends_get_change_serial (self);

  if (!signed_in)
    {
      refresh_pending (task);
      return;
    }

  ewe_api_client_call_async (op->client, EWE_API_GET_LISTS, NULL, NULL, NULL, cancellable,
                             account_lists_cb, task);
}

gboolean
ewe_friends_refresh_reservations_finish (EweFriends    *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- a reservation's link ------------------------------------------------------ */

static EweReservation *
find_reservation (EweFriends *self,
                  const char *reservation_id)
{
  GListModel *reservations = G_LIST_MODEL (ewe_friends_get_reservation_store (self));

  for (guint i = 0; i < g_list_model_get_n_items (reservations); i++)
    {
      g_autoptr(EweReservation) reservation = g_list_model_get_item (reservations, i);

      if (g_strcmp0 (ewe_reservation_get_id (reservation), reservation_id) == 0)
        return reservation;  /* the model keeps it */
    }

  return NULL;
}

static void
link_reservation_saved_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GTask *task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ewe_store_save_my_reservation_finish (EWE_STORE (object), result, &error))
    {
      g_autofree char *gift = ewe_friends_dup_reserved_gift_name (self, op->reservation);

      ewe_friends_report_problem (self, g_error_new (EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_REMEMBERED,
                                                     /* Translators: the first %s is a gift, the second why */
                                                     _("Your reservation of “%s” was opened, but this computer "
                                                       "could not remember it: %s. If it is missing after a "
                                                       "restart, open its link again."),
                                                     gift, error->message));
    }

  if (find_reservation (self, ewe_reservation_get_id (op->reservation)) == NULL)
    g_list_store_append (ewe_friends_get_reservation_store (self), op->reservation);

  op->then (task, NULL);
}

static void
link_list_fetched_cb (GTask  *task,
                      GError *error)
{
  EweFriends *self = g_task_get_source_object (task);
  EweFriendsOp *op = g_task_get_task_data (task);
  EweReservation *known;

  if (error != NULL)
    {
      op->then (task, error);
      return;
    }

  /* Already here: the same object, brought up to date. */
  known = find_reservation (self, ewe_reservation_get_id (op->reservation));
  if (known != NULL)
    {
      ewe_reservation_update_from (known, op->reservation);
      g_set_object (&op->reservation, known);
    }

  ewe_store_save_my_reservation_async (ewe_friends_get_store (self), op->reservation, NULL,
                                       link_reservation_saved_cb, task);
}

static void
link_reservation_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  EweFriendsOp *op = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  GError *error = NULL;
  const char *data;
  gsize size = 0;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND) && op->email_typed)
        {
          /* The server tells a wrong address from a wrong id by nothing. */
          g_clear_error (&error);
          g_set_error_literal (&error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NEEDS_EMAIL,
                               _("There is no reservation with this link and address: check the e-mail "
                                 "address you reserved with"));
        }
      else if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          g_set_error_literal (&error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND,
                               _("There is no such reservation: its list may have been deleted, or the link was cut short"));
        }
      else if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_INVALID) && op->email == NULL)
        {
          /* Only the id: the server wants the address too. */
          g_clear_error (&error);
          g_set_error_literal (&error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NEEDS_EMAIL,
                               _("Enter the e-mail address you reserved with to bring this reservation "
                                 "into the app"));
        }
      op->then (task, error);
      return;
    }

  data = g_bytes_get_data (answer, &size);
  op->reservation = ewe_codec_decode_reservation (data, size, &error);
  if (op->reservation == NULL)
    {
      g_prefix_error (&error, _("The server sent a reservation this app cannot read: "));
      op->then (task, error);
      return;
    }

  if (ewe_reservation_get_state (op->reservation) == EWE_RESERVATION_STATE_CANCELLED ||
      ewe_reservation_get_list_id (op->reservation) == NULL || ewe_reservation_get_email (op->reservation) == NULL)
    {
      op->then (task, g_error_new_literal (EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_FOUND,
                                           _("This reservation was cancelled: reserve the gift again from the list")));
      return;
    }

  g_free (op->list_id);
  op->list_id = g_strdup (ewe_reservation_get_list_id (op->reservation));
  ewe_friends_fetch_list (task, link_list_fetched_cb);
}

static void
get_linked_reservation (GTask *task)
{
  EweFriendsOp *op = g_task_get_task_data (task);

  /* A reservation's link holds only its id, which shows the reservation
   * to no one but the list's owner and the guest whose account it is
   * (signed in, the call carries the token). With its address it is
   * anyone's who knows that. */
  if (op->email != NULL)
    ewe_api_client_call_async (op->client, EWE_API_GET_RESERVATION,
                               (const char *[]) { op->reservation_id, op->email, NULL },
                               NULL, NULL, g_task_get_cancellable (task), link_reservation_cb, task);
  else
    ewe_api_client_call_async (op->client, EWE_API_GET_MY_RESERVATION, (const char *[]) { op->reservation_id, NULL },
                               NULL, NULL, g_task_get_cancellable (task), link_reservation_cb, task);
}

static void
link_confirmed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  EweFriendsOp *op = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  GError *error = NULL;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          g_set_error_literal (&error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NEEDS_EMAIL,
                               _("There is no reservation with this link and address: check the e-mail "
                                 "address you reserved with"));
        }
      else if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_INVALID))
        {
          /* The key: the server says what is wrong with it. */
          g_prefix_error (&error, _("This reservation could not be confirmed: "));
        }
      op->then (task, error);
      return;
    }

  get_linked_reservation (task);
}

void
ewe_friends_open_reservation (GTask                 *task,
                              const char            *reservation_id,
                              EweFriendsFetchedFunc  fetched)
{
  EweFriendsOp *op = g_task_get_task_data (task);
  EweFriends *self = g_task_get_source_object (task);
  EweReservation *known = find_reservation (self, reservation_id);
  g_autofree char *body_text = NULL;
  g_autoptr(JsonNode) body = NULL;

  op->then = fetched;
  g_free (op->reservation_id);
  op->reservation_id = g_strdup (reservation_id);

  /* A reservation made on this device is read with its address. */
  if (op->email == NULL && known != NULL && ewe_reservation_get_email (known) != NULL)
    op->email = g_strdup (ewe_reservation_get_email (known));

  if (op->email == NULL || op->confirm_key == NULL)
    {
      get_linked_reservation (task);
      return;
    }

  /* The mail's link confirms the reservation is the address's; opening it
   * again is harmless. */
  body_text = ewe_codec_encode_confirm_reservation_request (op->email, op->confirm_key);
  body = ewe_codec_parse (body_text, -1, NULL);
  ewe_api_client_call_async (op->client, EWE_API_CONFIRM_RESERVATION, (const char *[]) { reservation_id, NULL },
                             body, NULL, g_task_get_cancellable (task), link_confirmed_cb, task);
}
