/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* EweProductPage is one class written in two files; this header holds the
 * instance struct and the functions one file calls in the other. Only
 * those files include it.
 *
 *   ewe-product-page.c          the class, the gift's details beside the
 *                               page, Reserve and Add to My List, the layout
 *   ewe-product-page-browser.c  the sandboxed web view, its navigation and
 *                               its failures
 *   ewe-product-page-reader.c   Add to List: the user script that reads the
 *                               product on the page shown
 *   ewe-product-page-shops.c    browsing: the address bar, and the start
 *                               page with the shops used before */

#pragma once

#include "ewe-product-page.h"

G_BEGIN_DECLS

struct _EweProductPage
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkBox         *layout;
  GtkStack       *reload_stack;
  GtkLabel       *address_label;
  GtkEntry       *address_entry;
  AdwStatusPage  *start_page;
  GtkWidget      *shops_label;
  GtkListBox     *shops_box;
  GtkStack       *view_stack;
  AdwBin         *web_bin;
  AdwStatusPage  *error_page;
  GtkProgressBar *progress_bar;
  GtkSeparator   *separator;
  GtkScrolledWindow *details_panel;
  GtkLabel       *brand_label;
  GtkLabel       *details_label;
  GtkLabel       *price_label;
  GtkLabel       *retailer_label;
  GtkLabel       *notes_label;
  GtkWidget      *buttons_box;
  GtkWidget      *read_button;

  /* owned */
  WebKitNetworkSession *network_session;
  EweGift        *gift;
  GSignalGroup   *gift_signals;  /* the gift's, while it is shown */
  char           *failed_uri;
  char          **shops;          /* shown on the start page */
  WebKitUserContentManager *content_manager;
  GCancellable   *read_cancellable;  /* the page's reading, while asked for */

  /* borrowed: a child of web_bin */
  WebKitWebView  *web_view;

  guint           relayout_source;
  guint           read_timeout;     /* gives up on a reading the page never sent */
  guint           can_go_back : 1;
  guint           can_go_forward : 1;
  guint           failed : 1;
  guint           reading : 1;
  guint           at_start : 1;   /* browsing, with no page opened yet */
};

/* ewe-product-page.c */
void _ewe_product_page_update_navigation  (EweProductPage *self);
void _ewe_product_page_set_failed         (EweProductPage *self,
                                           gboolean        failed);

/* ewe-product-page-browser.c */
void _ewe_product_page_class_init_browser (GtkWidgetClass *widget_class);
void _ewe_product_page_init_browser       (EweProductPage *self);
void _ewe_product_page_update_address     (EweProductPage *self);

/* ewe-product-page-shops.c */
void _ewe_product_page_class_init_shops   (GtkWidgetClass *widget_class);
void _ewe_product_page_init_shops         (EweProductPage *self);
void _ewe_product_page_set_shops          (EweProductPage *self,
                                           const char *const *shops);
void _ewe_product_page_update_entry       (EweProductPage *self,
                                           const char     *uri);

/* ewe-product-page-reader.c */
void _ewe_product_page_class_init_reader  (GtkWidgetClass *widget_class);
WebKitUserContentManager *
     _ewe_product_page_new_content_manager (EweProductPage *self);
void _ewe_product_page_cancel_read        (EweProductPage *self);

G_END_DECLS
