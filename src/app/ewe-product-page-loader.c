/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-product-page-loader"

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>
#include <stdlib.h>

#include "ewe-product-page-loader.h"

/* WebKitGTK and the libraries under it are about a hundred shared objects
 * and tens of megabytes of mappings: linked into the executable, the
 * loader relocates them at every start, and their memory is held by an app
 * that may never show a shop's page. So the page is a module,
 * ewe-product-page.so, opened here on first use and kept for the life of
 * the process (its GType cannot be unregistered).
 *
 * The module resolves libewe-core's symbols (EweGift) from the executable,
 * which exports them, so that there is one EweGift type, not two. */

#define MODULE_NAME "ewe-product-page." G_MODULE_SUFFIX
#define PAGE_TYPE_NAME "EweProductPage"
#define ENTRY_POINT "ewe_product_page_module_get_type"

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-product-page-loader-error-quark, ewe_product_page_loader_error)
/* clang-format on */

/**
 * ewe_product_page_uri_is_allowed:
 *
 * Returns: whether @uri is an http(s) address, the only kind the page loads
 */
gboolean
ewe_product_page_uri_is_allowed (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;
  const char *host;

  if (uri == NULL)
    return FALSE;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (parsed);
  host = g_uri_get_host (parsed);

  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         host != NULL && *host != '\0';
}

/* Where the module is: $EWELISTS_MODULE_DIR (the tests set it); the build
 * tree when this is the executable built there, so that an uninstalled app
 * finds the module built beside it; else where meson installs it. */
static char *
dup_module_dir (void)
{
  const char      *dir = g_getenv ("EWELISTS_MODULE_DIR");
  g_autofree char *exe = NULL;
  g_autofree char *exe_dir = NULL;
  g_autofree char *build_dir = NULL;

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);

  exe = g_file_read_link ("/proc/self/exe", NULL);
  exe_dir = exe ? g_path_get_dirname (exe) : NULL;
  build_dir = realpath (EWE_BUILD_MODULEDIR, NULL);
  if (exe_dir != NULL && build_dir != NULL && g_str_equal (exe_dir, build_dir))
    return g_steal_pointer (&build_dir);

  return g_strdup (EWE_MODULEDIR);
}

static GType
load_page_type (GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GModule         *module;
  GType (*get_type) (void) = NULL;
  GType type;

  /* A program that links the page itself (the page's widget tests) has
   * registered its type already: that one, and no module. */
  type = g_type_from_name (PAGE_TYPE_NAME);
  if (type != 0)
    return type;

  dir = dup_module_dir ();
  path = g_build_filename (dir, MODULE_NAME, NULL);
  /* Not lazy: a symbol missing from the executable is an error here, not
   * a crash later. Local: nothing else should bind to the module's
   * symbols. */
  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, EWE_PRODUCT_PAGE_LOADER_ERROR, EWE_PRODUCT_PAGE_LOADER_ERROR_MODULE,
                   _("The part of Ewelists that shows web pages could not be loaded (%s). Reinstalling Ewelists should bring it back."),
                      g_module_error ());
      return G_TYPE_INVALID;
    }

  if (!g_module_symbol (module, ENTRY_POINT, (gpointer *)&get_type) || get_type == NULL)
    {
      g_set_error (error, EWE_PRODUCT_PAGE_LOADER_ERROR, EWE_PRODUCT_PAGE_LOADER_ERROR_MODULE,
                   _("The part of Ewelists that shows web pages is broken: %s has no %s. Reinstalling Ewelists should repair it."),
                      path, ENTRY_POINT);
      g_module_close (module);
      return G_TYPE_INVALID;
    }

  type = get_type ();
  if (!g_type_is_a (type, GTK_TYPE_WIDGET))
    {
      g_set_error (error, EWE_PRODUCT_PAGE_LOADER_ERROR, EWE_PRODUCT_PAGE_LOADER_ERROR_MODULE,
                   _("The part of Ewelists that shows web pages is broken: %s gives no page. Reinstalling Ewelists should repair it."),
                      path);
      return G_TYPE_INVALID;
    }

  /* Its type is registered for good: the module stays. */
  g_module_make_resident (module);
  g_debug ("Loaded %s", path);

  return type;
}

/**
 * ewe_product_page_loader_new_page:
 *
 * Loads the page's module on first use, and makes a page.
 *
 * Returns: (transfer floating): an EweProductPage, or %NULL with @error
 *   set when the module is missing or broken
 */
GtkWidget *
ewe_product_page_loader_new_page (GError **error)
{
  GType type = load_page_type (error);

  if (type == G_TYPE_INVALID)
    return NULL;

  return g_object_new (type, NULL);
}

/* Shows @gift's details and loads its shop page; %NULL stops loading and
 * leaves the page, which may play sound or video. */
void
ewe_product_page_loader_set_gift (GtkWidget *page,
                                  EweGift   *gift)
{
  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (!gift || EWE_IS_GIFT (gift));

  g_object_set (page, "gift", gift, NULL);
}

/* Shows or hides Reserve and Add to My List. */
void
ewe_product_page_loader_set_guest_actions (GtkWidget *page,
                                           gboolean   guest_actions)
{
  g_return_if_fail (GTK_IS_WIDGET (page));

  g_object_set (page, "guest-actions", guest_actions, NULL);
}

/* Leaves the gift shown, if any, for the start page of browsing: an
 * address bar, and @shops, the addresses of shops used before. */
void
ewe_product_page_loader_browse (GtkWidget          *page,
                                const char * const *shops)
{
  g_return_if_fail (GTK_IS_WIDGET (page));

  g_object_set (page, "shops", shops, NULL);
  gtk_widget_activate_action (page, "product-page.home", NULL);
}
