/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Inline rather than in a .c file: the product page is a module of its own
 * (ewe-product-page-module.c) that does not link the app's library, and it
 * needs these too. */

/* Shows @text in @label, or hides @label while there is nothing to say
 * (@text NULL or empty), so that an empty line takes no room. */
static inline void
ewe_label_set_text_or_hide (GtkLabel   *label,
                            const char *text)
{
  gboolean shown = text != NULL && *text != '\0';

  gtk_label_set_text (label, shown ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), shown);
}

G_END_DECLS
