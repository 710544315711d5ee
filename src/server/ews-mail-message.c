/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-mail-message"

#include "config.h"

#include "ews-jwt.h"
#include "ews-mail-message.h"

/* RFC 2047: an encoded word is at most 75 characters; 45 bytes of UTF-8
 * become 60 characters of base64, which leaves room for "=?UTF-8?B?…?=". */
#define ENCODED_WORD_BYTES 45
#define BASE64_LINE 76
/* RFC 5321's limit on an address, and our cap on a subject line. */
#define MAX_ADDRESS_LENGTH 254
#define MAX_SUBJECT_CHARS 200

/* The quark name is one token with dashes: clang-format would space them. */
/* clang-format off */
G_DEFINE_QUARK (ews-mail-error-quark, ews_mail_error)
/* clang-format on */

void
ews_mail_content_free (EwsMailContent *content)
{
  if (content == NULL)
    return;

  g_free (content->subject);
  g_free (content->text);
  g_free (content->html);
  g_free (content);
}

/* An address at localhost has no dot in its domain, so it is not one a user
 * may type; but it is a fine configured address (the defaults are), so the
 * server may send to and from it. */
static gboolean
is_local_address (const char *address)
{
  g_autofree char *dotted = NULL;

  if (address == NULL || !g_str_has_suffix (address, "@localhost"))
    return FALSE;

  dotted = g_strconcat (address, ".localdomain", NULL);
  return ewe_email_is_valid (dotted);
}

/* Mail from no-reply@localhost is refused or binned by most receiving
 * servers, and says nothing of who sent it; the public URL's host names
 * the service. An IP address or a one-label host ("localhost", a test
 * machine) is no mail domain, so those keep the local sender. */
char *
ews_mail_default_sender (const char *public_url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  g_autofree char *address = NULL;

  if (public_url != NULL)
    uri = g_uri_parse (public_url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && g_uri_get_host (uri) != NULL && !g_hostname_is_ip_address (g_uri_get_host (uri)))
    {
      host = g_ascii_strdown (g_uri_get_host (uri), -1);
      while (g_str_has_suffix (host, "."))
        host[strlen (host) - 1] = '\0';
      address = g_strconcat ("no-reply@", host, NULL);
    }

  if (address == NULL || !ewe_email_is_valid (address))
    return g_strdup ("Ewelists <no-reply@localhost>");

  return g_strconcat ("Ewelists <", address, ">", NULL);
}

char *
ews_mail_address_from_mailbox (const char *mailbox)
{
  const char      *open;
  const char      *close;
  g_autofree char *address = NULL;

  if (mailbox == NULL)
    return NULL;

  open = strrchr (mailbox, '<');
  close = open != NULL ? strchr (open, '>') : NULL;

  if (open != NULL && close != NULL)
    address = g_strndup (open + 1, close - open - 1);
  else
    address = g_strstrip (g_strdup (mailbox));

  if (!ewe_email_is_valid (address) && !is_local_address (address))
    return NULL;

  return g_steal_pointer (&address);
}

/* Control characters (CR and LF above all) become spaces, so that no value
 * can end a header and start another. */
static char *
single_line (const char *text,
             glong       max_chars)
{
  g_autoptr(GString) out = g_string_new (NULL);
  glong n = 0;

  for (const char *p = text; *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  return g_strstrip (g_string_free (g_steal_pointer (&out), FALSE));
}

static gboolean
is_plain_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar)*p < 0x20 || (guchar)*p >= 0x7f || *p == '=' || *p == '?')
        return FALSE;
    }

  return TRUE;
}

/* Encodes @text as RFC 2047 B encoded words, never cutting a character in
 * two, separated by folding white space. */
static void
append_encoded_words (GString    *out,
                      const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char      *end = p;
      g_autofree char *encoded = NULL;

      while (*end != '\0')
        {
          const char *next = g_utf8_next_char (end);

          if (next - p > ENCODED_WORD_BYTES)
            break;
          end = next;
        }

      if (p != text)
        g_string_append (out, "\r\n ");

      encoded = g_base64_encode ((const guchar *)p, end - p);
      g_string_append_printf (out, "=?UTF-8?B?%s?=", encoded);
      p = end;
    }
}

/* A display name: as a quoted string when it is plain ASCII, encoded words
 * otherwise. */
static void
append_display_name (GString    *out,
                     const char *name)
{
  if (is_plain_ascii (name))
    {
      g_string_append_c (out, '"');
      for (const char *p = name; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    {
      append_encoded_words (out, name);
    }
}

static void
append_mailbox (GString    *out,
                const char *name,
                const char *address)
{
  g_autofree char *clean = name != NULL ? single_line (name, 100) : NULL;

  if (clean == NULL || clean[0] == '\0')
    {
      g_string_append (out, address);
      return;
    }

  append_display_name (out, clean);
  g_string_append_printf (out, " <%s>", address);
}

/* The From header keeps the configured display name. */
static char *
display_name_from_mailbox (const char *mailbox)
{
  const char      *open = strrchr (mailbox, '<');
  g_autofree char *name = NULL;

  if (open == NULL)
    return NULL;

  name = g_strstrip (g_strndup (mailbox, open - mailbox));
  if (name[0] == '"' && strlen (name) >= 2 && name[strlen (name) - 1] == '"')
    {
      char *inner = g_strndup (name + 1, strlen (name) - 2);
      g_free (name);
      name = inner;
    }

  return g_steal_pointer (&name);
}

/* RFC 5322 dates name days and months in English whatever the locale, so
 * they are not left to strftime. */
static char *
format_date (GDateTime *date)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autofree char          *zone = g_date_time_format (date, "%z");

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d %s",
                          days[g_date_time_get_day_of_week (date) - 1],
                          g_date_time_get_day_of_month (date),
                          months[g_date_time_get_month (date) - 1],
                          g_date_time_get_year (date),
                          g_date_time_get_hour (date),
                          g_date_time_get_minute (date),
                          g_date_time_get_second (date),
                          zone);
}

static char *
random_hex (gsize n_bytes)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  GString           *out = g_string_sized_new (n_bytes * 2);

  if (!ews_random_bytes (bytes, n_bytes, NULL))
    {
      /* Only uniqueness matters here, not secrecy. */
      for (gsize i = 0; i < n_bytes; i++)
        bytes[i] = (guint8)g_random_int ();
    }

  for (gsize i = 0; i < n_bytes; i++)
    g_string_append_printf (out, "%02x", bytes[i]);

  return g_string_free (out, FALSE);
}

/* Canonical text for MIME: CRLF line ends, then base64 in 76-column lines. */
static void
append_base64_body (GString    *out,
                    const char *text)
{
  g_autoptr(GString) canonical = g_string_new (NULL);
  g_autofree char *encoded = NULL;
  gsize            length;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n' && (p == text || p[-1] != '\r'))
        g_string_append_c (canonical, '\r');
      g_string_append_c (canonical, *p);
    }

  encoded = g_base64_encode ((const guchar *)canonical->str, canonical->len);
  length = strlen (encoded);

  for (gsize i = 0; i < length; i += BASE64_LINE)
    {
      g_string_append_len (out, encoded + i, MIN (BASE64_LINE, length - i));
      g_string_append (out, "\r\n");
    }
}

char *
ews_mail_message_compose (const char           *from,
                          const char           *to,
                          const char           *reply_to_name,
                          const char           *reply_to,
                          const EwsMailContent *content,
                          GDateTime            *date,
                          GError              **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *from_address = ews_mail_address_from_mailbox (from);
  g_autofree char *from_name = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *boundary_token = NULL;
  g_autofree char *boundary = NULL;
  g_autofree char *id_token = NULL;
  g_autofree char *message_id = NULL;
  const char      *domain;

  g_return_val_if_fail (content != NULL, NULL);
  g_return_val_if_fail (date != NULL, NULL);

  if (from_address == NULL)
    {
      g_set_error (error, EWS_MAIL_ERROR, EWS_MAIL_ERROR_INVALID_ADDRESS,
                   "The sender “%s” is not an e-mail address; set --mail-from to one, "
                   "such as “Ewelists <no-reply@example.org>”",
                   from ? from : "");
      return NULL;
    }

  if (!ewe_email_is_valid (to) && !is_local_address (to))
    {
      g_set_error_literal (error, EWS_MAIL_ERROR, EWS_MAIL_ERROR_INVALID_ADDRESS,
                           "The recipient is not a valid e-mail address.");
      return NULL;
    }

  if (reply_to != NULL && !ewe_email_is_valid (reply_to))
    {
      g_set_error_literal (error, EWS_MAIL_ERROR, EWS_MAIL_ERROR_INVALID_ADDRESS,
                           "The reply address is not a valid e-mail address.");
      return NULL;
    }

  from_name = display_name_from_mailbox (from);
  date_text = format_date (date);
  subject = single_line (content->subject, MAX_SUBJECT_CHARS);
  boundary_token = random_hex (12);
  boundary = g_strconcat ("=_ews_", boundary_token, NULL);
  domain = strchr (from_address, '@') + 1;
  id_token = random_hex (16);
  message_id = g_strdup_printf ("<%s@%s>", id_token, domain);

  g_string_append_printf (out, "Date: %s\r\n", date_text);
  g_string_append (out, "From: ");
  append_mailbox (out, from_name, from_address);
  g_string_append (out, "\r\nTo: ");
  g_string_append (out, to);
  g_string_append (out, "\r\n");
  if (reply_to != NULL)
    {
      g_string_append (out, "Reply-To: ");
      append_mailbox (out, reply_to_name, reply_to);
      g_string_append (out, "\r\n");
    }
  g_string_append_printf (out, "Message-ID: %s\r\n", message_id);
  g_string_append (out, "Subject: ");
  if (is_plain_ascii (subject) && strlen (subject) <= 70)
    g_string_append (out, subject);
  else
    append_encoded_words (out, subject);
  g_string_append (out, "\r\n");
  g_string_append (out, "MIME-Version: 1.0\r\n");
  /* Mail the server sends by itself: no out-of-office replies, please. */
  g_string_append (out, "Auto-Submitted: auto-generated\r\n");
  g_string_append_printf (out, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n", boundary);
  g_string_append (out, "\r\n");
  g_string_append (out, "This is a message in MIME format.\r\n");

  g_string_append_printf (out, "\r\n--%s\r\n", boundary);
  g_string_append (out, "Content-Type: text/plain; charset=UTF-8\r\n");
  g_string_append (out, "Content-Transfer-Encoding: base64\r\n\r\n");
  append_base64_body (out, content->text);

  g_string_append_printf (out, "\r\n--%s\r\n", boundary);
  g_string_append (out, "Content-Type: text/html; charset=UTF-8\r\n");
  g_string_append (out, "Content-Transfer-Encoding: base64\r\n\r\n");
  append_base64_body (out, content->html);

  g_string_append_printf (out, "\r\n--%s--\r\n", boundary);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
