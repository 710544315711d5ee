/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ewe-application.h"
#include "ewe-dialog-test.h"
#include "ewe-list-page.h"
#include "ewe-product-page-loader.h"
#include "ewe-store.h"
#include "ewe-window.h"

/* The shop page is a module (WebKitGTK with it) that the window loads the
 * first time a gift's page is opened. This program links the app's code
 * as the executable does, and neither WebKit nor the page: WebKit is not
 * mapped until a page is opened; a missing or broken module is said in a
 * dialog that offers the browser, and the window stays usable. The tests run in this order: once
 * loaded, the module stays. */

static gpointer
child (EweWindow  *window,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), EWE_TYPE_WINDOW, name);
}

/* Whether a file whose name contains @name is mapped in this process. */
static gboolean
mapped (const char *name)
{
  g_autofree char *maps = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents ("/proc/self/maps", &maps, NULL, &error);
  g_assert_no_error (error);

  return strstr (maps, name) != NULL;
}

static gboolean
store_is_open (gpointer data)
{
  return ewe_session_get_store (ewe_window_get_session (EWE_WINDOW (data))) != NULL;
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(EweList **)user_data = ewe_store_create_list_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(EweGift **)user_data = ewe_store_add_gift_finish (EWE_STORE (object), result, &error);
  g_assert_no_error (error);
}

typedef struct
{
  EweApplication *app;
  EweWindow      *window;
  EweList        *list;
  EweGift        *gift;
} Fixture;

/* A window on the drafts store with a list of one gift with a shop page,
 * the list shown. */
static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  static guint     n_started = 0;
  g_autofree char *id = g_strdup_printf ("%s.TestModule%u", APPLICATION_ID, ++n_started);
  g_autoptr(EweList) list_values = ewe_list_new ();
  g_autoptr(EweGift) gift_values = ewe_gift_new ();
  g_autoptr(GError) error = NULL;
  EweStore *store;

  fixture->app = ewe_application_new ();
  g_application_set_application_id (G_APPLICATION (fixture->app), id);
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);

  fixture->window = ewe_window_new (fixture->app);
  ewe_dialog_test_present (GTK_WINDOW (fixture->window), 1280, 800);
  ewe_dialog_test_iterate_until (store_is_open, fixture->window);
  store = ewe_session_get_store (ewe_window_get_session (fixture->window));

  ewe_list_set_title (list_values, "Birthday");
  ewe_list_set_occasion (list_values, "Birthday");
  ewe_store_create_list_async (store, list_values, NULL, created_cb, &fixture->list);
  ewe_dialog_test_iterate_until (is_set, &fixture->list);
  ewe_window_select_list (fixture->window, fixture->list);

  ewe_gift_set_details (gift_values, "Stacking Rings");
  ewe_gift_set_brand (gift_values, "Little Oak");
  ewe_gift_set_quantity (gift_values, 1);
  /* Nothing listens there: the page's failure to load is no concern here. */
  ewe_gift_set_product_url (gift_values, "http://127.0.0.1:9/rings");
  ewe_gift_set_product_type (gift_values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_store_add_gift_async (store, fixture->list, gift_values, NULL, added_cb, &fixture->gift);
  ewe_dialog_test_iterate_until (is_set, &fixture->gift);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->gift);
  g_clear_object (&fixture->list);
  g_clear_object (&fixture->app);
}

static GtkWidget *
shown_content (Fixture *fixture)
{
  return gtk_stack_get_visible_child (child (fixture->window, "content_stack"));
}

static void
open_gift (Fixture *fixture)
{
  GtkWidget *page = shown_content (fixture);

  g_assert_true (EWE_IS_LIST_PAGE (page));
  g_signal_emit_by_name (page, "gift-activated", fixture->gift);
}

static AdwMessageDialog *
find_failure_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)),
                     "Shop Pages Cannot Be Shown Here") == 0)
        return ADW_MESSAGE_DIALOG (window); /* the toplevels keep it */
    }

  return NULL;
}

static gboolean
failure_dialog_shown (gpointer data)
{
  return find_failure_dialog () != NULL;
}

typedef struct
{
  GtkWidget *window;
  int        width;
} WidthWait;

static gboolean
window_fits (gpointer data)
{
  WidthWait *wait = data;

  return gtk_widget_get_width (wait->window) <= wait->width;
}

static gboolean
failure_dialog_gone (gpointer data)
{
  return find_failure_dialog () == NULL;
}

/* Opening the gift's page says why it cannot, offers the browser, and
 * leaves the list shown and WebKit unmapped. */
static void
assert_fails_with (Fixture    *fixture,
                   const char *reason)
{
  AdwMessageDialog *dialog;

  open_gift (fixture);
  ewe_dialog_test_iterate_until (failure_dialog_shown, NULL);
  dialog = find_failure_dialog ();
  g_test_message ("dialog: %s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), reason));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Reinstalling Ewelists"));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "open"), ==, "Open in _Browser");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "open");
  adw_message_dialog_response (dialog, "close");
  gtk_window_close (GTK_WINDOW (dialog));
  ewe_dialog_test_iterate_until (failure_dialog_gone, NULL);

  g_assert_true (EWE_IS_LIST_PAGE (shown_content (fixture)));
  g_assert_false (gtk_widget_get_visible (child (fixture->window, "back_button")));
  g_assert_false (mapped ("libwebkitgtk"));
}

static void
test_missing_module (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ewe-test-no-module-XXXXXX", &error);
  g_autofree char *real_dir = g_strdup (g_getenv ("EWELISTS_MODULE_DIR"));

  g_assert_no_error (error);
  g_setenv ("EWELISTS_MODULE_DIR", dir, TRUE);

  assert_fails_with (fixture, "No such file");

  g_setenv ("EWELISTS_MODULE_DIR", real_dir, TRUE);
  g_rmdir (dir);
}

/* The dialog that says the page cannot be shown, over a wide window and
 * a phone's, light and dark, saved as
 * shop-page-dialog-{light,dark}-{1280x800,360x720}.png. */
static void
test_missing_module_screenshots (Fixture      *fixture,
                                 gconstpointer data)
{
  const struct
  {
    int width;
    int height;
  } sizes[] = {
    { 1280, 800 },
    { 360, 720 },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ewe-test-no-module-XXXXXX", &error);
  g_autofree char *real_dir = g_strdup (g_getenv ("EWELISTS_MODULE_DIR"));

  g_assert_no_error (error);
  g_setenv ("EWELISTS_MODULE_DIR", dir, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      AdwMessageDialog *dialog;

      gtk_window_set_default_size (GTK_WINDOW (fixture->window), sizes[i].width, sizes[i].height);
      /* The X server takes its time to resize the window on a loaded
       * machine: 300 ms were once not enough in CI. */
      ewe_dialog_test_iterate_until (window_fits, &(WidthWait) { GTK_WIDGET (fixture->window), sizes[i].width });
      ewe_dialog_test_settle (300);

      open_gift (fixture);
      ewe_dialog_test_iterate_until (failure_dialog_shown, NULL);
      dialog = find_failure_dialog ();
      for (guint dark = 0; dark < 2; dark++)
        {
          g_autofree char *name = g_strdup_printf ("shop-page-dialog-%s-%dx%d", dark ? "dark" : "light",
                                                   sizes[i].width, sizes[i].height);

          ewe_dialog_test_set_dark (dark);
          g_free (ewe_dialog_test_screenshot (GTK_WINDOW (dialog), name));
        }
      ewe_dialog_test_set_dark (FALSE);
      adw_message_dialog_response (dialog, "close");
      gtk_window_close (GTK_WINDOW (dialog));
      ewe_dialog_test_iterate_until (failure_dialog_gone, NULL);
      g_assert_true (EWE_IS_LIST_PAGE (shown_content (fixture)));
    }

  g_setenv ("EWELISTS_MODULE_DIR", real_dir, TRUE);
  g_rmdir (dir);
}

static void
test_broken_module (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ewe-test-broken-module-XXXXXX", &error);
  g_autofree char *real_dir = g_strdup (g_getenv ("EWELISTS_MODULE_DIR"));
  g_autofree char *path = g_build_filename (dir, "ewe-product-page." G_MODULE_SUFFIX, NULL);

  g_assert_no_error (error);
  g_file_set_contents (path, "not a shared object\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("EWELISTS_MODULE_DIR", dir, TRUE);

  assert_fails_with (fixture, "ewe-product-page." G_MODULE_SUFFIX);

  g_setenv ("EWELISTS_MODULE_DIR", real_dir, TRUE);
  g_remove (path);
  g_rmdir (dir);
}

static void
test_loaded_on_first_use (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(EweGift) shown = NULL;
  GtkWidget *page;
  GtkWidget *list_page = shown_content (fixture);

  /* The app is up, a list shown, and WebKit is nowhere. */
  g_assert_false (mapped ("libwebkitgtk"));
  g_assert_false (mapped ("libjavascriptcoregtk"));
  g_assert_false (mapped ("ewe-product-page." G_MODULE_SUFFIX));

  open_gift (fixture);
  page = shown_content (fixture);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (page), ==, "EweProductPage");
  g_object_get (page, "gift", &shown, NULL);
  g_assert_true (shown == fixture->gift);
  g_assert_true (gtk_widget_get_visible (child (fixture->window, "back_button")));
  g_assert_true (mapped ("ewe-product-page." G_MODULE_SUFFIX));
  g_assert_true (mapped ("libwebkitgtk-6.0"));
  g_assert_null (find_failure_dialog ());

  /* Back to the list, and the same page the next time. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "content.back", NULL));
  g_assert_true (shown_content (fixture) == list_page);
  g_clear_object (&shown);
  g_object_get (page, "gift", &shown, NULL);
  g_assert_null (shown);
  open_gift (fixture);
  g_assert_true (shown_content (fixture) == page);
}

/* The executable itself, as built: nothing it needs pulls WebKit in. */
static void
test_executable_needs_no_webkit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) ldd = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                                  "ldd", EWELISTS_BINARY, NULL);

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (ldd, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (ldd));
  g_assert_nonnull (strstr (out, "libgtk-4"));
  g_assert_null (strstr (out, "webkit"));
  g_assert_null (strstr (out, "javascriptcore"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("ewe-test-product-page-module-XXXXXX", &error);

  g_assert_no_error (error);
  /* Before anything reads it: the drafts store lives under it. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_assert_nonnull (g_getenv ("EWELISTS_MODULE_DIR"));

  /* The application registers the resources itself. */
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/product-page-module/executable-needs-no-webkit", test_executable_needs_no_webkit);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/app/product-page-module/missing", test_missing_module);
  ADD ("/app/product-page-module/missing-screenshots", test_missing_module_screenshots);
  ADD ("/app/product-page-module/broken", test_broken_module);
  ADD ("/app/product-page-module/loaded-on-first-use", test_loaded_on_first_use);
#undef ADD

  return g_test_run ();
}
