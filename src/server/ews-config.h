/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Everything ewelists-server can be told, from its command line and from the
 * key file named by --config (command line wins). */
typedef struct
{
  char *listen;        /* ADDR:PORT; port 0 picks a free one */
  char *data_dir;
  char *database;      /* a postgresql:// URL; NULL: SQLite in data_dir */
  char *public_url;    /* base of links in guest pages and e-mails */
  char *smtp_url;
  char *smtp_user;
  char *smtp_password;
  char *mail_from;
  char *contact_email;
  char *client_id;     /* the Cognito app client id the sign-in API accepts */
  char *user_pool_id;  /* region_name: its name is part of every SRP proof */

  /* Monitoring (ews-metrics.h): GET /metrics on a listener of its own, or
   * on the main one behind a bearer token read from a file; neither, and
   * there is no /metrics. */
  char *metrics_listen;     /* ADDR:PORT, or NULL */
  char *metrics_token_file;
  char *log_format;         /* "text" (the default) or "json" */
  /* Where the compiled translations are (<dir>/<lang>/LC_MESSAGES/
   * ewelists.mo): the guest pages and mails speak those languages. */
  char *locale_dir;

  /* What a client may cost the server (see ews-connections.c). */
  guint header_timeout_s;
  guint body_timeout_s;
  guint idle_timeout_s;
  guint keepalive_timeout_s;
  guint max_requests_per_connection;
  guint max_connections;
  guint max_connections_per_client;
  /* live updates (ews-live-hub.c): event streams one client may hold, and
   * seconds between two heartbeats on an idle stream */
  guint max_live_streams_per_client;
  guint live_heartbeat_s;
  /* KiB of shared lists' answers kept in memory (ews-reply-cache.h); 0
   * keeps none */
  guint reply_cache_kib;

  /* password hashing (ews-hash-pool.h): threads, and checks left waiting */
  guint hash_threads;
  guint hash_queue;

  /* rate limits per hour (ews-rate-limit.h); 0 is no limit */
  guint rate_sign_in;
  guint rate_sign_in_account;
  guint rate_sign_up;
  guint rate_code_requests;
  guint rate_code_guesses;
  guint rate_account_mails;
  guint rate_contact;
  guint rate_guest;
  guint rate_guest_mails;

  /* PostgreSQL only: seconds a mail claimed by one server is left to it
   * before another may send it (ews-storage-pg-mail.c). */
  guint mail_lease_s;

  /* Seconds the hosted sign-in remembers a browser that signed in on its
   * pages (ews-oauth2-session.c); 0 never does. */
  guint hosted_session_s;

  /* Catalogue admins: the accounts (by e-mail) that may add to
   * /api/products, besides those granted with `admin admins add`. The
   * command line's --admin-email adds to the file's admins=. */
  char **admin_emails;

  /* Reverse proxies whose X-Forwarded-For is believed (see
   * ews-client-address.h): IP addresses, from --trusted-proxy and the
   * file's trusted-proxies=, which add up. */
  char **trusted_proxies;

  /* The hosted sign-in's app clients, from the file's [oauth-client ID]
   * groups (ews-oauth2-clients.h): EwsOAuth2Client, never changed once
   * read, so copies share the array. */
  GPtrArray *oauth2_clients;
  /* Its upstream providers (Google, OpenID Connect, Facebook), from the
   * [oauth-provider NAME] groups (ews-oauth2-providers.h): shared alike. */
  GPtrArray *oauth2_providers;

  /* For tests only (ews-clock.h): a file holding seconds to add to the
   * clock. Command line only, never from the key file. */
  char  *clock_offset_file;
} EwsConfig;

EwsConfig *ews_config_new          (void);
void       ews_config_free         (EwsConfig   *config);
EwsConfig *ews_config_copy         (const EwsConfig *config);
gboolean   ews_config_parse        (EwsConfig   *config,
                                    int         *argc,
                                    char      ***argv,
                                    GError     **error);
gboolean   ews_config_is_admin     (const EwsConfig *config,
                                    const char      *email);
gboolean   ews_config_parse_listen (const char  *listen,
                                    char       **host,
                                    guint16     *port,
                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsConfig, ews_config_free)

G_END_DECLS
