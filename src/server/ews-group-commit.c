/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-group-commit"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ewe-sqlite.h"
#include "ews-group-commit.h"
#include "ews-json.h"

/* The server is single-threaded, and with synchronous FULL every write's
 * commit waited for its own fdatasync of the WAL (2.4 ms each on the
 * development machine under load): an app syncing 1,000 offline edits
 * waited 1,000 times in a row, whatever number of requests it had on their
 * way. Here a commit only writes the WAL (synchronous NORMAL: a crash of
 * the process loses nothing, a power cut may lose the last commits), and
 * the answers wait for one fdatasync on a worker thread, shared by all the
 * commits made before it started, while the main loop goes on serving (and
 * committing) the next requests, whose answers the next sync releases.
 *
 * SQLite's own syncs stay: a checkpoint syncs the WAL before it copies it
 * into the database, and the database after. */

typedef struct
{
  SoupServerMessage *msg;   /* owned */
  guint64            needs; /* commits that must be on disk first */
} Waiter;

struct _EwsGroupCommit
{
  GObject  parent_instance;

  sqlite3 *db; /* borrowed, until stopped */
  char    *wal_path;
  char    *dir_path;
  /* The directory's entry of the WAL file, made by SQLite when it opened
   * the database, is synced once, with the first group. */
  gboolean dir_synced;

  guint64  commits; /* counted by the commit hook */
  guint64  synced;  /* commits known to be on disk */
  guint64  syncs;
  gboolean syncing;
  gboolean stopped;
  GQueue   waiters; /* Waiter*, their needs in increasing order */
};

G_DEFINE_FINAL_TYPE (EwsGroupCommit, ews_group_commit, G_TYPE_OBJECT)

static void
waiter_free (Waiter *waiter)
{
  g_object_unref (waiter->msg);
  g_free (waiter);
}

static void
ews_group_commit_finalize (GObject *object)
{
  EwsGroupCommit *self = (EwsGroupCommit *)object;

  ews_group_commit_stop (self);
  g_free (self->wal_path);
  g_free (self->dir_path);

  G_OBJECT_CLASS (ews_group_commit_parent_class)->finalize (object);
}

static void
ews_group_commit_class_init (EwsGroupCommitClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ews_group_commit_finalize;
}

static void
ews_group_commit_init (EwsGroupCommit *self)
{
  g_queue_init (&self->waiters);
}

/* Runs on the main thread, inside every write transaction's commit (all of
 * them are made there): counting them is enough to know which ones a sync
 * started later covers. */
static int
commit_hook_cb (void *user_data)
{
  EwsGroupCommit *self = user_data;

  self->commits++;
  return 0; /* let it commit */
}

EwsGroupCommit *
ews_group_commit_new (sqlite3 *db,
                      GError **error)
{
  g_autoptr(EwsGroupCommit) self = NULL;
  const char *wal_path = sqlite3_filename_wal (sqlite3_db_filename (db, "main"));

  g_return_val_if_fail (db != NULL, NULL);

  if (!ewe_sqlite_exec (db, "PRAGMA synchronous = NORMAL", error))
    return NULL;

  self = g_object_new (EWS_TYPE_GROUP_COMMIT, NULL);
  self->db = db;
  self->wal_path = g_strdup (wal_path);
  self->dir_path = g_path_get_dirname (wal_path);
  sqlite3_commit_hook (db, commit_hook_cb, self);

  return g_steal_pointer (&self);
}

void
ews_group_commit_stop (EwsGroupCommit *self)
{
  g_return_if_fail (EWS_IS_GROUP_COMMIT (self));

  if (self->db != NULL)
    sqlite3_commit_hook (self->db, NULL, NULL);
  self->db = NULL;
  self->stopped = TRUE;
  g_queue_clear_full (&self->waiters, (GDestroyNotify)waiter_free);
}

typedef struct
{
  char    *wal_path;
  char    *dir_path;
  gboolean sync_dir;
} SyncJob;

static void
sync_job_free (SyncJob *job)
{
  g_free (job->wal_path);
  g_free (job->dir_path);
  g_free (job);
}

static gboolean
sync_path (const char *path,
           gboolean    is_dir,
           GError    **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | (is_dir ? O_DIRECTORY : 0), 0);
  int saved_errno;

  /* No WAL yet: nothing was written since the database was opened. */
  if (fd < 0 && errno == ENOENT && !is_dir)
    return TRUE;

  if (fd < 0 || (is_dir ? fsync (fd) : fdatasync (fd)) != 0)
    {
      saved_errno = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not write “%s” to disk: %s. Check the disk and its free space.", path,
                   g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/* On a worker thread: fdatasync() makes all of the file's written data
 * durable, whichever descriptor wrote it, so the WAL is opened anew (SQLite
 * keeps its descriptor to itself). */
static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SyncJob *job = task_data;
  GError  *error = NULL;

  if (!sync_path (job->wal_path, FALSE, &error) || (job->sync_dir && !sync_path (job->dir_path, TRUE, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void maybe_start_sync (EwsGroupCommit *self);

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  EwsGroupCommit *self = EWS_GROUP_COMMIT (object);
  guint64         target = GPOINTER_TO_SIZE (user_data);
  g_autoptr(GError) error = NULL;
  Waiter *waiter;

  self->syncing = FALSE;
  if (self->stopped)
    return;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_debug ("One sync made %" G_GUINT64_FORMAT " commits durable", target - MIN (self->synced, target));
      self->synced = MAX (self->synced, target);
      self->dir_synced = TRUE;
    }
  else
    g_critical ("%s", error->message);

  /* On failure the writes are committed but maybe not on disk: the answer
   * must not say they are. Writes carry an Idempotency-Key, so the app's
   * retry gets the recorded answer once the disk is back. */
  while ((waiter = g_queue_peek_head (&self->waiters)) != NULL && waiter->needs <= target)
    {
      g_queue_pop_head (&self->waiters);
      if (error != NULL)
        ews_json_reply_error (waiter->msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                              "The server could not write to its disk. Try again in a moment.");
      soup_server_message_unpause (waiter->msg);
      waiter_free (waiter);
    }

  maybe_start_sync (self);
}

static void
maybe_start_sync (EwsGroupCommit *self)
{
  g_autoptr(GTask) task = NULL;
  SyncJob *job;

  if (self->syncing || g_queue_is_empty (&self->waiters))
    return;

  job = g_new0 (SyncJob, 1);
  job->wal_path = g_strdup (self->wal_path);
  job->dir_path = g_strdup (self->dir_path);
  job->sync_dir = !self->dir_synced;

  /* Every commit counted so far has written its WAL frames: the sync
   * covers them all. */
  task = g_task_new (self, NULL, sync_done_cb, GSIZE_TO_POINTER ((gsize)self->commits));
  g_task_set_source_tag (task, maybe_start_sync);
  g_task_set_task_data (task, job, (GDestroyNotify)sync_job_free);
  self->syncing = TRUE;
  self->syncs++;
  g_task_run_in_thread (task, sync_thread);
}

void
ews_group_commit_release (EwsGroupCommit    *self,
                          SoupServerMessage *msg,
                          gboolean           paused)
{
  Waiter *waiter;

  g_return_if_fail (EWS_IS_GROUP_COMMIT (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  /* Also an answer that wrote nothing waits: it may show what another
   * request committed, which must not be seen before it is durable. */
  if (self->commits <= self->synced || self->stopped)
    {
      if (paused)
        soup_server_message_unpause (msg);
      return;
    }

  if (!paused)
    soup_server_message_pause (msg);

  waiter = g_new0 (Waiter, 1);
  waiter->msg = g_object_ref (msg);
  waiter->needs = self->commits;
  g_queue_push_tail (&self->waiters, waiter);

  maybe_start_sync (self);
}

guint64
ews_group_commit_get_syncs (EwsGroupCommit *self)
{
  g_return_val_if_fail (EWS_IS_GROUP_COMMIT (self), 0);

  return self->syncs;
}

guint64
ews_group_commit_get_commits (EwsGroupCommit *self)
{
  g_return_val_if_fail (EWS_IS_GROUP_COMMIT (self), 0);

  return self->commits;
}

guint64
ews_group_commit_get_synced (EwsGroupCommit *self)
{
  g_return_val_if_fail (EWS_IS_GROUP_COMMIT (self), 0);

  return self->synced;
}
