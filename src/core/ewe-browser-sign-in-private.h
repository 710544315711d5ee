/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>

#include "ewe-browser-sign-in.h"

G_BEGIN_DECLS

/* Shared by ewe-browser-sign-in.c (the flow),
 * ewe-browser-sign-in-page.c (its tokens and the tab's page) and
 * ewe-browser-sign-in-listener.c (where the browser comes back to). */

#define EWE_BROWSER_SIGN_IN_CALLBACK_PATH "/callback"

char *ewe_browser_sign_in_random_token   (gsize               n_bytes,
                                          GError            **error);
char *ewe_browser_sign_in_code_challenge (const char         *verifier);
void  ewe_browser_sign_in_answer         (SoupServerMessage  *msg,
                                          guint               status,
                                          const char         *message);
SoupServer *ewe_browser_sign_in_listen   (guint               port,
                                          SoupServerCallback  handler,
                                          gpointer            user_data,
                                          char              **redirect_uri,
                                          GError            **error);

G_END_DECLS
