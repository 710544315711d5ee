/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-guest"

#include "config.h"

#include "ews-coowners.h"
#include "ews-guest-private.h"
#include "ews-router.h"

/* GET /invitation/{invitationId}?key=…: where the link in a co-owner
 * invitation lands when it is opened in a browser. Accepting needs an
 * account, which lives in the app, so the page says who invited whom to
 * which list and how to take the link to the app; it changes nothing. The
 * list's title is shown only with the right key, as the API does. */

static char *
query_param (SoupServerMessage *msg,
             const char        *name)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = NULL;

  if (query == NULL)
    return NULL;

  params = soup_form_decode (query);
  return g_strdup (g_hash_table_lookup (params, name));
}

static void
invitation_page_cb (SoupServerMessage *msg,
                    GHashTable        *params,
                    gpointer           user_data)
{
  EwsServer        *server = user_data;
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  const char       *invitation_id = g_hash_table_lookup (params, "invitationId");
  g_autofree char  *key = query_param (msg, "key");
  g_autofree char  *hash = NULL;
  g_autofree char  *link = NULL;
  g_autofree char  *title = NULL;
  g_autoptr(EwsInvitation) invitation = NULL;
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GString) html = NULL;
  g_autoptr(GError) error = NULL;
  const char *state;
  EwsStorage *storage;

  if (!ews_guest_check_ready (msg, server) || !ews_guest_check_rate (msg, server, EWS_RATE_GUEST, NULL, NULL))
    return;

  storage = ews_server_get_storage (server);
  invitation = ews_coowner_storage_invitation_get (EWS_COOWNER_STORAGE (storage), invitation_id, &error);
  if (invitation != NULL)
    list = ews_storage_list_get (storage, invitation->list_id, &error);
  hash = key != NULL ? ews_coowners_hash_key (key) : NULL;
  if (list != NULL && (hash == NULL || !g_str_equal (hash, invitation->key_hash)))
    {
      g_clear_pointer (&list, ews_list_free);
      g_set_error_literal (&error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND, "wrong key");
    }
  if (list == NULL)
    {
      ews_guest_reply_storage_failure (msg, server, error, ews_tr (catalog, "No such invitation"),
                                       ews_tr (catalog, "This invitation does not exist or was withdrawn. "
                                                        "Check that the link was not cut short."));
      return;
    }

  state = ews_coowners_invitation_state (
    invitation, ews_clock_get_unix_seconds (ews_server_get_clock (server)));
  if (g_str_equal (state, "accepted"))
    {
      ews_guest_reply_message (msg, server, SOUP_STATUS_CONFLICT, ews_tr (catalog, "Invitation used"),
                               ews_tr (catalog, "This invitation has been accepted already. The list is "
                                                "in the Ewelists app of the account that accepted it."));
      return;
    }
  if (g_str_equal (state, "expired"))
    {
      ews_guest_reply_message (msg, server, SOUP_STATUS_GONE, ews_tr (catalog, "Invitation expired"),
                               ews_tr (catalog, "This invitation has expired. Ask the list’s owner to "
                                                "invite you again."));
      return;
    }

  link = ews_guest_url (server, "/invitation/", invitation_id, "?key=", key, NULL);
  title = g_strdup_printf (ews_tr (catalog, "An invitation to own “%s”"), list->title);

  html = g_string_new (NULL);
  ews_guest_page_begin (html, server, catalog, title);
  ews_html_printf (html, "<section class=\"card message\">\n<h1>%s</h1>\n<p>", title);
  ews_html_printf (html, ews_tr (catalog, "%s invited you to own the gift list “%s” with them."),
                   invitation->inviter_name != NULL && invitation->inviter_name[0] != '\0'
                     ? invitation->inviter_name
                     : ews_tr (catalog, "Someone"),
                   list->title);
  ews_html_printf (html, "</p>\n<p>%s</p>\n<p><code>%s</code></p>\n</section>\n",
                   ews_tr (catalog, "To accept, sign in to the Ewelists app, choose “Open Shared Link” in its "
                                    "menu and paste this page’s address:"),
                   link);
  ews_guest_page_end (html, catalog);

  ews_html_reply (msg, SOUP_STATUS_OK, html);
}

void
ews_guest_invitation_page_register (EwsServer *server)
{
  ews_router_add (ews_server_get_router (server), "GET", "/invitation/{invitationId}", invitation_page_cb, server);
}
