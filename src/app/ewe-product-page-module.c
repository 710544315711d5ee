/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-product-page"

#include "config.h"

#include <gmodule.h>

#include "ewe-product-page.h"

/* The module's one exported symbol (everything else in it is hidden): the
 * app's loader resolves it with g_module_symbol() and makes pages of the
 * type it gives. */

G_MODULE_EXPORT GType ewe_product_page_module_get_type (void);

GType
ewe_product_page_module_get_type (void)
{
  return EWE_TYPE_PRODUCT_PAGE;
}
