/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-sync"

#include "config.h"

#include "ewe-codec.h"
#include "ewe-sync-private.h"

/* The products of a pulled list: GET /lists/{id} names each gift's
 * product only by id, so before the list is merged the store fills in the
 * products it knows and the rest are read from the server (as friends'
 * lists are, ewe-friends-lists.c). Without this a second device, or a
 * co-owner's, would show every gift as "Unnamed gift". */

/* Products read from the server at once: enough to hide the round trips
 * of a fresh device's first pull, few enough not to flood the server. */
#define PRODUCTS_AHEAD 4

typedef struct
{
  GPtrArray *gifts; /* EweGift, detached: filled in as answers come */
  guint      next;  /* the next gift to look at */
  guint      in_flight;
} FetchProducts;

typedef struct
{
  GTask   *task;
  EweGift *gift; /* borrowed from FetchProducts.gifts */
} ProductRequest;

static void
fetch_products_free (FetchProducts *fetch)
{
  g_clear_pointer (&fetch->gifts, g_ptr_array_unref);
  g_free (fetch);
}

static gboolean
gift_has_product (EweGift *gift)
{
  return ewe_gift_get_brand (gift) != NULL || ewe_gift_get_details (gift) != NULL;
}

static void send_requests (GTask *task);

static void
product_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ProductRequest *request = user_data;
  g_autoptr(GTask) task = request->task;
  FetchProducts *fetch = g_task_get_task_data (task);
  EweGift       *gift = request->gift;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(EweGift) product = NULL;
  g_autoptr(GError) error = NULL;

  g_free (request);
  fetch->in_flight--;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer != NULL)
    {
      gsize       size = 0;
      const char *data = g_bytes_get_data (answer, &size);

      product = ewe_codec_decode_product (data, size, ewe_gift_get_product_type (gift), &error);
    }

  /* Offline first: a product that could not be read leaves the gift
   * without details, and the next sync asks again. */
  if (product != NULL)
    {
      ewe_gift_set_brand (gift, ewe_gift_get_brand (product));
      ewe_gift_set_details (gift, ewe_gift_get_details (product));
      ewe_gift_set_product_url (gift, ewe_gift_get_product_url (product));
      ewe_gift_set_image_url (gift, ewe_gift_get_image_url (product));
      ewe_gift_set_price (gift, ewe_gift_get_price (product));
      ewe_gift_set_retailer (gift, ewe_gift_get_retailer (product));
      ewe_gift_set_currency (gift, ewe_gift_get_currency (product));
    }
  else
    {
      g_debug ("Could not read product %s: %s", ewe_gift_get_product_id (gift), error->message);
    }

  send_requests (task);
}

/* Keeps PRODUCTS_AHEAD requests on their way; returns the gifts once
 * every one has been answered. */
static void
send_requests (GTask *task)
{
  EweSync       *self = g_task_get_source_object (task);
  FetchProducts *fetch = g_task_get_task_data (task);
  GCancellable  *cancellable = g_task_get_cancellable (task);

  if (g_cancellable_is_cancelled (cancellable))
    {
      if (fetch->in_flight == 0)
        g_task_return_error_if_cancelled (task);
      return;
    }

  for (; fetch->next < fetch->gifts->len && fetch->in_flight < PRODUCTS_AHEAD; fetch->next++)
    {
      EweGift        *gift = g_ptr_array_index (fetch->gifts, fetch->next);
      const char     *args[] = { ewe_gift_get_product_id (gift), NULL };
      EweApiEndpoint  endpoint = ewe_gift_get_product_type (gift) == EWE_PRODUCT_TYPE_NOTFOUND
                                   ? EWE_API_GET_NOTFOUND
                                   : EWE_API_GET_PRODUCT;
      ProductRequest *request;

      if (gift_has_product (gift))
        continue;

      request = g_new0 (ProductRequest, 1);
      request->task = g_object_ref (task);
      request->gift = gift;
      fetch->in_flight++;
      ewe_api_client_call_async (self->client, endpoint, args, NULL, NULL, cancellable, product_cb, request);
    }

  if (fetch->in_flight == 0 && fetch->next >= fetch->gifts->len)
    g_task_return_pointer (task, g_ptr_array_ref (fetch->gifts), (GDestroyNotify)g_ptr_array_unref);
}

static void
filled_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchProducts *fetch = g_task_get_task_data (task);
  GError        *error = NULL;

  fetch->gifts = ewe_store_fill_products_finish (EWE_STORE (object), result, &error);
  if (fetch->gifts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  send_requests (task);
}

/* Fills in the products of @gifts, the gifts of @list_id as the server
 * sent them: from the store where it knows them, from the server
 * otherwise. Fails only when the store does, or when cancelled; a product
 * the server could not give is left out. The result is a filled copy. */
void
ewe_sync_fetch_products_async (EweSync            *self,
                               const char         *list_id,
                               GPtrArray          *gifts,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ewe_sync_fetch_products_async);
  g_task_set_task_data (task, g_new0 (FetchProducts, 1), (GDestroyNotify)fetch_products_free);
  ewe_store_fill_products_async (self->store, list_id, gifts, cancellable, filled_cb, task);
}

GPtrArray *
ewe_sync_fetch_products_finish (EweSync      *self,
                                GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
