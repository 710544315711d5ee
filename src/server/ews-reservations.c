/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-reservations"

#include "config.h"

#include "ews-api-json.h"
#include "ews-lists.h"
#include "ews-mail.h"
#include "ews-request.h"
#include "ews-reservation-service.h"
#include "ews-storage-rules.h"

/* The guests' side of /api/lists. Guests need no account: a reservation is
 * made with an e-mail address, and from then on it is reached by its id —
 * 122 random bits, sent only to that address — together with the address.
 * A wrong address gets the same 404 as a wrong id. */

#define EWE_LIMIT_QUANTITY_MAX 10000

static void
reply_flag (EwsRequest *request,
            const char *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);

  ews_request_reply_built (request, builder);
}

/* The {email} path segment, checked and normalized, or NULL after a 400. */
static char *
path_email (EwsRequest *request)
{
  const char *email = ews_request_get_param (request, "email");

  if (!ewe_email_is_valid (email))
    {
      /* Not echoed: a path segment need not even be UTF-8. */
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                               "The e-mail address in the path is not a valid address.");
      return NULL;
    }

  return ewe_email_normalize (email);
}

/* A reservation or purchase mails @email: limited per client, and per
 * mailbox, so that nobody fills a stranger's inbox from many addresses. */
static gboolean
check_guest_rates (EwsRequest *request,
                   const char *email)
{
  g_autofree char *mailbox = ews_rate_limit_mailbox (email);

  return ews_request_check_rate (request, EWS_RATE_GUEST, NULL) &&
         ews_request_check_rate (request, EWS_RATE_GUEST_MAIL, mailbox);
}

/* Loads the reservation named by {reservationId} and checks it was made
 * with {email}. */
static EwsReservation *
load_guest_reservation (EwsRequest *request)
{
  g_autofree char *email = path_email (request);
  g_autoptr(EwsReservation) reservation = NULL;
  g_autoptr(GError) error = NULL;

  if (email == NULL)
    return NULL;

  reservation = ews_storage_reservation_get (ews_request_get_storage (request),
                                             ews_request_get_param (request, "reservationId"), &error);
  if (reservation == NULL)
    {
      ews_request_reply_storage_error (request, error);
      return NULL;
    }

  if (g_strcmp0 (reservation->email, email) != 0)
    {
      ews_request_reply_error (request, SOUP_STATUS_NOT_FOUND, EWS_STORAGE_NO_SUCH_RESERVATION);
      return NULL;
    }

  return g_steal_pointer (&reservation);
}

/* POST /lists/{id}/reserve/{productId}/email/{email}
 * {"quantity", "name", "title", "product"} → {"reservation_id"}
 *
 * Public. A signed-in guest reserving with their own address is recorded by
 * their user id, so the reservation shows in their GET /lists; anyone else
 * by the address. "title" and "product" were only for the original's
 * e-mail; the list and gift are read from storage instead. */
static void
reserve (EwsRequest *request)
{
  const EwsUser   *user = ews_request_get_user (request);
  g_autofree char *email = path_email (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(EwsReservation) reservation = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = NULL;
  const char *user_id;
  gboolean    confirmed;
  gint64      quantity = 0;
  JsonObject *body;

  if (email == NULL || (body = ews_request_require_body (request)) == NULL)
    return;

  if (!ews_request_member_int (request, body, "quantity", EWS_MEMBER_REQUIRED, 1, EWE_LIMIT_QUANTITY_MAX, &quantity) ||
      !ews_request_member_string (request, body, "name", EWS_MEMBER_NULLABLE, &name))
    return;

  if (user != NULL && ewe_email_same (user->email, email))
    {
      /* The account vouches for the address. */
      user_id = user->sub;
      confirmed = TRUE;
      if (name == NULL || name[0] == '\0')
        name = user->name;
    }
  else
    {
      user_id = email;
      confirmed = FALSE;
      if (name == NULL || ews_request_is_blank (name))
        {
          ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                                   "The body is missing “name”: say who is reserving.");
          return;
        }
    }

  if (!check_guest_rates (request, email))
    return;

  /* The reservation and its confirmation mail (with the only link to it)
   * are stored together or not at all. */
  reservation = ews_reservation_service_reserve (ews_request_get_server (request), ews_request_get_language (request),
                                                 ews_request_get_param (request, "id"),
                                                 ews_request_get_param (request, "productId"),
                                                 user_id, name, email, quantity, confirmed, &error);
  if (reservation == NULL)
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reservation_id");
  json_builder_add_string_value (builder, reservation->reservation_id);
  json_builder_end_object (builder);

  ews_request_reply_built (request, builder);
}

static void
reply_reservation (EwsRequest           *request,
                   const EwsReservation *reservation)
{
  const EwsUser *user = ews_request_get_user (request);
  EwsJsonWriter *writer = ews_json_writer_new (512);

  ews_api_json_write_reservation (writer, reservation, user != NULL ? user->sub : NULL);

  ews_request_reply_written (request, writer);
}

/* GET /lists/reservation/{reservationId}/email/{email}: public; the id and
 * the address it was made with, together. */
static void
reservation_get_as_guest (EwsRequest *request)
{
  g_autoptr(EwsReservation) reservation = load_guest_reservation (request);

  if (reservation != NULL)
    reply_reservation (request, reservation);
}

/* Whether the reveal date of @reservation's list has come: until then its
 * owner is told nothing of who reserved (ews-lists.c). */
static gboolean
owner_may_see (EwsRequest           *request,
               const EwsReservation *reservation)
{
  g_autoptr(EwsList) list = NULL;

  list = ews_storage_list_get (ews_request_get_storage (request), reservation->list_id, NULL);
  if (list == NULL)
    return FALSE;

  ews_lists_set_revealed (request, list);
  return list->revealed;
}

/* GET /lists/reservation/{reservationId}: the original's path, where the
 * id alone was the key. The one who reserved holds the id too (it is the
 * answer to their POST), and so does anyone a link is forwarded to, so it
 * no longer shows a guest's name and address to whoever has it: only to
 * the signed-in guest whose reservation it is, and to the list's owners
 * (creator and co-owners) from the list's reveal date on.
 * Everyone else — also when there is no such reservation, so the answer
 * does not tell ids that exist from ids that do not — is told to add the
 * address. */
static void
reservation_get (EwsRequest *request)
{
  const EwsUser *user = ews_request_get_user (request);
  g_autoptr(EwsReservation) reservation = NULL;
  g_autoptr(GError) error = NULL;
  EwsListRole role = EWS_LIST_ROLE_NONE;

  if (user != NULL)
    {
      reservation = ews_storage_reservation_get (ews_request_get_storage (request),
                                                 ews_request_get_param (request, "reservationId"), &error);
      if (reservation == NULL && !g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
        {
          ews_request_reply_storage_error (request, error);
          return;
        }

      if (reservation != NULL && g_strcmp0 (reservation->user_id, user->sub) != 0 &&
          !ews_coowners_get_role (ews_request_get_storage (request), reservation->list_id,
                                  reservation->list_owner_id, user->sub, &role, &error))
        {
          ews_request_reply_storage_error (request, error);
          return;
        }

      if (reservation != NULL &&
          (g_strcmp0 (reservation->user_id, user->sub) == 0 ||
           (role != EWS_LIST_ROLE_NONE && owner_may_see (request, reservation))))
        {
          reply_reservation (request, reservation);
          return;
        }
    }

  ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                           "Ask for a reservation with the e-mail address it was made with: "
                           "GET /api/lists/reservation/{reservationId}/email/{email}.");
}

/* DELETE /lists/reservation/{reservationId}: for the list's owners (to
 * clear a reservation) or the guest who made it, signed in. Unlike the
 * original, which dropped the record and left the gift's counts as they
 * were, the counts are given back in the same transaction. */
static void
reservation_delete (EwsRequest *request)
{
  EwsStorage    *storage = ews_request_get_storage (request);
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(EwsReservation) reservation = NULL;
  g_autoptr(GError) error = NULL;
  EwsListRole role = EWS_LIST_ROLE_NONE;

  if (user == NULL)
    return;

  reservation = ews_storage_reservation_get (storage, ews_request_get_param (request, "reservationId"), &error);
  if (reservation == NULL)
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  if (!ews_coowners_get_role (storage, reservation->list_id, reservation->list_owner_id, user->sub, &role, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  if (role == EWS_LIST_ROLE_NONE && g_strcmp0 (reservation->user_id, user->sub) != 0 &&
      !ewe_email_same (reservation->email, user->email))
    {
      ews_request_reply_error (request, SOUP_STATUS_NOT_FOUND, EWS_STORAGE_NO_SUCH_RESERVATION);
      return;
    }

  if (!ews_storage_reservation_delete (storage, reservation->reservation_id, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  reply_flag (request, "deleted");
}

/* PUT /lists/purchase/{reservationId}/email/{email} → {"purchased": true}.
 * The body ("product" etc.) only fed the original's e-mails. */
static void
purchase (EwsRequest *request)
{
  g_autoptr(EwsReservation) reservation = load_guest_reservation (request);
  g_autoptr(GError) error = NULL;

  if (reservation == NULL || !check_guest_rates (request, reservation->email))
    return;

  /* Bought, and the guest's confirmation queued, in one transaction. */
  if (!ews_reservation_service_purchase (ews_request_get_server (request), ews_request_get_language (request),
                                         reservation, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  reply_flag (request, "purchased");
}

/* DELETE /lists/reserve/{reservationId}/email/{email} → {"unreserved": true} */
static void
unreserve (EwsRequest *request)
{
  g_autoptr(EwsReservation) reservation = load_guest_reservation (request);
  g_autoptr(GError) error = NULL;

  if (reservation == NULL)
    return;

  if (!ews_storage_reservation_cancel (ews_request_get_storage (request), reservation->reservation_id, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  reply_flag (request, "unreserved");
}

/* PUT /lists/reserve/{reservationId}/email/{email} {"quantity"} → {"updated": true} */
static void
reservation_update (EwsRequest *request)
{
  g_autoptr(EwsReservation) reservation = NULL;
  g_autoptr(GError) error = NULL;
  gint64      quantity = 0;
  JsonObject *body;

  if ((body = ews_request_require_body (request)) == NULL)
    return;

  if (!ews_request_member_int (request, body, "quantity", EWS_MEMBER_REQUIRED, 1, EWE_LIMIT_QUANTITY_MAX, &quantity))
    return;

  reservation = load_guest_reservation (request);
  if (reservation == NULL)
    return;

  if (!ews_storage_reservation_set_quantity (ews_request_get_storage (request),
                                             reservation->reservation_id, quantity, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  reply_flag (request, "updated");
}

/* POST /lists/reservation/{reservationId}/confirm {"email", "key"} →
 * {"confirmed": true}: public, as the guest pages' Confirm button. The key
 * is the secret in the link mailed to the address, so only whoever reads
 * that mail can make the reservation the address's. A wrong address is a
 * 404, as elsewhere; a wrong key a 400. */
static void
reservation_confirm (EwsRequest *request)
{
  g_autoptr(GError) error = NULL;
  const char *email = NULL;
  const char *key = NULL;
  JsonObject *body;

  if ((body = ews_request_require_body (request)) == NULL)
    return;

  if (!ews_request_member_string (request, body, "email", EWS_MEMBER_REQUIRED, &email) ||
      !ews_request_member_string (request, body, "key", EWS_MEMBER_REQUIRED, &key))
    return;

  if (!ews_reservation_service_confirm (ews_request_get_storage (request),
                                        ews_request_get_param (request, "reservationId"), email, key, &error))
    {
      if (g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FORBIDDEN))
        ews_request_reply_error (request, SOUP_STATUS_NOT_FOUND, EWS_STORAGE_NO_SUCH_RESERVATION);
      else
        ews_request_reply_storage_error (request, error);
      return;
    }

  reply_flag (request, "confirmed");
}

void
ews_reservations_register (EwsServer *server)
{
  ews_request_add_route (server, "GET", "/api/lists/reservation/{reservationId}", reservation_get);
  ews_request_add_route (server, "GET", "/api/lists/reservation/{reservationId}/email/{email}",
                         reservation_get_as_guest);
  ews_request_add_route (server, "DELETE", "/api/lists/reservation/{reservationId}", reservation_delete);
  ews_request_add_route (server, "POST", "/api/lists/reservation/{reservationId}/confirm", reservation_confirm);
  ews_request_add_route (server, "PUT", "/api/lists/purchase/{reservationId}/email/{email}", purchase);
  ews_request_add_route (server, "PUT", "/api/lists/reserve/{reservationId}/email/{email}", reservation_update);
  ews_request_add_route (server, "DELETE", "/api/lists/reserve/{reservationId}/email/{email}", unreserve);
  ews_request_add_route (server, "POST", "/api/lists/{id}/reserve/{productId}/email/{email}", reserve);
}
