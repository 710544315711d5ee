/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-friends"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-friends-private.h"
#include "ewe-store-friends.h"

/* Friends' lists from their server: reading a shared list and its
 * products, opening a link (a list's, or a reservation's), and reading a
 * list again. ewe-friends.c has the models they go into. */

/* --- fetching a shared list --------------------------------------------- */

typedef struct
{
  EweApiClient *client;
  char         *server_url;
  char         *list_id;
  EweList      *list;  /* detached, as the server sent it */
  GPtrArray    *gifts; /* detached */
  guint         next_product;
} FetchList;

static void
fetch_list_free (FetchList *fetch)
{
  g_clear_object (&fetch->client);
  g_free (fetch->server_url);
  g_free (fetch->list_id);
  g_clear_object (&fetch->list);
  g_clear_pointer (&fetch->gifts, g_ptr_array_unref);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FetchList, fetch_list_free)

static void
saved_list_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  FetchList  *fetch = g_task_get_task_data (task);
  GError     *error = NULL;

  if (!ewe_store_save_friend_list_finish (EWE_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_object_ref (ewe_friends_apply_list (self, fetch->server_url, fetch->list, fetch->gifts)),
                         g_object_unref);
}

static void fetch_next_product (GTask *task);

static void
product_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchList *fetch = g_task_get_task_data (task);
  EweGift   *gift = g_ptr_array_index (fetch->gifts, fetch->next_product);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(EweGift) product = NULL;
  g_autoptr(GError) error = NULL;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer != NULL)
    {
      gsize       size = 0;
      const char *data = g_bytes_get_data (answer, &size);

      product = ewe_codec_decode_product (data, size, ewe_gift_get_product_type (gift), &error);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A product the server no longer has still leaves the gift's counts. */
  if (product != NULL)
    {
      ewe_gift_set_brand (gift, ewe_gift_get_brand (product));
      ewe_gift_set_details (gift, ewe_gift_get_details (product));
      ewe_gift_set_product_url (gift, ewe_gift_get_product_url (product));
      ewe_gift_set_image_url (gift, ewe_gift_get_image_url (product));
      ewe_gift_set_price (gift, ewe_gift_get_price (product));
      ewe_gift_set_retailer (gift, ewe_gift_get_retailer (product));
    }
  else
    {
      g_debug ("Could not read product %s: %s", ewe_gift_get_product_id (gift), error->message);
    }

  fetch->next_product++;
  fetch_next_product (g_steal_pointer (&task));
}

static gboolean
gift_has_product (EweGift *gift)
{
  return ewe_gift_get_brand (gift) != NULL || ewe_gift_get_details (gift) != NULL;
}

/* The shared list names each gift's product only by id: read the ones not
 * known yet, one after the other, then remember the lot. */
static void
fetch_next_product (GTask *task)
{
  EweFriends *self = g_task_get_source_object (task);
  FetchList  *fetch = g_task_get_task_data (task);

  for (; fetch->next_product < fetch->gifts->len; fetch->next_product++)
    {
      EweGift       *gift = g_ptr_array_index (fetch->gifts, fetch->next_product);
      const char    *args[] = { ewe_gift_get_product_id (gift), NULL };
      EweApiEndpoint endpoint = ewe_gift_get_product_type (gift) == EWE_PRODUCT_TYPE_NOTFOUND
                                  ? EWE_API_GET_NOTFOUND
                                  : EWE_API_GET_PRODUCT;

      if (gift_has_product (gift))
        continue;

      ewe_api_client_call_async (fetch->client, endpoint, args, NULL, NULL,
                                 g_task_get_cancellable (task), product_cb, task);
      return;
    }

  ewe_store_save_friend_list_async (ewe_friends_get_store (self), fetch->server_url, fetch->list, fetch->gifts,
                                    g_task_get_cancellable (task), saved_list_cb, task);
}

static void
shared_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  FetchList  *fetch = g_task_get_task_data (task);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GPtrArray) reserved = NULL;
  GError     *error = NULL;
  const char *data;
  gsize       size = 0;

  answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          g_set_error_literal (&error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND,
                               _("There is no such list: it may have been deleted, or the link was cut short"));
        }
      g_task_return_error (task, error);
      return;
    }

  g_clear_object (&fetch->list);
  g_clear_pointer (&fetch->gifts, g_ptr_array_unref);
  data = g_bytes_get_data (answer, &size);
  if (!ewe_codec_decode_shared_list (data, size, &fetch->list, &fetch->gifts, &reserved, &error))
    {
      g_prefix_error (&error, _("The server sent a list this app cannot read: "));
      g_task_return_error (task, error);
      return;
    }

  if (g_strcmp0 (ewe_list_get_id (fetch->list), fetch->list_id) != 0)
    {
      g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_SERVER,
                               _("The server sent a different list than the one asked for"));
      return;
    }

  /* Products already read need not be read again. */
  for (guint i = 0; i < fetch->gifts->len; i++)
    {
      EweGift *gift = g_ptr_array_index (fetch->gifts, i);
      EweGift *known = ewe_friends_lookup_gift (self, fetch->list_id, ewe_gift_get_product_id (gift));

      if (known != NULL && gift_has_product (known))
        {
          ewe_gift_set_brand (gift, ewe_gift_get_brand (known));
          ewe_gift_set_details (gift, ewe_gift_get_details (known));
          ewe_gift_set_product_url (gift, ewe_gift_get_product_url (known));
          ewe_gift_set_image_url (gift, ewe_gift_get_image_url (known));
          ewe_gift_set_price (gift, ewe_gift_get_price (known));
          ewe_gift_set_retailer (gift, ewe_gift_get_retailer (known));
        }
    }

  fetch->next_product = 0;
  fetch_next_product (g_steal_pointer (&task));
}

/* Reads @list_id from @server_url into the store and the models; the
 * result is the live list. */
void
ewe_friends_fetch_list_async (EweFriends         *self,
                              const char         *server_url,
                              const char         *list_id,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(FetchList) fetch = g_new0 (FetchList, 1);
  EweApiClient *client;
  GTask        *task;

  fetch->client = client = ewe_friends_new_client (self, server_url);
  fetch->server_url = g_strdup (server_url);
  fetch->list_id = g_strdup (list_id);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_friends_fetch_list_async);
  g_task_set_task_data (task, g_steal_pointer (&fetch), (GDestroyNotify)fetch_list_free);

  ewe_api_client_call_async (client, EWE_API_GET_SHARED_LIST, (const char *[]) { list_id, NULL },
                             NULL, NULL, cancellable, shared_cb, task);
}

EweList *
ewe_friends_fetch_list_finish (EweFriends   *self,
                               GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- opening a link ------------------------------------------------------ */

static void
list_opened_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError  *error = NULL;
  EweList *list = ewe_friends_fetch_list_finish (EWE_FRIENDS (object), result, &error);

  if (list == NULL)
    ewe_friends_return_api_error (task, error);
  else
    g_task_return_pointer (task, list, g_object_unref);
}

/* A reservation's link leads to the reservation's list. */
static void
reservation_opened_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = EWE_FRIENDS (object);
  g_autoptr(EweReservation) reservation = NULL;
  GError *error = NULL;

  reservation = ewe_friends_open_reservation_finish (self, result, &error);
  if (reservation == NULL)
    {
      ewe_friends_return_api_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_object_ref (ewe_friends_lookup_list (self, ewe_reservation_get_list_id (reservation))),
                         g_object_unref);
}

/**
 * ewe_friends_open_link_async:
 * @link: a shared link, `<public-url>/lists/<id>`, or a reservation's,
 *   `<public-url>/reserve/<id>`
 *
 * Reads the list @link leads to from its server and remembers it; the
 * result is the live list in ewe_friends_get_lists(). Opening a list
 * already there brings it up to date. A reservation's link (from its
 * mail) also brings the reservation into ewe_friends_get_reservations(),
 * and the result is its list; it fails with EWE_FRIENDS_ERROR_NEEDS_EMAIL
 * when the server wants the address it was reserved with (see
 * ewe_friends_open_link_with_email_async()). A link with `?confirm=<key>`
 * also confirms a reservation made on this device.
 */
/* The key of a reservation's link, `…/reserve/<id>?confirm=<key>`, or
 * NULL. */
static char *
link_confirm_key (const char *link)
{
  g_autofree char *text = g_strstrip (g_strdup (link));
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GHashTable) params = NULL;
  const char *key;

  if (uri == NULL || g_uri_get_query (uri) == NULL)
    return NULL;

  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  key = params != NULL ? g_hash_table_lookup (params, "confirm") : NULL;

  return key != NULL && *key != '\0' ? g_strdup (key) : NULL;
}

static void
open_link (EweFriends         *self,
           const char         *link,
           const char         *email,
           GCancellable       *cancellable,
           GAsyncReadyCallback callback,
           gpointer            user_data,
           gpointer            source_tag)
{
  g_autofree char   *server_url = NULL;
  g_autofree char   *id = NULL;
  g_autofree char   *clean_email = NULL;
  g_autofree char   *confirm_key = NULL;
  EweFriendsLinkKind kind;
  GError            *error = NULL;
  GTask             *task;

  if (!ewe_friends_parse_link (link, &server_url, &kind, &id, &error))
    {
      g_task_report_error (self, callback, user_data, source_tag, error);
      return;
    }

  if (kind == EWE_FRIENDS_LINK_RESERVATION)
    {
      if (email != NULL)
        {
          clean_email = g_strstrip (g_strdup (email));
          if (strchr (clean_email, '@') == NULL)
            {
              g_task_report_new_error (self, callback, user_data, source_tag,
                                       EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID,
                                       _("Enter the e-mail address you reserved with"));
              return;
            }
        }

      confirm_key = link_confirm_key (link);
      task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, source_tag);
      ewe_friends_open_reservation_async (self, server_url, id, clean_email, confirm_key, cancellable,
                                          reservation_opened_cb, task);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  ewe_friends_fetch_list_async (self, server_url, id, cancellable, list_opened_cb, task);
}

void
ewe_friends_open_link_async (EweFriends         *self,
                             const char         *link,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_return_if_fail (EWE_IS_FRIENDS (self));

  open_link (self, link, NULL, cancellable, callback, user_data, ewe_friends_open_link_async);
}

EweList *
ewe_friends_open_link_finish (EweFriends   *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (EWE_IS_FRIENDS (self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ewe_friends_open_link_with_email_async:
 * @link: as for ewe_friends_open_link_async()
 * @email: the address a reservation's link was reserved with
 *
 * Opens @link as ewe_friends_open_link_async() does, reading a
 * reservation with @email: what to do when that failed with
 * EWE_FRIENDS_ERROR_NEEDS_EMAIL, on a device that did not make the
 * reservation. A link that carries `?confirm=<key>` (the mail of a
 * reservation made without signing in) also confirms the reservation as
 * the address's, so that it shows in the account of that address.
 */
void
ewe_friends_open_link_with_email_async (EweFriends         *self,
                                        const char         *link,
                                        const char         *email,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_return_if_fail (EWE_IS_FRIENDS (self));
  g_return_if_fail (email != NULL);

  open_link (self, link, email, cancellable, callback, user_data, ewe_friends_open_link_with_email_async);
}

EweList *
ewe_friends_open_link_with_email_finish (EweFriends   *self,
                                         GAsyncResult *result,
                                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- reading a list again ----------------------------------------------- */

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(EweList) list = NULL;
  GError *error = NULL;

  list = ewe_friends_fetch_list_finish (EWE_FRIENDS (object), result, &error);
  if (list == NULL)
    ewe_friends_return_api_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Reads @list again from its server: what is still wanted changes as
 * other friends reserve. */
void
ewe_friends_refresh_async (EweFriends         *self,
                           EweList            *list,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  const char *server_url;
  GTask      *task;

  g_return_if_fail (EWE_IS_FRIENDS (self));
  g_return_if_fail (EWE_IS_LIST (list));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_friends_refresh_async);
  server_url = ewe_friends_get_server_url (self, list);
  if (server_url == NULL)
    {
      g_task_return_new_error (task, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_FOUND,
                               _("This list is no longer on this device"));
      g_object_unref (task);
      return;
    }

  ewe_friends_fetch_list_async (self, server_url, ewe_list_get_id (list), cancellable, refreshed_cb, task);
}

gboolean
ewe_friends_refresh_finish (EweFriends   *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
