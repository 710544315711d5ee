/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-request.h"

G_BEGIN_DECLS

/* Runs @handler for a request that carries Idempotency-Key @key: once, in
 * one transaction with the record of its answer, or not at all when the
 * same user sent the key before, in which case that first answer is sent
 * again. */
void ews_idempotency_handle (EwsRequest        *request,
                             EwsRequestHandler  handler,
                             const char        *key);

G_END_DECLS
