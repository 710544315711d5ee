/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-products"

#include "config.h"

#include "ewe-gift-rules.h"
#include "ewe-price.h"
#include "ews-api-json.h"
#include "ews-products.h"
#include "ews-request.h"

/* /api/products (the catalogue) and /api/notfound (products users add
 * themselves when the catalogue has not got them). Reading is public, as
 * guests' pages show the gifts. The catalogue is what everyone finds when
 * they look a shop's link up, so only the site's admins add to it (named in
 * the configuration, or granted with `ewelists-server admin admins add`);
 * anyone signed in adds to /api/notfound, as in the original. A product is
 * deleted through the API by whoever added it, or a catalogue one by an
 * admin; catalogue entries added with `admin products add` have no such
 * user. */

/* Whether @user is one of the site's admins; FALSE with @error set when
 * that could not be read. */
static gboolean
user_is_admin (EwsRequest    *request,
               const EwsUser *user,
               gboolean      *is_admin,
               GError       **error)
{
  g_autofree char *normalized = NULL;

  *is_admin = FALSE;
  if (user->email == NULL || !ewe_email_is_valid (user->email))
    return TRUE;

  if (ews_config_is_admin (ews_server_get_config (ews_request_get_server (request)), user->email))
    {
      *is_admin = TRUE;
      return TRUE;
    }

  normalized = ewe_email_normalize (user->email);
  return ews_storage_admin_contains (ews_request_get_storage (request), normalized, is_admin, error);
}

static void
reply_created (EwsRequest *request,
               const char *product_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "productId");
  json_builder_add_string_value (builder, product_id);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, "success");
  json_builder_end_object (builder);

  ews_request_reply_built (request, builder);
}

static void
get_product (EwsRequest    *request,
             EwsProductKind kind)
{
  g_autoptr(EwsJsonWriter) writer = NULL;
  g_autoptr(EwsProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  product = ews_storage_product_get (ews_request_get_storage (request), kind,
                                     ews_request_get_param (request, "id"), &error);
  if (product == NULL)
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  writer = ews_json_writer_new (512);
  ews_api_json_write_product (writer, kind, product);
  ews_request_reply_written (request, g_steal_pointer (&writer));
}

static void
delete_product (EwsRequest    *request,
                EwsProductKind kind)
{
  EwsStorage    *storage = ews_request_get_storage (request);
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(EwsProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  if (user == NULL)
    return;

  product = ews_storage_product_get (storage, kind, ews_request_get_param (request, "id"), &error);
  if (product == NULL)
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  if (g_strcmp0 (product->created_by, user->sub) != 0)
    {
      gboolean is_admin = FALSE;

      if (kind == EWS_PRODUCT_KIND_CATALOGUE && !user_is_admin (request, user, &is_admin, &error))
        {
          ews_request_reply_storage_error (request, error);
          return;
        }
      if (!is_admin)
        {
          ews_request_reply_error (request, SOUP_STATUS_FORBIDDEN,
                                   "Product can not be deleted: only whoever added it may delete it.");
          return;
        }
    }

  if (!ews_storage_product_delete (storage, kind, product->product_id, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);

  ews_request_reply_built (request, builder);
}

/* POST /products {"brand", "details", "productUrl", "retailer", "imageUrl",
 * "price", "searchHidden"} → {"productId", "message"} */
/* "currency", where a body has one: an ISO 4217 code, or absent for
 * pounds (as every price of the original was). */
static gboolean
read_currency (EwsRequest  *request,
               JsonObject  *body,
               const char **currency)
{
  if (!ews_request_member_string (request, body, "currency", EWS_MEMBER_NULLABLE, currency))
    return FALSE;

  if (*currency != NULL && (*currency)[0] == '\0')
    *currency = NULL;
  if (*currency != NULL && !ewe_price_currency_is_valid (*currency))
    {
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                               "currency must be an ISO 4217 code of three capital letters, such as EUR.");
      return FALSE;
    }

  return TRUE;
}

static void
products_create (EwsRequest *request)
{
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(GError) error = NULL;
  g_autofree char *product_id = NULL;
  g_autofree char *canonical_url = NULL;
  const char      *brand = NULL, *details = NULL, *url = NULL, *retailer = NULL, *image = NULL, *price = NULL;
  const char      *currency = NULL;
  gboolean         hidden = FALSE;
  gboolean         is_admin = FALSE;
  EwsProduct       product = { 0 };
  JsonObject      *body;

  if (user == NULL)
    return;

  if (!user_is_admin (request, user, &is_admin, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  if (!is_admin)
    {
      ews_request_reply_error (request, SOUP_STATUS_FORBIDDEN,
                               "Only the site's admins add to the catalogue. Add a product of your own "
                               "with POST /api/notfound instead.");
      return;
    }

  if ((body = ews_request_require_body (request)) == NULL)
    return;

  if (!ews_request_member_string (request, body, "brand", EWS_MEMBER_REQUIRED | EWS_MEMBER_NONEMPTY, &brand) ||
      !ews_request_member_string (request, body, "details", EWS_MEMBER_REQUIRED | EWS_MEMBER_NONEMPTY, &details) ||
      !ews_request_member_string (request, body, "productUrl", EWS_MEMBER_REQUIRED | EWS_MEMBER_NONEMPTY, &url) ||
      !ews_request_member_string (request, body, "retailer", EWS_MEMBER_NULLABLE, &retailer) ||
      !ews_request_member_string (request, body, "imageUrl", EWS_MEMBER_NULLABLE, &image) ||
      !ews_request_member_string (request, body, "price", EWS_MEMBER_NULLABLE, &price) ||
      !read_currency (request, body, &currency) ||
      !ews_request_member_bool (request, body, "searchHidden", &hidden))
    return;

  canonical_url = ews_products_canonical_url (url);
  product_id = g_uuid_string_random ();
  product.product_id = product_id;
  product.brand = (char *)brand;
  product.details = (char *)details;
  product.product_url = canonical_url;
  product.retailer = (char *)retailer;
  product.image_url = (char *)(image != NULL ? image : "");
  product.price = (char *)price;
  product.currency = (char *)currency;
  product.created_by = user->sub;
  product.search_hidden = hidden;

  if (!ews_storage_product_insert (ews_request_get_storage (request), EWS_PRODUCT_KIND_CATALOGUE,
                                   &product, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  reply_created (request, product_id);
}

static void
products_get (EwsRequest *request)
{
  get_product (request, EWS_PRODUCT_KIND_CATALOGUE);
}

static void
products_delete (EwsRequest *request)
{
  delete_product (request, EWS_PRODUCT_KIND_CATALOGUE);
}

/* The catalogue stores shop links as the original did: without the query
 * string, and Amazon UK links cut down to their /dp/<ASIN> product code, so
 * the many forms of one product's link all find it. */
char *
ews_products_canonical_url (const char *url)
{
  g_autofree char *base = g_strndup (url, strcspn (url, "?"));
  const char      *amazon = "https://www.amazon.co.uk";
  const char      *dp;

  if (g_str_has_prefix (base, amazon) && (dp = strstr (base, "/dp/")) != NULL)
    {
      const char *code = dp + 4;
      gsize       length = 0;

      while (length < 10 && (g_ascii_isupper (code[length]) || g_ascii_isdigit (code[length])))
        length++;

      if (length == 10)
        return g_strdup_printf ("%s/dp/%.10s", amazon, code);
    }

  return g_steal_pointer (&base);
}

/* libsoup hands routes the path already percent-decoded, so the router's
 * segments of an encoded URL have lost its "//"; take the URL from the
 * whole path instead: what follows the route's three segments, however
 * many slashes the caller put between them. */
static const char *
searched_url (EwsRequest *request)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (ews_request_get_message (request)));

  for (guint segment = 0; segment < 3; segment++)
    {
      path += strspn (path, "/");
      path += strcspn (path, "/");
    }
  path += strspn (path, "/");

  if (path[0] != '\0')
    return path;

  return ews_request_get_param (request, "url");
}

/* GET /products/url/{url} → {"product": {…}} or {"product": {}} */
static void
products_search_url (EwsRequest *request)
{
  g_autoptr(EwsJsonWriter) writer = NULL;
  g_autoptr(EwsProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = ews_products_canonical_url (searched_url (request));

  product = ews_storage_product_find_by_url (ews_request_get_storage (request), url, &error);
  if (product == NULL && !g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  writer = ews_json_writer_new (512);
  ews_json_writer_begin_object (writer);
  ews_json_writer_member (writer, "product");
  if (product != NULL && !product->search_hidden)
    {
      ews_api_json_write_product (writer, EWS_PRODUCT_KIND_CATALOGUE, product);
    }
  else
    {
      ews_json_writer_begin_object (writer);
      ews_json_writer_end_object (writer);
    }
  ews_json_writer_end_object (writer);

  ews_request_reply_written (request, g_steal_pointer (&writer));
}

/* GET /products/query/metadata/{url}: the original fetched the shop's page
 * here. A server that fetches any URL a caller names can be pointed at the
 * network behind it, so the app reads pages itself and we decline. */
static void
products_query_metadata (EwsRequest *request)
{
  ews_request_reply_error (request, SOUP_STATUS_NOT_IMPLEMENTED,
                           "This server does not fetch web pages; read the page's metadata in the app.");
}

/* POST /notfound {"brand", "details", "url", "imageUrl", "price", "currency",
 * "retailer"}
 * → {"productId", "message"}
 *
 * A gift typed in by hand needs only its name (details): the original
 * also required a brand and a shop's address, which a hand-made thing or
 * "cash towards the pram" does not have. The rule is libewe-common's, the
 * one the app checks before it saves. A missing brand or address is kept
 * as "", so the answer keeps the original's shape. */
static void
notfound_create (EwsRequest *request)
{
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(GError) error = NULL;
  g_autofree char *product_id = NULL;
  const char      *brand = NULL, *details = NULL, *url = NULL, *image = NULL, *price = NULL;
  const char      *currency = NULL, *retailer = NULL;
  EwsProduct       product = { 0 };
  EweGiftProblems  problems;
  JsonObject      *body;

  if (user == NULL || (body = ews_request_require_body (request)) == NULL)
    return;

  if (!ews_request_member_string (request, body, "brand", EWS_MEMBER_NULLABLE, &brand) ||
      !ews_request_member_string (request, body, "details", EWS_MEMBER_REQUIRED, &details) ||
      !ews_request_member_string (request, body, "url", EWS_MEMBER_NULLABLE, &url) ||
      !ews_request_member_string (request, body, "imageUrl", EWS_MEMBER_NULLABLE, &image) ||
      !ews_request_member_string (request, body, "price", EWS_MEMBER_NULLABLE, &price) ||
      !read_currency (request, body, &currency) ||
      /* Not in the original: the shop, as read from its page. */
      !ews_request_member_string (request, body, "retailer", EWS_MEMBER_NULLABLE, &retailer))
    return;

  problems = ewe_gift_rules_check_typed_in (details, url, image);
  if (problems != EWE_GIFT_PROBLEM_NONE)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      if (problems & EWE_GIFT_PROBLEM_NO_NAME)
        g_string_append (message, "A gift needs a name (details). ");
      if (problems & EWE_GIFT_PROBLEM_PRODUCT_URL)
        g_string_append (message, "The shop's address (url) must be an http or https address. ");
      if (problems & EWE_GIFT_PROBLEM_IMAGE_URL)
        g_string_append (message, "The picture's address (imageUrl) must be an http or https address. ");
      g_strchomp (message->str);
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "%s", message->str);
      return;
    }

  product_id = g_uuid_string_random ();
  product.product_id = product_id;
  product.brand = (char *)(brand != NULL ? brand : "");
  product.details = (char *)details;
  product.product_url = (char *)(url != NULL ? url : "");
  product.image_url = (char *)(image != NULL && image[0] != '\0' ? image : NULL);
  product.price = (char *)(price != NULL && price[0] != '\0' ? price : NULL);
  product.currency = (char *)currency;
  product.retailer = (char *)(retailer != NULL && retailer[0] != '\0' ? retailer : NULL);
  product.created_by = user->sub;

  if (!ews_storage_product_insert (ews_request_get_storage (request), EWS_PRODUCT_KIND_NOTFOUND,
                                   &product, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  reply_created (request, product_id);
}

static void
notfound_get (EwsRequest *request)
{
  get_product (request, EWS_PRODUCT_KIND_NOTFOUND);
}

static void
notfound_delete (EwsRequest *request)
{
  delete_product (request, EWS_PRODUCT_KIND_NOTFOUND);
}

void
ews_products_register (EwsServer *server)
{
  ews_request_add_route (server, "POST", "/api/products", products_create);
  ews_request_add_route (server, "GET", "/api/products/url/{url+}", products_search_url);
  ews_request_add_route (server, "GET", "/api/products/query/metadata/{url+}", products_query_metadata);
  ews_request_add_route (server, "GET", "/api/products/{id}", products_get);
  ews_request_add_route (server, "DELETE", "/api/products/{id}", products_delete);

  ews_request_add_route (server, "POST", "/api/notfound", notfound_create);
  ews_request_add_route (server, "GET", "/api/notfound/{id}", notfound_get);
  ews_request_add_route (server, "DELETE", "/api/notfound/{id}", notfound_delete);
}
