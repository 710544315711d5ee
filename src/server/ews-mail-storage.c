/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-mail-storage"

#include "config.h"

#include "ews-mail-storage.h"

G_DEFINE_INTERFACE (EwsMailStorage, ews_mail_storage, G_TYPE_OBJECT)

static void
ews_mail_storage_default_init (EwsMailStorageInterface *iface)
{
}

void
ews_outbox_mail_free (EwsOutboxMail *mail)
{
  if (mail == NULL)
    return;

  g_free (mail->sender);
  g_free (mail->recipient);
  g_free (mail->data);
  g_free (mail);
}

gboolean
ews_mail_storage_outbox_add (EwsMailStorage *self,
                             const char     *sender,
                             const char     *recipient,
                             const char     *data,
                             gint64          now,
                             GError        **error)
{
  g_return_val_if_fail (EWS_IS_MAIL_STORAGE (self), FALSE);

  return EWS_MAIL_STORAGE_GET_IFACE (self)->outbox_add (self, sender, recipient, data, now, error);
}

EwsOutboxMail *
ews_mail_storage_outbox_next_due (EwsMailStorage *self,
                                  gint64          now,
                                  GError        **error)
{
  g_return_val_if_fail (EWS_IS_MAIL_STORAGE (self), NULL);

  return EWS_MAIL_STORAGE_GET_IFACE (self)->outbox_next_due (self, now, error);
}

gboolean
ews_mail_storage_outbox_next_time (EwsMailStorage *self,
                                   gboolean       *any,
                                   gint64         *when,
                                   GError        **error)
{
  g_return_val_if_fail (EWS_IS_MAIL_STORAGE (self), FALSE);

  return EWS_MAIL_STORAGE_GET_IFACE (self)->outbox_next_time (self, any, when, error);
}

gboolean
ews_mail_storage_outbox_mark_sent (EwsMailStorage *self,
                                   gint64          mail_id,
                                   gint64          now,
                                   GError        **error)
{
  g_return_val_if_fail (EWS_IS_MAIL_STORAGE (self), FALSE);

  return EWS_MAIL_STORAGE_GET_IFACE (self)->outbox_mark_sent (self, mail_id, now, error);
}

gboolean
ews_mail_storage_outbox_mark_retry (EwsMailStorage *self,
                                    gint64          mail_id,
                                    guint           attempts,
                                    gint64          next_attempt_at,
                                    const char     *last_error,
                                    GError        **error)
{
  g_return_val_if_fail (EWS_IS_MAIL_STORAGE (self), FALSE);

  return EWS_MAIL_STORAGE_GET_IFACE (self)->outbox_mark_retry (self, mail_id, attempts,
                                                               next_attempt_at, last_error, error);
}

gboolean
ews_mail_storage_outbox_mark_failed (EwsMailStorage *self,
                                     gint64          mail_id,
                                     const char     *last_error,
                                     GError        **error)
{
  g_return_val_if_fail (EWS_IS_MAIL_STORAGE (self), FALSE);

  return EWS_MAIL_STORAGE_GET_IFACE (self)->outbox_mark_failed (self, mail_id, last_error, error);
}

gboolean
ews_mail_storage_outbox_pending (EwsMailStorage *self,
                                 gint64         *count,
                                 gint64         *oldest_created_at,
                                 GError        **error)
{
  g_return_val_if_fail (EWS_IS_MAIL_STORAGE (self), FALSE);

  return EWS_MAIL_STORAGE_GET_IFACE (self)->outbox_pending (self, count, oldest_created_at, error);
}
