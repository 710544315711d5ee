/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>

#include "ewe-browser-sign-in.h"

G_BEGIN_DECLS

/* Shared by ewe-browser-sign-in.c (the flow) and
 * ewe-browser-sign-in-page.c (its tokens and the tab's page). */

char *ewe_browser_sign_in_random_token   (gsize               n_bytes,
                                          GError            **error);
char *ewe_browser_sign_in_code_challenge (const char         *verifier);
void  ewe_browser_sign_in_answer         (SoupServerMessage  *msg,
                                          guint               status,
                                          const char         *message);

G_END_DECLS
