/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-lists"

#include "config.h"

#include "ews-lists.h"
#include "ews-storage-rules.h"

/* Archiving a list, after the event: it leaves its owner's everyday lists,
 * takes no more edits and no more reservations, and its guests' link shows
 * that it is closed, with the thank-you note the owner wrote.
 *
 * An archived list keeps its own state (open or closed) beside the archive:
 * the `state` column is the original's "closed to reservations", and
 * un-archiving gives that back as it was, which a third state could not. */

EwsList *
ews_lists_load_editable (EwsRequest    *request,
                         const EwsUser *user)
{
  g_autoptr(EwsList) list = ews_lists_load_owned (request, user);

  if (list == NULL)
    return NULL;

  if (list->archived_at != 0)
    {
      ews_request_reply_error (request, SOUP_STATUS_CONFLICT,
                               "This list is archived. Un-archive it to change it.");
      return NULL;
    }

  return g_steal_pointer (&list);
}

/* An edit of @list_id goes in one transaction with the check that the list
 * is not archived (ews_storage_list_lock_editable()): checked apart, an
 * archive could land between the check and the edit. Replies and returns
 * FALSE when the edit may not be made. */
gboolean
ews_lists_begin_edit (EwsRequest *request,
                      const char *list_id)
{
  EwsStorage *storage = ews_request_get_storage (request);
  g_autoptr(GError) error = NULL;

  if (!ews_storage_begin (storage, &error))
    {
      ews_request_reply_storage_error (request, error);
      return FALSE;
    }

  if (!ews_storage_list_lock_editable (storage, list_id, &error))
    {
      ews_storage_rollback (storage);
      ews_request_reply_storage_error (request, error);
      return FALSE;
    }

  return TRUE;
}

/* Commits the edit when @ok, else rolls it back; FALSE when either way it
 * did not commit (with @error set, if it was not already). */
gboolean
ews_lists_end_edit (EwsRequest *request,
                    gboolean    ok,
                    GError    **error)
{
  EwsStorage *storage = ews_request_get_storage (request);

  if (!ok)
    {
      ews_storage_rollback (storage);
      return FALSE;
    }

  return ews_storage_commit (storage, error);
}

static void
reply_archived (EwsRequest    *request,
                const EwsList *list,
                gboolean       archived)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "archived");
  json_builder_add_boolean_value (builder, archived);
  json_builder_set_member_name (builder, "listId");
  json_builder_add_string_value (builder, list->list_id);
  json_builder_end_object (builder);

  ews_request_reply_built (request, builder);
}

/* POST /lists/{id}/archive {"note"} → {"archived": true, "listId"}. Again
 * on an archived list it changes the note: the app retries, and an owner
 * may want to say more. */
static void
lists_archive (EwsRequest *request)
{
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *note = NULL;
  JsonObject *body;
  gint64      archived_at;

  if (user == NULL || (body = ews_request_require_body (request)) == NULL ||
      (list = ews_lists_load_owned (request, user)) == NULL)
    return;

  if (!ews_request_member_string (request, body, "note", EWS_MEMBER_NULLABLE, &note))
    return;

  archived_at = list->archived_at != 0 ? list->archived_at : g_get_real_time () / G_USEC_PER_SEC;
  if (!ews_storage_list_set_archived (ews_request_get_storage (request), list->list_id, archived_at,
                                      note, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  reply_archived (request, list, TRUE);
}

/* DELETE /lists/{id}/archive → {"archived": false, "listId"}: the list is
 * as it was before, open or closed; its note goes. */
static void
lists_unarchive (EwsRequest *request)
{
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GError) error = NULL;

  if (user == NULL || (list = ews_lists_load_owned (request, user)) == NULL)
    return;

  if (!ews_storage_list_set_archived (ews_request_get_storage (request), list->list_id, 0, NULL, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  reply_archived (request, list, FALSE);
}

void
ews_lists_archive_register (EwsServer *server)
{
  ews_request_add_route (server, "POST", "/api/lists/{id}/archive", lists_archive);
  ews_request_add_route (server, "DELETE", "/api/lists/{id}/archive", lists_unarchive);
}
