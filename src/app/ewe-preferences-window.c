/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-preferences-window.h"
#include "ewe-server-probe.h"
#include "ewe-validation.h"

struct _EwePreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* template widgets */
  GtkSwitch           *surprise_switch;
  AdwEntryRow         *server_row;
  AdwActionRow        *test_row;
  GtkSpinner          *test_spinner;
  GtkButton           *test_button;
  AdwEntryRow         *auth_url_row;
  AdwEntryRow         *client_id_row;
  AdwEntryRow         *user_pool_id_row;
  GtkWidget           *user_pool_id_error_row;
  GtkLabel            *user_pool_id_error;
  AdwEntryRow         *hosted_ui_domain_row;
  GtkWidget           *hosted_ui_domain_error_row;
  GtkLabel            *hosted_ui_domain_error;
  AdwActionRow        *redirect_port_row;
  GtkSpinButton       *redirect_port_spin;
  AdwEntryRow         *lists_url_row;
  AdwEntryRow         *products_url_row;
  AdwEntryRow         *notfound_url_row;
  AdwEntryRow         *contact_url_row;

  /* owned */
  EweSession          *session;
  GCancellable        *test_cancellable;
  char                *test_result;
  gboolean             test_success;
};

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (EwePreferencesWindow, ewe_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

#define SETTINGS_KEY "ewe-settings-key"

static void
set_test_result (EwePreferencesWindow *self,
                 gboolean              success,
                 const char           *message)
{
  g_free (self->test_result);
  self->test_result = g_strdup (message);
  self->test_success = success;

  adw_action_row_set_subtitle (self->test_row, message);
  if (success)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->test_row), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->test_row), "error");
    }

  /* Screen readers hear the outcome without moving focus. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->test_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
}

static void
set_testing (EwePreferencesWindow *self,
             gboolean              testing)
{
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), testing);
  gtk_spinner_set_spinning (self->test_spinner, testing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.test-connection", !testing);
  if (testing)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "success");
      adw_action_row_set_subtitle (self->test_row, _("Testing…"));
    }
}

static void server_row_apply_cb (EwePreferencesWindow *self,
                                 AdwEntryRow          *row);

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EwePreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *message = NULL;

  version = ewe_server_probe_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->test_cancellable);
  set_testing (self, FALSE);

  if (version == NULL)
    {
      set_test_result (self, FALSE, error->message);
      return;
    }

  if (version[0] != '\0')
    /* Translators: %s is a version number such as 0.1.0 */
    message = g_strdup_printf (_("Connected to Ewelists server %s"), version);
  else
    message = g_strdup (_("Connected to an Ewelists server"));
  set_test_result (self, TRUE, message);

  /* A server that answers, while nobody is signed in: keep it, so that
   * Create Account does not ask for it again. Signed in, changing the
   * server signs out, so that waits for Apply. */
  {
    EweAccount      *account = ewe_session_get_account (self->session);
    g_autofree char *tested = g_object_steal_data (G_OBJECT (self), "ewe-tested-url");

    if ((account == NULL || !ewe_account_get_signed_in (account)) &&
        g_strcmp0 (tested, gtk_editable_get_text (GTK_EDITABLE (self->server_row))) == 0)
      server_row_apply_cb (self, self->server_row);
  }
}

static void
test_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EwePreferencesWindow *self = EWE_PREFERENCES_WINDOW (widget);

  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  self->test_cancellable = g_cancellable_new ();

  set_testing (self, TRUE);
  g_object_set_data_full (G_OBJECT (self), "ewe-tested-url",
                          g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))), g_free);
  /* What is typed, applied or not: testing before saving is the point. */
  ewe_server_probe_async (gtk_editable_get_text (GTK_EDITABLE (self->server_row)),
                          self->test_cancellable, probe_cb, g_object_ref (self));
}

static void
server_row_apply_cb (EwePreferencesWindow *self,
                     AdwEntryRow          *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  /* Emptying the field is how one goes back to drafting only. */
  if (g_strstrip (text)[0] == '\0')
    {
      g_settings_set_string (ewe_session_get_settings (self->session), "server-url", "");
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      return;
    }

  url = ewe_server_normalize_url (text, &error);
  if (url == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      set_test_result (self, FALSE, error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (ewe_session_get_settings (self->session), "server-url", url);
}

static void
string_row_apply_cb (EwePreferencesWindow *self,
                     AdwEntryRow          *row)
{
  const char      *key = g_object_get_data (G_OBJECT (row), SETTINGS_KEY);
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_settings_set_string (ewe_session_get_settings (self->session), key, g_strstrip (text));
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

/* A pool id that is not one would make every SRP proof wrong, and the
 * sign-in would then say "wrong password": it is refused here, in place,
 * and the saved one stays until a good one replaces it. */
static void
user_pool_id_row_apply_cb (EwePreferencesWindow *self,
                           AdwEntryRow          *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autofree char *problem = ewe_validation_check_user_pool_id (text);

  show_field_error (row, self->user_pool_id_error_row, self->user_pool_id_error, problem);
  if (problem == NULL)
    g_settings_set_string (ewe_session_get_settings (self->session), "cognito-user-pool-id", g_strstrip (text));
}

static void
hosted_ui_domain_row_apply_cb (EwePreferencesWindow *self,
                               AdwEntryRow          *row)
{
  g_autofree char *domain = NULL;
  g_autofree char *problem = ewe_validation_check_hosted_ui_domain (gtk_editable_get_text (GTK_EDITABLE (row)),
                                                                    &domain);

  show_field_error (row, self->hosted_ui_domain_error_row, self->hosted_ui_domain_error, problem);
  if (problem != NULL)
    return;

  g_settings_set_string (ewe_session_get_settings (self->session), "cognito-hosted-ui-domain", domain);
  /* Saved as the domain alone, whatever was pasted around it. */
  gtk_editable_set_text (GTK_EDITABLE (row), domain);
}

static void
bind_string_row (EwePreferencesWindow *self,
                 AdwEntryRow          *row,
                 const char           *key)
{
  /* Read from the settings, written only on Apply: every keystroke of a
   * half-typed address would otherwise rebuild the account. */
  g_object_set_data (G_OBJECT (row), SETTINGS_KEY, (gpointer)key);
  g_settings_bind (ewe_session_get_settings (self->session), key, row, "text", G_SETTINGS_BIND_GET);
}

static void
ewe_preferences_window_constructed (GObject *object)
{
  EwePreferencesWindow *self = (EwePreferencesWindow *)object;
  GSettings            *settings = ewe_session_get_settings (self->session);

  G_OBJECT_CLASS (ewe_preferences_window_parent_class)->constructed (object);

  g_settings_bind (settings, "surprise-mode", self->surprise_switch, "active", G_SETTINGS_BIND_DEFAULT);
  bind_string_row (self, self->server_row, "server-url");
  bind_string_row (self, self->auth_url_row, "auth-url");
  bind_string_row (self, self->client_id_row, "auth-client-id");
  bind_string_row (self, self->user_pool_id_row, "cognito-user-pool-id");
  bind_string_row (self, self->hosted_ui_domain_row, "cognito-hosted-ui-domain");
  /* Read at each browser sign-in, so saved as it is set. */
  g_settings_bind (settings, "cognito-redirect-port", self->redirect_port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  bind_string_row (self, self->lists_url_row, "lists-url");
  bind_string_row (self, self->products_url_row, "products-url");
  bind_string_row (self, self->notfound_url_row, "notfound-url");
  bind_string_row (self, self->contact_url_row, "contact-url");
}

static void
ewe_preferences_window_dispose (GObject *object)
{
  EwePreferencesWindow *self = (EwePreferencesWindow *)object;

  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->session);
  g_clear_pointer (&self->test_result, g_free);

  G_OBJECT_CLASS (ewe_preferences_window_parent_class)->dispose (object);
}

static void
ewe_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  EwePreferencesWindow *self = EWE_PREFERENCES_WINDOW (object);

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
ewe_preferences_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  EwePreferencesWindow *self = EWE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_preferences_window_class_init (EwePreferencesWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ewe_preferences_window_constructed;
  object_class->dispose = ewe_preferences_window_dispose;
  object_class->get_property = ewe_preferences_window_get_property;
  object_class->set_property = ewe_preferences_window_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, EWE_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, surprise_switch);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, test_button);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, auth_url_row);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, user_pool_id_row);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, user_pool_id_error_row);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, user_pool_id_error);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, hosted_ui_domain_row);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, hosted_ui_domain_error_row);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, hosted_ui_domain_error);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, redirect_port_row);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, redirect_port_spin);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, lists_url_row);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, products_url_row);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, notfound_url_row);
  gtk_widget_class_bind_template_child (widget_class, EwePreferencesWindow, contact_url_row);
  gtk_widget_class_bind_template_callback (widget_class, server_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, string_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, user_pool_id_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, hosted_ui_domain_row_apply_cb);

  gtk_widget_class_install_action (widget_class, "prefs.test-connection", NULL, test_connection_action);
}

static void
ewe_preferences_window_init (EwePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

EwePreferencesWindow *
ewe_preferences_window_new (EweSession *session)
{
  g_return_val_if_fail (EWE_IS_SESSION (session), NULL);

  return g_object_new (EWE_TYPE_PREFERENCES_WINDOW,
                       "session", session,
                       NULL);
}

/* For tests: whether a connection test is under way. */
gboolean
ewe_preferences_window_get_testing (EwePreferencesWindow *self)
{
  g_return_val_if_fail (EWE_IS_PREFERENCES_WINDOW (self), FALSE);

  return self->test_cancellable != NULL;
}

/* For tests: what the last connection test said, NULL before the first. */
const char *
ewe_preferences_window_get_test_result (EwePreferencesWindow *self,
                                        gboolean             *success)
{
  g_return_val_if_fail (EWE_IS_PREFERENCES_WINDOW (self), NULL);

  if (success != NULL)
    *success = self->test_success;

  return self->test_result;
}
