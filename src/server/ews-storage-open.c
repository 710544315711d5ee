/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>

#include "ews-jwt.h"
#include "ews-storage-open.h"
#include "ews-storage-sqlite.h"

#ifdef EWS_HAVE_POSTGRESQL
#include <libpq-fe.h>

#include "ews-storage-pg.h"
#endif

/* Connections each server keeps to PostgreSQL. Requests are answered on
 * the main thread, so it runs one transaction and perhaps a statement
 * outside it (the mail sender's, a metrics gauge) at once; the others are
 * room for a slow one. */
#define PG_CONNECTIONS 4

static EwsStorage *
open_sqlite (const EwsConfig *config,
             GBytes         **form_secret,
             GError         **error)
{
  g_autoptr(EwsStorage) storage = NULL;

  if (g_mkdir_with_parents (config->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create the data directory “%s”: %s",
                   config->data_dir, g_strerror (saved_errno));
      return NULL;
    }

  storage = ews_storage_sqlite_open (config->data_dir, error);
  if (storage == NULL)
    return NULL;

  if (form_secret != NULL && !ews_jwt_load_or_create_secret (config->data_dir, form_secret, error))
    return NULL;

  return g_steal_pointer (&storage);
}

#ifdef EWS_HAVE_POSTGRESQL
static EwsStorage *
open_postgresql (const EwsConfig *config,
                 GBytes         **form_secret,
                 GError         **error)
{
  g_autoptr(EwsStorage) storage = NULL;
  PQconninfoOption *options;
  char             *parse_error = NULL;

  /* Told apart from a database that cannot be reached: this one is a typo
   * to fix, that one a server to start. The URL is not quoted back, as it
   * may hold a password. */
  options = PQconninfoParse (config->database, &parse_error);
  if (options == NULL)
    {
      g_autofree char *detail = g_strstrip (g_strdup (parse_error != NULL ? parse_error : "out of memory"));

      PQfreemem (parse_error);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--database is not a URL PostgreSQL understands (%s); it should look like "
                   "postgresql://USER@HOST/DATABASE",
                   detail);
      return NULL;
    }
  PQconninfoFree (options);

  storage = ews_storage_pg_open (config->database, PG_CONNECTIONS, error);
  if (storage == NULL)
    {
      g_prefix_error (error, "Could not open the database of --database: ");
      return NULL;
    }

  ews_storage_pg_set_mail_lease (EWS_STORAGE_PG (storage), config->mail_lease_s);

  if (form_secret != NULL &&
      !ews_storage_pg_load_or_create_secret (EWS_STORAGE_PG (storage), EWS_STORAGE_PG_FORM_SECRET, form_secret, error))
    return NULL;

  return g_steal_pointer (&storage);
}
#endif

EwsStorage *
ews_storage_open_configured (const EwsConfig *config,
                             GBytes         **form_secret,
                             GError         **error)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (form_secret == NULL || *form_secret == NULL, NULL);

  if (config->database == NULL)
    return open_sqlite (config, form_secret, error);

#ifdef EWS_HAVE_POSTGRESQL
  return open_postgresql (config, form_secret, error);
#else
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "This ewelists-server was built without PostgreSQL (meson -Dpostgresql=enabled "
                       "builds it in); leave out --database to keep the data in --data-dir");
  return NULL;
#endif
}
