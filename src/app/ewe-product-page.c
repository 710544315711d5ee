/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-product-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-product-page-private.h"
#include "ewe-widget-utils.h"

/* A gift's shop page, inside the window, with the gift's details beside it
 * (under it when narrow) and, on a friend's list, Reserve and Add to My
 * List. The web view is in ewe-product-page-browser.c. */

/* Below this width the gift's details go under the page instead of beside. */
#define NARROW_WIDTH 720

G_DEFINE_FINAL_TYPE (EweProductPage, ewe_product_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_GIFT,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_FORWARD,
  PROP_FAILED,
  PROP_GUEST_ACTIONS,
  PROP_SHOPS,
  N_PROPS
};

enum
{
  RESERVE,
  ADD_TO_LIST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

/* --- state ------------------------------------------------------------------- */

void
_ewe_product_page_update_navigation (EweProductPage *self)
{
  gboolean back = webkit_web_view_can_go_back (self->web_view);
  gboolean forward = webkit_web_view_can_go_forward (self->web_view);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "product-page.back", back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "product-page.forward", forward);

  if (self->can_go_back != back)
    {
      self->can_go_back = back;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
    }

  if (self->can_go_forward != forward)
    {
      self->can_go_forward = forward;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_FORWARD]);
    }
}

void
_ewe_product_page_set_failed (EweProductPage *self,
                              gboolean        failed)
{
  gtk_stack_set_visible_child_name (self->view_stack, failed ? "error" : (self->at_start ? "start" : "web"));
  /* Add to List for a page to read, while browsing. */
  gtk_widget_set_visible (self->read_button, self->gift == NULL && !self->at_start && !failed);

  if (self->failed == !!failed)
    return;

  self->failed = !!failed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED]);
}

/* --- actions ----------------------------------------------------------------- */

static void
reserve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EweProductPage *self = EWE_PRODUCT_PAGE (widget);

  if (self->gift != NULL)
    g_signal_emit (self, signals[RESERVE], 0, self->gift);
}

static void
add_to_list_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EweProductPage *self = EWE_PRODUCT_PAGE (widget);

  if (self->gift != NULL)
    g_signal_emit (self, signals[ADD_TO_LIST], 0, self->gift);
}

/* --- details ----------------------------------------------------------------- */

static void
update_details (EweProductPage *self)
{
  EweGift         *gift = self->gift;
  const char      *details = gift ? ewe_gift_get_details (gift) : NULL;
  g_autofree char *price = NULL;

  ewe_label_set_text_or_hide (self->brand_label, gift ? ewe_gift_get_brand (gift) : NULL);
  ewe_label_set_text_or_hide (self->details_label, details && *details ? details : _("Unnamed gift"));
  price = gift ? ewe_gift_dup_display_price (gift) : NULL;
  ewe_label_set_text_or_hide (self->price_label, price);
  ewe_label_set_text_or_hide (self->retailer_label, gift ? ewe_gift_get_retailer (gift) : NULL);
  ewe_label_set_text_or_hide (self->notes_label, gift ? ewe_gift_get_notes (gift) : NULL);

  /* No gift: the user is browsing shops, and may add what they find. */
  gtk_widget_set_visible (GTK_WIDGET (self->details_panel), gift != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->separator), gift != NULL);
  gtk_widget_set_visible (self->read_button, gift == NULL && !self->at_start && !self->failed);
  gtk_widget_set_visible (GTK_WIDGET (self->address_entry), gift == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->address_label), gift != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "product-page.focus-address", gift == NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "product-page.reserve", gift != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "product-page.add-to-list", gift != NULL);
}

static void
gift_notify_cb (EweProductPage *self)
{
  update_details (self);
}

/* --- layout ------------------------------------------------------------------ */

static void
relayout (EweProductPage *self,
          gboolean        narrow)
{
  GtkOrientation orientation = narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;

  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->layout)) == orientation)
    return;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->layout), orientation);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->separator),
                                  narrow ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_size_request (GTK_WIDGET (self->details_panel), narrow ? -1 : 300, -1);
  gtk_scrolled_window_set_max_content_height (self->details_panel, narrow ? 280 : -1);

  /* Narrow, the address bar needs the room: Add to List is an icon. */
  if (narrow)
    gtk_button_set_icon_name (GTK_BUTTON (self->read_button), "list-add-symbolic");
  else
    gtk_button_set_label (GTK_BUTTON (self->read_button), _("_Add to List"));
}

static gboolean
relayout_cb (gpointer user_data)
{
  EweProductPage *self = user_data;

  self->relayout_source = 0;
  relayout (self, gtk_widget_get_width (GTK_WIDGET (self)) < NARROW_WIDTH);

  return G_SOURCE_REMOVE;
}

/* AdwBin lays out with a GtkBinLayout, which would bypass size_allocate;
 * the page drops it (see init) and does the same job here. */
static void
ewe_product_page_measure (GtkWidget     *widget,
                          GtkOrientation orientation,
                          int            for_size,
                          int           *minimum,
                          int           *natural,
                          int           *minimum_baseline,
                          int           *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
ewe_product_page_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  EweProductPage *self = EWE_PRODUCT_PAGE (widget);
  GtkWidget      *child = adw_bin_get_child (ADW_BIN (widget));
  gboolean        narrow = width < NARROW_WIDTH;
  gboolean        vertical = gtk_orientable_get_orientation (GTK_ORIENTABLE (self->layout)) == GTK_ORIENTATION_VERTICAL;

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);

  /* GTK 4.8 has no breakpoints, and changing the layout while allocating
   * is not allowed: switch right after this frame. */
  if (narrow != vertical && self->relayout_source == 0)
    self->relayout_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, relayout_cb, self, NULL);
}

/* --- GObject ----------------------------------------------------------------- */

static void
ewe_product_page_dispose (GObject *object)
{
  EweProductPage *self = (EweProductPage *)object;

  g_clear_handle_id (&self->relayout_source, g_source_remove);
  if (self->web_view != NULL)
    webkit_web_view_stop_loading (self->web_view);
  self->web_view = NULL;

  /* AdwBin disposes of its child, the template's tree; the template
   * pointers are borrowed. */

  g_clear_object (&self->gift_signals);
  g_clear_object (&self->gift);
  g_clear_object (&self->network_session);
  _ewe_product_page_cancel_read (self);
  g_clear_object (&self->content_manager);
  g_clear_pointer (&self->failed_uri, g_free);
  g_clear_pointer (&self->shops, g_strfreev);

  G_OBJECT_CLASS (ewe_product_page_parent_class)->dispose (object);
}

static void
ewe_product_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EweProductPage *self = EWE_PRODUCT_PAGE (object);

  switch (prop_id)
    {
    case PROP_GIFT:
      g_value_set_object (value, self->gift);
      break;

    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, self->can_go_back);
      break;

    case PROP_CAN_GO_FORWARD:
      g_value_set_boolean (value, self->can_go_forward);
      break;

    case PROP_GUEST_ACTIONS:
      g_value_set_boolean (value, ewe_product_page_get_guest_actions (self));
      break;

    case PROP_FAILED:
      g_value_set_boolean (value, self->failed);
      break;

    case PROP_SHOPS:
      g_value_set_boxed (value, self->shops);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_product_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  EweProductPage *self = EWE_PRODUCT_PAGE (object);

  switch (prop_id)
    {
    case PROP_GIFT:
      ewe_product_page_set_gift (self, g_value_get_object (value));
      break;

    case PROP_GUEST_ACTIONS:
      ewe_product_page_set_guest_actions (self, g_value_get_boolean (value));
      break;

    case PROP_SHOPS:
      _ewe_product_page_set_shops (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_product_page_class_init (EweProductPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_product_page_dispose;
  object_class->get_property = ewe_product_page_get_property;
  object_class->set_property = ewe_product_page_set_property;

  widget_class->measure = ewe_product_page_measure;
  widget_class->size_allocate = ewe_product_page_size_allocate;

  properties[PROP_GIFT] =
    g_param_spec_object ("gift", NULL, NULL,
                         EWE_TYPE_GIFT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_CAN_GO_FORWARD] =
    g_param_spec_boolean ("can-go-forward", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_FAILED] =
    g_param_spec_boolean ("failed", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Reserve and Add to My List are for a friend's list, not one's own. */
  properties[PROP_GUEST_ACTIONS] =
    g_param_spec_boolean ("guest-actions", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The shops the start page offers, most recent first: their addresses. */
  properties[PROP_SHOPS] =
    g_param_spec_boxed ("shops", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EweProductPage::reserve:
   * @gift: the gift shown
   */
  signals[RESERVE] =
    g_signal_new ("reserve",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, EWE_TYPE_GIFT);

  /**
   * EweProductPage::add-to-list:
   * @gift: the gift shown
   */
  signals[ADD_TO_LIST] =
    g_signal_new ("add-to-list",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, EWE_TYPE_GIFT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-product-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, layout);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, reload_stack);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, address_label);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, address_entry);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, start_page);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, shops_label);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, shops_box);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, web_bin);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, separator);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, details_panel);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, brand_label);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, price_label);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, retailer_label);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, notes_label);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, buttons_box);
  gtk_widget_class_bind_template_child (widget_class, EweProductPage, read_button);

  _ewe_product_page_class_init_browser (widget_class);
  _ewe_product_page_class_init_reader (widget_class);
  _ewe_product_page_class_init_shops (widget_class);

  gtk_widget_class_install_action (widget_class, "product-page.reserve", NULL, reserve_action);
  gtk_widget_class_install_action (widget_class, "product-page.add-to-list", NULL, add_to_list_action);
}

static void
ewe_product_page_init (EweProductPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);

  /* Start narrow: a narrow layout fits any window, so a phone never gets
   * a too-wide first frame; a wide window switches after it. */
  relayout (self, TRUE);

  /* The details follow the gift shown, edited or synced while shown. */
  self->gift_signals = g_signal_group_new (EWE_TYPE_GIFT);
  g_signal_group_connect_object (self->gift_signals, "notify", G_CALLBACK (gift_notify_cb), self, G_CONNECT_SWAPPED);

  _ewe_product_page_init_browser (self);
  _ewe_product_page_init_shops (self);
  update_details (self);
}

GtkWidget *
ewe_product_page_new (void)
{
  return g_object_new (EWE_TYPE_PRODUCT_PAGE, NULL);
}

EweGift *
ewe_product_page_get_gift (EweProductPage *self)
{
  g_return_val_if_fail (EWE_IS_PRODUCT_PAGE (self), NULL);

  return self->gift;
}

/* Shows @gift's details and loads its product page; %NULL leaves it. */
void
ewe_product_page_set_gift (EweProductPage *self,
                           EweGift        *gift)
{
  g_return_if_fail (EWE_IS_PRODUCT_PAGE (self));
  g_return_if_fail (!gift || EWE_IS_GIFT (gift));

  if (self->gift == gift)
    return;

  g_set_object (&self->gift, gift);
  g_signal_group_set_target (self->gift_signals, gift);

  if (gift != NULL)
    {
      ewe_product_page_load_uri (self, ewe_gift_get_product_url (gift));
    }
  else
    {
      /* Left: stop loading and leave the shop's page, which may play sound
       * or video. */
      webkit_web_view_stop_loading (self->web_view);
      webkit_web_view_load_uri (self->web_view, "about:blank");
    }

  update_details (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GIFT]);
}

gboolean
ewe_product_page_get_can_go_back (EweProductPage *self)
{
  g_return_val_if_fail (EWE_IS_PRODUCT_PAGE (self), FALSE);

  return self->can_go_back;
}

gboolean
ewe_product_page_get_can_go_forward (EweProductPage *self)
{
  g_return_val_if_fail (EWE_IS_PRODUCT_PAGE (self), FALSE);

  return self->can_go_forward;
}

gboolean
ewe_product_page_get_failed (EweProductPage *self)
{
  g_return_val_if_fail (EWE_IS_PRODUCT_PAGE (self), FALSE);

  return self->failed;
}

/**
 * ewe_product_page_get_web_view:
 *
 * Returns: (transfer none): the view, for tests
 */
WebKitWebView *
ewe_product_page_get_web_view (EweProductPage *self)
{
  g_return_val_if_fail (EWE_IS_PRODUCT_PAGE (self), NULL);

  return self->web_view;
}

gboolean
ewe_product_page_get_guest_actions (EweProductPage *self)
{
  g_return_val_if_fail (EWE_IS_PRODUCT_PAGE (self), FALSE);

  return gtk_widget_get_visible (self->buttons_box);
}

/* Shows or hides Reserve and Add to My List: the owner looking at a gift
 * of their own list has neither to do. */
void
ewe_product_page_set_guest_actions (EweProductPage *self,
                                    gboolean        guest_actions)
{
  g_return_if_fail (EWE_IS_PRODUCT_PAGE (self));

  if (gtk_widget_get_visible (self->buttons_box) == !!guest_actions)
    return;

  gtk_widget_set_visible (self->buttons_box, guest_actions);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUEST_ACTIONS]);
}
