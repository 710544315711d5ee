/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <json-glib/json-glib.h>

#include "ewe-test-server.h"
#include "ewe-test-smtp.h"

G_BEGIN_DECLS

/* Talking to a test server's /api/auth as a Cognito client does: requests
 * with X-Amz-Target and application/x-amz-json-1.1, replies checked for
 * success or for a given exception, and sign-up codes read from the SMTP
 * sink. */

#define EWS_TEST_COGNITO_CLIENT_ID "ewelists"
#define EWS_TEST_COGNITO_PUBLIC_URL "https://ewelists.example.org"
/* A password Cognito's default policy accepts. */
#define EWS_TEST_COGNITO_PASSWORD "Correct-horse-1"
#define EWS_TEST_COGNITO_MAIL_TIMEOUT_MS 15000

/* A server (with --public-url EWS_TEST_COGNITO_PUBLIC_URL) and the SMTP
 * sink it mails to, for g_test_add(). */
typedef struct
{
  EweTestSmtp   *sink;
  EweTestServer *server;
} EwsTestCognitoFixture;

void        ews_test_cognito_fixture_set_up      (EwsTestCognitoFixture *fixture,
                                                  gconstpointer          data);
void        ews_test_cognito_fixture_tear_down   (EwsTestCognitoFixture *fixture,
                                                  gconstpointer          data);
/* @data_dir NULL for a new one, @port 0 for any, @sink NULL for no mail. */
EweTestServer *ews_test_cognito_start_server     (const char            *data_dir,
                                                  guint16                port,
                                                  EweTestSmtp           *sink);

JsonObject *ews_test_cognito_call_raw            (EweTestServer *server,
                                                  const char    *target,
                                                  const char    *body,
                                                  guint         *status);
/* As ews_test_cognito_call(), with connections from the loopback address
 * @from (e.g. "127.0.0.2"), or from anywhere if NULL. */
JsonObject *ews_test_cognito_call_from           (EweTestServer *server,
                                                  const char    *from,
                                                  const char    *operation,
                                                  JsonObject    *body,
                                                  guint         *status);
JsonObject *ews_test_cognito_call                (EweTestServer *server,
                                                  const char    *operation,
                                                  JsonObject    *body,
                                                  guint         *status);
JsonObject *ews_test_cognito_call_ok             (EweTestServer *server,
                                                  const char    *operation,
                                                  JsonObject    *body);
void        ews_test_cognito_call_fails          (EweTestServer *server,
                                                  const char    *operation,
                                                  JsonObject    *body,
                                                  const char    *type,
                                                  const char    *message);
/* Bodies from name/value string pairs ending with NULL; ClientId is added. */
JsonObject *ews_test_cognito_body_new            (const char *first_name,
                                                  ...) G_GNUC_NULL_TERMINATED;
JsonObject *ews_test_cognito_sign_up_body        (const char *email,
                                                  const char *password,
                                                  const char *name);
JsonObject *ews_test_cognito_initiate_auth_body  (const char *flow,
                                                  const char *first_name,
                                                  ...) G_GNUC_NULL_TERMINATED;
JsonObject *ews_test_cognito_sign_in             (EweTestServer *server,
                                                  const char    *email,
                                                  const char    *password);
void        ews_test_cognito_sign_in_fails       (EweTestServer *server,
                                                  const char    *email,
                                                  const char    *password,
                                                  const char    *type,
                                                  const char    *message);
char       *ews_test_cognito_read_code           (EweTestSmtp *sink,
                                                  const char  *email,
                                                  guint        index,
                                                  guint       *next);
void        ews_test_cognito_sign_up_and_confirm (EweTestServer *server,
                                                  EweTestSmtp   *sink,
                                                  const char    *email,
                                                  const char    *name);
JsonObject *ews_test_cognito_verify_token        (EweTestServer *server,
                                                  const char    *token);
guint       ews_test_cognito_get_with_token      (EweTestServer *server,
                                                  const char    *path,
                                                  const char    *token);
void        ews_test_cognito_run_sql             (EweTestServer *server,
                                                  const char    *sql);

G_END_DECLS
