/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-browser-sign-in"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "ewe-auth.h"
#include "ewe-browser-sign-in-private.h"

/* The browser sign-in's small parts (ewe-browser-sign-in.c has the flow):
 * PKCE's verifier and challenge, the state and the nonce, and the page the
 * browser's tab shows at the end. */

/* --- PKCE, state and nonce ------------------------------------------------ */

/* @n_bytes from the kernel's generator, as base64url without padding. */
char *
ewe_browser_sign_in_random_token (gsize    n_bytes,
                                  GError **error)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  g_autofree char   *base64 = NULL;
  gsize              done = 0;

  while (done < n_bytes)
    {
      ssize_t got = getrandom (bytes + done, n_bytes - done, 0);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved_errno = errno;

          g_set_error (error, EWE_AUTH_ERROR, EWE_AUTH_ERROR_FAILED,
                       _("Could not draw random numbers to sign in with (%s)"), g_strerror (saved_errno));
          return NULL;
        }
      done += (gsize)got;
    }

  base64 = g_base64_encode (bytes, n_bytes);
  memset (bytes, 0, n_bytes);
  g_strdelimit (base64, "+", '-');
  g_strdelimit (base64, "/", '_');
  g_strdelimit (base64, "=", '\0');

  return g_strdup (base64);
}

/* RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
char *
ewe_browser_sign_in_code_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize  length = sizeof digest;
  char  *base64;

  g_checksum_update (checksum, (const guchar *)verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &length);
  base64 = g_base64_encode (digest, length);
  g_strdelimit (base64, "+", '-');
  g_strdelimit (base64, "/", '_');
  g_strdelimit (base64, "=", '\0');

  return base64;
}

/* Answers the browser's tab with a small page in the desktop's language;
 * @message is NULL when signed in. */
void
ewe_browser_sign_in_answer (SoupServerMessage *msg,
                            guint              status,
                            const char        *message)
{
  g_autofree char    *title = g_markup_escape_text (message == NULL ? _("Signed In") : _("Not Signed In"), -1);
  g_autofree char    *text = g_markup_escape_text (message == NULL ? _("You can go back to Ewelists.") : message, -1);
  g_autofree char    *html = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  html = g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                          "<meta name=\"color-scheme\" content=\"light dark\">"
                          "<title>%s</title>"
                          "<style>body{font-family:Cantarell,system-ui,sans-serif;max-width:30em;"
                          "margin:4em auto;padding:0 1em;text-align:center}</style></head>"
                          "<body><h1>%s</h1><p>%s</p></body></html>\n",
                          title, title, text);

  /* Nothing on the page needs to run or be fetched, and nothing but this
   * tab may show it. */
  soup_message_headers_replace (headers, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, html, strlen (html));
}
