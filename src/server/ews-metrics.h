/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib-object.h>

#include "ews-rate-limit.h"
#include "ews-reply-cache.h"

G_BEGIN_DECLS

/* What an operator's Prometheus scrapes from GET /metrics (text exposition
 * format 0.0.4). Counting is cheap and safe from any thread: the plain
 * counters are atomics, and the per-route tables take one short lock. The
 * figures that live in the database (the mail outbox) are not counted
 * here but read at scrape time, so every server on one database agrees. */

#define EWS_TYPE_METRICS (ews_metrics_get_type ())

G_DECLARE_FINAL_TYPE (EwsMetrics, ews_metrics, EWS, METRICS, GObject)

/* Read by the server when it is scraped. */
typedef struct
{
  guint  open_connections;
  guint  live_streams;        /* live-update event streams open now */
  gint64 outbox_pending;      /* mail not yet sent nor given up on */
  gint64 outbox_oldest_age_s; /* age of the oldest of them; 0 when none */
  /* SQLite's group commit (ews-group-commit.c); both 0 on PostgreSQL */
  guint64 storage_commits;    /* write transactions committed */
  guint64 storage_syncs;      /* disk syncs that made them durable */
  EwsReplyCacheStats reply_cache; /* the shared answers kept on this server */
} EwsMetricsGauges;

/* The route label of a request that matched no route: a path a client
 * made up must not grow the label set. */
#define EWS_METRICS_NO_ROUTE "none"

EwsMetrics *ews_metrics_new                  (void);
void        ews_metrics_observe_request      (EwsMetrics             *self,
                                              const char             *route,
                                              const char             *method,
                                              guint                   status,
                                              gint64                  duration_us);
void        ews_metrics_count_mail_failure   (EwsMetrics             *self);
void        ews_metrics_count_sign_in_failure (EwsMetrics            *self);
void        ews_metrics_count_rate_refusal   (EwsMetrics             *self,
                                              EwsRateKind             kind);
char       *ews_metrics_render               (EwsMetrics             *self,
                                              const EwsMetricsGauges *gauges);

G_END_DECLS
