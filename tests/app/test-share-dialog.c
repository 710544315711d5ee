/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <math.h>

#include <qrencode.h>

#include "ewe-dialog-test.h"
#include "ewe-qr-code.h"
#include "ewe-share-dialog.h"

#define PUBLIC_URL "https://lists.example.org/"
#define LINK "https://lists.example.org/lists/4f1c2a9e-7d3b-4c55-9a1e-2b6f0c8d9e10"

static EweList *
make_list (const char *id)
{
  EweList *list = ewe_list_new ();

  ewe_list_set_id (list, id);
  ewe_list_set_title (list, "Oscar's First Birthday");

  return list;
}

static gpointer
child (gpointer    dialog,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), EWE_TYPE_SHARE_DIALOG, name);
}

static void
test_share_dialog_link (void)
{
  g_autoptr(EweList) list = make_list ("4f1c2a9e-7d3b-4c55-9a1e-2b6f0c8d9e10");
  EweShareDialog  *dialog = ewe_share_dialog_new (list, PUBLIC_URL);
  g_autofree char *link = ewe_share_dialog_dup_link (dialog);

  /* One slash between the public URL and the path, whatever was given. */
  g_assert_cmpstr (link, ==, LINK);
  g_assert_cmpstr (gtk_label_get_label (child (dialog, "link_label")), ==, LINK);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "stack")), ==, "link");
  g_assert_cmpstr (ewe_qr_code_get_text (child (dialog, "qr_code")), ==, LINK);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

typedef struct
{
  char    *copied;
  char    *read;
  gboolean done;
} CopyState;

static void
link_copied_cb (EweShareDialog *dialog,
                const char     *link,
                CopyState      *state)
{
  g_free (state->copied);
  state->copied = g_strdup (link);
}

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CopyState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->read = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
  state->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((CopyState *)data)->done;
}

static void
test_share_dialog_copy (void)
{
  g_autoptr(EweList) list = make_list ("4f1c2a9e-7d3b-4c55-9a1e-2b6f0c8d9e10");
  EweShareDialog *dialog = ewe_share_dialog_new (list, "https://lists.example.org");
  CopyState       state = { 0 };

  g_signal_connect (dialog, "link-copied", G_CALLBACK (link_copied_cb), &state);
  ewe_dialog_test_present (GTK_WINDOW (dialog), 420, 560);

  /* Keyboard: the focus starts on Copy Link, and Enter copies. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == child (dialog, "copy_button"));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == child (dialog, "copy_button"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "share.copy", NULL));
  g_assert_cmpstr (state.copied, ==, LINK);

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), NULL,
                                 read_text_cb, &state);
  ewe_dialog_test_iterate_until (read_done, &state);
  g_assert_cmpstr (state.read, ==, LINK);

  /* "Link copied" is said under the buttons, covering none of them (a
   * toast at the bottom of a dialog this small covered them). */
  ewe_dialog_test_settle (200);
  {
    GtkWidget      *said = child (dialog, "copied_label");
    const char     *labels[] = { "_Copy Link", "Send by _E-mail", "Copy _Message", "_Open in Browser" };
    graphene_rect_t said_bounds;

    g_assert_true (gtk_widget_get_mapped (said));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (said)), ==, "Link copied");
    g_assert_true (gtk_widget_compute_bounds (said, GTK_WIDGET (dialog), &said_bounds));
    /* In sight without scrolling, even in this small dialog. */
    g_assert_cmpfloat (said_bounds.origin.y + said_bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (dialog)));
    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
      {
        GtkWidget      *button = ewe_dialog_test_find_button (GTK_WIDGET (dialog), labels[i]);
        graphene_rect_t button_bounds;

        g_assert_nonnull (button);
        g_assert_true (gtk_widget_get_mapped (button));
        g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (dialog), &button_bounds));
        g_assert_false (graphene_rect_intersection (&said_bounds, &button_bounds, NULL));
      }
  }
  g_free (ewe_dialog_test_screenshot (GTK_WINDOW (dialog), "share-dialog-copied"));

  g_free (state.copied);
  g_free (state.read);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Copy Message copies friendly words with the link, for a chat; Send by
 * E-mail hands the same words to the mail program as a mailto: URI. */
static void
test_share_dialog_message (void)
{
  g_autoptr(EweList) list = make_list ("4f1c2a9e-7d3b-4c55-9a1e-2b6f0c8d9e10");
  EweShareDialog  *dialog = ewe_share_dialog_new (list, PUBLIC_URL);
  g_autofree char *message = NULL;
  g_autofree char *mailto = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  CopyState state = { 0 };

  ewe_dialog_test_present (GTK_WINDOW (dialog), 420, 560);

  message = ewe_share_dialog_dup_message (dialog);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, LINK));
  g_assert_nonnull (strstr (message, "“Oscar's First Birthday”"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "share.copy-message", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), NULL,
                                 read_text_cb, &state);
  ewe_dialog_test_iterate_until (read_done, &state);
  g_assert_cmpstr (state.read, ==, message);
  g_assert_cmpstr (gtk_label_get_label (child (dialog, "copied_label")), ==, "Message copied");

  /* The mail: a subject naming the list, the message as the body. */
  mailto = ewe_share_dialog_dup_mailto_uri (dialog);
  g_assert_true (g_str_has_prefix (mailto, "mailto:?"));
  g_assert_null (strchr (mailto, ' '));
  g_assert_null (strchr (mailto, '\n'));
  params = g_uri_parse_params (mailto + strlen ("mailto:?"), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (params, "subject"), ==, "My gift list: Oscar's First Birthday");
  {
    g_autoptr(GString) body = g_string_new (g_hash_table_lookup (params, "body"));

    g_string_replace (body, "\r\n", "\n", 0);
    g_assert_cmpstr (body->str, ==, message);
  }
  g_assert_true (gtk_widget_is_sensitive (ewe_dialog_test_find_button (GTK_WIDGET (dialog), "Send by _E-mail")));

  g_free (state.read);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The drawn code must be the code libqrencode makes of the link: one pixel
 * per module, dark exactly where a module is set, light in the quiet zone. */
static void
test_share_dialog_qr_matches (void)
{
  g_autoptr(EweList) list = make_list ("4f1c2a9e-7d3b-4c55-9a1e-2b6f0c8d9e10");
  EweShareDialog    *dialog = ewe_share_dialog_new (list, PUBLIC_URL);
  EweQrCode         *qr = child (dialog, "qr_code");
  GdkTexture        *texture = ewe_qr_code_get_texture (qr);
  QRcode            *code = QRcode_encodeString (LINK, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  int                side = code->width + 2 * EWE_QR_CODE_QUIET_ZONE;
  g_autofree guint8 *pixels = NULL;
  gsize              stride;

  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, side);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, side);

  stride = side * 4;
  pixels = g_malloc (stride * side);
  gdk_texture_download (texture, pixels, stride);

  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      {
        int      mx = x - EWE_QR_CODE_QUIET_ZONE;
        int      my = y - EWE_QR_CODE_QUIET_ZONE;
        gboolean dark = mx >= 0 && my >= 0 && mx < code->width && my < code->width &&
                        (code->data[my * code->width + mx] & 1);
        /* gdk_texture_download() gives Cairo's ARGB32, blue first here. */
        guint8 value = pixels[y * stride + x * 4];

        g_assert_cmpint (value, ==, dark ? 0 : 255);
      }

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (qr)), ==, GTK_ACCESSIBLE_ROLE_IMG);

  QRcode_free (code);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* What a phone's camera sees: in the window as drawn, every module is a
 * square of whole pixels, all dark or all light, with no seams between
 * rows, even where the layout puts the widget at a fractional position. */
static void
test_share_dialog_qr_is_crisp (void)
{
  g_autoptr(EweList) list = make_list ("4f1c2a9e-7d3b-4c55-9a1e-2b6f0c8d9e10");
  EweShareDialog *dialog = ewe_share_dialog_new (list, PUBLIC_URL);
  GtkWidget      *qr = child (dialog, "qr_code");
  QRcode         *code = QRcode_encodeString (LINK, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  int             side = code->width + 2 * EWE_QR_CODE_QUIET_ZONE;
  g_autoptr(GdkTexture) shot = NULL;
  g_autofree guint8 *pixels = NULL;
  double             qx, qy;
  int                px, size, x0, y0, width;
  gsize              stride;

  ewe_dialog_test_set_dark (TRUE);
  ewe_dialog_test_present (GTK_WINDOW (dialog), 380, 600);
  shot = ewe_dialog_test_render (GTK_WINDOW (dialog));

  g_assert_true (gtk_widget_translate_coordinates (qr, GTK_WIDGET (dialog), 0, 0, &qx, &qy));
  width = MIN (gtk_widget_get_width (qr), gtk_widget_get_height (qr));
  px = width / side;
  g_assert_cmpint (px, >=, 3);
  size = px * side;
  x0 = (int)floor (qx) + (gtk_widget_get_width (qr) - size) / 2;
  y0 = (int)floor (qy) + (gtk_widget_get_height (qr) - size) / 2;

  stride = gdk_texture_get_width (shot) * 4;
  pixels = g_malloc (stride * gdk_texture_get_height (shot));
  gdk_texture_download (shot, pixels, stride);
  /* The window draws its frame around the widgets, so find the code's
   * light square near where the layout put it: its first light pixels
   * across the middle row and down the middle column. */
  for (int left = x0 - 16; left < x0 + 16; left++)
    if (pixels[(y0 + size / 2) * stride + left * 4] == 255)
      {
        x0 = left;
        break;
      }
  for (int top = y0 - 16; top < y0 + 16; top++)
    if (pixels[top * stride + (x0 + size / 2) * 4] == 255)
      {
        y0 = top;
        break;
      }

  for (int y = 0; y < size; y++)
    for (int x = 0; x < size; x++)
      {
        int      mx = x / px - EWE_QR_CODE_QUIET_ZONE;
        int      my = y / px - EWE_QR_CODE_QUIET_ZONE;
        gboolean dark = mx >= 0 && my >= 0 && mx < code->width && my < code->width &&
                        (code->data[my * code->width + mx] & 1);
        const guint8 *p = pixels + (y0 + y) * stride + (x0 + x) * 4;

        /* Dark on light in the dark style too. */
        if (p[0] != (dark ? 0 : 255) || p[1] != (dark ? 0 : 255) || p[2] != (dark ? 0 : 255))
          g_error ("Pixel %d,%d of the code is %d,%d,%d, not %s", x, y, p[0], p[1], p[2], dark ? "dark" : "light");
      }

  QRcode_free (code);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ewe_dialog_test_set_dark (FALSE);
}

static void
test_share_dialog_local_then_synced (void)
{
  g_autofree char *local_id = ewe_id_new_local ();
  g_autoptr(EweList) list = make_list (local_id);
  EweShareDialog *dialog = ewe_share_dialog_new (list, PUBLIC_URL);
  char           *link;

  g_assert_null (ewe_share_dialog_dup_link (dialog));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "stack")), ==, "local");

  ewe_dialog_test_present (GTK_WINDOW (dialog), 360, 560);
  ewe_dialog_test_set_dark (FALSE);
  g_free (ewe_dialog_test_screenshot (GTK_WINDOW (dialog), "share-dialog-local-360"));

  /* The sync gives the list its server id: the dialog follows. */
  ewe_list_set_id (list, "4f1c2a9e-7d3b-4c55-9a1e-2b6f0c8d9e10");
  link = ewe_share_dialog_dup_link (dialog);
  g_assert_cmpstr (link, ==, LINK);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "stack")), ==, "link");
  g_assert_cmpstr (gtk_label_get_label (child (dialog, "link_label")), ==, LINK);
  g_free (link);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_share_dialog_no_server (void)
{
  g_autoptr(EweList) list = make_list ("4f1c2a9e-7d3b-4c55-9a1e-2b6f0c8d9e10");
  EweShareDialog *dialog = ewe_share_dialog_new (list, NULL);

  g_assert_null (ewe_share_dialog_dup_link (dialog));
  g_assert_null (ewe_share_dialog_dup_message (dialog));
  g_assert_null (ewe_share_dialog_dup_mailto_uri (dialog));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "stack")), ==, "local");
  g_assert_false (gtk_widget_get_sensitive (ewe_dialog_test_find_button (GTK_WIDGET (dialog), "Send by _E-mail")));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A server address so long that its links do not fit in the largest QR
 * code: the dialog still shows the link, to copy or send, and says in the
 * code's place why there is none. */
static void
test_share_dialog_link_too_long_for_qr (void)
{
  g_autoptr(EweList) list = make_list ("4f1c2a9e-7d3b-4c55-9a1e-2b6f0c8d9e10");
  g_autoptr(GString) url = g_string_new ("https://lists.example.org/");
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  EweShareDialog  *dialog;
  EweQrCode       *qr;
  GtkLabel        *why;

  for (int i = 0; i < 300; i++)
    g_string_append (url, "long-path/");
  dialog = ewe_share_dialog_new (list, url->str);
  link = ewe_share_dialog_dup_link (dialog);
  qr = child (dialog, "qr_code");
  why = child (dialog, "qr_error_label");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "stack")), ==, "link");
  g_assert_cmpstr (gtk_label_get_label (child (dialog, "link_label")), ==, link);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (qr)));
  g_assert_null (ewe_qr_code_get_texture (qr));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (why)));
  g_assert_cmpstr (gtk_label_get_label (why), ==,
                   "The link is too long to fit in a QR code. Copy it or send it by e-mail instead.");
  g_assert_true (gtk_widget_get_sensitive (ewe_dialog_test_find_button (GTK_WIDGET (dialog), "Send by _E-mail")));

  ewe_dialog_test_present (GTK_WINDOW (dialog), 420, 600);
  g_free (ewe_dialog_test_screenshot (GTK_WINDOW (dialog), "share-dialog-no-qr"));

  /* The widget says so itself, and draws a code again for a link that fits. */
  g_assert_false (ewe_qr_code_set_text (qr, link, &error));
  g_assert_error (error, EWE_QR_CODE_ERROR, EWE_QR_CODE_ERROR_TOO_LONG);
  g_assert_true (ewe_qr_code_set_text (qr, LINK, NULL));
  g_assert_nonnull (ewe_qr_code_get_texture (qr));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_share_dialog_screenshots (void)
{
  g_autoptr(EweList) list = make_list ("4f1c2a9e-7d3b-4c55-9a1e-2b6f0c8d9e10");
  struct
  {
    int         width;
    int         height;
    const char *name;
    gboolean    dark;
  } shots[] = {
    { 420, 600, "share-dialog-light", FALSE },
    { 420, 600, "share-dialog-dark", TRUE },
    { 360, 640, "share-dialog-light-360", FALSE },
    { 360, 640, "share-dialog-dark-360", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      EweShareDialog *dialog = ewe_share_dialog_new (list, PUBLIC_URL);

      ewe_dialog_test_set_dark (shots[i].dark);
      ewe_dialog_test_present (GTK_WINDOW (dialog), shots[i].width, shots[i].height);
      g_free (ewe_dialog_test_screenshot (GTK_WINDOW (dialog), shots[i].name));
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  ewe_dialog_test_set_dark (FALSE);
}

int
main (int   argc,
      char *argv[])
{
  ewe_dialog_test_init (&argc, &argv);

  g_test_add_func ("/app/share-dialog/link", test_share_dialog_link);
  g_test_add_func ("/app/share-dialog/copy", test_share_dialog_copy);
  g_test_add_func ("/app/share-dialog/message", test_share_dialog_message);
  g_test_add_func ("/app/share-dialog/qr-matches", test_share_dialog_qr_matches);
  g_test_add_func ("/app/share-dialog/qr-is-crisp", test_share_dialog_qr_is_crisp);
  g_test_add_func ("/app/share-dialog/local-then-synced", test_share_dialog_local_then_synced);
  g_test_add_func ("/app/share-dialog/no-server", test_share_dialog_no_server);
  g_test_add_func ("/app/share-dialog/link-too-long-for-qr", test_share_dialog_link_too_long_for_qr);
  g_test_add_func ("/app/share-dialog/screenshots", test_share_dialog_screenshots);

  return g_test_run ();
}
