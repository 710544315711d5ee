/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>

#include "ews-config.h"

G_BEGIN_DECLS

/* Each request's id (X-Request-Id, on the answer too) and its one log
 * line, as text or, with --log-format json, for a log collector. */
void ews_request_log_assign_id (SoupServerMessage *msg,
                                const EwsConfig   *config);
void ews_request_log_write     (SoupServerMessage *msg,
                                const EwsConfig   *config,
                                double             elapsed_ms,
                                const char        *how,
                                const char        *outcome);

G_END_DECLS
