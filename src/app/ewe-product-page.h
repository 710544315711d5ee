/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

#include "ewe-gift.h"
#include "ewe-product-page-loader.h"

G_BEGIN_DECLS

/* The page embeds WebKitGTK: it is built into the module
 * ewe-product-page.so, which the app loads on first use through
 * ewe-product-page-loader.h, and which the page's widget tests link. */

#define EWE_TYPE_PRODUCT_PAGE (ewe_product_page_get_type ())

G_DECLARE_FINAL_TYPE (EweProductPage, ewe_product_page, EWE, PRODUCT_PAGE, AdwBin)

GtkWidget     *ewe_product_page_new                (void);
EweGift       *ewe_product_page_get_gift           (EweProductPage *self);
void           ewe_product_page_set_gift           (EweProductPage *self,
                                                    EweGift        *gift);
gboolean       ewe_product_page_load_uri           (EweProductPage *self,
                                                    const char     *uri);
gboolean       ewe_product_page_get_can_go_back    (EweProductPage *self);
gboolean       ewe_product_page_get_can_go_forward (EweProductPage *self);
gboolean       ewe_product_page_get_failed         (EweProductPage *self);
gboolean       ewe_product_page_get_guest_actions  (EweProductPage *self);
void           ewe_product_page_set_guest_actions  (EweProductPage *self,
                                                    gboolean        guest_actions);
WebKitWebView *ewe_product_page_get_web_view       (EweProductPage *self);

G_END_DECLS
