/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-page-metadata"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <libxml/HTMLparser.h>

#include "ewe-page-metadata-private.h"

/* Reads what a shop's product page says about its product, to prefill the
 * "Add a gift" form: schema.org Product data in JSON-LD first (the most
 * precise), then OpenGraph and product meta tags, then microdata, then the
 * page title (the rules are in ewe-page-metadata-found.c). The page is
 * fetched here (the server never fetches user-supplied URLs) and parsed
 * with libxml2's forgiving HTML parser on a worker thread. */

#define MAX_PAGE_SIZE (5 * 1024 * 1024)
#define TIMEOUT_SECONDS 20

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-page-metadata-error-quark, ewe_page_metadata_error)
/* clang-format on */

/* --- the HTML tree ------------------------------------------------------------ */

/* libxml2 strings are freed with xmlFree (), ours with g_free (): takes
 * @value and hands back a copy the caller frees the GLib way. */
static char *
take_xml_string (xmlChar *value)
{
  char *copy;

  if (value == NULL)
    return NULL;

  copy = g_strdup ((const char *)value);
  xmlFree (value);

  return copy;
}

static char *
attribute (xmlNode    *node,
           const char *name)
{
  return take_xml_string (xmlGetProp (node, (const xmlChar *)name));
}

static gboolean
element_is (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->name != NULL &&
         g_ascii_strcasecmp ((const char *)node->name, name) == 0;
}

static char *
text_content (xmlNode *node)
{
  return take_xml_string (xmlNodeGetContent (node));
}

static void
scan_meta (Found      *found,
           xmlNode    *node,
           const char *page_url)
{
  g_autofree char *property = attribute (node, "property");
  g_autofree char *name = attribute (node, "name");
  g_autofree char *itemprop = attribute (node, "itemprop");
  g_autofree char *content = attribute (node, "content");

  _ewe_found_take_meta (found, property ? property : (name ? name : itemprop), content, page_url);
}

/* An itemprop's value, as the HTML standard reads it (and as the product
 * page's user script does, ewe-product-page-reader.js). */
static char *
microdata_value (xmlNode *node)
{
  char *content = attribute (node, "content");

  if (content != NULL)
    return content;
  if (element_is (node, "img") || element_is (node, "source") || element_is (node, "video") ||
      element_is (node, "audio") || element_is (node, "iframe") || element_is (node, "embed"))
    return attribute (node, "src");
  if (element_is (node, "a") || element_is (node, "link") || element_is (node, "area"))
    return attribute (node, "href");
  if (element_is (node, "data") || element_is (node, "meter"))
    return attribute (node, "value");
  if (element_is (node, "time"))
    return attribute (node, "datetime");

  return text_content (node);
}

/* The microdata of the page's first schema.org Product: its own itemprops
 * and its offer's; a nested brand gives its name; other nested items
 * (reviews, ratings) are not the product's. Returns whether @node's
 * children are still in the product. */
static gboolean
scan_microdata (Found      *found,
                xmlNode    *node,
                const char *page_url,
                gboolean    in_product)
{
  g_autofree char *itemprop = attribute (node, "itemprop");
  gboolean         scope = xmlHasProp (node, (const xmlChar *)"itemscope") != NULL;

  if (!in_product)
    {
      g_autofree char *itemtype = NULL;

      if (!scope || found->md_scoped)
        return FALSE;
      itemtype = attribute (node, "itemtype");
      if (!_ewe_found_is_product_type (itemtype))
        return FALSE;
      found->md_scoped = TRUE;
      return TRUE;
    }

  if (!scope)
    {
      g_autofree char *value = itemprop ? microdata_value (node) : NULL;

      _ewe_found_take_microdata (found, itemprop, value, page_url);
      return TRUE;
    }

  if (g_strcmp0 (itemprop, "offers") == 0)
    return TRUE;
  if (g_strcmp0 (itemprop, "brand") == 0)
    {
      g_autofree char *name = text_content (node);

      _ewe_found_take_microdata (found, "brand", name, page_url);
    }

  return FALSE;
}

static void
scan_tree (Found      *found,
           xmlNode    *node,
           const char *page_url,
           gboolean    in_product,
           guint       depth)
{
  /* libxml2 already bounds the tree's depth; this bounds our stack too. */
  if (depth > 256)
    return;

  for (; node != NULL; node = node->next)
    {
      gboolean children_in_product = FALSE;

      if (node->type == XML_ELEMENT_NODE)
        children_in_product = scan_microdata (found, node, page_url, in_product);

      if (element_is (node, "meta"))
        {
          scan_meta (found, node, page_url);
        }
      else if (element_is (node, "title"))
        {
          g_autofree char *title = text_content (node);
          _ewe_found_take_if_unset (&found->title, _ewe_found_clean_text (title));
        }
      else if (element_is (node, "link"))
        {
          g_autofree char *rel = attribute (node, "rel");
          g_autofree char *href = attribute (node, "href");

          if (rel != NULL && g_ascii_strcasecmp (rel, "canonical") == 0)
            _ewe_found_take_if_unset (&found->canonical, _ewe_found_clean_url (href, page_url));
        }
      else if (element_is (node, "script"))
        {
          g_autofree char *type = attribute (node, "type");

          if (type != NULL && g_ascii_strcasecmp (type, "application/ld+json") == 0)
            {
              g_autofree char *json = text_content (node);
              _ewe_found_scan_json_ld (found, json, page_url);
            }
          continue;
        }

      scan_tree (found, node->children, page_url, children_in_product, depth + 1);
    }
}

/* Turns a page's HTML into a gift prefilled with what the page says: the
 * product's name as the details, its brand, price, image and shop. Fails
 * with NOTHING_FOUND when the page names no product at all. */
EweGift *
ewe_page_metadata_parse (const char *html,
                         gsize       length,
                         const char *page_url,
                         const char *charset,
                         GError    **error)
{
  g_auto(Found) found = { 0 };
  htmlDocPtr doc;

  g_return_val_if_fail (html != NULL || length == 0, NULL);

  if (length == 0 || length > G_MAXINT)
    {
      g_set_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NOTHING_FOUND,
                   _("The page is empty."));
      return NULL;
    }

  doc = htmlReadMemory (html, (int)length, page_url, charset,
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                          HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
  if (doc == NULL)
    {
      g_set_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NOT_A_PAGE,
                   _("This address does not lead to a web page."));
      return NULL;
    }

  scan_tree (&found, xmlDocGetRootElement (doc), page_url, FALSE, 0);
  xmlFreeDoc (doc);

  return _ewe_found_make_gift (&found, page_url, error);
}

/* --- fetching ------------------------------------------------------------------ */

typedef struct
{
  char   *url;
  char   *charset;
  GBytes *body;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_free (fetch->url);
  g_free (fetch->charset);
  g_clear_pointer (&fetch->body, g_bytes_unref);
  g_free (fetch);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Fetch      *fetch = task_data;
  GError     *error = NULL;
  gsize       size = 0;
  const char *data = g_bytes_get_data (fetch->body, &size);
  EweGift    *gift;

  gift = ewe_page_metadata_parse (data, size, fetch->url, fetch->charset, &error);
  if (gift == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, gift, g_object_unref);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  Fetch       *fetch = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (session, result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *content_type;
  guint       status;

  fetch->body = soup_session_send_and_read_finish (session, result, &error);
  if (fetch->body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NETWORK,
                                 _("The shop’s page could not be loaded: %s"), error->message);
      return;
    }

  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_HTTP,
                               _("The shop answered “%u %s”. Check the address."),
                                  status, soup_message_get_reason_phrase (msg));
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), &params);
  if (content_type != NULL && !g_str_has_prefix (content_type, "text/html") &&
      !g_str_equal (content_type, "application/xhtml+xml"))
    {
      g_task_return_new_error (task, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NOT_A_PAGE,
                               _("This address leads to a file (%s), not to a product page."), content_type);
      return;
    }

  if (g_bytes_get_size (fetch->body) > MAX_PAGE_SIZE)
    {
      g_task_return_new_error (task, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NOT_A_PAGE,
                               _("The page is too large to read."));
      return;
    }

  if (params != NULL)
    fetch->charset = g_strdup (g_hash_table_lookup (params, "charset"));

  /* After redirects, relative links resolve against where we ended up. */
  g_free (fetch->url);
  fetch->url = g_uri_to_string (soup_message_get_uri (msg));

  g_task_run_in_thread (task, parse_in_thread);
}

/* Fetches the page at @url (http or https only) and reads its product. */
void
ewe_page_metadata_fetch_async (const char         *url,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *trimmed = NULL;
  Fetch           *fetch;

  g_return_if_fail (url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_page_metadata_fetch_async);

  trimmed = g_strstrip (g_strdup (url));
  if (!g_str_has_prefix (trimmed, "https://") && !g_str_has_prefix (trimmed, "http://"))
    {
      g_task_return_new_error (task, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_INVALID_URL,
                               _("Paste the address of a product page, starting with https://"));
      return;
    }

  msg = soup_message_new (SOUP_METHOD_GET, trimmed);
  if (msg == NULL)
    {
      g_task_return_new_error (task, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_INVALID_URL,
                               _("“%s” is not a valid web address."), trimmed);
      return;
    }

  fetch = g_new0 (Fetch, 1);
  fetch->url = g_steal_pointer (&trimmed);
  g_task_set_task_data (task, fetch, (GDestroyNotify)fetch_free);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "text/html,application/xhtml+xml");

  /* A session of its own: shop pages get no cookies or credentials of ours. */
  session = soup_session_new_with_options ("timeout", TIMEOUT_SECONDS,
                                           "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " (gift list; +https://ewelists.org)",
                                           NULL);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    fetched_cb, g_steal_pointer (&task));
}

EweGift *
ewe_page_metadata_fetch_finish (GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
