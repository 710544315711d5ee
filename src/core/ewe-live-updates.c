/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-live-updates"

#include "config.h"

#include "ewe-live-updates.h"

/* Live updates for a session: watches, on the configured server, the
 * user's own lists (those the server knows, not drafts) and the friends'
 * lists opened from that server, and reads a list again when it changes —
 * the user's through a sync run (push, then pull), a friend's through
 * EweFriends. The store and the models do the rest, as after any sync.
 *
 * Signed in, the stream also says when a list joins the user's lists (one
 * created on another device, a co-owner invitation accepted): a sync run
 * then pulls it into the sidebar.
 *
 * The user's own writes come back as notices too. Each notice carries the
 * list's version, and the server's answer to a write says the version it
 * made (EweApiClient remembers it): a notice no newer than the user's own
 * last write to that list is that write's echo, or older, and the sync
 * run that sent the write pulls after it, so it is let go rather than
 * pulled again. A notice heard while a sync run is under way waits for
 * the run's end to be judged, as its write's answer may not be in yet.
 *
 * While the stream is down the sync's periodic pull goes on as always, so
 * nothing is missed for longer than it would be without live updates; once
 * the stream is back (EweLiveWatcher::resync) everything watched is read
 * again. */

struct _EweLiveUpdates
{
  GObject         parent_instance;

  /* owned */
  EweSession     *session;
  EweLiveWatcher *watcher;
  GListModel     *own_lists;    /* the store's, while watched */
  GListModel     *friend_lists; /* EweFriends', while watched */
  EweSync        *sync;         /* the session's, while watched */
  EweAccount     *account;      /* the session's, while watched */
  GCancellable   *cancellable;
  /* list id → version (gint64 *) of notices heard during a sync run;
   * "" for a user-level notice that names no list */
  GHashTable     *pending;
  guint           n_skipped;

  gboolean        running;
};

G_DEFINE_FINAL_TYPE (EweLiveUpdates, ewe_live_updates, G_TYPE_OBJECT)

static char *
server_url (EweLiveUpdates *self)
{
  g_autofree char *url = ewe_session_dup_server_url (self->session);

  if (url == NULL)
    return NULL;
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  return url[0] != '\0' ? g_steal_pointer (&url) : NULL;
}

static gboolean
friend_list_is_ours (EweLiveUpdates *self,
                     EweList        *list)
{
  EweFriends      *friends = ewe_session_get_friends (self->session);
  g_autofree char *url = server_url (self);
  g_autofree char *list_url = NULL;

  if (friends == NULL || url == NULL || ewe_friends_get_server_url (friends, list) == NULL)
    return FALSE;

  list_url = g_strdup (ewe_friends_get_server_url (friends, list));
  while (g_str_has_suffix (list_url, "/"))
    list_url[strlen (list_url) - 1] = '\0';

  return g_str_equal (list_url, url);
}

static void
update_lists (EweLiveUpdates *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  if (self->watcher == NULL)
    return;

  for (guint i = 0; self->own_lists != NULL && i < g_list_model_get_n_items (self->own_lists); i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (self->own_lists, i);

      if (!ewe_list_is_local (list))
        g_ptr_array_add (ids, g_strdup (ewe_list_get_id (list)));
    }

  for (guint i = 0; self->friend_lists != NULL && i < g_list_model_get_n_items (self->friend_lists); i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (self->friend_lists, i);

      if (friend_list_is_ours (self, list))
        g_ptr_array_add (ids, g_strdup (ewe_list_get_id (list)));
    }

  g_ptr_array_add (ids, NULL);
  ewe_live_watcher_set_lists (self->watcher, (const char * const *)ids->pdata);
}

static void
friend_refreshed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ewe_friends_refresh_finish (EWE_FRIENDS (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not read a friend's list again after a change: %s", error->message);
}

static void
refresh_friend_list (EweLiveUpdates *self,
                     EweList        *list)
{
  ewe_friends_refresh_async (ewe_session_get_friends (self->session), list, self->cancellable, friend_refreshed_cb,
                             NULL);
}

static void
sync_ran_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A failure is the sync's to show (its last-error), and it tries again. */
  if (!ewe_sync_run_finish (EWE_SYNC (object), result, &error))
    g_debug ("The sync after a change notice failed: %s", error->message);
}

/* At once rather than debounced: the notice is the only change coming.
 * A run under way may have pulled before the change: another follows. */
static void
pull_now (EweSync *sync)
{
  if (ewe_sync_get_syncing (sync))
    ewe_sync_schedule (sync);
  else
    ewe_sync_run_async (sync, NULL, sync_ran_cb, NULL);
}

static gboolean
is_own_list (EweLiveUpdates *self,
             const char     *list_id)
{
  for (guint i = 0; self->own_lists != NULL && i < g_list_model_get_n_items (self->own_lists); i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (self->own_lists, i);

      if (g_strcmp0 (ewe_list_get_id (list), list_id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Whether the user's own last write to @list_id made @version or a later
 * one: the notice is its echo (or older), and the run that wrote pulls. */
static gboolean
is_own_echo (EweLiveUpdates *self,
             const char     *list_id,
             gint64          version)
{
  EweApiClient *client = ewe_session_get_api_client (self->session);

  return version > 0 && client != NULL && list_id != NULL &&
         ewe_api_client_get_written_version (client, list_id) >= version;
}

/* Judges a notice about the user's lists (@list_id "" or NULL: any). */
static void
own_notice (EweLiveUpdates *self,
            const char     *list_id,
            gint64          version)
{
  EweSync *sync = ewe_session_get_sync (self->session);
  gint64  *pending;

  if (sync == NULL)
    return;

  if (list_id != NULL && list_id[0] == '\0')
    list_id = NULL;

  if (ewe_sync_get_syncing (sync))
    {
      const char *key = list_id != NULL ? list_id : "";

      pending = g_hash_table_lookup (self->pending, key);
      if (pending == NULL)
        g_hash_table_insert (self->pending, g_strdup (key), g_memdup2 (&version, sizeof version));
      else if (*pending != 0)
        *pending = version == 0 ? 0 : MAX (*pending, version);
      return;
    }

  if (is_own_echo (self, list_id, version))
    {
      self->n_skipped++;
      g_debug ("Not reading %s again: version %" G_GINT64_FORMAT " is the user's own write's", list_id, version);
      return;
    }

  pull_now (sync);
}

/* The run that was under way when notices came has ended: those its own
 * writes did not make ask for one more pull. */
static void
syncing_changed_cb (EweLiveUpdates *self)
{
  GHashTableIter iter;
  gpointer       key, value;
  gboolean       pull = FALSE;

  if (self->sync == NULL || ewe_sync_get_syncing (self->sync) || g_hash_table_size (self->pending) == 0)
    return;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *list_id = ((const char *)key)[0] != '\0' ? key : NULL;

      if (is_own_echo (self, list_id, *(gint64 *)value))
        self->n_skipped++;
      else
        pull = TRUE;
    }
  g_hash_table_remove_all (self->pending);

  if (pull)
    pull_now (self->sync);
}

static void
list_changed_cb (EweLiveUpdates *self,
                 const char     *list_id,
                 gint64          version,
                 EweLiveWatcher *watcher)
{
  EweFriends *friends = ewe_session_get_friends (self->session);
  EweList    *friend_list = friends != NULL ? ewe_friends_lookup_list (friends, list_id) : NULL;

  if (friend_list != NULL && friend_list_is_ours (self, friend_list))
    refresh_friend_list (self, friend_list);

  if (is_own_list (self, list_id))
    own_notice (self, list_id, version);
}

/* A list joined the user's lists: pulled, unless the user's store has it
 * already (the device that created it). */
static void
lists_changed_cb (EweLiveUpdates *self,
                  const char     *list_id,
                  gint64          version,
                  EweLiveWatcher *watcher)
{
  if (list_id != NULL && is_own_list (self, list_id))
    return;

  own_notice (self, list_id, version);
}

static void
resync_cb (EweLiveUpdates *self,
           EweLiveWatcher *watcher)
{
  EweSync *sync = ewe_session_get_sync (self->session);

  if (sync != NULL)
    pull_now (sync);

  for (guint i = 0; self->friend_lists != NULL && i < g_list_model_get_n_items (self->friend_lists); i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (self->friend_lists, i);

      if (friend_list_is_ours (self, list))
        refresh_friend_list (self, list);
    }
}

static void
update_account (EweLiveUpdates *self)
{
  if (self->watcher != NULL)
    ewe_live_watcher_set_account (self->watcher, self->account != NULL &&
                                                     ewe_account_get_signed_in (self->account)
                                                   ? self->account
                                                   : NULL);
}

static void
watch_account (EweLiveUpdates *self,
               EweAccount     *account)
{
  if (self->account == account)
    return;

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_func (self->account, update_account, self);
  g_set_object (&self->account, account);
  if (account != NULL)
    g_signal_connect_object (account, "notify::signed-in", G_CALLBACK (update_account), self, G_CONNECT_SWAPPED);
}

static void
watch_model (EweLiveUpdates *self,
             GListModel    **field,
             GListModel     *model)
{
  if (*field == model)
    return;

  if (*field != NULL)
    g_signal_handlers_disconnect_by_func (*field, update_lists, self);
  g_set_object (field, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (update_lists), self, G_CONNECT_SWAPPED);
}

/* A list the server just created has its server id once the sync run
 * that pushed it ends (the id changes in place, with no items-changed). */
static void
watch_sync (EweLiveUpdates *self,
            EweSync        *sync)
{
  if (self->sync == sync)
    return;

  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->sync, update_lists, self);
      g_signal_handlers_disconnect_by_func (self->sync, syncing_changed_cb, self);
    }
  g_hash_table_remove_all (self->pending);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    {
      g_signal_connect_object (sync, "notify::syncing", G_CALLBACK (update_lists), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (sync, "notify::syncing", G_CALLBACK (syncing_changed_cb), self, G_CONNECT_SWAPPED);
    }
}

static void
clear_watcher (EweLiveUpdates *self)
{
  if (self->watcher != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watcher, self);
      ewe_live_watcher_stop (self->watcher);
    }
  g_clear_object (&self->watcher);
}

/* Follows the session: a watcher for the configured server while started,
 * fed the lists of the session's current store and friends. */
static void
rebuild (EweLiveUpdates *self)
{
  EweStore        *store = ewe_session_get_store (self->session);
  EweFriends      *friends = ewe_session_get_friends (self->session);
  g_autofree char *url = server_url (self);

  if (!self->running || url == NULL || !ewe_session_get_configured (self->session))
    {
      clear_watcher (self);
      watch_model (self, &self->own_lists, NULL);
      watch_model (self, &self->friend_lists, NULL);
      watch_sync (self, NULL);
      watch_account (self, NULL);
      return;
    }

  if (self->watcher != NULL && g_strcmp0 (ewe_live_watcher_get_server_url (self->watcher), url) != 0)
    clear_watcher (self);

  if (self->watcher == NULL)
    {
      self->watcher = ewe_live_watcher_new (url);
      g_signal_connect_object (self->watcher, "list-changed", G_CALLBACK (list_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->watcher, "lists-changed", G_CALLBACK (lists_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->watcher, "resync", G_CALLBACK (resync_cb), self, G_CONNECT_SWAPPED);
    }

  watch_model (self, &self->own_lists, store != NULL ? ewe_store_get_lists (store) : NULL);
  watch_model (self, &self->friend_lists, friends != NULL ? ewe_friends_get_lists (friends) : NULL);
  watch_sync (self, ewe_session_get_sync (self->session));
  watch_account (self, ewe_session_get_account (self->session));
  update_account (self);
  update_lists (self);
  ewe_live_watcher_start (self->watcher);
}

static void
ewe_live_updates_dispose (GObject *object)
{
  EweLiveUpdates *self = (EweLiveUpdates *)object;

  g_cancellable_cancel (self->cancellable);
  clear_watcher (self);
  watch_model (self, &self->own_lists, NULL);
  watch_model (self, &self->friend_lists, NULL);
  watch_sync (self, NULL);
  watch_account (self, NULL);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (ewe_live_updates_parent_class)->dispose (object);
}

static void
ewe_live_updates_class_init (EweLiveUpdatesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ewe_live_updates_dispose;
}

static void
ewe_live_updates_init (EweLiveUpdates *self)
{
  self->cancellable = g_cancellable_new ();
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

EweLiveUpdates *
ewe_live_updates_new (EweSession *session)
{
  EweLiveUpdates *self;

  g_return_val_if_fail (EWE_IS_SESSION (session), NULL);

  self = g_object_new (EWE_TYPE_LIVE_UPDATES, NULL);
  self->session = g_object_ref (session);

  /* The store, the friends and the server change together when the user
   * picks another server or account. */
  g_signal_connect_object (session, "notify::configured", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::store", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::sync", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::api-client", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::account", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);

  return self;
}

void
ewe_live_updates_start (EweLiveUpdates *self)
{
  g_return_if_fail (EWE_IS_LIVE_UPDATES (self));

  self->running = TRUE;
  rebuild (self);
}

void
ewe_live_updates_stop (EweLiveUpdates *self)
{
  g_return_if_fail (EWE_IS_LIVE_UPDATES (self));

  self->running = FALSE;
  rebuild (self);
}

EweLiveWatcher *
ewe_live_updates_get_watcher (EweLiveUpdates *self)
{
  g_return_val_if_fail (EWE_IS_LIVE_UPDATES (self), NULL);

  return self->watcher;
}

/* How many notices were let go as the user's own writes' echoes. */
guint
ewe_live_updates_get_n_skipped (EweLiveUpdates *self)
{
  g_return_val_if_fail (EWE_IS_LIVE_UPDATES (self), 0);

  return self->n_skipped;
}
