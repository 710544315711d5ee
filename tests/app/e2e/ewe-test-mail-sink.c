/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-test-mail-sink"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "ewe-test-smtp.h"

/* The SMTP sink of tests/common as a program, for the end-to-end driver
 * (which is not C): it prints its smtp:// URL on one line, then writes
 * every message it receives to DIR/mail-NNN.eml, and the six-digit code in
 * it, if any, to DIR/mail-NNN.code. It runs until killed.
 *
 *   ewe-test-mail-sink DIR */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EweTestSmtp) smtp = NULL;
  g_autofree char *url = NULL;

  if (argc != 2)
    {
      g_printerr ("Usage: %s DIR\n", argv[0]);
      return 2;
    }

  if (g_mkdir_with_parents (argv[1], 0700) != 0)
    {
      g_printerr ("Cannot create %s\n", argv[1]);
      return 1;
    }

  smtp = ewe_test_smtp_new ();
  url = ewe_test_smtp_dup_url (smtp);
  g_print ("%s\n", url);
  fflush (stdout);

  for (guint i = 0;;)
    {
      g_autoptr(EweTestMail) mail = ewe_test_smtp_wait_for_message (smtp, i, 1000);
      g_autoptr(GError) error = NULL;
      g_autofree char *eml = NULL;
      g_autofree char *code = NULL;
      g_autofree char *code_path = NULL;

      if (mail == NULL)
        continue;

      /* The code first: the driver waits for the .eml, then reads both. */
      code = ewe_test_mail_dup_code (mail);
      if (code != NULL)
        {
          code_path = g_strdup_printf ("%s/mail-%03u.code", argv[1], i);
          if (!g_file_set_contents (code_path, code, -1, &error))
            g_printerr ("%s\n", error->message);
        }

      eml = g_strdup_printf ("%s/mail-%03u.eml", argv[1], i);
      if (!g_file_set_contents (eml, mail->data, -1, &error))
        g_printerr ("%s\n", error->message);

      i++;
    }

  return 0;
}
