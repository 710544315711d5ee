/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Sends one message over SMTP with libcurl. Blocking: call it from a worker
 * thread (EwsMail does). */

#define EWS_SMTP_ERROR (ews_smtp_error_quark ())

typedef enum
{
  EWS_SMTP_ERROR_TEMPORARY,  /* down, unreachable, 4xx: try again later */
  EWS_SMTP_ERROR_PERMANENT,  /* 5xx: the server refused this message for good */
  EWS_SMTP_ERROR_CANCELLED,
} EwsSmtpError;

typedef struct
{
  char *url;        /* smtp://host:port or smtps://host:port */
  char *user;       /* may be NULL */
  char *password;   /* may be NULL */
} EwsSmtpSettings;

GQuark           ews_smtp_error_quark   (void);

/* Call once from the main thread before any worker thread sends. */
void             ews_smtp_global_init   (void);

EwsSmtpSettings *ews_smtp_settings_new  (const char            *url,
                                         const char            *user,
                                         const char            *password);
void             ews_smtp_settings_free (EwsSmtpSettings       *settings);

gboolean         ews_smtp_send          (const EwsSmtpSettings *settings,
                                         const char            *sender,
                                         const char            *recipient,
                                         const char            *data,
                                         GCancellable          *cancellable,
                                         GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsSmtpSettings, ews_smtp_settings_free)

G_END_DECLS
