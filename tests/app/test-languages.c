/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "ewe-account-dialog.h"
#include "ewe-application.h"
#include "ewe-dialog-test.h"
#include "ewe-help-window.h"
#include "ewe-list-editor.h"
#include "ewe-occasion.h"
#include "ewe-preferences-window.h"
#include "ewe-test-async.h"
#include "ewe-window.h"

/* The app in another language, on a phone (360×720): the main window
 * empty and with a list, the list editor, Preferences and the account
 * dialog. On each, every label, title and tooltip on screen is looked up
 * in the catalogue: one that is still the English msgid of a string that
 * has a translation fails, as does a translated label that is ellipsised
 * or a window that had to grow past 360 pixels to fit its text. Each
 * screen is saved as a screenshot, $G_TEST_BUILDDIR/screenshots/
 * language-<lang>-<screen>.png, to be looked at.
 *
 * The language comes from the environment (LANGUAGE, LC_ALL; see
 * tests/app/meson.build), the catalogues from the build tree. */

#define PHONE_WIDTH 360
#define PHONE_HEIGHT 720

static const char *language;

static gboolean
store_is_open (gpointer data)
{
  return ewe_session_get_store (ewe_window_get_session (EWE_WINDOW (data))) != NULL;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return GTK_WINDOW (toplevel);
    }

  return NULL;
}

static gboolean
has_toplevel (gpointer data)
{
  return find_toplevel ((GType)GPOINTER_TO_SIZE (data)) != NULL;
}

/* Whether @text, as the user sees it, is an English msgid that the
 * catalogue translates: then the widget showing it was not translated. */
static const char *
missed_translation (const char *text)
{
  const char *translated;

  if (text == NULL || text[0] == '\0')
    return NULL;

  translated = g_dgettext (GETTEXT_PACKAGE, text);
  return translated != text && g_strcmp0 (translated, text) != 0 ? translated : NULL;
}

/* English words that a longer text built from parts may still carry:
 * an occasion as the list stores it, a month's name as an English date
 * writes it. Only those that the language writes differently. */
static GPtrArray *
english_words (void)
{
  static const char * const months[] = { "January", "February", "March", "April", "May", "June",
                                         "July", "August", "September", "October", "November", "December" };
  GPtrArray                *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < ewe_occasion_get_n_items (); i++)
    if (g_strcmp0 (ewe_occasion_get_name (i), ewe_occasion_get_label (i)) != 0)
      g_ptr_array_add (words, g_strdup (ewe_occasion_get_name (i)));

  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    {
      g_autoptr(GDateTime) day = g_date_time_new_utc (2026, i + 1, 15, 12, 0, 0);
      g_autofree char *name = g_date_time_format (day, "%B");

      if (g_strcmp0 (name, months[i]) != 0)
        g_ptr_array_add (words, g_strdup (months[i]));
    }

  return words;
}

static void
check_text (GPtrArray  *problems,
            const char *what,
            const char *text)
{
  static GPtrArray *words;
  const char       *translated = missed_translation (text);

  if (translated != NULL)
    g_ptr_array_add (problems, g_strdup_printf ("%s “%s” is in English; the catalogue has “%s”", what, text,
                                                translated));

  if (words == NULL)
    words = english_words ();

  for (guint i = 0; text != NULL && i < words->len; i++)
    if (strstr (text, g_ptr_array_index (words, i)) != NULL)
      g_ptr_array_add (problems, g_strdup_printf ("%s “%s” says “%s” in English", what, text,
                                                  (char *)g_ptr_array_index (words, i)));
}

static void
check_widget (GtkWidget *widget,
              GPtrArray *problems)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  check_text (problems, "tooltip", gtk_widget_get_tooltip_text (widget));

  if (GTK_IS_LABEL (widget))
    {
      GtkLabel *label = GTK_LABEL (widget);

      /* Both: "_Save" is the msgid of a label with a mnemonic. */
      check_text (problems, "label", gtk_label_get_text (label));
      if (gtk_label_get_use_underline (label))
        check_text (problems, "label", gtk_label_get_label (label));

      /* Text from the catalogue must fit. (Titles and notes the user
       * typed may ellipsise; the fixture's are short.) */
      if (gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE &&
          pango_layout_is_ellipsized (gtk_label_get_layout (label)))
        g_ptr_array_add (problems, g_strdup_printf ("label “%s” is ellipsised (%d pixels wide)",
                                                    gtk_label_get_text (label), gtk_widget_get_width (widget)));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_widget (child, problems);
}

/* What is wrong with @window as shown: English left, text cut short. */
static GPtrArray *
find_problems (GtkWindow *window)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);

  check_text (problems, "window title", gtk_window_get_title (window));
  check_widget (GTK_WIDGET (window), problems);
  /* A window grows past its default size only when its content cannot be
   * made narrower: then some text does not fit the phone. */
  if (gtk_widget_get_width (GTK_WIDGET (window)) > PHONE_WIDTH)
    g_ptr_array_add (problems, g_strdup_printf ("the window is %d pixels wide, more than the phone's %d",
                                                gtk_widget_get_width (GTK_WIDGET (window)), PHONE_WIDTH));

  return problems;
}

static void
check_screen (GtkWindow  *window,
              const char *screen)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *name = g_strdup_printf ("language-%s-%s", language, screen);
  g_autofree char *shot = NULL;

  ewe_dialog_test_settle (300);
  shot = ewe_dialog_test_screenshot (window, name);
  g_test_message ("%s: %s", screen, shot);

  problems = find_problems (window);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s, %s: %s\n", language, screen, (char *)g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

static GtkWindow *
open_dialog (EweWindow  *window,
             const char *action,
             GType       type)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  ewe_dialog_test_iterate_until (has_toplevel, GSIZE_TO_POINTER (type));
  dialog = find_toplevel (type);
  gtk_window_set_default_size (dialog, PHONE_WIDTH, PHONE_HEIGHT);
  gtk_widget_queue_resize (GTK_WIDGET (dialog));
  ewe_dialog_test_settle (300);

  return dialog;
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  EweList **created = user_data;
  g_autoptr(GError) error = NULL;

  *created = ewe_store_create_list_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

static void
test_main_screens (void)
{
  g_autoptr(EweApplication) app = ewe_application_new ();
  g_autofree char *id = g_strdup_printf ("%s.TestLanguages.%s", APPLICATION_ID, language);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweList) list = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) event = g_date_time_add_days (now, 12);
  GtkWindow *dialog;
  EweWindow *window;
  EweStore  *store;

  /* An id of its own: the test runs beside the other language's. */
  g_application_set_application_id (G_APPLICATION (app), id);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = ewe_window_new (app);
  ewe_dialog_test_present (GTK_WINDOW (window), PHONE_WIDTH, PHONE_HEIGHT);
  ewe_dialog_test_iterate_until (store_is_open, window);
  check_screen (GTK_WINDOW (window), "window-empty");

  /* A list with a date: its header says how far off the day is. */
  store = ewe_session_get_store (ewe_window_get_session (window));
  ewe_list_set_title (values, "Ida");
  ewe_list_set_occasion (values, "Birthday");
  ewe_list_set_event_datetime (values, event);
  ewe_store_create_list_async (store, values, NULL, created_cb, &list);
  ewe_dialog_test_iterate_until (is_set, &list);
  ewe_window_select_list (window, list);
  check_screen (GTK_WINDOW (window), "window-list");

  dialog = open_dialog (window, "list.new", EWE_TYPE_LIST_EDITOR);
  check_screen (dialog, "list-editor");
  gtk_window_destroy (dialog);

  dialog = open_dialog (window, "account.create-account", EWE_TYPE_ACCOUNT_DIALOG);
  check_screen (dialog, "account-dialog");
  gtk_window_destroy (dialog);

  /* Help (F1): its topics, then a topic's page in their place. */
  dialog = open_dialog (window, "help.topics", EWE_TYPE_HELP_WINDOW);
  check_screen (dialog, "help");
  g_assert_true (ewe_help_window_show_topic (EWE_HELP_WINDOW (dialog), "thank-yous"));
  check_screen (dialog, "help-topic");
  gtk_window_destroy (dialog);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  ewe_dialog_test_iterate_until (has_toplevel, GSIZE_TO_POINTER (EWE_TYPE_PREFERENCES_WINDOW));
  dialog = find_toplevel (EWE_TYPE_PREFERENCES_WINDOW);
  gtk_window_set_default_size (dialog, PHONE_WIDTH, PHONE_HEIGHT);
  check_screen (dialog, "preferences");
  gtk_window_destroy (dialog);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The checks themselves: a window showing the English msgid of a
 * translated string, and a translated label cut short, are both caught. */
static void
test_checks_catch_problems (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *english = gtk_label_new ("Gift Lists");
  GtkWidget *cut = gtk_label_new (g_dgettext (GETTEXT_PACKAGE, "Make gift lists and share them with friends"));
  g_autoptr(GPtrArray) problems = NULL;

  /* A string of this branch's catalogue, translated in every language. */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Gift Lists"), !=, "Gift Lists");

  gtk_label_set_ellipsize (GTK_LABEL (cut), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (cut), 5);
  gtk_widget_set_halign (cut, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), english);
  gtk_box_append (GTK_BOX (box), cut);
  gtk_window_set_child (window, box);
  ewe_dialog_test_present (window, PHONE_WIDTH, 200);

  problems = find_problems (window);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("caught: %s", (char *)g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "“Gift Lists” is in English"));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 1), "is ellipsised"));

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("ewe-test-languages-XXXXXX", &error);
  const char      *locale;

  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  /* After gtk_test_init(), which sets en_US.UTF-8; as main.c does, with the build tree's catalogues. Without the
   * language's locale generated (a fresh Debian has none), C.UTF-8 still
   * lets LANGUAGE choose the messages; dates then keep English names. */
  locale = setlocale (LC_ALL, "");
  if (locale == NULL || g_str_equal (locale, "C"))
    {
      g_printerr ("# locale %s is not generated: dates stay in English\n", g_getenv ("LC_ALL"));
      setlocale (LC_ALL, "C.UTF-8");
    }
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("EWE_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  language = g_getenv ("LANGUAGE");
  g_assert_nonnull (language);

  adw_init ();
  /* A phone's shell, like GNOME, shows only Close: without a window
   * manager GTK would also put Minimize and Maximize in every header. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);

  g_test_add_func ("/app/languages/checks-catch-problems", test_checks_catch_problems);
  g_test_add_func ("/app/languages/main-screens", test_main_screens);

  return g_test_run ();
}
