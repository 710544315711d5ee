/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-metrics"

#include "config.h"

#include <stdatomic.h>

#include "ews-metrics.h"

/* Upper bounds, in seconds, of the latency histogram's buckets: from a
 * cached page (a few ms) to a password check queued behind others. */
static const double duration_bounds[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };

#define N_BOUNDS G_N_ELEMENTS (duration_bounds)

/* Label values for EwsRateKind, in its order. */
static const char * const rate_kind_names[] = {
  "sign_in",
  "sign_in_account",
  "sign_up",
  "code_request",
  "code_guess",
  "code_guess_address",
  "account_mail",
  "contact",
  "contact_sender",
  "guest",
  "guest_mail",
};

G_STATIC_ASSERT (G_N_ELEMENTS (rate_kind_names) == EWS_RATE_GUEST_MAIL + 1);

typedef struct
{
  char   *route;
  char   *method;
  guint   status;
  guint64 count;
} RequestCount;

typedef struct
{
  char   *route;
  /* Each request in the first bucket whose bound it is within; made
   * cumulative when rendered. */
  guint64 in_bucket[N_BOUNDS + 1];
  guint64 count;
  gint64  sum_us;
} RouteDurations;

struct _EwsMetrics
{
  GObject         parent_instance;

  GMutex          lock;      /* guards the two tables */
  GHashTable     *requests;  /* "route method status" → RequestCount */
  GHashTable     *durations; /* route → RouteDurations */

  _Atomic guint64 mail_failures;
  _Atomic guint64 sign_in_failures;
  _Atomic guint64 rate_refusals[G_N_ELEMENTS (rate_kind_names)];

  gint64          start_time_us;
};

G_DEFINE_FINAL_TYPE (EwsMetrics, ews_metrics, G_TYPE_OBJECT)

static void
request_count_free (gpointer data)
{
  RequestCount *count = data;

  g_free (count->route);
  g_free (count->method);
  g_free (count);
}

static void
route_durations_free (gpointer data)
{
  RouteDurations *durations = data;

  g_free (durations->route);
  g_free (durations);
}

static void
ews_metrics_finalize (GObject *object)
{
  EwsMetrics *self = (EwsMetrics *)object;

  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->durations, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ews_metrics_parent_class)->finalize (object);
}

static void
ews_metrics_class_init (EwsMetricsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ews_metrics_finalize;
}

static void
ews_metrics_init (EwsMetrics *self)
{
  g_mutex_init (&self->lock);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, request_count_free);
  self->durations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, route_durations_free);
  self->start_time_us = g_get_real_time ();
}

EwsMetrics *
ews_metrics_new (void)
{
  return g_object_new (EWS_TYPE_METRICS, NULL);
}

void
ews_metrics_observe_request (EwsMetrics *self,
                             const char *route,
                             const char *method,
                             guint       status,
                             gint64      duration_us)
{
  char            key[512];
  RequestCount   *count;
  RouteDurations *durations;
  guint           bucket = 0;

  g_return_if_fail (EWS_IS_METRICS (self));

  if (route == NULL)
    route = EWS_METRICS_NO_ROUTE;
  if (method == NULL)
    method = "-";
  duration_us = MAX (duration_us, 0);

  /* A stack key: the hot path allocates only the first time a route,
   * method and status are seen together. */
  g_snprintf (key, sizeof key, "%s %s %u", route, method, status);

  while (bucket < N_BOUNDS && duration_us > duration_bounds[bucket] * G_USEC_PER_SEC)
    bucket++;

  g_mutex_lock (&self->lock);

  count = g_hash_table_lookup (self->requests, key);
  if (count == NULL)
    {
      count = g_new0 (RequestCount, 1);
      count->route = g_strdup (route);
      count->method = g_strdup (method);
      count->status = status;
      g_hash_table_insert (self->requests, g_strdup (key), count);
    }
  count->count++;

  durations = g_hash_table_lookup (self->durations, route);
  if (durations == NULL)
    {
      durations = g_new0 (RouteDurations, 1);
      durations->route = g_strdup (route);
      g_hash_table_insert (self->durations, durations->route, durations);
    }
  durations->in_bucket[bucket]++;
  durations->count++;
  durations->sum_us += duration_us;

  g_mutex_unlock (&self->lock);
}

void
ews_metrics_count_mail_failure (EwsMetrics *self)
{
  g_return_if_fail (EWS_IS_METRICS (self));

  atomic_fetch_add_explicit (&self->mail_failures, 1, memory_order_relaxed);
}

void
ews_metrics_count_sign_in_failure (EwsMetrics *self)
{
  g_return_if_fail (EWS_IS_METRICS (self));

  atomic_fetch_add_explicit (&self->sign_in_failures, 1, memory_order_relaxed);
}

void
ews_metrics_count_rate_refusal (EwsMetrics *self,
                                EwsRateKind kind)
{
  g_return_if_fail (EWS_IS_METRICS (self));
  g_return_if_fail ((guint)kind < G_N_ELEMENTS (rate_kind_names));

  atomic_fetch_add_explicit (&self->rate_refusals[kind], 1, memory_order_relaxed);
}

/* A label value as the exposition format wants it: backslash, double
 * quote and line feed escaped. Route patterns and methods are ours, but a
 * client chooses the method. */
static void
append_label_value (GString    *out,
                    const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '"')
        g_string_append (out, "\\\"");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
}

static void
append_header (GString    *out,
               const char *name,
               const char *type,
               const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static int
compare_request_counts (gconstpointer a,
                        gconstpointer b)
{
  const RequestCount *first = *(RequestCount **)a;
  const RequestCount *second = *(RequestCount **)b;
  int                 by_route = g_strcmp0 (first->route, second->route);
  int                 by_method = g_strcmp0 (first->method, second->method);

  if (by_route != 0)
    return by_route;
  if (by_method != 0)
    return by_method;
  return (first->status > second->status) - (first->status < second->status);
}

static int
compare_route_durations (gconstpointer a,
                         gconstpointer b)
{
  return g_strcmp0 ((*(RouteDurations **)a)->route, (*(RouteDurations **)b)->route);
}

/* Doubles as Prometheus reads them, whatever the locale. */
static void
append_double (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* Nine digits: exact enough for microseconds summed over days, and
   * 0.005 rather than 0.0050000000000000001. */
  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.9g", value));
}

/* GLib 2.74 has no g_hash_table_get_values_as_ptr_array(). */
static GPtrArray *
values_of (GHashTable *table)
{
  GPtrArray     *values = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer       value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (values, value);

  return values;
}

static void
append_requests (EwsMetrics *self,
                 GString    *out)
{
  g_autoptr(GPtrArray) counts = values_of (self->requests);
  g_autoptr(GPtrArray) durations = values_of (self->durations);

  /* Sorted so that two scrapes list series in one order, for a person
   * comparing them. */
  g_ptr_array_sort (counts, compare_request_counts);
  g_ptr_array_sort (durations, compare_route_durations);

  append_header (out, "ewelists_http_requests_total", "counter",
                 "HTTP requests answered, by route pattern, method and status.");
  for (guint i = 0; i < counts->len; i++)
    {
      RequestCount *count = g_ptr_array_index (counts, i);

      g_string_append (out, "ewelists_http_requests_total{route=\"");
      append_label_value (out, count->route);
      g_string_append (out, "\",method=\"");
      append_label_value (out, count->method);
      g_string_append_printf (out, "\",status=\"%u\"} %" G_GUINT64_FORMAT "\n", count->status, count->count);
    }

  append_header (out, "ewelists_http_request_duration_seconds", "histogram",
                 "Time from a request's arrival to its answer being sent, by route pattern.");
  for (guint i = 0; i < durations->len; i++)
    {
      RouteDurations *route = g_ptr_array_index (durations, i);
      guint64         cumulative = 0;

      for (guint b = 0; b <= N_BOUNDS; b++)
        {
          cumulative += route->in_bucket[b];
          g_string_append (out, "ewelists_http_request_duration_seconds_bucket{route=\"");
          append_label_value (out, route->route);
          g_string_append (out, "\",le=\"");
          if (b < N_BOUNDS)
            append_double (out, duration_bounds[b]);
          else
            g_string_append (out, "+Inf");
          g_string_append_printf (out, "\"} %" G_GUINT64_FORMAT "\n", cumulative);
        }

      g_string_append (out, "ewelists_http_request_duration_seconds_sum{route=\"");
      append_label_value (out, route->route);
      g_string_append (out, "\"} ");
      append_double (out, (double)route->sum_us / G_USEC_PER_SEC);
      g_string_append (out, "\n");

      g_string_append (out, "ewelists_http_request_duration_seconds_count{route=\"");
      append_label_value (out, route->route);
      g_string_append_printf (out, "\"} %" G_GUINT64_FORMAT "\n", route->count);
    }
}

char *
ews_metrics_render (EwsMetrics             *self,
                    const EwsMetricsGauges *gauges)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (EWS_IS_METRICS (self), NULL);
  g_return_val_if_fail (gauges != NULL, NULL);

  g_mutex_lock (&self->lock);
  append_requests (self, out);
  g_mutex_unlock (&self->lock);

  append_header (out, "ewelists_mail_outbox_pending", "gauge",
                 "Mail waiting in the outbox to be sent.");
  g_string_append_printf (out, "ewelists_mail_outbox_pending %" G_GINT64_FORMAT "\n", gauges->outbox_pending);

  append_header (out, "ewelists_mail_outbox_oldest_age_seconds", "gauge",
                 "Age of the oldest mail waiting in the outbox; 0 when none waits.");
  g_string_append_printf (out, "ewelists_mail_outbox_oldest_age_seconds %" G_GINT64_FORMAT "\n",
                          gauges->outbox_oldest_age_s);

  append_header (out, "ewelists_mail_send_failures_total", "counter",
                 "Attempts to send a mail that the SMTP server did not accept.");
  g_string_append_printf (out, "ewelists_mail_send_failures_total %" G_GUINT64_FORMAT "\n",
                          (guint64)atomic_load_explicit (&self->mail_failures, memory_order_relaxed));

  append_header (out, "ewelists_sign_in_failures_total", "counter",
                 "Sign-ins refused for a wrong password.");
  g_string_append_printf (out, "ewelists_sign_in_failures_total %" G_GUINT64_FORMAT "\n",
                          (guint64)atomic_load_explicit (&self->sign_in_failures, memory_order_relaxed));

  append_header (out, "ewelists_rate_limit_refusals_total", "counter",
                 "Requests turned away by a rate limit, by the limit's kind.");
  for (guint i = 0; i < G_N_ELEMENTS (rate_kind_names); i++)
    g_string_append_printf (out, "ewelists_rate_limit_refusals_total{kind=\"%s\"} %" G_GUINT64_FORMAT "\n",
                            rate_kind_names[i],
                            (guint64)atomic_load_explicit (&self->rate_refusals[i], memory_order_relaxed));

  /* Their ratio is the number of writes one sync made durable together. */
  append_header (out, "ewelists_storage_commits_total", "counter",
                 "Write transactions committed to the SQLite database (0 on PostgreSQL).");
  g_string_append_printf (out, "ewelists_storage_commits_total %" G_GUINT64_FORMAT "\n", gauges->storage_commits);
  append_header (out, "ewelists_storage_syncs_total", "counter",
                 "Disk syncs of the SQLite database's log, each shared by the writes committed before it.");
  g_string_append_printf (out, "ewelists_storage_syncs_total %" G_GUINT64_FORMAT "\n", gauges->storage_syncs);

  append_header (out, "ewelists_open_connections", "gauge", "Client connections open now.");
  g_string_append_printf (out, "ewelists_open_connections %u\n", gauges->open_connections);

  append_header (out, "ewelists_live_update_connections", "gauge",
                 "Live-update event streams open now, on this server.");
  g_string_append_printf (out, "ewelists_live_update_connections %u\n", gauges->live_streams);

  append_header (out, "ewelists_reply_cache_hits_total", "counter",
                 "Shared lists answered from this server's reply cache.");
  g_string_append_printf (out, "ewelists_reply_cache_hits_total %" G_GUINT64_FORMAT "\n", gauges->reply_cache.hits);
  append_header (out, "ewelists_reply_cache_misses_total", "counter",
                 "Shared lists read from the database: not kept, or changed since.");
  g_string_append_printf (out, "ewelists_reply_cache_misses_total %" G_GUINT64_FORMAT "\n", gauges->reply_cache.misses);
  append_header (out, "ewelists_reply_cache_bytes", "gauge",
                 "Memory the reply cache holds now, its bookkeeping included (cap: --reply-cache-size).");
  g_string_append_printf (out, "ewelists_reply_cache_bytes %" G_GUINT64_FORMAT "\n", gauges->reply_cache.bytes);
  append_header (out, "ewelists_reply_cache_entries", "gauge", "Shared lists the reply cache holds now.");
  g_string_append_printf (out, "ewelists_reply_cache_entries %u\n", gauges->reply_cache.entries);

  append_header (out, "process_start_time_seconds", "gauge",
                 "Start time of the process since the Unix epoch, in seconds.");
  g_string_append (out, "process_start_time_seconds ");
  append_double (out, (double)self->start_time_us / G_USEC_PER_SEC);
  g_string_append (out, "\n");

  return g_string_free (g_steal_pointer (&out), FALSE);
}
