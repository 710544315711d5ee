/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

#include "ewe-email-rules.h"

G_BEGIN_DECLS

/* Building RFC 5322 messages: multipart/alternative with a plain-text and an
 * HTML part, both UTF-8 in base64 (safe through any relay), and headers in
 * which nothing a user typed can start a new header line. */

#define EWS_MAIL_ERROR (ews_mail_error_quark ())

typedef enum
{
  EWS_MAIL_ERROR_INVALID_ADDRESS,
} EwsMailError;

/* What a template produces: the parts of one message. */
typedef struct
{
  char *subject;
  char *text;
  char *html;
} EwsMailContent;

GQuark          ews_mail_error_quark         (void);

void            ews_mail_content_free        (EwsMailContent *content);

/* "Ewelists <no-reply@example.org>" → "no-reply@example.org"; a bare address
 * is returned as it is. NULL if no valid address is in there. */
char           *ews_mail_address_from_mailbox (const char    *mailbox);
/* The sender when none is configured: "Ewelists <no-reply@HOST>" for the
 * host of @public_url when it is a domain name, else at localhost. */
char           *ews_mail_default_sender      (const char     *public_url);

/* @from is a mailbox (with or without a display name), @to a bare address;
 * @reply_to_name and @reply_to may be NULL. @date is the Date header. */
char           *ews_mail_message_compose     (const char     *from,
                                              const char     *to,
                                              const char     *reply_to_name,
                                              const char     *reply_to,
                                              const EwsMailContent *content,
                                              GDateTime      *date,
                                              GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsMailContent, ews_mail_content_free)

G_END_DECLS
