/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ews-test-events.h"

struct _EwsTestEvents
{
  SoupSession      *session;
  SoupMessage      *msg;
  GInputStream     *body;
  GDataInputStream *lines;
};

/* Gives up once @timeout_s have passed, which it notices at the server's
 * heartbeats (the suites set --live-heartbeat=1); the session's socket
 * timeout ends a stream that falls silent altogether. */
static char *
read_event (EwsTestEvents *self,
            guint          timeout_s)
{
  gint64           deadline = g_get_monotonic_time () + (gint64)timeout_s * G_USEC_PER_SEC;
  g_autofree char *name = NULL;
  g_autoptr(GString) data = g_string_new ("");

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_data_input_stream_read_line_utf8 (self->lines, NULL, NULL, &error);

      if (line == NULL)
        return NULL;

      if (line[0] == '\0')
        {
          if (name != NULL || data->len > 0)
            return g_strdup_printf ("%s %s", name != NULL ? name : "message", data->str);
          continue;
        }

      if (line[0] == ':')
        {
          if (g_get_monotonic_time () > deadline)
            return NULL;
          continue;
        }
      if (g_str_has_prefix (line, "event: "))
        {
          g_free (name);
          name = g_strdup (line + 7);
        }
      else if (g_str_has_prefix (line, "data: "))
        g_string_append (data, line + 6);
    }
}

EwsTestEvents *
ews_test_events_open (EweTestServer *server,
                      const char    *lists,
                      guint         *status)
{
  return ews_test_events_open_full (server, lists, NULL, FALSE, status);
}

EwsTestEvents *
ews_test_events_open_full (EweTestServer *server,
                           const char    *lists,
                           const char    *token,
                           gboolean       user,
                           guint         *status)
{
  g_autofree char *escaped = g_uri_escape_string (lists, ",", TRUE);
  g_autofree char *path = g_strconcat ("/api/events?lists=", escaped, user ? "&user=1" : "", NULL);
  g_autofree char *url = ewe_test_server_url (server, path);
  g_autoptr(GError) error = NULL;
  g_autofree char *ready = NULL;
  EwsTestEvents   *self = g_new0 (EwsTestEvents, 1);

  self->session = soup_session_new_with_options ("timeout", 30, NULL);
  self->msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (self->msg), "Accept", "text/event-stream");
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (self->msg), "Authorization", authorization);
    }
  self->body = soup_session_send (self->session, self->msg, NULL, &error);
  g_assert_no_error (error);

  *status = soup_message_get_status (self->msg);
  if (*status != SOUP_STATUS_OK)
    {
      ews_test_events_close (self);
      return NULL;
    }

  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (self->msg), NULL), ==,
                   "text/event-stream");
  self->lines = g_data_input_stream_new (self->body);
  g_data_input_stream_set_newline_type (self->lines, G_DATA_STREAM_NEWLINE_TYPE_LF);

  ready = read_event (self, 30);
  g_assert_cmpstr (ready, ==, "ready {}");

  return self;
}

char *
ews_test_events_next (EwsTestEvents *self,
                      guint          timeout_s)
{
  return read_event (self, timeout_s);
}

char *
ews_test_events_next_changed (EwsTestEvents *self,
                              guint          timeout_s)
{
  for (;;)
    {
      g_autofree char *event = ews_test_events_next (self, timeout_s);
      g_autoptr(JsonNode) node = NULL;

      if (event == NULL)
        return NULL;
      if (!g_str_has_prefix (event, "changed "))
        continue;

      node = json_from_string (event + strlen ("changed "), NULL);
      g_assert_nonnull (node);
      return g_strdup (json_object_get_string_member (json_node_get_object (node), "listId"));
    }
}

void
ews_test_events_close (EwsTestEvents *self)
{
  if (self == NULL)
    return;

  if (self->body != NULL)
    g_input_stream_close (self->body, NULL, NULL);
  g_clear_object (&self->lines);
  g_clear_object (&self->body);
  g_clear_object (&self->msg);
  g_clear_object (&self->session);
  g_free (self);
}

gint64
ews_test_events_assert_notice (const char *event,
                               const char *kind,
                               const char *list_id)
{
  g_autofree char *prefix = g_strdup_printf ("%s {\"listId\":\"%s\",\"version\":", kind, list_id);
  const char      *number = NULL;
  char            *end = NULL;
  gint64           version = 0;

  g_assert_nonnull (event);
  if (!g_str_has_prefix (event, prefix))
    g_error ("Expected a notice starting “%s”, heard “%s”", prefix, event);
  number = event + strlen (prefix);
  version = g_ascii_strtoll (number, &end, 10);
  g_assert_true (end != number);
  g_assert_cmpstr (end, ==, "}");
  g_assert_cmpint (version, >, 0);

  return version;
}
