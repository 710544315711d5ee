/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>

#include "ewe-page-metadata.h"

/* What the product page's user script read in a rendered page becomes a
 * gift by the same rules as a fetched page's HTML: JSON-LD, then
 * OpenGraph, then microdata, then the title; the page's large pictures to
 * choose from; and a reading that is no reading, or a hostile one, gets
 * nothing past the rules. */

typedef struct
{
  const char *src;
  int         width;
  int         height;
} Img;

static void
add_pairs (JsonBuilder        *builder,
           const char         *member,
           const char * const *pairs)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i += 2)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, pairs[i]);
      json_builder_add_string_value (builder, pairs[i + 1]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

/* A reading as ewe-product-page-reader.js sends it. */
static char *
make_reading (const char         *title,
              const char         *json_ld,
              const char * const *meta,
              const char * const *microdata,
              const Img          *images,
              guint               n_images)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  if (title != NULL)
    {
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, title);
    }
  json_builder_set_member_name (builder, "jsonLd");
  json_builder_begin_array (builder);
  if (json_ld != NULL)
    json_builder_add_string_value (builder, json_ld);
  json_builder_end_array (builder);
  add_pairs (builder, "meta", meta);
  add_pairs (builder, "microdata", microdata);
  json_builder_set_member_name (builder, "images");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_images; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "src");
      json_builder_add_string_value (builder, images[i].src);
      json_builder_set_member_name (builder, "width");
      json_builder_add_int_value (builder, images[i].width);
      json_builder_set_member_name (builder, "height");
      json_builder_add_int_value (builder, images[i].height);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
test_json_ld_and_pictures (void)
{
  const char        *json_ld = "{\"@context\": \"https://schema.org\", \"@graph\": [{\"@type\": \"Product\","
                               " \"name\": \" Wooden  Rocking Horse \", \"brand\": {\"@type\": \"Brand\", \"name\": \"Little Oak\"},"
                               " \"image\": [\"/img/horse.jpg\"], \"offers\": {\"price\": \"129.00\", \"priceCurrency\": \"gbp\"}}]}";
  const char * const meta[] = { "og:title", "Not This Title", "og:site_name", "Toy Shop", NULL };
  const Img          images[] = {
             { "/img/small-icon.png", 32, 32 }, /* an icon: not offered */
             { "/img/side.jpg", 400, 300 },
             { "https://cdn.toys.example/big.jpg", 1200, 900 },
             { "/img/horse.jpg", 800, 800 },      /* the gift's own: first, once */
             { "javascript:alert(1)", 900, 900 }, /* no web address */
             { "/img/side.jpg", 400, 300 },       /* the same again */
             { "/img/banner.jpg", 1600, 100 },    /* a strip, not a picture */
  };
  g_autofree char *reading = make_reading ("Horse | Toy Shop", json_ld, meta, NULL, images, G_N_ELEMENTS (images));
  g_auto(GStrv) pictures = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = NULL;

  gift = ewe_page_metadata_read (reading, -1, "https://toys.example/p/1", &pictures, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Wooden Rocking Horse");
  g_assert_cmpstr (ewe_gift_get_brand (gift), ==, "Little Oak");
  g_assert_cmpstr (ewe_gift_get_price (gift), ==, "129.00");
  g_assert_cmpstr (ewe_gift_get_currency (gift), ==, "GBP");
  g_assert_cmpstr (ewe_gift_get_retailer (gift), ==, "Toy Shop");
  g_assert_cmpstr (ewe_gift_get_image_url (gift), ==, "https://toys.example/img/horse.jpg");
  g_assert_cmpstr (ewe_gift_get_product_url (gift), ==, "https://toys.example/p/1");
  g_assert_cmpint (ewe_gift_get_product_type (gift), ==, EWE_PRODUCT_TYPE_NOTFOUND);

  g_assert_nonnull (pictures);
  g_assert_cmpuint (g_strv_length (pictures), ==, 3);
  g_assert_cmpstr (pictures[0], ==, "https://toys.example/img/horse.jpg");
  g_assert_cmpstr (pictures[1], ==, "https://cdn.toys.example/big.jpg");
  g_assert_cmpstr (pictures[2], ==, "https://toys.example/img/side.jpg");
}

static void
test_opengraph_only (void)
{
  const char * const meta[] = {
    "og:title",
    "Linen Baby Blanket",
    "og:image",
    "/images/blanket.png",
    "product:price:amount",
    "24,90 €",
    "og:site_name",
    "Nursery & Co",
    NULL,
  };
  g_autofree char *reading = make_reading ("Fallback", NULL, meta, NULL, NULL, 0);
  g_auto(GStrv) pictures = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = NULL;

  gift = ewe_page_metadata_read (reading, -1, "https://nursery.example/blanket", &pictures, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Linen Baby Blanket");
  g_assert_cmpstr (ewe_gift_get_price (gift), ==, "24.90");
  g_assert_cmpstr (ewe_gift_get_currency (gift), ==, "EUR");
  g_assert_cmpstr (ewe_gift_get_retailer (gift), ==, "Nursery & Co");
  /* The gift's picture is offered even if the page did not show it. */
  g_assert_cmpuint (g_strv_length (pictures), ==, 1);
  g_assert_cmpstr (pictures[0], ==, "https://nursery.example/images/blanket.png");
}

/* The script reads microdata as the HTML parser does: the same page read
 * both ways gives the same gift (tests/core/pages/microdata.html). */
static void
test_microdata_agrees_with_html (void)
{
  const char * const microdata[] = {
    "name",
    "Pull-along   Duck",
    "brand",
    "Pond Toys",
    "image",
    "/img/duck.jpg",
    "price",
    "19.50",
    "priceCurrency",
    "gbp",
    "url",
    "/toys/duck",
    NULL,
  };
  const char      *url = "https://pond.example/shop/duck?x=1";
  g_autofree char *reading = make_reading ("Pull-along Duck | Pond Toys", NULL, NULL, microdata, NULL, 0);
  g_autofree char *path = g_build_filename (EWE_TEST_CORE_SRCDIR, "pages", "microdata.html", NULL);
  g_autofree char *html = NULL;
  gsize            length = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) read = NULL;
  g_autoptr(EweGift) parsed = NULL;

  read = ewe_page_metadata_read (reading, -1, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &html, &length, NULL));
  parsed = ewe_page_metadata_parse (html, length, url, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (ewe_gift_get_details (read), ==, "Pull-along Duck");
  g_assert_cmpstr (ewe_gift_get_details (read), ==, ewe_gift_get_details (parsed));
  g_assert_cmpstr (ewe_gift_get_brand (read), ==, ewe_gift_get_brand (parsed));
  g_assert_cmpstr (ewe_gift_get_price (read), ==, ewe_gift_get_price (parsed));
  g_assert_cmpstr (ewe_gift_get_currency (read), ==, ewe_gift_get_currency (parsed));
  g_assert_cmpstr (ewe_gift_get_image_url (read), ==, ewe_gift_get_image_url (parsed));
  g_assert_cmpstr (ewe_gift_get_product_url (read), ==, ewe_gift_get_product_url (parsed));
  g_assert_cmpstr (ewe_gift_get_retailer (read), ==, ewe_gift_get_retailer (parsed));
}

static void
test_title_then_nothing (void)
{
  g_autofree char *titled = make_reading ("  Café   Crème Mug ", NULL, NULL, NULL, NULL, 0);
  g_autofree char *empty = make_reading (NULL, NULL, NULL, NULL, NULL, 0);
  g_auto(GStrv) pictures = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = NULL;

  gift = ewe_page_metadata_read (titled, -1, "https://www.mugs.example/cafe", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Café Crème Mug");
  g_assert_cmpstr (ewe_gift_get_retailer (gift), ==, "mugs.example");
  g_clear_object (&gift);

  gift = ewe_page_metadata_read (empty, -1, "https://www.mugs.example/", &pictures, &error);
  g_assert_null (gift);
  g_assert_null (pictures);
  g_assert_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NOTHING_FOUND);
}

/* A reading is as much a stranger's as the page it came from. */
static void
test_hostile_readings (void)
{
  const char *unreadable[] = {
    "",
    "not json",
    "[\"an\", \"array\"]",
    "\"a string\"",
  };
  g_autoptr(GString) deep = g_string_new ("{\"title\": ");
  g_autoptr(GString) huge = g_string_new ("{\"title\": \"");
  const char *wrong_types = "{\"title\": 42, \"jsonLd\": {\"a\": 1}, \"meta\": [1, [2, 3], [\"og:title\"]],"
                            " \"microdata\": \"name\", \"images\": [null, {\"src\": 7, \"width\": \"big\"}]}";
  const char *escaping = "{\"title\": \"Vase\", \"meta\": [[\"og:image\", \"data:image/png;base64,AAAA\"],"
                         " [\"og:url\", \"file:///etc/passwd\"], [\"og:price:amount\", \"free!\"]],"
                         " \"images\": [{\"src\": \"file:///etc/passwd\", \"width\": 900, \"height\": 900},"
                         " {\"src\": \"https://x.example/a.jpg\", \"width\": 1e300, \"height\": -5}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = NULL;
  g_auto(GStrv) pictures = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (unreadable); i++)
    {
      g_assert_null (ewe_page_metadata_read (unreadable[i], -1, "https://x.example/", NULL, &error));
      g_assert_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_UNREADABLE);
      g_clear_error (&error);
    }

  for (guint i = 0; i < 10000; i++)
    g_string_append (deep, "[");
  g_assert_null (ewe_page_metadata_read (deep->str, deep->len, "https://x.example/", NULL, &error));
  g_assert_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_UNREADABLE);
  g_clear_error (&error);

  while (huge->len <= EWE_PAGE_METADATA_MAX_READING)
    g_string_append (huge, "Horse horse horse horse ");
  g_string_append (huge, "\"}");
  g_assert_null (ewe_page_metadata_read (huge->str, huge->len, "https://x.example/", NULL, &error));
  g_assert_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_UNREADABLE);
  g_clear_error (&error);

  /* Wrong types are skipped, not trusted; with nothing else, nothing. */
  g_assert_null (ewe_page_metadata_read (wrong_types, -1, "https://x.example/", &pictures, &error));
  g_assert_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NOTHING_FOUND);
  g_clear_error (&error);

  /* Only web addresses, only prices that are prices, only sane sizes. */
  gift = ewe_page_metadata_read (escaping, -1, "https://x.example/vase", &pictures, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Vase");
  g_assert_null (ewe_gift_get_image_url (gift));
  g_assert_null (ewe_gift_get_price (gift));
  g_assert_cmpstr (ewe_gift_get_product_url (gift), ==, "https://x.example/vase");
  g_assert_nonnull (pictures);
  g_assert_cmpuint (g_strv_length (pictures), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/page-reading/json-ld-and-pictures", test_json_ld_and_pictures);
  g_test_add_func ("/core/page-reading/opengraph-only", test_opengraph_only);
  g_test_add_func ("/core/page-reading/microdata-agrees-with-html", test_microdata_agrees_with_html);
  g_test_add_func ("/core/page-reading/title-then-nothing", test_title_then_nothing);
  g_test_add_func ("/core/page-reading/hostile-readings", test_hostile_readings);

  return g_test_run ();
}
