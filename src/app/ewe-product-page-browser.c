/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-product-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-product-page-private.h"

/* The shop's page itself. Shops are strangers' code: the view gets an
 * ephemeral network session (no cookies or cache kept, none shared with
 * anything else), no developer tools, no custom URI schemes, and only one
 * script message handler, in a script world of our own that page scripts
 * are not in (ewe-product-page-reader.c) — so nothing a page runs can
 * reach the app — no permissions, no downloads and no popup windows. Only
 * http(s) addresses are loaded. */

static const char *
current_uri (EweProductPage *self)
{
  const char *uri = webkit_web_view_get_uri (self->web_view);

  if (self->failed && self->failed_uri != NULL)
    return self->failed_uri;
  if (uri != NULL && *uri != '\0')
    return uri;
  if (self->gift != NULL)
    return ewe_gift_get_product_url (self->gift);

  return NULL;
}

void
_ewe_product_page_update_address (EweProductPage *self)
{
  const char *uri = current_uri (self);

  gtk_label_set_text (self->address_label, uri ? uri : "");
  _ewe_product_page_update_entry (self, uri);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "product-page.open-in-browser",
                                 ewe_product_page_uri_is_allowed (uri));
}

/* --- web view signals -------------------------------------------------------- */

static void
load_changed_cb (EweProductPage *self,
                 WebKitLoadEvent event,
                 WebKitWebView  *web_view)
{
  if (event == WEBKIT_LOAD_STARTED)
    {
      _ewe_product_page_cancel_read (self);
      g_clear_pointer (&self->failed_uri, g_free);
      _ewe_product_page_set_failed (self, FALSE);
    }

  /* Browsing, back to the blank page the start page stands for. */
  if (event == WEBKIT_LOAD_COMMITTED && self->gift == NULL)
    {
      self->at_start = g_strcmp0 (webkit_web_view_get_uri (web_view), "about:blank") == 0;
      _ewe_product_page_set_failed (self, self->failed);
    }

  _ewe_product_page_update_navigation (self);
  _ewe_product_page_update_address (self);
}

static void
is_loading_cb (EweProductPage *self,
               GParamSpec     *pspec,
               WebKitWebView  *web_view)
{
  gboolean loading = webkit_web_view_is_loading (web_view);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), loading);
  gtk_stack_set_visible_child_name (self->reload_stack, loading ? "stop" : "reload");
}

static void
progress_cb (EweProductPage *self,
             GParamSpec     *pspec,
             WebKitWebView  *web_view)
{
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 webkit_web_view_get_estimated_load_progress (web_view));
}

static gboolean
load_failed_cb (EweProductPage *self,
                WebKitLoadEvent event,
                const char     *failing_uri,
                GError         *error,
                WebKitWebView  *web_view)
{
  /* Stopping, or a navigation we refused, is no failure to show. */
  if (g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED) ||
      g_error_matches (error, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE))
    return FALSE;

  g_free (self->failed_uri);
  self->failed_uri = g_strdup (failing_uri);
  adw_status_page_set_description (self->error_page, error->message);
  _ewe_product_page_set_failed (self, TRUE);
  _ewe_product_page_update_address (self);

  /* TRUE: our page, not WebKit's own error page. */
  return TRUE;
}

static gboolean
load_failed_with_tls_errors_cb (EweProductPage      *self,
                                const char          *failing_uri,
                                GTlsCertificate     *certificate,
                                GTlsCertificateFlags errors,
                                WebKitWebView       *web_view)
{
  /* Never offer to go on past a bad certificate inside the app; the
   * browser is the place for that decision. */
  g_free (self->failed_uri);
  self->failed_uri = g_strdup (failing_uri);
  adw_status_page_set_description (self->error_page,
                                   _("The shop’s identity could not be verified. Open the page in your browser to decide whether to trust it."));
  _ewe_product_page_set_failed (self, TRUE);
  _ewe_product_page_update_address (self);

  return TRUE;
}

static void
open_in_browser (EweProductPage *self,
                 const char     *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!ewe_product_page_uri_is_allowed (uri))
    return;

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static gboolean
decide_policy_cb (EweProductPage          *self,
                  WebKitPolicyDecision    *decision,
                  WebKitPolicyDecisionType type,
                  WebKitWebView           *web_view)
{
  switch (type)
    {
    case WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION:
      {
        WebKitNavigationAction *action =
          webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
        const char *uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

        /* Web pages only; a shop's embedded frames may also be
         * about:blank, data: or blob:. Never file: or another app's scheme. */
        if (!ewe_product_page_uri_is_allowed (uri) &&
            !g_str_has_prefix (uri, "about:") && !g_str_has_prefix (uri, "data:") &&
            !g_str_has_prefix (uri, "blob:"))
          {
            webkit_policy_decision_ignore (decision);
            return TRUE;
          }
        return FALSE;
      }

    case WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION:
      {
        WebKitNavigationAction *action =
          webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
        const char *uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

        /* No popups: a link meant for a new window opens here. */
        webkit_policy_decision_ignore (decision);
        if (ewe_product_page_uri_is_allowed (uri))
          webkit_web_view_load_uri (web_view, uri);
        return TRUE;
      }

    case WEBKIT_POLICY_DECISION_TYPE_RESPONSE:
      {
        WebKitResponsePolicyDecision *response = WEBKIT_RESPONSE_POLICY_DECISION (decision);

        /* What the view cannot show would be a download: none here. */
        if (!webkit_response_policy_decision_is_mime_type_supported (response))
          {
            webkit_policy_decision_ignore (decision);
            return TRUE;
          }
        return FALSE;
      }

    default:
      return FALSE;
    }
}

static GtkWidget *
create_cb (EweProductPage         *self,
           WebKitNavigationAction *action,
           WebKitWebView          *web_view)
{
  const char *uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

  /* Script asking for a new window: load the address here instead. */
  if (ewe_product_page_uri_is_allowed (uri))
    webkit_web_view_load_uri (web_view, uri);

  return NULL;
}

static gboolean
permission_request_cb (EweProductPage          *self,
                       WebKitPermissionRequest *request,
                       WebKitWebView           *web_view)
{
  /* Location, camera, notifications…: a shop page needs none of them. */
  webkit_permission_request_deny (request);

  return TRUE;
}

static void
back_forward_changed_cb (EweProductPage *self)
{
  _ewe_product_page_update_navigation (self);
}

/* --- actions ----------------------------------------------------------------- */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  webkit_web_view_go_back (EWE_PRODUCT_PAGE (widget)->web_view);
}

static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  webkit_web_view_go_forward (EWE_PRODUCT_PAGE (widget)->web_view);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EweProductPage *self = EWE_PRODUCT_PAGE (widget);

  /* After a failure the view may still show the previous page: retry the
   * address that failed. */
  if (self->failed && self->failed_uri != NULL)
    {
      g_autofree char *uri = g_strdup (self->failed_uri);

      ewe_product_page_load_uri (self, uri);
    }
  else if (webkit_web_view_get_uri (self->web_view) != NULL)
    webkit_web_view_reload (self->web_view);
  else if (self->gift != NULL)
    ewe_product_page_load_uri (self, ewe_gift_get_product_url (self->gift));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  webkit_web_view_stop_loading (EWE_PRODUCT_PAGE (widget)->web_view);
}

static void
open_in_browser_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EweProductPage *self = EWE_PRODUCT_PAGE (widget);

  open_in_browser (self, current_uri (self));
}

/* --- setup ------------------------------------------------------------------- */

void
_ewe_product_page_class_init_browser (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "product-page.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "product-page.forward", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "product-page.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "product-page.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "product-page.open-in-browser", NULL, open_in_browser_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "product-page.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "product-page.forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "product-page.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "product-page.reload", NULL);
}

void
_ewe_product_page_init_browser (EweProductPage *self)
{
  g_autoptr(WebKitSettings) settings = NULL;
  WebKitBackForwardList *history;

  self->network_session = webkit_network_session_new_ephemeral ();
  settings = webkit_settings_new_with_settings ("enable-developer-extras", FALSE,
                                                "enable-javascript", TRUE,
                                                "javascript-can-open-windows-automatically", FALSE,
                                                "javascript-can-access-clipboard", FALSE,
                                                "enable-webrtc", FALSE,
                                                "enable-media-stream", FALSE,
                                                NULL);

  /* No custom URI schemes registered anywhere, and the reader's message
   * handler only in the reader's world: page script has no way to talk to
   * the app. */
  self->content_manager = _ewe_product_page_new_content_manager (self);
  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "network-session", self->network_session,
                                 "user-content-manager", self->content_manager,
                                 "settings", settings,
                                 "hexpand", TRUE,
                                 "vexpand", TRUE,
                                 NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->web_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Shop page"), -1);
  adw_bin_set_child (self->web_bin, GTK_WIDGET (self->web_view));

  g_signal_connect_object (self->web_view, "load-changed", G_CALLBACK (load_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-failed", G_CALLBACK (load_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-failed-with-tls-errors",
                           G_CALLBACK (load_failed_with_tls_errors_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "notify::is-loading", G_CALLBACK (is_loading_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "notify::estimated-load-progress",
                           G_CALLBACK (progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "notify::uri",
                           G_CALLBACK (_ewe_product_page_update_address), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "decide-policy", G_CALLBACK (decide_policy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "create", G_CALLBACK (create_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "permission-request",
                           G_CALLBACK (permission_request_cb), self, G_CONNECT_SWAPPED);

  history = webkit_web_view_get_back_forward_list (self->web_view);
  g_signal_connect_object (history, "changed", G_CALLBACK (back_forward_changed_cb), self, G_CONNECT_SWAPPED);

  _ewe_product_page_update_navigation (self);
  _ewe_product_page_update_address (self);
}

/**
 * ewe_product_page_load_uri:
 *
 * Returns: %FALSE, loading nothing, when @uri is not an http(s) address
 */
gboolean
ewe_product_page_load_uri (EweProductPage *self,
                           const char     *uri)
{
  g_return_val_if_fail (EWE_IS_PRODUCT_PAGE (self), FALSE);

  if (!ewe_product_page_uri_is_allowed (uri))
    {
      g_clear_pointer (&self->failed_uri, g_free);
      adw_status_page_set_description (self->error_page, _("This gift has no web address to show."));
      _ewe_product_page_set_failed (self, TRUE);
      _ewe_product_page_update_address (self);
      return FALSE;
    }

  self->at_start = FALSE;
  _ewe_product_page_set_failed (self, FALSE);
  webkit_web_view_load_uri (self->web_view, uri);
  _ewe_product_page_update_address (self);

  return TRUE;
}
