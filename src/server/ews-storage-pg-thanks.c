/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include <stdlib.h>

#include "ews-storage-pg-private.h"
#include "ews-storage-rules.h"

/* After the event, as ews-storage-sqlite-thanks.c: the owner's marks on
 * gifts received and on givers thanked. */

static gboolean
pg_gift_set_received (EwsStorage *storage,
                      const char *list_id,
                      const char *product_id,
                      gboolean    received,
                      GError    **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run_args (storage, "UPDATE gifts SET received = $1 WHERE list_id = $2 AND product_id = $3",
                            error, 'b', received, 't', list_id, 't', product_id, 0);

  return result != NULL && ews_pg_must_change (result, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_GIFT, error);
}

static gboolean
pg_giver_set_thanked (EwsStorage *storage,
                      const char *list_id,
                      const char *email,
                      gboolean    thanked,
                      guint      *n_changed,
                      GError    **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run_args (storage, "UPDATE reservations SET thanked = $1 WHERE list_id = $2 "
                                     "AND lower (email) = lower ($3) AND state != 'cancelled'",
                            error, 'b', thanked, 't', list_id, 't', email, 0);
  if (result == NULL ||
      !ews_pg_must_change (result, EWS_STORAGE_ERROR_NOT_FOUND, EWS_STORAGE_NO_SUCH_GIVER, error))
    return FALSE;

  if (n_changed != NULL)
    *n_changed = (guint)strtoul (PQcmdTuples (result), NULL, 10);
  return TRUE;
}

void
ews_storage_pg_thanks_init_iface (EwsStorageInterface *iface)
{
  iface->gift_set_received = pg_gift_set_received;
  iface->giver_set_thanked = pg_giver_set_thanked;
}
