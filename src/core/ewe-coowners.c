/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-coowners"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ewe-codec.h"
#include "ewe-coowners.h"

struct _EweCoowner
{
  GObject  parent_instance;

  char    *user_id;
  char    *name;
  char    *email;
  char    *invitation_id;
  gboolean is_creator;
};

G_DEFINE_FINAL_TYPE (EweCoowner, ewe_coowner, G_TYPE_OBJECT)

static void
ewe_coowner_finalize (GObject *object)
{
  EweCoowner *self = EWE_COOWNER (object);

  g_free (self->user_id);
  g_free (self->name);
  g_free (self->email);
  g_free (self->invitation_id);

  G_OBJECT_CLASS (ewe_coowner_parent_class)->finalize (object);
}

static void
ewe_coowner_class_init (EweCoownerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ewe_coowner_finalize;
}

static void
ewe_coowner_init (EweCoowner *self)
{
}

const char *
ewe_coowner_get_user_id (EweCoowner *self)
{
  g_return_val_if_fail (EWE_IS_COOWNER (self), NULL);
  return self->user_id;
}

const char *
ewe_coowner_get_name (EweCoowner *self)
{
  g_return_val_if_fail (EWE_IS_COOWNER (self), NULL);
  return self->name;
}

const char *
ewe_coowner_get_email (EweCoowner *self)
{
  g_return_val_if_fail (EWE_IS_COOWNER (self), NULL);
  return self->email;
}

gboolean
ewe_coowner_get_is_creator (EweCoowner *self)
{
  g_return_val_if_fail (EWE_IS_COOWNER (self), FALSE);
  return self->is_creator;
}

const char *
ewe_coowner_get_invitation_id (EweCoowner *self)
{
  g_return_val_if_fail (EWE_IS_COOWNER (self), NULL);
  return self->invitation_id;
}

/* A member's string, or NULL when it is absent, not a string, or "". */
static char *
dup_member (JsonObject *object,
            const char *name)
{
  JsonNode   *node = json_object_get_member (object, name);
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  value = json_node_get_string (node);
  return value != NULL && value[0] != '\0' ? g_strdup (value) : NULL;
}

static JsonObject *
answer_object (GBytes  *answer,
               GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  gsize       size = 0;
  const char *data = g_bytes_get_data (answer, &size);

  root = ewe_codec_parse (data, size, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, EWE_API_ERROR, EWE_API_ERROR_SERVER,
                           _("The server’s answer about the list’s owners makes no sense"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static void
add_rows (GListStore *store,
          JsonObject *answer,
          const char *member,
          gboolean    invitations)
{
  JsonNode  *node = json_object_get_member (answer, member);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode   *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      g_autoptr(EweCoowner) coowner = NULL;
      g_autofree char *role = NULL;

      if (object == NULL)
        continue;

      coowner = g_object_new (EWE_TYPE_COOWNER, NULL);
      coowner->email = dup_member (object, "email");
      if (invitations)
        {
          coowner->invitation_id = dup_member (object, "invitationId");
          if (coowner->invitation_id == NULL)
            continue;
        }
      else
        {
          coowner->user_id = dup_member (object, "userId");
          coowner->name = dup_member (object, "name");
          role = dup_member (object, "role");
          coowner->is_creator = g_strcmp0 (role, "creator") == 0;
          if (coowner->user_id == NULL)
            continue;
        }
      g_list_store_append (store, coowner);
    }
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GListStore) store = g_list_store_new (EWE_TYPE_COOWNER);
  g_autofree char *role = NULL;
  GError          *error = NULL;

  if (!(answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error)) ||
      !(root = answer_object (answer, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  add_rows (store, root, "owners", FALSE);
  add_rows (store, root, "invitations", TRUE);
  role = dup_member (root, "role");
  g_object_set_data (G_OBJECT (task), "is-creator", GINT_TO_POINTER (g_strcmp0 (role, "creator") == 0));
  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

void
ewe_coowners_load_async (EweApiClient       *api_client,
                         const char         *list_id,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (EWE_IS_API_CLIENT (api_client));
  g_return_if_fail (list_id != NULL);

  task = g_task_new (api_client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_coowners_load_async);
  ewe_api_client_call_async (api_client, EWE_API_GET_COOWNERS, (const char *[]) { list_id, NULL }, NULL, NULL,
                             cancellable, load_cb, task);
}

GListModel *
ewe_coowners_load_finish (GAsyncResult *result,
                          gboolean     *is_creator,
                          GError      **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_coowners_load_async, NULL);

  if (is_creator != NULL)
    *is_creator = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "is-creator"));
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) answer = NULL;
  GError *error = NULL;

  if (!(answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
ewe_coowners_invite_async (EweApiClient       *api_client,
                           const char         *list_id,
                           const char         *email,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (email != NULL ? email : ""));
  GTask           *task;

  g_return_if_fail (EWE_IS_API_CLIENT (api_client));

  task = g_task_new (api_client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_coowners_invite_async);

  if (strchr (trimmed, '@') == NULL)
    {
      g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_INVALID,
                               _("Enter the e-mail address of the person to invite"));
      g_object_unref (task);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, trimmed);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  ewe_api_client_call_async (api_client, EWE_API_INVITE_COOWNER, (const char *[]) { list_id, NULL }, body, NULL,
                             cancellable, done_cb, task);
}

gboolean
ewe_coowners_invite_finish (GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_coowners_invite_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ewe_coowners_remove_async (EweApiClient       *api_client,
                           const char         *list_id,
                           EweCoowner         *coowner,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (EWE_IS_API_CLIENT (api_client));
  g_return_if_fail (EWE_IS_COOWNER (coowner));

  task = g_task_new (api_client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_coowners_remove_async);

  if (coowner->invitation_id != NULL)
    ewe_api_client_call_async (api_client, EWE_API_WITHDRAW_INVITATION,
                               (const char *[]) { list_id, coowner->invitation_id, NULL }, NULL, NULL, cancellable,
                               done_cb, task);
  else
    ewe_api_client_call_async (api_client, EWE_API_REMOVE_COOWNER,
                               (const char *[]) { list_id, coowner->user_id, NULL }, NULL, NULL, cancellable,
                               done_cb, task);
}

gboolean
ewe_coowners_remove_finish (GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_coowners_remove_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
