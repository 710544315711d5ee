/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-thank-yous"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-thank-yous.h"

static void
thank_you_gift_free (EweThankYouGift *gift)
{
  g_clear_object (&gift->gift);
  g_free (gift->description);
  g_free (gift);
}

void
ewe_thank_you_free (EweThankYou *row)
{
  if (row == NULL)
    return;

  g_free (row->name);
  g_free (row->email);
  g_clear_pointer (&row->gifts, g_ptr_array_unref);
  g_free (row);
}

/**
 * ewe_thank_you_gift_describe:
 *
 * Returns: how the Thank-yous name @gift: its brand and what it is.
 */
char *
ewe_thank_you_gift_describe (EweGift *gift)
{
  const char *brand = ewe_gift_get_brand (gift);
  const char *details = ewe_gift_get_details (gift);

  if (brand != NULL && *brand != '\0' && details != NULL && *details != '\0')
    /* Translators: a gift on the Thank-yous: its brand, then what it is ("Acme Teapot"). */
    return g_strdup_printf (_("%1$s %2$s"), brand, details);
  if (details != NULL && *details != '\0')
    return g_strdup (details);
  if (brand != NULL && *brand != '\0')
    return g_strdup (brand);
  return g_strdup (_("A gift"));
}

static EweGift *
find_gift (GListModel *gifts,
           const char *product_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (gifts); i++)
    {
      g_autoptr(EweGift) gift = g_list_model_get_item (gifts, i);

      if (g_strcmp0 (ewe_gift_get_product_id (gift), product_id) == 0)
        return g_steal_pointer (&gift);
    }
  return NULL;
}

static int
compare_givers (gconstpointer a,
                gconstpointer b)
{
  const EweThankYou *x = *(EweThankYou **)a;
  const EweThankYou *y = *(EweThankYou **)b;
  g_autofree char   *kx = g_utf8_collate_key (x->name, -1);
  g_autofree char   *ky = g_utf8_collate_key (y->name, -1);
  int                cmp = g_strcmp0 (kx, ky);

  return cmp != 0 ? cmp : g_ascii_strcasecmp (x->email, y->email);
}

/**
 * ewe_thank_yous_collect:
 * @gifts: (element-type EweGift): the list's gifts
 * @reservations: (element-type EweReservation): its reservations
 *
 * Returns: (transfer full) (element-type EweThankYou): one row per giver
 * (one address, whatever case it was typed in), by name; cancelled
 * reservations left out.
 */
GPtrArray *
ewe_thank_yous_collect (GListModel *gifts,
                        GListModel *reservations)
{
  g_autoptr(GHashTable) by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)ewe_thank_you_free);

  for (guint i = 0; i < g_list_model_get_n_items (reservations); i++)
    {
      g_autoptr(EweReservation) r = g_list_model_get_item (reservations, i);
      g_autofree char *key = NULL;
      EweThankYouGift *entry;
      EweThankYou     *row;

      if (ewe_reservation_get_state (r) == EWE_RESERVATION_STATE_CANCELLED)
        continue;

      key = g_ascii_strdown (ewe_reservation_get_email (r), -1);
      row = g_hash_table_lookup (by_email, key);
      if (row == NULL)
        {
          row = g_new0 (EweThankYou, 1);
          row->name = g_strdup (ewe_reservation_get_name (r));
          row->email = g_strdup (ewe_reservation_get_email (r));
          row->gifts = g_ptr_array_new_with_free_func ((GDestroyNotify)thank_you_gift_free);
          row->thanked = TRUE;
          g_hash_table_insert (by_email, g_steal_pointer (&key), row);
          g_ptr_array_add (rows, row);
        }

      entry = g_new0 (EweThankYouGift, 1);
      entry->gift = find_gift (gifts, ewe_reservation_get_product_id (r));
      entry->description = entry->gift != NULL ? ewe_thank_you_gift_describe (entry->gift)
                                               : g_strdup (_("A gift no longer on the list"));
      entry->quantity = ewe_reservation_get_quantity (r);
      entry->purchased = ewe_reservation_get_state (r) == EWE_RESERVATION_STATE_PURCHASED;
      g_ptr_array_add (row->gifts, entry);
      row->thanked = row->thanked && ewe_reservation_get_thanked (r);
    }

  g_ptr_array_sort (rows, compare_givers);
  return rows;
}

guint
ewe_thank_yous_count_to_thank (GPtrArray *rows)
{
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    n += !((EweThankYou *)g_ptr_array_index (rows, i))->thanked;
  return n;
}

/**
 * ewe_thank_yous_to_text:
 * @rows: (element-type EweThankYou): from ewe_thank_yous_collect()
 * @list_title: the list's title
 *
 * Returns: the Thank-yous as plain text, for the clipboard: the list, how
 * many givers are still to thank, then each giver with what they gave.
 */
char *
ewe_thank_yous_to_text (GPtrArray  *rows,
                        const char *list_title)
{
  GString *text = g_string_new (NULL);
  guint    to_thank = ewe_thank_yous_count_to_thank (rows);

  /* Translators: the first line of the Thank-yous copied as text; %s is the list's title. */
  g_string_append_printf (text, _("Thank-yous for “%s”"), list_title);
  g_string_append_c (text, '\n');
  if (rows->len == 0)
    g_string_append (text, _("Nobody has given a gift yet."));
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Still to thank: %u of %u giver", "Still to thank: %u of %u givers", rows->len),
                            to_thank, rows->len);
  g_string_append_c (text, '\n');

  for (guint i = 0; i < rows->len; i++)
    {
      EweThankYou *row = g_ptr_array_index (rows, i);

      g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s <%s> — %s\n", row->name, row->email,
                              row->thanked ? _("thanked") : _("still to thank"));
      for (guint j = 0; j < row->gifts->len; j++)
        {
          EweThankYouGift *gift = g_ptr_array_index (row->gifts, j);
          gboolean         received = gift->gift != NULL && ewe_gift_get_received (gift->gift);

          /* Translators: one gift under a giver on the Thank-yous copied as
           * text: what it is, how many, and whether it has arrived. */
          g_string_append_printf (text, _("  • %1$s × %2$d, %3$s\n"), gift->description, gift->quantity,
                                           received ? _("received") : _("not received yet"));
        }
    }

  return g_string_free (text, FALSE);
}
