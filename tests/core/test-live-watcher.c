/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include "ewe-core-test-fixture.h"
#include "ewe-live-watcher.h"
#include "ews-test-api.h"

/* EweLiveWatcher against a real ewelists-server: a change another client
 * makes arrives as "list-changed" with no request of the watcher's own (it
 * never polls); the server stopped and started again, the watcher opens
 * its stream again by itself and says "resync"; the backoff between
 * attempts grows, is capped and jittered. Given a signed-in account, the
 * watcher opens the user's stream, with no list to watch, and hears of a
 * list the user created elsewhere ("lists-changed", with its version). */

/* How long a test waits for what must happen before failing rather than
 * hanging; what it waits for is a condition, not this time. */
#define WAIT_S 20

typedef struct
{
  EweTestServer  *server;
  char           *token;
  char           *list_id;
  char           *product_id;
  EweLiveWatcher *watcher;
  GPtrArray      *heard; /* list ids, in order */
  guint           resyncs;
} Fixture;

static void
list_changed_cb (EweLiveWatcher *watcher,
                 const char     *list_id,
                 gint64          version,
                 Fixture        *fixture)
{
  g_ptr_array_add (fixture->heard, g_strdup (list_id));
}

static void
resync_cb (EweLiveWatcher *watcher,
           Fixture        *fixture)
{
  fixture->resyncs++;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->server = ewe_test_server_start (NULL);
  g_assert_nonnull (fixture->server);
  fixture->token = ews_test_api_token (fixture->server, "olive-sub", "olive@example.org", "Olive");
  fixture->list_id = ews_test_api_create_list (fixture->server, fixture->token, "Wedding");
  fixture->product_id = ews_test_api_create_product (fixture->server, fixture->token, "https://shop.example/lamp");
  ews_test_api_add_gift (fixture->server, fixture->token, fixture->list_id, fixture->product_id, 5);

  fixture->heard = g_ptr_array_new_with_free_func (g_free);
  fixture->watcher = ewe_live_watcher_new (fixture->server->base_url);
  g_signal_connect (fixture->watcher, "list-changed", G_CALLBACK (list_changed_cb), fixture);
  g_signal_connect (fixture->watcher, "resync", G_CALLBACK (resync_cb), fixture);

  {
    const char * const list_ids[] = { fixture->list_id, NULL };

    ewe_live_watcher_set_lists (fixture->watcher, list_ids);
  }
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_object (&fixture->watcher);
  g_clear_pointer (&fixture->heard, g_ptr_array_unref);
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->token, g_free);
  g_clear_pointer (&fixture->list_id, g_free);
  g_clear_pointer (&fixture->product_id, g_free);
}

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *passed = user_data;

  *passed = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (Fixture *fixture);

/* Runs the main loop until @condition holds; fails the test after WAIT_S. */
static void
wait_for (Fixture    *fixture,
          Condition   condition,
          const char *what)
{
  gboolean passed = FALSE;
  guint    id = g_timeout_add_seconds (WAIT_S, deadline_cb, &passed);

  while (!condition (fixture) && !passed)
    g_main_context_iteration (NULL, TRUE);

  if (!passed)
    g_source_remove (id);
  if (!condition (fixture))
    g_error ("Gave up waiting: %s", what);
}

static gboolean
is_connected (Fixture *fixture)
{
  return ewe_live_watcher_get_connected (fixture->watcher);
}

static gboolean
is_disconnected (Fixture *fixture)
{
  return !ewe_live_watcher_get_connected (fixture->watcher);
}

static gboolean
heard_something (Fixture *fixture)
{
  return fixture->heard->len > 0;
}

static gboolean
resynced (Fixture *fixture)
{
  return fixture->resyncs > 0;
}

static void
reserve_elsewhere (Fixture *fixture)
{
  g_free (ews_test_api_reserve (fixture->server, fixture->list_id, fixture->product_id, "guest@example.org", "Gus", 1));
}

static void
test_change_arrives (Fixture      *fixture,
                     gconstpointer data)
{
  gint64 reserved_at;
  gint64 elapsed_us;

  ewe_live_watcher_start (fixture->watcher);
  wait_for (fixture, is_connected, "the stream to open");
  g_assert_cmpuint (fixture->heard->len, ==, 0);

  reserve_elsewhere (fixture);
  reserved_at = g_get_monotonic_time ();
  wait_for (fixture, heard_something, "the reservation's notice");
  elapsed_us = g_get_monotonic_time () - reserved_at;
  g_test_message ("The notice came %" G_GINT64_FORMAT " ms after the reservation was answered", elapsed_us / 1000);
  /* What the issue asks for; on loopback it takes milliseconds. */
  g_assert_cmpint (elapsed_us, <, G_USEC_PER_SEC);

  g_assert_cmpuint (fixture->heard->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->heard, 0), ==, fixture->list_id);
  g_assert_cmpuint (fixture->resyncs, ==, 0);
}

static void
test_reconnects (Fixture      *fixture,
                 gconstpointer data)
{
  ewe_live_watcher_start (fixture->watcher);
  wait_for (fixture, is_connected, "the stream to open");

  g_assert_cmpint (ewe_test_server_stop (fixture->server), ==, 0);
  wait_for (fixture, is_disconnected, "the stream to be seen gone");

  /* Down: the watcher tries again, with backoff, until the server is back
   * on the same port. */
  g_assert_true (ewe_test_server_restart (fixture->server));
  wait_for (fixture, resynced, "the stream to open again");
  g_assert_true (ewe_live_watcher_get_connected (fixture->watcher));

  reserve_elsewhere (fixture);
  wait_for (fixture, heard_something, "a notice on the new stream");
  g_assert_cmpstr (g_ptr_array_index (fixture->heard, 0), ==, fixture->list_id);
}

/* The server killed (SIGKILL: no goodbye, the kernel resets the
 * connection) and started again: the same. */
static void
test_reconnects_after_kill (Fixture      *fixture,
                            gconstpointer data)
{
  ewe_live_watcher_start (fixture->watcher);
  wait_for (fixture, is_connected, "the stream to open");

  g_subprocess_force_exit (fixture->server->process);
  g_assert_true (g_subprocess_wait (fixture->server->process, NULL, NULL));
  g_clear_object (&fixture->server->process);
  wait_for (fixture, is_disconnected, "the stream to be seen gone");

  g_assert_true (ewe_test_server_restart (fixture->server));
  wait_for (fixture, resynced, "the stream to open again");

  reserve_elsewhere (fixture);
  wait_for (fixture, heard_something, "a notice on the new stream");
  g_assert_cmpstr (g_ptr_array_index (fixture->heard, 0), ==, fixture->list_id);
}

/* Stopped, a watcher holds no stream and hears nothing. */
static void
test_stop (Fixture      *fixture,
           gconstpointer data)
{
  ewe_live_watcher_start (fixture->watcher);
  wait_for (fixture, is_connected, "the stream to open");
  ewe_live_watcher_stop (fixture->watcher);
  g_assert_false (ewe_live_watcher_get_connected (fixture->watcher));
}

static void
test_backoff (void)
{
  for (guint round = 0; round < 50; round++)
    {
      guint first = ewe_live_watcher_backoff_ms (1);
      guint third = ewe_live_watcher_backoff_ms (3);
      guint late = ewe_live_watcher_backoff_ms (40);

      g_assert_cmpuint (first, >=, 500);
      g_assert_cmpuint (first, <=, 1000);
      g_assert_cmpuint (third, >=, 2000);
      g_assert_cmpuint (third, <=, 4000);
      g_assert_cmpuint (late, >=, 30000);
      g_assert_cmpuint (late, <=, 60000);
    }
}

typedef struct
{
  char  *list_id;
  gint64 version;
} HeardList;

static void
lists_changed_cb (EweLiveWatcher *watcher,
                  const char     *list_id,
                  gint64          version,
                  HeardList      *heard)
{
  g_free (heard->list_id);
  heard->list_id = g_strdup (list_id);
  heard->version = version;
}

static void
connected_cb (EweLiveWatcher *watcher,
              GParamSpec     *pspec,
              gboolean       *connected)
{
  *connected = ewe_live_watcher_get_connected (watcher);
}

static void
test_user_lists (void)
{
  EweCoreFixture core = { 0 };
  g_autoptr(EweAccount) account = NULL;
  g_autoptr(EweLiveWatcher) watcher = NULL;
  g_autoptr(EweTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autofree char *list_id = NULL;
  HeardList        heard = { NULL, 0 };
  gboolean         connected = FALSE;
  gint64           deadline;

  ewe_core_fixture_set_up (&core, NULL);
  account = ewe_core_fixture_new_user (&core, "ursula");
  ewe_account_get_tokens_async (account, FALSE, NULL, ewe_test_waiter_cb, &waiter);
  tokens = ewe_account_get_tokens_finish (account, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  watcher = ewe_live_watcher_new (core.server->base_url);
  g_signal_connect (watcher, "lists-changed", G_CALLBACK (lists_changed_cb), &heard);
  g_signal_connect (watcher, "notify::connected", G_CALLBACK (connected_cb), &connected);
  ewe_live_watcher_set_account (watcher, account);
  ewe_live_watcher_start (watcher);

  deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;
  while (!connected && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (connected);
  g_assert_null (ewe_live_watcher_get_lists (watcher));

  /* "Another device": the server's API with the same user's token. */
  list_id = ews_test_api_create_list (core.server, ewe_tokens_get_id_token (tokens), "From the phone");
  while (heard.list_id == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (heard.list_id, ==, list_id);
  g_assert_cmpint (heard.version, >, 0);

  ewe_live_watcher_stop (watcher);
  g_free (heard.list_id);
  ewe_core_fixture_tear_down (&core, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/live/backoff", test_backoff);
  g_test_add ("/core/live/change-arrives", Fixture, NULL, fixture_set_up, test_change_arrives, fixture_tear_down);
  g_test_add ("/core/live/reconnects", Fixture, NULL, fixture_set_up, test_reconnects, fixture_tear_down);
  g_test_add ("/core/live/reconnects-after-kill", Fixture, NULL, fixture_set_up, test_reconnects_after_kill,
              fixture_tear_down);
  g_test_add_func ("/core/live/user-lists", test_user_lists);
  g_test_add ("/core/live/stop", Fixture, NULL, fixture_set_up, test_stop, fixture_tear_down);

  return g_test_run ();
}
