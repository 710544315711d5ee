/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ewe-test-server.h"
#include "ews-languages.h"

/* The server's own .mo reader (ews-catalog.c) and language choice
 * (ews-languages.c), on catalogues compiled here by msgfmt from small .po
 * files: lookups, contexts, plural rules of one, two and three forms,
 * files that are not catalogues, and Accept-Language with q-values. */

#define PLURAL_TWO "nplurals=2; plural=(n != 1);"
#define PLURAL_FR "nplurals=2; plural=(n > 1);"
#define PLURAL_THREE "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && " \
                     "(n%100<10 || n%100>=20) ? 1 : 2);"

/* <dir>/<language>/LC_MESSAGES/ewelists.mo, compiled from @entries. */
static void
compile_catalog (const char *dir,
                 const char *language,
                 const char *plural_forms,
                 const char *entries)
{
  g_autofree char *messages = g_build_filename (dir, language, "LC_MESSAGES", NULL);
  g_autofree char *po = g_build_filename (messages, "ewelists.po", NULL);
  g_autofree char *mo = g_build_filename (messages, "ewelists.mo", NULL);
  g_autofree char *text = g_strdup_printf ("msgid \"\"\n"
                                           "msgstr \"\"\n"
                                           "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                                           "\"Plural-Forms: %s\\n\"\n\n%s",
                                           plural_forms, entries);
  const char      *argv[] = { "msgfmt", "--check", "-o", mo, po, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  g_file_set_contents (po, text, -1, &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static char *
make_locale_dir (void)
{
  g_autoptr(GError) error = NULL;
  char            *dir = g_dir_make_tmp ("ewelists-test-catalog-XXXXXX", &error);
  g_autofree char *broken_dir = NULL;
  g_autofree char *broken = NULL;

  g_assert_no_error (error);
  compile_catalog (dir, "de", PLURAL_TWO,
                   "msgid \"Gift list\"\nmsgstr \"Wunschliste\"\n\n"
                   "msgctxt \"month\"\nmsgid \"May\"\nmsgstr \"Mai\"\n\n"
                   "msgid \"Untranslated\"\nmsgstr \"\"\n\n"
                   "msgid \"%d gift\"\nmsgid_plural \"%d gifts\"\n"
                   "msgstr[0] \"%d Geschenk\"\nmsgstr[1] \"%d Geschenke\"\n");
  compile_catalog (dir, "fr", PLURAL_FR,
                   "msgid \"Gift list\"\nmsgstr \"Liste de cadeaux\"\n\n"
                   "msgid \"%d gift\"\nmsgid_plural \"%d gifts\"\n"
                   "msgstr[0] \"%d cadeau\"\nmsgstr[1] \"%d cadeaux\"\n");
  compile_catalog (dir, "ru", PLURAL_THREE,
                   "msgid \"%d gift\"\nmsgid_plural \"%d gifts\"\n"
                   "msgstr[0] \"%d подарок\"\nmsgstr[1] \"%d подарка\"\nmsgstr[2] \"%d подарков\"\n");
  /* A region's directory and a broken file are both passed over. */
  compile_catalog (dir, "es_MX", PLURAL_TWO, "msgid \"Gift list\"\nmsgstr \"Lista\"\n");
  broken_dir = g_build_filename (dir, "it", "LC_MESSAGES", NULL);
  broken = g_build_filename (broken_dir, "ewelists.mo", NULL);
  g_assert_cmpint (g_mkdir_with_parents (broken_dir, 0700), ==, 0);
  g_file_set_contents (broken, "not a catalogue", -1, &error);
  g_assert_no_error (error);

  return dir;
}

static void
test_lookups (void)
{
  g_autofree char *dir = make_locale_dir ();
  g_autoptr(EwsLanguages) languages = NULL;
  const EwsCatalog *de;
  const EwsCatalog *english;

  g_test_expect_message ("ews-languages", G_LOG_LEVEL_WARNING, "*“it”*not a valid compiled catalogue*");
  languages = ews_languages_new (dir);
  g_test_assert_expected_messages ();

  de = ews_languages_lookup (languages, "de-AT");
  english = ews_languages_get_default (languages);
  g_assert_nonnull (de);
  g_assert_cmpstr (ews_catalog_get_language (de), ==, "de");
  g_assert_cmpstr (ews_tr (de, "Gift list"), ==, "Wunschliste");
  g_assert_cmpstr (ews_tr (de, "Untranslated"), ==, "Untranslated");
  g_assert_cmpstr (ews_tr (de, "Never heard of"), ==, "Never heard of");
  g_assert_cmpstr (ews_trc (de, "month", "May"), ==, "Mai");
  g_assert_cmpstr (ews_tr (de, "May"), ==, "May");
  g_assert_cmpstr (ews_tr (english, "Gift list"), ==, "Gift list");
  g_assert_cmpstr (ews_tr (NULL, "Gift list"), ==, "Gift list");

  g_assert_null (ews_languages_lookup (languages, "es"));
  g_assert_null (ews_languages_lookup (languages, "it"));
  g_assert_true (ews_languages_lookup (languages, "en-GB") == english);
  g_assert_true (ews_languages_lookup (languages, "fr_FR.UTF-8") == ews_languages_lookup (languages, "fr"));

  ewe_test_remove_tree (dir);
}

static void
test_plurals (void)
{
  g_autofree char *dir = make_locale_dir ();
  g_autoptr(EwsLanguages) languages = NULL;
  const EwsCatalog *de;
  const EwsCatalog *fr;
  const EwsCatalog *ru;

  g_test_expect_message ("ews-languages", G_LOG_LEVEL_WARNING, "*“it”*");
  languages = ews_languages_new (dir);
  g_test_assert_expected_messages ();
  de = ews_languages_lookup (languages, "de");
  fr = ews_languages_lookup (languages, "fr");
  ru = ews_languages_lookup (languages, "ru");

  g_assert_cmpstr (ews_ntr (de, "%d gift", "%d gifts", 1), ==, "%d Geschenk");
  g_assert_cmpstr (ews_ntr (de, "%d gift", "%d gifts", 0), ==, "%d Geschenke");
  g_assert_cmpstr (ews_ntr (de, "%d gift", "%d gifts", 2), ==, "%d Geschenke");
  /* French counts nothing as one. */
  g_assert_cmpstr (ews_ntr (fr, "%d gift", "%d gifts", 0), ==, "%d cadeau");
  g_assert_cmpstr (ews_ntr (fr, "%d gift", "%d gifts", 1), ==, "%d cadeau");
  g_assert_cmpstr (ews_ntr (fr, "%d gift", "%d gifts", 2), ==, "%d cadeaux");
  g_assert_cmpstr (ews_ntr (ru, "%d gift", "%d gifts", 1), ==, "%d подарок");
  g_assert_cmpstr (ews_ntr (ru, "%d gift", "%d gifts", 3), ==, "%d подарка");
  g_assert_cmpstr (ews_ntr (ru, "%d gift", "%d gifts", 11), ==, "%d подарков");
  g_assert_cmpstr (ews_ntr (ru, "%d gift", "%d gifts", 21), ==, "%d подарок");
  g_assert_cmpstr (ews_ntr (ru, "%d gift", "%d gifts", 112), ==, "%d подарков");
  g_assert_cmpstr (ews_ntr (ru, "%d gift", "%d gifts", 122), ==, "%d подарка");
  /* No translation: English's rule. */
  g_assert_cmpstr (ews_ntr (de, "%d list", "%d lists", 1), ==, "%d list");
  g_assert_cmpstr (ews_ntr (de, "%d list", "%d lists", 0), ==, "%d lists");

  ewe_test_remove_tree (dir);
}

static void
test_invalid_files (void)
{
  static const guint8 header_only[] = { 0xde, 0x12, 0x04, 0x95, 0, 0, 0, 0, 1, 0, 0, 0 };
  /* One string whose table entry points far past the end. */
  static const guint8 out_of_bounds[] = { 0xde, 0x12, 0x04, 0x95, 0, 0, 0, 0, 1, 0, 0, 0,
                                          28, 0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                          5, 0, 0, 0, 0xff, 0xff, 0, 0, 5, 0, 0, 0, 0xff, 0xff, 0, 0 };
  const struct
  {
    const guint8 *data;
    gsize         size;
  } cases[] = {
    { (const guint8 *)"", 0 },
    { (const guint8 *)"GNU gettext", 11 },
    { header_only, sizeof header_only },
    { out_of_bounds, sizeof out_of_bounds },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) data = g_bytes_new_static (cases[i].data, cases[i].size);
      g_autoptr(GError) error = NULL;
      g_autoptr(EwsCatalog) catalog = ews_catalog_new_from_data ("xx", data, &error);

      g_assert_error (error, EWS_CATALOG_ERROR, EWS_CATALOG_ERROR_INVALID);
      g_assert_null (catalog);
    }
}

static void
test_accept_language (void)
{
  g_autofree char *dir = make_locale_dir ();
  g_autoptr(EwsLanguages) languages = NULL;
  const struct
  {
    const char *header;
    const char *language;
  } cases[] = {
    { NULL, "en" },
    { "", "en" },
    { "fr", "fr" },
    { "fr-CA", "fr" },
    { "de;q=0.9, fr;q=0.8", "de" },
    { "fr;q=0.8, de;q=0.9", "de" },
    { "xx", "en" },
    { "xx, fr;q=0.1", "fr" },
    { "es-ES, de;q=0.5, en;q=0.7", "en" },
    { "en-US,en;q=0.9,de;q=0.8", "en" },
    { "de;q=0, fr;q=0.001", "fr" },
    { "de;q=2, fr", "fr" },
    { "de;q=abc, fr;q=0.3", "fr" },
    { "*", "en" },
    { "it, de;q=0.2", "de" },
    { ",,,;;;q=,", "en" },
  };

  g_test_expect_message ("ews-languages", G_LOG_LEVEL_WARNING, "*“it”*");
  languages = ews_languages_new (dir);
  g_test_assert_expected_messages ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const EwsCatalog *chosen = ews_languages_choose (languages, cases[i].header);

      g_test_message ("Accept-Language: %s", cases[i].header);
      g_assert_cmpstr (ews_catalog_get_language (chosen), ==, cases[i].language);
    }

  ewe_test_remove_tree (dir);
}

static void
test_no_locale_dir (void)
{
  g_autoptr(EwsLanguages) languages = ews_languages_new ("/nonexistent/ewelists-locale");

  g_assert_cmpstr (ews_catalog_get_language (ews_languages_choose (languages, "de, fr")), ==, "en");
  g_assert_null (ews_languages_lookup (languages, "de"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/lookups", test_lookups);
  g_test_add_func ("/catalog/plurals", test_plurals);
  g_test_add_func ("/catalog/invalid-files", test_invalid_files);
  g_test_add_func ("/catalog/accept-language", test_accept_language);
  g_test_add_func ("/catalog/no-locale-dir", test_no_locale_dir);

  return g_test_run ();
}
