/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

/* One table of cases for each rule the app and the server must agree on.
 * The server's suite sends each to its route, core's suite gives each to
 * the store (which refuses what the server would, before it is saved
 * offline), and the app's suite to its forms; all expect the verdict
 * written here. Two bugs this caught: a quantity of 20,000 saved offline
 * and refused at sync, and `Passw0rd€` taken by the app and refused by
 * the server. */

typedef struct
{
  const char *password;
  gboolean    accepted;
} EweRulePasswordCase;

static const EweRulePasswordCase ewe_rule_password_cases[] G_GNUC_UNUSED = {
  { "Passw0rd!", TRUE },
  { "Pässw0rd!", TRUE },           /* letters beyond ASCII are allowed… */
  { "Passw0rd€", FALSE },          /* …but € is not one of Cognito's symbols */
  { "Passw0rd £", TRUE },          /* the space is */
  { "passw0rd!", FALSE },
  { "PASSW0RD!", FALSE },
  { "ÄÖÜPASS0!", FALSE },          /* no Basic Latin lowercase letter */
  { "Password!", FALSE },
  { "Passw0rd", FALSE },
  { "Pa0!", FALSE },
  { " Passw0rd!", FALSE },
  { "Passw0rd! ", FALSE },
  { "", FALSE },
};

typedef struct
{
  gint64   quantity;
  gboolean accepted;
} EweRuleQuantityCase;

static const EweRuleQuantityCase ewe_rule_quantity_cases[] G_GNUC_UNUSED = {
  { 1, TRUE },
  { 3, TRUE },
  { 10000, TRUE },
  { 10001, FALSE },
  { 20000, FALSE },
  { 100000, FALSE },
  { 0, FALSE },
  { -2, FALSE },
};

/* A gift typed in by hand: a name is enough. */
typedef struct
{
  const char *name;
  const char *brand;
  const char *product_url;
  const char *image_url;
  gboolean    accepted;
} EweRuleGiftCase;

static const EweRuleGiftCase ewe_rule_gift_cases[] G_GNUC_UNUSED = {
  { "Baby monitor", NULL, NULL, NULL, TRUE },
  { "Cash towards the pram", "", "", "", TRUE },
  { "Quilt", "Hand made", "https://etsy.example/quilt", "https://etsy.example/quilt.jpg", TRUE },
  { "Cot", NULL, "http://shop.example/cot", NULL, TRUE },
  { "", "Acme", "https://shop.example/x", NULL, FALSE },
  { "   ", "Acme", NULL, NULL, FALSE },
  { NULL, "Acme", NULL, NULL, FALSE },
  { "Cot", NULL, "javascript:alert(1)", NULL, FALSE },
  { "Cot", NULL, "shop.example/cot", NULL, FALSE },
  { "Cot", NULL, NULL, "file:///etc/passwd", FALSE },
};

typedef struct
{
  const char *address;
  gboolean    accepted;
} EweRuleEmailCase;

static const EweRuleEmailCase ewe_rule_email_cases[] G_GNUC_UNUSED = {
  { "ann@example.org", TRUE },
  { "Ann.Lee+gifts@Example.ORG", TRUE },
  { "zoë@example.org", TRUE },
  { "ann@localhost", FALSE },
  { "ann", FALSE },
  { "@example.org", FALSE },
  { "ann@@example.org", FALSE },
  { "ann lee@example.org", FALSE },
  { "ann@example..org", FALSE },
  { "ann@example.org.", FALSE },
  { "<ann@example.org>", FALSE },
  { "ann@example.org, bob@example.org", FALSE },
};
