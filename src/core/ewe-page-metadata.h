/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-gift.h"

G_BEGIN_DECLS

#define EWE_PAGE_METADATA_ERROR (ewe_page_metadata_error_quark ())

typedef enum
{
  EWE_PAGE_METADATA_ERROR_INVALID_URL,  /* not an http(s) address */
  EWE_PAGE_METADATA_ERROR_NETWORK,      /* the shop could not be reached */
  EWE_PAGE_METADATA_ERROR_HTTP,         /* it answered with an error page */
  EWE_PAGE_METADATA_ERROR_NOT_A_PAGE,   /* an image, a PDF, something too big */
  EWE_PAGE_METADATA_ERROR_NOTHING_FOUND,/* a page, but no product in it */
  EWE_PAGE_METADATA_ERROR_UNREADABLE,   /* what was read in a page is not a reading */
} EwePageMetadataError;

/* What the product page's user script may send, at most. */
#define EWE_PAGE_METADATA_MAX_READING (4 * 1024 * 1024)
/* The pictures of a page offered to choose from, at most. */
#define EWE_PAGE_METADATA_MAX_PICTURES 12

GQuark   ewe_page_metadata_error_quark  (void);

EweGift *ewe_page_metadata_parse        (const char           *html,
                                         gsize                 length,
                                         const char           *page_url,
                                         const char           *charset,
                                         GError              **error);
EweGift *ewe_page_metadata_read         (const char           *reading,
                                         gssize                length,
                                         const char           *page_url,
                                         char               ***pictures,
                                         GError              **error);
void     ewe_page_metadata_read_async   (const char           *reading,
                                         const char           *page_url,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
EweGift *ewe_page_metadata_read_finish  (GAsyncResult         *result,
                                         char               ***pictures,
                                         GError              **error);
void     ewe_page_metadata_fetch_async  (const char           *url,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
EweGift *ewe_page_metadata_fetch_finish (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
