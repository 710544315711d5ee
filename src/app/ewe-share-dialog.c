/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-share-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-qr-code.h"
#include "ewe-share-dialog.h"

/* EweShareDialog shows the link friends open in a browser, a QR code of it
 * for a phone, and ways to pass it on: copy it, send it by e-mail with a
 * few friendly words, copy those words for a chat, or open it. A list the server has not seen
 * yet has no link: the dialog says so, and switches to the link by itself
 * when a sync gives the list its server id. */

struct _EweShareDialog
{
  AdwWindow      parent_instance;

  /* template widgets */
  GtkStack      *stack;
  AdwStatusPage *local_page;
  EweQrCode     *qr_code;
  GtkLabel      *qr_error_label;
  GtkLabel      *link_label;
  GtkButton     *copy_button;
  GtkLabel      *copied_label;

  /* owned */
  EweList       *list;
  char          *public_url;
};

G_DEFINE_FINAL_TYPE (EweShareDialog, ewe_share_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_LIST,
  PROP_PUBLIC_URL,
  N_PROPS
};

enum
{
  LINK_COPIED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

char *
ewe_share_dialog_dup_link (EweShareDialog *self)
{
  g_autofree char *escaped = NULL;
  const char      *id;
  gsize            len;

  g_return_val_if_fail (EWE_IS_SHARE_DIALOG (self), NULL);

  id = ewe_list_get_id (self->list);
  if (self->public_url == NULL || *self->public_url == '\0' ||
      id == NULL || *id == '\0' || ewe_list_is_local (self->list))
    return NULL;

  /* "https://host/" and "https://host" must give the same link. */
  len = strlen (self->public_url);
  while (len > 0 && self->public_url[len - 1] == '/')
    len--;

  escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strdup_printf ("%.*s/lists/%s", (int)len, self->public_url, escaped);
}

/**
 * ewe_share_dialog_dup_message:
 *
 * The few words that go with the link, by e-mail or pasted in a chat.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL while the
 *   list has no link
 */
char *
ewe_share_dialog_dup_message (EweShareDialog *self)
{
  g_autofree char *link = NULL;
  const char      *title;

  g_return_val_if_fail (EWE_IS_SHARE_DIALOG (self), NULL);

  if ((link = ewe_share_dialog_dup_link (self)) == NULL)
    return NULL;

  title = ewe_list_get_title (self->list);
  if (title == NULL || *title == '\0')
    /* Translators: the message that goes with a shared list's link; %s is the link */
    return g_strdup_printf (_("Hello!\n\nI made a gift list. You can see it and reserve a gift here:\n%s\n\nThank you!"),
                               link);

  /* Translators: the message that goes with a shared list's link; the
   * first %s is the list's title, the second the link */
  return g_strdup_printf (_("Hello!\n\nI made a gift list, “%s”. You can see it and reserve a gift here:\n%s\n\nThank you!"),
                             title, link);
}

/**
 * ewe_share_dialog_dup_mailto_uri:
 *
 * Returns: (transfer full) (nullable): a `mailto:` URI with a subject and
 *   the message, for the user's mail program, or %NULL while the list has
 *   no link
 */
char *
ewe_share_dialog_dup_mailto_uri (EweShareDialog *self)
{
  g_autofree char *message = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *escaped_subject = NULL;
  g_autofree char *escaped_body = NULL;
  const char      *title;

  g_return_val_if_fail (EWE_IS_SHARE_DIALOG (self), NULL);

  if ((message = ewe_share_dialog_dup_message (self)) == NULL)
    return NULL;

  title = ewe_list_get_title (self->list);
  if (title != NULL && *title != '\0')
    /* Translators: the subject of the mail that shares a list; %s is its title */
    subject = g_strdup_printf (_("My gift list: %s"), title);
  else
    subject = g_strdup (_("My gift list"));

  /* RFC 6068: everything but unreserved characters escaped, line breaks
   * as %0D%0A. */
  escaped_subject = g_uri_escape_string (subject, NULL, FALSE);
  {
    g_auto(GStrv) lines = g_strsplit (message, "\n", -1);
    g_autoptr(GString) body = g_string_new (NULL);

    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_autofree char *escaped = g_uri_escape_string (lines[i], NULL, FALSE);

        if (i > 0)
          g_string_append (body, "%0D%0A");
        g_string_append (body, escaped);
      }
    escaped_body = g_string_free (g_steal_pointer (&body), FALSE);
  }

  return g_strdup_printf ("mailto:?subject=%s&body=%s", escaped_subject, escaped_body);
}

static void
say_copied (EweShareDialog *self,
            const char     *what)
{
  gtk_label_set_label (self->copied_label, what);
  gtk_widget_set_visible (GTK_WIDGET (self->copied_label), TRUE);
}

static void
ewe_share_dialog_update (EweShareDialog *self)
{
  g_autofree char *link = ewe_share_dialog_dup_link (self);
  g_autoptr(GError) error = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.copy", link != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.email", link != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.copy-message", link != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.open", link != NULL);

  if (link == NULL)
    {
      if (self->public_url == NULL || *self->public_url == '\0')
        adw_status_page_set_description (self->local_page,
                                         _("Lists can be shared once a server is set up in Preferences and the list has synced with it."));
      else
        adw_status_page_set_description (self->local_page,
                                         _("This list gets its link once it has synced with your server. Friends can then open it in any browser."));

      ewe_qr_code_set_text (self->qr_code, NULL, NULL);
      gtk_label_set_label (self->link_label, "");
      gtk_stack_set_visible_child_name (self->stack, "local");
      return;
    }

  /* Without a code the link is still there to copy or send: say why
   * there is no code, where it would be. */
  if (!ewe_qr_code_set_text (self->qr_code, link, &error))
    gtk_label_set_label (self->qr_error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->qr_code), error == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->qr_error_label), error != NULL);
  gtk_label_set_label (self->link_label, link);
  gtk_stack_set_visible_child_name (self->stack, "link");

  /* Keyboard users land on the button they most likely want, and Enter
   * copies; otherwise the selectable link would take the focus and show
   * itself all selected. */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->copy_button));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->copy_button));
}

static void
list_id_changed_cb (EweShareDialog *self)
{
  ewe_share_dialog_update (self);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  EweShareDialog  *self = EWE_SHARE_DIALOG (widget);
  g_autofree char *link = ewe_share_dialog_dup_link (self);

  if (link == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), link);

  /* The dialog is modal, so a toast in the window behind it would go
   * unseen: say it here, and let the caller know too. */
  say_copied (self, _("Link copied"));
  g_signal_emit (self, signals[LINK_COPIED], 0, link);
}

static void
copy_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  EweShareDialog  *self = EWE_SHARE_DIALOG (widget);
  g_autofree char *message = ewe_share_dialog_dup_message (self);

  if (message == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), message);
  say_copied (self, _("Message copied"));
}

/* The user's mail program, through the OpenURI portal in a Flatpak. */
static void
email_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  EweShareDialog  *self = EWE_SHARE_DIALOG (widget);
  g_autofree char *uri = ewe_share_dialog_dup_mailto_uri (self);

  if (uri != NULL)
    gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  EweShareDialog  *self = EWE_SHARE_DIALOG (widget);
  g_autofree char *link = ewe_share_dialog_dup_link (self);

  if (link != NULL)
    gtk_show_uri (GTK_WINDOW (self), link, GDK_CURRENT_TIME);
}

static void
ewe_share_dialog_constructed (GObject *object)
{
  EweShareDialog *self = (EweShareDialog *)object;

  G_OBJECT_CLASS (ewe_share_dialog_parent_class)->constructed (object);

  g_return_if_fail (EWE_IS_LIST (self->list));

  g_signal_connect_object (self->list, "notify::id",
                           G_CALLBACK (list_id_changed_cb), self, G_CONNECT_SWAPPED);
  ewe_share_dialog_update (self);
}

static void
ewe_share_dialog_dispose (GObject *object)
{
  EweShareDialog *self = (EweShareDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_SHARE_DIALOG);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (ewe_share_dialog_parent_class)->dispose (object);
}

static void
ewe_share_dialog_finalize (GObject *object)
{
  EweShareDialog *self = (EweShareDialog *)object;

  g_clear_pointer (&self->public_url, g_free);

  G_OBJECT_CLASS (ewe_share_dialog_parent_class)->finalize (object);
}

static void
ewe_share_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EweShareDialog *self = EWE_SHARE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;

    case PROP_PUBLIC_URL:
      g_value_set_string (value, self->public_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_share_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  EweShareDialog *self = EWE_SHARE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;

    case PROP_PUBLIC_URL:
      self->public_url = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_share_dialog_class_init (EweShareDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ewe_share_dialog_constructed;
  object_class->dispose = ewe_share_dialog_dispose;
  object_class->finalize = ewe_share_dialog_finalize;
  object_class->get_property = ewe_share_dialog_get_property;
  object_class->set_property = ewe_share_dialog_set_property;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL,
                         EWE_TYPE_LIST,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PUBLIC_URL] =
    g_param_spec_string ("public-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EweShareDialog::link-copied:
   * @link: the link now on the clipboard
   *
   * Emitted after Copy Link put the link on the clipboard.
   */
  signals[LINK_COPIED] =
    g_signal_new ("link-copied",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (EWE_TYPE_QR_CODE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-share-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EweShareDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, EweShareDialog, local_page);
  gtk_widget_class_bind_template_child (widget_class, EweShareDialog, qr_code);
  gtk_widget_class_bind_template_child (widget_class, EweShareDialog, qr_error_label);
  gtk_widget_class_bind_template_child (widget_class, EweShareDialog, link_label);
  gtk_widget_class_bind_template_child (widget_class, EweShareDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, EweShareDialog, copied_label);

  gtk_widget_class_install_action (widget_class, "share.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "share.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "share.email", NULL, email_action);
  gtk_widget_class_install_action (widget_class, "share.copy-message", NULL, copy_message_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ewe_share_dialog_init (EweShareDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

EweShareDialog *
ewe_share_dialog_new (EweList    *list,
                      const char *public_url)
{
  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  return g_object_new (EWE_TYPE_SHARE_DIALOG,
                       "list", list,
                       "public-url", public_url,
                       NULL);
}

EweList *
ewe_share_dialog_get_list (EweShareDialog *self)
{
  g_return_val_if_fail (EWE_IS_SHARE_DIALOG (self), NULL);

  return self->list;
}
