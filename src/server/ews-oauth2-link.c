/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oauth2"

#include "config.h"

#include "ewe-email-rules.h"
#include "ews-auth-private.h"
#include "ews-auth-storage.h"
#include "ews-guest-private.h"
#include "ews-jwt.h"
#include "ews-oauth2-storage.h"
#include "ews-oauth2-upstream.h"
#include "ews-request.h"

/* Whose account an identity at a provider signs in to (see
 * ews-oauth2-upstream.c): the one it was linked to before; a new one for a
 * new person whose address the provider vouches for; and for an address
 * that already has a password account here, that account, but only once
 * its owner has confirmed it with the password (a page of its own, the
 * link waiting in the database meanwhile). A provider's word is never
 * enough to take over an account that exists: an address it does not
 * vouch for links nothing, and makes nothing. */

#define LINK_KIND "link"
#define LINK_LIFETIME_SECONDS (15 * 60)
#define LINK_BYTES 32

static EwsOAuth2Storage *
oauth2_storage (EwsServer *server)
{
  return EWS_OAUTH2_STORAGE (ews_server_get_storage (server));
}

static EwsAuthStorage *
auth_storage (EwsServer *server)
{
  return EWS_AUTH_STORAGE (ews_server_get_storage (server));
}

/* A failure on the server's side, logged as @what failing. */
void
ews_oauth2_reply_internal_error (SoupServerMessage *msg,
                                 EwsServer         *server,
                                 const char        *what,
                                 const GError      *error)
{
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);

  g_warning ("%s failed: %s", what, error != NULL ? error->message : "no reason");
  ews_guest_reply_message (msg, server, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                           ews_tr (catalog, "Something went wrong"),
                           ews_tr (catalog, "Signing in failed on our side. Please try again in a moment."));
}

static void
reply_internal_error (SoupServerMessage *msg,
                      EwsServer         *server,
                      const GError      *error)
{
  ews_oauth2_reply_internal_error (msg, server, "Upstream sign-in", error);
}

/* Where "Open the page again" leads from a form posted to a link page:
 * @page with the form's @field (the link's key, the mail's token) as
 * posted, which says nothing more until the CSRF check has passed. Sets
 * @value to the field as posted, or NULL. */
char *
ews_oauth2_link_posted_page (SoupServerMessage *msg,
                             const char        *page,
                             const char        *field,
                             char             **value)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) raw = soup_form_decode (text);
  const char      *posted = g_hash_table_lookup (raw, field);
  g_autofree char *escaped = g_uri_escape_string (posted != NULL ? posted : "", NULL, FALSE);

  *value = g_strdup (posted);

  return g_strconcat (page, "?", field, "=", escaped, NULL);
}

/* The app's code, and the browser sent back to it. */
static void
finish (SoupServerMessage      *msg,
        EwsServer              *server,
        const EwsOAuth2Request *request,
        const char             *user_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  gint64           now = ews_clock_get_unix_seconds (ews_server_get_clock (server));

  location = ews_oauth2_signed_in (msg, server, request, user_id, now, &error);
  if (location == NULL)
    {
      reply_internal_error (msg, server, error);
      return;
    }

  ews_html_redirect (msg, location);
  soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
}

/* The page that asks for the password of the account to link to. */
static void
link_page_reply (SoupServerMessage      *msg,
                 EwsServer              *server,
                 const EwsOAuth2Request *request,
                 JsonObject             *data,
                 const char             *key,
                 guint                   status,
                 const char             *error_text)
{
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *hint = NULL;
  g_autofree char *back_path = ews_oauth2_request_page_path (request, EWS_OAUTH2_PAGE_SIGN_IN);
  g_autofree char *back = ews_guest_url (server, back_path, NULL);
  const char      *title = ews_tr (catalog, "Link your accounts");
  const char      *email = json_object_get_string_member_with_default (data, "email", "");
  const char      *provider = json_object_get_string_member_with_default (data, "display_name", "");

  /* Translators: the first %s is an e-mail address, the second a sign-in provider, e.g. Google */
  hint = g_strdup_printf (ews_tr (catalog, "There is an Ewelists account for %s already. Enter its password to "
                                           "confirm that it is yours: from then on you can also sign in to it "
                                           "with %s."),
                          email, provider);

  ews_guest_page_begin (html, server, catalog, title);
  g_string_append (html, "<section class=\"card sign-in\">\n");
  ews_html_printf (html, "<h1>%s</h1>\n<p class=\"hint\">%s</p>\n", title, hint);
  if (error_text != NULL)
    ews_html_printf (html, "<p class=\"notice error-summary\" role=\"alert\">%s</p>\n", error_text);

  if (!ews_guest_form_begin (html, server, msg, EWS_OAUTH2_LINK_PATH, NULL, "sign-in-form"))
    {
      reply_internal_error (msg, server, NULL);
      return;
    }
  g_string_append (html, "<input type=\"hidden\" name=\"link\"");
  ews_html_attr (html, "value", key);
  g_string_append (html, ">\n<input type=\"hidden\" name=\"email\" autocomplete=\"username\"");
  ews_html_attr (html, "value", email);
  ews_html_printf (html,
                   ">\n<label for=\"password\">%s</label>\n"
                   "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" "
                   "maxlength=\"256\" required autofocus>\n"
                   "<button class=\"primary\" type=\"submit\">%s</button>\n</form>\n",
                   ews_tr (catalog, "Password"), ews_tr (catalog, "Link and sign in"));

  /* Or the mailbox: the owner may not know the password, or may have
   * none left to type (a password manager on another device). */
  if (!ews_guest_form_begin (html, server, msg, EWS_OAUTH2_LINK_MAIL_PATH, NULL, "link-mail-form"))
    {
      reply_internal_error (msg, server, NULL);
      return;
    }
  g_string_append (html, "<input type=\"hidden\" name=\"link\"");
  ews_html_attr (html, "value", key);
  ews_html_printf (html, ">\n<button id=\"send-link\" type=\"submit\">%s</button>\n</form>\n",
                   ews_tr (catalog, "Send me a link instead"));

  g_string_append (html, "<p class=\"links\"><a");
  ews_html_attr (html, "href", back);
  ews_html_printf (html, ">%s</a></p>\n", ews_tr (catalog, "Back to sign in"));
  g_string_append (html, "</section>\n");
  ews_guest_page_end (html, catalog);

  ews_html_reply (msg, status, html);
  ews_oauth2_set_policy (msg, request);
}

/* A link waiting for the owner of @user_id to confirm it, and the page. */
static void
ask_to_link (SoupServerMessage       *msg,
             EwsServer               *server,
             const EwsOAuth2Provider *provider,
             const EwsOAuth2Request  *request,
             const char              *subject,
             const EwsAccount        *account)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;
  g_autofree char *key_hash = NULL;
  guint8           bytes[LINK_BYTES];
  gint64           now = ews_clock_get_unix_seconds (ews_server_get_clock (server));

  if (!ews_random_bytes (bytes, sizeof bytes, &error))
    {
      reply_internal_error (msg, server, error);
      return;
    }
  key = ews_base64url_encode (bytes, sizeof bytes);
  key_hash = ews_auth_hash_token (key);

  json_object_set_string_member (data, "provider", provider->name);
  json_object_set_string_member (data, "display_name", provider->display_name);
  json_object_set_string_member (data, "subject", subject);
  json_object_set_string_member (data, "user_id", account->user_id);
  json_object_set_string_member (data, "email", account->email);
  json_object_set_object_member (data, "request", ews_oauth2_request_to_json (request));
  node = json_node_init_object (json_node_alloc (), data);
  text = json_to_string (node, FALSE);

  if (!ews_oauth2_storage_upstream_put (oauth2_storage (server), LINK_KIND, key_hash, text, now,
                                        now + LINK_LIFETIME_SECONDS, &error))
    {
      reply_internal_error (msg, server, error);
      return;
    }

  link_page_reply (msg, server, request, data, key, SOUP_STATUS_OK, NULL);
}

static void
refuse (SoupServerMessage      *msg,
        EwsServer              *server,
        const EwsOAuth2Request *request,
        const char             *message)
{
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  g_autofree char  *back = ews_oauth2_request_page_path (request, EWS_OAUTH2_PAGE_SIGN_IN);

  ews_guest_reply_message_with_link (msg, server, SOUP_STATUS_FORBIDDEN, ews_tr (catalog, "Not signed in"), message,
                                     back, ews_tr (catalog, "Back to sign in"));
}

void
ews_oauth2_upstream_sign_in (SoupServerMessage       *msg,
                             EwsServer               *server,
                             const EwsOAuth2Provider *provider,
                             const EwsOAuth2Request  *request,
                             const char              *subject,
                             const char              *email,
                             gboolean                 email_verified,
                             const char              *name)
{
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsAccount) existing = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *email_key = NULL;
  g_autofree char *message = NULL;
  EwsAccount       account = { 0 };
  gint64           now = ews_clock_get_unix_seconds (ews_server_get_clock (server));

  user_id = ews_oauth2_storage_identity_get (oauth2_storage (server), provider->name, subject, &error);
  if (error != NULL)
    {
      reply_internal_error (msg, server, error);
      return;
    }
  if (user_id != NULL)
    {
      finish (msg, server, request, user_id);
      return;
    }

  if (email == NULL || !email_verified)
    {
      /* Translators: %s is a sign-in provider, e.g. Google */
      message = g_strdup_printf (ews_tr (catalog, "%s did not confirm an e-mail address for you, so no account can "
                                                  "be made with it. Confirm your address there, or create an "
                                                  "account here with your e-mail address."),
                                 provider->display_name);
      refuse (msg, server, request, message);
      return;
    }

  email_key = ewe_email_normalize (email);
  existing = ews_auth_storage_account_get_by_email (auth_storage (server), email_key, &error);
  if (existing == NULL && !g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      reply_internal_error (msg, server, error);
      return;
    }
  g_clear_error (&error);

  if (existing != NULL)
    {
      if (existing->password_hash != NULL && existing->password_hash[0] != '\0')
        {
          ask_to_link (msg, server, provider, request, subject, existing);
          return;
        }
      /* Translators: %s is an e-mail address */
      message = g_strdup_printf (ews_tr (catalog, "There is an account for %s already, which signs in another "
                                                  "way. Sign in as you did before."),
                                 email);
      refuse (msg, server, request, message);
      return;
    }

  /* A new person. No password: the account signs in with the provider
   * (an empty hash matches none), or sets one with "Forgot your
   * password?". The provider confirmed the address. */
  user_id = g_uuid_string_random ();
  account.user_id = user_id;
  account.email_key = email_key;
  account.email = (char *)email;
  account.name = (char *)(name != NULL ? name : "");
  account.password_hash = (char *)"";
  account.confirmed = TRUE;
  account.created_at = now;
  account.language = (char *)"";

  if (!ews_auth_storage_account_insert (auth_storage (server), &account, &error) ||
      !ews_oauth2_storage_identity_insert (oauth2_storage (server), provider->name, subject, user_id, email, now,
                                           &error))
    {
      reply_internal_error (msg, server, error);
      return;
    }

  g_message ("New account %s from %s", user_id, provider->name);
  finish (msg, server, request, user_id);
}

/* --- the confirmation ----------------------------------------------------- */

typedef struct
{
  EwsOAuth2Request *request;
  JsonObject       *data;
  char             *key;
} Link;

static void
link_free (gpointer pointer)
{
  Link *link = pointer;

  ews_oauth2_request_free (link->request);
  json_object_unref (link->data);
  g_free (link->key);
  g_free (link);
}

JsonObject *
ews_oauth2_link_read (SoupServerMessage *msg,
                      EwsServer         *server,
                      const char        *key)
{
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *key_hash = key != NULL ? ews_auth_hash_token (key) : NULL;
  g_autofree char *text = NULL;
  gint64           now = ews_clock_get_unix_seconds (ews_server_get_clock (server));

  if (key_hash != NULL)
    text = ews_oauth2_storage_upstream_get (oauth2_storage (server), LINK_KIND, key_hash, now, FALSE, &error);
  if (text != NULL)
    root = json_from_string (text, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      ews_guest_reply_message (msg, server, SOUP_STATUS_BAD_REQUEST, ews_tr (catalog, "This sign-in has expired"),
                               ews_tr (catalog, "This sign-in was used already, took too long, or was started in "
                                                "another browser. Go back to the app and sign in again."));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static JsonNode *
linked_cb (EwsAuthCall      *call,
           const EwsAccount *account,
           GError          **error)
{
  Link *link = call->hook_data;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key_hash = ews_auth_hash_token (link->key);
  g_autofree char *taken = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *location = NULL;
  g_autoptr(JsonObject) reply = NULL;

  /* The password of another account (the address was changed meanwhile)
   * proves nothing about this one. */
  if (g_strcmp0 (account->user_id, json_object_get_string_member_with_default (link->data, "user_id", "")) != 0)
    {
      ews_auth_set_not_authorized (error, "Incorrect username or password.");
      return NULL;
    }

  taken = ews_oauth2_storage_upstream_get (EWS_OAUTH2_STORAGE (call->storage), LINK_KIND, key_hash, call->now, TRUE,
                                           &local_error);
  /* The owner may have confirmed by mail meanwhile (ews-oauth2-link-mail.c),
   * from the page that is still open here: linked already, to this
   * account, is no reason to fail. */
  if (taken != NULL)
    owner = ews_oauth2_storage_identity_get (EWS_OAUTH2_STORAGE (call->storage),
                                             json_object_get_string_member (link->data, "provider"),
                                             json_object_get_string_member (link->data, "subject"), &local_error);
  if (taken == NULL || local_error != NULL || (owner != NULL && g_strcmp0 (owner, account->user_id) != 0) ||
      (owner == NULL &&
       !ews_oauth2_storage_identity_insert (EWS_OAUTH2_STORAGE (call->storage),
                                            json_object_get_string_member (link->data, "provider"),
                                            json_object_get_string_member (link->data, "subject"), account->user_id,
                                            account->email, call->now, &local_error)))
    {
      ews_auth_internal_error (error, local_error);
      return NULL;
    }

  g_message ("Account %s linked to its identity at %s", account->user_id,
             json_object_get_string_member (link->data, "provider"));

  location = ews_oauth2_signed_in (call->msg, call->server, link->request, account->user_id, call->now, &local_error);
  if (location == NULL)
    {
      ews_auth_internal_error (error, local_error);
      return NULL;
    }

  reply = json_object_new ();
  json_object_set_string_member (reply, "location", location);
  return ews_auth_take_object (g_steal_pointer (&reply));
}

static void
link_finish_cb (EwsAuthCall  *call,
                JsonNode     *reply,
                const GError *error)
{
  Link             *link = call->hook_data;
  const EwsCatalog *catalog = ews_guest_catalog (call->msg, call->server);
  const char       *message;
  guint             status = SOUP_STATUS_BAD_REQUEST;

  if (reply != NULL)
    {
      ews_html_redirect (call->msg, json_object_get_string_member (json_node_get_object (reply), "location"));
      return;
    }

  if (g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_TOO_MANY_REQUESTS) ||
      g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_LIMIT_EXCEEDED) ||
      (g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_NOT_AUTHORIZED) &&
       strcmp (error->message, "Password attempts exceeded") == 0))
    {
      status = EWS_STATUS_TOO_MANY_REQUESTS;
      message = ews_tr (catalog, "Too many wrong passwords in a row. Please wait a little and try again.");
    }
  else if (error->domain == EWS_AUTH_ERROR && error->code != EWS_AUTH_ERROR_INTERNAL)
    message = ews_tr (catalog, "That is not the password of this account.");
  else
    {
      status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      message = ews_tr (catalog, "Signing in failed on our side. Please try again in a moment.");
    }

  link_page_reply (call->msg, call->server, link->request, link->data, link->key, status, message);
}

static void
link_get_cb (SoupServerMessage *msg,
             GHashTable        *params,
             gpointer           user_data)
{
  EwsServer  *server = user_data;
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) fields = query != NULL ? soup_form_decode (query) : NULL;
  const char *key = fields != NULL ? g_hash_table_lookup (fields, "link") : NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(EwsOAuth2Request) request = NULL;

  if (!ews_guest_check_ready (msg, server) || (data = ews_oauth2_link_read (msg, server, key)) == NULL)
    return;

  request = ews_oauth2_request_from_json (json_object_get_object_member (data, "request"));
  link_page_reply (msg, server, request, data, key, SOUP_STATUS_OK, NULL);
}

static void
link_post_cb (SoupServerMessage *msg,
              GHashTable        *params,
              gpointer           user_data)
{
  EwsServer *server = user_data;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(EwsAuthCall) call = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *key = NULL;
  const char      *password;
  JsonObject      *body;
  JsonObject      *parameters;
  Link            *link;

  if (!ews_guest_check_ready (msg, server))
    return;

  page_path = ews_oauth2_link_posted_page (msg, EWS_OAUTH2_LINK_PATH, "link", &key);

  form = ews_guest_read_form (msg, server, EWS_OAUTH2_LINK_PATH, page_path);
  if (form == NULL || (data = ews_oauth2_link_read (msg, server, key)) == NULL)
    return;

  link = g_new0 (Link, 1);
  link->request = ews_oauth2_request_from_json (json_object_get_object_member (data, "request"));
  link->data = json_object_ref (data);
  link->key = g_strdup (key);

  password = g_hash_table_lookup (form, "password");
  if (password == NULL || password[0] == '\0')
    {
      const EwsCatalog *catalog = ews_guest_catalog (msg, server);

      link_page_reply (msg, server, link->request, data, key, SOUP_STATUS_BAD_REQUEST,
                       ews_tr (catalog, "Enter your password."));
      link_free (link);
      return;
    }

  /* The sign-in API's own password check, with its lockout and limits,
   * for the account the link is for. */
  parameters = json_object_new ();
  json_object_set_string_member (parameters, "USERNAME", json_object_get_string_member (data, "email"));
  json_object_set_string_member (parameters, "PASSWORD", password);
  body = json_object_new ();
  json_object_set_string_member (body, "ClientId", ews_server_get_config (server)->client_id);
  json_object_set_string_member (body, "AuthFlow", "USER_PASSWORD_AUTH");
  json_object_set_object_member (body, "AuthParameters", parameters);

  call = ews_auth_call_new (server, msg, body);
  call->signed_in = linked_cb;
  call->finish = link_finish_cb;
  call->hook_data = link;
  call->hook_data_free = link_free;

  result = ews_auth_initiate_auth (call, &error);
  if (result != NULL || error != NULL)
    link_finish_cb (call, result, error);
}

void
ews_oauth2_link_register (EwsServer *server)
{
  EwsRouter *router = ews_server_get_router (server);

  ews_router_add (router, "GET", EWS_OAUTH2_LINK_PATH, link_get_cb, server);
  ews_router_add (router, "POST", EWS_OAUTH2_LINK_PATH, link_post_cb, server);
  ews_oauth2_link_mail_register (server);
}
