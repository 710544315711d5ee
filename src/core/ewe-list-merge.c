/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-list"

#include "config.h"

#include "ewe-list.h"

/* Two copies of a list edited apart (two devices, two co-owners) and the
 * copy both started from: which edits conflict, and the merge of the rest
 * (the outbox's three-way merge, ewe-store-sync.c). */

/* Whether two texts say the same to a person: an empty field and a
 * missing one do. */
gboolean
ewe_text_same (const char *a,
               const char *b)
{
  return g_strcmp0 (a != NULL && a[0] != '\0' ? a : NULL,
                    b != NULL && b[0] != '\0' ? b : NULL) == 0;
}

/* The fields the owner edits that @mine and @theirs both changed from
 * @base, to different values: the edits that conflict, by property name
 * ("title", "description", "occasion", "event-date", "image-url",
 * "currency", "reveal-date").
 * Returns %NULL when there is no conflict. */
GStrv
ewe_list_conflicting_fields (EweList *base,
                             EweList *mine,
                             EweList *theirs)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) fields = NULL;
  struct
  {
    const char *name;
    const char *base, *mine, *theirs;
  } edited[] = {
    { "title", ewe_list_get_title (base), ewe_list_get_title (mine), ewe_list_get_title (theirs) },
    { "description", ewe_list_get_description (base), ewe_list_get_description (mine), ewe_list_get_description (theirs) },
    { "occasion", ewe_list_get_occasion (base), ewe_list_get_occasion (mine), ewe_list_get_occasion (theirs) },
    { "event-date", ewe_list_get_event_date (base), ewe_list_get_event_date (mine), ewe_list_get_event_date (theirs) },
    { "image-url", ewe_list_get_image_url (base), ewe_list_get_image_url (mine), ewe_list_get_image_url (theirs) },
    { "currency", ewe_list_get_currency (base), ewe_list_get_currency (mine), ewe_list_get_currency (theirs) },
    { "reveal-date", ewe_list_get_reveal_date (base), ewe_list_get_reveal_date (mine), ewe_list_get_reveal_date (theirs) },
  };

  g_return_val_if_fail (EWE_IS_LIST (base), NULL);
  g_return_val_if_fail (EWE_IS_LIST (mine), NULL);
  g_return_val_if_fail (EWE_IS_LIST (theirs), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (edited); i++)
    if (!ewe_text_same (edited[i].mine, edited[i].base) &&
        !ewe_text_same (edited[i].theirs, edited[i].base) &&
        !ewe_text_same (edited[i].mine, edited[i].theirs))
      g_strv_builder_add (builder, edited[i].name);

  fields = g_strv_builder_end (builder);
  if (fields[0] == NULL)
    return NULL;

  return g_steal_pointer (&fields);
}

/* A three-way merge of the fields the owner edits: each as @mine has it if
 * @mine changed it from @base, else as @theirs has it. The rest (id,
 * state, owner…) comes from @mine. Returns a new detached list. */
EweList *
ewe_list_merge_edits (EweList *base,
                      EweList *mine,
                      EweList *theirs)
{
  EweList *merged;

  g_return_val_if_fail (EWE_IS_LIST (base), NULL);
  g_return_val_if_fail (EWE_IS_LIST (mine), NULL);
  g_return_val_if_fail (EWE_IS_LIST (theirs), NULL);

  merged = ewe_list_copy (mine);
  if (ewe_text_same (ewe_list_get_title (mine), ewe_list_get_title (base)))
    ewe_list_set_title (merged, ewe_list_get_title (theirs));
  if (ewe_text_same (ewe_list_get_description (mine), ewe_list_get_description (base)))
    ewe_list_set_description (merged, ewe_list_get_description (theirs));
  if (ewe_text_same (ewe_list_get_occasion (mine), ewe_list_get_occasion (base)))
    ewe_list_set_occasion (merged, ewe_list_get_occasion (theirs));
  if (ewe_text_same (ewe_list_get_event_date (mine), ewe_list_get_event_date (base)))
    ewe_list_set_event_date (merged, ewe_list_get_event_date (theirs));
  if (ewe_text_same (ewe_list_get_image_url (mine), ewe_list_get_image_url (base)))
    ewe_list_set_image_url (merged, ewe_list_get_image_url (theirs));
  if (ewe_text_same (ewe_list_get_currency (mine), ewe_list_get_currency (base)))
    ewe_list_set_currency (merged, ewe_list_get_currency (theirs));
  if (ewe_text_same (ewe_list_get_reveal_date (mine), ewe_list_get_reveal_date (base)))
    ewe_list_set_reveal_date (merged, ewe_list_get_reveal_date (theirs));

  return merged;
}
