/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-properties"

#include "config.h"

#include "ewe-properties-private.h"

/* The one body of every model's _update_from (): each model used to compare
 * and set its fields one by one, and a field added to the class but not
 * there was silently never copied.
 *
 * Copies each writable property in @properties (a class's properties []
 * array, NULL at PROP_0) from @other into @self, in the order of the array,
 * and only where the values differ, so that a widget bound to @self redraws
 * only the fields that changed. Read-only properties are derived from the
 * others and are left alone. Returns whether anything changed. */
gboolean
ewe_properties_update_from (GObject     *self,
                            GObject     *other,
                            GParamSpec **properties,
                            guint        n_properties)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (G_IS_OBJECT (self), FALSE);
  g_return_val_if_fail (G_IS_OBJECT (other), FALSE);
  g_return_val_if_fail (G_OBJECT_TYPE (other) == G_OBJECT_TYPE (self), FALSE);

  g_object_freeze_notify (self);
  for (guint i = 0; i < n_properties; i++)
    {
      GParamSpec *pspec = properties[i];
      g_auto(GValue) mine = G_VALUE_INIT;
      g_auto(GValue) theirs = G_VALUE_INIT;

      if (pspec == NULL || !(pspec->flags & G_PARAM_WRITABLE))
        continue;

      g_value_init (&mine, pspec->value_type);
      g_value_init (&theirs, pspec->value_type);
      g_object_get_property (self, pspec->name, &mine);
      g_object_get_property (other, pspec->name, &theirs);

      if (g_param_values_cmp (pspec, &mine, &theirs) != 0)
        {
          g_object_set_property (self, pspec->name, &theirs);
          changed = TRUE;
        }
    }
  g_object_thaw_notify (self);

  return changed;
}
