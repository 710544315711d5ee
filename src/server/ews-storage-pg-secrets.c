/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include <string.h>

#include "ews-jwt.h"
#include "ews-storage-pg-private.h"

/* The server's own secrets (the guest pages' form secret), which with
 * SQLite are files in the data directory: here rows of server_secrets
 * (migration 4), so that every server on the database signs and checks with
 * the same one, and a form served by one is accepted by another. */

/* As many random bytes as the data directory's secret file gets. */
#define SECRET_CREATE_LENGTH 32

gboolean
ews_storage_pg_load_or_create_secret (EwsStoragePg *self,
                                      const char   *name,
                                      GBytes      **secret,
                                      GError      **error)
{
  EwsStorage *storage = EWS_STORAGE (self);
  g_autoptr(PGresult) created = NULL;
  g_autoptr(PGresult) stored = NULL;
  g_autofree char   *candidate = NULL;
  g_autofree guint8 *bytes = NULL;
  guint8             random[SECRET_CREATE_LENGTH];
  gsize              length = 0;

  g_return_val_if_fail (EWS_IS_STORAGE_PG (self), FALSE);
  g_return_val_if_fail (secret != NULL && *secret == NULL, FALSE);

  if (!ews_random_bytes (random, sizeof random, error))
    return FALSE;
  candidate = g_base64_encode (random, sizeof random);
  memset (random, 0, sizeof random);

  /* Servers starting together on a new database each offer a secret; the
   * primary key's lock makes all but the first wait for it to commit and
   * then insert nothing, so the one that was stored first is everyone's. */
  created = ews_pg_run_args (storage,
                             "INSERT INTO server_secrets (name, secret, created_at) VALUES ($1, $2, $3) "
                             "ON CONFLICT (name) DO NOTHING",
                             error, 't', name, 't', candidate, 'i', g_get_real_time () / G_USEC_PER_SEC, 0);
  memset (candidate, 0, strlen (candidate));
  if (created == NULL)
    return FALSE;

  stored = ews_pg_run_args (storage, "SELECT secret FROM server_secrets WHERE name = $1", error, 't', name, 0);
  if (stored == NULL)
    return FALSE;

  if (PQntuples (stored) == 1)
    bytes = g_base64_decode (PQgetvalue (stored, 0, 0), &length);
  if (length < EWS_JWT_SECRET_MIN_LENGTH)
    {
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED,
                   "The database's secret “%s” is only %" G_GSIZE_FORMAT " bytes long (at least %d needed); "
                   "delete its row from server_secrets to create a new one",
                   name, length, EWS_JWT_SECRET_MIN_LENGTH);
      return FALSE;
    }

  *secret = g_bytes_new_take (g_steal_pointer (&bytes), length);
  return TRUE;
}
