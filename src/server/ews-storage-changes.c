/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage"

#include "config.h"

#include "ews-storage-changes-private.h"

/* Change notices (live updates): every change to a list counts one more in
 * its version and tells the watchers, in the change's own transaction;
 * EwsStorage's wrappers (ews-storage.c) bracket each change with
 * ews_storage_change_begin() and ews_storage_change_end(). */

enum
{
  LIST_CHANGED,
  LIST_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
ews_storage_changes_init_signals (EwsStorageInterface *iface)
{
  /* A list's gifts, reservations or details changed, here or (when the
   * backend is shared) on another server; NULL: any list may have. Says
   * nothing more, so that whoever hears it learns nothing they could not
   * read from the list itself. */
  signals[LIST_CHANGED] = g_signal_new ("list-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
  /* A list joined or left a user's lists (they created it, became or
   * stopped being its co-owner, or its creator deleted it): (user id,
   * list id, version), or NULLs for "any user's lists
   * may have changed". */
  signals[LIST_ADDED] = g_signal_new ("list-added", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0, NULL,
                                      NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64);
}

void
ews_storage_emit_list_changed (EwsStorage *self,
                               const char *list_id,
                               gint64      version)
{
  g_return_if_fail (EWS_IS_STORAGE (self));

  g_signal_emit (self, signals[LIST_CHANGED], 0, list_id, version);
}

void
ews_storage_emit_list_added (EwsStorage *self,
                             const char *user_id,
                             const char *list_id,
                             gint64      version)
{
  g_return_if_fail (EWS_IS_STORAGE (self));

  g_signal_emit (self, signals[LIST_ADDED], 0, user_id, list_id, version);
}

void
ews_storage_watch_changes (EwsStorage *self)
{
  g_return_if_fail (EWS_IS_STORAGE (self));

  if (EWS_STORAGE_GET_IFACE (self)->watch_changes != NULL)
    EWS_STORAGE_GET_IFACE (self)->watch_changes (self);
}

static GQuark
changes_quark (void)
{
  return g_quark_from_static_string ("ews-storage-changes");
}

static void
record_change (EwsStorage *self,
               const char *list_id,
               gint64      version)
{
  GPtrArray *changes = g_object_get_qdata (G_OBJECT (self), changes_quark ());

  if (changes == NULL)
    {
      changes = g_ptr_array_new_with_free_func (g_free);
      g_object_set_qdata_full (G_OBJECT (self), changes_quark (), changes, (GDestroyNotify)g_ptr_array_unref);
    }
  g_ptr_array_add (changes, g_strdup_printf ("%s %" G_GINT64_FORMAT, list_id, version));
}

GStrv
ews_storage_take_changes (EwsStorage *self)
{
  GPtrArray *changes;

  g_return_val_if_fail (EWS_IS_STORAGE (self), NULL);

  changes = g_object_steal_qdata (G_OBJECT (self), changes_quark ());
  if (changes == NULL)
    return NULL;

  g_ptr_array_add (changes, NULL);
  return (GStrv)g_ptr_array_free (changes, FALSE);
}

/* Inside the change's transaction: counts the change in the list's
 * version and tells the watchers. A backend shared by several servers
 * sends the notice inside the transaction, so other servers hear of it
 * when, and only if, it commits. A backend of one server tells its own
 * watchers at once: they hear of it on the main loop, after the commit,
 * and should the transaction roll back they only read the list again for
 * nothing. */
static gboolean
announce (EwsStorage *self,
          const char *list_id,
          const char *user_id,
          GError    **error)
{
  EwsStorageInterface *iface = EWS_STORAGE_GET_IFACE (self);
  gint64               version = 0;

  if (!iface->list_bump_version (self, list_id, &version, error))
    return FALSE;

  if (iface->announce_change != NULL && !iface->announce_change (self, list_id, version, user_id, error))
    return FALSE;

  record_change (self, list_id, version);
  if (iface->announce_change == NULL)
    {
      ews_storage_emit_list_changed (self, list_id, version);
      if (user_id != NULL)
        ews_storage_emit_list_added (self, user_id, list_id, version);
    }

  return TRUE;
}

gboolean
ews_storage_announce_list_added (EwsStorage *self,
                                 const char *user_id,
                                 const char *list_id,
                                 GError    **error)
{
  g_return_val_if_fail (EWS_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (user_id != NULL && list_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return announce (self, list_id, user_id, error);
}

/* A change, its version and its notice commit together. */
gboolean
ews_storage_change_begin (EwsStorage *self,
                          GError    **error)
{
  return ews_storage_begin (self, error);
}

gboolean
ews_storage_change_end_for_user (EwsStorage *self,
                                 gboolean    ok,
                                 const char *list_id,
                                 const char *user_id,
                                 GError    **error)
{
  if (ok && list_id != NULL)
    ok = announce (self, list_id, user_id, error);
  if (!ok)
    {
      ews_storage_rollback (self);
      return FALSE;
    }

  return ews_storage_commit (self, error);
}

gboolean
ews_storage_change_end (EwsStorage *self,
                        gboolean    ok,
                        const char *list_id,
                        GError    **error)
{
  return ews_storage_change_end_for_user (self, ok, list_id, NULL, error);
}
