/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Writes JSON text straight into one growing buffer. Stored things are
 * written with it directly (ews-api-json.h): a json-glib tree costs a hash
 * table and a node per member and a second walk to print it, and that
 * allocator churn was the bulk of the time per shared list. Small replies
 * still built as trees are printed through it too, so every JSON text the
 * server sends is escaped the same way. The caller keeps the structure
 * right: a member name before each value inside an object, none inside an
 * array. Nesting is limited to 64 levels, far more than any reply has. */
typedef struct _EwsJsonWriter EwsJsonWriter;

EwsJsonWriter *ews_json_writer_new          (gsize          expected_length);
void           ews_json_writer_free         (EwsJsonWriter *self);
/* Frees the writer and returns its text, of @length bytes. */
char          *ews_json_writer_free_to_text (EwsJsonWriter *self,
                                             gsize         *length);

void ews_json_writer_begin_object  (EwsJsonWriter *self);
void ews_json_writer_end_object    (EwsJsonWriter *self);
void ews_json_writer_begin_array   (EwsJsonWriter *self);
void ews_json_writer_end_array     (EwsJsonWriter *self);
void ews_json_writer_member        (EwsJsonWriter *self,
                                    const char    *name);
void ews_json_writer_string_value  (EwsJsonWriter *self,
                                    const char    *value);
void ews_json_writer_int_value     (EwsJsonWriter *self,
                                    gint64         value);
void ews_json_writer_boolean_value (EwsJsonWriter *self,
                                    gboolean       value);
/* Any json-glib tree, as its value. */
void ews_json_writer_node          (EwsJsonWriter *self,
                                    JsonNode      *node);

/* @node's text, of @length bytes: what json_to_string() gives but for the
 * control characters, which json-glib 1.6 lets through raw from U+001F
 * (RFC 8259 wants them escaped, and browsers' JSON.parse() refuses them)
 * and escapes at U+007F, where none is needed. Every JSON text the server
 * sends or signs goes through here, so all are spelt alike. */
char *ews_json_node_to_text        (JsonNode      *node,
                                    gsize         *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EwsJsonWriter, ews_json_writer_free)

G_END_DECLS
