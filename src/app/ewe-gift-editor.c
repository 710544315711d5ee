/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-gift-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-gift-editor-private.h"
#include "ewe-gift-rules.h"
#include "ewe-page-metadata.h"
#include "ewe-price.h"
#include "ewe-product-lookup.h"
#include "ewe-texture.h"
#include "ewe-widget-utils.h"

/* EweGiftEditor adds a gift in two steps: a product address, looked up in
 * the server's catalogue first (so friends' lists share one product) and
 * otherwise read from the shop's page (see ewe-product-lookup.c); then a form, prefilled with what was
 * found, for the user to correct and complete. When nothing can be found
 * the user types the gift in. Editing an existing gift changes only what
 * belongs to the list (quantity and notes); the product is shared. */

G_DEFINE_FINAL_TYPE (EweGiftEditor, ewe_gift_editor, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_LIST,
  PROP_API_CLIENT,
  PROP_GIFT,
  N_PROPS
};

enum
{
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

void
ewe_gift_editor_emit_saved (EweGiftEditor *self,
                            EweGift       *gift)
{
  g_signal_emit (self, signals[SAVED], 0, gift);
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

char *
ewe_gift_editor_dup_stripped (AdwEntryRow *row)
{
  char *text = g_strstrip (g_strdup (entry_text (row)));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);

  return text;
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

/* A field's problem, said just under it (and to screen readers, as the
 * field's description), or cleared with @message NULL. */
static void
show_field_error (AdwEntryRow *row,
                  GtkWidget   *error_row,
                  GtkLabel    *error_label,
                  const char  *message)
{
  if (message != NULL)
    {
      gtk_label_set_label (error_label, message);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  gtk_widget_set_visible (error_row, message != NULL);
}

/* Every problem of the typed-in fields at once, each under its field, by
 * the rule the server applies (libewe-common): a name is all a gift needs.
 * Focus goes to the first field to fix. Returns whether there were none. */
gboolean
ewe_gift_editor_check_fields (EweGiftEditor *self)
{
  g_autofree char *details = ewe_gift_editor_dup_stripped (self->details_row);
  g_autofree char *product_url = ewe_gift_editor_dup_stripped (self->product_url_row);
  g_autofree char *image_url = ewe_gift_editor_dup_stripped (self->image_url_row);
  EweGiftProblems  problems = ewe_gift_rules_check_typed_in (details, product_url, image_url);

  show_field_error (self->details_row, self->details_error_row, self->details_error,
                    problems & EWE_GIFT_PROBLEM_NO_NAME ? _("A gift needs a name.") : NULL);
  show_field_error (self->product_url_row, self->product_url_error_row, self->product_url_error,
                    problems & EWE_GIFT_PROBLEM_PRODUCT_URL
                    ? _("A shop’s address starts with https:// or http://. Leave it empty if there is none.")
                    : NULL);
  show_field_error (self->image_url_row, self->image_url_error_row, self->image_url_error,
                    problems & EWE_GIFT_PROBLEM_IMAGE_URL
                    ? _("A picture’s address starts with https:// or http://. Leave it empty if there is none.")
                    : NULL);

  if (problems & EWE_GIFT_PROBLEM_NO_NAME)
    gtk_widget_grab_focus (GTK_WIDGET (self->details_row));
  else if (problems & EWE_GIFT_PROBLEM_PRODUCT_URL)
    gtk_widget_grab_focus (GTK_WIDGET (self->product_url_row));
  else if (problems & EWE_GIFT_PROBLEM_IMAGE_URL)
    gtk_widget_grab_focus (GTK_WIDGET (self->image_url_row));

  return problems == EWE_GIFT_PROBLEM_NONE;
}

gboolean
ewe_gift_editor_is_editing (EweGiftEditor *self)
{
  return self->list == NULL;
}

static void
ewe_gift_editor_update_buttons (EweGiftEditor *self)
{
  gboolean on_form = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->look_up_button), !on_form);
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), on_form);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), on_form && !ewe_gift_editor_is_editing (self));
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !on_form || ewe_gift_editor_is_editing (self));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.look-up", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.back", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.type-in", !self->busy);

  gtk_window_set_default_widget (GTK_WINDOW (self),
                                 GTK_WIDGET (on_form ? self->save_button : self->look_up_button));
}

void
ewe_gift_editor_set_busy (EweGiftEditor *self,
                          gboolean       busy)
{
  self->busy = !!busy;
  ewe_gift_editor_update_buttons (self);
}

/* --- the preview ------------------------------------------------------- */

static void
preview_decoded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(EweGiftEditor) self = user_data;
  g_autoptr(EwePicture) picture = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  picture = ewe_picture_decode_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A picture that will not load is not worth an error: the gift is
   * fine without one. */
  if (error != NULL)
    g_debug ("No preview: %s", error->message);
  else
    texture = ewe_texture_new_for_picture (picture);

  gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->preview), texture != NULL);
}

static void
preview_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EweGiftEditor) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (bytes == NULL)
    {
      g_debug ("No preview: %s", error->message);
      gtk_picture_set_paintable (self->preview, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->preview), FALSE);
      return;
    }

  /* At its own size, as the user will see it on the gift's card. */
  ewe_picture_decode_async (bytes, -1, -1, self->preview_cancellable,
                            preview_decoded_cb, g_object_ref (self));
}

static gboolean
load_preview_cb (gpointer user_data)
{
  EweGiftEditor   *self = user_data;
  g_autofree char *uri = ewe_gift_editor_dup_stripped (self->image_url_row);
  g_autoptr(GFile) file = NULL;

  self->preview_source = 0;

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);

  if (uri == NULL || !g_uri_is_valid (uri, G_URI_FLAGS_NONE, NULL))
    {
      gtk_picture_set_paintable (self->preview, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->preview), FALSE);
      return G_SOURCE_REMOVE;
    }

  /* Whatever the user typed, a file or a web address (through GVfs):
   * their own choice, not a shop's, so not through the image cache. */
  self->preview_cancellable = g_cancellable_new ();
  file = g_file_new_for_uri (uri);
  g_file_load_bytes_async (file, self->preview_cancellable, preview_loaded_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
image_url_changed_cb (EweGiftEditor *self)
{
  /* Wait for the typing to stop before loading anything. */
  g_clear_handle_id (&self->preview_source, g_source_remove);
  self->preview_source = g_timeout_add (300, load_preview_cb, self);
}

/* --- the form ---------------------------------------------------------- */

static void
ewe_gift_editor_fill (EweGiftEditor *self,
                      EweGift       *gift)
{
  set_entry_text (self->details_row, gift ? ewe_gift_get_details (gift) : NULL);
  set_entry_text (self->brand_row, gift ? ewe_gift_get_brand (gift) : NULL);
  /* With its currency, as the user reads prices ("€42.00"). */
  {
    g_autofree char *price = gift ? ewe_gift_dup_display_price (gift) : NULL;

    set_entry_text (self->price_row, price);
  }
  set_entry_text (self->retailer_row, gift ? ewe_gift_get_retailer (gift) : NULL);
  set_entry_text (self->product_url_row, gift ? ewe_gift_get_product_url (gift) : NULL);
  set_entry_text (self->image_url_row, gift ? ewe_gift_get_image_url (gift) : NULL);
}

static void
ewe_gift_editor_set_product_editable (EweGiftEditor *self,
                                      gboolean       editable)
{
  AdwEntryRow *rows[] = {
    self->details_row,
    self->brand_row,
    self->price_row,
    self->retailer_row,
    self->product_url_row,
    self->image_url_row,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_editable_set_editable (GTK_EDITABLE (rows[i]), editable);

  /* A catalogue product or one already on a list is shared with other
   * lists; say why its details cannot be changed here. */
  adw_preferences_group_set_description (self->product_group,
                                         editable ? NULL : _("Details of a product on the list cannot be changed here."));
}

static void
ewe_gift_editor_show_form (EweGiftEditor *self)
{
  ewe_label_set_text_or_hide (self->form_error, NULL);
  show_field_error (self->details_row, self->details_error_row, self->details_error, NULL);
  show_field_error (self->product_url_row, self->product_url_error_row, self->product_url_error, NULL);
  show_field_error (self->image_url_row, self->image_url_error_row, self->image_url_error, NULL);
  gtk_stack_set_visible_child_name (self->stack, "form");
  ewe_gift_editor_update_buttons (self);

  if (*entry_text (self->details_row) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->details_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->quantity_button));
}

/* A button reached with its mnemonic (Alt+T) is clicked only 250 ms
 * later, once GTK has shown it pressed; the focus stays in the address
 * field until then, so the first word the user types after Alt+T went
 * there, not into the form. Switch at once instead. */
static gboolean
type_in_mnemonic_cb (EweGiftEditor *self,
                     gboolean       group_cycling)
{
  if (group_cycling)
    return FALSE;

  return gtk_widget_activate_action (GTK_WIDGET (self), "editor.type-in", NULL);
}

static void
details_changed_cb (EweGiftEditor *self)
{
  if (*entry_text (self->details_row) != '\0')
    show_field_error (self->details_row, self->details_error_row, self->details_error, NULL);
}

/* --- looking a product up ---------------------------------------------- */

static void
look_up_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EweGiftEditor) self = user_data;
  g_autoptr(EweGift) found = NULL;
  g_autoptr(GError) error = NULL;

  found = ewe_product_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    return;

  ewe_gift_editor_set_busy (self, FALSE);
  ewe_label_set_text_or_hide (self->status_label, NULL);

  if (found == NULL)
    {
      if (g_error_matches (error, EWE_PAGE_METADATA_ERROR, EWE_PAGE_METADATA_ERROR_NOTHING_FOUND))
        ewe_label_set_text_or_hide (self->look_up_error,
                                    _("This page does not describe a product. Check the address, or type the gift in yourself."));
      else
        ewe_label_set_text_or_hide (self->look_up_error, error->message);

      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
      return;
    }

  /* A shop's page that does not say its currency sells in the user's,
   * most likely; "pounds" is only for the original service's prices. */
  if (ewe_gift_get_product_type (found) == EWE_PRODUCT_TYPE_NOTFOUND &&
      ewe_gift_get_price (found) != NULL && ewe_gift_get_currency (found) == NULL)
    {
      g_autofree char *currency = ewe_price_default_currency ();

      ewe_gift_set_currency (found, currency);
    }

  g_set_object (&self->found, found);
  ewe_gift_editor_fill (self, found);
  ewe_gift_editor_set_product_editable (self, ewe_gift_get_product_type (found) != EWE_PRODUCT_TYPE_CATALOGUE);
  ewe_gift_editor_show_form (self);
}

void
ewe_gift_editor_look_up (EweGiftEditor *self,
                         const char    *url)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (EWE_IS_GIFT_EDITOR (self));
  g_return_if_fail (url != NULL);

  if (g_strcmp0 (url, entry_text (self->url_row)) != 0)
    set_entry_text (self->url_row, url);

  stripped = g_strstrip (g_strdup (url));
  ewe_label_set_text_or_hide (self->look_up_error, NULL);

  if (*stripped == '\0')
    {
      ewe_label_set_text_or_hide (self->look_up_error, _("Paste the address of a product's page first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
      return;
    }

  g_cancellable_cancel (self->look_up_cancellable);
  g_clear_object (&self->look_up_cancellable);
  self->look_up_cancellable = g_cancellable_new ();

  g_free (self->url);
  self->url = g_steal_pointer (&stripped);

  ewe_gift_editor_set_busy (self, TRUE);
  ewe_label_set_text_or_hide (self->status_label, _("Looking up the product…"));
  ewe_product_lookup_async (self->api_client, self->url, self->look_up_cancellable,
                            look_up_cb, g_object_ref (self));
}

static void
url_activated_cb (EweGiftEditor *self)
{
  if (!self->busy)
    ewe_gift_editor_look_up (self, entry_text (self->url_row));
}

static void
look_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  EweGiftEditor *self = EWE_GIFT_EDITOR (widget);

  ewe_gift_editor_look_up (self, entry_text (self->url_row));
}

static void
type_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  EweGiftEditor   *self = EWE_GIFT_EDITOR (widget);
  g_autofree char *url = ewe_gift_editor_dup_stripped (self->url_row);

  g_clear_object (&self->found);
  ewe_gift_editor_fill (self, NULL);
  set_entry_text (self->product_url_row, url);
  ewe_gift_editor_set_product_editable (self, TRUE);
  ewe_gift_editor_show_form (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  EweGiftEditor *self = EWE_GIFT_EDITOR (widget);

  gtk_stack_set_visible_child_name (self->stack, "look-up");
  ewe_gift_editor_update_buttons (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

/* --- the object -------------------------------------------------------- */

static void
ewe_gift_editor_constructed (GObject *object)
{
  EweGiftEditor *self = (EweGiftEditor *)object;
  const char    *title;

  G_OBJECT_CLASS (ewe_gift_editor_parent_class)->constructed (object);

  g_return_if_fail (EWE_IS_STORE (self->store));

  if (ewe_gift_editor_is_editing (self))
    {
      g_return_if_fail (EWE_IS_GIFT (self->gift));

      title = _("Edit Gift");
      gtk_button_set_label (self->save_button, _("_Save"));
      ewe_gift_editor_fill (self, self->gift);
      ewe_gift_editor_set_product_editable (self, FALSE);
      gtk_spin_button_set_value (self->quantity_button, ewe_gift_get_quantity (self->gift));
      set_entry_text (self->notes_row, ewe_gift_get_notes (self->gift));
      gtk_switch_set_active (self->unlimited_switch, ewe_gift_get_unlimited (self->gift));
      gtk_switch_set_active (self->most_wanted_switch, ewe_gift_get_most_wanted (self->gift));
      gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
      ewe_gift_editor_show_form (self);
    }
  else
    {
      title = _("Add Gift");
      gtk_button_set_label (self->save_button, _("_Add"));
      ewe_gift_editor_update_buttons (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
    }

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
}

static void
ewe_gift_editor_dispose (GObject *object)
{
  EweGiftEditor *self = (EweGiftEditor *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->look_up_cancellable);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_handle_id (&self->preview_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_GIFT_EDITOR);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->look_up_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->list);
  g_clear_object (&self->api_client);
  g_clear_object (&self->gift);
  g_clear_object (&self->found);

  G_OBJECT_CLASS (ewe_gift_editor_parent_class)->dispose (object);
}

static void
ewe_gift_editor_finalize (GObject *object)
{
  EweGiftEditor *self = (EweGiftEditor *)object;

  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (ewe_gift_editor_parent_class)->finalize (object);
}

static void
ewe_gift_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EweGiftEditor *self = EWE_GIFT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;

    case PROP_API_CLIENT:
      g_value_set_object (value, self->api_client);
      break;

    case PROP_GIFT:
      g_value_set_object (value, self->gift);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_gift_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EweGiftEditor *self = EWE_GIFT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;

    case PROP_API_CLIENT:
      self->api_client = g_value_dup_object (value);
      break;

    case PROP_GIFT:
      self->gift = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_gift_editor_class_init (EweGiftEditorClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ewe_gift_editor_constructed;
  object_class->dispose = ewe_gift_editor_dispose;
  object_class->finalize = ewe_gift_editor_finalize;
  object_class->get_property = ewe_gift_editor_get_property;
  object_class->set_property = ewe_gift_editor_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         EWE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /* NULL when editing a gift already on a list. */
  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL,
                         EWE_TYPE_LIST,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_API_CLIENT] =
    g_param_spec_object ("api-client", NULL, NULL,
                         EWE_TYPE_API_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_GIFT] =
    g_param_spec_object ("gift", NULL, NULL,
                         EWE_TYPE_GIFT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EweGiftEditor::saved:
   * @gift: the store's live gift, added or changed
   *
   * Emitted when the store has saved the gift, just before the editor closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, EWE_TYPE_GIFT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-gift-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, look_up_button);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, url_row);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, look_up_error);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, form_error);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, preview);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, product_group);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, details_row);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, brand_row);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, price_row);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, retailer_row);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, product_url_row);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, image_url_row);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, details_error_row);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, details_error);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, product_url_error_row);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, product_url_error);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, image_url_error_row);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, image_url_error);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, quantity_button);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, notes_row);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, unlimited_switch);
  gtk_widget_class_bind_template_child (widget_class, EweGiftEditor, most_wanted_switch);
  gtk_widget_class_bind_template_callback (widget_class, type_in_mnemonic_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, details_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, image_url_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.look-up", NULL, look_up_action);
  gtk_widget_class_install_action (widget_class, "editor.type-in", NULL, type_in_action);
  gtk_widget_class_install_action (widget_class, "editor.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, ewe_gift_editor_save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ewe_gift_editor_init (EweGiftEditor *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

EweGiftEditor *
ewe_gift_editor_new (EweStore     *store,
                     EweList      *list,
                     EweApiClient *api_client)
{
  g_return_val_if_fail (EWE_IS_STORE (store), NULL);
  g_return_val_if_fail (EWE_IS_LIST (list), NULL);
  g_return_val_if_fail (!api_client || EWE_IS_API_CLIENT (api_client), NULL);

  return g_object_new (EWE_TYPE_GIFT_EDITOR,
                       "store", store,
                       "list", list,
                       "api-client", api_client,
                       NULL);
}

EweGiftEditor *
ewe_gift_editor_new_for_gift (EweStore *store,
                              EweGift  *gift)
{
  g_return_val_if_fail (EWE_IS_STORE (store), NULL);
  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  return g_object_new (EWE_TYPE_GIFT_EDITOR,
                       "store", store,
                       "gift", gift,
                       NULL);
}

/**
 * ewe_gift_editor_get_gift:
 *
 * Returns: (transfer none) (nullable): the gift edited, or the one added
 *   once saved
 */
EweGift *
ewe_gift_editor_get_gift (EweGiftEditor *self)
{
  g_return_val_if_fail (EWE_IS_GIFT_EDITOR (self), NULL);

  return self->gift;
}
