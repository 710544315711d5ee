/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A real SMTP server for tests: it listens on a free loopback port in a
 * thread of its own (so a test may block on HTTP calls while the server under
 * test sends mail), speaks enough SMTP for libcurl (EHLO/HELO, MAIL FROM,
 * RCPT TO, DATA, RSET, NOOP, QUIT) and records every message it accepts.
 * It can be stopped and started again on the same port, to play an SMTP
 * server that is down for a while. */

typedef struct _EweTestSmtp EweTestSmtp;

typedef struct
{
  char  *mail_from;   /* the envelope sender, without the angle brackets */
  char **rcpt_to;     /* the envelope recipients */
  char  *data;        /* the message as sent, CRLF line ends, dots unstuffed */
} EweTestMail;

EweTestSmtp *ewe_test_smtp_new              (void);
void         ewe_test_smtp_free             (EweTestSmtp  *smtp);
void         ewe_test_smtp_stop             (EweTestSmtp  *smtp);
void         ewe_test_smtp_start            (EweTestSmtp  *smtp);
guint16      ewe_test_smtp_get_port         (EweTestSmtp  *smtp);
char        *ewe_test_smtp_dup_url          (EweTestSmtp  *smtp);
/* From now on, refuse mail to @recipient for good (550), as for an address
 * that does not exist. */
void         ewe_test_smtp_reject           (EweTestSmtp  *smtp,
                                             const char   *recipient);
guint        ewe_test_smtp_get_n_messages   (EweTestSmtp  *smtp);
/* Waits up to @timeout_ms for the message at @index (0 is the first ever
 * received) and returns a copy, or NULL on timeout. */
EweTestMail *ewe_test_smtp_wait_for_message (EweTestSmtp  *smtp,
                                             guint         index,
                                             guint         timeout_ms);
/* The first message received at or after @index sent to @recipient. */
EweTestMail *ewe_test_smtp_wait_for_mail_to (EweTestSmtp  *smtp,
                                             guint         index,
                                             const char   *recipient,
                                             guint         timeout_ms);

void         ewe_test_mail_free             (EweTestMail  *mail);
/* A header's value as sent (unfolded), or NULL. */
char        *ewe_test_mail_dup_header       (EweTestMail  *mail,
                                             const char   *name);
/* The Subject, with RFC 2047 encoded words decoded. */
char        *ewe_test_mail_dup_subject      (EweTestMail  *mail);
/* The decoded body of the first part of this content type (text/plain,
 * text/html), or NULL. */
char        *ewe_test_mail_dup_part         (EweTestMail  *mail,
                                             const char   *content_type);
/* The first run of exactly six digits in the plain-text part: the sign-up or
 * password-reset code. */
char        *ewe_test_mail_dup_code         (EweTestMail  *mail);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EweTestSmtp, ewe_test_smtp_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EweTestMail, ewe_test_mail_free)

G_END_DECLS
