/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-store.h"

G_BEGIN_DECLS

/* Small helpers shared by the dialog tests (list editor, gift editor,
 * share dialog): wait for a condition while the main loop runs, open a
 * real store in a temporary directory, and save screenshots. */

typedef gboolean (*EweDialogTestCheck) (gpointer data);

void      ewe_dialog_test_init            (int                *argc,
                                           char             ***argv);

void      ewe_dialog_test_iterate_until   (EweDialogTestCheck  check,
                                           gpointer            data);
void      ewe_dialog_test_settle          (guint               msec);
void      ewe_dialog_test_present         (GtkWindow          *window,
                                           int                 width,
                                           int                 height);
EweStore *ewe_dialog_test_open_store      (char              **dir);
void      ewe_dialog_test_remove_dir      (const char         *dir);
GdkTexture *ewe_dialog_test_render      (GtkWindow          *window);
char     *ewe_dialog_test_screenshot      (GtkWindow          *window,
                                           const char         *name);
void      ewe_dialog_test_set_dark        (gboolean            dark);
GtkWidget *ewe_dialog_test_find_button    (GtkWidget          *widget,
                                           const char         *label);
gboolean  ewe_dialog_test_focus_is_in     (GtkWindow          *window,
                                           gpointer            widget);

G_END_DECLS
