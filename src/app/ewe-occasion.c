/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-occasion"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "ewe-occasion.h"

/* The original web client's occasions: the English name is what goes on
 * the wire, and its image path is the one the original derived from it
 * ("/images/" + the name in lower case without spaces + "-default-2.png"),
 * so lists look the same on both. Wedding is ours: people asked for it. */
/* clang-format off */
static const struct
{
  const char *name;
  const char *label;
  const char *key;
} occasions[] = {
  { "Baby Shower", N_("Baby Shower"), "babyshower" },
  { "Wedding",     N_("Wedding"),     "wedding" },
  { "Birthday",    N_("Birthday"),    "birthday" },
  { "Christmas",   N_("Christmas"),   "christmas" },
  { "Baptism",     N_("Baptism"),     "baptism" },
  { "Christening", N_("Christening"), "christening" },
  { "Other",       N_("Other"),       "other" },
};
/* clang-format on */

static char *image_urls[G_N_ELEMENTS (occasions)];
static char *resources[G_N_ELEMENTS (occasions)];

guint
ewe_occasion_get_n_items (void)
{
  return G_N_ELEMENTS (occasions);
}

const char *
ewe_occasion_get_name (guint position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (occasions), NULL);

  return occasions[position].name;
}

const char *
ewe_occasion_get_label (guint position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (occasions), NULL);

  return _(occasions[position].label);
}

/* Returns GTK_INVALID_LIST_POSITION for a name that is not ours. */
guint
ewe_occasion_find (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (occasions); i++)
    if (g_strcmp0 (occasions[i].name, name) == 0)
      return i;

  return GTK_INVALID_LIST_POSITION;
}

const char *
ewe_occasion_get_image_url (guint position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (occasions), NULL);

  if (image_urls[position] == NULL)
    image_urls[position] = g_strdup_printf ("/images/%s-default-2.png", occasions[position].key);

  return image_urls[position];
}

const char *
ewe_occasion_get_resource (guint position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (occasions), NULL);

  if (resources[position] == NULL)
    resources[position] = g_strdup_printf ("/org/ewelists/App/images/occasions/%s.svg", occasions[position].key);

  return resources[position];
}

const char *
ewe_occasion_label_for_name (const char *name)
{
  guint position = ewe_occasion_find (name);

  if (position == GTK_INVALID_LIST_POSITION)
    return name;

  return ewe_occasion_get_label (position);
}

char *
ewe_occasion_format_event_date (GDateTime *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  /* Translators: how an event date is shown, see g_date_time_format() */
  /* xgettext:no-c-format */
  return g_date_time_format (date, C_("event date", "%-d %B %Y"));
}
