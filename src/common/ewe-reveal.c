/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-reveal"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ewe-export-format.h"
#include "ewe-reveal.h"

/**
 * ewe_reveal_date_is_valid:
 * @date: a day as the API writes reveal dates, "2027-06-02"
 *
 * Whether @date is a real day written YYYY-MM-DD, and nothing else.
 */
gboolean
ewe_reveal_date_is_valid (const char *date)
{
  int year, month, day;

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;
  if (sscanf (date, "%4d-%2d-%2d", &year, &month, &day) != 3)
    return FALSE;

  return year >= 1 && g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year);
}

/**
 * ewe_reveal_effective_date:
 * @event_date: (nullable): the list's event date as the API writes it
 * @reveal_date: (nullable): the reveal date its owner chose, YYYY-MM-DD
 *
 * Returns: (nullable): the day the list reveals who gave what, YYYY-MM-DD:
 * @reveal_date when valid, else the day after @event_date, else NULL.
 */
char *
ewe_reveal_effective_date (const char *event_date,
                           const char *reveal_date)
{
  GDate date;
  int   year, month, day;

  if (ewe_reveal_date_is_valid (reveal_date))
    return g_strdup (reveal_date);

  if (!ewe_event_date_read (event_date, &year, &month, &day))
    return NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay)day, (GDateMonth)month, (GDateYear)year);
  g_date_add_days (&date, 1);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/**
 * ewe_reveal_has_come:
 * @effective_date: (nullable): what ewe_reveal_effective_date() returned
 * @now_unix_seconds: the time now
 *
 * Returns: whether the UTC day of @now_unix_seconds is @effective_date or
 * later; TRUE when there is no date, since there is no surprise to keep.
 */
gboolean
ewe_reveal_has_come (const char *effective_date,
                     gint64      now_unix_seconds)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *today = NULL;

  if (effective_date == NULL)
    return TRUE;

  now = g_date_time_new_from_unix_utc (now_unix_seconds);
  if (now == NULL)
    return FALSE;
  today = g_date_time_format (now, "%Y-%m-%d");

  /* Both YYYY-MM-DD: they sort as text as they do as days. */
  return strcmp (today, effective_date) >= 0;
}
