/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-languages"

#include "config.h"

#include "ews-languages.h"

#include <stdlib.h>
#include <string.h>

struct _EwsLanguages
{
  EwsCatalog *english;
  GHashTable *catalogs; /* "de" → EwsCatalog */
};

/* "de-AT", "de_AT.UTF-8" → "de": we translate by language, not region. */
static char *
primary_subtag (const char *tag)
{
  gsize length = strcspn (tag, "-_.@ \t;");

  return g_ascii_strdown (tag, length);
}

EwsLanguages *
ews_languages_new (const char *locale_dir)
{
  EwsLanguages *self = g_new0 (EwsLanguages, 1);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  self->english = ews_catalog_new_empty ("en");
  self->catalogs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify)ews_catalog_free);

  if (locale_dir == NULL || (dir = g_dir_open (locale_dir, 0, NULL)) == NULL)
    return self;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (locale_dir, name, "LC_MESSAGES",
                                                GETTEXT_PACKAGE ".mo", NULL);
      g_autofree char *language = primary_subtag (name);
      g_autoptr(GError) error = NULL;
      EwsCatalog *catalog;

      /* Only plain language directories: the system's locale directory
       * also holds en_GB, sr@latin and the like, which we would serve no
       * better than their language. */
      if (g_strcmp0 (language, name) != 0 || g_strcmp0 (language, "en") == 0 ||
          !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;

      catalog = ews_catalog_new_from_file (language, path, &error);
      if (catalog == NULL)
        {
          g_warning ("Pages and mails will not be in “%s”: %s", language, error->message);
          continue;
        }
      g_hash_table_replace (self->catalogs, (gpointer)ews_catalog_get_language (catalog), catalog);
    }

  return self;
}

void
ews_languages_free (EwsLanguages *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->catalogs);
  ews_catalog_free (self->english);
  g_free (self);
}

const EwsCatalog *
ews_languages_get_default (const EwsLanguages *self)
{
  return self->english;
}

const EwsCatalog *
ews_languages_lookup (const EwsLanguages *self,
                      const char         *tag)
{
  g_autofree char *language = NULL;

  if (tag == NULL)
    return NULL;

  language = primary_subtag (tag);
  if (g_strcmp0 (language, "en") == 0)
    return self->english;
  return g_hash_table_lookup (self->catalogs, language);
}

/* The q of "de;q=0.8"; 1 when absent, 0 when not a number a browser
 * would send. */
static double
quality_of (const char *parameters)
{
  const char *q = strstr (parameters, "q=");
  char       *end = NULL;
  double      value;

  if (q == NULL)
    return 1.0;
  value = g_ascii_strtod (q + 2, &end);
  if (end == q + 2 || value < 0.0 || value > 1.0)
    return 0.0;
  return value;
}

const EwsCatalog *
ews_languages_choose (const EwsLanguages *self,
                      const char         *accept_language)
{
  g_auto(GStrv) ranges = NULL;
  const EwsCatalog *best = self->english;
  double            best_quality = 0.0;

  if (accept_language == NULL)
    return self->english;

  /* A browser sends a handful; a header of hundreds is not worth reading
   * to the end. */
  ranges = g_strsplit (accept_language, ",", 32);
  for (guint i = 0; ranges[i] != NULL; i++)
    {
      char             *range = g_strstrip (ranges[i]);
      const char       *parameters = strchr (range, ';');
      double            quality = quality_of (parameters != NULL ? parameters : "");
      const EwsCatalog *catalog;

      /* "*" is any language: ours is English. Equal q-values keep the
       * first, as the user listed them. */
      if (g_str_has_prefix (range, "*"))
        catalog = self->english;
      else
        catalog = ews_languages_lookup (self, range);

      if (catalog != NULL && quality > best_quality)
        {
          best = catalog;
          best_quality = quality;
        }
    }

  return best;
}

char *
ews_languages_normalize_tag (const char *tag)
{
  g_auto(GStrv) subtags = NULL;

  if (tag == NULL || strlen (tag) > 35)
    return NULL;

  subtags = g_strsplit_set (tag, "-_", -1);
  for (guint i = 0; subtags[i] != NULL; i++)
    {
      gsize length = strlen (subtags[i]);

      if (length < (i == 0 ? 2 : 1) || length > 8)
        return NULL;
      for (gsize j = 0; j < length; j++)
        {
          if (!(i == 0 ? g_ascii_isalpha (subtags[i][j]) : g_ascii_isalnum (subtags[i][j])))
            return NULL;
        }
    }

  return g_ascii_strdown (subtags[0], -1);
}
