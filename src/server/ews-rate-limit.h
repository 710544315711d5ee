/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-server.h"

G_BEGIN_DECLS

/* What a client, an account or a mailbox may ask for per hour, before it is
 * told to come back later (the sign-in API with Cognito's exception, the
 * data API and the guest pages with 429 and Retry-After).
 *
 * Each limit is a token bucket kept in the database (so every server on it
 * agrees, and a restart forgets nothing): it holds N tokens and refills at
 * N an hour, so a burst of N is fine and then about one every 60/N minutes.
 * A bucket rather than a sliding window because it is one row of two numbers
 * per key, updated in one statement, whereas an exact sliding window keeps a
 * row per request; and a bucket forgives smoothly, where a fixed window
 * allows twice the limit across its edge. N is the --rate-* options; 0
 * turns a limit off. */

#define EWS_RATE_LIMIT_ERROR (ews_rate_limit_error_quark ())

typedef enum
{
  EWS_RATE_LIMIT_ERROR_EXCEEDED,
} EwsRateLimitError;

typedef enum
{
  EWS_RATE_SIGN_IN,             /* InitiateAuth, per client */
  EWS_RATE_SIGN_IN_ACCOUNT,     /* password sign-ins, per account */
  EWS_RATE_SIGN_UP,             /* SignUp, per client */
  EWS_RATE_CODE_REQUEST,        /* ForgotPassword, ResendConfirmationCode, per client */
  EWS_RATE_CODE_GUESS,          /* ConfirmSignUp, ConfirmForgotPassword, per client */
  EWS_RATE_CODE_GUESS_ADDRESS,  /* wrong codes per address and purpose, until a new code */
  EWS_RATE_ACCOUNT_MAIL,        /* codes and warnings, per mailbox */
  EWS_RATE_CONTACT,             /* POST /api/contact, per client */
  EWS_RATE_CONTACT_SENDER,      /* POST /api/contact, per sender's mailbox */
  EWS_RATE_GUEST,               /* reservations and purchases by guests, per client */
  EWS_RATE_GUEST_MAIL,          /* their confirmation mails, per mailbox */
} EwsRateKind;

/* Wrong codes allowed per code (and per address without an account). */
#define EWS_RATE_CODE_GUESSES 5

GQuark    ews_rate_limit_error_quark (void);

/* Takes a token of @kind for @subject (a client address, an e-mail key or
 * mailbox). FALSE with EWS_RATE_LIMIT_ERROR_EXCEEDED and *retry_after_s
 * (whole seconds, at least 1) when the bucket is empty; FALSE with the
 * storage's error when the database failed. */
gboolean  ews_rate_limit_take        (EwsServer    *server,
                                      EwsRateKind   kind,
                                      const char   *subject,
                                      gint64       *retry_after_s,
                                      GError      **error);
/* Fills @subject's bucket of @kind again. */
gboolean  ews_rate_limit_reset       (EwsServer    *server,
                                      EwsRateKind   kind,
                                      const char   *subject,
                                      GError      **error);

/* The mailbox an address delivers to, as far as limits go: normalised
 * (ewe_email_normalize()), without a +tag, and without dots for Gmail, so
 * that victim+1@ and victim+2@ are one victim. */
char     *ews_rate_limit_mailbox     (const char   *email);

G_END_DECLS
