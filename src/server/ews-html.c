/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-html"

#include "config.h"

#include <stdarg.h>

#include "ews-etag.h"
#include "ews-html.h"
#include "ews-json.h"

/* No script may run on our pages, whatever slips through: the policy is
 * the second wall behind escaping. Images come from the shops (any http(s)
 * host); styles only from our own stylesheet; forms only post to us. */
#define CONTENT_SECURITY_POLICY                                        \
  "default-src 'none'; img-src http: https: data:; style-src 'self'; " \
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/* Escapes the five characters that matter in text and in quoted attribute
 * values. Bytes that are not UTF-8 become U+FFFD rather than reaching the
 * page, where a browser might read them some other way. */
char *
ews_html_escape (const char *text)
{
  g_autofree char *valid = NULL;
  GString         *escaped;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  escaped = g_string_sized_new (strlen (valid) + 16);

  for (const char *p = valid; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (escaped, "&amp;");
          break;
        case '<':
          g_string_append (escaped, "&lt;");
          break;
        case '>':
          g_string_append (escaped, "&gt;");
          break;
        case '"':
          g_string_append (escaped, "&quot;");
          break;
        case '\'':
          g_string_append (escaped, "&#39;");
          break;
        default:
          g_string_append_c (escaped, *p);
          break;
        }
    }

  return g_string_free (escaped, FALSE);
}

/* Only absolute http(s) URLs with a host: javascript:, data:, vbscript:,
 * relative paths and anything that does not parse strictly are dropped. */
gboolean
ews_html_url_is_safe (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || url[0] == '\0' || !g_utf8_validate (url, -1, NULL))
    return FALSE;

  for (const char *p = url; *p != '\0'; p++)
    {
      if (g_ascii_iscntrl (*p) || *p == ' ')
        return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         host != NULL && host[0] != '\0';
}

void
ews_html_text (GString    *html,
               const char *text)
{
  g_autofree char *escaped = NULL;

  if (text == NULL)
    return;

  escaped = ews_html_escape (text);
  g_string_append (html, escaped);
}

void
ews_html_printf (GString    *html,
                 const char *format,
                 ...)
{
  g_autofree char *markup = NULL;
  va_list          args;

  /* g_markup escapes &, <, >, " and ' in every string argument, which
   * covers attribute values as well as text. */
  va_start (args, format);
  markup = g_markup_vprintf_escaped (format, args);
  va_end (args);

  g_string_append (html, markup);
}

void
ews_html_attr (GString    *html,
               const char *name,
               const char *value)
{
  if (value == NULL)
    return;

  g_string_append_printf (html, " %s=\"", name);
  ews_html_text (html, value);
  g_string_append_c (html, '"');
}

gboolean
ews_html_url_attr (GString    *html,
                   const char *name,
                   const char *url)
{
  if (!ews_html_url_is_safe (url))
    return FALSE;

  ews_html_attr (html, name, url);
  return TRUE;
}

void
ews_html_set_security_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  /* List and reservation ids in our URLs are the keys to them: never send
   * them to the shops a guest clicks through to. */
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  /* Every page is written in the language the browser asks for. */
  soup_message_headers_replace (headers, "Vary", "Accept-Language");
}

void
ews_html_reply_revalidatable (SoupServerMessage *msg,
                              GString           *html)
{
  g_autofree char *etag = ews_etag_for_bytes (html->str, html->len);

  ews_html_reply_revalidatable_tagged (msg, html, etag);
}

gboolean
ews_html_reply_if_fresh (SoupServerMessage *msg,
                         const char        *etag)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  ews_html_set_security_headers (msg);
  /* The page carries CSRF tokens bound to this browser's cookie: only the
   * browser may keep it, and it must ask each time. The tag covers the
   * tokens too, so a browser with another cookie never gets a 304. */
  soup_message_headers_replace (headers, "Cache-Control", "private, no-cache");
  return ews_etag_reply_if_fresh (msg, etag);
}

void
ews_html_reply_page_bytes (SoupServerMessage *msg,
                           GBytes            *page)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Type", "text/html; charset=utf-8");
  /* A reference, not a copy: a kept page's answer is made once, here. */
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), page);
}

void
ews_html_reply_revalidatable_tagged (SoupServerMessage *msg,
                                     GString           *html,
                                     const char        *etag)
{
  if (ews_html_reply_if_fresh (msg, etag))
    return;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, html->str, html->len);
}

void
ews_html_reply (SoupServerMessage *msg,
                guint              status,
                GString           *html)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize               length = html->len;

  ews_html_set_security_headers (msg);
  /* Pages show live counts and carry CSRF tokens: never from a cache. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  ews_reply_add_retry_after (msg, status);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    html->str, length);
}

void
ews_html_redirect (SoupServerMessage *msg,
                   const char        *location)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  ews_html_set_security_headers (msg);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Location", location);
  soup_server_message_set_status (msg, SOUP_STATUS_SEE_OTHER, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC, "", 0);
}
