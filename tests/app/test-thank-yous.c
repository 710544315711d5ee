/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <string.h>

#include "ewe-dialog-test.h"
#include "ewe-thank-yous-dialog.h"
#include "ewe-thank-yous.h"

/* The Thank-yous dialog on a real store, filled as sync fills it: before
 * the reveal date it says when givers will show; after, one group per
 * giver, and its checks mark givers thanked and gifts received in the
 * store (rows and outbox), as Copy's text says too. Screenshots at
 * 1280×800 and 360×720, light and dark, in build/tests/app/screenshots. */

#define LIST_ID "9d6f3c2e-1b4a-4e8f-a2c7-5e0d8b1f4a63"

typedef struct
{
  EweStore *store;
  gboolean  done;
} Merge;

static void
merged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Merge *merge = user_data;
  g_autoptr(GError) error = NULL;

  if (g_async_result_is_tagged (result, ewe_store_merge_list_async))
    g_assert_true (ewe_store_merge_list_finish (EWE_STORE (object), result, &error));
  else
    g_assert_true (ewe_store_merge_reservations_finish (EWE_STORE (object), result, &error));
  g_assert_no_error (error);
  merge->done = TRUE;
}

static gboolean
merge_done (gpointer data)
{
  return ((Merge *)data)->done;
}

static EweGift *
make_gift (const char *product_id,
           const char *brand,
           const char *details,
           int         quantity,
           int         reserved,
           int         purchased)
{
  EweGift *gift = ewe_gift_new ();

  ewe_gift_set_list_id (gift, LIST_ID);
  ewe_gift_set_product_id (gift, product_id);
  ewe_gift_set_product_type (gift, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_brand (gift, brand);
  ewe_gift_set_details (gift, details);
  ewe_gift_set_quantity (gift, quantity);
  ewe_gift_set_reserved (gift, reserved);
  ewe_gift_set_purchased (gift, purchased);
  return gift;
}

static EweReservation *
make_reservation (const char         *id,
                  const char         *product_id,
                  const char         *name,
                  const char         *email,
                  int                 quantity,
                  EweReservationState state)
{
  EweReservation *r = ewe_reservation_new ();

  ewe_reservation_set_id (r, id);
  ewe_reservation_set_list_id (r, LIST_ID);
  ewe_reservation_set_product_id (r, product_id);
  ewe_reservation_set_product_type (r, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_reservation_set_name (r, name);
  ewe_reservation_set_email (r, email);
  ewe_reservation_set_quantity (r, quantity);
  ewe_reservation_set_state (r, state);
  return r;
}

/* What sync would merge from GET /lists/{id}: before the reveal date the
 * server sends no reservations. */
static void
merge_from_server (EweStore *store,
                   gboolean  revealed)
{
  g_autoptr(EweList) list = ewe_list_new ();
  g_autoptr(GPtrArray) gifts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) reservations = g_ptr_array_new_with_free_func (g_object_unref);
  Merge merge = { store, FALSE };

  ewe_list_set_id (list, LIST_ID);
  ewe_list_set_title (list, "Ada & Ben’s Wedding");
  ewe_list_set_event_date (list, "2027-06-01");
  ewe_list_set_reveal_on (list, "2027-06-02");
  ewe_list_set_revealed (list, revealed);
  g_ptr_array_add (gifts, make_gift ("p-teapot", "Hario & Co", "Glass teapot", 2, 1, 1));
  g_ptr_array_add (gifts, make_gift ("p-towels", "Moomin", "Bath towels", 4, 2, 0));
  g_ptr_array_add (gifts, make_gift ("p-book", "Ottolenghi", "Simple, a cookbook", 1, 0, 1));

  ewe_store_merge_list_async (store, list, gifts, NULL, merged_cb, &merge);
  ewe_dialog_test_iterate_until (merge_done, &merge);

  if (revealed)
    {
      g_ptr_array_add (reservations, make_reservation ("r-1", "p-teapot", "Gus Giver", "gus@example.org", 1,
                                                       EWE_RESERVATION_STATE_RESERVED));
      g_ptr_array_add (reservations, make_reservation ("r-2", "p-towels", "Gus Giver", "Gus@Example.org", 2,
                                                       EWE_RESERVATION_STATE_RESERVED));
      g_ptr_array_add (reservations, make_reservation ("r-3", "p-teapot", "Mia Moreau", "mia@example.org", 1,
                                                       EWE_RESERVATION_STATE_PURCHASED));
      g_ptr_array_add (reservations, make_reservation ("r-4", "p-book", "Aunt Edna", "edna@example.org", 1,
                                                       EWE_RESERVATION_STATE_PURCHASED));
    }
  merge.done = FALSE;
  ewe_store_merge_reservations_async (store, list, reservations, NULL, merged_cb, &merge);
  ewe_dialog_test_iterate_until (merge_done, &merge);
}

static gpointer
child (gpointer    dialog,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), EWE_TYPE_THANK_YOUS_DIALOG, name);
}

static gboolean
shows_givers (gpointer dialog)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (child (dialog, "stack")), "givers") == 0;
}

/* The @index-th check button labelled @label under @widget, or NULL. */
static GtkCheckButton *
find_check (GtkWidget  *widget,
            const char *label,
            guint      *index)
{
  if (GTK_IS_CHECK_BUTTON (widget) && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0)
    {
      if (*index == 0)
        return GTK_CHECK_BUTTON (widget);
      (*index)--;
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkCheckButton *found = find_check (c, label, index);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkCheckButton *
nth_check (EweThankYousDialog *dialog,
           const char         *label,
           guint               index)
{
  GtkCheckButton *check = find_check (GTK_WIDGET (dialog), label, &index);

  g_assert_nonnull (check);
  return check;
}

static void
screenshots (EweThankYousDialog *dialog,
             const char         *name)
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

        gtk_window_set_default_size (GTK_WINDOW (dialog), sizes[i].width, sizes[i].height);
        ewe_dialog_test_set_dark (dark);
        g_free (ewe_dialog_test_screenshot (GTK_WINDOW (dialog), shot_name));
      }
  ewe_dialog_test_set_dark (FALSE);
}

typedef struct
{
  GObject    *object;
  const char *property;
} Flag;

static gboolean
flag_set (gpointer data)
{
  Flag    *flag = data;
  gboolean value = FALSE;

  g_object_get (flag->object, flag->property, &value, NULL);
  return value;
}

static void
test_thank_yous (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(EweStore) store = ewe_dialog_test_open_store (&dir);
  g_autofree char    *text = NULL;
  EweThankYousDialog *dialog;
  EweList            *list;
  GPtrArray          *rows;
  EweThankYou        *row;

  /* Before the reveal date: counts on the list, nobody here. */
  merge_from_server (store, FALSE);
  list = ewe_store_lookup_list (store, LIST_ID);
  g_assert_nonnull (list);
  dialog = ewe_thank_yous_dialog_new (store, list);
  ewe_dialog_test_present (GTK_WINDOW (dialog), 1280, 800);
  ewe_dialog_test_iterate_until ((EweDialogTestCheck)ewe_thank_yous_dialog_get_rows, dialog);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "stack")), ==, "surprise");
  g_assert_nonnull (strstr (adw_status_page_get_description (child (dialog, "surprise_page")), "2 June 2027"));
  g_assert_cmpuint (ewe_thank_yous_dialog_get_rows (dialog)->len, ==, 0);
  screenshots (dialog, "thank-yous-surprise");

  /* The reveal date passes and sync brings who gave what. */
  merge_from_server (store, TRUE);
  ewe_dialog_test_iterate_until (shows_givers, dialog);
  rows = ewe_thank_yous_dialog_get_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpuint (ewe_thank_yous_count_to_thank (rows), ==, 3);
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row->name, ==, "Gus Giver");
  g_assert_cmpuint (row->gifts->len, ==, 2);
  g_assert_cmpstr (((EweThankYouGift *)g_ptr_array_index (row->gifts, 0))->description, ==, "Hario & Co Glass teapot");
  g_assert_cmpstr (gtk_label_get_label (child (dialog, "summary_label")), ==, "3 of 3 givers still to thank.");

  /* Gus is thanked (both his gifts), the book has arrived. */
  gtk_check_button_set_active (nth_check (dialog, "Thank-you sent", 1), TRUE);
  gtk_check_button_set_active (nth_check (dialog, "Received", 0), TRUE);
  {
    Flag         flag = { NULL, "received" };
    GPtrArray   *now = ewe_thank_yous_dialog_get_rows (dialog);
    EweThankYou *edna = g_ptr_array_index (now, 0);

    flag.object = G_OBJECT (((EweThankYouGift *)g_ptr_array_index (edna->gifts, 0))->gift);
    ewe_dialog_test_iterate_until (flag_set, &flag);
  }
  ewe_dialog_test_iterate_until (shows_givers, dialog);
  ewe_dialog_test_settle (100);
  rows = ewe_thank_yous_dialog_get_rows (dialog);
  g_assert_true (((EweThankYou *)g_ptr_array_index (rows, 1))->thanked);
  g_assert_cmpuint (ewe_thank_yous_count_to_thank (rows), ==, 2);
  g_assert_cmpuint (ewe_store_get_outbox_length (store), ==, 2);
  g_assert_cmpstr (gtk_label_get_label (child (dialog, "summary_label")), ==, "2 of 3 givers still to thank.");

  text = ewe_thank_yous_dialog_dup_text (dialog);
  g_assert_nonnull (strstr (text, "Thank-yous for “Ada & Ben’s Wedding”"));
  g_assert_nonnull (strstr (text, "Gus Giver <gus@example.org> — thanked"));
  g_assert_nonnull (strstr (text, "Mia Moreau <mia@example.org> — still to thank"));
  g_assert_nonnull (strstr (text, "  • Ottolenghi Simple, a cookbook × 1, received"));

  screenshots (dialog, "thank-yous");

  gtk_window_destroy (GTK_WINDOW (dialog));
  ewe_dialog_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  ewe_dialog_test_init (&argc, &argv);

  g_test_add_func ("/thank-yous/dialog", test_thank_yous);

  return g_test_run ();
}
