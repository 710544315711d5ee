/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The help's topics, in the order Help lists them: short, task-first text
 * ("To share a list…"), one string per paragraph, translated when read. */

typedef struct
{
  const char *id;         /* the page's name, for tests and links: "share" */
  const char *title;      /* untranslated: read it with _() */
  const char *const *paragraphs; /* untranslated, NULL-terminated */
} EweHelpTopic;

const EweHelpTopic *ewe_help_topics_get (guint *n_topics);

G_END_DECLS
