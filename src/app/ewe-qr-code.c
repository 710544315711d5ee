/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-qr-code"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <qrencode.h>

#include "ewe-qr-code.h"

/* EweQrCode draws a text as a QR code: dark modules on a light square with
 * a quiet zone, whatever the style, because phone cameras read dark on
 * light best. Modules are whole device pixels on the pixel grid so their
 * edges stay crisp. */

struct _EweQrCode
{
  GtkWidget   parent_instance;

  /* owned */
  char       *text;
  GdkTexture *texture; /* one pixel per module, quiet zone included */
  guint8     *modules; /* width × width, TRUE for dark */
  int         width;   /* modules per side, without the quiet zone */
  GdkTexture *scaled;  /* as last drawn, scaled_px device pixels a module */
  int         scaled_px;
};

G_DEFINE_FINAL_TYPE (EweQrCode, ewe_qr_code, GTK_TYPE_WIDGET)
/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ewe-qr-code-error-quark, ewe_qr_code_error)
/* clang-format on */

enum
{
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define MIN_MODULE_SIZE 3

static gboolean
ewe_qr_code_encode (EweQrCode *self,
                    GError   **error)
{
  QRcode *code;
  GBytes *bytes;
  guint8 *pixels;
  int     side;
  int     stride;

  g_clear_object (&self->texture);
  g_clear_object (&self->scaled);
  g_clear_pointer (&self->modules, g_free);
  self->width = 0;

  if (self->text == NULL || *self->text == '\0')
    return TRUE;

  /* Level M survives a smudge or a crease and keeps the code small enough
   * for a phone held at arm's length. */
  code = QRcode_encodeString (self->text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    {
      int saved_errno = errno;

      /* The one failure a user can meet: a link longer than a code holds
       * (about 2,300 bytes), from a very long server address. */
      if (saved_errno == ERANGE)
        g_set_error_literal (error, EWE_QR_CODE_ERROR, EWE_QR_CODE_ERROR_TOO_LONG,
                             _("The link is too long to fit in a QR code. Copy it or send it by e-mail instead."));
      else
        g_set_error (error, EWE_QR_CODE_ERROR, EWE_QR_CODE_ERROR_FAILED,
                     /* Translators: %s says why, e.g. "Cannot allocate memory" */
                     _("No QR code could be made of the link (%s). Copy it or send it by e-mail instead."),
                        g_strerror (saved_errno));
      return FALSE;
    }

  self->width = code->width;
  self->modules = g_new (guint8, code->width * code->width);
  for (int i = 0; i < code->width * code->width; i++)
    self->modules[i] = code->data[i] & 1;
  QRcode_free (code);

  side = self->width + 2 * EWE_QR_CODE_QUIET_ZONE;
  stride = side * 3;
  pixels = g_malloc (stride * side);
  memset (pixels, 0xff, stride * side);
  for (int y = 0; y < self->width; y++)
    for (int x = 0; x < self->width; x++)
      if (self->modules[y * self->width + x])
        memset (pixels + (y + EWE_QR_CODE_QUIET_ZONE) * stride + (x + EWE_QR_CODE_QUIET_ZONE) * 3, 0, 3);

  bytes = g_bytes_new_take (pixels, stride * side);
  self->texture = gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8, bytes, stride);
  g_bytes_unref (bytes);

  return TRUE;
}

/* The code at @px device pixels per module, quiet zone included. One
 * texture drawn once, rather than a rectangle per run of modules: shapes
 * that meet at a fractional position leave hairline seams between them. */
static GdkTexture *
ewe_qr_code_render (EweQrCode *self,
                    int        px)
{
  int     side = (self->width + 2 * EWE_QR_CODE_QUIET_ZONE) * px;
  int     stride = side * 3;
  guint8 *pixels = g_malloc (stride * side);
  g_autoptr(GBytes) bytes = NULL;

  memset (pixels, 0xff, stride * side);
  for (int y = 0; y < self->width; y++)
    for (int x = 0; x < self->width; x++)
      {
        if (!self->modules[y * self->width + x])
          continue;

        for (int row = 0; row < px; row++)
          memset (pixels + ((y + EWE_QR_CODE_QUIET_ZONE) * px + row) * stride + (x + EWE_QR_CODE_QUIET_ZONE) * px * 3,
                  0, px * 3);
      }

  bytes = g_bytes_new_take (pixels, stride * side);

  return gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8, bytes, stride);
}

static void
ewe_qr_code_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  EweQrCode *self = EWE_QR_CODE (widget);
  int        widget_width = gtk_widget_get_width (widget);
  int        widget_height = gtk_widget_get_height (widget);
  int        scale_factor = gtk_widget_get_scale_factor (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  double     native_x = 0;
  double     native_y = 0;
  int        side;
  int        px;
  float      size;
  float      origin_x;
  float      origin_y;

  if (self->width == 0)
    return;

  side = self->width + 2 * EWE_QR_CODE_QUIET_ZONE;

  /* A whole number of device pixels per module, or the edges blur. */
  px = MAX (1, (MIN (widget_width, widget_height) * scale_factor) / side);
  if (self->scaled == NULL || self->scaled_px != px)
    {
      g_clear_object (&self->scaled);
      self->scaled = ewe_qr_code_render (self, px);
      self->scaled_px = px;
    }

  size = (float)(side * px) / scale_factor;
  origin_x = floorf ((widget_width - size) / 2);
  origin_y = floorf ((widget_height - size) / 2);

  /* Centring in a parent can leave the widget at a fractional position;
   * land the code on the pixel grid anyway. */
  if (native != NULL &&
      gtk_widget_translate_coordinates (widget, GTK_WIDGET (native), 0, 0, &native_x, &native_y))
    {
      origin_x -= (float)(native_x * scale_factor - floor (native_x * scale_factor)) / scale_factor;
      origin_y -= (float)(native_y * scale_factor - floor (native_y * scale_factor)) / scale_factor;
    }

  gtk_snapshot_append_texture (snapshot, self->scaled,
                               &GRAPHENE_RECT_INIT (origin_x, origin_y, size, size));
}

static void
ewe_qr_code_measure (GtkWidget     *widget,
                     GtkOrientation orientation,
                     int            for_size,
                     int           *minimum,
                     int           *natural,
                     int           *minimum_baseline,
                     int           *natural_baseline)
{
  EweQrCode *self = EWE_QR_CODE (widget);
  int        side = self->width ? self->width + 2 * EWE_QR_CODE_QUIET_ZONE : 0;

  *minimum = side * MIN_MODULE_SIZE;
  *natural = side * MIN_MODULE_SIZE * 2;
}

static void
ewe_qr_code_finalize (GObject *object)
{
  EweQrCode *self = (EweQrCode *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->modules, g_free);
  g_clear_object (&self->texture);
  g_clear_object (&self->scaled);

  G_OBJECT_CLASS (ewe_qr_code_parent_class)->finalize (object);
}

static void
ewe_qr_code_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  EweQrCode *self = EWE_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_qr_code_class_init (EweQrCodeClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ewe_qr_code_finalize;
  object_class->get_property = ewe_qr_code_get_property;

  widget_class->snapshot = ewe_qr_code_snapshot;
  widget_class->measure = ewe_qr_code_measure;

  /* Read-only: setting it can fail, which only ewe_qr_code_set_text()
   * can say. */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "qrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ewe_qr_code_init (EweQrCode *self)
{
}

GtkWidget *
ewe_qr_code_new (void)
{
  return g_object_new (EWE_TYPE_QR_CODE, NULL);
}

const char *
ewe_qr_code_get_text (EweQrCode *self)
{
  g_return_val_if_fail (EWE_IS_QR_CODE (self), NULL);

  return self->text;
}

/**
 * ewe_qr_code_set_text:
 * @text: (nullable): what the code says; %NULL or "" draws nothing
 *
 * Returns: %FALSE, drawing nothing, when @text cannot be made into a code
 */
gboolean
ewe_qr_code_set_text (EweQrCode  *self,
                      const char *text,
                      GError    **error)
{
  gboolean changed;
  gboolean encoded;

  g_return_val_if_fail (EWE_IS_QR_CODE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Encoded again even when unchanged, so that a failure is said every
   * time it is asked. */
  changed = g_strcmp0 (self->text, text) != 0;
  g_free (self->text);
  self->text = g_strdup (text);
  encoded = ewe_qr_code_encode (self, error);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);

  return encoded;
}

/**
 * ewe_qr_code_get_texture:
 *
 * Returns: (transfer none) (nullable): the code with one pixel per module,
 *   quiet zone included, or %NULL when there is no text.
 */
GdkTexture *
ewe_qr_code_get_texture (EweQrCode *self)
{
  g_return_val_if_fail (EWE_IS_QR_CODE (self), NULL);

  return self->texture;
}
