/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-server.h"

G_BEGIN_DECLS

/* The most lists one event stream watches: a person's own lists and the
 * friends' lists they opened. */
#define EWS_LIVE_MAX_LISTS 200

void ews_live_register (EwsServer *server);

G_END_DECLS
