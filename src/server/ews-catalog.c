/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-catalog"

#include "config.h"

#include "ews-catalog.h"

#include <string.h>

#define MO_MAGIC 0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U
/* Plural rules are short ("n%10==1 && n%100!=11 ? 0 : …"); a deeper one
 * is a broken or hostile file, not a language. */
#define PLURAL_MAX_DEPTH 32

struct _EwsCatalog
{
  char       *language;
  GBytes     *data;         /* owns every string the table points into */
  GHashTable *translations; /* msgid (with "context\004") → Translation */
  char       *plural_rule;  /* a C expression in n */
  guint       n_plurals;
};

typedef struct
{
  const char *text;   /* forms separated by NUL */
  gsize       length; /* all forms and their separators */
} Translation;

/* clang-format off */
G_DEFINE_QUARK (ews-catalog-error-quark, ews_catalog_error)
/* clang-format on */

/* --- the Plural-Forms rule -------------------------------------------- */

/* The rule is evaluated straight from its text on each lookup: it is a
 * few characters long, and keeping nothing but the text makes lookups
 * safe from any thread. */
typedef struct
{
  const char *p;
  gulong      n;
  guint       depth;
  gboolean    failed;
} PluralParser;

static gulong parse_ternary (PluralParser *pp);

static void
skip_spaces (PluralParser *pp)
{
  while (*pp->p == ' ' || *pp->p == '\t' || *pp->p == '\n')
    pp->p++;
}

static gboolean
take (PluralParser *pp,
      const char   *token)
{
  gsize length = strlen (token);

  skip_spaces (pp);
  if (strncmp (pp->p, token, length) != 0)
    return FALSE;
  /* "<" must not take the first half of "<=", nor "!" that of "!=". */
  if (length == 1 && (token[0] == '<' || token[0] == '>' || token[0] == '!' || token[0] == '=') &&
      pp->p[1] == '=')
    return FALSE;
  pp->p += length;
  return TRUE;
}

static gulong
parse_primary (PluralParser *pp)
{
  gulong value;

  skip_spaces (pp);
  if (take (pp, "!"))
    return !parse_primary (pp);
  if (take (pp, "("))
    {
      value = parse_ternary (pp);
      if (!take (pp, ")"))
        pp->failed = TRUE;
      return value;
    }
  if (*pp->p == 'n')
    {
      pp->p++;
      return pp->n;
    }
  if (g_ascii_isdigit (*pp->p))
    {
      char *end = NULL;

      value = strtoul (pp->p, &end, 10);
      pp->p = end;
      return value;
    }

  pp->failed = TRUE;
  return 0;
}

static gulong
parse_product (PluralParser *pp)
{
  gulong value = parse_primary (pp);

  while (!pp->failed)
    {
      gboolean times = take (pp, "*");
      gboolean divide = !times && take (pp, "/");
      gboolean modulo = !times && !divide && take (pp, "%");
      gulong   right;

      if (!times && !divide && !modulo)
        break;
      right = parse_primary (pp);
      if ((divide || modulo) && right == 0)
        {
          pp->failed = TRUE;
          return 0;
        }
      value = times ? value * right : divide ? value / right
                                             : value % right;
    }

  return value;
}

static gulong
parse_sum (PluralParser *pp)
{
  gulong value = parse_product (pp);

  while (!pp->failed)
    {
      if (take (pp, "+"))
        value += parse_product (pp);
      else if (take (pp, "-"))
        value -= parse_product (pp);
      else
        break;
    }

  return value;
}

static gulong
parse_comparison (PluralParser *pp)
{
  gulong value = parse_sum (pp);

  while (!pp->failed)
    {
      if (take (pp, "<="))
        value = value <= parse_sum (pp);
      else if (take (pp, ">="))
        value = value >= parse_sum (pp);
      else if (take (pp, "<"))
        value = value < parse_sum (pp);
      else if (take (pp, ">"))
        value = value > parse_sum (pp);
      else
        break;
    }

  return value;
}

static gulong
parse_equality (PluralParser *pp)
{
  gulong value = parse_comparison (pp);

  while (!pp->failed)
    {
      if (take (pp, "=="))
        value = value == parse_comparison (pp);
      else if (take (pp, "!="))
        value = value != parse_comparison (pp);
      else
        break;
    }

  return value;
}

static gulong
parse_and (PluralParser *pp)
{
  gulong value = parse_equality (pp);

  while (!pp->failed && take (pp, "&&"))
    {
      gulong right = parse_equality (pp);

      value = value && right;
    }

  return value;
}

static gulong
parse_or (PluralParser *pp)
{
  gulong value = parse_and (pp);

  while (!pp->failed && take (pp, "||"))
    {
      gulong right = parse_and (pp);

      value = value || right;
    }

  return value;
}

static gulong
parse_ternary (PluralParser *pp)
{
  gulong condition;
  gulong if_true;
  gulong if_false;

  if (++pp->depth > PLURAL_MAX_DEPTH)
    {
      pp->failed = TRUE;
      return 0;
    }

  condition = parse_or (pp);
  if (pp->failed || !take (pp, "?"))
    {
      pp->depth--;
      return condition;
    }
  /* Both branches are parsed, to move past them; they have no side
   * effects, so evaluating the one not taken costs nothing but time. */
  if_true = parse_ternary (pp);
  if (!take (pp, ":"))
    pp->failed = TRUE;
  if_false = parse_ternary (pp);
  pp->depth--;

  return condition ? if_true : if_false;
}

/* The index of the plural form for @n, or -1 if @rule is not a rule. */
static gint64
evaluate_plural_rule (const char *rule,
                      gulong      n)
{
  PluralParser pp = { rule, n, 0, FALSE };
  gulong       value = parse_ternary (&pp);

  skip_spaces (&pp);
  if (pp.failed || *pp.p != '\0' || value > G_MAXINT)
    return -1;

  return (gint64)value;
}

/* --- reading the .mo file --------------------------------------------- */

typedef struct
{
  const guint8 *data;
  gsize         size;
  gboolean      swapped;
} MoReader;

static gboolean
read_u32 (const MoReader *reader,
          gsize           offset,
          guint32        *value)
{
  guint32 raw;

  if (offset > reader->size || reader->size - offset < 4)
    return FALSE;
  memcpy (&raw, reader->data + offset, 4);
  *value = reader->swapped ? GUINT32_SWAP_LE_BE (raw) : raw;
  return TRUE;
}

/* The @index'th string of the table at @table: in the file, followed by
 * the NUL that the format promises and that we check. */
static gboolean
read_string (const MoReader *reader,
             guint32         table,
             guint32         index,
             const char    **text,
             gsize          *length)
{
  guint32 string_length;
  guint32 string_offset;
  gsize   entry = (gsize)table + (gsize)index * 8;

  if (!read_u32 (reader, entry, &string_length) || !read_u32 (reader, entry + 4, &string_offset))
    return FALSE;
  if (string_offset >= reader->size || reader->size - string_offset <= string_length ||
      reader->data[string_offset + string_length] != '\0')
    return FALSE;

  *text = (const char *)reader->data + string_offset;
  *length = string_length;
  return TRUE;
}

/* From the header's "Plural-Forms: nplurals=2; plural=(n != 1);". */
static gboolean
read_plural_forms (EwsCatalog *self,
                   const char *header)
{
  const char      *line = strstr (header, "Plural-Forms:");
  const char      *nplurals;
  const char      *plural;
  const char      *end;
  g_autofree char *rule = NULL;
  guint64          count;

  if (line == NULL)
    return TRUE;
  nplurals = strstr (line, "nplurals=");
  /* Not found inside "nplurals=", where "plural" is followed by "s". */
  plural = strstr (line, "plural=");
  if (nplurals == NULL || plural == NULL)
    return FALSE;

  count = g_ascii_strtoull (nplurals + strlen ("nplurals="), NULL, 10);
  end = strpbrk (plural, ";\n");
  rule = end != NULL ? g_strndup (plural + strlen ("plural="), end - plural - strlen ("plural="))
                     : g_strdup (plural + strlen ("plural="));
  if (count < 1 || count > 8 || evaluate_plural_rule (rule, 1) < 0)
    return FALSE;

  g_free (self->plural_rule);
  self->plural_rule = g_steal_pointer (&rule);
  self->n_plurals = count;
  return TRUE;
}

static gboolean
read_catalog (EwsCatalog *self,
              GError    **error)
{
  MoReader reader = { 0 };
  guint32  magic;
  guint32  n_strings;
  guint32  originals;
  guint32  translations;

  reader.data = g_bytes_get_data (self->data, &reader.size);
  if (!read_u32 (&reader, 0, &magic) || (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED))
    goto invalid;
  reader.swapped = magic == MO_MAGIC_SWAPPED;
  if (!read_u32 (&reader, 8, &n_strings) || !read_u32 (&reader, 12, &originals) ||
      !read_u32 (&reader, 16, &translations))
    goto invalid;

  for (guint32 i = 0; i < n_strings; i++)
    {
      const char  *original;
      const char  *translated;
      gsize        original_length;
      gsize        translated_length;
      Translation *translation;

      if (!read_string (&reader, originals, i, &original, &original_length) ||
          !read_string (&reader, translations, i, &translated, &translated_length))
        goto invalid;

      if (original_length == 0)
        {
          if (!read_plural_forms (self, translated))
            goto invalid;
          continue;
        }
      /* An entry with no translation is left out by msgfmt; one that is
       * there but empty means the same. */
      if (translated_length == 0)
        continue;

      /* A plural entry's key is "msgid\0msgid_plural": its msgid, as a
       * C string, is what it is looked up by. */
      translation = g_new (Translation, 1);
      translation->text = translated;
      translation->length = translated_length;
      g_hash_table_replace (self->translations, (gpointer)original, translation);
    }

  return TRUE;

invalid:
  g_set_error (error, EWS_CATALOG_ERROR, EWS_CATALOG_ERROR_INVALID,
               "The translations for “%s” are not a valid compiled catalogue (.mo); "
               "rebuild them with msgfmt",
               self->language);
  return FALSE;
}

EwsCatalog *
ews_catalog_new_empty (const char *language)
{
  EwsCatalog *self = g_new0 (EwsCatalog, 1);

  self->language = g_strdup (language);
  self->translations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->plural_rule = g_strdup ("n != 1");
  self->n_plurals = 2;

  return self;
}

EwsCatalog *
ews_catalog_new_from_data (const char *language,
                           GBytes     *data,
                           GError    **error)
{
  g_autoptr(EwsCatalog) self = ews_catalog_new_empty (language);

  g_return_val_if_fail (data != NULL, NULL);

  self->data = g_bytes_ref (data);
  if (!read_catalog (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

EwsCatalog *
ews_catalog_new_from_file (const char *language,
                           const char *path,
                           GError    **error)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, error);
  g_autoptr(GBytes) data = NULL;

  if (file == NULL)
    return NULL;

  data = g_mapped_file_get_bytes (file);
  return ews_catalog_new_from_data (language, data, error);
}

void
ews_catalog_free (EwsCatalog *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->translations);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_free (self->plural_rule);
  g_free (self->language);
  g_free (self);
}

const char *
ews_catalog_get_language (const EwsCatalog *self)
{
  return self->language;
}

const char *
ews_tr (const EwsCatalog *self,
        const char       *msgid)
{
  const Translation *translation;

  if (self == NULL)
    return msgid;

  translation = g_hash_table_lookup (self->translations, msgid);
  return translation != NULL ? translation->text : msgid;
}

const char *
ews_trc (const EwsCatalog *self,
         const char       *context,
         const char       *msgid)
{
  g_autofree char   *key = NULL;
  const Translation *translation;

  if (self == NULL)
    return msgid;

  key = g_strconcat (context, "\004", msgid, NULL);
  translation = g_hash_table_lookup (self->translations, key);
  return translation != NULL ? translation->text : msgid;
}

const char *
ews_ntr (const EwsCatalog *self,
         const char       *msgid,
         const char       *msgid_plural,
         gulong            n)
{
  const Translation *translation = NULL;
  const char        *form;
  gint64             index;

  if (self != NULL)
    translation = g_hash_table_lookup (self->translations, msgid);
  if (translation == NULL)
    return n == 1 ? msgid : msgid_plural;

  index = evaluate_plural_rule (self->plural_rule, n);
  if (index < 0 || index >= self->n_plurals)
    return n == 1 ? msgid : msgid_plural;

  /* Walk to the index'th of the NUL-separated forms; a catalogue with
   * fewer forms than its rule promises falls back to English. */
  form = translation->text;
  for (gint64 i = 0; i < index; i++)
    {
      gsize used = (form - translation->text) + strlen (form) + 1;

      if (used > translation->length)
        return n == 1 ? msgid : msgid_plural;
      form = translation->text + used;
    }

  return form[0] != '\0' ? form : (n == 1 ? msgid : msgid_plural);
}
