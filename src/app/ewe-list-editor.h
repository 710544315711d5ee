/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-store.h"

G_BEGIN_DECLS

#define EWE_TYPE_LIST_EDITOR (ewe_list_editor_get_type ())

G_DECLARE_FINAL_TYPE (EweListEditor, ewe_list_editor, EWE, LIST_EDITOR, AdwWindow)

/* With @list NULL the editor creates a new list; otherwise it edits @list.
 * It emits EweListEditor::saved with the store's live list, then closes. */
EweListEditor *ewe_list_editor_new        (EweStore      *store,
                                           EweList       *list);
EweList       *ewe_list_editor_get_list   (EweListEditor *self);

G_END_DECLS
