/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ewe-list-row.h"
#include "ewe-resources.h"

/* A list's row in the sidebar says what the list is for and, when another
 * account created it and shares it, whose it is — and follows the list as
 * a pull changes it in place. */

static char *
dup_subtitle (GtkWidget *row)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *box = gtk_widget_get_first_child (gtk_widget_get_first_child (row));

  /* The column of the title and the subtitle. */
  for (GtkWidget *label = gtk_widget_get_first_child (box); label; label = gtk_widget_get_next_sibling (label))
    if (GTK_IS_LABEL (label) && gtk_widget_get_visible (label))
      {
        if (text->len > 0)
          g_string_append_c (text, '\n');
        g_string_append (text, gtk_label_get_text (GTK_LABEL (label)));
      }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_coowned_says_whose (void)
{
  g_autoptr(EweList) list = ewe_list_new ();
  GtkWidget       *row;
  g_autofree char *own = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *nameless = NULL;

  ewe_list_set_id (list, "2f9c6a5e-1b1e-4a57-9c2a-8e0f6f1d7c11");
  ewe_list_set_title (list, "Our wedding");
  ewe_list_set_occasion (list, "wedding");
  row = g_object_ref_sink (ewe_list_row_new (list));

  own = dup_subtitle (row);
  g_assert_null (strstr (own, "Shared"));

  /* A pull says it is Ada's, shared with this account. */
  ewe_list_set_coowned (list, TRUE);
  ewe_list_set_owner_name (list, "Ada");
  shared = dup_subtitle (row);
  g_assert_nonnull (strstr (shared, "Our wedding\nShared by Ada · "));

  ewe_list_set_owner_name (list, NULL);
  nameless = dup_subtitle (row);
  g_assert_nonnull (strstr (nameless, "Shared with you · "));

  g_object_unref (row);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ewe_register_resource ();

  g_test_add_func ("/app/list-row/coowned-says-whose", test_coowned_says_whose);

  return g_test_run ();
}
