/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* JSON Web Tokens signed with HMAC-SHA256 (RFC 7519, "HS256") and the
 * per-server secret they are signed with. Only HS256 is ever accepted. */

#define EWS_JWT_ERROR (ews_jwt_error_quark ())

typedef enum
{
  EWS_JWT_ERROR_MALFORMED,      /* not three base64url parts of JSON */
  EWS_JWT_ERROR_BAD_SIGNATURE,  /* wrong signature, or an algorithm other than HS256 */
  EWS_JWT_ERROR_EXPIRED,        /* "exp" is not after now */
} EwsJwtError;

/* The smallest secret we accept: as long as the HMAC-SHA256 output. */
#define EWS_JWT_SECRET_MIN_LENGTH 32

GQuark      ews_jwt_error_quark           (void);

gboolean    ews_jwt_load_or_create_secret (const char  *data_dir,
                                           GBytes     **secret,
                                           GError     **error);
char       *ews_jwt_sign                  (GBytes      *secret,
                                           JsonObject  *claims);
JsonObject *ews_jwt_verify                (GBytes      *secret,
                                           const char  *token,
                                           gint64       now_unix,
                                           GError     **error);

/* Helpers the rest of the server shares for random ids and tokens. */
gboolean    ews_random_bytes              (guint8      *buffer,
                                           gsize        length,
                                           GError     **error);
char       *ews_base64url_encode          (const guint8 *data,
                                           gsize         length);

G_END_DECLS
