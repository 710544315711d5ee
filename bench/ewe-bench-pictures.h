/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Pictures for the benchmarks' gifts, served on loopback as a shop would:
 * EWE_BENCH_N_PICTURES PNGs of 256×256, at /img/0 … /img/N-1, so that the
 * app fetches and decodes them as it does real ones. */

#define EWE_BENCH_N_PICTURES 8

/* @n gifts for a list, their ids "@id_prefix-<i>", their pictures at
 * @pictures_base/img/<i mod N>; varied prices, quantities and reservations. */
GPtrArray *ewe_bench_gifts_new (const char *id_prefix,
                                guint       n,
                                const char *pictures_base);

void ewe_bench_pictures_make  (void);
void ewe_bench_pictures_free  (void);
void ewe_bench_pictures_serve (SoupServer        *server,
                               SoupServerMessage *msg,
                               const char        *path,
                               GHashTable        *query,
                               gpointer           user_data);

G_END_DECLS
