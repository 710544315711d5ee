/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* The sync as EweWindow shows it: the banners and the spinner, the
 * question of what to do with drafts made while signed out, and toasts for
 * changes the server refused or that clash with another device's, and for
 * the session's failures in the background. */

#define G_LOG_DOMAIN "ewe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-conflict-toast.h"
#include "ewe-toasts.h"
#include "ewe-window-private.h"

/* --- the sync itself ----------------------------------------------------- */

static void
syncing_changed_cb (EweWindow *self)
{
  gboolean syncing = self->sync != NULL && ewe_sync_get_syncing (self->sync);

  gtk_spinner_set_spinning (GTK_SPINNER (self->sync_spinner), syncing);
  gtk_widget_set_visible (self->sync_spinner, syncing);
}

static void
change_refused_cb (EweWindow      *self,
                   EweOutboxEntry *entry,
                   const char     *message,
                   EweSync        *sync)
{
  g_autofree char *title = NULL;

  /* Translators: %s is the server's reason, e.g. that the list was deleted */
  title = g_strdup_printf (_("A change could not be saved on the server: %s"), message);
  ewe_window_add_toast (self, ewe_toast_new_escaped (title));
}

/* The list went from the user's lists on the server — its creator
 * removed them as co-owner or deleted it, or, their own, it was deleted
 * on another device — while changes to it waited to be sent. One toast for
 * the list, not one per change: what the user lost is the list, and with
 * it those changes. The app cannot tell a removal from a deletion (both
 * are "not yours" to it), so the words for a co-owned list say only what
 * is true of both. */
static void
list_lost_cb (EweWindow *self,
              EweList   *list,
              guint      n_changes,
              EweSync   *sync)
{
  const char      *owner = ewe_list_get_owner_name (list);
  const char      *title = ewe_list_get_title (list);
  g_autofree char *text = NULL;

  if (ewe_list_get_coowned (list) && owner != NULL && owner[0] != '\0')
    /* Translators: %1$s is who shared the list, e.g. "Ada", %2$s its title */
    text = g_strdup_printf (ngettext ("%1$s no longer shares “%2$s” with you: your last change to it was not kept",
                                      "%1$s no longer shares “%2$s” with you: your last changes to it were not kept",
                                      n_changes),
                            owner, title);
  else if (ewe_list_get_coowned (list))
    /* Translators: %s is the list's title */
    text = g_strdup_printf (ngettext ("“%s” is no longer shared with you: your last change to it was not kept",
                                      "“%s” is no longer shared with you: your last changes to it were not kept",
                                      n_changes),
                            title);
  else
    /* Translators: %s is the list's title; it was deleted on another device or on the web */
    text = g_strdup_printf (ngettext ("“%s” was deleted elsewhere: your last change to it was not kept",
                                      "“%s” was deleted elsewhere: your last changes to it were not kept",
                                      n_changes),
                            title);

  /* Read whole, even on a phone: it says what was lost. */
  ewe_window_add_toast (self, ewe_toast_new_long (text));
}

static void
sync_changed_cb (EweWindow *self)
{
  EweSync *sync = ewe_session_get_sync (self->session);

  if (sync == self->sync)
    return;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);

  if (sync != NULL)
    {
      g_signal_connect_object (sync, "notify::syncing", G_CALLBACK (syncing_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (sync, "change-refused", G_CALLBACK (change_refused_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (sync, "list-lost", G_CALLBACK (list_lost_cb), self, G_CONNECT_SWAPPED);
    }

  ewe_sync_banner_set_sync (self->sync_banner, sync);
  ewe_sync_banner_set_sync (self->content_sync_banner, sync);
  syncing_changed_cb (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.now", sync != NULL);
}

/* --- drafts made while signed out ---------------------------------------- */

void
_ewe_window_close_drafts_dialog (EweWindow *self)
{
  GtkWindow *dialog = self->drafts_dialog;

  if (dialog == NULL)
    return;
  g_clear_weak_pointer (&self->drafts_dialog);
  gtk_window_destroy (dialog);
}

static void
import_drafts_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EweWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (ewe_session_import_drafts_finish (EWE_SESSION (object), result, &error))
    {
      EweList *list;

      /* They are the account's lists now; back to the one the user was
       * on when signing in (the ids stay until the server answers). */
      _ewe_window_show_drafts (self, NULL);
      if (self->drafts_list_id != NULL && self->store != NULL &&
          (list = ewe_store_lookup_list (self->store, self->drafts_list_id)) != NULL)
        ewe_window_select_list (self, list);
      g_clear_pointer (&self->drafts_list_id, g_free);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _ewe_window_show_drafts (self, NULL);

  /* Translators: %s says why, e.g. that the disk is full */
  title = g_strdup_printf (_("Could not move the drafts into your account: %s"), error->message);
  ewe_window_add_toast (self, ewe_toast_new_escaped (title));
}

static void
drafts_response_cb (EweWindow        *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  /* Moving, they stay in sight until they are in the account's store. */
  if (g_strcmp0 (response, "move") == 0)
    {
      ewe_session_import_drafts_async (self->session, self->cancellable, import_drafts_cb, g_object_ref (self));
      return;
    }

  if (g_strcmp0 (response, "keep") == 0)
    ewe_session_keep_drafts (self->session);
  /* Closed without an answer: asked again at the next sign-in. */
  _ewe_window_show_drafts (self, NULL);
  g_clear_pointer (&self->drafts_list_id, g_free);
}

static void
drafts_found_cb (EweWindow  *self,
                 guint       n_lists,
                 EweSession *session)
{
  GtkWidget       *dialog;
  g_autofree char *heading = NULL;

  /* Translators: %u is a number of lists */
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Move %u draft list into your account?",
                                          "Move %u draft lists into your account?", n_lists),
                             n_lists);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   g_dngettext (GETTEXT_PACKAGE,
                                                "It was made on this device while you were signed out. "
                                                "In your account it is kept on the server and can be shared.",
                                                "They were made on this device while you were signed out. "
                                                "In your account they are kept on the server and can be shared.",
                                                n_lists));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep on This Device"), "move", _("_Move"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "move", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "move");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (drafts_response_cb), self, G_CONNECT_SWAPPED);
  _ewe_window_close_drafts_dialog (self);
  g_set_weak_pointer (&self->drafts_dialog, GTK_WINDOW (dialog));
  _ewe_window_show_drafts (self, ewe_session_get_found_drafts (session));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The session's failures in the background (signing out of the old
 * server, the keyring, the friends' lists): its words say what to do. */
static void
session_problem_cb (EweWindow    *self,
                    const GError *problem,
                    EweSession   *session)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GtkWindow      *front = application ? gtk_application_get_active_window (application) : NULL;

  /* Every window shows the same session: the one in front tells, once. */
  if (front != NULL && front != GTK_WINDOW (self))
    return;

  ewe_window_add_toast (self, ewe_toast_new_escaped (problem->message));
}

void
_ewe_window_sync_watch_session (EweWindow *self)
{
  g_signal_connect_object (self->session, "notify::sync",
                           G_CALLBACK (sync_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "drafts-found",
                           G_CALLBACK (drafts_found_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "problem",
                           G_CALLBACK (session_problem_cb), self, G_CONNECT_SWAPPED);
  sync_changed_cb (self);

  /* Guests' reservations and the owner's edits on other devices show up as
   * they happen, whenever a server is configured (the session's periodic
   * pull stays for when the server cannot push). */
  self->live_updates = ewe_live_updates_new (self->session);
  ewe_live_updates_start (self->live_updates);
}

/**
 * ewe_window_get_live_updates:
 *
 * Returns: (transfer none) (nullable): the server's change notices, as
 *   this window follows them
 */
EweLiveUpdates *
ewe_window_get_live_updates (EweWindow *self)
{
  g_return_val_if_fail (EWE_IS_WINDOW (self), NULL);

  return self->live_updates;
}

/* --- changes that clash with another device's ---------------------------- */

static void
list_conflict_cb (EweWindow *self,
                  EweList   *list,
                  EweList   *theirs,
                  GStrv      fields,
                  EweStore  *store)
{
  ewe_window_add_toast (self, ewe_conflict_toast_new (store, self->toast_overlay, list, theirs,
                                                      (const char * const *)fields));
}

static void
gift_conflict_cb (EweWindow *self,
                  EweGift   *gift,
                  EweGift   *theirs,
                  GStrv      fields,
                  EweStore  *store)
{
  ewe_window_add_toast (self, ewe_gift_conflict_toast_new (store, self->toast_overlay, gift, theirs,
                                                           (const char * const *)fields));
}

void
_ewe_window_watch_conflicts (EweWindow *self)
{
  g_signal_connect_object (self->store, "conflict", G_CALLBACK (list_conflict_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "gift-conflict", G_CALLBACK (gift_conflict_cb), self, G_CONNECT_SWAPPED);
}

void
_ewe_window_unwatch_conflicts (EweWindow *self)
{
  g_signal_handlers_disconnect_by_func (self->store, list_conflict_cb, self);
  g_signal_handlers_disconnect_by_func (self->store, gift_conflict_cb, self);
}
