/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include "ews-storage-pg-private.h"

/* The lists' versions this server has read, kept while it hears every
 * change to them, so that a kept answer (ews-reply-cache.h) costs no round
 * trip to PostgreSQL for its version.
 *
 * Every change to a list's version sends a notice: the version triggers
 * (migration 16) NOTIFY on EWS_PG_VERSION_CHANNEL, and a bump by
 * ews_pg_list_bump_version() is followed by the change notice in the same
 * transaction. PostgreSQL delivers a notice once its transaction has
 * committed, to the listener (ews-storage-pg-listen.c), which forgets that
 * list's version here. So a kept version is at most as old as the delivery
 * of the newest notice: a write on another server is seen as soon as its
 * notice arrives, a few milliseconds after its commit.
 *
 * A version is kept only if the listener was listening before the read
 * began and nothing was forgotten meanwhile (the epoch did not move): a
 * notice that arrived while the read was on its way may be for a commit
 * the read did not see. While the listener is not listening, nothing is
 * kept, and every read is a round trip, as before: notices sent then are
 * lost. This server's own writes forget every version at their commit
 * (ews_pg_release()), before their answer goes out, so a client reads its
 * own writes at once. A version is trusted for a second at most, which
 * bounds what a connection that died without the listener knowing could
 * leave stale. */

/* Beyond that many lists, start afresh: a version is a round trip away. */
#define MAX_KEPT 10000
#define TRUST_USEC G_USEC_PER_SEC

typedef struct
{
  gint64 version;
  gint64 read_at; /* monotonic, µs */
} KeptVersion;

struct _EwsPgVersions
{
  GMutex      lock;
  GHashTable *kept; /* list id → KeptVersion */
  guint64     epoch;
  gboolean    listening;
};

EwsPgVersions *
ews_pg_versions_new (void)
{
  EwsPgVersions *self = g_new0 (EwsPgVersions, 1);

  g_mutex_init (&self->lock);
  self->kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
ews_pg_versions_free (EwsPgVersions *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->kept);
  g_mutex_clear (&self->lock);
  g_free (self);
}

gboolean
ews_pg_versions_lookup (EwsPgVersions *self,
                        const char    *list_id,
                        gint64        *version,
                        guint64       *epoch)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  KeptVersion *kept = self->listening ? g_hash_table_lookup (self->kept, list_id) : NULL;

  if (kept != NULL && g_get_monotonic_time () - kept->read_at < TRUST_USEC)
    {
      *version = kept->version;
      return TRUE;
    }

  *epoch = self->epoch;
  return FALSE;
}

void
ews_pg_versions_keep (EwsPgVersions *self,
                      guint64        epoch,
                      const char    *list_id,
                      gint64         version,
                      gint64         read_at)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  KeptVersion *kept;

  if (!self->listening || epoch != self->epoch)
    return;

  if (g_hash_table_size (self->kept) >= MAX_KEPT)
    g_hash_table_remove_all (self->kept);

  kept = g_new (KeptVersion, 1);
  kept->version = version;
  kept->read_at = read_at;
  g_hash_table_replace (self->kept, g_strdup (list_id), kept);
}

void
ews_pg_versions_forget (EwsPgVersions *self,
                        const char    *list_id)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  /* Reads on their way may have read before the change: none is kept. */
  self->epoch++;
  if (list_id != NULL)
    g_hash_table_remove (self->kept, list_id);
  else
    g_hash_table_remove_all (self->kept);
}

void
ews_pg_versions_set_listening (EwsPgVersions *self,
                               gboolean       listening)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  self->epoch++;
  self->listening = listening;
  g_hash_table_remove_all (self->kept);
}

gboolean
ews_pg_versions_is_listening (EwsPgVersions *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return self->listening;
}
