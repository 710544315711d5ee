/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-session"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-paths.h"
#include "ewe-session-private.h"

/* Drafts made while signed out are not moved into an account behind the
 * user's back: once the account's store is open, the drafts' store is read
 * in the background, and when it holds lists the user was not asked about,
 * "drafts-found" asks; the answer is ewe_session_import_drafts_async() or
 * ewe_session_keep_drafts(). */

gboolean
ewe_session_is_drafts_path (const char *path)
{
  g_autofree char *drafts = ewe_paths_get_drafts_store_file ();

  return g_strcmp0 (path, drafts) == 0;
}

static void
stop_looking_for_drafts (EweSession *self)
{
  if (self->drafts_cancellable == NULL)
    return;

  g_cancellable_cancel (self->drafts_cancellable);
  g_clear_object (&self->drafts_cancellable);
  ewe_session_notify_looking_for_drafts (self);
}

void
ewe_session_forget_found_drafts (EweSession *self)
{
  stop_looking_for_drafts (self);
  g_clear_pointer (&self->found_drafts, g_strfreev);
  g_clear_object (&self->found_draft_lists);
}

static void
drafts_open_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EweSession) self = user_data;
  g_autoptr(EweStore) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GListStore) found = g_list_store_new (EWE_TYPE_LIST);
  g_auto(GStrv) kept = NULL;
  g_auto(GStrv) ids = NULL;
  GListModel *lists;
  gboolean    asked_before = TRUE;
  guint       n_lists;

  drafts = ewe_store_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Known now (drafts-found, if any, is emitted below, before the
   * notification goes out). */
  g_clear_object (&self->drafts_cancellable);

  if (drafts == NULL)
    {
      /* Signed out, the window says so; signed in there is nothing to do. */
      g_debug ("Could not look at the drafts: %s", error->message);
      ewe_session_notify_looking_for_drafts (self);
      return;
    }

  /* The question is about these drafts: once the user chose to keep them
   * on this device, it comes back only when there are new ones. */
  kept = g_settings_get_strv (self->settings, "kept-drafts");
  lists = ewe_store_get_lists (drafts);
  n_lists = g_list_model_get_n_items (lists);
  for (guint i = 0; i < n_lists; i++)
    {
      g_autoptr(EweList) list = g_list_model_get_item (lists, i);
      const char *id = ewe_list_get_id (list);

      g_strv_builder_add (builder, id);
      g_list_store_append (found, list);
      if (!g_strv_contains ((const char * const *)kept, id))
        asked_before = FALSE;
    }
  ids = g_strv_builder_end (builder);

  /* Closed before anything imports them: its live objects would not
   * follow. */
  g_clear_object (&drafts);

  if (n_lists > 0 && !asked_before)
    {
      g_clear_pointer (&self->found_drafts, g_strfreev);
      self->found_drafts = g_steal_pointer (&ids);
      g_set_object (&self->found_draft_lists, found);
      ewe_session_emit_drafts_found (self, n_lists);
    }

  ewe_session_notify_looking_for_drafts (self);
}

void
ewe_session_look_for_drafts (EweSession *self)
{
  g_autofree char *path = ewe_paths_get_drafts_store_file ();

  ewe_session_forget_found_drafts (self);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;

  self->drafts_cancellable = g_cancellable_new ();
  ewe_store_open_async (path, self->drafts_cancellable, drafts_open_cb, g_object_ref (self));
  ewe_session_notify_looking_for_drafts (self);
}

static void
import_drafts_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EweSession *self = g_task_get_source_object (task);
  GError     *error = NULL;

  if (!ewe_store_import_drafts_finish (EWE_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The outbox grew, which schedules a run anyway; ask for one so the
   * drafts reach the server soon even then. */
  if (self->sync != NULL && ewe_sync_get_store (self->sync) == EWE_STORE (object))
    ewe_sync_schedule (self->sync);

  g_task_return_boolean (task, TRUE);
}

/* Moves the drafts, with their waiting changes, into the signed-in
 * account's store, and syncs them. */
void
ewe_session_import_drafts_async (EweSession         *self,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *drafts_path = ewe_paths_get_drafts_store_file ();

  g_return_if_fail (EWE_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_session_import_drafts_async);

  ewe_session_forget_found_drafts (self);

  if (self->store == NULL || ewe_session_is_drafts_path (self->store_path))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("Sign in to move the drafts into your account."));
      return;
    }

  ewe_store_import_drafts_async (self->store, drafts_path, cancellable, import_drafts_cb,
                                 g_steal_pointer (&task));
}

/**
 * ewe_session_get_looking_for_drafts:
 *
 * Returns: whether the account's store is open and the drafts on this
 *   device are still being looked at (#EweSession:looking-for-drafts)
 */
gboolean
ewe_session_get_looking_for_drafts (EweSession *self)
{
  g_return_val_if_fail (EWE_IS_SESSION (self), FALSE);

  return self->drafts_cancellable != NULL;
}

/**
 * ewe_session_get_found_drafts:
 *
 * The draft lists #EweSession::drafts-found asked about, copies read
 * before their store was closed, so the window can keep them in sight
 * while the user answers.
 *
 * Returns: (transfer none) (nullable): a model of #EweList, or %NULL when
 *   no question is waiting
 */
GListModel *
ewe_session_get_found_drafts (EweSession *self)
{
  g_return_val_if_fail (EWE_IS_SESSION (self), NULL);

  return self->found_draft_lists ? G_LIST_MODEL (self->found_draft_lists) : NULL;
}

gboolean
ewe_session_import_drafts_finish (EweSession   *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Leaves the drafts found at sign-in on this device, and does not ask
 * about them again. */
void
ewe_session_keep_drafts (EweSession *self)
{
  g_return_if_fail (EWE_IS_SESSION (self));

  if (self->found_drafts == NULL)
    return;

  g_settings_set_strv (self->settings, "kept-drafts", (const char * const *)self->found_drafts);
  ewe_session_forget_found_drafts (self);
}
