/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What a JSON text is refused for before json-glib sees it. */
typedef enum
{
  EWE_JSON_GUARD_OK,
  EWE_JSON_GUARD_EMPTY,         /* no text at all */
  EWE_JSON_GUARD_NUL,           /* a NUL byte, after which the parser sees less */
  EWE_JSON_GUARD_TOO_DEEP,      /* nested deeper than EWE_LIMIT_JSON_DEPTH */
  EWE_JSON_GUARD_NOT_JSON,      /* a comment or a single quote outside a string */
} EweJsonGuardVerdict;

EweJsonGuardVerdict ewe_json_guard_check (const char  *data,
                                          gsize        length,
                                          gsize       *offset);

JsonNode           *ewe_json_parse       (const char  *data,
                                          gsize        length,
                                          GError     **error);

G_END_DECLS
