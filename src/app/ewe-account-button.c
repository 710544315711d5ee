/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-account-button"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-account-button.h"

/* The account menu in the sidebar's header bar: "Sign In…" and "Create
 * Account…" when signed out; who is signed in and "Sign Out" otherwise.
 * Its buttons activate the window's account.* actions. */

struct _EweAccountButton
{
  AdwBin         parent_instance;

  /* template widgets */
  GtkMenuButton *menu_button;
  GtkStack      *icon_stack;
  AdwAvatar     *small_avatar;
  GMenuModel    *signed_out_menu;
  GMenuModel    *signed_in_menu;
  GtkWidget     *account_info;
  AdwAvatar     *large_avatar;
  GtkLabel      *name_label;
  GtkLabel      *email_label;

  /* owned */
  GtkPopover    *signed_out_popover; /* NULL until first opened */
  GtkPopover    *signed_in_popover;  /* NULL until first opened */
  EweSession    *session;
  EweAccount    *account;
  guint          update_idle_id;
};

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (EweAccountButton, ewe_account_button, ADW_TYPE_BIN)

static void update (EweAccountButton *self);

static gboolean
update_idle_cb (gpointer user_data)
{
  EweAccountButton *self = user_data;

  self->update_idle_id = 0;
  update (self);

  return G_SOURCE_REMOVE;
}

static void
popover_closed_cb (EweAccountButton *self)
{
  /* After "closed" the popover still pops down; swap it once that is over. */
  if (self->update_idle_id == 0)
    self->update_idle_id = g_idle_add (update_idle_cb, self);
}

static void
set_popover (EweAccountButton *self,
             GtkPopover       *popover)
{
  GtkPopover *current = gtk_menu_button_get_popover (self->menu_button);

  if (current == popover)
    return;

  /* Signing out from the menu changes it while it is open: unparenting an
   * open popover pulls its surface from under the event being handled. */
  if (current != NULL && gtk_widget_get_visible (GTK_WIDGET (current)))
    {
      g_signal_handlers_disconnect_by_func (current, popover_closed_cb, self);
      g_signal_connect_object (current, "closed", G_CALLBACK (popover_closed_cb), self,
                               G_CONNECT_SWAPPED);
      return;
    }

  gtk_menu_button_set_popover (self->menu_button, GTK_WIDGET (popover));
}

/* A popover menu builds all its items at once: each is built when first
 * opened, not with the window, before its first frame. */
static GtkPopover *
ensure_popover (EweAccountButton *self,
                gboolean          signed_in)
{
  GtkPopover **popover = signed_in ? &self->signed_in_popover : &self->signed_out_popover;

  if (*popover != NULL)
    return *popover;

  /* The menu button drops the popover it is given a new one for; both are
   * kept so signing in and out can swap them. */
  *popover = g_object_ref_sink (GTK_POPOVER (gtk_popover_menu_new_from_model (signed_in ? self->signed_in_menu
                                                                                        : self->signed_out_menu)));
  if (signed_in)
    gtk_popover_menu_add_child (GTK_POPOVER_MENU (*popover), self->account_info, "account-info");

  return *popover;
}

static gboolean
is_signed_in (EweAccountButton *self)
{
  return self->account != NULL && ewe_account_get_signed_in (self->account);
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  EweAccountButton *self = user_data;

  set_popover (self, ensure_popover (self, is_signed_in (self)));
}

static void
update (EweAccountButton *self)
{
  gboolean         signed_in = is_signed_in (self);
  const char      *page = signed_in ? "signed-in" : "signed-out";
  g_autofree char *tooltip = NULL;

  gtk_stack_set_visible_child_name (self->icon_stack, page);
  /* Until the menu is first opened there is no popover to swap. */
  if (gtk_menu_button_get_popover (self->menu_button) != NULL)
    set_popover (self, ensure_popover (self, signed_in));

  if (signed_in)
    {
      const char *name = ewe_account_get_name (self->account);
      const char *email = ewe_account_get_email (self->account);

      /* Cognito accounts may lack a name; the e-mail then stands in. */
      if (name == NULL || name[0] == '\0')
        name = email;

      adw_avatar_set_text (self->small_avatar, name);
      adw_avatar_set_text (self->large_avatar, name);
      gtk_label_set_label (self->name_label, name);
      gtk_label_set_label (self->email_label, email);
      /* Translators: the tooltip of the account button; %s is the user's name */
      tooltip = g_strdup_printf (_("Signed in as %s"), name);
    }
  else
    {
      tooltip = g_strdup (_("Account"));
    }

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                  -1);
}

static void
set_account (EweAccountButton *self,
             EweAccount       *account)
{
  if (self->account == account)
    return;

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_set_object (&self->account, account);
  if (self->account != NULL)
    {
      g_signal_connect_object (self->account, "notify::signed-in", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->account, "notify::name", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->account, "notify::email", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }

  update (self);
}

static void
session_account_changed_cb (EweAccountButton *self)
{
  set_account (self, self->session ? ewe_session_get_account (self->session) : NULL);
}

static void
ewe_account_button_dispose (GObject *object)
{
  EweAccountButton *self = (EweAccountButton *)object;

  g_clear_handle_id (&self->update_idle_id, g_source_remove);
  set_account (self, NULL);
  g_clear_object (&self->session);

  /* The popover not in use is ours alone. No gtk_widget_dispose_template():
   * the menu button is AdwBin's child, which AdwBin unparents itself. */
  g_clear_object (&self->signed_out_popover);
  g_clear_object (&self->signed_in_popover);
  g_clear_object (&self->account_info);

  G_OBJECT_CLASS (ewe_account_button_parent_class)->dispose (object);
}

static void
ewe_account_button_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EweAccountButton *self = EWE_ACCOUNT_BUTTON (object);

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
ewe_account_button_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  EweAccountButton *self = EWE_ACCOUNT_BUTTON (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      ewe_account_button_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_account_button_class_init (EweAccountButtonClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_account_button_dispose;
  object_class->get_property = ewe_account_button_get_property;
  object_class->set_property = ewe_account_button_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, EWE_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-account-button.ui");
  gtk_widget_class_bind_template_child (widget_class, EweAccountButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, EweAccountButton, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, EweAccountButton, small_avatar);
  gtk_widget_class_bind_template_child (widget_class, EweAccountButton, signed_out_menu);
  gtk_widget_class_bind_template_child (widget_class, EweAccountButton, signed_in_menu);
  gtk_widget_class_bind_template_child (widget_class, EweAccountButton, account_info);
  gtk_widget_class_bind_template_child (widget_class, EweAccountButton, large_avatar);
  gtk_widget_class_bind_template_child (widget_class, EweAccountButton, name_label);
  gtk_widget_class_bind_template_child (widget_class, EweAccountButton, email_label);
}

static void
ewe_account_button_init (EweAccountButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Kept for the signed-in popover, which may be built much later. */
  g_object_ref_sink (self->account_info);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_popup_cb, self, NULL);
  update (self);
}

EweSession *
ewe_account_button_get_session (EweAccountButton *self)
{
  g_return_val_if_fail (EWE_IS_ACCOUNT_BUTTON (self), NULL);

  return self->session;
}

void
ewe_account_button_set_session (EweAccountButton *self,
                                EweSession       *session)
{
  g_return_if_fail (EWE_IS_ACCOUNT_BUTTON (self));
  g_return_if_fail (session == NULL || EWE_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (self->session != NULL)
    g_signal_connect_object (self->session, "notify::account",
                             G_CALLBACK (session_account_changed_cb), self, G_CONNECT_SWAPPED);

  session_account_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
