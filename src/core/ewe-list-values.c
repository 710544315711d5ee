/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-list"

#include "config.h"

#include "ewe-export-format.h"
#include "ewe-list.h"
#include "ewe-properties-private.h"

/* The values a list is made of on the wire, apart from the object: event
 * dates as the API writes them ("31 October 2018") and the ids of drafts
 * the server has not seen yet ("local:<uuid>"), and a list's date and id
 * read as such. */

/* Month names are part of the wire format, not of the UI, so they are
 * never translated. */
static const char * const month_names[] = {
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
};

/* Whether @str says "no date": NULL, "" or "None", which the original
 * wrote when a date was cleared. */
gboolean
ewe_event_date_is_unset (const char *str)
{
  return str == NULL || *str == '\0' || g_str_equal (str, "None");
}

/* Parses "31 October 2018" (and, leniently, an ISO "2018-10-31") into a
 * date at midnight UTC. Returns NULL for no date (see
 * ewe_event_date_is_unset ()) or anything else it cannot read. */
GDateTime *
ewe_event_date_parse (const char *str)
{
  int year, month, day;

  if (ewe_event_date_is_unset (str) || !ewe_event_date_read (str, &year, &month, &day))
    return NULL;

  return g_date_time_new_utc (year, month, day, 0, 0, 0);
}

char *
ewe_event_date_format (GDateTime *date)
{
  if (date == NULL)
    return NULL;

  return g_strdup_printf ("%02d %s %04d",
                          g_date_time_get_day_of_month (date),
                          month_names[g_date_time_get_month (date) - 1],
                          g_date_time_get_year (date));
}

gboolean
ewe_id_is_local (const char *id)
{
  return id != NULL && g_str_has_prefix (id, EWE_LOCAL_ID_PREFIX);
}

char *
ewe_id_new_local (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat (EWE_LOCAL_ID_PREFIX, uuid, NULL);
}

GDateTime *
ewe_list_dup_event_datetime (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  return ewe_event_date_parse (ewe_list_get_event_date (self));
}

void
ewe_list_set_event_datetime (EweList   *self,
                             GDateTime *date)
{
  g_autofree char *str = ewe_event_date_format (date);

  g_return_if_fail (EWE_IS_LIST (self));

  ewe_list_set_event_date (self, str);
}

gboolean
ewe_list_is_local (EweList *self)
{
  g_return_val_if_fail (EWE_IS_LIST (self), FALSE);

  return ewe_id_is_local (ewe_list_get_id (self));
}

/* A detached copy, for handing values to another thread or keeping a
 * snapshot: the copy is never the live object the store updates. */
EweList *
ewe_list_copy (EweList *self)
{
  EweList *copy;

  g_return_val_if_fail (EWE_IS_LIST (self), NULL);

  copy = ewe_list_new ();
  ewe_list_update_from (copy, self);

  return copy;
}

/* Copies every value of @other into @self, notifying only what changed, so
 * that a widget bound to @self redraws only the fields that did change.
 * Returns whether anything changed. */
gboolean
ewe_list_update_from (EweList *self,
                      EweList *other)
{
  g_autofree GParamSpec **properties = NULL;
  guint                   n_properties = 0;

  g_return_val_if_fail (EWE_IS_LIST (self), FALSE);
  g_return_val_if_fail (EWE_IS_LIST (other), FALSE);

  properties = g_object_class_list_properties (G_OBJECT_GET_CLASS (self), &n_properties);
  return ewe_properties_update_from (G_OBJECT (self), G_OBJECT (other), properties, n_properties);
}
