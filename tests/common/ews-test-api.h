/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>

#include "ewe-test-server.h"

G_BEGIN_DECLS

/* Helpers for the data API's suites: ID tokens signed with the test
 * server's own key (ews-test-keys.h), and JSON calls that check every
 * answer is JSON. */

/* The app client id a test server accepts (its default). */
#define EWS_TEST_API_CLIENT_ID "ewelists"

char       *ews_test_api_token_for_client (EweTestServer *server,
                                           const char    *sub,
                                           const char    *email,
                                           const char    *client_id);
char       *ews_test_api_token        (EweTestServer *server,
                                       const char    *sub,
                                       const char    *email,
                                       const char    *name);
char       *ews_test_api_token_full   (EweTestServer *server,
                                       const char    *sub,
                                       const char    *email,
                                       const char    *token_use,
                                       gint64         expires_in);

/* @token and @body may be NULL. The answer must be JSON; for a status of
 * 400 and up it must be an object with an "error" string. */
JsonNode   *ews_test_api_call         (EweTestServer *server,
                                       const char    *method,
                                       const char    *path,
                                       const char    *token,
                                       const char    *body,
                                       guint         *status);
/* A call that must answer 200 with a JSON object: its string @member. */
char       *ews_test_api_call_ok_member (EweTestServer *server,
                                         const char    *method,
                                         const char    *path,
                                         const char    *token,
                                         const char    *body,
                                         const char    *member);
/* A GET that must answer 200: its body as sent, to compare two servers'. */
char       *ews_test_api_get_text     (EweTestServer *server,
                                       const char    *path,
                                       const char    *token);
/* An anonymous call's status alone. */
guint       ews_test_api_call_status  (EweTestServer *server,
                                       const char    *method,
                                       const char    *path,
                                       const char    *body);
JsonNode   *ews_test_api_call_full    (EweTestServer *server,
                                       const char    *method,
                                       const char    *path,
                                       const char    *token,
                                       const char    *body,
                                       const char    *idempotency_key,
                                       guint         *status,
                                       char         **text);

/* `ewelists-server --data-dir … admin ARGS…` on the server's data
 * directory, as an administrator runs it; @out and @err may be NULL.
 * Returns the exit status. */
int         ews_test_api_run_admin    (EweTestServer  *server,
                                       char          **out,
                                       char          **err,
                                       ...) G_GNUC_NULL_TERMINATED;
/* Makes @email one of the site's admins (`admin admins add`). */
void        ews_test_api_grant_admin  (EweTestServer  *server,
                                       const char     *email);

/* Calls that must succeed (200) and return an object member.
 * ews_test_api_create_product() adds to the catalogue as @token's user,
 * whom it first makes an admin: only admins add to the catalogue. */
char       *ews_test_api_create_list    (EweTestServer *server,
                                         const char    *token,
                                         const char    *title);
char       *ews_test_api_create_product (EweTestServer *server,
                                         const char    *token,
                                         const char    *url);
void        ews_test_api_add_gift       (EweTestServer *server,
                                         const char    *token,
                                         const char    *list_id,
                                         const char    *product_id,
                                         gint64         quantity);
char       *ews_test_api_reserve        (EweTestServer *server,
                                         const char    *list_id,
                                         const char    *product_id,
                                         const char    *email,
                                         const char    *name,
                                         gint64         quantity);
JsonObject *ews_test_api_get_gift       (EweTestServer *server,
                                         const char    *token,
                                         const char    *list_id,
                                         const char    *product_id);

G_END_DECLS
