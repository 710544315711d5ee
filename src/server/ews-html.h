/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A tiny HTML builder for the server's pages. Markup comes only from string
 * literals in our code; everything else — every value a user or the
 * database supplies — goes through one of these functions, which escape it
 * for both text and (double-quoted) attribute context, and let only http(s)
 * URLs into href and src. */

char     *ews_html_escape          (const char  *text);
gboolean  ews_html_url_is_safe     (const char  *url);

/* Appends @text escaped; NULL appends nothing. */
void      ews_html_text            (GString     *html,
                                    const char  *text);
/* Appends @format as markup with every %s argument escaped (numbers are
 * safe as they are); the format itself must be a literal. */
void      ews_html_printf          (GString     *html,
                                    const char  *format,
                                    ...) G_GNUC_PRINTF (2, 3);
/* Appends ` name="value"`, the value escaped; NULL appends nothing. */
void      ews_html_attr            (GString     *html,
                                    const char  *name,
                                    const char  *value);
/* Like ews_html_attr() for href/src: appends nothing and returns FALSE
 * unless @url is an absolute http or https URL. */
gboolean  ews_html_url_attr        (GString     *html,
                                    const char  *name,
                                    const char  *url);

/* Sends @html as a text/html page with the security headers every page
 * gets: a Content-Security-Policy that allows no script at all, nosniff,
 * no framing, and a Referrer-Policy that keeps list and reservation ids
 * (which are secrets) out of the shops' logs. */
void      ews_html_reply           (SoupServerMessage *msg,
                                    guint              status,
                                    GString           *html);
/* The same for a 200 page that browsers may revalidate: it carries an ETag
 * of its bytes, and a request whose If-None-Match names it gets 304. */
void      ews_html_reply_revalidatable (SoupServerMessage *msg,
                                        GString           *html);
/* The same with @etag, a tag made by the caller that changes whenever the
 * bytes do. */
void      ews_html_reply_revalidatable_tagged (SoupServerMessage *msg,
                                               GString           *html,
                                               const char        *etag);
/* The headers of a revalidatable page (as above) and its ETag; TRUE, with
 * 304 answered, when the request's If-None-Match names @etag: then the
 * caller need not make the page at all. */
gboolean  ews_html_reply_if_fresh  (SoupServerMessage *msg,
                                    const char        *etag);
/* The 200 page after ews_html_reply_if_fresh() said FALSE: @page is sent
 * as it is, a reference taken. */
void      ews_html_reply_page_bytes (SoupServerMessage *msg,
                                     GBytes            *page);
/* 303 See Other to @location, so a reload does not post the form again. */
void      ews_html_redirect        (SoupServerMessage *msg,
                                    const char        *location);
void      ews_html_set_security_headers (SoupServerMessage *msg);

G_END_DECLS
