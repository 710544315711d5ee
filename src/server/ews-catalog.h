/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One language's translations, read from a compiled GNU .mo catalogue.
 *
 * The server answers many requests at once, each in its own language, so it
 * cannot use gettext(3): that follows the process locale, and needs the
 * system's locales generated, which a fresh machine does not have. A
 * catalogue is read once and never changes after, so any thread may look
 * strings up in it without a lock. An empty catalogue (English) answers
 * every msgid with itself. */

/* Mark a string where it is defined (a table, a storage error) for
 * xgettext, to be looked up with ews_tr()/ews_trc() where it is shown; as
 * GLib's gi18n.h defines them, without its _(), which would follow the
 * process locale. */
#ifndef N_
#define N_(String) (String)
#endif
#ifndef NC_
#define NC_(Context, String) (String)
#endif

#define EWS_CATALOG_ERROR (ews_catalog_error_quark ())

typedef enum
{
  EWS_CATALOG_ERROR_INVALID,
} EwsCatalogError;

typedef struct _EwsCatalog EwsCatalog;

GQuark      ews_catalog_error_quark   (void);

/* English: no translations, English plurals. */
EwsCatalog *ews_catalog_new_empty     (const char *language);
EwsCatalog *ews_catalog_new_from_file (const char *language,
                                       const char *path,
                                       GError    **error);
EwsCatalog *ews_catalog_new_from_data (const char *language,
                                       GBytes     *data,
                                       GError    **error);
void        ews_catalog_free          (EwsCatalog *self);

/* "de", "fr", "en": what the pages' lang attribute and an account's
 * setting say. */
const char *ews_catalog_get_language  (const EwsCatalog *self);

/* The translation, or @msgid itself when there is none. Never NULL. The
 * names are short because every string a user sees goes through them;
 * po/meson.build tells xgettext about them. */
const char *ews_tr                    (const EwsCatalog *self,
                                       const char       *msgid) G_GNUC_FORMAT (2);
/* The same with a context, for words that say different things in
 * different places ("May" the month). */
const char *ews_trc                   (const EwsCatalog *self,
                                       const char       *context,
                                       const char       *msgid) G_GNUC_FORMAT (3);
/* The plural form for @n, by the catalogue's Plural-Forms rule. */
const char *ews_ntr                   (const EwsCatalog *self,
                                       const char       *msgid,
                                       const char       *msgid_plural,
                                       gulong            n) G_GNUC_FORMAT (3);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsCatalog, ews_catalog_free)

G_END_DECLS
