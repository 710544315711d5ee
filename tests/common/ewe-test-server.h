/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A real ewelists-server process for a test: started on a free loopback port
 * with a temporary data directory, stopped (SIGTERM) and waited for by
 * ewe_test_server_free(). The data directory survives a restart so tests can
 * check that nothing is lost. */
typedef struct
{
  GSubprocess *process;
  char        *data_dir;
  char        *base_url;   /* e.g. http://127.0.0.1:43127 */
  guint16      port;
  char       **extra_args;
  gboolean     owns_data_dir;
  char        *clock_offset_file;   /* the server's --clock-offset-file */
  gint64       clock_offset_s;
} EweTestServer;

EweTestServer *ewe_test_server_start      (const char * const *extra_args);
EweTestServer *ewe_test_server_start_full (const char         *data_dir,
                                           guint16             port,
                                           const char * const *extra_args);
/* Servers started after it have no clock offset file: for benchmarks,
 * which measure what production runs. ewe_test_server_advance_clock() is
 * then refused. */
void           ewe_test_server_use_real_clock (void);
int            ewe_test_server_stop       (EweTestServer      *server);
gboolean       ewe_test_server_restart    (EweTestServer      *server);
void           ewe_test_server_free       (EweTestServer      *server);
char          *ewe_test_server_url        (EweTestServer      *server,
                                           const char         *path);
/* Moves the server's clock (tokens, codes, lockouts, rate limits) forward
 * by @seconds, for the next request on: a test waits for no time to pass.
 * The clock stays moved across a restart. */
void           ewe_test_server_advance_clock (EweTestServer   *server,
                                              gint64           seconds);

/* Removes @path and everything under it, without following symbolic
 * links out of it; nothing happens when it does not exist. */
void           ewe_test_remove_tree       (const char         *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EweTestServer, ewe_test_server_free)

G_END_DECLS
