/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-config"

#include "config.h"

#include <stdlib.h>

#include "ewe-srp.h"
#include "ews-admin.h"
#include "ews-config.h"
#include "ews-oauth2-clients.h"
#include "ews-oauth2-providers.h"
#include "ews-request.h"

#define KEY_FILE_GROUP "server"

/* Every setting, by its key-file name: the one list that copying, freeing
 * and reading a key file go through, so a new setting is added once. */
typedef struct
{
  const char *key;
  gsize       offset;
} KeyFileField;

static const KeyFileField key_file_fields[] = {
  { "listen", G_STRUCT_OFFSET (EwsConfig, listen) },
  { "data-dir", G_STRUCT_OFFSET (EwsConfig, data_dir) },
  { "database", G_STRUCT_OFFSET (EwsConfig, database) },
  { "public-url", G_STRUCT_OFFSET (EwsConfig, public_url) },
  { "smtp-url", G_STRUCT_OFFSET (EwsConfig, smtp_url) },
  { "smtp-user", G_STRUCT_OFFSET (EwsConfig, smtp_user) },
  { "smtp-password", G_STRUCT_OFFSET (EwsConfig, smtp_password) },
  { "mail-from", G_STRUCT_OFFSET (EwsConfig, mail_from) },
  { "contact-email", G_STRUCT_OFFSET (EwsConfig, contact_email) },
  { "client-id", G_STRUCT_OFFSET (EwsConfig, client_id) },
  { "user-pool-id", G_STRUCT_OFFSET (EwsConfig, user_pool_id) },
  { "metrics-listen", G_STRUCT_OFFSET (EwsConfig, metrics_listen) },
  { "metrics-token-file", G_STRUCT_OFFSET (EwsConfig, metrics_token_file) },
  { "log-format", G_STRUCT_OFFSET (EwsConfig, log_format) },
  { "locale-dir", G_STRUCT_OFFSET (EwsConfig, locale_dir) },
};

/* The numeric settings: limits a public server needs, each with its
 * default and the range that makes sense. */
typedef struct
{
  const char *key;
  gsize       offset;
  guint       default_value;
  guint       min;
  guint       max;
  const char *help;
} NumberField;

static const NumberField number_fields[] = {
  { "header-timeout", G_STRUCT_OFFSET (EwsConfig, header_timeout_s), 10, 1, 3600,
    "Seconds a client has to send a request's headers (default 10)" },
  { "body-timeout", G_STRUCT_OFFSET (EwsConfig, body_timeout_s), 30, 1, 3600,
    "Seconds a client has to send a request's body once its headers are in (default 30)" },
  { "idle-timeout", G_STRUCT_OFFSET (EwsConfig, idle_timeout_s), 10, 1, 3600,
    "Longest silence, in seconds, while a body or an answer is on its way (default 10)" },
  { "keepalive-timeout", G_STRUCT_OFFSET (EwsConfig, keepalive_timeout_s), 10, 1, 3600,
    "Seconds an idle connection stays open for the client's next request (default 10)" },
  /* As nginx's keepalive_requests: a connection's memory is handed back
   * now and then, whatever a client does. */
  { "max-requests-per-connection", G_STRUCT_OFFSET (EwsConfig, max_requests_per_connection), 1000, 1, 1000000,
    "Requests on one kept-alive connection before the server closes it (default 1000)" },
  { "max-connections", G_STRUCT_OFFSET (EwsConfig, max_connections), 1024, 1, 1000000,
    "Connections open at once, from all clients (default 1024)" },
  { "max-connections-per-client", G_STRUCT_OFFSET (EwsConfig, max_connections_per_client), 64, 1, 1000000,
    "Connections open at once from one client address (default 64)" },
  /* A person has the app open on a few devices, each with one stream. */
  { "max-live-streams-per-client", G_STRUCT_OFFSET (EwsConfig, max_live_streams_per_client), 8, 1, 100000,
    "Live-update event streams open at once from one client address (default 8)" },
  /* Well inside proxies' read timeouts (nginx's is 60 s), and the app's
   * (it takes a stream silent for 90 s for dead). */
  { "live-heartbeat", G_STRUCT_OFFSET (EwsConfig, live_heartbeat_s), 25, 1, 60,
    "Seconds between heartbeats on an idle live-update event stream (default 25)" },
  /* A 100-gift list's answer is about 18 KB: 16 MiB keeps the ~900 lists
   * guests open most, which on a family's server is all of them. */
  { "reply-cache-size", G_STRUCT_OFFSET (EwsConfig, reply_cache_kib), 16384, 0, 4194304,
    "KiB of shared lists' answers kept in memory, least recently asked for dropped first; 0 keeps none (default 16384)" },
  /* Each argon2 check holds 19 MiB and a core for ~30 ms: two threads keep
   * a flood within ~40 MiB on a small machine; 32 waiting is a second's
   * work, beyond which callers are told to come back. */
  { "hash-threads", G_STRUCT_OFFSET (EwsConfig, hash_threads), 2, 1, 64,
    "Threads checking passwords at once (default 2; each takes 19 MiB while it works)" },
  { "hash-queue", G_STRUCT_OFFSET (EwsConfig, hash_queue), 32, 0, 10000,
    "Password checks that may wait for a thread; more are refused with TooManyRequestsException (default 32)" },
  /* Rate limits, each N an hour with a burst of N (ews-rate-limit.h); 0
   * turns one off. Generous for a household behind one address (a phone
   * refreshing its token hourly, a family reserving a wedding list's
   * gifts), tight for a script: a stranger's mail to one mailbox stops
   * after a handful. */
  { "rate-sign-in", G_STRUCT_OFFSET (EwsConfig, rate_sign_in), 120, 0, 1000000,
    "Sign-ins and token refreshes per hour from one client address (default 120)" },
  { "rate-sign-in-account", G_STRUCT_OFFSET (EwsConfig, rate_sign_in_account), 30, 0, 1000000,
    "Password sign-ins per hour to one account, from anywhere (default 30)" },
  { "rate-sign-up", G_STRUCT_OFFSET (EwsConfig, rate_sign_up), 20, 0, 1000000,
    "Sign-ups per hour from one client address (default 20)" },
  { "rate-code-requests", G_STRUCT_OFFSET (EwsConfig, rate_code_requests), 30, 0, 1000000,
    "Requests for a sign-up or reset code per hour from one client address (default 30)" },
  { "rate-code-guesses", G_STRUCT_OFFSET (EwsConfig, rate_code_guesses), 30, 0, 1000000,
    "Codes entered (ConfirmSignUp, ConfirmForgotPassword) per hour from one client address (default 30)" },
  { "rate-account-mails", G_STRUCT_OFFSET (EwsConfig, rate_account_mails), 5, 0, 1000000,
    "Codes and sign-up warnings mailed per hour to one mailbox (default 5)" },
  { "rate-contact", G_STRUCT_OFFSET (EwsConfig, rate_contact), 10, 0, 1000000,
    "Contact messages per hour from one client address, and from one sender (default 10)" },
  { "rate-guest", G_STRUCT_OFFSET (EwsConfig, rate_guest), 60, 0, 1000000,
    "Guests' reservations and purchases per hour from one client address (default 60)" },
  { "rate-guest-mails", G_STRUCT_OFFSET (EwsConfig, rate_guest_mails), 15, 0, 1000000,
    "Reservation and purchase mails per hour to one mailbox (default 15)" },
  /* Longer than an SMTP exchange may last (ews-smtp.c gives up after 10 s
   * connecting and 60 s sending), or a slow send is taken for a dead
   * server's and goes out twice; shorter only in tests that kill servers. */
  { "mail-lease-seconds", G_STRUCT_OFFSET (EwsConfig, mail_lease_s), 300, 1, 86400,
    "With --database: seconds a mail one server took from the outbox is left to it before another server "
    "sends it, should the first have died (default 300; keep it above 140)" },
  /* Cognito's hosted UI keeps its session cookie an hour. */
  { "hosted-session-seconds", G_STRUCT_OFFSET (EwsConfig, hosted_session_s), 3600, 0, 30 * 24 * 60 * 60,
    "Seconds a browser that signed in on the hosted sign-in page stays signed in there, so that apps get a code "
    "without the page; 0 never remembers it (default 3600)" },
};

static gboolean
set_number (EwsConfig         *config,
            const NumberField *field,
            const char        *text,
            GError           **error)
{
  guint64 number = 0;
  g_autoptr(GError) local_error = NULL;

  if (!g_ascii_string_to_unsigned (text, 10, field->min, field->max, &number, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--%s must be a whole number from %u to %u, not “%s”",
                   field->key, field->min, field->max, text);
      return FALSE;
    }

  G_STRUCT_MEMBER (guint, config, field->offset) = (guint)number;
  return TRUE;
}

EwsConfig *
ews_config_new (void)
{
  EwsConfig *config = g_new0 (EwsConfig, 1);

  config->listen = g_strdup ("127.0.0.1:8080");
  config->data_dir = g_build_filename (g_get_user_data_dir (), "ewelists-server", NULL);
  config->public_url = NULL; /* the address it listens on, once known */
  config->mail_from = NULL;  /* no-reply@ the public URL's host */
  config->contact_email = g_strdup ("contact@localhost");
  config->client_id = g_strdup ("ewelists");
  config->user_pool_id = g_strdup (EWE_SRP_DEFAULT_USER_POOL_ID);
  config->log_format = g_strdup ("text");
  config->locale_dir = g_strdup (LOCALEDIR);

  for (guint i = 0; i < G_N_ELEMENTS (number_fields); i++)
    G_STRUCT_MEMBER (guint, config, number_fields[i].offset) = number_fields[i].default_value;

  return config;
}

void
ews_config_free (EwsConfig *config)
{
  if (config == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (key_file_fields); i++)
    g_free (G_STRUCT_MEMBER (char *, config, key_file_fields[i].offset));
  g_strfreev (config->admin_emails);
  g_strfreev (config->trusted_proxies);
  g_clear_pointer (&config->oauth2_clients, g_ptr_array_unref);
  g_clear_pointer (&config->oauth2_providers, g_ptr_array_unref);
  g_free (config->clock_offset_file);
  g_free (config);
}

EwsConfig *
ews_config_copy (const EwsConfig *config)
{
  EwsConfig *copy = g_memdup2 (config, sizeof *config);

  for (guint i = 0; i < G_N_ELEMENTS (key_file_fields); i++)
    G_STRUCT_MEMBER (char *, copy, key_file_fields[i].offset) =
      g_strdup (G_STRUCT_MEMBER (char *, config, key_file_fields[i].offset));
  copy->admin_emails = g_strdupv (config->admin_emails);
  copy->trusted_proxies = g_strdupv (config->trusted_proxies);
  copy->clock_offset_file = g_strdup (config->clock_offset_file);
  if (config->oauth2_clients != NULL)
    copy->oauth2_clients = g_ptr_array_ref (config->oauth2_clients);
  if (config->oauth2_providers != NULL)
    copy->oauth2_providers = g_ptr_array_ref (config->oauth2_providers);

  return copy;
}

/* Appends @values (taken, may be NULL) to @list, leaving out blank ones
 * and refusing the lot, naming @where, if one is not what @is_valid wants:
 * @what says what it should have been. */
static gboolean
append_checked (char ***list,
                char  **values,
                gboolean (*is_valid) (const char *value),
                const char *what,
                const char *where,
                GError    **error)
{
  g_auto(GStrv) owned = values;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (values == NULL)
    return TRUE;

  if (*list != NULL)
    g_strv_builder_addv (builder, (const char **)*list);

  for (guint i = 0; values[i] != NULL; i++)
    {
      g_strstrip (values[i]);
      if (values[i][0] == '\0')
        continue;
      if (!is_valid (values[i]))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "“%s” in %s is not %s", values[i], where, what);
          return FALSE;
        }
      g_strv_builder_add (builder, values[i]);
    }

  g_strfreev (*list);
  *list = g_strv_builder_end (builder);

  return TRUE;
}

/* Appends @emails (taken, may be NULL) to the admins, each checked to be
 * an address: a typo here would silently leave the catalogue unmanaged or,
 * worse, name the wrong account. */
static gboolean
add_admin_emails (EwsConfig  *config,
                  char      **emails,
                  const char *where,
                  GError    **error)
{
  return append_checked (&config->admin_emails, emails, ewe_email_is_valid, "an e-mail address", where, error);
}

/* Appends @addresses (taken, may be NULL) to the trusted proxies, each
 * checked to be an IP address: a host name would have to be looked up, and
 * a typo would quietly trust nobody. */
static gboolean
add_trusted_proxies (EwsConfig  *config,
                     char      **addresses,
                     const char *where,
                     GError    **error)
{
  return append_checked (&config->trusted_proxies, addresses, g_hostname_is_ip_address, "an IP address",
                         where, error);
}

gboolean
ews_config_is_admin (const EwsConfig *config,
                     const char      *email)
{
  g_return_val_if_fail (config != NULL, FALSE);

  for (guint i = 0; email != NULL && config->admin_emails != NULL && config->admin_emails[i] != NULL; i++)
    {
      if (ewe_email_same (config->admin_emails[i], email))
        return TRUE;
    }

  return FALSE;
}

static gboolean
load_key_file (EwsConfig  *config,
               const char *path,
               GError    **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();

  if (!g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "Could not read the configuration file “%s”: ", path);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (key_file_fields); i++)
    {
      char           **field = G_STRUCT_MEMBER_P (config, key_file_fields[i].offset);
      g_autofree char *value = g_key_file_get_string (key_file, KEY_FILE_GROUP,
                                                      key_file_fields[i].key, NULL);

      if (value != NULL)
        {
          g_free (*field);
          *field = g_steal_pointer (&value);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (number_fields); i++)
    {
      g_autofree char *value = g_key_file_get_value (key_file, KEY_FILE_GROUP, number_fields[i].key, NULL);

      if (value != NULL && !set_number (config, &number_fields[i], g_strstrip (value), error))
        {
          g_prefix_error (error, "In the configuration file “%s”: ", path);
          return FALSE;
        }
    }

  if (!add_admin_emails (config, g_key_file_get_string_list (key_file, KEY_FILE_GROUP, "admins", NULL, NULL),
                         "admins=", error) ||
      !add_trusted_proxies (config, g_key_file_get_string_list (key_file, KEY_FILE_GROUP, "trusted-proxies", NULL, NULL),
                            "trusted-proxies=", error) ||
      !ews_oauth2_clients_load (key_file, &config->oauth2_clients, error) ||
      !ews_oauth2_providers_load (key_file, &config->oauth2_providers, error))
    {
      g_prefix_error (error, "In the configuration file “%s”: ", path);
      return FALSE;
    }

  return TRUE;
}

/* Replaces *field with *from_command_line when the option was given. */
static void
take_option (char **field,
             char **from_command_line)
{
  if (*from_command_line == NULL)
    return;

  g_free (*field);
  *field = g_steal_pointer (from_command_line);
}

gboolean
ews_config_parse (EwsConfig *config,
                  int       *argc,
                  char    ***argv,
                  GError   **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char         *description = NULL;
  g_autofree char         *config_file = NULL;
  g_autofree char         *listen = NULL;
  g_autofree char         *data_dir = NULL;
  g_autofree char         *database = NULL;
  g_autofree char         *public_url = NULL;
  g_autofree char         *smtp_url = NULL;
  g_autofree char         *smtp_user = NULL;
  g_autofree char         *smtp_password = NULL;
  g_autofree char         *mail_from = NULL;
  g_autofree char         *contact_email = NULL;
  g_autofree char         *client_id = NULL;
  g_autofree char         *user_pool_id = NULL;
  g_autofree char         *clock_offset_file = NULL;
  g_autofree char         *metrics_listen = NULL;
  g_autofree char         *metrics_token_file = NULL;
  g_autofree char         *log_format = NULL;
  g_autofree char         *locale_dir = NULL;
  char                   **admin_emails = NULL;
  char                   **trusted_proxies = NULL;
  g_autofree char         *host = NULL;
  char                    *numbers[G_N_ELEMENTS (number_fields)] = { NULL };
  g_autofree GOptionEntry *number_entries = g_new0 (GOptionEntry, G_N_ELEMENTS (number_fields) + 1);
  gboolean                 numbers_ok = TRUE;
  guint16                  port = 0;
  const GOptionEntry       entries[] = {
          { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_file,
            "Read settings from a key file (group [server], keys named like the options)", "FILE" },
          { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
            "Address and port to listen on (default 127.0.0.1:8080; port 0 picks a free port)", "ADDR:PORT" },
          { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
            "Directory for the database (with the token signing keys) and the form secret (default $XDG_DATA_HOME/ewelists-server)", "DIR" },
          { "database", 0, 0, G_OPTION_ARG_STRING, &database,
            "Keep the data in this PostgreSQL database instead of the data directory, shared by every server "
                  "given the same (e.g. postgresql://ewelists@db.example.org/ewelists)",
            "URL" },
          { "public-url", 0, 0, G_OPTION_ARG_STRING, &public_url,
            "Public base URL used in shared links, guest pages, e-mails and as the tokens' issuer (default: the address it listens on)", "URL" },
          { "smtp-url", 0, 0, G_OPTION_ARG_STRING, &smtp_url,
            "SMTP server for outgoing mail, e.g. smtp://localhost:25 (no mail is sent without it)", "URL" },
          { "smtp-user", 0, 0, G_OPTION_ARG_STRING, &smtp_user,
            "User name for the SMTP server", "NAME" },
          { "smtp-password", 0, 0, G_OPTION_ARG_STRING, &smtp_password,
            "Password for the SMTP server (prefer the configuration file)", "PASSWORD" },
          { "mail-from", 0, 0, G_OPTION_ARG_STRING, &mail_from,
            "Sender of outgoing mail (default: Ewelists <no-reply@HOST>, HOST from --public-url)", "ADDRESS" },
          { "contact-email", 0, 0, G_OPTION_ARG_STRING, &contact_email,
            "Where messages from the contact form are sent", "ADDRESS" },
          { "client-id", 0, 0, G_OPTION_ARG_STRING, &client_id,
            "The app client id the sign-in API accepts (default ewelists)", "ID" },
          { "user-pool-id", 0, 0, G_OPTION_ARG_STRING, &user_pool_id,
            "The user pool id SRP sign-ins are proved for (default " EWE_SRP_DEFAULT_USER_POOL_ID ")", "ID" },
          { "admin-email", 0, 0, G_OPTION_ARG_STRING_ARRAY, &admin_emails,
            "An account that may add to the product catalogue (repeat for more; adds to the file's admins=)",
            "ADDRESS" },
          { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &trusted_proxies,
            "A reverse proxy whose X-Forwarded-For names the client (repeat for more; adds to the file's "
                  "trusted-proxies=); its connections are exempt from --max-connections-per-client",
            "ADDR" },
          { "metrics-listen", 0, 0, G_OPTION_ARG_STRING, &metrics_listen,
            "Serve GET /metrics (Prometheus) on this address and port only, and nothing else there (default: off)",
            "ADDR:PORT" },
          { "metrics-token-file", 0, 0, G_OPTION_ARG_FILENAME, &metrics_token_file,
            "Without --metrics-listen, serve GET /metrics on the main address to requests bearing the token in FILE",
            "FILE" },
          { "log-format", 0, 0, G_OPTION_ARG_STRING, &log_format,
            "How each request is logged on standard error: text (the default) or json, one object a line",
            "FORMAT" },
          { "locale-dir", 0, 0, G_OPTION_ARG_FILENAME, &locale_dir,
            "Where the compiled translations of the guest pages and mails are (default " LOCALEDIR ")", "DIR" },
          { "clock-offset-file", 0, 0, G_OPTION_ARG_FILENAME, &clock_offset_file,
            "For tests only: add the seconds written in FILE to the clock of tokens, codes, lockouts and "
                  "rate limits (read again at each use)",
            "FILE" },
          { NULL }
  };

  context = g_option_context_new ("[admin COMMAND …] — the self-hostable Ewelists cloud API");
  g_option_context_set_summary (context,
                                "Serves the Ewelists lists, products, not-found, contact and sign-in APIs\n"
                                "under /api, and the guest pages friends open from a shared link.");
  description = g_strconcat ("Admin commands work on the data directory, whether the server runs or not.\n",
                             ews_admin_get_usage (),
                             "\nA configuration file has one group; the command line wins over it:\n"
                             "  [server]\n"
                             "  listen=0.0.0.0:8080\n"
                             "  data-dir=/var/lib/ewelists-server\n"
                             "  # or, for several servers on one database:\n"
                             "  # database=postgresql://ewelists@db.example.org/ewelists\n"
                             "  public-url=https://lists.example.org\n"
                             "  smtp-url=smtp://mail.example.org:587\n"
                             "  smtp-user=ewelists\n"
                             "  smtp-password=…\n"
                             "  mail-from=Ewelists <no-reply@example.org>\n"
                             "  contact-email=hello@example.org\n"
                             "  admins=ann@example.org;raj@example.org\n"
                             "  trusted-proxies=127.0.0.1;::1\n"
                             "  metrics-listen=127.0.0.1:9464\n"
                             "  log-format=json\n"
                             "  header-timeout=10\n"
                             "  # an app client of the hosted sign-in (/oauth2/authorize); --client-id's\n"
                             "  # takes loopback redirects on any port without one:\n"
                             "  [oauth-client web]\n"
                             "  redirect-uris=https://lists.example.org/signed-in\n"
                             "  logout-uris=https://lists.example.org/\n"
                             "  # a button on the sign-in page; redirect URI to register there:\n"
                             "  # PUBLIC-URL/oauth2/idpresponse\n"
                             "  [oauth-provider google]\n"
                             "  type=google\n"
                             "  client-id=…\n"
                             "  client-secret=…\n",
                             NULL);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);

  /* Read as text, so that "given" and "not given" differ and the range
   * check says which setting is wrong. */
  for (guint i = 0; i < G_N_ELEMENTS (number_fields); i++)
    number_entries[i] = (GOptionEntry) { number_fields[i].key, 0, 0, G_OPTION_ARG_STRING, &numbers[i],
                                         number_fields[i].help, "N" };
  g_option_context_add_main_entries (context, number_entries, NULL);

  if (!g_option_context_parse (context, argc, argv, error))
    {
      numbers_ok = FALSE;
    }
  else if (config_file != NULL && !load_key_file (config, config_file, error))
    {
      numbers_ok = FALSE;
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (number_fields) && numbers_ok; i++)
        {
          if (numbers[i] != NULL && !set_number (config, &number_fields[i], numbers[i], error))
            numbers_ok = FALSE;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (number_fields); i++)
    g_free (numbers[i]);

  if (!numbers_ok)
    {
      g_strfreev (admin_emails);
      g_strfreev (trusted_proxies);
      return FALSE;
    }

  if (!add_admin_emails (config, g_steal_pointer (&admin_emails), "--admin-email", error))
    {
      g_strfreev (trusted_proxies);
      return FALSE;
    }

  if (!add_trusted_proxies (config, g_steal_pointer (&trusted_proxies), "--trusted-proxy", error))
    return FALSE;

  take_option (&config->listen, &listen);
  take_option (&config->data_dir, &data_dir);
  take_option (&config->database, &database);
  take_option (&config->public_url, &public_url);
  take_option (&config->smtp_url, &smtp_url);
  take_option (&config->smtp_user, &smtp_user);
  take_option (&config->smtp_password, &smtp_password);
  take_option (&config->mail_from, &mail_from);
  take_option (&config->contact_email, &contact_email);
  take_option (&config->client_id, &client_id);
  take_option (&config->user_pool_id, &user_pool_id);
  take_option (&config->clock_offset_file, &clock_offset_file);
  take_option (&config->metrics_listen, &metrics_listen);
  take_option (&config->metrics_token_file, &metrics_token_file);
  take_option (&config->log_format, &log_format);
  take_option (&config->locale_dir, &locale_dir);

  if (!ews_config_parse_listen (config->listen, &host, &port, error))
    return FALSE;

  if (config->metrics_listen != NULL && config->metrics_listen[0] != '\0' &&
      !ews_config_parse_listen (config->metrics_listen, NULL, NULL, error))
    {
      g_prefix_error (error, "--metrics-listen: ");
      return FALSE;
    }

  /* "database=" left empty in a file means SQLite, as leaving it out does. */
  if (config->database != NULL && config->database[0] == '\0')
    g_clear_pointer (&config->database, g_free);

  if (config->database != NULL && !g_str_has_prefix (config->database, "postgresql://") &&
      !g_str_has_prefix (config->database, "postgres://"))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--database must be a PostgreSQL URL such as postgresql://USER@HOST/DATABASE "
                           "(SQLite needs none: leave it out and give --data-dir)");
      return FALSE;
    }

  if (g_strcmp0 (config->log_format, "text") != 0 && g_strcmp0 (config->log_format, "json") != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--log-format must be text or json, not “%s”", config->log_format);
      return FALSE;
    }

  return TRUE;
}

gboolean
ews_config_parse_listen (const char *listen,
                         char      **host,
                         guint16    *port,
                         GError    **error)
{
  const char      *colon;
  g_autofree char *address = NULL;
  guint64          number = 0;

  g_return_val_if_fail (listen != NULL, FALSE);

  colon = strrchr (listen, ':');
  if (colon == NULL || colon == listen ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXUINT16, &number, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s” is not an address and port such as 127.0.0.1:8080", listen);
      return FALSE;
    }

  address = g_strndup (listen, colon - listen);

  /* Accept [::1]:8080 for IPv6. */
  if (address[0] == '[' && address[strlen (address) - 1] == ']')
    {
      char *inner = g_strndup (address + 1, strlen (address) - 2);
      g_free (address);
      address = inner;
    }

  if (!g_hostname_is_ip_address (address))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s” is not an IP address", address);
      return FALSE;
    }

  if (host != NULL)
    *host = g_steal_pointer (&address);
  if (port != NULL)
    *port = (guint16)number;

  return TRUE;
}
