/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <string.h>

#include "ewe-dialog-test.h"
#include "ewe-thank-yous-dialog.h"
#include "ewe-thank-yous.h"

/* The Thank-yous printed from their dialog: off while the surprise lasts;
 * after the reveal date, exported to a PDF through GtkPrintOperation's
 * export path (the code the print dialog runs), read back with poppler's
 * pdftotext and pdfinfo: the list's title, who is still to thank, every
 * giver once and whole on one page with what they gave and the marks the
 * owner set, and "Page N of M" on each page. Print… opens GTK's print
 * dialog over the Thank-yous. The pages are rendered to PNG to look at. */

#define LIST_ID "5b2d9e41-7c3a-4f6e-9b18-2a4c6d8e0f13"
#define N_GIVERS 16 /* besides the three named ones */
#define GIFTS_EACH 3

typedef struct
{
  gboolean done;
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
           const char *details)
{
  EweGift *gift = ewe_gift_new ();

  ewe_gift_set_list_id (gift, LIST_ID);
  ewe_gift_set_product_id (gift, product_id);
  ewe_gift_set_product_type (gift, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_brand (gift, brand);
  ewe_gift_set_details (gift, details);
  ewe_gift_set_quantity (gift, 2);
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

static char *
giver_name (guint i)
{
  return g_strdup_printf ("Giver %02u", i);
}

static char *
giver_email (guint i)
{
  return g_strdup_printf ("giver%02u@example.org", i);
}

/* Giver @i's @k-th gift, theirs alone, so that the paper says whose it is. */
static char *
present (guint i,
         guint k)
{
  return g_strdup_printf ("Present %02u%c", i, 'a' + k);
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
  Merge merge = { FALSE };

  ewe_list_set_id (list, LIST_ID);
  ewe_list_set_title (list, "Ada & Ben’s Wedding");
  ewe_list_set_event_date (list, "2027-06-01");
  ewe_list_set_reveal_on (list, "2027-06-02");
  ewe_list_set_revealed (list, revealed);
  g_ptr_array_add (gifts, make_gift ("p-teapot", "Hario", "Glass teapot"));
  g_ptr_array_add (gifts, make_gift ("p-book", "Ottolenghi", "Simple, a cookbook"));
  for (guint i = 0; i < N_GIVERS; i++)
    for (guint k = 0; k < GIFTS_EACH; k++)
      {
        g_autofree char *id = g_strdup_printf ("p-%02u-%u", i, k);
        g_autofree char *details = present (i, k);

        g_ptr_array_add (gifts, make_gift (id, "Little Oak", details));
      }

  ewe_store_merge_list_async (store, list, gifts, NULL, merged_cb, &merge);
  ewe_dialog_test_iterate_until (merge_done, &merge);

  if (revealed)
    {
      g_ptr_array_add (reservations, make_reservation ("r-1", "p-teapot", "Gus Giver", "gus@example.org", 1,
                                                       EWE_RESERVATION_STATE_RESERVED));
      g_ptr_array_add (reservations, make_reservation ("r-2", "p-teapot", "Mia Moreau", "mia@example.org", 1,
                                                       EWE_RESERVATION_STATE_PURCHASED));
      g_ptr_array_add (reservations, make_reservation ("r-3", "p-book", "Aunt Edna", "edna@example.org", 1,
                                                       EWE_RESERVATION_STATE_PURCHASED));
      for (guint i = 0; i < N_GIVERS; i++)
        for (guint k = 0; k < GIFTS_EACH; k++)
          {
            g_autofree char *id = g_strdup_printf ("r-%02u-%u", i, k);
            g_autofree char *product = g_strdup_printf ("p-%02u-%u", i, k);
            g_autofree char *name = giver_name (i);
            g_autofree char *email = giver_email (i);

            g_ptr_array_add (reservations, make_reservation (id, product, name, email, 1 + k % 2,
                                                             k == 0 ? EWE_RESERVATION_STATE_PURCHASED
                                                                    : EWE_RESERVATION_STATE_RESERVED));
          }
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

/* The dialog's Ctrl+P, as its class binds it. */
static GtkShortcutAction *
ctrl_p (gpointer dialog)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (dialog));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      for (guint j = 0; GTK_IS_SHORTCUT_CONTROLLER (controller) && j < g_list_model_get_n_items (G_LIST_MODEL (controller));
           j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char   *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (g_strcmp0 (trigger, "<Control>p") == 0)
            {
              g_assert_true (GTK_IS_NAMED_ACTION (action));
              g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), ==, "thank-yous.print");
              return action;
            }
        }
    }
  g_assert_not_reached ();
}

static gboolean
print_enabled (gpointer dialog)
{
  return gtk_widget_is_sensitive (child (dialog, "print_button"));
}

/* Runs @argv, which must succeed; returns what it wrote. */
static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int   status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static char *
page_text (const char *pdf,
           int         page)
{
  g_autofree char *number = g_strdup_printf ("%d", page);

  return run ((const char *[]) { "pdftotext", "-f", number, "-l", number, pdf, "-", NULL });
}

static int
pdf_pages (const char *pdf)
{
  g_autofree char *info = run ((const char *[]) { "pdfinfo", pdf, NULL });
  const char      *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return (int)g_ascii_strtoll (pages + strlen ("Pages:"), NULL, 10);
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *at = strstr (text, needle); at != NULL; at = strstr (at + 1, needle))
    n++;
  return n;
}

/* Giver @name's block (their name, then their address on the next line,
 * which the checklist never prints so) on exactly one page, and every one
 * of @gifts on that page after it. */
static void
assert_giver_whole (GPtrArray          *pages,
                    const char         *name,
                    const char         *email,
                    const char * const *gifts)
{
  g_autofree char *header = g_strdup_printf ("%s\n%s\n", name, email);
  guint            found = 0;

  for (guint p = 0; p < pages->len; p++)
    {
      const char *text = g_ptr_array_index (pages, p);
      const char *block = strstr (text, header);

      found += count (text, header);
      if (block == NULL)
        continue;
      for (guint k = 0; gifts[k] != NULL; k++)
        {
          g_assert_nonnull (strstr (block, gifts[k]));
          for (guint q = 0; q < pages->len; q++)
            g_assert_cmpuint (count (g_ptr_array_index (pages, q), gifts[k]), ==, q == p ? 1 : 0);
        }
    }
  g_assert_cmpuint (found, ==, 1);
}

static void
test_before_reveal (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(EweStore) store = ewe_dialog_test_open_store (&dir);
  EweThankYousDialog *dialog;

  merge_from_server (store, FALSE);
  dialog = ewe_thank_yous_dialog_new (store, ewe_store_lookup_list (store, LIST_ID));
  ewe_dialog_test_present (GTK_WINDOW (dialog), 1280, 800);
  ewe_dialog_test_iterate_until ((EweDialogTestCheck)ewe_thank_yous_dialog_get_rows, dialog);

  /* The surprise is kept on paper too: nothing to print, Ctrl+P does
   * nothing, and the dialog says why. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "stack")), ==, "surprise");
  g_assert_false (print_enabled (dialog));
  g_assert_null (ewe_thank_yous_dialog_build_print_layout (dialog));
  g_assert_false (gtk_shortcut_action_activate (ctrl_p (dialog), 0, GTK_WIDGET (dialog), NULL));

  gtk_window_destroy (GTK_WINDOW (dialog));
  ewe_dialog_test_remove_dir (dir);
}

/* GTK's print dialog, once it shows: looked at, then cancelled. */
typedef struct
{
  GtkWindow *parent;
  gboolean   seen;
  gboolean   over_parent;
} DialogSeen;

static gboolean
cancel_print_dialog_cb (gpointer data)
{
  DialogSeen *seen = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_DIALOG (toplevel) && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        {
          seen->over_parent = gtk_window_get_transient_for (toplevel) == seen->parent;
          seen->seen = TRUE;
          gtk_dialog_response (GTK_DIALOG (toplevel), GTK_RESPONSE_CANCEL);
          return G_SOURCE_REMOVE;
        }
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
dialog_seen (gpointer data)
{
  return ((DialogSeen *)data)->seen;
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

static gboolean
gus_thanked (gpointer dialog)
{
  GPtrArray *rows = ewe_thank_yous_dialog_get_rows (dialog);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      EweThankYou *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->email, "gus@example.org") == 0)
        return row->thanked;
    }
  return FALSE;
}

static void
test_export_pdf (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(EweStore) store = ewe_dialog_test_open_store (&dir);
  g_autoptr(EwePrintLayout) layout = NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (dir, "thank-yous.pdf", NULL);
  g_autofree char *shots = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                             "screenshots", NULL);
  g_autofree char    *prefix = g_build_filename (shots, "print-thank-yous", NULL);
  EweThankYousDialog *dialog;
  EweList            *list;
  DialogSeen          seen = { 0 };
  const char         *first;
  int                 n_pages;

  if (g_find_program_in_path ("pdftotext") == NULL || g_find_program_in_path ("pdftoppm") == NULL)
    {
      g_test_skip ("install poppler-utils (build-aux/install-deps.sh --tests) to read the PDF back");
      ewe_dialog_test_remove_dir (dir);
      return;
    }

  merge_from_server (store, TRUE);
  list = ewe_store_lookup_list (store, LIST_ID);
  dialog = ewe_thank_yous_dialog_new (store, list);
  ewe_dialog_test_present (GTK_WINDOW (dialog), 1280, 800);
  ewe_dialog_test_iterate_until (shows_givers, dialog);
  ewe_dialog_test_iterate_until (print_enabled, dialog);

  /* Gus is thanked and the cookbook has arrived, as the owner marked them
   * in the dialog. */
  ewe_store_set_giver_thanked_async (store, list, "gus@example.org", TRUE, NULL, NULL, NULL);
  ewe_dialog_test_iterate_until (gus_thanked, dialog);
  {
    Flag flag = { NULL, "received" };

    for (guint i = 0; i < ewe_thank_yous_dialog_get_rows (dialog)->len; i++)
      {
        EweThankYou     *row = g_ptr_array_index (ewe_thank_yous_dialog_get_rows (dialog), i);
        EweThankYouGift *gift = g_ptr_array_index (row->gifts, 0);

        if (g_strcmp0 (row->email, "edna@example.org") == 0)
          flag.object = G_OBJECT (gift->gift);
      }
    g_assert_nonnull (flag.object);
    ewe_store_set_gift_received_async (store, EWE_GIFT (flag.object), TRUE, NULL, NULL, NULL);
    ewe_dialog_test_iterate_until (flag_set, &flag);
  }
  g_assert_cmpuint (ewe_thank_yous_dialog_get_rows (dialog)->len, ==, N_GIVERS + 3);

  layout = ewe_thank_yous_dialog_build_print_layout (dialog);
  g_assert_nonnull (layout);
  g_assert_cmpint (ewe_print_layout_run (layout, NULL, GTK_PRINT_OPERATION_ACTION_EXPORT, pdf, &error), ==,
                   GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);

  n_pages = pdf_pages (pdf);
  g_assert_cmpint (n_pages, ==, ewe_print_layout_get_n_pages (layout));
  g_assert_cmpint (n_pages, >=, 2);
  for (int p = 1; p <= n_pages; p++)
    g_ptr_array_add (pages, page_text (pdf, p));

  /* The heading and the checklist of those still to thank, Gus not on it. */
  first = g_ptr_array_index (pages, 0);
  g_assert_nonnull (strstr (first, "Ada & Ben’s Wedding\nThank-yous\n"));
  g_assert_nonnull (strstr (first, "Still to thank: 18 of 19 givers"));
  g_assert_nonnull (strstr (first, "Mia Moreau <mia@example.org>"));
  g_assert_nonnull (strstr (first, "Giver 00 <giver00@example.org>"));
  for (guint p = 0; p < pages->len; p++)
    g_assert_null (strstr (g_ptr_array_index (pages, p), "Gus Giver <gus@example.org>"));

  /* Each giver whole on one page, with the marks the owner set. */
  assert_giver_whole (pages, "Gus Giver", "gus@example.org",
                      (const char *[]) { "Thank-you sent\nHario Glass teapot · Reserved 1 · Not received yet",
                                         NULL });
  assert_giver_whole (pages, "Aunt Edna", "edna@example.org",
                      (const char *[]) { "Still to thank\nOttolenghi Simple, a cookbook · Bought 1 · Received",
                                         NULL });
  for (guint i = 0; i < N_GIVERS; i++)
    {
      g_autofree char *name = giver_name (i);
      g_autofree char *email = giver_email (i);
      g_autofree char *a = present (i, 0);
      g_autofree char *c = present (i, 2);
      g_autofree char *first_gift = g_strdup_printf ("Little Oak %s · Bought 1", a);
      g_autofree char *last_gift = g_strdup_printf ("Little Oak %s · Reserved 1", c);

      assert_giver_whole (pages, name, email, (const char *[]) { first_gift, last_gift, NULL });
    }

  for (int p = 0; p < n_pages; p++)
    {
      g_autofree char *footer = g_strdup_printf ("Thank-yous for “Ada & Ben’s Wedding” · Page %d of %d", p + 1,
                                                 n_pages);

      g_assert_nonnull (strstr (g_ptr_array_index (pages, p), footer));
    }

  /* Pictures of the pages, to look at. */
  g_mkdir_with_parents (shots, 0755);
  g_free (run ((const char *[]) { "pdftoppm", "-png", "-r", "60", pdf, prefix, NULL }));
  g_test_message ("Pages: %s-*.png", prefix);
  g_free (ewe_dialog_test_screenshot (GTK_WINDOW (dialog), "print-thank-yous-dialog-1280x800-light"));

  /* Ctrl+P, run as a key press runs it, opens GTK's print dialog over the
   * Thank-yous. */
  seen.parent = GTK_WINDOW (dialog);
  g_timeout_add (50, cancel_print_dialog_cb, &seen);
  g_assert_true (gtk_shortcut_action_activate (ctrl_p (dialog), 0, GTK_WIDGET (dialog), NULL));
  ewe_dialog_test_iterate_until (dialog_seen, &seen);
  g_assert_true (seen.over_parent);

  gtk_window_destroy (GTK_WINDOW (dialog));
  ewe_dialog_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  ewe_dialog_test_init (&argc, &argv);

  g_test_add_func ("/print-thank-yous/before-reveal", test_before_reveal);
  g_test_add_func ("/print-thank-yous/export-pdf", test_export_pdf);

  return g_test_run ();
}
