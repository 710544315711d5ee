/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-thanks"

#include "config.h"

#include "ews-lists.h"
#include "ews-request.h"
#include "ews-storage-rules.h"

/* After the event, the owner's side: which gifts have arrived, and which
 * givers have been thanked. Not in the original. A gift's "received" is
 * the owner's own note and may be set at any time (a parcel comes before
 * the party); a giver can only be thanked once the reveal date has come,
 * since until then the owner is not told who gave (ews-lists.c). */

/* PUT /lists/{id}/product/{productId}/received {"received": true} */
static void
gift_received (EwsRequest *request)
{
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *product_id = ews_request_get_param (request, "productId");
  gboolean    received = FALSE;
  JsonObject *body;

  if (user == NULL || (body = ews_request_require_body (request)) == NULL ||
      (list = ews_lists_load_owned (request, user)) == NULL)
    return;

  if (!json_object_has_member (body, "received"))
    {
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "“received” is required: true or false.");
      return;
    }
  if (!ews_request_member_bool (request, body, "received", &received))
    return;

  if (!ews_storage_gift_set_received (ews_request_get_storage (request), list->list_id, product_id, received,
                                      &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "productId");
  json_builder_add_string_value (builder, product_id);
  json_builder_set_member_name (builder, "received");
  json_builder_add_boolean_value (builder, received);
  json_builder_end_object (builder);

  ews_request_reply_built (request, builder);
}

/* PUT /lists/{id}/thanks {"email", "thanked": true} → {"email", "thanked",
 * "count"}: every gift that address gave on the list, thanked at once. A
 * gift the giver adds later is not thanked yet, which is what the owner's
 * Thank-yous view should say. */
static void
giver_thanked (EwsRequest *request)
{
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *email = NULL;
  gboolean    thanked = FALSE;
  guint       n_changed = 0;
  JsonObject *body;

  if (user == NULL || (body = ews_request_require_body (request)) == NULL ||
      (list = ews_lists_load_owned (request, user)) == NULL)
    return;

  if (!ews_request_member_string (request, body, "email", EWS_MEMBER_REQUIRED | EWS_MEMBER_NONEMPTY, &email))
    return;
  if (!json_object_has_member (body, "thanked"))
    {
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "“thanked” is required: true or false.");
      return;
    }
  if (!ews_request_member_bool (request, body, "thanked", &thanked))
    return;

  /* Answering anything else before the reveal date would tell the owner
   * whether that address gave. */
  ews_lists_set_revealed (request, list);
  if (!list->revealed)
    {
      ews_request_reply_error (request, SOUP_STATUS_CONFLICT,
                               "Who gave what stays a surprise until the list’s reveal date; "
                               "thank givers from that day on.");
      return;
    }

  if (!ews_storage_giver_set_thanked (ews_request_get_storage (request), list->list_id, email, thanked, &n_changed,
                                      &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "thanked");
  json_builder_add_boolean_value (builder, thanked);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, n_changed);
  json_builder_end_object (builder);

  ews_request_reply_built (request, builder);
}

void
ews_thanks_register (EwsServer *server)
{
  ews_request_add_route (server, "PUT", "/api/lists/{id}/product/{productId}/received", gift_received);
  ews_request_add_route (server, "PUT", "/api/lists/{id}/thanks", giver_thanked);
}
