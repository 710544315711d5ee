/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-gift.h"

G_BEGIN_DECLS

/* What the app knows of a gift's shop page. The page (EweProductPage,
 * ewe-product-page.h) embeds WebKitGTK and lives in a module of its own,
 * loaded the first time a shop page is opened, so that an app that never
 * opens one never maps WebKit. Nothing here includes WebKit's headers. */

#define EWE_PRODUCT_PAGE_LOADER_ERROR (ewe_product_page_loader_error_quark ())

typedef enum {
  EWE_PRODUCT_PAGE_LOADER_ERROR_MODULE,
} EweProductPageLoaderError;

GQuark     ewe_product_page_loader_error_quark  (void);

gboolean   ewe_product_page_uri_is_allowed      (const char *uri);

GtkWidget *ewe_product_page_loader_new_page     (GError    **error);
void       ewe_product_page_loader_set_gift     (GtkWidget  *page,
                                                 EweGift    *gift);
void       ewe_product_page_loader_browse   (GtkWidget         *page,
                                             const char *const *shops);
void       ewe_product_page_loader_set_guest_actions (GtkWidget *page,
                                                      gboolean   guest_actions);

G_END_DECLS
