/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-config"

#include "config.h"

#include <stdlib.h>

#include "ews-admin.h"
#include "ews-config.h"

#define KEY_FILE_GROUP "server"

/* Password hashing: each argon2 check holds 19 MiB and a core for ~30 ms.
 * Two threads keep a flood within ~40 MiB on a small machine; 32 waiting
 * is a second's work, beyond which callers are told to come back. */
#define DEFAULT_HASH_THREADS 2
#define DEFAULT_HASH_QUEUE 32
#define MAX_HASH_THREADS 64
#define MAX_HASH_QUEUE 10000

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
  { "public-url", G_STRUCT_OFFSET (EwsConfig, public_url) },
  { "smtp-url", G_STRUCT_OFFSET (EwsConfig, smtp_url) },
  { "smtp-user", G_STRUCT_OFFSET (EwsConfig, smtp_user) },
  { "smtp-password", G_STRUCT_OFFSET (EwsConfig, smtp_password) },
  { "mail-from", G_STRUCT_OFFSET (EwsConfig, mail_from) },
  { "contact-email", G_STRUCT_OFFSET (EwsConfig, contact_email) },
  { "client-id", G_STRUCT_OFFSET (EwsConfig, client_id) },
};

EwsConfig *
ews_config_new (void)
{
  EwsConfig *config = g_new0 (EwsConfig, 1);

  config->listen = g_strdup ("127.0.0.1:8080");
  config->data_dir = g_build_filename (g_get_user_data_dir (), "ewelists-server", NULL);
  config->public_url = NULL;   /* the address it listens on, once known */
  config->mail_from = g_strdup ("Ewelists <no-reply@localhost>");
  config->contact_email = g_strdup ("contact@localhost");
  config->client_id = g_strdup ("ewelists");
  config->hash_threads = DEFAULT_HASH_THREADS;
  config->hash_queue = DEFAULT_HASH_QUEUE;

  return config;
}

void
ews_config_free (EwsConfig *config)
{
  if (config == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (key_file_fields); i++)
    g_free (G_STRUCT_MEMBER (char *, config, key_file_fields[i].offset));
  g_free (config);
}

EwsConfig *
ews_config_copy (const EwsConfig *config)
{
  EwsConfig *copy = g_new0 (EwsConfig, 1);

  for (guint i = 0; i < G_N_ELEMENTS (key_file_fields); i++)
    G_STRUCT_MEMBER (char *, copy, key_file_fields[i].offset) =
      g_strdup (G_STRUCT_MEMBER (char *, config, key_file_fields[i].offset));
  copy->hash_threads = config->hash_threads;
  copy->hash_queue = config->hash_queue;

  return copy;
}

/* Sets *value from @text, a whole number from @min to @max; the error names
 * @option, so the administrator knows which setting to fix. */
static gboolean
parse_count (const char  *option,
             const char  *text,
             guint        min,
             guint        max,
             guint       *value,
             GError     **error)
{
  guint64 number = 0;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &number, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--%s must be a whole number from %u to %u, not “%s”", option, min, max, text);
      return FALSE;
    }

  *value = (guint)number;
  return TRUE;
}

/* The settings that are numbers, by key-file and option name. */
typedef struct
{
  const char *key;
  gsize       offset;
  guint       min;
  guint       max;
} CountField;

static const CountField count_fields[] = {
  { "hash-threads", G_STRUCT_OFFSET (EwsConfig, hash_threads), 1, MAX_HASH_THREADS },
  { "hash-queue", G_STRUCT_OFFSET (EwsConfig, hash_queue), 0, MAX_HASH_QUEUE },
};

/* @texts holds one string (or NULL: not given) per count_fields entry. */
static gboolean
take_counts (EwsConfig   *config,
             char       **texts,
             GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (count_fields); i++)
    {
      if (texts[i] != NULL &&
          !parse_count (count_fields[i].key, texts[i], count_fields[i].min, count_fields[i].max,
                        G_STRUCT_MEMBER_P (config, count_fields[i].offset), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_key_file_counts (EwsConfig  *config,
                      GKeyFile   *key_file,
                      GError    **error)
{
  char *texts[G_N_ELEMENTS (count_fields)] = { NULL, };
  gboolean ok;

  for (guint i = 0; i < G_N_ELEMENTS (count_fields); i++)
    texts[i] = g_key_file_get_string (key_file, KEY_FILE_GROUP, count_fields[i].key, NULL);

  ok = take_counts (config, texts, error);

  for (guint i = 0; i < G_N_ELEMENTS (count_fields); i++)
    g_free (texts[i]);

  return ok;
}

static gboolean
load_key_file (EwsConfig   *config,
               const char  *path,
               GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();

  if (!g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "Could not read the configuration file “%s”: ", path);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (key_file_fields); i++)
    {
      char **field = G_STRUCT_MEMBER_P (config, key_file_fields[i].offset);
      g_autofree char *value = g_key_file_get_string (key_file, KEY_FILE_GROUP,
                                                      key_file_fields[i].key, NULL);

      if (value != NULL)
        {
          g_free (*field);
          *field = g_steal_pointer (&value);
        }
    }

  if (!load_key_file_counts (config, key_file, error))
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
ews_config_parse (EwsConfig   *config,
                  int         *argc,
                  char      ***argv,
                  GError     **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *description = NULL;
  g_autofree char *config_file = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *public_url = NULL;
  g_autofree char *smtp_url = NULL;
  g_autofree char *smtp_user = NULL;
  g_autofree char *smtp_password = NULL;
  g_autofree char *mail_from = NULL;
  g_autofree char *contact_email = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *hash_threads = NULL;
  g_autofree char *hash_queue = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_file,
      "Read settings from a key file (group [server], keys named like the options)", "FILE" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      "Address and port to listen on (default 127.0.0.1:8080; port 0 picks a free port)", "ADDR:PORT" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Directory for the database and the token secret (default $XDG_DATA_HOME/ewelists-server)", "DIR" },
    { "public-url", 0, 0, G_OPTION_ARG_STRING, &public_url,
      "Public base URL used in shared links, guest pages and e-mails (default: the address it listens on)", "URL" },
    { "smtp-url", 0, 0, G_OPTION_ARG_STRING, &smtp_url,
      "SMTP server for outgoing mail, e.g. smtp://localhost:25 (no mail is sent without it)", "URL" },
    { "smtp-user", 0, 0, G_OPTION_ARG_STRING, &smtp_user,
      "User name for the SMTP server", "NAME" },
    { "smtp-password", 0, 0, G_OPTION_ARG_STRING, &smtp_password,
      "Password for the SMTP server (prefer the configuration file)", "PASSWORD" },
    { "mail-from", 0, 0, G_OPTION_ARG_STRING, &mail_from,
      "Sender of outgoing mail", "ADDRESS" },
    { "contact-email", 0, 0, G_OPTION_ARG_STRING, &contact_email,
      "Where messages from the contact form are sent", "ADDRESS" },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &client_id,
      "The app client id the sign-in API accepts (default ewelists)", "ID" },
    { "hash-threads", 0, 0, G_OPTION_ARG_STRING, &hash_threads,
      "Threads checking passwords at once (default 2; each takes 19 MiB while it works)", "N" },
    { "hash-queue", 0, 0, G_OPTION_ARG_STRING, &hash_queue,
      "Password checks that may wait for a thread; more are refused with TooManyRequestsException "
      "(default 32)", "N" },
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
                             "  public-url=https://lists.example.org\n"
                             "  smtp-url=smtp://mail.example.org:587\n"
                             "  smtp-user=ewelists\n"
                             "  smtp-password=…\n"
                             "  mail-from=Ewelists <no-reply@example.org>\n"
                             "  contact-email=hello@example.org\n"
                             "  hash-threads=2\n",
                             NULL);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (config_file != NULL && !load_key_file (config, config_file, error))
    return FALSE;

  take_option (&config->listen, &listen);
  take_option (&config->data_dir, &data_dir);
  take_option (&config->public_url, &public_url);
  take_option (&config->smtp_url, &smtp_url);
  take_option (&config->smtp_user, &smtp_user);
  take_option (&config->smtp_password, &smtp_password);
  take_option (&config->mail_from, &mail_from);
  take_option (&config->contact_email, &contact_email);
  take_option (&config->client_id, &client_id);
  {
    char *counts[] = { hash_threads, hash_queue };

    G_STATIC_ASSERT (G_N_ELEMENTS (counts) == G_N_ELEMENTS (count_fields));
    if (!take_counts (config, counts, error))
      return FALSE;
  }

  if (!ews_config_parse_listen (config->listen, &host, &port, error))
    return FALSE;

  return TRUE;
}

gboolean
ews_config_parse_listen (const char  *listen,
                         char       **host,
                         guint16     *port,
                         GError     **error)
{
  const char *colon;
  g_autofree char *address = NULL;
  guint64 number = 0;

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
