/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-api-client.h"
#include "ewe-gift.h"

G_BEGIN_DECLS

/* Finds the product behind a shop's address: in the server's catalogue
 * when @api_client has one (a gift of type CATALOGUE with its product id),
 * otherwise, or when the catalogue does not have it, from the page itself
 * (type NOTFOUND, no product id). The errors are the page reader's
 * (EWE_PAGE_METADATA_ERROR): a catalogue that cannot be asked is not one. */
void     ewe_product_lookup_async  (EweApiClient         *api_client,
                                    const char           *url,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
EweGift *ewe_product_lookup_finish (GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
