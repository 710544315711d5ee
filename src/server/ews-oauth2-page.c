/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oauth2"

#include "config.h"

#include "ews-guest-private.h"
#include "ews-oauth2-private.h"
#include "ews-oauth2-providers.h"

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
  { "login_hint", G_STRUCT_OFFSET (EwsOAuth2Request, login_hint) },
};

const char *
ews_oauth2_page_path (EwsOAuth2Page page)
{
  switch (page)
    {
    case EWS_OAUTH2_PAGE_SIGN_IN:
      return EWS_OAUTH2_AUTHORIZE_PATH;
    case EWS_OAUTH2_PAGE_SIGN_UP:
      return "/signup";
    case EWS_OAUTH2_PAGE_CONFIRM:
      return "/confirm";
    case EWS_OAUTH2_PAGE_FORGOT:
      return "/forgotPassword";
    case EWS_OAUTH2_PAGE_RESET:
      return "/confirmForgotPassword";
    default:
      g_return_val_if_reached (EWS_OAUTH2_AUTHORIZE_PATH);
    }
}

char *
ews_oauth2_request_page_path (const EwsOAuth2Request *request,
                              EwsOAuth2Page           page)
{
  GString *path = g_string_new (ews_oauth2_page_path (page));
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

char *
ews_oauth2_upstream_url (EwsServer              *server,
                         const EwsOAuth2Request *request,
                         const char             *provider_name)
{
  g_autofree char *request_path = ews_oauth2_request_page_path (request, EWS_OAUTH2_PAGE_SIGN_IN);
  const char      *query = strchr (request_path, '?');
  g_autofree char *escaped = g_uri_escape_string (provider_name, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("%s?provider=%s%s%s", EWS_OAUTH2_UPSTREAM_PATH, escaped,
                                           query != NULL ? "&" : "", query != NULL ? query + 1 : "");

  return ews_guest_url (server, path, NULL);
}

/* A button per upstream provider (Google, any OpenID Connect issuer,
 * Facebook): a plain link, so no script is needed, to the start of the
 * upstream sign-in with the app's request carried along; it ends in
 * ews_oauth2_signed_in() as a password sign-in does
 * (ews-oauth2-upstream.c). */
static void
append_providers (GString                *html,
                  EwsServer              *server,
                  const EwsCatalog       *catalog,
                  const EwsOAuth2Request *request)
{
  GPtrArray *providers = ews_server_get_config (server)->oauth2_providers;

  if (providers == NULL || providers->len == 0)
    return;

  g_string_append (html, "<div class=\"providers\">\n");
  ews_html_printf (html, "<p class=\"hint\">%s</p>\n", ews_tr (catalog, "Or continue with an account you have:"));
  for (guint i = 0; i < providers->len; i++)
    {
      const EwsOAuth2Provider *provider = g_ptr_array_index (providers, i);
      g_autofree char         *url = ews_oauth2_upstream_url (server, request, provider->name);
      /* Translators: %s is a sign-in provider, e.g. Google */
      g_autofree char         *label = g_strdup_printf (ews_tr (catalog, "Continue with %s"), provider->display_name);

      g_string_append (html, "<a class=\"button provider\"");
      ews_html_attr (html, "href", url);
      ews_html_attr (html, "data-provider", provider->name);
      ews_html_printf (html, ">%s</a>\n", label);
    }
  g_string_append (html, "</div>\n");
}

JsonObject *
ews_oauth2_request_to_json (const EwsOAuth2Request *request)
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (carried_fields); i++)
    {
      const char *value = G_STRUCT_MEMBER (const char *, request, carried_fields[i].offset);

      if (value != NULL)
        json_object_set_string_member (object, carried_fields[i].name, value);
    }

  return object;
}

EwsOAuth2Request *
ews_oauth2_request_from_json (JsonObject *object)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; object != NULL && i < G_N_ELEMENTS (carried_fields); i++)
    {
      JsonNode *node = json_object_get_member (object, carried_fields[i].name);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_hash_table_insert (fields, (char *)carried_fields[i].name, (char *)json_node_get_string (node));
    }

  return ews_oauth2_request_from_fields (fields);
}

void
ews_oauth2_set_policy (SoupServerMessage      *msg,
                       const EwsOAuth2Request *request)
{
  g_autofree char *origin = ews_oauth2_uri_origin (request->redirect_uri);
  g_autofree char *policy = g_strconcat (POLICY_BEFORE, origin != NULL ? origin : "", POLICY_AFTER, NULL);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Security-Policy", policy);
}

/* The authorization request, from page to page. */
static void
append_carried_fields (GString                *html,
                       const EwsOAuth2Request *request)
{
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
}

/* One labelled input; @value may be NULL. */
static void
append_input (GString    *html,
              const char *id,
              const char *label,
              const char *type,
              const char *autocomplete,
              const char *value,
              gboolean    required,
              gboolean    autofocus)
{
  ews_html_printf (html, "<label for=\"%s\">%s</label>\n<input", id, label);
  ews_html_attr (html, "id", id);
  ews_html_attr (html, "name", id);
  ews_html_attr (html, "type", type);
  ews_html_attr (html, "autocomplete", autocomplete);
  ews_html_attr (html, "value", value);
  if (g_strcmp0 (id, "code") == 0)
    g_string_append (html, " inputmode=\"numeric\" maxlength=\"6\"");
  else
    g_string_append (html, " maxlength=\"256\"");
  if (required)
    g_string_append (html, " required");
  g_string_append (html, autofocus ? " autofocus>\n" : ">\n");
}

static void
append_link (GString                *html,
             EwsServer              *server,
             const EwsOAuth2Request *request,
             EwsOAuth2Page           page,
             const char             *label)
{
  g_autofree char *path = ews_oauth2_request_page_path (request, page);
  g_autofree char *url = ews_guest_url (server, path, NULL);

  g_string_append (html, "<a");
  ews_html_attr (html, "href", url);
  ews_html_printf (html, ">%s</a>", label);
}

static void
append_fields (GString                  *html,
               const EwsCatalog         *catalog,
               EwsOAuth2Page             page,
               const EwsOAuth2PageState *state)
{
  const char *email = state->email;
  gboolean    has_email = email != NULL && email[0] != '\0';

  switch (page)
    {
    case EWS_OAUTH2_PAGE_SIGN_IN:
      append_input (html, "email", ews_tr (catalog, "E-mail address"), "email", "username", email, TRUE, !has_email);
      append_input (html, "password", ews_tr (catalog, "Password"), "password", "current-password", NULL, TRUE,
                    has_email);
      break;
    case EWS_OAUTH2_PAGE_SIGN_UP:
      append_input (html, "name", ews_tr (catalog, "Your name"), "text", "name", state->name, FALSE, TRUE);
      append_input (html, "email", ews_tr (catalog, "E-mail address"), "email", "username", email, TRUE, FALSE);
      append_input (html, "password", ews_tr (catalog, "Password"), "password", "new-password", NULL, TRUE, FALSE);
      break;
    case EWS_OAUTH2_PAGE_CONFIRM:
      append_input (html, "email", ews_tr (catalog, "E-mail address"), "email", "username", email, TRUE, !has_email);
      append_input (html, "code", ews_tr (catalog, "Code"), "text", "one-time-code", NULL, TRUE, has_email);
      break;
    case EWS_OAUTH2_PAGE_FORGOT:
      append_input (html, "email", ews_tr (catalog, "E-mail address"), "email", "username", email, TRUE, TRUE);
      break;
    case EWS_OAUTH2_PAGE_RESET:
      append_input (html, "email", ews_tr (catalog, "E-mail address"), "email", "username", email, TRUE, !has_email);
      append_input (html, "code", ews_tr (catalog, "Code"), "text", "one-time-code", NULL, TRUE, has_email);
      append_input (html, "password", ews_tr (catalog, "New password"), "password", "new-password", NULL, TRUE,
                    FALSE);
      break;
    default:
      g_return_if_reached ();
    }
}

void
ews_oauth2_page_reply (SoupServerMessage        *msg,
                       EwsServer                *server,
                       const EwsOAuth2Request   *request,
                       EwsOAuth2Page             page,
                       guint                     status,
                       const EwsOAuth2PageState *state)
{
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  g_autoptr(GString) html = g_string_new (NULL);
  static const EwsOAuth2PageState no_state = { 0 };
  EwsOAuth2PageState              hinted;
  const char                     *title;
  const char                     *hint;
  const char                     *submit;

  if (state == NULL)
    state = &no_state;
  /* The address the app already knows, until the person types another. */
  if (state->email == NULL && request->login_hint != NULL)
    {
      hinted = *state;
      hinted.email = request->login_hint;
      state = &hinted;
    }

  switch (page)
    {
    case EWS_OAUTH2_PAGE_SIGN_UP:
      title = ews_tr (catalog, "Create an account");
      hint = ews_tr (catalog, "Your name is shown to friends on the lists you share.");
      submit = ews_tr (catalog, "Create account");
      break;
    case EWS_OAUTH2_PAGE_CONFIRM:
      title = ews_tr (catalog, "Confirm your e-mail address");
      hint = ews_tr (catalog, "Enter the 6-digit code we sent you by e-mail.");
      submit = ews_tr (catalog, "Confirm");
      break;
    case EWS_OAUTH2_PAGE_FORGOT:
      title = ews_tr (catalog, "Forgot your password?");
      hint = ews_tr (catalog, "Enter the e-mail address of your account. We will send you a code to choose a new "
                              "password.");
      submit = ews_tr (catalog, "Send code");
      break;
    case EWS_OAUTH2_PAGE_RESET:
      title = ews_tr (catalog, "Choose a new password");
      hint = ews_tr (catalog, "Enter the code we sent you by e-mail and choose a new password.");
      submit = ews_tr (catalog, "Change password");
      break;
    case EWS_OAUTH2_PAGE_SIGN_IN:
    default:
      title = ews_tr (catalog, "Sign in");
      hint = ews_tr (catalog, "With your Ewelists account, to go on to the app that sent you here.");
      submit = ews_tr (catalog, "Sign in");
      break;
    }

  ews_guest_page_begin (html, server, catalog, title);
  g_string_append (html, "<section class=\"card sign-in\">\n");
  ews_html_printf (html, "<h1>%s</h1>\n<p class=\"hint\">%s</p>\n", title, hint);

  if (state->notice != NULL)
    ews_html_printf (html, "<p class=\"notice success\" role=\"status\">%s</p>\n", state->notice);
  if (state->error != NULL)
    ews_html_printf (html, "<p class=\"notice error-summary\" role=\"alert\">%s</p>\n", state->error);

  if (!ews_guest_form_begin (html, server, msg, ews_oauth2_page_path (page), NULL, "sign-in-form"))
    {
      ews_guest_reply_message (msg, server, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                               ews_tr (catalog, "Something went wrong"),
                               ews_tr (catalog, "The page could not be shown just now. Please try again in a moment."));
      return;
    }

  append_carried_fields (html, request);
  append_fields (html, catalog, page, state);
  ews_html_printf (html, "<button class=\"primary\" type=\"submit\">%s</button>\n</form>\n", submit);

  /* A code that never came, or came too late: another, by a form of its
   * own (a button in the first form would send the code field empty). */
  if (page == EWS_OAUTH2_PAGE_CONFIRM &&
      ews_guest_form_begin (html, server, msg, EWS_OAUTH2_RESEND_PATH, NULL, "resend-form"))
    {
      append_carried_fields (html, request);
      if (state->email != NULL && state->email[0] != '\0')
        {
          g_string_append (html, "<input type=\"hidden\" name=\"email\"");
          ews_html_attr (html, "value", state->email);
          g_string_append (html, ">\n");
        }
      ews_html_printf (html, "<button type=\"submit\">%s</button>\n</form>\n", ews_tr (catalog, "Send a new code"));
    }

  if (page == EWS_OAUTH2_PAGE_SIGN_IN)
    {
      append_providers (html, server, catalog, request);
      g_string_append (html, "<p class=\"links\">");
      append_link (html, server, request, EWS_OAUTH2_PAGE_SIGN_UP, ews_tr (catalog, "Create an account"));
      append_link (html, server, request, EWS_OAUTH2_PAGE_FORGOT, ews_tr (catalog, "Forgot your password?"));
      g_string_append (html, "</p>\n");
    }
  else
    {
      g_string_append (html, "<p class=\"links\">");
      append_link (html, server, request, EWS_OAUTH2_PAGE_SIGN_IN, ews_tr (catalog, "Back to sign in"));
      g_string_append (html, "</p>\n");
    }

  g_string_append (html, "</section>\n");
  ews_guest_page_end (html, catalog);

  ews_html_reply (msg, status, html);
  ews_oauth2_set_policy (msg, request);
}
