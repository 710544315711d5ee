/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include "ews-mail-storage.h"
#include "ews-storage-pg-private.h"

/* The PostgreSQL side of EwsMailStorage: the mail_outbox table (migration
 * 3), one outbox for every server on the database.
 *
 * Where SQLite's next_due only reads (one server, one sender), here it
 * claims: the mail it returns is not due again, for anyone, until its
 * lease (ews_storage_pg_set_mail_lease(), by default
 * EWS_STORAGE_PG_MAIL_LEASE_SECONDS) has passed, unless the claiming server
 * marks it first. The lease is the mail's next_attempt_at, so a server that
 * dies while sending leaves a mail that simply falls due again when the
 * lease ends, and another server's timer (ews-mail.c looks at next_time)
 * takes it then. The claim is one UPDATE of
 * a row picked FOR UPDATE SKIP LOCKED: two servers claiming at once each
 * get a different mail, and neither waits for the other. */

/* The default lease is longer than an SMTP exchange may last (ews-smtp.c gives up
 * after 10 s connecting and 60 s sending), so that a slow send is not taken
 * for a dead server's and sent twice. */
G_STATIC_ASSERT (EWS_STORAGE_PG_MAIL_LEASE_SECONDS > 2 * 70);

/* How long the envelope of a mail that was sent (or given up on) is kept,
 * for an administrator asking "did it go out?". */
#define KEEP_DONE_SECONDS (30 * 24 * 60 * 60)

static gboolean
pg_outbox_add (EwsMailStorage *storage,
               const char     *sender,
               const char     *recipient,
               const char     *data,
               gint64          now,
               GError        **error)
{
  return ews_pg_change (EWS_STORAGE (storage),
                        "DELETE FROM mail_outbox WHERE state != 'pending' AND created_at < $1",
                        error, 'i', now - KEEP_DONE_SECONDS, 0) &&
         ews_pg_change (EWS_STORAGE (storage),
                        "INSERT INTO mail_outbox (sender, recipient, data, created_at, next_attempt_at) "
                        "VALUES ($1, $2, $3, $4, $4)",
                        error, 't', sender, 't', recipient, 't', data, 'i', now, 0);
}

static EwsOutboxMail *
pg_outbox_next_due (EwsMailStorage *storage,
                    gint64          now,
                    GError        **error)
{
  g_autoptr(PGresult) result = NULL;
  EwsOutboxMail *mail;

  /* Oldest first among those due, as from SQLite. */
  result = ews_pg_run_args (EWS_STORAGE (storage),
                            "UPDATE mail_outbox SET next_attempt_at = $2 "
                            "WHERE mail_id = (SELECT mail_id FROM mail_outbox "
                            "                 WHERE state = 'pending' AND next_attempt_at <= $1 "
                            "                 ORDER BY next_attempt_at, mail_id LIMIT 1 "
                            "                 FOR UPDATE SKIP LOCKED) "
                            "RETURNING mail_id, sender, recipient, data, attempts",
                            error, 'i', now, 'i', now + (gint64)ews_pg_mail_lease (EWS_STORAGE_PG (storage)), 0);
  if (result == NULL || PQntuples (result) == 0)
    return NULL;

  mail = g_new0 (EwsOutboxMail, 1);
  mail->mail_id = ews_pg_int64 (result, 0, 0);
  mail->sender = ews_pg_dup (result, 0, 1);
  mail->recipient = ews_pg_dup (result, 0, 2);
  mail->data = ews_pg_dup (result, 0, 3);
  mail->attempts = (guint)ews_pg_int64 (result, 0, 4);

  return mail;
}

static gboolean
pg_outbox_next_time (EwsMailStorage *storage,
                     gboolean       *any,
                     gint64         *when,
                     GError        **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run (EWS_STORAGE (storage),
                       "SELECT min (next_attempt_at) FROM mail_outbox WHERE state = 'pending'", 0, NULL, error);
  if (result == NULL)
    return FALSE;

  *any = !PQgetisnull (result, 0, 0);
  *when = *any ? ews_pg_int64 (result, 0, 0) : 0;

  return TRUE;
}

static gboolean
pg_outbox_pending (EwsMailStorage *storage,
                   gint64         *count,
                   gint64         *oldest_created_at,
                   GError        **error)
{
  g_autoptr(PGresult) result = NULL;

  result = ews_pg_run (EWS_STORAGE (storage),
                       "SELECT count (*), coalesce (min (created_at), 0) FROM mail_outbox WHERE state = 'pending'",
                       0, NULL, error);
  if (result == NULL)
    return FALSE;

  *count = ews_pg_int64 (result, 0, 0);
  *oldest_created_at = ews_pg_int64 (result, 0, 1);

  return TRUE;
}

static gboolean
pg_outbox_mark_sent (EwsMailStorage *storage,
                     gint64          mail_id,
                     gint64          now,
                     GError        **error)
{
  return ews_pg_change (EWS_STORAGE (storage),
                        "UPDATE mail_outbox SET state = 'sent', sent_at = $1, data = '', last_error = NULL "
                        "WHERE mail_id = $2",
                        error, 'i', now, 'i', mail_id, 0);
}

static gboolean
pg_outbox_mark_retry (EwsMailStorage *storage,
                      gint64          mail_id,
                      guint           attempts,
                      gint64          next_attempt_at,
                      const char     *last_error,
                      GError        **error)
{
  return ews_pg_change (EWS_STORAGE (storage),
                        "UPDATE mail_outbox SET attempts = $1, next_attempt_at = $2, last_error = $3 "
                        "WHERE mail_id = $4",
                        error, 'i', (gint64)attempts, 'i', next_attempt_at, 't', last_error, 'i', mail_id, 0);
}

static gboolean
pg_outbox_mark_failed (EwsMailStorage *storage,
                       gint64          mail_id,
                       const char     *last_error,
                       GError        **error)
{
  return ews_pg_change (EWS_STORAGE (storage),
                        "UPDATE mail_outbox SET state = 'failed', attempts = attempts + 1, data = '', last_error = $1 "
                        "WHERE mail_id = $2",
                        error, 't', last_error, 'i', mail_id, 0);
}

void
ews_storage_pg_mail_init_iface (EwsMailStorageInterface *iface)
{
  iface->outbox_add = pg_outbox_add;
  iface->outbox_next_due = pg_outbox_next_due;
  iface->outbox_next_time = pg_outbox_next_time;
  iface->outbox_mark_sent = pg_outbox_mark_sent;
  iface->outbox_mark_retry = pg_outbox_mark_retry;
  iface->outbox_mark_failed = pg_outbox_mark_failed;
  iface->outbox_pending = pg_outbox_pending;
}
