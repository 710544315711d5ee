/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where password hashing runs: a fixed number of threads and a bounded
 * queue. argon2 takes tens of milliseconds and 19 MiB on purpose, so the
 * number of checks under way at once decides how much memory and CPU a
 * flood of sign-ins can take; with this pool that is known in advance
 * (threads × 19 MiB), and a caller beyond the queue is told at once to
 * come back rather than made to wait behind everyone else. */

#define EWS_TYPE_HASH_POOL (ews_hash_pool_get_type ())

G_DECLARE_FINAL_TYPE (EwsHashPool, ews_hash_pool, EWS, HASH_POOL, GObject)

EwsHashPool *ews_hash_pool_new (guint             n_threads,
                                guint             max_waiting);
/* Runs @func on one of the pool's threads, as g_task_run_in_thread() would:
 * @func returns its result through @task, which calls back in the task's
 * main context. FALSE with G_IO_ERROR_BUSY, and @func not run, when
 * @max_waiting jobs are already waiting. */
gboolean     ews_hash_pool_run (EwsHashPool      *self,
                                GTask            *task,
                                GTaskThreadFunc   func,
                                GError          **error);
/* Whether ews_hash_pool_run() would refuse a job now. */
gboolean     ews_hash_pool_is_full (EwsHashPool  *self);

G_END_DECLS
