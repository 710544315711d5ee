/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* EweWindow is one class written in several files, as GNOME Text Editor
 * writes its window: this header holds the instance struct and the
 * functions one file calls in another. Only those files include it.
 *
 *   ewe-window.c          the class, the sidebar of lists, the content
 *                         (a list, a gift's product page) and the store
 *   ewe-window-actions.c  the installed actions, their shortcuts, and the
 *                         dialogs and editors they open
 *   ewe-window-archive.c  the sidebar's Archived section, archiving and
 *                         un-archiving
 *   ewe-window-export.c   lists out to files (JSON, CSV) and back in
 *   ewe-window-print.c    printing the list shown
 *   ewe-window-friends.c  friends' lists, My Reservations, shared links
 *   ewe-window-shop.c     Browse Shops and Add to List from a shop's page
 *   ewe-window-sync.c     the sync banners and spinner, the drafts question,
 *                         the toasts of refused and conflicting changes */

#pragma once

#include "ewe-account-button.h"
#include "ewe-friend-list-page.h"
#include "ewe-friends-sidebar.h"
#include "ewe-list-page.h"
#include "ewe-live-updates.h"
#include "ewe-open-link-dialog.h"
#include "ewe-product-page-loader.h"
#include "ewe-sync-banner.h"
#include "ewe-window.h"

G_BEGIN_DECLS

struct _EweWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  EweAccountButton     *account_button;
  GtkWidget            *content;
  GtkStack             *sidebar_stack;
  AdwStatusPage        *sidebar_error;
  GtkListBox           *lists_box;
  GtkListBox           *archived_box;
  GtkWidget            *archived_section;
  AdwWindowTitle       *content_title;
  GtkWidget            *primary_menu_button;
  GMenuModel           *primary_menu;
  GtkWidget            *list_menu_button;
  GMenuModel           *list_menu;
  GtkWidget            *add_gift_button;
  GtkStack             *content_stack;
  EweSyncBanner        *sync_banner;
  EweSyncBanner        *content_sync_banner;
  GtkWidget            *sync_spinner;
  GtkWidget            *back_button;
  EweFriendsSidebar    *friends_sidebar;
  GtkWidget            *sidebar;

  /* borrowed */
  AdwToast             *account_toast;  /* weak; the last sign-in or -out toast */
  EweStore             *store;          /* the session's, once open */
  GListModel           *lists;          /* the store's */
  EweList              *shown_list;     /* weak; the selected one */
  EweListPage          *list_page;      /* in content_stack, once a list is shown */
  GtkWidget            *product_page;   /* in content_stack, once a gift was opened: an
                                         * EweProductPage, from its module */
  GBinding             *title_binding;  /* weak; the content title's */
  GtkWindow            *drafts_dialog;  /* weak; asking about the drafts */
  GtkListBox           *drafts_box;
  GListModel           *drafts_in_sight; /* the drafts asked about, until answered */
  char                 *drafts_list_id;  /* the draft list shown before signing in */
  EweFriends           *friends;        /* the session's, with the store */
  EweFriendListPage    *friend_page;    /* in content_stack, with friends */

  /* owned */
  EweSession           *session;
  EweSync              *sync;           /* the session's, while signed in */
  EweLiveUpdates       *live_updates;   /* the server's change notices */
  EweDeletionQueue     *deletions;      /* the store's lists and gifts deleted with Undo */
  GtkFilterListModel   *shown_lists;    /* the lists, less those being deleted */
  GtkFilterListModel   *active_lists;   /* shown_lists not archived, in lists_box */
  GtkFilterListModel   *archived_lists; /* shown_lists archived, in archived_box */
  GtkFilter            *active_filter;
  GtkFilter            *archived_filter;
  GSettings            *settings;
  GCancellable         *cancellable;
  char                 *pending_link;   /* to open once the store is */
  gboolean              gift_from_friend; /* the product page shows a friend's gift */
};

/* ewe-window.c */
EweList           *_ewe_window_dup_selected_list          (EweWindow        *self);
gboolean           _ewe_window_product_is_shown           (EweWindow        *self);
void               _ewe_window_close_gift                 (EweWindow        *self);
void               _ewe_window_show_gift                  (EweWindow        *self,
                                                           EweGift          *gift,
                                                           gboolean          from_friend);
void               _ewe_window_bind_title                 (EweWindow        *self,
                                                           EweList          *list);
void               _ewe_window_unbind_title               (EweWindow        *self);
void               _ewe_window_update_back_button         (EweWindow        *self);

void               _ewe_window_show_list                  (EweWindow        *self,
                                                           EweList          *list);

/* ewe-window-actions.c */
void               _ewe_window_class_actions_init         (GtkWidgetClass   *widget_class);
void               _ewe_window_actions_init               (EweWindow        *self);
void               _ewe_window_actions_watch_account      (EweWindow        *self);
void               _ewe_window_update_account_actions     (EweWindow        *self);
void               _ewe_window_update_list_actions        (EweWindow        *self);
void               _ewe_window_show_gift_editor           (EweWindow        *self);
void               _ewe_window_edit_gift                  (EweWindow        *self,
                                                           EweGift          *gift);

/* ewe-window-archive.c */
void               _ewe_window_class_archive_init         (GtkWidgetClass   *widget_class);
void               _ewe_window_bind_archive               (EweWindow        *self);
void               _ewe_window_unbind_archive             (EweWindow        *self);
GtkListBoxRow     *_ewe_window_find_list_row              (EweWindow        *self,
                                                           EweList          *list);
void               _ewe_window_archived_row_selected_cb   (EweWindow        *self,
                                                           GtkListBoxRow    *row,
                                                           GtkListBox       *box);
void               _ewe_window_update_archive_actions     (EweWindow        *self,
                                                           gboolean          has_list);

/* ewe-window-print.c */
void               _ewe_window_class_print_init           (GtkWidgetClass   *widget_class);

/* ewe-window-export.c */
void               _ewe_window_class_export_init          (GtkWidgetClass   *widget_class);

/* ewe-window-friends.c */
void               _ewe_window_class_friends_init         (GtkWidgetClass   *widget_class);
void               _ewe_window_setup_friends              (EweWindow        *self);
void               _ewe_window_teardown_friends           (EweWindow        *self);
/* ewe-window-coowners.c: accepts an invitation's link for the account. */
void               _ewe_window_accept_invitation          (EweWindow        *self,
                                                           const char       *link);
EweOpenLinkDialog *_ewe_window_show_open_link_dialog      (EweWindow        *self,
                                                           const char       *link);
void               _ewe_window_show_friend_list           (EweWindow        *self);
void               _ewe_window_reserve_friend_gift        (EweWindow        *self,
                                                           EweGift          *gift);
void               _ewe_window_add_friend_gift            (EweWindow        *self,
                                                           EweGift          *gift);

/* ewe-window-shop.c */
void               _ewe_window_class_shop_init            (GtkWidgetClass   *widget_class);
GtkWidget         *_ewe_window_ensure_product_page        (EweWindow        *self,
                                                           GError          **error);

/* ewe-window-sync.c */
void               _ewe_window_sync_watch_session         (EweWindow        *self);
void               _ewe_window_close_drafts_dialog        (EweWindow        *self);
void               _ewe_window_show_drafts                (EweWindow        *self,
                                                           GListModel       *drafts);
void               _ewe_window_update_sidebar             (EweWindow        *self);
void               _ewe_window_watch_conflicts            (EweWindow        *self);
void               _ewe_window_unwatch_conflicts          (EweWindow        *self);

G_END_DECLS
