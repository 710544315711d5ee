/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The occasions the original offered, with their default pictures. The
 * name is English and what goes on the wire; the label is the name in the
 * user's language, for showing. */
guint          ewe_occasion_get_n_items         (void);
const char    *ewe_occasion_get_name            (guint        position);
const char    *ewe_occasion_get_label           (guint        position);
guint          ewe_occasion_find                (const char  *name);
const char    *ewe_occasion_get_image_url       (guint        position);
const char    *ewe_occasion_get_resource        (guint        position);

/* A list's occasion as stored (@name) in the user's language: the label
 * when it is one of ours, else the name as the owner typed it. */
const char    *ewe_occasion_label_for_name      (const char  *name);

/* An event's date as the user's language writes it, "25 December 2026". */
char          *ewe_occasion_format_event_date   (GDateTime   *date);

G_END_DECLS
