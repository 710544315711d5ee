/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* EweAccountDialog is one class written in three files, one per way into
 * an account; this header holds the instance struct and the functions one
 * file calls in another. Only those files include it.
 *
 *   ewe-account-dialog.c          the class, its pages and Back, the
 *                                 server page and signing in
 *   ewe-account-dialog-sign-up.c  creating an account and confirming the
 *                                 e-mail address with a code
 *   ewe-account-dialog-reset.c    resetting a forgotten password
 *   ewe-account-dialog-browser.c  signing in in the system browser */

#pragma once

#include "ewe-account-dialog.h"
#include "ewe-browser-sign-in.h"
#include "ewe-identity-providers.h"

G_BEGIN_DECLS

struct _EweAccountDialog
{
  AdwWindow              parent_instance;

  /* template widgets */
  AdwWindowTitle        *window_title;
  GtkWidget             *back_button;
  GtkSpinner            *spinner;
  GtkStack              *stack;
  AdwEntryRow           *server_row;
  GtkLabel              *server_status;
  GtkLabel              *server_error;
  GtkButton             *server_continue_button;
  GtkLabel              *sign_in_description;
  AdwEntryRow           *sign_in_email_row;
  AdwEntryRow           *sign_in_password_row;
  GtkLabel              *sign_in_error;
  GtkButton             *sign_in_button;
  GtkButton             *browser_button;
  GtkBox                *providers_box;
  GtkSpinner            *browser_spinner;
  GtkLabel              *browser_error;
  GtkButton             *browser_cancel_button;
  AdwEntryRow           *sign_up_name_row;
  AdwEntryRow           *sign_up_email_row;
  AdwEntryRow           *sign_up_password_row;
  GtkLabel              *sign_up_error;
  GtkButton             *sign_up_button;
  GtkLabel              *confirm_description;
  AdwEntryRow           *confirm_code_row;
  GtkLabel              *confirm_error;
  GtkButton             *confirm_button;
  AdwEntryRow           *forgot_email_row;
  GtkLabel              *forgot_error;
  GtkButton             *forgot_send_button;
  GtkLabel              *reset_description;
  AdwEntryRow           *reset_code_row;
  AdwEntryRow           *reset_password_row;
  GtkLabel              *reset_error;
  GtkButton             *reset_button;

  /* owned */
  EweSession            *session;
  GCancellable          *cancellable;
  GPtrArray             *history;        /* names of the pages Back returns to */
  char                  *pending_url;    /* the server being tested */
  char                  *email;          /* of the account being confirmed or reset */
  char                  *password;       /* kept until confirmed, to sign in at once */
  EweAccountDialogStart  start;
  gboolean               busy;
  gboolean               probe_continues;  /* Continue, not Test Connection */
  EweBrowserSignIn      *browser_sign_in;  /* while the browser page waits */
  GCancellable          *browser_cancellable;
  GCancellable          *providers_cancellable; /* reading the server's providers */
  char                  *providers_server;      /* whose providers the buttons are */
};

/* ewe-account-dialog.c */
char       *_ewe_account_dialog_dup_text       (AdwEntryRow      *row);
void        _ewe_account_dialog_wipe_password  (EweAccountDialog *self);
void        _ewe_account_dialog_set_busy       (EweAccountDialog *self,
                                                gboolean          busy);
void        _ewe_account_dialog_clear_errors   (EweAccountDialog *self);
void        _ewe_account_dialog_show_error     (EweAccountDialog *self,
                                                AdwEntryRow      *row,
                                                const char       *message);
gboolean    _ewe_account_dialog_check_field    (EweAccountDialog *self,
                                                AdwEntryRow      *row,
                                                char             *problem);
void        _ewe_account_dialog_show_failure   (EweAccountDialog *self,
                                                AdwEntryRow      *row,
                                                const GError     *error);
void        _ewe_account_dialog_show_page      (EweAccountDialog *self,
                                                const char       *name);
EweAccount *_ewe_account_dialog_get_account    (EweAccountDialog *self);
void        _ewe_account_dialog_start_sign_in  (EweAccountDialog *self,
                                                const char       *email,
                                                const char       *password);

/* ewe-account-dialog-sign-up.c */
void        _ewe_account_dialog_class_init_sign_up (GtkWidgetClass *widget_class);

/* ewe-account-dialog-reset.c */
void        _ewe_account_dialog_class_init_reset   (GtkWidgetClass *widget_class);

/* ewe-account-dialog-browser.c */
void        _ewe_account_dialog_class_init_browser (GtkWidgetClass   *widget_class);
void        _ewe_account_dialog_cancel_browser     (EweAccountDialog *self);
void        _ewe_account_dialog_signed_in          (EweAccountDialog *self);
void        _ewe_account_dialog_load_providers     (EweAccountDialog *self);
void        _ewe_account_dialog_stop_providers     (EweAccountDialog *self);

G_END_DECLS
