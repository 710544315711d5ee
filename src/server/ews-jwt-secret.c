/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-jwt"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ews-jwt.h"

/* What secrets and tokens are made of: bytes from the kernel's CSPRNG,
 * base64url, and the HMAC secret kept in the data directory. The RS256 keys
 * and the tokens themselves are in ews-jwt.c. */

#define SECRET_FILE_NAME "jwt-secret"
#define SECRET_CREATE_LENGTH 32
/* A secret file larger than this is not ours. */
#define SECRET_MAX_LENGTH 4096

/* Compares all of @expected whatever @given holds, so the time taken says
 * nothing of how much of a guessed token, signature or key was right. */
gboolean
ews_secrets_equal (const char *given,
                   const char *expected)
{
  gsize        given_length = strlen (given);
  gsize        expected_length = strlen (expected);
  unsigned int difference = given_length != expected_length;

  for (gsize i = 0; i < expected_length; i++)
    difference |= (unsigned char)expected[i] ^ (unsigned char)(i < given_length ? given[i] : 0);

  return difference == 0;
}

/* Fills @buffer from the kernel's CSPRNG: GLib's g_random_* is a Mersenne
 * Twister, predictable from its output, so never good enough for secrets. */
gboolean
ews_random_bytes (guint8  *buffer,
                  gsize    length,
                  GError **error)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t got = getrandom (buffer + done, length - done, 0);

      if (got < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not read random bytes from the kernel: %s",
                       g_strerror (saved_errno));
          return FALSE;
        }

      done += (gsize)got;
    }

  return TRUE;
}

char *
ews_base64url_encode (const guint8 *data,
                      gsize         length)
{
  char *text = g_base64_encode (data, length);
  gsize out = 0;

  for (gsize i = 0; text[i] != '\0'; i++)
    {
      if (text[i] == '=')
        break;
      else if (text[i] == '+')
        text[out++] = '-';
      else if (text[i] == '/')
        text[out++] = '_';
      else
        text[out++] = text[i];
    }
  text[out] = '\0';

  return text;
}

/* Decodes unpadded base64url strictly: any other character, a length no
 * encoding produces, or non-zero spare bits make the input malformed, so a
 * token has exactly one spelling. */
GBytes *
ews_base64url_decode (const char *text,
                      gsize       length)
{
  g_autoptr(GString) standard = g_string_sized_new (length + 3);
  g_autofree guint8 *data = NULL;
  g_autofree char   *again = NULL;
  gsize              data_length = 0;

  if (length % 4 == 1)
    return NULL;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (g_ascii_isalnum (c))
        g_string_append_c (standard, c);
      else if (c == '-')
        g_string_append_c (standard, '+');
      else if (c == '_')
        g_string_append_c (standard, '/');
      else
        return NULL;
    }

  while (standard->len % 4 != 0)
    g_string_append_c (standard, '=');

  data = g_base64_decode (standard->str, &data_length);
  if (data == NULL)
    data = g_new0 (guint8, 1);

  again = ews_base64url_encode (data, data_length);
  if (strlen (again) != length || memcmp (again, text, length) != 0)
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&data), data_length);
}

static gboolean
read_secret (const char *path,
             GBytes    **secret,
             GError    **error)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;
  GStatBuf         st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not read the token secret “%s”: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  /* Whoever reads this file can sign in as anyone. */
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "The token secret “%s” is readable by other users (mode %04o); "
                   "run “chmod 600 %s” and restart",
                   path, (guint)(st.st_mode & 07777), path);
      return FALSE;
    }

  if (st.st_size > SECRET_MAX_LENGTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The token secret “%s” is larger than %d bytes; it is not one this server wrote",
                   path, SECRET_MAX_LENGTH);
      return FALSE;
    }

  if (!g_file_get_contents (path, &contents, &length, error))
    {
      g_prefix_error (error, "Could not read the token secret: ");
      return FALSE;
    }

  if (length < EWS_JWT_SECRET_MIN_LENGTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The token secret “%s” is only %" G_GSIZE_FORMAT " bytes long (at least %d needed); "
                   "remove it to create a new one (everyone will have to sign in again)",
                   path, length, EWS_JWT_SECRET_MIN_LENGTH);
      return FALSE;
    }

  *secret = g_bytes_new_take (g_steal_pointer (&contents), length);
  return TRUE;
}

/* Writes a new secret to a private temporary file, then links it into place:
 * link() never replaces an existing file, so two servers starting at once on
 * one data directory end up with the same secret, and a crash never leaves a
 * half-written one behind. */
static gboolean
create_secret (const char *data_dir,
               const char *path,
               GError    **error)
{
  g_autofree char *tmp_path = g_build_filename (data_dir, SECRET_FILE_NAME ".XXXXXX", NULL);
  guint8           bytes[SECRET_CREATE_LENGTH];
  gsize            written = 0;
  int              fd;
  int              saved_errno = 0;

  if (!ews_random_bytes (bytes, sizeof bytes, error))
    return FALSE;

  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create the token secret in “%s”: %s", data_dir, g_strerror (saved_errno));
      return FALSE;
    }

  while (written < sizeof bytes)
    {
      ssize_t n = write (fd, bytes + written, sizeof bytes - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          break;
        }
      written += (gsize)n;
    }

  if (saved_errno == 0 && fsync (fd) != 0)
    saved_errno = errno;
  if (close (fd) != 0 && saved_errno == 0)
    saved_errno = errno;
  memset (bytes, 0, sizeof bytes);

  if (saved_errno == 0 && link (tmp_path, path) != 0 && errno != EEXIST)
    saved_errno = errno;

  g_unlink (tmp_path);

  if (saved_errno != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not write the token secret “%s”: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * ews_jwt_load_or_create_secret:
 * @data_dir: the server's data directory, which must exist
 * @secret: (out): the secret
 *
 * Reads `<data_dir>/jwt-secret`, creating it with 32 random bytes and mode
 * 0600 the first time, so that tokens stay valid across restarts.
 */
gboolean
ews_jwt_load_or_create_secret (const char *data_dir,
                               GBytes    **secret,
                               GError    **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (secret != NULL && *secret == NULL, FALSE);

  path = g_build_filename (data_dir, SECRET_FILE_NAME, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS) &&
      !create_secret (data_dir, path, error))
    return FALSE;

  return read_secret (path, secret, error);
}
