/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* E-mail addresses as people type them into a sign-up form or a guest's
 * reservation: which the service takes, and when two name one person. */

gboolean  ewe_email_is_valid   (const char *address);
char     *ewe_email_normalize  (const char *address);
gboolean  ewe_email_same       (const char *a,
                                const char *b);

G_END_DECLS
