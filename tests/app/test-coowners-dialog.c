/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>

#include "ewe-app-test-utils.h"
#include "ewe-coowners-dialog.h"
#include "ewe-core-test-fixture.h"
#include "ewe-dialog-test.h"
#include "ewe-invitation.h"

/* The Co-owners dialog against a real ewelists-server: the creator invites
 * by e-mail and sees the invitation wait; once accepted, the co-owner is
 * an owner, whom only the creator may remove, after saying yes. */

typedef struct
{
  EweCoreFixture core;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  ewe_core_fixture_set_up (&fixture->core, data);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  ewe_core_fixture_tear_down (&fixture->core, data);
}

static gpointer
child (EweCoownersDialog *dialog,
       const char        *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), EWE_TYPE_COOWNERS_DIALOG, name);
}

static gboolean
dialog_loaded (gpointer data)
{
  return ewe_coowners_dialog_get_loaded (data);
}

/* The rows of a group, as "title|subtitle|buttons". */
static void
collect_rows (GtkWidget *widget,
              GString   *out)
{
  if (ADW_IS_ACTION_ROW (widget))
    {
      guint n_buttons = 0;

      for (GtkWidget *w = widget; w != NULL;)
        {
          /* Count the row's buttons: a depth-first walk under it. */
          GtkWidget *next = gtk_widget_get_first_child (w);

          if (GTK_IS_BUTTON (w) && w != widget)
            n_buttons++;
          while (next == NULL && w != widget)
            {
              next = gtk_widget_get_next_sibling (w);
              if (next == NULL)
                w = gtk_widget_get_parent (w);
            }
          w = next;
        }
      g_string_append_printf (out, "%s|%s|%u\n", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                              adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)) != NULL
                                ? adw_action_row_get_subtitle (ADW_ACTION_ROW (widget))
                                : "",
                              n_buttons);
      return;
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_rows (c, out);
}

static char *
rows_of (EweCoownersDialog *dialog,
         const char        *group)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (gtk_widget_get_visible (child (dialog, group)))
    collect_rows (child (dialog, group), out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GtkButton *
first_button (GtkWidget *widget,
              GtkWidget *skip)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkButton *found;

      if (GTK_IS_BUTTON (c) && c != skip)
        return GTK_BUTTON (c);
      if ((found = first_button (c, skip)) != NULL)
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

static void
shoot (EweCoownersDialog *dialog,
       const char        *name,
       int                width,
       int                height)
{
  g_autofree char *light = g_strdup_printf ("coowners-dialog-%s-%dx%d-light", name, width, height);
  g_autofree char *dark = g_strdup_printf ("coowners-dialog-%s-%dx%d-dark", name, width, height);
  g_autofree char *path = NULL;

  gtk_window_set_default_size (GTK_WINDOW (dialog), width, height);
  ewe_dialog_test_settle (300);
  path = ewe_dialog_test_screenshot (GTK_WINDOW (dialog), light);
  g_test_message ("screenshot: %s", path);
  g_free (path);
  ewe_dialog_test_set_dark (TRUE);
  path = ewe_dialog_test_screenshot (GTK_WINDOW (dialog), dark);
  g_test_message ("screenshot: %s", path);
  ewe_dialog_test_set_dark (FALSE);
}

static JsonNode *
call_api (EweApiClient       *client,
          EweApiEndpoint      endpoint,
          const char * const *args,
          const char         *body)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(JsonNode) body_node = body != NULL ? json_from_string (body, NULL) : NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode        *node;

  ewe_api_client_call_async (client, endpoint, args, body_node, NULL, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  node = json_from_string (text, &error);
  g_assert_no_error (error);

  return node;
}

static void
test_invite_and_remove (Fixture      *fixture,
                        gconstpointer data)
{
  g_autofree char *ben_email = ewe_core_fixture_unique_email ("ben");
  g_autoptr(EweAccount) ada = ewe_core_fixture_new_user (&fixture->core, "Ada");
  g_autoptr(EweAccount) ben = NULL;
  g_autoptr(EweApiClient) client_a = ewe_api_client_new_for_server (ada, fixture->core.server->base_url);
  g_autoptr(EweApiClient) client_b = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(EweList) list = ewe_list_new ();
  g_autoptr(EweTestMail) mail = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("http\\S+/invitation/[0-9a-f-]+\\?key=[A-Za-z0-9_-]+", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char   *text = NULL;
  g_autofree char   *link = NULL;
  g_autofree char   *accepted = NULL;
  g_autofree char   *rows = NULL;
  g_autofree char   *expected = NULL;
  EweCoownersDialog *dialog;
  AdwMessageDialog  *confirm;
  guint              first;

  ewe_core_fixture_create_user (&fixture->core, ben_email, "Ben");
  ben = ewe_core_fixture_sign_in (&fixture->core, ben_email);
  client_b = ewe_api_client_new_for_server (ben, fixture->core.server->base_url);
  created = call_api (client_a, EWE_API_CREATE_LIST, NULL, "{\"title\": \"Our wedding\"}");
  ewe_list_set_id (list, json_object_get_string_member (json_node_get_object (created), "listId"));
  ewe_list_set_title (list, "Our wedding");

  /* The creator alone, at first. */
  dialog = ewe_coowners_dialog_new (client_a, list);
  ewe_dialog_test_present (GTK_WINDOW (dialog), 480, 560);
  ewe_dialog_test_iterate_until (dialog_loaded, dialog);
  rows = rows_of (dialog, "owners_group");
  g_assert_cmpstr (rows, ==, "Ada|Created the list|0\n");
  g_clear_pointer (&rows, g_free);

  /* Invite: the address waits for an answer, and a mail goes out. */
  first = ewe_test_smtp_get_n_messages (fixture->core.smtp);
  g_assert_false (gtk_widget_is_sensitive (child (dialog, "invite_button")));
  ewe_app_test_set_text (GTK_WIDGET (dialog), EWE_TYPE_COOWNERS_DIALOG, "email_row", ben_email);
  g_assert_true (gtk_widget_is_sensitive (child (dialog, "invite_button")));
  /* As the button does, at once (a button activated from code clicks a moment later). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "coowners.invite", NULL));
  ewe_dialog_test_iterate_until (dialog_loaded, dialog);
  rows = rows_of (dialog, "invitations_group");
  expected = g_strdup_printf ("%s|Invited, no answer yet|1\n", ben_email);
  g_assert_cmpstr (rows, ==, expected);
  g_clear_pointer (&rows, g_free);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "email_row"))), ==, "");
  shoot (dialog, "invited", 1280, 800);
  shoot (dialog, "invited", 360, 720);

  /* Inviting oneself is refused, and the dialog says why. */
  ewe_app_test_set_text (GTK_WIDGET (dialog), EWE_TYPE_COOWNERS_DIALOG, "email_row", ewe_account_get_email (ada));
  /* As the button does, at once (a button activated from code clicks a moment later). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "coowners.invite", NULL));
  ewe_dialog_test_iterate_until (dialog_loaded, dialog);
  g_assert_true (gtk_widget_get_visible (child (dialog, "error_label")));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Ben accepts the mailed link. */
  mail = ewe_test_smtp_wait_for_mail_to (fixture->core.smtp, first, ben_email, 30000);
  g_assert_nonnull (mail);
  text = ewe_test_mail_dup_part (mail, "text/plain");
  g_assert_true (g_regex_match (regex, text, 0, &match));
  link = g_match_info_fetch (match, 0);
  ewe_invitation_accept_async (client_b, link, NULL, ewe_test_waiter_cb, &waiter);
  accepted = ewe_invitation_accept_finish (ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  /* Ben sees both owners, and may remove no one. */
  dialog = ewe_coowners_dialog_new (client_b, list);
  ewe_dialog_test_present (GTK_WINDOW (dialog), 480, 560);
  ewe_dialog_test_iterate_until (dialog_loaded, dialog);
  rows = rows_of (dialog, "owners_group");
  expected = (g_free (expected), g_strdup_printf ("Ada|Created the list|0\nBen|%s|0\n", ben_email));
  g_assert_cmpstr (rows, ==, expected);
  g_clear_pointer (&rows, g_free);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Ada removes Ben, after saying yes. */
  dialog = ewe_coowners_dialog_new (client_a, list);
  ewe_dialog_test_present (GTK_WINDOW (dialog), 480, 560);
  ewe_dialog_test_iterate_until (dialog_loaded, dialog);
  rows = rows_of (dialog, "owners_group");
  expected = (g_free (expected), g_strdup_printf ("Ada|Created the list|0\nBen|%s|1\n", ben_email));
  g_assert_cmpstr (rows, ==, expected);
  g_clear_pointer (&rows, g_free);
  shoot (dialog, "owners", 1280, 800);
  shoot (dialog, "owners", 360, 720);

  g_assert_true (gtk_widget_activate (GTK_WIDGET (first_button (child (dialog, "owners_group"), NULL))));
  ewe_dialog_test_iterate_until (has_message_dialog, NULL);
  confirm = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Remove Ben?");
  adw_message_dialog_response (confirm, "remove");
  gtk_window_destroy (GTK_WINDOW (confirm));
  ewe_dialog_test_settle (100);
  ewe_dialog_test_iterate_until (dialog_loaded, dialog);
  rows = rows_of (dialog, "owners_group");
  g_assert_cmpstr (rows, ==, "Ada|Created the list|0\n");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  ewe_app_test_init (&argc, &argv);

  g_test_add ("/app/coowners-dialog/invite-and-remove", Fixture, NULL, fixture_set_up, test_invite_and_remove,
              fixture_tear_down);

  return g_test_run ();
}
