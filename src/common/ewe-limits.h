/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

/* The API's limits, which the app checks before it saves anything (an
 * offline edit the server would refuse at sync is lost work) and the server
 * enforces. One number each. */

/* How many of one gift a list may want, and a guest may reserve. */
#define EWE_LIMIT_QUANTITY_MAX 10000

/* No JSON the API exchanges nests deeper than a few levels; 64 leaves room
 * and stays far from the stack's limit of a parser that recurses. */
#define EWE_LIMIT_JSON_DEPTH 64

/* A guest's name, as they sign a reservation. */
#define EWE_LIMIT_GUEST_NAME_CHARS 200

/* Cognito's password lengths. */
#define EWE_LIMIT_PASSWORD_MIN_CHARS 8
#define EWE_LIMIT_PASSWORD_MAX_CHARS 256

/* An e-mail address (RFC 5321's path limit). */
#define EWE_LIMIT_EMAIL_BYTES 254

/* The longest text the server takes in one field (a title, notes, an
 * address); the same as the server's EWS_REQUEST_MAX_STRING. */
#define EWE_LIMIT_TEXT_BYTES (16 * 1024)

/* An export file the app will import. A list of a hundred gifts is about
 * 50 KB, so this is far more than any account's lists and still little
 * enough to read into memory at once. */
#define EWE_LIMIT_EXPORT_BYTES (8 * 1024 * 1024)

/* A batch of writes (POST /api/batch, a server extension): how many
 * entries it may hold, and its size, which is also the limit of any
 * request's body. The app's sync fills a batch up to these. */
#define EWE_LIMIT_BATCH_ENTRIES 100
#define EWE_LIMIT_BATCH_BYTES (1024 * 1024)
