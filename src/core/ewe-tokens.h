/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The tokens of one signed-in account, as Cognito hands them out, with the
 * ID token's claims decoded for display (the signature is the server's to
 * check; the client only reads who it is and when it expires). */
typedef struct _EweTokens EweTokens;

#define EWE_TYPE_TOKENS (ewe_tokens_get_type ())

GType       ewe_tokens_get_type          (void) G_GNUC_CONST;
EweTokens  *ewe_tokens_new               (const char       *id_token,
                                          const char       *access_token,
                                          const char       *refresh_token,
                                          GError          **error);
EweTokens  *ewe_tokens_ref               (EweTokens        *self);
void        ewe_tokens_unref             (EweTokens        *self);
const char *ewe_tokens_get_id_token      (const EweTokens  *self);
const char *ewe_tokens_get_access_token  (const EweTokens  *self);
const char *ewe_tokens_get_refresh_token (const EweTokens  *self);
const char *ewe_tokens_get_sub           (const EweTokens  *self);
const char *ewe_tokens_get_email         (const EweTokens  *self);
const char *ewe_tokens_get_name          (const EweTokens  *self);
gint64      ewe_tokens_get_expires_at    (const EweTokens  *self);
gboolean    ewe_tokens_expires_within    (const EweTokens  *self,
                                          GTimeSpan         span);
EweTokens  *ewe_tokens_renewed           (const EweTokens  *self,
                                          const char       *id_token,
                                          const char       *access_token,
                                          GError          **error);
gboolean    ewe_tokens_check_id_token    (const char       *id_token,
                                          const char       *issuer,
                                          const char       *audience,
                                          const char       *nonce,
                                          GError          **error);
char       *ewe_tokens_serialize         (const EweTokens  *self);
EweTokens  *ewe_tokens_deserialize       (const char       *data,
                                          GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EweTokens, ewe_tokens_unref)

G_END_DECLS
