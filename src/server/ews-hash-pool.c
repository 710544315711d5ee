/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-hash-pool"

#include "config.h"

#include "ews-hash-pool.h"

struct _EwsHashPool
{
  GObject      parent_instance;

  GThreadPool *pool;
  guint        n_threads;
  guint        max_waiting;
  /* Jobs pushed and not yet finished, running or waiting. Only the main
   * thread adds to it, so checking and adding need no lock; the workers
   * take their jobs off atomically. */
  gint         pending;
};

G_DEFINE_FINAL_TYPE (EwsHashPool, ews_hash_pool, G_TYPE_OBJECT)

typedef struct
{
  GTask          *task;
  GTaskThreadFunc func;
} Job;

static void
run_job (gpointer data,
         gpointer user_data)
{
  EwsHashPool *self = user_data;
  Job         *job = data;

  job->func (job->task, g_task_get_source_object (job->task), g_task_get_task_data (job->task),
             g_task_get_cancellable (job->task));

  g_object_unref (job->task);
  g_free (job);
  g_atomic_int_add (&self->pending, -1);
}

static void
ews_hash_pool_finalize (GObject *object)
{
  EwsHashPool *self = EWS_HASH_POOL (object);

  /* Lets the jobs under way and waiting finish: each holds a task whose
   * data the worker is using. */
  g_thread_pool_free (self->pool, FALSE, TRUE);

  G_OBJECT_CLASS (ews_hash_pool_parent_class)->finalize (object);
}

static void
ews_hash_pool_class_init (EwsHashPoolClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ews_hash_pool_finalize;
}

static void
ews_hash_pool_init (EwsHashPool *self)
{
}

EwsHashPool *
ews_hash_pool_new (guint n_threads,
                   guint max_waiting)
{
  EwsHashPool *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (n_threads >= 1, NULL);

  self = g_object_new (EWS_TYPE_HASH_POOL, NULL);
  self->n_threads = n_threads;
  self->max_waiting = max_waiting;

  /* Not exclusive: the threads are started as jobs come, and never more
   * than n_threads. */
  self->pool = g_thread_pool_new (run_job, self, (int)n_threads, FALSE, &error);
  if (self->pool == NULL)
    g_error ("Could not make the password-hashing threads: %s", error->message);

  return self;
}

gboolean
ews_hash_pool_is_full (EwsHashPool *self)
{
  g_return_val_if_fail (EWS_IS_HASH_POOL (self), TRUE);

  return (guint)g_atomic_int_get (&self->pending) >= self->n_threads + self->max_waiting;
}

gboolean
ews_hash_pool_run (EwsHashPool    *self,
                   GTask          *task,
                   GTaskThreadFunc func,
                   GError        **error)
{
  g_autoptr(GError) push_error = NULL;
  Job *job;

  g_return_val_if_fail (EWS_IS_HASH_POOL (self), FALSE);
  g_return_val_if_fail (G_IS_TASK (task), FALSE);

  if (ews_hash_pool_is_full (self))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   "The server is checking as many passwords as it can (%u at once, %u waiting); "
                   "try again in a moment.",
                   self->n_threads, self->max_waiting);
      return FALSE;
    }

  job = g_new0 (Job, 1);
  job->task = g_object_ref (task);
  job->func = func;

  g_atomic_int_inc (&self->pending);
  if (!g_thread_pool_push (self->pool, job, &push_error))
    {
      g_atomic_int_add (&self->pending, -1);
      g_object_unref (job->task);
      g_free (job);
      g_propagate_error (error, g_steal_pointer (&push_error));
      return FALSE;
    }

  return TRUE;
}
