/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-store"

#include "config.h"

#include "ewe-store-db-private.h"
#include "ewe-store-friends.h"

/* Friends' lists and my reservations, in the tables schema 4 added. Each
 * call is one job on the store's worker, like every other store call; the
 * live objects are EweFriends', so no EweStoreChanges are reported. */

#define FRIEND_LIST_COLUMNS EWE_STORE_DB_LIST_COLUMNS ", server_url, owner_name"

static EweList *
friend_list_from_row (sqlite3_stmt *stmt,
                      GError      **error)
{
  EweList *list;

  /* A friend's list is no use without the server it came from. */
  if (ewe_sqlite_column_text (stmt, 10) == NULL)
    {
      ewe_store_db_set_corrupt (error, "friend_lists");
      return NULL;
    }

  list = ewe_store_db_list_from_row (stmt, "friend_lists", error);
  if (list != NULL)
    ewe_list_set_owner_name (list, ewe_sqlite_column_text (stmt, 11));

  return list;
}

/* gpointer, to serve as an EweSqliteRowFunc: an EweGift. */
static gpointer
friend_gift_from_row (sqlite3_stmt *stmt,
                      GError      **error)
{
  return ewe_store_db_gift_from_row (stmt, "friend_gifts", error);
}

/* gpointer, to serve as an EweSqliteRowFunc: an EweReservation. */
static gpointer
my_reservation_from_row (sqlite3_stmt *stmt,
                         GError      **error)
{
  return ewe_store_db_reservation_from_row (stmt, "my_reservations", error);
}

/* --- loading ------------------------------------------------------------ */

static gboolean
run_load_friends (EweStore    *self,
                  EweStoreJob *job,
                  GError     **error)
{
  sqlite3 *db = ewe_store_get_db (self);
  g_autoptr(sqlite3_stmt) lists = NULL;
  g_autoptr(sqlite3_stmt) gifts = NULL;
  g_autoptr(sqlite3_stmt) reservations = NULL;
  g_autoptr(GStrvBuilder) urls = g_strv_builder_new ();
  int rc;

  job->rows = g_ptr_array_new_with_free_func (g_object_unref);
  job->gifts = g_ptr_array_new_with_free_func (g_object_unref);
  job->reservations = g_ptr_array_new_with_free_func (g_object_unref);

  lists = ewe_sqlite_prepare (db, "SELECT " FRIEND_LIST_COLUMNS " FROM friend_lists "
                                  "ORDER BY opened DESC, rowid DESC",
                              error);
  if (lists == NULL)
    return FALSE;

  while ((rc = sqlite3_step (lists)) == SQLITE_ROW)
    {
      EweList *list = friend_list_from_row (lists, error);

      if (list == NULL)
        return FALSE;
      g_ptr_array_add (job->rows, list);
      g_strv_builder_add (urls, ewe_sqlite_column_text (lists, 10));
    }
  if (rc != SQLITE_DONE)
    return ewe_sqlite_set_error (db, rc, error);
  job->ids = g_strv_builder_end (urls);

  gifts = ewe_sqlite_prepare (db, "SELECT " EWE_STORE_DB_GIFT_COLUMNS " FROM friend_gifts "
                                  "ORDER BY list_id, position",
                              error);
  if (gifts == NULL ||
      !ewe_store_db_collect_rows (db, gifts, friend_gift_from_row, job->gifts, error))
    return FALSE;

  reservations = ewe_sqlite_prepare (db, "SELECT " EWE_STORE_DB_RESERVATION_COLUMNS " FROM my_reservations "
                                         "ORDER BY made, rowid",
                                     error);
  if (reservations == NULL ||
      !ewe_store_db_collect_rows (db, reservations, my_reservation_from_row, job->reservations, error))
    return FALSE;

  return TRUE;
}

typedef struct
{
  GPtrArray *lists;
  GStrv      server_urls;
  GPtrArray *gifts;
  GPtrArray *reservations;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->lists, g_ptr_array_unref);
  g_clear_pointer (&loaded->server_urls, g_strfreev);
  g_clear_pointer (&loaded->gifts, g_ptr_array_unref);
  g_clear_pointer (&loaded->reservations, g_ptr_array_unref);
  g_free (loaded);
}

static void
complete_load_friends (EweStore    *self,
                       EweStoreJob *job)
{
  Loaded *loaded = g_new0 (Loaded, 1);

  loaded->lists = g_steal_pointer (&job->rows);
  loaded->server_urls = g_steal_pointer (&job->ids);
  loaded->gifts = g_steal_pointer (&job->gifts);
  loaded->reservations = g_steal_pointer (&job->reservations);

  g_task_return_pointer (job->task, loaded, (GDestroyNotify)loaded_free);
}

void
ewe_store_load_friends_async (EweStore           *self,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_load_friends_async);
  job = ewe_store_job_new (task, run_load_friends);
  job->complete = complete_load_friends;
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_load_friends_finish (EweStore     *self,
                               GAsyncResult *result,
                               GPtrArray   **lists,
                               GStrv        *server_urls,
                               GPtrArray   **gifts,
                               GPtrArray   **reservations,
                               GError      **error)
{
  Loaded *loaded = ewe_store_finish_pointer (self, result, ewe_store_load_friends_async, error);

  if (loaded == NULL)
    return FALSE;

  if (lists != NULL)
    *lists = g_steal_pointer (&loaded->lists);
  if (server_urls != NULL)
    *server_urls = g_steal_pointer (&loaded->server_urls);
  if (gifts != NULL)
    *gifts = g_steal_pointer (&loaded->gifts);
  if (reservations != NULL)
    *reservations = g_steal_pointer (&loaded->reservations);
  loaded_free (loaded);

  return TRUE;
}

/* --- saving a friend's list --------------------------------------------- */

static gboolean
save_friend_list (sqlite3     *db,
                  EweStoreJob *job,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *list_id = ewe_list_get_id (job->list);

  stmt = ewe_sqlite_prepare (db,
                             "INSERT INTO friend_lists (id, title, description, occasion, event_date, "
                             "  image_url, state, owner, server_url, opened, owner_name, archived, archive_note) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
                             "  description = excluded.description, occasion = excluded.occasion, "
                             "  event_date = excluded.event_date, image_url = excluded.image_url, "
                             "  state = excluded.state, owner = excluded.owner, "
                             "  server_url = excluded.server_url, opened = excluded.opened, "
                             "  owner_name = excluded.owner_name, archived = excluded.archived, "
                             "  archive_note = excluded.archive_note",
                             error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, list_id);
  ewe_sqlite_bind_text (stmt, 2, ewe_list_get_title (job->list) ? ewe_list_get_title (job->list) : "");
  ewe_sqlite_bind_text (stmt, 3, ewe_list_get_description (job->list));
  ewe_sqlite_bind_text (stmt, 4, ewe_list_get_occasion (job->list));
  ewe_sqlite_bind_text (stmt, 5, ewe_list_get_event_date (job->list));
  ewe_sqlite_bind_text (stmt, 6, ewe_list_get_image_url (job->list));
  ewe_sqlite_bind_text (stmt, 7, ewe_list_state_to_string (ewe_list_get_state (job->list)));
  ewe_sqlite_bind_text (stmt, 8, ewe_list_get_owner (job->list));
  ewe_sqlite_bind_text (stmt, 9, job->text);
  sqlite3_bind_int64 (stmt, 10, g_get_real_time ());
  ewe_sqlite_bind_text (stmt, 11, ewe_list_get_owner_name (job->list));
  sqlite3_bind_int (stmt, 12, ewe_list_get_archived (job->list) ? 1 : 0);
  ewe_sqlite_bind_text (stmt, 13, ewe_list_get_archive_note (job->list));
  if (!ewe_sqlite_step_done (stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, ewe_sqlite_release);

  if (!ewe_store_db_run (db, "DELETE FROM friend_gifts WHERE list_id = ?", list_id, NULL, error))
    return FALSE;

  stmt = ewe_sqlite_prepare (db,
                             "INSERT INTO friend_gifts (" EWE_STORE_DB_GIFT_COLUMNS ", position) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < job->gifts->len; i++)
    {
      EweGift *gift = g_ptr_array_index (job->gifts, i);

      sqlite3_reset (stmt);
      ewe_store_db_bind_gift (stmt, list_id, gift);
      sqlite3_bind_int (stmt, 17, (int)i);
      if (!ewe_sqlite_step_done (stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
run_save_friend_list (EweStore    *self,
                      EweStoreJob *job,
                      GError     **error)
{
  sqlite3 *db = ewe_store_get_db (self);

  EWE_STORE_DB_TRANSACTION (db, error, save_friend_list (db, job, error));
}

void
ewe_store_save_friend_list_async (EweStore           *self,
                                  const char         *server_url,
                                  EweList            *list,
                                  GPtrArray          *gifts,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (server_url != NULL);
  g_return_if_fail (EWE_IS_LIST (list));
  g_return_if_fail (ewe_list_get_id (list) != NULL);
  g_return_if_fail (gifts != NULL);

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_save_friend_list_async);
  job = ewe_store_job_new (task, run_save_friend_list);
  job->text = g_strdup (server_url);
  job->list = ewe_list_copy (list);
  job->gifts = g_ptr_array_new_full (gifts->len, g_object_unref);
  for (guint i = 0; i < gifts->len; i++)
    g_ptr_array_add (job->gifts, ewe_gift_copy (g_ptr_array_index (gifts, i)));
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_save_friend_list_finish (EweStore     *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_save_friend_list_async, error);
}

/* --- my reservations ---------------------------------------------------- */

static gboolean
run_save_my_reservation (EweStore    *self,
                         EweStoreJob *job,
                         GError     **error)
{
  sqlite3 *db = ewe_store_get_db (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  EweReservation *r = g_ptr_array_index (job->reservations, 0);

  stmt = ewe_sqlite_prepare (db,
                             "INSERT INTO my_reservations (" EWE_STORE_DB_RESERVATION_COLUMNS ", made) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (id) DO UPDATE SET list_title = excluded.list_title, "
                             "  name = excluded.name, email = excluded.email, "
                             "  quantity = excluded.quantity, state = excluded.state",
                             error);
  if (stmt == NULL)
    return FALSE;
  ewe_sqlite_bind_text (stmt, 1, ewe_reservation_get_id (r));
  ewe_sqlite_bind_text (stmt, 2, ewe_reservation_get_list_id (r));
  ewe_sqlite_bind_text (stmt, 3, ewe_reservation_get_list_title (r));
  ewe_sqlite_bind_text (stmt, 4, ewe_reservation_get_list_owner_id (r));
  ewe_sqlite_bind_text (stmt, 5, ewe_reservation_get_product_id (r));
  ewe_sqlite_bind_text (stmt, 6, ewe_product_type_to_string (ewe_reservation_get_product_type (r)));
  ewe_sqlite_bind_text (stmt, 7, ewe_reservation_get_user_id (r));
  ewe_sqlite_bind_text (stmt, 8, ewe_reservation_get_name (r) ? ewe_reservation_get_name (r) : "");
  ewe_sqlite_bind_text (stmt, 9, ewe_reservation_get_email (r) ? ewe_reservation_get_email (r) : "");
  sqlite3_bind_int (stmt, 10, ewe_reservation_get_quantity (r));
  ewe_sqlite_bind_text (stmt, 11, ewe_reservation_state_to_string (ewe_reservation_get_state (r)));
  sqlite3_bind_int64 (stmt, 12, g_get_real_time ());

  return ewe_sqlite_step_done (stmt, error);
}

void
ewe_store_save_my_reservation_async (EweStore           *self,
                                     EweReservation     *reservation,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (EWE_IS_RESERVATION (reservation));
  g_return_if_fail (ewe_reservation_get_id (reservation) != NULL);

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_save_my_reservation_async);
  job = ewe_store_job_new (task, run_save_my_reservation);
  job->reservations = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (job->reservations, ewe_reservation_copy (reservation));
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_save_my_reservation_finish (EweStore     *self,
                                      GAsyncResult *result,
                                      GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_save_my_reservation_async, error);
}

static gboolean
run_forget_my_reservation (EweStore    *self,
                           EweStoreJob *job,
                           GError     **error)
{
  return ewe_store_db_run (ewe_store_get_db (self), "DELETE FROM my_reservations WHERE id = ?",
                           job->text, NULL, error);
}

void
ewe_store_forget_my_reservation_async (EweStore           *self,
                                       const char         *reservation_id,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (reservation_id != NULL);

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_forget_my_reservation_async);
  job = ewe_store_job_new (task, run_forget_my_reservation);
  job->text = g_strdup (reservation_id);
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_forget_my_reservation_finish (EweStore     *self,
                                        GAsyncResult *result,
                                        GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_forget_my_reservation_async, error);
}

static gboolean
forget_friend_list_in_transaction (sqlite3    *db,
                                   const char *list_id,
                                   GError    **error)
{
  return ewe_store_db_run (db, "DELETE FROM friend_gifts WHERE list_id = ?", list_id, NULL, error) &&
         ewe_store_db_run (db, "DELETE FROM friend_lists WHERE id = ?", list_id, NULL, error);
}

static gboolean
run_forget_friend_list (EweStore    *self,
                        EweStoreJob *job,
                        GError     **error)
{
  sqlite3 *db = ewe_store_get_db (self);

  EWE_STORE_DB_TRANSACTION (db, error, forget_friend_list_in_transaction (db, job->list_id, error));
}

/* Forgets a friend's list and its gifts; reservations made from it stay
 * (the server still has them). */
void
ewe_store_forget_friend_list_async (EweStore           *self,
                                    const char         *list_id,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  EweStoreJob *job;

  g_return_if_fail (EWE_IS_STORE (self));
  g_return_if_fail (list_id != NULL);

  task = ewe_store_new_task (self, cancellable, callback, user_data, ewe_store_forget_friend_list_async);
  job = ewe_store_job_new (task, run_forget_friend_list);
  job->list_id = g_strdup (list_id);
  ewe_store_queue_job (self, job);
}

gboolean
ewe_store_forget_friend_list_finish (EweStore     *self,
                                     GAsyncResult *result,
                                     GError      **error)
{
  return ewe_store_finish_boolean (self, result, ewe_store_forget_friend_list_async, error);
}
