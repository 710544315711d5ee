/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-router"

#include "config.h"

#include "ews-json.h"
#include "ews-router.h"

/* Routes are matched segment by segment: a literal segment must be equal, a
 * `{name}` segment matches any one non-empty segment, and a final `{name+}`
 * segment matches the rest of the path (the original API takes a whole
 * URL-encoded URL as its last segment). The first route that matches both
 * path and method wins; a path that matches with another method gets 405. */

typedef struct
{
  char           *method;
  char           *pattern;
  char          **segments;
  EwsRouteHandler handler;
  gpointer        user_data;
} Route;

struct _EwsRouter
{
  GObject    parent_instance;

  GPtrArray *routes;
};

G_DEFINE_FINAL_TYPE (EwsRouter, ews_router, G_TYPE_OBJECT)

static void
route_free (gpointer data)
{
  Route *route = data;

  g_free (route->method);
  g_free (route->pattern);
  g_strfreev (route->segments);
  g_free (route);
}

static void
ews_router_finalize (GObject *object)
{
  EwsRouter *self = (EwsRouter *)object;

  g_clear_pointer (&self->routes, g_ptr_array_unref);

  G_OBJECT_CLASS (ews_router_parent_class)->finalize (object);
}

static void
ews_router_class_init (EwsRouterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ews_router_finalize;
}

static void
ews_router_init (EwsRouter *self)
{
  self->routes = g_ptr_array_new_with_free_func (route_free);
}

EwsRouter *
ews_router_new (void)
{
  return g_object_new (EWS_TYPE_ROUTER, NULL);
}

static char **
split_path (const char *path)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

void
ews_router_add (EwsRouter      *self,
                const char     *method,
                const char     *pattern,
                EwsRouteHandler handler,
                gpointer        user_data)
{
  Route *route;

  g_return_if_fail (EWS_IS_ROUTER (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (pattern != NULL && pattern[0] == '/');
  g_return_if_fail (handler != NULL);

  route = g_new0 (Route, 1);
  route->method = g_strdup (method);
  route->pattern = g_strdup (pattern);
  route->segments = split_path (pattern);
  route->handler = handler;
  route->user_data = user_data;

  g_ptr_array_add (self->routes, route);
}

static gboolean
is_placeholder (const char *segment,
                gboolean   *rest)
{
  gsize len = strlen (segment);

  if (len < 3 || segment[0] != '{' || segment[len - 1] != '}')
    return FALSE;

  *rest = segment[len - 2] == '+';
  return TRUE;
}

static char *
placeholder_name (const char *segment,
                  gboolean    rest)
{
  gsize len = strlen (segment);

  return g_strndup (segment + 1, len - 2 - (rest ? 1 : 0));
}

static GHashTable *
route_match (Route        *route,
             char * const *raw_segments)
{
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint i;

  for (i = 0; route->segments[i] != NULL; i++)
    {
      const char *expected = route->segments[i];
      gboolean    rest = FALSE;

      if (is_placeholder (expected, &rest))
        {
          g_autofree char *value = NULL;

          if (raw_segments[i] == NULL)
            return NULL;

          if (rest)
            {
              g_autofree char *joined = g_strjoinv ("/", (char **)&raw_segments[i]);
              value = g_uri_unescape_string (joined, NULL);
            }
          else
            {
              value = g_uri_unescape_string (raw_segments[i], NULL);
            }

          /* A segment that does not decode (a NUL byte, broken escapes) or
           * decodes to nothing cannot name anything. */
          if (value == NULL || value[0] == '\0')
            return NULL;

          g_hash_table_insert (params, placeholder_name (expected, rest), g_steal_pointer (&value));

          if (rest)
            return g_steal_pointer (&params);
        }
      else if (raw_segments[i] == NULL || g_strcmp0 (expected, raw_segments[i]) != 0)
        {
          return NULL;
        }
    }

  if (raw_segments[i] != NULL)
    return NULL;

  return g_steal_pointer (&params);
}

/* The request's path as the router sees it: "//api/auth/" and "/api/auth"
 * are one route, so every check made before or beside routing (limits,
 * logs, idempotency records) must see one spelling too. Computed once and
 * kept on the message. */
char *
ews_router_normalize_path (const char *path)
{
  g_auto(GStrv) segments = split_path (path);
  g_autofree char *joined = g_strjoinv ("/", segments);

  return g_strconcat ("/", joined, NULL);
}

const char *
ews_router_get_path (SoupServerMessage *msg)
{
  const char *path = g_object_get_data (G_OBJECT (msg), "ews-path");

  if (path == NULL)
    {
      char *normalized = ews_router_normalize_path (g_uri_get_path (soup_server_message_get_uri (msg)));

      g_object_set_data_full (G_OBJECT (msg), "ews-path", normalized, g_free);
      path = normalized;
    }

  return path;
}

/* The pattern of the route that @msg matched, such as "/api/lists/{id}",
 * which names it in metrics and logs without the ids a path holds; NULL
 * when it matched none (or was not dispatched). Owned by the router. */
const char *
ews_router_get_route (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "ews-route");
}

/* Finds the route for @method and @path as ews_router_dispatch() would,
 * without a message: for requests that arrive inside another (a batch).
 * Returns the status to answer (200 when found, else 404 or 405). */
guint
ews_router_lookup (EwsRouter       *self,
                   const char      *method,
                   const char      *path,
                   EwsRouteHandler *handler,
                   gpointer        *user_data,
                   GHashTable     **params)
{
  g_auto(GStrv) raw_segments = split_path (path);
  gboolean path_matched = FALSE;

  g_return_val_if_fail (EWS_IS_ROUTER (self), SOUP_STATUS_NOT_FOUND);

  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);
      g_autoptr(GHashTable) matched = route_match (route, raw_segments);

      if (matched == NULL)
        continue;

      path_matched = TRUE;
      if (g_strcmp0 (route->method, method) == 0)
        {
          *handler = route->handler;
          *user_data = route->user_data;
          *params = g_steal_pointer (&matched);
          return SOUP_STATUS_OK;
        }
    }

  return path_matched ? SOUP_STATUS_METHOD_NOT_ALLOWED : SOUP_STATUS_NOT_FOUND;
}

void
ews_router_dispatch (EwsRouter         *self,
                     SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) raw_segments = split_path (ews_router_get_path (msg));
  gboolean path_matched = FALSE;

  g_return_if_fail (EWS_IS_ROUTER (self));

  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);
      g_autoptr(GHashTable) params = route_match (route, raw_segments);

      if (params == NULL)
        continue;

      /* The first route whose path matches names the request, even when
       * its method does not: a 405 is still a request to that route. */
      if (!path_matched)
        g_object_set_data (G_OBJECT (msg), "ews-route", route->pattern);
      path_matched = TRUE;

      if (g_strcmp0 (route->method, method) == 0 ||
          (g_strcmp0 (method, "HEAD") == 0 && g_strcmp0 (route->method, "GET") == 0))
        {
          route->handler (msg, params, route->user_data);
          return;
        }
    }

  if (path_matched)
    ews_json_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed.");
  else
    ews_json_reply_error (msg, SOUP_STATUS_NOT_FOUND, "Not found.");
}
