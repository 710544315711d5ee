/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* Toasts dismissed while they slide in (issue 10): libadwaita 1.2.2 frees
 * them twice (see ewe-toasts.c); ewe_toast_dismiss() waits until it is
 * safe. meson runs this test with glibc's tcache off and freed memory
 * filled with a pattern (GLIBC_TUNABLES), so the use after free crashes at
 * once instead of going unnoticed. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ewe-deletion-queue.h"
#include "ewe-toasts.h"

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static AdwToastOverlay *
present_overlay (GtkWindow **window)
{
  AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, 400, 300);
  gtk_window_set_child (*window, GTK_WIDGET (overlay));
  gtk_window_present (*window);
  spin (300);

  return overlay;
}

static void
count_cb (AdwToast *toast,
          guint    *n_dismissed)
{
  (*n_dismissed)++;
}

/* What the window did when signing in and out quickly: a toast replacing
 * another, dismissed within its 500 ms slide-in. */
static void
dismiss_while_sliding_in (gboolean through_ewe)
{
  GtkWindow       *window;
  AdwToastOverlay *overlay = present_overlay (&window);
  guint            n_dismissed = 0;

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(AdwToast) first = g_object_ref (adw_toast_new ("First"));
      g_autoptr(AdwToast) second = g_object_ref (adw_toast_new ("Second"));

      g_signal_connect (first, "dismissed", G_CALLBACK (count_cb), &n_dismissed);
      g_signal_connect (second, "dismissed", G_CALLBACK (count_cb), &n_dismissed);

      if (through_ewe)
        {
          ewe_toast_overlay_add (overlay, g_object_ref (first));
          spin (50);
          ewe_toast_dismiss (first);
          ewe_toast_overlay_add (overlay, g_object_ref (second));
          spin (100);
          ewe_toast_dismiss (second);
        }
      else
        {
          adw_toast_overlay_add_toast (overlay, g_object_ref (first));
          spin (50);
          adw_toast_dismiss (first);
          adw_toast_overlay_add_toast (overlay, g_object_ref (second));
          spin (100);
          adw_toast_dismiss (second);
        }
      spin (1500);
    }

  /* Late maybe, but every toast went. */
  g_assert_cmpuint (n_dismissed, >=, 6);

  gtk_window_destroy (window);
  spin (100);
}

static void
test_dismiss_while_sliding_in (void)
{
  dismiss_while_sliding_in (TRUE);
}

/* Proof that the test above can fail: libadwaita alone, the same steps.
 * A libadwaita without the bug (or an allocator that does not show it)
 * makes this a skip, not a failure. */
static void
test_libadwaita_alone (void)
{
  if (g_test_subprocess ())
    {
      dismiss_while_sliding_in (FALSE);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  if (g_test_trap_has_passed ())
    g_test_skip ("this libadwaita (or allocator) survives a toast dismissed while it slides in");
  else
    g_test_message ("as expected, libadwaita %u.%u.%u alone did not survive",
                    adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version ());
}

/* A toast dismissed once it has settled goes at once. */
static void
test_dismiss_settled (void)
{
  GtkWindow       *window;
  AdwToastOverlay *overlay = present_overlay (&window);
  g_autoptr(AdwToast) toast = g_object_ref (adw_toast_new ("Settled"));
  guint n_dismissed = 0;

  g_signal_connect (toast, "dismissed", G_CALLBACK (count_cb), &n_dismissed);
  ewe_toast_overlay_add (overlay, g_object_ref (toast));
  spin (700);
  ewe_toast_dismiss (toast);
  g_assert_cmpuint (n_dismissed, ==, 1);

  gtk_window_destroy (window);
  spin (100);
}

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* The text a label shows, markup parsed, of the first label under @widget
 * that shows something starting with @prefix. */
static const char *
find_shown_text (GtkWidget  *widget,
                 const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return gtk_label_get_text (GTK_LABEL (widget));

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      const char *found = find_shown_text (c, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

/* A toast's title is Pango markup in libadwaita 1.2: a gift named with an
 * "&" or a "<" showed nothing, with a warning (fatal here), until every
 * toast took its title through ewe_toast_new_escaped(). Through the
 * deletion queue, as the gift's Remove does it. */
static void
test_title_shown_literally (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ewe-toasts-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.sqlite", NULL);
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GAsyncResult) created = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EweStore) store = NULL;
  g_autoptr(EweList) list_values = ewe_list_new ();
  g_autoptr(EweList) list = NULL;
  g_autoptr(EweGift) gift_values = ewe_gift_new ();
  g_autoptr(EweGift) gift = NULL;
  g_autoptr(EweDeletionQueue) queue = NULL;
  GtkWindow       *window;
  AdwToastOverlay *overlay;
  const char      *shown = NULL;
  gint64           deadline;

  g_assert_nonnull (dir);
  ewe_store_open_async (path, NULL, got_result_cb, &opened);
  wait_for (&opened);
  store = ewe_store_open_finish (opened, &error);
  g_assert_no_error (error);

  ewe_list_set_title (list_values, "Kitchen");
  ewe_store_create_list_async (store, list_values, NULL, got_result_cb, &created);
  wait_for (&created);
  list = ewe_store_create_list_finish (store, created, &error);
  g_assert_no_error (error);

  ewe_gift_set_product_type (gift_values, EWE_PRODUCT_TYPE_NOTFOUND);
  ewe_gift_set_details (gift_values, "Salt & Pepper <Set>");
  ewe_gift_set_quantity (gift_values, 1);
  ewe_store_add_gift_async (store, list, gift_values, NULL, got_result_cb, &added);
  wait_for (&added);
  gift = ewe_store_add_gift_finish (store, added, &error);
  g_assert_no_error (error);

  overlay = present_overlay (&window);
  queue = ewe_deletion_queue_new (store);
  ewe_toast_overlay_add (overlay, ewe_deletion_queue_remove_gift (queue, gift));

  /* Shown when the overlay has laid it out; waited for, not slept on. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((shown = find_shown_text (GTK_WIDGET (overlay), "“Salt")) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (shown, ==, "“Salt & Pepper <Set>” removed");

  /* Undone: the gift stays, and nothing is left to commit. */
  ewe_deletion_queue_undo (queue, gift);
  g_assert_false (ewe_deletion_queue_is_pending (queue, gift));
  gtk_window_destroy (window);
  spin (100);

  g_clear_object (&queue);
  g_clear_object (&gift);
  g_clear_object (&list);
  g_clear_object (&store);
  remove_tree (dir);
}

/* No toast is made past the escaping: a new call to adw_toast_new() in the
 * app would bring the bug back for its titles. */
static void
test_every_toast_escaped (void)
{
  g_autofree char *app_dir = g_build_filename (EWE_TEST_SOURCE_ROOT, "src", "app", NULL);
  g_autoptr(GDir) dir = g_dir_open (app_dir, 0, NULL);
  const char *name;
  guint       n_files = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (app_dir, name, NULL);
      g_autofree char *text = NULL;

      if (!g_str_has_suffix (name, ".c") || g_str_equal (name, "ewe-toasts.c"))
        continue;
      g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
      n_files++;
      if (strstr (text, "adw_toast_new") != NULL || strstr (text, "adw_toast_set_title") != NULL)
        g_error ("%s makes a toast without escaping its title: use ewe_toast_new_escaped()", name);
    }
  g_assert_cmpuint (n_files, >, 10);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/toasts/dismiss-while-sliding-in", test_dismiss_while_sliding_in);
  g_test_add_func ("/app/toasts/libadwaita-alone", test_libadwaita_alone);
  g_test_add_func ("/app/toasts/dismiss-settled", test_dismiss_settled);
  g_test_add_func ("/app/toasts/title-shown-literally", test_title_shown_literally);
  g_test_add_func ("/app/toasts/every-toast-escaped", test_every_toast_escaped);

  return g_test_run ();
}
