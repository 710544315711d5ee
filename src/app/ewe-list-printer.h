/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-core.h"
#include "ewe-image-cache.h"
#include "ewe-print-layout.h"

G_BEGIN_DECLS

/* A gift list laid out for paper (ewe-print-layout.h): its title, occasion,
 * date and description, then each gift with its picture when the image
 * cache has it, its name, price, quantity and notes. */

/* @pictures: image URL → EwePicture, from
 * ewe_list_printer_load_pictures_finish(), or NULL for none. Counts of
 * what guests reserved and bought are printed when @show_counts (not in
 * surprise mode). */
EwePrintLayout *ewe_list_printer_build                 (EweList             *list,
                                                        GListModel          *gifts,
                                                        GHashTable          *pictures,
                                                        gboolean             show_counts);

/* The pictures of @gifts that @cache already holds: printing fetches
 * nothing. */
void            ewe_list_printer_load_pictures_async   (EweImageCache       *cache,
                                                        GListModel          *gifts,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GHashTable     *ewe_list_printer_load_pictures_finish  (GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
