/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include <glib-unix.h>

#include "ews-storage-pg-private.h"

/* Change notices between servers: a change NOTIFYs on one channel inside
 * its own transaction, so PostgreSQL delivers the notice when, and only if,
 * the change commits, to every server LISTENing — the one that made it
 * included, which is how its own watchers hear of it too. Each server
 * listens on a connection of its own, outside the pool, watched from the
 * main loop. When that connection is lost (PostgreSQL restarting), it is
 * opened again with backoff, and the watchers are told that any list may
 * have changed: notices sent meanwhile are lost for good. */

#define CHANNEL "ewelists_list_changed"

/* The first retry is quick (a restart takes a second or two); the longest
 * wait keeps a server whose database is gone for a while from hammering it. */
#define RETRY_FIRST_MS 250
#define RETRY_MAX_MS 10000

struct _EwsPgListener
{
  EwsStorage *storage; /* borrowed: the listener's owner */
  char       *uri;
  PGconn     *conn;
  guint       watch_id;
  guint       retry_id;
  guint       retry_ms;
  gboolean    was_lost; /* notices may have been missed */
};

static void schedule_retry (EwsPgListener *self);

/* The version row is the last lock a change takes: the change's own rows
 * first, then this, then the commit (whose deferred triggers bump the same
 * row again). A change that bumped it in the middle, or a column of the
 * list's row, could wait for a second reservation holding the list's row
 * FOR SHARE while that one waits for this (test-faults-pg saw the
 * deadlock when the version was a column of lists). */
gboolean
ews_pg_list_bump_version (EwsStorage *storage,
                          const char *list_id,
                          gint64     *version,
                          GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { list_id };

  result = ews_pg_run (storage,
                       "INSERT INTO list_versions (list_id, version) VALUES ($1, 1) "
                       "ON CONFLICT (list_id) DO UPDATE SET version = list_versions.version + 1 RETURNING version",
                       1, params, error);
  if (result == NULL)
    return FALSE;

  *version = PQntuples (result) > 0 ? ews_pg_int64 (result, 0, 0) : 0;
  return TRUE;
}

/* The payload: "VERSION LISTID" for a change, "VERSION LISTID USERID"
 * when the list also joined that user's lists. Ids hold no spaces. */
gboolean
ews_pg_announce_change (EwsStorage *storage,
                        const char *list_id,
                        gint64      version,
                        const char *user_id,
                        GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autofree char *payload = NULL;
  const char      *params[2];

  if (user_id != NULL)
    payload = g_strdup_printf ("%" G_GINT64_FORMAT " %s %s", version, list_id, user_id);
  else
    payload = g_strdup_printf ("%" G_GINT64_FORMAT " %s", version, list_id);
  params[0] = CHANNEL;
  params[1] = payload;

  result = ews_pg_run (storage, "SELECT pg_notify ($1, $2)", 2, params, error);
  return result != NULL;
}

static void
emit_notice (EwsPgListener *self,
             const char    *payload)
{
  g_auto(GStrv) parts = g_strsplit (payload, " ", 3);
  gint64 version;

  if (g_strv_length (parts) < 2 || parts[1][0] == '\0' ||
      !g_ascii_string_to_signed (parts[0], 10, 0, G_MAXINT64, &version, NULL))
    {
      g_warning ("Ignored a change notice that makes no sense: “%s”", payload);
      return;
    }

  ews_pg_versions_forget (ews_pg_get_versions (EWS_STORAGE_PG (self->storage)), parts[1]);
  ews_storage_emit_list_changed (self->storage, parts[1], version);
  if (parts[2] != NULL && parts[2][0] != '\0')
    ews_storage_emit_list_added (self->storage, parts[2], parts[1], version);
}

static void
close_connection (EwsPgListener *self)
{
  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_pointer (&self->conn, PQfinish);
}

static void
lost (EwsPgListener *self,
      const char    *why)
{
  g_autofree char *detail = g_strstrip (g_strdup (why));

  g_warning ("Lost the PostgreSQL connection that hears other servers' changes (%s); trying again", detail);
  close_connection (self);
  /* Notices are lost from now on: every version is read again. */
  ews_pg_versions_set_listening (ews_pg_get_versions (EWS_STORAGE_PG (self->storage)), FALSE);
  self->was_lost = TRUE;
  schedule_retry (self);
}

static gboolean
readable_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  EwsPgListener *self = user_data;
  PGnotify      *notify;

  if (!PQconsumeInput (self->conn) || PQstatus (self->conn) == CONNECTION_BAD)
    {
      /* lost() removes this source. */
      self->watch_id = 0;
      lost (self, PQerrorMessage (self->conn));
      return G_SOURCE_REMOVE;
    }

  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      if (g_strcmp0 (notify->relname, CHANNEL) == 0 && notify->extra != NULL && notify->extra[0] != '\0')
        emit_notice (self, notify->extra);
      else if (g_strcmp0 (notify->relname, EWS_PG_VERSION_CHANNEL) == 0 && notify->extra != NULL)
        ews_pg_versions_forget (ews_pg_get_versions (EWS_STORAGE_PG (self->storage)), notify->extra);
      PQfreemem (notify);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
try_connect (EwsPgListener *self)
{
  g_autoptr(PGresult) result = NULL;

  self->conn = PQconnectdb (self->uri);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      lost (self, PQerrorMessage (self->conn));
      return FALSE;
    }

  result = PQexec (self->conn, "LISTEN " CHANNEL "; LISTEN " EWS_PG_VERSION_CHANNEL);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      lost (self, PQerrorMessage (self->conn));
      return FALSE;
    }

  self->retry_ms = 0;
  self->watch_id = g_unix_fd_add (PQsocket (self->conn), G_IO_IN | G_IO_HUP | G_IO_ERR, readable_cb, self);
  /* Listening from here on: versions read from now may be kept. */
  ews_pg_versions_set_listening (ews_pg_get_versions (EWS_STORAGE_PG (self->storage)), TRUE);

  if (self->was_lost)
    {
      g_message ("Hearing other servers' changes again");
      self->was_lost = FALSE;
      ews_storage_emit_list_changed (self->storage, NULL, 0);
      ews_storage_emit_list_added (self->storage, NULL, NULL, 0);
    }

  return TRUE;
}

static gboolean
retry_cb (gpointer user_data)
{
  EwsPgListener *self = user_data;

  self->retry_id = 0;
  try_connect (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (EwsPgListener *self)
{
  if (self->retry_id != 0)
    return;

  self->retry_ms = self->retry_ms == 0 ? RETRY_FIRST_MS : MIN (self->retry_ms * 2, RETRY_MAX_MS);
  self->retry_id = g_timeout_add (self->retry_ms, retry_cb, self);
}

EwsPgListener *
ews_pg_listener_new (EwsStorage *storage,
                     const char *uri)
{
  EwsPgListener *self = g_new0 (EwsPgListener, 1);

  self->storage = storage;
  self->uri = g_strdup (uri);
  try_connect (self);

  return self;
}

void
ews_pg_listener_free (EwsPgListener *self)
{
  if (self == NULL)
    return;

  close_connection (self);
  ews_pg_versions_set_listening (ews_pg_get_versions (EWS_STORAGE_PG (self->storage)), FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_free (self->uri);
  g_free (self);
}
