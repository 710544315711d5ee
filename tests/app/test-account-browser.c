/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ewe-account-dialog.h"
#include "ewe-app-test-utils.h"
#include "ewe-application.h"
#include "ewe-core-test-fixture.h"
#include "ewe-dialog-test.h"
#include "ewe-window.h"

/* Sign In with a Browser, in the app, against a real ewelists-server: the
 * app's own gtk_show_uri() opens the sign-in page in "the system browser",
 * which here is a desktop entry of the test's (XDG_DATA_HOME, the default
 * for x-scheme-handler/http in XDG_CONFIG_HOME's mimeapps.list) running a
 * script: it records the URL, or drives Debian's headless Chromium through
 * the hosted page (tests/server/oauth2-browser.mjs) back to the app's
 * loopback listener, or through an upstream provider's own login form
 * (tests/server/oidc-upstream.mjs, with oidc-provider from npm).
 * Screenshots of the sign-in page's new button and of
 * the page that waits, at 1280×800 and 360×720, light and dark, in
 * build/tests/app/screenshots. */

typedef struct
{
  char *dir;    /* XDG_DATA_HOME and XDG_CONFIG_HOME live here */
  char *script; /* what the desktop entry runs, written by each test */
  char *opened; /* the script writes the URL it was given here */
  char *status; /* and the browser's exit status here */
} Browser;

static Browser browser;

/* Before GTK and GIO read anything: the desktop entry and its default. */
static void
browser_install (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *applications = NULL;
  g_autofree char *config = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *path = NULL;

  browser.dir = g_dir_make_tmp ("ewe-test-browser-XXXXXX", &error);
  g_assert_no_error (error);
  browser.script = g_build_filename (browser.dir, "browser.sh", NULL);
  browser.opened = g_build_filename (browser.dir, "opened-url", NULL);
  browser.status = g_build_filename (browser.dir, "browser-status", NULL);

  applications = g_build_filename (browser.dir, "data", "applications", NULL);
  config = g_build_filename (browser.dir, "config", NULL);
  g_assert_cmpint (g_mkdir_with_parents (applications, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);

  entry = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test Browser\n"
                           "Exec=/bin/sh %s %%u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n",
                           browser.script);
  path = g_build_filename (applications, "ewe-test-browser.desktop", NULL);
  g_assert_true (g_file_set_contents (path, entry, -1, NULL));
  g_free (path);
  path = g_build_filename (config, "mimeapps.list", NULL);
  g_assert_true (g_file_set_contents (path,
                                      "[Default Applications]\n"
                                      "x-scheme-handler/http=ewe-test-browser.desktop\n"
                                      "x-scheme-handler/https=ewe-test-browser.desktop\n",
                                      -1, NULL));

  g_free (path);
  path = g_build_filename (browser.dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", path, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("BROWSER", browser.script, TRUE);
}

/* The script "the browser" runs next: @body with the URL in "$1". */
static void
browser_set_script (const char *body)
{
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n"
                                             "printf '%%s' \"$1\" > '%s.part' && mv '%s.part' '%s'\n"
                                             "%s\n"
                                             "echo $? > '%s.part' && mv '%s.part' '%s'\n",
                                             browser.opened, browser.opened, browser.opened, body, browser.status,
                                             browser.status, browser.status);

  g_unlink (browser.opened);
  g_unlink (browser.status);
  g_assert_true (g_file_set_contents (browser.script, script, -1, NULL));
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

typedef struct
{
  EweAccountDialog *dialog;
  const char       *page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (ewe_account_dialog_get_page (wait->dialog), wait->page) == 0;
}

static EweAccountDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (EWE_IS_ACCOUNT_DIALOG (l->data))
        return l->data;
    }

  return NULL;
}

/* Closed: gone, or hidden while someone still holds it. */
static gboolean
dialog_closed (gpointer data)
{
  EweAccountDialog **dialog = data;

  return *dialog == NULL || !gtk_widget_get_visible (GTK_WIDGET (*dialog));
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *)data;
}

static void
set_flag_cb (gboolean *flag)
{
  *flag = TRUE;
}

typedef struct
{
  GtkWindow *window;
  int        width, height;
} SizeWait;

static gboolean
size_is (gpointer data)
{
  SizeWait *wait = data;
  /* The size the screenshot takes, frame included. */
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (wait->window));

  return gdk_paintable_get_intrinsic_width (paintable) == wait->width &&
         gdk_paintable_get_intrinsic_height (paintable) == wait->height;
}

static void
screenshots (GtkWindow  *dialog,
             const char *name)
{
  static const struct
  {
    int width, height;
  } sizes[] = { { 1280, 800 }, { 360, 720 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint dark = 0; dark < 2; dark++)
      {
        g_autofree char *shot_name = g_strdup_printf ("%s-%dx%d-%s", name, sizes[i].width, sizes[i].height,
                                                      dark ? "dark" : "light");

        SizeWait         size = { dialog, sizes[i].width, sizes[i].height };

        gtk_window_set_default_size (dialog, sizes[i].width, sizes[i].height);
        /* The new size is laid out a frame or two later, which a loaded
         * machine may not have drawn yet. */
        ewe_app_test_iterate_until (size_is, &size, 30);
        ewe_dialog_test_set_dark (dark);
        g_free (ewe_dialog_test_screenshot (dialog, shot_name));
      }
  ewe_dialog_test_set_dark (FALSE);
}

typedef struct
{
  EweCoreFixture    base;
  EweApplication   *app;
  EweWindow        *window;
  EweAccountDialog *dialog;
  char             *email;
  gboolean          signed_in;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  /* @data: the server's extra arguments, e.g. its --config= */
  ewe_core_fixture_set_up (&fixture->base, data);
  fixture->email = ewe_core_fixture_unique_email ("bea");
  ewe_core_fixture_create_user (&fixture->base, fixture->email, "Bea");
  g_settings_set_string (settings, "server-url", fixture->base.server->base_url);

  fixture->app = ewe_application_new ();
  /* An id of its own on the bus, so no other test's app answers for it. */
  id = g_strdup_printf ("%s.TestAccountBrowser%u", APPLICATION_ID, g_random_int ());
  g_application_set_application_id (G_APPLICATION (fixture->app), id);
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);

  fixture->window = ewe_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "account.sign-in", NULL);
  fixture->dialog = find_dialog ();
  g_assert_nonnull (fixture->dialog);
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *)&fixture->dialog);
  g_assert_cmpstr (ewe_account_dialog_get_page (fixture->dialog), ==, "sign-in");
  g_signal_connect_swapped (fixture->dialog, "signed-in", G_CALLBACK (set_flag_cb), &fixture->signed_in);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  /* The next test finds its own dialog, not this one. */
  if (fixture->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *)&fixture->dialog);
      gtk_window_destroy (GTK_WINDOW (fixture->dialog));
    }
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->app);
  g_free (fixture->email);
  ewe_core_fixture_tear_down (&fixture->base, NULL);
}

/* The button, the URL the browser gets, the page that waits, and Cancel:
 * back on the sign-in page, not signed in, the listener gone. */
static void
test_waiting_and_cancel (Fixture      *fixture,
                         gconstpointer data)
{
  EweAccount      *account = ewe_session_get_account (ewe_application_get_session (fixture->app));
  g_autofree char *url = NULL;
  g_autofree char *prefix = g_strconcat (fixture->base.server->base_url, "/oauth2/authorize?", NULL);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GUri) redirect = NULL;
  GtkWidget *button;

  button = ewe_dialog_test_find_button (GTK_WIDGET (fixture->dialog), "Sign In with a _Browser");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_visible (button));
  screenshots (GTK_WINDOW (fixture->dialog), "account-browser-button");

  browser_set_script (": the person has not signed in yet");
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "dialog.sign-in-browser", NULL);
  g_assert_cmpstr (ewe_account_dialog_get_page (fixture->dialog), ==, "browser");

  /* The app's gtk_show_uri() reached "the browser", with the server's page. */
  ewe_app_test_iterate_until (file_exists, browser.opened, 60);
  g_assert_true (g_file_get_contents (browser.opened, &url, NULL, NULL));
  g_test_message ("the browser was given %s", url);
  g_assert_true (g_str_has_prefix (url, prefix));
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  redirect = g_uri_parse (g_hash_table_lookup (params, "redirect_uri"), G_URI_FLAGS_NONE, NULL);
  g_assert_cmpstr (g_uri_get_host (redirect), ==, "127.0.0.1");

  g_assert_nonnull (ewe_dialog_test_find_button (GTK_WIDGET (fixture->dialog), "_Cancel"));
  screenshots (GTK_WINDOW (fixture->dialog), "account-browser-waiting");

  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "dialog.cancel-browser", NULL);
  ewe_app_test_iterate_until (page_is, &(PageWait) { fixture->dialog, "sign-in" }, 30);
  g_assert_null (ewe_account_dialog_get_error (fixture->dialog));
  g_assert_false (ewe_account_get_signed_in (account));
  g_assert_false (fixture->signed_in);

  /* Nothing listens for that sign-in any more. */
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;;)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(GError) error = NULL;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (redirect), NULL, &error);
      if (connection == NULL)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
          break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      g_usleep (10 * 1000);
    }
  ewe_app_test_iterate_until (file_exists, browser.status, 30);
}

static gboolean
error_shown (gpointer data)
{
  return ewe_account_dialog_get_error (EWE_ACCOUNT_DIALOG (data)) != NULL;
}

/* The Callback Port set in Preferences, and another program on it: the
 * dialog goes back to the sign-in page and says which port and what to
 * do, at once, without opening the browser. */
static void
test_port_in_use (Fixture      *fixture,
                  gconstpointer data)
{
  GSettings *settings = ewe_session_get_settings (ewe_application_get_session (fixture->app));
  g_autoptr(GSocketListener) other = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) taken = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  guint            port;

  g_assert_true (g_socket_listener_add_address (other, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                                &taken, &error));
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (taken));
  g_settings_set_int (settings, "cognito-redirect-port", port);

  /* The shots show the page the dialog slides back to, not half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  browser_set_script (": the browser must not be opened");
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "dialog.sign-in-browser", NULL);
  ewe_app_test_iterate_until (error_shown, fixture->dialog, 30);
  ewe_app_test_iterate_until (page_is, &(PageWait) { fixture->dialog, "sign-in" }, 30);
  expected = g_strdup_printf ("Port %u is in use. Close the program using it, or choose another port in Preferences.",
                              port);
  g_assert_cmpstr (ewe_account_dialog_get_error (fixture->dialog), ==, expected);
  g_assert_false (g_file_test (browser.opened, G_FILE_TEST_EXISTS));
  g_assert_false (fixture->signed_in);
  /* At the dialog's own size: in this test gtk_window_set_default_size()
   * is not honoured (the size stays 440×540; the cause is not found yet),
   * so screenshots() would wait for nothing. */
  g_free (ewe_dialog_test_screenshot (GTK_WINDOW (fixture->dialog), "account-browser-port-in-use"));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);

  g_settings_reset (settings, "cognito-redirect-port");
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

static void
became_active_cb (GtkWindow  *window,
                  GParamSpec *pspec,
                  gboolean   *raised)
{
  if (gtk_window_is_active (window))
    *raised = TRUE;
}

/* The whole way: the real app opens the real URL in a real (headless)
 * browser, which signs in on the server's page and comes back; the
 * account is signed in, the dialog closed, and the app's window is raised
 * over the window that had the focus meanwhile (the browser's, for a
 * person: here a window of the test's, as Xvfb has no window manager to
 * hand the focus to another program). */
static void
test_signed_in (Fixture      *fixture,
                gconstpointer data)
{
  GtkWindow       *other = NULL;
  g_autofree char *mjs = g_build_filename (EWE_TEST_SOURCE_ROOT, "tests", "server", "oauth2-browser.mjs", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *body = NULL;
  g_autofree char *status = NULL;
  EweAccount      *account = ewe_session_get_account (ewe_application_get_session (fixture->app));
  gboolean         raised = FALSE;
  gulong           activated;

  if (node == NULL || !g_file_test ("/usr/bin/chromium", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs node and Debian's chromium");
      return;
    }

  body = g_strdup_printf ("'%s' '%s' \"$1\" '%s' '%s' 'http://127.0.0.1:' 'You can go back to Ewelists.'", node, mjs,
                          fixture->email, EWE_TEST_PASSWORD);
  browser_set_script (body);

  /* Another window has the focus, as the browser has for a person. */
  other = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (other, "The browser");
  gtk_window_present (other);
  ewe_app_test_iterate_until (window_active, other, 30);

  /* Watched from now on: without a window manager, X gives the focus
   * back to no window when the dialog over it closes, so the window is
   * not always still active at the end; what counts is that it was
   * raised and took the focus once signed in. */
  g_assert_false (gtk_window_is_active (GTK_WINDOW (fixture->window)));
  activated = g_signal_connect (fixture->window, "notify::is-active", G_CALLBACK (became_active_cb), &raised);

  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "dialog.sign-in-browser", NULL);
  g_assert_cmpstr (ewe_account_dialog_get_page (fixture->dialog), ==, "browser");

  /* Signed in, or the browser gave up (its status says why). */
  ewe_app_test_iterate_until (file_exists, browser.status, 120);
  g_assert_true (g_file_get_contents (browser.status, &status, NULL, NULL));
  g_strstrip (status);
  if (g_str_equal (status, "77"))
    {
      gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "dialog.cancel-browser", NULL);
      g_test_skip ("the browser could not be driven here");
      return;
    }
  g_assert_cmpstr (status, ==, "0");

  ewe_app_test_iterate_until (flag_set, &fixture->signed_in, 60);
  g_assert_true (ewe_account_get_signed_in (account));
  g_assert_cmpstr (ewe_account_get_email (account), ==, fixture->email);
  ewe_app_test_iterate_until (dialog_closed, &fixture->dialog, 30);

  /* The app's window came to the front, taking the focus back. */
  ewe_app_test_iterate_until (flag_set, &raised, 30);
  g_signal_handler_disconnect (fixture->window, activated);
  gtk_window_destroy (other);
}

typedef struct
{
  EweAccountDialog *dialog;
  const char       *label;
} ButtonWait;

static gboolean
button_shown (gpointer data)
{
  ButtonWait *wait = data;
  GtkWidget  *button = ewe_dialog_test_find_button (GTK_WIDGET (wait->dialog), wait->label);

  return button != NULL && gtk_widget_is_visible (button);
}

/* A server with two upstream providers: a button for each on the sign-in
 * page, once its list arrives, below Sign In with a Browser; pressing one
 * opens the authorization URL with identity_provider= its name. */
static void
test_providers (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *url = NULL;
  g_autofree char *prefix = g_strconcat (fixture->base.server->base_url, "/oauth2/authorize?", NULL);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  GtkWidget       *browser_button;
  GtkWidget       *google;
  GtkWidget       *work;
  graphene_point_t browser_at;
  graphene_point_t google_at;
  graphene_point_t work_at;

  /* Before the dialog is first laid out: mapped at its natural size
   * instead, GTK 4.8 would not take a default size set later. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->dialog), 1280, 800);
  ewe_app_test_iterate_until (button_shown, &(ButtonWait) { fixture->dialog, "Continue with Google" }, 60);
  ewe_app_test_iterate_until (button_shown, &(ButtonWait) { fixture->dialog, "Continue with Example Corp" }, 60);
  browser_button = ewe_dialog_test_find_button (GTK_WIDGET (fixture->dialog), "Sign In with a _Browser");
  google = ewe_dialog_test_find_button (GTK_WIDGET (fixture->dialog), "Continue with Google");
  work = ewe_dialog_test_find_button (GTK_WIDGET (fixture->dialog), "Continue with Example Corp");
  g_assert_true (gtk_widget_get_focusable (google));
  g_assert_true (gtk_widget_get_focusable (work));
  g_assert_true (gtk_widget_is_sensitive (work));
  screenshots (GTK_WINDOW (fixture->dialog), "account-providers");

  /* In the server's order, below the generic button. */
  g_assert_true (gtk_widget_compute_point (browser_button, GTK_WIDGET (fixture->dialog), &GRAPHENE_POINT_INIT (0, 0),
                                           &browser_at));
  g_assert_true (gtk_widget_compute_point (google, GTK_WIDGET (fixture->dialog), &GRAPHENE_POINT_INIT (0, 0),
                                           &google_at));
  g_assert_true (gtk_widget_compute_point (work, GTK_WIDGET (fixture->dialog), &GRAPHENE_POINT_INIT (0, 0),
                                           &work_at));
  g_assert_cmpfloat (browser_at.y, <, google_at.y);
  g_assert_cmpfloat (google_at.y, <, work_at.y);

  browser_set_script (": the person has not signed in yet");
  /* As Space or Enter on the focused button does: GtkButton clicks once
   * its short pressed look is over. */
  gtk_widget_grab_focus (work);
  gtk_widget_activate (work);
  ewe_app_test_iterate_until (page_is, &(PageWait) { fixture->dialog, "browser" }, 30);

  ewe_app_test_iterate_until (file_exists, browser.opened, 60);
  g_assert_true (g_file_get_contents (browser.opened, &url, NULL, NULL));
  g_test_message ("the browser was given %s", url);
  g_assert_true (g_str_has_prefix (url, prefix));
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "identity_provider"), ==, "work");
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");

  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "dialog.cancel-browser", NULL);
  ewe_app_test_iterate_until (page_is, &(PageWait) { fixture->dialog, "sign-in" }, 30);
  g_assert_null (ewe_account_dialog_get_error (fixture->dialog));
  ewe_app_test_iterate_until (file_exists, browser.status, 30);
}

/* A real OpenID Connect provider for the next test (oidc-provider from npm,
 * started with the browser by tests/server/oidc-upstream.mjs), on this
 * port, which the server's configuration names. */
static guint16 upstream_port;
static guint16 upstream_facebook_port;

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (socket);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* oidc-provider and the driver installed in @dir (npm); FALSE when node
 * or npm is missing. */
static gboolean
upstream_install (const char *dir)
{
  g_autofree char *script = g_build_filename (EWE_TEST_SOURCE_ROOT, "tests", "server", "oidc-upstream.sh", NULL);
  g_autoptr(GSubprocess) install = NULL;
  g_autoptr(GError) error = NULL;

  install = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sh", script, dir, NULL);
  g_assert_no_error (error);
  g_subprocess_wait (install, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (install));
  if (g_subprocess_get_exit_status (install) == 77)
    return FALSE;
  g_assert_cmpint (g_subprocess_get_exit_status (install), ==, 0);
  return TRUE;
}

/* "Continue with Test OIDC", the whole way, for real (issue #13): the
 * app's button opens the browser at /oauth2/authorize with
 * identity_provider=test-oidc; the server sends it straight on to the
 * provider, whose own login form is the first page it shows (no page of
 * ours in between); headless Chromium fills it and consents; the provider
 * sends it back to the server, which sends it on to the app's loopback
 * listener with a code; the app is signed in as the provider's person (a
 * new account), the tab says to go back to the app, and the tokens are in
 * the keyring, where the app started again finds them. */
static void
test_provider_signed_in (Fixture      *fixture,
                         gconstpointer data)
{
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *install_dir = NULL;
  g_autofree char *result_file = NULL;
  g_autofree char *email = ewe_core_fixture_unique_email ("upstream");
  g_autofree char *provider_origin = g_strdup_printf ("http://127.0.0.1:%u/", upstream_port);
  g_autofree char *server_pages = g_strconcat (fixture->base.server->base_url, "/", NULL);
  g_autofree char *body = NULL;
  g_autofree char *status = NULL;
  g_autofree char *out = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweAccount) again = NULL;
  g_auto(EweTestWaiter) restored = { 0 };
  EweAccount *account = ewe_session_get_account (ewe_application_get_session (fixture->app));
  JsonObject *result;
  JsonArray  *visited;
  const char *redirect_uri;
  GtkWidget  *button;

  if (node == NULL || !g_file_test ("/usr/bin/chromium", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs node and Debian's chromium");
      return;
    }
  install_dir = g_dir_make_tmp ("ewe-test-oidc-XXXXXX", &error);
  g_assert_no_error (error);
  if (!upstream_install (install_dir))
    {
      ewe_test_remove_tree (install_dir);
      g_test_skip ("needs npm for oidc-provider");
      return;
    }

  result_file = g_build_filename (install_dir, "result", NULL);
  body = g_strdup_printf ("cd '%s' && '%s' oidc-upstream.mjs %u %u '%s' \"$1\" test-oidc '%s' consent - "
                          "'You can go back to Ewelists.' > '%s'",
                          install_dir, node, upstream_port, upstream_facebook_port, fixture->base.server->base_url,
                          email, result_file);
  browser_set_script (body);

  ewe_app_test_iterate_until (button_shown, &(ButtonWait) { fixture->dialog, "Continue with Test OIDC" }, 60);
  button = ewe_dialog_test_find_button (GTK_WIDGET (fixture->dialog), "Continue with Test OIDC");
  gtk_widget_grab_focus (button);
  gtk_widget_activate (button);
  ewe_app_test_iterate_until (page_is, &(PageWait) { fixture->dialog, "browser" }, 30);

  /* The browser's part, or why it gave up. */
  ewe_app_test_iterate_until (file_exists, browser.status, 180);
  g_assert_true (g_file_get_contents (browser.status, &status, NULL, NULL));
  g_strstrip (status);
  g_assert_true (g_file_get_contents (browser.opened, &url, NULL, NULL));
  g_assert_true (g_file_get_contents (result_file, &out, NULL, NULL));
  g_test_message ("the browser was given %s and says: %s", url, out);
  if (g_str_equal (status, "77"))
    {
      gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "dialog.cancel-browser", NULL);
      ewe_test_remove_tree (install_dir);
      g_test_skip ("the browser could not be driven here");
      return;
    }
  g_assert_cmpstr (status, ==, "0");

  /* The URL the button opened names the provider, with PKCE. */
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "identity_provider"), ==, "test-oidc");
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  redirect_uri = g_hash_table_lookup (params, "redirect_uri");

  /* Straight to the provider's login form; the only other page the
   * browser showed is the app's listener's, which said to go back. */
  g_assert_nonnull (strstr (out, "RESULT "));
  root = json_from_string (strstr (out, "RESULT ") + strlen ("RESULT "), &error);
  g_assert_no_error (error);
  result = json_node_get_object (root);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (result, "firstPage"), provider_origin));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (result, "url"), redirect_uri));
  g_assert_true (json_object_get_boolean_member (result, "landedText"));
  visited = json_object_get_array_member (result, "visited");
  for (guint i = 0; i < json_array_get_length (visited); i++)
    {
      const char *page = json_array_get_string_element (visited, i);

      g_assert_false (g_str_has_prefix (page, server_pages));
      g_assert_true (g_str_has_prefix (page, provider_origin) || g_str_has_prefix (page, redirect_uri));
    }

  ewe_app_test_iterate_until (flag_set, &fixture->signed_in, 60);
  g_assert_true (ewe_account_get_signed_in (account));
  g_assert_cmpstr (ewe_account_get_email (account), ==, email);
  ewe_app_test_iterate_until (dialog_closed, &fixture->dialog, 30);

  /* In the keyring: the app started again is signed in as that person. */
  again = ewe_account_new (fixture->base.server->base_url, fixture->base.auth, fixture->base.token_store);
  ewe_account_restore_async (again, NULL, ewe_test_waiter_cb, &restored);
  g_assert_true (ewe_account_restore_finish (again, ewe_test_waiter_wait (&restored), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ewe_account_get_email (again), ==, email);

  ewe_test_remove_tree (install_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  g_autofree char *config_arg = NULL;
  const char      *provider_args[2] = { NULL };
  g_autofree char *upstream_config = NULL;
  g_autofree char *upstream_text = NULL;
  g_autofree char *upstream_arg = NULL;
  const char      *upstream_args[2] = { NULL };
  int              result;

  browser_install ();
  ewe_app_test_init (&argc, &argv);

  /* Two upstream providers, never fetched: nobody signs in with them. */
  config = g_build_filename (browser.dir, "providers.conf", NULL);
  g_assert_true (g_file_set_contents (config,
                                      "[oauth-provider google]\ntype=google\nclient-id=g\nclient-secret=s\n"
                                      "[oauth-provider work]\nissuer=https://id.example.org\nclient-id=w\n"
                                      "client-secret=s\ndisplay-name=Example Corp\n",
                                      -1, NULL));
  config_arg = g_strconcat ("--config=", config, NULL);
  provider_args[0] = config_arg;

  /* One provider that is there: oidc-provider, started by the test. */
  upstream_port = free_port ();
  upstream_facebook_port = free_port ();
  upstream_config = g_build_filename (browser.dir, "upstream.conf", NULL);
  upstream_text = g_strdup_printf ("[oauth-provider test-oidc]\nissuer=http://127.0.0.1:%u\n"
                                   "client-id=ewelists-server\nclient-secret=ewelists-server-secret\n"
                                   "display-name=Test OIDC\n",
                                   upstream_port);
  g_assert_true (g_file_set_contents (upstream_config, upstream_text, -1, NULL));
  upstream_arg = g_strconcat ("--config=", upstream_config, NULL);
  upstream_args[0] = upstream_arg;

  g_test_add ("/app/account-browser/waiting-and-cancel", Fixture, NULL, fixture_set_up, test_waiting_and_cancel,
              fixture_tear_down);
  g_test_add ("/app/account-browser/port-in-use", Fixture, NULL, fixture_set_up, test_port_in_use, fixture_tear_down);
  g_test_add ("/app/account-browser/signed-in", Fixture, NULL, fixture_set_up, test_signed_in, fixture_tear_down);
  g_test_add ("/app/account-browser/providers", Fixture, provider_args, fixture_set_up, test_providers,
              fixture_tear_down);
  g_test_add ("/app/account-browser/provider-signed-in", Fixture, upstream_args, fixture_set_up,
              test_provider_signed_in, fixture_tear_down);

  result = g_test_run ();
  ewe_test_remove_tree (browser.dir);

  return result;
}
