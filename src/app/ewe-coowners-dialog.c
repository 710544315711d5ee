/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-coowners-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ewe-coowners-dialog.h"
#include "ewe-coowners.h"

/* "Co-owners": who owns the list with its creator, and who is invited.
 * Everything here is the server's (it mails the invitations), so each
 * change is sent at once and the rows are read again after it; a failure
 * is said under the address. */

struct _EweCoownersDialog
{
  AdwWindow            parent_instance;

  /* template widgets */
  AdwWindowTitle      *window_title;
  AdwEntryRow         *email_row;
  GtkWidget           *invite_button;
  GtkLabel            *error_label;
  AdwPreferencesGroup *owners_group;
  AdwPreferencesGroup *invitations_group;

  /* owned */
  EweApiClient        *api_client;
  EweList             *list;
  GCancellable        *cancellable;
  GPtrArray           *rows; /* (owned) the rows added to the groups */
  gboolean             busy;
  gboolean             loaded;
};

G_DEFINE_FINAL_TYPE (EweCoownersDialog, ewe_coowners_dialog, ADW_TYPE_WINDOW)

static void reload (EweCoownersDialog *self);

static void
show_error (EweCoownersDialog *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_actions (EweCoownersDialog *self)
{
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "coowners.invite", !self->busy && strchr (email, '@') != NULL);
}

static void
set_busy (EweCoownersDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  update_actions (self);
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EweCoownersDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_coowners_remove_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, error->message);
    }

  set_busy (self, FALSE);
  reload (self);
}

static void
remove_coowner (EweCoownersDialog *self,
                EweCoowner        *coowner)
{
  show_error (self, NULL);
  set_busy (self, TRUE);
  ewe_coowners_remove_async (self->api_client, ewe_list_get_id (self->list), coowner, self->cancellable,
                             removed_cb, g_object_ref (self));
}

static void
confirm_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     EweCoownersDialog *self)
{
  EweCoowner *coowner = g_object_get_data (G_OBJECT (dialog), "ewe-coowner");

  if (g_strcmp0 (response, "remove") == 0)
    remove_coowner (self, coowner);
}

static const char *
display_name (EweCoowner *coowner)
{
  const char *name = ewe_coowner_get_name (coowner);

  return name != NULL ? name : ewe_coowner_get_email (coowner) != NULL ? ewe_coowner_get_email (coowner)
                                                                       : "";
}

/* Removing a co-owner cannot be undone from here (they would need a new
 * invitation), so it is asked first; withdrawing an invitation is not. */
static void
remove_clicked_cb (GtkButton         *button,
                   EweCoownersDialog *self)
{
  EweCoowner *coowner = g_object_get_data (G_OBJECT (button), "ewe-coowner");
  GtkWidget  *dialog;

  if (ewe_coowner_get_invitation_id (coowner) != NULL)
    {
      remove_coowner (self, coowner);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  /* Translators: %s is a co-owner's name */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove %s?"), display_name (coowner));
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: %s is the list's title */
                                  _("They will no longer see or change “%s”. To share it with them again, "
                                    "invite them again."),
                                     ewe_list_get_title (self->list));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ewe-coowner", g_object_ref (coowner), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
remove_button (EweCoownersDialog *self,
               EweCoowner        *coowner,
               const char        *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (button), "ewe-coowner", g_object_ref (coowner), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);

  return button;
}

static void
clear_rows (EweCoownersDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_row (EweCoownersDialog *self,
         EweCoowner        *coowner,
         gboolean           viewer_is_creator)
{
  GtkWidget  *row = adw_action_row_new ();
  const char *email = ewe_coowner_get_email (coowner);
  gboolean    invited = ewe_coowner_get_invitation_id (coowner) != NULL;

  /* Names and addresses are people's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), invited ? email : display_name (coowner));
  if (invited)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Invited, no answer yet"));
  else if (ewe_coowner_get_is_creator (coowner))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Created the list"));
  else if (email != NULL && g_strcmp0 (email, display_name (coowner)) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), email);

  if (invited)
    {
      /* Translators: %s is the invited e-mail address */
      g_autofree char *label = g_strdup_printf (_("Withdraw the invitation to %s"), email);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove_button (self, coowner, label));
    }
  else if (viewer_is_creator && !ewe_coowner_get_is_creator (coowner))
    {
      /* Translators: %s is a co-owner's name */
      g_autofree char *label = g_strdup_printf (_("Remove %s"), display_name (coowner));

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove_button (self, coowner, label));
    }

  adw_preferences_group_add (invited ? self->invitations_group : self->owners_group, row);
  g_ptr_array_add (self->rows, row);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EweCoownersDialog) self = user_data;
  g_autoptr(GListModel) coowners = NULL;
  g_autoptr(GError) error = NULL;
  gboolean is_creator = FALSE;
  gboolean any_invited = FALSE;

  coowners = ewe_coowners_load_finish (result, &is_creator, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loaded = TRUE;
  if (coowners == NULL)
    {
      show_error (self, error->message);
      return;
    }

  clear_rows (self);
  for (guint i = 0; i < g_list_model_get_n_items (coowners); i++)
    {
      g_autoptr(EweCoowner) coowner = g_list_model_get_item (coowners, i);

      any_invited |= ewe_coowner_get_invitation_id (coowner) != NULL;
      add_row (self, coowner, is_creator);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->invitations_group), any_invited);
}

static void
reload (EweCoownersDialog *self)
{
  self->loaded = FALSE;
  ewe_coowners_load_async (self->api_client, ewe_list_get_id (self->list), self->cancellable, loaded_cb,
                           g_object_ref (self));
}

static void
invited_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EweCoownersDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_coowners_invite_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_error (self, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->email_row), "");
  set_busy (self, FALSE);
  reload (self);
}

static void
invite_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EweCoownersDialog *self = EWE_COOWNERS_DIALOG (widget);

  if (self->busy)
    return;

  show_error (self, NULL);
  set_busy (self, TRUE);
  ewe_coowners_invite_async (self->api_client, ewe_list_get_id (self->list),
                             gtk_editable_get_text (GTK_EDITABLE (self->email_row)), self->cancellable, invited_cb,
                             g_object_ref (self));
}

static void
email_activated_cb (EweCoownersDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "coowners.invite", NULL);
}

static void
email_changed_cb (EweCoownersDialog *self)
{
  update_actions (self);
}

gboolean
ewe_coowners_dialog_get_loaded (EweCoownersDialog *self)
{
  g_return_val_if_fail (EWE_IS_COOWNERS_DIALOG (self), FALSE);

  return self->loaded && !self->busy;
}

static void
ewe_coowners_dialog_dispose (GObject *object)
{
  EweCoownersDialog *self = EWE_COOWNERS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_COOWNERS_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api_client);
  g_clear_object (&self->list);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ewe_coowners_dialog_parent_class)->dispose (object);
}

static void
ewe_coowners_dialog_class_init (EweCoownersDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_coowners_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-coowners-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EweCoownersDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, EweCoownersDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, EweCoownersDialog, invite_button);
  gtk_widget_class_bind_template_child (widget_class, EweCoownersDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, EweCoownersDialog, owners_group);
  gtk_widget_class_bind_template_child (widget_class, EweCoownersDialog, invitations_group);
  gtk_widget_class_bind_template_callback (widget_class, email_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, email_changed_cb);

  gtk_widget_class_install_action (widget_class, "coowners.invite", NULL, invite_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ewe_coowners_dialog_init (EweCoownersDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  update_actions (self);
}

EweCoownersDialog *
ewe_coowners_dialog_new (EweApiClient *api_client,
                         EweList      *list)
{
  EweCoownersDialog *self;

  g_return_val_if_fail (EWE_IS_API_CLIENT (api_client), NULL);
  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  self = g_object_new (EWE_TYPE_COOWNERS_DIALOG, NULL);
  self->api_client = g_object_ref (api_client);
  self->list = g_object_ref (list);
  adw_window_title_set_subtitle (self->window_title, ewe_list_get_title (list));
  reload (self);

  return self;
}
