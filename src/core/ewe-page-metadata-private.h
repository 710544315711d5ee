/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* ewe-page-metadata.c reads a product from a page's HTML, and
 * ewe-page-metadata-reading.c from what the product page's user script
 * read in the page as rendered; both collect what they find in a Found
 * and turn it into a gift with the rules in ewe-page-metadata-found.c, so
 * the two agree on what a page says. Only those files include this. */

#pragma once

#include <json-glib/json-glib.h>

#include "ewe-page-metadata.h"

G_BEGIN_DECLS

typedef struct
{
  /* JSON-LD Product */
  char *ld_name;
  char *ld_brand;
  char *ld_image;
  char *ld_price;
  char *ld_currency;
  char *ld_url;
  /* OpenGraph and product meta tags */
  char *og_title;
  char *og_image;
  char *og_site_name;
  char *og_url;
  char *og_brand;
  char *og_price;
  char *og_currency;
  /* microdata: the first itemscope of type schema.org/Product */
  char *md_name;
  char *md_brand;
  char *md_image;
  char *md_price;
  char *md_currency;
  char *md_url;
  gboolean md_scoped; /* its itemscope was met */
  /* fallbacks */
  char *title;
  char *canonical;
} Found;

void     _ewe_found_clear           (Found      *found);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Found, _ewe_found_clear)

char    *_ewe_found_clean_text      (const char *text);
char    *_ewe_found_clean_url       (const char *url,
                                     const char *page_url);
void     _ewe_found_take_if_unset   (char      **field,
                                     char       *value);
void     _ewe_found_scan_json_ld    (Found      *found,
                                     const char *text,
                                     const char *page_url);
void     _ewe_found_take_meta       (Found      *found,
                                     const char *key,
                                     const char *content,
                                     const char *page_url);
gboolean _ewe_found_is_product_type (const char *itemtype);
void     _ewe_found_take_microdata  (Found      *found,
                                     const char *property,
                                     const char *value,
                                     const char *page_url);
EweGift *_ewe_found_make_gift       (Found      *found,
                                     const char *page_url,
                                     GError    **error);

G_END_DECLS
