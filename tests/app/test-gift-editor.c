/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ewe-dialog-test.h"
#include "ewe-gift-editor.h"
#include "ewe-test-async.h"

/* The gift editor against real HTTP: a SoupServer in the test serves the
 * shop pages of tests/core/pages and plays a catalogue's search. */

#define CATALOGUE_ID "7a0c53d4-1b2e-4f6a-8c9d-0e1f2a3b4c5d"

typedef struct
{
  SoupServer *server;
  char       *base;
  char       *dir;
  EweStore   *store;
  EweList    *list;
} Fixture;

static void
serve_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  gsize            length = 0;

  if (g_str_has_prefix (path, "/api/products/url/"))
    {
      const char *answer = "{\"product\": {}}";

      if (strstr (path, "rattle") != NULL)
        answer = "{\"product\": {\"productId\": \"" CATALOGUE_ID "\", \"brand\": \"Little Oak\","
                 " \"details\": \"Wooden Rattle\", \"productUrl\": \"https://toys.example/rattle\","
                 " \"imageUrl\": \"https://toys.example/rattle.png\", \"price\": \"12.00\","
                 " \"retailer\": \"Toy Shop\"}}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
      return;
    }

  if (!g_str_has_prefix (path, "/pages/") || strstr (path, "..") != NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  file = g_build_filename (EWE_TEST_PAGES_DIR, path + strlen ("/pages/"), NULL);
  if (!g_file_get_contents (file, &contents, &length, NULL))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_TAKE, g_steal_pointer (&contents), length);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EweList) values = ewe_list_new ();
  g_auto(EweTestWaiter) waiter = { 0 };
  GSList *uris;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, serve_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  fixture->store = ewe_dialog_test_open_store (&fixture->dir);
  ewe_list_set_title (values, "Baby Shower");
  ewe_store_create_list_async (fixture->store, values, NULL, ewe_test_waiter_cb, &waiter);
  fixture->list = ewe_store_create_list_finish (fixture->store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_object (&fixture->list);
  g_clear_object (&fixture->store);
  ewe_dialog_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->base);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
}

static gpointer
child (gpointer    editor,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (editor), EWE_TYPE_GIFT_EDITOR, name);
}

/* The row the quantity's spin button is in (greyed out when unlimited). */
static GtkWidget *
quantity_row (gpointer editor)
{
  return gtk_widget_get_ancestor (child (editor, "quantity_button"), ADW_TYPE_ACTION_ROW);
}

static const char *
row_text (gpointer    editor,
          const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (editor, name)));
}

static gboolean
on_form (gpointer editor)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (child (editor, "stack")), "form") == 0;
}

static gboolean
look_up_failed (gpointer editor)
{
  return gtk_widget_get_visible (child (editor, "look_up_error"));
}

typedef struct
{
  EweGift *saved;
} SavedState;

static void
saved_cb (EweGiftEditor *editor,
          EweGift       *gift,
          SavedState    *state)
{
  g_set_object (&state->saved, gift);
}

static gboolean
was_saved (gpointer data)
{
  return ((SavedState *)data)->saved != NULL;
}

static GListModel *
load_gifts (Fixture *fixture)
{
  g_auto(EweTestWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  GListModel *gifts;

  ewe_store_load_gifts_async (fixture->store, fixture->list, NULL, ewe_test_waiter_cb, &waiter);
  gifts = ewe_store_load_gifts_finish (fixture->store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  return gifts;
}

static void
test_gift_editor_adds_from_page (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autofree char *url = g_strconcat (fixture->base, "/pages/opengraph.html", NULL);
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(EweGift) gift = NULL;
  EweGiftEditor *editor = ewe_gift_editor_new (fixture->store, fixture->list, NULL);
  guint          outbox = ewe_store_get_outbox_length (fixture->store);
  SavedState     state = { 0 };

  /* The window holds the list's gifts model; the new gift appears in it. */
  gifts = load_gifts (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 0);

  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &state);
  ewe_dialog_test_present (GTK_WINDOW (editor), 480, 720);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Add Gift");

  /* Keyboard: it opens in the address; Enter looks up on the first page,
   * adds on the form. */
  g_assert_true (ewe_dialog_test_focus_is_in (GTK_WINDOW (editor), child (editor, "url_row")));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (editor)) == child (editor, "look_up_button"));

  /* As a user would: paste, then Look Up. */
  gtk_editable_set_text (GTK_EDITABLE (child (editor, "url_row")), url);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.look-up", NULL));
  ewe_dialog_test_iterate_until (on_form, editor);

  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (editor)) == child (editor, "save_button"));
  g_assert_cmpstr (row_text (editor, "details_row"), ==, "Linen Baby Blanket");
  g_assert_cmpstr (row_text (editor, "brand_row"), ==, "Soft Things");
  g_assert_cmpstr (row_text (editor, "retailer_row"), ==, "Nursery & Co");
  /* The page names no currency: the user's (pounds in the C locale). */
  g_assert_cmpstr (row_text (editor, "price_row"), ==, "£24.90");
  g_assert_cmpstr (row_text (editor, "product_url_row"), !=, "");
  g_assert_true (g_str_has_prefix (row_text (editor, "image_url_row"), fixture->base));

  gtk_spin_button_set_value (child (editor, "quantity_button"), 2);
  gtk_editable_set_text (GTK_EDITABLE (child (editor, "notes_row")), "White, please");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  ewe_dialog_test_iterate_until (was_saved, &state);

  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 1);
  gift = g_list_model_get_item (gifts, 0);
  g_assert_true (gift == state.saved);
  g_assert_cmpstr (ewe_gift_get_details (gift), ==, "Linen Baby Blanket");
  g_assert_cmpstr (ewe_gift_get_brand (gift), ==, "Soft Things");
  g_assert_cmpint (ewe_gift_get_quantity (gift), ==, 2);
  g_assert_cmpstr (ewe_gift_get_notes (gift), ==, "White, please");
  g_assert_cmpstr (ewe_gift_get_price (gift), ==, "24.90");
  g_assert_cmpstr (ewe_gift_get_currency (gift), ==, "GBP");
  g_assert_cmpint (ewe_gift_get_product_type (gift), ==, EWE_PRODUCT_TYPE_NOTFOUND);
  g_assert_true (ewe_id_is_local (ewe_gift_get_product_id (gift)));
  g_assert_cmpuint (ewe_store_get_outbox_length (fixture->store), >, outbox);

  g_clear_object (&state.saved);
}

/* Alt+T: GTK clicks a button reached by its mnemonic only 250 ms later,
 * and what the user typed meanwhile went into the address. The form must
 * be there, focused on the name, as soon as the mnemonic is handled. */
static void
test_gift_editor_type_in_mnemonic (Fixture      *fixture,
                                   gconstpointer data)
{
  EweGiftEditor *editor = ewe_gift_editor_new (fixture->store, fixture->list, NULL);
  GtkWidget     *button = ewe_dialog_test_find_button (GTK_WIDGET (editor), "_Type It In Yourself");

  g_assert_nonnull (button);
  ewe_dialog_test_present (GTK_WINDOW (editor), 480, 720);
  g_assert_true (ewe_dialog_test_focus_is_in (GTK_WINDOW (editor), child (editor, "url_row")));
  gtk_editable_set_text (GTK_EDITABLE (child (editor, "url_row")), "https://shop.example/skates");

  g_assert_true (gtk_widget_mnemonic_activate (button, FALSE));
  /* No main loop iteration in between: the next key goes to the name. */
  g_assert_true (on_form (editor));
  g_assert_true (ewe_dialog_test_focus_is_in (GTK_WINDOW (editor), child (editor, "details_row")));
  g_assert_cmpstr (row_text (editor, "product_url_row"), ==, "https://shop.example/skates");
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (editor)) == child (editor, "save_button"));

  gtk_window_destroy (GTK_WINDOW (editor));
}

static void
test_gift_editor_catalogue_first (Fixture      *fixture,
                                  gconstpointer data)
{
  g_autoptr(EweApiClient) api = ewe_api_client_new_for_server (NULL, fixture->base);
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(EweGift) gift = NULL;
  EweGiftEditor *editor = ewe_gift_editor_new (fixture->store, fixture->list, api);
  SavedState     state = { 0 };

  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &state);
  ewe_dialog_test_present (GTK_WINDOW (editor), 480, 720);

  ewe_gift_editor_look_up (editor, "https://toys.example/rattle");
  ewe_dialog_test_iterate_until (on_form, editor);
  g_assert_cmpstr (row_text (editor, "details_row"), ==, "Wooden Rattle");
  /* A catalogue product is shared by every list: not edited here. */
  g_assert_false (gtk_editable_get_editable (child (editor, "details_row")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  ewe_dialog_test_iterate_until (was_saved, &state);

  gifts = load_gifts (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (gifts), ==, 1);
  gift = g_list_model_get_item (gifts, 0);
  g_assert_cmpstr (ewe_gift_get_product_id (gift), ==, CATALOGUE_ID);
  g_assert_cmpint (ewe_gift_get_product_type (gift), ==, EWE_PRODUCT_TYPE_CATALOGUE);

  g_clear_object (&state.saved);
}

static void
test_gift_editor_not_in_catalogue_reads_page (Fixture      *fixture,
                                              gconstpointer data)
{
  g_autoptr(EweApiClient) api = ewe_api_client_new_for_server (NULL, fixture->base);
  g_autofree char *url = g_strconcat (fixture->base, "/pages/json-ld.html", NULL);
  EweGiftEditor   *editor = ewe_gift_editor_new (fixture->store, fixture->list, api);

  ewe_dialog_test_present (GTK_WINDOW (editor), 480, 720);
  ewe_gift_editor_look_up (editor, url);
  ewe_dialog_test_iterate_until (on_form, editor);
  g_assert_cmpstr (row_text (editor, "brand_row"), ==, "Little Oak");
  g_assert_true (gtk_editable_get_editable (child (editor, "details_row")));

  gtk_window_destroy (GTK_WINDOW (editor));
}

static void
test_gift_editor_unreachable (Fixture      *fixture,
                              gconstpointer data)
{
  /* Nothing listens on port 1 of the loopback. */
  const char    *url = "http://127.0.0.1:1/blanket";
  EweGiftEditor *editor = ewe_gift_editor_new (fixture->store, fixture->list, NULL);
  SavedState     state = { NULL };

  ewe_dialog_test_present (GTK_WINDOW (editor), 360, 640);
  gtk_editable_set_text (GTK_EDITABLE (child (editor, "url_row")), url);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.look-up", NULL));
  ewe_dialog_test_iterate_until (look_up_failed, editor);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (editor, "stack")), ==, "look-up");
  g_assert_cmpstr (row_text (editor, "url_row"), ==, url);
  g_assert_cmpstr (gtk_label_get_label (child (editor, "look_up_error")), !=, "");
  g_assert_false (gtk_widget_get_visible (child (editor, "spinner")));

  ewe_dialog_test_set_dark (FALSE);
  g_free (ewe_dialog_test_screenshot (GTK_WINDOW (editor), "gift-editor-error-360"));

  /* The way out: type it in, with the address kept. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.type-in", NULL));
  g_assert_true (on_form (editor));
  g_assert_cmpstr (row_text (editor, "product_url_row"), ==, url);

  /* A gift needs a name, and an address the server takes: every problem
   * is shown at once, each under its field, and nothing is saved. */
  gtk_editable_set_text (GTK_EDITABLE (child (editor, "image_url_row")), "blanket.jpg");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  ewe_dialog_test_settle (200);
  g_assert_true (gtk_widget_get_visible (child (editor, "details_error_row")));
  g_assert_cmpstr (gtk_label_get_label (child (editor, "details_error")), ==, "A gift needs a name.");
  g_assert_true (gtk_widget_has_css_class (child (editor, "details_row"), "error"));
  g_assert_true (gtk_widget_get_visible (child (editor, "image_url_error_row")));
  g_assert_true (gtk_widget_has_css_class (child (editor, "image_url_row"), "error"));
  g_assert_false (gtk_widget_get_visible (child (editor, "product_url_error_row")));
  g_assert_true (gtk_widget_has_focus (child (editor, "details_row")) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (editor)), child (editor, "details_row")));
  g_assert_cmpuint (ewe_store_get_outbox_length (fixture->store), ==, 1);

  ewe_dialog_test_set_dark (FALSE);
  g_free (ewe_dialog_test_screenshot (GTK_WINDOW (editor), "gift-editor-fields-360"));

  /* A name is all it needs: no brand, and the picture left out. */
  gtk_editable_set_text (GTK_EDITABLE (child (editor, "details_row")), "Linen Baby Blanket");
  gtk_editable_set_text (GTK_EDITABLE (child (editor, "image_url_row")), "");
  g_assert_false (gtk_widget_get_visible (child (editor, "details_error_row")));
  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &state);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  ewe_dialog_test_iterate_until (was_saved, &state);
  g_assert_cmpstr (ewe_gift_get_details (state.saved), ==, "Linen Baby Blanket");
  g_assert_null (ewe_gift_get_brand (state.saved));
  g_assert_cmpstr (ewe_gift_get_product_url (state.saved), ==, url);
  g_clear_object (&state.saved);
}

static gboolean
preview_shown (gpointer editor)
{
  return gtk_widget_get_visible (child (editor, "preview")) &&
         gtk_picture_get_paintable (child (editor, "preview")) != NULL;
}

static void
test_gift_editor_preview (Fixture      *fixture,
                          gconstpointer data)
{
  static const guint8 red[] = { 0xe0, 0x1b, 0x24, 0xe0, 0x1b, 0x24, 0xe0, 0x1b, 0x24, 0xe0, 0x1b, 0x24 };
  g_autoptr(GBytes) bytes = g_bytes_new_static (red, sizeof red);
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new (2, 2, GDK_MEMORY_R8G8B8, bytes, 6);
  g_autofree char *path = g_build_filename (fixture->dir, "picture.png", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  EweGiftEditor   *editor = ewe_gift_editor_new (fixture->store, fixture->list, NULL);
  GdkPaintable    *paintable;

  g_assert_true (gdk_texture_save_to_png (texture, path));

  ewe_dialog_test_present (GTK_WINDOW (editor), 480, 720);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.type-in", NULL));
  g_assert_false (gtk_widget_get_visible (child (editor, "preview")));

  /* The picture loads off the main loop once the typing stops. */
  gtk_editable_set_text (GTK_EDITABLE (child (editor, "image_url_row")), uri);
  ewe_dialog_test_iterate_until (preview_shown, editor);
  paintable = gtk_picture_get_paintable (child (editor, "preview"));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 2);

  /* An address that leads nowhere hides it again, without an error. */
  gtk_editable_set_text (GTK_EDITABLE (child (editor, "image_url_row")), "file:///nonexistent/picture.png");
  ewe_dialog_test_settle (800);
  g_assert_false (gtk_widget_get_visible (child (editor, "preview")));
  g_assert_false (gtk_widget_get_visible (child (editor, "form_error")));

  g_remove (path);
  gtk_window_destroy (GTK_WINDOW (editor));
}

static void
test_gift_editor_edits (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr(GListModel) gifts = NULL;
  g_autoptr(EweGift) values = ewe_gift_new ();
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *product_id = ewe_id_new_local ();
  g_auto(EweTestWaiter) waiter = { 0 };
  EweGiftEditor *editor;
  SavedState     state = { 0 };

  /* With the list's gifts model loaded, as the window has it, the store
   * hands out live gifts. */
  gifts = load_gifts (fixture);

  ewe_gift_set_product_id (values, product_id);
  ewe_gift_set_product_type (values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_details (values, "Linen Baby Blanket");
  ewe_gift_set_brand (values, "Soft Things");
  ewe_gift_set_product_url (values, "https://nursery.example/blanket");
  ewe_gift_set_quantity (values, 1);
  ewe_store_add_gift_async (fixture->store, fixture->list, values, NULL, ewe_test_waiter_cb, &waiter);
  gift = ewe_store_add_gift_finish (fixture->store, ewe_test_waiter_wait (&waiter), &error);
  g_assert_no_error (error);

  editor = ewe_gift_editor_new_for_gift (fixture->store, gift);
  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &state);
  ewe_dialog_test_present (GTK_WINDOW (editor), 480, 720);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Edit Gift");
  g_assert_true (on_form (editor));
  g_assert_false (gtk_editable_get_editable (child (editor, "details_row")));

  gtk_spin_button_set_value (child (editor, "quantity_button"), 3);
  gtk_editable_set_text (GTK_EDITABLE (child (editor, "notes_row")), "Any colour");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  ewe_dialog_test_iterate_until (was_saved, &state);

  g_assert_true (state.saved == gift);
  g_assert_true (g_list_model_get_item (gifts, 0) == (gpointer)gift);
  g_object_unref (gift);
  g_assert_cmpint (ewe_gift_get_quantity (gift), ==, 3);
  g_assert_cmpstr (ewe_gift_get_notes (gift), ==, "Any colour");
  g_assert_false (ewe_gift_get_unlimited (gift));
  g_clear_object (&state.saved);

  /* "As many as you like": the switch makes it unlimited, and the quantity
   * no bound, so its row is greyed out. */
  editor = ewe_gift_editor_new_for_gift (fixture->store, gift);
  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &state);
  ewe_dialog_test_present (GTK_WINDOW (editor), 480, 720);
  g_assert_false (gtk_switch_get_active (child (editor, "unlimited_switch")));
  g_assert_true (gtk_widget_get_sensitive (quantity_row (editor)));
  gtk_switch_set_active (child (editor, "unlimited_switch"), TRUE);
  g_assert_false (gtk_widget_get_sensitive (quantity_row (editor)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  ewe_dialog_test_iterate_until (was_saved, &state);
  g_assert_true (ewe_gift_get_unlimited (gift));
  g_assert_cmpint (ewe_gift_get_quantity (gift), ==, 3);
  g_assert_cmpstr (ewe_gift_get_notes (gift), ==, "Any colour");
  g_clear_object (&state.saved);

  /* Opened again, the form shows it so. */
  editor = ewe_gift_editor_new_for_gift (fixture->store, gift);
  ewe_dialog_test_present (GTK_WINDOW (editor), 480, 720);
  g_assert_true (gtk_switch_get_active (child (editor, "unlimited_switch")));
  g_assert_false (gtk_widget_get_sensitive (quantity_row (editor)));

  /* Starred from the editor too. */
  g_assert_false (gtk_switch_get_active (child (editor, "most_wanted_switch")));
  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &state);
  gtk_switch_set_active (child (editor, "most_wanted_switch"), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  ewe_dialog_test_iterate_until (was_saved, &state);
  g_assert_true (ewe_gift_get_most_wanted (gift));
  g_assert_true (ewe_gift_get_unlimited (gift));
  g_clear_object (&state.saved);
}

static void
test_gift_editor_screenshots (Fixture      *fixture,
                              gconstpointer data)
{
  g_autofree char *url = g_strconcat (fixture->base, "/pages/opengraph.html", NULL);
  struct
  {
    int         width;
    int         height;
    const char *name;
    gboolean    dark;
    gboolean    form;
  } shots[] = {
    { 480, 600, "gift-editor-look-up-light", FALSE, FALSE },
    { 480, 600, "gift-editor-look-up-dark", TRUE, FALSE },
    { 480, 900, "gift-editor-form-light", FALSE, TRUE },
    { 480, 900, "gift-editor-form-dark", TRUE, TRUE },
    { 360, 720, "gift-editor-form-light-360", FALSE, TRUE },
    { 360, 720, "gift-editor-form-dark-360", TRUE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      EweGiftEditor *editor = ewe_gift_editor_new (fixture->store, fixture->list, NULL);

      ewe_dialog_test_set_dark (shots[i].dark);
      ewe_dialog_test_present (GTK_WINDOW (editor), shots[i].width, shots[i].height);
      gtk_editable_set_text (GTK_EDITABLE (child (editor, "url_row")), url);
      if (shots[i].form)
        {
          ewe_gift_editor_look_up (editor, url);
          ewe_dialog_test_iterate_until (on_form, editor);
          ewe_dialog_test_settle (600);
        }
      g_free (ewe_dialog_test_screenshot (GTK_WINDOW (editor), shots[i].name));
      gtk_window_destroy (GTK_WINDOW (editor));
    }

  ewe_dialog_test_set_dark (FALSE);
}

int
main (int   argc,
      char *argv[])
{
  ewe_dialog_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/app/gift-editor/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("adds-from-page", test_gift_editor_adds_from_page);
  ADD ("type-in-mnemonic", test_gift_editor_type_in_mnemonic);
  ADD ("catalogue-first", test_gift_editor_catalogue_first);
  ADD ("not-in-catalogue-reads-page", test_gift_editor_not_in_catalogue_reads_page);
  ADD ("unreachable", test_gift_editor_unreachable);
  ADD ("preview", test_gift_editor_preview);
  ADD ("edits", test_gift_editor_edits);
  ADD ("screenshots", test_gift_editor_screenshots);
#undef ADD

  return g_test_run ();
}
