/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "ews-auth-storage.h"
#include "ews-mail-storage.h"
#include "ews-oauth2-storage.h"
#include "ews-storage-pg-private.h"
#include "ews-storage-sqlite.h"
#include "ews-test-postgres.h"

/* The storage interface's behaviour, case by case, run on each backend with
 * the same expectations (/server/storage-backends/BACKEND/…), EwsStorage's,
 * EwsAuthStorage's (accounts, codes, sessions, lockouts, signing keys) and
 * EwsMailStorage's (the outbox), and then what
 * only PostgreSQL has: servers migrating together, and many connections
 * reserving at once. */

/* One server for the whole run, a fresh database for each case. */
static EwsTestPostgres *postgres;

typedef enum
{
  BACKEND_SQLITE,
  BACKEND_POSTGRESQL,
} Backend;

typedef struct
{
  char       *data_dir; /* SQLite's */
  char       *uri;      /* PostgreSQL's */
  EwsStorage *storage;
} Fixture;

/* Enough connections that a transaction and a statement outside it can run
 * at once, as in a server. */
#define N_CONNECTIONS 4

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  if (GPOINTER_TO_INT (data) == BACKEND_SQLITE)
    {
      fixture->data_dir = g_dir_make_tmp ("ews-storage-XXXXXX", &error);
      g_assert_no_error (error);
      fixture->storage = ews_storage_sqlite_open (fixture->data_dir, &error);
    }
  else
    {
      fixture->uri = ews_test_postgres_new_database (postgres, &error);
      g_assert_no_error (error);
      fixture->storage = ews_storage_pg_open (fixture->uri, N_CONNECTIONS, &error);
    }
  g_assert_no_error (error);
  g_assert_nonnull (fixture->storage);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_object (&fixture->storage);

  if (fixture->data_dir != NULL)
    {
      const char *names[] = { "ewelists.sqlite", "ewelists.sqlite-wal", "ewelists.sqlite-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *path = g_build_filename (fixture->data_dir, names[i], NULL);
          g_remove (path);
        }
      g_rmdir (fixture->data_dir);
    }

  g_clear_pointer (&fixture->data_dir, g_free);
  g_clear_pointer (&fixture->uri, g_free);
}

/* --- helpers ------------------------------------------------------------- */

static void
insert_list (EwsStorage *storage,
             const char *list_id,
             const char *owner_id,
             gint64      created_at)
{
  g_autoptr(GError) error = NULL;
  EwsList list = { 0 };

  list.list_id = (char *)list_id;
  list.owner_id = (char *)owner_id;
  list.title = (char *)"A list";
  list.created_at = created_at;

  g_assert_true (ews_storage_list_insert (storage, &list, &error));
  g_assert_no_error (error);
}

static gboolean
list_exists (EwsStorage *storage,
             const char *list_id)
{
  g_autoptr(EwsList) list = ews_storage_list_get (storage, list_id, NULL);

  return list != NULL;
}

static void
insert_gift (EwsStorage *storage,
             const char *list_id,
             const char *product_id,
             gint64      quantity)
{
  g_autoptr(GError) error = NULL;
  EwsGift gift = { 0 };

  gift.list_id = (char *)list_id;
  gift.product_id = (char *)product_id;
  gift.type = (char *)"products";
  gift.quantity = quantity;

  g_assert_true (ews_storage_gift_insert (storage, &gift, &error));
  g_assert_no_error (error);
}

static void
assert_counts (EwsStorage *storage,
               const char *list_id,
               const char *product_id,
               gint64      reserved,
               gint64      purchased)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsGift) gift = ews_storage_gift_get (storage, list_id, product_id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gift->reserved, ==, reserved);
  g_assert_cmpint (gift->purchased, ==, purchased);
}

static EwsReservation *
reserve (EwsStorage *storage,
         const char *user,
         gint64      quantity,
         gboolean    confirmed,
         GError    **error)
{
  g_autofree char *email = g_strdup_printf ("%s@example.com", user);

  return ews_storage_reserve (storage, "list", "product", user, user, email, quantity, confirmed, error);
}

/* --- cases for both backends --------------------------------------------- */

static void
test_nested_transactions (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ews_storage_begin (fixture->storage, &error));
  insert_list (fixture->storage, "outer", "owner", 1);

  g_assert_true (ews_storage_begin (fixture->storage, &error));
  insert_list (fixture->storage, "inner", "owner", 1);
  ews_storage_rollback (fixture->storage);

  g_assert_true (ews_storage_commit (fixture->storage, &error));
  g_assert_no_error (error);

  g_assert_true (list_exists (fixture->storage, "outer"));
  g_assert_false (list_exists (fixture->storage, "inner"));

  /* An outer rollback takes the inner commit with it. */
  g_assert_true (ews_storage_begin (fixture->storage, &error));
  g_assert_true (ews_storage_begin (fixture->storage, &error));
  insert_list (fixture->storage, "gone", "owner", 1);
  g_assert_true (ews_storage_commit (fixture->storage, &error));
  ews_storage_rollback (fixture->storage);
  g_assert_false (list_exists (fixture->storage, "gone"));
}

/* A refused change inside a transaction is refused alone: the route goes on
 * and commits the rest (its Idempotency-Key record, say). */
static void
test_refused_statement_keeps_transaction (Fixture      *fixture,
                                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  EwsList duplicate = { 0 };

  insert_list (fixture->storage, "existing", "owner", 1);

  g_assert_true (ews_storage_begin (fixture->storage, &error));
  duplicate.list_id = (char *)"existing";
  duplicate.owner_id = (char *)"someone else";
  duplicate.title = (char *)"Again";
  g_assert_false (ews_storage_list_insert (fixture->storage, &duplicate, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);

  insert_list (fixture->storage, "after", "owner", 2);
  g_assert_true (ews_storage_commit (fixture->storage, &error));
  g_assert_no_error (error);
  g_assert_true (list_exists (fixture->storage, "after"));
}

static void
test_lists (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(EwsList) stored = NULL;
  EwsList changed = { 0 };

  insert_list (fixture->storage, "b", "owner", 2);
  insert_list (fixture->storage, "a", "owner", 2);
  insert_list (fixture->storage, "c", "owner", 1);
  insert_list (fixture->storage, "other", "someone else", 1);

  /* Oldest first, then by ID. */
  lists = ews_storage_lists_for_owner (fixture->storage, "owner", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lists->len, ==, 3);
  g_assert_cmpstr (((EwsList *)lists->pdata[0])->list_id, ==, "c");
  g_assert_cmpstr (((EwsList *)lists->pdata[1])->list_id, ==, "a");
  g_assert_cmpstr (((EwsList *)lists->pdata[2])->list_id, ==, "b");

  changed.list_id = (char *)"a";
  changed.title = (char *)"New title";
  changed.description = (char *)"Described";
  changed.event_date = (char *)"2027-01-01";
  g_assert_true (ews_storage_list_update (fixture->storage, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (ews_storage_list_close (fixture->storage, "a", &error));

  stored = ews_storage_list_get (fixture->storage, "a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->owner_id, ==, "owner");
  g_assert_cmpstr (stored->title, ==, "New title");
  g_assert_cmpstr (stored->description, ==, "Described");
  g_assert_cmpstr (stored->occasion, ==, "");
  g_assert_cmpstr (stored->event_date, ==, "2027-01-01");
  g_assert_true (stored->closed);
  g_assert_cmpint (stored->created_at, ==, 2);

  g_assert_null (ews_storage_list_get (fixture->storage, "missing", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  changed.list_id = (char *)"missing";
  g_assert_false (ews_storage_list_update (fixture->storage, &changed, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ews_storage_list_close (fixture->storage, "missing", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
}

/* The check an edit makes that its list is not archived, inside the
 * edit's transaction, where it holds off an archive until the edit is
 * committed (the write lock on SQLite, the row's lock on PostgreSQL). */
static void
test_list_lock_editable (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsList) stored = NULL;
  EwsList changed = { 0 };

  insert_list (fixture->storage, "a", "owner", 1);

  changed.list_id = (char *)"a";
  changed.title = (char *)"Checked and changed at once";
  g_assert_true (ews_storage_begin (fixture->storage, &error));
  g_assert_true (ews_storage_list_lock_editable (fixture->storage, "a", &error));
  g_assert_no_error (error);
  g_assert_true (ews_storage_list_update (fixture->storage, &changed, &error));
  g_assert_true (ews_storage_commit (fixture->storage, &error));
  g_assert_no_error (error);
  stored = ews_storage_list_get (fixture->storage, "a", &error);
  g_assert_cmpstr (stored->title, ==, "Checked and changed at once");

  g_assert_true (ews_storage_list_set_archived (fixture->storage, "a", 5, "Thanks", &error));
  g_assert_true (ews_storage_begin (fixture->storage, &error));
  g_assert_false (ews_storage_list_lock_editable (fixture->storage, "a", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);
  ews_storage_rollback (fixture->storage);

  g_assert_true (ews_storage_list_set_archived (fixture->storage, "a", 0, NULL, &error));
  g_assert_true (ews_storage_begin (fixture->storage, &error));
  g_assert_true (ews_storage_list_lock_editable (fixture->storage, "a", &error));
  g_assert_false (ews_storage_list_lock_editable (fixture->storage, "missing", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  ews_storage_rollback (fixture->storage);
}

static void
test_list_delete (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsReservation) reservation = NULL;
  guint n_deleted = 0;

  insert_list (fixture->storage, "list", "owner", 1);
  insert_gift (fixture->storage, "list", "product", 2);
  insert_gift (fixture->storage, "list", "other", 1);
  reservation = reserve (fixture->storage, "guest", 1, TRUE, &error);
  g_assert_no_error (error);

  /* The list, its two gifts and the reservation. */
  g_assert_true (ews_storage_list_delete (fixture->storage, "list", &n_deleted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_deleted, ==, 4);
  g_assert_false (list_exists (fixture->storage, "list"));
  g_assert_null (ews_storage_reservation_get (fixture->storage, reservation->reservation_id, NULL));

  g_assert_false (ews_storage_list_delete (fixture->storage, "list", NULL, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
}

static void
test_gifts (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(EwsGift) with_notes = NULL;
  g_autoptr(EwsGift) kept = NULL;
  g_autoptr(EwsGift) removed = NULL;
  g_autoptr(EwsReservation) reservation = NULL;
  EwsGift gift = { 0 };

  insert_list (fixture->storage, "list", "owner", 1);
  insert_gift (fixture->storage, "list", "product", 3);
  insert_gift (fixture->storage, "list", "second", 1);

  gift.list_id = (char *)"list";
  gift.product_id = (char *)"product";
  gift.type = (char *)"notfound";
  gift.quantity = 1;
  g_assert_false (ews_storage_gift_insert (fixture->storage, &gift, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "Product already exists in list.");
  g_clear_error (&error);

  /* In the order they were added. */
  gifts = ews_storage_gifts_for_list (fixture->storage, "list", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gifts->len, ==, 2);
  g_assert_cmpstr (((EwsGift *)gifts->pdata[0])->product_id, ==, "product");
  g_assert_cmpstr (((EwsGift *)gifts->pdata[0])->type, ==, "products");
  g_assert_cmpstr (((EwsGift *)gifts->pdata[1])->product_id, ==, "second");

  /* NULL notes keep them, "" removes them. */
  g_assert_true (ews_storage_gift_update (fixture->storage, "list", "product", 3, "Blue", &error));
  with_notes = ews_storage_gift_get (fixture->storage, "list", "product", &error);
  g_assert_cmpstr (with_notes->notes, ==, "Blue");
  g_assert_true (ews_storage_gift_update (fixture->storage, "list", "product", 4, NULL, &error));
  kept = ews_storage_gift_get (fixture->storage, "list", "product", &error);
  g_assert_cmpstr (kept->notes, ==, "Blue");
  g_assert_cmpint (kept->quantity, ==, 4);
  g_assert_true (ews_storage_gift_update (fixture->storage, "list", "product", 4, "", &error));
  removed = ews_storage_gift_get (fixture->storage, "list", "product", &error);
  g_assert_null (removed->notes);
  g_assert_no_error (error);

  reservation = reserve (fixture->storage, "guest", 2, TRUE, &error);
  g_assert_no_error (error);

  g_assert_false (ews_storage_gift_update (fixture->storage, "list", "product", 1, NULL, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (ews_storage_gift_delete (fixture->storage, "list", "product", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Bought, it may go; the reservation stays, detached. */
  g_assert_true (ews_storage_reservation_purchase (fixture->storage, reservation->reservation_id, &error));
  g_assert_true (ews_storage_gift_delete (fixture->storage, "list", "product", &error));
  g_assert_no_error (error);
  g_assert_null (ews_storage_gift_get (fixture->storage, "list", "product", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&reservation, ews_reservation_free);
  reservation = ews_storage_reservation_get (fixture->storage, "missing", NULL);
  g_assert_null (reservation);

  g_assert_false (ews_storage_gift_update (fixture->storage, "list", "product", 1, NULL, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ews_storage_gift_delete (fixture->storage, "list", "product", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
}

/* An unlimited gift takes reservations beyond its quantity (the tables'
 * CHECKs let it), and turns limited again only once its quantity covers
 * what guests hold. */
static void
test_unlimited_gifts (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsReservation) first = NULL;
  g_autoptr(EwsReservation) second = NULL;
  g_autoptr(EwsReservation) limited = NULL;
  g_autoptr(EwsGift) stored = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  EwsGift gift = { 0 };

  insert_list (fixture->storage, "list", "owner", 1);
  gift.list_id = (char *)"list";
  gift.product_id = (char *)"product";
  gift.type = (char *)"products";
  gift.quantity = 1;
  gift.unlimited = TRUE;
  g_assert_true (ews_storage_gift_insert (fixture->storage, &gift, &error));
  g_assert_no_error (error);

  first = reserve (fixture->storage, "first", 3, TRUE, &error);
  g_assert_no_error (error);
  second = reserve (fixture->storage, "second", 4, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (ews_storage_reservation_set_quantity (fixture->storage, second->reservation_id, 6, &error));
  g_assert_no_error (error);
  g_assert_true (ews_storage_reservation_purchase (fixture->storage, first->reservation_id, &error));
  g_assert_no_error (error);
  assert_counts (fixture->storage, "list", "product", 6, 3);

  /* Its quantity is no bound: the owner may set any. */
  g_assert_true (ews_storage_gift_update (fixture->storage, "list", "product", 2, NULL, &error));
  g_assert_no_error (error);

  /* Limited again only with a quantity that covers the nine given. */
  g_assert_false (ews_storage_gift_set_unlimited (fixture->storage, "list", "product", FALSE, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);
  stored = ews_storage_gift_get (fixture->storage, "list", "product", &error);
  g_assert_true (stored->unlimited);
  g_clear_pointer (&stored, ews_gift_free);

  g_assert_true (ews_storage_gift_update (fixture->storage, "list", "product", 10, NULL, &error));
  g_assert_true (ews_storage_gift_set_unlimited (fixture->storage, "list", "product", FALSE, &error));
  g_assert_no_error (error);
  gifts = ews_storage_gifts_for_list (fixture->storage, "list", &error);
  g_assert_cmpuint (gifts->len, ==, 1);
  g_assert_false (((EwsGift *)gifts->pdata[0])->unlimited);

  /* Limited, it wants one more and no more. */
  limited = reserve (fixture->storage, "third", 2, TRUE, &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_assert_null (limited);
  g_clear_error (&error);
  limited = reserve (fixture->storage, "third", 1, TRUE, &error);
  g_assert_no_error (error);
  assert_counts (fixture->storage, "list", "product", 7, 3);

  g_assert_false (ews_storage_gift_set_unlimited (fixture->storage, "list", "missing", TRUE, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
}

/* A list's currency: pounds when inserted without one, kept by an update
 * that has none, changed by one that has. */
static void
test_list_currency (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsList) pounds = NULL;
  g_autoptr(EwsList) euros = NULL;
  g_autoptr(EwsList) yen = NULL;
  EwsList list = { 0 };

  insert_list (fixture->storage, "pounds", "owner", 1);
  pounds = ews_storage_list_get (fixture->storage, "pounds", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pounds->currency, ==, "GBP");

  list.list_id = (char *)"euros";
  list.owner_id = (char *)"owner";
  list.title = (char *)"Euros";
  list.currency = (char *)"EUR";
  list.created_at = 2;
  g_assert_true (ews_storage_list_insert (fixture->storage, &list, &error));
  list.currency = NULL;
  list.title = (char *)"Still euros";
  g_assert_true (ews_storage_list_update (fixture->storage, &list, &error));
  euros = ews_storage_list_get (fixture->storage, "euros", &error);
  g_assert_cmpstr (euros->currency, ==, "EUR");
  g_assert_cmpstr (euros->title, ==, "Still euros");

  list.currency = (char *)"JPY";
  g_assert_true (ews_storage_list_update (fixture->storage, &list, &error));
  g_assert_no_error (error);
  yen = ews_storage_list_get (fixture->storage, "euros", &error);
  g_assert_cmpstr (yen->currency, ==, "JPY");
}

/* Starred gifts come first, then the rest, each in the order added. */
static void
test_most_wanted_gifts (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) gifts = NULL;
  g_autoptr(GPtrArray) again = NULL;
  const char *expected[] = { "third", "first", "second" };

  insert_list (fixture->storage, "list", "owner", 1);
  insert_gift (fixture->storage, "list", "first", 1);
  insert_gift (fixture->storage, "list", "second", 1);
  insert_gift (fixture->storage, "list", "third", 1);

  g_assert_true (ews_storage_gift_set_most_wanted (fixture->storage, "list", "third", TRUE, &error));
  g_assert_no_error (error);
  gifts = ews_storage_gifts_for_list (fixture->storage, "list", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gifts->len, ==, 3);
  for (guint i = 0; i < gifts->len; i++)
    {
      EwsGift *gift = gifts->pdata[i];

      g_assert_cmpstr (gift->product_id, ==, expected[i]);
      g_assert_true (gift->most_wanted == (i == 0));
    }

  g_assert_true (ews_storage_gift_set_most_wanted (fixture->storage, "list", "third", FALSE, &error));
  again = ews_storage_gifts_for_list (fixture->storage, "list", &error);
  g_assert_cmpstr (((EwsGift *)again->pdata[0])->product_id, ==, "first");
  g_assert_false (((EwsGift *)again->pdata[2])->most_wanted);

  g_assert_false (ews_storage_gift_set_most_wanted (fixture->storage, "list", "missing", TRUE, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
}

static void
test_reserve (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsReservation) first = NULL;
  g_autoptr(EwsReservation) refused = NULL;
  g_autoptr(GPtrArray) for_list = NULL;

  insert_list (fixture->storage, "list", "owner", 1);
  insert_gift (fixture->storage, "list", "product", 3);

  refused = reserve (fixture->storage, "guest", 0, TRUE, &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID);
  g_clear_error (&error);

  first = reserve (fixture->storage, "guest", 2, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->list_owner_id, ==, "owner");
  g_assert_cmpstr (first->list_title, ==, "A list");
  g_assert_cmpstr (first->product_type, ==, "products");
  g_assert_cmpstr (first->state, ==, "reserved");
  g_assert_cmpint (first->quantity, ==, 2);
  g_assert_true (first->confirmed);
  g_assert_null (first->confirm_key);
  assert_counts (fixture->storage, "list", "product", 2, 0);

  refused = reserve (fixture->storage, "guest", 1, TRUE, &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "Product already reserved by user. Change the quantity of that reservation instead.");
  g_clear_error (&error);

  refused = reserve (fixture->storage, "another", 2, TRUE, &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "Only 1 more of this gift is still wanted.");
  g_clear_error (&error);

  refused = ews_storage_reserve (fixture->storage, "list", "missing", "another", "A", "a@example.com", 1, TRUE,
                                 &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  refused = ews_storage_reserve (fixture->storage, "missing", "product", "another", "A", "a@example.com", 1, TRUE,
                                 &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ews_storage_list_close (fixture->storage, "list", &error));
  refused = reserve (fixture->storage, "another", 1, TRUE, &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "This list is closed and takes no more reservations.");
  g_clear_error (&error);

  for_list = ews_storage_reservations_for_list (fixture->storage, "list", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (for_list->len, ==, 1);
  g_assert_cmpstr (((EwsReservation *)for_list->pdata[0])->reservation_id, ==, first->reservation_id);
  assert_counts (fixture->storage, "list", "product", 2, 0);
}

static void
test_reservation_changes (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsReservation) mine = NULL;
  g_autoptr(EwsReservation) theirs = NULL;
  g_autoptr(EwsReservation) stored = NULL;
  g_autoptr(GPtrArray) for_list = NULL;

  insert_list (fixture->storage, "list", "owner", 1);
  insert_gift (fixture->storage, "list", "product", 5);
  mine = reserve (fixture->storage, "me", 1, TRUE, &error);
  theirs = reserve (fixture->storage, "them", 2, TRUE, &error);
  g_assert_no_error (error);
  assert_counts (fixture->storage, "list", "product", 3, 0);

  g_assert_true (ews_storage_reservation_set_quantity (fixture->storage, mine->reservation_id, 3, &error));
  g_assert_no_error (error);
  assert_counts (fixture->storage, "list", "product", 5, 0);
  g_assert_false (ews_storage_reservation_set_quantity (fixture->storage, mine->reservation_id, 4, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (ews_storage_reservation_set_quantity (fixture->storage, mine->reservation_id, 0, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (ews_storage_reservation_set_quantity (fixture->storage, mine->reservation_id, 2, &error));
  assert_counts (fixture->storage, "list", "product", 4, 0);

  g_assert_true (ews_storage_reservation_purchase (fixture->storage, mine->reservation_id, &error));
  g_assert_no_error (error);
  assert_counts (fixture->storage, "list", "product", 2, 2);
  stored = ews_storage_reservation_get (fixture->storage, mine->reservation_id, &error);
  g_assert_cmpstr (stored->state, ==, "purchased");

  /* Bought and cancelled are final. */
  g_assert_false (ews_storage_reservation_cancel (fixture->storage, mine->reservation_id, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "Product was not reserved. State = purchased.");
  g_clear_error (&error);

  g_assert_true (ews_storage_reservation_cancel (fixture->storage, theirs->reservation_id, &error));
  assert_counts (fixture->storage, "list", "product", 0, 2);
  g_assert_false (ews_storage_reservation_purchase (fixture->storage, theirs->reservation_id, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Cancelled ones are not listed. */
  for_list = ews_storage_reservations_for_list (fixture->storage, "list", &error);
  g_assert_cmpuint (for_list->len, ==, 1);

  /* Deleting takes the counts with it, whatever the state. */
  g_assert_true (ews_storage_reservation_delete (fixture->storage, mine->reservation_id, &error));
  g_assert_true (ews_storage_reservation_delete (fixture->storage, theirs->reservation_id, &error));
  g_assert_no_error (error);
  assert_counts (fixture->storage, "list", "product", 0, 0);

  g_assert_false (ews_storage_reservation_delete (fixture->storage, mine->reservation_id, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ews_storage_reservation_purchase (fixture->storage, "missing", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
}

static guint
n_for_user (EwsStorage *storage,
            const char *email)
{
  g_autoptr(GPtrArray) reservations = ews_storage_reservations_for_user (storage, "some-sub", email, NULL);

  g_assert_nonnull (reservations);
  return reservations->len;
}

static void
test_unconfirmed_reservations (Fixture      *fixture,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsReservation) fresh = NULL;
  g_autoptr(EwsReservation) refused = NULL;
  g_autoptr(EwsReservation) confirmed = NULL;
  g_autofree char *short_key = NULL;

  insert_list (fixture->storage, "list", "owner", 1);
  insert_gift (fixture->storage, "list", "product", 9);
  insert_gift (fixture->storage, "list", "other", 9);

  fresh = reserve (fixture->storage, "new", 4, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (fresh->confirmed);
  g_assert_nonnull (fresh->confirm_key);
  g_assert_cmpuint (strlen (fresh->confirm_key), >=, 32);
  g_assert_cmpuint (n_for_user (fixture->storage, "new@example.com"), ==, 0);

  /* At most EWS_MAX_UNCONFIRMED_PER_ADDRESS on the list, on any gifts. */
  refused = ews_storage_reserve (fixture->storage, "list", "other", "new-2", "New", "new@example.com", 2, FALSE,
                                 &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (ews_storage_reservation_set_quantity (fixture->storage, fresh->reservation_id, 6, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_false (ews_storage_reservation_confirm (fixture->storage, fresh->reservation_id, "wrong", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID);
  g_clear_error (&error);
  short_key = g_strndup (fresh->confirm_key, strlen (fresh->confirm_key) - 1);
  g_assert_false (ews_storage_reservation_confirm (fixture->storage, fresh->reservation_id, short_key, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (ews_storage_reservation_confirm (fixture->storage, fresh->reservation_id, fresh->confirm_key, &error));
  g_assert_no_error (error);
  confirmed = ews_storage_reservation_get (fixture->storage, fresh->reservation_id, &error);
  g_assert_true (confirmed->confirmed);
  g_assert_null (confirmed->confirm_key);
  g_assert_true (ews_storage_reservation_confirm (fixture->storage, fresh->reservation_id, fresh->confirm_key, &error));
  g_assert_cmpuint (n_for_user (fixture->storage, "new@example.com"), ==, 1);

  /* Confirmed, they no longer count against the address. */
  g_clear_pointer (&refused, ews_reservation_free);
  refused = ews_storage_reserve (fixture->storage, "list", "other", "new-2", "New", "new@example.com", 2, FALSE,
                                 &error);
  g_assert_no_error (error);
}

static void
insert_product (EwsStorage    *storage,
                EwsProductKind kind,
                const char    *product_id,
                const char    *url,
                gint64         created_at,
                gboolean       hidden)
{
  g_autoptr(GError) error = NULL;
  EwsProduct product = { 0 };

  product.product_id = (char *)product_id;
  product.brand = (char *)"Brand";
  product.details = (char *)"Details";
  product.retailer = (char *)"Shop";
  product.product_url = (char *)url;
  product.price = (char *)"12.50";
  product.currency = (char *)"EUR";
  product.created_by = kind == EWS_PRODUCT_KIND_NOTFOUND ? (char *)"user" : NULL;
  product.search_hidden = hidden;
  product.created_at = created_at;

  g_assert_true (ews_storage_product_insert (storage, kind, &product, &error));
  g_assert_no_error (error);
}

static void
test_products (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsProduct) found = NULL;
  g_autoptr(EwsProduct) user_added = NULL;
  g_autoptr(EwsProduct) missing = NULL;
  g_autoptr(GPtrArray) all = NULL;
  EwsProduct duplicate = { 0 };

  /* The oldest that is not hidden; in one second, the first added. */
  insert_product (fixture->storage, EWS_PRODUCT_KIND_CATALOGUE, "hidden", "https://shop/u", 1, TRUE);
  insert_product (fixture->storage, EWS_PRODUCT_KIND_CATALOGUE, "zz-first", "https://shop/u", 5, FALSE);
  insert_product (fixture->storage, EWS_PRODUCT_KIND_CATALOGUE, "aa-second", "https://shop/u", 5, FALSE);
  insert_product (fixture->storage, EWS_PRODUCT_KIND_NOTFOUND, "mine", "https://shop/m", 3, FALSE);

  found = ews_storage_product_find_by_url (fixture->storage, "https://shop/u", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->product_id, ==, "zz-first");
  g_assert_cmpstr (found->retailer, ==, "Shop");
  g_assert_cmpstr (found->price, ==, "12.50");
  g_assert_cmpstr (found->currency, ==, "EUR");
  g_assert_null (found->created_by);
  g_assert_false (found->search_hidden);
  g_assert_cmpint (found->created_at, ==, 5);

  missing = ews_storage_product_find_by_url (fixture->storage, "https://shop/none", &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  missing = ews_storage_product_get (fixture->storage, EWS_PRODUCT_KIND_NOTFOUND, "zz-first", &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "No product exists with this ID.");
  g_clear_error (&error);

  user_added = ews_storage_product_get (fixture->storage, EWS_PRODUCT_KIND_NOTFOUND, "mine", &error);
  g_assert_no_error (error);
  /* The shop a typed-in product is from, as the app read it. */
  g_assert_cmpstr (user_added->retailer, ==, "Shop");
  g_assert_cmpstr (user_added->created_by, ==, "user");
  g_assert_cmpstr (user_added->currency, ==, "EUR");

  all = ews_storage_products_all (fixture->storage, EWS_PRODUCT_KIND_CATALOGUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpstr (((EwsProduct *)all->pdata[0])->product_id, ==, "hidden");
  g_assert_cmpstr (((EwsProduct *)all->pdata[1])->product_id, ==, "aa-second");
  g_assert_cmpstr (((EwsProduct *)all->pdata[2])->product_id, ==, "zz-first");

  duplicate.product_id = (char *)"mine";
  duplicate.brand = (char *)"B";
  duplicate.details = (char *)"D";
  duplicate.product_url = (char *)"https://shop/d";
  duplicate.created_by = (char *)"user";
  g_assert_false (ews_storage_product_insert (fixture->storage, EWS_PRODUCT_KIND_NOTFOUND, &duplicate, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* A gift on a list keeps its product. */
  insert_list (fixture->storage, "list", "owner", 1);
  insert_gift (fixture->storage, "list", "zz-first", 1);
  g_assert_false (ews_storage_product_delete (fixture->storage, EWS_PRODUCT_KIND_CATALOGUE, "zz-first", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (ews_storage_product_delete (fixture->storage, EWS_PRODUCT_KIND_CATALOGUE, "aa-second", &error));
  g_assert_no_error (error);
  g_assert_null (ews_storage_product_get (fixture->storage, EWS_PRODUCT_KIND_CATALOGUE, "aa-second", NULL));
  g_assert_false (ews_storage_product_delete (fixture->storage, EWS_PRODUCT_KIND_CATALOGUE, "aa-second", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
}

static void
test_admins (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) admins = NULL;
  gboolean is_admin = FALSE;

  g_assert_true (ews_storage_admin_add (fixture->storage, "b@example.com", &error));
  g_assert_true (ews_storage_admin_add (fixture->storage, "a@example.com", &error));
  g_assert_true (ews_storage_admin_add (fixture->storage, "B@example.com", &error));
  g_assert_true (ews_storage_admin_add (fixture->storage, "a@example.com", &error));
  g_assert_no_error (error);

  /* Sorted as strings: capitals first. */
  admins = ews_storage_admins_all (fixture->storage, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (admins->len, ==, 3);
  g_assert_cmpstr (admins->pdata[0], ==, "B@example.com");
  g_assert_cmpstr (admins->pdata[1], ==, "a@example.com");
  g_assert_cmpstr (admins->pdata[2], ==, "b@example.com");

  g_assert_true (ews_storage_admin_contains (fixture->storage, "a@example.com", &is_admin, &error));
  g_assert_true (is_admin);
  g_assert_true (ews_storage_admin_remove (fixture->storage, "a@example.com", &error));
  g_assert_true (ews_storage_admin_contains (fixture->storage, "a@example.com", &is_admin, &error));
  g_assert_false (is_admin);
  g_assert_no_error (error);

  g_assert_false (ews_storage_admin_remove (fixture->storage, "a@example.com", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
}

static void
test_contact_and_idempotency (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(EwsIdempotentReply) stored = NULL;
  g_autoptr(EwsIdempotentReply) missing = NULL;
  EwsIdempotentReply reply = { (char *)"POST /lists abc", 201, (char *)"{\"ok\":true}" };

  /* Oldest first; in one second, in the order they came. */
  g_assert_true (ews_storage_contact_insert (fixture->storage, 900001, "One", "one@example.com", "First", &error));
  g_assert_true (ews_storage_contact_insert (fixture->storage, 100002, "Two", "two@example.com", "Second", &error));
  g_assert_no_error (error);
  messages = ews_storage_contact_messages (fixture->storage, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpint (((EwsContactMessage *)messages->pdata[0])->message_id, ==, 900001);
  g_assert_cmpstr (((EwsContactMessage *)messages->pdata[0])->message, ==, "First");
  g_assert_cmpstr (((EwsContactMessage *)messages->pdata[1])->email, ==, "two@example.com");
  g_assert_cmpint (((EwsContactMessage *)messages->pdata[1])->created_at, >, 0);

  missing = ews_storage_idempotency_lookup (fixture->storage, "user", "key", &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ews_storage_idempotency_store (fixture->storage, "user", "key", &reply, &error));
  g_assert_no_error (error);
  stored = ews_storage_idempotency_lookup (fixture->storage, "user", "key", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->fingerprint, ==, reply.fingerprint);
  g_assert_cmpuint (stored->status, ==, 201);
  g_assert_cmpstr (stored->body, ==, reply.body);

  /* Per scope. */
  missing = ews_storage_idempotency_lookup (fixture->storage, "", "key", &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (ews_storage_idempotency_store (fixture->storage, "user", "key", &reply, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
}

static void
test_rate_limits (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 retry_after_ms = -1;

  /* Two a minute: one token every 30 s. */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (ews_storage_rate_take (fixture->storage, "k", 2, 60, 1000, &retry_after_ms, &error));
      g_assert_no_error (error);
      g_assert_cmpint (retry_after_ms, ==, 0);
    }

  g_assert_true (ews_storage_rate_take (fixture->storage, "k", 2, 60, 1000, &retry_after_ms, &error));
  g_assert_cmpint (retry_after_ms, >=, 29999);
  g_assert_cmpint (retry_after_ms, <=, 30001);
  g_assert_true (ews_storage_rate_take (fixture->storage, "k", 2, 60, 21000, &retry_after_ms, &error));
  g_assert_cmpint (retry_after_ms, >=, 9999);
  g_assert_cmpint (retry_after_ms, <=, 10001);

  /* Other keys have buckets of their own. */
  g_assert_true (ews_storage_rate_take (fixture->storage, "other", 2, 60, 21000, &retry_after_ms, &error));
  g_assert_cmpint (retry_after_ms, ==, 0);

  g_assert_true (ews_storage_rate_take (fixture->storage, "k", 2, 60, 31001, &retry_after_ms, &error));
  g_assert_cmpint (retry_after_ms, ==, 0);
  g_assert_true (ews_storage_rate_take (fixture->storage, "k", 2, 60, 31001, &retry_after_ms, &error));
  g_assert_cmpint (retry_after_ms, >, 0);

  g_assert_true (ews_storage_rate_reset (fixture->storage, "k", &error));
  g_assert_true (ews_storage_rate_take (fixture->storage, "k", 2, 60, 31001, &retry_after_ms, &error));
  g_assert_cmpint (retry_after_ms, ==, 0);
  g_assert_no_error (error);
}

/* --- sign-in (EwsAuthStorage) -------------------------------------------- */

static void
insert_account (EwsStorage *storage,
                const char *user_id,
                const char *email_key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email = g_ascii_strup (email_key, -1);
  EwsAccount       account = { 0 };

  account.user_id = (char *)user_id;
  account.email_key = (char *)email_key;
  account.email = email;
  account.name = (char *)"Ann";
  account.password_hash = (char *)"$argon2id$first";
  account.created_at = 1000;

  g_assert_true (ews_auth_storage_account_insert (EWS_AUTH_STORAGE (storage), &account, &error));
  g_assert_no_error (error);
}

static void
test_accounts (Fixture      *fixture,
               gconstpointer data)
{
  EwsAuthStorage *auth = EWS_AUTH_STORAGE (fixture->storage);
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsAccount) account = NULL;
  g_autoptr(EwsAccount) by_email = NULL;
  g_autoptr(EwsAccount) missing = NULL;
  g_autofree char *name = NULL;
  EwsAccount       taken = { 0 };

  insert_account (fixture->storage, "user-1", "ann@example.com");

  account = ews_auth_storage_account_get (auth, "user-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->email_key, ==, "ann@example.com");
  g_assert_cmpstr (account->email, ==, "ANN@EXAMPLE.COM");
  g_assert_cmpstr (account->name, ==, "Ann");
  g_assert_cmpstr (account->password_hash, ==, "$argon2id$first");
  g_assert_false (account->confirmed);
  g_assert_cmpint (account->created_at, ==, 1000);

  g_assert_true (ews_auth_storage_account_set_confirmed (auth, "user-1", &error));
  g_assert_true (ews_auth_storage_account_set_password (auth, "user-1", "$argon2id$second", &error));
  g_assert_no_error (error);
  by_email = ews_auth_storage_account_get_by_email (auth, "ann@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_email->user_id, ==, "user-1");
  g_assert_true (by_email->confirmed);
  g_assert_cmpstr (by_email->password_hash, ==, "$argon2id$second");

  name = ews_auth_storage_dup_account_name (auth, "user-1");
  g_assert_cmpstr (name, ==, "Ann");

  /* The address is taken, whoever asks. */
  taken.user_id = (char *)"user-2";
  taken.email_key = (char *)"ann@example.com";
  taken.email = (char *)"ann@example.com";
  taken.name = (char *)"";
  taken.password_hash = (char *)"$argon2id$other";
  g_assert_false (ews_auth_storage_account_insert (auth, &taken, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);

  missing = ews_auth_storage_account_get (auth, "user-2", &error);
  g_assert_null (missing);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  missing = ews_auth_storage_account_get_by_email (auth, "bob@example.com", &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
}

/* The language an account's mails are in, and its SRP salt and verifier:
 * a new password clears the verifier, which would still prove the old
 * one; an answered SRP challenge cannot be answered again until it has
 * expired. */
static void
test_account_language_and_srp (Fixture      *fixture,
                               gconstpointer data)
{
  EwsAuthStorage *auth = EWS_AUTH_STORAGE (fixture->storage);
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsAccount) english = NULL;
  g_autoptr(EwsAccount) german = NULL;
  g_autoptr(EwsAccount) with_srp = NULL;
  g_autoptr(EwsAccount) new_password = NULL;
  EwsAccount account = { 0 };

  insert_account (fixture->storage, "user-1", "ann@example.com");
  english = ews_auth_storage_account_get (auth, "user-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (english->language, ==, "");
  g_assert_null (english->srp_salt);
  g_assert_null (english->srp_verifier);

  account.user_id = (char *)"user-2";
  account.email_key = (char *)"ben@example.com";
  account.email = (char *)"ben@example.com";
  account.name = (char *)"Ben";
  account.password_hash = (char *)"$argon2id$ben";
  account.language = (char *)"de";
  g_assert_true (ews_auth_storage_account_insert (auth, &account, &error));
  g_assert_no_error (error);
  g_assert_true (ews_auth_storage_account_set_srp (auth, "user-2", "a1b2", "sealed-verifier", &error));
  g_assert_no_error (error);
  with_srp = ews_auth_storage_account_get_by_email (auth, "ben@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (with_srp->language, ==, "de");
  g_assert_cmpstr (with_srp->srp_salt, ==, "a1b2");
  g_assert_cmpstr (with_srp->srp_verifier, ==, "sealed-verifier");

  g_assert_true (ews_auth_storage_account_set_password (auth, "user-2", "$argon2id$ben-2", &error));
  g_assert_no_error (error);
  new_password = ews_auth_storage_account_get (auth, "user-2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (new_password->password_hash, ==, "$argon2id$ben-2");
  g_assert_null (new_password->srp_salt);
  g_assert_null (new_password->srp_verifier);
  g_assert_cmpstr (new_password->language, ==, "de");

  g_assert_true (ews_auth_storage_srp_challenge_use (auth, "challenge-1", 2000, 1000, &error));
  g_assert_no_error (error);
  g_assert_false (ews_auth_storage_srp_challenge_use (auth, "challenge-1", 2000, 1500, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (ews_auth_storage_srp_challenge_use (auth, "challenge-2", 2000, 1500, &error));
  g_assert_no_error (error);
  /* Once expired, the row is gone: nothing grows without bound. */
  g_assert_true (ews_auth_storage_srp_challenge_use (auth, "challenge-1", 4000, 3000, &error));
  g_assert_no_error (error);
}

static void
test_codes (Fixture      *fixture,
            gconstpointer data)
{
  EwsAuthStorage *auth = EWS_AUTH_STORAGE (fixture->storage);
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsAuthCode) code = NULL;
  g_autoptr(EwsAuthCode) replaced = NULL;
  g_autoptr(EwsAuthCode) reset = NULL;
  g_autoptr(EwsAuthCode) gone = NULL;

  insert_account (fixture->storage, "user-1", "ann@example.com");

  g_assert_true (ews_auth_storage_code_set (auth, "user-1", EWS_AUTH_CODE_SIGN_UP, "hash-1", 100, 200, &error));
  g_assert_true (ews_auth_storage_code_add_attempt (auth, "user-1", EWS_AUTH_CODE_SIGN_UP, &error));
  g_assert_true (ews_auth_storage_code_add_attempt (auth, "user-1", EWS_AUTH_CODE_SIGN_UP, &error));
  g_assert_no_error (error);
  code = ews_auth_storage_code_get (auth, "user-1", EWS_AUTH_CODE_SIGN_UP, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code->code_hash, ==, "hash-1");
  g_assert_cmpint (code->created_at, ==, 100);
  g_assert_cmpint (code->expires_at, ==, 200);
  g_assert_cmpuint (code->attempts, ==, 2);

  /* A new code replaces the last, and its wrong guesses with it. */
  g_assert_true (ews_auth_storage_code_set (auth, "user-1", EWS_AUTH_CODE_SIGN_UP, "hash-2", 150, 250, &error));
  replaced = ews_auth_storage_code_get (auth, "user-1", EWS_AUTH_CODE_SIGN_UP, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (replaced->code_hash, ==, "hash-2");
  g_assert_cmpint (replaced->expires_at, ==, 250);
  g_assert_cmpuint (replaced->attempts, ==, 0);

  /* One per purpose. */
  reset = ews_auth_storage_code_get (auth, "user-1", EWS_AUTH_CODE_RESET, &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ews_auth_storage_code_delete (auth, "user-1", EWS_AUTH_CODE_SIGN_UP, &error));
  g_assert_no_error (error);
  gone = ews_auth_storage_code_get (auth, "user-1", EWS_AUTH_CODE_SIGN_UP, &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A code for nobody is refused by the database, not stored. */
  g_assert_false (ews_auth_storage_code_set (auth, "nobody", EWS_AUTH_CODE_RESET, "hash", 1, 2, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
}

static void
insert_session (EwsStorage *storage,
                const char *session_id,
                const char *user_id,
                const char *token_hash,
                gint64      created_at,
                const char *client)
{
  g_autoptr(GError) error = NULL;
  EwsAuthSession session = { 0 };

  session.session_id = (char *)session_id;
  session.user_id = (char *)user_id;
  session.created_at = created_at;
  session.expires_at = created_at + 1000;
  session.client = (char *)client;

  g_assert_true (ews_auth_storage_session_insert (EWS_AUTH_STORAGE (storage), &session, token_hash, &error));
  g_assert_no_error (error);
}

static void
test_sessions (Fixture      *fixture,
               gconstpointer data)
{
  EwsAuthStorage *auth = EWS_AUTH_STORAGE (fixture->storage);
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsAuthSession) session = NULL;
  g_autoptr(EwsAuthSession) by_token = NULL;
  g_autoptr(EwsAuthSession) revoked = NULL;
  g_autoptr(EwsAuthSession) again = NULL;
  g_autoptr(EwsAuthSession) other = NULL;
  g_autoptr(EwsAuthSession) expired = NULL;
  gboolean known = FALSE;

  insert_account (fixture->storage, "user-1", "ann@example.com");
  insert_account (fixture->storage, "user-2", "bob@example.com");
  insert_session (fixture->storage, "s-old", "user-1", "token-old", 10, NULL);
  insert_session (fixture->storage, "s-1", "user-1", "token-1", 100000, "192.0.2.1");
  insert_session (fixture->storage, "s-2", "user-1", "token-2", 100000, "192.0.2.2");
  insert_session (fixture->storage, "s-3", "user-2", "token-3", 100000, NULL);

  session = ews_auth_storage_session_get (auth, "s-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session->user_id, ==, "user-1");
  g_assert_cmpint (session->created_at, ==, 100000);
  g_assert_cmpint (session->expires_at, ==, 101000);
  g_assert_cmpint (session->revoked_at, ==, 0);
  by_token = ews_auth_storage_session_get_by_token (auth, "token-2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_token->session_id, ==, "s-2");

  /* Long expired: cleared out by a later sign-in. */
  expired = ews_auth_storage_session_get (auth, "s-old", &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ews_auth_storage_client_known (auth, "user-1", "192.0.2.2", &known, &error));
  g_assert_true (known);
  g_assert_true (ews_auth_storage_client_known (auth, "user-2", "192.0.2.2", &known, &error));
  g_assert_false (known);
  g_assert_no_error (error);

  /* Revoking twice keeps the first time. */
  g_assert_true (ews_auth_storage_session_revoke (auth, "s-1", 100100, &error));
  g_assert_true (ews_auth_storage_session_revoke (auth, "s-1", 100200, &error));
  g_assert_no_error (error);
  revoked = ews_auth_storage_session_get (auth, "s-1", &error);
  g_assert_cmpint (revoked->revoked_at, ==, 100100);

  /* Every one of the user's, and none of anyone else's. */
  g_assert_true (ews_auth_storage_sessions_revoke (auth, "user-1", 100300, &error));
  g_assert_no_error (error);
  g_clear_pointer (&revoked, ews_auth_session_free);
  revoked = ews_auth_storage_session_get (auth, "s-1", &error);
  g_assert_cmpint (revoked->revoked_at, ==, 100100);
  again = ews_auth_storage_session_get_by_token (auth, "token-2", &error);
  g_assert_cmpint (again->revoked_at, ==, 100300);
  other = ews_auth_storage_session_get (auth, "s-3", &error);
  g_assert_no_error (error);
  g_assert_cmpint (other->revoked_at, ==, 0);

  /* A token hash is one session's only. */
  g_free (session->session_id);
  session->session_id = g_strdup ("s-4");
  g_assert_false (ews_auth_storage_session_insert (auth, session, "token-3", &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
}

static void
test_sign_in_failures (Fixture      *fixture,
                       gconstpointer data)
{
  EwsAuthStorage *auth = EWS_AUTH_STORAGE (fixture->storage);
  g_autoptr(GError) error = NULL;
  guint  failures = 99;
  gint64 locked_until = 99;
  gint64 now = 10 * 24 * 60 * 60 * 1000;

  /* Counted for addresses without an account too. */
  g_assert_true (ews_auth_storage_failures_get (auth, "who@example.com", "192.0.2.1", &failures, &locked_until,
                                                &error));
  g_assert_cmpuint (failures, ==, 0);
  g_assert_cmpint (locked_until, ==, 0);

  g_assert_true (ews_auth_storage_failures_set (auth, "who@example.com", "192.0.2.1", 1, 0, now, &error));
  g_assert_true (ews_auth_storage_failures_set (auth, "who@example.com", "192.0.2.1", 5, now + 1000, now, &error));
  g_assert_true (ews_auth_storage_failures_set (auth, "who@example.com", "192.0.2.2", 2, 0, now, &error));
  g_assert_no_error (error);
  g_assert_true (ews_auth_storage_failures_get (auth, "who@example.com", "192.0.2.1", &failures, &locked_until,
                                                &error));
  g_assert_cmpuint (failures, ==, 5);
  g_assert_cmpint (locked_until, ==, now + 1000);

  g_assert_true (ews_auth_storage_failures_clear (auth, "who@example.com", "192.0.2.1", &error));
  g_assert_true (ews_auth_storage_failures_get (auth, "who@example.com", "192.0.2.1", &failures, &locked_until,
                                                &error));
  g_assert_cmpuint (failures, ==, 0);
  g_assert_true (ews_auth_storage_failures_get (auth, "who@example.com", "192.0.2.2", &failures, &locked_until,
                                                &error));
  g_assert_cmpuint (failures, ==, 2);

  /* NULL clears every client's count. */
  g_assert_true (ews_auth_storage_failures_set (auth, "who@example.com", "192.0.2.3", 1, 0, now, &error));
  g_assert_true (ews_auth_storage_failures_clear (auth, "who@example.com", NULL, &error));
  g_assert_true (ews_auth_storage_failures_get (auth, "who@example.com", "192.0.2.2", &failures, &locked_until,
                                                &error));
  g_assert_cmpuint (failures, ==, 0);
  g_assert_true (ews_auth_storage_failures_get (auth, "who@example.com", "192.0.2.3", &failures, &locked_until,
                                                &error));
  g_assert_cmpuint (failures, ==, 0);

  /* A day without a failure and no lock left: forgotten at the next. */
  g_assert_true (ews_auth_storage_failures_set (auth, "old@example.com", "192.0.2.1", 3, now, now, &error));
  g_assert_true (ews_auth_storage_failures_set (auth, "new@example.com", "192.0.2.1", 1, 0,
                                                now + 24 * 60 * 60 * 1000 + 1, &error));
  g_assert_true (ews_auth_storage_failures_get (auth, "old@example.com", "192.0.2.1", &failures, &locked_until,
                                                &error));
  g_assert_cmpuint (failures, ==, 0);
  g_assert_no_error (error);
}

static EwsSigningKey *
signing_key_new (const char *kid,
                 gint64      created_at,
                 gint64      retired_at)
{
  EwsSigningKey *key = g_new0 (EwsSigningKey, 1);

  key->kid = g_strdup (kid);
  key->private_pem = g_strdup_printf ("private %s", kid);
  key->public_pem = g_strdup_printf ("public %s", kid);
  key->created_at = created_at;
  key->retired_at = retired_at;

  return key;
}

/* The upstream sign-in's one-time records (a sign-in sent to a provider,
 * a link waiting for its confirmation) and identities at providers: a
 * record is read any number of times, taken once, and neither after it
 * expired; an identity belongs to one account, and goes with it. */
static void
test_oauth2_upstream (Fixture      *fixture,
                      gconstpointer data)
{
  EwsOAuth2Storage *storage = EWS_OAUTH2_STORAGE (fixture->storage);
  g_autoptr(GError) error = NULL;
  g_autofree char *read = NULL;
  g_autofree char *again = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *none = NULL;

  g_assert_true (ews_oauth2_storage_upstream_put (storage, "flow", "hash-1", "{\"a\":1}", 1000, 1600, &error));
  g_assert_no_error (error);
  g_assert_true (ews_oauth2_storage_upstream_put (storage, "link", "hash-2", "{\"b\":2}", 1000, 1900, &error));
  g_assert_no_error (error);

  /* Of its kind only. */
  g_assert_null (ews_oauth2_storage_upstream_get (storage, "link", "hash-1", 1001, FALSE, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  read = ews_oauth2_storage_upstream_get (storage, "flow", "hash-1", 1001, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read, ==, "{\"a\":1}");
  again = ews_oauth2_storage_upstream_get (storage, "flow", "hash-1", 1002, FALSE, &error);
  g_assert_cmpstr (again, ==, "{\"a\":1}");
  taken = ews_oauth2_storage_upstream_get (storage, "flow", "hash-1", 1003, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (taken, ==, "{\"a\":1}");

  /* Once taken, gone for readers and takers alike. */
  g_assert_null (ews_oauth2_storage_upstream_get (storage, "flow", "hash-1", 1004, TRUE, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ews_oauth2_storage_upstream_get (storage, "flow", "hash-1", 1004, FALSE, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Expired: not taken, and forgotten at the next put. */
  g_assert_null (ews_oauth2_storage_upstream_get (storage, "link", "hash-2", 1900, TRUE, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (ews_oauth2_storage_upstream_put (storage, "link", "hash-2", "{\"c\":3}", 2000, 2600, &error));
  g_assert_no_error (error);

  insert_account (fixture->storage, "user-1", "ann@example.com");
  none = ews_oauth2_storage_identity_get (storage, "google", "sub-1", &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_true (ews_oauth2_storage_identity_insert (storage, "google", "sub-1", "user-1", "ann@example.com", 1000,
                                                     &error));
  g_assert_no_error (error);
  user_id = ews_oauth2_storage_identity_get (storage, "google", "sub-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user_id, ==, "user-1");

  /* One account per identity. */
  insert_account (fixture->storage, "user-2", "bob@example.com");
  g_assert_false (ews_oauth2_storage_identity_insert (storage, "google", "sub-1", "user-2", NULL, 1001, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* The same subject at another provider is another person. */
  g_assert_true (ews_oauth2_storage_identity_insert (storage, "work", "sub-1", "user-2", NULL, 1001, &error));
  g_assert_no_error (error);
}

static void
test_signing_keys (Fixture      *fixture,
                   gconstpointer data)
{
  EwsAuthStorage *auth = EWS_AUTH_STORAGE (fixture->storage);
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsSigningKey) old = signing_key_new ("old", 100, 150);
  g_autoptr(EwsSigningKey) first = signing_key_new ("first", 200, 0);
  g_autoptr(EwsSigningKey) second = signing_key_new ("second", 200, 0);
  g_autoptr(EwsSigningKey) current = NULL;
  g_autoptr(EwsSigningKey) got = NULL;
  g_autoptr(EwsSigningKey) none = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) pruned = NULL;

  none = ews_auth_storage_signing_key_get_current (auth, &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ews_auth_storage_signing_key_insert (auth, old, &error));
  g_assert_true (ews_auth_storage_signing_key_insert (auth, first, &error));
  g_assert_no_error (error);

  /* One current key: a second server's first key is refused. */
  g_assert_false (ews_auth_storage_signing_key_insert (auth, second, &error));
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);

  current = ews_auth_storage_signing_key_get_current (auth, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (current->kid, ==, "first");
  g_assert_cmpstr (current->private_pem, ==, "private first");
  g_assert_cmpstr (current->public_pem, ==, "public first");
  g_assert_cmpint (current->retired_at, ==, 0);

  g_assert_true (ews_auth_storage_signing_keys_retire (auth, 300, &error));
  g_assert_true (ews_auth_storage_signing_key_insert (auth, second, &error));
  g_assert_no_error (error);

  got = ews_auth_storage_signing_key_get (auth, "first", &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->retired_at, ==, 300);

  /* Newest first; made in the same second, the later one first. */
  keys = ews_auth_storage_signing_keys_all (auth, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 3);
  g_assert_cmpstr (((EwsSigningKey *)keys->pdata[0])->kid, ==, "second");
  g_assert_cmpstr (((EwsSigningKey *)keys->pdata[1])->kid, ==, "first");
  g_assert_cmpstr (((EwsSigningKey *)keys->pdata[2])->kid, ==, "old");

  /* Only the retired go, and only those retired before. */
  g_assert_true (ews_auth_storage_signing_keys_prune (auth, 300, &error));
  g_assert_no_error (error);
  pruned = ews_auth_storage_signing_keys_all (auth, &error);
  g_assert_cmpuint (pruned->len, ==, 2);
  g_assert_cmpstr (((EwsSigningKey *)pruned->pdata[0])->kid, ==, "second");
  g_assert_cmpstr (((EwsSigningKey *)pruned->pdata[1])->kid, ==, "first");

  g_clear_pointer (&got, ews_signing_key_free);
  got = ews_auth_storage_signing_key_get (auth, "old", &error);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_NOT_FOUND);
}

/* --- the mail outbox (EwsMailStorage) ------------------------------------ */

static void
add_mail (EwsStorage *storage,
          const char *recipient,
          gint64      now)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = g_strdup_printf ("To: %s\r\n\r\nHello", recipient);

  g_assert_true (ews_mail_storage_outbox_add (EWS_MAIL_STORAGE (storage), "site@example.com", recipient, data,
                                              now, &error));
  g_assert_no_error (error);
}

static void
assert_pending (EwsStorage *storage,
                gint64      count,
                gint64      oldest_created_at)
{
  g_autoptr(GError) error = NULL;
  gint64 pending = -1;
  gint64 oldest = -1;

  g_assert_true (ews_mail_storage_outbox_pending (EWS_MAIL_STORAGE (storage), &pending, &oldest, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pending, ==, count);
  g_assert_cmpint (oldest, ==, oldest_created_at);
}

static void
test_outbox (Fixture      *fixture,
             gconstpointer data)
{
  EwsMailStorage *outbox = EWS_MAIL_STORAGE (fixture->storage);
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsOutboxMail) first = NULL;
  g_autoptr(EwsOutboxMail) second = NULL;
  g_autoptr(EwsOutboxMail) retried = NULL;
  g_autoptr(EwsOutboxMail) none = NULL;
  gboolean any = TRUE;
  gint64   when = -1;

  g_assert_true (ews_mail_storage_outbox_next_time (outbox, &any, &when, &error));
  g_assert_false (any);
  none = ews_mail_storage_outbox_next_due (outbox, 1000, &error);
  g_assert_null (none);
  g_assert_no_error (error);
  assert_pending (fixture->storage, 0, 0);

  add_mail (fixture->storage, "ann@example.com", 1000);
  add_mail (fixture->storage, "bob@example.com", 1001);
  assert_pending (fixture->storage, 2, 1000);
  g_assert_true (ews_mail_storage_outbox_next_time (outbox, &any, &when, &error));
  g_assert_true (any);
  g_assert_cmpint (when, ==, 1000);

  /* Not before it was written; then oldest first. */
  none = ews_mail_storage_outbox_next_due (outbox, 999, &error);
  g_assert_null (none);
  g_assert_no_error (error);
  first = ews_mail_storage_outbox_next_due (outbox, 1002, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->recipient, ==, "ann@example.com");
  g_assert_cmpstr (first->sender, ==, "site@example.com");
  g_assert_cmpstr (first->data, ==, "To: ann@example.com\r\n\r\nHello");
  g_assert_cmpuint (first->attempts, ==, 0);

  /* A retry waits its turn and keeps its count. */
  g_assert_true (ews_mail_storage_outbox_mark_retry (outbox, first->mail_id, 1, 1010, "421 busy", &error));
  g_assert_no_error (error);
  second = ews_mail_storage_outbox_next_due (outbox, 1002, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->recipient, ==, "bob@example.com");
  g_assert_true (ews_mail_storage_outbox_mark_sent (outbox, second->mail_id, 1003, &error));
  g_assert_no_error (error);
  assert_pending (fixture->storage, 1, 1000);

  g_assert_true (ews_mail_storage_outbox_next_time (outbox, &any, &when, &error));
  g_assert_true (any);
  g_assert_cmpint (when, ==, 1010);
  g_clear_pointer (&none, ews_outbox_mail_free);
  none = ews_mail_storage_outbox_next_due (outbox, 1009, &error);
  g_assert_null (none);
  retried = ews_mail_storage_outbox_next_due (outbox, 1010, &error);
  g_assert_no_error (error);
  g_assert_cmpint (retried->mail_id, ==, first->mail_id);
  g_assert_cmpuint (retried->attempts, ==, 1);

  /* Given up: no longer pending, and never due again. */
  g_assert_true (ews_mail_storage_outbox_mark_failed (outbox, retried->mail_id, "550 no such user", &error));
  g_assert_no_error (error);
  assert_pending (fixture->storage, 0, 0);
  g_assert_true (ews_mail_storage_outbox_next_time (outbox, &any, &when, &error));
  g_assert_false (any);
  g_clear_pointer (&none, ews_outbox_mail_free);
  none = ews_mail_storage_outbox_next_due (outbox, 100000, &error);
  g_assert_null (none);
  g_assert_no_error (error);
}

/* A reservation and its mail commit together, or neither does. */
static void
test_outbox_in_transaction (Fixture      *fixture,
                            gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ews_storage_begin (fixture->storage, &error));
  add_mail (fixture->storage, "ann@example.com", 1000);
  ews_storage_rollback (fixture->storage);
  assert_pending (fixture->storage, 0, 0);

  g_assert_true (ews_storage_begin (fixture->storage, &error));
  add_mail (fixture->storage, "ann@example.com", 1000);
  g_assert_true (ews_storage_commit (fixture->storage, &error));
  g_assert_no_error (error);
  assert_pending (fixture->storage, 1, 1000);
}

/* --- PostgreSQL only ----------------------------------------------------- */

static PGconn *
connect_or_fail (const char *uri)
{
  PGconn *conn = PQconnectdb (uri);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

static gint64
query_int (const char *uri,
           const char *sql)
{
  PGconn   *conn = connect_or_fail (uri);
  PGresult *result = PQexec (conn, sql);
  gint64    value;

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  PQfinish (conn);

  return value;
}

typedef struct
{
  const char *uri;
  GMutex      lock;
  GCond       go_changed;
  gboolean    go;
} RaceStart;

/* All the threads wait here and are let go together, so that they race. */
static void
wait_for_start (RaceStart *start)
{
  g_mutex_lock (&start->lock);
  while (!start->go)
    g_cond_wait (&start->go_changed, &start->lock);
  g_mutex_unlock (&start->lock);
}

static void
let_go (RaceStart *start)
{
  g_mutex_lock (&start->lock);
  start->go = TRUE;
  g_cond_broadcast (&start->go_changed);
  g_mutex_unlock (&start->lock);
}

static gpointer
open_storage_thread (gpointer data)
{
  RaceStart *start = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsStorage) storage = NULL;

  wait_for_start (start);
  storage = ews_storage_pg_open (start->uri, 1, &error);

  return error != NULL ? g_strdup (error->message) : NULL;
}

/* Servers that start together on a new database: one migrates, the others
 * find it done (without the lock, the second CREATE TABLE would fail). */
static void
test_concurrent_migrations (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = ews_test_postgres_new_database (postgres, &error);
  RaceStart        start = { 0 };
  GThread         *threads[4];
  gint64           n_steps;

  g_assert_no_error (error);
  start.uri = uri;
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("migrate", open_storage_thread, &start);
  let_go (&start);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autofree char *failure = g_thread_join (threads[i]);

      g_assert_cmpstr (failure, ==, NULL);
    }

  n_steps = query_int (uri, "SELECT count(*) FROM ews_schema_migrations");
  g_assert_cmpint (n_steps, >=, 1);
  g_assert_cmpint (n_steps, ==, query_int (uri, "SELECT max(version) FROM ews_schema_migrations"));
  g_assert_cmpint (query_int (uri, "SELECT count(*) FROM lists"), ==, 0);
}

/* A database from a newer server is left alone, with a message that says
 * what to do. */
static void
test_newer_schema_is_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = ews_test_postgres_new_database (postgres, &error);
  g_autoptr(EwsStorage) storage = ews_storage_pg_open (uri, 1, &error);
  PGconn   *conn;
  PGresult *result;

  g_assert_no_error (error);
  g_clear_object (&storage);

  conn = connect_or_fail (uri);
  result = PQexec (conn, "INSERT INTO ews_schema_migrations (version, applied_at) VALUES (9999, 0)");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  PQfinish (conn);

  storage = ews_storage_pg_open (uri, 1, &error);
  g_assert_null (storage);
  g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "9999"));
  g_assert_nonnull (strstr (error->message, "newer"));
}

/* An archive by another server waits for an edit that checked the list
 * was not archived, until the edit is committed: it cannot land between
 * the check and the write. */
typedef struct
{
  const char *uri;
  gint        done;
  GError     *error;
} ArchiveStart;

static gpointer
archive_thread (gpointer data)
{
  ArchiveStart *start = data;
  g_autoptr(EwsStorage) storage = ews_storage_pg_open (start->uri, 1, &start->error);

  if (storage != NULL)
    ews_storage_list_set_archived (storage, "a", 7, NULL, &start->error);
  g_atomic_int_set (&start->done, TRUE);
  return NULL;
}

static void
test_archive_waits_for_edit (Fixture      *fixture,
                             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsList) stored = NULL;
  ArchiveStart start = { fixture->uri, FALSE, NULL };
  EwsList      changed = { 0 };
  GThread     *thread;

  insert_list (fixture->storage, "a", "owner", 1);
  g_assert_true (ews_storage_begin (fixture->storage, &error));
  g_assert_true (ews_storage_list_lock_editable (fixture->storage, "a", &error));
  g_assert_no_error (error);

  thread = g_thread_new ("archive", archive_thread, &start);
  /* Until the archive is seen waiting for the row's lock: a condition,
   * not a time. Without the lock it would archive at once, and never. */
  while (query_int (fixture->uri, "SELECT count(*) FROM pg_locks WHERE NOT granted") == 0)
    g_assert_false (g_atomic_int_get (&start.done));

  changed.list_id = (char *)"a";
  changed.title = (char *)"Edited before the archive";
  g_assert_true (ews_storage_list_update (fixture->storage, &changed, &error));
  g_assert_true (ews_storage_commit (fixture->storage, &error));
  g_assert_no_error (error);

  g_thread_join (thread);
  g_assert_no_error (start.error);
  stored = ews_storage_list_get (fixture->storage, "a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->title, ==, "Edited before the archive");
  g_assert_cmpint (stored->archived_at, ==, 7);
}

/* A database restarted under a server (here: its connections ended) costs
 * at most the statement that finds out, told it is unavailable (503), not
 * every one after it. */
static void
test_reconnects (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  PGconn   *admin = connect_or_fail (fixture->uri);
  PGresult *result;
  gboolean  found = FALSE;

  insert_list (fixture->storage, "list", "owner", 1);

  result = PQexec (admin, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                          "WHERE datname = current_database () AND pid != pg_backend_pid ()");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (result), ==, N_CONNECTIONS);
  PQclear (result);
  PQfinish (admin);

  for (guint attempt = 0; attempt < 2 && !found; attempt++)
    {
      g_autoptr(EwsList) list = ews_storage_list_get (fixture->storage, "list", &error);

      if (list == NULL)
        {
          g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_UNAVAILABLE);
          g_clear_error (&error);
        }
      found = list != NULL;
    }

  g_assert_true (found);
}

/* --- statements prepared per connection ---------------------------------- */

#define HOT_STATEMENTS "ews_account_get,ews_gifts_for_list,ews_list_get,ews_list_version"

typedef struct
{
  EwsStoragePg *storage;
  GMutex        lock;
  GCond         changed;
  guint         holding; /* threads holding a connection */
  GPtrArray    *seen;    /* "pid statement,statement,…", one a connection */
} PreparedCheck;

/* Holds a connection of the pool until every thread holds one, so that
 * each thread looks at its own, then lists what its session has prepared. */
static gpointer
prepared_check_thread (gpointer data)
{
  PreparedCheck   *check = data;
  EwsPgConnection *connection = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* A session ended by the database may look alive until a statement
   * fails on it; the pool makes it again when it is next taken. */
  for (guint attempt = 0; attempt <= N_CONNECTIONS && connection == NULL; attempt++)
    {
      g_autoptr(PGresult) alive = NULL;

      connection = ews_pg_acquire (check->storage);
      alive = ews_pg_exec (connection, "SELECT 1", 0, NULL, &error);
      if (alive == NULL)
        {
          g_assert_error (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_UNAVAILABLE);
          g_clear_error (&error);
          ews_pg_release (check->storage, g_steal_pointer (&connection));
        }
    }
  g_assert_nonnull (connection);

  g_mutex_lock (&check->lock);
  check->holding++;
  g_cond_broadcast (&check->changed);
  while (check->holding < N_CONNECTIONS)
    g_cond_wait (&check->changed, &check->lock);
  g_mutex_unlock (&check->lock);

  result = ews_pg_exec (connection,
                        "SELECT pg_backend_pid () || ' ' || COALESCE ((SELECT string_agg (name, ',' ORDER BY name) "
                        "FROM pg_prepared_statements), '')",
                        0, NULL, &error);
  g_assert_no_error (error);

  g_mutex_lock (&check->lock);
  g_ptr_array_add (check->seen, g_strdup (PQgetvalue (result, 0, 0)));
  g_mutex_unlock (&check->lock);

  ews_pg_release (check->storage, connection);
  return NULL;
}

static void
assert_prepared_on_every_connection (EwsStorage *storage)
{
  PreparedCheck check = { .storage = EWS_STORAGE_PG (storage) };
  GThread      *threads[N_CONNECTIONS];
  g_autoptr(GHashTable) pids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_mutex_init (&check.lock);
  g_cond_init (&check.changed);
  check.seen = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_CONNECTIONS; i++)
    threads[i] = g_thread_new ("prepared-check", prepared_check_thread, &check);
  for (guint i = 0; i < N_CONNECTIONS; i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (check.seen->len, ==, N_CONNECTIONS);
  for (guint i = 0; i < check.seen->len; i++)
    {
      const char *seen = g_ptr_array_index (check.seen, i);
      const char *names = strchr (seen, ' ');

      g_assert_nonnull (names);
      g_assert_cmpstr (names + 1, ==, HOT_STATEMENTS);
      g_hash_table_add (pids, g_strndup (seen, names - seen));
    }
  /* One session each: the names are per connection. */
  g_assert_cmpuint (g_hash_table_size (pids), ==, N_CONNECTIONS);

  g_ptr_array_unref (check.seen);
  g_cond_clear (&check.changed);
  g_mutex_clear (&check.lock);
}

static gint64
read_version (EwsStorage *storage,
              const char *list_id)
{
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  g_assert_true (ews_storage_list_version (storage, list_id, &version, &error));
  g_assert_no_error (error);
  return version;
}

/* The hot path's statements are prepared on each connection of the pool
 * when it opens, and again on each connection made again after the
 * database ended the old sessions (a restart), without a request failing
 * for want of them. */
static void
test_statements_prepared_per_connection (Fixture      *fixture,
                                         gconstpointer data)
{
  PGconn   *admin = connect_or_fail (fixture->uri);
  PGresult *result;
  gint64    deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gboolean  gone = FALSE;
  gint64    version;

  insert_list (fixture->storage, "list", "owner", 1);
  version = read_version (fixture->storage, "list");
  g_assert_cmpint (version, >, 0);
  assert_prepared_on_every_connection (fixture->storage);

  result = PQexec (admin, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                          "WHERE datname = current_database () AND pid != pg_backend_pid ()");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (result), ==, N_CONNECTIONS);
  PQclear (result);

  /* Ended, not merely told to end: the pool then sees each connection
   * closed when it next takes it, and makes it again. */
  while (!gone && g_get_monotonic_time () < deadline)
    {
      result = PQexec (admin, "SELECT count (*) FROM pg_stat_activity "
                              "WHERE datname = current_database () AND pid != pg_backend_pid ()");
      g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
      gone = g_str_equal (PQgetvalue (result, 0, 0), "0");
      PQclear (result);
      if (!gone)
        g_usleep (10 * 1000);
    }
  PQfinish (admin);
  g_assert_true (gone);

  assert_prepared_on_every_connection (fixture->storage);
  g_assert_cmpint (read_version (fixture->storage, "list"), ==, version);
  insert_list (fixture->storage, "other", "owner", 2);
  g_assert_cmpint (read_version (fixture->storage, "other"), >, 0);
}

/* --- versions kept while every change is heard ---------------------------- */

static void
admin_exec (PGconn     *admin,
            const char *sql)
{
  PGresult *result = PQexec (admin, sql);

  g_assert_cmpint (PQresultStatus (result), !=, PGRES_FATAL_ERROR);
  PQclear (result);
}

/* Runs the main loop (where the listener hears notices) until @list_id's
 * version reads other than @old, for at most 30 s; the version read. */
static gint64
wait_for_version_other_than (EwsStorage *storage,
                             const char *list_id,
                             gint64      old)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gint64 version = read_version (storage, list_id);

  while (version == old && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      version = read_version (storage, list_id);
    }

  return version;
}

static void
wait_for_listening (EwsStoragePg *storage,
                    gboolean      listening)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (ews_storage_pg_trusts_kept_versions (storage) != listening && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ews_storage_pg_trusts_kept_versions (storage), ==, listening);
}

/* A list's version is read from PostgreSQL once, then kept while the
 * server hears every change (the version triggers NOTIFY): a change made
 * elsewhere (another server, or psql) is seen once its notice arrives, a
 * write of this server's at once, and while the notice connection is down
 * every read is a round trip again. The version row is bumped behind the
 * triggers' back here to tell a kept version from a read one. */
static void
test_versions_kept_while_listening (Fixture      *fixture,
                                    gconstpointer data)
{
  EwsStoragePg *storage = EWS_STORAGE_PG (fixture->storage);
  PGconn       *admin = connect_or_fail (fixture->uri);
  gint64        version;
  gint64        changed;

  insert_list (fixture->storage, "list", "owner", 1);
  /* Without a listener nothing is kept. */
  g_assert_false (ews_storage_pg_trusts_kept_versions (storage));
  version = read_version (fixture->storage, "list");
  admin_exec (admin, "UPDATE list_versions SET version = version + 100 WHERE list_id = 'list'");
  g_assert_cmpint (read_version (fixture->storage, "list"), ==, version + 100);

  ews_storage_watch_changes (fixture->storage);
  g_assert_true (ews_storage_pg_trusts_kept_versions (storage));
  version = read_version (fixture->storage, "list");
  admin_exec (admin, "UPDATE list_versions SET version = version + 100 WHERE list_id = 'list'");
  g_assert_cmpint (read_version (fixture->storage, "list"), ==, version);

  /* A change by another connection: its trigger's notice forgets it. */
  admin_exec (admin, "UPDATE lists SET title = 'Renamed' WHERE list_id = 'list'");
  changed = wait_for_version_other_than (fixture->storage, "list", version);
  g_assert_cmpint (changed, >, version + 100);

  /* This server's own write: read at once, no notice waited for. */
  insert_list (fixture->storage, "other", "owner", 2);
  version = read_version (fixture->storage, "other");
  g_assert_true (ews_storage_list_close (fixture->storage, "other", NULL));
  g_assert_cmpint (read_version (fixture->storage, "other"), >, version);

  /* The notice connection ended: nothing is kept until it is back, and
   * a change whose notice was lost meanwhile is read. */
  version = read_version (fixture->storage, "list");
  g_test_expect_message ("ews-storage-pg", G_LOG_LEVEL_WARNING, "Lost the PostgreSQL connection*");
  admin_exec (admin, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                     "WHERE datname = current_database () AND query LIKE 'LISTEN%'");
  wait_for_listening (storage, FALSE);
  admin_exec (admin, "UPDATE list_versions SET version = version + 100 WHERE list_id = 'list'");
  g_assert_cmpint (read_version (fixture->storage, "list"), ==, version + 100);

  /* Back (after a quarter of a second): kept again. */
  wait_for_listening (storage, TRUE);
  g_test_assert_expected_messages ();
  version = read_version (fixture->storage, "list");
  admin_exec (admin, "UPDATE list_versions SET version = version + 100 WHERE list_id = 'list'");
  g_assert_cmpint (read_version (fixture->storage, "list"), ==, version);

  PQfinish (admin);
}

#define N_GUESTS 50
#define N_WANTED 3

typedef struct
{
  RaceStart  *start;
  EwsStorage *storage;
  guint       index;
} Guest;

/* Returns 1 for a reservation made, 2 for one refused because the gift is
 * taken, 0 for anything else — a refusal from the table's CHECK, say,
 * which would mean the code decided without seeing the others' counts. */
static gpointer
reserve_thread (gpointer data)
{
  Guest *guest = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsReservation) reservation = NULL;
  g_autofree char *user = g_strdup_printf ("guest-%u", guest->index);

  wait_for_start (guest->start);
  reservation = reserve (guest->storage, user, 1, TRUE, &error);

  if (reservation != NULL)
    return GUINT_TO_POINTER (1);
  if (g_error_matches (error, EWS_STORAGE_ERROR, EWS_STORAGE_ERROR_CONFLICT) &&
      g_strcmp0 (error->message, "This gift is already fully reserved.") == 0)
    return GUINT_TO_POINTER (2);
  g_printerr ("%s: %s\n", user, error->message);
  return GUINT_TO_POINTER (0);
}

/* Fifty guests at once for three units, through a pool of connections as a
 * server has (and so many transactions at once in PostgreSQL): three get
 * one, the others are told it is taken. */
static void
test_concurrent_reservations (Fixture      *fixture,
                              gconstpointer data)
{
  RaceStart start = { 0 };
  Guest     guests[N_GUESTS];
  GThread  *threads[N_GUESTS];
  guint     n_reserved = 0;
  guint     n_refused = 0;
  g_autoptr(GPtrArray) reservations = NULL;

  insert_list (fixture->storage, "list", "owner", 1);
  insert_gift (fixture->storage, "list", "product", N_WANTED);

  for (guint i = 0; i < N_GUESTS; i++)
    {
      guests[i] = (Guest) { &start, fixture->storage, i };
      threads[i] = g_thread_new ("guest", reserve_thread, &guests[i]);
    }
  let_go (&start);

  for (guint i = 0; i < N_GUESTS; i++)
    {
      guint outcome = GPOINTER_TO_UINT (g_thread_join (threads[i]));

      n_reserved += outcome == 1;
      n_refused += outcome == 2;
    }

  g_assert_cmpuint (n_reserved, ==, N_WANTED);
  g_assert_cmpuint (n_refused, ==, N_GUESTS - N_WANTED);
  assert_counts (fixture->storage, "list", "product", N_WANTED, 0);
  reservations = ews_storage_reservations_for_list (fixture->storage, "list", NULL);
  g_assert_cmpuint (reservations->len, ==, N_WANTED);
}

#define N_MAILS 40
#define N_SERVERS 2

typedef struct
{
  RaceStart  *start;
  EwsStorage *storage;
  GArray     *claimed; /* of gint64 */
} Sender;

/* Claims mail until none is left, as a server's sender would (without
 * marking it: the claim alone must keep the others off). */
static gpointer
claim_thread (gpointer data)
{
  Sender *sender = data;

  wait_for_start (sender->start);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EwsOutboxMail) mail = ews_mail_storage_outbox_next_due (EWS_MAIL_STORAGE (sender->storage), 2000,
                                                                         &error);

      g_assert_no_error (error);
      if (mail == NULL)
        break;
      g_array_append_val (sender->claimed, mail->mail_id);
    }

  return NULL;
}

/* Two servers (two storage objects, each with its pool) take the outbox at
 * once: every mail goes to one of them, none to both. */
static void
test_outbox_claims_are_exclusive (Fixture      *fixture,
                                  gconstpointer data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  RaceStart start = { 0 };
  Sender    senders[N_SERVERS];
  GThread  *threads[N_SERVERS];

  for (guint i = 0; i < N_MAILS; i++)
    {
      g_autofree char *recipient = g_strdup_printf ("guest-%u@example.com", i);

      add_mail (fixture->storage, recipient, 1000);
    }

  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_autoptr(GError) error = NULL;

      senders[i].start = &start;
      senders[i].storage = ews_storage_pg_open (fixture->uri, N_CONNECTIONS, &error);
      g_assert_no_error (error);
      senders[i].claimed = g_array_new (FALSE, FALSE, sizeof (gint64));
      threads[i] = g_thread_new ("sender", claim_thread, &senders[i]);
    }
  let_go (&start);

  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_thread_join (threads[i]);
      for (guint m = 0; m < senders[i].claimed->len; m++)
        {
          gint64 *mail_id = g_memdup2 (&g_array_index (senders[i].claimed, gint64, m), sizeof (gint64));

          g_assert_false (g_hash_table_contains (seen, mail_id));
          g_hash_table_add (seen, mail_id);
        }
      g_test_message ("server %u claimed %u mails", i, senders[i].claimed->len);
      g_array_unref (senders[i].claimed);
      g_object_unref (senders[i].storage);
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, N_MAILS);
  /* Claimed is not sent: all still pending, for whoever outlives a crash. */
  assert_pending (fixture->storage, N_MAILS, 1000);
}

/* A server that claimed a mail and died (it never marks it): the mail is
 * due again for another server once the lease has passed, not before, and
 * is then sent once. */
static void
test_outbox_expired_lease_is_reclaimed (Fixture      *fixture,
                                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsStorage) dead = ews_storage_pg_open (fixture->uri, 1, &error);
  g_autoptr(EwsOutboxMail) claimed = NULL;
  g_autoptr(EwsOutboxMail) during_lease = NULL;
  g_autoptr(EwsOutboxMail) reclaimed = NULL;
  g_autoptr(EwsOutboxMail) after_sent = NULL;
  EwsMailStorage *survivor = EWS_MAIL_STORAGE (fixture->storage);
  gboolean        any = FALSE;
  gint64          when = 0;

  g_assert_no_error (error);
  add_mail (fixture->storage, "ann@example.com", 1000);

  claimed = ews_mail_storage_outbox_next_due (EWS_MAIL_STORAGE (dead), 1000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (claimed);
  g_clear_object (&dead);

  during_lease = ews_mail_storage_outbox_next_due (survivor, 1000 + EWS_STORAGE_PG_MAIL_LEASE_SECONDS - 1, &error);
  g_assert_null (during_lease);
  g_assert_no_error (error);

  /* The survivor's sender knows when to look again. */
  g_assert_true (ews_mail_storage_outbox_next_time (survivor, &any, &when, &error));
  g_assert_true (any);
  g_assert_cmpint (when, ==, 1000 + EWS_STORAGE_PG_MAIL_LEASE_SECONDS);

  reclaimed = ews_mail_storage_outbox_next_due (survivor, 1000 + EWS_STORAGE_PG_MAIL_LEASE_SECONDS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reclaimed);
  g_assert_cmpint (reclaimed->mail_id, ==, claimed->mail_id);
  g_assert_cmpstr (reclaimed->data, ==, claimed->data);

  g_assert_true (ews_mail_storage_outbox_mark_sent (survivor, reclaimed->mail_id, 1400, &error));
  after_sent = ews_mail_storage_outbox_next_due (survivor, 1000 + 10 * EWS_STORAGE_PG_MAIL_LEASE_SECONDS, &error);
  g_assert_null (after_sent);
  g_assert_no_error (error);
  assert_pending (fixture->storage, 0, 0);
}

typedef struct
{
  RaceStart *start;
  GBytes    *secret;
} SecretLoader;

static gpointer
load_secret_thread (gpointer data)
{
  SecretLoader *loader = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EwsStorage) storage = NULL;

  wait_for_start (loader->start);
  storage = ews_storage_pg_open (loader->start->uri, 1, &error);
  g_assert_no_error (error);
  g_assert_true (ews_storage_pg_load_or_create_secret (EWS_STORAGE_PG (storage), "form", &loader->secret, &error));
  g_assert_no_error (error);

  return NULL;
}

/* Servers starting together on a new database: one secret is created, and
 * every one of them has it, as has a server started later. */
static void
test_shared_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = ews_test_postgres_new_database (postgres, &error);
  g_autoptr(EwsStorage) later = NULL;
  g_autoptr(GBytes) later_secret = NULL;
  g_autoptr(GBytes) other_secret = NULL;
  RaceStart    start = { 0 };
  SecretLoader loaders[4];
  GThread     *threads[4];

  g_assert_no_error (error);
  start.uri = uri;
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      loaders[i] = (SecretLoader) { &start, NULL };
      threads[i] = g_thread_new ("secret", load_secret_thread, &loaders[i]);
    }
  let_go (&start);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (g_bytes_get_size (loaders[0].secret), >=, 32);
  for (guint i = 1; i < G_N_ELEMENTS (loaders); i++)
    g_assert_true (g_bytes_equal (loaders[i].secret, loaders[0].secret));
  g_assert_cmpint (query_int (uri, "SELECT count(*) FROM server_secrets"), ==, 1);

  later = ews_storage_pg_open (uri, 1, &error);
  g_assert_no_error (error);
  g_assert_true (ews_storage_pg_load_or_create_secret (EWS_STORAGE_PG (later), "form", &later_secret, &error));
  g_assert_true (g_bytes_equal (later_secret, loaders[0].secret));

  /* Each name is a secret of its own. */
  g_assert_true (ews_storage_pg_load_or_create_secret (EWS_STORAGE_PG (later), "other", &other_secret, &error));
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (other_secret, loaders[0].secret));

  for (guint i = 0; i < G_N_ELEMENTS (loaders); i++)
    g_bytes_unref (loaders[i].secret);
}

static void
test_postgres_missing (void)
{
  g_test_skip ("PostgreSQL 15 is not installed: its backend is not tested.");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const struct
  {
    const char *name;
    void (*func) (Fixture *, gconstpointer);
  } cases[] = {
    { "nested-transactions", test_nested_transactions },
    { "refused-statement-keeps-transaction", test_refused_statement_keeps_transaction },
    { "lists", test_lists },
    { "list-delete", test_list_delete },
    { "list-lock-editable", test_list_lock_editable },
    { "gifts", test_gifts },
    { "reserve", test_reserve },
    { "unlimited-gifts", test_unlimited_gifts },
    { "most-wanted-gifts", test_most_wanted_gifts },
    { "list-currency", test_list_currency },
    { "reservation-changes", test_reservation_changes },
    { "unconfirmed-reservations", test_unconfirmed_reservations },
    { "products", test_products },
    { "admins", test_admins },
    { "contact-and-idempotency", test_contact_and_idempotency },
    { "rate-limits", test_rate_limits },
    { "accounts", test_accounts },
    { "account-language-and-srp", test_account_language_and_srp },
    { "codes", test_codes },
    { "sessions", test_sessions },
    { "sign-in-failures", test_sign_in_failures },
    { "signing-keys", test_signing_keys },
    { "oauth2-upstream", test_oauth2_upstream },
    { "outbox", test_outbox },
    { "outbox-in-transaction", test_outbox_in_transaction },
  };
  const struct
  {
    const char *name;
    Backend     backend;
  } backends[] = {
    { "sqlite", BACKEND_SQLITE },
    { "postgresql", BACKEND_POSTGRESQL },
  };
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  postgres = ews_test_postgres_start (&error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_test_message ("%s", error->message);
  else
    g_assert_no_error (error);

  for (guint b = 0; b < G_N_ELEMENTS (backends); b++)
    {
      if (backends[b].backend == BACKEND_POSTGRESQL && postgres == NULL)
        continue;

      for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
        {
          g_autofree char *path = g_strdup_printf ("/server/storage-backends/%s/%s", backends[b].name,
                                                   cases[c].name);

          g_test_add (path, Fixture, GINT_TO_POINTER (backends[b].backend), fixture_set_up, cases[c].func,
                      fixture_tear_down);
        }
    }

  if (postgres != NULL)
    {
      g_test_add_func ("/server/storage-pg/concurrent-migrations", test_concurrent_migrations);
      g_test_add_func ("/server/storage-pg/newer-schema-is-refused", test_newer_schema_is_refused);
      g_test_add_func ("/server/storage-pg/shared-secret", test_shared_secret);
      g_test_add ("/server/storage-pg/archive-waits-for-edit", Fixture, GINT_TO_POINTER (BACKEND_POSTGRESQL),
                  fixture_set_up, test_archive_waits_for_edit, fixture_tear_down);
      g_test_add ("/server/storage-pg/reconnects", Fixture, GINT_TO_POINTER (BACKEND_POSTGRESQL), fixture_set_up,
                  test_reconnects, fixture_tear_down);
      g_test_add ("/server/storage-pg/versions-kept-while-listening", Fixture,
                  GINT_TO_POINTER (BACKEND_POSTGRESQL), fixture_set_up, test_versions_kept_while_listening,
                  fixture_tear_down);
      g_test_add ("/server/storage-pg/statements-prepared-per-connection", Fixture,
                  GINT_TO_POINTER (BACKEND_POSTGRESQL), fixture_set_up, test_statements_prepared_per_connection,
                  fixture_tear_down);
      g_test_add ("/server/storage-pg/concurrent-reservations", Fixture, GINT_TO_POINTER (BACKEND_POSTGRESQL),
                  fixture_set_up, test_concurrent_reservations, fixture_tear_down);
      g_test_add ("/server/storage-pg/outbox-claims-are-exclusive", Fixture, GINT_TO_POINTER (BACKEND_POSTGRESQL),
                  fixture_set_up, test_outbox_claims_are_exclusive, fixture_tear_down);
      g_test_add ("/server/storage-pg/outbox-expired-lease-is-reclaimed", Fixture,
                  GINT_TO_POINTER (BACKEND_POSTGRESQL), fixture_set_up, test_outbox_expired_lease_is_reclaimed,
                  fixture_tear_down);
    }
  else
    {
      g_test_add_func ("/server/storage-pg/postgresql-missing", test_postgres_missing);
    }

  status = g_test_run ();
  g_clear_pointer (&postgres, ews_test_postgres_stop);

  return status;
}
