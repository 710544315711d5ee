/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-sqlite"

#include "config.h"

#include "ews-storage-sqlite-private.h"

/* The schema's history, oldest first. PRAGMA user_version holds how many of
 * these steps a database has had; at start the missing ones run in order,
 * each in its own transaction together with the user_version bump.
 *
 * APPEND ONLY: never edit or reorder a step that has shipped — databases out
 * there already ran it. To change the schema, add a step at the end. (Auth:
 * users, refresh tokens and the mail outbox go in new steps here too.) */
const char * const ews_sqlite_migrations[] = {
  /* 1: lists, gifts, reservations, products, contact messages, idempotency */
  "CREATE TABLE lists ("
  "  list_id     TEXT PRIMARY KEY,"
  "  owner_id    TEXT NOT NULL,"
  "  title       TEXT NOT NULL,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  occasion    TEXT NOT NULL DEFAULT '',"
  "  image_url   TEXT NOT NULL DEFAULT '',"
  "  event_date  TEXT,"
  "  state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),"
  "  created_at  INTEGER NOT NULL"
  ");"
  "CREATE INDEX lists_by_owner ON lists (owner_id);"
  /* gift_id lets reservations outlive a deleted gift (see gift_delete) without
   * ever being counted against a gift re-added later with the same product. */
  "CREATE TABLE gifts ("
  "  gift_id     INTEGER PRIMARY KEY,"
  "  list_id     TEXT NOT NULL REFERENCES lists (list_id) ON DELETE CASCADE,"
  "  product_id  TEXT NOT NULL,"
  "  type        TEXT NOT NULL CHECK (type IN ('products', 'notfound')),"
  "  quantity    INTEGER NOT NULL CHECK (quantity >= 1),"
  "  reserved    INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),"
  "  purchased   INTEGER NOT NULL DEFAULT 0 CHECK (purchased >= 0),"
  "  notes       TEXT,"
  "  CHECK (reserved + purchased <= quantity),"
  "  UNIQUE (list_id, product_id)"
  ");"
  "CREATE INDEX gifts_by_product ON gifts (product_id);"
  "CREATE TABLE reservations ("
  "  reservation_id TEXT PRIMARY KEY,"
  "  list_id        TEXT NOT NULL REFERENCES lists (list_id) ON DELETE CASCADE,"
  "  gift_id        INTEGER REFERENCES gifts (gift_id) ON DELETE SET NULL,"
  "  product_id     TEXT NOT NULL,"
  "  product_type   TEXT NOT NULL,"
  "  user_id        TEXT NOT NULL,"
  "  name           TEXT NOT NULL,"
  "  email          TEXT NOT NULL,"
  "  quantity       INTEGER NOT NULL CHECK (quantity >= 1),"
  "  state          TEXT NOT NULL CHECK (state IN ('reserved', 'purchased', 'cancelled')),"
  "  reserved_at    INTEGER NOT NULL"
  ");"
  "CREATE INDEX reservations_by_list ON reservations (list_id);"
  "CREATE INDEX reservations_by_gift ON reservations (gift_id);"
  "CREATE INDEX reservations_by_user ON reservations (user_id);"
  "CREATE INDEX reservations_by_email ON reservations (email);"
  "CREATE TABLE products ("
  "  product_id    TEXT PRIMARY KEY,"
  "  brand         TEXT NOT NULL,"
  "  details       TEXT NOT NULL,"
  "  retailer      TEXT,"
  "  product_url   TEXT NOT NULL,"
  "  image_url     TEXT,"
  "  price         TEXT,"
  "  search_hidden INTEGER NOT NULL DEFAULT 0,"
  "  created_by    TEXT,"
  "  created_at    INTEGER NOT NULL"
  ");"
  "CREATE INDEX products_by_url ON products (product_url);"
  "CREATE TABLE notfound ("
  "  product_id    TEXT PRIMARY KEY,"
  "  brand         TEXT NOT NULL,"
  "  details       TEXT NOT NULL,"
  "  product_url   TEXT NOT NULL,"
  "  image_url     TEXT,"
  "  price         TEXT,"
  "  created_by    TEXT NOT NULL,"
  "  created_at    INTEGER NOT NULL"
  ");"
  "CREATE TABLE contact_messages ("
  "  message_id  INTEGER NOT NULL,"
  "  name        TEXT NOT NULL,"
  "  email       TEXT NOT NULL,"
  "  message     TEXT NOT NULL,"
  "  created_at  INTEGER NOT NULL"
  ");"
  "CREATE TABLE idempotency_keys ("
  "  scope        TEXT NOT NULL,"
  "  key          TEXT NOT NULL,"
  "  fingerprint  TEXT NOT NULL,"
  "  status       INTEGER NOT NULL,"
  "  body         TEXT NOT NULL,"
  "  created_at   INTEGER NOT NULL,"
  "  PRIMARY KEY (scope, key)"
  ");",

  /* 2: the mail outbox. Sent mail keeps its envelope but loses its text,
   * which may hold a sign-in code. */
  "CREATE TABLE mail_outbox ("
  "  mail_id         INTEGER PRIMARY KEY,"
  "  sender          TEXT NOT NULL,"
  "  recipient       TEXT NOT NULL,"
  "  data            TEXT NOT NULL,"
  "  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),"
  "  attempts        INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER NOT NULL,"
  "  last_error      TEXT,"
  "  created_at      INTEGER NOT NULL,"
  "  sent_at         INTEGER"
  ");"
  "CREATE INDEX mail_outbox_pending ON mail_outbox (state, next_attempt_at);",

  /* 3: sign-in: accounts, e-mailed codes, sessions and throttling. Codes
   * and refresh tokens are stored as SHA-256 hashes, passwords as argon2id. */
  "CREATE TABLE users ("
  "  user_id       TEXT PRIMARY KEY,"
  "  email_key     TEXT NOT NULL UNIQUE,"
  "  email         TEXT NOT NULL,"
  "  name          TEXT NOT NULL DEFAULT '',"
  "  password_hash TEXT NOT NULL,"
  "  confirmed     INTEGER NOT NULL DEFAULT 0,"
  "  created_at    INTEGER NOT NULL"
  ");"
  "CREATE TABLE auth_codes ("
  "  user_id    TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,"
  "  purpose    TEXT NOT NULL CHECK (purpose IN ('sign-up', 'reset')),"
  "  code_hash  TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  attempts   INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (user_id, purpose)"
  ");"
  "CREATE TABLE auth_sessions ("
  "  session_id TEXT PRIMARY KEY,"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  user_id    TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  revoked_at INTEGER"
  ");"
  "CREATE INDEX auth_sessions_by_user ON auth_sessions (user_id);"
  /* Times in milliseconds: lockouts start at one second. */
  "CREATE TABLE sign_in_failures ("
  "  email_key       TEXT PRIMARY KEY,"
  "  failures        INTEGER NOT NULL,"
  "  locked_until    INTEGER NOT NULL,"
  "  last_failure_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE auth_rates ("
  "  key          TEXT NOT NULL,"
  "  kind         TEXT NOT NULL,"
  "  window_start INTEGER NOT NULL,"
  "  count        INTEGER NOT NULL,"
  "  PRIMARY KEY (key, kind)"
  ");",

  /* 4: sign-in failures counted per account and client address, so that a
   * stranger's wrong guesses lock only the stranger out. The counts so far
   * (per account alone) are dropped rather than assigned to an address they
   * did not come from: a lock lasts fifteen minutes at most. */
  "DROP TABLE sign_in_failures;"
  "CREATE TABLE sign_in_failures ("
  "  email_key       TEXT NOT NULL,"
  "  client          TEXT NOT NULL,"
  "  failures        INTEGER NOT NULL,"
  "  locked_until    INTEGER NOT NULL,"
  "  last_failure_at INTEGER NOT NULL,"
  "  PRIMARY KEY (email_key, client)"
  ");",

  /* 5: the site's admins granted with `admin admins add`, by normalized
   * e-mail (those named in the configuration are not stored). */
  "CREATE TABLE admins ("
  "  email      TEXT PRIMARY KEY,"
  "  added_at   INTEGER NOT NULL"
  ");",

  /* 6: rate limits as token buckets, for every route and not only sign-in
   * (ews-rate-limit.h), replacing auth_rates' fixed windows. The windows
   * under way are dropped: they lasted an hour at most. Tokens are fractional,
   * times in milliseconds. */
  "DROP TABLE auth_rates;"
  "CREATE TABLE rate_buckets ("
  "  key        TEXT PRIMARY KEY,"
  "  tokens     REAL NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX rate_buckets_by_age ON rate_buckets (updated_at);",

  /* 7: reservations confirmed by the owner of their address. Anyone may
   * type anyone's address, so a guest's reservation joins the account of
   * that address only once the link mailed there was opened; confirm_key
   * is the secret in that link, dropped once used. Reservations made
   * before this step were mailed links without one and can never be
   * confirmed, so they keep counting as they always did. */
  "ALTER TABLE reservations ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE reservations ADD COLUMN confirm_key TEXT;"
  "CREATE INDEX reservations_unconfirmed ON reservations (list_id, email) WHERE confirmed = 0;",

  /* 8: the keys ID and access tokens are signed with (RS256), shared by
   * every server on this database. The private key is PKCS #8 PEM; kid is
   * the RFC 7638 thumbprint of the public key. One key signs (retired_at
   * NULL, at most one such row); retired ones are kept, and published, until
   * the last token they signed has expired. */
  "CREATE TABLE signing_keys ("
  "  kid         TEXT PRIMARY KEY,"
  "  private_key TEXT NOT NULL,"
  "  public_key  TEXT NOT NULL,"
  "  created_at  INTEGER NOT NULL,"
  "  retired_at  INTEGER"
  ");"
  "CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys ((retired_at IS NULL)) "
  "WHERE retired_at IS NULL;",

  /* 9: where each sign-in came from, so that an account's owner signing in
   * again from a known address is not held to the limit strangers share
   * (the per-account sign-in bucket, ews-auth-sign-in.c). */
  "ALTER TABLE auth_sessions ADD COLUMN client TEXT;"
  "CREATE INDEX auth_sessions_by_user_client ON auth_sessions (user_id, client);",

  /* 10: the currency a product's price is in (ISO 4217), read from the
   * shop's page or chosen with a typed price. NULL: pounds, as the
   * original's prices were. */
  "ALTER TABLE products ADD COLUMN currency TEXT;"
  "ALTER TABLE notfound ADD COLUMN currency TEXT;",

  /* 11: the language an account's mails are written in ("de"), chosen at
   * sign-up; '' for accounts made before, which get English. */
  "ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';",

  /* 12: USER_SRP_AUTH. Each account's salt and verifier (sealed with the
   * server's key: a verifier is as good as a password hash for guessing
   * offline), NULL until the password is next set or used; and the SRP
   * challenges answered, so that a SECRET_BLOCK is good for one answer
   * only. A row is kept until its challenge has expired anyway. */
  "ALTER TABLE users ADD COLUMN srp_salt TEXT;"
  "ALTER TABLE users ADD COLUMN srp_verifier TEXT;"
  "CREATE TABLE srp_challenges_used ("
  "  challenge_id TEXT PRIMARY KEY,"
  "  expires_at   INTEGER NOT NULL"
  ");"
  "CREATE INDEX srp_challenges_used_by_expiry ON srp_challenges_used (expires_at);",

  /* 13: OAuth 2.0 authorization codes of the hosted sign-in (ews-oauth2.c,
   * ews-oauth2-storage.h), by the SHA-256 of the code. A used code stays,
   * with the session its tokens came from, as long as that session can
   * be refreshed. */
  "CREATE TABLE oauth2_codes ("
  "  code_hash      TEXT PRIMARY KEY,"
  "  client_id      TEXT NOT NULL,"
  "  redirect_uri   TEXT NOT NULL,"
  "  code_challenge TEXT NOT NULL,"
  "  nonce          TEXT,"
  "  scope          TEXT NOT NULL,"
  "  user_id        TEXT NOT NULL,"
  "  auth_time      INTEGER NOT NULL,"
  "  created_at     INTEGER NOT NULL,"
  "  expires_at     INTEGER NOT NULL,"
  "  used_at        INTEGER,"
  "  session_id     TEXT"
  ");"
  "CREATE INDEX oauth2_codes_by_session ON oauth2_codes (session_id) WHERE session_id IS NOT NULL;"
  "CREATE INDEX oauth2_codes_by_expiry ON oauth2_codes (expires_at);",
  /* 14: co-owners: the people who share a list with its creator (who stays
   * lists.owner_id), and the invitations mailed to make more. An
   * invitation's secret is kept as its SHA-256 only. Both go with their
   * list. No reference to users: a token from the configured issuer is an
   * account whether or not it signed up here. */
  "CREATE TABLE list_coowners ("
  "  list_id    TEXT NOT NULL REFERENCES lists (list_id) ON DELETE CASCADE,"
  "  user_id    TEXT NOT NULL,"
  "  name       TEXT,"
  "  email      TEXT,"
  "  invited_by TEXT NOT NULL,"
  "  added_at   INTEGER NOT NULL,"
  "  PRIMARY KEY (list_id, user_id)"
  ");"
  "CREATE INDEX list_coowners_by_user ON list_coowners (user_id);"
  "CREATE TABLE list_invitations ("
  "  invitation_id TEXT PRIMARY KEY,"
  "  list_id       TEXT NOT NULL REFERENCES lists (list_id) ON DELETE CASCADE,"
  "  email         TEXT NOT NULL,"
  "  key_hash      TEXT NOT NULL,"
  "  invited_by    TEXT NOT NULL,"
  "  inviter_name  TEXT,"
  "  created_at    INTEGER NOT NULL,"
  "  expires_at    INTEGER NOT NULL,"
  "  accepted_by   TEXT"
  ");"
  "CREATE INDEX list_invitations_by_list ON list_invitations (list_id, created_at);",
  /* 15: The surprise, and after the event: the day the list's owner may see
   * who gave what (NULL: the day after event_date), the gifts the owner
   * has received, and the reservations whose giver the owner has thanked.
   * (ews-reveal.c, ews-thanks.c.) */
  "ALTER TABLE lists ADD COLUMN reveal_date TEXT;"
  "ALTER TABLE gifts ADD COLUMN received INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE reservations ADD COLUMN thanked INTEGER NOT NULL DEFAULT 0;",
  /* 16: The shop a typed-in product is from ("Little Oak Toys"), as the app
   * reads it from the shop's page (Add to List); NULL when not known. */
  "ALTER TABLE notfound ADD COLUMN retailer TEXT;",
  /* 17: Archived lists (ews-lists-archive.c): read-only for their owner and
   * closed to guests, with the owner's thank-you note for them. A column
   * beside `state` rather than a third state: un-archiving gives back
   * whether the list was open or closed. NULL: not archived. */
  "ALTER TABLE lists ADD COLUMN archived_at INTEGER;"
  "ALTER TABLE lists ADD COLUMN archive_note TEXT;",
  /* 18: Unlimited gifts ("as many as you like": nappies, books): guests may
   * reserve any number, so the CHECK that held reserved + purchased to the
   * quantity must let them through. SQLite changes a CHECK only by
   * rebuilding the table (the 12-step procedure of its ALTER TABLE page;
   * migrate() turns foreign keys off around the steps and checks them after
   * each, so reservations keep pointing at their gifts). gift_id is copied
   * as it is: reservations refer to it. Every column the steps before
   * gave gifts is carried over (received, from the reveal date's step). */
  "CREATE TABLE gifts_rebuilt ("
  "  gift_id     INTEGER PRIMARY KEY,"
  "  list_id     TEXT NOT NULL REFERENCES lists (list_id) ON DELETE CASCADE,"
  "  product_id  TEXT NOT NULL,"
  "  type        TEXT NOT NULL CHECK (type IN ('products', 'notfound')),"
  "  quantity    INTEGER NOT NULL CHECK (quantity >= 1),"
  "  reserved    INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),"
  "  purchased   INTEGER NOT NULL DEFAULT 0 CHECK (purchased >= 0),"
  "  notes       TEXT,"
  "  received    INTEGER NOT NULL DEFAULT 0,"
  "  unlimited   INTEGER NOT NULL DEFAULT 0 CHECK (unlimited IN (0, 1)),"
  "  CHECK (unlimited = 1 OR reserved + purchased <= quantity),"
  "  UNIQUE (list_id, product_id)"
  ");"
  "INSERT INTO gifts_rebuilt (gift_id, list_id, product_id, type, quantity, reserved, purchased, notes, received) "
  "  SELECT gift_id, list_id, product_id, type, quantity, reserved, purchased, notes, received FROM gifts;"
  "DROP TABLE gifts;"
  "ALTER TABLE gifts_rebuilt RENAME TO gifts;"
  "CREATE INDEX gifts_by_product ON gifts (product_id);",

  /* 19: Most-wanted gifts, starred by the owner: guests see them first. */
  "ALTER TABLE gifts ADD COLUMN most_wanted INTEGER NOT NULL DEFAULT 0;",

  /* 20: Each list's currency (ISO 4217), what prices typed for it are in;
   * the original's lists were in pounds. */
  "ALTER TABLE lists ADD COLUMN currency TEXT NOT NULL DEFAULT 'GBP';",

  /* 21: Each list's version, for the reply cache (ews-reply-cache.c)
   * and the live-update notices (ews-storage-changes.c, which count one
   * more at each change they announce):
   * bumped by triggers in the same transaction as every write to what
   * GET /api/lists/{id}/shared shows — the list, its gifts (their counts
   * are what reservations change) and its owner's name — so no write can
   * forget it, and any process on this file sees it. A table of its own,
   * without a foreign key, so a deleted list's version lives on and a list
   * made again under the same id never repeats one. A step that rebuilds
   * lists, gifts or users must make their triggers again. */
  "CREATE TABLE list_versions ("
  "  list_id TEXT PRIMARY KEY,"
  "  version INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "INSERT INTO list_versions (list_id, version) SELECT list_id, 1 FROM lists;"
  "CREATE TRIGGER list_versions_list_insert AFTER INSERT ON lists BEGIN "
  "  INSERT INTO list_versions (list_id, version) VALUES (NEW.list_id, 1)"
  "    ON CONFLICT (list_id) DO UPDATE SET version = version + 1;"
  " END;"
  "CREATE TRIGGER list_versions_list_update AFTER UPDATE ON lists BEGIN "
  "  INSERT INTO list_versions (list_id, version) VALUES (NEW.list_id, 1)"
  "    ON CONFLICT (list_id) DO UPDATE SET version = version + 1;"
  " END;"
  "CREATE TRIGGER list_versions_list_delete AFTER DELETE ON lists BEGIN "
  "  INSERT INTO list_versions (list_id, version) VALUES (OLD.list_id, 1)"
  "    ON CONFLICT (list_id) DO UPDATE SET version = version + 1;"
  " END;"
  "CREATE TRIGGER list_versions_gift_insert AFTER INSERT ON gifts BEGIN "
  "  INSERT INTO list_versions (list_id, version) VALUES (NEW.list_id, 1)"
  "    ON CONFLICT (list_id) DO UPDATE SET version = version + 1;"
  " END;"
  "CREATE TRIGGER list_versions_gift_update AFTER UPDATE ON gifts BEGIN "
  "  INSERT INTO list_versions (list_id, version) VALUES (NEW.list_id, 1)"
  "    ON CONFLICT (list_id) DO UPDATE SET version = version + 1;"
  " END;"
  "CREATE TRIGGER list_versions_gift_delete AFTER DELETE ON gifts BEGIN "
  "  INSERT INTO list_versions (list_id, version) VALUES (OLD.list_id, 1)"
  "    ON CONFLICT (list_id) DO UPDATE SET version = version + 1;"
  " END;"
  "CREATE TRIGGER list_versions_owner_name AFTER UPDATE OF name ON users"
  "  WHEN OLD.name IS NOT NEW.name BEGIN"
  "  UPDATE list_versions SET version = version + 1"
  "    WHERE list_id IN (SELECT list_id FROM lists WHERE owner_id = NEW.user_id);"
  " END;",
  /* 22: The upstream sign-in (ews-oauth2-upstream.c): one-time records by the
   * SHA-256 of their key (a sign-in sent to a provider, by its state; an
   * identity waiting for an account's owner to confirm the link), so that
   * any server can take the provider's callback; and the identities at
   * providers each account signs in with. */
  "CREATE TABLE oauth2_upstream ("
  "  key_hash   TEXT PRIMARY KEY,"
  "  kind       TEXT NOT NULL,"
  "  data       TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  used_at    INTEGER"
  ");"
  "CREATE INDEX oauth2_upstream_by_expiry ON oauth2_upstream (expires_at);"
  "CREATE TABLE oauth2_identities ("
  "  provider   TEXT NOT NULL,"
  "  subject    TEXT NOT NULL,"
  "  user_id    TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,"
  "  email      TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (provider, subject)"
  ");"
  "CREATE INDEX oauth2_identities_by_user ON oauth2_identities (user_id);",

  /* Append new steps above this line. */
};

const guint ews_sqlite_n_migrations = G_N_ELEMENTS (ews_sqlite_migrations);
