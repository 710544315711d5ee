/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib-object.h>

#include "ewe-enums.h"

G_BEGIN_DECLS

#define EWE_TYPE_OUTBOX_ENTRY (ewe_outbox_entry_get_type ())

G_DECLARE_FINAL_TYPE (EweOutboxEntry, ewe_outbox_entry, EWE, OUTBOX_ENTRY, GObject)

EweOutboxEntry *ewe_outbox_entry_new                 (void);
EweOutboxEntry *ewe_outbox_entry_copy                (EweOutboxEntry *self);
gboolean        ewe_outbox_entry_update_from         (EweOutboxEntry *self,
                                                      EweOutboxEntry *other);
gint64          ewe_outbox_entry_get_id              (EweOutboxEntry *self);
void            ewe_outbox_entry_set_id              (EweOutboxEntry *self,
                                                      gint64          id);
EweOutboxKind   ewe_outbox_entry_get_kind            (EweOutboxEntry *self);
void            ewe_outbox_entry_set_kind            (EweOutboxEntry *self,
                                                      EweOutboxKind   kind);
const char     *ewe_outbox_entry_get_list_id         (EweOutboxEntry *self);
void            ewe_outbox_entry_set_list_id         (EweOutboxEntry *self,
                                                      const char     *list_id);
const char     *ewe_outbox_entry_get_product_id      (EweOutboxEntry *self);
void            ewe_outbox_entry_set_product_id      (EweOutboxEntry *self,
                                                      const char     *product_id);
const char     *ewe_outbox_entry_get_payload         (EweOutboxEntry *self);
void            ewe_outbox_entry_set_payload         (EweOutboxEntry *self,
                                                      const char     *payload);
const char     *ewe_outbox_entry_get_idempotency_key (EweOutboxEntry *self);
void            ewe_outbox_entry_set_idempotency_key (EweOutboxEntry *self,
                                                      const char     *idempotency_key);
gint64          ewe_outbox_entry_get_created         (EweOutboxEntry *self);
void            ewe_outbox_entry_set_created         (EweOutboxEntry *self,
                                                      gint64          created);
int             ewe_outbox_entry_get_attempts        (EweOutboxEntry *self);
void            ewe_outbox_entry_set_attempts        (EweOutboxEntry *self,
                                                      int             attempts);
const char     *ewe_outbox_entry_get_last_error      (EweOutboxEntry *self);
void            ewe_outbox_entry_set_last_error      (EweOutboxEntry *self,
                                                      const char     *last_error);

G_END_DECLS
