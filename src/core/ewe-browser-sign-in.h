/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-account.h"

G_BEGIN_DECLS

/* Five minutes: long enough to make an account at a provider, short
 * enough that a forgotten tab does not keep a port open all day. */
#define EWE_BROWSER_SIGN_IN_DEFAULT_TIMEOUT_MS (5 * 60 * 1000)

#define EWE_TYPE_BROWSER_SIGN_IN (ewe_browser_sign_in_get_type ())

G_DECLARE_FINAL_TYPE (EweBrowserSignIn, ewe_browser_sign_in, EWE, BROWSER_SIGN_IN, GObject)

EweBrowserSignIn *ewe_browser_sign_in_new                   (EweAccount          *account,
                                                             const char          *hosted_ui_domain);
void              ewe_browser_sign_in_set_identity_provider (EweBrowserSignIn    *self,
                                                             const char          *identity_provider);
void              ewe_browser_sign_in_set_timeout           (EweBrowserSignIn    *self,
                                                             guint                timeout_ms);
void              ewe_browser_sign_in_set_port              (EweBrowserSignIn    *self,
                                                             guint                port);
const char       *ewe_browser_sign_in_get_redirect_uri      (EweBrowserSignIn    *self);
const char       *ewe_browser_sign_in_get_state             (EweBrowserSignIn    *self);
void              ewe_browser_sign_in_run_async             (EweBrowserSignIn    *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean          ewe_browser_sign_in_run_finish            (EweBrowserSignIn    *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

G_END_DECLS
