/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Answers that end a connection, for a request or a connection the server
 * will not serve (ews-connections.c). Both say "Connection: close". */

void ews_refusal_answer_stream (GIOStream  *stream,
                                guint       status,
                                const char *message);
void ews_refusal_answer_socket (GSocket    *socket,
                                guint       status,
                                const char *retry_after);

G_END_DECLS
