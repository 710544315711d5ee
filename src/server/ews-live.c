/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-live"

#include "config.h"

#include "ews-live.h"
#include "ews-request.h"
#include "ews-storage-rules.h"

/* GET /api/events?lists=ID,ID…: an event stream (text/event-stream) of
 * the changes to these lists, for the app to read them again at once
 * rather than at its next periodic pull.
 *
 * Server-Sent Events rather than WebSocket: the notices only ever go one
 * way; the stream is a plain GET, so it is refused with an ordinary status
 * and JSON error before it starts, passes through HTTP proxies and
 * nginx unchanged (no Upgrade), and stays a request that ews-connections.c
 * follows and caps like any other; the client side is a line reader on an
 * HTTP body.
 *
 * Who may watch what: exactly who may read the list. Anyone holding a
 * list's id may read it at /api/lists/{id}/shared, the owner included, so
 * any list that exists may be watched, with or without a token; the
 * notices say only that the list changed, and reading it again shows what
 * that reader is allowed to see.
 *
 * With &user=1 and the user's token, the stream also says when a list
 * joins or leaves the user's lists ("lists" events), so that a list created
 * on another device appears at once, and one they lost goes; ?lists= may then be empty. Only the
 * token's owner hears of their lists, and only of their ids. */

static void
events_get (EwsRequest *request)
{
  SoupServerMessage *msg = ews_request_get_message (request);
  EwsServer         *server = ews_request_get_server (request);
  EwsLiveHub        *hub = ews_server_get_live_hub (server);
  const char        *query = g_uri_get_query (soup_server_message_get_uri (msg));
  const char        *client = ews_request_get_client (request);
  g_autoptr(GHashTable) params = NULL;
  g_auto(GStrv) list_ids = NULL;
  const EwsUser *user = NULL;
  const char    *lists;
  guint          n_lists;

  if (query != NULL)
    params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  lists = params != NULL ? g_hash_table_lookup (params, "lists") : NULL;

  if (params != NULL && g_strcmp0 (g_hash_table_lookup (params, "user"), "1") == 0)
    {
      user = ews_request_require_user (request);
      if (user == NULL)
        return;
    }

  if (user == NULL && (lists == NULL || lists[0] == '\0'))
    {
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                               "Say which lists to watch: ?lists= followed by their ids, separated by commas.");
      return;
    }

  list_ids = lists != NULL && lists[0] != '\0' ? g_strsplit (lists, ",", -1) : g_new0 (char *, 1);
  n_lists = g_strv_length (list_ids);
  if (n_lists > EWS_LIVE_MAX_LISTS)
    {
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "One stream watches at most %u lists.",
                               EWS_LIVE_MAX_LISTS);
      return;
    }

  for (guint i = 0; i < n_lists; i++)
    {
      g_autoptr(EwsList) list = NULL;
      g_autoptr(GError) error = NULL;

      list = ews_storage_list_get (ews_request_get_storage (request), list_ids[i], &error);
      if (list == NULL)
        {
          ews_request_reply_storage_error (request, error);
          return;
        }
    }

  if (!ews_live_hub_can_admit (hub, client))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "30");
      ews_request_reply_error (request, EWS_STATUS_TOO_MANY_REQUESTS,
                               "Too many live-update streams are open from your address; close one first.");
      return;
    }

  ews_server_hold_stream (server, msg);
  ews_live_hub_add (hub, msg, client, (const char * const *)list_ids, user != NULL ? user->sub : NULL);
}

void
ews_live_register (EwsServer *server)
{
  ews_request_add_route (server, "GET", "/api/events", events_get);
}
