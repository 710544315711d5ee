/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-storage.h"

G_BEGIN_DECLS

/* EwsOAuth2Storage is the hosted sign-in's part of the storage
 * (ews-oauth2.c): the authorization codes /oauth2/authorize hands out and
 * /oauth2/token takes back. A third interface the storage object
 * implements next to EwsStorage and EwsAuthStorage, in the database so
 * that any server can take a code another server issued, and one only.
 *
 * A code is stored as the SHA-256 of itself, bound to the client, the
 * redirect URI and the PKCE challenge it was issued for. Once taken it
 * stays (used) with the session its tokens were issued from, so that a
 * second use can end that session (RFC 6749 §4.1.2), and so that the
 * session's refresh token is known to belong to that client. */

typedef struct
{
  char   *code_hash;
  char   *client_id;
  char   *redirect_uri;
  char   *code_challenge;   /* PKCE S256: base64url of SHA-256 of the verifier */
  char   *nonce;            /* the client's, for the ID token; NULL when none */
  char   *scope;
  char   *user_id;
  gint64  auth_time;        /* when the password was checked */
  gint64  created_at;
  gint64  expires_at;
  gint64  used_at;          /* 0 until taken */
  char   *session_id;       /* what its tokens came from; NULL until issued */
} EwsOAuth2Code;

void ews_oauth2_code_free (EwsOAuth2Code *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsOAuth2Code, ews_oauth2_code_free)

#define EWS_TYPE_OAUTH2_STORAGE (ews_oauth2_storage_get_type ())

G_DECLARE_INTERFACE (EwsOAuth2Storage, ews_oauth2_storage, EWS, OAUTH2_STORAGE, GObject)

struct _EwsOAuth2StorageInterface
{
  GTypeInterface parent_iface;

  /* Also forgets codes nobody can use any more (see ews-oauth2-storage.c). */
  gboolean       (*code_insert)    (EwsOAuth2Storage   *self,
                                    const EwsOAuth2Code *code,
                                    gint64               forget_before,
                                    GError             **error);
  /* Marks the code used at @now and returns it as it was, unused; CONFLICT
   * (with *@used set to the row) when it was used already, NOT_FOUND when
   * there is no such code. One caller only ever gets it unused, whatever
   * the number of servers. */
  EwsOAuth2Code *(*code_take)      (EwsOAuth2Storage   *self,
                                    const char          *code_hash,
                                    gint64               now,
                                    EwsOAuth2Code      **used,
                                    GError             **error);
  gboolean       (*code_set_session) (EwsOAuth2Storage *self,
                                      const char       *code_hash,
                                      const char       *session_id,
                                      GError          **error);
  /* The code a session's tokens were first issued for (its client and
   * scope); NULL without an error for a session that came from no code
   * (the sign-in API's). */
  EwsOAuth2Code *(*session_code)   (EwsOAuth2Storage   *self,
                                    const char          *session_id,
                                    GError             **error);

  /* The upstream sign-in (ews-oauth2-upstream.c): one-time records by the
   * SHA-256 of their key, of a @kind ("flow": a sign-in sent to a
   * provider, by its state; "link": an identity waiting for the owner of
   * an account to confirm it), their @data opaque (JSON). Also forgets
   * those that expired before @forget_before. */
  gboolean       (*upstream_put)   (EwsOAuth2Storage   *self,
                                    const char          *kind,
                                    const char          *key_hash,
                                    const char          *data,
                                    gint64               now,
                                    gint64               expires_at,
                                    GError             **error);
  /* The data of an unused, unexpired record of @kind; with @take, it is
   * marked used, and one caller only ever gets it. NOT_FOUND for one
   * that is unknown, used or expired alike. */
  char          *(*upstream_get)   (EwsOAuth2Storage   *self,
                                    const char          *kind,
                                    const char          *key_hash,
                                    gint64               now,
                                    gboolean             take,
                                    GError             **error);
  /* Identities at providers (@provider: its configured name; @subject:
   * its "sub", or Facebook's id) and the account each signs in to: the
   * user ID, or NULL without an error when there is none. */
  char          *(*identity_get)   (EwsOAuth2Storage   *self,
                                    const char          *provider,
                                    const char          *subject,
                                    GError             **error);
  gboolean       (*identity_insert) (EwsOAuth2Storage  *self,
                                     const char        *provider,
                                     const char        *subject,
                                     const char        *user_id,
                                     const char        *email,
                                     gint64             now,
                                     GError           **error);
};

gboolean       ews_oauth2_storage_code_insert      (EwsOAuth2Storage    *self,
                                                    const EwsOAuth2Code *code,
                                                    gint64               forget_before,
                                                    GError             **error);
EwsOAuth2Code *ews_oauth2_storage_code_take        (EwsOAuth2Storage    *self,
                                                    const char          *code_hash,
                                                    gint64               now,
                                                    EwsOAuth2Code      **used,
                                                    GError             **error);
gboolean       ews_oauth2_storage_code_set_session (EwsOAuth2Storage    *self,
                                                    const char          *code_hash,
                                                    const char          *session_id,
                                                    GError             **error);
EwsOAuth2Code *ews_oauth2_storage_session_code     (EwsOAuth2Storage    *self,
                                                    const char          *session_id,
                                                    GError             **error);
gboolean       ews_oauth2_storage_upstream_put     (EwsOAuth2Storage    *self,
                                                    const char          *kind,
                                                    const char          *key_hash,
                                                    const char          *data,
                                                    gint64               now,
                                                    gint64               expires_at,
                                                    GError             **error);
char          *ews_oauth2_storage_upstream_get     (EwsOAuth2Storage    *self,
                                                    const char          *kind,
                                                    const char          *key_hash,
                                                    gint64               now,
                                                    gboolean             take,
                                                    GError             **error);
char          *ews_oauth2_storage_identity_get     (EwsOAuth2Storage    *self,
                                                    const char          *provider,
                                                    const char          *subject,
                                                    GError             **error);
gboolean       ews_oauth2_storage_identity_insert  (EwsOAuth2Storage    *self,
                                                    const char          *provider,
                                                    const char          *subject,
                                                    const char          *user_id,
                                                    const char          *email,
                                                    gint64               now,
                                                    GError             **error);

G_END_DECLS
