/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-toasts"

#include "config.h"

#include "ewe-toasts.h"

/* Every toast the app shows goes through here, for libadwaita 1.2's sake.
 *
 * In libadwaita 1.2.2 a toast dismissed while it slides in is freed twice:
 * AdwToastOverlay frees the toast's bookkeeping when its slide-out ends,
 * but the slide-in animation, still running, calls back into that freed
 * memory when it ends (show_done_cb). A slide-in lasts 300 ms, or 500 ms
 * when the toast replaces another, and a slide-out 300 ms: dismissing a
 * replacing toast within its first 200 ms, as signing in and out quickly
 * did, is enough. So a dismissal waits until no toast of that overlay can
 * still be sliding in: long enough after the last toast was added or
 * dismissed (a dismissal lets the next queued toast slide in). */

/* libadwaita 1.2's longest slide-in, and some slack. */
#define SLIDE_IN_USEC (600 * 1000)

#define OVERLAY_KEY "ewe-toasts-overlay"
#define PENDING_KEY "ewe-toasts-dismiss-pending"
#define SETTLED_KEY "ewe-toasts-settled-at"

static void
overlay_changed (AdwToastOverlay *overlay)
{
  gint64 *settled_at = g_object_get_data (G_OBJECT (overlay), SETTLED_KEY);

  if (settled_at == NULL)
    {
      settled_at = g_new (gint64, 1);
      g_object_set_data_full (G_OBJECT (overlay), SETTLED_KEY, settled_at, g_free);
    }
  *settled_at = g_get_monotonic_time () + SLIDE_IN_USEC;
}

static gint64
overlay_settled_at (AdwToastOverlay *overlay)
{
  gint64 *settled_at = g_object_get_data (G_OBJECT (overlay), SETTLED_KEY);

  return settled_at ? *settled_at : 0;
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/**
 * ewe_toast_new_escaped:
 * @title: plain text, as the user should read it
 *
 * A toast showing @title literally. libadwaita 1.2 reads a toast's title as
 * Pango markup (1.4 made that optional), so a list or gift named
 * "Salt & Pepper <Set>", a file name or a server's reason with an "&"
 * would show wrong, or not at all with a warning. Every toast the app
 * makes goes through here.
 *
 * Returns: (transfer full): the toast
 */
AdwToast *
ewe_toast_new_escaped (const char *title)
{
  g_autofree char *markup = NULL;

  g_return_val_if_fail (title != NULL, NULL);

  markup = g_markup_escape_text (title, -1);
  return adw_toast_new (markup);
}

/**
 * ewe_toast_overlay_add:
 * @overlay: where to show @toast
 * @toast: (transfer full): the toast
 *
 * Shows @toast as adw_toast_overlay_add_toast() does, and keeps what
 * ewe_toast_dismiss() needs to know.
 */
void
ewe_toast_overlay_add (AdwToastOverlay *overlay,
                       AdwToast        *toast)
{
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (ADW_IS_TOAST (toast));

  if (g_object_get_data (G_OBJECT (toast), OVERLAY_KEY) == NULL)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, overlay);
      g_object_set_data_full (G_OBJECT (toast), OVERLAY_KEY, ref, (GDestroyNotify)weak_ref_free);
      g_signal_connect_object (toast, "dismissed", G_CALLBACK (overlay_changed), overlay, G_CONNECT_SWAPPED);
    }

  overlay_changed (overlay);
  adw_toast_overlay_add_toast (overlay, toast);
}

static gboolean
deferred_dismiss_cb (gpointer user_data)
{
  AdwToast *toast = user_data;

  g_object_set_data (G_OBJECT (toast), PENDING_KEY, NULL);
  ewe_toast_dismiss (toast);

  return G_SOURCE_REMOVE;
}

/**
 * ewe_toast_new_long:
 * @text: plain text, as the user should read it
 *
 * A toast for a sentence the user must read whole, such as what was lost:
 * a toast's title is one line, cut short with "…" on a narrow window
 * (360 px shows some 30 characters), so @text is a label of its own that
 * wraps instead, and stays up twice as long as a toast's default.
 *
 * Returns: (transfer full): the toast
 */
AdwToast *
ewe_toast_new_long (const char *text)
{
  AdwToast  *toast;
  GtkWidget *label;

  g_return_val_if_fail (text != NULL, NULL);

  toast = ewe_toast_new_escaped (text);
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  /* At most about 30 characters a line: the overlay does not narrow a
   * toast's title below its natural width, so a wider one overflows a
   * 360 px window (seen in test-window-live's screenshots). */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_widget_add_css_class (label, "heading");
  adw_toast_set_custom_title (toast, label);
  adw_toast_set_timeout (toast, 10);

  return toast;
}

/**
 * ewe_toast_dismiss:
 * @toast: a toast shown with ewe_toast_overlay_add(), or not shown
 *
 * Dismisses @toast as adw_toast_dismiss() does, once no toast of its overlay
 * can be sliding in any more: at once, or a few hundred milliseconds later.
 */
void
ewe_toast_dismiss (AdwToast *toast)
{
  GWeakRef *ref;
  g_autoptr(AdwToastOverlay) overlay = NULL;
  gint64 wait;

  g_return_if_fail (ADW_IS_TOAST (toast));

  ref = g_object_get_data (G_OBJECT (toast), OVERLAY_KEY);
  if (ref != NULL)
    overlay = g_weak_ref_get (ref);

  wait = overlay ? overlay_settled_at (overlay) - g_get_monotonic_time () : 0;
  if (wait <= 0)
    {
      adw_toast_dismiss (toast);
      return;
    }

  if (g_object_get_data (G_OBJECT (toast), PENDING_KEY) != NULL)
    return;

  g_object_set_data (G_OBJECT (toast), PENDING_KEY, GINT_TO_POINTER (TRUE));
  g_timeout_add_full (G_PRIORITY_DEFAULT, (guint)(wait / 1000) + 1,
                      deferred_dismiss_cb, g_object_ref (toast), g_object_unref);
}
