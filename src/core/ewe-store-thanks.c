/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-store-db-private.h"

/* The owner's marks after the event, offline first like every edit: one
 * transaction each on the worker (ewe-store-db-thanks.c), sent by sync. */

static gboolean
run_set_received (EweStore    *self,
                  EweStoreJob *job,
                  GError     **error)
{
  g_autofree char *list_id = ewe_store_db_resolve_id (ewe_store_get_db (self), job->list_id);
  g_autofree char *product_id = ewe_store_db_resolve_id (ewe_store_get_db (self), job->product_id);

  return ewe_store_db_set_received (ewe_store_get_db (self), list_id, product_id, job->quantity != 0,
                                    job->changes, error);
}

/**
 * ewe_store_set_gift_received_async:
 * @gift: the live gift, on one of the user's lists
 * @received: whether the owner has it in hand
 *
 * Marks @gift received, or not, here at once and on the server when sync
 * next runs.
 */
void
ewe_store_set_gift_received_async (EweStore           *self,
                                   EweGift            *gift,
                                   gboolean            received,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_GIFT (gift));

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_set_gift_received_async);

  if (ewe_gift_get_list_id (gift) == NULL || ewe_gift_get_product_id (gift) == NULL)
    {
      g_task_return_new_error (task, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND,
                               _("This gift is no longer on this device"));
      return;
    }

  job = ewe_store_job_new (task, run_set_received);
  job->list_id = g_strdup (ewe_gift_get_list_id (gift));
  job->product_id = g_strdup (ewe_gift_get_product_id (gift));
  job->quantity = received ? 1 : 0;
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_set_gift_received_finish (EweStore     *self,
                                    GAsyncResult *result,
                                    GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_set_gift_received_async, error);
}

static gboolean
run_set_thanked (EweStore    *self,
                 EweStoreJob *job,
                 GError     **error)
{
  g_autofree char *list_id = ewe_store_db_resolve_id (ewe_store_get_db (self), job->list_id);

  return ewe_store_db_set_thanked (ewe_store_get_db (self), list_id, job->text, job->quantity != 0, job->changes,
                                   error);
}

/**
 * ewe_store_set_giver_thanked_async:
 * @list: the live list
 * @email: the giver's address, as their reservations on @list have it
 * @thanked: whether the owner has thanked them
 *
 * Marks every gift the giver gave on @list thanked, or not, here at once
 * and on the server when sync next runs. Givers are known, and so can be
 * thanked, only once the server has revealed them (EweList:revealed).
 */
void
ewe_store_set_giver_thanked_async (EweStore           *self,
                                   EweList            *list,
                                   const char         *email,
                                   gboolean            thanked,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_LIST (list));

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_set_giver_thanked_async);

  if (!ewe_store_check_list (self, list, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (email == NULL || *email == '\0')
    {
      g_task_return_new_error (task, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                               _("Say whom to thank by their e-mail address"));
      return;
    }

  job = ewe_store_job_new (task, run_set_thanked);
  job->list_id = g_strdup (ewe_list_get_id (list));
  job->text = g_strdup (email);
  job->quantity = thanked ? 1 : 0;
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_set_giver_thanked_finish (EweStore     *self,
                                    GAsyncResult *result,
                                    GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_set_giver_thanked_async, error);
}
