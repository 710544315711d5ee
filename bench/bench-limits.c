/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>

#include "ews-test-cognito.h"
#include "ews-test-raw-http.h"

/* What the limits of a public server cost and what they save, on one
 * ewelists-server process (the build under test) over loopback:
 *
 * - its memory while four clients each send a 100 MB body (two with a
 *   Content-Length, two chunked), all refused;
 * - its memory under 320 wrong-password sign-ins from 32 clients at once;
 * - requests per second with every limit on, from 1 and from 8 clients,
 *   each request on a connection of its own (see ews-connections.c for
 *   why libsoup 3.2 does not keep them alive).
 *
 * Prints figures; asserts nothing about time. */

#define FLOOD_CLIENTS 32
#define FLOOD_PER_CLIENT 10
#define OWNER "owner@bench.example"

static gint64
status_kb (EweTestServer *server,
           const char    *field)
{
  return (gint64)ews_test_raw_server_status_kib (server, field);
}

/* --- bodies -------------------------------------------------------------------- */

static void
bench_bodies (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  EwsTestUpload uploads[4];
  GThread      *threads[4];
  gint64        idle_kb, peak_kb;
  gint64        start = g_get_monotonic_time ();
  gboolean      running = TRUE;

  g_usleep (200 * 1000);
  idle_kb = peak_kb = status_kb (server, "VmRSS");

  for (guint i = 0; i < G_N_ELEMENTS (uploads); i++)
    {
      uploads[i] = (EwsTestUpload) { server, i % 2 == 1, 0, FALSE };
      threads[i] = g_thread_new ("upload", ews_test_raw_upload_thread, &uploads[i]);
    }

  while (running)
    {
      running = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (uploads); i++)
        running |= !g_atomic_int_get (&uploads[i].done);
      peak_kb = MAX (peak_kb, status_kb (server, "VmRSS"));
      g_usleep (10 * 1000);
    }

  for (guint i = 0; i < G_N_ELEMENTS (uploads); i++)
    g_thread_join (threads[i]);

  g_print ("Four 100 MB bodies at once (2 Content-Length, 2 chunked), all refused with 413:\n");
  g_print ("  server RSS %.1f MB idle, %.1f MB at most while they were refused (+%.1f MB)\n",
           idle_kb / 1024.0, peak_kb / 1024.0, (peak_kb - idle_kb) / 1024.0);
  for (guint i = 0; i < G_N_ELEMENTS (uploads); i++)
    g_print ("  %s upload: %.1f MB sent before the server hung up\n",
             uploads[i].chunked ? "chunked" : "Content-Length", uploads[i].sent / (1024.0 * 1024.0));
  g_print ("  all four over in %.2f s\n", (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
}

/* --- sign-in flood ------------------------------------------------------------------------ */

typedef struct
{
  EweTestServer *server;
  guint          client;
  guint          wrong;
  guint          too_many;
  guint          other;
} Guesser;

static gpointer
guess_thread (gpointer data)
{
  Guesser         *guesser = data;
  g_autofree char *source = g_strdup_printf ("127.0.0.%u", 10 + guesser->client);
  const char      *body = "{\"ClientId\":\"ewelists\",\"AuthFlow\":\"USER_PASSWORD_AUTH\","
                          "\"AuthParameters\":{\"USERNAME\":\"" OWNER "\",\"PASSWORD\":\"Wrong-horse-1\"}}";
  g_autofree char *request = g_strdup_printf ("POST /api/auth HTTP/1.1\r\nHost: bench\r\n"
                                              "Content-Type: application/x-amz-json-1.1\r\n"
                                              "X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth\r\n"
                                              "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                              strlen (body), body);

  for (guint i = 0; i < FLOOD_PER_CLIENT; i++)
    {
      g_autoptr(GSocketConnection) connection = ews_test_raw_connect (guesser->server, source);
      g_autoptr(GBytes) answer = NULL;
      const char *text;

      if (!ews_test_raw_send (connection, request, strlen (request), NULL) ||
          (answer = ews_test_raw_read_all (connection, 60000, NULL)) == NULL)
        {
          guesser->other++;
          continue;
        }

      text = g_bytes_get_data (answer, NULL);
      if (text != NULL && g_strstr_len (text, g_bytes_get_size (answer), "NotAuthorizedException"))
        guesser->wrong++;
      else if (text != NULL && (g_strstr_len (text, g_bytes_get_size (answer), "TooManyRequests") ||
                                g_strstr_len (text, g_bytes_get_size (answer), "LimitExceeded")))
        guesser->too_many++;
      else
        guesser->other++;
    }

  return NULL;
}

static void
bench_sign_in_flood (void)
{
  g_autoptr(EweTestSmtp) sink = ewe_test_smtp_new ();
  g_autoptr(EweTestServer) server = ews_test_cognito_start_server (NULL, 0, sink);
  Guesser  guessers[FLOOD_CLIENTS];
  GThread *threads[FLOOD_CLIENTS];
  guint    wrong = 0, too_many = 0, other = 0;
  gint64   idle_kb, start;
  g_autoptr(JsonObject) tokens = NULL;

  ews_test_cognito_sign_up_and_confirm (server, sink, OWNER, "Owner");
  /* The owner has signed in before, from this address. */
  g_clear_pointer (&tokens, json_object_unref);
  tokens = ews_test_cognito_sign_in (server, OWNER, EWS_TEST_COGNITO_PASSWORD);
  g_clear_pointer (&tokens, json_object_unref);
  idle_kb = status_kb (server, "VmRSS");
  start = g_get_monotonic_time ();

  for (guint i = 0; i < FLOOD_CLIENTS; i++)
    {
      guessers[i] = (Guesser) { server, i, 0, 0, 0 };
      threads[i] = g_thread_new ("guess", guess_thread, &guessers[i]);
    }
  for (guint i = 0; i < FLOOD_CLIENTS; i++)
    {
      g_thread_join (threads[i]);
      wrong += guessers[i].wrong;
      too_many += guessers[i].too_many;
      other += guessers[i].other;
    }

  g_print ("%u wrong-password sign-ins from %u clients at once:\n", FLOOD_CLIENTS * FLOOD_PER_CLIENT, FLOOD_CLIENTS);
  g_print ("  %u checked and refused, %u told to come back later, %u other answers, in %.2f s\n",
           wrong, too_many, other, (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
  g_print ("  server RSS %.1f MB before, %.1f MB at its peak (VmHWM)\n",
           idle_kb / 1024.0, status_kb (server, "VmHWM") / 1024.0);

  /* The owner still signs in afterwards. */
  tokens = ews_test_cognito_sign_in (server, OWNER, EWS_TEST_COGNITO_PASSWORD);
  g_print ("  the owner signs in afterwards, from where they did before: %s\n", tokens != NULL ? "yes" : "no");
}

/* --- requests per second ------------------------------------------------------------------- */

typedef struct
{
  EweTestServer *server;
  const char    *path;
  guint          client;
  guint          count;
  guint          answered;
} Caller;

static gpointer
call_thread (gpointer data)
{
  Caller          *caller = data;
  g_autofree char *source = g_strdup_printf ("127.0.0.%u", 100 + caller->client);
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n", caller->path);

  for (guint i = 0; i < caller->count; i++)
    {
      g_autoptr(GSocketConnection) connection = ews_test_raw_connect (caller->server, source);
      g_autoptr(GBytes) answer = NULL;

      if (ews_test_raw_send (connection, request, strlen (request), NULL) &&
          (answer = ews_test_raw_read_all (connection, 10000, NULL)) != NULL &&
          ews_test_raw_status (answer) != 0)
        caller->answered++;
    }

  return NULL;
}

static void
bench_requests_per_second (EweTestServer *server,
                           const char    *path,
                           guint          clients,
                           guint          total)
{
  Caller   callers[8];
  GThread *threads[8];
  guint    answered = 0;
  gint64   start = g_get_monotonic_time ();
  double   seconds;

  g_assert (clients <= G_N_ELEMENTS (callers));

  for (guint i = 0; i < clients; i++)
    {
      callers[i] = (Caller) { server, path, i, total / clients, 0 };
      threads[i] = g_thread_new ("call", call_thread, &callers[i]);
    }
  for (guint i = 0; i < clients; i++)
    {
      g_thread_join (threads[i]);
      answered += callers[i].answered;
    }

  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_print ("  GET %-28s %u client%s: %6.0f requests/s (%u of %u answered)\n",
           path, clients, clients == 1 ? " " : "s", answered / seconds, answered, total);
}

static void
bench_throughput (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);

  g_print ("Requests per second with every limit on (a new connection each):\n");
  bench_requests_per_second (server, "/health", 1, 2000);
  bench_requests_per_second (server, "/health", 8, 4000);
  bench_requests_per_second (server, "/api/lists/no-such-list/shared", 1, 2000);
  bench_requests_per_second (server, "/api/lists/no-such-list/shared", 8, 4000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ewe_test_server_use_real_clock ();
  bench_bodies ();
  bench_sign_in_flood ();
  bench_throughput ();

  return 0;
}
