/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>

#include "ewe-test-server.h"

G_BEGIN_DECLS

/* What the hot-path benchmarks share: setting a server up through the
 * tests' API helpers, and `wrk` against it and against nginx. */

/* What wrk said of one round: requests/s, and its 50% and 99% latencies
 * as it wrote them ("2.21ms"). */
typedef struct
{
  double requests_per_s;
  char  *p50;
  char  *p99;
} EweBenchWrkFigures;

/* A call that must answer 200, and its text as the server sent it. */
char    *ewe_bench_call                 (EweTestServer       *server,
                                         const char          *method,
                                         const char          *path,
                                         const char          *token,
                                         const char          *body);
char    *ewe_bench_member_of            (const char          *reply,
                                         const char          *name);
guint16  ewe_bench_free_loopback_port   (void);
gboolean ewe_bench_wait_for_url         (SoupSession         *session,
                                         const char          *url);
/* Runs wrk at the benchmarks' connections and round length with @args
 * after them, prints its summary as one line labelled @what, and fills
 * @figures when not NULL. */
void     ewe_bench_run_wrk              (const char          *wrk,
                                         const char          *what,
                                         const char * const  *args,
                                         EweBenchWrkFigures  *figures);
void     ewe_bench_wrk_figures_clear    (EweBenchWrkFigures  *figures);

/* A list of gifts for guests to read and reserve. */
typedef struct
{
  char *list_id;
  /* wrk's Lua script for reserving: each request a new guest on the next
   * gift, under the path prefix and round tag given after "--". */
  char *reserve_script;
  /* A reservation's reply, for nginx to answer with. */
  char *reserve_reply;
} EweBenchList;

/* Creates, as the owner @token stands for, a list of @n_gifts gifts of
 * 1,000 each, and reserves one. */
EweBenchList *ewe_bench_list_seed (EweTestServer *server,
                                   const char    *token,
                                   guint          n_gifts);
void          ewe_bench_list_free (EweBenchList  *list);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EweBenchList, ewe_bench_list_free)

#define EWE_BENCH_N_CONNECTIONS "8"
#define EWE_BENCH_ROUND_SECONDS "5"

G_END_DECLS
