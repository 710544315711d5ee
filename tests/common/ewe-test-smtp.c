/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-test-smtp"

#include "config.h"

#include "ewe-test-smtp.h"

/* Bounds what one misbehaving client can make the sink hold. */
#define MAX_MESSAGE_BYTES (16 * 1024 * 1024)

struct _EweTestSmtp
{
  /* Written by the server thread, read by the test: under the mutex. */
  GMutex           mutex;
  GCond            cond;
  GPtrArray       *messages;
  GPtrArray       *rejected;

  /* Owned by the test thread. */
  guint16          port;
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *thread;
};

void
ewe_test_mail_free (EweTestMail *mail)
{
  if (mail == NULL)
    return;

  g_free (mail->mail_from);
  g_strfreev (mail->rcpt_to);
  g_free (mail->data);
  g_free (mail);
}

static EweTestMail *
mail_copy (const EweTestMail *mail)
{
  EweTestMail *copy = g_new0 (EweTestMail, 1);

  copy->mail_from = g_strdup (mail->mail_from);
  copy->rcpt_to = g_strdupv (mail->rcpt_to);
  copy->data = g_strdup (mail->data);

  return copy;
}

static gboolean
write_reply (GOutputStream *out,
             const char    *reply,
             GCancellable  *cancellable)
{
  return g_output_stream_write_all (out, reply, strlen (reply), NULL, cancellable, NULL);
}

/* "MAIL FROM:<a@b> SIZE=12" → "a@b" */
static char *
path_argument (const char *line)
{
  const char *open = strchr (line, '<');
  const char *close = open != NULL ? strchr (open, '>') : NULL;

  if (open == NULL || close == NULL)
    return NULL;

  return g_strndup (open + 1, close - open - 1);
}

static gboolean
is_rejected (EweTestSmtp *self,
             const char  *recipient)
{
  gboolean rejected = FALSE;

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->rejected->len && !rejected; i++)
    rejected = g_ascii_strcasecmp (g_ptr_array_index (self->rejected, i), recipient) == 0;
  g_mutex_unlock (&self->mutex);

  return rejected;
}

void
ewe_test_smtp_reject (EweTestSmtp *self,
                      const char  *recipient)
{
  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->rejected, g_strdup (recipient));
  g_mutex_unlock (&self->mutex);
}

static void
serve_connection (EweTestSmtp       *self,
                  GSocketConnection *connection)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *mail_from = NULL;
  g_autoptr(GPtrArray) rcpt_to = g_ptr_array_new_with_free_func (g_free);

  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);

  if (!write_reply (out, "220 ewe-test-smtp ESMTP ready\r\n", self->cancellable))
    return;

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, self->cancellable, NULL);
      const char      *reply;

      if (line == NULL)
        return;

      if (g_ascii_strncasecmp (line, "EHLO", 4) == 0)
        {
          reply = "250-ewe-test-smtp\r\n250-8BITMIME\r\n250 SIZE 16777216\r\n";
        }
      else if (g_ascii_strncasecmp (line, "HELO", 4) == 0 ||
               g_ascii_strncasecmp (line, "NOOP", 4) == 0)
        {
          reply = "250 Ok\r\n";
        }
      else if (g_ascii_strncasecmp (line, "RSET", 4) == 0)
        {
          g_clear_pointer (&mail_from, g_free);
          g_ptr_array_set_size (rcpt_to, 0);
          reply = "250 Ok\r\n";
        }
      else if (g_ascii_strncasecmp (line, "MAIL FROM:", 10) == 0)
        {
          g_free (mail_from);
          mail_from = path_argument (line);
          g_ptr_array_set_size (rcpt_to, 0);
          reply = mail_from != NULL ? "250 Ok\r\n" : "501 Syntax: MAIL FROM:<address>\r\n";
        }
      else if (g_ascii_strncasecmp (line, "RCPT TO:", 8) == 0)
        {
          char *recipient = path_argument (line);

          if (mail_from == NULL)
            reply = "503 MAIL first\r\n";
          else if (recipient == NULL)
            reply = "501 Syntax: RCPT TO:<address>\r\n";
          else if (is_rejected (self, recipient))
            reply = "550 5.1.1 No such user\r\n";
          else
            {
              g_ptr_array_add (rcpt_to, recipient);
              recipient = NULL;
              reply = "250 Ok\r\n";
            }
          g_free (recipient);
        }
      else if (g_ascii_strcasecmp (line, "DATA") == 0)
        {
          g_autoptr(GString) data = g_string_new (NULL);
          EweTestMail *mail;

          if (mail_from == NULL || rcpt_to->len == 0)
            {
              if (!write_reply (out, "503 RCPT first\r\n", self->cancellable))
                return;
              continue;
            }

          if (!write_reply (out, "354 End data with <CR><LF>.<CR><LF>\r\n", self->cancellable))
            return;

          for (;;)
            {
              g_autofree char *data_line = g_data_input_stream_read_line (in, NULL, self->cancellable, NULL);

              if (data_line == NULL)
                return;
              if (strcmp (data_line, ".") == 0)
                break;
              if (data->len < MAX_MESSAGE_BYTES)
                {
                  g_string_append (data, data_line[0] == '.' ? data_line + 1 : data_line);
                  g_string_append (data, "\r\n");
                }
            }

          mail = g_new0 (EweTestMail, 1);
          mail->mail_from = g_steal_pointer (&mail_from);
          g_ptr_array_add (rcpt_to, NULL);
          mail->rcpt_to = g_strdupv ((char **)rcpt_to->pdata);
          g_ptr_array_set_size (rcpt_to, 0);
          mail->data = g_string_free (g_steal_pointer (&data), FALSE);

          /* Recorded before the 250, so that once the sender knows the mail
           * was accepted, the test can see it too. */
          g_mutex_lock (&self->mutex);
          g_ptr_array_add (self->messages, mail);
          g_cond_broadcast (&self->cond);
          g_mutex_unlock (&self->mutex);

          reply = "250 Ok: queued\r\n";
        }
      else if (g_ascii_strcasecmp (line, "QUIT") == 0)
        {
          write_reply (out, "221 Bye\r\n", self->cancellable);
          return;
        }
      else
        {
          reply = "502 Command not implemented\r\n";
        }

      if (!write_reply (out, reply, self->cancellable))
        return;
    }
}

static gpointer
server_thread (gpointer user_data)
{
  EweTestSmtp *self = user_data;

  for (;;)
    {
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_listener_accept (self->listener, NULL, self->cancellable, NULL);
      if (connection == NULL)
        break;

      serve_connection (self, connection);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }

  return NULL;
}

/* Starts listening again after ewe_test_smtp_stop(), on the same port. */
void
ewe_test_smtp_start (EweTestSmtp *self)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, self->port);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (self->thread);

  self->listener = g_socket_listener_new ();
  self->cancellable = g_cancellable_new ();

  g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->thread = g_thread_new ("ewe-test-smtp", server_thread, self);
}

/* Closes the port, as a mail server that is down: connections are refused
 * until ewe_test_smtp_start(). */
void
ewe_test_smtp_stop (EweTestSmtp *self)
{
  if (self->thread == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_thread_join (g_steal_pointer (&self->thread));
  g_socket_listener_close (self->listener);
  g_clear_object (&self->listener);
  g_clear_object (&self->cancellable);
}

EweTestSmtp *
ewe_test_smtp_new (void)
{
  EweTestSmtp *self = g_new0 (EweTestSmtp, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->messages = g_ptr_array_new_with_free_func ((GDestroyNotify)ewe_test_mail_free);
  self->rejected = g_ptr_array_new_with_free_func (g_free);

  ewe_test_smtp_start (self);

  return self;
}

void
ewe_test_smtp_free (EweTestSmtp *self)
{
  if (self == NULL)
    return;

  ewe_test_smtp_stop (self);
  g_ptr_array_unref (self->messages);
  g_ptr_array_unref (self->rejected);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

guint16
ewe_test_smtp_get_port (EweTestSmtp *self)
{
  return self->port;
}

char *
ewe_test_smtp_dup_url (EweTestSmtp *self)
{
  return g_strdup_printf ("smtp://127.0.0.1:%u", self->port);
}

guint
ewe_test_smtp_get_n_messages (EweTestSmtp *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->messages->len;
  g_mutex_unlock (&self->mutex);

  return n;
}

static gboolean
mail_is_to (const EweTestMail *mail,
            const char        *recipient)
{
  return recipient == NULL || g_strv_contains ((const char * const *)mail->rcpt_to, recipient);
}

EweTestMail *
ewe_test_smtp_wait_for_mail_to (EweTestSmtp *self,
                                guint        index,
                                const char  *recipient,
                                guint        timeout_ms)
{
  gint64       end_time = g_get_monotonic_time () + (gint64)timeout_ms * G_TIME_SPAN_MILLISECOND;
  EweTestMail *found = NULL;

  g_mutex_lock (&self->mutex);
  for (;;)
    {
      for (; index < self->messages->len; index++)
        {
          EweTestMail *mail = g_ptr_array_index (self->messages, index);

          if (mail_is_to (mail, recipient))
            {
              found = mail_copy (mail);
              break;
            }
        }

      if (found != NULL || !g_cond_wait_until (&self->cond, &self->mutex, end_time))
        break;
    }
  g_mutex_unlock (&self->mutex);

  return found;
}

EweTestMail *
ewe_test_smtp_wait_for_message (EweTestSmtp *self,
                                guint        index,
                                guint        timeout_ms)
{
  gint64       end_time = g_get_monotonic_time () + (gint64)timeout_ms * G_TIME_SPAN_MILLISECOND;
  EweTestMail *found = NULL;

  g_mutex_lock (&self->mutex);
  while (index >= self->messages->len)
    {
      if (!g_cond_wait_until (&self->cond, &self->mutex, end_time))
        break;
    }
  if (index < self->messages->len)
    found = mail_copy (g_ptr_array_index (self->messages, index));
  g_mutex_unlock (&self->mutex);

  return found;
}

/* --- reading a message -------------------------------------------------- */

/* Splits @text at its first blank line into unfolded header lines and the
 * body that follows. */
static GPtrArray *
split_headers (const char  *text,
               const char **body)
{
  GPtrArray       *headers = g_ptr_array_new_with_free_func (g_free);
  const char      *end = strstr (text, "\r\n\r\n");
  g_autofree char *block = end != NULL ? g_strndup (text, end - text) : g_strdup (text);
  g_auto(GStrv) lines = g_strsplit (block, "\r\n", -1);

  *body = end != NULL ? end + 4 : text + strlen (text);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if ((lines[i][0] == ' ' || lines[i][0] == '\t') && headers->len > 0)
        {
          char *previous = g_ptr_array_index (headers, headers->len - 1);
          headers->pdata[headers->len - 1] = g_strconcat (previous, lines[i], NULL);
          g_free (previous);
        }
      else if (lines[i][0] != '\0')
        {
          g_ptr_array_add (headers, g_strdup (lines[i]));
        }
    }

  return headers;
}

static char *
find_header (GPtrArray  *headers,
             const char *name)
{
  gsize name_length = strlen (name);

  for (guint i = 0; i < headers->len; i++)
    {
      const char *line = g_ptr_array_index (headers, i);

      if (g_ascii_strncasecmp (line, name, name_length) == 0 && line[name_length] == ':')
        return g_strstrip (g_strdup (line + name_length + 1));
    }

  return NULL;
}

char *
ewe_test_mail_dup_header (EweTestMail *mail,
                          const char  *name)
{
  const char *body;
  g_autoptr(GPtrArray) headers = split_headers (mail->data, &body);

  return find_header (headers, name);
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

static GBytes *
decode_quoted_printable (const char *text,
                         gboolean    underscore_is_space)
{
  GByteArray *out = g_byte_array_new ();

  for (const char *p = text; *p != '\0'; p++)
    {
      guint8 byte = (guint8)*p;

      if (*p == '=' && p[1] == '\r' && p[2] == '\n')
        {
          p += 2;
          continue;
        }
      if (*p == '=' && hex_value (p[1]) >= 0 && hex_value (p[2]) >= 0)
        {
          byte = (guint8)(hex_value (p[1]) * 16 + hex_value (p[2]));
          p += 2;
        }
      else if (*p == '_' && underscore_is_space)
        {
          byte = ' ';
        }
      g_byte_array_append (out, &byte, 1);
    }

  return g_byte_array_free_to_bytes (out);
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize       length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  return g_strndup (data, length);
}

char *
ewe_test_mail_dup_subject (EweTestMail *mail)
{
  g_autofree char *raw = ewe_test_mail_dup_header (mail, "Subject");
  g_autoptr(GString) decoded = g_string_new (NULL);
  const char *p;
  gboolean    last_was_encoded = FALSE;

  if (raw == NULL)
    return NULL;

  p = raw;
  while (*p != '\0')
    {
      const char      *start = strstr (p, "=?");
      const char      *q1 = NULL, *q2 = NULL, *end = NULL;
      g_autofree char *plain = NULL;

      if (start != NULL)
        q1 = strchr (start + 2, '?');
      if (q1 != NULL)
        q2 = strchr (q1 + 1, '?');
      if (q2 != NULL)
        end = strstr (q2 + 1, "?=");

      if (end == NULL)
        {
          g_string_append (decoded, p);
          break;
        }

      /* White space between two encoded words is not part of the text. */
      plain = g_strndup (p, start - p);
      if (!last_was_encoded || g_strstrip (plain)[0] != '\0')
        g_string_append_len (decoded, p, start - p);

      {
        g_autofree char *payload = g_strndup (q2 + 1, end - q2 - 1);
        g_autoptr(GBytes) bytes = NULL;
        char encoding = g_ascii_toupper (q1[1]);

        if (encoding == 'B')
          {
            gsize   length = 0;
            guchar *data = g_base64_decode (payload, &length);
            bytes = g_bytes_new_take (data, length);
          }
        else
          {
            bytes = decode_quoted_printable (payload, TRUE);
          }

        {
          g_autofree char *text = bytes_to_string (bytes);
          g_string_append (decoded, text);
        }
      }

      last_was_encoded = TRUE;
      p = end + 2;
    }

  return g_string_free (g_steal_pointer (&decoded), FALSE);
}

/* The value of `name="value"` or `name=value` in a header such as
 * Content-Type. */
static char *
header_parameter (const char *header,
                  const char *name)
{
  g_autofree char *needle = g_strconcat (name, "=", NULL);
  g_autofree char *lower = g_ascii_strdown (header, -1);
  const char      *found = strstr (lower, needle);
  const char      *value;

  if (found == NULL)
    return NULL;

  value = header + (found - lower) + strlen (needle);
  if (*value == '"')
    {
      const char *close = strchr (value + 1, '"');
      return close != NULL ? g_strndup (value + 1, close - value - 1) : NULL;
    }

  return g_strndup (value, strcspn (value, "; \t"));
}

static char *
decode_part_body (GPtrArray  *headers,
                  const char *body)
{
  g_autofree char *encoding = find_header (headers, "Content-Transfer-Encoding");
  g_autoptr(GBytes) bytes = NULL;

  if (encoding != NULL && g_ascii_strcasecmp (encoding, "base64") == 0)
    {
      gsize   length = 0;
      guchar *data = g_base64_decode (body, &length);
      bytes = g_bytes_new_take (data, length);
    }
  else if (encoding != NULL && g_ascii_strcasecmp (encoding, "quoted-printable") == 0)
    {
      bytes = decode_quoted_printable (body, FALSE);
    }
  else
    {
      return g_strdup (body);
    }

  return bytes_to_string (bytes);
}

static char *
find_part (const char *entity,
           const char *content_type)
{
  const char *body;
  g_autoptr(GPtrArray) headers = split_headers (entity, &body);
  g_autofree char *type = find_header (headers, "Content-Type");
  g_autofree char *boundary = NULL;
  g_autofree char *delimiter = NULL;
  g_auto(GStrv) parts = NULL;

  if (type == NULL)
    type = g_strdup ("text/plain");

  if (g_ascii_strncasecmp (type, content_type, strlen (content_type)) == 0)
    return decode_part_body (headers, body);

  if (g_ascii_strncasecmp (type, "multipart/", 10) != 0 ||
      (boundary = header_parameter (type, "boundary")) == NULL)
    return NULL;

  delimiter = g_strconcat ("--", boundary, NULL);
  parts = g_strsplit (body, delimiter, -1);

  /* parts[0] is the preamble; the last part starts with "--" (the close). */
  for (guint i = 1; parts[i] != NULL; i++)
    {
      const char      *part = parts[i];
      g_autofree char *found = NULL;

      if (g_str_has_prefix (part, "--"))
        break;
      if (g_str_has_prefix (part, "\r\n"))
        part += 2;

      found = find_part (part, content_type);
      if (found != NULL)
        return g_steal_pointer (&found);
    }

  return NULL;
}

char *
ewe_test_mail_dup_part (EweTestMail *mail,
                        const char  *content_type)
{
  return find_part (mail->data, content_type);
}

char *
ewe_test_mail_dup_code (EweTestMail *mail)
{
  g_autofree char *text = ewe_test_mail_dup_part (mail, "text/plain");

  if (text == NULL)
    return NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      guint n = 0;

      if (!g_ascii_isdigit (*p) || (p > text && g_ascii_isdigit (p[-1])))
        continue;

      while (g_ascii_isdigit (p[n]))
        n++;
      if (n == 6)
        return g_strndup (p, 6);
    }

  return NULL;
}
