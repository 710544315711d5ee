/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-session.h"

G_BEGIN_DECLS

#define EWE_TYPE_APPLICATION (ewe_application_get_type ())

G_DECLARE_FINAL_TYPE (EweApplication, ewe_application, EWE, APPLICATION, AdwApplication)

EweApplication *ewe_application_new         (void);
EweSession     *ewe_application_get_session (EweApplication *self);

G_END_DECLS
