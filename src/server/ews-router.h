/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A route handler answers one request. @params maps the names of the
 * pattern's `{placeholders}` to the URL-decoded path segments they matched. */
typedef void (*EwsRouteHandler) (SoupServerMessage *msg,
                                 GHashTable        *params,
                                 gpointer           user_data);

#define EWS_TYPE_ROUTER (ews_router_get_type ())

G_DECLARE_FINAL_TYPE (EwsRouter, ews_router, EWS, ROUTER, GObject)

EwsRouter *ews_router_new      (void);
void       ews_router_add      (EwsRouter         *self,
                                const char        *method,
                                const char        *pattern,
                                EwsRouteHandler    handler,
                                gpointer           user_data);
void       ews_router_dispatch (EwsRouter         *self,
                                SoupServerMessage *msg);

guint      ews_router_lookup   (EwsRouter         *self,
                                const char        *method,
                                const char        *path,
                                EwsRouteHandler   *handler,
                                gpointer          *user_data,
                                GHashTable       **params);

const char *ews_router_get_path  (SoupServerMessage *msg);
/* @path spelt as ews_router_get_path() gives it. */
char       *ews_router_normalize_path (const char   *path);
const char *ews_router_get_route (SoupServerMessage *msg);

G_END_DECLS
