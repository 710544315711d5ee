/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-storage.h"

G_BEGIN_DECLS

/* EwsMailStorage is the mail outbox's part of the storage, a second
 * interface the storage object implements next to EwsStorage (see
 * ews-storage-sqlite-mail.c). A mail is added inside whatever transaction
 * the caller has open, so a reservation and its confirmation mail commit
 * together; EwsMail then sends it and marks it sent or retries it later. */

typedef struct
{
  gint64  mail_id;
  char   *sender;       /* envelope addresses */
  char   *recipient;
  char   *data;         /* the whole RFC 5322 message */
  guint   attempts;     /* failed attempts so far */
} EwsOutboxMail;

void ews_outbox_mail_free (EwsOutboxMail *mail);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsOutboxMail, ews_outbox_mail_free)

#define EWS_TYPE_MAIL_STORAGE (ews_mail_storage_get_type ())

G_DECLARE_INTERFACE (EwsMailStorage, ews_mail_storage, EWS, MAIL_STORAGE, GObject)

struct _EwsMailStorageInterface
{
  GTypeInterface parent_iface;

  gboolean       (*outbox_add)        (EwsMailStorage  *self,
                                       const char      *sender,
                                       const char      *recipient,
                                       const char      *data,
                                       gint64           now,
                                       GError         **error);
  /* The pending mail due first, if it is due at @now; NULL without an error
   * when none is. A backend that servers share (PostgreSQL) hands each mail
   * to one of them: it is not due again until it is marked or its lease
   * has passed (EWS_STORAGE_PG_MAIL_LEASE_SECONDS). */
  EwsOutboxMail *(*outbox_next_due)   (EwsMailStorage  *self,
                                       gint64           now,
                                       GError         **error);
  /* When the next pending mail is due; FALSE in *any when none is pending. */
  gboolean       (*outbox_next_time)  (EwsMailStorage  *self,
                                       gboolean        *any,
                                       gint64          *when,
                                       GError         **error);
  /* Sent mail keeps its envelope but not its text, which may hold a code. */
  gboolean       (*outbox_mark_sent)  (EwsMailStorage  *self,
                                       gint64           mail_id,
                                       gint64           now,
                                       GError         **error);
  gboolean       (*outbox_mark_retry) (EwsMailStorage  *self,
                                       gint64           mail_id,
                                       guint            attempts,
                                       gint64           next_attempt_at,
                                       const char      *last_error,
                                       GError         **error);
  /* Gives up on a mail the SMTP server refused for good. */
  gboolean       (*outbox_mark_failed) (EwsMailStorage *self,
                                        gint64          mail_id,
                                        const char     *last_error,
                                        GError        **error);
  /* How many mails are pending, and when the oldest of them was written
   * (0 when none is), for monitoring. */
  gboolean       (*outbox_pending)    (EwsMailStorage  *self,
                                       gint64          *count,
                                       gint64          *oldest_created_at,
                                       GError         **error);
};

gboolean       ews_mail_storage_outbox_add         (EwsMailStorage  *self,
                                                    const char      *sender,
                                                    const char      *recipient,
                                                    const char      *data,
                                                    gint64           now,
                                                    GError         **error);
EwsOutboxMail *ews_mail_storage_outbox_next_due    (EwsMailStorage  *self,
                                                    gint64           now,
                                                    GError         **error);
gboolean       ews_mail_storage_outbox_next_time   (EwsMailStorage  *self,
                                                    gboolean        *any,
                                                    gint64          *when,
                                                    GError         **error);
gboolean       ews_mail_storage_outbox_mark_sent   (EwsMailStorage  *self,
                                                    gint64           mail_id,
                                                    gint64           now,
                                                    GError         **error);
gboolean       ews_mail_storage_outbox_mark_retry  (EwsMailStorage  *self,
                                                    gint64           mail_id,
                                                    guint            attempts,
                                                    gint64           next_attempt_at,
                                                    const char      *last_error,
                                                    GError         **error);
gboolean       ews_mail_storage_outbox_mark_failed (EwsMailStorage  *self,
                                                    gint64           mail_id,
                                                    const char      *last_error,
                                                    GError         **error);
gboolean       ews_mail_storage_outbox_pending     (EwsMailStorage  *self,
                                                    gint64          *count,
                                                    gint64          *oldest_created_at,
                                                    GError         **error);

G_END_DECLS
