/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-sync"

#include "config.h"

#include "ewe-sync-private.h"

/* Which outbox entries a push may have on their way together: what waits
 * for what, and why. ewe-sync-push.c asks, looking along the outbox. */

void
ewe_sync_touched_clear (EweSyncTouched *touched)
{
  g_hash_table_remove_all (touched->lists);
  g_hash_table_remove_all (touched->products);
  touched->create_list = FALSE;
  touched->everything = FALSE;
}

static EweSyncTouches
touches_of (EweSyncTouched *touched,
            const char     *list_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (touched->lists, list_id));
}

void
ewe_sync_touched_add (EweSyncTouched *touched,
                      const char     *list_id,
                      EweSyncTouches  touches)
{
  g_hash_table_insert (touched->lists, (gpointer)list_id,
                       GUINT_TO_POINTER (touches_of (touched, list_id) | touches));
}

/* Which entries may be on their way together. Order matters between edits
 * of one object, between a list and what is in it, between a created
 * product and the gift that names it, and between the gifts added to one
 * list (the server keeps them in the order they arrive) and the lists
 * created (likewise): an entry waits while an earlier one it depends on
 * is not yet answered. @touched holds what earlier entries still pending
 * touch; returns whether @entry must wait, and adds what it touches. */
static gboolean
check (EweSyncTouched *touched,
       EweOutboxEntry *entry,
       gboolean        record);

gboolean
ewe_sync_touched_must_wait (EweSyncTouched *touched,
                            EweOutboxEntry *entry)
{
  return check (touched, entry, TRUE);
}

/* Whether @entry would wait, without counting what it touches. */
gboolean
ewe_sync_touched_would_wait (EweSyncTouched *touched,
                             EweOutboxEntry *entry)
{
  return check (touched, entry, FALSE);
}

static gboolean
check (EweSyncTouched *touched,
       EweOutboxEntry *entry,
       gboolean        record)
{
  EweOutboxKind  kind = ewe_outbox_entry_get_kind (entry);
  const char    *list_id = ewe_outbox_entry_get_list_id (entry);
  const char    *product_id = ewe_outbox_entry_get_product_id (entry);
  EweSyncTouches on_list = list_id != NULL ? touches_of (touched, list_id) : 0;
  gboolean       wait = touched->everything;

  switch (kind)
    {
    case EWE_OUTBOX_KIND_CREATE_LIST:
    case EWE_OUTBOX_KIND_UPDATE_LIST:
    case EWE_OUTBOX_KIND_CLOSE_LIST:
    case EWE_OUTBOX_KIND_DELETE_LIST:
    /* Thank-yous name no gift; in order with the list's other edits, so
     * that thanking and taking it back arrive as made. */
    case EWE_OUTBOX_KIND_SET_THANKED:
    case EWE_OUTBOX_KIND_ARCHIVE_LIST:
    case EWE_OUTBOX_KIND_UNARCHIVE_LIST:
    case EWE_OUTBOX_KIND_SET_REVEAL_DATE:
      if (kind == EWE_OUTBOX_KIND_CREATE_LIST)
        {
          wait |= touched->create_list;
          touched->create_list |= record;
        }
      if (list_id != NULL)
        {
          wait |= (on_list & (EWE_SYNC_TOUCHES_LIST | EWE_SYNC_TOUCHES_IN_LIST)) != 0;
          if (record)
            ewe_sync_touched_add (touched, list_id, EWE_SYNC_TOUCHES_LIST);
        }
      return wait;

    case EWE_OUTBOX_KIND_CREATE_PRODUCT:
    case EWE_OUTBOX_KIND_ADD_GIFT:
    case EWE_OUTBOX_KIND_UPDATE_GIFT:
    case EWE_OUTBOX_KIND_REMOVE_GIFT:
    case EWE_OUTBOX_KIND_SET_RECEIVED:
      /* A product (POST /notfound) does not name its list. */
      if (list_id != NULL)
        {
          wait |= kind != EWE_OUTBOX_KIND_CREATE_PRODUCT && (on_list & EWE_SYNC_TOUCHES_LIST) != 0;
          if (kind == EWE_OUTBOX_KIND_ADD_GIFT)
            wait |= (on_list & EWE_SYNC_TOUCHES_ADDED_TO) != 0;
          if (record)
            ewe_sync_touched_add (touched, list_id, EWE_SYNC_TOUCHES_IN_LIST | (kind == EWE_OUTBOX_KIND_ADD_GIFT ? EWE_SYNC_TOUCHES_ADDED_TO : 0));
        }
      if (product_id != NULL)
        {
          wait |= g_hash_table_contains (touched->products, product_id);
          if (record)
            g_hash_table_add (touched->products, (gpointer)product_id);
        }
      return wait;

    default:
      /* Made by a newer version: kept in its place, whatever it touches. */
      wait |= touched->create_list || g_hash_table_size (touched->lists) > 0 ||
              g_hash_table_size (touched->products) > 0;
      touched->everything |= record;
      return wait;
    }
}

/* Is an earlier entry still pending on @list_id, even only its commit? */
gboolean
ewe_sync_touched_has_list (EweSyncTouched *touched,
                           const char     *list_id)
{
  return touched->everything || touches_of (touched, list_id) != 0;
}
