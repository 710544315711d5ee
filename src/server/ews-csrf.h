/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* CSRF protection for the guest pages' forms, without server-side state.
 *
 * Each browser gets a random nonce in a cookie (HttpOnly, SameSite=Lax).
 * Each form carries a token: an expiry time and an HMAC-SHA256, under a
 * key derived from the server's secret, of the nonce, the path the form
 * posts to, and that expiry. A POST is accepted only with a token that is
 * unexpired, made for that very path, and made for the nonce in the cookie
 * that came with it. Another site can fetch our pages and get tokens, but
 * only for its own nonce; it cannot set or read our cookie, so it cannot
 * make a victim's browser send a matching pair (a signed double submit). */

#define EWS_CSRF_ERROR (ews_csrf_error_quark ())

typedef enum
{
  EWS_CSRF_ERROR_MISSING,   /* no token, or no cookie */
  EWS_CSRF_ERROR_INVALID,   /* forged, or made for another form or browser */
  EWS_CSRF_ERROR_EXPIRED,
} EwsCsrfError;

#define EWS_CSRF_COOKIE           "ews_csrf"
#define EWS_CSRF_FIELD            "csrf_token"
/* Long enough for a page left open over an afternoon. */
#define EWS_CSRF_LIFETIME_SECONDS (12 * 60 * 60)

GQuark    ews_csrf_error_quark (void);

/* The nonce from the request's cookie, or a new one that is set in the
 * response's cookie. NULL only if the kernel gave no random bytes. */
char     *ews_csrf_ensure_nonce (SoupServerMessage  *msg,
                                 gboolean            secure,
                                 GError            **error);
char     *ews_csrf_token_new    (GBytes             *server_secret,
                                 const char         *nonce,
                                 const char         *action_path,
                                 gint64              expires_at);
/* Checks @token against the request's cookie, @action_path and @now. */
gboolean  ews_csrf_check        (GBytes             *server_secret,
                                 SoupServerMessage  *msg,
                                 const char         *action_path,
                                 const char         *token,
                                 gint64              now,
                                 GError            **error);

G_END_DECLS
