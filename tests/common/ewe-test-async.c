/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ewe-test-async.h"

#define WAIT_LIMIT (60 * G_USEC_PER_SEC)

void
ewe_test_waiter_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  EweTestWaiter *waiter = user_data;

  g_assert_null (waiter->result);
  waiter->result = g_object_ref (result);
}

/* Returns the result, owned by the waiter until the next wait or clear. */
GAsyncResult *
ewe_test_waiter_wait (EweTestWaiter *waiter)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT;

  while (waiter->result == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("an async call did not finish within %d s", (int)(WAIT_LIMIT / G_USEC_PER_SEC));
      g_main_context_iteration (NULL, TRUE);
    }

  return waiter->result;
}

/* Forgets the last result so the waiter can be used again. */
void
ewe_test_waiter_clear (EweTestWaiter *waiter)
{
  g_clear_object (&waiter->result);
}
