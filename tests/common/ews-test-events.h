/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-test-server.h"

G_BEGIN_DECLS

/* A live-update event stream (GET /api/events) read as a client reads it,
 * with blocking reads: the server is another process. */
typedef struct _EwsTestEvents EwsTestEvents;

/* Opens the stream of @lists (ids separated by commas) and reads up to
 * its "ready" event. NULL when the server refused it; *status says how. */
EwsTestEvents *ews_test_events_open  (EweTestServer *server,
                                      const char    *lists,
                                      guint         *status);
/* As ews_test_events_open(), with @token (may be NULL) as the Bearer token
 * and, when @user, &user=1: the user's own "lists" events too. */
EwsTestEvents *ews_test_events_open_full (EweTestServer *server,
                                          const char    *lists,
                                          const char    *token,
                                          gboolean       user,
                                          guint         *status);
/* The next event, as "NAME DATA" (heartbeats skipped), or NULL when the
 * stream ended or nothing came for @timeout_s seconds. */
char          *ews_test_events_next  (EwsTestEvents *self,
                                      guint          timeout_s);
/* The next "changed" event's list id; other events before it (a second
 * notice of an earlier change) are skipped. */
char          *ews_test_events_next_changed (EwsTestEvents *self,
                                             guint          timeout_s);
/* The version an event announces, asserting that @event is exactly
 * "KIND {"listId":"LIST_ID","version":N}" with N > 0: a notice names the
 * list and its version and nothing else. How much a change adds is not
 * part of the contract, only that versions grow. */
gint64         ews_test_events_assert_notice (const char *event,
                                              const char *kind,
                                              const char *list_id);
void           ews_test_events_close (EwsTestEvents *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsTestEvents, ews_test_events_close)

G_END_DECLS
