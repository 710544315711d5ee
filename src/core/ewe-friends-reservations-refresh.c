/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-friends"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-friends-private.h"
#include "ewe-store-friends.h"

/* Bringing My Reservations up to date: the account's reservations made
 * elsewhere join them, then each one still reserved is asked about. */

typedef struct
{
  char      *server_url; /* the account's, when signed in */
  GPtrArray *imports;    /* EweReservation: the account's, new here */
  guint      next_import;
  GPtrArray *pending; /* EweReservation (live) to ask about */
  guint      next_pending;
  guint      serial; /* the change serial when asked */
} RefreshReservations;

static void
refresh_reservations_free (RefreshReservations *refresh)
{
  g_free (refresh->server_url);
  g_clear_pointer (&refresh->imports, g_ptr_array_unref);
  g_clear_pointer (&refresh->pending, g_ptr_array_unref);
  g_free (refresh);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RefreshReservations, refresh_reservations_free)

/* --- asking the server what became of them ----------------------------------- */

static void refresh_next (GTask *task);

/* The store has what the server said; on to the next. */
static void
refresh_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends          *self = g_task_get_source_object (task);
  RefreshReservations *refresh = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean stored;

  /* Either forgotten or saved, as the server said. */
  if (g_task_get_source_tag (G_TASK (result)) == ewe_store_forget_my_reservation_async)
    stored = ewe_store_forget_my_reservation_finish (EWE_STORE (object), result, &error);
  else
    stored = ewe_store_save_my_reservation_finish (EWE_STORE (object), result, &error);
  if (!stored)
    {
      g_autofree char *gift = ewe_friends_dup_reserved_gift_name (self, g_ptr_array_index (refresh->pending,
                                                                                           refresh->next_pending));

      ewe_friends_report_not_remembered (self,
                                         /* Translators: the first %s is a gift, the second why */
                                         _("Your reservation of “%s” changed on the server, but "
                                           "this computer could not remember what became of it: "
                                           "%s. It will be asked again at the next refresh."),
                                            gift, error->message);
    }

  refresh->next_pending++;
  refresh_next (g_steal_pointer (&task));
}

static void
forget_gone (GTask          *task,
             EweReservation *reservation)
{
  EweFriends *self = g_task_get_source_object (task);
  guint       position;

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
  EweFriends          *self = g_task_get_source_object (task);
  RefreshReservations *refresh = g_task_get_task_data (task);
  EweReservation      *live = g_ptr_array_index (refresh->pending, refresh->next_pending);
  g_autoptr(EweReservation) now = NULL;
  g_autoptr(GBytes) answer = NULL;
  GError *error = NULL;

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
  if (*ewe_friends_get_change_serial (self) != refresh->serial)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  now = ewe_friends_decode_reservation (answer, &error);
  if (now == NULL)
    {
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

  refresh->next_pending++;
  refresh_next (g_steal_pointer (&task));
}

static void
refresh_next (GTask *task)
{
  EweFriends          *self = g_task_get_source_object (task);
  RefreshReservations *refresh = g_task_get_task_data (task);

  for (; refresh->next_pending < refresh->pending->len; refresh->next_pending++)
    {
      EweReservation *reservation = g_ptr_array_index (refresh->pending, refresh->next_pending);
      EweList        *list = ewe_friends_lookup_list (self, ewe_reservation_get_list_id (reservation));
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

/* The ones still reserved: bought is final. */
static void
refresh_pending (GTask *task)
{
  EweFriends          *self = g_task_get_source_object (task);
  RefreshReservations *refresh = g_task_get_task_data (task);
  GListModel          *reservations = G_LIST_MODEL (ewe_friends_get_reservation_store (self));

  for (guint i = 0; i < g_list_model_get_n_items (reservations); i++)
    {
      g_autoptr(EweReservation) reservation = g_list_model_get_item (reservations, i);

      if (ewe_reservation_get_state (reservation) == EWE_RESERVATION_STATE_RESERVED)
        g_ptr_array_add (refresh->pending, g_steal_pointer (&reservation));
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
  EweFriends          *self = g_task_get_source_object (task);
  RefreshReservations *refresh = g_task_get_task_data (task);
  EweReservation      *reservation = g_ptr_array_index (refresh->imports, refresh->next_import);
  g_autoptr(GError) error = NULL;

  if (!ewe_store_save_my_reservation_finish (EWE_STORE (object), result, &error))
    {
      g_autofree char *gift = ewe_friends_dup_reserved_gift_name (self, reservation);

      ewe_friends_report_not_remembered (self,
                                         /* Translators: the first %s is a gift, the second why */
                                         _("Your reservation of “%s”, made elsewhere, could not be "
                                           "remembered on this computer: %s. It will show again "
                                           "after the next refresh."),
                                            gift, error->message);
    }

  if (ewe_friends_lookup_reservation (self, ewe_reservation_get_id (reservation)) == NULL)
    g_list_store_append (ewe_friends_get_reservation_store (self), reservation);

  refresh->next_import++;
  import_next (g_steal_pointer (&task));
}

static void
import_save (GTask *task)
{
  EweFriends          *self = g_task_get_source_object (task);
  RefreshReservations *refresh = g_task_get_task_data (task);

  ewe_store_save_my_reservation_async (ewe_friends_get_store (self),
                                       g_ptr_array_index (refresh->imports, refresh->next_import),
                                       NULL, import_saved_cb, task);
}

static void
import_list_fetched_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask               *task = user_data;
  RefreshReservations *refresh = g_task_get_task_data (task);
  g_autoptr(EweList) list = NULL;
  GError *error = NULL;

  /* Without its list there is nothing to show it with: next time. */
  list = ewe_friends_fetch_list_finish (EWE_FRIENDS (object), result, &error);
  if (list == NULL)
    {
      g_debug ("Could not read the list of reservation %s: %s",
               ewe_reservation_get_id (g_ptr_array_index (refresh->imports, refresh->next_import)), error->message);
      g_error_free (error);
      refresh->next_import++;
      import_next (task);
      return;
    }

  import_save (task);
}

static void
import_next (GTask *task)
{
  EweFriends          *self = g_task_get_source_object (task);
  RefreshReservations *refresh = g_task_get_task_data (task);
  EweReservation      *reservation;

  if (refresh->next_import >= refresh->imports->len)
    {
      refresh_pending (task);
      return;
    }

  reservation = g_ptr_array_index (refresh->imports, refresh->next_import);
  if (ewe_friends_lookup_list (self, ewe_reservation_get_list_id (reservation)) != NULL)
    {
      import_save (task);
      return;
    }

  /* Reserved on another device or on the guest pages: open its list, on
   * the account's server, as if from its link. */
  ewe_friends_fetch_list_async (self, refresh->server_url, ewe_reservation_get_list_id (reservation),
                                g_task_get_cancellable (task), import_list_fetched_cb, task);
}

static void
account_lists_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends          *self = g_task_get_source_object (task);
  RefreshReservations *refresh = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GPtrArray) reserved = NULL;
  GError     *error = NULL;
  const char *data;
  gsize       size = 0;

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
          ewe_friends_lookup_reservation (self, ewe_reservation_get_id (reservation)) == NULL)
        g_ptr_array_add (refresh->imports, g_object_ref (reservation));
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
ewe_friends_refresh_reservations_async (EweFriends         *self,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_autoptr(RefreshReservations) refresh = g_new0 (RefreshReservations, 1);
  g_autoptr(EweApiClient) client = NULL;
  EweAccount *account;
  const char *account_server_url;
  gboolean    signed_in;
  GTask      *task;

  g_return_if_fail (EWE_IS_FRIENDS (self));

  account = ewe_friends_get_account (self);
  account_server_url = ewe_friends_get_account_server_url (self);
  signed_in = account != NULL && account_server_url != NULL && ewe_account_get_signed_in (account);

  refresh->pending = g_ptr_array_new_with_free_func (g_object_unref);
  refresh->imports = g_ptr_array_new_with_free_func (g_object_unref);
  refresh->serial = *ewe_friends_get_change_serial (self);
  if (signed_in)
    refresh->server_url = g_strdup (account_server_url);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_friends_refresh_reservations_async);
  g_task_set_task_data (task, g_steal_pointer (&refresh), (GDestroyNotify)refresh_reservations_free);

  if (!signed_in)
    {
      refresh_pending (task);
      return;
    }

  client = ewe_friends_new_client (self, account_server_url);
  ewe_api_client_call_async (client, EWE_API_GET_LISTS, NULL, NULL, NULL, cancellable,
                             account_lists_cb, task);
}

gboolean
ewe_friends_refresh_reservations_finish (EweFriends   *self,
                                         GAsyncResult *result,
                                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
