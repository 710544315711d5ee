/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store"

#include "config.h"

#include "ewe-store-private.h"

/* Who sends the outbox. A sync run reads the outbox, sends entries, and
 * forgets each when its answer is committed; an entry read by two engines
 * at once goes twice, and the second commit finds it gone ("This change
 * was already sent"). That happens when the session replaces its engine
 * (a new API client) while the old one's requests are on their way: the
 * old run goes on until they are answered and recorded. So the store, which
 * both engines share, says who sends its outbox; another engine's run
 * waits for its turn before it reads a single entry. Main thread only. */

typedef struct
{
  gpointer      pusher;
  GCancellable *cancellable;
  gulong        cancelled_id;
} Claim;

static void
claim_free (Claim *claim)
{
  /* Disconnecting waits for a handler running in another thread; ours
   * never runs in this one's signal emission (see claim_cancelled_cb). */
  if (claim->cancelled_id != 0)
    g_cancellable_disconnect (claim->cancellable, claim->cancelled_id);
  g_clear_object (&claim->cancellable);
  g_free (claim);
}

/* In the task's context, never inside the "cancelled" emission (where
 * disconnecting would deadlock): a claim given up leaves the queue. */
static gboolean
claim_cancelled_idle_cb (gpointer user_data)
{
  GTask    *task = user_data;
  EweStore *self = g_task_get_source_object (task);

  /* Still waiting (not handed the outbox meanwhile): the queue's ref. */
  if (g_queue_remove (&self->outbox_claims, task))
    {
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }

  return G_SOURCE_REMOVE;
}

static void
claim_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_callback (source, claim_cancelled_idle_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[ewe] outbox claim cancelled");
  g_source_attach (source, g_task_get_context (task));
}

/* Returns once @pusher sends the outbox: at once when nobody else does,
 * otherwise when those before it have released it, in turn. */
void
ewe_store_claim_outbox_async (EweStore           *self,
                              gpointer            pusher,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  Claim *claim;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (pusher != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_store_claim_outbox_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->outbox_pusher == NULL || self->outbox_pusher == pusher)
    {
      self->outbox_pusher = pusher;
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_debug ("Another sync engine is sending the outbox; waiting for it to finish");
  claim = g_new0 (Claim, 1);
  claim->pusher = pusher;
  g_task_set_task_data (task, claim, (GDestroyNotify)claim_free);
  if (cancellable != NULL)
    {
      claim->cancellable = g_object_ref (cancellable);
      /* The task outlives the handler: claim_free() disconnects it. */
      claim->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (claim_cancelled_cb), task, NULL);
    }

  g_queue_push_tail (&self->outbox_claims, g_steal_pointer (&task));
}

gboolean
ewe_store_claim_outbox_finish (EweStore     *self,
                               GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* @pusher's run has ended, nothing of it under way: the next claim, if
 * any, sends the outbox now. */
void
ewe_store_release_outbox (EweStore *self,
                          gpointer  pusher)
{
  GTask *task;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (self->outbox_pusher == pusher);

  self->outbox_pusher = NULL;

  while ((task = g_queue_pop_head (&self->outbox_claims)) != NULL)
    {
      Claim *claim = g_task_get_task_data (task);

      if (!g_task_return_error_if_cancelled (task))
        {
          self->outbox_pusher = claim->pusher;
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
          return;
        }

      g_object_unref (task);
    }
}

/* Who sends the outbox now, or NULL. */
gpointer
ewe_store_get_outbox_pusher (EweStore *self)
{
  g_return_val_if_fail (EWE_IS_STORE (self), NULL);

  return self->outbox_pusher;
}
