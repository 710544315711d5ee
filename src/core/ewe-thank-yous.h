/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gio/gio.h>

#include "ewe-gift.h"
#include "ewe-reservation.h"

G_BEGIN_DECLS

/* The Thank-yous of one list as rows: each giver, what they gave, and
 * whether they have been thanked; for the app's view, the clipboard and
 * printing alike, so that all three say the same. Built from the store's
 * live models (the list's gifts and its reservations, which hold givers
 * only from the reveal date on). */

typedef struct
{
  EweGift *gift;         /* the gift on the list (owned reference) */
  char    *description;  /* "Acme Teapot" */
  int      quantity;     /* how many this giver gave */
  gboolean purchased;    /* bought, not only reserved */
} EweThankYouGift;

typedef struct
{
  char      *name;
  char      *email;
  GPtrArray *gifts;      /* EweThankYouGift */
  gboolean   thanked;    /* for every gift they gave */
} EweThankYou;

void        ewe_thank_you_free            (EweThankYou *row);
char       *ewe_thank_you_gift_describe   (EweGift     *gift);
/* Givers by name; NULL-free. */
GPtrArray  *ewe_thank_yous_collect        (GListModel  *gifts,
                                           GListModel  *reservations);
guint       ewe_thank_yous_count_to_thank (GPtrArray   *rows);
char       *ewe_thank_yous_to_text        (GPtrArray   *rows,
                                           const char  *list_title);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EweThankYou, ewe_thank_you_free)

G_END_DECLS
