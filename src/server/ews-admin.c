/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-admin"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "ewe-price.h"
#include "ews-admin-export.h"
#include "ews-admin.h"
#ifdef EWS_HAVE_POSTGRESQL
#include "ews-admin-migrate.h"
#endif
#include "ews-backup.h"
#include "ews-jwt-keys.h"
#include "ews-products.h"
#include "ews-request.h"
#include "ews-storage-open.h"

/* `ewelists-server admin …`: looks after the catalogue and the products
 * users added, the site's admins and the token signing keys, directly on
 * the database (in --data-dir, or the PostgreSQL one of --database),
 * exports and imports an account's lists (ews-admin-export.c), and backs
 * the data directory up. It may run
 * while the server does: SQLite's WAL and busy timeout let both write in
 * turn. Only restore wants no server on its target (ews-backup.c). */

static const char usage[] =
  "Usage:\n"
  "  ewelists-server [--data-dir DIR] admin products add --brand TEXT --details TEXT --url URL\n"
  "                                     [--retailer TEXT] [--image-url URL] [--price TEXT]\n"
  "                                     [--currency CODE] [--hidden]\n"
  "  ewelists-server [--data-dir DIR] admin products list\n"
  "  ewelists-server [--data-dir DIR] admin products remove ID\n"
  "  ewelists-server [--data-dir DIR] admin notfound list\n"
  "  ewelists-server [--data-dir DIR] admin notfound promote ID   (copy into the catalogue)\n"
  "  ewelists-server [--data-dir DIR] admin notfound remove ID\n"
  "  ewelists-server [--data-dir DIR] admin contact list\n"
  "  ewelists-server [--data-dir DIR] admin admins add EMAIL   (may add to the catalogue)\n"
  "  ewelists-server [--data-dir DIR] admin admins remove EMAIL\n"
  "  ewelists-server [--data-dir DIR] admin admins list\n"
  "  ewelists-server [--data-dir DIR] admin keys rotate   (a new key signs tokens from now on)\n"
  "  ewelists-server [--data-dir DIR] admin keys list\n"
  "  ewelists-server [--data-dir DIR] admin export-account EMAIL FILE   (the account's lists, as the app exports)\n"
  "  ewelists-server [--data-dir DIR] admin import-account EMAIL FILE   (an export's lists, as copies; all or none)\n"
  "  ewelists-server [--data-dir DIR | --database URL] admin backup BACKUP-DIR   (while the server runs)\n"
  "  ewelists-server admin restore BACKUP-DIR --data-dir DIR [--force]   (with no server on DIR)\n"
  "  ewelists-server --database URL admin restore BACKUP-DIR   (into a new, empty database)\n"
  "  ewelists-server [--data-dir DIR] admin migrate --to postgresql://…   (into an empty database)\n";

/* For --help, which documents the admin commands too. */
const char *
ews_admin_get_usage (void)
{
  return usage;
}

static int
fail (GError *error)
{
  g_printerr ("ewelists-server admin: %s\n", error->message);
  return 1;
}

static int
usage_error (const char *message)
{
  if (message != NULL)
    g_printerr ("ewelists-server admin: %s\n", message);
  g_printerr ("%s", usage);
  return 2;
}

static void
print_product (const EwsProduct *product)
{
  g_print ("%s\t%s\t%s\t%s%s\n", product->product_id, product->brand, product->details,
           product->product_url, product->search_hidden ? "\t(hidden from search)" : "");
}

static int
list_products (EwsStorage    *storage,
               EwsProductKind kind)
{
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  products = ews_storage_products_all (storage, kind, &error);
  if (products == NULL)
    return fail (error);

  for (guint i = 0; i < products->len; i++)
    print_product (g_ptr_array_index (products, i));

  return 0;
}

static int
remove_product (EwsStorage    *storage,
                EwsProductKind kind,
                const char    *product_id)
{
  g_autoptr(GError) error = NULL;

  if (!ews_storage_product_delete (storage, kind, product_id, &error))
    return fail (error);

  g_print ("Removed %s\n", product_id);
  return 0;
}

static int
add_product (EwsStorage *storage,
             int         argc,
             char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— add a product to the catalogue");
  g_autoptr(GError) error = NULL;
  g_autofree char *brand = NULL, *details = NULL, *url = NULL, *retailer = NULL, *image = NULL, *price = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *canonical_url = NULL;
  g_autofree char *product_id = NULL;
  g_auto(GStrv) args = NULL;
  gboolean           hidden = FALSE;
  EwsProduct         product = { 0 };
  const GOptionEntry entries[] = {
    { "brand", 0, 0, G_OPTION_ARG_STRING, &brand, "Brand", "TEXT" },
    { "details", 0, 0, G_OPTION_ARG_STRING, &details, "What the product is", "TEXT" },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, "The shop's page for it", "URL" },
    { "retailer", 0, 0, G_OPTION_ARG_STRING, &retailer, "The shop", "TEXT" },
    { "image-url", 0, 0, G_OPTION_ARG_STRING, &image, "A picture of it", "URL" },
    { "price", 0, 0, G_OPTION_ARG_STRING, &price, "Its price, as shown", "TEXT" },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency, "The price's ISO 4217 currency (default GBP)", "CODE" },
    { "hidden", 0, 0, G_OPTION_ARG_NONE, &hidden, "Do not find it when searching by URL", NULL },
    { NULL }
  };

  /* parse_strv, on a copy: plain g_option_context_parse() drops the
   * arguments it consumes from argv without freeing them. */
  g_option_context_add_main_entries (context, entries, NULL);
  args = g_new0 (char *, argc + 2);
  args[0] = g_strdup ("products-add");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (context, &args, &error))
    return usage_error (error->message);

  if (brand == NULL || details == NULL || url == NULL)
    return usage_error ("products add needs --brand, --details and --url.");
  if (currency != NULL && !ewe_price_currency_is_valid (currency))
    return usage_error ("--currency is an ISO 4217 code of three capital letters, such as EUR.");

  canonical_url = ews_products_canonical_url (url);
  product_id = g_uuid_string_random ();
  product.product_id = product_id;
  product.brand = brand;
  product.details = details;
  product.product_url = canonical_url;
  product.retailer = retailer;
  product.image_url = image != NULL ? image : (char *)"";
  product.price = price;
  product.currency = currency;
  product.search_hidden = hidden;

  if (!ews_storage_product_insert (storage, EWS_PRODUCT_KIND_CATALOGUE, &product, &error))
    return fail (error);

  g_print ("%s\n", product_id);
  return 0;
}

/* Reviewing a user-added product ends in one of two ways: it is good, and
 * goes into the catalogue so everyone finds it by its URL (the user's copy
 * stays, as lists point at it); or it is not, and is removed. */
static int
promote_notfound (EwsStorage *storage,
                  const char *product_id)
{
  g_autoptr(EwsProduct) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_id = g_uuid_string_random ();
  g_autofree char *canonical_url = NULL;
  EwsProduct       product;

  found = ews_storage_product_get (storage, EWS_PRODUCT_KIND_NOTFOUND, product_id, &error);
  if (found == NULL)
    return fail (error);

  canonical_url = ews_products_canonical_url (found->product_url);
  product = *found;
  product.product_id = new_id;
  product.product_url = canonical_url;
  product.image_url = found->image_url != NULL ? found->image_url : (char *)"";
  product.created_by = NULL;
  product.created_at = 0;

  if (!ews_storage_product_insert (storage, EWS_PRODUCT_KIND_CATALOGUE, &product, &error))
    return fail (error);

  g_print ("%s\n", new_id);
  return 0;
}

/* The contact form's messages, for a server that cannot mail them (no
 * SMTP, or no usable --contact-email) or when a mail went astray. */
static int
list_contact_messages (EwsStorage *storage)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  messages = ews_storage_contact_messages (storage, &error);
  if (messages == NULL)
    return fail (error);

  for (guint i = 0; i < messages->len; i++)
    {
      EwsContactMessage *message = g_ptr_array_index (messages, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (message->created_at);
      g_autofree char *date = g_date_time_format_iso8601 (when);

      g_print ("#%06" G_GINT64_FORMAT "\t%s\t%s <%s>\n%s\n\n", message->message_id, date,
               message->name, message->email, message->message);
    }

  return 0;
}

/* Admins are kept by normalized address, as accounts are: the one
 * spelling an admin signs in with matches however it was typed here. */
static int
change_admin (EwsStorage *storage,
              const char *command,
              const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  gboolean         ok;

  if (!ewe_email_is_valid (email))
    return usage_error ("That does not look like an e-mail address.");

  normalized = ewe_email_normalize (email);
  if (g_str_equal (command, "add"))
    ok = ews_storage_admin_add (storage, normalized, &error);
  else
    ok = ews_storage_admin_remove (storage, normalized, &error);
  if (!ok)
    return fail (error);

  g_print ("%s %s\n", g_str_equal (command, "add") ? "Added" : "Removed", normalized);
  return 0;
}

static int
list_admins (const EwsConfig *config,
             EwsStorage      *storage)
{
  g_autoptr(GPtrArray) emails = NULL;
  g_autoptr(GError) error = NULL;

  emails = ews_storage_admins_all (storage, &error);
  if (emails == NULL)
    return fail (error);

  for (guint i = 0; config->admin_emails != NULL && config->admin_emails[i] != NULL; i++)
    g_print ("%s\t(configuration)\n", config->admin_emails[i]);
  for (guint i = 0; i < emails->len; i++)
    g_print ("%s\n", (const char *)g_ptr_array_index (emails, i));

  return 0;
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return time != NULL ? g_date_time_format_iso8601 (time) : g_strdup ("?");
}

/* kid, when it was made, and whether it signs or until when it is
 * published; never anything private. */
static int
list_keys (EwsStorage *storage)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  keys = ews_auth_storage_signing_keys_all (EWS_AUTH_STORAGE (storage), &error);
  if (keys == NULL)
    return fail (error);

  for (guint i = 0; i < keys->len; i++)
    {
      const EwsSigningKey *key = g_ptr_array_index (keys, i);
      g_autofree char     *created = format_time (key->created_at);
      g_autofree char     *until = format_time (key->retired_at + EWS_JWT_KEY_KEEP_SECONDS);

      if (key->retired_at == 0)
        g_print ("%s\tRS256\tcreated %s\tsigns\n", key->kid, created);
      else if (ews_jwt_keys_is_published (key->retired_at, now))
        g_print ("%s\tRS256\tcreated %s\tretired, published until %s\n", key->kid, created, until);
      else
        g_print ("%s\tRS256\tcreated %s\tretired, pruned at the next rotation or start\n", key->kid, created);
    }

  return 0;
}

static int
rotate_keys (EwsStorage *storage)
{
  g_autoptr(EwsJwtKeys) keys = ews_jwt_keys_new (EWS_AUTH_STORAGE (storage));
  g_autoptr(GError) error = NULL;
  g_autofree char *kid = NULL;

  kid = ews_jwt_keys_rotate (keys, g_get_real_time () / G_USEC_PER_SEC, &error);
  if (kid == NULL)
    return fail (error);

  g_print ("New signing key %s; the old one is still published and accepted for %d minutes\n",
           kid, EWS_JWT_KEY_KEEP_SECONDS / 60);
  return 0;
}

static int
export_account (EwsStorage *storage,
                const char *email,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  guint n_lists = 0;

  if (!ews_admin_export_account (storage, email, path, &n_lists, &error))
    return fail (error);

  g_print ("Exported %u list(s) of %s into %s\n", n_lists, email, path);
  return 0;
}

static int
import_account (EwsStorage *storage,
                const char *email,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  guint n_lists = 0;

  /* A refused file has written nothing: the message says what to fix. */
  if (!ews_admin_import_account (storage, email, path, &n_lists, &error))
    {
      g_printerr ("ewelists-server admin: %s: %s Nothing was imported.\n", path, error->message);
      return 1;
    }

  g_print ("Imported %u list(s) from %s into %s's account\n", n_lists, path, email);
  return 0;
}

static int
backup (const EwsConfig *config,
        const char      *backup_dir)
{
  g_autoptr(GError) error = NULL;
  EwsBackupBackend backend = config->database != NULL ? EWS_BACKUP_BACKEND_POSTGRESQL : EWS_BACKUP_BACKEND_SQLITE;
  const char      *source = config->database != NULL ? config->database : config->data_dir;

  if (!ews_backup_create (backend, source, backup_dir, &error))
    return fail (error);

  /* The database's URL is not printed: it may hold a password. */
  g_print ("Backed up %s into %s\n", config->database != NULL ? "the database" : config->data_dir, backup_dir);
  return 0;
}

static int
restore (const EwsConfig *config,
         int              argc,
         char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("BACKUP-DIR — restore a data directory from a backup");
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_auto(GStrv) args = NULL;
  gboolean           force = FALSE;
  const GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "The data directory to restore into", "DIR" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Replace the data already in it", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  args = g_new0 (char *, argc + 2);
  args[0] = g_strdup ("restore");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (context, &args, &error))
    return usage_error (error->message);
  if (g_strv_length (args) != 2)
    return usage_error ("restore needs the backup directory.");

  if (config->database != NULL)
    {
#ifdef EWS_HAVE_POSTGRESQL
      if (force || data_dir != NULL)
        return usage_error ("restore --database takes neither --force nor --data-dir: it restores into a new, "
                            "empty database.");
      if (!ews_backup_restore_postgresql (args[1], config->database, &error))
        return fail (error);
      g_print ("Restored %s into the database\n", args[1]);
      return 0;
#else
      return usage_error ("This ewelists-server was built without PostgreSQL.");
#endif
    }

  /* --data-dir may also come before `admin`, as for every admin command. */
  if (data_dir == NULL)
    data_dir = g_strdup (config->data_dir);

  if (!ews_backup_restore (args[1], data_dir, force, &error))
    return fail (error);

  g_print ("Restored %s into %s\n", args[1], data_dir);
  return 0;
}

int
ews_admin_run (const EwsConfig *config,
               int              argc,
               char           **argv)
{
  g_autoptr(EwsStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  const char *group, *command;

  if (argc < 2)
    return usage_error (NULL);

  /* Neither opens the database the usual way: a backup must not migrate
   * it under a running server, and a restore must not create it. */
  if (g_str_equal (argv[0], "backup") && argc == 2)
    return backup (config, argv[1]);
  if (g_str_equal (argv[0], "restore"))
    return restore (config, argc, argv);
  if (g_str_equal (argv[0], "migrate"))
    {
#ifdef EWS_HAVE_POSTGRESQL
      return ews_admin_migrate_run (config, argc, argv);
#else
      g_printerr ("ewelists-server admin: This ewelists-server was built without PostgreSQL (meson "
                  "-Dpostgresql=enabled builds it in), so it cannot migrate into it.\n");
      return 1;
#endif
    }

  if (g_str_equal (argv[0], "export-account") || g_str_equal (argv[0], "import-account"))
    {
      if (argc != 3)
        return usage_error ("export-account and import-account need the account's e-mail address and a file.");

      storage = ews_storage_open_configured (config, NULL, &error);
      if (storage == NULL)
        return fail (error);
      if (g_str_equal (argv[0], "export-account"))
        return export_account (storage, argv[1], argv[2]);
      return import_account (storage, argv[1], argv[2]);
    }

  group = argv[0];
  command = argv[1];

  if (g_strcmp0 (group, "products") != 0 && g_strcmp0 (group, "notfound") != 0 &&
      g_strcmp0 (group, "contact") != 0 && g_strcmp0 (group, "admins") != 0 &&
      g_strcmp0 (group, "keys") != 0)
    return usage_error ("The first word after admin must be “products”, “notfound”, “contact”, “admins”, “keys”, "
                        "“export-account”, “import-account”, “backup”, “restore” or “migrate”.");

  storage = ews_storage_open_configured (config, NULL, &error);
  if (storage == NULL)
    return fail (error);

  if (g_str_equal (group, "admins"))
    {
      if (g_str_equal (command, "list") && argc == 2)
        return list_admins (config, storage);
      if ((g_str_equal (command, "add") || g_str_equal (command, "remove")) && argc == 3)
        return change_admin (storage, command, argv[2]);
    }
  else if (g_str_equal (group, "keys"))
    {
      if (g_str_equal (command, "list") && argc == 2)
        return list_keys (storage);
      if (g_str_equal (command, "rotate") && argc == 2)
        return rotate_keys (storage);
    }
  else if (g_str_equal (group, "contact"))
    {
      if (g_str_equal (command, "list") && argc == 2)
        return list_contact_messages (storage);
    }
  else if (g_str_equal (group, "products"))
    {
      if (g_str_equal (command, "add"))
        return add_product (storage, argc - 1, argv + 1);
      if (g_str_equal (command, "list") && argc == 2)
        return list_products (storage, EWS_PRODUCT_KIND_CATALOGUE);
      if (g_str_equal (command, "remove") && argc == 3)
        return remove_product (storage, EWS_PRODUCT_KIND_CATALOGUE, argv[2]);
    }
  else
    {
      if (g_str_equal (command, "list") && argc == 2)
        return list_products (storage, EWS_PRODUCT_KIND_NOTFOUND);
      if (g_str_equal (command, "promote") && argc == 3)
        return promote_notfound (storage, argv[2]);
      if (g_str_equal (command, "remove") && argc == 3)
        return remove_product (storage, EWS_PRODUCT_KIND_NOTFOUND, argv[2]);
    }

  return usage_error ("Unknown command or wrong number of arguments.");
}
