/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-contact"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ewe-codec.h"
#include "ewe-contact.h"

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

static void
contact_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  GError     *error = NULL;
  gint64      reference = 0;
  const char *data;
  gsize       size = 0;

  if (!(answer = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The message is stored once the server said yes; the number is a
   * courtesy, so an answer without one is still a success. */
  data = g_bytes_get_data (answer, &size);
  if (size > 0 && (root = ewe_codec_parse (data, size, NULL)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object_ = json_node_get_object (root);

      if (json_object_has_member (object_, "id") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (object_, "id")) &&
          json_node_get_value_type (json_object_get_member (object_, "id")) == G_TYPE_INT64)
        reference = json_object_get_int_member (object_, "id");
    }

  g_task_return_int (task, reference);
}

void
ewe_contact_send_async (EweApiClient       *api_client,
                        const char         *name,
                        const char         *email,
                        const char         *message,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *name_ = NULL;
  g_autofree char *email_ = NULL;
  g_autofree char *json = NULL;
  GError          *error = NULL;

  g_return_if_fail (EWE_IS_API_CLIENT (api_client));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (api_client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_contact_send_async);

  if (is_blank (name))
    {
      g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_INVALID, _("Enter your name."));
      return;
    }
  if (is_blank (email))
    {
      g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_INVALID,
                               _("Enter your e-mail address, so that we can answer."));
      return;
    }
  if (is_blank (message))
    {
      g_task_return_new_error (task, EWE_API_ERROR, EWE_API_ERROR_INVALID, _("Write a message."));
      return;
    }

  /* The name and address as the user meant them, without stray spaces;
   * the message exactly as written. */
  name_ = g_strstrip (g_strdup (name));
  email_ = g_strstrip (g_strdup (email));
  json = ewe_codec_encode_contact_request (name_, email_, message);
  if (!(body = ewe_codec_parse (json, -1, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  ewe_api_client_call_async (api_client, EWE_API_CONTACT, NULL, body, NULL, cancellable,
                             contact_cb, g_steal_pointer (&task));
}

gboolean
ewe_contact_send_finish (GAsyncResult *result,
                         gint64       *reference,
                         GError      **error)
{
  GError *local_error = NULL;
  gssize  value;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ewe_contact_send_async, FALSE);

  value = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (reference != NULL)
    *reference = value;

  return TRUE;
}
