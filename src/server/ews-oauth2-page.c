/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oauth2"

#include "config.h"

#include "ews-guest-private.h"
#include "ews-oauth2-private.h"

/* The hosted sign-in page: the guest pages' frame and stylesheet, a form
 * that needs no script, and the request's parameters carried in hidden
 * fields from the GET to the POST, where they are checked again. */

/* As the guest pages' policy (ews-html.c), except that the form may also
 * lead to the client's redirect URI: browsers hold a form's redirects to
 * form-action too, and the sign-in's answer is a redirect there. */
#define POLICY_BEFORE "default-src 'none'; img-src 'self' data:; style-src 'self'; form-action 'self' "
#define POLICY_AFTER "; frame-ancestors 'none'; base-uri 'none'"

static const struct
{
  const char *name;
  gsize       offset;
} carried_fields[] = {
  { "client_id", G_STRUCT_OFFSET (EwsOAuth2Request, client_id) },
  { "redirect_uri", G_STRUCT_OFFSET (EwsOAuth2Request, redirect_uri) },
  { "response_type", G_STRUCT_OFFSET (EwsOAuth2Request, response_type) },
  { "state", G_STRUCT_OFFSET (EwsOAuth2Request, state) },
  { "nonce", G_STRUCT_OFFSET (EwsOAuth2Request, nonce) },
  { "code_challenge", G_STRUCT_OFFSET (EwsOAuth2Request, code_challenge) },
  { "code_challenge_method", G_STRUCT_OFFSET (EwsOAuth2Request, code_challenge_method) },
  { "scope", G_STRUCT_OFFSET (EwsOAuth2Request, scope) },
};

char *
ews_oauth2_request_page_path (const EwsOAuth2Request *request)
{
  GString *path = g_string_new (EWS_OAUTH2_AUTHORIZE_PATH);
  gboolean first = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (carried_fields); i++)
    {
      const char      *value = G_STRUCT_MEMBER (const char *, request, carried_fields[i].offset);
      g_autofree char *escaped = NULL;

      if (value == NULL)
        continue;

      escaped = g_uri_escape_string (value, NULL, FALSE);
      g_string_append_printf (path, "%c%s=%s", first ? '?' : '&', carried_fields[i].name, escaped);
      first = FALSE;
    }

  return g_string_free (path, FALSE);
}

char *
ews_oauth2_uri_origin (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = NULL;

  if (parsed == NULL)
    return NULL;

  /* An app's own scheme (com.example.app:/signed-in) has no host: the
   * scheme is its source expression. */
  if (g_uri_get_host (parsed) == NULL || g_uri_get_host (parsed)[0] == '\0')
    return g_strconcat (g_uri_get_scheme (parsed), ":", NULL);

  host = strchr (g_uri_get_host (parsed), ':') != NULL ? g_strdup_printf ("[%s]", g_uri_get_host (parsed))
                                                       : g_strdup (g_uri_get_host (parsed));
  if (g_uri_get_port (parsed) > 0)
    return g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (parsed), host, g_uri_get_port (parsed));

  return g_strdup_printf ("%s://%s", g_uri_get_scheme (parsed), host);
}

/* A spot for a button per upstream provider (Google, any OpenID Connect
 * issuer, Facebook) once the configuration can name them: none yet. */
static void
append_providers (GString                *html,
                  EwsServer              *server,
                  const EwsCatalog       *catalog,
                  const EwsOAuth2Request *request)
{
}

void
ews_oauth2_page_reply (SoupServerMessage      *msg,
                       EwsServer              *server,
                       const EwsOAuth2Request *request,
                       guint                   status,
                       const char             *email,
                       const char             *error_message)
{
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *origin = ews_oauth2_uri_origin (request->redirect_uri);
  g_autofree char *policy = NULL;

  ews_guest_page_begin (html, server, catalog, ews_tr (catalog, "Sign in"));
  g_string_append (html, "<section class=\"card sign-in\">\n");
  ews_html_printf (html, "<h1>%s</h1>\n<p class=\"hint\">%s</p>\n", ews_tr (catalog, "Sign in"),
                   ews_tr (catalog, "With your Ewelists account, to go on to the app that sent you here."));

  if (error_message != NULL)
    ews_html_printf (html, "<p class=\"notice error-summary\" role=\"alert\">%s</p>\n", error_message);

  if (!ews_guest_form_begin (html, server, msg, EWS_OAUTH2_AUTHORIZE_PATH, NULL, "sign-in-form"))
    {
      ews_guest_reply_message (msg, server, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                               ews_tr (catalog, "Something went wrong"),
                               ews_tr (catalog, "The page could not be shown just now. Please try again in a moment."));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (carried_fields); i++)
    {
      const char *value = G_STRUCT_MEMBER (const char *, request, carried_fields[i].offset);

      if (value == NULL)
        continue;
      g_string_append (html, "<input type=\"hidden\"");
      ews_html_attr (html, "name", carried_fields[i].name);
      ews_html_attr (html, "value", value);
      g_string_append (html, ">\n");
    }

  ews_html_printf (html, "<label for=\"email\">%s</label>\n", ews_tr (catalog, "E-mail address"));
  g_string_append (html, "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" "
                         "required maxlength=\"254\"");
  ews_html_attr (html, "value", email);
  g_string_append (html, email == NULL || email[0] == '\0' ? " autofocus>\n" : ">\n");
  ews_html_printf (html, "<label for=\"password\">%s</label>\n", ews_tr (catalog, "Password"));
  g_string_append (html, "<input id=\"password\" name=\"password\" type=\"password\" "
                         "autocomplete=\"current-password\" required maxlength=\"256\"");
  g_string_append (html, email != NULL && email[0] != '\0' ? " autofocus>\n" : ">\n");
  ews_html_printf (html, "<button class=\"primary\" type=\"submit\">%s</button>\n</form>\n",
                   ews_tr (catalog, "Sign in"));

  append_providers (html, server, catalog, request);

  g_string_append (html, "</section>\n");
  ews_guest_page_end (html, catalog);

  ews_html_reply (msg, status, html);

  policy = g_strconcat (POLICY_BEFORE, origin != NULL ? origin : "", POLICY_AFTER, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Security-Policy", policy);
}
