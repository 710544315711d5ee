/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-gift-editor.h"

G_BEGIN_DECLS

/* Shared by ewe-gift-editor.c (the window, the look-up and the form) and
 * ewe-gift-editor-save.c (saving the form). */

struct _EweGiftEditor
{
  AdwWindow       parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  GtkButton      *cancel_button;
  GtkButton      *back_button;
  GtkButton      *save_button;
  GtkButton      *look_up_button;
  GtkSpinner     *spinner;
  GtkStack       *stack;
  AdwEntryRow    *url_row;
  GtkLabel       *status_label;
  GtkLabel       *look_up_error;
  GtkLabel       *form_error;
  GtkPicture     *preview;
  AdwPreferencesGroup *product_group;
  AdwEntryRow    *details_row;
  GtkWidget      *details_error_row;
  GtkLabel       *details_error;
  AdwEntryRow    *brand_row;
  AdwEntryRow    *price_row;
  AdwEntryRow    *retailer_row;
  AdwEntryRow    *product_url_row;
  GtkWidget      *product_url_error_row;
  GtkLabel       *product_url_error;
  AdwEntryRow    *image_url_row;
  GtkWidget      *image_url_error_row;
  GtkLabel       *image_url_error;
  GtkSpinButton  *quantity_button;
  GtkSwitch      *unlimited_switch;
  GtkSwitch      *most_wanted_switch;
  AdwEntryRow    *notes_row;

  /* owned */
  EweStore       *store;
  EweList        *list;
  EweApiClient   *api_client;
  EweGift        *gift;         /* the gift edited, or the one added */
  EweGift        *found;        /* what the look-up found, if anything */
  GCancellable   *cancellable;  /* everything; cancelled in dispose */
  GCancellable   *look_up_cancellable;
  GCancellable   *preview_cancellable;
  char           *url;          /* the address being looked up */
  guint           preview_source;

  guint           busy : 1;
};

/* ewe-gift-editor.c */
void     ewe_gift_editor_emit_saved   (EweGiftEditor *self,
                                       EweGift       *gift);
char    *ewe_gift_editor_dup_stripped (AdwEntryRow   *row);
gboolean ewe_gift_editor_check_fields (EweGiftEditor *self);
gboolean ewe_gift_editor_is_editing   (EweGiftEditor *self);
void     ewe_gift_editor_set_busy     (EweGiftEditor *self,
                                       gboolean       busy);

/* ewe-gift-editor-save.c */
void     ewe_gift_editor_save_action  (GtkWidget     *widget,
                                       const char    *action_name,
                                       GVariant      *param);

G_END_DECLS
