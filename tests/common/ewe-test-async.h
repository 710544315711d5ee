/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Waits for one async call in a test: pass ewe_test_waiter_cb and the
 * waiter as callback and user data, then ewe_test_waiter_wait() iterates the
 * thread-default main context until the result arrives (failing the test
 * after 60 s rather than hanging). */
typedef struct
{
  GAsyncResult *result;
} EweTestWaiter;

void          ewe_test_waiter_cb    (GObject       *object,
                                     GAsyncResult  *result,
                                     gpointer       user_data);
GAsyncResult *ewe_test_waiter_wait  (EweTestWaiter *waiter);
void          ewe_test_waiter_clear (EweTestWaiter *waiter);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EweTestWaiter, ewe_test_waiter_clear)

G_END_DECLS
