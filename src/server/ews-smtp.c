/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-smtp"

#include "config.h"

#include <curl/curl.h>

#include "ews-password.h"
#include "ews-smtp.h"

#define CONNECT_TIMEOUT_SECONDS 10L
#define TRANSFER_TIMEOUT_SECONDS 60L

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ews-smtp-error-quark, ews_smtp_error)
/* clang-format on */

typedef struct
{
  const char   *data;
  gsize         length;
  gsize         offset;
  GCancellable *cancellable;
} Upload;

void
ews_smtp_global_init (void)
{
  static gsize initialized;

  /* curl_global_init is not thread-safe in libcurl 7.88. */
  if (g_once_init_enter (&initialized))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&initialized, 1);
    }
}

EwsSmtpSettings *
ews_smtp_settings_new (const char *url,
                       const char *user,
                       const char *password)
{
  EwsSmtpSettings *settings = g_new0 (EwsSmtpSettings, 1);

  settings->url = g_strdup (url);
  settings->user = g_strdup (user);
  settings->password = g_strdup (password);

  return settings;
}

void
ews_smtp_settings_free (EwsSmtpSettings *settings)
{
  if (settings == NULL)
    return;

  g_free (settings->url);
  g_free (settings->user);
  ews_password_wipe_free (settings->password);
  g_free (settings);
}

static size_t
read_cb (char  *buffer,
         size_t size,
         size_t n_items,
         void  *user_data)
{
  Upload *upload = user_data;
  gsize   room = size * n_items;
  gsize   n = MIN (room, upload->length - upload->offset);

  memcpy (buffer, upload->data + upload->offset, n);
  upload->offset += n;

  return n;
}

/* Lets a server shutdown abort a transfer to a slow SMTP server. */
static int
progress_cb (void      *user_data,
             curl_off_t dltotal,
             curl_off_t dlnow,
             curl_off_t ultotal,
             curl_off_t ulnow)
{
  Upload *upload = user_data;

  return g_cancellable_is_cancelled (upload->cancellable) ? 1 : 0;
}

static gboolean
is_smtps (const char *url)
{
  return g_ascii_strncasecmp (url, "smtps://", 8) == 0;
}

gboolean
ews_smtp_send (const EwsSmtpSettings *settings,
               const char            *sender,
               const char            *recipient,
               const char            *data,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autofree char   *mail_from = g_strdup_printf ("<%s>", sender);
  g_autofree char   *rcpt = g_strdup_printf ("<%s>", recipient);
  char               error_buffer[CURL_ERROR_SIZE] = "";
  struct curl_slist *recipients = NULL;
  Upload             upload = { data, strlen (data), 0, cancellable };
  long               response_code = 0;
  CURLcode           rc;
  CURL              *curl;

  g_return_val_if_fail (settings != NULL && settings->url != NULL, FALSE);

  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error_literal (error, EWS_SMTP_ERROR, EWS_SMTP_ERROR_TEMPORARY,
                           "Could not start an SMTP session (out of memory?)");
      return FALSE;
    }

  recipients = curl_slist_append (recipients, rcpt);

  curl_easy_setopt (curl, CURLOPT_URL, settings->url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, mail_from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)upload.length);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &upload);
  /* Signals and threads do not mix; we have our own timeouts. */
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_SECONDS);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, TRANSFER_TIMEOUT_SECONDS);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, error_buffer);

  if (settings->user != NULL && settings->user[0] != '\0')
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, settings->user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, settings->password != NULL ? settings->password : "");
    }

  /* smtps:// is TLS from the start. On smtp://, use STARTTLS when offered,
   * and insist on it before sending a password. */
  if (!is_smtps (settings->url))
    curl_easy_setopt (curl, CURLOPT_USE_SSL,
                      settings->user != NULL ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);

  rc = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response_code);

  curl_slist_free_all (recipients);
  curl_easy_cleanup (curl);

  if (rc == CURLE_OK)
    return TRUE;

  if (rc == CURLE_ABORTED_BY_CALLBACK)
    {
      g_set_error_literal (error, EWS_SMTP_ERROR, EWS_SMTP_ERROR_CANCELLED,
                           "Sending was cancelled");
      return FALSE;
    }

  /* A 5xx reply to MAIL, RCPT or DATA will be the same next time (an unknown
   * recipient, a refused sender); anything else may pass later, including
   * refused credentials, which the administrator can fix. */
  g_set_error (error, EWS_SMTP_ERROR,
               response_code >= 500 && response_code < 600 && rc != CURLE_LOGIN_DENIED
                 ? EWS_SMTP_ERROR_PERMANENT
                 : EWS_SMTP_ERROR_TEMPORARY,
               "%s (SMTP reply %ld)",
               error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror (rc),
               response_code);
  return FALSE;
}
