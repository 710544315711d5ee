/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-server.h"

G_BEGIN_DECLS

void ews_well_known_register (EwsServer *server);

G_END_DECLS
