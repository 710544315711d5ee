/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ews-storage-pg"

#include "config.h"

#include "ews-storage-pg-private.h"

/* The schema's history, oldest first. ews_schema_migrations records the
 * steps a database has had; at start the missing ones run in order, each in
 * its own transaction together with its record, under an advisory lock
 * (ews-storage-pg.c).
 *
 * Step 1 is the SQLite schema as its ten steps left it, in PostgreSQL's
 * types, for the tables of ews-storage.h; the sign-in (ews-auth-storage.h)
 * and mail outbox tables come in the steps after it. APPEND ONLY
 * once a release has shipped this backend. */
const char * const ews_pg_migrations[] = {
  /* 1: lists, gifts, reservations, products, admins, contact messages,
   * idempotency, rate buckets */
  "CREATE TABLE lists ("
  "  list_id     text PRIMARY KEY,"
  "  owner_id    text NOT NULL,"
  "  title       text NOT NULL,"
  "  description text NOT NULL DEFAULT '',"
  "  occasion    text NOT NULL DEFAULT '',"
  "  image_url   text NOT NULL DEFAULT '',"
  "  event_date  text,"
  "  state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),"
  "  created_at  bigint NOT NULL"
  ");"
  "CREATE INDEX lists_by_owner ON lists (owner_id);"
  /* gift_id lets reservations outlive a deleted gift without ever being
   * counted against a gift re-added later with the same product. */
  "CREATE TABLE gifts ("
  "  gift_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  list_id     text NOT NULL REFERENCES lists (list_id) ON DELETE CASCADE,"
  "  product_id  text NOT NULL,"
  "  type        text NOT NULL CHECK (type IN ('products', 'notfound')),"
  "  quantity    bigint NOT NULL CHECK (quantity >= 1),"
  "  reserved    bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),"
  "  purchased   bigint NOT NULL DEFAULT 0 CHECK (purchased >= 0),"
  "  notes       text,"
  "  CHECK (reserved + purchased <= quantity),"
  "  UNIQUE (list_id, product_id)"
  ");"
  "CREATE INDEX gifts_by_product ON gifts (product_id);"
  /* seq orders rows added in the same second, as SQLite's rowid does. */
  "CREATE TABLE reservations ("
  "  reservation_id text PRIMARY KEY,"
  "  seq            bigint GENERATED ALWAYS AS IDENTITY,"
  "  list_id        text NOT NULL REFERENCES lists (list_id) ON DELETE CASCADE,"
  "  gift_id        bigint REFERENCES gifts (gift_id) ON DELETE SET NULL,"
  "  product_id     text NOT NULL,"
  "  product_type   text NOT NULL,"
  "  user_id        text NOT NULL,"
  "  name           text NOT NULL,"
  "  email          text NOT NULL,"
  "  quantity       bigint NOT NULL CHECK (quantity >= 1),"
  "  state          text NOT NULL CHECK (state IN ('reserved', 'purchased', 'cancelled')),"
  "  reserved_at    bigint NOT NULL,"
  "  confirmed      boolean NOT NULL DEFAULT true,"
  "  confirm_key    text"
  ");"
  "CREATE INDEX reservations_by_list ON reservations (list_id);"
  "CREATE INDEX reservations_by_gift ON reservations (gift_id);"
  "CREATE INDEX reservations_by_user ON reservations (user_id);"
  "CREATE INDEX reservations_by_email ON reservations (email);"
  "CREATE INDEX reservations_unconfirmed ON reservations (list_id, email) WHERE NOT confirmed;"
  "CREATE TABLE products ("
  "  product_id    text PRIMARY KEY,"
  "  seq           bigint GENERATED ALWAYS AS IDENTITY,"
  "  brand         text NOT NULL,"
  "  details       text NOT NULL,"
  "  retailer      text,"
  "  product_url   text NOT NULL,"
  "  image_url     text,"
  "  price         text,"
  "  currency      text,"
  "  search_hidden boolean NOT NULL DEFAULT false,"
  "  created_by    text,"
  "  created_at    bigint NOT NULL"
  ");"
  "CREATE INDEX products_by_url ON products (product_url);"
  "CREATE TABLE notfound ("
  "  product_id    text PRIMARY KEY,"
  "  brand         text NOT NULL,"
  "  details       text NOT NULL,"
  "  product_url   text NOT NULL,"
  "  image_url     text,"
  "  price         text,"
  "  currency      text,"
  "  created_by    text NOT NULL,"
  "  created_at    bigint NOT NULL"
  ");"
  "CREATE TABLE admins ("
  "  email      text PRIMARY KEY,"
  "  added_at   bigint NOT NULL"
  ");"
  "CREATE TABLE contact_messages ("
  "  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  message_id  bigint NOT NULL,"
  "  name        text NOT NULL,"
  "  email       text NOT NULL,"
  "  message     text NOT NULL,"
  "  created_at  bigint NOT NULL"
  ");"
  "CREATE TABLE idempotency_keys ("
  "  scope        text NOT NULL,"
  "  key          text NOT NULL,"
  "  fingerprint  text NOT NULL,"
  "  status       integer NOT NULL,"
  "  body         text NOT NULL,"
  "  created_at   bigint NOT NULL,"
  "  PRIMARY KEY (scope, key)"
  ");"
  /* Tokens are fractional, times in milliseconds. */
  "CREATE TABLE rate_buckets ("
  "  key        text PRIMARY KEY,"
  "  tokens     double precision NOT NULL,"
  "  updated_at bigint NOT NULL"
  ");"
  "CREATE INDEX rate_buckets_by_age ON rate_buckets (updated_at);",

  /* 2: sign-in, as SQLite's steps 3, 4, 8 and 9 left it: accounts,
   * e-mailed codes, sessions (refresh tokens), failures per account and
   * client address (milliseconds), and the token signing keys, of which a
   * unique index keeps one current (retired_at NULL). */
  "CREATE TABLE users ("
  "  user_id       text PRIMARY KEY,"
  "  email_key     text NOT NULL UNIQUE,"
  "  email         text NOT NULL,"
  "  name          text NOT NULL DEFAULT '',"
  "  password_hash text NOT NULL,"
  "  confirmed     boolean NOT NULL DEFAULT false,"
  "  created_at    bigint NOT NULL"
  ");"
  "CREATE TABLE auth_codes ("
  "  user_id    text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,"
  "  purpose    text NOT NULL CHECK (purpose IN ('sign-up', 'reset')),"
  "  code_hash  text NOT NULL,"
  "  created_at bigint NOT NULL,"
  "  expires_at bigint NOT NULL,"
  "  attempts   integer NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (user_id, purpose)"
  ");"
  "CREATE TABLE auth_sessions ("
  "  session_id text PRIMARY KEY,"
  "  token_hash text NOT NULL UNIQUE,"
  "  user_id    text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,"
  "  created_at bigint NOT NULL,"
  "  expires_at bigint NOT NULL,"
  "  revoked_at bigint,"
  "  client     text"
  ");"
  "CREATE INDEX auth_sessions_by_user ON auth_sessions (user_id);"
  "CREATE INDEX auth_sessions_by_user_client ON auth_sessions (user_id, client);"
  "CREATE INDEX auth_sessions_by_expiry ON auth_sessions (expires_at);"
  "CREATE TABLE sign_in_failures ("
  "  email_key       text NOT NULL,"
  "  client          text NOT NULL,"
  "  failures        integer NOT NULL,"
  "  locked_until    bigint NOT NULL,"
  "  last_failure_at bigint NOT NULL,"
  "  PRIMARY KEY (email_key, client)"
  ");"
  /* seq orders keys made in the same second, as SQLite's rowid does. */
  "CREATE TABLE signing_keys ("
  "  kid         text PRIMARY KEY,"
  "  seq         bigint GENERATED ALWAYS AS IDENTITY,"
  "  private_key text NOT NULL,"
  "  public_key  text NOT NULL,"
  "  created_at  bigint NOT NULL,"
  "  retired_at  bigint"
  ");"
  "CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys ((retired_at IS NULL)) "
  "WHERE retired_at IS NULL;",

  /* 3: the mail outbox, shared by the servers (ews-storage-pg-mail.c): a
   * claimed mail's next_attempt_at is the end of its claim. Sent mail
   * keeps its envelope but loses its text, which may hold a sign-in code. */
  "CREATE TABLE mail_outbox ("
  "  mail_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  sender          text NOT NULL,"
  "  recipient       text NOT NULL,"
  "  data            text NOT NULL,"
  "  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),"
  "  attempts        integer NOT NULL DEFAULT 0,"
  "  next_attempt_at bigint NOT NULL,"
  "  last_error      text,"
  "  created_at      bigint NOT NULL,"
  "  sent_at         bigint"
  ");"
  "CREATE INDEX mail_outbox_pending ON mail_outbox (next_attempt_at, mail_id) WHERE state = 'pending';"
  "CREATE INDEX mail_outbox_by_age ON mail_outbox (created_at) WHERE state != 'pending';",

  /* 4: the servers' shared secrets (ews-storage-pg-secrets.c), base64. */
  "CREATE TABLE server_secrets ("
  "  name       text PRIMARY KEY,"
  "  secret     text NOT NULL,"
  "  created_at bigint NOT NULL"
  ");",

  /* 5: as SQLite's steps 11 and 12: the language an account's mails are
   * written in ('' for English), its USER_SRP_AUTH salt and sealed
   * verifier, and the SRP challenges answered (ews-auth-srp.c). */
  "ALTER TABLE users ADD COLUMN language text NOT NULL DEFAULT '';"
  "ALTER TABLE users ADD COLUMN srp_salt text;"
  "ALTER TABLE users ADD COLUMN srp_verifier text;"
  "CREATE TABLE srp_challenges_used ("
  "  challenge_id text PRIMARY KEY,"
  "  expires_at   bigint NOT NULL"
  ");"
  "CREATE INDEX srp_challenges_used_by_expiry ON srp_challenges_used (expires_at);",

  /* 6: As SQLite's: the hosted sign-in's authorization codes. */
  "CREATE TABLE oauth2_codes ("
  "  code_hash      text PRIMARY KEY,"
  "  client_id      text NOT NULL,"
  "  redirect_uri   text NOT NULL,"
  "  code_challenge text NOT NULL,"
  "  nonce          text,"
  "  scope          text NOT NULL,"
  "  user_id        text NOT NULL,"
  "  auth_time      bigint NOT NULL,"
  "  created_at     bigint NOT NULL,"
  "  expires_at     bigint NOT NULL,"
  "  used_at        bigint,"
  "  session_id     text"
  ");"
  "CREATE INDEX oauth2_codes_by_session ON oauth2_codes (session_id) WHERE session_id IS NOT NULL;"
  "CREATE INDEX oauth2_codes_by_expiry ON oauth2_codes (expires_at);",
  /* 7: as SQLite's co-owners step: the people who share a list with its
   * creator, and the invitations mailed to make more (ews-coowners.c). */
  "CREATE TABLE list_coowners ("
  "  list_id    text NOT NULL REFERENCES lists (list_id) ON DELETE CASCADE,"
  "  user_id    text NOT NULL,"
  "  name       text,"
  "  email      text,"
  "  invited_by text NOT NULL,"
  "  added_at   bigint NOT NULL,"
  "  PRIMARY KEY (list_id, user_id)"
  ");"
  "CREATE INDEX list_coowners_by_user ON list_coowners (user_id);"
  "CREATE TABLE list_invitations ("
  "  invitation_id text PRIMARY KEY,"
  "  list_id       text NOT NULL REFERENCES lists (list_id) ON DELETE CASCADE,"
  "  email         text NOT NULL,"
  "  key_hash      text NOT NULL,"
  "  invited_by    text NOT NULL,"
  "  inviter_name  text,"
  "  created_at    bigint NOT NULL,"
  "  expires_at    bigint NOT NULL,"
  "  accepted_by   text"
  ");"
  "CREATE INDEX list_invitations_by_list ON list_invitations (list_id, created_at);",
  /* 8: As SQLite's step of the same words: the reveal date, gifts received
   * and givers thanked (ews-reveal.c, ews-thanks.c). */
  "ALTER TABLE lists ADD COLUMN reveal_date text;"
  "ALTER TABLE gifts ADD COLUMN received boolean NOT NULL DEFAULT false;"
  "ALTER TABLE reservations ADD COLUMN thanked boolean NOT NULL DEFAULT false;",
  /* 9: As SQLite's step of the same name: the shop a typed-in product is
   * from, as the app reads it from the shop's page; NULL when not known. */
  "ALTER TABLE notfound ADD COLUMN retailer text;",
  /* 10: As SQLite's step that adds them: archived lists and their note. */
  "ALTER TABLE lists ADD COLUMN archived_at bigint;"
  "ALTER TABLE lists ADD COLUMN archive_note text;",
  /* 11: Unlimited gifts ("as many as you like"), as SQLite's rebuild of
   * gifts does: guests may reserve any number of them, so the CHECK on
   * reserved + purchased holds only for the others. PostgreSQL named the
   * unnamed table CHECK gifts_check. */
  "ALTER TABLE gifts ADD COLUMN unlimited boolean NOT NULL DEFAULT false;"
  "ALTER TABLE gifts DROP CONSTRAINT gifts_check;"
  "ALTER TABLE gifts ADD CONSTRAINT gifts_wanted_check CHECK (unlimited OR reserved + purchased <= quantity);",

  /* 12: Most-wanted gifts, as SQLite's step of the same name. */
  "ALTER TABLE gifts ADD COLUMN most_wanted boolean NOT NULL DEFAULT false;",

  /* 13: Each list's currency, as SQLite's step of the same name. */
  "ALTER TABLE lists ADD COLUMN currency text NOT NULL DEFAULT 'GBP';",

  /* 14: Each list's version for the reply cache, as SQLite's step of the
   * same words. The triggers are deferred to the commit: a reservation
   * holds its gift's row and a share lock on the list's before it counts,
   * so a version row taken mid-transaction could be waited on in the
   * other order by a second reservation (a deadlock); at the commit it is
   * the last lock each transaction takes. Still the same transaction, so a
   * server reading the version sees the write that bumped it, or neither. */
  "CREATE TABLE list_versions ("
  "  list_id text PRIMARY KEY,"
  "  version bigint NOT NULL"
  ");"
  "INSERT INTO list_versions (list_id, version) SELECT list_id, 1 FROM lists;"
  "CREATE FUNCTION ews_bump_list_version () RETURNS trigger LANGUAGE plpgsql AS $$"
  "BEGIN"
  "  IF TG_TABLE_NAME = 'users' THEN"
  "    UPDATE list_versions SET version = version + 1"
  "      WHERE list_id IN (SELECT list_id FROM lists WHERE owner_id = NEW.user_id);"
  "  ELSE"
  "    INSERT INTO list_versions (list_id, version)"
  "      VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.list_id ELSE NEW.list_id END, 1)"
  "      ON CONFLICT (list_id) DO UPDATE SET version = list_versions.version + 1;"
  "  END IF;"
  "  RETURN NULL;"
  "END $$;"
  "CREATE CONSTRAINT TRIGGER list_versions_list AFTER INSERT OR UPDATE OR DELETE ON lists"
  "  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ews_bump_list_version ();"
  "CREATE CONSTRAINT TRIGGER list_versions_gift AFTER INSERT OR UPDATE OR DELETE ON gifts"
  "  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ews_bump_list_version ();"
  "CREATE CONSTRAINT TRIGGER list_versions_owner_name AFTER UPDATE OF name ON users"
  "  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
  "  WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION ews_bump_list_version ();",
  /* 15: As SQLite's step of the same words: the upstream sign-in's one-time
   * records and the identities at providers (ews-oauth2-upstream.c). */
  "CREATE TABLE oauth2_upstream ("
  "  key_hash   text PRIMARY KEY,"
  "  kind       text NOT NULL,"
  "  data       text NOT NULL,"
  "  created_at bigint NOT NULL,"
  "  expires_at bigint NOT NULL,"
  "  used_at    bigint"
  ");"
  "CREATE INDEX oauth2_upstream_by_expiry ON oauth2_upstream (expires_at);"
  "CREATE TABLE oauth2_identities ("
  "  provider   text NOT NULL,"
  "  subject    text NOT NULL,"
  "  user_id    text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,"
  "  email      text,"
  "  created_at bigint NOT NULL,"
  "  PRIMARY KEY (provider, subject)"
  ");"
  "CREATE INDEX oauth2_identities_by_user ON oauth2_identities (user_id);",

  /* 16: The version triggers also NOTIFY the list's id, so that a server
   * may keep the versions it read while it hears every change to them
   * (ews-storage-pg-versions.c): every bump of a version is then heard,
   * whichever code or tool wrote. The notice goes out at the commit,
   * with the trigger's. The channel is EWS_PG_VERSION_CHANNEL. */
  "CREATE OR REPLACE FUNCTION ews_bump_list_version () RETURNS trigger LANGUAGE plpgsql AS $$"
  "BEGIN"
  "  IF TG_TABLE_NAME = 'users' THEN"
  "    UPDATE list_versions SET version = version + 1"
  "      WHERE list_id IN (SELECT list_id FROM lists WHERE owner_id = NEW.user_id);"
  "    PERFORM pg_notify ('ewelists_list_version', list_id) FROM lists WHERE owner_id = NEW.user_id;"
  "  ELSE"
  "    INSERT INTO list_versions (list_id, version)"
  "      VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.list_id ELSE NEW.list_id END, 1)"
  "      ON CONFLICT (list_id) DO UPDATE SET version = list_versions.version + 1;"
  "    PERFORM pg_notify ('ewelists_list_version',"
  "                       CASE WHEN TG_OP = 'DELETE' THEN OLD.list_id ELSE NEW.list_id END);"
  "  END IF;"
  "  RETURN NULL;"
  "END $$;",

  /* Append new steps above this line. */
};

const guint ews_pg_n_migrations = G_N_ELEMENTS (ews_pg_migrations);
