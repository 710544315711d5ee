/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib-object.h>

#include "ewe-enums.h"

G_BEGIN_DECLS

#define EWE_TYPE_USER (ewe_user_get_type ())

G_DECLARE_FINAL_TYPE (EweUser, ewe_user, EWE, USER, GObject)

EweUser    *ewe_user_new         (void);
EweUser    *ewe_user_copy        (EweUser    *self);
gboolean    ewe_user_update_from (EweUser    *self,
                                  EweUser    *other);
const char *ewe_user_get_sub     (EweUser    *self);
void        ewe_user_set_sub     (EweUser    *self,
                                  const char *sub);
const char *ewe_user_get_email   (EweUser    *self);
void        ewe_user_set_email   (EweUser    *self,
                                  const char *email);
const char *ewe_user_get_name    (EweUser    *self);
void        ewe_user_set_name    (EweUser    *self,
                                  const char *name);

G_END_DECLS
