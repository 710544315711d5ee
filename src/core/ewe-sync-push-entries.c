/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-sync"

#include "config.h"

#include "ewe-sync-private.h"

/* The outbox entries a push holds (see ewe-sync-push.c): which name which
 * local ids, the server's ids put into them as it answers, and the outbox
 * read again while some are on their way. */

static void
index_local_id (Run        *run,
                const char *local_id,
                guint       index)
{
  GArray *indexes = g_hash_table_lookup (run->by_local_id, local_id);

  if (indexes == NULL)
    {
      indexes = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (run->by_local_id, g_strdup (local_id), indexes);
    }
  g_array_append_val (indexes, index);
}

/* After the outbox was read: which entries name which local ids. */
void
ewe_sync_run_index_local_ids (Run *run)
{
  g_hash_table_remove_all (run->by_local_id);

  for (guint i = run->first; i < run->entries->len; i++)
    {
      EweOutboxEntry *entry = g_ptr_array_index (run->entries, i);
      const char     *list_id = ewe_outbox_entry_get_list_id (entry);
      const char     *product_id = ewe_outbox_entry_get_product_id (entry);

      if (run->states[i] == SLOT_DONE)
        continue;
      if (list_id != NULL && ewe_id_is_local (list_id))
        index_local_id (run, list_id, i);
      if (product_id != NULL && ewe_id_is_local (product_id))
        index_local_id (run, product_id, i);
    }
}

/* The server answered @server_id for @local_id. The entries carry the
 * server's ids as soon as it answers them, before the store has them: an
 * entry sent with one is answered after the create, so it is committed in
 * the same transaction or a later one; if the client dies first, both are
 * sent again, the create is answered the same id, and the store has put it
 * in the other entry by then. Entries in flight or answered change too, so
 * that what they touch is spelt one way (see ewe_sync_touched_must_wait()); their commit
 * reads the store's row. */
void
ewe_sync_run_put_server_id (Run        *run,
                            const char *local_id,
                            const char *server_id)
{
  g_autofree char *local = g_strdup (local_id);
  GArray          *indexes = g_hash_table_lookup (run->by_local_id, local);

  g_hash_table_insert (run->server_ids, g_strdup (local), g_strdup (server_id));

  for (guint i = 0; indexes != NULL && i < indexes->len; i++)
    {
      guint           index = g_array_index (indexes, guint, i);
      EweOutboxEntry *entry = g_ptr_array_index (run->entries, index);

      if (run->states[index] == SLOT_DONE)
        continue;
      if (g_strcmp0 (ewe_outbox_entry_get_list_id (entry), local) == 0)
        ewe_outbox_entry_set_list_id (entry, server_id);
      if (g_strcmp0 (ewe_outbox_entry_get_product_id (entry), local) == 0)
        ewe_outbox_entry_set_product_id (entry, server_id);
    }

  g_hash_table_remove (run->by_local_id, local);
}

/* After the outbox was read again: every id answered so far. */
static void
put_server_ids (Run *run)
{
  for (guint i = run->first; i < run->entries->len; i++)
    {
      EweOutboxEntry *entry = g_ptr_array_index (run->entries, i);
      const char     *list_id = ewe_outbox_entry_get_list_id (entry);
      const char     *product_id = ewe_outbox_entry_get_product_id (entry);
      const char     *server_id;

      if (run->states[i] == SLOT_DONE)
        continue;

      if (list_id != NULL && ewe_id_is_local (list_id) &&
          (server_id = g_hash_table_lookup (run->server_ids, list_id)) != NULL)
        ewe_outbox_entry_set_list_id (entry, server_id);
      if (product_id != NULL && ewe_id_is_local (product_id) &&
          (server_id = g_hash_table_lookup (run->server_ids, product_id)) != NULL)
        ewe_outbox_entry_set_product_id (entry, server_id);
    }
}

guint
ewe_sync_run_count_waiting (Run *run)
{
  guint waiting = 0;

  for (guint i = run->first; i < run->entries->len; i++)
    if (run->states[i] != SLOT_DONE)
      waiting++;

  return waiting;
}

/* The outbox was read again while other entries are on their way, after a
 * merge that may have rewritten edits still waiting: those are taken as
 * the store now has them, and edits made meanwhile join at the end. What
 * is on its way or answered stays as it was sent. */
void
ewe_sync_run_reconcile_entries (Run       *run,
                                GPtrArray *fresh)
{
  g_autoptr(GHashTable) index_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint                old_len = run->entries->len;
  g_autofree gboolean *present = g_new0 (gboolean, old_len);

  for (guint i = 0; i < old_len; i++)
    {
      gint64 *id = g_new (gint64, 1);

      *id = ewe_outbox_entry_get_id (g_ptr_array_index (run->entries, i));
      g_hash_table_insert (index_of, id, GUINT_TO_POINTER (i + 1));
    }

  for (guint j = 0; j < fresh->len; j++)
    {
      EweOutboxEntry *entry = g_ptr_array_index (fresh, j);
      gint64          id = ewe_outbox_entry_get_id (entry);
      guint           i = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, &id));

      if (i == 0)
        {
          g_ptr_array_add (run->entries, g_object_ref (entry));
          run->states = g_renew (guint8, run->states, run->entries->len);
          run->states[run->entries->len - 1] = SLOT_WAITING;
          continue;
        }

      present[--i] = TRUE;
      if (run->states[i] == SLOT_WAITING)
        {
          g_object_unref (g_ptr_array_index (run->entries, i));
          g_ptr_array_index (run->entries, i) = g_object_ref (entry);
        }
    }

  /* Gone from the store without being sent: nothing left to send. */
  for (guint i = 0; i < old_len; i++)
    if (!present[i] && run->states[i] == SLOT_WAITING)
      run->states[i] = SLOT_DONE;

  /* The store has not committed every id answered yet. */
  put_server_ids (run);
  ewe_sync_run_index_local_ids (run);
}

/* Path arguments in the order the endpoint's path names them. */
const char **
ewe_sync_push_path_args (EweOutboxEntry *entry)
{
  EweOutboxKind kind = ewe_outbox_entry_get_kind (entry);
  const char  **args = g_new0 (const char *, 3);

  switch (kind)
    {
    case EWE_OUTBOX_KIND_CREATE_LIST:
    case EWE_OUTBOX_KIND_CREATE_PRODUCT:
      break;

    case EWE_OUTBOX_KIND_UPDATE_LIST:
    case EWE_OUTBOX_KIND_CLOSE_LIST:
    case EWE_OUTBOX_KIND_DELETE_LIST:
    case EWE_OUTBOX_KIND_SET_THANKED:
    case EWE_OUTBOX_KIND_ARCHIVE_LIST:
    case EWE_OUTBOX_KIND_UNARCHIVE_LIST:
    case EWE_OUTBOX_KIND_SET_REVEAL_DATE:
      args[0] = ewe_outbox_entry_get_list_id (entry);
      break;

    case EWE_OUTBOX_KIND_ADD_GIFT:
    case EWE_OUTBOX_KIND_UPDATE_GIFT:
    case EWE_OUTBOX_KIND_REMOVE_GIFT:
    case EWE_OUTBOX_KIND_SET_RECEIVED:
    default:
      args[0] = ewe_outbox_entry_get_list_id (entry);
      args[1] = ewe_outbox_entry_get_product_id (entry);
      break;
    }

  return args;
}
