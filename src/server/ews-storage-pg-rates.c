/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include "ews-storage-pg-private.h"

/* The rate limits' token buckets, as ews-storage-sqlite-rates.c keeps them:
 * taking a token is one UPSERT whose WHERE refuses it when there is less
 * than one. PostgreSQL locks the conflicting row for the UPDATE, so servers
 * taking at once queue on it and cannot both take the last token. */

/* No period is longer than a day, so a bucket untouched for a day is full
 * again, the same as no row. */
#define FORGET_AFTER_MS (24 * 60 * 60 * 1000)

gboolean
ews_pg_forget_full_rate_buckets (EwsStorage *storage,
                                 gint64      now_ms,
                                 GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  char        before[32];
  const char *params[] = { before };

  g_snprintf (before, sizeof before, "%" G_GINT64_FORMAT, now_ms - FORGET_AFTER_MS);
  result = ews_pg_run (storage, "DELETE FROM rate_buckets WHERE updated_at < $1", 1, params, error);

  return result != NULL;
}

static gboolean
pg_rate_take (EwsStorage *storage,
              const char *key,
              guint       capacity,
              guint       period_seconds,
              gint64      now_ms,
              gint64     *retry_after_ms,
              GError    **error)
{
  g_autoptr(PGresult) taken = NULL;
  g_autoptr(PGresult) bucket = NULL;
  double      per_ms = (double)capacity / ((double)period_seconds * 1000.0);
  char        capacity_text[32];
  char        now_text[32];
  char        per_ms_text[G_ASCII_DTOSTR_BUF_SIZE];
  const char *params[] = { key, capacity_text, now_text, per_ms_text };
  double      tokens;
  gint64      updated_at;

  *retry_after_ms = 0;

  /* Now and then, rather than a timer on every server. */
  if (g_random_int_range (0, 256) == 0 && !ews_pg_forget_full_rate_buckets (storage, now_ms, error))
    return FALSE;

  g_snprintf (capacity_text, sizeof capacity_text, "%u", capacity);
  g_snprintf (now_text, sizeof now_text, "%" G_GINT64_FORMAT, now_ms);
  g_ascii_dtostr (per_ms_text, sizeof per_ms_text, per_ms);

  taken = ews_pg_run (storage,
                      "INSERT INTO rate_buckets AS b (key, tokens, updated_at) "
                      "VALUES ($1, $2::double precision - 1, $3::bigint) "
                      "ON CONFLICT (key) DO UPDATE SET "
                      "  tokens = LEAST ($2::double precision, "
                      "                  b.tokens + GREATEST (0, $3::bigint - b.updated_at) * $4::double precision) - 1, "
                      "  updated_at = GREATEST (b.updated_at, $3::bigint) "
                      "WHERE LEAST ($2::double precision, "
                      "             b.tokens + GREATEST (0, $3::bigint - b.updated_at) * $4::double precision) >= 1 "
                      "RETURNING b.tokens",
                      G_N_ELEMENTS (params), params, error);
  if (taken == NULL)
    return FALSE;
  if (PQntuples (taken) > 0)
    return TRUE;

  /* Refused: how long until the bucket holds a whole token. */
  bucket = ews_pg_run (storage, "SELECT tokens, updated_at FROM rate_buckets WHERE key = $1", 1, params, error);
  if (bucket == NULL)
    return FALSE;

  tokens = PQntuples (bucket) > 0 ? g_ascii_strtod (PQgetvalue (bucket, 0, 0), NULL) : 0.0;
  updated_at = PQntuples (bucket) > 0 ? ews_pg_int64 (bucket, 0, 1) : now_ms;
  tokens = MIN ((double)capacity, tokens + (double)MAX (0, now_ms - updated_at) * per_ms);
  *retry_after_ms = (gint64)((1.0 - tokens) / per_ms) + 1;

  return TRUE;
}

static gboolean
pg_rate_reset (EwsStorage *storage,
               const char *key,
               GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { key };

  result = ews_pg_run (storage, "DELETE FROM rate_buckets WHERE key = $1", 1, params, error);
  return result != NULL;
}

void
ews_storage_pg_rates_init_iface (EwsStorageInterface *iface)
{
  iface->rate_take = pg_rate_take;
  iface->rate_reset = pg_rate_reset;
}
