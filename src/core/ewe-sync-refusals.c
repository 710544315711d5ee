/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-sync"

#include "config.h"

#include "ewe-sync-private.h"

/* Changes the server refused because their list is not the user's (404):
 * a gift removed elsewhere, or the whole list gone from the user's lists —
 * deleted by its creator, or the user removed as its co-owner. The push
 * alone cannot tell which; the pull's GET /lists can. So such a refusal
 * waits for it: for a list the server still gives the user, each change
 * is told as refused, as before; for a list it no longer gives, the user
 * is told once that the list went and their changes to it with it
 * (EweSync::list-lost), rather than once per change in words that blame
 * the change. Should the run end before the pull knows, each is told as
 * refused: the changes have left the outbox and must not go unsaid. */

typedef struct
{
  EweOutboxEntry *entry;
  char           *message;
} Refusal;

static void
refusal_free (gpointer data)
{
  Refusal *refusal = data;

  g_object_unref (refusal->entry);
  g_free (refusal->message);
  g_free (refusal);
}

/* Whether a refusal of @entry with @error may mean its list was lost, and
 * is kept to be judged by the pull rather than told now. */
gboolean
ewe_sync_run_defer_refusal (Run            *run,
                            EweOutboxEntry *entry,
                            const GError   *error)
{
  const char *list_id = ewe_outbox_entry_get_list_id (entry);
  Refusal    *refusal;

  if (!g_error_matches (error, EWE_API_ERROR, EWE_API_ERROR_NOT_FOUND) || list_id == NULL ||
      ewe_id_is_local (list_id))
    return FALSE;

  if (run->refusals == NULL)
    run->refusals = g_ptr_array_new_with_free_func (refusal_free);

  refusal = g_new0 (Refusal, 1);
  refusal->entry = g_object_ref (entry);
  refusal->message = g_strdup (error->message);
  g_ptr_array_add (run->refusals, refusal);

  return TRUE;
}

/* Tells the refusals kept so far: @server_ids are the lists the server
 * gives the user now (NULL-terminated), or NULL if the run does not know. */
void
ewe_sync_run_settle_refusals (EweSync            *self,
                              Run                *run,
                              const char * const *server_ids)
{
  g_autoptr(GPtrArray) refusals = g_steal_pointer (&run->refusals);
  g_autoptr(GHashTable) lost = NULL;
  g_autoptr(GPtrArray) order = NULL;

  /* Every run ends here; nearly all were refused nothing. */
  if (refusals == NULL)
    return;

  lost = g_hash_table_new (g_str_hash, g_str_equal);
  order = g_ptr_array_new ();
  for (guint i = 0; i < refusals->len; i++)
    {
      Refusal    *refusal = g_ptr_array_index (refusals, i);
      const char *list_id = ewe_outbox_entry_get_list_id (refusal->entry);
      gpointer    count;

      if (server_ids == NULL || g_strv_contains (server_ids, list_id) ||
          ewe_store_lookup_list (self->store, list_id) == NULL)
        {
          ewe_sync_change_refused (self, refusal->entry, refusal->message);
          continue;
        }

      count = g_hash_table_lookup (lost, list_id);
      if (count == NULL)
        g_ptr_array_add (order, (gpointer)list_id);
      g_hash_table_insert (lost, (gpointer)list_id, GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
    }

  /* In the order the changes were made; the store still has the lists,
   * for their titles and owners: the pull drops them next. */
  for (guint i = 0; i < order->len; i++)
    {
      const char *list_id = g_ptr_array_index (order, i);

      ewe_sync_list_lost (self, ewe_store_lookup_list (self->store, list_id),
                          GPOINTER_TO_UINT (g_hash_table_lookup (lost, list_id)));
    }
}
