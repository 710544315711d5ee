/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#pragma once

#include "ews-catalog.h"
#include "ews-mail-message.h"

G_BEGIN_DECLS

/* The server's e-mails, in @catalog's language (NULL is English; the
 * contact form's mail, to the server's operator, is always English).
 * Arguments are plain UTF-8 as users typed
 * them (NULL or empty names are fine); the HTML part escapes every one. */

/* How long the codes in these mails stay valid, as the mails say. */
#define EWS_SIGN_UP_CODE_LIFETIME_SECONDS (24 * 60 * 60)
#define EWS_RESET_CODE_LIFETIME_SECONDS   (60 * 60)
/* EWS_INVITATION_LIFETIME_SECONDS (ews-coowner-storage.h), in days. */
#define EWS_INVITATION_LIFETIME_DAYS      14
#define EWS_LINK_MAIL_LIFETIME_SECONDS    (30 * 60)

EwsMailContent *ews_mail_template_welcome                  (const EwsCatalog *catalog,
                                                            const char       *public_url,
                                                            const char       *name);
EwsMailContent *ews_mail_template_sign_up_attempt          (const EwsCatalog *catalog,
                                                            const char       *public_url,
                                                            const char       *name);
EwsMailContent *ews_mail_template_sign_up_code             (const EwsCatalog *catalog,
                                                            const char       *name,
                                                            const char       *code);
EwsMailContent *ews_mail_template_password_reset_code      (const EwsCatalog *catalog,
                                                            const char       *name,
                                                            const char       *code);
EwsMailContent *ews_mail_template_reservation_confirmation (const EwsCatalog *catalog,
                                                            const char       *public_url,
                                                            const char       *guest_name,
                                                            const char       *list_title,
                                                            const char       *gift_title,
                                                            const char       *gift_notes,
                                                            const char       *gift_price,
                                                            guint             quantity,
                                                            const char       *reservation_id,
                                                            const char       *confirm_key);
EwsMailContent *ews_mail_template_purchase_confirmation    (const EwsCatalog *catalog,
                                                            const char       *guest_name,
                                                            const char       *list_title,
                                                            const char       *gift_title,
                                                            guint             quantity);
/* To someone an owner of a list invited to own it with them. */
EwsMailContent *ews_mail_template_coowner_invitation       (const EwsCatalog *catalog,
                                                            const char       *public_url,
                                                            const char       *inviter_name,
                                                            const char       *list_title,
                                                            const char       *invitation_id,
                                                            const char       *key);
/* To the owner of an account whose address a sign-in provider vouched
 * for: the link (@url) that confirms the provider may sign in to it. */
EwsMailContent *ews_mail_template_link_confirmation        (const EwsCatalog *catalog,
                                                            const char       *name,
                                                            const char       *provider,
                                                            const char       *url);
EwsMailContent *ews_mail_template_contact                  (const char       *sender_name,
                                                            const char       *sender_email,
                                                            const char       *message);

/* <public_url>/reserve/<reservation_id>, the id escaped as a path segment,
 * and ?confirm=<confirm_key> when @confirm_key is not NULL. */
char           *ews_mail_reservation_url                   (const char       *public_url,
                                                            const char       *reservation_id,
                                                            const char       *confirm_key);

/* <public_url>/invitation/<invitation_id>?key=<key>, both escaped. */
char           *ews_mail_invitation_url                    (const char       *public_url,
                                                            const char       *invitation_id,
                                                            const char       *key);

G_END_DECLS
