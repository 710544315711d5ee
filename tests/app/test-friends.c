/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ewe-add-to-list-dialog.h"
#include "ewe-application.h"
#include "ewe-codec.h"
#include "ewe-core-test-fixture.h"
#include "ewe-dialog-test.h"
#include "ewe-friend-list-page.h"
#include "ewe-friends-sidebar.h"
#include "ewe-gift-card.h"
#include "ewe-open-link-dialog.h"
#include "ewe-paths.h"
#include "ewe-product-page.h"
#include "ewe-reservation-row.h"
#include "ewe-reservations-page.h"
#include "ewe-reserve-dialog.h"
#include "ewe-store.h"
#include "ewe-sync.h"
#include "ewe-window.h"

/* Friends' lists in the window, against a real ewelists-server: a shared
 * link opened from the menu's dialog (and wrong ones pointed at there), a
 * gift reserved in the reserve dialog, then in My Reservations its
 * quantity changed, marked bought, and another cancelled after the
 * question, checked each time in what the server shows guests; and a link
 * given on the command line. Screenshots light and dark. */

typedef struct
{
  EweCoreFixture  core;
  char           *dir;
  char           *list_id;
  char           *link;
  EweAccount     *owner;
  EweApplication *app;
  EweWindow      *window;
} Fixture;

/* --- the owner's list on the server ---------------------------------------- */

static void
draft_gift (EweStore   *store,
            EweList    *list,
            const char *details,
            int         quantity)
{
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_autoptr(EweGift) gift = NULL;
  g_autofree char *product_id = ewe_id_new_local ();
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;

  ewe_gift_set_list_id (values, ewe_list_get_id (list));
  ewe_gift_set_product_id (values, product_id);
  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_brand (values, "Acme");
  ewe_gift_set_details (values, details);
  ewe_gift_set_product_url (values, "https://shop.example/p");
  ewe_gift_set_price (values, "49.00");
  ewe_gift_set_quantity (values, quantity);
  /* The owner's note, which a giver sees where they decide. */
  if (g_str_equal (details, "Pram"))
    ewe_gift_set_notes (values, "Navy, please");

  ewe_store_add_gift_async (store, list, values, NULL, ewe_test_waiter_cb, &waiter);
  gift = ewe_store_add_gift_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
}

static void
create_owner_list (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "owner.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweStore) store = ewe_store_open_sync (path, &error);
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweApiClient) client = NULL;
  g_autoptr(EweSync) sync = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  g_auto(EweTestWaiter) sync_waiter = { 0 };

  g_assert_no_error (error);
  ewe_list_set_title (values, "Baby shower");
  ewe_list_set_occasion (values, "Baby Shower");
  ewe_list_set_event_date (values, "14 March 2027");
  ewe_list_set_description (values, "For the little one on the way.");
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  list = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  draft_gift (store, list, "Pram", 2);
  draft_gift (store, list, "Cot", 1);
  draft_gift (store, list, "Blanket", 3);

  fixture->owner = ewe_core_fixture_new_user (&fixture->core, "owner");
  client = ewe_api_client_new_for_server (fixture->owner, fixture->core.server->base_url);
  sync = ewe_sync_new (store, client);
  ewe_sync_run_async (sync, NULL, ewe_test_waiter_cb, &sync_waiter);
  g_assert_true (ewe_sync_run_finish (sync, ewe_test_waiter_wait (&sync_waiter), &error));
  g_assert_no_error (error);

  fixture->list_id = g_strdup (ewe_list_get_id (list));
  fixture->link = g_strconcat (fixture->core.server->base_url, "/lists/", fixture->list_id, NULL);
}

/* What the server shows guests of the gift named @details. */
static void
assert_server_counts (Fixture    *fixture,
                      EweFriends *friends,
                      const char *details,
                      int         reserved,
                      int         purchased)
{
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (NULL, fixture->core.server->base_url);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize       size = 0;

  ewe_api_client_call_async (client, EWE_API_GET_SHARED_LIST, (const char *[]) { fixture->list_id, NULL },
                             NULL, NULL, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (answer, &size);
  g_assert_true (ewe_codec_decode_shared_list (data, size, &list, &gifts, &reservations, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < gifts->len; i++)
    {
      EweGift *gift = g_ptr_array_index (gifts, i);
      EweGift *local = ewe_friends_lookup_gift (friends, fixture->list_id, ewe_gift_get_product_id (gift));

      g_assert_nonnull (local);
      if (g_strcmp0 (ewe_gift_get_details (local), details) == 0)
        {
          g_assert_cmpint (ewe_gift_get_reserved (gift), ==, reserved);
          g_assert_cmpint (ewe_gift_get_purchased (gift), ==, purchased);
          return;
        }
    }

  g_assert_not_reached ();
}

/* --- the window -------------------------------------------------------------- */

static gboolean
friends_loaded (gpointer data)
{
  EweFriends *friends = ewe_session_get_friends (ewe_window_get_session (EWE_WINDOW (data)));

  return friends != NULL && ewe_friends_get_loaded (friends);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  static guint     n_started = 0;
  g_autofree char *id = g_strdup_printf ("%s.FriendsTest%u", APPLICATION_ID, ++n_started);
  g_autoptr(GError) error = NULL;

  ewe_core_fixture_set_up (&fixture->core, data);
  fixture->dir = g_dir_make_tmp ("ewe-test-friends-XXXXXX", &error);
  g_assert_no_error (error);
  create_owner_list (fixture);

  fixture->app = ewe_application_new ();
  g_application_set_application_id (G_APPLICATION (fixture->app), id);
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);

  fixture->window = ewe_window_new (fixture->app);
  ewe_dialog_test_present (GTK_WINDOW (fixture->window), 1280, 800);
  ewe_dialog_test_iterate_until (friends_loaded, fixture->window);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  g_clear_object (&fixture->app);

  /* Each test starts with no friends' lists: the app's store goes too. */
  {
    g_autofree char *data_dir = ewe_paths_get_data_dir ();

    ewe_dialog_test_settle (100);
    ewe_dialog_test_remove_dir (data_dir);
  }
  ewe_dialog_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->list_id, g_free);
  g_clear_pointer (&fixture->link, g_free);
  g_clear_object (&fixture->owner);
  ewe_core_fixture_tear_down (&fixture->core, data);
}

static EweFriends *
friends_of (Fixture *fixture)
{
  return ewe_session_get_friends (ewe_window_get_session (fixture->window));
}

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  gpointer object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window; /* the toplevels keep it */
    }

  return NULL;
}

static gboolean
toplevel_shown (gpointer data)
{
  return find_toplevel (*(GType *)data) != NULL;
}

static gboolean
toplevel_gone (gpointer data)
{
  return find_toplevel (*(GType *)data) == NULL;
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  ewe_dialog_test_iterate_until (toplevel_shown, &type);
  ewe_dialog_test_settle (200);
  return find_toplevel (type);
}

static void
wait_until_gone (GType type)
{
  ewe_dialog_test_iterate_until (toplevel_gone, &type);
}

static void
screenshots (GtkWindow  *window,
             const char *name)
{
  g_autofree char *light = g_strconcat (name, "-light", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);
  g_autofree char *file = NULL;

  ewe_dialog_test_set_dark (FALSE);
  ewe_dialog_test_settle (300);
  file = ewe_dialog_test_screenshot (window, light);
  g_clear_pointer (&file, g_free);
  ewe_dialog_test_set_dark (TRUE);
  ewe_dialog_test_settle (300);
  file = ewe_dialog_test_screenshot (window, dark);
  ewe_dialog_test_set_dark (FALSE);
  ewe_dialog_test_settle (100);
}

/* --- the open link dialog ------------------------------------------------------ */

static gboolean
friend_page_shown (gpointer data)
{
  Fixture  *fixture = data;
  GtkStack *stack = child (fixture->window, EWE_TYPE_WINDOW, "content_stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "friend-list") == 0;
}

static gboolean
dialog_idle (gpointer data)
{
  GtkStack *stack = child (data, EWE_TYPE_OPEN_LINK_DIALOG, "open_stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "busy") != 0;
}

static const char *
dialog_error (EweOpenLinkDialog *dialog)
{
  GtkLabel *label = child (dialog, EWE_TYPE_OPEN_LINK_DIALOG, "error_label");

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

static gboolean
dialog_can_open (EweOpenLinkDialog *dialog)
{
  return gtk_widget_get_sensitive (child (dialog, EWE_TYPE_OPEN_LINK_DIALOG, "open_button"));
}

static void
type_link (EweOpenLinkDialog *dialog,
           const char        *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, EWE_TYPE_OPEN_LINK_DIALOG, "link_row")), text);
}

static void
test_malformed_links (Fixture      *fixture,
                      gconstpointer data)
{
  static const char *bad[] = {
    "lists.example.org/lists/abc",
    "ftp://lists.example.org/lists/abc",
    "https://lists.example.org/about/abc",
    "https://lists.example.org/lists/",
  };
  g_autofree char   *missing = g_strconcat (fixture->core.server->base_url, "/lists/no-such-list", NULL);
  EweOpenLinkDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "friends.open-link", NULL));
  dialog = EWE_OPEN_LINK_DIALOG (wait_for_toplevel (EWE_TYPE_OPEN_LINK_DIALOG));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  /* Keyboard: it opens in the link field (not on Cancel); Enter there opens. */
  g_assert_true (ewe_dialog_test_focus_is_in (GTK_WINDOW (dialog), child (dialog, EWE_TYPE_OPEN_LINK_DIALOG, "link_row")));

  /* Nothing typed: nothing wrong yet, nothing to open either. */
  g_assert_null (dialog_error (dialog));
  g_assert_false (dialog_can_open (dialog));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      type_link (dialog, bad[i]);
      g_test_message ("%s: %s", bad[i], dialog_error (dialog));
      g_assert_nonnull (dialog_error (dialog));
      g_assert_false (dialog_can_open (dialog));
      g_assert_true (gtk_widget_has_css_class (child (dialog, EWE_TYPE_OPEN_LINK_DIALOG, "link_row"), "error"));
    }
  type_link (dialog, "https://lists.example.org/about/abc");
  screenshots (GTK_WINDOW (dialog), "open-link-invalid");

  /* Well formed, but the server has no such list: said in the same place. */
  type_link (dialog, missing);
  g_assert_null (dialog_error (dialog));
  g_assert_true (dialog_can_open (dialog));
  ewe_open_link_dialog_open (dialog);
  ewe_dialog_test_iterate_until (dialog_idle, dialog);
  g_assert_nonnull (dialog_error (dialog));
  g_assert_nonnull (strstr (dialog_error (dialog), "no such list"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  screenshots (GTK_WINDOW (dialog), "open-link-not-found");
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_lists (friends_of (fixture))), ==, 0);

  gtk_window_close (GTK_WINDOW (dialog));
  wait_until_gone (EWE_TYPE_OPEN_LINK_DIALOG);

  /* A wrong link on the command line opens the dialog, pointing at it. */
  {
    g_autoptr(GFile) file = g_file_new_for_uri ("https://lists.example.org/about");

    g_application_open (G_APPLICATION (fixture->app), &file, 1, "");
    dialog = EWE_OPEN_LINK_DIALOG (wait_for_toplevel (EWE_TYPE_OPEN_LINK_DIALOG));
    g_assert_nonnull (dialog_error (dialog));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, EWE_TYPE_OPEN_LINK_DIALOG, "link_row"))),
                     ==, "https://lists.example.org/about");
    gtk_window_close (GTK_WINDOW (dialog));
    wait_until_gone (EWE_TYPE_OPEN_LINK_DIALOG);
  }

  /* A good one opens the list at once. */
  {
    g_autoptr(GFile) file = g_file_new_for_uri (fixture->link);

    g_application_open (G_APPLICATION (fixture->app), &file, 1, "");
    ewe_dialog_test_iterate_until (friend_page_shown, fixture);
    wait_until_gone (EWE_TYPE_OPEN_LINK_DIALOG);
    g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_lists (friends_of (fixture))), ==, 1);
  }
}

/* --- reserving and my reservations ---------------------------------------------- */

static void
collect_cards (GtkWidget *widget,
               GPtrArray *cards)
{
  if (EWE_IS_GIFT_CARD (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (cards, widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_cards (c, cards);
}

static gboolean
list_closed (gpointer data)
{
  return ewe_list_get_state (data) == EWE_LIST_STATE_CLOSED;
}

static gboolean
list_archived (gpointer data)
{
  return ewe_list_get_archived (data);
}

static gboolean
n_reservations_is (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (ewe_friends_get_reservations (args[0])) == GPOINTER_TO_UINT (args[1]);
}

static void
wait_for_n_reservations (EweFriends *friends,
                         guint       n)
{
  gpointer args[] = { friends, GUINT_TO_POINTER (n) };

  ewe_dialog_test_iterate_until (n_reservations_is, args);
}

static EweGift *
gift_by_details (EweFriends *friends,
                 EweList    *list,
                 const char *details)
{
  GListModel *gifts = ewe_friends_get_gifts (friends, list);

  for (guint i = 0; i < g_list_model_get_n_items (gifts); i++)
    {
      g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);

      if (g_strcmp0 (ewe_gift_get_details (gift), details) == 0)
        return gift;
    }

  g_assert_not_reached ();
}

static EweReservationRow *
reservation_row (GtkWidget      *page,
                 EweReservation *reservation)
{
  GtkListBox    *box = child (page, EWE_TYPE_RESERVATIONS_PAGE, "list_box");
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (box, i)) != NULL; i++)
    {
      if (ewe_reservation_row_get_reservation (EWE_RESERVATION_ROW (row)) == reservation)
        return EWE_RESERVATION_ROW (row);
    }

  g_assert_not_reached ();
}

static gboolean
quantity_is (gpointer data)
{
  gpointer *args = data;

  return ewe_reservation_get_quantity (args[0]) == GPOINTER_TO_INT (args[1]) &&
         gtk_widget_get_sensitive (GTK_WIDGET (args[2]));
}

static gboolean
purchased (gpointer data)
{
  return ewe_reservation_get_state (data) == EWE_RESERVATION_STATE_PURCHASED;
}

static gboolean
reserved_count_is (gpointer data)
{
  gpointer *args = data;

  return ewe_gift_get_reserved (args[0]) == GPOINTER_TO_INT (args[1]);
}

static void
test_reserve_and_manage (Fixture      *fixture,
                         gconstpointer data)
{
  EweFriends        *friends = friends_of (fixture);
  GtkStack          *content_stack = child (fixture->window, EWE_TYPE_WINDOW, "content_stack");
  EweFriendsSidebar *sidebar = child (fixture->window, EWE_TYPE_WINDOW, "friends_sidebar");
  g_autoptr(EweReservation) pram = NULL;
  g_autoptr(EweReservation) cot = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  EweOpenLinkDialog *dialog;
  EweReserveDialog  *reserve;
  EweReservationRow *row;
  GtkWidget         *page;
  EweList           *list;
  EweGift           *pram_gift;
  EweGift           *cot_gift;
  EweGiftCard       *pram_card = NULL;
  GtkWidget         *reserve_button;
  AdwMessageDialog  *question;

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sidebar)));
  screenshots (GTK_WINDOW (fixture->window), "friends-empty");
  /* No lists at all: the invitation to make one, large, then the friends'. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture->window, EWE_TYPE_WINDOW, "sidebar_stack")), ==,
                   "empty");
  g_assert_true (gtk_widget_get_prev_sibling (GTK_WIDGET (sidebar)) ==
                 child (fixture->window, EWE_TYPE_WINDOW, "sidebar_stack"));

  /* Ctrl+L's dialog: paste, Open; the list shows in the sidebar and the
   * content. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "friends.open-link", NULL));
  dialog = EWE_OPEN_LINK_DIALOG (wait_for_toplevel (EWE_TYPE_OPEN_LINK_DIALOG));
  type_link (dialog, fixture->link);
  g_assert_null (dialog_error (dialog));
  screenshots (GTK_WINDOW (dialog), "open-link");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "link.open", NULL));
  wait_until_gone (EWE_TYPE_OPEN_LINK_DIALOG);
  ewe_dialog_test_iterate_until (friend_page_shown, fixture);

  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_lists (friends)), ==, 1);
  list = g_list_model_get_item (ewe_friends_get_lists (friends), 0);
  g_object_unref (list); /* the model keeps it */
  g_assert_cmpstr (ewe_list_get_title (list), ==, "Baby shower");
  /* A friend with no lists of their own sees the friends' lists first,
   * and only a small New List under them. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture->window, EWE_TYPE_WINDOW, "sidebar_stack")), ==,
                   "empty-small");
  g_assert_true (gtk_widget_get_prev_sibling (GTK_WIDGET (sidebar)) ==
                 child (fixture->window, EWE_TYPE_WINDOW, "sync_banner"));
  g_assert_true (gtk_widget_get_vexpand (GTK_WIDGET (sidebar)));
  page = gtk_stack_get_visible_child (content_stack);
  g_assert_true (EWE_IS_FRIEND_LIST_PAGE (page));
  g_assert_true (ewe_friend_list_page_get_list (EWE_FRIEND_LIST_PAGE (page)) == list);
  /* Whose list it is (the name the owner signed up with) and when. */
  g_assert_cmpstr (gtk_label_get_text (child (page, EWE_TYPE_FRIEND_LIST_PAGE, "subtitle_label")), ==,
                   "owner’s list · Baby Shower · 14 March 2027");
  pram_gift = gift_by_details (friends, list, "Pram");
  cot_gift = gift_by_details (friends, list, "Cot");
  screenshots (GTK_WINDOW (fixture->window), "friend-list");

  /* A friend's gifts show their counts, and no owner's menu. */
  {
    g_autoptr(GPtrArray) cards = g_ptr_array_new ();

    collect_cards (page, cards);
    g_assert_cmpuint (cards->len, ==, 3);
    for (guint i = 0; i < cards->len; i++)
      {
        EweGiftCard *card = g_ptr_array_index (cards, i);

        /* Every card the same size, Reserve and all: no ragged grid. */
        g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (card)), ==,
                         gtk_widget_get_height (g_ptr_array_index (cards, 0)));
        g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (card)), ==,
                         gtk_widget_get_width (g_ptr_array_index (cards, 0)));
        if (ewe_gift_card_get_gift (card) == pram_gift)
          pram_card = card;

        /* Each still wanted: Reserve, in the card. */
        g_assert_true (ewe_gift_card_get_can_reserve (card));
        g_assert_true (gtk_widget_get_mapped (child (card, EWE_TYPE_GIFT_CARD, "reserve_button")));
        g_assert_true (gtk_widget_is_ancestor (child (card, EWE_TYPE_GIFT_CARD, "reserve_button"), GTK_WIDGET (card)));
        g_assert_false (ewe_gift_card_get_editable (card));
        g_assert_false (gtk_widget_get_visible (child (card, EWE_TYPE_GIFT_CARD, "menu_button")));
        g_assert_false (ewe_gift_card_get_surprise_mode (card));
      }
  }

  /* Reserve one pram from its card, signed out: name and address are
   * asked for. The button says which gift to screen readers. */
  g_assert_nonnull (pram_card);
  reserve_button = child (pram_card, EWE_TYPE_GIFT_CARD, "reserve_button");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (reserve_button), GTK_ACCESSIBLE_PROPERTY_LABEL, "Reserve Pram");
  g_assert_true (gtk_widget_activate (reserve_button));
  reserve = EWE_RESERVE_DIALOG (wait_for_toplevel (EWE_TYPE_RESERVE_DIALOG));
  g_assert_true (ewe_reserve_dialog_get_gift (reserve) == pram_gift);
  g_assert_true (gtk_widget_get_visible (child (reserve, EWE_TYPE_RESERVE_DIALOG, "notes_label")));
  g_assert_cmpstr (gtk_label_get_text (child (reserve, EWE_TYPE_RESERVE_DIALOG, "notes_label")), ==,
                   "Note: Navy, please");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (reserve, EWE_TYPE_RESERVE_DIALOG, "name_row"))), ==, "");
  /* Keyboard: it opens in the first empty field, and Enter reserves. */
  g_assert_true (ewe_dialog_test_focus_is_in (GTK_WINDOW (reserve), child (reserve, EWE_TYPE_RESERVE_DIALOG, "name_row")));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (reserve)) ==
                 ewe_dialog_test_find_button (GTK_WIDGET (reserve), "_Reserve"));
  g_assert_true (adw_entry_row_get_activates_default (child (reserve, EWE_TYPE_RESERVE_DIALOG, "email_row")));
  g_assert_false (gtk_widget_get_visible (child (reserve, EWE_TYPE_RESERVE_DIALOG, "error_label")));
  gtk_editable_set_text (GTK_EDITABLE (child (reserve, EWE_TYPE_RESERVE_DIALOG, "email_row")), "gus@example");
  g_assert_true (gtk_widget_get_visible (child (reserve, EWE_TYPE_RESERVE_DIALOG, "error_label")));
  gtk_editable_set_text (GTK_EDITABLE (child (reserve, EWE_TYPE_RESERVE_DIALOG, "email_row")), "gus@example.org");
  gtk_editable_set_text (GTK_EDITABLE (child (reserve, EWE_TYPE_RESERVE_DIALOG, "name_row")), "Gus Guest");
  g_assert_false (gtk_widget_get_visible (child (reserve, EWE_TYPE_RESERVE_DIALOG, "error_label")));
  g_assert_cmpfloat (gtk_adjustment_get_upper (child (reserve, EWE_TYPE_RESERVE_DIALOG, "quantity_adjustment")), ==, 2);
  screenshots (GTK_WINDOW (reserve), "reserve-dialog");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reserve), "gift.reserve", NULL));
  wait_until_gone (EWE_TYPE_RESERVE_DIALOG);
  wait_for_n_reservations (friends, 1);
  pram = g_list_model_get_item (ewe_friends_get_reservations (friends), 0);
  g_assert_cmpint (ewe_reservation_get_quantity (pram), ==, 1);
  g_assert_cmpstr (ewe_reservation_get_name (pram), ==, "Gus Guest");
  {
    gpointer args[] = { pram_gift, GINT_TO_POINTER (1) };
    ewe_dialog_test_iterate_until (reserved_count_is, args);
  }
  assert_server_counts (fixture, friends, "Pram", 1, 0);

  /* And the cot, through the same core call the dialog makes. */
  ewe_friends_reserve_async (friends, cot_gift, "Gus Guest", "gus@example.org", 1, NULL, ewe_test_waiter_cb, &waiter);
  cot = ewe_friends_reserve_finish (friends, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  assert_server_counts (fixture, friends, "Cot", 1, 0);

  /* My Reservations: both, each with its controls. */
  ewe_friends_sidebar_select_reservations (sidebar);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "reservations");
  page = gtk_stack_get_visible_child (content_stack);
  g_assert_true (EWE_IS_RESERVATIONS_PAGE (page));
  row = reservation_row (page, pram);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Pram");
  screenshots (GTK_WINDOW (fixture->window), "my-reservations");

  /* Two prams: typed into the row's quantity, sent once settled. */
  {
    GtkSpinButton *spin = child (row, EWE_TYPE_RESERVATION_ROW, "quantity_spin");
    gpointer       args[] = { pram, GINT_TO_POINTER (2), spin };

    gtk_spin_button_set_value (spin, 2);
    ewe_dialog_test_iterate_until (quantity_is, args);
  }
  assert_server_counts (fixture, friends, "Pram", 2, 0);

  /* Bought is final, so it asks first; "Not Yet" changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "reservation.buy", NULL));
  question = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Mark as Bought?");
  g_assert_cmpstr (adw_message_dialog_get_close_response (question), ==, "not-yet");
  screenshots (GTK_WINDOW (question), "mark-bought");
  adw_message_dialog_response (question, "not-yet");
  gtk_window_close (GTK_WINDOW (question));
  wait_until_gone (ADW_TYPE_MESSAGE_DIALOG);
  ewe_dialog_test_settle (200);
  g_assert_false (purchased (pram));
  assert_server_counts (fixture, friends, "Pram", 2, 0);
  g_assert_true (gtk_widget_get_visible (child (row, EWE_TYPE_RESERVATION_ROW, "buy_button")));

  /* Mark Bought: final, and the row says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "reservation.buy", NULL));
  question = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (question, "buy");
  gtk_window_close (GTK_WINDOW (question));
  wait_until_gone (ADW_TYPE_MESSAGE_DIALOG);
  ewe_dialog_test_iterate_until (purchased, pram);
  assert_server_counts (fixture, friends, "Pram", 0, 2);
  g_assert_true (gtk_widget_get_visible (child (row, EWE_TYPE_RESERVATION_ROW, "bought_label")));
  g_assert_false (gtk_widget_get_visible (child (row, EWE_TYPE_RESERVATION_ROW, "buy_button")));

  /* Cancel asks first; "Keep It" keeps it. */
  row = reservation_row (page, cot);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "reservation.cancel", NULL));
  question = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  screenshots (GTK_WINDOW (question), "cancel-reservation");
  adw_message_dialog_response (question, "keep");
  gtk_window_close (GTK_WINDOW (question));
  wait_until_gone (ADW_TYPE_MESSAGE_DIALOG);
  ewe_dialog_test_settle (200);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 2);
  assert_server_counts (fixture, friends, "Cot", 1, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "reservation.cancel", NULL));
  question = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (question, "cancel-reservation");
  gtk_window_close (GTK_WINDOW (question));
  wait_for_n_reservations (friends, 1);
  assert_server_counts (fixture, friends, "Cot", 0, 0);
  ewe_dialog_test_settle (300);
  screenshots (GTK_WINDOW (fixture->window), "my-reservations-after");

  /* The cot again, then bought from the mailed link, behind the app's
   * back: showing My Reservations again asks the server. */
  g_clear_object (&cot);
  {
    g_auto(EweTestWaiter) again = { 0 };
    g_auto(EweTestWaiter) bought = { 0 };
    g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (NULL, fixture->core.server->base_url);
    g_autoptr(GBytes) answer = NULL;

    ewe_friends_reserve_async (friends, cot_gift, "Gus Guest", "gus@example.org", 1, NULL,
                               ewe_test_waiter_cb, &again);
    cot = ewe_friends_reserve_finish (friends, ewe_test_waiter_wait (&again), &error);
    g_assert_no_error (error);
    ewe_api_client_call_async (client, EWE_API_PURCHASE,
                               (const char *[]) { ewe_reservation_get_id (cot), "gus@example.org", NULL },
                               NULL, NULL, NULL, ewe_test_waiter_cb, &bought);
    answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&bought), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (ewe_reservation_get_state (cot), ==, EWE_RESERVATION_STATE_RESERVED);
  ewe_friends_sidebar_select_list (sidebar, list);
  ewe_dialog_test_iterate_until (friend_page_shown, fixture);
  ewe_friends_sidebar_select_reservations (sidebar);
  ewe_dialog_test_iterate_until (purchased, cot);
  row = reservation_row (gtk_stack_get_visible_child (content_stack), cot);
  g_assert_true (gtk_widget_get_visible (child (row, EWE_TYPE_RESERVATION_ROW, "bought_label")));

  /* The owner closes the list: shown again, it takes no reservations. */
  {
    g_autoptr(EweApiClient) owner = ewe_api_client_new_for_server (fixture->owner, fixture->core.server->base_url);
    g_auto(EweTestWaiter) closed = { 0 };
    g_autoptr(GBytes) answer = NULL;
    g_autoptr(GPtrArray) cards = g_ptr_array_new ();

    ewe_api_client_call_async (owner, EWE_API_CLOSE_LIST, (const char *[]) { fixture->list_id, NULL },
                               NULL, NULL, NULL, ewe_test_waiter_cb, &closed);
    answer = ewe_api_client_call_finish (owner, ewe_test_waiter_wait (&closed), &error);
    g_assert_no_error (error);

    ewe_friends_sidebar_select_list (sidebar, list);
    ewe_dialog_test_iterate_until (list_closed, list);
    page = gtk_stack_get_visible_child (content_stack);
    g_assert_true (gtk_widget_get_visible (child (page, EWE_TYPE_FRIEND_LIST_PAGE, "closed_label")));
    ewe_dialog_test_settle (200);
    collect_cards (page, cards);
    g_assert_cmpuint (cards->len, ==, 3);
    for (guint i = 0; i < cards->len; i++)
      {
        EweGiftCard *card = g_ptr_array_index (cards, i);
        EweGift     *gift = ewe_gift_card_get_gift (card);
        GtkWidget   *taken = child (card, EWE_TYPE_GIFT_CARD, "taken_label");

        /* No Reserve, not even for the blanket nobody took. */
        g_assert_false (ewe_gift_card_get_can_reserve (card));
        g_assert_false (gtk_widget_get_mapped (child (card, EWE_TYPE_GIFT_CARD, "reserve_button")));
        if (g_strcmp0 (ewe_gift_get_details (gift), "Blanket") == 0)
          g_assert_cmpint (ewe_gift_get_reserved (gift), ==, 0);
        /* What is all bought says so, not "reserved". */
        else if (ewe_gift_get_purchased (gift) >= ewe_gift_get_quantity (gift))
          g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (taken)), ==, "All bought");
      }
    screenshots (GTK_WINDOW (fixture->window), "friend-list-closed");
    ewe_friends_sidebar_select_reservations (sidebar);
  }

  /* The owner archives it after the event: their thank-you note takes
   * the place of the invitation. */
  {
    g_autoptr(EweApiClient) owner = ewe_api_client_new_for_server (fixture->owner, fixture->core.server->base_url);
    g_autoptr(JsonNode) body = json_from_string ("{\"note\": \"Thank you all, the cot is perfect!\"}", NULL);
    g_auto(EweTestWaiter) archived = { 0 };
    g_autoptr(GBytes) answer = NULL;

    ewe_api_client_call_async (owner, EWE_API_ARCHIVE_LIST, (const char *[]) { fixture->list_id, NULL },
                               body, NULL, NULL, ewe_test_waiter_cb, &archived);
    answer = ewe_api_client_call_finish (owner, ewe_test_waiter_wait (&archived), &error);
    g_assert_no_error (error);

    ewe_friends_sidebar_select_list (sidebar, list);
    ewe_dialog_test_iterate_until (list_archived, list);
    page = gtk_stack_get_visible_child (content_stack);
    g_assert_cmpstr (gtk_label_get_text (child (page, EWE_TYPE_FRIEND_LIST_PAGE, "closed_label")), ==,
                     "This list is closed");
    g_assert_true (gtk_widget_get_visible (child (page, EWE_TYPE_FRIEND_LIST_PAGE, "archive_note_label")));
    g_assert_cmpstr (gtk_label_get_text (child (page, EWE_TYPE_FRIEND_LIST_PAGE, "archive_note_label")), ==,
                     "Thank you all, the cot is perfect!");
    screenshots (GTK_WINDOW (fixture->window), "friend-list-archived");
    gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
    ewe_dialog_test_settle (500);
    screenshots (GTK_WINDOW (fixture->window), "friend-list-archived-360");
    gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
    ewe_dialog_test_settle (500);
    ewe_friends_sidebar_select_reservations (sidebar);
  }

  /* On a phone: the content is a page of its own, and fits. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  ewe_dialog_test_settle (500);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 360);
  screenshots (GTK_WINDOW (fixture->window), "my-reservations-360");
  ewe_friends_sidebar_select_list (sidebar, list);
  ewe_dialog_test_iterate_until (friend_page_shown, fixture);
  screenshots (GTK_WINDOW (fixture->window), "friend-list-360");
}

static gboolean
has_undo (gpointer overlay)
{
  return ewe_dialog_test_find_button (overlay, "_Undo") != NULL;
}

static gboolean
product_page_shown (gpointer data)
{
  GtkStack *content_stack = child (data, EWE_TYPE_WINDOW, "content_stack");

  return EWE_IS_PRODUCT_PAGE (gtk_stack_get_visible_child (content_stack));
}

static gboolean
has_gifts (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

/* A friend's gift opens its shop's page in the window, with Reserve and
 * Add to My List beside it; Back returns to the friend's list. */
static void
test_friend_gift_page (Fixture      *fixture,
                       gconstpointer data)
{
  EweFriends *friends = friends_of (fixture);
  GtkStack   *content_stack = child (fixture->window, EWE_TYPE_WINDOW, "content_stack");
  EweStore   *store = ewe_session_get_store (ewe_window_get_session (fixture->window));
  g_autoptr(EweList) values = ewe_list_new ();
  g_autoptr(EweList) mine = NULL;
  g_autoptr(GListModel) my_gifts = NULL;
  g_autoptr(EweGift) added = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(EweTestWaiter) waiter = { 0 };
  EweOpenLinkDialog *dialog;
  AdwMessageDialog  *question;
  EweReserveDialog  *reserve;
  GtkWidget         *friend_page;
  GtkWidget         *page;
  EweList           *list;
  EweGift           *pram;
  guint              position = G_MAXUINT;

  /* A list of the user's own, to add to. */
  ewe_list_set_title (values, "My birthday");
  ewe_store_create_list_async (store, values, NULL, ewe_test_waiter_cb, &waiter);
  mine = ewe_store_create_list_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);
  ewe_store_load_gifts_async (store, mine, NULL, ewe_test_waiter_cb, &waiter);
  my_gifts = ewe_store_load_gifts_finish (store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  ewe_test_waiter_clear (&waiter);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "friends.open-link", NULL));
  dialog = EWE_OPEN_LINK_DIALOG (wait_for_toplevel (EWE_TYPE_OPEN_LINK_DIALOG));
  type_link (dialog, fixture->link);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "link.open", NULL));
  wait_until_gone (EWE_TYPE_OPEN_LINK_DIALOG);
  ewe_dialog_test_iterate_until (friend_page_shown, fixture);
  friend_page = gtk_stack_get_visible_child (content_stack);
  list = g_list_model_get_item (ewe_friends_get_lists (friends), 0);
  g_object_unref (list); /* the model keeps it */
  pram = gift_by_details (friends, list, "Pram");

  /* Activate the pram's card, as a click would. */
  {
    GtkGridView *grid = child (friend_page, EWE_TYPE_FRIEND_LIST_PAGE, "grid_view");
    GListModel  *shown = G_LIST_MODEL (gtk_grid_view_get_model (grid));

    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(EweGift) gift = g_list_model_get_item (shown, i);

        if (gift == pram)
          position = i;
      }
    g_assert_cmpuint (position, !=, G_MAXUINT);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "list.activate-item", "u", position));
  }
  ewe_dialog_test_iterate_until (product_page_shown, fixture->window);
  page = gtk_stack_get_visible_child (content_stack);
  g_assert_true (ewe_product_page_get_gift (EWE_PRODUCT_PAGE (page)) == pram);
  g_assert_true (ewe_product_page_get_guest_actions (EWE_PRODUCT_PAGE (page)));
  g_assert_cmpstr (adw_window_title_get_title (child (fixture->window, EWE_TYPE_WINDOW, "content_title")), ==, "Pram");

  /* Reserve asks who, as on the list. */
  g_assert_true (gtk_widget_activate_action (page, "product-page.reserve", NULL));
  reserve = EWE_RESERVE_DIALOG (wait_for_toplevel (EWE_TYPE_RESERVE_DIALOG));
  g_assert_true (ewe_reserve_dialog_get_gift (reserve) == pram);
  gtk_window_close (GTK_WINDOW (reserve));
  wait_until_gone (EWE_TYPE_RESERVE_DIALOG);

  /* Add to My List asks which list, and puts the pram on it. */
  g_assert_true (gtk_widget_activate_action (page, "product-page.add-to-list", NULL));
  question = ADW_MESSAGE_DIALOG (wait_for_toplevel (EWE_TYPE_ADD_TO_LIST_DIALOG));
  g_assert_true (ewe_add_to_list_dialog_get_gift (EWE_ADD_TO_LIST_DIALOG (question)) == pram);
  screenshots (GTK_WINDOW (question), "add-to-my-list");
  adw_message_dialog_response (question, "add");
  gtk_window_close (GTK_WINDOW (question));
  ewe_dialog_test_iterate_until (has_gifts, my_gifts);
  added = g_list_model_get_item (my_gifts, 0);
  g_assert_cmpstr (ewe_gift_get_product_id (added), ==, ewe_gift_get_product_id (pram));
  g_assert_cmpstr (ewe_gift_get_details (added), ==, "Pram");
  g_assert_cmpint (ewe_gift_get_quantity (added), ==, 1);
  g_assert_cmpint (ewe_gift_get_reserved (added), ==, 0);

  /* Back: the friend's list again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "content.back", NULL));
  g_assert_true (gtk_stack_get_visible_child (content_stack) == friend_page);
  g_assert_cmpstr (adw_window_title_get_title (child (fixture->window, EWE_TYPE_WINDOW, "content_title")), ==,
                   "Baby shower");

  /* Removed from the sidebar: gone, with Undo in a toast, which opens
   * its link again. */
  g_assert_true (gtk_widget_activate_action (friend_page, "friend-list.forget", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_lists (friends)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "none");
  {
    GtkWidget *overlay = GTK_WIDGET (child (fixture->window, EWE_TYPE_WINDOW, "toast_overlay"));

    /* Its toast waits its turn, after "Added “Pram”…". */
    ewe_dialog_test_iterate_until (has_undo, overlay);
    g_assert_true (gtk_widget_activate (ewe_dialog_test_find_button (overlay, "_Undo")));
  }
  wait_until_gone (EWE_TYPE_OPEN_LINK_DIALOG);
  ewe_dialog_test_iterate_until (friend_page_shown, fixture);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_lists (friends)), ==, 1);
}

/* --- a reservation's link on a new device ----------------------------------- */

/* Reserves @details from another device (a store of its own, signed out),
 * as a guest with @email, and returns the link mailed to @email. */
static char *
reserve_elsewhere (Fixture    *fixture,
                   const char *details,
                   const char *email)
{
  g_autofree char *path = g_build_filename (fixture->dir, "elsewhere.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EweStore) store = ewe_store_open_sync (path, &error);
  g_autoptr(EweFriends) friends = NULL;
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweReservation) reservation = NULL;
  g_autoptr(EweTestMail) mail = NULL;
  g_autofree char *text = NULL;
  g_autofree char *prefix = NULL;
  g_auto(EweTestWaiter) loaded = { 0 };
  g_auto(EweTestWaiter) opened = { 0 };
  g_auto(EweTestWaiter) reserved = { 0 };
  const char *start;

  g_assert_no_error (error);
  friends = ewe_friends_new (store);
  ewe_friends_load_async (friends, NULL, ewe_test_waiter_cb, &loaded);
  g_assert_true (ewe_friends_load_finish (friends, ewe_test_waiter_wait (&loaded), &error));
  ewe_friends_open_link_async (friends, fixture->link, NULL, ewe_test_waiter_cb, &opened);
  list = ewe_friends_open_link_finish (friends, ewe_test_waiter_wait (&opened), &error);
  g_assert_no_error (error);
  ewe_friends_reserve_async (friends, gift_by_details (friends, list, details), "Gus", email, 1, NULL,
                             ewe_test_waiter_cb, &reserved);
  reservation = ewe_friends_reserve_finish (friends, ewe_test_waiter_wait (&reserved), &error);
  g_assert_no_error (error);

  mail = ewe_test_smtp_wait_for_mail_to (fixture->core.smtp, 0, email, 10000);
  g_assert_nonnull (mail);
  text = ewe_test_mail_dup_part (mail, "text/plain");
  prefix = g_strconcat (fixture->core.server->base_url, "/reserve/", ewe_reservation_get_id (reservation),
                        "?confirm=", NULL);
  start = strstr (text, prefix);
  g_assert_nonnull (start);

  return g_strndup (start, strcspn (start, " \r\n"));
}

static gboolean
server_confirmed (Fixture    *fixture,
                  const char *reservation_id,
                  const char *email)
{
  g_autoptr(EweApiClient) client = ewe_api_client_new_for_server (NULL, fixture->core.server->base_url);
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  ewe_api_client_call_async (client, EWE_API_GET_RESERVATION, (const char *[]) { reservation_id, email, NULL },
                             NULL, NULL, NULL, ewe_test_waiter_cb, &waiter);
  answer = ewe_api_client_call_finish (client, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
  node = ewe_codec_parse (g_bytes_get_data (answer, NULL), (gssize)g_bytes_get_size (answer), &error);
  g_assert_no_error (error);

  return json_object_get_boolean_member (json_node_get_object (node), "confirmed");
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The link in a reservation's mail, opened signed out on a device that did
 * not make the reservation: the dialog asks for the address, focused, and
 * Enter opens the reservation with it — confirming it, as the link says
 * to. A wrong address is said at the entry. */
static void
test_reservation_link_asks_email (Fixture      *fixture,
                                  gconstpointer data)
{
  g_autofree char   *link = reserve_elsewhere (fixture, "Cot", "gus@example.org");
  g_autofree char   *reservation_id = NULL;
  EweFriends        *friends = friends_of (fixture);
  EweOpenLinkDialog *dialog;
  GtkWidget         *email_row;
  const char        *start;

  start = strstr (link, "/reserve/") + strlen ("/reserve/");
  reservation_id = g_strndup (start, strcspn (start, "?"));
  g_assert_false (server_confirmed (fixture, reservation_id, "gus@example.org"));

  /* As a link handed to the app by the desktop. */
  {
    g_autoptr(GFile) file = g_file_new_for_uri (link);

    g_application_open (G_APPLICATION (fixture->app), &file, 1, "");
  }
  dialog = EWE_OPEN_LINK_DIALOG (wait_for_toplevel (EWE_TYPE_OPEN_LINK_DIALOG));
  ewe_dialog_test_iterate_until (dialog_idle, dialog);
  email_row = child (dialog, EWE_TYPE_OPEN_LINK_DIALOG, "email_row");
  ewe_dialog_test_iterate_until (widget_visible, email_row);
  g_assert_true (gtk_widget_get_visible (child (dialog, EWE_TYPE_OPEN_LINK_DIALOG, "email_hint")));
  g_assert_null (dialog_error (dialog));
  g_assert_true (has_focus_within (email_row));
  /* Nothing to open with until there is an address. */
  g_assert_false (dialog_can_open (dialog));
  gtk_editable_set_text (GTK_EDITABLE (email_row), "gus");
  g_assert_false (dialog_can_open (dialog));
  screenshots (GTK_WINDOW (dialog), "open-link-email");

  /* Enter with the wrong address: said at the entry, nothing opened. */
  gtk_editable_set_text (GTK_EDITABLE (email_row), "mallory@example.org");
  g_assert_true (dialog_can_open (dialog));
  g_signal_emit_by_name (email_row, "entry-activated");
  ewe_dialog_test_iterate_until (dialog_idle, dialog);
  g_assert_nonnull (dialog_error (dialog));
  g_assert_nonnull (strstr (dialog_error (dialog), "address"));
  g_assert_true (gtk_widget_has_css_class (email_row, "error"));
  g_assert_true (has_focus_within (email_row));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 0);
  g_assert_false (server_confirmed (fixture, reservation_id, "gus@example.org"));
  screenshots (GTK_WINDOW (dialog), "open-link-email-wrong");

  /* The right one: the list opens, the reservation is here, and confirmed. */
  gtk_editable_set_text (GTK_EDITABLE (email_row), "gus@example.org");
  g_assert_null (dialog_error (dialog));
  g_signal_emit_by_name (email_row, "entry-activated");
  wait_until_gone (EWE_TYPE_OPEN_LINK_DIALOG);
  ewe_dialog_test_iterate_until (friend_page_shown, fixture);
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_reservations (friends)), ==, 1);
  {
    g_autoptr(EweReservation) reservation = g_list_model_get_item (ewe_friends_get_reservations (friends), 0);

    g_assert_cmpstr (ewe_reservation_get_id (reservation), ==, reservation_id);
    g_assert_cmpstr (ewe_reservation_get_email (reservation), ==, "gus@example.org");
  }
  g_assert_true (server_confirmed (fixture, reservation_id, "gus@example.org"));
}

/* --- forgetting a list the disk will not let go ---------------------------- */

static GtkWidget *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label_containing (c, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_not_removed_toast (gpointer overlay)
{
  return find_label_containing (overlay, "could not be removed from this computer") != NULL;
}

/* The store refuses to delete the friend's list, as a full or read-only
 * disk would: the list leaves the sidebar all the same, and a toast in
 * the window says it will be back, and why, instead of a warning on the
 * terminal. */
static void
test_forget_fails (Fixture      *fixture,
                   gconstpointer data)
{
  EweFriends        *friends = friends_of (fixture);
  EweStore          *store = ewe_session_get_store (ewe_window_get_session (fixture->window));
  GtkStack          *content_stack = child (fixture->window, EWE_TYPE_WINDOW, "content_stack");
  GtkWidget         *overlay = child (fixture->window, EWE_TYPE_WINDOW, "toast_overlay");
  EweOpenLinkDialog *dialog;
  GtkWidget         *friend_page;
  GtkWidget         *label;
  sqlite3           *db = NULL;
  char              *message = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "friends.open-link", NULL));
  dialog = EWE_OPEN_LINK_DIALOG (wait_for_toplevel (EWE_TYPE_OPEN_LINK_DIALOG));
  type_link (dialog, fixture->link);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "link.open", NULL));
  wait_until_gone (EWE_TYPE_OPEN_LINK_DIALOG);
  ewe_dialog_test_iterate_until (friend_page_shown, fixture);
  friend_page = gtk_stack_get_visible_child (content_stack);

  g_assert_cmpint (sqlite3_open (ewe_store_get_path (store), &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, "CREATE TRIGGER refuse_forgetting BEFORE DELETE ON friend_lists "
                        "BEGIN SELECT RAISE (ABORT, 'database or disk is full'); END",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);

  g_assert_true (gtk_widget_activate_action (friend_page, "friend-list.forget", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (ewe_friends_get_lists (friends)), ==, 0);

  /* After the toast with Undo, which goes by itself. */
  ewe_dialog_test_iterate_until (has_not_removed_toast, overlay);
  label = find_label_containing (overlay, "could not be removed from this computer");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "“Baby shower”"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "full"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("ewe-test-friends-data-XXXXXX", &error);

  g_assert_no_error (error);
  /* Before anything reads it: the store lives under it. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  /* The application registers the resources itself. */
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The page's code is linked in: the window takes this type rather than
   * loading the module (test-product-page-module loads it). */
  g_type_ensure (EWE_TYPE_PRODUCT_PAGE);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/app/friends/malformed-links", test_malformed_links);
  ADD ("/app/friends/reserve-and-manage", test_reserve_and_manage);
  ADD ("/app/friends/friend-gift-page", test_friend_gift_page);
  ADD ("/app/friends/reservation-link-asks-email", test_reservation_link_asks_email);
  ADD ("/app/friends/forget-fails", test_forget_fails);
#undef ADD

  return g_test_run ();
}
