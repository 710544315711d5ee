/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-account-button.h"
#include "ewe-account-dialog.h"
#include "ewe-window.h"

struct _EweWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  EweAccountButton     *account_button;

  /* borrowed */
  AdwToast             *account_toast;  /* weak; the last sign-in or -out toast */

  /* owned */
  EweContext           *context;
  GSettings            *settings;
  GCancellable         *cancellable;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (EweWindow, ewe_window, ADW_TYPE_APPLICATION_WINDOW)

/* Signing in and out quickly queues toasts that contradict each other:
 * only the latest is worth reading. */
static void
show_account_toast (EweWindow  *self,
                    const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  if (self->account_toast != NULL)
    adw_toast_dismiss (self->account_toast);
  g_set_weak_pointer (&self->account_toast, toast);
  ewe_window_add_toast (self, toast);
}

static void
dialog_signed_in_cb (EweWindow        *self,
                     EweAccountDialog *dialog)
{
  EweAccount *account = ewe_context_get_account (self->context);
  g_autofree char *title = NULL;
  const char *who;

  if (account == NULL)
    return;

  who = ewe_account_get_name (account);
  if (who == NULL || who[0] == '\0')
    who = ewe_account_get_email (account);
  /* Translators: %s is the user's name */
  title = g_strdup_printf (_("Signed in as %s"), who);
  show_account_toast (self, title);
}

static void
show_account_dialog (EweWindow             *self,
                     EweAccountDialogStart  start)
{
  EweAccountDialog *dialog;

  dialog = ewe_account_dialog_new (self->context, start);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (dialog_signed_in_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  show_account_dialog (EWE_WINDOW (widget), EWE_ACCOUNT_DIALOG_SIGN_IN);
}

static void
create_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  show_account_dialog (EWE_WINDOW (widget), EWE_ACCOUNT_DIALOG_SIGN_UP);
}

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(EweWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_account_sign_out_finish (EWE_ACCOUNT (object), result, &error))
    {
      g_autofree char *title = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: %s says why, e.g. that the keyring refused */
      title = g_strdup_printf (_("Signed out, but the sign-in could not be removed from the keyring: %s"),
                               error->message);
      show_account_toast (self, title);
      return;
    }

  show_account_toast (self, _("Signed out"));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EweWindow *self = EWE_WINDOW (widget);
  EweAccount *account = ewe_context_get_account (self->context);

  /* Nothing is lost by signing out (drafts stay here), so no question. */
  if (account == NULL || !ewe_account_get_signed_in (account))
    return;

  ewe_account_sign_out_async (account, self->cancellable, sign_out_cb, g_object_ref (self));
}

static void
update_account_actions (EweWindow *self)
{
  EweAccount *account = self->context ? ewe_context_get_account (self->context) : NULL;
  gboolean signed_in = account != NULL && ewe_account_get_signed_in (account);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.sign-in", !signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.create-account", !signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.sign-out", signed_in);
}

static void
context_account_changed_cb (EweWindow *self)
{
  EweAccount *account = ewe_context_get_account (self->context);

  if (account != NULL)
    g_signal_connect_object (account, "notify::signed-in",
                             G_CALLBACK (update_account_actions), self, G_CONNECT_SWAPPED);
  update_account_actions (self);
}

static void
ewe_window_constructed (GObject *object)
{
  EweWindow *self = (EweWindow *)object;

  G_OBJECT_CLASS (ewe_window_parent_class)->constructed (object);

  if (self->context != NULL)
    {
      ewe_account_button_set_context (self->account_button, self->context);
      g_signal_connect_object (self->context, "notify::account",
                               G_CALLBACK (context_account_changed_cb), self, G_CONNECT_SWAPPED);
      context_account_changed_cb (self);
    }
  else
    {
      update_account_actions (self);
    }
}

static void
ewe_window_dispose (GObject *object)
{
  EweWindow *self = (EweWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->account_toast);

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ewe_window_parent_class)->dispose (object);
}

static void
ewe_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  EweWindow *self = EWE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  EweWindow *self = EWE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_window_class_init (EweWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ewe_window_constructed;
  object_class->dispose = ewe_window_dispose;
  object_class->get_property = ewe_window_get_property;
  object_class->set_property = ewe_window_set_property;

  properties [PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, EWE_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EWE_TYPE_ACCOUNT_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EweWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, EweWindow, account_button);

  gtk_widget_class_install_action (widget_class, "account.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "account.create-account", NULL, create_account_action);
  gtk_widget_class_install_action (widget_class, "account.sign-out", NULL, sign_out_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
ewe_window_init (EweWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  /* The window remembers its size, as GNOME apps do. */
  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

EweWindow *
ewe_window_new (EweApplication *application)
{
  return g_object_new (EWE_TYPE_WINDOW,
                       "application", application,
                       "context", ewe_application_get_context (application),
                       NULL);
}

EweContext *
ewe_window_get_context (EweWindow *self)
{
  g_return_val_if_fail (EWE_IS_WINDOW (self), NULL);

  return self->context;
}

/* Takes @toast. */
void
ewe_window_add_toast (EweWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (EWE_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
