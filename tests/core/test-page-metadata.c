/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <libsoup/soup.h>
#include <locale.h>

#include "ewe-page-metadata.h"
#include "ewe-test-async.h"

/* Reading a product from a shop's page: JSON-LD, OpenGraph, the title, in
 * that order of trust; hostile pages; and fetching over real HTTP from a
 * local server that serves the pages in tests/core/pages. */

static char *
page_path (const char *name)
{
  return g_build_filename (EWE_TEST_CORE_SRCDIR, "pages", name, NULL);
}

static EweGift *
parse_page (const char *name,
            const char *url,
            GError    **error)
{
  g_autofree char *path = page_path (name);
  g_autofree char *html = NULL;
  gsize            length = 0;

  g_assert_true (g_file_get_contents (path, &html, &length, NULL));

  return ewe_page_metadata_parse (html, length, url, NULL, error);
}

static void
test_json_ld_wins (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = parse_page ("json-ld.html", "https://www.toyshop.example/p/123?utm=x", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Wooden Rocking Horse (Natural)");
  g_assert_cmpstr (ewe_gift_get_brand (gift), ==, "Little Oak");
  g_assert_cmpstr (ewe_gift_get_price (gift), ==, "1299.00");
  g_assert_cmpstr (ewe_gift_get_currency (gift), ==, "GBP");
  g_assert_cmpstr (ewe_gift_get_image_url (gift), ==, "https://cdn.toyshop.example/img/horse-large.jpg");
  g_assert_cmpstr (ewe_gift_get_product_url (gift), ==, "https://www.toyshop.example/p/rocking-horse");
  g_assert_cmpstr (ewe_gift_get_retailer (gift), ==, "Toy Shop");
  g_assert_cmpint (ewe_gift_get_product_type (gift), ==, EWE_PRODUCT_TYPE_NOTFOUND);
  g_assert_cmpint (ewe_gift_get_quantity (gift), ==, 1);
}

static void
test_opengraph (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = parse_page ("opengraph.html", "https://nursery.example/blanket", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Linen Baby Blanket");
  g_assert_cmpstr (ewe_gift_get_brand (gift), ==, "Soft Things");
  g_assert_cmpstr (ewe_gift_get_price (gift), ==, "24.90");
  g_assert_null (ewe_gift_get_currency (gift)); /* the page does not say */
  g_assert_cmpstr (ewe_gift_get_image_url (gift), ==, "https://nursery.example/images/blanket.png");
  g_assert_cmpstr (ewe_gift_get_retailer (gift), ==, "Nursery & Co");
  g_assert_cmpstr (ewe_gift_get_product_url (gift), ==, "https://nursery.example/blanket?ref=share");
}

/* Microdata: the first Product's own properties and its offer's; its
 * brand's name; not a review's name, nor another item's. */
static void
test_microdata (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = parse_page ("microdata.html", "https://pond.example/shop/duck?x=1", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Pull-along Duck");
  g_assert_cmpstr (ewe_gift_get_brand (gift), ==, "Pond Toys");
  g_assert_cmpstr (ewe_gift_get_price (gift), ==, "19.50");
  g_assert_cmpstr (ewe_gift_get_currency (gift), ==, "GBP");
  g_assert_cmpstr (ewe_gift_get_image_url (gift), ==, "https://pond.example/img/duck.jpg");
  g_assert_cmpstr (ewe_gift_get_product_url (gift), ==, "https://pond.example/toys/duck");
  g_assert_cmpstr (ewe_gift_get_retailer (gift), ==, "pond.example");
}

static void
test_title_only_in_latin1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = parse_page ("title-only.html", "http://www.mugs.example/cafe", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Café Crème Mug");
  g_assert_null (ewe_gift_get_brand (gift));
  g_assert_null (ewe_gift_get_price (gift));
  g_assert_null (ewe_gift_get_image_url (gift));
  g_assert_cmpstr (ewe_gift_get_retailer (gift), ==, "mugs.example");
}

static void
test_hostile_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = parse_page ("hostile.html", "https://vases.example/", &error);

  g_assert_no_error (error);

  /* Text stays text (the UI shows it without markup); a javascript: or
   * data: image is dropped; a price that is no price is no price. */
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "<script>alert(1)</script> Nice Vase");
  g_assert_null (ewe_gift_get_image_url (gift));
  g_assert_null (ewe_gift_get_price (gift));
}

static void
test_number_prices_ignore_locale (void)
{
  const char *html = "<html><head><script type=\"application/ld+json\">"
                     "{\"@type\": \"Product\", \"name\": \"Lamp\", \"offers\": {\"price\": 1234.5}}"
                     "</script></head></html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = NULL;

  /* A decimal comma locale must not leak into the price. */
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL && setlocale (LC_NUMERIC, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("No decimal-comma locale (de_DE or fr_FR) is installed");
      return;
    }

  gift = ewe_page_metadata_parse (html, strlen (html), "https://x.example/", NULL, &error);
  setlocale (LC_NUMERIC, "C");

  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Lamp");
  g_assert_cmpstr (ewe_gift_get_price (gift), ==, "1234.50");
}

static void
test_nothing_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EweGift) gift = parse_page ("nothing.html", "https://x.example/", &error);

  g_assert_null (gift);
  g_assert_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NOTHING_FOUND);
  g_clear_error (&error);

  g_assert_null (ewe_page_metadata_parse ("", 0, "https://x.example/", NULL, &error));
  g_assert_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NOTHING_FOUND);
}

static void
test_prices (void)
{
  const struct
  {
    const char *meta;
    const char *currency_tag;
    const char *price;
    const char *currency;
  } cases[] = {
    { "£1,299.00", NULL, "1299.00", "GBP" },
    { "1.299,50 €", NULL, "1299.50", "EUR" },
    { "42,00", "eur", "42.00", "EUR" },
    { "42,00 €", "USD", "42.00", "USD" }, /* the tag says it plainly */
    { "19.9", NULL, "19.90", NULL },
    { "20", NULL, "20.00", NULL },
    { "$ 7.05", NULL, "7.05", NULL },     /* which dollar? */
    { "1,000", "Euro", "1000.00", NULL }, /* not a code */
    { "no price", NULL, NULL, NULL },
    { "99999999999999999", NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tag = cases[i].currency_tag != NULL
                               ? g_strdup_printf ("<meta property=\"product:price:currency\" content=\"%s\">",
                                                  cases[i].currency_tag)
                               : g_strdup ("");
      g_autofree char *html = g_strdup_printf ("<html><head><title>T</title>%s"
                                               "<meta property=\"product:price:amount\" content=\"%s\">"
                                               "</head></html>",
                                               tag, cases[i].meta);
      g_autoptr(GError) error = NULL;
      g_autoptr(EweGift) gift = ewe_page_metadata_parse (html, strlen (html), "https://x.example/", NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (ewe_gift_get_price (gift), ==, cases[i].price);
      g_assert_cmpstr (ewe_gift_get_currency (gift), ==, cases[i].currency);
    }

  /* JSON-LD: priceCurrency, or the currency the price names. */
  for (guint i = 0; i < 2; i++)
    {
      const char      *offer = i == 0 ? "{\"price\": 42, \"priceCurrency\": \"EUR\"}" : "{\"price\": \"42,00 €\"}";
      g_autofree char *html = g_strdup_printf ("<html><head><script type=\"application/ld+json\">"
                                               "{\"@type\": \"Product\", \"name\": \"Pram\", \"offers\": %s}"
                                               "</script></head></html>",
                                               offer);
      g_autoptr(GError) error = NULL;
      g_autoptr(EweGift) gift = ewe_page_metadata_parse (html, strlen (html), "https://x.example/", NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (ewe_gift_get_price (gift), ==, "42.00");
      g_assert_cmpstr (ewe_gift_get_currency (gift), ==, "EUR");
    }
}

/* --- over HTTP ---------------------------------------------------------------- */

static void
serve_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  gsize            length = 0;

  if (g_str_equal (path, "/moved"))
    {
      soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, "/pages/json-ld.html");
      return;
    }

  if (g_str_equal (path, "/picture.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, "\x89PNG", 4);
      return;
    }

  if (!g_str_has_prefix (path, "/pages/") || strstr (path, "..") != NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  file = page_path (path + strlen ("/pages/"));
  if (!g_file_get_contents (file, &contents, &length, NULL))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_TAKE, g_steal_pointer (&contents), length);
}

static EweGift *
fetch (const char *url,
       GError    **error)
{
  g_auto(EweTestWaiter) waiter = { 0 };

  ewe_page_metadata_fetch_async (url, NULL, ewe_test_waiter_cb, &waiter);

  return ewe_page_metadata_fetch_finish (ewe_test_waiter_wait (&waiter), error);
}

static void
test_fetch_over_http (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *picture = NULL;
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(EweGift) redirected = NULL;
  g_autoptr(EweGift) none = NULL;

  soup_server_add_handler (server, NULL, serve_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  url = g_strconcat (base, "/pages/opengraph.html", NULL);
  gift = fetch (url, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Linen Baby Blanket");
  /* Relative links resolve against the page that was fetched. */
  g_assert_true (g_str_has_prefix (ewe_gift_get_image_url (gift), base));

  /* Redirects are followed, and the canonical URL is the shop's. */
  moved = g_strconcat (base, "/moved", NULL);
  redirected = fetch (moved, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_gift_get_brand (redirected), ==, "Little Oak");

  missing = g_strconcat (base, "/pages/gone.html", NULL);
  none = fetch (missing, &error);
  g_assert_null (none);
  g_assert_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_HTTP);
  g_clear_error (&error);

  picture = g_strconcat (base, "/picture.png", NULL);
  g_assert_null (fetch (picture, &error));
  g_assert_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NOT_A_PAGE);
  g_clear_error (&error);

  g_assert_null (fetch ("file:///etc/passwd", &error));
  g_assert_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_INVALID_URL);
  g_clear_error (&error);

  g_assert_null (fetch ("http://127.0.0.1:1/nothing", &error));
  g_assert_error (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NETWORK);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/page-metadata/json-ld-wins", test_json_ld_wins);
  g_test_add_func ("/core/page-metadata/opengraph", test_opengraph);
  g_test_add_func ("/core/page-metadata/microdata", test_microdata);
  g_test_add_func ("/core/page-metadata/title-only-in-latin1", test_title_only_in_latin1);
  g_test_add_func ("/core/page-metadata/hostile-page", test_hostile_page);
  g_test_add_func ("/core/page-metadata/nothing-found", test_nothing_found);
  g_test_add_func ("/core/page-metadata/prices", test_prices);
  g_test_add_func ("/core/page-metadata/number-prices-ignore-locale", test_number_prices_ignore_locale);
  g_test_add_func ("/core/page-metadata/fetch-over-http", test_fetch_over_http);

  return g_test_run ();
}
