/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-account.h"

G_BEGIN_DECLS

#define EWE_TYPE_IDENTITY_PROVIDER (ewe_identity_provider_get_type ())

G_DECLARE_FINAL_TYPE (EweIdentityProvider, ewe_identity_provider, EWE, IDENTITY_PROVIDER, GObject)

EweIdentityProvider *ewe_identity_provider_new              (const char          *name,
                                                             const char          *type,
                                                             const char          *display_name);
const char          *ewe_identity_provider_get_name         (EweIdentityProvider *self);
const char          *ewe_identity_provider_get_provider_type (EweIdentityProvider *self);
const char          *ewe_identity_provider_get_display_name (EweIdentityProvider *self);

void                 ewe_identity_providers_list_async      (EweAccount          *account,
                                                             const char          *hosted_ui_domain,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GPtrArray           *ewe_identity_providers_list_finish     (GAsyncResult        *result,
                                                             GError             **error);

G_END_DECLS
