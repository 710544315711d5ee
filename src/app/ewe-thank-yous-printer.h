/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-print-layout.h"

G_BEGIN_DECLS

/* A list's Thank-yous laid out for paper (ewe-print-layout.h): the list's
 * title, who is still to thank, then one block per giver with what they
 * gave, each with a box to tick — ticked already where the owner marked a
 * gift received or the giver thanked, empty for a pen to tick. */

/* @rows: (element-type EweThankYou): from ewe_thank_yous_collect(). */
EwePrintLayout *ewe_thank_yous_printer_build (const char *list_title,
                                              GPtrArray  *rows);

G_END_DECLS
