/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-session.h"

G_BEGIN_DECLS

#define EWE_TYPE_PREFERENCES_WINDOW (ewe_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (EwePreferencesWindow, ewe_preferences_window, EWE, PREFERENCES_WINDOW, AdwPreferencesWindow)

EwePreferencesWindow *ewe_preferences_window_new          (EweSession           *session);
gboolean              ewe_preferences_window_get_testing  (EwePreferencesWindow *self);
const char           *ewe_preferences_window_get_test_result (EwePreferencesWindow *self,
                                                              gboolean             *success);

G_END_DECLS
