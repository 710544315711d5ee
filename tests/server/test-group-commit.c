/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ewe-sqlite.h"
#include "ewe-test-server.h"
#include "ews-group-commit.h"
#include "ews-test-api.h"

/* SQLite's group commit (ews-group-commit.c), against a real server
 * process: writes in flight together share a disk sync, and an answer is
 * never sent before its write is committed, so a server killed (SIGKILL,
 * no goodbye) amid a write load has kept every write it acknowledged; the
 * ones it did not acknowledge, sent again with their Idempotency-Key, are
 * made once. In the server's own process: no answer's first byte leaves
 * before the sync covering its commit is done. */

#define METRICS_TOKEN "a-long-random-metrics-token-for-group-commit"
#define N_WRITES 200
#define MAX_IN_FLIGHT 12
/* Acknowledged writes before the kill: the load is well under way. */
#define KILL_AFTER 60

typedef struct
{
  char          *token_file;
  EweTestServer *server;
  char          *id_token;
  SoupSession   *session;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token_option = NULL;
  int              fd = g_file_open_tmp ("ewelists-group-commit-token-XXXXXX", &fixture->token_file, &error);

  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (fixture->token_file, METRICS_TOKEN "\n", -1, &error);
  g_assert_no_error (error);

  token_option = g_strconcat ("--metrics-token-file=", fixture->token_file, NULL);
  {
    const char *args[] = { token_option, NULL };

    fixture->server = ewe_test_server_start (args);
  }
  g_assert_nonnull (fixture->server);
  fixture->id_token = ews_test_api_token (fixture->server, "writer-sub", "writer@example.org", "Wren");
  fixture->session = soup_session_new_with_options ("max-conns", MAX_IN_FLIGHT, "max-conns-per-host", MAX_IN_FLIGHT,
                                                    "timeout", 60, NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->server, ewe_test_server_free);
  g_clear_pointer (&fixture->id_token, g_free);
  g_remove (fixture->token_file);
  g_clear_pointer (&fixture->token_file, g_free);
}

/* --- a write load -------------------------------------------------------- */

typedef struct
{
  Fixture    *fixture;
  guint       kill_after; /* 0: never */
  guint       sent;
  guint       in_flight;
  gboolean    killed;
  GHashTable *acknowledged; /* key → listId of every write answered 200 */
  GPtrArray  *keys;         /* every write's Idempotency-Key, by number */
} Load;

typedef struct
{
  Load        *load;
  SoupMessage *msg;
  guint        n;
} Write;

static void send_writes (Load *load);

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Write *write = user_data;
  Load  *load = write->load;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint status = soup_message_get_status (write->msg);

  /* Acknowledged means the whole answer arrived. */
  if (status == SOUP_STATUS_OK && body != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize       size = 0;
      const char *data = g_bytes_get_data (body, &size);
      JsonObject *answer;

      g_assert_true (json_parser_load_from_data (parser, data, (gssize)size, NULL));
      answer = json_node_get_object (json_parser_get_root (parser));
      g_hash_table_insert (load->acknowledged, g_strdup (load->keys->pdata[write->n]),
                           g_strdup (json_object_get_string_member (answer, "listId")));
    }
  else
    {
      /* Only a killed server fails, and only by not answering. */
      g_assert_true (load->killed);
      g_assert_nonnull (error);
    }

  if (load->kill_after > 0 && !load->killed && g_hash_table_size (load->acknowledged) >= load->kill_after)
    {
      load->killed = TRUE;
      g_subprocess_force_exit (load->fixture->server->process);
      g_assert_true (g_subprocess_wait (load->fixture->server->process, NULL, NULL));
    }

  g_object_unref (write->msg);
  g_free (write);
  load->in_flight--;
  if (!load->killed)
    send_writes (load);
  g_main_context_wakeup (NULL);
}

static void
send_write (Load *load,
            guint n)
{
  g_autofree char *url = ewe_test_server_url (load->fixture->server, "/api/lists");
  g_autofree char *body = g_strdup_printf ("{\"title\": \"List %u\", \"occasion\": \"Wedding\"}", n);
  g_autofree char *bearer = g_strconcat ("Bearer ", load->fixture->id_token, NULL);
  gsize            length = strlen (body);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), length);
  Write              *write = g_new0 (Write, 1);
  SoupMessageHeaders *headers;

  write->load = load;
  write->n = n;
  write->msg = soup_message_new ("POST", url);
  headers = soup_message_get_request_headers (write->msg);
  soup_message_headers_replace (headers, "Authorization", bearer);
  soup_message_headers_replace (headers, "Idempotency-Key", load->keys->pdata[n]);
  soup_message_set_request_body_from_bytes (write->msg, "application/json", bytes);
  soup_session_send_and_read_async (load->fixture->session, write->msg, G_PRIORITY_DEFAULT, NULL, write_done_cb,
                                    write);
  load->in_flight++;
}

static void
send_writes (Load *load)
{
  while (load->sent < N_WRITES && load->in_flight < MAX_IN_FLIGHT)
    send_write (load, load->sent++);
}

static void
load_init (Load    *load,
           Fixture *fixture,
           guint    kill_after)
{
  load->fixture = fixture;
  load->kill_after = kill_after;
  load->acknowledged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  load->keys = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < N_WRITES; i++)
    g_ptr_array_add (load->keys, g_uuid_string_random ());
}

static void
load_clear (Load *load)
{
  g_clear_pointer (&load->acknowledged, g_hash_table_unref);
  g_clear_pointer (&load->keys, g_ptr_array_unref);
}

static void
load_run (Load *load)
{
  send_writes (load);
  while (load->in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
}

/* The ids of the lists the writer owns, as the server has them. */
static GHashTable *
owned_lists (Fixture *fixture)
{
  g_autoptr(JsonNode) root = NULL;
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray  *owned;
  guint       status = 0;

  root = ews_test_api_call (fixture->server, "GET", "/api/lists", fixture->id_token, NULL, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  owned = json_object_get_array_member (json_node_get_object (root), "owned");
  for (guint i = 0; i < json_array_get_length (owned); i++)
    {
      JsonObject *list = json_array_get_object_element (owned, i);

      g_hash_table_add (ids, g_strdup (json_object_get_string_member (list, "listId")));
    }

  return ids;
}

/* A figure from the server's /metrics. */
static guint64
scrape (Fixture    *fixture,
        const char *name)
{
  g_autofree char *url = ewe_test_server_url (fixture->server, "/metrics");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *prefix = g_strconcat ("\n", name, " ", NULL);
  const char      *line;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer " METRICS_TOKEN);
  body = soup_session_send_and_read (fixture->session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  line = strstr (text, prefix);
  g_assert_nonnull (line);

  return g_ascii_strtoull (line + strlen (prefix), NULL, 10);
}

/* --- the tests ----------------------------------------------------------- */

/* Twelve writes on their way at a time: they share syncs, and each is
 * answered (no answer waits for a sync that never comes). */
static void
test_writes_share_syncs (Fixture      *fixture,
                         gconstpointer data)
{
  Load    load = { 0 };
  guint64 commits_before = scrape (fixture, "ewelists_storage_commits_total");
  guint64 syncs_before = scrape (fixture, "ewelists_storage_syncs_total");
  guint64 commits;
  guint64 syncs;

  load_init (&load, fixture, 0);
  load_run (&load);
  g_assert_cmpuint (g_hash_table_size (load.acknowledged), ==, N_WRITES);

  commits = scrape (fixture, "ewelists_storage_commits_total") - commits_before;
  syncs = scrape (fixture, "ewelists_storage_syncs_total") - syncs_before;
  g_test_message ("%" G_GUINT64_FORMAT " commits, %" G_GUINT64_FORMAT " syncs", commits, syncs);
  /* Each creation is one commit (the list with its Idempotency-Key). */
  g_assert_cmpuint (commits, >=, N_WRITES);
  g_assert_cmpuint (syncs, >, 0);
  g_assert_cmpuint (syncs, <, commits);
  load_clear (&load);
}

/* The server is killed when 60 creations have been acknowledged, with
 * others on their way. Started again on its data, it has every list it
 * acknowledged; every write sent again with its key is then made once:
 * the acknowledged ones answer their first listId, and there are as many
 * lists as writes. */
static void
test_killed_after_acknowledgements (Fixture      *fixture,
                                    gconstpointer data)
{
  Load load = { 0 };
  g_autoptr(GHashTable) survived = NULL;
  g_autoptr(GHashTable) in_the_end = NULL;
  GHashTableIter iter;
  gpointer       key, list_id;

  load_init (&load, fixture, KILL_AFTER);
  load_run (&load);
  g_assert_true (load.killed);
  g_test_message ("%u acknowledged of %u sent before the kill", g_hash_table_size (load.acknowledged), load.sent);

  g_clear_object (&fixture->server->process);
  g_assert_true (ewe_test_server_restart (fixture->server));

  survived = owned_lists (fixture);
  g_hash_table_iter_init (&iter, load.acknowledged);
  while (g_hash_table_iter_next (&iter, &key, &list_id))
    g_assert_true (g_hash_table_contains (survived, list_id));

  /* The client retries everything: what was made is not made again. */
  for (guint i = 0; i < N_WRITES; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"title\": \"List %u\", \"occasion\": \"Wedding\"}", i);
      g_autoptr(JsonNode) answer = NULL;
      const char *first = g_hash_table_lookup (load.acknowledged, load.keys->pdata[i]);
      guint       status = 0;

      answer = ews_test_api_call_full (fixture->server, "POST", "/api/lists", fixture->id_token, body,
                                       load.keys->pdata[i], &status, NULL);
      g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
      if (first != NULL)
        g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "listId"), ==, first);
    }

  in_the_end = owned_lists (fixture);
  g_assert_cmpuint (g_hash_table_size (in_the_end), ==, N_WRITES);
  load_clear (&load);
}

/* --- in one process ------------------------------------------------------ */

typedef struct
{
  EwsGroupCommit *group_commit;
  sqlite3        *db;
  guint           answers_sent;
  guint           answered;
} Held;

/* The first bytes of an answer are about to leave: what its handler
 * committed must be on disk by now. */
static void
wrote_headers_cb (SoupServerMessage *msg,
                  Held              *held)
{
  guint64 needs = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "needs"));

  g_assert_cmpuint (ews_group_commit_get_synced (held->group_commit), >=, needs);
  held->answers_sent++;
}

static void
write_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  Held *held = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ewe_sqlite_exec (held->db, "INSERT INTO writes (at) VALUES (1)", &error));
  g_assert_no_error (error);
  g_object_set_data (G_OBJECT (msg), "needs", GSIZE_TO_POINTER ((gsize)ews_group_commit_get_commits (held->group_commit)));
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (wrote_headers_cb), held);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "ok", 2);
  ews_group_commit_release (held->group_commit, msg, FALSE);
}

static void
held_answer_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Held *held = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  g_assert_no_error (error);
  held->answered++;
  g_main_context_wakeup (NULL);
}

/* Twelve writes at once on a SoupServer with a group commit: each answer
 * leaves after its commit is synced, and all of them are answered. */
static void
test_answer_waits_for_its_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ewelists-group-commit-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "held.sqlite", NULL);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", MAX_IN_FLIGHT, NULL);
  g_autoslist(GUri) uris = NULL;
  g_autofree char *url = NULL;
  Held             held = { 0 };

  g_assert_no_error (error);
  held.db = ewe_sqlite_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ewe_sqlite_exec (held.db, "CREATE TABLE writes (at INTEGER)", &error));
  held.group_commit = ews_group_commit_new (held.db, &error);
  g_assert_no_error (error);

  soup_server_add_handler (server, "/write", write_handler_cb, &held, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/write", g_uri_get_port (uris->data));

  for (guint i = 0; i < MAX_IN_FLIGHT; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);

      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, held_answer_cb, &held);
    }
  while (held.answered < MAX_IN_FLIGHT)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (held.answers_sent, ==, MAX_IN_FLIGHT);
  g_assert_cmpuint (ews_group_commit_get_synced (held.group_commit), ==,
                    ews_group_commit_get_commits (held.group_commit));
  g_assert_cmpuint (ews_group_commit_get_syncs (held.group_commit), >, 0);

  soup_server_disconnect (server);
  ews_group_commit_stop (held.group_commit);
  g_clear_object (&held.group_commit);
  ewe_sqlite_close (held.db);
  ewe_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/group-commit/answer-waits-for-its-sync", test_answer_waits_for_its_sync);
  g_test_add ("/server/group-commit/writes-share-syncs", Fixture, NULL, fixture_set_up, test_writes_share_syncs,
              fixture_tear_down);
  g_test_add ("/server/group-commit/killed-after-acknowledgements", Fixture, NULL, fixture_set_up,
              test_killed_after_acknowledgements, fixture_tear_down);

  return g_test_run ();
}
