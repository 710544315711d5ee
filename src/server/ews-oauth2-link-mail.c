/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oauth2"

#include "config.h"

#include "ewe-email-rules.h"
#include "ews-auth-private.h"
#include "ews-auth-storage.h"
#include "ews-guest-private.h"
#include "ews-jwt.h"
#include "ews-mail-templates.h"
#include "ews-mail.h"
#include "ews-oauth2-storage.h"
#include "ews-oauth2-upstream.h"
#include "ews-rate-limit.h"
#include "ews-request.h"

/* The other way to confirm a link (ews-oauth2-link.c) than the password:
 * the account's mailbox. "Send me a link instead" mails its address a
 * single-use link that expires, kept only as the SHA-256 of its token (as
 * a waiting link is, in oauth2_upstream). Opening the link shows a page
 * with a button; only its form, with its CSRF token, links: mail
 * scanners fetch links, and a GET must change nothing.
 *
 * The browser that asked for the mail gets a cookie; when the link is
 * confirmed in that browser, the sign-in goes on to the app, as a
 * password would have. Anywhere else (the phone the mail was read on) the
 * identity is linked and the page says so: the app's code is only ever
 * handed to the browser the app sent. */

#define MAIL_KIND "link-mail"
#define TOKEN_BYTES 32
#define LINK_COOKIE "ews_link"

static EwsOAuth2Storage *
oauth2_storage (EwsServer *server)
{
  return EWS_OAUTH2_STORAGE (ews_server_get_storage (server));
}

static gboolean
is_https (EwsServer *server)
{
  g_autofree char *url = ews_guest_url (server, "/", NULL);

  return g_str_has_prefix (url, "https:");
}

static char *
random_text (void)
{
  guint8 bytes[TOKEN_BYTES];

  if (!ews_random_bytes (bytes, sizeof bytes, NULL))
    return NULL;
  return ews_base64url_encode (bytes, sizeof bytes);
}

static void
reply_internal_error (SoupServerMessage *msg,
                      EwsServer         *server,
                      const GError      *error)
{
  ews_oauth2_reply_internal_error (msg, server, "Linking by mail", error);
}

static void
reply_expired (SoupServerMessage *msg,
               EwsServer         *server)
{
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);

  ews_guest_reply_message (msg, server, SOUP_STATUS_GONE, ews_tr (catalog, "This link has expired"),
                           ews_tr (catalog, "This link was used already, or it is more than 30 minutes old. Sign "
                                            "in with the provider again to get a new one."));
}

static const char *
member (JsonObject *object,
        const char *name)
{
  return json_object_get_string_member_with_default (object, name, "");
}

/* The value of @name among the request's cookies, or NULL. */
static char *
dup_cookie (SoupServerMessage *msg,
            const char        *name)
{
  const char *header = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Cookie");
  g_auto(GStrv) pairs = header != NULL ? g_strsplit (header, ";", -1) : NULL;
  gsize length = strlen (name);

  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i++)
    {
      const char *pair = g_strstrip (pairs[i]);

      if (strncmp (pair, name, length) == 0 && pair[length] == '=')
        return g_strdup (pair + length + 1);
    }

  return NULL;
}

static void
set_link_cookie (SoupServerMessage *msg,
                 EwsServer         *server,
                 const char        *value,
                 int                max_age)
{
  g_autofree char *cookie = g_strdup_printf (LINK_COOKIE "=%s; Path=" EWS_OAUTH2_LINK_CONFIRM_PATH "; Max-Age=%d; "
                                                         "HttpOnly; SameSite=Lax%s",
                                             value, max_age, is_https (server) ? "; Secure" : "");

  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", cookie);
}

/* The language the owner chose, else the page's. */
static const EwsCatalog *
owner_catalog (SoupServerMessage *msg,
               EwsServer         *server,
               const EwsAccount  *account)
{
  const EwsCatalog *catalog = NULL;

  if (account->language != NULL && account->language[0] != '\0')
    catalog = ews_languages_lookup (ews_server_get_languages (server), account->language);
  return catalog != NULL ? catalog : ews_guest_catalog (msg, server);
}

/* --- "Send me a link instead" --------------------------------------------- */

static void
mail_post_cb (SoupServerMessage *msg,
              GHashTable        *params,
              gpointer           user_data)
{
  EwsServer        *server = user_data;
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(EwsOAuth2Request) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *mailbox = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *binding = NULL;
  g_autofree char *binding_hash = NULL;
  g_autofree char *url = NULL;
  g_autofree char *message = NULL;
  g_autofree char *back = NULL;
  g_autofree char *key = NULL;
  gint64           now = ews_clock_get_unix_seconds (ews_server_get_clock (server));

  if (!ews_guest_check_ready (msg, server))
    return;

  page_path = ews_oauth2_link_posted_page (msg, EWS_OAUTH2_LINK_PATH, "link", &key);

  form = ews_guest_read_form (msg, server, EWS_OAUTH2_LINK_MAIL_PATH, page_path);
  if (form == NULL || (data = ews_oauth2_link_read (msg, server, ews_guest_form_get (form, "link"))) == NULL)
    return;

  /* A mail each time: per client, and per mailbox as the sign-in API's
   * codes are, so the button is no way to flood an inbox. */
  mailbox = ews_rate_limit_mailbox (member (data, "email"));
  if (!ews_guest_check_rate (msg, server, EWS_RATE_CODE_REQUEST, NULL, page_path) ||
      !ews_guest_check_rate (msg, server, EWS_RATE_ACCOUNT_MAIL, mailbox, page_path))
    return;

  account = ews_auth_storage_account_get (EWS_AUTH_STORAGE (ews_server_get_storage (server)),
                                          member (data, "user_id"), &error);
  if (account == NULL)
    {
      if (g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
        reply_expired (msg, server);
      else
        reply_internal_error (msg, server, error);
      return;
    }

  token = random_text ();
  binding = random_text ();
  if (token == NULL || binding == NULL)
    {
      reply_internal_error (msg, server, NULL);
      return;
    }
  token_hash = ews_auth_hash_token (token);
  binding_hash = ews_auth_hash_token (binding);

  stored = json_object_new ();
  json_object_set_string_member (stored, "provider", member (data, "provider"));
  json_object_set_string_member (stored, "display_name", member (data, "display_name"));
  json_object_set_string_member (stored, "subject", member (data, "subject"));
  json_object_set_string_member (stored, "user_id", account->user_id);
  json_object_set_string_member (stored, "email", account->email);
  json_object_set_string_member (stored, "binding", binding_hash);
  json_object_set_object_member (stored, "request", json_object_ref (json_object_get_object_member (data, "request")));
  node = json_node_init_object (json_node_alloc (), stored);
  text = json_to_string (node, FALSE);

  url = ews_guest_url (server, EWS_OAUTH2_LINK_CONFIRM_PATH "?token=", token, NULL);
  if (!ews_oauth2_storage_upstream_put (oauth2_storage (server), MAIL_KIND, token_hash, text, now,
                                        now + EWS_LINK_MAIL_LIFETIME_SECONDS, &error) ||
      !ews_mail_queue_link_confirmation (ews_server_get_mail (server), owner_catalog (msg, server, account),
                                         account->email, account->name, member (data, "display_name"), url,
                                         &error))
    {
      reply_internal_error (msg, server, error);
      return;
    }

  request = ews_oauth2_request_from_json (json_object_get_object_member (data, "request"));
  back = ews_oauth2_request_page_path (request, EWS_OAUTH2_PAGE_SIGN_IN);
  /* Translators: %s is an e-mail address */
  message = g_strdup_printf (ews_tr (catalog, "We sent a link to %s. Open it within 30 minutes to link your "
                                              "accounts. You can close this page."),
                             account->email);
  set_link_cookie (msg, server, binding, EWS_LINK_MAIL_LIFETIME_SECONDS);
  ews_guest_reply_message_with_link (msg, server, SOUP_STATUS_OK, ews_tr (catalog, "Check your inbox"), message,
                                     back, ews_tr (catalog, "Back to sign in"));
}

/* --- the mailed link ------------------------------------------------------ */

/* The link's data: taken (used up) or only read; NULL after a page. */
static JsonObject *
read_mail_link (SoupServerMessage *msg,
                EwsServer         *server,
                const char        *token,
                gboolean           take)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *text = NULL;
  gint64           now = ews_clock_get_unix_seconds (ews_server_get_clock (server));

  if (token != NULL && token[0] != '\0')
    {
      token_hash = ews_auth_hash_token (token);
      text = ews_oauth2_storage_upstream_get (oauth2_storage (server), MAIL_KIND, token_hash, now, take, &error);
    }
  if (error != NULL && !g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      reply_internal_error (msg, server, error);
      return NULL;
    }
  if (text != NULL)
    root = json_from_string (text, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_expired (msg, server);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static void
confirm_get_cb (SoupServerMessage *msg,
                GHashTable        *params,
                gpointer           user_data)
{
  EwsServer        *server = user_data;
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  const char       *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) fields = query != NULL ? soup_form_decode (query) : NULL;
  const char *token = fields != NULL ? g_hash_table_lookup (fields, "token") : NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(EwsOAuth2Request) request = NULL;
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *hint = NULL;
  const char      *title = ews_tr (catalog, "Link your accounts");

  /* Read, not taken: this page changes nothing. */
  if (!ews_guest_check_ready (msg, server) || (data = read_mail_link (msg, server, token, FALSE)) == NULL)
    return;

  request = ews_oauth2_request_from_json (json_object_get_object_member (data, "request"));
  /* Translators: the first %s is a sign-in provider, e.g. Google; the second an e-mail address */
  hint = g_strdup_printf (ews_tr (catalog, "From now on, %s will also sign you in to your Ewelists account %s. "
                                           "If you did not ask for this, close this page: nothing is linked."),
                          member (data, "display_name"), member (data, "email"));

  ews_guest_page_begin (html, server, catalog, title);
  g_string_append (html, "<section class=\"card sign-in\">\n");
  ews_html_printf (html, "<h1>%s</h1>\n<p class=\"hint\">%s</p>\n", title, hint);
  if (!ews_guest_form_begin (html, server, msg, EWS_OAUTH2_LINK_CONFIRM_PATH, NULL, "sign-in-form"))
    {
      reply_internal_error (msg, server, NULL);
      return;
    }
  g_string_append (html, "<input type=\"hidden\" name=\"token\"");
  ews_html_attr (html, "value", token);
  ews_html_printf (html, ">\n<button id=\"confirm-link\" class=\"primary\" type=\"submit\">%s</button>\n</form>\n",
                   ews_tr (catalog, "Link my account"));
  g_string_append (html, "</section>\n");
  ews_guest_page_end (html, catalog);

  ews_html_reply (msg, SOUP_STATUS_OK, html);
  ews_oauth2_set_policy (msg, request);
}

/* The identity is the account's now: on to the app in the browser that
 * asked for the mail, else a page that says so. */
static void
linked (SoupServerMessage *msg,
        EwsServer         *server,
        JsonObject        *data)
{
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  g_autoptr(EwsOAuth2Request) request = ews_oauth2_request_from_json (json_object_get_object_member (data, "request"));
  g_autoptr(GError) error = NULL;
  g_autofree char *binding = dup_cookie (msg, LINK_COOKIE);
  g_autofree char *binding_hash = binding != NULL ? ews_auth_hash_token (binding) : NULL;
  g_autofree char *message = NULL;
  gint64           now = ews_clock_get_unix_seconds (ews_server_get_clock (server));

  if (binding_hash != NULL && ews_secrets_equal (binding_hash, member (data, "binding")))
    {
      g_autofree char *location = NULL;

      set_link_cookie (msg, server, "", 0);
      /* The app's client may have changed meanwhile: checked again. */
      if (!ews_oauth2_request_check (msg, server, request))
        return;
      location = ews_oauth2_signed_in (msg, server, request, member (data, "user_id"), now, &error);
      if (location == NULL)
        {
          reply_internal_error (msg, server, error);
          return;
        }
      ews_html_redirect (msg, location);
      soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
      return;
    }

  /* Translators: %s is a sign-in provider, e.g. Google */
  message = g_strdup_printf (ews_tr (catalog, "You can now sign in with %s."), member (data, "display_name"));
  ews_guest_reply_message (msg, server, SOUP_STATUS_OK, ews_tr (catalog, "Linked"), message);
}

static void
confirm_post_cb (SoupServerMessage *msg,
                 GHashTable        *params,
                 gpointer           user_data)
{
  EwsServer        *server = user_data;
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  EwsOAuth2Storage *storage = oauth2_storage (server);
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *token = NULL;
  gint64           now = ews_clock_get_unix_seconds (ews_server_get_clock (server));

  if (!ews_guest_check_ready (msg, server))
    return;

  page_path = ews_oauth2_link_posted_page (msg, EWS_OAUTH2_LINK_CONFIRM_PATH, "token", &token);

  /* Taken: the link works once. */
  form = ews_guest_read_form (msg, server, EWS_OAUTH2_LINK_CONFIRM_PATH, page_path);
  if (form == NULL || (data = read_mail_link (msg, server, ews_guest_form_get (form, "token"), TRUE)) == NULL)
    return;

  /* The account may have gone since the mail left. */
  account = ews_auth_storage_account_get (EWS_AUTH_STORAGE (ews_server_get_storage (server)),
                                          member (data, "user_id"), &error);
  if (account == NULL)
    {
      if (g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
        reply_expired (msg, server);
      else
        reply_internal_error (msg, server, error);
      return;
    }

  /* Two links for one identity (a mail and a password, two mails): the
   * first confirmed wins; the same account again is no error. */
  owner = ews_oauth2_storage_identity_get (storage, member (data, "provider"), member (data, "subject"), &error);
  if (error != NULL)
    {
      reply_internal_error (msg, server, error);
      return;
    }
  if (owner != NULL && g_strcmp0 (owner, account->user_id) != 0)
    {
      ews_guest_reply_message (msg, server, SOUP_STATUS_CONFLICT, ews_tr (catalog, "Not linked"),
                               ews_tr (catalog, "This sign-in is linked to another account already."));
      return;
    }
  if (owner == NULL &&
      !ews_oauth2_storage_identity_insert (storage, member (data, "provider"), member (data, "subject"),
                                           account->user_id, account->email, now, &error))
    {
      reply_internal_error (msg, server, error);
      return;
    }

  g_message ("Account %s linked to its identity at %s, confirmed by mail", account->user_id,
             member (data, "provider"));
  linked (msg, server, data);
}

void
ews_oauth2_link_mail_register (EwsServer *server)
{
  EwsRouter *router = ews_server_get_router (server);

  ews_router_add (router, "POST", EWS_OAUTH2_LINK_MAIL_PATH, mail_post_cb, server);
  ews_router_add (router, "GET", EWS_OAUTH2_LINK_CONFIRM_PATH, confirm_get_cb, server);
  ews_router_add (router, "POST", EWS_OAUTH2_LINK_CONFIRM_PATH, confirm_post_cb, server);
}
