/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-reservation-service"

#include "config.h"

#include "ews-mail.h"
#include "ews-request.h"
#include "ewe-price.h"
#include "ews-reservation-service.h"

EwsReservation *
ews_reservation_service_reserve (EwsServer        *server,
                                 const EwsCatalog *catalog,
                                 const char       *list_id,
                                 const char       *product_id,
                                 const char       *user_id,
                                 const char       *name,
                                 const char       *email,
                                 gint64            quantity,
                                 gboolean          confirmed,
                                 GError          **error)
{
  EwsStorage *storage = ews_server_get_storage (server);
  g_autoptr(EwsReservation) reservation = NULL;
  gboolean queued = FALSE;

  g_return_val_if_fail (EWS_IS_SERVER (server), NULL);

  /* The reservation and its confirmation mail — which holds the only link
   * back to it — are stored together or not at all. */
  if (!ews_storage_begin (storage, error))
    return NULL;

  /* One guest reserving the same gift twice is caught by storage, whichever
   * door they use. */
  reservation = ews_storage_reserve (storage, list_id, product_id, user_id, name, email, quantity,
                                     confirmed, error);
  if (reservation != NULL)
    {
      g_autofree char *title = ews_reservation_service_gift_title (storage, reservation);
      g_autofree char *price = ews_reservation_service_gift_price (storage, reservation);
      g_autoptr(EwsGift) gift = ews_storage_gift_get (storage, list_id, product_id, NULL);

      queued = ews_mail_queue_reservation_confirmation (ews_server_get_mail (server), catalog, email,
                                                        reservation->name, reservation->list_title, title,
                                                        gift != NULL ? gift->notes : NULL, price,
                                                        (guint)reservation->quantity,
                                                        reservation->reservation_id,
                                                        reservation->confirm_key, error);
    }

  if (!queued)
    {
      ews_storage_rollback (storage);
      return NULL;
    }

  /* A commit that fails has rolled back already. */
  if (!ews_storage_commit (storage, error))
    return NULL;

  return g_steal_pointer (&reservation);
}

EwsReservation *
ews_reservation_service_reserve_as_guest (EwsServer        *server,
                                          const EwsCatalog *catalog,
                                          const char       *list_id,
                                          const char       *product_id,
                                          const char       *name,
                                          const char       *email,
                                          gint64            quantity,
                                          GError          **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *trimmed_name = NULL;

  g_return_val_if_fail (EWS_IS_SERVER (server), NULL);

  if (name == NULL || ews_request_is_blank (name))
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID,
                           ews_tr (catalog, "Say who is reserving: your name is missing."));
      return NULL;
    }

  if (!ewe_email_is_valid (email))
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID,
                           ews_tr (catalog, "That does not look like an e-mail address."));
      return NULL;
    }

  normalized = ewe_email_normalize (email);
  trimmed_name = g_strstrip (g_strdup (name));

  /* Guests without an account are known by their address, as in the JSON
   * API; nobody signed in vouches for it, so it waits for confirmation. */
  return ews_reservation_service_reserve (server, catalog, list_id, product_id, normalized, trimmed_name, normalized,
                                          quantity, FALSE, error);
}

gboolean
ews_reservation_service_purchase (EwsServer            *server,
                                  const EwsCatalog     *catalog,
                                  const EwsReservation *reservation,
                                  GError              **error)
{
  EwsStorage      *storage = ews_server_get_storage (server);
  g_autofree char *title = NULL;

  g_return_val_if_fail (EWS_IS_SERVER (server), FALSE);

  if (!ews_storage_begin (storage, error))
    return FALSE;

  title = ews_reservation_service_gift_title (storage, reservation);
  if (!ews_storage_reservation_purchase (storage, reservation->reservation_id, error) ||
      !ews_mail_queue_purchase_confirmation (ews_server_get_mail (server), catalog, reservation->email,
                                             reservation->name, reservation->list_title, title,
                                             (guint)reservation->quantity, error))
    {
      ews_storage_rollback (storage);
      return FALSE;
    }

  return ews_storage_commit (storage, error);
}

/* The reserved gift's product, or NULL when it is gone. */
static EwsProduct *
load_product (EwsStorage           *storage,
              const EwsReservation *reservation)
{
  EwsProductKind kind = g_strcmp0 (reservation->product_type, "notfound") == 0
                          ? EWS_PRODUCT_KIND_NOTFOUND
                          : EWS_PRODUCT_KIND_CATALOGUE;

  return ews_storage_product_get (storage, kind, reservation->product_id, NULL);
}

/* The product's brand and details, as the JSON API's mails name the gift. */
char *
ews_reservation_service_gift_title (EwsStorage           *storage,
                                    const EwsReservation *reservation)
{
  g_autoptr(EwsProduct) product = load_product (storage, reservation);

  if (product == NULL)
    return g_strdup ("A gift");

  /* A gift typed in by hand may have no brand. */
  if (product->brand == NULL || product->brand[0] == '\0')
    return g_strdup (product->details);

  return g_strdup_printf ("%s — %s", product->brand, product->details);
}

/* The gift's price as the mails write it, in its currency; NULL for none. */
char *
ews_reservation_service_gift_price (EwsStorage           *storage,
                                    const EwsReservation *reservation)
{
  g_autoptr(EwsProduct) product = load_product (storage, reservation);

  if (product == NULL)
    return NULL;

  return ewe_price_format (product->price, product->currency, "en");
}

EwsReservation *
ews_reservation_service_load_for_guest (EwsStorage *storage,
                                        const char *reservation_id,
                                        const char *email,
                                        GError    **error)
{
  g_autoptr(EwsReservation) reservation = NULL;
  g_autofree char *normalized = NULL;

  reservation = ews_storage_reservation_get (storage, reservation_id, error);
  if (reservation == NULL)
    return NULL;

  if (email == NULL || !ewe_email_is_valid (email))
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID,
                           N_ ("Enter the e-mail address you reserved with."));
      return NULL;
    }

  normalized = ewe_email_normalize (email);
  if (g_strcmp0 (reservation->email, normalized) != 0)
    {
      g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FORBIDDEN,
                           N_ ("That is not the e-mail address this reservation was made with."));
      return NULL;
    }

  return g_steal_pointer (&reservation);
}

gboolean
ews_reservation_service_confirm (EwsStorage *storage,
                                 const char *reservation_id,
                                 const char *email,
                                 const char *key,
                                 GError    **error)
{
  g_autoptr(EwsReservation) reservation = NULL;

  reservation = ews_reservation_service_load_for_guest (storage, reservation_id, email, error);
  if (reservation == NULL)
    return FALSE;

  return ews_storage_reservation_confirm (storage, reservation->reservation_id, key, error);
}
