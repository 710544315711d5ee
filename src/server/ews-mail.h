/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ews-catalog.h"
#include "ews-config.h"
#include "ews-storage.h"

G_BEGIN_DECLS

/* EwsMail is the server's mail service: the ews_mail_queue_*() functions
 * compose a message from a template and store it in the outbox (in the
 * server's storage), and a sender delivers the outbox over SMTP in a worker
 * thread, retrying with exponential backoff, so a mail server that is down
 * loses nothing. Routes get it from ews_server_get_mail().
 *
 * Every string is plain UTF-8 as the user typed it: templates escape what
 * goes into HTML. A queue function fails only when the outbox cannot be
 * written; whether SMTP is configured or up does not matter to the caller. */

#define EWS_TYPE_MAIL (ews_mail_get_type ())

G_DECLARE_FINAL_TYPE (EwsMail, ews_mail, EWS, MAIL, GObject)

/* ews-metrics.h, which needs ews-server.h, which needs this. */
typedef struct _EwsMetrics EwsMetrics;

/* @storage must also implement EwsMailStorage. Nothing is sent before
 * ews_mail_start(), nor ever without config->smtp_url. */
EwsMail *ews_mail_new   (EwsStorage      *storage,
                         const EwsConfig *config);
void     ews_mail_start (EwsMail         *self);
/* Where failed attempts to send are counted; may be NULL. */
void     ews_mail_set_metrics (EwsMail    *self,
                               EwsMetrics *metrics);
/* Cancels a transfer under way; its mail stays in the outbox. */
void     ews_mail_stop  (EwsMail         *self);

/* To a guest who reserved a gift: what, on which list, and the link
 * <public-url>/reserve/<reservation_id> to see, buy or cancel it, with
 * ?confirm=<confirm_key> to confirm it when it is not yet (@confirm_key
 * not NULL). */
gboolean ews_mail_queue_reservation_confirmation (EwsMail          *self,
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
                                                  GError          **error);

/* To a guest who marked a reserved gift as bought. */
gboolean ews_mail_queue_purchase_confirmation    (EwsMail          *self,
                                                  const EwsCatalog *catalog,
                                                  const char       *to,
                                                  const char       *guest_name,
                                                  const char       *list_title,
                                                  const char       *gift_title,
                                                  guint             quantity,
                                                  GError          **error);

/* To an address an owner of a list invited to co-own it: the link
 * ews_mail_invitation_url() makes, with the secret @key. */
gboolean ews_mail_queue_coowner_invitation       (EwsMail          *self,
                                                  const EwsCatalog *catalog,
                                                  const char       *to,
                                                  const char       *inviter_name,
                                                  const char       *list_title,
                                                  const char       *invitation_id,
                                                  const char       *key,
                                                  GError          **error);

/* A contact-form message, to --contact-email, with Reply-To the sender. */
gboolean ews_mail_queue_contact                  (EwsMail          *self,
                                                  const char       *sender_name,
                                                  const char       *sender_email,
                                                  const char       *message,
                                                  GError          **error);

/* Sign-in mails, queued by the auth service. */
gboolean ews_mail_queue_welcome                  (EwsMail          *self,
                                                  const EwsCatalog *catalog,
                                                  const char       *to,
                                                  const char       *name,
                                                  GError          **error);
/* To the owner of an account when someone signs up with its address. */
gboolean ews_mail_queue_sign_up_attempt          (EwsMail          *self,
                                                  const EwsCatalog *catalog,
                                                  const char       *to,
                                                  const char       *name,
                                                  GError          **error);
gboolean ews_mail_queue_sign_up_code             (EwsMail          *self,
                                                  const EwsCatalog *catalog,
                                                  const char       *to,
                                                  const char       *name,
                                                  const char       *code,
                                                  GError          **error);
gboolean ews_mail_queue_password_reset_code      (EwsMail          *self,
                                                  const EwsCatalog *catalog,
                                                  const char       *to,
                                                  const char       *name,
                                                  const char       *code,
                                                  GError          **error);

/* To the owner of an account, the link that confirms a sign-in
 * provider's identity may sign in to it (ews-oauth2-link-mail.c). */
gboolean ews_mail_queue_link_confirmation        (EwsMail          *self,
                                                  const EwsCatalog *catalog,
                                                  const char       *to,
                                                  const char       *name,
                                                  const char       *provider,
                                                  const char       *url,
                                                  GError          **error);

G_END_DECLS
