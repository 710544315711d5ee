/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include "ews-storage-pg-private.h"
#include "ews-storage-rules.h"

/* The catalogue's admins granted with `admin admins add`, in the admins
 * table (migration 1). */

static gboolean
pg_admin_add (EwsStorage *storage,
              const char *email,
              GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  char        added_at[32];
  const char *params[] = { email, added_at };

  g_snprintf (added_at, sizeof added_at, "%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  result = ews_pg_run (storage, "INSERT INTO admins (email, added_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                       2, params, error);
  return result != NULL;
}

static gboolean
pg_admin_remove (EwsStorage *storage,
                 const char *email,
                 GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autofree char *not_admin = NULL;
  const char      *params[] = { email };

  result = ews_pg_run (storage, "DELETE FROM admins WHERE email = $1", 1, params, error);
  if (result == NULL)
    return FALSE;

  not_admin = ews_storage_rules_dup_not_admin_message (email);
  return ews_pg_must_change (result, EWS_STORAGE_ERROR_NOT_FOUND, not_admin, error);
}

static gboolean
pg_admin_contains (EwsStorage *storage,
                   const char *email,
                   gboolean   *is_admin,
                   GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { email };

  result = ews_pg_run (storage, "SELECT 1 FROM admins WHERE email = $1", 1, params, error);
  if (result == NULL)
    return FALSE;

  *is_admin = PQntuples (result) > 0;
  return TRUE;
}

static GPtrArray *
pg_admins_all (EwsStorage *storage,
               GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  GPtrArray *admins;

  /* COLLATE "C": sorted as strings, byte by byte, as SQLite sorts them,
   * whatever the database's locale. */
  result = ews_pg_run (storage, "SELECT email FROM admins ORDER BY email COLLATE \"C\"", 0, NULL, error);
  if (result == NULL)
    return NULL;

  admins = g_ptr_array_new_with_free_func (g_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (admins, ews_pg_dup (result, row, 0));

  return admins;
}

void
ews_storage_pg_admins_init_iface (EwsStorageInterface *iface)
{
  iface->admin_add = pg_admin_add;
  iface->admin_remove = pg_admin_remove;
  iface->admin_contains = pg_admin_contains;
  iface->admins_all = pg_admins_all;
}
