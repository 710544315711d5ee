/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-product-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-product-page-private.h"

/* Add to List: reading the product on the page the user is looking at.
 *
 * A user script, ewe-product-page-reader.js, is injected into the top
 * frame of every page, in a script world of our own: the page's scripts
 * share its DOM but not its globals, and the one script message handler,
 * registered for that world only, does not exist in theirs. When the user
 * asks, the script reads the page as it is then (after the shop's own
 * scripts built it) and posts what it found. The page hands that on
 * unread ("page-read"); libewe-core checks every value
 * (ewe_page_metadata_read_async()). A message that comes when none was
 * asked for is dropped. */

#define READER_WORLD "ewelists-reader"
#define READER_HANDLER "ewelists"
#define READER_SCRIPT "/org/ewelists/App/ewe-product-page-reader.js"

/* A page whose web process is stuck (a shop's script in an endless loop,
 * or a machine too busy to run it) never answers: after this long the
 * user is told, and Add to List works again. */
#define READ_TIMEOUT_SECONDS 15

enum
{
  PAGE_READ,
  READ_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The reading asked for is over, whichever way it ended. */
static void
end_reading (EweProductPage *self)
{
  self->reading = FALSE;
  g_clear_handle_id (&self->read_timeout, g_source_remove);
}

static void
read_failed (EweProductPage *self,
             const char     *message)
{
  end_reading (self);
  g_signal_emit (self, signals[READ_FAILED], 0, message);
}

static void
script_message_cb (EweProductPage           *self,
                   JSCValue                 *value,
                   WebKitUserContentManager *manager)
{
  const char      *uri = webkit_web_view_get_uri (self->web_view);
  g_autofree char *reading = NULL;

  if (!self->reading)
    {
      g_debug ("Dropped a reading no one asked for");
      return;
    }

  g_debug ("The page sent its reading");
  end_reading (self);
  if (!jsc_value_is_string (value) || !ewe_product_page_uri_is_allowed (uri))
    {
      read_failed (self, _("This page could not be read. Type the gift’s details in yourself."));
      return;
    }

  reading = jsc_value_to_string (value);
  g_signal_emit (self, signals[PAGE_READ], 0, reading, uri);
}

static void
evaluated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EweProductPage) self = user_data;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_debug ("The reader script ran%s%s", error != NULL ? ": " : "", error != NULL ? error->message : "");

  /* The script's message, if it posted one, came first; an error here is
   * a page the script is not in (still loading, or not a web page). */
  if (error != NULL && self->reading)
    {
      g_debug ("Could not read the page: %s", error->message);
      read_failed (self, _("This page cannot be read yet. Wait for it to load, then try again."));
    }
}

static gboolean
read_timeout_cb (gpointer user_data)
{
  EweProductPage *self = user_data;

  self->read_timeout = 0;
  g_debug ("The page did not answer in %d s", READ_TIMEOUT_SECONDS);
  g_cancellable_cancel (self->read_cancellable);
  read_failed (self, _("The page did not answer. Try again, or reload it."));

  return G_SOURCE_REMOVE;
}

static void
read_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EweProductPage *self = EWE_PRODUCT_PAGE (widget);

  if (self->reading)
    return;

  if (self->failed || !ewe_product_page_uri_is_allowed (webkit_web_view_get_uri (self->web_view)))
    {
      read_failed (self, _("There is no page to add a gift from. Open a shop’s product page first."));
      return;
    }

  self->reading = TRUE;
  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  self->read_cancellable = g_cancellable_new ();
  self->read_timeout = g_timeout_add_seconds (READ_TIMEOUT_SECONDS, read_timeout_cb, self);
  g_debug ("Reading the page");
  webkit_web_view_evaluate_javascript (self->web_view, "ewelistsReader.read ()", -1, READER_WORLD, NULL,
                                       self->read_cancellable, evaluated_cb, g_object_ref (self));
}

/* A new page: whatever the old one would still say is not wanted. */
void
_ewe_product_page_cancel_read (EweProductPage *self)
{
  end_reading (self);
  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
}

void
_ewe_product_page_class_init_reader (GtkWidgetClass *widget_class)
{
  /**
   * EweProductPage::page-read:
   * @reading: what the user script read in the page, as JSON, unchecked
   * @page_url: the page's address, as the view has it
   */
  signals[PAGE_READ] =
    g_signal_new ("page-read",
                  G_TYPE_FROM_CLASS (widget_class),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * EweProductPage::read-failed:
   * @message: why, for the user
   */
  signals[READ_FAILED] =
    g_signal_new ("read-failed",
                  G_TYPE_FROM_CLASS (widget_class),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "product-page.read", NULL, read_action);
}

/* The content manager for the web view, with the reader in its world. */
WebKitUserContentManager *
_ewe_product_page_new_content_manager (EweProductPage *self)
{
  WebKitUserContentManager *manager = webkit_user_content_manager_new ();
  g_autoptr(WebKitUserScript) script = NULL;
  g_autoptr(GBytes) source = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  source = g_resources_lookup_data (READER_SCRIPT, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  /* Built into the app's resources: missing is a broken build. */
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (source, NULL), g_bytes_get_size (source));

  script = webkit_user_script_new_for_world (text, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                             WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END, READER_WORLD, NULL, NULL);
  webkit_user_content_manager_add_script (manager, script);
  /* For the reader's world only: in the page's, window.webkit has no
   * handler of ours. */
  webkit_user_content_manager_register_script_message_handler (manager, READER_HANDLER, READER_WORLD);
  g_signal_connect_object (manager, "script-message-received::" READER_HANDLER,
                           G_CALLBACK (script_message_cb), self, G_CONNECT_SWAPPED);

  return manager;
}
