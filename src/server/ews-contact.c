/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-contact"

#include "config.h"

#include "ews-contact.h"
#include "ews-mail.h"
#include "ews-request.h"

/* POST /contact {"name", "email", "message"}
 * → {"name", "email", "message", "id"}
 *
 * Public. The message is stored first, so nothing is lost whatever happens
 * to mail; "id" is the six-digit number the original put in the subject
 * line so a reply can be matched to the message. */
static void
contact_create (EwsRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  EwsStorage      *storage = ews_request_get_storage (request);
  const char      *name = NULL, *raw_email = NULL, *message = NULL;
  gint64           message_id;
  JsonObject      *body;

  if ((body = ews_request_require_body (request)) == NULL)
    return;

  if (!ews_request_member_string (request, body, "name", EWS_MEMBER_REQUIRED | EWS_MEMBER_NONEMPTY, &name) ||
      !ews_request_member_string (request, body, "email", EWS_MEMBER_REQUIRED | EWS_MEMBER_NONEMPTY, &raw_email) ||
      !ews_request_member_string (request, body, "message", EWS_MEMBER_REQUIRED | EWS_MEMBER_NONEMPTY, &message))
    return;

  email = ewe_email_normalize (raw_email);
  if (!ewe_email_is_valid (email))
    {
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "“%s” is not an e-mail address.", raw_email);
      return;
    }

  /* Each message is a mail to the site's contact address: per client,
   * and per sender, who may come from many addresses. */
  {
    g_autofree char *mailbox = ews_rate_limit_mailbox (email);

    if (!ews_request_check_rate (request, EWS_RATE_CONTACT, NULL) ||
        !ews_request_check_rate (request, EWS_RATE_CONTACT_SENDER, mailbox))
      return;
  }

  message_id = g_random_int_range (100000, 1000000);

  /* The message and its mail to the site's contact address go in together. */
  if (!ews_storage_begin (storage, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  if (!ews_storage_contact_insert (storage, message_id, name, email, message, &error))
    {
      ews_storage_rollback (storage);
      ews_request_reply_storage_error (request, error);
      return;
    }

  /* The stored message is what counts; the mail only tells someone to
   * look. A server without a usable --contact-email still takes messages. */
  if (!ews_mail_queue_contact (ews_server_get_mail (ews_request_get_server (request)),
                               name, email, message, &error))
    {
      g_warning ("Contact message #%" G_GINT64_FORMAT " is stored but was not mailed: %s",
                 message_id, error->message);
      g_clear_error (&error);
    }

  /* A failed commit has rolled back already. */
  if (!ews_storage_commit (storage, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, message_id);
  json_builder_end_object (builder);

  ews_request_reply_built (request, builder);
}

void
ews_contact_register (EwsServer *server)
{
  ews_request_add_route (server, "POST", "/api/contact", contact_create);
}
