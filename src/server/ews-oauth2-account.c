/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-oauth2"

#include "config.h"

#include "ewe-limits.h"
#include "ewe-password-policy.h"
#include "ews-auth-private.h"
#include "ews-guest-private.h"
#include "ews-oauth2-private.h"
#include "ews-request.h"

/* The hosted pages on the way to signing in: a new account (/signup, then
 * /confirm with the mailed code) and a new password (/forgotPassword, then
 * /confirmForgotPassword; and /resendCode for a new code). Each form runs
 * the sign-in API's own operation (SignUp, ConfirmSignUp,
 * ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword), with
 * its mails, limits and rules, and carries the app's authorization
 * request along, so that the person ends up on the sign-in page for the
 * same app. */

typedef struct
{
  EwsOAuth2Request *request;
  EwsOAuth2Page     page;
  gboolean          resend; /* the confirmation page's other form */
  char             *email;
  char             *name;
} AccountStep;

static void
account_step_free (gpointer data)
{
  AccountStep *step = data;

  ews_oauth2_request_free (step->request);
  g_free (step->email);
  g_free (step->name);
  g_free (step);
}

static EwsOAuth2Page
page_of_route (SoupServerMessage *msg)
{
  const char *route = ews_router_get_route (msg);

  if (g_strcmp0 (route, "/signup") == 0)
    return EWS_OAUTH2_PAGE_SIGN_UP;
  if (g_strcmp0 (route, "/confirm") == 0 || g_strcmp0 (route, EWS_OAUTH2_RESEND_PATH) == 0)
    return EWS_OAUTH2_PAGE_CONFIRM;
  if (g_strcmp0 (route, "/forgotPassword") == 0)
    return EWS_OAUTH2_PAGE_FORGOT;
  return EWS_OAUTH2_PAGE_RESET;
}

/* The policy's verdict in the page's language: the app's own words. */
static char *
password_policy_message (const EwsCatalog *catalog,
                         const char       *password)
{
  switch (ewe_password_policy_check (password))
    {
    case EWE_PASSWORD_OK:
      return NULL;
    case EWE_PASSWORD_EMPTY:
    case EWE_PASSWORD_NOT_UTF8:
      return g_strdup (ews_tr (catalog, "Enter a password."));
    case EWE_PASSWORD_EDGE_SPACE:
      return g_strdup (ews_tr (catalog, "The password cannot begin or end with a space."));
    case EWE_PASSWORD_TOO_LONG:
      return g_strdup_printf (ews_ntr (catalog, "The password can have at most %d character.",
                                       "The password can have at most %d characters.", EWE_LIMIT_PASSWORD_MAX_CHARS),
                              EWE_LIMIT_PASSWORD_MAX_CHARS);
    case EWE_PASSWORD_TOO_SHORT:
      return g_strdup_printf (ews_ntr (catalog, "The password needs at least %d character.",
                                       "The password needs at least %d characters.", EWE_LIMIT_PASSWORD_MIN_CHARS),
                              EWE_LIMIT_PASSWORD_MIN_CHARS);
    case EWE_PASSWORD_NO_LOWERCASE:
      return g_strdup (ews_tr (catalog, "The password needs a lowercase letter (a to z)."));
    case EWE_PASSWORD_NO_UPPERCASE:
      return g_strdup (ews_tr (catalog, "The password needs an uppercase letter (A to Z)."));
    case EWE_PASSWORD_NO_DIGIT:
      return g_strdup (ews_tr (catalog, "The password needs a number."));
    case EWE_PASSWORD_NO_SYMBOL:
      return g_strdup (ews_tr (catalog, "The password needs a symbol, such as ! or #."));
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
account_error_message (const EwsCatalog *catalog,
                       const GError     *error,
                       guint            *status)
{
  *status = SOUP_STATUS_BAD_REQUEST;

  if (g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_CODE_MISMATCH) ||
      g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_USER_NOT_FOUND))
    return ews_tr (catalog, "This code is not right. Check the e-mail we sent and try again.");
  if (g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_EXPIRED_CODE))
    return ews_tr (catalog, "This code has expired. Ask for a new one.");
  if (g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_USERNAME_EXISTS))
    return ews_tr (catalog, "An account with this e-mail address exists already. Sign in, or choose a new password.");
  if (g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_INVALID_PASSWORD))
    return ews_tr (catalog, "Choose another password.");
  if (g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_TOO_MANY_REQUESTS) ||
      g_error_matches (error, EWS_AUTH_ERROR, EWS_AUTH_ERROR_LIMIT_EXCEEDED))
    {
      *status = EWS_STATUS_TOO_MANY_REQUESTS;
      return ews_tr (catalog, "There have been too many of these from here in a short while. "
                              "Please wait a little and try again.");
    }
  if (error->domain == EWS_AUTH_ERROR && error->code == EWS_AUTH_ERROR_INVALID_PARAMETER)
    return ews_tr (catalog, "Enter your e-mail address.");

  *status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  return ews_tr (catalog, "This failed on our side. Please try again in a moment.");
}

static void
account_finish_cb (EwsAuthCall  *call,
                   JsonNode     *reply,
                   const GError *error)
{
  AccountStep       *step = call->hook_data;
  const EwsCatalog  *catalog = ews_guest_catalog (call->msg, call->server);
  EwsOAuth2PageState state = { .email = step->email, .name = step->name };
  g_autofree char   *notice = NULL;
  EwsOAuth2Page      next = EWS_OAUTH2_PAGE_SIGN_IN;
  guint              status;

  if (reply == NULL)
    {
      state.error = account_error_message (catalog, error, &status);
      ews_oauth2_page_reply (call->msg, call->server, step->request, step->page, status, &state);
      return;
    }

  switch (step->resend ? EWS_OAUTH2_PAGE_SIGN_UP : step->page)
    {
    case EWS_OAUTH2_PAGE_SIGN_UP:
      next = EWS_OAUTH2_PAGE_CONFIRM;
      notice = step->resend ? g_strdup_printf (ews_tr (catalog, "We sent a new code to %s."), step->email)
                            : g_strdup_printf (ews_tr (catalog, "We sent a 6-digit code to %s. Enter it to confirm "
                                                                "your e-mail address."),
                                               step->email);
      break;
    case EWS_OAUTH2_PAGE_CONFIRM:
      notice = g_strdup (ews_tr (catalog, "Your e-mail address is confirmed. Sign in to go on."));
      break;
    case EWS_OAUTH2_PAGE_FORGOT:
      next = EWS_OAUTH2_PAGE_RESET;
      notice = g_strdup_printf (ews_tr (catalog, "We sent a code to %s. Enter it and choose a new password."),
                                step->email);
      break;
    case EWS_OAUTH2_PAGE_RESET:
      notice = g_strdup (ews_tr (catalog, "Your password is changed. Sign in with the new one."));
      break;
    case EWS_OAUTH2_PAGE_SIGN_IN:
    default:
      g_return_if_reached ();
    }

  state.notice = notice;
  ews_oauth2_page_reply (call->msg, call->server, step->request, next, SOUP_STATUS_OK, &state);
}

static void
account_get_cb (SoupServerMessage *msg,
                GHashTable        *params,
                gpointer           user_data)
{
  EwsServer  *server = user_data;
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) fields = query != NULL ? soup_form_decode (query) : NULL;
  g_autoptr(EwsOAuth2Request) request = ews_oauth2_request_from_fields (fields);

  if (!ews_guest_check_ready (msg, server) || !ews_oauth2_request_check (msg, server, request))
    return;

  ews_oauth2_page_reply (msg, server, request, page_of_route (msg), SOUP_STATUS_OK, NULL);
}

static void
add_string (JsonObject *object,
            const char *name,
            const char *value)
{
  json_object_set_string_member (object, name, value);
}

/* The sign-in API's request for @page's form. */
static JsonObject *
operation_body (EwsServer    *server,
                EwsOAuth2Page page,
                gboolean      resend,
                GHashTable   *form,
                const char   *email,
                const char   *name)
{
  JsonObject *body = json_object_new ();

  add_string (body, "ClientId", ews_server_get_config (server)->client_id);
  add_string (body, "Username", email);

  if (page == EWS_OAUTH2_PAGE_SIGN_UP)
    {
      JsonArray  *attributes = json_array_new ();
      JsonObject *attribute = json_object_new ();

      add_string (attribute, "Name", "email");
      add_string (attribute, "Value", email);
      json_array_add_object_element (attributes, attribute);
      if (name[0] != '\0')
        {
          attribute = json_object_new ();
          add_string (attribute, "Name", "name");
          add_string (attribute, "Value", name);
          json_array_add_object_element (attributes, attribute);
        }
      json_object_set_array_member (body, "UserAttributes", attributes);
    }

  if (page == EWS_OAUTH2_PAGE_SIGN_UP || page == EWS_OAUTH2_PAGE_RESET)
    add_string (body, "Password", g_hash_table_lookup (form, "password"));
  if ((page == EWS_OAUTH2_PAGE_CONFIRM && !resend) || page == EWS_OAUTH2_PAGE_RESET)
    add_string (body, "ConfirmationCode", ews_guest_form_get (form, "code"));

  return body;
}

static void
account_post_cb (SoupServerMessage *msg,
                 GHashTable        *params,
                 gpointer           user_data)
{
  EwsServer        *server = user_data;
  const EwsCatalog *catalog = ews_guest_catalog (msg, server);
  EwsOAuth2Page     page = page_of_route (msg);
  gboolean          resend = g_strcmp0 (ews_router_get_route (msg), EWS_OAUTH2_RESEND_PATH) == 0;
  const char       *action = resend ? EWS_OAUTH2_RESEND_PATH : ews_oauth2_page_path (page);
  gboolean          needs_code = (page == EWS_OAUTH2_PAGE_CONFIRM && !resend) || page == EWS_OAUTH2_PAGE_RESET;
  gboolean          needs_password = page == EWS_OAUTH2_PAGE_SIGN_UP || page == EWS_OAUTH2_PAGE_RESET;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(EwsOAuth2Request) request = NULL;
  g_autoptr(EwsAuthCall) call = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char   *page_path = NULL;
  g_autofree char   *policy_message = NULL;
  EwsOAuth2PageState state = { 0 };
  AccountStep       *step;
  EwsAuthOperation   operation;
  const char        *password;

  if (!ews_guest_check_ready (msg, server))
    return;

  /* As on the sign-in page: the parameters as sent, checked after the
   * CSRF token. */
  request = ews_oauth2_request_from_body (msg);
  page_path = ews_oauth2_request_page_path (request, page);

  form = ews_guest_read_form (msg, server, action, page_path);
  if (form == NULL || !ews_oauth2_request_check (msg, server, request))
    return;

  state.email = ews_guest_form_get (form, "email");
  state.name = ews_guest_form_get (form, "name");
  password = g_hash_table_lookup (form, "password");

  if (state.email[0] == '\0')
    state.error = ews_tr (catalog, "Enter your e-mail address.");
  else if (needs_code && ews_guest_form_get (form, "code")[0] == '\0')
    state.error = ews_tr (catalog, "Enter the code from the e-mail.");
  else if (needs_password)
    state.error = policy_message = password_policy_message (catalog, password != NULL ? password : "");
  if (state.error != NULL)
    {
      ews_oauth2_page_reply (msg, server, request, page, SOUP_STATUS_BAD_REQUEST, &state);
      return;
    }

  switch (page)
    {
    case EWS_OAUTH2_PAGE_SIGN_UP:
      operation = ews_auth_sign_up;
      break;
    case EWS_OAUTH2_PAGE_CONFIRM:
      operation = resend ? ews_auth_resend_confirmation_code : ews_auth_confirm_sign_up;
      break;
    case EWS_OAUTH2_PAGE_FORGOT:
      operation = ews_auth_forgot_password;
      break;
    case EWS_OAUTH2_PAGE_RESET:
      operation = ews_auth_confirm_forgot_password;
      break;
    case EWS_OAUTH2_PAGE_SIGN_IN:
    default:
      g_return_if_reached ();
    }

  step = g_new0 (AccountStep, 1);
  step->request = g_steal_pointer (&request);
  step->page = page;
  step->resend = resend;
  step->email = g_strdup (state.email);
  step->name = g_strdup (state.name);

  call = ews_auth_call_new (server, msg, operation_body (server, page, resend, form, state.email, state.name));
  call->finish = account_finish_cb;
  call->hook_data = step;
  call->hook_data_free = account_step_free;

  result = operation (call, &error);
  if (result != NULL || error != NULL)
    account_finish_cb (call, result, error);
  /* else a password is being hashed, and the call finishes later. */
}

void
ews_oauth2_account_register (EwsServer *server)
{
  EwsRouter         *router = ews_server_get_router (server);
  const char * const paths[] = { "/signup", "/confirm", "/forgotPassword", "/confirmForgotPassword" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      ews_router_add (router, "GET", paths[i], account_get_cb, server);
      ews_router_add (router, "POST", paths[i], account_post_cb, server);
    }
  ews_router_add (router, "POST", EWS_OAUTH2_RESEND_PATH, account_post_cb, server);
}
