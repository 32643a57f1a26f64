-- SPDX-License-Identifier: MIT
-- compendium database, schema version 1 (PRAGMA user_version).  Later
-- versions are migrations in store.c (migrations[]); `compendium init`
-- brings an older database up to date.
-- Times are ISO 8601 UTC text, 'YYYY-MM-DDTHH:MM:SSZ', so they sort.

CREATE TABLE entity (
	id       INTEGER PRIMARY KEY,
	code     TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name     TEXT NOT NULL,
	created  TEXT NOT NULL
);

CREATE TABLE focal_point (
	entity_id INTEGER NOT NULL REFERENCES entity(id),
	address   TEXT NOT NULL COLLATE NOCASE,
	created   TEXT NOT NULL,
	PRIMARY KEY (entity_id, address)
);

-- Every message read, whole, with what became of it.
CREATE TABLE message (
	id               INTEGER PRIMARY KEY,
	received         TEXT NOT NULL,
	status           TEXT NOT NULL
	                 -- comparisons, not IN (...): SQLite makes a list of
	                 -- more than two an ephemeral table at every insert
	                 CHECK (status = 'applied' OR status = 'rejected' OR
	                        status = 'held' OR status = 'duplicate'),
	message_id       TEXT,            -- <> and white space trimmed
	sha256           TEXT NOT NULL,   -- hex of the raw bytes
	sender           TEXT,            -- bare From address, lower-case
	subject          TEXT,            -- decoded
	source           TEXT,            -- file, folder entry, mbox#n, imap
	size             INTEGER NOT NULL,
	raw              BLOB NOT NULL,
	errors           TEXT,            -- one per line (rejected)
	warnings         TEXT,            -- one per line
	held_reason      TEXT,
	entities         TEXT,            -- entity codes named, one per line
	duplicate_of     INTEGER REFERENCES message(id),
	decided          TEXT,            -- when accepted/rejected by hand
	imap_uidvalidity INTEGER,
	imap_uid         INTEGER
);
CREATE INDEX message_by_message_id ON message(message_id);
CREATE INDEX message_by_sha256 ON message(sha256);
CREATE INDEX message_by_status ON message(status);

CREATE TABLE entry (
	id        INTEGER PRIMARY KEY,
	entity_id INTEGER NOT NULL REFERENCES entity(id),
	mandate   TEXT NOT NULL,
	UNIQUE (entity_id, mandate)
);

-- One row per version of an entry; its id is the change number, counted
-- across the whole compendium and never reused.
CREATE TABLE revision (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	entry_id    INTEGER NOT NULL REFERENCES entry(id),
	version     INTEGER NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('current', 'withdrawn')),
	action      TEXT NOT NULL
	            CHECK (action = 'update' OR action = 'withdraw' OR
	                   action = 'revert'),
	title       TEXT NOT NULL,
	instrument  TEXT,
	adopted     TEXT,
	areas       TEXT,            -- canonical order, one per line
	themes      TEXT,            -- one per line
	urls        TEXT,            -- one per line
	summary     TEXT NOT NULL,   -- paragraphs separated by a blank line
	reason      TEXT,
	changed     TEXT NOT NULL,
	sender      TEXT,
	message     INTEGER REFERENCES message(id),
	message_id  TEXT,
	reverts     INTEGER REFERENCES revision(id),
	UNIQUE (entry_id, version)
);
CREATE INDEX revision_by_changed ON revision(changed);

-- The daemon's place in each mailbox.
CREATE TABLE imap_state (
	mailbox     TEXT PRIMARY KEY,
	uidvalidity INTEGER NOT NULL,
	last_uid    INTEGER NOT NULL
);
