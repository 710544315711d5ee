/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage"

#include "config.h"

#include "ews-catalog.h"
#include "ews-jwt.h"
#include "ews-storage-rules.h"

/* The messages marked N_() reach guests: the guest pages show them
 * translated (ews_tr() on error->message); the JSON API in English. Those
 * with a number or a state in them cannot be looked up once written, so
 * their errors also carry a refusal and its count, which the guest pages
 * word themselves. */

/* EWS_STORAGE_ERROR is defined here rather than beside the interface
 * because the refusals it carries are these rules'. */
typedef struct
{
  EwsStorageRefusal refusal;
  gint64            count;
} EwsStorageErrorPrivate;

static void
ews_storage_error_private_init (EwsStorageErrorPrivate *priv)
{
  priv->refusal = EWS_STORAGE_REFUSAL_NONE;
  priv->count = 0;
}

static void
ews_storage_error_private_copy (const EwsStorageErrorPrivate *src_priv,
                                EwsStorageErrorPrivate       *dest_priv)
{
  *dest_priv = *src_priv;
}

static void
ews_storage_error_private_clear (EwsStorageErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (EwsStorageError, ews_storage_error)

/* Marks the error just set in @error as @refusal; nothing when the
 * caller did not ask for the error. */
static void
set_refusal (GError          **error,
             EwsStorageRefusal refusal,
             gint64            count)
{
  EwsStorageErrorPrivate *priv;

  if (error == NULL || *error == NULL || (*error)->domain != EWS_STORAGE_ERROR)
    return;

  priv = ews_storage_error_get_private (*error);
  priv->refusal = refusal;
  priv->count = count;
}

EwsStorageRefusal
ews_storage_rules_get_refusal (const GError *error,
                               gint64       *count)
{
  const EwsStorageErrorPrivate *priv;

  if (count != NULL)
    *count = 0;

  if (error == NULL || error->domain != EWS_STORAGE_ERROR)
    return EWS_STORAGE_REFUSAL_NONE;

  priv = ews_storage_error_get_private (error);
  if (count != NULL)
    *count = priv->count;
  return priv->refusal;
}

/* Admins named in the configuration are not in the table: say where they
 * are removed instead. */
char *
ews_storage_rules_dup_not_admin_message (const char *email)
{
  return g_strdup_printf ("%s is not an admin (those named in the configuration are removed there).", email);
}

gboolean
ews_storage_rules_check_new_quantity (gint64   quantity,
                                      GError **error)
{
  if (quantity >= 1)
    return TRUE;

  g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID,
                       N_ ("The quantity to reserve must be at least 1."));
  return FALSE;
}

gboolean
ews_storage_rules_check_changed_quantity (gint64   quantity,
                                          GError **error)
{
  if (quantity >= 1)
    return TRUE;

  g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID,
                       N_ ("Reserved quantity cannot be reduced to 0. Cancel the reservation instead."));
  return FALSE;
}

/* A new reservation needs its product to be one of the list's gifts. */
gboolean
ews_storage_rules_check_on_list (const EwsGiftCounts *counts,
                                 GError             **error)
{
  if (counts->gift_id != 0)
    return TRUE;

  g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND,
                       /* the words of EWS_STORAGE_NO_SUCH_GIFT, marked for guests */
                       N_ ("This product is not on the list."));
  return FALSE;
}

gboolean
ews_storage_rules_check_list_open (gboolean closed,
                                   GError **error)
{
  if (!closed)
    return TRUE;

  g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
                       N_ ("This list is closed and takes no more reservations."));
  return FALSE;
}

gboolean
ews_storage_rules_check_not_held (gboolean user_holds_one,
                                  GError **error)
{
  if (!user_holds_one)
    return TRUE;

  g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
                       N_ ("Product already reserved by user. Change the quantity of that reservation instead."));
  return FALSE;
}

/* Bought and cancelled reservations are final. */
gboolean
ews_storage_rules_check_active (const EwsReservation *reservation,
                                GError              **error)
{
  if (g_strcmp0 (reservation->state, "reserved") == 0)
    return TRUE;

  g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
               "Product was not reserved. State = %s.", reservation->state);
  if (g_strcmp0 (reservation->state, "purchased") == 0)
    set_refusal (error, EWS_STORAGE_REFUSAL_PURCHASED, 0);
  else if (g_strcmp0 (reservation->state, "cancelled") == 0)
    set_refusal (error, EWS_STORAGE_REFUSAL_CANCELLED, 0);
  return FALSE;
}

/* A reservation may grow only while its gift is still on the list. */
gboolean
ews_storage_rules_check_gift_kept (const EwsGiftCounts *counts,
                                   GError             **error)
{
  if (counts->gift_id != 0)
    return TRUE;

  g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
                       N_ ("This gift is no longer on the list."));
  return FALSE;
}

/* Refuses @more units beyond what the gift still wants. */
gboolean
ews_storage_rules_check_wanted (const EwsGiftCounts *counts,
                                gint64               more,
                                GError             **error)
{
  gint64 left = counts->quantity - counts->reserved - counts->purchased;

  if (counts->unlimited || more <= left)
    return TRUE;

  if (left <= 0)
    g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
                         N_ ("This gift is already fully reserved."));
  else
    {
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
                   "Only %" G_GINT64_FORMAT " more of this gift %s still wanted.",
                   left, left == 1 ? "is" : "are");
      set_refusal (error, EWS_STORAGE_REFUSAL_NOT_WANTED, left);
    }
  return FALSE;
}

/* Refuses @more unconfirmed units for an address that already @held that
 * many on the list, when it would then hold more than
 * EWS_MAX_UNCONFIRMED_PER_ADDRESS there. */
gboolean
ews_storage_rules_check_unconfirmed (gint64   held,
                                     gint64   more,
                                     GError **error)
{
  if (held + more <= EWS_MAX_UNCONFIRMED_PER_ADDRESS)
    return TRUE;

  g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
               "An e-mail address can hold at most %d gifts on a list before it confirms them. "
               "Open the link in the e-mail we sent to this address to confirm, then reserve more.",
               EWS_MAX_UNCONFIRMED_PER_ADDRESS);
  set_refusal (error, EWS_STORAGE_REFUSAL_UNCONFIRMED_LIMIT, EWS_MAX_UNCONFIRMED_PER_ADDRESS);
  return FALSE;
}

/* The secret in an unconfirmed reservation's mailed link. */
char *
ews_storage_rules_new_confirm_key (GError **error)
{
  guint8 random[24];

  if (!ews_random_bytes (random, sizeof random, error))
    return NULL;

  return ews_base64url_encode (random, sizeof random);
}

gboolean
ews_storage_rules_check_confirm_key (const EwsReservation *reservation,
                                     const char           *key,
                                     GError              **error)
{
  if (key != NULL && reservation->confirm_key != NULL && ews_secrets_equal (key, reservation->confirm_key))
    return TRUE;

  g_set_error_literal (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID,
                       N_ ("This confirmation link is not the one we e-mailed for this reservation. "
                           "Open the link in the e-mail again, and check it was not cut short."));
  return FALSE;
}

/* A gift's quantity cannot go below what guests already hold of it —
 * unless it is unlimited, where the quantity is no bound guests meet. */
gboolean
ews_storage_rules_check_gift_quantity (const EwsGift *gift,
                                       gint64         quantity,
                                       GError       **error)
{
  if (gift->unlimited || quantity >= gift->reserved + gift->purchased)
    return TRUE;

  g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
               "Guests have already reserved or bought %" G_GINT64_FORMAT " of this gift; "
               "the quantity cannot be less than that.",
               gift->reserved + gift->purchased);
  return FALSE;
}

/* An unlimited gift becomes limited again only if its quantity still
 * covers what guests hold of it. */
gboolean
ews_storage_rules_check_gift_limited (const EwsGift *gift,
                                      GError       **error)
{
  if (gift->reserved + gift->purchased <= gift->quantity)
    return TRUE;

  g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
               "Guests have already reserved or bought %" G_GINT64_FORMAT " of this gift, more than its "
               "quantity of %" G_GINT64_FORMAT "; raise the quantity before limiting it.",
               gift->reserved + gift->purchased, gift->quantity);
  return FALSE;
}

/* A gift leaves its list only once no guest holds it reserved. */
gboolean
ews_storage_rules_check_gift_removable (const EwsGift *gift,
                                        GError       **error)
{
  if (gift->reserved <= 0)
    return TRUE;

  g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
               "Guests have reserved %" G_GINT64_FORMAT " of this gift. It can be removed "
               "once they have bought it or cancelled their reservation.",
               gift->reserved);
  return FALSE;
}

/* A product leaves the catalogue only once it is a gift on no list. */
gboolean
ews_storage_rules_check_product_unused (gint64   n_lists,
                                        GError **error)
{
  if (n_lists <= 0)
    return TRUE;

  g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
               "This product is a gift on %" G_GINT64_FORMAT " list(s); "
               "it can be deleted once it is on none.",
               n_lists);
  return FALSE;
}
