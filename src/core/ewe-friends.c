/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-friends"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-api-client.h"
#include "ewe-codec.h"
#include "ewe-friends-private.h"
#include "ewe-store-friends.h"

#define MAX_ID_LENGTH 128

struct _EweFriends
{
  GObject     parent_instance;

  /* owned */
  EweStore   *store;
  EweAccount *account; /* NULL: signed out, or of no server */
  char       *account_server_url;
  GListStore *lists;        /* EweList, most recently opened first */
  GHashTable *server_urls;  /* list id → server URL */
  GHashTable *gifts;        /* list id → GListStore of EweGift */
  GListStore *reservations; /* EweReservation, oldest first */
  guint       change_serial;
  gboolean    loaded;
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_ACCOUNT,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EweFriends, ewe_friends, G_TYPE_OBJECT)

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-friends-error-quark, ewe_friends_error)
/* clang-format on */

/* --- links ------------------------------------------------------------- */

static gboolean
id_is_valid (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > MAX_ID_LENGTH)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return FALSE;
    }

  return TRUE;
}

static char *
normalize_server_url (const char *url)
{
  char *copy = g_strstrip (g_strdup (url ? url : ""));
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';

  return copy;
}

/**
 * ewe_friends_parse_link:
 * @link: what the user pasted, e.g. `https://lists.example.org/lists/ID`
 * @server_url: (out) (optional): the server's address, the link without
 *   `/lists/ID` or `/reserve/ID`
 * @kind: (out) (optional): a list's link or a reservation's
 * @id: (out) (optional): the list's or the reservation's id
 *
 * Checks a shared link, or the link of a reservation's mail, with a
 * message that says what is wrong with it.
 */
gboolean
ewe_friends_parse_link (const char         *link,
                        char              **server_url,
                        EweFriendsLinkKind *kind,
                        char              **id,
                        GError            **error)
{
  g_autofree char *text = g_strstrip (g_strdup (link ? link : ""));
  g_autoptr(GUri) uri = NULL;
  g_auto(GStrv) segments = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *the_id = NULL;
  const char      *scheme;
  const char      *what;
  guint            n;

  if (*text == '\0')
    {
      g_set_error_literal (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID_LINK,
                           _("Paste the link a friend shared with you"));
      return FALSE;
    }

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error_literal (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID_LINK,
                           _("This is not a whole link: it should begin with https://"));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error_literal (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID_LINK,
                           _("Only links beginning with https:// or http:// can be opened"));
      return FALSE;
    }

  /* …/lists/<id> or …/reserve/<id>, with an optional slash at the end. */
  segments = g_strsplit (g_uri_get_path (uri), "/", -1);
  n = g_strv_length (segments);
  if (n > 0 && segments[n - 1][0] == '\0')
    n--;
  what = n >= 2 ? segments[n - 2] : NULL;
  if (g_strcmp0 (what, "lists") != 0 && g_strcmp0 (what, "reserve") != 0)
    {
      g_set_error_literal (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID_LINK,
                           _("This link does not lead to a gift list: it should end in /lists/ and the list’s code"));
      return FALSE;
    }

  the_id = g_uri_unescape_string (segments[n - 1], NULL);
  if (the_id == NULL || !id_is_valid (the_id))
    {
      g_set_error_literal (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_INVALID_LINK,
                           _("The code at the end of this link is not valid: check it was copied whole"));
      return FALSE;
    }

  /* Everything before /lists/<id> is where the server is. */
  {
    g_autoptr(GString) path = g_string_new (NULL);

    for (guint i = 0; i + 2 < n; i++)
      {
        if (i > 0)
          g_string_append_c (path, '/');
        g_string_append (path, segments[i]);
      }
    prefix = g_string_free (g_steal_pointer (&path), FALSE);
  }

  if (server_url != NULL)
    {
      /* Scheme and host are case-insensitive: one spelling per server. */
      g_autofree char *lower = g_ascii_strdown (scheme, -1);
      g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri), -1);
      g_autofree char *joined = g_uri_join (G_URI_FLAGS_NONE, lower, NULL, host, g_uri_get_port (uri),
                                            prefix, NULL, NULL);
      *server_url = normalize_server_url (joined);
    }
  if (kind != NULL)
    *kind = g_str_equal (what, "lists") ? EWE_FRIENDS_LINK_LIST : EWE_FRIENDS_LINK_RESERVATION;
  if (id != NULL)
    *id = g_steal_pointer (&the_id);

  return TRUE;
}

/* --- the object -------------------------------------------------------- */

static void
ewe_friends_finalize (GObject *object)
{
  EweFriends *self = (EweFriends *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->account);
  g_clear_pointer (&self->account_server_url, g_free);
  g_clear_object (&self->lists);
  g_clear_pointer (&self->server_urls, g_hash_table_unref);
  g_clear_pointer (&self->gifts, g_hash_table_unref);
  g_clear_object (&self->reservations);

  G_OBJECT_CLASS (ewe_friends_parent_class)->finalize (object);
}

static void
ewe_friends_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  EweFriends *self = EWE_FRIENDS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_friends_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  EweFriends *self = EWE_FRIENDS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_friends_class_init (EweFriendsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ewe_friends_finalize;
  object_class->get_property = ewe_friends_get_property;
  object_class->set_property = ewe_friends_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, EWE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, EWE_TYPE_ACCOUNT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EweFriends::problem:
   * @error: what went wrong and what to do about it, in words for the user
   *
   * Something the call that caused it could not say in its result: the
   * server made a change, but this computer could not remember it
   * (EWE_FRIENDS_ERROR_NOT_REMEMBERED).
   */
  signals[PROBLEM] =
    g_signal_new ("problem",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ewe_friends_init (EweFriends *self)
{
  self->lists = g_list_store_new (EWE_TYPE_LIST);
  self->server_urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->gifts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->reservations = g_list_store_new (EWE_TYPE_RESERVATION);
}

EweFriends *
ewe_friends_new (EweStore *store)
{
  g_return_val_if_fail (EWE_IS_STORE (store), NULL);

  return g_object_new (EWE_TYPE_FRIENDS, "store", store, NULL);
}

EweStore *
ewe_friends_get_store (EweFriends *self)
{
  g_return_val_if_fail (EWE_IS_FRIENDS (self), NULL);

  return self->store;
}

/**
 * ewe_friends_set_account:
 * @account: (nullable): the account signed in, if any
 * @server_url: (nullable): the server @account belongs to
 *
 * Calls to that server then say who is asking, so a reservation made with
 * the account's own address is also the account's.
 */
void
ewe_friends_set_account (EweFriends *self,
                         EweAccount *account,
                         const char *server_url)
{
  g_return_if_fail (EWE_IS_FRIENDS (self));
  g_return_if_fail (account == NULL || EWE_IS_ACCOUNT (account));

  g_clear_pointer (&self->account_server_url, g_free);
  if (server_url != NULL)
    self->account_server_url = normalize_server_url (server_url);

  if (g_set_object (&self->account, account))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

EweAccount *
ewe_friends_get_account (EweFriends *self)
{
  g_return_val_if_fail (EWE_IS_FRIENDS (self), NULL);

  return self->account;
}

gboolean
ewe_friends_get_loaded (EweFriends *self)
{
  g_return_val_if_fail (EWE_IS_FRIENDS (self), FALSE);

  return self->loaded;
}

/* A live GListModel of EweList. */
GListModel *
ewe_friends_get_lists (EweFriends *self)
{
  g_return_val_if_fail (EWE_IS_FRIENDS (self), NULL);

  return G_LIST_MODEL (self->lists);
}

/* A live GListModel of EweReservation: the ones made here, not cancelled. */
GListModel *
ewe_friends_get_reservations (EweFriends *self)
{
  g_return_val_if_fail (EWE_IS_FRIENDS (self), NULL);

  return G_LIST_MODEL (self->reservations);
}

static GListStore *
ensure_gifts (EweFriends *self,
              const char *list_id)
{
  GListStore *gifts = g_hash_table_lookup (self->gifts, list_id);

  if (gifts == NULL)
    {
      gifts = g_list_store_new (EWE_TYPE_GIFT);
      g_hash_table_insert (self->gifts, g_strdup (list_id), gifts);
    }

  return gifts;
}

/* A live GListModel of the EweGift of @list, one of ewe_friends_get_lists(). */
GListModel *
ewe_friends_get_gifts (EweFriends *self,
                       EweList    *list)
{
  g_return_val_if_fail (EWE_IS_FRIENDS (self), NULL);
  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  return G_LIST_MODEL (ensure_gifts (self, ewe_list_get_id (list)));
}

EweList *
ewe_friends_lookup_list (EweFriends *self,
                         const char *list_id)
{
  g_return_val_if_fail (EWE_IS_FRIENDS (self), NULL);

  if (list_id == NULL)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->lists)); i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (G_LIST_MODEL (self->lists), i);

      if (g_strcmp0 (ewe_list_get_id (list), list_id) == 0)
        return list; /* the store keeps it alive */
    }

  return NULL;
}

/* My live reservation with @reservation_id, or NULL; the model keeps it
 * alive. */
EweReservation *
ewe_friends_lookup_reservation (EweFriends *self,
                                const char *reservation_id)
{
  GListModel *reservations = G_LIST_MODEL (self->reservations);

  for (guint i = 0; i < g_list_model_get_n_items (reservations); i++)
    {
      g_autoptr(EweReservation) reservation = g_list_model_get_item (reservations, i);

      if (g_strcmp0 (ewe_reservation_get_id (reservation), reservation_id) == 0)
        return reservation;
    }

  return NULL;
}

static EweGift *
find_gift (GListModel *gifts,
           const char *product_id,
           guint      *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (gifts); i++)
    {
      g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);

      if (g_strcmp0 (ewe_gift_get_product_id (gift), product_id) == 0)
        {
          if (position != NULL)
            *position = i;
          return gift; /* the model keeps it alive */
        }
    }

  return NULL;
}

EweGift *
ewe_friends_lookup_gift (EweFriends *self,
                         const char *list_id,
                         const char *product_id)
{
  GListModel *gifts;

  g_return_val_if_fail (EWE_IS_FRIENDS (self), NULL);

  if (list_id == NULL || (gifts = g_hash_table_lookup (self->gifts, list_id)) == NULL)
    return NULL;

  return find_gift (gifts, product_id, NULL);
}

const char *
ewe_friends_get_server_url (EweFriends *self,
                            EweList    *list)
{
  g_return_val_if_fail (EWE_IS_FRIENDS (self), NULL);
  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  return g_hash_table_lookup (self->server_urls, ewe_list_get_id (list));
}

/* The link to share @list again, as its owner shared it. */
char *
ewe_friends_dup_link (EweFriends *self,
                      EweList    *list)
{
  const char *server_url = ewe_friends_get_server_url (self, list);

  if (server_url == NULL)
    return NULL;

  return g_strconcat (server_url, "/lists/", ewe_list_get_id (list), NULL);
}

GListStore *
ewe_friends_get_reservation_store (EweFriends *self)
{
  return self->reservations;
}

const char *
ewe_friends_get_account_server_url (EweFriends *self)
{
  return self->account_server_url;
}

guint *
ewe_friends_get_change_serial (EweFriends *self)
{
  return &self->change_serial;
}

/* The server made the change the user asked for but the store could not
 * write it down: the call succeeded, so its result cannot say so. */
void
ewe_friends_report_not_remembered (EweFriends *self,
                                   const char *message_format,
                                   ...)
{
  g_autoptr(GError) problem = NULL;
  va_list args;

  va_start (args, message_format);
  problem = g_error_new_valist (EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NOT_REMEMBERED, message_format, args);
  va_end (args);

  g_debug ("%s", problem->message);
  g_signal_emit (self, signals[PROBLEM], 0, problem);
}

EweReservation *
ewe_friends_decode_reservation (GBytes  *answer,
                                GError **error)
{
  gsize           size = 0;
  const char     *data = g_bytes_get_data (answer, &size);
  EweReservation *reservation = ewe_codec_decode_reservation (data, size, error);

  if (reservation == NULL)
    g_prefix_error (error, _("The server sent a reservation this app cannot read: "));

  return reservation;
}

/* What the user calls the gift @reservation is of. */
char *
ewe_friends_dup_reserved_gift_name (EweFriends     *self,
                                    EweReservation *reservation)
{
  EweGift *gift = ewe_friends_lookup_gift (self, ewe_reservation_get_list_id (reservation),
                                           ewe_reservation_get_product_id (reservation));

  if (gift != NULL && ewe_gift_get_details (gift) != NULL)
    return g_strdup (ewe_gift_get_details (gift));

  /* Its list was forgotten here: the reservation stays, nameless. */
  return g_strdup (_("a gift"));
}

/* A client for @server_url, which says who is asking only if it is the
 * account's server. */
EweApiClient *
ewe_friends_new_client (EweFriends *self,
                        const char *server_url)
{
  EweAccount *account = NULL;

  if (self->account != NULL && g_strcmp0 (self->account_server_url, server_url) == 0)
    account = self->account;

  return ewe_api_client_new_for_server (account, server_url);
}

/* Reservations live on the server, so an edit that cannot reach it did not
 * happen; say so in words the user can act on. */
void
ewe_friends_return_api_error (GTask  *task,
                              GError *error)
{
  if (g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NETWORK))
    {
      g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_NETWORK,
                               _("Could not reach the server, which keeps the reservations. "
                                 "Check your connection and try again."));
      g_error_free (error);
      return;
    }

  g_task_return_error (task, error);
}

/* --- loading ------------------------------------------------------------ */

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweFriends *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  g_auto(GStrv) server_urls = NULL;
  GError *error = NULL;

  if (!ewe_store_load_friends_finish (EWE_STORE (object), result, &lists, &server_urls,
                                      &gifts, &reservations, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!self->loaded)
    {
      for (guint i = 0; i < lists->len; i++)
        {
          EweList *list = g_ptr_array_index (lists, i);

          g_hash_table_insert (self->server_urls, g_strdup (ewe_list_get_id (list)), g_strdup (server_urls[i]));
          ensure_gifts (self, ewe_list_get_id (list));
        }
      for (guint i = 0; i < gifts->len; i++)
        {
          EweGift *gift = g_ptr_array_index (gifts, i);

          g_list_store_append (ensure_gifts (self, ewe_gift_get_list_id (gift)), gift);
        }
      g_list_store_splice (self->lists, 0, 0, lists->pdata, lists->len);
      g_list_store_splice (self->reservations, 0, 0, reservations->pdata, reservations->len);

      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  g_task_return_boolean (task, TRUE);
}

/* Reads the friends' lists and reservations remembered in the store. */
void
ewe_friends_load_async (EweFriends         *self,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (EWE_IS_FRIENDS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_friends_load_async);
  ewe_store_load_friends_async (self->store, cancellable, load_cb, task);
}

gboolean
ewe_friends_load_finish (EweFriends   *self,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- what the server said ---------------------------------------------- */

/* Puts what the server said into the live models, changing the objects
 * already there in place. */
EweList *
ewe_friends_apply_list (EweFriends *self,
                        const char *server_url,
                        EweList    *list,
                        GPtrArray  *new_gifts)
{
  const char *list_id = ewe_list_get_id (list);
  EweList    *live = ewe_friends_lookup_list (self, list_id);
  GListStore *gifts = ensure_gifts (self, list_id);
  guint       n_old = g_list_model_get_n_items (G_LIST_MODEL (gifts));
  gboolean    same_order = n_old == new_gifts->len;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_hash_table_insert (self->server_urls, g_strdup (list_id), g_strdup (server_url));

  if (live == NULL)
    {
      live = list;
      g_list_store_insert (self->lists, 0, live);
    }
  else
    {
      ewe_list_update_from (live, list);
    }

  for (guint i = 0; i < new_gifts->len; i++)
    {
      EweGift *gift = g_ptr_array_index (new_gifts, i);
      guint    position = 0;
      EweGift *old = find_gift (G_LIST_MODEL (gifts), ewe_gift_get_product_id (gift), &position);

      if (old != NULL)
        {
          ewe_gift_update_from (old, gift);
          g_ptr_array_add (items, g_object_ref (old));
        }
      else
        {
          g_ptr_array_add (items, g_object_ref (gift));
        }

      if (old == NULL || position != i)
        same_order = FALSE;
    }

  /* Only a gift added, removed or moved changes the model itself. */
  if (!same_order)
    g_list_store_splice (gifts, 0, n_old, items->pdata, items->len);

  return live;
}

static void
list_forgotten_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ewe_store_forget_friend_list_finish (EWE_STORE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ewe_friends_forget_list_async:
 * @list: one of ewe_friends_get_lists()
 *
 * Takes @list out of the friends' lists at once, and out of the store.
 * Reservations made from it stay in My Reservations: the server has them.
 * Opening its link again brings it back.
 */
void
ewe_friends_forget_list_async (EweFriends         *self,
                               EweList            *list,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(EweList) keep = NULL;
  guint position;

  g_return_if_fail (EWE_IS_FRIENDS (self));
  g_return_if_fail (EWE_IS_LIST (list));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_friends_forget_list_async);

  keep = g_object_ref (list);
  if (g_list_store_find (self->lists, list, &position))
    g_list_store_remove (self->lists, position);
  g_hash_table_remove (self->gifts, ewe_list_get_id (list));
  g_hash_table_remove (self->server_urls, ewe_list_get_id (list));

  ewe_store_forget_friend_list_async (self->store, ewe_list_get_id (list), cancellable,
                                      list_forgotten_cb, g_steal_pointer (&task));
}

gboolean
ewe_friends_forget_list_finish (EweFriends   *self,
                                GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
