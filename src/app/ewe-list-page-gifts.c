/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-list-page"

#include "config.h"

#include "ewe-list-page-private.h"
#include "ewe-toasts.h"

/* Which of the list's gifts the page shows, and in what order: the
 * store's live model, filtered then sorted, filtered and sorted again
 * (once per main loop iteration) when a gift it shows changes. */

static int
gift_still_wanted (EweGift *gift)
{
  return ewe_gift_get_still_wanted (gift);
}

gboolean
ewe_list_page_filter_func (gpointer item,
                           gpointer user_data)
{
  EweListPage *self = user_data;
  EweGift     *gift = item;

  switch (self->filter_mode)
    {
    case EWE_LIST_PAGE_FILTER_STILL_WANTED:
      return gift_still_wanted (gift) > 0;
    case EWE_LIST_PAGE_FILTER_RESERVED:
      return ewe_gift_get_reserved (gift) > 0;
    case EWE_LIST_PAGE_FILTER_PURCHASED:
      return ewe_gift_get_purchased (gift) > 0;
    case EWE_LIST_PAGE_FILTER_MOST_WANTED:
      return ewe_gift_get_most_wanted (gift);
    case EWE_LIST_PAGE_FILTER_ALL:
    default:
      return TRUE;
    }
}

static const char *
gift_name (EweGift *gift)
{
  const char *details = ewe_gift_get_details (gift);

  return details && *details ? details : ewe_gift_get_brand (gift);
}

static int
compare_prices (EweGift *a,
                EweGift *b)
{
  const char *pa = ewe_gift_get_price (a);
  const char *pb = ewe_gift_get_price (b);
  double      da, db;

  /* Gifts without a price go last. */
  if (pa == NULL || *pa == '\0')
    return (pb == NULL || *pb == '\0') ? 0 : 1;
  if (pb == NULL || *pb == '\0')
    return -1;

  /* The store keeps prices as "1299.00", whatever the locale. */
  da = g_ascii_strtod (pa, NULL);
  db = g_ascii_strtod (pb, NULL);

  return da < db ? -1 : da > db ? 1
                                : 0;
}

int
ewe_list_page_sort_func (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  EweListPage *self = user_data;
  EweGift     *ga = (EweGift *)a;
  EweGift     *gb = (EweGift *)b;

  /* The owner's stars first, whatever the order chosen, as guests see. */
  if (ewe_gift_get_most_wanted (ga) != ewe_gift_get_most_wanted (gb))
    return ewe_gift_get_most_wanted (ga) ? -1 : 1;

  switch (self->sort)
    {
    case EWE_LIST_PAGE_SORT_NAME:
      return g_utf8_collate (gift_name (ga) ? gift_name (ga) : "", gift_name (gb) ? gift_name (gb) : "");
    case EWE_LIST_PAGE_SORT_PRICE:
      return compare_prices (ga, gb);
    case EWE_LIST_PAGE_SORT_STILL_WANTED:
      /* Most wanted first; the sort is stable, so ties keep the owner's order. */
      return gift_still_wanted (gb) - gift_still_wanted (ga);
    case EWE_LIST_PAGE_SORT_POSITION:
    default:
      return 0;
    }
}

static void
most_wanted_saved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(EweListPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;

  if (ewe_store_edit_gift_finish (EWE_STORE (object), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The window's toasts, where it shows every error of an edit. */
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), ewe_toast_new_escaped (error->message));
  else
    g_warning ("Could not star the gift: %s", error->message);
}

/* Stars the gift, or takes its star away: an edit like any other of the
 * owner's, saved here at once and sent when the list syncs. */
void
ewe_list_page_toggle_most_wanted (EweListPage *self,
                                  EweGift     *gift)
{
  g_autoptr(EweGift) values = ewe_gift_copy (gift);

  ewe_gift_set_most_wanted (values, !ewe_gift_get_most_wanted (gift));
  ewe_store_edit_gift_async (self->store, gift, values, NULL, most_wanted_saved_cb, g_object_ref (self));
}

void
ewe_list_page_update_content (EweListPage *self)
{
  const char *name;

  if (self->loading)
    name = "loading";
  else if (self->load_error != NULL)
    name = "load-error";
  else if (self->gifts == NULL || g_list_model_get_n_items (self->gifts) == 0)
    name = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)) == 0)
    name = "no-matches";
  else
    name = "gifts";

  gtk_spinner_set_spinning (self->spinner, self->loading);
  gtk_stack_set_visible_child_name (self->content_stack, name);
}

static gboolean
refresh_cb (gpointer user_data)
{
  EweListPage *self = user_data;

  self->refresh_source = 0;
  if (self->filter_mode != EWE_LIST_PAGE_FILTER_ALL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  ewe_list_page_update_content (self);

  return G_SOURCE_REMOVE;
}

static void
gift_notify_cb (EweListPage *self,
                GParamSpec  *pspec,
                EweGift     *gift)
{
  /* Nothing to redo while every gift is shown in the owner's order, but
   * for a star, which moves the gift to the front or back. */
  if (self->filter_mode == EWE_LIST_PAGE_FILTER_ALL && self->sort == EWE_LIST_PAGE_SORT_POSITION &&
      !g_str_equal (pspec->name, "most-wanted"))
    return;

  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_cb, self, NULL);
}

/* Follows each gift of the list, to filter and sort again when one
 * changes. watched mirrors the model, so what it removes is let go. */
void
ewe_list_page_watch_gifts (EweListPage *self,
                           guint        position,
                           guint        n_items)
{
  for (guint i = 0; i < n_items; i++)
    {
      EweGift *gift = g_list_model_get_item (self->gifts, position + i);

      g_signal_connect_swapped (gift, "notify", G_CALLBACK (gift_notify_cb), self);
      g_ptr_array_insert (self->watched, position + i, gift);
    }
}

void
ewe_list_page_unwatch_gifts (EweListPage *self,
                             guint        position,
                             guint        n_items)
{
  for (guint i = position; i < position + n_items; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched, i), gift_notify_cb, self);

  g_ptr_array_remove_range (self->watched, position, n_items);
}

void
ewe_list_page_gifts_changed_cb (EweListPage *self,
                                guint        position,
                                guint        removed,
                                guint        added,
                                GListModel  *model)
{
  ewe_list_page_unwatch_gifts (self, position, removed);
  ewe_list_page_watch_gifts (self, position, added);
  ewe_list_page_update_content (self);
}

void
ewe_list_page_shown_changed_cb (EweListPage *self,
                                guint        position,
                                guint        removed,
                                guint        added,
                                GListModel  *model)
{
  ewe_list_page_update_content (self);
}
