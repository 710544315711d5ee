/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-admin-export"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "ewe-email-rules.h"
#include "ewe-export-format.h"
#include "ewe-limits.h"
#include "ewe-price.h"
#include "ews-admin-export.h"
#include "ews-auth-storage.h"

/* The format, its limits and its checks are the app's, from
 * libewe-common: a file the app exported imports here, and one exported
 * here imports in the app. The server writes as the app would for the same
 * lists: the fields the API gives the owner, nothing of guests'. */

static EwsAccount *
find_account (EwsStorage *storage,
              const char *email,
              GError    **error)
{
  g_autofree char *email_key = NULL;
  g_autoptr(GError) local_error = NULL;
  EwsAccount *account;

  if (!ewe_email_is_valid (email))
    {
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID,
                   "“%s” does not look like an e-mail address.", email);
      return NULL;
    }

  /* Accounts are kept by normalized address: any spelling finds one. */
  email_key = ewe_email_normalize (email);
  account = ews_auth_storage_account_get_by_email (EWS_AUTH_STORAGE (storage), email_key, &local_error);
  if (account == NULL && g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
    {
      g_set_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND,
                   "No account signs in with %s. Check the address: it is the one the user signs in "
                   "with.",
                   email);
      return NULL;
    }
  if (account == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return account;
}

static EweExportGift *
gift_to_export (EwsStorage    *storage,
                const EwsGift *gift,
                GError       **error)
{
  gboolean catalogue = g_strcmp0 (gift->type, "products") == 0;
  g_autoptr(EwsProduct) product = NULL;
  EweExportGift *exported;

  product = ews_storage_product_get (storage, catalogue ? EWS_PRODUCT_KIND_CATALOGUE : EWS_PRODUCT_KIND_NOTFOUND,
                                     gift->product_id, error);
  if (product == NULL)
    return NULL;

  exported = ewe_export_gift_new ();
  exported->quantity = gift->quantity;
  exported->notes = g_strdup (gift->notes);
  exported->catalogue = catalogue;
  exported->product_id = g_strdup (gift->product_id);
  exported->details = g_strdup (product->details);
  exported->brand = g_strdup (product->brand);
  exported->retailer = g_strdup (product->retailer);
  exported->price = g_strdup (product->price);
  exported->currency = g_strdup (product->currency);
  exported->product_url = g_strdup (product->product_url);
  exported->image_url = g_strdup (product->image_url);
  exported->unlimited = gift->unlimited;
  exported->most_wanted = gift->most_wanted;

  return exported;
}

static EweExportList *
list_to_export (EwsStorage    *storage,
                const EwsList *list,
                GError       **error)
{
  g_autoptr(EweExportList) exported = ewe_export_list_new ();
  g_autoptr(GPtrArray) gifts = NULL;

  gifts = ews_storage_gifts_for_list (storage, list->list_id, error);
  if (gifts == NULL)
    return NULL;

  exported->id = g_strdup (list->list_id);
  exported->title = g_strdup (list->title);
  exported->description = g_strdup (list->description);
  exported->occasion = g_strdup (list->occasion);
  /* The original wrote "None" for a cleared date; the app leaves it out. */
  if (g_strcmp0 (list->event_date, "None") != 0)
    exported->event_date = g_strdup (list->event_date);
  exported->image_url = g_strdup (list->image_url);
  exported->closed = list->closed;
  exported->currency = g_strdup (list->currency);
  exported->reveal_date = g_strdup (list->reveal_date);
  exported->archived = list->archived_at != 0;
  exported->archive_note = g_strdup (list->archive_note);

  for (guint i = 0; i < gifts->len; i++)
    {
      EweExportGift *gift = gift_to_export (storage, g_ptr_array_index (gifts, i), error);

      if (gift == NULL)
        return NULL;
      g_ptr_array_add (exported->gifts, gift);
    }

  return g_steal_pointer (&exported);
}

/**
 * ews_admin_export_account:
 * @path: the file to write; replaced if it exists
 *
 * Writes the lists @email's account owns, with their gifts and products.
 */
gboolean
ews_admin_export_account (EwsStorage *storage,
                          const char *email,
                          const char *path,
                          guint      *n_lists,
                          GError    **error)
{
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GPtrArray) exported = g_ptr_array_new_with_free_func ((GDestroyNotify)ewe_export_list_free);
  g_autoptr(GBytes) contents = NULL;
  gsize       length = 0;
  const char *data;

  if ((account = find_account (storage, email, error)) == NULL)
    return FALSE;

  lists = ews_storage_lists_for_owner (storage, account->user_id, error);
  if (lists == NULL)
    return FALSE;

  for (guint i = 0; i < lists->len; i++)
    {
      EweExportList *list = list_to_export (storage, g_ptr_array_index (lists, i), error);

      if (list == NULL)
        return FALSE;
      g_ptr_array_add (exported, list);
    }

  contents = ewe_export_format_write (exported);
  data = g_bytes_get_data (contents, &length);
  /* Only the owner's, and whoever they give it to, should read it. */
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  *n_lists = exported->len;
  return TRUE;
}

/* Reads no more than one byte past the limit, so that a huge file is
 * refused by the checker without being read whole. */
static GBytes *
read_limited (const char *path,
              GError    **error)
{
  g_autofree char *data = g_malloc (EWE_LIMIT_EXPORT_BYTES + 1);
  FILE            *file = g_fopen (path, "rb");
  gsize            length;

  if (file == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno), "Could not read “%s”: %s", path,
                   g_strerror (saved_errno));
      return NULL;
    }

  length = fread (data, 1, EWE_LIMIT_EXPORT_BYTES + 1, file);
  if (ferror (file))
    {
      fclose (file);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "Could not read “%s”.", path);
      return NULL;
    }
  fclose (file);

  return g_bytes_new_take (g_steal_pointer (&data), length);
}

/* What the shared checker leaves to the server: that a catalogue gift's
 * product is in this server's catalogue, and that a typed-in product's
 * currency is one the API takes. Checked for the whole file before the
 * first row is written. */
static gboolean
check_for_server (EwsStorage *storage,
                  GPtrArray  *lists,
                  GError    **error)
{
  for (guint i = 0; i < lists->len; i++)
    {
      EweExportList *list = g_ptr_array_index (lists, i);

      for (guint j = 0; j < list->gifts->len; j++)
        {
          EweExportGift *gift = g_ptr_array_index (list->gifts, j);
          g_autoptr(EwsProduct) product = NULL;
          g_autoptr(GError) local_error = NULL;

          if (!gift->catalogue)
            {
              if (gift->currency != NULL && !ewe_price_currency_is_valid (gift->currency))
                {
                  g_set_error (error, EWE_EXPORT_FORMAT_ERROR, EWE_EXPORT_FORMAT_ERROR_INVALID,
                               "List %u, gift %u: “currency” must be an ISO 4217 code such as EUR.", i + 1, j + 1);
                  return FALSE;
                }
              continue;
            }

          product = ews_storage_product_get (storage, EWS_PRODUCT_KIND_CATALOGUE, gift->product_id, &local_error);
          if (product == NULL && g_error_matches (local_error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND))
            {
              g_set_error (error, EWE_EXPORT_FORMAT_ERROR, EWE_EXPORT_FORMAT_ERROR_INVALID,
                           "List %u, gift %u: this server’s catalogue has no product %s. Add it with "
                           "`admin products add`, or remove the gift from the file.",
                           i + 1, j + 1, gift->product_id);
              return FALSE;
            }
          if (product == NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
insert_gift (EwsStorage          *storage,
             const char          *owner_id,
             const char          *list_id,
             const EweExportGift *exported,
             GError             **error)
{
  g_autofree char *new_product_id = NULL;
  EwsGift          gift = { 0 };

  if (!exported->catalogue)
    {
      EwsProduct product = { 0 };

      /* A typed-in product belongs to the account that made it: the
       * importing account gets its own, as the app's import makes. */
      new_product_id = g_uuid_string_random ();
      product.product_id = new_product_id;
      product.brand = exported->brand != NULL ? exported->brand : (char *)"";
      product.details = exported->details;
      product.product_url = exported->product_url != NULL ? exported->product_url : (char *)"";
      product.image_url = exported->image_url;
      product.price = exported->price;
      product.currency = exported->currency;
      product.retailer = exported->retailer;
      product.created_by = (char *)owner_id;
      product.created_at = g_get_real_time () / G_USEC_PER_SEC;
      if (!ews_storage_product_insert (storage, EWS_PRODUCT_KIND_NOTFOUND, &product, error))
        return FALSE;
    }

  gift.list_id = (char *)list_id;
  gift.product_id = new_product_id != NULL ? new_product_id : exported->product_id;
  gift.type = (char *)(exported->catalogue ? "products" : "notfound");
  gift.notes = exported->notes;
  gift.quantity = exported->quantity;
  gift.unlimited = exported->unlimited;
  gift.most_wanted = exported->most_wanted;

  return ews_storage_gift_insert (storage, &gift, error);
}

static gboolean
insert_list (EwsStorage          *storage,
             const char          *owner_id,
             const EweExportList *exported,
             gint64               created_at,
             GError             **error)
{
  g_autofree char *list_id = g_uuid_string_random ();
  g_autofree char *title = NULL;
  g_autoptr(EwsList) existing = NULL;
  EwsList list = { 0 };

  /* Nothing overwritten, nothing silently doubled either: a list whose id
   * is here already comes in as a copy that says what it is, as in the
   * app. */
  if (exported->id != NULL)
    existing = ews_storage_list_get (storage, exported->id, NULL);
  title = existing != NULL ? g_strdup_printf ("%s (imported copy)", exported->title) : g_strdup (exported->title);

  list.list_id = list_id;
  list.owner_id = (char *)owner_id;
  list.title = title;
  list.description = exported->description;
  list.occasion = exported->occasion;
  list.image_url = exported->image_url;
  list.event_date = exported->event_date != NULL && *exported->event_date != '\0' ? exported->event_date : NULL;
  list.closed = exported->closed;
  list.currency = exported->currency;
  list.reveal_date = exported->reveal_date;
  /* The file says whether, not when: archived as it comes in. */
  list.archived_at = exported->archived ? created_at : 0;
  list.archive_note = exported->archive_note;
  list.created_at = created_at;
  if (!ews_storage_list_insert (storage, &list, error))
    return FALSE;

  for (guint i = 0; i < exported->gifts->len; i++)
    {
      if (!insert_gift (storage, owner_id, list_id, g_ptr_array_index (exported->gifts, i), error))
        {
          g_prefix_error (error, "“%s”, gift %u: ", exported->title, i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * ews_admin_import_account:
 * @path: a JSON export, the app's or export-account's
 *
 * Checks all of @path, then creates its lists for @email's account in one
 * transaction: all of them, or none.
 */
gboolean
ews_admin_import_account (EwsStorage *storage,
                          const char *email,
                          const char *path,
                          guint      *n_lists,
                          GError    **error)
{
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  gsize       length = 0;
  const char *data;
  gint64      now;

  if ((account = find_account (storage, email, error)) == NULL || (contents = read_limited (path, error)) == NULL)
    return FALSE;

  data = g_bytes_get_data (contents, &length);
  lists = ewe_export_format_read (data, length, error);
  if (lists == NULL || !check_for_server (storage, lists, error))
    return FALSE;

  /* An account's lists come in the order they were made: a second apart,
   * ending now, they keep the file's. */
  now = g_get_real_time () / G_USEC_PER_SEC;
  if (!ews_storage_begin (storage, error))
    return FALSE;
  for (guint i = 0; i < lists->len; i++)
    {
      gint64 created_at = now - (gint64)(lists->len - 1 - i);

      if (!insert_list (storage, account->user_id, g_ptr_array_index (lists, i), created_at, error))
        {
          ews_storage_rollback (storage);
          return FALSE;
        }
    }
  if (!ews_storage_commit (storage, error))
    return FALSE;

  *n_lists = lists->len;
  return TRUE;
}
