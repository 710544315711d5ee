/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

/* Toasts dismissed while they slide in (issue 10): libadwaita 1.2.2 frees
 * them twice (see ewe-toasts.c); ewe_toast_dismiss() waits until it is
 * safe. meson runs this test with glibc's tcache off and freed memory
 * filled with a pattern (GLIBC_TUNABLES), so the use after free crashes at
 * once instead of going unnoticed. */

#include "config.h"

#include <adwaita.h>

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

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/toasts/dismiss-while-sliding-in", test_dismiss_while_sliding_in);
  g_test_add_func ("/app/toasts/libadwaita-alone", test_libadwaita_alone);
  g_test_add_func ("/app/toasts/dismiss-settled", test_dismiss_settled);

  return g_test_run ();
}
