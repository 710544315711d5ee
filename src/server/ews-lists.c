/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-lists"

#include "config.h"

#include "ewe-currency.h"
#include "ewe-reveal.h"
#include "ews-api-json.h"
#include "ews-auth-storage.h"
#include "ews-coowner-storage.h"
#include "ews-etag.h"
#include "ews-lists.h"
#include "ews-reply-cache.h"
#include "ews-request.h"
#include "ews-storage-rules.h"

/* The owner's side of /api/lists: their lists and the gifts on them. The
 * guests' side — the shared list and reservations — is in
 * ews-reservations.c. Paths, bodies and answers follow the original
 * service; errors are 4xx with {"error"} where the caller can fix them. */

/* Loads a list the signed-in user created or co-owns. A list that is
 * someone else's gets the same 404 as one that does not exist, so ids
 * cannot be probed. Asked of the database on every request, so a removed
 * co-owner's next request is refused. */
EwsList *
ews_lists_load_owned_as (EwsRequest    *request,
                         const EwsUser *user,
                         EwsListRole   *role)
{
  EwsStorage *storage = ews_request_get_storage (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsList) list = NULL;

  list = ews_storage_list_get (storage, ews_request_get_param (request, "id"), &error);
  if (list == NULL || !ews_coowners_get_role (storage, list->list_id, list->owner_id, user->sub, role, &error))
    {
      ews_request_reply_storage_error (request, error);
      return NULL;
    }

  if (*role == EWS_LIST_ROLE_NONE)
    {
      ews_request_reply_error (request, SOUP_STATUS_NOT_FOUND, EWS_STORAGE_NO_SUCH_LIST);
      return NULL;
    }

  return g_steal_pointer (&list);
}

EwsList *
ews_lists_load_owned (EwsRequest    *request,
                      const EwsUser *user)
{
  EwsListRole role = EWS_LIST_ROLE_NONE;

  return ews_lists_load_owned_as (request, user, &role);
}

/* Reads the server's clock, never the client's: before the reveal date
 * nothing naming a giver may reach the owner. */
void
ews_lists_set_revealed (EwsRequest *request,
                        EwsList    *list)
{
  g_autofree char *reveal_on = ewe_reveal_effective_date (list->event_date, list->reveal_date);
  EwsClock        *clock = ews_server_get_clock (ews_request_get_server (request));

  list->revealed = ewe_reveal_has_come (reveal_on, ews_clock_get_unix_seconds (clock));
}

static void
reply_flag (EwsRequest *request,
            const char *name,
            const char *list_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, TRUE);
  if (list_id != NULL)
    {
      json_builder_set_member_name (builder, "listId");
      json_builder_add_string_value (builder, list_id);
    }
  json_builder_end_object (builder);

  ews_request_reply_built (request, builder);
}

/* GET /lists: {"user", "owned", "closed"} as in the original — with the
 * lists shared with the user as a co-owner, each list saying the caller's
 * "role" — and
 * "reserved": the gifts this user reserved or bought on others' lists. */
static void
lists_mine (EwsRequest *request)
{
  EwsStorage    *storage = ews_request_get_storage (request);
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(EwsJsonWriter) writer = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GPtrArray) coowned = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  g_autoptr(GError) error = NULL;

  if (user == NULL)
    return;

  lists = ews_storage_lists_for_owner (storage, user->sub, &error);
  if (lists != NULL)
    coowned = ews_coowner_storage_lists_coowned (EWS_COOWNER_STORAGE (storage), user->sub, &error);
  if (coowned != NULL)
    reservations = ews_storage_reservations_for_user (storage, user->sub, user->email, &error);
  if (reservations == NULL)
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  writer = ews_json_writer_new (1024);
  ews_json_writer_begin_object (writer);

  ews_json_writer_member (writer, "user");
  ews_json_writer_begin_object (writer);
  ews_json_writer_member (writer, "email");
  ews_json_writer_string_value (writer, user->email != NULL ? user->email : "");
  ews_json_writer_member (writer, "userId");
  ews_json_writer_string_value (writer, user->sub);
  ews_json_writer_member (writer, "name");
  ews_json_writer_string_value (writer, user->name);
  ews_json_writer_end_object (writer);

  for (guint pass = 0; pass < 2; pass++)
    {
      ews_json_writer_member (writer, pass == 0 ? "owned" : "closed");
      ews_json_writer_begin_array (writer);
      for (guint i = 0; i < lists->len; i++)
        {
          EwsList *list = g_ptr_array_index (lists, i);

          if (list->closed == (pass == 1))
            {
              ews_lists_set_revealed (request, list);
              ews_api_json_write_list_as (writer, list, "creator", NULL);
            }
        }
      /* The lists shared with this user, after their own, with whose
       * they are. */
      for (guint i = 0; i < coowned->len; i++)
        {
          EwsList         *list = g_ptr_array_index (coowned, i);
          g_autofree char *owner_name = NULL;

          if (list->closed != (pass == 1))
            continue;
          owner_name = ews_auth_storage_dup_account_name (EWS_AUTH_STORAGE (storage), list->owner_id);
          ews_lists_set_revealed (request, list);
          ews_api_json_write_list_as (writer, list, "coowner", owner_name != NULL ? owner_name : "");
        }
      ews_json_writer_end_array (writer);
    }

  ews_json_writer_member (writer, "reserved");
  ews_json_writer_begin_array (writer);
  for (guint i = 0; i < reservations->len; i++)
    ews_api_json_write_reservation (writer, g_ptr_array_index (reservations, i), user->sub);
  ews_json_writer_end_array (writer);

  ews_json_writer_end_object (writer);

  ews_request_reply_written (request, g_steal_pointer (&writer));
}

static void
set_str (char      **field,
         const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Reads the list's editable fields; absent ones keep @list's values. */
static gboolean
read_list_fields (EwsRequest *request,
                  JsonObject *body,
                  EwsList    *list,
                  gboolean    creating)
{
  const char *title = NULL, *description = NULL, *occasion = NULL, *image_url = NULL, *event_date = NULL;
  const char *reveal_date = NULL;
  const char *currency = NULL;

  if (!ews_request_member_string (request, body, "title",
                                  EWS_MEMBER_NONEMPTY | (creating ? EWS_MEMBER_REQUIRED : 0), &title) ||
      !ews_request_member_string (request, body, "description", EWS_MEMBER_NULLABLE, &description) ||
      !ews_request_member_string (request, body, "occasion", EWS_MEMBER_NULLABLE, &occasion) ||
      !ews_request_member_string (request, body, "imageUrl", EWS_MEMBER_NULLABLE, &image_url) ||
      !ews_request_member_string (request, body, "eventDate", EWS_MEMBER_NULLABLE, &event_date) ||
      !ews_request_member_string (request, body, "revealDate", EWS_MEMBER_NULLABLE, &reveal_date) ||
      !ews_request_member_string (request, body, "currency", EWS_MEMBER_NULLABLE, &currency))
    return FALSE;

  /* null or "" goes back to the default, the day after the event. Any
   * real day is taken, a past one too: see ewe-reveal.h. */
  if (reveal_date != NULL && reveal_date[0] != '\0' && !ewe_reveal_date_is_valid (reveal_date))
    {
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                               "“revealDate” must be a day written YYYY-MM-DD, such as 2027-06-02, or null.");
      return FALSE;
    }

  /* Checked against ISO 4217's table, not only its shape: "ABC" is no
   * currency a price can be shown in. */
  if (currency != NULL && !ewe_currency_is_known (currency))
    {
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                               "“currency” must be an ISO 4217 currency code, such as “EUR” or “GBP”.");
      return FALSE;
    }

  if (title != NULL)
    set_str (&list->title, title);
  if (json_object_has_member (body, "description"))
    set_str (&list->description, description);
  if (json_object_has_member (body, "occasion"))
    set_str (&list->occasion, occasion);
  if (json_object_has_member (body, "imageUrl"))
    set_str (&list->image_url, image_url);
  /* The original web client sends "" or null for "no date". */
  if (json_object_has_member (body, "eventDate"))
    set_str (&list->event_date, event_date != NULL && event_date[0] != '\0' ? event_date : NULL);
  if (json_object_has_member (body, "revealDate"))
    set_str (&list->reveal_date, reveal_date != NULL && reveal_date[0] != '\0' ? reveal_date : NULL);
  /* Absent or null keeps it; a new list without one is in pounds. */
  if (currency != NULL)
    set_str (&list->currency, currency);

  return TRUE;
}

/* POST /lists → {"listId"} */
static void
lists_create (EwsRequest *request)
{
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(EwsList) list = g_new0 (EwsList, 1);
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  if (user == NULL || (body = ews_request_require_body (request)) == NULL)
    return;

  if (!read_list_fields (request, body, list, TRUE))
    return;

  list->list_id = g_uuid_string_random ();
  list->owner_id = g_strdup (user->sub);
  list->created_at = g_get_real_time () / G_USEC_PER_SEC;

  if (!ews_storage_list_insert (ews_request_get_storage (request), list, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "listId");
  json_builder_add_string_value (builder, list->list_id);
  json_builder_end_object (builder);

  ews_request_reply_built (request, builder);
}

/* GET /lists/{id}: the owner's view. From the reveal date on, with who
 * reserved what; before it, the gifts' counts only, and "reserved" is
 * empty: no name, address or reservation id reaches the owner's client
 * early, whatever it asks. (The app also hides the counts when the owner
 * asked for a surprise.) */
static void
lists_get (EwsRequest *request)
{
  EwsStorage    *storage = ews_request_get_storage (request);
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(EwsJsonWriter) writer = NULL;
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) reservations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *owner_name = NULL;
  EwsListRole      role = EWS_LIST_ROLE_NONE;

  if (user == NULL || (list = ews_lists_load_owned_as (request, user, &role)) == NULL)
    return;

  if (role == EWS_LIST_ROLE_COOWNER)
    owner_name = ews_auth_storage_dup_account_name (EWS_AUTH_STORAGE (storage), list->owner_id);

  reservations = ews_storage_reservations_for_list (storage, list->list_id, &error);
  if (reservations != NULL)
    gifts = ews_storage_gifts_for_list (storage, list->list_id, &error);
  if (gifts == NULL)
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  ews_lists_set_revealed (request, list);

  writer = ews_json_writer_new (1024 + gifts->len * 192);
  ews_json_writer_begin_object (writer);
  ews_json_writer_member (writer, "list");
  ews_api_json_write_list_as (writer, list, ews_list_role_to_string (role),
                              role == EWS_LIST_ROLE_COOWNER ? (owner_name != NULL ? owner_name : "") : NULL);
  ews_api_json_write_gifts_member (writer, gifts);
  ews_json_writer_member (writer, "reserved");
  ews_json_writer_begin_array (writer);
  /* Co-owners see what the creator sees, and only from the reveal date. */
  for (guint i = 0; list->revealed && i < reservations->len; i++)
    ews_api_json_write_reservation (writer, g_ptr_array_index (reservations, i), list->owner_id);
  ews_json_writer_end_array (writer);
  ews_json_writer_end_object (writer);

  ews_request_reply_written (request, g_steal_pointer (&writer));
}

/* GET /lists/{id}/shared: public. Unlike the original, which listed every
 * guest's name and e-mail here, guests see only the counts on each gift;
 * "reserved" stays for clients that read it, and is always empty. The page
 * guests open most, so it is written straight to text, answered 304 when
 * the guest's copy is still what we would send, and kept (ews-reply-cache.h)
 * until the list's version moves: one indexed read of a number instead of
 * the list, its gifts and its owner. The answer is the same whoever asks
 * (owners and co-owners read theirs at GET /lists/{id}), so it may be kept
 * for all. */
static void
lists_get_shared (EwsRequest *request)
{
  EwsServer     *server = ews_request_get_server (request);
  EwsStorage    *storage = ews_request_get_storage (request);
  EwsReplyCache *cache = ews_server_get_reply_cache (server);
  const char    *list_id = ews_request_get_param (request, "id");
  g_autoptr(EwsJsonWriter) writer = NULL;
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *owner_name = NULL;
  g_autofree char *reveal_on = NULL;
  g_autofree char *new_etag = NULL;
  g_autoptr(GError) error = NULL;
  const char *etag = NULL;
  gint64      version = 0;
  gboolean    versioned;
  char       *text;
  gsize       length;

  /* The version first, the rows after it: what is built from them is then
   * at least as new as every write the version counts, and the version
   * read by a later request differs if anything was written since. A
   * failure here is the database's, and the reads below report it. */
  versioned = ews_storage_list_version (storage, list_id, &version, NULL);
  if (versioned)
    body = ews_reply_cache_lookup (cache, list_id, version,
                                   ews_clock_get_unix_seconds (ews_server_get_clock (server)), &etag);
  if (body != NULL)
    {
      ews_request_reply_revalidatable (request, body, etag);
      return;
    }

  list = ews_storage_list_get (storage, list_id, &error);
  if (list != NULL)
    gifts = ews_storage_gifts_for_list (storage, list->list_id, &error);
  if (gifts == NULL)
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  owner_name = ews_auth_storage_dup_account_name (EWS_AUTH_STORAGE (storage), list->owner_id);
  ews_lists_set_revealed (request, list);

  /* About 180 bytes a gift: one allocation for most lists. */
  writer = ews_json_writer_new (1024 + gifts->len * 192);
  ews_json_writer_begin_object (writer);
  ews_json_writer_member (writer, "list");
  ews_api_json_write_list (writer, list);
  ews_api_json_write_gifts_member (writer, gifts);
  /* Whose list it is, for friends: the name the owner gave, never the
   * address. Not in the original, whose web page showed no owner. */
  if (owner_name != NULL)
    {
      ews_json_writer_member (writer, "ownerName");
      ews_json_writer_string_value (writer, owner_name);
    }
  ews_json_writer_member (writer, "reserved");
  ews_json_writer_begin_object (writer);
  ews_json_writer_end_object (writer);
  ews_json_writer_end_object (writer);

  text = ews_json_writer_free_to_text (g_steal_pointer (&writer), &length);
  body = g_bytes_new_take (text, length);
  new_etag = ews_etag_for_bytes (text, length);
  if (versioned)
    {
      reveal_on = ewe_reveal_effective_date (list->event_date, list->reveal_date);
      ews_reply_cache_store (cache, list_id, version, reveal_on, list->revealed, body, new_etag);
    }
  ews_request_reply_revalidatable (request, body, new_etag);
}

/* PUT /lists/{id} → the original's list of updated items. */
static void
lists_update (EwsRequest *request)
{
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pk = NULL;
  g_autofree char *sk = NULL;
  JsonObject      *body;

  if (user == NULL || (body = ews_request_require_body (request)) == NULL ||
      (list = ews_lists_load_editable (request, user)) == NULL)
    return;

  if (!read_list_fields (request, body, list, FALSE) || !ews_lists_begin_edit (request, list->list_id))
    return;

  if (!ews_lists_end_edit (request, ews_storage_list_update (ews_request_get_storage (request), list, &error),
                           &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  /* The original answered with its DynamoDB keys and the new values. */
  pk = g_strconcat ("LIST#", list->list_id, NULL);
  sk = g_strconcat ("USER#", list->owner_id, NULL);

  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "PK");
  json_builder_add_string_value (builder, pk);
  json_builder_set_member_name (builder, "SK");
  json_builder_add_string_value (builder, sk);
  json_builder_set_member_name (builder, "updates");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, list->title);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, list->description);
  json_builder_set_member_name (builder, "eventDate");
  if (list->event_date != NULL)
    json_builder_add_string_value (builder, list->event_date);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "revealDate");
  if (list->reveal_date != NULL)
    json_builder_add_string_value (builder, list->reveal_date);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "occasion");
  json_builder_add_string_value (builder, list->occasion);
  json_builder_set_member_name (builder, "imageUrl");
  json_builder_add_string_value (builder, list->image_url);
  if (list->currency != NULL)
    {
      json_builder_set_member_name (builder, "currency");
      json_builder_add_string_value (builder, list->currency);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  ews_request_reply_built (request, builder);
}

/* DELETE /lists/{id}: the list goes with its gifts and every reservation
 * on it; guests' reservation links then answer 404. A list is its
 * creator's to delete, promised gifts or not. A co-owner's DELETE takes
 * the list out of their lists only — they leave it, as
 * DELETE /lists/{id}/coowners/{me} does — so that an app deleting a list
 * offline does the right thing for either, and the list stays the
 * creator's. */
static void
lists_delete (EwsRequest *request)
{
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GError) error = NULL;
  guint       n_deleted = 0;
  EwsListRole role = EWS_LIST_ROLE_NONE;

  if (user == NULL || (list = ews_lists_load_owned_as (request, user, &role)) == NULL)
    return;

  if (role == EWS_LIST_ROLE_COOWNER)
    {
      /* Their other devices drop the list too. */
      if (!ews_coowners_remove_and_announce (ews_request_get_storage (request), list->list_id, user->sub, &error))
        {
          ews_request_reply_storage_error (request, error);
          return;
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "left");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "listId");
      json_builder_add_string_value (builder, list->list_id);
      json_builder_end_object (builder);
      ews_request_reply_built (request, builder);
      return;
    }

  /* Its co-owners' devices drop it at once, not at their next pull. */
  if (!ews_coowners_delete_list_and_announce (ews_request_get_storage (request), list->list_id, &n_deleted, &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "listId");
  json_builder_add_string_value (builder, list->list_id);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, n_deleted);
  json_builder_end_object (builder);

  ews_request_reply_built (request, builder);
}

/* POST /lists/{id}/close (and the original's POST /lists/{id}). */
static void
lists_close (EwsRequest *request)
{
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GError) error = NULL;

  if (user == NULL || (list = ews_lists_load_editable (request, user)) == NULL ||
      !ews_lists_begin_edit (request, list->list_id))
    return;

  if (!ews_lists_end_edit (request, ews_storage_list_close (ews_request_get_storage (request), list->list_id, &error),
                           &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  reply_flag (request, "closed", list->list_id);
}

/* POST /lists/{id}/product/{productId} {"quantity", "productType", "notes",
 * "unlimited", "mostWanted"}; an unlimited gift ("as many as you like")
 * still has a quantity, which guests are not held to. */
static void
gifts_add (EwsRequest *request)
{
  EwsStorage    *storage = ews_request_get_storage (request);
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(EwsList) list = NULL;
  g_autoptr(EwsProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  const char *type = NULL, *notes = NULL;
  EwsGift     gift = { 0 };
  JsonObject *body;

  if (user == NULL || (body = ews_request_require_body (request)) == NULL ||
      (list = ews_lists_load_editable (request, user)) == NULL)
    return;

  if (!ews_request_member_int (request, body, "quantity", EWS_MEMBER_REQUIRED, 1, EWE_LIMIT_QUANTITY_MAX, &gift.quantity) ||
      !ews_request_member_string (request, body, "productType", EWS_MEMBER_REQUIRED, &type) ||
      !ews_request_member_string (request, body, "notes", EWS_MEMBER_NULLABLE, &notes) ||
      !ews_request_member_bool (request, body, "unlimited", &gift.unlimited) ||
      !ews_request_member_bool (request, body, "mostWanted", &gift.most_wanted))
    return;

  if (g_strcmp0 (type, "products") != 0 && g_strcmp0 (type, "notfound") != 0)
    {
      ews_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                               "“productType” must be “products” or “notfound”.");
      return;
    }

  /* A gift must point at something guests can look up. */
  product = ews_storage_product_get (storage,
                                     g_str_equal (type, "notfound") ? EWS_PRODUCT_KIND_NOTFOUND
                                                                    : EWS_PRODUCT_KIND_CATALOGUE,
                                     ews_request_get_param (request, "productId"), &error);
  if (product == NULL)
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  gift.list_id = list->list_id;
  gift.product_id = (char *)ews_request_get_param (request, "productId");
  gift.type = (char *)type;
  gift.notes = notes != NULL && notes[0] != '\0' ? (char *)notes : NULL;

  if (!ews_lists_begin_edit (request, list->list_id))
    return;
  if (!ews_lists_end_edit (request, ews_storage_gift_insert (storage, &gift, &error), &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  reply_flag (request, "message", NULL);
}

/* Changes the gift's quantity, notes and (when @set_unlimited) whether it
 * is unlimited, (when @set_most_wanted) whether it is starred, all or
 * nothing. A gift made unlimited is so before its
 * quantity is checked, one made limited after, so that either way the new
 * quantity is held only to what a limited gift must cover. */
static gboolean
update_gift (EwsStorage *storage,
             const char *list_id,
             const char *product_id,
             gint64      quantity,
             const char *notes,
             gboolean    set_unlimited,
             gboolean    unlimited,
             gboolean    set_most_wanted,
             gboolean    most_wanted,
             GError    **error)
{
  if (!ews_storage_begin (storage, error))
    return FALSE;

  if ((set_unlimited && unlimited && !ews_storage_gift_set_unlimited (storage, list_id, product_id, TRUE, error)) ||
      !ews_storage_gift_update (storage, list_id, product_id, quantity, notes, error) ||
      (set_unlimited && !unlimited && !ews_storage_gift_set_unlimited (storage, list_id, product_id, FALSE, error)) ||
      (set_most_wanted && !ews_storage_gift_set_most_wanted (storage, list_id, product_id, most_wanted, error)))
    {
      ews_storage_rollback (storage);
      return FALSE;
    }

  return ews_storage_commit (storage, error);
}

/* PUT /lists/{id}/product/{productId} {"quantity", "notes", "unlimited",
 * "mostWanted"} → what changed. Absent or null notes stay as they were; ""
 * removes them. Absent "unlimited" or "mostWanted" stays as it was, for
 * clients that never knew of them. */
static void
gifts_update (EwsRequest *request)
{
  EwsStorage    *storage = ews_request_get_storage (request);
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *product_id = ews_request_get_param (request, "productId");
  const char *notes = NULL;
  gint64      quantity = 0;
  gboolean    unlimited = FALSE;
  gboolean    most_wanted = FALSE;
  JsonObject *body;

  if (user == NULL || (body = ews_request_require_body (request)) == NULL ||
      (list = ews_lists_load_editable (request, user)) == NULL)
    return;

  if (!ews_request_member_int (request, body, "quantity", EWS_MEMBER_REQUIRED, 1, EWE_LIMIT_QUANTITY_MAX, &quantity) ||
      !ews_request_member_string (request, body, "notes", EWS_MEMBER_NULLABLE, &notes) ||
      !ews_request_member_bool (request, body, "unlimited", &unlimited) ||
      !ews_request_member_bool (request, body, "mostWanted", &most_wanted))
    return;

  if (!ews_lists_begin_edit (request, list->list_id))
    return;
  if (!ews_lists_end_edit (request,
                           update_gift (storage, list->list_id, product_id, quantity, notes,
                                        json_object_has_member (body, "unlimited"), unlimited,
                                        json_object_has_member (body, "mostWanted"), most_wanted, &error),
                           &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "quantity");
  json_builder_add_int_value (builder, quantity);
  if (notes != NULL && notes[0] != '\0')
    {
      json_builder_set_member_name (builder, "notes");
      json_builder_add_string_value (builder, notes);
    }
  if (json_object_has_member (body, "unlimited"))
    {
      json_builder_set_member_name (builder, "unlimited");
      json_builder_add_boolean_value (builder, unlimited);
    }
  if (json_object_has_member (body, "mostWanted"))
    {
      json_builder_set_member_name (builder, "mostWanted");
      json_builder_add_boolean_value (builder, most_wanted);
    }
  json_builder_end_object (builder);

  ews_request_reply_built (request, builder);
}

/* DELETE /lists/{id}/product/{productId}: refused (409) while guests hold
 * reservations on the gift; see ews_storage_gift_delete(). */
static void
gifts_delete (EwsRequest *request)
{
  const EwsUser *user = ews_request_require_user (request);
  g_autoptr(EwsList) list = NULL;
  g_autoptr(GError) error = NULL;

  if (user == NULL || (list = ews_lists_load_editable (request, user)) == NULL ||
      !ews_lists_begin_edit (request, list->list_id))
    return;

  if (!ews_lists_end_edit (request,
                           ews_storage_gift_delete (ews_request_get_storage (request), list->list_id,
                                                    ews_request_get_param (request, "productId"), &error),
                           &error))
    {
      ews_request_reply_storage_error (request, error);
      return;
    }

  reply_flag (request, "message", NULL);
}

void
ews_lists_register (EwsServer *server)
{
  /* Reservation paths first: /lists/reservation/{id} would otherwise be
   * read as a list called "reservation". */
  ews_reservations_register (server);
  ews_coowners_register (server);

  ews_request_add_route (server, "GET", "/api/lists", lists_mine);
  ews_request_add_route (server, "POST", "/api/lists", lists_create);
  ews_request_add_route (server, "GET", "/api/lists/{id}", lists_get);
  ews_request_add_route (server, "PUT", "/api/lists/{id}", lists_update);
  ews_request_add_route (server, "DELETE", "/api/lists/{id}", lists_delete);
  ews_request_add_route (server, "POST", "/api/lists/{id}", lists_close);
  ews_request_add_route (server, "POST", "/api/lists/{id}/close", lists_close);
  ews_request_add_route (server, "GET", "/api/lists/{id}/shared", lists_get_shared);
  ews_lists_archive_register (server);
  ews_request_add_route (server, "POST", "/api/lists/{id}/product/{productId}", gifts_add);
  ews_request_add_route (server, "PUT", "/api/lists/{id}/product/{productId}", gifts_update);
  ews_request_add_route (server, "DELETE", "/api/lists/{id}/product/{productId}", gifts_delete);
  ews_thanks_register (server);
}
