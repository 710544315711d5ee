/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-list-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-gift-card.h"
#include "ewe-list-page-private.h"

/* One list: its header, and its gifts in a grid. The gifts are the store's
 * live model, filtered then sorted here; the store changes the gifts in
 * place, so the page re-runs its filter and sorter when a gift it shows
 * changes, coalesced into one pass per main loop iteration. */

G_DEFINE_ENUM_TYPE (EweListPageSort, ewe_list_page_sort, G_DEFINE_ENUM_VALUE (EWE_LIST_PAGE_SORT_POSITION, "position"), G_DEFINE_ENUM_VALUE (EWE_LIST_PAGE_SORT_NAME, "name"), G_DEFINE_ENUM_VALUE (EWE_LIST_PAGE_SORT_PRICE, "price"), G_DEFINE_ENUM_VALUE (EWE_LIST_PAGE_SORT_STILL_WANTED, "still-wanted"))

G_DEFINE_ENUM_TYPE (EweListPageFilter, ewe_list_page_filter, G_DEFINE_ENUM_VALUE (EWE_LIST_PAGE_FILTER_ALL, "all"), G_DEFINE_ENUM_VALUE (EWE_LIST_PAGE_FILTER_STILL_WANTED, "still-wanted"), G_DEFINE_ENUM_VALUE (EWE_LIST_PAGE_FILTER_RESERVED, "reserved"), G_DEFINE_ENUM_VALUE (EWE_LIST_PAGE_FILTER_PURCHASED, "purchased"), G_DEFINE_ENUM_VALUE (EWE_LIST_PAGE_FILTER_MOST_WANTED, "most-wanted"))

G_DEFINE_FINAL_TYPE (EweListPage, ewe_list_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_IMAGE_CACHE,
  PROP_LIST,
  PROP_SURPRISE_MODE,
  PROP_SORT,
  PROP_FILTER,
  PROP_LOADING,
  N_PROPS
};

enum
{
  ADD_GIFT,
  GIFT_ACTIVATED,
  EDIT_GIFT,
  REMOVE_GIFT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

/* --- loading ----------------------------------------------------------------- */

static void
set_loading (EweListPage *self,
             gboolean     loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  ewe_list_page_update_content (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_gifts (EweListPage *self,
           GListModel  *gifts)
{
  if (self->watched != NULL)
    ewe_list_page_unwatch_gifts (self, 0, self->watched->len);

  g_set_object (&self->gifts, gifts);
  gtk_filter_list_model_set_model (self->filter_model, gifts);
  g_signal_group_set_target (self->gifts_signals, gifts);

  if (gifts != NULL)
    ewe_list_page_watch_gifts (self, 0, g_list_model_get_n_items (gifts));

  ewe_list_page_update_content (self);
}

static void
gifts_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EweListPage) self = user_data;
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(GError) error = NULL;

  gifts = ewe_store_load_gifts_finish (EWE_STORE (object), result, &error);
  if (gifts == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The store's messages say what went wrong and what to do about it
       * (free some space, …); the page offers to try again. */
      adw_status_page_set_description (self->load_error_page, error->message);
      self->load_error = g_steal_pointer (&error);
    }

  set_gifts (self, gifts);
  set_loading (self, FALSE);
}

static void
reload (EweListPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->load_error);
  set_gifts (self, NULL);

  if (self->list == NULL || self->store == NULL)
    {
      set_loading (self, FALSE);
      return;
    }

  set_loading (self, TRUE);
  self->cancellable = g_cancellable_new ();
  ewe_store_load_gifts_async (self->store, self->list, self->cancellable,
                              gifts_loaded_cb, g_object_ref (self));
}

/* --- grid -------------------------------------------------------------------- */

static void
card_edit_cb (EweListPage *self,
              EweGiftCard *card)
{
  EweGift *gift = ewe_gift_card_get_gift (card);

  if (gift != NULL)
    g_signal_emit (self, signals[EDIT_GIFT], 0, gift);
}

static void
card_remove_cb (EweListPage *self,
                EweGiftCard *card)
{
  EweGift *gift = ewe_gift_card_get_gift (card);

  if (gift != NULL)
    g_signal_emit (self, signals[REMOVE_GIFT], 0, gift);
}

static void
card_toggle_most_wanted_cb (EweListPage *self,
                            EweGiftCard *card)
{
  EweGift *gift = ewe_gift_card_get_gift (card);

  if (gift != NULL)
    ewe_list_page_toggle_most_wanted (self, gift);
}

static void
setup_card_cb (EweListPage              *self,
               GtkListItem              *item,
               GtkSignalListItemFactory *factory)
{
  GtkWidget *card = ewe_gift_card_new (self->image_cache);

  /* Far until the page sees it near the view (ewe-list-page-view.c). */
  ewe_gift_card_set_near_view (EWE_GIFT_CARD (card), FALSE);
  ewe_list_page_set_card_item (card, item);

  g_signal_connect_object (card, "edit", G_CALLBACK (card_edit_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (card, "remove", G_CALLBACK (card_remove_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (card, "toggle-most-wanted", G_CALLBACK (card_toggle_most_wanted_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_list_item_set_child (item, card);
}

static void
bind_card_cb (EweListPage              *self,
              GtkListItem              *item,
              GtkSignalListItemFactory *factory)
{
  EweGiftCard *card = EWE_GIFT_CARD (gtk_list_item_get_child (item));

  ewe_gift_card_set_surprise_mode (card, self->surprise_mode);
  ewe_gift_card_set_editable (card, self->list == NULL || !ewe_list_get_archived (self->list));
  /* Before the gift: a card near the view bound to a gift far from it
   * would ask for that one's picture. */
  ewe_gift_card_set_near_view (card, ewe_list_page_near_view (self, gtk_list_item_get_position (item)));
  ewe_gift_card_set_gift (card, gtk_list_item_get_item (item));
}

/* The cards shown follow the page's surprise mode, and whether its list
 * is archived (read-only); the others take them when bound, rather than
 * each holding a binding to the page. */
void
ewe_list_page_update_cards (EweListPage *self)
{
  gboolean editable = self->list == NULL || !ewe_list_get_archived (self->list);

  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->grid_view));
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *card = gtk_widget_get_first_child (item);

      if (EWE_IS_GIFT_CARD (card))
        {
          ewe_gift_card_set_surprise_mode (EWE_GIFT_CARD (card), self->surprise_mode);
          ewe_gift_card_set_editable (EWE_GIFT_CARD (card), editable);
        }
    }
}

static void
unbind_card_cb (EweListPage              *self,
                GtkListItem              *item,
                GtkSignalListItemFactory *factory)
{
  ewe_gift_card_set_gift (EWE_GIFT_CARD (gtk_list_item_get_child (item)), NULL);
}

static void
grid_activate_cb (EweListPage *self,
                  guint        position,
                  GtkGridView *grid_view)
{
  g_autoptr(EweGift) gift = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);

  if (gift != NULL)
    g_signal_emit (self, signals[GIFT_ACTIVATED], 0, gift);
}

static void
add_gift_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[ADD_GIFT], 0);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (EWE_LIST_PAGE (widget));
}

static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ewe_list_page_set_filter (EWE_LIST_PAGE (widget), EWE_LIST_PAGE_FILTER_ALL);
}

/* --- GObject ----------------------------------------------------------------- */

static void
ewe_list_page_dispose (GObject *object)
{
  EweListPage *self = (EweListPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->load_error);
  g_cancellable_cancel (self->image_cancellable);
  g_clear_object (&self->image_cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->watched != NULL)
    ewe_list_page_unwatch_gifts (self, 0, self->watched->len);
  g_clear_pointer (&self->watched, g_ptr_array_unref);
  ewe_list_page_unwatch_view (self);

  /* AdwBin disposes of its child, the template's tree; the template
   * pointers are borrowed. */

  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->filters);
  g_clear_object (&self->sorter);
  g_clear_object (&self->gifts_signals);
  g_clear_object (&self->gifts);
  g_clear_object (&self->list_signals);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_object (&self->image_cache);

  G_OBJECT_CLASS (ewe_list_page_parent_class)->dispose (object);
}

static void
ewe_list_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  EweListPage *self = EWE_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_IMAGE_CACHE:
      g_value_set_object (value, self->image_cache);
      break;

    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;

    case PROP_SURPRISE_MODE:
      g_value_set_boolean (value, self->surprise_mode);
      break;

    case PROP_SORT:
      g_value_set_enum (value, self->sort);
      break;

    case PROP_FILTER:
      g_value_set_enum (value, self->filter_mode);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_list_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  EweListPage *self = EWE_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_IMAGE_CACHE:
      self->image_cache = g_value_dup_object (value);
      break;

    case PROP_LIST:
      ewe_list_page_set_list (self, g_value_get_object (value));
      break;

    case PROP_SURPRISE_MODE:
      ewe_list_page_set_surprise_mode (self, g_value_get_boolean (value));
      break;

    case PROP_SORT:
      ewe_list_page_set_sort (self, g_value_get_enum (value));
      break;

    case PROP_FILTER:
      ewe_list_page_set_filter (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_list_page_class_init (EweListPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_list_page_dispose;
  object_class->get_property = ewe_list_page_get_property;
  object_class->set_property = ewe_list_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         EWE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_IMAGE_CACHE] =
    g_param_spec_object ("image-cache", NULL, NULL,
                         EWE_TYPE_IMAGE_CACHE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL,
                         EWE_TYPE_LIST,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SURPRISE_MODE] =
    g_param_spec_boolean ("surprise-mode", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SORT] =
    g_param_spec_enum ("sort", NULL, NULL,
                       EWE_TYPE_LIST_PAGE_SORT,
                       EWE_LIST_PAGE_SORT_POSITION,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FILTER] =
    g_param_spec_enum ("filter", NULL, NULL,
                       EWE_TYPE_LIST_PAGE_FILTER,
                       EWE_LIST_PAGE_FILTER_ALL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EweListPage::add-gift:
   *
   * The user asked to add a gift, from the empty list's button.
   */
  signals[ADD_GIFT] =
    g_signal_new ("add-gift",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * EweListPage::gift-activated:
   * @gift: the gift whose card was activated
   */
  signals[GIFT_ACTIVATED] =
    g_signal_new ("gift-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, EWE_TYPE_GIFT);

  /**
   * EweListPage::edit-gift:
   * @gift: the gift whose card's Edit was chosen
   */
  signals[EDIT_GIFT] =
    g_signal_new ("edit-gift",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, EWE_TYPE_GIFT);

  /**
   * EweListPage::remove-gift:
   * @gift: the gift whose card's Remove was chosen
   */
  signals[REMOVE_GIFT] =
    g_signal_new ("remove-gift",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, EWE_TYPE_GIFT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EweListPage, list_picture);
  gtk_widget_class_bind_template_child (widget_class, EweListPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, EweListPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, EweListPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, EweListPage, archive_notice);
  gtk_widget_class_bind_template_child (widget_class, EweListPage, archive_note_label);
  gtk_widget_class_bind_template_child (widget_class, EweListPage, view_button);
  gtk_widget_class_bind_template_child (widget_class, EweListPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, EweListPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, EweListPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, EweListPage, grid_view);
  gtk_widget_class_bind_template_child (widget_class, EweListPage, load_error_page);

  gtk_widget_class_install_property_action (widget_class, "list-page.sort", "sort");
  gtk_widget_class_install_property_action (widget_class, "list-page.filter", "filter");
  /* The filters that tell what guests gave, on the same property: an
   * action of their own, so that surprise mode can turn off these alone. */
  gtk_widget_class_install_property_action (widget_class, "list-page.filter-giving", "filter");
  gtk_widget_class_install_action (widget_class, "list-page.add-gift", NULL, add_gift_action);
  gtk_widget_class_install_action (widget_class, "list-page.show-all", NULL, show_all_action);
  gtk_widget_class_install_action (widget_class, "list-page.reload", NULL, reload_action);

  g_type_ensure (EWE_TYPE_GIFT_CARD);
}

static void
ewe_list_page_init (EweListPage *self)
{
  GtkListItemFactory *factory;
  GtkNoSelection     *selection;

  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The list's title, dates and picture; its gifts, added and removed. */
  self->list_signals = g_signal_group_new (EWE_TYPE_LIST);
  g_signal_group_connect_object (self->list_signals, "notify",
                                 G_CALLBACK (ewe_list_page_list_notify_cb), self, G_CONNECT_SWAPPED);
  self->gifts_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->gifts_signals, "items-changed",
                                 G_CALLBACK (ewe_list_page_gifts_changed_cb), self, G_CONNECT_SWAPPED);

  self->filter = gtk_custom_filter_new (ewe_list_page_filter_func, self, NULL);
  self->sorter = gtk_custom_sorter_new (ewe_list_page_sort_func, self, NULL);
  self->filters = gtk_every_filter_new ();
  gtk_multi_filter_append (GTK_MULTI_FILTER (self->filters), g_object_ref (GTK_FILTER (self->filter)));
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filters)));
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (GTK_SORTER (self->sorter)));
  g_signal_connect_object (self->sort_model, "items-changed", G_CALLBACK (ewe_list_page_shown_changed_cb),
                           self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_card_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_card_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_card_cb), self, G_CONNECT_SWAPPED);
  gtk_grid_view_set_factory (self->grid_view, factory);
  g_object_unref (factory);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  g_signal_connect_object (self->grid_view, "activate", G_CALLBACK (grid_activate_cb),
                           self, G_CONNECT_SWAPPED);
  /* Other gifts bound to the cards; their pictures asked near the view. */
  g_signal_connect_object (self->sort_model, "items-changed", G_CALLBACK (ewe_list_page_view_changed),
                           self, G_CONNECT_SWAPPED);
  ewe_list_page_watch_view (self);

  ewe_list_page_update_header (self);
  ewe_list_page_update_content (self);
}

/**
 * ewe_list_page_new:
 * @store: where the list's gifts come from
 * @image_cache: (nullable): where the pictures come from
 */
GtkWidget *
ewe_list_page_new (EweStore      *store,
                   EweImageCache *image_cache)
{
  g_return_val_if_fail (EWE_IS_STORE (store), NULL);
  g_return_val_if_fail (!image_cache || EWE_IS_IMAGE_CACHE (image_cache), NULL);

  return g_object_new (EWE_TYPE_LIST_PAGE,
                       "store", store,
                       "image-cache", image_cache,
                       NULL);
}

EweList *
ewe_list_page_get_list (EweListPage *self)
{
  g_return_val_if_fail (EWE_IS_LIST_PAGE (self), NULL);

  return self->list;
}

void
ewe_list_page_set_list (EweListPage *self,
                        EweList     *list)
{
  g_return_if_fail (EWE_IS_LIST_PAGE (self));
  g_return_if_fail (!list || EWE_IS_LIST (list));

  if (self->list == list)
    return;

  g_set_object (&self->list, list);
  g_signal_group_set_target (self->list_signals, list);

  ewe_list_page_update_header (self);
  ewe_list_page_update_image (self);
  reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST]);
}

gboolean
ewe_list_page_get_surprise_mode (EweListPage *self)
{
  g_return_val_if_fail (EWE_IS_LIST_PAGE (self), FALSE);

  return self->surprise_mode;
}

/* Whether @filter tells what guests reserved or bought. */
static gboolean
filter_tells_giving (EweListPageFilter filter)
{
  return filter == EWE_LIST_PAGE_FILTER_STILL_WANTED || filter == EWE_LIST_PAGE_FILTER_RESERVED ||
         filter == EWE_LIST_PAGE_FILTER_PURCHASED;
}

/* In surprise mode the owner sees neither the counts nor anything that
 * would give them away: filtering by still wanted, reserved or bought, or
 * sorting by what is still wanted. Most Wanted Only is the owner's own
 * star and gives nothing away, so it stays. */
void
ewe_list_page_set_surprise_mode (EweListPage *self,
                                 gboolean     surprise_mode)
{
  g_return_if_fail (EWE_IS_LIST_PAGE (self));

  surprise_mode = !!surprise_mode;
  if (self->surprise_mode == surprise_mode)
    return;

  self->surprise_mode = surprise_mode;

  if (surprise_mode)
    {
      if (filter_tells_giving (self->filter_mode))
        ewe_list_page_set_filter (self, EWE_LIST_PAGE_FILTER_ALL);
      if (self->sort == EWE_LIST_PAGE_SORT_STILL_WANTED)
        ewe_list_page_set_sort (self, EWE_LIST_PAGE_SORT_POSITION);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list-page.filter-giving", !surprise_mode);
  ewe_list_page_update_cards (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SURPRISE_MODE]);
}

EweListPageSort
ewe_list_page_get_sort (EweListPage *self)
{
  g_return_val_if_fail (EWE_IS_LIST_PAGE (self), EWE_LIST_PAGE_SORT_POSITION);

  return self->sort;
}

void
ewe_list_page_set_sort (EweListPage    *self,
                        EweListPageSort sort)
{
  g_return_if_fail (EWE_IS_LIST_PAGE (self));

  if (self->sort == sort)
    return;

  if (self->surprise_mode && sort == EWE_LIST_PAGE_SORT_STILL_WANTED)
    return;

  self->sort = sort;
  /* Even by position there is a sort: most-wanted gifts come first. */
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  ewe_list_page_update_content (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

EweListPageFilter
ewe_list_page_get_filter (EweListPage *self)
{
  g_return_val_if_fail (EWE_IS_LIST_PAGE (self), EWE_LIST_PAGE_FILTER_ALL);

  return self->filter_mode;
}

void
ewe_list_page_set_filter (EweListPage      *self,
                          EweListPageFilter filter)
{
  g_return_if_fail (EWE_IS_LIST_PAGE (self));

  if (self->filter_mode == filter)
    return;

  if (self->surprise_mode && filter_tells_giving (filter))
    return;

  self->filter_mode = filter;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  ewe_list_page_update_content (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/**
 * ewe_list_page_get_shown_gifts:
 *
 * Returns: (transfer none): the gifts the grid shows, filtered and sorted
 */
GListModel *
ewe_list_page_get_shown_gifts (EweListPage *self)
{
  g_return_val_if_fail (EWE_IS_LIST_PAGE (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

gboolean
ewe_list_page_get_loading (EweListPage *self)
{
  g_return_val_if_fail (EWE_IS_LIST_PAGE (self), FALSE);

  return self->loading;
}

/* "loading", "gifts", "empty", "no-matches" or "load-error". */
const char *
ewe_list_page_get_visible_state (EweListPage *self)
{
  g_return_val_if_fail (EWE_IS_LIST_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}

/**
 * ewe_list_page_get_scrolled_window:
 *
 * Returns: (transfer none): the scrolled window around the grid
 */
GtkScrolledWindow *
ewe_list_page_get_scrolled_window (EweListPage *self)
{
  g_return_val_if_fail (EWE_IS_LIST_PAGE (self), NULL);

  return self->scrolled_window;
}

/* Shows only the gifts @filter matches too: the window hides, with it, the
 * gifts waiting to be removed. */
void
ewe_list_page_add_filter (EweListPage *self,
                          GtkFilter   *filter)
{
  g_return_if_fail (EWE_IS_LIST_PAGE (self));
  g_return_if_fail (GTK_IS_FILTER (filter));

  gtk_multi_filter_append (GTK_MULTI_FILTER (self->filters), g_object_ref (filter));
}
