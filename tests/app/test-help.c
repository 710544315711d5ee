/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <string.h>

#include "ewe-application.h"
#include "ewe-dialog-test.h"
#include "ewe-help-topics.h"
#include "ewe-help-window.h"
#include "ewe-window.h"

/* Help: F1 in the window (its own shortcut, run as a key press runs it)
 * opens one Help beside the window, also in the main menu; every topic
 * has a row named for screen readers and a page with text; search finds
 * topics by any word of their text, Enter opens the first, and says when
 * nothing matches; on a narrow screen the page replaces the list and Back
 * returns. Screenshots at 1280×800 and 360×720, light and dark. */

static gpointer
child (gpointer    help,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (help), EWE_TYPE_HELP_WINDOW, name);
}

/* The shortcut @window's class binds to @trigger, or NULL. */
static GtkShortcut *
find_shortcut (GtkWidget  *window,
               const char *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_strcmp0 (text, trigger) == 0)
            return g_steal_pointer (&shortcut);
        }
    }
  return NULL;
}

static EweHelpWindow *
find_help (GtkWindow *parent,
           guint     *count)
{
  GListModel    *toplevels = gtk_window_get_toplevels ();
  EweHelpWindow *help = NULL;

  *count = 0;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (EWE_IS_HELP_WINDOW (toplevel) && gtk_window_get_transient_for (toplevel) == parent)
        {
          help = EWE_HELP_WINDOW (toplevel);
          (*count)++;
        }
    }
  return help;
}

static gboolean
help_shown (gpointer window)
{
  guint          count;
  EweHelpWindow *help = find_help (window, &count);

  return help != NULL && gtk_widget_get_mapped (GTK_WIDGET (help));
}

/* Every label's text under @widget, one a line. */
static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_text (c, text);
}

static GtkWidget *
topic_row (EweHelpWindow *help,
           const char    *id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (child (help, "topics_box")); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), id) == 0)
      return row;
  return NULL;
}

/* The ids of the topics the search leaves in sight, comma-separated. */
static char *
visible_topics (EweHelpWindow *help)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (child (help, "topics_box")); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row))
      g_string_append_printf (ids, "%s%s", ids->len > 0 ? "," : "", gtk_widget_get_name (row));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

typedef struct
{
  EweHelpWindow *help;
  const char    *expected;
} Search;

static gboolean
search_shows (gpointer data)
{
  Search          *search = data;
  g_autofree char *ids = visible_topics (search->help);

  return g_strcmp0 (ids, search->expected) == 0;
}

static void
search_for (EweHelpWindow *help,
            const char    *words,
            const char    *expected)
{
  Search search = { help, expected };

  gtk_editable_set_text (GTK_EDITABLE (child (help, "search_entry")), words);
  /* The entry waits a moment after the last key before it searches. */
  ewe_dialog_test_iterate_until (search_shows, &search);
}

/* "No Topics Found", in the list's place. */
static gboolean
placeholder_shown (EweHelpWindow *help)
{
  for (GtkWidget *c = gtk_widget_get_first_child (child (help, "topics_box")); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (ADW_IS_STATUS_PAGE (c))
      return gtk_widget_get_child_visible (c) && gtk_widget_get_visible (c);
  g_assert_not_reached ();
}

static void
screenshots (EweHelpWindow *help,
             const char    *name,
             int            width,
             int            height)
{
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *shot = g_strdup_printf ("%s-%dx%d-%s", name, width, height, dark ? "dark" : "light");

      ewe_dialog_test_set_dark (dark);
      g_free (ewe_dialog_test_screenshot (GTK_WINDOW (help), shot));
    }
  ewe_dialog_test_set_dark (FALSE);
}

static gboolean
is_folded (gpointer help)
{
  return adw_leaflet_get_folded (child (help, "leaflet"));
}

static gboolean
is_unfolded (gpointer help)
{
  return !adw_leaflet_get_folded (child (help, "leaflet"));
}

static void
test_help (void)
{
  g_autoptr(EweApplication) app = ewe_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkShortcut) f1 = NULL;
  g_autoptr(GBytes) menu = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  const EweHelpTopic *topics;
  guint               n_topics, count;
  EweHelpWindow      *help;
  EweWindow          *window;
  GtkWidget          *content;

  g_application_set_application_id (G_APPLICATION (app), APPLICATION_ID ".TestHelp");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = ewe_window_new (app);
  ewe_dialog_test_present (GTK_WINDOW (window), 1280, 800);

  /* F1 runs Help, as a key press would run it; and Help is in the main menu. */
  f1 = find_shortcut (GTK_WIDGET (window), "F1");
  g_assert_nonnull (f1);
  g_assert_true (GTK_IS_NAMED_ACTION (gtk_shortcut_get_action (f1)));
  g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (gtk_shortcut_get_action (f1))), ==,
                   "help.topics");
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (f1), 0, GTK_WIDGET (window), NULL));
  ewe_dialog_test_iterate_until (help_shown, window);
  menu = g_resources_lookup_data ("/org/ewelists/App/ewe-window.ui", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (menu, NULL), g_bytes_get_size (menu), ">help.topics<"));

  /* F1 again: the same Help, not a second one. */
  help = find_help (GTK_WINDOW (window), &count);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "help.topics", NULL));
  g_assert_true (find_help (GTK_WINDOW (window), &count) == help);
  g_assert_cmpuint (count, ==, 1);
  g_assert_false (gtk_window_get_modal (GTK_WINDOW (help)));
  gtk_window_set_default_size (GTK_WINDOW (help), 1280, 800);
  ewe_dialog_test_iterate_until (is_unfolded, help);
  ewe_dialog_test_settle (200);

  /* The first topic beside the list. */
  g_assert_cmpstr (ewe_help_window_get_topic (help), ==, "create-list");
  screenshots (help, "help", 1280, 800);

  /* Every topic: a row with its name, a page with its words. */
  topics = ewe_help_topics_get (&n_topics);
  g_assert_cmpuint (n_topics, >=, 14);
  for (guint i = 0; i < n_topics; i++)
    {
      GtkWidget *row = topic_row (help, topics[i].id);
      GtkWidget *page;
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *label = NULL;

      g_assert_nonnull (row);
      g_assert_true (gtk_widget_get_focusable (row));
      g_assert_true (ewe_help_window_show_topic (help, topics[i].id));
      g_assert_cmpstr (ewe_help_window_get_topic (help), ==, topics[i].id);
      page = gtk_stack_get_child_by_name (child (help, "pages"), topics[i].id);
      g_assert_nonnull (page);
      collect_text (page, text);
      g_assert_nonnull (strstr (text->str, topics[i].title));
      for (guint p = 0; topics[i].paragraphs[p] != NULL; p++)
        g_assert_nonnull (strstr (text->str, topics[i].paragraphs[p]));
      g_assert_cmpuint (strlen (text->str), >, strlen (topics[i].title) + 60);
      g_assert_cmpstr (adw_window_title_get_title (child (help, "page_title")), ==, topics[i].title);
    }
  g_assert_false (ewe_help_window_show_topic (help, "no-such-topic"));

  /* The #14 features each have their page. */
  for (guint i = 0; i < 8; i++)
    {
      static const char * const ids[] = { "coowners", "reveal", "thank-yous", "archive",
                                          "unlimited", "most-wanted", "currency", "print" };

      g_assert_nonnull (topic_row (help, ids[i]));
    }

  /* Search: any word of a topic's text, in any case; all the words. */
  search_for (help, "CO-OWNER", "coowners");
  search_for (help, "pdf", "print");
  search_for (help, "nappies", "unlimited");
  search_for (help, "star filter", "most-wanted");
  search_for (help, "zzzz", "");
  g_assert_true (placeholder_shown (help));
  screenshots (help, "help-no-results", 1280, 800);
  search_for (help, "thank", "thank-yous,print");
  /* Enter opens the first found. */
  g_signal_emit_by_name (child (help, "search_entry"), "activate");
  g_assert_cmpstr (ewe_help_window_get_topic (help), ==, "thank-yous");
  screenshots (help, "help-search", 1280, 800);
  for (guint i = 0; i < n_topics; i++)
    g_string_append_printf (all, "%s%s", i > 0 ? "," : "", topics[i].id);
  search_for (help, "", all->str);
  g_assert_false (placeholder_shown (help));

  /* Narrow: the list first, a topic in its place, Back to the list. */
  gtk_window_set_default_size (GTK_WINDOW (help), 360, 720);
  ewe_dialog_test_iterate_until (is_folded, help);
  content = child (help, "content");
  g_assert_true (ewe_help_window_show_topic (help, "reveal"));
  ewe_dialog_test_settle (300);
  g_assert_true (adw_leaflet_get_visible_child (child (help, "leaflet")) == content);
  /* The page's heading names it: a long name would not fit the header. */
  g_assert_cmpstr (adw_window_title_get_title (child (help, "page_title")), ==, "");
  screenshots (help, "help-topic", 360, 720);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (help), "help.back", NULL));
  ewe_dialog_test_settle (300);
  g_assert_true (adw_leaflet_get_visible_child (child (help, "leaflet")) != content);
  screenshots (help, "help", 360, 720);

  /* Help goes with its window (compared by address only, once gone). */
  {
    GtkWindow *parent = GTK_WINDOW (window);

    gtk_window_destroy (parent);
    g_assert_null (find_help (parent, &count));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("ewe-test-help-XXXXXX", &error);

  g_assert_no_error (error);
  /* Before anything reads it: the window's drafts store lives under it. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  ewe_dialog_test_init (&argc, &argv);

  g_test_add_func ("/help/window", test_help);

  return g_test_run ();
}
