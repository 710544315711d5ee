/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Group commit for the server's SQLite database: commits no longer wait for
 * the disk one by one (synchronous NORMAL), and an answer is held until one
 * fdatasync of the WAL, shared by every write committed since the last one,
 * has made all commits before it durable. An acknowledged write is on disk
 * as before; N writes in flight together cost one sync instead of N. */

#define EWS_TYPE_GROUP_COMMIT (ews_group_commit_get_type ())

G_DECLARE_FINAL_TYPE (EwsGroupCommit, ews_group_commit, EWS, GROUP_COMMIT, GObject)

EwsGroupCommit *ews_group_commit_new     (sqlite3           *db,
                                          GError           **error);
/* Sends @msg's answer once every commit made so far is on disk: at once
 * when there is none to wait for, else when the shared sync is done.
 * @paused: whether the handler paused @msg (it is unpaused then). */
void            ews_group_commit_release (EwsGroupCommit    *self,
                                          SoupServerMessage *msg,
                                          gboolean           paused);
/* Forgets the messages still waiting (their server is going away) and
 * stops counting @db's commits: call before @db is closed. */
void            ews_group_commit_stop    (EwsGroupCommit    *self);
/* How many syncs ran and how many commits they covered, for the metrics
 * and the tests. */
guint64         ews_group_commit_get_syncs   (EwsGroupCommit *self);
guint64         ews_group_commit_get_commits (EwsGroupCommit *self);
/* Commits known to be on disk. */
guint64         ews_group_commit_get_synced  (EwsGroupCommit *self);

G_END_DECLS
