/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-image-cache.h"
#include "ewe-list.h"
#include "ewe-store.h"

G_BEGIN_DECLS

typedef enum
{
  EWE_LIST_PAGE_SORT_POSITION,
  EWE_LIST_PAGE_SORT_NAME,
  EWE_LIST_PAGE_SORT_PRICE,
  EWE_LIST_PAGE_SORT_STILL_WANTED,
} EweListPageSort;

typedef enum
{
  EWE_LIST_PAGE_FILTER_ALL,
  EWE_LIST_PAGE_FILTER_STILL_WANTED,
  EWE_LIST_PAGE_FILTER_RESERVED,
  EWE_LIST_PAGE_FILTER_PURCHASED,
  EWE_LIST_PAGE_FILTER_MOST_WANTED,
} EweListPageFilter;

#define EWE_TYPE_LIST_PAGE_SORT (ewe_list_page_sort_get_type ())
#define EWE_TYPE_LIST_PAGE_FILTER (ewe_list_page_filter_get_type ())
GType ewe_list_page_sort_get_type   (void) G_GNUC_CONST;
GType ewe_list_page_filter_get_type (void) G_GNUC_CONST;

#define EWE_TYPE_LIST_PAGE (ewe_list_page_get_type ())

G_DECLARE_FINAL_TYPE (EweListPage, ewe_list_page, EWE, LIST_PAGE, AdwBin)

GtkWidget         *ewe_list_page_new               (EweStore          *store,
                                                    EweImageCache     *image_cache);
EweList           *ewe_list_page_get_list          (EweListPage       *self);
void               ewe_list_page_set_list          (EweListPage       *self,
                                                    EweList           *list);
gboolean           ewe_list_page_get_surprise_mode (EweListPage       *self);
void               ewe_list_page_set_surprise_mode (EweListPage       *self,
                                                    gboolean           surprise_mode);
EweListPageSort    ewe_list_page_get_sort          (EweListPage       *self);
void               ewe_list_page_set_sort          (EweListPage       *self,
                                                    EweListPageSort    sort);
EweListPageFilter  ewe_list_page_get_filter        (EweListPage       *self);
void               ewe_list_page_set_filter        (EweListPage       *self,
                                                    EweListPageFilter  filter);
GListModel        *ewe_list_page_get_shown_gifts   (EweListPage       *self);
gboolean           ewe_list_page_get_loading       (EweListPage       *self);
const char        *ewe_list_page_get_visible_state (EweListPage       *self);
void               ewe_list_page_add_filter        (EweListPage       *self,
                                                    GtkFilter         *filter);

/* For tests and the benchmark: the scrolled grid and the days-left text. */
GtkScrolledWindow *ewe_list_page_get_scrolled_window (EweListPage     *self);
char              *ewe_list_page_format_days_left  (GDateTime         *event,
                                                    GDateTime         *now);

G_END_DECLS
