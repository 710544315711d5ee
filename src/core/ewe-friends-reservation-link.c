/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-friends"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-friends-private.h"
#include "ewe-store-friends.h"

/* Opening a reservation's link, from its confirmation mail: the
 * reservation is read from the server, with the address it was made with,
 * and joins My Reservations with its list. */

typedef struct
{
  EweApiClient   *client;
  char           *server_url;
  char           *reservation_id;
  char           *email;       /* to read it with: typed, or known here */
  gboolean        email_typed; /* email is what the user said, not what is known */
  char           *confirm_key; /* from the link: ?confirm=<key> */
  EweReservation *reservation; /* as read, then the live one */
} OpenReservation;

static void
open_reservation_free (OpenReservation *opening)
{
  g_clear_object (&opening->client);
  g_free (opening->server_url);
  g_free (opening->reservation_id);
  g_free (opening->email);
  g_free (opening->confirm_key);
  g_clear_object (&opening->reservation);
  g_free (opening);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenReservation, open_reservation_free)

static void
link_reservation_saved_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends      *self = g_task_get_source_object (task);
  OpenReservation *opening = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ewe_store_save_my_reservation_finish (EWE_STORE (object), result, &error))
    {
      g_autofree char *gift = ewe_friends_dup_reserved_gift_name (self, opening->reservation);

      ewe_friends_report_not_remembered (self,
                                         /* Translators: the first %s is a gift, the second why */
                                         _("Your reservation of “%s” was opened, but this computer "
                                           "could not remember it: %s. If it is missing after a "
                                           "restart, open its link again."),
                                            gift, error->message);
    }

  if (ewe_friends_lookup_reservation (self, ewe_reservation_get_id (opening->reservation)) == NULL)
    g_list_store_append (ewe_friends_get_reservation_store (self), opening->reservation);

  g_task_return_pointer (task, g_object_ref (opening->reservation), g_object_unref);
}

static void
link_list_fetched_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends      *self = g_task_get_source_object (task);
  OpenReservation *opening = g_task_get_task_data (task);
  g_autoptr(EweList) list = NULL;
  EweReservation *known;
  GError         *error = NULL;

  list = ewe_friends_fetch_list_finish (self, result, &error);
  if (list == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Already here: the same object, brought up to date. */
  known = ewe_friends_lookup_reservation (self, ewe_reservation_get_id (opening->reservation));
  if (known != NULL)
    {
      ewe_reservation_update_from (known, opening->reservation);
      g_set_object (&opening->reservation, known);
    }

  ewe_store_save_my_reservation_async (ewe_friends_get_store (self), opening->reservation, NULL,
                                       link_reservation_saved_cb, g_steal_pointer (&task));
}

static void
link_reservation_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends      *self = g_task_get_source_object (task);
  OpenReservation *opening = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  GCancellable *cancellable;
  GError       *error = NULL;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND) && opening->email_typed)
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
      else if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_INVALID) && opening->email == NULL)
        {
          /* Only the id: the server wants the address too. */
          g_clear_error (&error);
          g_set_error_literal (&error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NEEDS_EMAIL,
                               _("Enter the e-mail address you reserved with to bring this reservation "
                                 "into the app"));
        }
      g_task_return_error (task, error);
      return;
    }

  opening->reservation = ewe_friends_decode_reservation (answer, &error);
  if (opening->reservation == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (ewe_reservation_get_state (opening->reservation) == EWE_RESERVATION_STATE_CANCELLED ||
      ewe_reservation_get_list_id (opening->reservation) == NULL || ewe_reservation_get_email (opening->reservation) == NULL)
    {
      g_task_return_new_error (task, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_FOUND,
                               _("This reservation was cancelled: reserve the gift again from the list"));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  ewe_friends_fetch_list_async (self, opening->server_url, ewe_reservation_get_list_id (opening->reservation),
                                cancellable, link_list_fetched_cb, g_steal_pointer (&task));
}

static void
get_linked_reservation (GTask *task)
{
  OpenReservation *opening = g_task_get_task_data (task);

  /* A reservation's link holds only its id, which shows the reservation
   * to no one but the list's owner and the guest whose account it is
   * (signed in, the call carries the token). With its address it is
   * anyone's who knows that. */
  if (opening->email != NULL)
    ewe_api_client_call_async (opening->client, EWE_API_GET_RESERVATION,
                               (const char *[]) { opening->reservation_id, opening->email, NULL },
                               NULL, NULL, g_task_get_cancellable (task), link_reservation_cb, task);
  else
    ewe_api_client_call_async (opening->client, EWE_API_GET_MY_RESERVATION,
                               (const char *[]) { opening->reservation_id, NULL },
                               NULL, NULL, g_task_get_cancellable (task), link_reservation_cb, task);
}

static void
link_confirmed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
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
      g_task_return_error (task, error);
      return;
    }

  get_linked_reservation (g_steal_pointer (&task));
}

void
ewe_friends_open_reservation_async (EweFriends         *self,
                                    const char         *server_url,
                                    const char         *reservation_id,
                                    const char         *email,
                                    const char         *confirm_key,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  EweReservation *known = ewe_friends_lookup_reservation (self, reservation_id);
  g_autoptr(OpenReservation) opening = g_new0 (OpenReservation, 1);
  g_autofree char *body_text = NULL;
  g_autoptr(JsonNode) body = NULL;
  EweApiClient *client;
  const char   *address;
  GTask        *task;

  opening->client = client = ewe_friends_new_client (self, server_url);
  opening->server_url = g_strdup (server_url);
  opening->reservation_id = g_strdup (reservation_id);
  opening->email = g_strdup (email);
  opening->email_typed = email != NULL;
  opening->confirm_key = g_strdup (confirm_key);

  /* A reservation made on this device is read with its address. */
  if (opening->email == NULL && known != NULL && ewe_reservation_get_email (known) != NULL)
    opening->email = g_strdup (ewe_reservation_get_email (known));
  address = opening->email; /* the task keeps it */

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_friends_open_reservation_async);
  g_task_set_task_data (task, g_steal_pointer (&opening), (GDestroyNotify)open_reservation_free);

  if (address == NULL || confirm_key == NULL)
    {
      get_linked_reservation (task);
      return;
    }

  /* The mail's link confirms the reservation is the address's; opening it
   * again is harmless. */
  body_text = ewe_codec_encode_confirm_reservation_request (address, confirm_key);
  body = ewe_codec_parse (body_text, -1, NULL);
  ewe_api_client_call_async (client, EWE_API_CONFIRM_RESERVATION, (const char *[]) { reservation_id, NULL },
                             body, NULL, cancellable, link_confirmed_cb, task);
}

EweReservation *
ewe_friends_open_reservation_finish (EweFriends   *self,
                                     GAsyncResult *result,
                                     GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
