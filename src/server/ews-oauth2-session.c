/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oauth2"

#include "config.h"

#include "ews-auth-private.h"
#include "ews-auth-storage.h"
#include "ews-client-address.h"
#include "ews-guest-private.h"
#include "ews-oauth2-private.h"

/* The hosted sign-in remembers the browser, as Cognito's hosted UI does:
 * a sign-in on the hosted pages (a password, or an upstream provider)
 * sets a cookie, and for its lifetime (--hosted-session-seconds, an hour
 * by default) /oauth2/authorize from that browser answers with a code at
 * once. /logout ends it.
 *
 * The session is a row of auth_sessions, the table refresh tokens live
 * in, not a one-time record of oauth2_upstream: what must end it is what
 * ends a refresh token's sign-in (GlobalSignOut, ChangePassword and
 * ConfirmForgotPassword revoke all the user's sessions; a deleted account
 * takes its sessions with it), and that table already has the user, the
 * times and the revocation. Only the hash of the cookie's token is
 * stored, prefixed with "browser:", which no SHA-256 in hexadecimal ever
 * is: a cookie's token can never be taken as a refresh token (nor a
 * refresh token as a cookie), whatever string anyone sends as either. */

#define SESSION_COOKIE "ews_session"
#define SESSION_TOKEN_BYTES 32
#define SESSION_HASH_PREFIX "browser:"

static char *
session_hash (const char *token)
{
  g_autofree char *hash = ews_auth_hash_token (token);

  return g_strconcat (SESSION_HASH_PREFIX, hash, NULL);
}

/* Secure unless the server is on plain http (loopback, in tests), where a
 * Secure cookie would never come back; as the other cookies decide. */
static gboolean
is_https (EwsServer *server)
{
  g_autofree char *url = ews_guest_url (server, "/", NULL);

  return g_str_has_prefix (url, "https:");
}

/* Path=/ because /logout, Cognito's address, is not under /oauth2. Lax:
 * sent along when an app sends the browser here (a top-level GET), never
 * on another site's POSTs. */
static void
set_cookie (SoupServerMessage *msg,
            EwsServer         *server,
            const char        *value,
            guint              max_age)
{
  g_autofree char *cookie = g_strdup_printf (SESSION_COOKIE "=%s; Path=/; Max-Age=%u; HttpOnly; SameSite=Lax%s",
                                             value, max_age, is_https (server) ? "; Secure" : "");

  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", cookie);
}

/* The session cookie's token, or NULL when the browser sent none. */
static char *
dup_token (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Cookie");
  g_auto(GStrv) pairs = header != NULL ? g_strsplit (header, ";", -1) : NULL;

  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i++)
    {
      const char *pair = g_strstrip (pairs[i]);

      if (g_str_has_prefix (pair, SESSION_COOKIE "=") && pair[strlen (SESSION_COOKIE "=")] != '\0')
        return g_strdup (pair + strlen (SESSION_COOKIE "="));
    }

  return NULL;
}

/* The session the browser's cookie names, whatever its state; NULL when
 * there is none (or the storage failed, which is logged: the person then
 * signs in on the page, which is never wrong). */
static EwsAuthSession *
cookie_session (SoupServerMessage *msg,
                EwsServer         *server)
{
  EwsAuthStorage  *auth = EWS_AUTH_STORAGE (ews_server_get_storage (server));
  g_autofree char *token = dup_token (msg);
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  EwsAuthSession *session;

  if (token == NULL)
    return NULL;

  hash = session_hash (token);
  session = ews_auth_storage_session_get_by_token (auth, hash, &error);
  if (session == NULL && !g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    g_warning ("Could not look the hosted sign-in's session up: %s", error->message);

  return session;
}

gboolean
ews_oauth2_session_start (SoupServerMessage *msg,
                          EwsServer         *server,
                          const char        *user_id,
                          gint64             now,
                          GError           **error)
{
  EwsAuthStorage  *auth = EWS_AUTH_STORAGE (ews_server_get_storage (server));
  const EwsConfig *config = ews_server_get_config (server);
  g_autoptr(EwsAuthSession) session = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  guint8           random[SESSION_TOKEN_BYTES];

  if (config->hosted_session_s == 0)
    return TRUE;

  /* A new sign-in (prompt=login, or another account) replaces the one
   * this browser had: the old token is not left valid behind it. */
  ews_oauth2_session_end (msg, server, now);

  if (!ews_random_bytes (random, sizeof random, error))
    return FALSE;
  token = ews_base64url_encode (random, sizeof random);
  hash = session_hash (token);

  session = g_new0 (EwsAuthSession, 1);
  session->session_id = g_uuid_string_random ();
  session->user_id = g_strdup (user_id);
  session->created_at = now;
  session->expires_at = now + config->hosted_session_s;
  session->client = ews_client_address (msg, config);

  if (!ews_auth_storage_session_insert (auth, session, hash, error))
    return FALSE;

  set_cookie (msg, server, token, config->hosted_session_s);
  return TRUE;
}

char *
ews_oauth2_session_user (SoupServerMessage *msg,
                         EwsServer         *server,
                         gint64             now,
                         gint64            *auth_time)
{
  EwsAuthStorage *auth = EWS_AUTH_STORAGE (ews_server_get_storage (server));
  g_autoptr(EwsAuthSession) session = cookie_session (msg, server);
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (session == NULL)
    return NULL;

  /* Signed out, a new password, or out of time: the browser forgets it. */
  if (session->revoked_at != 0 || session->expires_at <= now)
    {
      set_cookie (msg, server, "", 0);
      return NULL;
    }

  /* The account must still be there (its sessions go with it anyway). */
  account = ews_auth_storage_account_get (auth, session->user_id, &error);
  if (account == NULL)
    {
      if (!g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
        g_warning ("Could not look the hosted sign-in's account up: %s", error->message);
      set_cookie (msg, server, "", 0);
      return NULL;
    }

  *auth_time = session->created_at;
  return g_steal_pointer (&account->user_id);
}

void
ews_oauth2_session_end (SoupServerMessage *msg,
                        EwsServer         *server,
                        gint64             now)
{
  EwsAuthStorage *auth = EWS_AUTH_STORAGE (ews_server_get_storage (server));
  g_autoptr(EwsAuthSession) session = cookie_session (msg, server);
  g_autoptr(GError) error = NULL;

  if (session == NULL)
    return;

  if (!ews_auth_storage_session_revoke (auth, session->session_id, now, &error))
    g_warning ("Could not end the hosted sign-in's session: %s", error->message);
  set_cookie (msg, server, "", 0);
}

char *
ews_oauth2_signed_in (SoupServerMessage      *msg,
                      EwsServer              *server,
                      const EwsOAuth2Request *request,
                      const char             *user_id,
                      gint64                  now,
                      GError                **error)
{
  if (!ews_oauth2_session_start (msg, server, user_id, now, error))
    return NULL;

  return ews_oauth2_issue_code (server, request, user_id, now, now, error);
}
