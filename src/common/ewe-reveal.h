/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A list's reveal date: the day from which its owner sees who gave what.
 * Until then the server tells the owner counts only, whatever the owner's
 * client asks. The owner may choose the day ("2027-06-02"); by default it
 * is the day after the event. A list with neither has no surprise to keep:
 * its owner sees who gave what, as before reveal dates existed. Days are
 * UTC days, as the server's clock counts them; any valid day may be chosen,
 * one already past included, which reveals at once: the surprise is the
 * owner's own to end. */

gboolean  ewe_reveal_date_is_valid    (const char *date);
char     *ewe_reveal_effective_date   (const char *event_date,
                                       const char *reveal_date);
gboolean  ewe_reveal_has_come         (const char *effective_date,
                                       gint64      now_unix_seconds);

G_END_DECLS
