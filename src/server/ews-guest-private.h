/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ewe-limits.h"
#include "ewe-price.h"
#include "ews-html.h"
#include "ews-rate-limit.h"
#include "ews-server.h"
#include "ews-storage.h"

G_BEGIN_DECLS

/* What the guest pages (ews-guest-pages.c: the shared list and the
 * reserve form; ews-guest-reservation-page.c: one reservation) share: the
 * page frame, links from --public-url, forms with CSRF tokens, and reading
 * posted forms. */

/* <public-url><path>, where @path is @first_literal followed by
 * arguments that alternate between a value, escaped as one path segment,
 * and another literal: ews_guest_url (server, "/lists/", list_id, NULL). */
char       *ews_guest_url               (EwsServer         *server,
                                         const char        *first_literal,
                                         ...) G_GNUC_NULL_TERMINATED;
/* The same path without the base: what the router sees, and what CSRF
 * tokens are bound to. */
char       *ews_guest_path              (const char        *first_literal,
                                         ...) G_GNUC_NULL_TERMINATED;

/* The language of the page: the best of the request's Accept-Language
 * that the server speaks, or English. */
const EwsCatalog *ews_guest_catalog     (SoupServerMessage *msg,
                                         EwsServer         *server);

void        ews_guest_page_begin        (GString           *html,
                                         EwsServer         *server,
                                         const EwsCatalog  *catalog,
                                         const char        *title);
void        ews_guest_page_end          (GString           *html,
                                         const EwsCatalog  *catalog);
/* A whole page that only says something: 404s, 403s, failures. @title
 * and @message are in the request's language already. */
void        ews_guest_reply_message     (SoupServerMessage *msg,
                                         EwsServer         *server,
                                         guint              status,
                                         const char        *title,
                                         const char        *message);
/* The same with a link back to @back_path (a path of ours, or NULL). */
void        ews_guest_reply_message_with_link (SoupServerMessage *msg,
                                               EwsServer         *server,
                                               guint              status,
                                               const char        *title,
                                               const char        *message,
                                               const char        *back_path,
                                               const char        *back_label);
/* FALSE, after a 503, until the server's storage is open. */
gboolean    ews_guest_check_ready       (SoupServerMessage *msg,
                                         EwsServer         *server);
/* Takes a token of @kind for @subject, or for the client's address when
 * @subject is NULL. FALSE after a page that says to come back later (429
 * with Retry-After, and a link to @back_path), or a 500. */
gboolean    ews_guest_check_rate        (SoupServerMessage *msg,
                                         EwsServer         *server,
                                         EwsRateKind        kind,
                                         const char        *subject,
                                         const char        *back_path);
/* 404 for NOT_FOUND, 500 (logged) for anything else. */
void        ews_guest_reply_storage_failure (SoupServerMessage *msg,
                                             EwsServer         *server,
                                             const GError      *error,
                                             const char        *not_found_title,
                                             const char        *not_found_message);
guint       ews_guest_status_for_error  (const GError      *error);
/* What to tell the guest about a refusal, in the page's language: storage's
 * message looked up in @catalog, or, for a refusal with a number or a
 * state in it, worded here with the plural the number needs. */
char       *ews_guest_dup_error_message (const EwsCatalog  *catalog,
                                         const GError      *error);

/* The request's CSRF nonce (ews_csrf_ensure_nonce()), from its cookie or
 * new and set in the response's. NULL only without random bytes. */
char       *ews_guest_csrf_nonce        (SoupServerMessage *msg,
                                         EwsServer         *server,
                                         GError           **error);

/* A page kept for every visitor (the reply cache) cannot hold their CSRF
 * tokens, which are bound to their cookie: its forms are written with an
 * empty slot where the token goes, recorded in @slots (from
 * ews_guest_token_slots_new()) with the token's scope (as in
 * ews_guest_form_begin_scoped()), and filled for each visitor: one token
 * per scope, so forms that share a scope cost one HMAC per request. */
GPtrArray  *ews_guest_token_slots_new   (void);
void        ews_guest_form_begin_slot   (GString           *html,
                                         EwsServer         *server,
                                         const char        *action_path,
                                         const char        *token_scope,
                                         const char        *fragment,
                                         const char        *css_class,
                                         GPtrArray         *slots);
/* @html and its slots, as one GBytes for the reply cache. */
GBytes     *ews_guest_template_pack     (GString           *html,
                                         GPtrArray         *slots);
/* Answers with @packed's page, its slots filled with tokens for the
 * request's CSRF nonce (ews_guest_csrf_nonce()); its ETag is made from
 * @template_etag (the packed page's), the nonce and the tokens' expiry;
 * 304 when the request's If-None-Match has it. FALSE, with nothing
 * answered, when the page has forms and no nonce could be made. */
gboolean    ews_guest_reply_template    (SoupServerMessage *msg,
                                         EwsServer         *server,
                                         GBytes            *packed,
                                         const char        *template_etag);

/* <form method="post" action="…"> and its hidden CSRF token, bound to
 * @action_path. @fragment (or NULL) is where the browser scrolls to when
 * the answer is this page again, with the form's error. FALSE (and nothing
 * appended) if no nonce could be made. */
gboolean    ews_guest_form_begin        (GString           *html,
                                         EwsServer         *server,
                                         SoupServerMessage *msg,
                                         const char        *action_path,
                                         const char        *fragment,
                                         const char        *css_class);
/* The same with a token made for @token_scope instead of @action_path:
 * a page whose forms all do one kind of thing on one thing (reserve a gift
 * of one list) gives them one token, made once per request, and the forms'
 * handler checks it against that scope. The token is still bound to the
 * visitor's cookie, its expiry and the scope; only which of those forms it
 * is for is left out, and a page's visitor may post any of them anyway. */
gboolean    ews_guest_form_begin_scoped (GString           *html,
                                         EwsServer         *server,
                                         SoupServerMessage *msg,
                                         const char        *action_path,
                                         const char        *token_scope,
                                         const char        *fragment,
                                         const char        *css_class);

/* Reads a posted application/x-www-form-urlencoded body and checks its
 * CSRF token against @action_path (the scope the token was made for: the
 * form's action path, or the scope ews_guest_form_begin_scoped() gave it).
 * On failure it has already answered
 * (400, 403 or 413, with a link to @page_path, the form's page) and
 * returns NULL; nothing may change then. */
GHashTable *ews_guest_read_form         (SoupServerMessage *msg,
                                         EwsServer         *server,
                                         const char        *action_path,
                                         const char        *page_path);
/* A form field, trimmed; "" when absent. */
const char *ews_guest_form_get          (GHashTable        *form,
                                         const char        *name);
gboolean    ews_guest_parse_quantity    (const char        *text,
                                         gint64            *quantity);

gint64      ews_guest_gift_wanted       (const EwsGift     *gift);

/* The product a gift is (catalogue or user-added); NULL if it is gone. */
EwsProduct *ews_guest_load_product      (EwsStorage        *storage,
                                         const char        *type,
                                         const char        *product_id);
/* "Brand Details", for titles and mails. */
char       *ews_guest_product_title     (const EwsCatalog  *catalog,
                                         const EwsProduct  *product);
char       *ews_guest_format_price      (const EwsCatalog  *catalog,
                                         const EwsProduct  *product);
/* The gift's picture, or a neutral placeholder when it has no safe URL. */
void        ews_guest_append_image      (GString           *html,
                                         const char        *url,
                                         const char        *alt,
                                         const char        *css_class);

void        ews_guest_reservation_page_register (EwsServer *server);
void        ews_guest_invitation_page_register  (EwsServer *server);

G_END_DECLS
