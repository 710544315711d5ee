/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-contact-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-contact.h"
#include "ewe-contact-dialog.h"
#include "ewe-validation.h"

/* Help → Contact Us: a name, an address to answer and a message, sent to
 * the configured server's public contact endpoint (or the "contact-url"
 * setting's). The name and address come from the signed-in account. A
 * mistake in a field is said under it, as soon as the user has typed in
 * that field or tried to send; a refusal or a network error is said above
 * the form with Retry. On success the dialog closes and emits "sent". */

struct _EweContactDialog
{
  AdwWindow     parent_instance;

  /* template widgets */
  GtkStack     *stack;
  GtkStack     *send_stack;
  GtkSpinner   *spinner;
  GtkInfoBar   *error_bar;
  GtkLabel     *error_label;
  GtkWidget    *retry_button;
  GtkWidget    *form;
  AdwEntryRow  *name_row;
  AdwEntryRow  *email_row;
  GtkTextView  *message_view;
  GtkLabel     *name_error;
  GtkLabel     *email_error;
  GtkLabel     *message_error;

  /* owned */
  EweSession   *session;
  EweApiClient *api_client;  /* NULL without a server */
  GCancellable *cancellable; /* while sending */

  guint         tried : 1; /* Send was pressed: show every mistake */
  guint         name_touched : 1;
  guint         email_touched : 1;
  guint         message_touched : 1;
};

G_DEFINE_FINAL_TYPE (EweContactDialog, ewe_contact_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_SENDING,
  N_PROPS
};

enum
{
  SENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static char *
dup_message (EweContactDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->message_view);
  GtkTextIter    start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = g_strdup (text ? text : "");

  return *g_strstrip (copy) == '\0';
}

static void
show_field_error (GtkWidget  *field,
                  GtkLabel   *label,
                  const char *error,
                  gboolean    show)
{
  show = show && error != NULL;
  gtk_label_set_text (label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (label), show);
  if (show)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                               show ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* Returns the first field with a mistake, or NULL when all is well. */
static GtkWidget *
validate (EweContactDialog *self)
{
  const char      *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char      *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
  g_autofree char *message = dup_message (self);
  g_autofree char *email_error = NULL;
  const char      *name_error = NULL;
  const char      *message_error = NULL;
  GtkWidget       *first = NULL;

  if (is_blank (name))
    name_error = _("Enter your name.");
  if (is_blank (email))
    email_error = g_strdup (_("Enter your e-mail address, so that we can answer."));
  else
    email_error = ewe_validation_check_email (email);
  if (is_blank (message))
    message_error = _("Write a message.");

  show_field_error (GTK_WIDGET (self->name_row), self->name_error, name_error,
                    self->tried || self->name_touched);
  show_field_error (GTK_WIDGET (self->email_row), self->email_error, email_error,
                    self->tried || self->email_touched);
  show_field_error (GTK_WIDGET (self->message_view), self->message_error, message_error,
                    self->tried || self->message_touched);

  if (name_error != NULL)
    first = GTK_WIDGET (self->name_row);
  else if (email_error != NULL)
    first = GTK_WIDGET (self->email_row);
  else if (message_error != NULL)
    first = GTK_WIDGET (self->message_view);

  return first;
}

static void
field_changed_cb (EweContactDialog *self,
                  GtkWidget        *field)
{
  if (field == GTK_WIDGET (self->name_row))
    self->name_touched = TRUE;
  else if (field == GTK_WIDGET (self->email_row))
    self->email_touched = TRUE;

  validate (self);
}

static void
message_changed_cb (EweContactDialog *self)
{
  self->message_touched = TRUE;
  validate (self);
}

static void
set_sending (EweContactDialog *self,
             gboolean          sending)
{
  gtk_stack_set_visible_child_name (self->send_stack, sending ? "sending" : "send");
  gtk_spinner_set_spinning (self->spinner, sending);
  gtk_widget_set_sensitive (self->form, !sending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contact.send", !sending && self->api_client != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
}

static void
show_error (EweContactDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_info_bar_set_revealed (self->error_bar, message != NULL);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(EweContactDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_contact_send_finish (result, NULL, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->cancellable);
      set_sending (self, FALSE);
      /* Translators: %s is why, in the server's words or the network's */
      text = g_strdup_printf (_("Your message was not sent: %s"), error->message);
      show_error (self, text);
      return;
    }

  g_clear_object (&self->cancellable);
  set_sending (self, FALSE);
  g_signal_emit (self, signals[SENT], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EweContactDialog *self = EWE_CONTACT_DIALOG (widget);
  g_autofree char  *message = NULL;
  GtkWidget        *mistake;

  if (self->api_client == NULL || self->cancellable != NULL)
    return;

  self->tried = TRUE;
  if ((mistake = validate (self)) != NULL)
    {
      gtk_widget_grab_focus (mistake);
      return;
    }

  show_error (self, NULL);
  message = dup_message (self);
  self->cancellable = g_cancellable_new ();
  set_sending (self, TRUE);
  ewe_contact_send_async (self->api_client,
                          gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->email_row)),
                          message,
                          self->cancellable, sent_cb, g_object_ref (self));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  /* The application's Preferences, over the main window. */
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  gtk_widget_activate_action (parent ? GTK_WIDGET (parent) : widget, "app.preferences", NULL);
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
setup (EweContactDialog *self)
{
  GSettings       *settings = ewe_session_get_settings (self->session);
  EweAccount      *account = ewe_session_get_account (self->session);
  g_autofree char *server_url = ewe_session_dup_server_url (self->session);
  g_autofree char *contact_url = g_settings_get_string (settings, "contact-url");

  g_strstrip (contact_url);

  /* The endpoint is public: no account is needed, nor used. */
  if (server_url[0] != '\0')
    self->api_client = ewe_api_client_new_for_server (NULL, server_url);
  if (contact_url[0] != '\0')
    {
      if (self->api_client == NULL)
        self->api_client = ewe_api_client_new (NULL);
      ewe_api_client_set_base_url (self->api_client, EWE_API_SERVICE_CONTACT, contact_url);
    }

  gtk_stack_set_visible_child_name (self->stack, self->api_client ? "form" : "no-server");
  gtk_widget_set_visible (GTK_WIDGET (self->send_stack), self->api_client != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contact.send", self->api_client != NULL);

  if (account != NULL && ewe_account_get_signed_in (account))
    {
      const char *name = ewe_account_get_name (account);
      const char *email = ewe_account_get_email (account);

      if (name != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
      if (email != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->email_row), email);
      /* Filled in for them: not a mistake to point at yet. */
      self->name_touched = self->email_touched = FALSE;
      validate (self);
    }

  /* Straight to what is left to write. */
  if (self->api_client != NULL)
    {
      const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
      const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));

      if (is_blank (name))
        gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));
      else if (is_blank (email))
        gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->email_row));
      else
        gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->message_view));
    }
}

static void
ewe_contact_dialog_constructed (GObject *object)
{
  EweContactDialog *self = (EweContactDialog *)object;

  G_OBJECT_CLASS (ewe_contact_dialog_parent_class)->constructed (object);

  setup (self);
}

static void
ewe_contact_dialog_dispose (GObject *object)
{
  EweContactDialog *self = (EweContactDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_CONTACT_DIALOG);
  g_clear_object (&self->api_client);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ewe_contact_dialog_parent_class)->dispose (object);
}

static void
ewe_contact_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EweContactDialog *self = EWE_CONTACT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_SENDING:
      g_value_set_boolean (value, ewe_contact_dialog_get_sending (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_contact_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  EweContactDialog *self = EWE_CONTACT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_contact_dialog_class_init (EweContactDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ewe_contact_dialog_constructed;
  object_class->dispose = ewe_contact_dialog_dispose;
  object_class->get_property = ewe_contact_dialog_get_property;
  object_class->set_property = ewe_contact_dialog_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, EWE_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EweContactDialog::sent:
   *
   * The server took the message; the dialog closes.
   */
  signals[SENT] =
    g_signal_new ("sent",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-contact-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EweContactDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, EweContactDialog, send_stack);
  gtk_widget_class_bind_template_child (widget_class, EweContactDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, EweContactDialog, error_bar);
  gtk_widget_class_bind_template_child (widget_class, EweContactDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, EweContactDialog, retry_button);
  gtk_widget_class_bind_template_child (widget_class, EweContactDialog, form);
  gtk_widget_class_bind_template_child (widget_class, EweContactDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, EweContactDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, EweContactDialog, message_view);
  gtk_widget_class_bind_template_child (widget_class, EweContactDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, EweContactDialog, email_error);
  gtk_widget_class_bind_template_child (widget_class, EweContactDialog, message_error);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "contact.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "contact.preferences", NULL, preferences_action);

  /* Ctrl+Enter sends from anywhere, the message included. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "contact.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "contact.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ewe_contact_dialog_init (EweContactDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->message_view), "changed",
                           G_CALLBACK (message_changed_cb), self, G_CONNECT_SWAPPED);
}

EweContactDialog *
ewe_contact_dialog_new (EweSession *session)
{
  g_return_val_if_fail (EWE_IS_SESSION (session), NULL);

  return g_object_new (EWE_TYPE_CONTACT_DIALOG, "session", session, NULL);
}

gboolean
ewe_contact_dialog_get_sending (EweContactDialog *self)
{
  g_return_val_if_fail (EWE_IS_CONTACT_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}
