/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-list-page.h"

G_BEGIN_DECLS

/* Shared by ewe-list-page.c (the page, loading and the grid),
 * ewe-list-page-gifts.c (filtering and sorting) and ewe-list-page-header.c. */

struct _EweListPage
{
  AdwBin              parent_instance;

  /* template widgets */
  GtkPicture         *list_picture;
  GtkLabel           *title_label;
  GtkLabel           *subtitle_label;
  GtkLabel           *state_label;
  GtkWidget          *archive_notice;
  GtkLabel           *archive_note_label;
  GtkMenuButton      *view_button;
  GtkStack           *content_stack;
  GtkSpinner         *spinner;
  GtkScrolledWindow  *scrolled_window;
  GtkGridView        *grid_view;
  AdwStatusPage      *load_error_page;

  /* owned */
  EweStore           *store;
  EweImageCache      *image_cache;
  EweList            *list;
  GSignalGroup       *list_signals;   /* following the list shown */
  GListModel         *gifts;          /* the store's model of the list */
  GSignalGroup       *gifts_signals;  /* following it */
  GPtrArray          *watched;        /* its gifts, in its order, each followed */
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GtkCustomFilter    *filter;
  GtkEveryFilter     *filters;        /* filter, and what others add */
  GtkCustomSorter    *sorter;
  GCancellable       *cancellable;    /* loading the gifts */
  GError             *load_error;     /* why they did not load, shown */
  GCancellable       *image_cancellable;
  guint               refresh_source;
  GSignalGroup       *vadjustment_signals; /* the grid's, followed */
  GdkFrameClock      *frame_clock;         /* while realized */
  gulong              after_paint_id;
  guint               near_first;          /* the positions near the view, */
  guint               near_last;           /* as last looked */

  EweListPageSort     sort;
  EweListPageFilter   filter_mode;
  guint               surprise_mode : 1;
  guint               loading : 1;
  guint               view_changed : 1;    /* cards near the view to look at again */
};

/* ewe-list-page-gifts.c */
gboolean ewe_list_page_filter_func      (gpointer       item,
                                         gpointer       user_data);
int      ewe_list_page_sort_func        (gconstpointer  a,
                                         gconstpointer  b,
                                         gpointer       user_data);
void     ewe_list_page_update_content   (EweListPage   *self);
void     ewe_list_page_toggle_most_wanted (EweListPage *self,
                                           EweGift     *gift);
void     ewe_list_page_watch_gifts      (EweListPage   *self,
                                         guint          position,
                                         guint          n_items);
void     ewe_list_page_unwatch_gifts    (EweListPage   *self,
                                         guint          position,
                                         guint          n_items);
void     ewe_list_page_gifts_changed_cb (EweListPage   *self,
                                         guint          position,
                                         guint          removed,
                                         guint          added,
                                         GListModel    *model);
void     ewe_list_page_shown_changed_cb (EweListPage   *self,
                                         guint          position,
                                         guint          removed,
                                         guint          added,
                                         GListModel    *model);

/* ewe-list-page.c */
void     ewe_list_page_update_cards     (EweListPage   *self);

/* ewe-list-page-view.c */
void     ewe_list_page_watch_view       (EweListPage   *self);
void     ewe_list_page_unwatch_view     (EweListPage   *self);
void     ewe_list_page_view_changed     (EweListPage   *self);
gboolean ewe_list_page_near_view        (EweListPage   *self,
                                         guint          position);
void     ewe_list_page_set_card_item    (GtkWidget     *card,
                                         GtkListItem   *item);

/* ewe-list-page-header.c */
void     ewe_list_page_update_image     (EweListPage   *self);
void     ewe_list_page_update_header    (EweListPage   *self);
void     ewe_list_page_list_notify_cb   (EweListPage   *self,
                                         GParamSpec    *pspec,
                                         EweList       *list);

G_END_DECLS
