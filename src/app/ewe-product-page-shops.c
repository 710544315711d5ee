/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-product-page"

#include "config.h"

#include "ewe-product-page-private.h"

/* Browsing shops, to find a gift and Add to List: with no gift shown, the
 * toolbar has an address bar, and the start page lists the shops the user
 * added gifts from before (the window keeps that list and hands it in). */

static char *
display_host (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  const char *host = parsed ? g_uri_get_host (parsed) : NULL;

  if (host == NULL)
    return g_strdup (uri);

  return g_strdup (g_str_has_prefix (host, "www.") ? host + 4 : host);
}

static void
shop_activated_cb (EweProductPage *self,
                   GtkListBoxRow  *row,
                   GtkListBox     *box)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "ewe-shop-uri");

  ewe_product_page_load_uri (self, uri);
}

void
_ewe_product_page_set_shops (EweProductPage     *self,
                             const char * const *shops)
{
  GtkWidget *child;

  g_strfreev (self->shops);
  self->shops = g_strdupv ((char **)shops);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->shops_box))) != NULL)
    gtk_list_box_remove (self->shops_box, child);

  for (guint i = 0; shops != NULL && shops[i] != NULL; i++)
    {
      g_autofree char *host = NULL;
      GtkWidget       *row;

      if (!ewe_product_page_uri_is_allowed (shops[i]))
        continue;

      host = display_host (shops[i]);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), host);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shops[i]);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "ewe-shop-uri", g_strdup (shops[i]), g_free);
      gtk_list_box_append (self->shops_box, row);
    }

  child = gtk_widget_get_first_child (GTK_WIDGET (self->shops_box));
  gtk_widget_set_visible (self->shops_label, child != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->shops_box), child != NULL);
}

/* The address shown, unless the user is typing one. */
void
_ewe_product_page_update_entry (EweProductPage *self,
                                const char     *uri)
{
  GtkRoot   *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->address_entry)))
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->address_entry),
                         uri != NULL && ewe_product_page_uri_is_allowed (uri) ? uri : "");
}

/* What people type: "toyshop.example/horse" is meant as https. */
static char *
complete_address (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    return NULL;
  if (strstr (stripped, "://") == NULL)
    return g_strconcat ("https://", stripped, NULL);

  return g_steal_pointer (&stripped);
}

static void
address_activated_cb (EweProductPage *self,
                      GtkEntry       *entry)
{
  g_autofree char *uri = complete_address (gtk_editable_get_text (GTK_EDITABLE (entry)));

  if (uri == NULL)
    return;

  if (!ewe_product_page_uri_is_allowed (uri))
    {
      gtk_widget_error_bell (GTK_WIDGET (entry));
      return;
    }

  /* Typed in: the page, not the entry, has the user's attention now. */
  gtk_widget_grab_focus (GTK_WIDGET (self->web_view));
  ewe_product_page_load_uri (self, uri);
}

static void
home_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EweProductPage *self = EWE_PRODUCT_PAGE (widget);

  ewe_product_page_set_gift (self, NULL);
  webkit_web_view_stop_loading (self->web_view);
  webkit_web_view_load_uri (self->web_view, "about:blank");
  self->at_start = TRUE;
  _ewe_product_page_set_failed (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->address_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->address_entry));
}

static void
focus_address_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  EweProductPage *self = EWE_PRODUCT_PAGE (widget);

  if (gtk_widget_get_visible (GTK_WIDGET (self->address_entry)))
    gtk_widget_grab_focus (GTK_WIDGET (self->address_entry));
}

void
_ewe_product_page_class_init_shops (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "product-page.home", NULL, home_action);
  gtk_widget_class_install_action (widget_class, "product-page.focus-address", NULL, focus_address_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "product-page.focus-address", NULL);
}

void
_ewe_product_page_init_shops (EweProductPage *self)
{
  g_signal_connect_object (self->shops_box, "row-activated", G_CALLBACK (shop_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->address_entry, "activate", G_CALLBACK (address_activated_cb), self,
                           G_CONNECT_SWAPPED);
  _ewe_product_page_set_shops (self, NULL);
}
