/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-email-rules"

#include "config.h"

#include <string.h>

#include "ewe-email-rules.h"
#include "ewe-limits.h"

/**
 * ewe_email_is_valid:
 *
 * Whether @address is one the service takes: deliberately narrower than
 * RFC 5322 (no quoted local parts, comments or address literals, which
 * nobody types into a form and which would complicate every place an
 * address goes into a header or a URL), and with a dot in its domain. The
 * address is taken as it is: callers trim what the user typed first.
 */
gboolean
ewe_email_is_valid (const char *address)
{
  const char *at;
  const char *domain;

  if (address == NULL || strlen (address) > EWE_LIMIT_EMAIL_BYTES)
    return FALSE;

  at = strchr (address, '@');
  if (at == NULL || at == address || strchr (at + 1, '@') != NULL)
    return FALSE;

  for (const char *p = address; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      if (c <= ' ' || c == 0x7f || strchr ("<>()[]\\,;:\"", c) != NULL)
        return FALSE;
    }

  domain = at + 1;
  if (domain[0] == '\0' || domain[0] == '.' || domain[0] == '-' ||
      g_str_has_suffix (domain, ".") || strstr (domain, "..") != NULL ||
      strchr (domain, '.') == NULL)
    return FALSE;

  return g_utf8_validate (address, -1, NULL);
}

/**
 * ewe_email_normalize:
 *
 * The form of @address that names one person: trimmed and lowercased,
 * and googlemail.com read as gmail.com (Google delivers both to one
 * mailbox). One rule for accounts and guests, so a guest who reserved as
 * Ann@GoogleMail.com is the account ann@gmail.com.
 */
char *
ewe_email_normalize (const char *address)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (address != NULL ? address : ""));
  g_autofree char *lower = g_utf8_strdown (trimmed, -1);
  char            *at = strrchr (lower, '@');

  if (at != NULL && strcmp (at + 1, "googlemail.com") == 0)
    {
      *at = '\0';
      return g_strconcat (lower, "@gmail.com", NULL);
    }

  return g_steal_pointer (&lower);
}

/* Whether two addresses reach the same person (NULL reaches nobody). */
gboolean
ewe_email_same (const char *a,
                const char *b)
{
  g_autofree char *normal_a = NULL;
  g_autofree char *normal_b = NULL;

  if (a == NULL || b == NULL)
    return FALSE;

  normal_a = ewe_email_normalize (a);
  normal_b = ewe_email_normalize (b);

  return g_str_equal (normal_a, normal_b);
}
