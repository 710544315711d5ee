/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EWE_TYPE_HELP_WINDOW (ewe_help_window_get_type ())

G_DECLARE_FINAL_TYPE (EweHelpWindow, ewe_help_window, EWE, HELP_WINDOW, AdwWindow)

EweHelpWindow *ewe_help_window_new        (void);
/* Shows topic @id (ewe-help-topics.c: "share", "print"…); FALSE for none
 * such. */
gboolean       ewe_help_window_show_topic (EweHelpWindow *self,
                                           const char    *id);
const char    *ewe_help_window_get_topic  (EweHelpWindow *self);

G_END_DECLS
