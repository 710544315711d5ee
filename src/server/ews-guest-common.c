/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-guest-common"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "ews-client-address.h"
#include "ews-csrf.h"
#include "ews-etag.h"
#include "ews-guest-private.h"
#include "ews-request.h"
#include "ews-storage-rules.h"

/* Forms hold a name, an address and a number: anything bigger is not ours. */
#define MAX_FORM_BODY (64 * 1024)
#define CSRF_EXPIRY_STEP_SECONDS (60 * 60)

static char *
build_path (const char *first_literal,
            va_list     args)
{
  GString    *path = g_string_new (first_literal);
  const char *part;
  gboolean    is_segment = TRUE;

  while ((part = va_arg (args, const char *)) != NULL)
    {
      if (is_segment)
        {
          g_autofree char *escaped = g_uri_escape_string (part, NULL, FALSE);
          g_string_append (path, escaped);
        }
      else
        {
          g_string_append (path, part);
        }
      is_segment = !is_segment;
    }

  return g_string_free (path, FALSE);
}

char *
ews_guest_path (const char *first_literal,
                ...)
{
  va_list args;
  char   *path;

  va_start (args, first_literal);
  path = build_path (first_literal, args);
  va_end (args);

  return path;
}

char *
ews_guest_url (EwsServer  *server,
               const char *first_literal,
               ...)
{
  const char      *public_url = ews_server_get_config (server)->public_url;
  g_autofree char *base = g_strdup (public_url != NULL ? public_url : "");
  g_autofree char *path = NULL;
  gsize            len = strlen (base);
  va_list          args;

  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';

  va_start (args, first_literal);
  path = build_path (first_literal, args);
  va_end (args);

  return g_strconcat (base, path, NULL);
}

const EwsCatalog *
ews_guest_catalog (SoupServerMessage *msg,
                   EwsServer         *server)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  return ews_languages_choose (ews_server_get_languages (server),
                               soup_message_headers_get_one (headers, "Accept-Language"));
}

void
ews_guest_page_begin (GString          *html,
                      EwsServer        *server,
                      const EwsCatalog *catalog,
                      const char       *title)
{
  /* Versioned, so that an upgrade is not styled by a cached old sheet. */
  g_autofree char *css = ews_guest_url (server, "/static/guest.css?v=", PACKAGE_VERSION, NULL);
  g_autofree char *home = ews_guest_url (server, "/", NULL);

  g_string_append (html, "<!DOCTYPE html>\n");
  ews_html_printf (html, "<html lang=\"%s\">\n", ews_catalog_get_language (catalog));
  g_string_append (html,
                   "<head>\n"
                   "<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"color-scheme\" content=\"light dark\">\n"
                   "<meta name=\"robots\" content=\"noindex, nofollow\">\n");
  ews_html_printf (html, "<title>%s · Ewelists</title>\n", title);
  g_string_append (html, "<link rel=\"stylesheet\"");
  ews_html_attr (html, "href", css);
  g_string_append (html, ">\n</head>\n<body>\n"
                         "<header class=\"site\"><span class=\"brand\">Ewelists</span></header>\n"
                         "<main id=\"main\">\n");
}

void
ews_guest_page_end (GString          *html,
                    const EwsCatalog *catalog)
{
  ews_html_printf (html, "</main>\n<footer class=\"site\"><p>%s</p></footer>\n</body>\n</html>\n",
                   ews_tr (catalog, "Gift lists by Ewelists. Other guests never see your name or e-mail address."));
}

void
ews_guest_reply_message_with_link (SoupServerMessage *msg,
                                   EwsServer         *server,
                                   guint              status,
                                   const char        *title,
                                   const char        *message,
                                   const char        *back_path,
                                   const char        *back_label)
{
  g_autoptr(GString) html = g_string_new (NULL);
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);

  ews_guest_page_begin (html, server, catalog, title);
  ews_html_printf (html, "<section class=\"card message\">\n<h1>%s</h1>\n<p>%s</p>\n", title, message);
  if (back_path != NULL)
    {
      g_autofree char *back = ews_guest_url (server, back_path, NULL);

      ews_html_printf (html, "<p class=\"back\"><a href=\"%s\">%s</a></p>\n", back, back_label);
    }
  g_string_append (html, "</section>\n");
  ews_guest_page_end (html, catalog);

  ews_html_reply (msg, status, html);
}

void
ews_guest_reply_message (SoupServerMessage *msg,
                         EwsServer         *server,
                         guint              status,
                         const char        *title,
                         const char        *message)
{
  ews_guest_reply_message_with_link (msg, server, status, title, message, NULL, NULL);
}

gboolean
ews_guest_check_ready (SoupServerMessage *msg,
                       EwsServer         *server)
{
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);

  if (ews_server_get_storage (server) != NULL)
    return TRUE;

  ews_guest_reply_message (msg, server, SOUP_STATUS_SERVICE_UNAVAILABLE, ews_tr (catalog, "Not ready"),
                           ews_tr (catalog, "The server is starting. Try again in a moment."));
  return FALSE;
}

/* When to come back, roughly, for a person: the whole sentence, so that
 * each language can say "in 3 minutes" its own way. */
static char *
wait_text (const EwsCatalog *catalog,
           gint64            seconds)
{
  int seconds_left = (int)CLAMP (seconds, 0, 60);
  int minutes = (int)CLAMP ((seconds + 59) / 60, 0, 60);

  if (seconds < 60)
    return g_strdup_printf (ews_ntr (catalog,
                                     "There have been many of these from here, or for this e-mail address, "
                                     "in a short while. Nothing was changed. Please try again in %d second.",
                                     "There have been many of these from here, or for this e-mail address, "
                                     "in a short while. Nothing was changed. Please try again in %d seconds.",
                                     seconds_left),
                            seconds_left);
  if (minutes < 60)
    return g_strdup_printf (ews_ntr (catalog,
                                     "There have been many of these from here, or for this e-mail address, "
                                     "in a short while. Nothing was changed. Please try again in %d minute.",
                                     "There have been many of these from here, or for this e-mail address, "
                                     "in a short while. Nothing was changed. Please try again in %d minutes.",
                                     minutes),
                            minutes);

  return g_strdup (ews_tr (catalog, "There have been many of these from here, or for this e-mail address, in a "
                                    "short while. Nothing was changed. Please try again in an hour."));
}

gboolean
ews_guest_check_rate (SoupServerMessage *msg,
                      EwsServer         *server,
                      EwsRateKind        kind,
                      const char        *subject,
                      const char        *back_path)
{
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  g_autofree char  *client = NULL;
  g_autofree char  *message = NULL;
  g_autofree char  *retry_after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 retry_after_s = 0;

  if (subject == NULL)
    subject = client = ews_client_address (msg, ews_server_get_config (server));

  if (ews_rate_limit_take (server, kind, subject, &retry_after_s, &error))
    return TRUE;

  if (!g_error_matches (error, EWS_RATE_LIMIT_ERROR, EWS_RATE_LIMIT_ERROR_EXCEEDED))
    {
      ews_guest_reply_storage_failure (msg, server, error, NULL, NULL);
      return FALSE;
    }

  message = wait_text (catalog, retry_after_s);
  retry_after = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after_s);

  ews_guest_reply_message_with_link (msg, server, EWS_STATUS_TOO_MANY_REQUESTS,
                                     ews_tr (catalog, "Please wait a little"), message, back_path,
                                     ews_tr (catalog, "Back"));
  soup_server_message_set_status (msg, EWS_STATUS_TOO_MANY_REQUESTS, "Too Many Requests");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry_after);
  return FALSE;
}

guint
ews_guest_status_for_error (const GError *error)
{
  if (error->domain != EWS_STORAGE_ERROR)
    return SOUP_STATUS_INTERNAL_SERVER_ERROR;

  switch ((EwsStorageError)error->code)
    {
    case EWS_STORAGE_ERROR_NOT_FOUND:
      return SOUP_STATUS_NOT_FOUND;
    case EWS_STORAGE_ERROR_CONFLICT:
      return SOUP_STATUS_CONFLICT;
    case EWS_STORAGE_ERROR_FORBIDDEN:
      return SOUP_STATUS_FORBIDDEN;
    case EWS_STORAGE_ERROR_INVALID:
      return SOUP_STATUS_BAD_REQUEST;
    case EWS_STORAGE_ERROR_UNAVAILABLE:
      return SOUP_STATUS_SERVICE_UNAVAILABLE;
    case EWS_STORAGE_ERROR_FAILED:
    default:
      return SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
}

char *
ews_guest_dup_error_message (const EwsCatalog *catalog,
                             const GError     *error)
{
  gint64 count = 0;
  int    n;

  /* The numbers are a gift's quantity and a fixed limit: small. */
  switch (ews_storage_rules_get_refusal (error, &count))
    {
    case EWS_STORAGE_REFUSAL_NOT_WANTED:
      n = (int)CLAMP (count, 0, G_MAXINT);
      return g_strdup_printf (ews_ntr (catalog, "Only %d more of this gift is still wanted.",
                                       "Only %d more of this gift are still wanted.", n),
                              n);
    case EWS_STORAGE_REFUSAL_UNCONFIRMED_LIMIT:
      n = (int)CLAMP (count, 0, G_MAXINT);
      return g_strdup_printf (ews_ntr (catalog,
                                       "An e-mail address can hold at most %d gift on a list before it confirms it. "
                                       "Open the link in the e-mail we sent to this address to confirm, then "
                                       "reserve more.",
                                       "An e-mail address can hold at most %d gifts on a list before it confirms "
                                       "them. Open the link in the e-mail we sent to this address to confirm, then "
                                       "reserve more.",
                                       n),
                              n);
    case EWS_STORAGE_REFUSAL_PURCHASED:
      return g_strdup (ews_tr (catalog, "This reservation is marked as bought, so it cannot be changed any more."));
    case EWS_STORAGE_REFUSAL_CANCELLED:
      return g_strdup (ews_tr (catalog, "This reservation was cancelled, so it cannot be changed any more. "
                                        "To give this gift after all, reserve it again from the list."));
    case EWS_STORAGE_REFUSAL_NONE:
    default:
      /* Storage marks its messages for guests with N_(); the pages' own
       * are in the page's language already, which looks up as itself. */
      return g_strdup (ews_tr (catalog, error->message));
    }
}

void
ews_guest_reply_storage_failure (SoupServerMessage *msg,
                                 EwsServer         *server,
                                 const GError      *error,
                                 const char        *not_found_title,
                                 const char        *not_found_message)
{
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  guint             status = ews_guest_status_for_error (error);

  if (status == SOUP_STATUS_NOT_FOUND)
    {
      ews_guest_reply_message (msg, server, status,
                               not_found_title != NULL ? not_found_title : ews_tr (catalog, "Not found"),
                               not_found_message != NULL ? not_found_message
                                                         : ews_tr (catalog, "There is nothing at this address."));
      return;
    }

  /* Our failures are logged, not shown: their messages are for us. A
   * database that is away is told apart (503, with Retry-After) as the
   * API does, so that a proxy or a guest's browser knows to come back. */
  g_warning ("%s %s: %s", soup_server_message_get_method (msg),
             g_uri_get_path (soup_server_message_get_uri (msg)), error->message);
  if (status != SOUP_STATUS_SERVICE_UNAVAILABLE)
    status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  ews_guest_reply_message (msg, server, status, ews_tr (catalog, "Something went wrong"),
                           ews_tr (catalog, "The page could not be shown just now. Please try again in a moment."));
}

static gboolean
public_url_is_https (EwsServer *server)
{
  const char *public_url = ews_server_get_config (server)->public_url;

  return public_url != NULL && g_ascii_strncasecmp (public_url, "https:", 6) == 0;
}

/* Rounded up to the hour, so the page is the same bytes for an hour and
 * its ETag lets the browser keep it: a token lives 12 to 13 hours. */
static gint64
token_expiry (void)
{
  gint64 expires_at = g_get_real_time () / G_USEC_PER_SEC + EWS_CSRF_LIFETIME_SECONDS;

  return (expires_at / CSRF_EXPIRY_STEP_SECONDS + 1) * CSRF_EXPIRY_STEP_SECONDS;
}

/* The form's opening up to its token's value: what the token is then
 * appended to, and closed with "\">\n". */
static void
append_form_head (GString    *html,
                  EwsServer  *server,
                  const char *action_path,
                  const char *fragment,
                  const char *css_class)
{
  g_autofree char *action = NULL;
  g_autofree char *url = ews_guest_url (server, action_path, NULL);

  /* The fragment stays in the browser: the server sees only the path. */
  action = fragment != NULL ? g_strconcat (url, "#", fragment, NULL) : g_steal_pointer (&url);

  g_string_append (html, "<form method=\"post\"");
  ews_html_attr (html, "action", action);
  ews_html_attr (html, "class", css_class);
  g_string_append (html, ">\n<input type=\"hidden\"");
  ews_html_attr (html, "name", EWS_CSRF_FIELD);
  g_string_append (html, " value=\"");
}

char *
ews_guest_csrf_nonce (SoupServerMessage *msg,
                      EwsServer         *server,
                      GError           **error)
{
  return ews_csrf_ensure_nonce (msg, public_url_is_https (server), error);
}

gboolean
ews_guest_form_begin_scoped (GString           *html,
                             EwsServer         *server,
                             SoupServerMessage *msg,
                             const char        *action_path,
                             const char        *token_scope,
                             const char        *fragment,
                             const char        *css_class)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nonce = NULL;
  g_autofree char *token = NULL;

  nonce = ews_guest_csrf_nonce (msg, server, &error);
  if (nonce == NULL)
    {
      g_warning ("No form on %s: %s", action_path, error->message);
      return FALSE;
    }

  token = ews_csrf_token_new (ews_server_get_jwt_secret (server), nonce, token_scope, token_expiry ());
  append_form_head (html, server, action_path, fragment, css_class);
  /* Digits, a dot and base64url: nothing to escape in an attribute. */
  g_string_append (html, token);
  g_string_append (html, "\">\n");

  return TRUE;
}

gboolean
ews_guest_form_begin (GString           *html,
                      EwsServer         *server,
                      SoupServerMessage *msg,
                      const char        *action_path,
                      const char        *fragment,
                      const char        *css_class)
{
  return ews_guest_form_begin_scoped (html, server, msg, action_path, action_path, fragment, css_class);
}

typedef struct
{
  gsize offset;
  char *token_scope;
} TokenSlot;

static void
token_slot_free (TokenSlot *slot)
{
  g_free (slot->token_scope);
  g_free (slot);
}

GPtrArray *
ews_guest_token_slots_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)token_slot_free);
}

void
ews_guest_form_begin_slot (GString    *html,
                           EwsServer  *server,
                           const char *action_path,
                           const char *token_scope,
                           const char *fragment,
                           const char *css_class,
                           GPtrArray  *slots)
{
  TokenSlot *slot = g_new0 (TokenSlot, 1);

  append_form_head (html, server, action_path, fragment, css_class);
  slot->offset = html->len;
  slot->token_scope = g_strdup (token_scope);
  g_ptr_array_add (slots, slot);
  g_string_append (html, "\">\n");
}

/* The packed page: a line with the number of slots, a line per slot with
 * its offset in the page and its token's scope (a path of ours, escaped: no
 * spaces or line breaks), then the page. Kept as one GBytes, so that the reply cache keeps
 * it as it keeps any answer. */
GBytes *
ews_guest_template_pack (GString   *html,
                         GPtrArray *slots)
{
  GString *packed = g_string_sized_new (html->len + 64 + slots->len * 96);

  g_string_append_printf (packed, "%u\n", slots->len);
  for (guint i = 0; i < slots->len; i++)
    {
      TokenSlot *slot = g_ptr_array_index (slots, i);

      g_string_append_printf (packed, "%" G_GSIZE_FORMAT " %s\n", slot->offset, slot->token_scope);
    }
  g_string_append_len (packed, html->str, html->len);

  return g_string_free_to_bytes (packed);
}

/* A token slot of a packed page, read back: its place in the page, and
 * its scope as a slice of the packed bytes. */
typedef struct
{
  gsize       offset;
  const char *scope;
  gsize       scope_len;
} PackedSlot;

/* @packed's page with its token slots filled for @nonce, as one block
 * allocated once: the slots' tokens are made once per scope (the list
 * page's forms share one, so one HMAC per request, however many gifts),
 * then the page's pieces and the tokens are copied in. NULL if @packed is
 * not what ews_guest_template_pack() made. */
static GBytes *
template_fill (GBytes     *packed,
               GBytes     *secret,
               const char *nonce,
               gint64      expires_at)
{
  gsize                  size = 0;
  const char            *data = g_bytes_get_data (packed, &size);
  const char            *end = data + size;
  const char            *cursor = data;
  const char            *page;
  char                  *after = NULL;
  char                  *out;
  char                  *write;
  guint64                n_slots;
  gsize                  page_len;
  gsize                  total;
  gsize                  done = 0;
  g_autofree PackedSlot *slots = NULL;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autofree guint *token_of = NULL;

  n_slots = g_ascii_strtoull (cursor, &after, 10);
  if (after == cursor || after >= end || *after != '\n' || n_slots > size)
    return NULL;
  cursor = after + 1;
  slots = g_new0 (PackedSlot, n_slots + 1);
  token_of = g_new0 (guint, n_slots + 1);
  for (guint64 i = 0; i < n_slots; i++)
    {
      const char *line_end = memchr (cursor, '\n', end - cursor);

      slots[i].offset = g_ascii_strtoull (cursor, &after, 10);
      if (line_end == NULL || after == cursor || after >= line_end || *after != ' ')
        return NULL;
      slots[i].scope = after + 1;
      slots[i].scope_len = line_end - after - 1;
      cursor = line_end + 1;
    }
  page = cursor;
  page_len = end - page;

  total = page_len;
  for (guint64 i = 0; i < n_slots; i++)
    {
      gboolean same_as_before = i > 0 && slots[i].scope_len == slots[i - 1].scope_len &&
                                memcmp (slots[i].scope, slots[i - 1].scope, slots[i].scope_len) == 0;

      if (slots[i].offset < done || slots[i].offset > page_len)
        return NULL;
      done = slots[i].offset;

      if (!same_as_before)
        {
          g_autofree char *scope = g_strndup (slots[i].scope, slots[i].scope_len);

          g_ptr_array_add (tokens, ews_csrf_token_new (secret, nonce, scope, expires_at));
        }
      token_of[i] = tokens->len - 1;
      total += strlen (g_ptr_array_index (tokens, token_of[i]));
    }

  write = out = g_malloc (total > 0 ? total : 1);
  done = 0;
  for (guint64 i = 0; i < n_slots; i++)
    {
      const char *token = g_ptr_array_index (tokens, token_of[i]);
      gsize       token_len = strlen (token);

      memcpy (write, page + done, slots[i].offset - done);
      write += slots[i].offset - done;
      memcpy (write, token, token_len);
      write += token_len;
      done = slots[i].offset;
    }
  memcpy (write, page + done, page_len - done);

  return g_bytes_new_take (out, total);
}

gboolean
ews_guest_reply_template (SoupServerMessage *msg,
                          EwsServer         *server,
                          GBytes            *packed,
                          const char        *template_etag)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) page = NULL;
  g_autofree char *nonce = NULL;
  g_autofree char *tagged = NULL;
  g_autofree char *etag = NULL;
  gint64           expires_at = token_expiry ();
  /* The header's first number; the packed page is ours, and read whole
   * below. A page with no form sets no cookie, as before it was kept. */
  guint64          n_slots = g_ascii_strtoull (g_bytes_get_data (packed, NULL), NULL, 10);

  if (n_slots > 0 && (nonce = ews_guest_csrf_nonce (msg, server, &error)) == NULL)
    {
      g_warning ("No forms on a guest page: %s", error->message);
      return FALSE;
    }

  /* The page is a function of the kept page, the nonce and the tokens'
   * expiry, so the tag is too, without hashing the whole page again: a
   * browser with another cookie, or after the hour, gets no 304. Asked
   * first, so that a 304 fills nothing in. */
  if (n_slots > 0)
    {
      tagged = g_strdup_printf ("%s %s %" G_GINT64_FORMAT, template_etag, nonce, expires_at);
      etag = ews_etag_for_bytes (tagged, strlen (tagged));
    }
  if (ews_html_reply_if_fresh (msg, etag != NULL ? etag : template_etag))
    return TRUE;

  page = template_fill (packed, ews_server_get_jwt_secret (server), nonce, expires_at);
  if (page == NULL)
    {
      g_critical ("A kept guest page is not one this server made");
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return TRUE;
    }

  ews_html_reply_page_bytes (msg, page);
  return TRUE;
}

GHashTable *
ews_guest_read_form (SoupServerMessage *msg,
                     EwsServer         *server,
                     const char        *action_path,
                     const char        *page_path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const EwsCatalog   *catalog = ews_guest_catalog (msg, server);
  const char         *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GHashTableIter   iter;
  gpointer         key, value;

  if (g_bytes_get_size (bytes) > MAX_FORM_BODY)
    {
      ews_guest_reply_message (msg, server, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                               ews_tr (catalog, "Too much to send"),
                               ews_tr (catalog, "This form sent far more than it should. Go back and try again."));
      return NULL;
    }

  if (g_strcmp0 (content_type, "application/x-www-form-urlencoded") != 0)
    {
      ews_guest_reply_message (msg, server, SOUP_STATUS_BAD_REQUEST, ews_tr (catalog, "Not a form"),
                               ews_tr (catalog, "This address takes only the forms on our pages."));
      return NULL;
    }

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  form = soup_form_decode (text);

  /* Checked before anything else is read, so a forged form learns
   * nothing and changes nothing. */
  if (!ews_csrf_check (ews_server_get_jwt_secret (server), msg, action_path,
                       g_hash_table_lookup (form, EWS_CSRF_FIELD),
                       g_get_real_time () / G_USEC_PER_SEC, &error))
    {
      ews_guest_reply_message_with_link (msg, server, SOUP_STATUS_FORBIDDEN,
                                         ews_tr (catalog, "Please try again"), ews_tr (catalog, error->message),
                                         page_path, ews_tr (catalog, "Open the page again"));
      return NULL;
    }

  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        {
          ews_guest_reply_message (msg, server, SOUP_STATUS_BAD_REQUEST, ews_tr (catalog, "Not a form"),
                                   ews_tr (catalog, "This form sent text that is not valid UTF-8."));
          return NULL;
        }
      g_strstrip (value);
    }

  return g_steal_pointer (&form);
}

const char *
ews_guest_form_get (GHashTable *form,
                    const char *name)
{
  const char *value = g_hash_table_lookup (form, name);

  return value != NULL ? value : "";
}

gboolean
ews_guest_parse_quantity (const char *text,
                          gint64     *quantity)
{
  guint64 number = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, EWE_LIMIT_QUANTITY_MAX, &number, NULL))
    return FALSE;

  *quantity = (gint64)number;
  return TRUE;
}

/* How many more of @gift a guest may reserve: what is still wanted, or
 * for an unlimited gift as many as one form takes. */
gint64
ews_guest_gift_wanted (const EwsGift *gift)
{
  if (gift->unlimited)
    return EWE_LIMIT_QUANTITY_MAX;

  return MAX (0, gift->quantity - gift->reserved - gift->purchased);
}

EwsProduct *
ews_guest_load_product (EwsStorage *storage,
                        const char *type,
                        const char *product_id)
{
  g_autoptr(GError) error = NULL;
  EwsProductKind kind = g_strcmp0 (type, "notfound") == 0 ? EWS_PRODUCT_KIND_NOTFOUND
                                                          : EWS_PRODUCT_KIND_CATALOGUE;
  EwsProduct    *product = ews_storage_product_get (storage, kind, product_id, &error);

  if (product == NULL && !g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    g_warning ("Could not load product %s: %s", product_id, error->message);

  return product;
}

char *
ews_guest_product_title (const EwsCatalog *catalog,
                         const EwsProduct *product)
{
  const char *brand = product->brand != NULL ? product->brand : "";
  const char *details = product->details != NULL ? product->details : "";

  if (brand[0] == '\0')
    return g_strdup (details[0] != '\0' ? details : ews_tr (catalog, "A gift"));
  if (details[0] == '\0')
    return g_strdup (brand);

  return g_strdup_printf ("%s %s", brand, details);
}

/* A product's price as the pages show it: in its currency, written the
 * page's language's way ("£19.99", "42,00 €"). */
char *
ews_guest_format_price (const EwsCatalog *catalog,
                        const EwsProduct *product)
{
  return ewe_price_format (product->price, product->currency, ews_catalog_get_language (catalog));
}

void
ews_guest_append_image (GString    *html,
                        const char *url,
                        const char *alt,
                        const char *css_class)
{
  ews_html_printf (html, "<div class=\"%s\">", css_class);

  if (ews_html_url_is_safe (url))
    {
      g_string_append (html, "<img");
      ews_html_url_attr (html, "src", url);
      ews_html_attr (html, "alt", alt);
      g_string_append (html, " loading=\"lazy\" decoding=\"async\">");
    }
  else
    {
      /* Decorative: the title next to it says what the gift is. Inline
       * SVG, as no emoji font can be counted on. */
      g_string_append (html, "<svg class=\"placeholder\" aria-hidden=\"true\" viewBox=\"0 0 24 24\" "
                             "width=\"64\" height=\"64\"><path fill=\"currentColor\" d=\"M20 7h-2.2A3 3 0 "
                             "0 0 12 3.8 3 3 0 0 0 6.2 7H4a1 1 0 0 0-1 1v3a1 1 0 0 0 1 1h7V7h2v5h7a1 1 0 0 0 "
                             "1-1V8a1 1 0 0 0-1-1ZM9 7a1 1 0 1 1 1-1v1Zm6 0h-1V6a1 1 0 1 1 1 1ZM4 13v7a1 1 0 "
                             "0 0 1 1h6v-8Zm9 8h6a1 1 0 0 0 1-1v-7h-7Z\"/></svg>");
    }

  g_string_append (html, "</div>\n");
}
