/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-config.h"
#include "ews-storage.h"

G_BEGIN_DECLS

/* Opens the storage @config names: the PostgreSQL database at
 * config->database when it is set, else SQLite in config->data_dir
 * (created if need be). Either object implements EwsStorage,
 * EwsAuthStorage and EwsMailStorage.
 *
 * @form_secret, if not NULL, gets the secret the guest pages' forms are
 * signed with: in the database with PostgreSQL, so that every server on it
 * has the same, and in the data directory with SQLite. */
EwsStorage *ews_storage_open_configured (const EwsConfig  *config,
                                         GBytes          **form_secret,
                                         GError          **error);

G_END_DECLS
