/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-page-metadata"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ewe-codec.h"
#include "ewe-page-metadata-private.h"
#include "ewe-price.h"

/* The rules both readers of a page share (see ewe-page-metadata-private.h):
 * what a value must look like to be kept, how JSON-LD, meta tags and
 * microdata are read, and which wins. What is found is a suggestion the
 * user edits; nothing here is trusted further. */

#define MAX_FIELD_CHARS 500
#define MAX_PRICE G_GINT64_CONSTANT (999999999999)

void
_ewe_found_clear (Found *found)
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
  g_free (found->md_name);
  g_free (found->md_brand);
  g_free (found->md_image);
  g_free (found->md_price);
  g_free (found->md_currency);
  g_free (found->md_url);
  g_free (found->title);
  g_free (found->canonical);
}

/* Collapses runs of white space and trims, so a title spread over lines in
 * the HTML reads as one line; overlong values are cut at a character. */
char *
_ewe_found_clean_text (const char *text)
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
char *
_ewe_found_clean_url (const char *url,
                      const char *page_url)
{
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) resolved = NULL;
  g_autofree char *trimmed = _ewe_found_clean_text (url);
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

void
_ewe_found_take_if_unset (char **field,
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

      found->ld_name = _ewe_found_clean_text (json_string (object, "name"));
      found->ld_brand = _ewe_found_clean_text (brand);
      found->ld_image = _ewe_found_clean_url (image, page_url);
      found->ld_price = json_price (json_object_get_member (object, "offers"));
      found->ld_currency = json_currency (json_object_get_member (object, "offers"));
      found->ld_url = _ewe_found_clean_url (json_string (object, "url"), page_url);
    }

  scan_json_ld_node (found, json_object_get_member (object, "@graph"), page_url, depth + 1);
  scan_json_ld_node (found, json_object_get_member (object, "mainEntity"), page_url, depth + 1);
}

void
_ewe_found_scan_json_ld (Found      *found,
                         const char *text,
                         const char *page_url)
{
  g_autoptr(JsonNode) root = NULL;

  /* ewe-codec's parser refuses absurd nesting before json-glib recurses. */
  if (text == NULL || !(root = ewe_codec_parse (text, -1, NULL)))
    return;

  scan_json_ld_node (found, root, page_url, 0);
}

/* --- meta tags ---------------------------------------------------------------- */

/* A <meta> tag's name (property, name or itemprop) and content. */
void
_ewe_found_take_meta (Found      *found,
                      const char *key,
                      const char *content,
                      const char *page_url)
{
  if (key == NULL || content == NULL)
    return;

  if (g_ascii_strcasecmp (key, "og:title") == 0)
    _ewe_found_take_if_unset (&found->og_title, _ewe_found_clean_text (content));
  else if (g_ascii_strcasecmp (key, "og:image") == 0 || g_ascii_strcasecmp (key, "og:image:secure_url") == 0 ||
           g_ascii_strcasecmp (key, "twitter:image") == 0)
    _ewe_found_take_if_unset (&found->og_image, _ewe_found_clean_url (content, page_url));
  else if (g_ascii_strcasecmp (key, "og:site_name") == 0)
    _ewe_found_take_if_unset (&found->og_site_name, _ewe_found_clean_text (content));
  else if (g_ascii_strcasecmp (key, "og:url") == 0)
    _ewe_found_take_if_unset (&found->og_url, _ewe_found_clean_url (content, page_url));
  else if (g_ascii_strcasecmp (key, "og:brand") == 0 || g_ascii_strcasecmp (key, "product:brand") == 0 ||
           g_ascii_strcasecmp (key, "brand") == 0)
    _ewe_found_take_if_unset (&found->og_brand, _ewe_found_clean_text (content));
  else if (g_ascii_strcasecmp (key, "product:price:amount") == 0 ||
           g_ascii_strcasecmp (key, "og:price:amount") == 0 || g_ascii_strcasecmp (key, "price") == 0)
    {
      _ewe_found_take_if_unset (&found->og_price, ewe_price_normalize (content));
      _ewe_found_take_if_unset (&found->og_currency, ewe_price_currency_from_text (content));
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

/* --- microdata ---------------------------------------------------------------- */

/* "https://schema.org/Product", "http://schema.org/Product", and the list
 * of types an itemtype may be. */
gboolean
_ewe_found_is_product_type (const char *itemtype)
{
  g_auto(GStrv) types = NULL;

  if (itemtype == NULL)
    return FALSE;

  types = g_strsplit_set (itemtype, " \t\n\r\f", -1);
  for (guint i = 0; types[i] != NULL; i++)
    if (g_str_equal (types[i], "https://schema.org/Product") || g_str_equal (types[i], "http://schema.org/Product"))
      return TRUE;

  return FALSE;
}

/* One itemprop of a Product, with the value the HTML standard gives it: a
 * meta's content, an img's src, a link's href, else the element's text. */
void
_ewe_found_take_microdata (Found      *found,
                           const char *property,
                           const char *value,
                           const char *page_url)
{
  if (property == NULL || value == NULL)
    return;

  if (g_str_equal (property, "name"))
    _ewe_found_take_if_unset (&found->md_name, _ewe_found_clean_text (value));
  else if (g_str_equal (property, "brand"))
    _ewe_found_take_if_unset (&found->md_brand, _ewe_found_clean_text (value));
  else if (g_str_equal (property, "image"))
    _ewe_found_take_if_unset (&found->md_image, _ewe_found_clean_url (value, page_url));
  else if (g_str_equal (property, "url"))
    _ewe_found_take_if_unset (&found->md_url, _ewe_found_clean_url (value, page_url));
  else if (g_str_equal (property, "price") || g_str_equal (property, "lowPrice"))
    {
      _ewe_found_take_if_unset (&found->md_price, ewe_price_normalize (value));
      _ewe_found_take_if_unset (&found->md_currency, ewe_price_currency_from_text (value));
    }
  else if (g_str_equal (property, "priceCurrency"))
    {
      g_autofree char *code = g_ascii_strup (value, -1);

      if (ewe_price_currency_is_valid (g_strstrip (code)))
        {
          g_free (found->md_currency);
          found->md_currency = g_steal_pointer (&code);
        }
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

/* --- the gift ----------------------------------------------------------------- */

/* What the page says, in order of trust: JSON-LD, OpenGraph and product
 * meta tags, microdata, then the title. Fails with NOTHING_FOUND when the
 * page names no product at all. */
EweGift *
_ewe_found_make_gift (Found      *found,
                      const char *page_url,
                      GError    **error)
{
  g_autofree char *retailer = NULL;
  g_autofree char *product_url = NULL;
  const char      *details;
  const char      *price;
  const char      *currency;
  EweGift         *gift;

  details = first_set (found->ld_name, found->og_title, first_set (found->md_name, found->title, NULL));
  if (details == NULL)
    {
      g_set_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NOTHING_FOUND,
                   _("No product was found on this page. Type its details in yourself."));
      return NULL;
    }

  product_url = g_strdup (first_set (found->ld_url, found->canonical, first_set (found->og_url, found->md_url, NULL)));
  if (product_url == NULL)
    product_url = g_strdup (page_url);
  retailer = found->og_site_name ? g_strdup (found->og_site_name) : host_of (product_url ? product_url : page_url);

  /* The currency goes with the price it was read with. */
  if (found->ld_price != NULL)
    price = found->ld_price, currency = found->ld_currency;
  else if (found->og_price != NULL)
    price = found->og_price, currency = found->og_currency;
  else
    price = found->md_price, currency = found->md_currency;

  gift = ewe_gift_new ();
  ewe_gift_set_product_type (gift, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_quantity (gift, 1);
  ewe_gift_set_details (gift, details);
  ewe_gift_set_brand (gift, first_set (found->ld_brand, found->og_brand, found->md_brand));
  ewe_gift_set_price (gift, price);
  ewe_gift_set_currency (gift, currency);
  ewe_gift_set_image_url (gift, first_set (found->ld_image, found->og_image, found->md_image));
  ewe_gift_set_product_url (gift, product_url);
  ewe_gift_set_retailer (gift, retailer);

  return gift;
}
