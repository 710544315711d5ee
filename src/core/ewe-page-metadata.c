/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-page-metadata"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <libxml/HTMLparser.h>
#include <math.h>

#include "ewe-codec.h"
#include "ewe-page-metadata.h"
#include "ewe-price.h"

/* Reads what a shop's product page says about its product, to prefill the
 * "Add a gift" form: schema.org Product data in JSON-LD first (the most
 * precise), then OpenGraph and product meta tags, then the page title. The
 * page is fetched here (the server never fetches user-supplied URLs) and
 * parsed with libxml2's forgiving HTML parser on a worker thread. What is
 * found is a suggestion the user edits; nothing here is trusted further. */

#define MAX_PAGE_SIZE (5 * 1024 * 1024)
#define TIMEOUT_SECONDS 20
#define MAX_FIELD_CHARS 500
#define MAX_PRICE G_GINT64_CONSTANT (999999999999)

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-page-metadata-error-quark, ewe_page_metadata_error)
/* clang-format on */

typedef struct
{
  /* JSON-LD Product */
  char *ld_name;
  char *ld_brand;
  char *ld_image;
  char *ld_price;
  char *ld_currency;
  char *ld_url;
  /* OpenGraph and product meta tags */
  char *og_title;
  char *og_image;
  char *og_site_name;
  char *og_url;
  char *og_brand;
  char *og_price;
  char *og_currency;
  /* fallbacks */
  char *title;
  char *canonical;
} Found;

static void
found_clear (Found *found)
{
  if (found == NULL)
    return;

  g_free (found->ld_name);
  g_free (found->ld_brand);
  g_free (found->ld_image);
  g_free (found->ld_currency);
  g_free (found->og_currency);
  g_free (found->ld_price);
  g_free (found->ld_url);
  g_free (found->og_title);
  g_free (found->og_image);
  g_free (found->og_site_name);
  g_free (found->og_url);
  g_free (found->og_brand);
  g_free (found->og_price);
  g_free (found->title);
  g_free (found->canonical);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Found, found_clear)

/* Collapses runs of white space and trims, so a title spread over lines in
 * the HTML reads as one line; overlong values are cut at a character. */
static char *
clean_text (const char *text)
{
  g_autoptr(GString) out = NULL;
  gboolean space = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0xA0)
        {
          space = out->len > 0;
          continue;
        }
      if (g_unichar_iscntrl (c))
        continue;
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  if (out->len == 0)
    return NULL;

  if (g_utf8_strlen (out->str, -1) > MAX_FIELD_CHARS)
    {
      const char *end = g_utf8_offset_to_pointer (out->str, MAX_FIELD_CHARS);
      g_string_truncate (out, end - out->str);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Keeps only http(s) URLs, made absolute against the page. */
static char *
clean_url (const char *url,
           const char *page_url)
{
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) resolved = NULL;
  g_autofree char *trimmed = clean_text (url);
  const char      *scheme;

  if (trimmed == NULL)
    return NULL;

  if (page_url != NULL && (base = g_uri_parse (page_url, G_URI_FLAGS_NONE, NULL)) != NULL)
    resolved = g_uri_parse_relative (base, trimmed, G_URI_FLAGS_NONE, NULL);
  else
    resolved = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);

  if (resolved == NULL)
    return NULL;

  scheme = g_uri_get_scheme (resolved);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return NULL;

  return g_uri_to_string (resolved);
}

static void
take_if_unset (char **field,
               char  *value)
{
  if (*field == NULL)
    *field = value;
  else
    g_free (value);
}

/* --- JSON-LD -------------------------------------------------------------- */

static const char *
json_string (JsonObject *object,
             const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return NULL;
}

/* A value that may be a string, an object with @member, or an array of
 * either (schema.org allows all three for brand and image). */
static char *
json_loose_string (JsonNode   *node,
                   const char *member)
{
  if (node == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  if (JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (json_string (json_node_get_object (node), member));

  if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    return json_loose_string (json_array_get_element (json_node_get_array (node), 0), member);

  return NULL;
}

/* An offer's priceCurrency, or the currency its price names ("42,00 €"). */
static char *
json_currency (JsonNode *offers)
{
  JsonObject *offer;
  JsonNode   *member;

  if (offers != NULL && JSON_NODE_HOLDS_ARRAY (offers))
    {
      JsonArray *array = json_node_get_array (offers);
      return json_array_get_length (array) > 0 ? json_currency (json_array_get_element (array, 0)) : NULL;
    }

  if (offers == NULL || !JSON_NODE_HOLDS_OBJECT (offers))
    return NULL;

  offer = json_node_get_object (offers);
  member = json_object_get_member (offer, "priceCurrency");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    {
      g_autofree char *code = g_ascii_strup (json_node_get_string (member), -1);

      if (ewe_price_currency_is_valid (g_strstrip (code)))
        return g_steal_pointer (&code);
    }

  member = json_object_get_member (offer, "price");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    return ewe_price_currency_from_text (json_node_get_string (member));

  return NULL;
}

static char *
json_price (JsonNode *offers)
{
  JsonObject *offer;
  JsonNode   *price;

  if (offers == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_ARRAY (offers))
    {
      JsonArray *array = json_node_get_array (offers);
      return json_array_get_length (array) > 0 ? json_price (json_array_get_element (array, 0)) : NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (offers))
    return NULL;

  offer = json_node_get_object (offers);
  price = json_object_get_member (offer, "price");
  if (price == NULL)
    price = json_object_get_member (offer, "lowPrice");
  if (price == NULL || !JSON_NODE_HOLDS_VALUE (price))
    return NULL;

  switch (json_node_get_value_type (price))
    {
    case G_TYPE_STRING:
      return ewe_price_normalize (json_node_get_string (price));
    case G_TYPE_INT64:
      if (json_node_get_int (price) < 0 || json_node_get_int (price) > MAX_PRICE)
        return NULL;
      return g_strdup_printf ("%" G_GINT64_FORMAT ".00", json_node_get_int (price));
    case G_TYPE_DOUBLE:
      /* json-glib reads 1e400 as infinity: no shop sells at that price. */
      if (!isfinite (json_node_get_double (price)) ||
          json_node_get_double (price) < 0 || json_node_get_double (price) > MAX_PRICE)
        return NULL;
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        /* Always a '.', whatever the user's locale. */
        return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f", json_node_get_double (price)));
      }
    default:
      return NULL;
    }
}

static gboolean
is_product (JsonObject *object)
{
  JsonNode        *type = json_object_get_member (object, "@type");
  g_autofree char *name = json_loose_string (type, "name");

  return name != NULL && g_str_equal (name, "Product");
}

static void
scan_json_ld_node (Found      *found,
                   JsonNode   *node,
                   const char *page_url,
                   guint       depth)
{
  JsonObject *object;

  /* Shops nest Product in @graph, in arrays, in ItemPage.mainEntity; a few
   * levels find it, and a limit keeps hostile pages from recursing us away. */
  if (node == NULL || depth > 8)
    return;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && i < 100; i++)
        scan_json_ld_node (found, json_array_get_element (array, i), page_url, depth + 1);
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;

  object = json_node_get_object (node);

  if (is_product (object) && found->ld_name == NULL)
    {
      g_autofree char *image = json_loose_string (json_object_get_member (object, "image"), "url");
      g_autofree char *brand = json_loose_string (json_object_get_member (object, "brand"), "name");

      found->ld_name = clean_text (json_string (object, "name"));
      found->ld_brand = clean_text (brand);
      found->ld_image = clean_url (image, page_url);
      found->ld_price = json_price (json_object_get_member (object, "offers"));
      found->ld_currency = json_currency (json_object_get_member (object, "offers"));
      found->ld_url = clean_url (json_string (object, "url"), page_url);
    }

  scan_json_ld_node (found, json_object_get_member (object, "@graph"), page_url, depth + 1);
  scan_json_ld_node (found, json_object_get_member (object, "mainEntity"), page_url, depth + 1);
}

static void
scan_json_ld (Found      *found,
              const char *text,
              const char *page_url)
{
  g_autoptr(JsonNode) root = NULL;

  /* ewe-codec's parser refuses absurd nesting before json-glib recurses. */
  if (text == NULL || !(root = ewe_codec_parse (text, -1, NULL)))
    return;

  scan_json_ld_node (found, root, page_url, 0);
}

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
  const char      *key = property ? property : (name ? name : itemprop);

  if (key == NULL || content == NULL)
    return;

  if (g_ascii_strcasecmp (key, "og:title") == 0)
    take_if_unset (&found->og_title, clean_text (content));
  else if (g_ascii_strcasecmp (key, "og:image") == 0 || g_ascii_strcasecmp (key, "og:image:secure_url") == 0 ||
           g_ascii_strcasecmp (key, "twitter:image") == 0)
    take_if_unset (&found->og_image, clean_url (content, page_url));
  else if (g_ascii_strcasecmp (key, "og:site_name") == 0)
    take_if_unset (&found->og_site_name, clean_text (content));
  else if (g_ascii_strcasecmp (key, "og:url") == 0)
    take_if_unset (&found->og_url, clean_url (content, page_url));
  else if (g_ascii_strcasecmp (key, "og:brand") == 0 || g_ascii_strcasecmp (key, "product:brand") == 0 ||
           g_ascii_strcasecmp (key, "brand") == 0)
    take_if_unset (&found->og_brand, clean_text (content));
  else if (g_ascii_strcasecmp (key, "product:price:amount") == 0 ||
           g_ascii_strcasecmp (key, "og:price:amount") == 0 || g_ascii_strcasecmp (key, "price") == 0)
    {
      take_if_unset (&found->og_price, ewe_price_normalize (content));
      take_if_unset (&found->og_currency, ewe_price_currency_from_text (content));
    }
  else if (g_ascii_strcasecmp (key, "product:price:currency") == 0 ||
           g_ascii_strcasecmp (key, "og:price:currency") == 0 || g_ascii_strcasecmp (key, "priceCurrency") == 0)
    {
      g_autofree char *code = content != NULL ? g_ascii_strup (content, -1) : NULL;

      if (code != NULL && ewe_price_currency_is_valid (g_strstrip (code)))
        {
          /* The tag says it plainly: it wins over a symbol in the price. */
          g_free (found->og_currency);
          found->og_currency = g_steal_pointer (&code);
        }
    }
}

static void
scan_tree (Found      *found,
           xmlNode    *node,
           const char *page_url,
           guint       depth)
{
  /* libxml2 already bounds the tree's depth; this bounds our stack too. */
  if (depth > 256)
    return;

  for (; node != NULL; node = node->next)
    {
      if (element_is (node, "meta"))
        {
          scan_meta (found, node, page_url);
        }
      else if (element_is (node, "title"))
        {
          g_autofree char *title = text_content (node);
          take_if_unset (&found->title, clean_text (title));
        }
      else if (element_is (node, "link"))
        {
          g_autofree char *rel = attribute (node, "rel");
          g_autofree char *href = attribute (node, "href");

          if (rel != NULL && g_ascii_strcasecmp (rel, "canonical") == 0)
            take_if_unset (&found->canonical, clean_url (href, page_url));
        }
      else if (element_is (node, "script"))
        {
          g_autofree char *type = attribute (node, "type");

          if (type != NULL && g_ascii_strcasecmp (type, "application/ld+json") == 0)
            {
              g_autofree char *json = text_content (node);
              scan_json_ld (found, json, page_url);
            }
          continue;
        }

      scan_tree (found, node->children, page_url, depth + 1);
    }
}

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  if (host == NULL)
    return NULL;

  return g_strdup (g_str_has_prefix (host, "www.") ? host + 4 : host);
}

static const char *
first_set (const char *a,
           const char *b,
           const char *c)
{
  return a ? a : (b ? b : c);
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
  g_autofree char *retailer = NULL;
  g_autofree char *product_url = NULL;
  htmlDocPtr       doc;
  EweGift         *gift;
  const char      *details;

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

  scan_tree (&found, xmlDocGetRootElement (doc), page_url, 0);
  xmlFreeDoc (doc);

  details = first_set (found.ld_name, found.og_title, found.title);
  if (details == NULL)
    {
      g_set_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NOTHING_FOUND,
                   _("No product was found on this page. Type its details in yourself."));
      return NULL;
    }

  product_url = g_strdup (first_set (found.ld_url, found.canonical, found.og_url));
  if (product_url == NULL)
    product_url = g_strdup (page_url);
  retailer = found.og_site_name ? g_strdup (found.og_site_name) : host_of (product_url ? product_url : page_url);

  gift = ewe_gift_new ();
  ewe_gift_set_product_type (gift, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_quantity (gift, 1);
  ewe_gift_set_details (gift, details);
  ewe_gift_set_brand (gift, first_set (found.ld_brand, found.og_brand, NULL));
  ewe_gift_set_price (gift, first_set (found.ld_price, found.og_price, NULL));
  /* The currency goes with the price it was read with. */
  ewe_gift_set_currency (gift, found.ld_price != NULL ? found.ld_currency : found.og_currency);
  ewe_gift_set_image_url (gift, first_set (found.ld_image, found.og_image, NULL));
  ewe_gift_set_product_url (gift, product_url);
  ewe_gift_set_retailer (gift, retailer);

  return gift;
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
