/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>

#include "ews-config.h"

G_BEGIN_DECLS

/* Who a request came from, as everything that counts per client sees it:
 * the sign-in lockout, the rate limits and the connection caps.
 *
 * It is the connection's peer, unless the peer is one of --trusted-proxy:
 * then it is the right-most address in X-Forwarded-For that is not itself
 * a trusted proxy (each proxy appends the address it was reached from, so
 * everything left of that is whatever the client chose to send). A header
 * from any other peer is ignored: anyone can write one. */
char     *ews_client_address            (SoupServerMessage *msg,
                                         const EwsConfig   *config);

/* Whether @address (as soup_server_message_get_remote_host() gives it) is
 * one of --trusted-proxy. */
gboolean  ews_client_is_trusted_proxy   (const EwsConfig   *config,
                                         const char        *address);

/* A forwarded address as a plain IP address: "203.0.113.7:4711" and
 * "[2001:db8::1]:443" lose their ports. NULL when it is not an address. */
char     *ews_client_parse_forwarded    (const char        *entry);

G_END_DECLS
