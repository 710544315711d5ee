/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A gift typed in by hand (the API's "notfound" product): a name is all it
 * needs. Brand, shop address, picture, price and notes are optional — a
 * hand-made thing, cash towards the pram, a gift from a market stall. Each
 * problem is a bit, so a form can show all of them at once, beside their
 * fields. */
typedef enum
{
  EWE_GIFT_PROBLEM_NONE           = 0,
  EWE_GIFT_PROBLEM_NO_NAME        = 1 << 0,
  EWE_GIFT_PROBLEM_PRODUCT_URL    = 1 << 1,  /* given, but not a web address */
  EWE_GIFT_PROBLEM_IMAGE_URL      = 1 << 2,  /* given, but not a web address */
  EWE_GIFT_PROBLEM_QUANTITY       = 1 << 3,  /* not 1 to EWE_LIMIT_QUANTITY_MAX */
} EweGiftProblems;

EweGiftProblems ewe_gift_rules_check_typed_in (const char *name,
                                               const char *product_url,
                                               const char *image_url);
EweGiftProblems ewe_gift_rules_check_quantity (gint64      quantity);
gboolean        ewe_gift_rules_is_web_address (const char *address);

G_END_DECLS
