/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The shared answers of lists (GET /api/lists/{id}/shared), kept as the
 * exact bytes sent, with their ETag, so that a list guests keep opening is
 * read from the database once per change instead of once per request.
 *
 * An answer is kept under its list's id and the list's version as it was
 * read *before* the answer was built (ews_storage_list_version(): bumped
 * in the same transaction as every write to what the answer shows, on
 * every server's database), and given out only while the version read for
 * a request is the same number: the bytes are then at least as new as every
 * write the version counts. What time alone changes (whether the reveal
 * date has come) is checked on each hit too. The answer must not depend on
 * who asks: only reader-independent answers go in.
 *
 * Bounded: the least recently used answers are dropped once the bytes kept
 * pass the cap. Used from the server's main context only. */

typedef struct _EwsReplyCache EwsReplyCache;

typedef struct
{
  guint64 hits;
  guint64 misses;
  guint64 bytes; /* what the answers kept take now, bookkeeping included */
  guint   entries;
} EwsReplyCacheStats;

/* @max_bytes: 0 keeps nothing (every lookup misses). */
EwsReplyCache *ews_reply_cache_new (gsize max_bytes);
void           ews_reply_cache_free (EwsReplyCache *self);

/* The answer kept for @list_id at @version, when there is one and the
 * reveal date it was built with is still on the same side of
 * @now_unix_seconds; @etag then points into the cache (valid until the
 * next store) and the returned GBytes is a new reference. NULL otherwise,
 * and counted as a miss. */
GBytes        *ews_reply_cache_lookup (EwsReplyCache *self,
                                       const char    *list_id,
                                       gint64         version,
                                       gint64         now_unix_seconds,
                                       const char   **etag);

/* Keeps @body (a reference is taken, nothing copied) and @etag for
 * @list_id at @version, replacing what was kept for it. @reveal_on: the
 * day the answer's "revealed" turns (ewe_reveal_effective_date()), NULL
 * when it never does; @revealed: what the answer says. */
void           ews_reply_cache_store (EwsReplyCache *self,
                                      const char    *list_id,
                                      gint64         version,
                                      const char    *reveal_on,
                                      gboolean       revealed,
                                      GBytes        *body,
                                      const char    *etag);

/* Drops what is kept for @list_id, if anything. */
void           ews_reply_cache_forget (EwsReplyCache *self,
                                       const char    *list_id);

void           ews_reply_cache_get_stats (EwsReplyCache      *self,
                                          EwsReplyCacheStats *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsReplyCache, ews_reply_cache_free)

G_END_DECLS
