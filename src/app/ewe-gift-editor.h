/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <adwaita.h>

#include "ewe-api-client.h"
#include "ewe-store.h"

G_BEGIN_DECLS

#define EWE_TYPE_GIFT_EDITOR (ewe_gift_editor_get_type ())

G_DECLARE_FINAL_TYPE (EweGiftEditor, ewe_gift_editor, EWE, GIFT_EDITOR, AdwWindow)

/* Adds a gift to @list. @api_client may be NULL (no server): the editor
 * then reads the shop's page without asking the catalogue first. */
EweGiftEditor *ewe_gift_editor_new          (EweStore      *store,
                                             EweList       *list,
                                             EweApiClient  *api_client);
/* Changes the quantity and notes of @gift, a live gift of @store. */
EweGiftEditor *ewe_gift_editor_new_for_gift (EweStore      *store,
                                             EweGift       *gift);
/* Starts looking @url up, as if the user had pasted it and pressed Enter. */
void           ewe_gift_editor_look_up      (EweGiftEditor *self,
                                             const char    *url);
EweGift       *ewe_gift_editor_get_gift     (EweGiftEditor *self);

G_END_DECLS
