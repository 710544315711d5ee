-- SPDX-License-Identifier: GPL-3.0-or-later
-- SPDX-FileCopyrightText: 2026 The Ewelists developers
--
-- The first schema of the local store (migration 1 in
-- src/core/ewe-store-db.c), kept as it was released so test-store can
-- build an old file and check that the current code upgrades it. Never
-- edit this file: it is history.

CREATE TABLE lists (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT,
  occasion TEXT,
  event_date TEXT,
  image_url TEXT,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  owner TEXT,
  position INTEGER NOT NULL
);
CREATE TABLE gifts (
  list_id TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE ON UPDATE CASCADE,
  product_id TEXT NOT NULL,
  product_type TEXT NOT NULL CHECK (product_type IN ('products', 'notfound')),
  quantity INTEGER NOT NULL CHECK (quantity >= 1),
  reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  purchased INTEGER NOT NULL DEFAULT 0 CHECK (purchased >= 0),
  notes TEXT,
  brand TEXT,
  details TEXT,
  product_url TEXT,
  image_url TEXT,
  price TEXT,
  retailer TEXT,
  position INTEGER NOT NULL,
  PRIMARY KEY (list_id, product_id)
);
CREATE INDEX gifts_by_position ON gifts (list_id, position);
CREATE TABLE reservations (
  id TEXT PRIMARY KEY,
  list_id TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE ON UPDATE CASCADE,
  list_title TEXT,
  list_owner_id TEXT,
  product_id TEXT NOT NULL,
  product_type TEXT NOT NULL,
  user_id TEXT,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity >= 1),
  state TEXT NOT NULL
);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  list_id TEXT,
  product_id TEXT,
  payload TEXT,
  idempotency_key TEXT NOT NULL UNIQUE,
  created INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX outbox_by_target ON outbox (list_id, product_id);
PRAGMA user_version = 1;
