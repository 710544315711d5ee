/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Checks made before any request, so a typo is pointed at at once and in
 * place. Each returns NULL when the text is fine, or what is wrong in words
 * for the user. */
char *ewe_validation_check_email            (const char  *text);
char *ewe_validation_check_password         (const char  *password);
char *ewe_validation_check_code             (const char  *text);
char *ewe_validation_check_user_pool_id     (const char  *text);
char *ewe_validation_check_hosted_ui_domain (const char  *text,
                                             char       **domain);

G_END_DECLS
