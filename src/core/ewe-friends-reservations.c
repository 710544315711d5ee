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
 * read again for its new counts. Bringing them up to date is in
 * ewe-friends-reservations-refresh.c, opening a reservation's link in
 * ewe-friends-reservation-link.c. */

typedef struct
{
  char           *server_url;
  char           *list_id;
  char           *email;
  EweReservation *reservation; /* as the server answered it */
} Reserve;

static void
reserve_free (Reserve *reserve)
{
  g_free (reserve->server_url);
  g_free (reserve->list_id);
  g_free (reserve->email);
  g_clear_object (&reserve->reservation);
  g_free (reserve);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reserve, reserve_free)

typedef struct
{
  char           *server_url;
  char           *list_id;
  EweReservation *reservation; /* live */
  EweApiEndpoint  endpoint;    /* purchase, update or unreserve */
  int             quantity;
} ChangeReservation;

static void
change_reservation_free (ChangeReservation *change)
{
  g_free (change->server_url);
  g_free (change->list_id);
  g_clear_object (&change->reservation);
  g_free (change);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChangeReservation, change_reservation_free)

/* After a reservation changed, the list's counts did too; the change is
 * done whether or not they can be read again now. */
static void
drop_counts_error (GError *error)
{
  if (error != NULL)
    {
      g_debug ("Could not refresh the list after a reservation: %s", error->message);
      g_error_free (error);
    }
}

/* Takes @task, whose reservation changed, and with it the counts of its
 * list: they are read again before @callback. */
static void
refresh_counts (GTask              *task,
                const char         *server_url,
                const char         *list_id,
                GAsyncReadyCallback callback)
{
  ewe_friends_fetch_list_async (g_task_get_source_object (task), server_url, list_id,
                                g_task_get_cancellable (task), callback, task);
}

/* --- reserving ------------------------------------------------------------ */

static void
reserve_counts_refreshed_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Reserve *reserve = g_task_get_task_data (task);
  g_autoptr(EweList) list = NULL;
  GError *error = NULL;

  list = ewe_friends_fetch_list_finish (EWE_FRIENDS (object), result, &error);
  drop_counts_error (error);
  g_task_return_pointer (task, g_object_ref (reserve->reservation), g_object_unref);
}

static void
reservation_saved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  Reserve    *reserve = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ewe_store_save_my_reservation_finish (EWE_STORE (object), result, &error))
    {
      /* The server has it all the same: say so, not that it failed. */
      g_autofree char *gift = ewe_friends_dup_reserved_gift_name (self, reserve->reservation);

      ewe_friends_report_not_remembered (self,
                                         /* Translators: the first %s is a gift, the second why */
                                         _("Your reservation of “%s” was made, but this computer "
                                           "could not remember it: %s. If it is missing after a "
                                           "restart, open the link in its confirmation mail."),
                                            gift, error->message);
    }

  g_list_store_append (ewe_friends_get_reservation_store (self), reserve->reservation);

  refresh_counts (g_steal_pointer (&task), reserve->server_url, reserve->list_id, reserve_counts_refreshed_cb);
}

static void
reservation_read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  Reserve    *reserve = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  GCancellable *cancellable;
  GError       *error = NULL;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      ewe_friends_return_api_error (task, error);
      return;
    }

  reserve->reservation = ewe_friends_decode_reservation (answer, &error);
  if (reserve->reservation == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The address it was made with is the key to it, with its id. */
  if (ewe_reservation_get_email (reserve->reservation) == NULL)
    ewe_reservation_set_email (reserve->reservation, reserve->email);

  cancellable = g_task_get_cancellable (task);
  ewe_store_save_my_reservation_async (ewe_friends_get_store (self), reserve->reservation, cancellable,
                                       reservation_saved_cb, g_steal_pointer (&task));
}

static void
reserved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Reserve *reserve = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *reservation_id = NULL;
  GCancellable    *cancellable;
  GError          *error = NULL;
  const char      *data;
  gsize            size = 0;

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
                             (const char *[]) { reservation_id, reserve->email, NULL }, NULL, NULL,
                             cancellable, reservation_read_cb, g_steal_pointer (&task));
}

static gboolean
check_quantity (int      quantity,
                GError **error)
{
  if (quantity < 1 || quantity > EWE_LIMIT_QUANTITY_MAX)
    {
      g_set_error (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "The quantity must be between 1 and %d",
                                "The quantity must be between 1 and %d", EWE_LIMIT_QUANTITY_MAX),
                   EWE_LIMIT_QUANTITY_MAX);
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
ewe_friends_reserve_async (EweFriends         *self,
                           EweGift            *gift,
                           const char         *name,
                           const char         *email,
                           int                 quantity,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autofree char *body_text = NULL;
  g_autofree char *key = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *clean_email = g_strstrip (g_strdup (email ? email : ""));
  g_autofree char *clean_name = g_strstrip (g_strdup (name ? name : ""));
  g_autoptr(Reserve) reserve = g_new0 (Reserve, 1);
  g_autoptr(EweApiClient) client = NULL;
  GError  *error = NULL;
  EweList *list;
  GTask   *task;

  g_return_if_fail (EWE_IS_FRIENDS (self));
  g_return_if_fail (EWE_IS_GIFT (gift));

  list = ewe_friends_lookup_list (self, ewe_gift_get_list_id (gift));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_friends_reserve_async);

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

  reserve->server_url = g_strdup (ewe_friends_get_server_url (self, list));
  reserve->list_id = g_strdup (ewe_gift_get_list_id (gift));
  reserve->email = g_strdup (clean_email);
  client = ewe_friends_new_client (self, reserve->server_url);
  g_task_set_task_data (task, g_steal_pointer (&reserve), (GDestroyNotify)reserve_free);

  body_text = ewe_codec_encode_reserve_request (quantity, ewe_list_get_title (list),
                                                *clean_name != '\0' ? clean_name : NULL, gift);
  body = ewe_codec_parse (body_text, -1, NULL);
  key = g_uuid_string_random ();

  ewe_api_client_call_async (client, EWE_API_RESERVE,
                             (const char *[]) { ewe_gift_get_list_id (gift), ewe_gift_get_product_id (gift),
                                                clean_email, NULL },
                             body, key, cancellable, reserved_cb, task);
}

EweReservation *
ewe_friends_reserve_finish (EweFriends   *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- changing a reservation --------------------------------------------- */

static void
change_counts_refreshed_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(EweList) list = NULL;
  GError *error = NULL;

  list = ewe_friends_fetch_list_finish (EWE_FRIENDS (object), result, &error);
  drop_counts_error (error);
  g_task_return_boolean (task, TRUE);
}

/* The store forgot the cancelled reservation or saved the changed one. */
static void
change_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends        *self = g_task_get_source_object (task);
  ChangeReservation *change = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean cancelled = change->endpoint == EWE_API_UNRESERVE;
  gboolean stored;

  if (cancelled)
    stored = ewe_store_forget_my_reservation_finish (EWE_STORE (object), result, &error);
  else
    stored = ewe_store_save_my_reservation_finish (EWE_STORE (object), result, &error);

  if (!stored)
    {
      /* The server has it all the same: say so, not that it failed. */
      g_autofree char *gift = ewe_friends_dup_reserved_gift_name (self, change->reservation);

      if (cancelled)
        ewe_friends_report_not_remembered (self,
                                           /* Translators: the first %s is a gift, the second why */
                                           _("Your reservation of “%s” was cancelled, but this "
                                             "computer could not forget it: %s. It will go at the "
                                             "next refresh."),
                                              gift, error->message);
      else
        ewe_friends_report_not_remembered (self,
                                           /* Translators: the first %s is a gift, the second why */
                                           _("Your reservation of “%s” was changed, but this "
                                             "computer could not remember the change: %s. It will "
                                             "show after the next refresh."),
                                              gift, error->message);
    }

  refresh_counts (g_steal_pointer (&task), change->server_url, change->list_id, change_counts_refreshed_cb);
}

static void
changed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends        *self = g_task_get_source_object (task);
  ChangeReservation *change = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  GError *error = NULL;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      ewe_friends_return_api_error (task, error);
      return;
    }

  /* The server said yes to exactly this change: no need to ask it again. */
  if (change->endpoint == EWE_API_UNRESERVE)
    {
      guint position;

      ewe_reservation_set_state (change->reservation, EWE_RESERVATION_STATE_CANCELLED);
      if (g_list_store_find (ewe_friends_get_reservation_store (self), change->reservation, &position))
        g_list_store_remove (ewe_friends_get_reservation_store (self), position);
      ewe_store_forget_my_reservation_async (ewe_friends_get_store (self), ewe_reservation_get_id (change->reservation),
                                             NULL, change_stored_cb, g_steal_pointer (&task));
      return;
    }

  if (change->endpoint == EWE_API_PURCHASE)
    ewe_reservation_set_state (change->reservation, EWE_RESERVATION_STATE_PURCHASED);
  else
    ewe_reservation_set_quantity (change->reservation, change->quantity);

  ewe_store_save_my_reservation_async (ewe_friends_get_store (self), change->reservation, NULL,
                                       change_stored_cb, g_steal_pointer (&task));
}

static void
change_reservation (EweFriends         *self,
                    EweReservation     *reservation,
                    EweApiEndpoint      endpoint,
                    int                 quantity,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data,
                    gpointer            source_tag)
{
  EweList *list = ewe_friends_lookup_list (self, ewe_reservation_get_list_id (reservation));
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(ChangeReservation) change = g_new0 (ChangeReservation, 1);
  g_autoptr(EweApiClient) client = NULL;
  GError *error = NULL;
  GTask  *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

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

  change->server_url = g_strdup (ewe_friends_get_server_url (self, list));
  change->list_id = g_strdup (ewe_reservation_get_list_id (reservation));
  change->reservation = g_object_ref (reservation);
  change->endpoint = endpoint;
  change->quantity = quantity;
  client = ewe_friends_new_client (self, change->server_url);
  g_task_set_task_data (task, g_steal_pointer (&change), (GDestroyNotify)change_reservation_free);

  if (endpoint == EWE_API_UPDATE_RESERVATION)
    {
      g_autofree char *text = ewe_codec_encode_update_reservation_request (quantity,
                                                                           ewe_reservation_get_name (reservation));
      body = ewe_codec_parse (text, -1, NULL);
    }

  ewe_api_client_call_async (client, endpoint,
                             (const char *[]) { ewe_reservation_get_id (reservation),
                                                ewe_reservation_get_email (reservation), NULL },
                             body, key, cancellable, changed_cb, task);
}

/* Marks @reservation, one of ewe_friends_get_reservations(), bought. */
void
ewe_friends_purchase_async (EweFriends         *self,
                            EweReservation     *reservation,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (EWE_IS_FRIENDS (self));
  g_return_if_fail (EWE_IS_RESERVATION (reservation));

  change_reservation (self, reservation, EWE_API_PURCHASE, 0, cancellable, callback, user_data,
                      ewe_friends_purchase_async);
}

gboolean
ewe_friends_purchase_finish (EweFriends   *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ewe_friends_set_quantity_async (EweFriends         *self,
                                EweReservation     *reservation,
                                int                 quantity,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_return_if_fail (EWE_IS_FRIENDS (self));
  g_return_if_fail (EWE_IS_RESERVATION (reservation));

  change_reservation (self, reservation, EWE_API_UPDATE_RESERVATION, quantity, cancellable, callback,
                      user_data, ewe_friends_set_quantity_async);
}

gboolean
ewe_friends_set_quantity_finish (EweFriends   *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Cancels @reservation on the server; it leaves the model. */
void
ewe_friends_cancel_async (EweFriends         *self,
                          EweReservation     *reservation,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_return_if_fail (EWE_IS_FRIENDS (self));
  g_return_if_fail (EWE_IS_RESERVATION (reservation));

  change_reservation (self, reservation, EWE_API_UNRESERVE, 0, cancellable, callback, user_data,
                      ewe_friends_cancel_async);
}

gboolean
ewe_friends_cancel_finish (EweFriends   *self,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
