/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-conflict-toast"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-conflict-toast.h"
#include "ewe-toasts.h"

/* When a list or a gift was edited both here and on another device, the
 * store keeps this device's fields (see EweStore::conflict and
 * ::gift-conflict). The toast says so, and its button puts the other
 * device's values back, as one more edit (ewe_store_take_theirs_async()). */

typedef struct
{
  const char *field;
  const char *name;
} FieldName;

static const char *
field_name (const char *field)
{
  static const FieldName names[] = {
    /* Translators: these complete "your … was kept" */
    { "title", N_("title") },
      { "description", N_("description") },
        { "occasion", N_("occasion") },
          { "event-date", N_("event date") },
            { "image-url", N_("picture") },
              { "reveal-date", N_("reveal date") },
            };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i].field, field))
      return _(names[i].name);

  return field;
}

/* "“Birthday” was also changed on another device: your title and event
 * date were kept" */
char *
ewe_conflict_describe (EweList            *list,
                       EweList            *theirs,
                       const char * const *fields)
{
  g_autoptr(GString) which = g_string_new (NULL);
  guint n_fields;

  g_return_val_if_fail (EWE_IS_LIST (list), NULL);
  g_return_val_if_fail (fields != NULL && fields[0] != NULL, NULL);

  n_fields = g_strv_length ((GStrv)fields);
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0 && i == n_fields - 1)
        /* Translators: between the last two of several field names */
        g_string_append (which, _(" and "));
      else if (i > 0)
        g_string_append (which, ", ");
      g_string_append (which, field_name (fields[i]));
    }

  return g_strdup_printf (ngettext ("“%s” was also changed on another device: your %s was kept",
                                    "“%s” was also changed on another device: your %s were kept",
                                    n_fields),
                          ewe_list_get_title (list), which->str);
}

static void
taken_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GWeakRef *overlay_ref = user_data;
  g_autoptr(AdwToastOverlay) overlay = g_weak_ref_get (overlay_ref);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (overlay_ref);
  g_free (overlay_ref);

  if (!ewe_store_take_theirs_finish (EWE_STORE (object), result, &error) && overlay != NULL)
    {
      g_autofree char *title = NULL;

      /* Translators: %s says why and what to do, e.g. "The disk is full:
       * free some space and try again" */
      title = g_strdup_printf (_("Could not use the other device’s version: %s"), error->message);
      ewe_toast_overlay_add (overlay, ewe_toast_new_escaped (title));
    }
}

static void
use_theirs_cb (AdwToast *toast,
               gpointer  user_data)
{
  EweStore           *store = g_object_get_data (G_OBJECT (toast), "ewe-store");
  GObject            *ours = g_object_get_data (G_OBJECT (toast), "ewe-ours");
  GObject            *theirs = g_object_get_data (G_OBJECT (toast), "ewe-theirs");
  const char * const *fields = g_object_get_data (G_OBJECT (toast), "ewe-fields");
  GWeakRef           *overlay_ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (overlay_ref, g_object_get_data (G_OBJECT (toast), "ewe-overlay"));
  ewe_store_take_theirs_async (store, ours, theirs, fields, NULL, taken_cb, overlay_ref);
}

/* The toast both kinds of conflict share: @title, "Use Theirs", and what
 * ewe_store_take_theirs_async() needs: the store, the live object, a copy
 * of theirs and the clashing fields; @overlay shows why, if it fails. */
static AdwToast *
use_theirs_toast_new (const char         *title,
                      EweStore           *store,
                      AdwToastOverlay    *overlay,
                      GObject            *ours,
                      GObject            *theirs_copy,
                      const char * const *fields)
{
  AdwToast *toast = ewe_toast_new_escaped (title);

  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("Use _Theirs"));
  g_object_set_data_full (G_OBJECT (toast), "ewe-store", g_object_ref (store), g_object_unref);
  /* Not owned: the overlay owns the toast while it is shown. */
  g_object_set_data (G_OBJECT (toast), "ewe-overlay", overlay);
  g_object_set_data_full (G_OBJECT (toast), "ewe-ours", g_object_ref (ours), g_object_unref);
  g_object_set_data_full (G_OBJECT (toast), "ewe-theirs", theirs_copy, g_object_unref);
  g_object_set_data_full (G_OBJECT (toast), "ewe-fields", g_strdupv ((GStrv)fields), (GDestroyNotify)g_strfreev);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (use_theirs_cb), NULL);

  return toast;
}

/* Returns a new toast; the caller adds it to an overlay. */
AdwToast *
ewe_conflict_toast_new (EweStore           *store,
                        AdwToastOverlay    *overlay,
                        EweList            *list,
                        EweList            *theirs,
                        const char * const *fields)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (EWE_IS_STORE (store), NULL);
  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (overlay), NULL);
  g_return_val_if_fail (EWE_IS_LIST (list), NULL);
  g_return_val_if_fail (EWE_IS_LIST (theirs), NULL);

  title = ewe_conflict_describe (list, theirs, fields);

  return use_theirs_toast_new (title, store, overlay, G_OBJECT (list), G_OBJECT (ewe_list_copy (theirs)), fields);
}

/* "“Teapot” was also changed on another device: your quantity was kept" */
char *
ewe_gift_conflict_describe (EweGift            *gift,
                            const char * const *fields)
{
  const char *name;
  gboolean    quantity;
  gboolean    notes;

  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  name = ewe_gift_get_details (gift);
  if (name == NULL || name[0] == '\0')
    name = _("A gift");
  quantity = g_strv_contains (fields, "quantity");
  notes = g_strv_contains (fields, "notes");

  if (quantity && notes)
    return g_strdup_printf (_("“%s” was also changed on another device: your quantity and notes were kept"), name);
  if (notes)
    return g_strdup_printf (_("“%s” was also changed on another device: your notes were kept"), name);
  return g_strdup_printf (_("“%s” was also changed on another device: your quantity was kept"), name);
}

/* Returns a new toast; the caller adds it to an overlay. */
AdwToast *
ewe_gift_conflict_toast_new (EweStore           *store,
                             AdwToastOverlay    *overlay,
                             EweGift            *gift,
                             EweGift            *theirs,
                             const char * const *fields)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (EWE_IS_STORE (store), NULL);
  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (overlay), NULL);
  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);
  g_return_val_if_fail (EWE_IS_GIFT (theirs), NULL);

  title = ewe_gift_conflict_describe (gift, fields);

  return use_theirs_toast_new (title, store, overlay, G_OBJECT (gift), G_OBJECT (ewe_gift_copy (theirs)), fields);
}
