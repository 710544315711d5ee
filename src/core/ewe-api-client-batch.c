/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-api-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ewe-api-client-private.h"
#include "ewe-codec.h"
#include "ewe-limits.h"

/* Several writes in one request: ewelists-server's POST /api/batch (the
 * original API has no such route). Each entry carries what the request on
 * its own would have (method, path, Idempotency-Key, the body's very text,
 * so its record is the same either way), and each answer is decoded as
 * that request's would be. */

static void
batch_answer_free (EweApiBatchAnswer *answer)
{
  g_clear_pointer (&answer->answer, g_bytes_unref);
  g_clear_error (&answer->error);
  g_free (answer);
}

static GPtrArray *
decode_answers (GBytes  *body,
                guint    n_entries,
                GError **error)
{
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify)batch_answer_free);
  g_autoptr(JsonNode) root = NULL;
  JsonNode   *node;
  JsonArray  *array;
  gsize       size = 0;
  const char *data = g_bytes_get_data (body, &size);

  root = ewe_codec_parse (data, size, NULL);
  node = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
           ? json_object_get_member (json_node_get_object (root), "responses")
           : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length ((array = json_node_get_array (node))) != n_entries)
    {
      g_set_error_literal (error, EWE_API_ERROR, EWE_API_ERROR_SERVER,
                           _("The server’s answer could not be understood."));
      return NULL;
    }

  for (guint i = 0; i < n_entries; i++)
    {
      JsonNode          *element = json_array_get_element (array, i);
      JsonObject        *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      EweApiBatchAnswer *answer = g_new0 (EweApiBatchAnswer, 1);
      const char        *text = NULL;
      gint64             status = 0;

      g_ptr_array_add (answers, answer);

      if (object != NULL)
        {
          status = json_object_get_int_member_with_default (object, "status", 0);
          text = json_object_get_string_member_with_default (object, "body", NULL);
          answer->replayed = json_object_get_boolean_member_with_default (object, "replayed", FALSE);
          answer->not_run = json_object_get_boolean_member_with_default (object, "notRun", FALSE);
        }

      if (text == NULL || status < 100 || status > 599)
        answer->error = g_error_new_literal (EWE_API_ERROR, EWE_API_ERROR_SERVER,
                                             _("The server’s answer could not be understood."));
      else if (SOUP_STATUS_IS_SUCCESSFUL (status))
        answer->answer = g_bytes_new (text, strlen (text));
      else
        answer->error = ewe_api_client_error_for_status ((guint)status, text, strlen (text));
    }

  return g_steal_pointer (&answers);
}

static void
batch_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *answers;

  body = ewe_api_client_call_finish (EWE_API_CLIENT (object), result, &error);
  if (body == NULL)
    {
      /* No such route (404, or 405 where another method has the path):
       * the original API, or a server from before it. A batch refused as
       * a whole (another 4xx) is one this server will not take either:
       * one by one always works. What is left says nothing of the entries:
       * the server or the network failed, or the sign-in did. */
      if (error->domain == EWE_API_ERROR && error->code != EWE_API_ERROR_NETWORK &&
          error->code != EWE_API_ERROR_SERVER && error->code != EWE_API_ERROR_UNAUTHORIZED)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 "The server does not take writes in batches: %s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answers = decode_answers (body, GPOINTER_TO_UINT (g_task_get_task_data (task)), &error);
  if (answers == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, answers, (GDestroyNotify)g_ptr_array_unref);
}

void
ewe_api_client_batch_async (EweApiClient           *self,
                            const EweApiBatchEntry *entries,
                            guint                   n_entries,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  char            *text;

  g_return_if_fail (EWE_IS_API_CLIENT (self));
  g_return_if_fail (n_entries > 0 && n_entries <= EWE_LIMIT_BATCH_ENTRIES);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ewe_api_client_batch_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (n_entries), NULL);

  url = ewe_api_client_batch_url (self);
  if (url == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "The services are not all on one ewelists-server");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_entries; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;
      const char      *method = NULL;

      path = ewe_api_client_endpoint_path (self, entries[i].endpoint, entries[i].path_args, &method, &error);
      if (path == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, method);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
      if (entries[i].idempotency_key != NULL)
        {
          json_builder_set_member_name (builder, "idempotencyKey");
          json_builder_add_string_value (builder, entries[i].idempotency_key);
        }
      if (entries[i].body != NULL)
        {
          g_autofree char *body_text = ewe_api_client_body_text (entries[i].body);

          json_builder_set_member_name (builder, "body");
          json_builder_add_string_value (builder, body_text);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  body = g_bytes_new_take (text, strlen (text));

  ewe_api_client_send_async (self, EWE_API_BATCH, url, body, cancellable, batch_sent_cb, g_steal_pointer (&task));
}

GPtrArray *
ewe_api_client_batch_finish (EweApiClient *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
