/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-reply-cache"

#include "config.h"

#include "ews-reply-cache.h"

#include "ewe-reveal.h"

/* What an entry costs beyond its bytes: the struct, its queue link, the
 * hash table's slot and the strings' allocator headers, roughly. Counted
 * so that a cap is a cap even for many small lists. */
#define ENTRY_OVERHEAD 160

typedef struct
{
  char    *list_id; /* the hash table's key too */
  gint64   version;
  char    *reveal_on;
  gboolean revealed;
  GBytes  *body;
  char    *etag;
  gsize    size;
  GList    link; /* in recent, most recently used first */
} Entry;

struct _EwsReplyCache
{
  gsize       max_bytes;
  gsize       bytes;
  GHashTable *entries; /* list id → Entry, owned */
  GQueue      recent;  /* of Entry, by their own links */
  guint64     hits;
  guint64     misses;
};

static void
entry_free (Entry *entry)
{
  g_free (entry->list_id);
  g_free (entry->reveal_on);
  g_bytes_unref (entry->body);
  g_free (entry->etag);
  g_free (entry);
}

EwsReplyCache *
ews_reply_cache_new (gsize max_bytes)
{
  EwsReplyCache *self = g_new0 (EwsReplyCache, 1);

  self->max_bytes = max_bytes;
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)entry_free);
  g_queue_init (&self->recent);

  return self;
}

void
ews_reply_cache_free (EwsReplyCache *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->entries);
  g_free (self);
}

static void
remove_entry (EwsReplyCache *self,
              Entry         *entry)
{
  g_queue_unlink (&self->recent, &entry->link);
  self->bytes -= entry->size;
  g_hash_table_remove (self->entries, entry->list_id);
}

GBytes *
ews_reply_cache_lookup (EwsReplyCache *self,
                        const char    *list_id,
                        gint64         version,
                        gint64         now_unix_seconds,
                        const char   **etag)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (list_id != NULL, NULL);
  g_return_val_if_fail (etag != NULL, NULL);

  entry = g_hash_table_lookup (self->entries, list_id);
  if (entry == NULL || entry->version != version ||
      ewe_reveal_has_come (entry->reveal_on, now_unix_seconds) != entry->revealed)
    {
      /* An older version is of no more use to anyone: the database's
       * version only ever moves on. */
      if (entry != NULL)
        remove_entry (self, entry);
      self->misses++;
      return NULL;
    }

  g_queue_unlink (&self->recent, &entry->link);
  g_queue_push_head_link (&self->recent, &entry->link);
  self->hits++;
  *etag = entry->etag;

  return g_bytes_ref (entry->body);
}

void
ews_reply_cache_store (EwsReplyCache *self,
                       const char    *list_id,
                       gint64         version,
                       const char    *reveal_on,
                       gboolean       revealed,
                       GBytes        *body,
                       const char    *etag)
{
  Entry *entry;
  gsize  size;

  g_return_if_fail (self != NULL);
  g_return_if_fail (list_id != NULL);
  g_return_if_fail (body != NULL);
  g_return_if_fail (etag != NULL);

  ews_reply_cache_forget (self, list_id);

  size = g_bytes_get_size (body) + strlen (list_id) + strlen (etag) +
         (reveal_on != NULL ? strlen (reveal_on) : 0) + ENTRY_OVERHEAD;
  /* One answer bigger than the whole cap would only push out the others
   * and then itself. */
  if (size > self->max_bytes)
    return;

  while (self->bytes + size > self->max_bytes)
    remove_entry (self, g_queue_peek_tail (&self->recent));

  entry = g_new0 (Entry, 1);
  entry->list_id = g_strdup (list_id);
  entry->version = version;
  entry->reveal_on = g_strdup (reveal_on);
  entry->revealed = revealed;
  entry->body = g_bytes_ref (body);
  entry->etag = g_strdup (etag);
  entry->size = size;
  entry->link.data = entry;

  g_hash_table_insert (self->entries, entry->list_id, entry);
  g_queue_push_head_link (&self->recent, &entry->link);
  self->bytes += size;
}

void
ews_reply_cache_forget (EwsReplyCache *self,
                        const char    *list_id)
{
  Entry *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (list_id != NULL);

  entry = g_hash_table_lookup (self->entries, list_id);
  if (entry != NULL)
    remove_entry (self, entry);
}

void
ews_reply_cache_get_stats (EwsReplyCache      *self,
                           EwsReplyCacheStats *stats)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (stats != NULL);

  stats->hits = self->hits;
  stats->misses = self->misses;
  stats->bytes = self->bytes;
  stats->entries = g_hash_table_size (self->entries);
}
