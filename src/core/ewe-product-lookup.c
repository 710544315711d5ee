/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-product-lookup"

#include "config.h"

#include "ewe-codec.h"
#include "ewe-page-metadata.h"
#include "ewe-product-lookup.h"

typedef struct
{
  char *url;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_free (lookup->url);
  g_free (lookup);
}

static void
page_metadata_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(EweGift) gift = NULL;
  GError     *error = NULL;
  const char *product_url;

  if (!(gift = ewe_page_metadata_fetch_finish (result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A product of the user's own until the sync creates it on the server. */
  ewe_gift_set_product_type (gift, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_product_id (gift, NULL);

  /* The page may not name itself; the address the user gave does. */
  product_url = ewe_gift_get_product_url (gift);
  if (product_url == NULL || *product_url == '\0')
    ewe_gift_set_product_url (gift, lookup->url);

  g_task_return_pointer (task, g_steal_pointer (&gift), g_object_unref);
}

static void
read_page (GTask *task)
{
  Lookup *lookup = g_task_get_task_data (task);

  ewe_page_metadata_fetch_async (lookup->url, g_task_get_cancellable (task),
                                 page_metadata_cb, task);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(GError) error = NULL;

  bytes = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (bytes != NULL)
    {
      gsize       length = 0;
      const char *data = g_bytes_get_data (bytes, &length);

      ewe_codec_decode_product_search (data, length, &gift, &error);
    }

  if (gift != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&gift), g_object_unref);
      return;
    }

  /* Not in the catalogue, or the server is away: the shop's page is
   * still worth reading, and the user needs to hear of neither. */
  if (error != NULL)
    g_debug ("Catalogue search for %s failed: %s", lookup->url, error->message);

  read_page (g_steal_pointer (&task));
}

void
ewe_product_lookup_async (EweApiClient       *api_client,
                          const char         *url,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *products_url = NULL;
  Lookup     *lookup;

  g_return_if_fail (!api_client || EWE_IS_API_CLIENT (api_client));
  g_return_if_fail (url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_product_lookup_async);
  lookup = g_new0 (Lookup, 1);
  lookup->url = g_strdup (url);
  g_task_set_task_data (task, lookup, (GDestroyNotify)lookup_free);

  if (api_client != NULL)
    products_url = ewe_api_client_get_base_url (api_client, EWE_API_SERVICE_PRODUCTS);

  if (products_url != NULL && *products_url != '\0')
    {
      const char *args[] = { url, NULL };

      ewe_api_client_call_async (api_client, EWE_API_SEARCH_PRODUCT_URL, args, NULL, NULL,
                                 cancellable, search_cb, g_steal_pointer (&task));
      return;
    }

  read_page (g_steal_pointer (&task));
}

/**
 * ewe_product_lookup_finish:
 *
 * Returns: (transfer full): a detached gift with the product's details
 */
EweGift *
ewe_product_lookup_finish (GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_product_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
