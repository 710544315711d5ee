/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>

#include "ews-config.h"

G_BEGIN_DECLS

#define EWS_TYPE_CONNECTIONS (ews_connections_get_type ())

G_DECLARE_FINAL_TYPE (EwsConnections, ews_connections, EWS, CONNECTIONS, GObject)

EwsConnections *ews_connections_new           (SoupServer      *soup_server,
                                               const EwsConfig *config,
                                               gsize            max_body);
/* Connections open now, for monitoring. */
guint           ews_connections_get_open      (EwsConnections  *self);
void            ews_connections_set_streaming (EwsConnections    *self,
                                               SoupServerMessage *msg,
                                               guint              silence_s);

G_END_DECLS
