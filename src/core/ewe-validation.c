/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-validation"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ewe-email-rules.h"
#include "ewe-limits.h"
#include "ewe-password-policy.h"
#include "ewe-validation.h"

/* The rules are libewe-common's, the server's own; the words, which the
 * app's forms show, are core's: the server answers in its own. */

char *
ewe_validation_check_email (const char *text)
{
  g_autofree char *email = g_strstrip (g_strdup (text ? text : ""));

  if (email[0] == '\0')
    return g_strdup (_("Enter your e-mail address."));

  if (!ewe_email_is_valid (email))
    /* Translators: %s is what the user typed as an e-mail address */
    return g_strdup_printf (_("“%s” is not an e-mail address."), email);

  return NULL;
}

/* The policy of Cognito's default user pool, which our server applies
 * too, from the one rule both use (libewe-common). */
char *
ewe_validation_check_password (const char *password)
{
  switch (ewe_password_policy_check (password))
    {
    case EWE_PASSWORD_OK:
      return NULL;
    case EWE_PASSWORD_EMPTY:
    case EWE_PASSWORD_NOT_UTF8:
      return g_strdup (_("Enter a password."));
    case EWE_PASSWORD_EDGE_SPACE:
      return g_strdup (_("The password cannot begin or end with a space."));
    case EWE_PASSWORD_TOO_LONG:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The password can have at most %d character.",
                                           "The password can have at most %d characters.",
                                           EWE_LIMIT_PASSWORD_MAX_CHARS),
                              EWE_LIMIT_PASSWORD_MAX_CHARS);
    case EWE_PASSWORD_TOO_SHORT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The password needs at least %d character.",
                                           "The password needs at least %d characters.",
                                           EWE_LIMIT_PASSWORD_MIN_CHARS),
                              EWE_LIMIT_PASSWORD_MIN_CHARS);
    case EWE_PASSWORD_NO_LOWERCASE:
      return g_strdup (_("The password needs a lowercase letter (a to z)."));
    case EWE_PASSWORD_NO_UPPERCASE:
      return g_strdup (_("The password needs an uppercase letter (A to Z)."));
    case EWE_PASSWORD_NO_DIGIT:
      return g_strdup (_("The password needs a number."));
    case EWE_PASSWORD_NO_SYMBOL:
      return g_strdup (_("The password needs a symbol, such as ! or #."));
    default:
      g_assert_not_reached ();
    }
}

char *
ewe_validation_check_code (const char *text)
{
  g_autofree char *code = g_strstrip (g_strdup (text ? text : ""));

  if (code[0] == '\0')
    return g_strdup (_("Enter the code from the e-mail."));

  for (const char *p = code; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return g_strdup (_("The code has only digits."));
    }

  if (strlen (code) != 6)
    return g_strdup (_("The code has 6 digits."));

  return NULL;
}

/* Cognito's own pattern for a pool id, [\w-]+_[0-9a-zA-Z]+, without the
 * underscores it lets into the region: the pool's name, part of every SRP
 * proof, is what follows the first underscore, and a second would make it
 * differ from what Cognito's own clients take. Empty is fine: it means the
 * server's own pool. */
#define USER_POOL_ID_MAX_CHARS 55

char *
ewe_validation_check_user_pool_id (const char *text)
{
  g_autofree char *pool_id = g_strstrip (g_strdup (text ? text : ""));
  const char      *underscore = strchr (pool_id, '_');
  gboolean         valid;

  if (pool_id[0] == '\0')
    return NULL;

  valid = underscore != NULL && underscore != pool_id && underscore[1] != '\0' &&
          strlen (pool_id) <= USER_POOL_ID_MAX_CHARS;
  for (const char *p = pool_id; valid && p < underscore; p++)
    valid = g_ascii_isalnum (*p) || *p == '-';
  for (const char *p = underscore ? underscore + 1 : pool_id; valid && *p != '\0'; p++)
    valid = g_ascii_isalnum (*p);

  if (!valid)
    /* Translators: %s is what the user typed as a Cognito user pool ID;
     * keep eu-west-1_AbCdEf123 as it is */
    return g_strdup_printf (_("“%s” is not a user pool ID. It looks like eu-west-1_AbCdEf123: a region, an "
                              "underscore, then letters and digits."),
                               pool_id);

  return NULL;
}

static gboolean
is_domain (const char *domain)
{
  g_auto(GStrv) labels = g_strsplit (domain, ".", -1);

  if (strlen (domain) > 253 || g_strv_length (labels) < 2)
    return FALSE;

  for (guint i = 0; labels[i] != NULL; i++)
    {
      gsize length = strlen (labels[i]);

      if (length == 0 || length > 63 || labels[i][0] == '-' || labels[i][length - 1] == '-')
        return FALSE;
      for (const char *p = labels[i]; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '-')
          return FALSE;
    }

  return TRUE;
}

/* @domain: (out) (optional): the domain alone, in lower case, or "" for
 * none, when the text is fine.
 *
 * A hosted UI's domain as Cognito's console shows it, with https:// and a
 * trailing slash or without: what people paste. */
char *
ewe_validation_check_hosted_ui_domain (const char *text,
                                       char      **domain)
{
  g_autofree char *typed = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *lower = NULL;
  const char      *host = typed;
  gsize            length;

  if (g_ascii_strncasecmp (host, "https://", strlen ("https://")) == 0)
    host += strlen ("https://");
  lower = g_ascii_strdown (host, -1);
  length = strlen (lower);
  if (length > 0 && lower[length - 1] == '/')
    lower[--length] = '\0';

  if (typed[0] != '\0' && !is_domain (lower))
    /* Translators: %s is what the user typed as the domain of Cognito's
     * hosted sign-in pages; keep the example domain as it is */
    return g_strdup_printf (_("“%s” is not a domain. It looks like ewelists.auth.eu-west-1.amazoncognito.com."),
                               typed);

  if (domain != NULL)
    *domain = g_steal_pointer (&lower);

  return NULL;
}
