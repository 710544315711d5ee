/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-application"

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>

#include "ewe-application.h"
#include "ewe-session.h"
#include "ewe-deletion-queue.h"
#include "ewe-preferences-window.h"
#include "ewe-resources.h"
#include "ewe-style.h"
#include "ewe-window.h"

struct _EweApplication
{
  AdwApplication parent_instance;

  /* owned */
  EweSession    *session;
  GHashTable    *quit_shortcut_windows; /* weak refs: toplevels given Ctrl+Q */
};

G_DEFINE_FINAL_TYPE (EweApplication, ewe_application, ADW_TYPE_APPLICATION)

EweApplication *
ewe_application_new (void)
{
  return g_object_new (EWE_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/ewelists/App",
                       NULL);
}

static void
ewe_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (ewe_window_new (EWE_APPLICATION (app)));

  gtk_window_present (window);
}

static void
ewe_application_open (GApplication *app,
                      GFile       **files,
                      int           n_files,
                      const char   *hint)
{
  GtkWindow *window;

  ewe_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* `ewelists https://…/lists/<id>`: a shared link opens the friend's
   * list; anything else is pointed at in the Open Shared Link dialog. */
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      if (EWE_IS_WINDOW (window))
        ewe_window_open_link (EWE_WINDOW (window), uri);
    }
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication    *app = user_data;
  static const char *developers[] = { "The Ewelists developers https://ewelists.org/source", NULL };
  GtkWidget         *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Ewelists"), "application-icon", APPLICATION_ID, "developer-name", _("The Ewelists developers"), "developers", developers, "version", PACKAGE_VERSION, "website", "https://ewelists.org/", "support-url", "https://ewelists.org/help", "issue-url", "https://ewelists.org/issues", "copyright", "© 2026 The Ewelists developers", "license-type", GTK_LICENSE_GPL_3_0, "comments", _("Gift lists for every occasion, shared with the people who matter"), NULL);
  /* The icons have a license of their own. */
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Icons"), NULL,
                                                                   GTK_LICENSE_CUSTOM,
                                                                   _("The app’s icons are licensed under the "
                                        "<a href=\"https://creativecommons.org/licenses/by-sa/4.0/\">"
                                        "Creative Commons Attribution-ShareAlike 4.0</a> license."));
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  EweApplication       *self = user_data;
  EwePreferencesWindow *preferences;

  preferences = ewe_preferences_window_new (self->session);
  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action_cb },
  { "preferences", preferences_action_cb },
  { "quit", quit_action_cb },
};

/* For the tests only (EWE_TEST_CRASH_AFTER_MS): they check that an app
 * that crashes leaves its backtrace, naming this function, in their logs. */
static gboolean
ewe_application_crash_for_tests (gpointer user_data)
{
  g_printerr ("EWE_TEST_CRASH_AFTER_MS: crashing on purpose\n");
  raise (SIGSEGV);

  return G_SOURCE_REMOVE;
}

static gboolean
quit_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  GApplication *app = g_application_get_default ();

  if (app == NULL)
    return FALSE;

  g_application_quit (app);
  return TRUE;
}

static void
quit_shortcut_window_finalized_cb (gpointer user_data,
                                   GObject *where_the_window_was)
{
  EweApplication *self = user_data;

  g_hash_table_remove (self->quit_shortcut_windows, where_the_window_was);
}

/* The application's accelerators reach only its own windows: with a
 * dialog, a message or Keyboard Shortcuts in front, Ctrl+Q did nothing
 * and the app ran on until killed. Every window of ours gets it too. */
static void
toplevels_changed_cb (GListModel     *toplevels,
                      guint           position,
                      guint           removed,
                      guint           added,
                      EweApplication *self)
{
  /* Disposed: quitting is over. */
  if (self->quit_shortcut_windows == NULL)
    return;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      GtkEventController *controller;

      if (!g_hash_table_add (self->quit_shortcut_windows, window))
        continue;
      g_object_weak_ref (G_OBJECT (window), quit_shortcut_window_finalized_cb, self);

      controller = gtk_shortcut_controller_new ();
      gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                            gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_q, GDK_CONTROL_MASK),
                                                              gtk_callback_action_new (quit_shortcut_cb, NULL, NULL)));
      gtk_widget_add_controller (window, controller);
    }
}

static void
ewe_application_startup (GApplication *app)
{
  EweApplication    *self = EWE_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  g_autoptr(GSettings) settings = NULL;
  const char *crash_after;

  G_APPLICATION_CLASS (ewe_application_parent_class)->startup (app);
  ewe_style_load_for_display (gdk_display_get_default ());

  /* The services for the configured server; building them starts restoring
   * the saved account in the background, so startup never waits for the
   * keyring. */
  settings = g_settings_new (APPLICATION_ID);
  self->session = ewe_session_new (settings, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (toplevels_changed_cb), app, 0);
  toplevels_changed_cb (gtk_window_get_toplevels (), 0, 0,
                        g_list_model_get_n_items (gtk_window_get_toplevels ()), self);

  crash_after = g_getenv ("EWE_TEST_CRASH_AFTER_MS");
  if (crash_after != NULL)
    g_timeout_add ((guint)g_ascii_strtoull (crash_after, NULL, 10), ewe_application_crash_for_tests, NULL);
}

static void
ewe_application_shutdown (GApplication *app)
{
  EweApplication *self = EWE_APPLICATION (app);
  g_autoptr(GPtrArray) queues = g_ptr_array_new_with_free_func (g_object_unref);

  /* Ctrl+Q with an Undo toast up: the user has decided, as when the
   * window closes, so the deletion is written now (a local write, done in
   * milliseconds) rather than lost with the main loop. Nothing else is
   * waited for: a sync in flight is simply dropped, the store holds what
   * it was sending, and it goes out on the next start. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      EweDeletionQueue *queue;

      if (EWE_IS_WINDOW (l->data) &&
          (queue = ewe_window_get_deletion_queue (EWE_WINDOW (l->data))) != NULL)
        {
          ewe_deletion_queue_commit_all (queue);
          g_ptr_array_add (queues, g_object_ref (queue));
        }
    }
  for (guint i = 0; i < queues->len; i++)
    while (ewe_deletion_queue_get_n_pending (g_ptr_array_index (queues, i)) > 0)
      g_main_context_iteration (NULL, TRUE);

  G_APPLICATION_CLASS (ewe_application_parent_class)->shutdown (app);

  g_clear_object (&self->session);
}

static void
ewe_application_dispose (GObject *object)
{
  EweApplication *self = EWE_APPLICATION (object);

  if (self->quit_shortcut_windows != NULL)
    {
      GHashTableIter iter;
      gpointer       window;

      g_hash_table_iter_init (&iter, self->quit_shortcut_windows);
      while (g_hash_table_iter_next (&iter, &window, NULL))
        g_object_weak_unref (window, quit_shortcut_window_finalized_cb, self);
      g_clear_pointer (&self->quit_shortcut_windows, g_hash_table_unref);
    }

  g_clear_object (&self->session);

  G_OBJECT_CLASS (ewe_application_parent_class)->dispose (object);
}

static void
ewe_application_class_init (EweApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ewe_application_dispose;

  app_class->activate = ewe_application_activate;
  app_class->open = ewe_application_open;
  app_class->startup = ewe_application_startup;
  app_class->shutdown = ewe_application_shutdown;

  /* Registered by hand: the resources live in a static library, where a
   * constructor would be dropped by the linker. */
  ewe_register_resource ();
}

static void
ewe_application_init (EweApplication *self)
{
  self->quit_shortcut_windows = g_hash_table_new (NULL, NULL);
}

/* The services windows are built with; NULL before startup. */
EweSession *
ewe_application_get_session (EweApplication *self)
{
  g_return_val_if_fail (EWE_IS_APPLICATION (self), NULL);

  return self->session;
}
