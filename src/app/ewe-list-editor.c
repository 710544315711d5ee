/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-list-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-list-editor.h"
#include "ewe-currency.h"
#include "ewe-occasion.h"
#include "ewe-price.h"
#include "ewe-widget-utils.h"

/* EweListEditor creates a list or edits one: title, description, occasion,
 * event date and a picture. It checks what it can before saving, saves
 * through the store, and closes only once the store said yes; a refusal
 * is shown in the dialog with everything the user typed still there. */

struct _EweListEditor
{
  AdwWindow       parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  GtkStack       *save_stack;
  GtkButton      *save_button;
  GtkLabel       *error_label;
  AdwEntryRow    *title_row;
  GtkLabel       *title_error;
  GtkTextView    *description_view;
  AdwComboRow    *occasion_row;
  AdwComboRow    *currency_row;
  AdwActionRow   *date_row;
  GtkMenuButton  *date_button;
  GtkPopover     *date_popover;
  GtkCalendar    *calendar;
  AdwActionRow   *reveal_row;
  GtkPopover     *reveal_popover;
  GtkCalendar    *reveal_calendar;
  GtkFlowBox     *image_box;

  /* owned */
  EweStore       *store;
  EweList        *list; /* NULL until created, when creating */
  GCancellable   *cancellable;
  GDateTime      *date;
  GDateTime      *reveal_date; /* the owner's choice; NULL: the default */
  char           *occasion;    /* as the list has it, kept when unknown */
  char           *image_url;   /* likewise */

  guint           loading : 1;
  guint           saving : 1;
  guint           reveal_changed : 1; /* saved on its own, after the rest */
};

G_DEFINE_FINAL_TYPE (EweListEditor, ewe_list_editor, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_LIST,
  N_PROPS
};

enum
{
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static guint
find_image (const char *image_url)
{
  if (image_url == NULL)
    return GTK_INVALID_LIST_POSITION;

  /* The original stored the path with its host in front in some
   * deployments; the file name is what identifies the picture. */
  for (guint i = 0; i < ewe_occasion_get_n_items (); i++)
    if (g_str_has_suffix (image_url, ewe_occasion_get_image_url (i)))
      return i;

  return GTK_INVALID_LIST_POSITION;
}

static void
ewe_list_editor_show_date (EweListEditor *self)
{
  g_autofree char *text = NULL;

  if (self->date != NULL)
    text = ewe_occasion_format_event_date (self->date);

  adw_action_row_set_subtitle (self->date_row, text ? text : _("No date"));
}

/* The day in effect, and what it does: the owner's choice, else the day
 * after the event (the rule of ewe-reveal.h), else none at all. */
static void
ewe_list_editor_show_reveal_date (EweListEditor *self)
{
  g_autoptr(GDateTime) day_after = self->date != NULL ? g_date_time_add_days (self->date, 1) : NULL;
  g_autofree char *day = NULL;
  g_autofree char *text = NULL;

  if (self->reveal_date != NULL)
    day = ewe_occasion_format_event_date (self->reveal_date);
  else if (day_after != NULL)
    {
      g_autofree char *formatted = ewe_occasion_format_event_date (day_after);

      /* Translators: %s is a date, e.g. "3 June 2027" */
      day = g_strdup_printf (_("%s, the day after the event"), formatted);
    }

  if (day != NULL)
    /* Translators: %s is the reveal date, said above */
    text = g_strdup_printf (_("%s\nUntil then you see how many were reserved, not who"), day);
  else
    text = g_strdup (_("None: without an event date you see who gave at once"));

  adw_action_row_set_subtitle (self->reveal_row, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.reset-reveal-date", self->reveal_date != NULL);
}

static void
ewe_list_editor_select_image (EweListEditor *self,
                              guint          position)
{
  GtkFlowBoxChild *child;

  if (position == GTK_INVALID_LIST_POSITION ||
      !(child = gtk_flow_box_get_child_at_index (self->image_box, position)))
    {
      gtk_flow_box_unselect_all (self->image_box);
      return;
    }

  gtk_flow_box_select_child (self->image_box, child);
}

static gboolean
ewe_list_editor_validate (EweListEditor *self,
                          gboolean       show)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  gboolean         valid = *title != '\0';

  if (show || valid)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->title_error), !valid);
      if (valid)
        gtk_widget_remove_css_class (GTK_WIDGET (self->title_row), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->title_row), "error");
    }

  return valid;
}

static void
title_changed_cb (EweListEditor *self)
{
  /* Take the error away as soon as it is fixed, but never scold a user
   * for a field they have not finished yet. */
  ewe_list_editor_validate (self, FALSE);
}

static void
occasion_changed_cb (EweListEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->occasion_row);

  if (self->loading || selected == GTK_INVALID_LIST_POSITION)
    return;

  g_free (self->occasion);
  self->occasion = g_strdup (ewe_occasion_get_name (selected));

  /* As in the original, a new occasion brings its own picture. */
  ewe_list_editor_select_image (self, selected);
}

static void
image_selected_cb (EweListEditor *self)
{
  g_autoptr(GList) selected = gtk_flow_box_get_selected_children (self->image_box);
  int position;

  if (self->loading || selected == NULL)
    return;

  position = gtk_flow_box_child_get_index (selected->data);
  g_free (self->image_url);
  self->image_url = g_strdup (ewe_occasion_get_image_url (position));
}

static void
day_selected_cb (EweListEditor *self)
{
  GDateTime *date = gtk_calendar_get_date (self->calendar);

  if (self->loading)
    {
      g_date_time_unref (date);
      return;
    }

  g_clear_pointer (&self->date, g_date_time_unref);
  self->date = date;
  ewe_list_editor_show_date (self);
  ewe_list_editor_show_reveal_date (self);
  gtk_popover_popdown (self->date_popover);
}

static void
reveal_day_selected_cb (EweListEditor *self)
{
  GDateTime *date = gtk_calendar_get_date (self->reveal_calendar);

  if (self->loading)
    {
      g_date_time_unref (date);
      return;
    }

  g_clear_pointer (&self->reveal_date, g_date_time_unref);
  self->reveal_date = date;
  self->reveal_changed = TRUE;
  ewe_list_editor_show_reveal_date (self);
  gtk_popover_popdown (self->reveal_popover);
}

static void
reset_reveal_date_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  EweListEditor *self = EWE_LIST_EDITOR (widget);

  g_clear_pointer (&self->reveal_date, g_date_time_unref);
  self->reveal_changed = TRUE;
  ewe_list_editor_show_reveal_date (self);
  gtk_popover_popdown (self->reveal_popover);
}

static void
clear_date_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  EweListEditor *self = EWE_LIST_EDITOR (widget);

  g_clear_pointer (&self->date, g_date_time_unref);
  ewe_list_editor_show_date (self);
  ewe_list_editor_show_reveal_date (self);
  gtk_popover_popdown (self->date_popover);
}

static void
ewe_list_editor_set_saving (EweListEditor *self,
                            gboolean       saving)
{
  self->saving = !!saving;
  gtk_stack_set_visible_child_name (self->save_stack, saving ? "spinner" : "button");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", !saving);
}

static EweList *
ewe_list_editor_collect (EweListEditor *self)
{
  g_autoptr(EweList) values = self->list ? ewe_list_copy (self->list) : ewe_list_new ();
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  g_autofree char *description = NULL;
  GtkTextBuffer   *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter      start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  description = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));

  ewe_list_set_title (values, title);
  ewe_list_set_description (values, description);
  ewe_list_set_occasion (values, self->occasion);
  ewe_list_set_event_datetime (values, self->date);
  ewe_list_set_image_url (values, self->image_url);
  {
    guint               n_codes = 0;
    const char * const *codes = ewe_currency_get_codes (&n_codes);
    guint               selected = adw_combo_row_get_selected (self->currency_row);

    if (selected < n_codes)
      ewe_list_set_currency (values, codes[selected]);
  }

  return g_steal_pointer (&values);
}

/* Saved, the reveal date included: the editor's work is done. */
static void
ewe_list_editor_saved (EweListEditor *self)
{
  ewe_list_editor_set_saving (self, FALSE);
  g_signal_emit (self, signals[SAVED], 0, self->list);
  gtk_window_close (GTK_WINDOW (self));
}

static void
set_reveal_date_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(EweListEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = ewe_store_set_reveal_date_finish (EWE_STORE (object), result, &error);

  if (self->store == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!ok)
    {
      ewe_list_editor_set_saving (self, FALSE);
      ewe_label_set_text_or_hide (self->error_label, error->message);
      return;
    }

  self->reveal_changed = FALSE;
  ewe_list_editor_saved (self);
}

/* The reveal date is an edit of its own (the list's update keeps the
 * original's fields): sent once the rest is saved, only if changed. */
static void
ewe_list_editor_save_reveal_date (EweListEditor *self)
{
  g_autofree char *day = NULL;

  if (!self->reveal_changed)
    {
      ewe_list_editor_saved (self);
      return;
    }

  if (self->reveal_date != NULL)
    day = g_date_time_format (self->reveal_date, "%Y-%m-%d");
  ewe_store_set_reveal_date_async (self->store, self->list, day, self->cancellable, set_reveal_date_cb,
                                   g_object_ref (self));
}

static void
create_list_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EweListEditor) self = user_data;
  g_autoptr(EweList) list = NULL;
  g_autoptr(GError) error = NULL;

  list = ewe_store_create_list_finish (EWE_STORE (object), result, &error);

  /* Closed while saving: a committed list shows up in the store's model
   * anyway, and there is no dialog left to tell. */
  if (self->store == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ewe_list_editor_set_saving (self, FALSE);

  if (list == NULL)
    {
      ewe_label_set_text_or_hide (self->error_label, error->message);
      return;
    }

  g_set_object (&self->list, list);
  ewe_list_editor_set_saving (self, TRUE);
  ewe_list_editor_save_reveal_date (self);
}

static void
update_list_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EweListEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = ewe_store_update_list_finish (EWE_STORE (object), result, &error);

  if (self->store == NULL)
    return;

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      ewe_list_editor_set_saving (self, FALSE);
      ewe_label_set_text_or_hide (self->error_label, error->message);
      return;
    }

  ewe_list_editor_save_reveal_date (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  EweListEditor *self = EWE_LIST_EDITOR (widget);
  g_autoptr(EweList) values = NULL;

  if (self->saving)
    return;

  ewe_label_set_text_or_hide (self->error_label, NULL);

  if (!ewe_list_editor_validate (self, TRUE))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
      return;
    }

  values = ewe_list_editor_collect (self);
  ewe_list_editor_set_saving (self, TRUE);

  if (self->list == NULL)
    ewe_store_create_list_async (self->store, values, self->cancellable,
                                 create_list_cb, g_object_ref (self));
  else
    ewe_store_update_list_async (self->store, self->list, values, self->cancellable,
                                 update_list_cb, g_object_ref (self));
}

static void
ewe_list_editor_populate_images (EweListEditor *self)
{
  for (guint i = 0; i < ewe_occasion_get_n_items (); i++)
    {
      GtkWidget       *picture = gtk_picture_new_for_resource (ewe_occasion_get_resource (i));
      g_autofree char *label = NULL;

      /* The pictures have their own rounded corners; the flow box's
       * selection shows around them. */
      gtk_widget_set_size_request (picture, 96, 72);
      gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_flow_box_append (self->image_box, picture);

      /* Translators: the accessible name of an occasion's picture */
      label = g_strdup_printf (_("%s picture"), ewe_occasion_get_label (i));
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (picture)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
}

/* ISO 4217's codes, the list's selected: a new list's is the user's own
 * (their locale's), as the store would give it. */
static void
select_currency (EweListEditor *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autofree char    *fallback = ewe_price_default_currency ();
  const char         *current = self->list != NULL ? ewe_list_get_currency (self->list) : NULL;
  const char * const *codes;
  guint               n_codes = 0;

  if (current == NULL)
    current = fallback;

  codes = ewe_currency_get_codes (&n_codes);
  for (guint i = 0; i < n_codes; i++)
    gtk_string_list_append (model, codes[i]);
  adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (model));

  for (guint i = 0; i < n_codes; i++)
    if (g_str_equal (codes[i], current))
      adw_combo_row_set_selected (self->currency_row, i);
}

static void
ewe_list_editor_constructed (GObject *object)
{
  EweListEditor *self = (EweListEditor *)object;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint occasion;

  G_OBJECT_CLASS (ewe_list_editor_parent_class)->constructed (object);

  g_return_if_fail (EWE_IS_STORE (self->store));

  for (guint i = 0; i < ewe_occasion_get_n_items (); i++)
    gtk_string_list_append (names, ewe_occasion_get_label (i));
  adw_combo_row_set_model (self->occasion_row, G_LIST_MODEL (names));
  select_currency (self);
  ewe_list_editor_populate_images (self);

  self->loading = TRUE;

  if (self->list == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New List"));
      adw_window_title_set_title (self->window_title, _("New List"));
      gtk_button_set_label (self->save_button, _("C_reate"));

      occasion = 0;
      self->occasion = g_strdup (ewe_occasion_get_name (occasion));
      self->image_url = g_strdup (ewe_occasion_get_image_url (occasion));
      adw_combo_row_set_selected (self->occasion_row, occasion);
      ewe_list_editor_select_image (self, occasion);
    }
  else
    {
      const char *description = ewe_list_get_description (self->list);

      gtk_window_set_title (GTK_WINDOW (self), _("Edit List"));
      adw_window_title_set_title (self->window_title, _("Edit List"));
      gtk_button_set_label (self->save_button, _("_Save"));

      gtk_editable_set_text (GTK_EDITABLE (self->title_row), ewe_list_get_title (self->list) ?: "");
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view),
                                description ? description : "", -1);

      /* An occasion or picture this version does not know (from another
       * client) is kept as it is unless the user picks another. */
      self->occasion = g_strdup (ewe_list_get_occasion (self->list));
      self->image_url = g_strdup (ewe_list_get_image_url (self->list));
      occasion = ewe_occasion_find (self->occasion);
      adw_combo_row_set_selected (self->occasion_row,
                                  occasion != GTK_INVALID_LIST_POSITION ? occasion : ewe_occasion_find ("Other"));
      ewe_list_editor_select_image (self, find_image (self->image_url));

      self->date = ewe_list_dup_event_datetime (self->list);
      if (self->date != NULL)
        gtk_calendar_select_day (self->calendar, self->date);
      /* The wire's YYYY-MM-DD, which the event date's parser also reads. */
      self->reveal_date = ewe_event_date_parse (ewe_list_get_reveal_date (self->list));
    }

  {
    g_autoptr(GDateTime) shown = self->reveal_date != NULL ? g_date_time_ref (self->reveal_date)
                                  : self->date != NULL      ? g_date_time_add_days (self->date, 1)
                                                            : NULL;

    if (shown != NULL)
      gtk_calendar_select_day (self->reveal_calendar, shown);
  }

  ewe_list_editor_show_date (self);
  ewe_list_editor_show_reveal_date (self);
  self->loading = FALSE;

  /* Focused before the window is shown, it opens in the title, so what
   * the user types first is the title and Enter saves (not the header
   * bar's Cancel, the window's first focusable widget). */
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
ewe_list_editor_dispose (GObject *object)
{
  EweListEditor *self = (EweListEditor *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_LIST_EDITOR);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->list);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->reveal_date, g_date_time_unref);

  G_OBJECT_CLASS (ewe_list_editor_parent_class)->dispose (object);
}

static void
ewe_list_editor_finalize (GObject *object)
{
  EweListEditor *self = (EweListEditor *)object;

  g_clear_pointer (&self->occasion, g_free);
  g_clear_pointer (&self->image_url, g_free);

  G_OBJECT_CLASS (ewe_list_editor_parent_class)->finalize (object);
}

static void
ewe_list_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EweListEditor *self = EWE_LIST_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_list_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EweListEditor *self = EWE_LIST_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_list_editor_class_init (EweListEditorClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ewe_list_editor_constructed;
  object_class->dispose = ewe_list_editor_dispose;
  object_class->finalize = ewe_list_editor_finalize;
  object_class->get_property = ewe_list_editor_get_property;
  object_class->set_property = ewe_list_editor_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         EWE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL,
                         EWE_TYPE_LIST,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EweListEditor::saved:
   * @list: the store's live list, new or changed
   *
   * Emitted when the store has saved the list, just before the editor closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, EWE_TYPE_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-list-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, save_stack);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, title_error);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, description_view);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, occasion_row);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, currency_row);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, date_button);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, date_popover);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, calendar);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, reveal_row);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, reveal_popover);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, reveal_calendar);
  gtk_widget_class_bind_template_child (widget_class, EweListEditor, image_box);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, occasion_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, image_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, reveal_day_selected_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.clear-date", NULL, clear_date_action);
  gtk_widget_class_install_action (widget_class, "editor.reset-reveal-date", NULL, reset_reveal_date_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
}

static void
ewe_list_editor_init (EweListEditor *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

EweListEditor *
ewe_list_editor_new (EweStore *store,
                     EweList  *list)
{
  g_return_val_if_fail (EWE_IS_STORE (store), NULL);
  g_return_val_if_fail (!list || EWE_IS_LIST (list), NULL);

  return g_object_new (EWE_TYPE_LIST_EDITOR,
                       "store", store,
                       "list", list,
                       NULL);
}

/**
 * ewe_list_editor_get_list:
 *
 * Returns: (transfer none) (nullable): the list being edited, or the one
 *   created once saved
 */
EweList *
ewe_list_editor_get_list (EweListEditor *self)
{
  g_return_val_if_fail (EWE_IS_LIST_EDITOR (self), NULL);

  return self->list;
}
