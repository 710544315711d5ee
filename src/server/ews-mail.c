/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-mail"

#include "config.h"

#include "ews-mail.h"
#include "ews-mail-message.h"
#include "ews-mail-storage.h"
#include "ews-mail-templates.h"
#include "ews-metrics.h"
#include "ews-smtp.h"

/* The sender takes the outbox one mail at a time: the next due mail is sent
 * in a worker thread (libcurl blocks), and back on the main thread it is
 * marked sent, or put back with a later time: 1 s, 2 s, 4 s… up to an hour
 * between attempts. It never gives up on a temporary failure, so a mail
 * server that is down for a day loses nothing; only a 5xx refusal (an address
 * that does not exist) ends a mail's attempts. A mail is marked sent only
 * after the SMTP server accepted it, and nothing else sends it, so it goes out
 * once; a crash between the two could send it twice, never zero times. */

#define RETRY_FIRST_SECONDS 1
#define RETRY_MAX_SECONDS (60 * 60)
/* If the outbox itself cannot be read, look again after this long. */
#define STORAGE_RETRY_SECONDS 10
/* Servers sharing a PostgreSQL outbox each wake when they write mail, but
 * one may write a mail and die before sending it: the others look this
 * often for what nobody told them of. */
#define SHARED_LOOK_SECONDS 60

struct _EwsMail
{
  GObject          parent_instance;

  /* owned */
  EwsStorage      *storage;
  EwsSmtpSettings *smtp; /* NULL: mail is kept, not sent */
  char            *mail_from;
  char            *sender; /* the envelope address in mail_from */
  char            *public_url;
  char            *contact_email;
  GCancellable    *cancellable;
  EwsMetrics      *metrics;

  guint            wake_id;
  gboolean         started;
  gboolean         sending;
};

G_DEFINE_FINAL_TYPE (EwsMail, ews_mail, G_TYPE_OBJECT)

static void process (EwsMail *self);

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
ews_mail_dispose (GObject *object)
{
  EwsMail *self = (EwsMail *)object;

  ews_mail_stop (self);
  g_clear_object (&self->storage);
  g_clear_object (&self->metrics);

  G_OBJECT_CLASS (ews_mail_parent_class)->dispose (object);
}

static void
ews_mail_finalize (GObject *object)
{
  EwsMail *self = (EwsMail *)object;

  g_clear_pointer (&self->smtp, ews_smtp_settings_free);
  g_clear_pointer (&self->mail_from, g_free);
  g_clear_pointer (&self->sender, g_free);
  g_clear_pointer (&self->public_url, g_free);
  g_clear_pointer (&self->contact_email, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ews_mail_parent_class)->finalize (object);
}

static void
ews_mail_class_init (EwsMailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ews_mail_dispose;
  object_class->finalize = ews_mail_finalize;
}

static void
ews_mail_init (EwsMail *self)
{
  self->cancellable = g_cancellable_new ();
}

EwsMail *
ews_mail_new (EwsStorage      *storage,
              const EwsConfig *config)
{
  EwsMail *self;

  g_return_val_if_fail (EWS_IS_MAIL_STORAGE (storage), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (EWS_TYPE_MAIL, NULL);
  self->storage = g_object_ref (storage);
  if (config->mail_from != NULL && config->mail_from[0] != '\0')
    self->mail_from = g_strdup (config->mail_from);
  else
    self->mail_from = ews_mail_default_sender (config->public_url);
  self->sender = ews_mail_address_from_mailbox (self->mail_from);
  self->public_url = g_strdup (config->public_url);
  self->contact_email = g_strdup (config->contact_email);

  if (config->smtp_url != NULL && config->smtp_url[0] != '\0')
    self->smtp = ews_smtp_settings_new (config->smtp_url, config->smtp_user, config->smtp_password);

  return self;
}

/* --- the sender ---------------------------------------------------------- */

static gboolean
wake_cb (gpointer user_data)
{
  EwsMail *self = user_data;

  self->wake_id = 0;
  process (self);

  return G_SOURCE_REMOVE;
}

/* Looks at the outbox again in @delay seconds (0: as soon as the main loop
 * is idle), unless an earlier look is already planned. */
static void
schedule (EwsMail *self,
          gint64   delay)
{
  if (!self->started || self->smtp == NULL)
    return;

  if (self->wake_id != 0)
    {
      if (delay > 0)
        return;
      g_clear_handle_id (&self->wake_id, g_source_remove);
    }

  if (delay <= 0)
    self->wake_id = g_idle_add (wake_cb, self);
  else
    self->wake_id = g_timeout_add_seconds ((guint)MIN (delay, RETRY_MAX_SECONDS), wake_cb, self);
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  EwsMail       *self = source_object;
  EwsOutboxMail *mail = task_data;
  GError        *error = NULL;

  if (ews_smtp_send (self->smtp, mail->sender, mail->recipient, mail->data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gint64
retry_delay (guint attempts)
{
  gint64 delay = RETRY_FIRST_SECONDS;

  for (guint i = 1; i < attempts && delay < RETRY_MAX_SECONDS; i++)
    delay *= 2;

  return MIN (delay, RETRY_MAX_SECONDS);
}

static void
send_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  EwsMail        *self = EWS_MAIL (object);
  EwsMailStorage *storage = EWS_MAIL_STORAGE (self->storage);
  EwsOutboxMail  *mail = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) storage_error = NULL;
  gint64 delay = 0;

  self->sending = FALSE;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!ews_mail_storage_outbox_mark_sent (storage, mail->mail_id, now_seconds (), &storage_error))
        g_warning ("Mail %" G_GINT64_FORMAT " was sent but could not be marked so: %s",
                   mail->mail_id, storage_error->message);
      else
        g_debug ("Mail %" G_GINT64_FORMAT " sent", mail->mail_id);
    }
  else if (g_error_matches (error, EWS_SMTP_ERROR, EWS_SMTP_ERROR_CANCELLED))
    {
      /* Shutting down: it stays pending for the next start. */
      return;
    }
  else if (g_error_matches (error, EWS_SMTP_ERROR, EWS_SMTP_ERROR_PERMANENT))
    {
      if (self->metrics != NULL)
        ews_metrics_count_mail_failure (self->metrics);

      /* The operator's business (a typo in an address), not a bug: a
       * message, not a warning. */
      g_message ("Giving up on mail %" G_GINT64_FORMAT ", which the SMTP server refused for good: %s",
                 mail->mail_id, error->message);
      if (!ews_mail_storage_outbox_mark_failed (storage, mail->mail_id, error->message, &storage_error))
        g_warning ("Could not mark mail %" G_GINT64_FORMAT " as failed: %s",
                   mail->mail_id, storage_error->message);
    }
  else
    {
      guint attempts = mail->attempts + 1;

      if (self->metrics != NULL)
        ews_metrics_count_mail_failure (self->metrics);

      delay = retry_delay (attempts);
      g_message ("Could not send mail %" G_GINT64_FORMAT " (attempt %u), trying again in %" G_GINT64_FORMAT " s: %s", mail->mail_id, attempts, delay, error->message);
      if (!ews_mail_storage_outbox_mark_retry (storage, mail->mail_id, attempts,
                                               now_seconds () + delay, error->message, &storage_error))
        g_warning ("Could not reschedule mail %" G_GINT64_FORMAT ": %s",
                   mail->mail_id, storage_error->message);
    }

  /* Other mail may be due now even when this one waits. */
  schedule (self, 0);
}

static void
process (EwsMail *self)
{
  EwsMailStorage *storage = EWS_MAIL_STORAGE (self->storage);
  g_autoptr(EwsOutboxMail) mail = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  gboolean any = FALSE;
  gint64   when = 0;
  gint64   now = now_seconds ();

  if (self->sending || self->smtp == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  mail = ews_mail_storage_outbox_next_due (storage, now, &error);
  if (error != NULL)
    {
      g_warning ("Could not read the mail outbox: %s", error->message);
      schedule (self, STORAGE_RETRY_SECONDS);
      return;
    }

  if (mail == NULL)
    {
      if (!ews_mail_storage_outbox_next_time (storage, &any, &when, &error))
        {
          g_warning ("Could not read the mail outbox: %s", error->message);
          schedule (self, STORAGE_RETRY_SECONDS);
        }
      else
        {
          schedule (self, any ? CLAMP (when - now, 1, SHARED_LOOK_SECONDS) : SHARED_LOOK_SECONDS);
        }
      return;
    }

  self->sending = TRUE;
  task = g_task_new (self, self->cancellable, send_done_cb, NULL);
  g_task_set_source_tag (task, process);
  /* A mail the SMTP server accepted just before a shutdown must still be
   * marked sent, not reported as cancelled. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_steal_pointer (&mail), (GDestroyNotify)ews_outbox_mail_free);
  g_task_run_in_thread (task, send_thread);
}

void
ews_mail_start (EwsMail *self)
{
  g_return_if_fail (EWS_IS_MAIL (self));

  if (self->started)
    return;

  self->started = TRUE;

  if (self->smtp == NULL)
    {
      g_message ("Mail is disabled (no --smtp-url): messages are kept in the outbox "
                 "and sent once the server runs with an SMTP server.");
      return;
    }

  if (self->sender == NULL)
    g_warning ("--mail-from “%s” holds no e-mail address; mail cannot be written until it does",
               self->mail_from);

  ews_smtp_global_init ();
  schedule (self, 0);
}

void
ews_mail_stop (EwsMail *self)
{
  g_return_if_fail (EWS_IS_MAIL (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->wake_id, g_source_remove);
  self->started = FALSE;
}

/* --- queueing ------------------------------------------------------------ */

static gboolean
queue (EwsMail              *self,
       const char           *to,
       const char           *reply_to_name,
       const char           *reply_to,
       const EwsMailContent *content,
       GError              **error)
{
  g_autoptr(GDateTime) date = g_date_time_new_now_local ();
  g_autofree char *data = NULL;

  data = ews_mail_message_compose (self->mail_from, to, reply_to_name, reply_to, content, date, error);
  if (data == NULL)
    return FALSE;

  if (!ews_mail_storage_outbox_add (EWS_MAIL_STORAGE (self->storage), self->sender, to, data,
                                    now_seconds (), error))
    return FALSE;

  /* On the next idle, after the caller's transaction has committed. */
  schedule (self, 0);
  return TRUE;
}

gboolean
ews_mail_queue_reservation_confirmation (EwsMail          *self,
                                         const EwsCatalog *catalog,
                                         const char       *to,
                                         const char       *guest_name,
                                         const char       *list_title,
                                         const char       *gift_title,
                                         const char       *gift_notes,
                                         const char       *gift_price,
                                         guint             quantity,
                                         const char       *reservation_id,
                                         const char       *confirm_key,
                                         GError          **error)
{
  g_autoptr(EwsMailContent) content = NULL;

  g_return_val_if_fail (EWS_IS_MAIL (self), FALSE);
  g_return_val_if_fail (reservation_id != NULL, FALSE);

  content = ews_mail_template_reservation_confirmation (catalog, self->public_url, guest_name, list_title,
                                                        gift_title, gift_notes, gift_price, quantity,
                                                        reservation_id, confirm_key);
  return queue (self, to, NULL, NULL, content, error);
}

gboolean
ews_mail_queue_purchase_confirmation (EwsMail          *self,
                                      const EwsCatalog *catalog,
                                      const char       *to,
                                      const char       *guest_name,
                                      const char       *list_title,
                                      const char       *gift_title,
                                      guint             quantity,
                                      GError          **error)
{
  g_autoptr(EwsMailContent) content = NULL;

  g_return_val_if_fail (EWS_IS_MAIL (self), FALSE);

  content = ews_mail_template_purchase_confirmation (catalog, guest_name, list_title, gift_title, quantity);
  return queue (self, to, NULL, NULL, content, error);
}

gboolean
ews_mail_queue_coowner_invitation (EwsMail          *self,
                                   const EwsCatalog *catalog,
                                   const char       *to,
                                   const char       *inviter_name,
                                   const char       *list_title,
                                   const char       *invitation_id,
                                   const char       *key,
                                   GError          **error)
{
  g_autoptr(EwsMailContent) content = NULL;

  g_return_val_if_fail (EWS_IS_MAIL (self), FALSE);

  content = ews_mail_template_coowner_invitation (catalog, self->public_url, inviter_name, list_title,
                                                  invitation_id, key);
  return queue (self, to, NULL, NULL, content, error);
}

gboolean
ews_mail_queue_link_confirmation (EwsMail          *self,
                                  const EwsCatalog *catalog,
                                  const char       *to,
                                  const char       *name,
                                  const char       *provider,
                                  const char       *url,
                                  GError          **error)
{
  g_autoptr(EwsMailContent) content = NULL;

  g_return_val_if_fail (EWS_IS_MAIL (self), FALSE);

  content = ews_mail_template_link_confirmation (catalog, name, provider, url);
  return queue (self, to, NULL, NULL, content, error);
}

gboolean
ews_mail_queue_contact (EwsMail    *self,
                        const char *sender_name,
                        const char *sender_email,
                        const char *message,
                        GError    **error)
{
  g_autoptr(EwsMailContent) content = NULL;
  const char *reply_to = NULL;

  g_return_val_if_fail (EWS_IS_MAIL (self), FALSE);

  /* A bad address still reaches us; we just cannot reply with one click. */
  if (ewe_email_is_valid (sender_email))
    reply_to = sender_email;

  content = ews_mail_template_contact (sender_name, sender_email, message);
  return queue (self, self->contact_email, sender_name, reply_to, content, error);
}

gboolean
ews_mail_queue_welcome (EwsMail          *self,
                        const EwsCatalog *catalog,
                        const char       *to,
                        const char       *name,
                        GError          **error)
{
  g_autoptr(EwsMailContent) content = NULL;

  g_return_val_if_fail (EWS_IS_MAIL (self), FALSE);

  content = ews_mail_template_welcome (catalog, self->public_url, name);
  return queue (self, to, NULL, NULL, content, error);
}

gboolean
ews_mail_queue_sign_up_attempt (EwsMail          *self,
                                const EwsCatalog *catalog,
                                const char       *to,
                                const char       *name,
                                GError          **error)
{
  g_autoptr(EwsMailContent) content = NULL;

  g_return_val_if_fail (EWS_IS_MAIL (self), FALSE);

  content = ews_mail_template_sign_up_attempt (catalog, self->public_url, name);
  return queue (self, to, NULL, NULL, content, error);
}

gboolean
ews_mail_queue_sign_up_code (EwsMail          *self,
                             const EwsCatalog *catalog,
                             const char       *to,
                             const char       *name,
                             const char       *code,
                             GError          **error)
{
  g_autoptr(EwsMailContent) content = NULL;

  g_return_val_if_fail (EWS_IS_MAIL (self), FALSE);

  content = ews_mail_template_sign_up_code (catalog, name, code);
  return queue (self, to, NULL, NULL, content, error);
}

gboolean
ews_mail_queue_password_reset_code (EwsMail          *self,
                                    const EwsCatalog *catalog,
                                    const char       *to,
                                    const char       *name,
                                    const char       *code,
                                    GError          **error)
{
  g_autoptr(EwsMailContent) content = NULL;

  g_return_val_if_fail (EWS_IS_MAIL (self), FALSE);

  content = ews_mail_template_password_reset_code (catalog, name, code);
  return queue (self, to, NULL, NULL, content, error);
}

void
ews_mail_set_metrics (EwsMail    *self,
                      EwsMetrics *metrics)
{
  g_return_if_fail (EWS_IS_MAIL (self));
  g_return_if_fail (metrics == NULL || EWS_IS_METRICS (metrics));

  g_set_object (&self->metrics, metrics);
}
