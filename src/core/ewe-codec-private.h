/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-codec.h"

G_BEGIN_DECLS

/* Shared by ewe-codec.c (parsing, single objects), ewe-codec-answers.c
 * (whole answers) and ewe-codec-requests.c (request bodies). Readers set a
 * EWE_CODEC_ERROR naming @what and the member; optional members may be
 * absent or null and read as NULL. */

JsonObject *ewe_codec_expect_object       (JsonNode         *node,
                                           const char       *what,
                                           GError          **error);
JsonArray  *ewe_codec_expect_array        (JsonNode         *node,
                                           const char       *what,
                                           GError          **error);
gboolean    ewe_codec_read_string         (JsonObject       *object,
                                           const char       *what,
                                           const char       *member,
                                           gboolean          required,
                                           char            **out,
                                           GError          **error);
gboolean    ewe_codec_read_id             (JsonObject       *object,
                                           const char       *what,
                                           const char       *member,
                                           char            **out,
                                           GError          **error);
gboolean    ewe_codec_read_event_date     (JsonObject       *object,
                                           const char       *what,
                                           const char       *member,
                                           char            **out,
                                           GError          **error);
gboolean    ewe_codec_read_flag           (JsonObject       *object,
                                           const char       *what,
                                           const char       *member,
                                           gboolean          fallback,
                                           gboolean         *out,
                                           GError          **error);
gboolean    ewe_codec_read_count          (JsonObject       *object,
                                           const char       *what,
                                           const char       *member,
                                           int               min,
                                           int              *out,
                                           GError          **error);
gboolean    ewe_codec_read_product_type   (JsonObject       *object,
                                           const char       *what,
                                           const char       *member,
                                           EweProductType   *out,
                                           GError          **error);
void        ewe_codec_add_boolean         (JsonBuilder      *builder,
                                           const char       *member,
                                           gboolean          value);
void        ewe_codec_add_string          (JsonBuilder      *builder,
                                           const char       *member,
                                           const char       *value);
void        ewe_codec_add_optional_string (JsonBuilder      *builder,
                                           const char       *member,
                                           const char       *value);
void        ewe_codec_add_int             (JsonBuilder      *builder,
                                           const char       *member,
                                           int               value);
char       *ewe_codec_builder_to_string   (JsonBuilder      *builder);

G_END_DECLS
