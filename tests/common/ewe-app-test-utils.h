/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Small helpers the app's widget tests share. */

typedef gboolean (*EweAppTestCondition) (gpointer data);

void      ewe_app_test_iterate_until (EweAppTestCondition  done,
                                      gpointer             data,
                                      guint                timeout_seconds);
void      ewe_app_test_set_text      (GtkWidget           *widget,
                                      GType                widget_type,
                                      const char          *child,
                                      const char          *text);
guint16   ewe_app_test_closed_port   (void);
GSettings *ewe_app_test_settings     (void);
void      ewe_app_test_init          (int                 *argc,
                                      char              ***argv);
GBytes   *ewe_app_test_product_png   (guint32              colour);

G_END_DECLS
