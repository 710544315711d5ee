/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-coowners"

#include "config.h"

#include "ewe-email-rules.h"
#include "ews-auth-storage.h"
#include "ews-coowner-storage.h"
#include "ews-coowners.h"
#include "ews-json-writer.h"
#include "ews-jwt.h"
#include "ews-lists.h"
#include "ews-mail-templates.h"
#include "ews-mail.h"
#include "ews-rate-limit.h"
#include "ews-storage-rules.h"

/* The routes of co-ownership:
 *
 *   GET    /api/lists/{id}/coowners                   the owners and pending invitations (any owner)
 *   POST   /api/lists/{id}/coowners {"email"}         invite: mails a link (any owner)
 *   DELETE /api/lists/{id}/coowners/{userId}          the creator removes a co-owner; a co-owner
 *                                                     removes themselves (leaves)
 *   DELETE /api/lists/{id}/invitations/{invId}        withdraw an invitation (any owner)
 *   GET    /api/lists/invitation/{invId}?key=…        what an invitation is for (signed in)
 *   POST   /api/lists/invitation/{invId}/accept {"key"}   become a co-owner (signed in)
 *
 * (Registered before the lists' own routes, as the reservations' are, so
 * that "invitation" is not read as a list's id.)
 *
 * The link is <public-url>/invitation/<invId>?key=<key>. Whoever holds it
 * and signs in may accept it, whatever their account's address: people read
 * mail at one address and sign in with another, and the key, mailed to the
 * address the owner chose, is the proof. It works once and for
 * EWS_INVITATION_LIFETIME_SECONDS. */

/* The mail says how long its link works in days. */
G_STATIC_ASSERT (EWS_INVITATION_LIFETIME_DAYS * 24 * 60 * 60 == EWS_INVITATION_LIFETIME_SECONDS);

#define ONLY_CREATOR_REMOVES "Only the list’s creator can remove a co-owner."
#define CREATOR_STAYS "The list’s creator cannot be removed from it."

const char *
ews_list_role_to_string (EwsListRole role)
{
  switch (role)
    {
    case EWS_LIST_ROLE_CREATOR:
      return "creator";
    case EWS_LIST_ROLE_COOWNER:
      return "coowner";
    case EWS_LIST_ROLE_NONE:
    default:
      return NULL;
    }
}

gboolean
ews_coowners_get_role (EwsStorage  *storage,
                       const char  *list_id,
                       const char  *owner_id,
                       const char  *sub,
                       EwsListRole *role,
                       GError     **error)
{
  g_autoptr(EwsCoowner) coowner = NULL;
  g_autoptr(GError) local_error = NULL;

  *role = EWS_LIST_ROLE_NONE;
  if (sub == NULL)
    return TRUE;

  if (g_strcmp0 (owner_id, sub) == 0)
    {
      *role = EWS_LIST_ROLE_CREATOR;
      return TRUE;
    }

  coowner = ews_coowner_storage_coowner_get (EWS_COOWNER_STORAGE (storage), list_id, sub, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (coowner != NULL)
    *role = EWS_LIST_ROLE_COOWNER;

  return TRUE;
}

static gint64
now_seconds (EwsRequest *request)
{
  return ews_clock_get_unix_seconds (ews_server_get_clock (ews_request_get_server (request)));
}

char *
ews_coowners_hash_key (const char *key)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
}

static char *
query_param (EwsRequest *request,
             const char *name)
{
  SoupServerMessage *msg = ews_request_get_message (request);
  const char        *query;
  g_autoptr(GHashTable) params = NULL;

  /* An entry of a batch has no message, and no query (ews-batch.c). */
  if (msg == NULL)
    return NULL;

  query = g_uri_get_query (soup_server_message_get_uri (msg));
  if (query == NULL)
    return NULL;

  params = soup_form_decode (query);
  return g_strdup (g_hash_table_lookup (params, name));
}

static void
write_string (EwsJsonWriter *writer,
              const char    *name,
              const char    *value)
{
  ews_json_writer_member (writer, name);
  ews_json_writer_string_value (writer, value != NULL ? value : "");
}

static void
write_int (EwsJsonWriter *writer,
           const char    *name,
           gint64         value)
{
  ews_json_writer_member (writer, name);
  ews_json_writer_int_value (writer, value);
}

static void
write_invitation (EwsJsonWriter       *writer,
                  const EwsInvitation *invitation)
{
  ews_json_writer_begin_object (writer);
  write_string (writer, "invitationId", invitation->invitation_id);
  write_string (writer, "email", invitation->email);
  write_string (writer, "invitedBy", invitation->invited_by);
  write_string (writer, "inviterName", invitation->inviter_name);
  write_int (writer, "createdAt", invitation->created_at);
  write_int (writer, "expiresAt", invitation->expires_at);
  ews_json_writer_end_object (writer);
}

/* GET /lists/{id}/coowners → {"role", "owners": [{"userId", "name",
 * "email", "role", "addedAt"}], "invitations": [...]}: the creator first.
 * The creator's address is shown only to the creator: co-owners know whose
 * list it is, not necessarily where they read their mail. */
static void
coowners_list (EwsRequest *request)
{
  EwsStorage    *storage = ews_request_get_storage (request);
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(EwsJsonWriter) writer = NULL;
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GPtrArray) coowners = NULL;
  g_autoptr(GPtrArray) invitations = NULL;
  g_autofree char *creator_name = NULL;
  g_autoptr(GError) error = NULL;
  EwsListRole role = EWS_LIST_ROLE_NONE;

  if (user == NULL || (list = ews_lists_load_owned_as (request, user, &role)) == NULL)
    return;

  coowners = ews_coowner_storage_coowners_for_list (EWS_COOWNER_STORAGE (storage), list->list_id, &error);
  if (coowners != NULL)
    invitations = ews_coowner_storage_invitations_pending (EWS_COOWNER_STORAGE (storage), list->list_id,
                                                           now_seconds (request), &error);
  if (invitations == NULL)
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  if (role == EWS_LIST_ROLE_CREATOR)
    creator_name = g_strdup (user->name);
  else
    creator_name = ews_auth_storage_dup_account_name (EWS_AUTH_STORAGE (storage), list->owner_id);

  writer = ews_json_writer_new (512 + (coowners->len + invitations->len) * 192);
  ews_json_writer_begin_object (writer);
  write_string (writer, "listId", list->list_id);
  write_string (writer, "role", ews_list_role_to_string (role));

  ews_json_writer_member (writer, "owners");
  ews_json_writer_begin_array (writer);
  ews_json_writer_begin_object (writer);
  write_string (writer, "userId", list->owner_id);
  write_string (writer, "name", creator_name);
  if (role == EWS_LIST_ROLE_CREATOR)
    write_string (writer, "email", user->email);
  write_string (writer, "role", "creator");
  write_int (writer, "addedAt", list->created_at);
  ews_json_writer_end_object (writer);
  for (guint i = 0; i < coowners->len; i++)
    {
      EwsCoowner *coowner = g_ptr_array_index (coowners, i);

      ews_json_writer_begin_object (writer);
      write_string (writer, "userId", coowner->user_id);
      write_string (writer, "name", coowner->name);
      write_string (writer, "email", coowner->email);
      write_string (writer, "role", "coowner");
      write_int (writer, "addedAt", coowner->added_at);
      ews_json_writer_end_object (writer);
    }
  ews_json_writer_end_array (writer);

  ews_json_writer_member (writer, "invitations");
  ews_json_writer_begin_array (writer);
  for (guint i = 0; i < invitations->len; i++)
    write_invitation (writer, g_ptr_array_index (invitations, i));
  ews_json_writer_end_array (writer);

  ews_json_writer_end_object (writer);
  ews_request_reply_written (request, g_steal_pointer (&writer));
}

/* Whether @email belongs to someone who owns @list already, so that inviting
 * them would be a mail for nothing. */
static gboolean
is_owner_address (EwsStorage    *storage,
                  const EwsList *list,
                  const EwsUser *user,
                  const char    *email,
                  gboolean      *is_owner,
                  GError       **error)
{
  g_autoptr(GPtrArray) coowners = NULL;

  *is_owner = ewe_email_same (email, user->email);
  coowners = ews_coowner_storage_coowners_for_list (EWS_COOWNER_STORAGE (storage), list->list_id, error);
  if (coowners == NULL)
    return FALSE;

  for (guint i = 0; i < coowners->len && !*is_owner; i++)
    *is_owner = ewe_email_same (email, ((EwsCoowner *)g_ptr_array_index (coowners, i))->email);

  return TRUE;
}

/* The invitation mail is in the invitee's language when the server knows
 * it (their account's, stored at sign-up), else in the language of the
 * inviter's request: the address is read before the transaction, as it
 * is not the invitation's to wait on. */
static const EwsCatalog *
invitation_language (EwsRequest *request,
                     const char *email)
{
  EwsStorage         *storage = ews_request_get_storage (request);
  const EwsLanguages *languages = ews_server_get_languages (ews_request_get_server (request));
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  const EwsCatalog *catalog = NULL;

  account = ews_auth_storage_account_get_by_email (EWS_AUTH_STORAGE (storage), email, &error);
  if (account == NULL && !g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    g_warning ("Could not read the invitee's language, writing in the inviter's: %s", error->message);

  /* Accounts made before languages were stored have none. */
  if (account != NULL && account->language != NULL && account->language[0] != '\0')
    catalog = ews_languages_lookup (languages, account->language);

  return catalog != NULL ? catalog : ews_request_get_language (request);
}

/* The invitation and its mail — which holds the only copy of the key — are
 * stored together or not at all; a new invitation to an address replaces
 * the ones still pending there. */
static EwsInvitation *
invite (EwsRequest    *request,
        const EwsList *list,
        const EwsUser *user,
        const char    *email,
        GError       **error)
{
  EwsServer         *server = ews_request_get_server (request);
  EwsStorage        *storage = ews_request_get_storage (request);
  EwsCoownerStorage *coowners = EWS_COOWNER_STORAGE (storage);
  g_autoptr(EwsInvitation) invitation = g_new0 (EwsInvitation, 1);
  g_autoptr(GPtrArray) pending = NULL;
  g_autofree char  *key = NULL;
  guint8            random[24];
  gboolean          ok;
  const EwsCatalog *language;

  if (!ews_random_bytes (random, sizeof random, error))
    return NULL;
  key = ews_base64url_encode (random, sizeof random);
  language = invitation_language (request, email);

  invitation->invitation_id = g_uuid_string_random ();
  invitation->list_id = g_strdup (list->list_id);
  invitation->email = g_strdup (email);
  invitation->key_hash = ews_coowners_hash_key (key);
  invitation->invited_by = g_strdup (user->sub);
  invitation->inviter_name = g_strdup (user->name);
  invitation->created_at = now_seconds (request);
  invitation->expires_at = invitation->created_at + EWS_INVITATION_LIFETIME_SECONDS;

  if (!ews_storage_begin (storage, error))
    return NULL;

  ok = ews_coowner_storage_invitations_delete_for_email (coowners, list->list_id, email, error) &&
       (pending = ews_coowner_storage_invitations_pending (coowners, list->list_id, invitation->created_at,
                                                           error)) != NULL;
  if (ok && pending->len >= EWS_MAX_PENDING_INVITATIONS)
    {
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT,
                   "This list has %u invitations waiting already. Withdraw one, or wait until they are "
                   "accepted.",
                   EWS_MAX_PENDING_INVITATIONS);
      ok = FALSE;
    }
  ok = ok && ews_coowner_storage_invitation_insert (coowners, invitation, error) &&
       ews_mail_queue_coowner_invitation (ews_server_get_mail (server), language, email,
                                          user->name, list->title, invitation->invitation_id, key, error);

  /* A commit that fails has rolled back already. */
  if (!ok)
    ews_storage_rollback (storage);
  else if (!ews_storage_commit (storage, error))
    return NULL;

  return ok ? g_steal_pointer (&invitation) : NULL;
}

/* POST /lists/{id}/coowners {"email"} → {"invitationId", "email", "expiresAt"} */
static void
coowners_invite (EwsRequest *request)
{
  EwsStorage    *storage = ews_request_get_storage (request);
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(EwsList) list = NULL;
  g_autoptr(EwsInvitation) invitation = NULL;
  g_autoptr(EwsJsonWriter) writer = NULL;
  g_autofree char *email = NULL;
  g_autofree char *mailbox = NULL;
  g_autoptr(GError) error = NULL;
  const char *typed = NULL;
  JsonObject *body;
  gboolean    is_owner = FALSE;

  if (user == NULL || (body = ews_request_require_body (request)) == NULL ||
      (list = ews_lists_load_owned (request, user)) == NULL)
    return;

  if (!ews_request_member_string (request, body, "email", EWS_MEMBER_REQUIRED | EWS_MEMBER_NONEMPTY, &typed))
    return;

  if (!ewe_email_is_valid (typed))
    {
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "That does not look like an e-mail address.");
      return;
    }
  email = ewe_email_normalize (typed);

  if (!is_owner_address (storage, list, user, email, &is_owner, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }
  if (is_owner)
    {
      ews_request_reply_error (request, SOUP_STATUS_CONFLICT, "This address belongs to an owner of the list already.");
      return;
    }

  /* Mails to one mailbox are limited as guests' confirmations are, so a
   * list cannot be used to flood someone. */
  mailbox = ews_rate_limit_mailbox (email);
  if (!ews_request_check_rate (request, EWS_RATE_GUEST_MAIL, mailbox))
    return;

  invitation = invite (request, list, user, email, &error);
  if (invitation == NULL)
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  writer = ews_json_writer_new (256);
  ews_json_writer_begin_object (writer);
  write_string (writer, "invitationId", invitation->invitation_id);
  write_string (writer, "email", invitation->email);
  write_int (writer, "expiresAt", invitation->expires_at);
  ews_json_writer_end_object (writer);
  ews_request_reply_written (request, g_steal_pointer (&writer));
}

static void
reply_flag (EwsRequest *request,
            const char *name)
{
  g_autoptr(EwsJsonWriter) writer = ews_json_writer_new (64);

  ews_json_writer_begin_object (writer);
  ews_json_writer_member (writer, name);
  ews_json_writer_boolean_value (writer, TRUE);
  ews_json_writer_end_object (writer);
  ews_request_reply_written (request, g_steal_pointer (&writer));
}

gboolean
ews_coowners_remove_and_announce (EwsStorage *storage,
                                  const char *list_id,
                                  const char *user_id,
                                  GError    **error)
{
  gboolean ok;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Removed and told in one transaction: on PostgreSQL the notice goes
   * out when, and only if, the removal commits. */
  if (!ews_storage_begin (storage, error))
    return FALSE;
  ok = ews_coowner_storage_coowner_remove (EWS_COOWNER_STORAGE (storage), list_id, user_id, error) &&
       ews_storage_announce_list_added (storage, user_id, list_id, error);
  if (!ok)
    {
      ews_storage_rollback (storage);
      return FALSE;
    }

  return ews_storage_commit (storage, error);
}

gboolean
ews_coowners_delete_list_and_announce (EwsStorage *storage,
                                       const char *list_id,
                                       guint      *n_deleted,
                                       GError    **error)
{
  g_autoptr(GPtrArray) coowners = NULL;
  gboolean ok;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The co-owners are read in the deleting transaction, so that one who
   * joins meanwhile is either told or finds no list to join. */
  if (!ews_storage_begin (storage, error))
    return FALSE;
  coowners = ews_coowner_storage_coowners_for_list (EWS_COOWNER_STORAGE (storage), list_id, error);
  ok = coowners != NULL && ews_storage_list_delete (storage, list_id, n_deleted, error);
  for (guint i = 0; ok && i < coowners->len; i++)
    {
      const EwsCoowner *coowner = g_ptr_array_index (coowners, i);

      ok = ews_storage_announce_list_added (storage, coowner->user_id, list_id, error);
    }
  if (!ok)
    {
      ews_storage_rollback (storage);
      return FALSE;
    }

  return ews_storage_commit (storage, error);
}

/* DELETE /lists/{id}/coowners/{userId} → {"removed": true}. The creator
 * removes anyone but themselves; a co-owner removes only themselves. */
static void
coowners_remove (EwsRequest *request)
{
  EwsStorage    *storage = ews_request_get_storage (request);
  const EwsUser *user = ews_request_require_user (request);
  const char    *user_id = ews_request_get_param (request, "userId");
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GError) error = NULL;
  EwsListRole role = EWS_LIST_ROLE_NONE;

  if (user == NULL || (list = ews_lists_load_owned_as (request, user, &role)) == NULL)
    return;

  if (g_strcmp0 (user_id, list->owner_id) == 0)
    {
      ews_request_reply_error (request, SOUP_STATUS_CONFLICT, CREATOR_STAYS);
      return;
    }
  if (role != EWS_LIST_ROLE_CREATOR && g_strcmp0 (user_id, user->sub) != 0)
    {
      ews_request_reply_error (request, SOUP_STATUS_FORBIDDEN, ONLY_CREATOR_REMOVES);
      return;
    }

  if (!ews_coowners_remove_and_announce (storage, list->list_id, user_id, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  reply_flag (request, "removed");
}

/* DELETE /lists/{id}/invitations/{invitationId} → {"deleted": true} */
static void
invitations_delete (EwsRequest *request)
{
  EwsStorage    *storage = ews_request_get_storage (request);
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GError) error = NULL;

  if (user == NULL || (list = ews_lists_load_owned (request, user)) == NULL)
    return;

  if (!ews_coowner_storage_invitation_delete (EWS_COOWNER_STORAGE (storage), list->list_id,
                                              ews_request_get_param (request, "invitationId"), &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  reply_flag (request, "deleted");
}

/* The invitation {invitationId} if @key is its key; a wrong key gets the
 * same 404 as no invitation, so ids cannot be probed. */
static EwsInvitation *
load_invitation (EwsRequest *request,
                 const char *key)
{
  g_autoptr(EwsInvitation) invitation = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;

  invitation = ews_coowner_storage_invitation_get (EWS_COOWNER_STORAGE (ews_request_get_storage (request)),
                                                   ews_request_get_param (request, "invitationId"), &error);
  if (invitation == NULL)
    {
      ews_request_reply_storage_error (request, error);
      return NULL;
    }

  hash = key != NULL ? ews_coowners_hash_key (key) : NULL;
  if (hash == NULL || !ews_secrets_equal (hash, invitation->key_hash))
    {
      ews_request_reply_error (request, SOUP_STATUS_NOT_FOUND, EWS_STORAGE_NO_SUCH_INVITATION);
      return NULL;
    }

  return g_steal_pointer (&invitation);
}

const char *
ews_coowners_invitation_state (const EwsInvitation *invitation,
                               gint64               now)
{
  if (invitation->accepted_by != NULL)
    return "accepted";
  if (now >= invitation->expires_at)
    return "expired";
  return "pending";
}

/* GET /lists/invitation/{invitationId}?key=… → {"invitationId", "listId",
 * "listTitle", "inviterName", "email", "expiresAt", "state"}: what the app
 * shows before its user accepts. */
static void
invitations_get (EwsRequest *request)
{
  const EwsUser   *user = ews_request_require_user (request);
  g_autofree char *key = NULL;
  g_autoptr(EwsInvitation) invitation = NULL;
  g_autoptr(EwsList) list = NULL;
  g_autoptr(EwsJsonWriter) writer = NULL;
  g_autoptr(GError) error = NULL;

  if (user == NULL)
    return;

  key = query_param (request, "key");
  if ((invitation = load_invitation (request, key)) == NULL)
    return;

  list = ews_storage_list_get (ews_request_get_storage (request), invitation->list_id, &error);
  if (list == NULL)
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  writer = ews_json_writer_new (512);
  ews_json_writer_begin_object (writer);
  write_string (writer, "invitationId", invitation->invitation_id);
  write_string (writer, "listId", list->list_id);
  write_string (writer, "listTitle", list->title);
  write_string (writer, "inviterName", invitation->inviter_name);
  write_string (writer, "email", invitation->email);
  write_int (writer, "expiresAt", invitation->expires_at);
  write_string (writer, "state", ews_coowners_invitation_state (invitation, now_seconds (request)));
  ews_json_writer_end_object (writer);
  ews_request_reply_written (request, g_steal_pointer (&writer));
}

/* POST /lists/invitation/{invitationId}/accept {"key"} → {"listId", "role"}.
 * Accepting again, once a co-owner, answers the same, so a client may
 * retry. */
static void
invitations_accept (EwsRequest *request)
{
  EwsStorage        *storage = ews_request_get_storage (request);
  EwsCoownerStorage *coowners = EWS_COOWNER_STORAGE (storage);
  const EwsUser     *user = ews_request_require_user (request);
  g_autoptr(EwsInvitation) invitation = NULL;
  g_autoptr(EwsList) list = NULL;
  g_autoptr(EwsJsonWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  const char *key = NULL;
  const char *state;
  JsonObject *body;
  EwsListRole role = EWS_LIST_ROLE_NONE;

  if (user == NULL || (body = ews_request_require_body (request)) == NULL ||
      !ews_request_member_string (request, body, "key", EWS_MEMBER_REQUIRED | EWS_MEMBER_NONEMPTY, &key) ||
      (invitation = load_invitation (request, key)) == NULL)
    return;

  list = ews_storage_list_get (storage, invitation->list_id, &error);
  if (list == NULL || !ews_coowners_get_role (storage, list->list_id, list->owner_id, user->sub, &role, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  state = ews_coowners_invitation_state (invitation, now_seconds (request));
  if (role == EWS_LIST_ROLE_CREATOR)
    {
      ews_request_reply_error (request, SOUP_STATUS_CONFLICT, "You created this list: it is yours already.");
      return;
    }
  if (role == EWS_LIST_ROLE_NONE && g_str_equal (state, "accepted"))
    {
      ews_request_reply_error (request, SOUP_STATUS_CONFLICT, EWS_STORAGE_INVITATION_USED);
      return;
    }
  if (role == EWS_LIST_ROLE_NONE && g_str_equal (state, "expired"))
    {
      ews_request_reply_error (request, SOUP_STATUS_GONE,
                               "This invitation has expired. Ask the list’s owner to invite you again.");
      return;
    }

  if (role == EWS_LIST_ROLE_NONE)
    {
      EwsCoowner coowner = {
        .list_id = list->list_id,
        .user_id = user->sub,
        .name = user->name,
        .email = user->email,
        .invited_by = invitation->invited_by,
        .added_at = now_seconds (request),
      };
      gboolean ok;

      /* Marked used and the co-owner added in one transaction: of two
       * accepting at once, the second finds it used. */
      if (!ews_storage_begin (storage, &error))
        {
          ews_request_reply_storage_error (request, error);
          return;
        }
      /* The new co-owner's other devices hear of their new list. */
      ok = ews_coowner_storage_invitation_accept (coowners, invitation->invitation_id, user->sub, &error) &&
           ews_coowner_storage_coowner_add (coowners, &coowner, &error) &&
           ews_storage_announce_list_added (storage, user->sub, list->list_id, &error);
      if (!ok)
        ews_storage_rollback (storage);
      if (!ok || !ews_storage_commit (storage, &error))
        {
          ews_request_reply_storage_error (request, error);
          return;
        }
    }

  writer = ews_json_writer_new (256);
  ews_json_writer_begin_object (writer);
  write_string (writer, "listId", list->list_id);
  write_string (writer, "role", "coowner");
  ews_json_writer_end_object (writer);
  ews_request_reply_written (request, g_steal_pointer (&writer));
}

void
ews_coowners_register (EwsServer *server)
{
  ews_request_add_route (server, "GET", "/api/lists/{id}/coowners", coowners_list);
  ews_request_add_route (server, "POST", "/api/lists/{id}/coowners", coowners_invite);
  ews_request_add_route (server, "DELETE", "/api/lists/{id}/coowners/{userId}", coowners_remove);
  ews_request_add_route (server, "DELETE", "/api/lists/{id}/invitations/{invitationId}", invitations_delete);
  ews_request_add_route (server, "GET", "/api/lists/invitation/{invitationId}", invitations_get);
  ews_request_add_route (server, "POST", "/api/lists/invitation/{invitationId}/accept", invitations_accept);
}
