/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <gtk/gtk.h>

#include "ewe-bench-pictures.h"
#include "ewe-gift.h"

static GBytes *pictures[EWE_BENCH_N_PICTURES];

/* Each a different gradient, so no two decode to the same texture. */
void
ewe_bench_pictures_make (void)
{
  const int size = 256;

  for (guint p = 0; p < EWE_BENCH_N_PICTURES; p++)
    {
      g_autoptr(GByteArray) pixels = g_byte_array_sized_new (size * size * 4);
      g_autoptr(GBytes) data = NULL;
      g_autoptr(GdkTexture) texture = NULL;

      for (int i = 0; i < size * size; i++)
        {
          guint8 bgra[4] = { (guint8)(p * 30), (guint8)(i % size), (guint8)(i / size), 0xff };

          g_byte_array_append (pixels, bgra, 4);
        }
      data = g_byte_array_free_to_bytes (g_steal_pointer (&pixels));
      texture = gdk_memory_texture_new (size, size, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, data, size * 4);
      pictures[p] = gdk_texture_save_to_png_bytes (texture);
    }
}

void
ewe_bench_pictures_free (void)
{
  for (guint p = 0; p < EWE_BENCH_N_PICTURES; p++)
    g_clear_pointer (&pictures[p], g_bytes_unref);
}

GPtrArray *
ewe_bench_gifts_new (const char *id_prefix,
                     guint       n,
                     const char *pictures_base)
{
  GPtrArray *gifts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      EweGift         *gift = ewe_gift_new ();
      g_autofree char *pid = g_strdup_printf ("%s-%u", id_prefix, i);
      g_autofree char *details = g_strdup_printf ("Gift number %u with a longer name to wrap", i);
      g_autofree char *price = g_strdup_printf ("%u.%02u", i % 500, i % 100);
      g_autofree char *image = g_strdup_printf ("%s/img/%u", pictures_base, i % EWE_BENCH_N_PICTURES);

      ewe_gift_set_product_id (gift, pid);
      ewe_gift_set_brand (gift, "Brand");
      ewe_gift_set_details (gift, details);
      ewe_gift_set_price (gift, price);
      ewe_gift_set_quantity (gift, 1 + i % 3);
      ewe_gift_set_reserved (gift, i % 2);
      ewe_gift_set_image_url (gift, image);
      g_ptr_array_add (gifts, gift);
    }

  return gifts;
}

/* A SoupServer handler for /img/<n>. */
void
ewe_bench_pictures_serve (SoupServer        *server,
                          SoupServerMessage *msg,
                          const char        *path,
                          GHashTable        *query,
                          gpointer           user_data)
{
  guint64 index;

  if (!g_str_has_prefix (path, "/img/") ||
      !g_ascii_string_to_unsigned (path + 5, 10, 0, EWE_BENCH_N_PICTURES - 1, &index, NULL) ||
      pictures[index] == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (pictures[index], NULL),
                                    g_bytes_get_size (pictures[index]));
}
