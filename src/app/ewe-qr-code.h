/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EWE_QR_CODE_ERROR (ewe_qr_code_error_quark ())

typedef enum
{
  EWE_QR_CODE_ERROR_TOO_LONG,  /* more than the largest code holds */
  EWE_QR_CODE_ERROR_FAILED,    /* libqrencode gave up for another reason */
} EweQrCodeError;

#define EWE_TYPE_QR_CODE (ewe_qr_code_get_type ())

G_DECLARE_FINAL_TYPE (EweQrCode, ewe_qr_code, EWE, QR_CODE, GtkWidget)

/* The number of light modules drawn around the code: the QR standard's
 * quiet zone, without which phones struggle to find the code. */
#define EWE_QR_CODE_QUIET_ZONE 4

GQuark      ewe_qr_code_error_quark (void);
GtkWidget  *ewe_qr_code_new         (void);
const char *ewe_qr_code_get_text    (EweQrCode   *self);
gboolean    ewe_qr_code_set_text    (EweQrCode   *self,
                                     const char  *text,
                                     GError     **error);
GdkTexture *ewe_qr_code_get_texture (EweQrCode   *self);

G_END_DECLS
