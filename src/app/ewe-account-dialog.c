/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-account-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-account-dialog-private.h"
#include "ewe-server-probe.h"
#include "ewe-validation.h"

/* Signing in, creating an account and resetting a password, as pages of one
 * modal window with a Back button. Every field is checked before a request
 * goes out; while one runs the page is insensitive and a spinner turns;
 * what went wrong is said on the page, in the service's own words. Closing
 * the window cancels whatever runs. */

enum
{
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EweAccountDialog, ewe_account_dialog, ADW_TYPE_WINDOW)

/* Actions that start a request or leave the page: all off while busy. */
static const char * const busy_actions[] = {
  "dialog.back",
  "dialog.continue",
  "dialog.test-server",
  "dialog.sign-in",
  "dialog.sign-in-browser",
  "dialog.sign-in-provider",
  "dialog.show-sign-up",
  "dialog.show-forgot",
  "dialog.sign-up",
  "dialog.confirm",
  "dialog.resend-code",
  "dialog.send-reset-code",
  "dialog.reset-password",
};

typedef struct
{
  const char *name;
  gsize       error_offset;
  gsize       primary_offset;
} PageInfo;

static const PageInfo pages[] = {
  { "server", G_STRUCT_OFFSET (EweAccountDialog, server_error), G_STRUCT_OFFSET (EweAccountDialog, server_continue_button) },
  { "sign-in", G_STRUCT_OFFSET (EweAccountDialog, sign_in_error), G_STRUCT_OFFSET (EweAccountDialog, sign_in_button) },
  { "browser", G_STRUCT_OFFSET (EweAccountDialog, browser_error), G_STRUCT_OFFSET (EweAccountDialog, browser_cancel_button) },
  { "sign-up", G_STRUCT_OFFSET (EweAccountDialog, sign_up_error), G_STRUCT_OFFSET (EweAccountDialog, sign_up_button) },
  { "confirm", G_STRUCT_OFFSET (EweAccountDialog, confirm_error), G_STRUCT_OFFSET (EweAccountDialog, confirm_button) },
  { "forgot", G_STRUCT_OFFSET (EweAccountDialog, forgot_error), G_STRUCT_OFFSET (EweAccountDialog, forgot_send_button) },
  { "reset", G_STRUCT_OFFSET (EweAccountDialog, reset_error), G_STRUCT_OFFSET (EweAccountDialog, reset_button) },
};

#define PAGE_MEMBER(self, offset) (*(gpointer *)G_STRUCT_MEMBER_P ((self), (offset)))

static const PageInfo *
current_page (EweAccountDialog *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      if (g_strcmp0 (pages[i].name, name) == 0)
        return &pages[i];
    }

  g_assert_not_reached ();
}

char *
_ewe_account_dialog_dup_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

void
_ewe_account_dialog_wipe_password (EweAccountDialog *self)
{
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
update_actions (EweAccountDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (busy_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), busy_actions[i], !self->busy);

  if (!self->busy)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.back", self->history->len > 0);
  gtk_widget_set_visible (self->back_button, self->history->len > 0);
}

static void focus_page (EweAccountDialog *self);

void
_ewe_account_dialog_set_busy (EweAccountDialog *self,
                              gboolean          busy)
{
  self->busy = busy;

  /* A field made insensitive while it has the focus leaves GTK 4.8's
   * GtkText without its focus-out (a warning on every sign-in): let go of
   * it first, and come back to the page's field after. */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !busy);
  update_actions (self);
  if (!busy && gtk_window_get_focus (GTK_WINDOW (self)) == NULL)
    focus_page (self);

  if (busy)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
}

void
_ewe_account_dialog_clear_errors (EweAccountDialog *self)
{
  AdwEntryRow *rows[] = {
    self->server_row,
    self->sign_in_email_row,
    self->sign_in_password_row,
    self->sign_up_name_row,
    self->sign_up_email_row,
    self->sign_up_password_row,
    self->confirm_code_row,
    self->forgot_email_row,
    self->reset_code_row,
    self->reset_password_row,
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkLabel *label = PAGE_MEMBER (self, pages[i].error_offset);

      gtk_label_set_label (label, "");
      gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");

  gtk_widget_set_visible (GTK_WIDGET (self->server_status), FALSE);
}

/* Says what is wrong on the page shown, and puts the focus where it can be
 * fixed. */
void
_ewe_account_dialog_show_error (EweAccountDialog *self,
                                AdwEntryRow      *row,
                                const char       *message)
{
  GtkLabel *label = PAGE_MEMBER (self, current_page (self)->error_offset);

  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);

  if (row != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

/* @problem: (transfer full) (nullable): what is wrong with @row's text,
 * from one of the ewe_validation_check_*() functions.
 *
 * Shows @problem by @row, if there is one. Returns whether the field is
 * fine, so that an action stops at the first field to fix. */
gboolean
_ewe_account_dialog_check_field (EweAccountDialog *self,
                                 AdwEntryRow      *row,
                                 char             *problem)
{
  g_autofree char *owned_problem = problem;

  if (problem == NULL)
    return TRUE;

  _ewe_account_dialog_show_error (self, row, problem);
  return FALSE;
}

/* A request failed: says why, by @row if that is the field to fix. A
 * cancelled request says nothing: the dialog is closing, or a newer
 * request took its place. */
void
_ewe_account_dialog_show_failure (EweAccountDialog *self,
                                  AdwEntryRow      *row,
                                  const GError     *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _ewe_account_dialog_set_busy (self, FALSE);
  _ewe_account_dialog_show_error (self, row, error->message);
}

static void
focus_page (EweAccountDialog *self)
{
  const char  *name = gtk_stack_get_visible_child_name (self->stack);
  AdwEntryRow *candidates[3] = { NULL };

  if (g_strcmp0 (name, "server") == 0)
    candidates[0] = self->server_row;
  else if (g_strcmp0 (name, "sign-in") == 0)
    candidates[0] = self->sign_in_email_row, candidates[1] = self->sign_in_password_row;
  else if (g_strcmp0 (name, "sign-up") == 0)
    candidates[0] = self->sign_up_name_row, candidates[1] = self->sign_up_email_row,
    candidates[2] = self->sign_up_password_row;
  else if (g_strcmp0 (name, "confirm") == 0)
    candidates[0] = self->confirm_code_row;
  else if (g_strcmp0 (name, "forgot") == 0)
    candidates[0] = self->forgot_email_row;
  else if (g_strcmp0 (name, "reset") == 0)
    candidates[0] = self->reset_code_row, candidates[1] = self->reset_password_row;

  /* The first field still empty, so a returning user types the password
   * right away. */
  for (guint i = 0; i < G_N_ELEMENTS (candidates) && candidates[i] != NULL; i++)
    {
      if (gtk_editable_get_text (GTK_EDITABLE (candidates[i]))[0] == '\0')
        {
          gtk_widget_grab_focus (GTK_WIDGET (candidates[i]));
          return;
        }
    }

  gtk_widget_grab_focus (PAGE_MEMBER (self, current_page (self)->primary_offset));
}

static void
page_changed_cb (EweAccountDialog *self)
{
  GtkWidget      *child = gtk_stack_get_visible_child (self->stack);
  const PageInfo *page;

  if (child == NULL || self->history == NULL)
    return;

  page = current_page (self);
  adw_window_title_set_title (self->window_title,
                              gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child)));
  gtk_window_set_default_widget (GTK_WINDOW (self), PAGE_MEMBER (self, page->primary_offset));
  update_actions (self);
  focus_page (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "sign-in") == 0)
    _ewe_account_dialog_load_providers (self);
}

static void
update_server_subtitle (EweAccountDialog *self)
{
  g_autofree char *server = ewe_session_dup_server_url (self->session);
  g_autoptr(GUri) uri = server[0] ? g_uri_parse (server, G_URI_FLAGS_NONE, NULL) : NULL;

  adw_window_title_set_subtitle (self->window_title,
                                 uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : NULL);
}

void
_ewe_account_dialog_show_page (EweAccountDialog *self,
                               const char       *name)
{
  const char *current = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (current, name) == 0)
    return;

  _ewe_account_dialog_clear_errors (self);
  g_ptr_array_add (self->history, g_strdup (current));
  update_server_subtitle (self);
  gtk_stack_set_visible_child_name (self->stack, name);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EweAccountDialog *self = EWE_ACCOUNT_DIALOG (widget);
  g_autofree char  *previous = NULL;

  if (self->history->len == 0)
    return;

  /* Back from the browser's page gives up waiting for it. */
  _ewe_account_dialog_cancel_browser (self);
  previous = g_ptr_array_steal_index (self->history, self->history->len - 1);
  _ewe_account_dialog_clear_errors (self);
  gtk_stack_set_visible_child_name (self->stack, previous);
}

/* The account of the configured server; without one, the server page
 * comes first. */
EweAccount *
_ewe_account_dialog_get_account (EweAccountDialog *self)
{
  EweAccount *account = ewe_session_get_account (self->session);

  if (account == NULL)
    _ewe_account_dialog_show_page (self, "server");

  return account;
}

/* server */

static gboolean
check_server (EweAccountDialog *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->pending_url, g_free);
  self->pending_url = ewe_server_normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->server_row)), &error);
  if (self->pending_url == NULL)
    {
      _ewe_account_dialog_clear_errors (self);
      _ewe_account_dialog_show_error (self, self->server_row, error->message);
      return FALSE;
    }

  return TRUE;
}

static void
server_probe_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EweAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  gboolean         continuing;

  version = ewe_server_probe_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  continuing = self->probe_continues;
  _ewe_account_dialog_set_busy (self, FALSE);

  if (version == NULL)
    {
      _ewe_account_dialog_show_error (self, self->server_row, error->message);
      return;
    }

  if (!continuing)
    {
      g_autofree char *message = NULL;

      if (version[0] != '\0')
        /* Translators: %s is a version number such as 0.1.0 */
        message = g_strdup_printf (_("Connected to Ewelists server %s"), version);
      else
        message = g_strdup (_("Connected to an Ewelists server"));
      gtk_label_set_label (self->server_status, message);
      gtk_widget_set_visible (GTK_WIDGET (self->server_status), TRUE);
      return;
    }

  /* The server answers: keep it, and go on to what the user asked for. */
  ewe_session_set_server_url (self->session, self->pending_url);
  _ewe_account_dialog_show_page (self, self->start == EWE_ACCOUNT_DIALOG_SIGN_UP ? "sign-up" : "sign-in");
}

static void
probe_server (EweAccountDialog *self,
              gboolean          continuing)
{
  _ewe_account_dialog_clear_errors (self);
  if (!check_server (self))
    return;

  _ewe_account_dialog_set_busy (self, TRUE);
  self->probe_continues = continuing;
  ewe_server_probe_async (self->pending_url, self->cancellable, server_probe_cb, g_object_ref (self));
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  probe_server (EWE_ACCOUNT_DIALOG (widget), TRUE);
}

static void
test_server_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  probe_server (EWE_ACCOUNT_DIALOG (widget), FALSE);
}

/* sign in */

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EweAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ewe_account_sign_in_finish (EWE_ACCOUNT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _ewe_account_dialog_set_busy (self, FALSE);

  if (error != NULL)
    {
      if (g_error_matches (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_CONFIRMED))
        {
          g_autofree char *text = NULL;

          /* Translators: %s is an e-mail address */
          text = g_strdup_printf (_("This account is not confirmed yet. Enter the 6-digit code "
                                    "we sent to %s, or send a new one."),
                                     self->email);
          gtk_label_set_label (self->confirm_description, text);
          _ewe_account_dialog_show_page (self, "confirm");
          return;
        }

      /* After a confirmation or a reset the sign-in ran on its own; its
       * failure is best fixed on the sign-in page. */
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "sign-in") != 0)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->sign_in_email_row), self->email);
          _ewe_account_dialog_show_page (self, "sign-in");
        }

      _ewe_account_dialog_show_error (self,
                                      g_error_matches (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_NOT_AUTHORIZED)
                                        ? self->sign_in_password_row
                                        : NULL,
                                      error->message);
      return;
    }

  _ewe_account_dialog_wipe_password (self);
  _ewe_account_dialog_signed_in (self);
}

/* Tells the window and closes: the account is signed in. */
void
_ewe_account_dialog_signed_in (EweAccountDialog *self)
{
  g_signal_emit (self, signals[SIGNED_IN], 0);
  gtk_window_close (GTK_WINDOW (self));
}

void
_ewe_account_dialog_start_sign_in (EweAccountDialog *self,
                                   const char       *email,
                                   const char       *password)
{
  EweAccount *account = _ewe_account_dialog_get_account (self);

  if (account == NULL)
    {
      _ewe_account_dialog_set_busy (self, FALSE);
      return;
    }

  if (self->email != email)
    {
      g_free (self->email);
      self->email = g_strdup (email);
    }

  if (!self->busy)
    _ewe_account_dialog_set_busy (self, TRUE);
  ewe_account_sign_in_async (account, email, password, self->cancellable, sign_in_cb, g_object_ref (self));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EweAccountDialog *self = EWE_ACCOUNT_DIALOG (widget);
  g_autofree char  *email = _ewe_account_dialog_dup_text (self->sign_in_email_row);
  const char       *password = gtk_editable_get_text (GTK_EDITABLE (self->sign_in_password_row));

  _ewe_account_dialog_clear_errors (self);

  if (!_ewe_account_dialog_check_field (self, self->sign_in_email_row, ewe_validation_check_email (email)))
    return;

  if (password[0] == '\0')
    {
      _ewe_account_dialog_show_error (self, self->sign_in_password_row, _("Enter your password."));
      return;
    }

  _ewe_account_dialog_wipe_password (self);
  self->password = g_strdup (password);
  _ewe_account_dialog_start_sign_in (self, email, password);
}

static void
show_sign_up_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EweAccountDialog *self = EWE_ACCOUNT_DIALOG (widget);
  const char       *email = gtk_editable_get_text (GTK_EDITABLE (self->sign_in_email_row));

  if (gtk_editable_get_text (GTK_EDITABLE (self->sign_up_email_row))[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->sign_up_email_row), email);
  _ewe_account_dialog_show_page (self, "sign-up");
}

/* the window */

static void
row_changed_cb (GtkEditable      *row,
                EweAccountDialog *self)
{
  /* Fixing the field that was at fault retires what was said about it. */
  if (gtk_widget_has_css_class (GTK_WIDGET (row), "error"))
    {
      GtkWidget *label = PAGE_MEMBER (self, current_page (self)->error_offset);

      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_widget_set_visible (label, FALSE);
    }
}

static gboolean
ewe_account_dialog_close_request (GtkWindow *window)
{
  EweAccountDialog *self = EWE_ACCOUNT_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  _ewe_account_dialog_cancel_browser (self);

  return GTK_WINDOW_CLASS (ewe_account_dialog_parent_class)->close_request (window);
}

static void
ewe_account_dialog_dispose (GObject *object)
{
  EweAccountDialog *self = (EweAccountDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  _ewe_account_dialog_cancel_browser (self);
  _ewe_account_dialog_stop_providers (self);
  _ewe_account_dialog_wipe_password (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), EWE_TYPE_ACCOUNT_DIALOG);

  g_clear_object (&self->session);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->pending_url, g_free);
  g_clear_pointer (&self->email, g_free);

  G_OBJECT_CLASS (ewe_account_dialog_parent_class)->dispose (object);
}

static void
ewe_account_dialog_class_init (EweAccountDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ewe_account_dialog_dispose;
  window_class->close_request = ewe_account_dialog_close_request;

  /* Emitted once the account is signed in, just before the dialog closes. */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ewelists/App/ewe-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, server_status);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, server_error);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, server_continue_button);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, sign_in_description);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, sign_in_email_row);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, sign_in_password_row);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, sign_in_error);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, browser_button);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, providers_box);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, browser_spinner);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, browser_error);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, browser_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, sign_up_name_row);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, sign_up_email_row);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, sign_up_password_row);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, sign_up_error);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, sign_up_button);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, confirm_description);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, confirm_code_row);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, confirm_error);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, forgot_email_row);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, forgot_error);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, forgot_send_button);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, reset_description);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, reset_code_row);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, reset_password_row);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, reset_error);
  gtk_widget_class_bind_template_child (widget_class, EweAccountDialog, reset_button);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_changed_cb);

  gtk_widget_class_install_action (widget_class, "dialog.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "dialog.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "dialog.test-server", NULL, test_server_action);
  gtk_widget_class_install_action (widget_class, "dialog.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "dialog.show-sign-up", NULL, show_sign_up_action);
  _ewe_account_dialog_class_init_sign_up (widget_class);
  _ewe_account_dialog_class_init_reset (widget_class);
  _ewe_account_dialog_class_init_browser (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "dialog.back", NULL);
}

static void
ewe_account_dialog_init (EweAccountDialog *self)
{
  self->history = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}

EweAccountDialog *
ewe_account_dialog_new (EweSession           *session,
                        EweAccountDialogStart start)
{
  EweAccountDialog *self;
  const char       *first;

  g_return_val_if_fail (EWE_IS_SESSION (session), NULL);

  self = g_object_new (EWE_TYPE_ACCOUNT_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->start = start;

  /* Like a Nextcloud or Matrix client: no server yet, so ask for one first. */
  if (!ewe_session_get_configured (session))
    {
      g_autofree char *server = ewe_session_dup_server_url (session);

      gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
      first = "server";
    }
  else
    {
      first = start == EWE_ACCOUNT_DIALOG_SIGN_UP ? "sign-up" : "sign-in";
    }

  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_stack_set_visible_child_name (self->stack, first);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  update_server_subtitle (self);
  page_changed_cb (self);

  return self;
}

/* The name of the page shown: "server", "sign-in", "sign-up", "confirm",
 * "forgot" or "reset". */
const char *
ewe_account_dialog_get_page (EweAccountDialog *self)
{
  g_return_val_if_fail (EWE_IS_ACCOUNT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
ewe_account_dialog_get_busy (EweAccountDialog *self)
{
  g_return_val_if_fail (EWE_IS_ACCOUNT_DIALOG (self), FALSE);

  return self->busy;
}

/* What the page shown says is wrong, or NULL. */
const char *
ewe_account_dialog_get_error (EweAccountDialog *self)
{
  GtkLabel *label;

  g_return_val_if_fail (EWE_IS_ACCOUNT_DIALOG (self), NULL);

  label = PAGE_MEMBER (self, current_page (self)->error_offset);

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_label (label) : NULL;
}
