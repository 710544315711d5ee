/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ewe-account-dialog.h"
#include "ewe-app-test-utils.h"
#include "ewe-dialog-test.h"
#include "ewe-session.h"
#include "ewe-preferences-window.h"
#include "ewe-test-server.h"

/* The preferences: bound to the settings, "Test Connection" against a
 * real ewelists-server (kept when it answers and nobody is signed in) and
 * against a port where nobody listens, and the Cognito fields, found as a
 * screen reader finds them, checked before they are saved; the browser
 * sign-in's callback port among them, with screenshots at 1280×800 and
 * 360×720, light and dark, in build/tests/app/screenshots. */

static gboolean
test_done (gpointer data)
{
  return !ewe_preferences_window_get_testing (EWE_PREFERENCES_WINDOW (data));
}

static gboolean
session_configured (gpointer data)
{
  return ewe_session_get_configured (EWE_SESSION (data));
}

static EwePreferencesWindow *
new_preferences (EweSession *session)
{
  EwePreferencesWindow *preferences = ewe_preferences_window_new (session);

  gtk_window_present (GTK_WINDOW (preferences));

  return preferences;
}

static const char *
test_connection (EwePreferencesWindow *preferences,
                 const char           *url,
                 gboolean             *success)
{
  ewe_app_test_set_text (GTK_WIDGET (preferences), EWE_TYPE_PREFERENCES_WINDOW, "server_row", url);
  gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.test-connection", NULL);
  g_assert_true (ewe_preferences_window_get_testing (preferences));
  ewe_app_test_iterate_until (test_done, preferences, 30);

  return ewe_preferences_window_get_test_result (preferences, success);
}

static void
test_connection_to_real_server (void)
{
  g_autoptr(EweTestServer) server = ewe_test_server_start (NULL);
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = ewe_session_new (settings, NULL);
  EwePreferencesWindow *preferences;
  g_autofree char      *with_slash = NULL;
  gboolean              success = FALSE;

  g_assert_nonnull (server);
  preferences = new_preferences (session);

  /* A trailing slash is what people paste; it still works. */
  with_slash = g_strconcat (server->base_url, "/", NULL);
  g_assert_cmpstr (test_connection (preferences, with_slash, &success), ==,
                   "Connected to Ewelists server " PACKAGE_VERSION);
  g_assert_true (success);

  /* Signed out, a server that answers is kept (without Apply), so that
   * Create Account then starts at the form, not at "Choose a Server". */
  {
    g_autofree char  *saved = g_settings_get_string (settings, "server-url");
    EweAccountDialog *dialog;

    g_assert_cmpstr (saved, ==, server->base_url);
    ewe_app_test_iterate_until (session_configured, session, 10);
    dialog = ewe_account_dialog_new (session, EWE_ACCOUNT_DIALOG_SIGN_UP);
    g_assert_cmpstr (ewe_account_dialog_get_page (dialog), ==, "sign-up");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_connection_to_closed_port (void)
{
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = ewe_session_new (settings, NULL);
  g_autofree char      *url = g_strdup_printf ("http://127.0.0.1:%u", ewe_app_test_closed_port ());
  g_autofree char      *expected = g_strdup_printf ("Could not reach %s: ", url);
  EwePreferencesWindow *preferences = new_preferences (session);
  const char           *result;
  gboolean              success = TRUE;

  result = test_connection (preferences, url, &success);
  g_test_message ("%s", result);
  g_assert_false (success);
  g_assert_true (g_str_has_prefix (result, expected));

  result = test_connection (preferences, "not a url", &success);
  g_assert_false (success);
  g_assert_cmpstr (result, ==, "“not a url” is not a server address. It looks like https://lists.example.org.");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_settings_are_bound (void)
{
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = ewe_session_new (settings, NULL);
  EwePreferencesWindow *preferences = new_preferences (session);
  GObject              *server_row = gtk_widget_get_template_child (GTK_WIDGET (preferences), EWE_TYPE_PREFERENCES_WINDOW,
                                                                    "server_row");
  GObject              *surprise = gtk_widget_get_template_child (GTK_WIDGET (preferences), EWE_TYPE_PREFERENCES_WINDOW,
                                                                  "surprise_switch");
  GObject              *client_id_row = gtk_widget_get_template_child (GTK_WIDGET (preferences), EWE_TYPE_PREFERENCES_WINDOW,
                                                                       "client_id_row");
  g_autofree char      *saved = NULL;

  /* Settings show in the window… */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (surprise)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (client_id_row)), ==, "ewelists");
  g_settings_set_boolean (settings, "surprise-mode", FALSE);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (surprise)));
  gtk_switch_set_active (GTK_SWITCH (surprise), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "surprise-mode"));

  /* …and a typed server address is saved on Apply, normalized, which
   * builds the account for it. */
  gtk_editable_set_text (GTK_EDITABLE (server_row), "lists.example.org/");
  saved = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (saved, ==, "");
  g_signal_emit_by_name (server_row, "apply");
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (saved, ==, "https://lists.example.org");
  ewe_app_test_iterate_until (session_configured, session, 10);
  g_assert_cmpstr (ewe_account_get_server (ewe_session_get_account (session)), ==, "https://lists.example.org");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* A label under @widget that screen readers read as @text. */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  g_autofree char *mismatch = NULL;

  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_LABEL)
    {
      mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, text);
      if (mismatch == NULL)
        return TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;

  return FALSE;
}

/* The text field a screen reader finds as @name under @widget: shown,
 * with the text-box role, named by its title label. NULL if there is
 * none. */
static GtkWidget *
find_text_box (GtkWidget  *widget,
               const char *name)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;

  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_TEXT_BOX &&
      gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY) &&
      has_label (widget, name))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text_box (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  GtkWidget  *window;
  const char *name;
} TextBoxQuery;

static gboolean
text_box_shown (gpointer data)
{
  TextBoxQuery *query = data;

  return find_text_box (query->window, query->name) != NULL;
}

static GtkWidget *
find_widget_of_type (GtkWidget *widget,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GObject *
template_child (EwePreferencesWindow *preferences,
                const char           *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (preferences), EWE_TYPE_PREFERENCES_WINDOW, name);
}

/* Opens the Server page's Cognito settings, and returns the field a
 * screen reader knows as @name there. */
static GtkWidget *
show_cognito_field (EwePreferencesWindow *preferences,
                    const char           *name)
{
  TextBoxQuery query = { GTK_WIDGET (preferences), name };
  GtkWidget   *server_page;

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "server");
  server_page = GTK_WIDGET (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (preferences)));
  g_assert_cmpstr (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (server_page)), ==, "Server");
  /* Collapsed, the Cognito settings are not shown, nor read out. */
  g_assert_null (find_text_box (GTK_WIDGET (preferences), name));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_widget_of_type (server_page, ADW_TYPE_EXPANDER_ROW)), TRUE);
  ewe_app_test_iterate_until (text_box_shown, &query, 10);

  return find_text_box (GTK_WIDGET (preferences), name);
}

/* What the field says is wrong (its description, and the line under it),
 * or NULL. */
static char *
dup_field_error (EwePreferencesWindow *preferences,
                 GtkWidget            *field,
                 const char           *error_row,
                 const char           *error_label)
{
  const char *shown = gtk_label_get_label (GTK_LABEL (template_child (preferences, error_label)));

  if (!gtk_widget_get_visible (GTK_WIDGET (template_child (preferences, error_row))))
    {
      g_assert_false (gtk_widget_has_css_class (field, "error"));
      g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
      return NULL;
    }

  g_assert_true (gtk_widget_has_css_class (field, "error"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, shown);

  return g_strdup (shown);
}

static gboolean
account_has_pool_id (gpointer data)
{
  EweAccount *account = ewe_session_get_account (EWE_SESSION (data));

  return account != NULL &&
         g_strcmp0 (ewe_auth_get_user_pool_id (ewe_account_get_auth (account)), "eu-west-1_AbCdEf123") == 0;
}

/* The pool's name is part of every SRP proof: a pool id that is not one
 * is refused in place and not saved (the good one before it stays); a
 * good one is saved on Apply and reaches the account's sign-in. */
static void
test_user_pool_id (void)
{
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = NULL;
  EwePreferencesWindow *preferences;
  GtkWidget            *field;
  g_autofree char      *saved = NULL;
  g_autofree char      *problem = NULL;

  g_settings_set_string (settings, "server-url", "https://lists.example.org");
  session = ewe_session_new (settings, NULL);
  preferences = new_preferences (session);
  field = show_cognito_field (preferences, "User Pool ID");
  g_assert_true (field == GTK_WIDGET (template_child (preferences, "user_pool_id_row")));
  g_assert_null (dup_field_error (preferences, field, "user_pool_id_error_row", "user_pool_id_error"));

  gtk_editable_set_text (GTK_EDITABLE (field), "eu-west-1");
  g_signal_emit_by_name (field, "apply");
  problem = dup_field_error (preferences, field, "user_pool_id_error_row", "user_pool_id_error");
  g_assert_cmpstr (problem, ==,
                   "“eu-west-1” is not a user pool ID. It looks like eu-west-1_AbCdEf123: a region, an "
                   "underscore, then letters and digits.");
  saved = g_settings_get_string (settings, "cognito-user-pool-id");
  g_assert_cmpstr (saved, ==, "");

  gtk_editable_set_text (GTK_EDITABLE (field), " eu-west-1_AbCdEf123 ");
  g_signal_emit_by_name (field, "apply");
  g_clear_pointer (&problem, g_free);
  problem = dup_field_error (preferences, field, "user_pool_id_error_row", "user_pool_id_error");
  g_assert_null (problem);
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "cognito-user-pool-id");
  g_assert_cmpstr (saved, ==, "eu-west-1_AbCdEf123");
  ewe_app_test_iterate_until (account_has_pool_id, session, 10);

  /* A mistake after it leaves the good one saved. */
  gtk_editable_set_text (GTK_EDITABLE (field), "eu west 1_AbCdEf123");
  g_signal_emit_by_name (field, "apply");
  problem = dup_field_error (preferences, field, "user_pool_id_error_row", "user_pool_id_error");
  g_assert_nonnull (problem);
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "cognito-user-pool-id");
  g_assert_cmpstr (saved, ==, "eu-west-1_AbCdEf123");
  g_assert_true (account_has_pool_id (session));

  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* Only kept for now (the hosted sign-in comes later): saved as the domain
 * alone, however it was pasted, and refused in place when it is not one. */
static void
test_hosted_ui_domain (void)
{
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = ewe_session_new (settings, NULL);
  EwePreferencesWindow *preferences = new_preferences (session);
  GtkWidget            *field = show_cognito_field (preferences, "Hosted UI Domain");
  g_autofree char      *saved = NULL;
  g_autofree char      *problem = NULL;

  g_assert_true (field == GTK_WIDGET (template_child (preferences, "hosted_ui_domain_row")));

  gtk_editable_set_text (GTK_EDITABLE (field), "not a domain");
  g_signal_emit_by_name (field, "apply");
  problem = dup_field_error (preferences, field, "hosted_ui_domain_error_row", "hosted_ui_domain_error");
  g_assert_cmpstr (problem, ==, "“not a domain” is not a domain. It looks like ewelists.auth.eu-west-1.amazoncognito.com.");
  saved = g_settings_get_string (settings, "cognito-hosted-ui-domain");
  g_assert_cmpstr (saved, ==, "");

  gtk_editable_set_text (GTK_EDITABLE (field), " https://Ewelists.auth.eu-west-1.amazoncognito.com/ ");
  g_signal_emit_by_name (field, "apply");
  g_clear_pointer (&problem, g_free);
  problem = dup_field_error (preferences, field, "hosted_ui_domain_error_row", "hosted_ui_domain_error");
  g_assert_null (problem);
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "cognito-hosted-ui-domain");
  g_assert_cmpstr (saved, ==, "ewelists.auth.eu-west-1.amazoncognito.com");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "ewelists.auth.eu-west-1.amazoncognito.com");

  gtk_window_destroy (GTK_WINDOW (preferences));
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
  int min_width;

  /* The preferences window is never narrower than its own minimum (370 px
   * with libadwaita 1.2 once narrow, whatever the rows): the narrow shot
   * is taken at that. */
  gtk_widget_measure (GTK_WIDGET (wait->window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);

  return gdk_paintable_get_intrinsic_width (paintable) == MAX (wait->width, min_width) &&
         gdk_paintable_get_intrinsic_height (paintable) == wait->height;
}

/* Whether @row is shown whole in its page's scrolled window. */
static gboolean
row_in_view (gpointer data)
{
  GtkWidget       *row = data;
  GtkWidget       *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t top;

  return gtk_widget_compute_point (row, scrolled, &GRAPHENE_POINT_INIT (0, 0), &top) && top.y >= 0 &&
         top.y + gtk_widget_get_height (row) <= gtk_widget_get_height (scrolled);
}

/* Scrolls @row's page until @row is in view, in the middle if it can. */
static void
scroll_to (GtkWidget *row)
{
  GtkWidget       *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment   *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  graphene_point_t top;

  g_assert_true (gtk_widget_compute_point (row, scrolled, &GRAPHENE_POINT_INIT (0, 0), &top));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + top.y -
                                          (gtk_widget_get_height (scrolled) - gtk_widget_get_height (row)) / 2.0);
  ewe_app_test_iterate_until (row_in_view, row, 30);
}

/* @window at 1280×800 and 360×720, light and dark, @row in view. */
static void
screenshots (GtkWindow  *window,
             GtkWidget  *row,
             const char *name)
{
  static const struct
  {
    int width, height;
  } sizes[] = { { 1280, 800 }, { 360, 720 } };

  /* The header's switch to the narrow layout is animated: the shots show
   * where it ends, not half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint dark = 0; dark < 2; dark++)
      {
        g_autofree char *shot_name = g_strdup_printf ("%s-%dx%d-%s", name, sizes[i].width, sizes[i].height,
                                                      dark ? "dark" : "light");
        SizeWait         size = { window, sizes[i].width, sizes[i].height };

        gtk_window_set_default_size (window, sizes[i].width, sizes[i].height);
        /* The new size is laid out a frame or two later, which a loaded
         * machine may not have drawn yet. */
        ewe_app_test_iterate_until (size_is, &size, 30);
        scroll_to (row);
        ewe_dialog_test_set_dark (dark);
        g_free (ewe_dialog_test_screenshot (window, shot_name));
      }
  ewe_dialog_test_set_dark (FALSE);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
}

/* The spin button a screen reader finds as @name under @widget, shown. */
static GtkWidget *
find_spin_button (GtkWidget  *widget,
                  const char *name)
{
  g_autofree char *mismatch = NULL;

  if (!gtk_widget_get_mapped (widget))
    return NULL;

  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_SPIN_BUTTON &&
      (mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name)) ==
        NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_spin_button (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A real Cognito pool takes only the callback URL registered for the app
 * client, port included: the port is next to the hosted UI domain, says
 * what it is for, shows the setting (0, a free port at each sign-in, by
 * default) and saves what is set at once, within 0 to 65535. */
static void
test_redirect_port (void)
{
  g_autoptr(GSettings) settings = ewe_app_test_settings ();
  g_autoptr(EweSession) session = ewe_session_new (settings, NULL);
  EwePreferencesWindow *preferences = new_preferences (session);
  GtkWidget            *domain = show_cognito_field (preferences, "Hosted UI Domain");
  GtkWidget            *spin = find_spin_button (GTK_WIDGET (preferences), "Callback Port");
  AdwActionRow         *row = ADW_ACTION_ROW (template_child (preferences, "redirect_port_row"));

  g_assert_nonnull (domain);
  g_assert_true (spin == GTK_WIDGET (template_child (preferences, "redirect_port_spin")));
  g_assert_true (gtk_widget_get_ancestor (spin, ADW_TYPE_ACTION_ROW) == GTK_WIDGET (row));
  /* Right below the domain (and its error line), in the same list. */
  g_assert_true (gtk_widget_get_next_sibling (GTK_WIDGET (template_child (preferences, "hosted_ui_domain_error_row"))) ==
                 GTK_WIDGET (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Callback Port");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "http://localhost:PORT/callback"));

  g_assert_cmpint (g_settings_get_int (settings, "cognito-redirect-port"), ==, 0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 0);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 8765);
  g_assert_cmpint (g_settings_get_int (settings, "cognito-redirect-port"), ==, 8765);

  g_settings_set_int (settings, "cognito-redirect-port", 43123);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 43123);

  /* Past the last port: held at it. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 70000);
  g_assert_cmpint (g_settings_get_int (settings, "cognito-redirect-port"), ==, 65535);

  g_settings_set_int (settings, "cognito-redirect-port", 8765);
  gtk_widget_grab_focus (spin);
  screenshots (GTK_WINDOW (preferences), GTK_WIDGET (row), "preferences-callback-port");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int   argc,
      char *argv[])
{
  ewe_app_test_init (&argc, &argv);

  g_test_add_func ("/app/preferences/test-connection/real-server", test_connection_to_real_server);
  g_test_add_func ("/app/preferences/test-connection/closed-port", test_connection_to_closed_port);
  g_test_add_func ("/app/preferences/settings-are-bound", test_settings_are_bound);
  g_test_add_func ("/app/preferences/user-pool-id", test_user_pool_id);
  g_test_add_func ("/app/preferences/hosted-ui-domain", test_hosted_ui_domain);
  g_test_add_func ("/app/preferences/redirect-port", test_redirect_port);

  return g_test_run ();
}
