/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define EWS_TYPE_LIVE_HUB (ews_live_hub_get_type ())

G_DECLARE_FINAL_TYPE (EwsLiveHub, ews_live_hub, EWS, LIVE_HUB, GObject)

EwsLiveHub *ews_live_hub_new         (guint               heartbeat_s,
                                      guint               max_per_client);
/* Whether @client may open one more stream. */
gboolean    ews_live_hub_can_admit   (EwsLiveHub         *self,
                                      const char         *client);
/* Answers @msg with an event stream of the changes to @list_ids, kept open
 * until the client leaves or ews_live_hub_close_all(). */
void        ews_live_hub_add         (EwsLiveHub         *self,
                                      SoupServerMessage  *msg,
                                      const char         *client,
                                      const char * const *list_ids,
                                      const char         *user_id);
/* Tells the streams watching @list_id (every stream, for NULL) that it
 * changed, and is now at @version (0: not known). */
void        ews_live_hub_publish     (EwsLiveHub         *self,
                                      const char         *list_id,
                                      gint64              version);
/* Tells @user_id's streams (every user stream, for NULL) that @list_id
 * joined their lists. */
void        ews_live_hub_publish_added (EwsLiveHub       *self,
                                        const char       *user_id,
                                        const char       *list_id,
                                        gint64            version);
guint       ews_live_hub_get_n_streams (EwsLiveHub       *self);
/* Ends every stream (the server is shutting down); clients reconnect. */
void        ews_live_hub_close_all   (EwsLiveHub         *self);

G_END_DECLS
