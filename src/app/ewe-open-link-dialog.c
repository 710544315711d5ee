/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-open-link-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-invitation.h"
#include "ewe-open-link-dialog.h"
#include "ewe-widget-utils.h"

/* "Open Shared Link": a link a friend shared, checked as it is typed, then
 * read from its server; "opened" gives the friend's list, and the dialog
 * closes. What went wrong (the link, the network, the server) is said
 * under the entry, which keeps the text for another try.
 *
 * A reservation's link from its mail opens, on a device that did not make
 * the reservation, only with the address it was made with: the server
 * says so (EWE_FRIENDS_ERROR_NEEDS_EMAIL), and the dialog then shows an
 * e-mail entry under the link, focused, where Enter opens the link with
 * that address (and confirms the reservation, when the link says to). */

struct _EweOpenLinkDialog
{
  AdwWindow     parent_instance;

  /* template widgets */
  AdwEntryRow  *link_row;
  AdwEntryRow  *email_row;
  GtkLabel     *email_hint;
  GtkLabel     *error_label;
  GtkStack     *open_stack;
  GtkWidget    *open_button;

  /* owned */
  EweFriends   *friends;
  GCancellable *cancellable;
  gboolean      busy;
};

enum
{
  PROP_0,
  PROP_FRIENDS,
  N_PROPS
};

enum
{
  OPENED,
  INVITATION,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EweOpenLinkDialog, ewe_open_link_dialog, ADW_TYPE_WINDOW)

/* @row: the entry the message is about */
static void
show_error_at (EweOpenLinkDialog *self,
               AdwEntryRow       *row,
               const char        *message)
{
  ewe_label_set_text_or_hide (self->error_label, message);
  gtk_widget_remove_css_class (GTK_WIDGET (self->link_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->email_row), "error");
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
show_error (EweOpenLinkDialog *self,
            const char        *message)
{
  show_error_at (self, self->link_row, message);
}

static gboolean
asking_email (EweOpenLinkDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->email_row));
}

static void
ask_email (EweOpenLinkDialog *self,
           gboolean           ask,
           const char        *why)
{
  EweAccount *account = ewe_friends_get_account (self->friends);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->email_row));

  /* Signed in, the reservation was likely made with the account's address. */
  if (ask && *typed == '\0' && account != NULL && ewe_account_get_email (account) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->email_row), ewe_account_get_email (account));

  gtk_widget_set_visible (GTK_WIDGET (self->email_row), ask);
  gtk_widget_set_visible (GTK_WIDGET (self->email_hint), ask);
  gtk_label_set_text (self->email_hint, why != NULL ? why : "");
}

/* Checks the link (and the address, when asked for); says what is wrong
 * with the link only once there is something. */
static gboolean
validate (EweOpenLinkDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->link_row));
  g_autoptr(GError) error = NULL;
  g_autofree char   *stripped = g_strstrip (g_strdup (text));
  EweFriendsLinkKind kind = EWE_FRIENDS_LINK_LIST;
  gboolean           valid = ewe_friends_parse_link (text, NULL, &kind, NULL, &error);

  /* An invitation to co-own a list opens here too, as its page says. */
  if (!valid && ewe_invitation_parse_link (text, NULL, NULL, NULL, NULL))
    {
      valid = TRUE;
      g_clear_error (&error);
    }

  /* The address is only for a reservation's link. */
  if (asking_email (self) && (!valid || kind != EWE_FRIENDS_LINK_RESERVATION))
    ask_email (self, FALSE, NULL);

  show_error (self, valid || *stripped == '\0' ? NULL : error->message);
  if (valid && asking_email (self))
    valid = strchr (gtk_editable_get_text (GTK_EDITABLE (self->email_row)), '@') != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "link.open", valid && !self->busy);

  return valid;
}

static void
link_changed_cb (EweOpenLinkDialog *self)
{
  validate (self);
}

static void
email_changed_cb (EweOpenLinkDialog *self)
{
  gboolean asked_wrong = gtk_widget_has_css_class (GTK_WIDGET (self->email_row), "error");

  validate (self);
  /* What was wrong with the last address goes as this one is typed. */
  if (asked_wrong)
    show_error (self, NULL);
}

static void
set_busy (EweOpenLinkDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  gtk_stack_set_visible_child (self->open_stack, busy ? gtk_stack_get_child_by_name (self->open_stack, "busy")
                                                      : self->open_button);
  gtk_editable_set_editable (GTK_EDITABLE (self->link_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->email_row), !busy);
  validate (self);
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(EweOpenLinkDialog) self = user_data;
  g_autoptr(EweList) list = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_get_source_tag (G_TASK (result)) == ewe_friends_open_link_with_email_async)
    list = ewe_friends_open_link_with_email_finish (EWE_FRIENDS (object), result, &error);
  else
    list = ewe_friends_open_link_finish (EWE_FRIENDS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (list == NULL && g_error_matches (error, EWE_FRIENDS_ERROR, EWE_FRIENDS_ERROR_NEEDS_EMAIL))
    {
      if (asking_email (self))
        {
          /* The address given was not the reservation's. */
          show_error_at (self, self->email_row, error->message);
        }
      else
        {
          ask_email (self, TRUE, _("This reservation was made on another device. Enter the e-mail "
                                   "address you reserved with to bring it into the app."));
          show_error (self, NULL);
          validate (self);
        }
      gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
      return;
    }

  if (list == NULL)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->link_row));
      return;
    }

  g_signal_emit (self, signals[OPENED], 0, list);
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * ewe_open_link_dialog_open:
 *
 * Opens the link in the entry, as the Open button does.
 */
void
ewe_open_link_dialog_open (EweOpenLinkDialog *self)
{
  g_return_if_fail (EWE_IS_OPEN_LINK_DIALOG (self));

  if (self->busy || !validate (self))
    return;

  /* The window accepts an invitation: it is the account's business, not
   * a friend's list. */
  if (ewe_invitation_parse_link (gtk_editable_get_text (GTK_EDITABLE (self->link_row)), NULL, NULL, NULL, NULL))
    {
      g_signal_emit (self, signals[INVITATION], 0, gtk_editable_get_text (GTK_EDITABLE (self->link_row)));
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  set_busy (self, TRUE);
  if (asking_email (self))
    ewe_friends_open_link_with_email_async (self->friends, gtk_editable_get_text (GTK_EDITABLE (self->link_row)),
                                            gtk_editable_get_text (GTK_EDITABLE (self->email_row)),
                                            self->cancellable, open_cb, g_object_ref (self));
  else
    ewe_friends_open_link_async (self->friends, gtk_editable_get_text (GTK_EDITABLE (self->link_row)),
                                 self->cancellable, open_cb, g_object_ref (self));
}

static void
link_activated_cb (EweOpenLinkDialog *self)
{
  ewe_open_link_dialog_open (self);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ewe_open_link_dialog_open (EWE_OPEN_LINK_DIALOG (widget));
}

static void
ewe_open_link_dialog_dispose (GObject *object)
{
  EweOpenLinkDialog *self = (EweOpenLinkDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_OPEN_LINK_DIALOG);
  g_clear_object (&self->friends);

  G_OBJECT_CLASS (ewe_open_link_dialog_parent_class)->dispose (object);
}

static void
ewe_open_link_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  EweOpenLinkDialog *self = EWE_OPEN_LINK_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FRIENDS:
      g_value_set_object (value, self->friends);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_open_link_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  EweOpenLinkDialog *self = EWE_OPEN_LINK_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FRIENDS:
      self->friends = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_open_link_dialog_class_init (EweOpenLinkDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ewe_open_link_dialog_dispose;
  object_class->get_property = ewe_open_link_dialog_get_property;
  object_class->set_property = ewe_open_link_dialog_set_property;

  properties[PROP_FRIENDS] =
    g_param_spec_object ("friends", NULL, NULL, EWE_TYPE_FRIENDS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The list opened: a live list of EweFriends. */
  signals[OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EWE_TYPE_LIST);

  /* The link is an invitation to co-own a list (ewe-invitation.h). */
  signals[INVITATION] =
    g_signal_new ("invitation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-open-link-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EweOpenLinkDialog, link_row);
  gtk_widget_class_bind_template_child (widget_class, EweOpenLinkDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, EweOpenLinkDialog, email_hint);
  gtk_widget_class_bind_template_child (widget_class, EweOpenLinkDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, EweOpenLinkDialog, open_stack);
  gtk_widget_class_bind_template_child (widget_class, EweOpenLinkDialog, open_button);
  gtk_widget_class_bind_template_callback (widget_class, link_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, email_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_activated_cb);

  gtk_widget_class_install_action (widget_class, "link.open", NULL, open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ewe_open_link_dialog_init (EweOpenLinkDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "link.open", FALSE);

  /* Opens in the link, not on the header bar's Cancel: paste, Enter. */
  gtk_widget_grab_focus (GTK_WIDGET (self->link_row));
}

/* @link: (nullable): a link to start with, e.g. one the app was given */
EweOpenLinkDialog *
ewe_open_link_dialog_new (EweFriends *friends,
                          const char *link)
{
  EweOpenLinkDialog *self;

  g_return_val_if_fail (EWE_IS_FRIENDS (friends), NULL);

  self = g_object_new (EWE_TYPE_OPEN_LINK_DIALOG, "friends", friends, NULL);
  if (link != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->link_row), link);

  return self;
}
