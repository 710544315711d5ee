/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A strong entity tag for exactly these bytes of a reply. Derived from what
 * is sent and nothing else, so it changes whenever anything a client can see
 * changes, and says nothing about what the reply leaves out (a surprise
 * list's hidden reservations). */
char     *ews_etag_for_bytes      (const void        *data,
                                   gsize              length);

/* Sets @etag on @msg's reply and, when the request's If-None-Match names it,
 * answers 304 Not Modified with no body and returns TRUE: the caller sends
 * nothing more. Otherwise returns FALSE and the caller sends the body. The
 * caller says in Cache-Control who may keep the reply. */
gboolean  ews_etag_reply_if_fresh (SoupServerMessage *msg,
                                   const char        *etag);

G_END_DECLS
