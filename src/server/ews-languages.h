/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-catalog.h"

G_BEGIN_DECLS

/* The languages the server speaks: English, and every catalogue found in
 * its locale directory (<dir>/<lang>/LC_MESSAGES/ewelists.mo), each read
 * once at start. Read-only after that, so shared by all threads. */

typedef struct _EwsLanguages EwsLanguages;

EwsLanguages     *ews_languages_new         (const char         *locale_dir);
void              ews_languages_free        (EwsLanguages       *self);

/* English: what every choice falls back to. */
const EwsCatalog *ews_languages_get_default (const EwsLanguages *self);
/* The catalogue for a language tag ("de", "de-AT", "fr_FR.UTF-8"), or
 * NULL if the server does not speak it. */
const EwsCatalog *ews_languages_lookup      (const EwsLanguages *self,
                                             const char         *tag);
/* The best language for an Accept-Language header (RFC 9110: q-values,
 * "de-CH" served by "de", "*"), or English. */
const EwsCatalog *ews_languages_choose      (const EwsLanguages *self,
                                             const char         *accept_language);

/* The language of a tag a client sent ("de-AT" → "de"), to store with an
 * account; NULL if @tag is not a language tag (RFC 5646's shape: letters,
 * then subtags of letters and digits). */
char             *ews_languages_normalize_tag (const char       *tag);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsLanguages, ews_languages_free)

G_END_DECLS
