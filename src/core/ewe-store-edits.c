/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-gift-rules.h"
#include "ewe-price.h"
#include "ewe-store-db-private.h"

/* The user's edits: checked here, on the caller's thread, then run as one
 * transaction each on the worker (ewe-store-db-edits.c). */

static gboolean
check_list_values (EweList *values,
                   GError **error)
{
  const char      *title = ewe_list_get_title (values);
  g_autofree char *stripped = g_strstrip (g_strdup (title != NULL ? title : ""));

  if (*stripped == '\0')
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                   _("A list needs a title"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_quantity (int      quantity,
                GError **error)
{
  if (quantity < 1 || quantity > EWE_LIMIT_QUANTITY_MAX)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "The quantity must be between 1 and %d",
                                "The quantity must be between 1 and %d", EWE_LIMIT_QUANTITY_MAX),
                   EWE_LIMIT_QUANTITY_MAX);
      return FALSE;
    }

  return TRUE;
}

/* --- lists ------------------------------------------------------------- */

static gboolean
run_create_list (EweStore    *self,
                 EweStoreJob *job,
                 GError     **error)
{
  return ewe_store_db_create_list (ewe_store_get_db (self), job->list, job->changes, error);
}

static void
complete_create_list (EweStore    *self,
                      EweStoreJob *job)
{
  EweList *live = ewe_store_lookup_list (self, ewe_list_get_id (job->list));

  g_task_return_pointer (job->task, g_object_ref (live), g_object_unref);
}

/**
 * ewe_store_create_list_async:
 * @values: a detached list with the title and other details
 *
 * Creates a draft list with a local id, which becomes the server's id once
 * the sync has sent it.
 */
void
ewe_store_create_list_async (EweStore           *self,
                             EweList            *values,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  EweStoreJob     *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_LIST (values));

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_create_list_async);

  if (!check_list_values (values, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  id = ewe_id_new_local ();
  job = ewe_store_job_new (task, run_create_list);
  job->complete = complete_create_list;
  job->list = ewe_list_copy (values);
  ewe_list_set_id (job->list, id);
  ewe_list_set_state (job->list, EWE_LIST_STATE_OPEN);
  /* A new list counts in the user's own currency unless told otherwise. */
  if (ewe_list_get_currency (job->list) == NULL)
    {
      g_autofree char *currency = ewe_price_default_currency ();

      ewe_list_set_currency (job->list, currency);
    }
  ewe_store_queue_job (self, job);
}

/**
 * ewe_store_create_list_finish:
 *
 * Returns: (transfer full): the new live list, already in the lists model
 */
EweList *
ewe_store_create_list_finish (EweStore     *self,
                              GAsyncResult *result,
                              GError      **error)
{
  return ewe_store_finish_pointer (self, result, ewe_store_create_list_async, error);
}

static gboolean
run_update_list (EweStore    *self,
                 EweStoreJob *job,
                 GError     **error)
{
  g_autofree char *list_id = ewe_store_db_resolve_id (ewe_store_get_db (self), job->list_id);

  return ewe_store_db_update_list (ewe_store_get_db (self), list_id, job->list, job->changes, error);
}

/**
 * ewe_store_update_list_async:
 * @list: the live list
 * @values: a detached list carrying the new title, description, occasion,
 *   event date and image
 */
void
ewe_store_update_list_async (EweStore           *self,
                             EweList            *list,
                             EweList            *values,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_LIST (list));
  g_return_if_fail (EWE_IS_LIST (values));

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_update_list_async);

  if (!ewe_store_check_list (self, list, &error) ||
      !check_list_values (values, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = ewe_store_job_new (task, run_update_list);
  job->list_id = g_strdup (ewe_list_get_id (list));
  job->list = ewe_list_copy (values);
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_update_list_finish (EweStore     *self,
                              GAsyncResult *result,
                              GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_update_list_async, error);
}

/* Queues @run for @list, an edit that needs nothing but the list: closing
 * and deleting. The task carries @source_tag for its finish function. */
static void
queue_list_job (EweStore           *self,
                EweList            *list,
                EweStoreJobRunFunc  run,
                gpointer            source_tag,
                GCancellable       *cancellable,
                GAsyncReadyCallback callback,
                gpointer            user_data)
{
  g_autoptr(GTask) task = ewe_store_new_task (self, cancellable, callback, user_data, source_tag);
  g_autoptr(GError) error = NULL;
  EweStoreJob *job;

  if (!ewe_store_check_list (self, list, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = ewe_store_job_new (task, run);
  job->list_id = g_strdup (ewe_list_get_id (list));
  ewe_store_queue_job (self, job);
}

static gboolean
run_close_list (EweStore    *self,
                EweStoreJob *job,
                GError     **error)
{
  g_autofree char *list_id = ewe_store_db_resolve_id (ewe_store_get_db (self), job->list_id);

  return ewe_store_db_close_list (ewe_store_get_db (self), list_id, job->changes, error);
}

void
ewe_store_close_list_async (EweStore           *self,
                            EweList            *list,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_LIST (list));

  queue_list_job (self, list, run_close_list, ewe_store_close_list_async, cancellable, callback, user_data);
}

gboolean
ewe_store_close_list_finish (EweStore     *self,
                             GAsyncResult *result,
                             GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_close_list_async, error);
}

static gboolean
run_delete_list (EweStore    *self,
                 EweStoreJob *job,
                 GError     **error)
{
  g_autofree char *list_id = ewe_store_db_resolve_id (ewe_store_get_db (self), job->list_id);

  return ewe_store_db_delete_list (ewe_store_get_db (self), list_id, job->changes, error);
}

void
ewe_store_delete_list_async (EweStore           *self,
                             EweList            *list,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_LIST (list));

  queue_list_job (self, list, run_delete_list, ewe_store_delete_list_async, cancellable, callback, user_data);
}

gboolean
ewe_store_delete_list_finish (EweStore     *self,
                              GAsyncResult *result,
                              GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_delete_list_async, error);
}

/* --- gifts ------------------------------------------------------------- */

static gboolean
run_add_gift (EweStore    *self,
              EweStoreJob *job,
              GError     **error)
{
  g_autofree char *list_id = ewe_store_db_resolve_id (ewe_store_get_db (self), ewe_gift_get_list_id (job->gift));

  ewe_gift_set_list_id (job->gift, list_id);
  return ewe_store_db_add_gift (ewe_store_get_db (self), job->gift, job->changes, error);
}

static void
complete_add_gift (EweStore    *self,
                   EweStoreJob *job)
{
  EweGift *live = ewe_store_lookup_gift (self,
                                         ewe_gift_get_list_id (job->gift),
                                         ewe_gift_get_product_id (job->gift));

  /* Without a loaded gifts model, the row read back is what we have. */
  if (live == NULL && job->changes->gifts->len > 0)
    live = g_ptr_array_index (job->changes->gifts, 0);

  g_task_return_pointer (job->task, g_object_ref (live), g_object_unref);
}

/* A price typed as "12,50 €" or "£1,299" is kept as the API keeps prices
 * ("12.50", "1299.00") with its currency: the one it names, else the one it
 * came with (a shop's page), else the list's (@list_currency), else the
 * user's own. Text that is no price ("about 30") is kept as typed. */
static void
settle_price (EweGift    *gift,
              const char *list_currency)
{
  const char      *price = ewe_gift_get_price (gift);
  g_autofree char *amount = NULL;
  g_autofree char *named = NULL;

  if (price == NULL || *price == '\0')
    {
      ewe_gift_set_price (gift, NULL);
      return;
    }

  /* Only digits, separators, currency symbols and the letters of a
   * currency code the text names ("12 EUR", "US$ 4"). */
  named = ewe_price_currency_from_text (price);
  for (const char *p = price; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean of_code = named != NULL && c < 0x80 && strchr (named, (char)c) != NULL;

      if (!g_unichar_isdigit (c) && !g_unichar_isspace (c) && c != '.' && c != ',' && !of_code &&
          g_unichar_type (c) != G_UNICODE_CURRENCY_SYMBOL)
        return;
    }

  amount = ewe_price_normalize (price);
  if (amount == NULL)
    return;

  ewe_gift_set_price (gift, amount);
  if (named != NULL)
    ewe_gift_set_currency (gift, named);
  else if (ewe_gift_get_currency (gift) == NULL && list_currency != NULL)
    ewe_gift_set_currency (gift, list_currency);
  else if (ewe_gift_get_currency (gift) == NULL)
    {
      g_autofree char *currency = ewe_price_default_currency ();

      ewe_gift_set_currency (gift, currency);
    }
}

/**
 * ewe_store_add_gift_async:
 * @list: the live list
 * @values: a detached gift: product id and type, quantity, notes and the
 *   product's details. A user-described product (notfound) without a
 *   product id gets a local one, and the sync creates it on the server first.
 */
void
ewe_store_add_gift_async (EweStore           *self,
                          EweList            *list,
                          EweGift            *values,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  const char  *product_id;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_LIST (list));
  g_return_if_fail (EWE_IS_GIFT (values));

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_add_gift_async);

  if (!ewe_store_check_list (self, list, &error) ||
      !check_quantity (ewe_gift_get_quantity (values), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  product_id = ewe_gift_get_product_id (values);
  if ((product_id == NULL || *product_id == '\0') &&
      ewe_gift_get_product_type (values) != EWE_PRODUCT_TYPE_NOTFOUND)
    {
      g_task_return_new_error (task, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID,
                               _("A gift from the catalogue needs its product"));
      return;
    }

  /* Checked by the server's rule now, while the user is in the form. */
  if ((product_id == NULL || *product_id == '\0' || ewe_id_is_local (product_id)) &&
      !ewe_store_check_typed_in_gift (values, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = ewe_store_job_new (task, run_add_gift);
  job->complete = complete_add_gift;
  job->gift = ewe_gift_copy (values);
  ewe_gift_set_list_id (job->gift, ewe_list_get_id (list));
  ewe_gift_set_reserved (job->gift, 0);
  ewe_gift_set_purchased (job->gift, 0);

  if (product_id == NULL || *product_id == '\0')
    {
      g_autofree char *local_id = ewe_id_new_local ();

      ewe_gift_set_product_id (job->gift, local_id);
    }

  if (ewe_gift_get_product_type (job->gift) == EWE_PRODUCT_TYPE_NOTFOUND)
    settle_price (job->gift, ewe_list_get_currency (list));

  ewe_store_queue_job (self, job);
}

/**
 * ewe_store_add_gift_finish:
 *
 * Returns: (transfer full): the new gift; the live object when the list's
 *   gifts model is loaded
 */
EweGift *
ewe_store_add_gift_finish (EweStore     *self,
                           GAsyncResult *result,
                           GError      **error)
{
  return ewe_store_finish_pointer (self, result, ewe_store_add_gift_async, error);
}

static gboolean
run_update_gift (EweStore    *self,
                 EweStoreJob *job,
                 GError     **error)
{
  g_autofree char *list_id = ewe_store_db_resolve_id (ewe_store_get_db (self), job->list_id);
  g_autofree char *product_id = ewe_store_db_resolve_id (ewe_store_get_db (self), job->product_id);

  return ewe_store_db_update_gift (ewe_store_get_db (self), list_id, product_id, job->gift, job->changes, error);
}

/**
 * ewe_store_check_typed_in_gift:
 * @values: a gift typed in by the user (a "notfound" product)
 *
 * Whether the server will take @values as a new product, by the rule it
 * applies too (libewe-common's): a name is enough; a shop's address or a
 * picture, when given, must be web addresses. Refused there, an offline
 * edit would be lost after the fact, so it is refused here, while the
 * user is still in the form. The error names every problem at once.
 */
gboolean
ewe_store_check_typed_in_gift (EweGift *values,
                               GError **error)
{
  EweGiftProblems problems = ewe_gift_rules_check_typed_in (ewe_gift_get_details (values),
                                                            ewe_gift_get_product_url (values),
                                                            ewe_gift_get_image_url (values));
  g_autoptr(GPtrArray) messages = g_ptr_array_new_null_terminated (3, NULL, TRUE);
  g_autofree char *message = NULL;

  if (problems == EWE_GIFT_PROBLEM_NONE)
    return TRUE;

  if (problems & EWE_GIFT_PROBLEM_NO_NAME)
    g_ptr_array_add (messages, _("A gift needs a name."));
  if (problems & EWE_GIFT_PROBLEM_PRODUCT_URL)
    g_ptr_array_add (messages, _("The shop’s address must start with https:// or http://."));
  if (problems & EWE_GIFT_PROBLEM_IMAGE_URL)
    g_ptr_array_add (messages, _("The picture’s address must start with https:// or http://."));

  message = g_strjoinv (" ", (char **)messages->pdata);
  g_set_error_literal (error, EWE_STORE_ERROR, EWE_STORE_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
check_gift (EweGift *gift,
            GError **error)
{
  if (ewe_gift_get_list_id (gift) == NULL || ewe_gift_get_product_id (gift) == NULL)
    {
      g_set_error (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND,
                   _("This gift is no longer on the list"));
      return FALSE;
    }

  return TRUE;
}

/* Queues @values (the owner's fields, detached; taken) for @gift, or
 * returns why the store refuses them. */
static void
queue_gift_edit (EweStore *self,
                 GTask    *task,
                 EweGift  *gift,
                 EweGift  *values)
{
  g_autoptr(GError) error = NULL;
  EweStoreJob *job;

  if (!check_gift (gift, &error) ||
      !check_quantity (ewe_gift_get_quantity (values), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (values);
      return;
    }

  job = ewe_store_job_new (task, run_update_gift);
  job->list_id = g_strdup (ewe_gift_get_list_id (gift));
  job->product_id = g_strdup (ewe_gift_get_product_id (gift));
  job->gift = values;
  ewe_store_queue_job (self, job);
}

/**
 * ewe_store_update_gift_async:
 * @gift: the live gift
 * @quantity: how many the owner wants, at least what guests already took
 * @notes: (nullable): notes for guests
 *
 * Changes the quantity and notes, and keeps the owner's other fields.
 */
void
ewe_store_update_gift_async (EweStore           *self,
                             EweGift            *gift,
                             int                 quantity,
                             const char         *notes,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  EweGift *values;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_GIFT (gift));

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_update_gift_async);
  /* Checked before it goes into a gift, whose quantity is at least 1. */
  if (!check_quantity (quantity, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  values = ewe_gift_copy (gift);
  ewe_gift_set_quantity (values, quantity);
  ewe_gift_set_notes (values, notes);
  queue_gift_edit (self, task, gift, values);
}

/**
 * ewe_store_edit_gift_async:
 * @gift: the live gift
 * @values: the owner's fields to give it: quantity (at least what guests
 *   took, unless unlimited), notes and unlimited; the rest is ignored
 *
 * As ewe_store_update_gift_async(), for every field the owner edits.
 */
void
ewe_store_edit_gift_async (EweStore           *self,
                           EweGift            *gift,
                           EweGift            *values,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_GIFT (gift));
  g_return_if_fail (EWE_IS_GIFT (values));

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_edit_gift_async);
  queue_gift_edit (self, task, gift, ewe_gift_copy (values));
}

gboolean
ewe_store_edit_gift_finish (EweStore     *self,
                            GAsyncResult *result,
                            GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_edit_gift_async, error);
}

gboolean
ewe_store_update_gift_finish (EweStore     *self,
                              GAsyncResult *result,
                              GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_update_gift_async, error);
}

static gboolean
run_remove_gift (EweStore    *self,
                 EweStoreJob *job,
                 GError     **error)
{
  g_autofree char *list_id = ewe_store_db_resolve_id (ewe_store_get_db (self), job->list_id);
  g_autofree char *product_id = ewe_store_db_resolve_id (ewe_store_get_db (self), job->product_id);

  return ewe_store_db_remove_gift (ewe_store_get_db (self), list_id, product_id, job->changes, error);
}

void
ewe_store_remove_gift_async (EweStore           *self,
                             EweGift            *gift,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_GIFT (gift));

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_remove_gift_async);

  if (!check_gift (gift, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = ewe_store_job_new (task, run_remove_gift);
  job->list_id = g_strdup (ewe_gift_get_list_id (gift));
  job->product_id = g_strdup (ewe_gift_get_product_id (gift));
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_remove_gift_finish (EweStore     *self,
                              GAsyncResult *result,
                              GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_remove_gift_async, error);
}

/* --- taking the other device's version ----------------------------------- */

static gboolean
run_take_theirs (EweStore    *self,
                 EweStoreJob *job,
                 GError     **error)
{
  sqlite3         *db = ewe_store_get_db (self);
  g_autofree char *list_id = ewe_store_db_resolve_id (db, job->list_id);
  g_autofree char *product_id = NULL;

  if (job->list != NULL)
    return ewe_store_db_take_their_list (db, list_id, job->list, (const char * const *)job->ids,
                                         job->changes, error);

  product_id = ewe_store_db_resolve_id (db, job->product_id);
  return ewe_store_db_take_their_gift (db, list_id, product_id, job->gift, (const char * const *)job->ids,
                                       job->changes, error);
}

/* Theirs passed the server's rules once, but are checked as the user's own
 * edit would be: what is kept here is sent back as ours. */
static gboolean
check_theirs (EweStore           *self,
              GObject            *ours,
              GObject            *theirs,
              const char * const *fields,
              GError            **error)
{
  if (EWE_IS_LIST (ours))
    return ewe_store_check_list (self, EWE_LIST (ours), error) &&
           (!g_strv_contains (fields, "title") || check_list_values (EWE_LIST (theirs), error));

  return check_gift (EWE_GIFT (ours), error) &&
         (!g_strv_contains (fields, "quantity") || check_quantity (ewe_gift_get_quantity (EWE_GIFT (theirs)), error));
}

/**
 * ewe_store_take_theirs_async:
 * @ours: the live list or gift that was edited both here and elsewhere
 * @theirs: a detached list or gift (as @ours is) with the other device's values
 * @fields: the properties that clash, as the conflict named them
 *
 * The other device's values of @fields, as one edit: one transaction reads
 * the row as it is now, takes @fields from @theirs and queues the change
 * for the server, so the other fields keep whatever was done here since.
 */
void
ewe_store_take_theirs_async (EweStore           *self,
                             GObject            *ours,
                             GObject            *theirs,
                             const char * const *fields,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail ((EWE_IS_LIST (ours) && EWE_IS_LIST (theirs)) ||
                    (EWE_IS_GIFT (ours) && EWE_IS_GIFT (theirs)));
  g_return_if_fail (fields != NULL);

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_take_theirs_async);

  if (!check_theirs (self, ours, theirs, fields, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = ewe_store_job_new (task, run_take_theirs);
  job->ids = g_strdupv ((GStrv)fields);
  if (EWE_IS_LIST (ours))
    {
      job->list_id = g_strdup (ewe_list_get_id (EWE_LIST (ours)));
      job->list = ewe_list_copy (EWE_LIST (theirs));
    }
  else
    {
      job->list_id = g_strdup (ewe_gift_get_list_id (EWE_GIFT (ours)));
      job->product_id = g_strdup (ewe_gift_get_product_id (EWE_GIFT (ours)));
      job->gift = ewe_gift_copy (EWE_GIFT (theirs));
    }
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_take_theirs_finish (EweStore     *self,
                              GAsyncResult *result,
                              GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_take_theirs_async, error);
}
