/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-gift-rules"

#include "config.h"

#include "ewe-gift-rules.h"
#include "ewe-limits.h"

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

/* An http or https address with a host: what a shop's page or a picture
 * has. Anything else (javascript:, file:, a bare word) would be a link
 * the guest page refuses to show, so it is refused when typed. */
gboolean
ewe_gift_rules_is_web_address (const char *address)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (address == NULL)
    return FALSE;

  uri = g_uri_parse (address, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

/**
 * ewe_gift_rules_check_typed_in:
 * @name: what the gift is (the API's "details")
 * @product_url: (nullable): a shop's page, or NULL/blank for none
 * @image_url: (nullable): a picture, or NULL/blank for none
 *
 * Returns: every problem of the gift's fields, or %EWE_GIFT_PROBLEM_NONE
 */
EweGiftProblems
ewe_gift_rules_check_typed_in (const char *name,
                               const char *product_url,
                               const char *image_url)
{
  EweGiftProblems problems = EWE_GIFT_PROBLEM_NONE;

  if (is_blank (name))
    problems |= EWE_GIFT_PROBLEM_NO_NAME;
  if (!is_blank (product_url) && !ewe_gift_rules_is_web_address (product_url))
    problems |= EWE_GIFT_PROBLEM_PRODUCT_URL;
  if (!is_blank (image_url) && !ewe_gift_rules_is_web_address (image_url))
    problems |= EWE_GIFT_PROBLEM_IMAGE_URL;

  return problems;
}

EweGiftProblems
ewe_gift_rules_check_quantity (gint64 quantity)
{
  if (quantity < 1 || quantity > EWE_LIMIT_QUANTITY_MAX)
    return EWE_GIFT_PROBLEM_QUANTITY;

  return EWE_GIFT_PROBLEM_NONE;
}
