/* SPDX-License-Identifier: MIT */
/*
 * store.c - the database: opening it, installing and upgrading the schema
 * (its version lives in PRAGMA user_version), transactions, and the life
 * cycle of a statement (the cache, binding, stepping) that the other
 * store files use through store_priv.h.  Every statement is prepared with
 * bound parameters.
 */
#include "store.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_sql.h"
#include "store_priv.h"
#include "xmalloc.h"

/* ---- the statement life cycle ---- */

enum cp_status
db_fail(struct store *st, struct cp_error *err, const char *what)
{
	return cp_error_set(err, CP_EDB, "%s: %s: %s", st->path, what,
			    sqlite3_errmsg(st->db));
}

char *
db_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t == NULL ? NULL : xstrdup((const char *)t);
}

enum cp_status
db_prepare(struct store *st, const char *sql, sqlite3_stmt **out,
	   struct cp_error *err)
{
	struct cached_stmt *c = NULL;
	size_t i;

	for (i = 0; i < st->ncache; i++)
		if (st->cache[i].sql == sql ||
		    strcmp(st->cache[i].sql, sql) == 0)
			break;
	if (i < st->ncache && !st->cache[i].in_use) {
		st->cache[i].in_use = 1;
		*out = st->cache[i].stmt;
		return CP_OK;
	}
	if (i == st->ncache && st->ncache < STMT_CACHE)
		c = &st->cache[st->ncache];
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return db_fail(st, err, "prepare");
	}
	if (c != NULL) {
		c->sql = sql;
		c->stmt = *out;
		c->in_use = 1;
		st->ncache++;
	}
	return CP_OK;
}

void
db_finish(struct store *st, sqlite3_stmt *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < st->ncache; i++) {
		if (st->cache[i].stmt == s) {
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			st->cache[i].in_use = 0;
			return;
		}
	}
	sqlite3_finalize(s);
}

/* db_bind() with the arguments in ap: ?i, ?i + 1, ... by types. */
static void
vbind(sqlite3_stmt *s, int i, const char *types, va_list ap)
{
	const char *t;
	int64_t v;

	for (; *types != '\0'; types++, i++) {
		switch (*types) {
		case 't':
			t = va_arg(ap, const char *);
			if (t == NULL)
				sqlite3_bind_null(s, i);
			else
				sqlite3_bind_text(s, i, t, -1,
						  SQLITE_TRANSIENT);
			break;
		case 'i':
			sqlite3_bind_int64(s, i, va_arg(ap, int64_t));
			break;
		case 'd':
			if ((v = va_arg(ap, int64_t)) == 0)
				sqlite3_bind_null(s, i);
			else
				sqlite3_bind_int64(s, i, v);
			break;
		default:
			assert(!"db_bind: unknown type letter");
		}
	}
}

void
db_bind(sqlite3_stmt *s, int first, const char *types, ...)
{
	va_list ap;

	va_start(ap, types);
	vbind(s, first, types, ap);
	va_end(ap);
}

/* Prepare sql and bind ap by types from ?1. */
static enum cp_status
vquery(struct store *st, sqlite3_stmt **out, const char *sql,
       struct cp_error *err, const char *types, va_list ap)
{
	enum cp_status rc;

	if ((rc = db_prepare(st, sql, out, err)) != CP_OK)
		return rc;
	vbind(*out, 1, types, ap);
	return CP_OK;
}

enum cp_status
db_done(struct store *st, sqlite3_stmt *s, const char *what,
	struct cp_error *err)
{
	enum cp_status rc = CP_OK;

	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_fail(st, err, what);
	db_finish(st, s);
	return rc;
}

enum cp_status
db_run(struct store *st, const char *what, const char *sql,
       struct cp_error *err, const char *types, ...)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	va_list ap;

	va_start(ap, types);
	rc = vquery(st, &s, sql, err, types, ap);
	va_end(ap);
	if (rc != CP_OK)
		return rc;
	return db_done(st, s, what, err);
}

enum cp_status
db_run_unique(struct store *st, const char *what, const char *sql,
	      struct cp_error *err, const char *types, ...)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	va_list ap;
	int r;

	va_start(ap, types);
	rc = vquery(st, &s, sql, err, types, ap);
	va_end(ap);
	if (rc != CP_OK)
		return rc;
	r = sqlite3_step(s);
	if (r == SQLITE_CONSTRAINT_UNIQUE || r == SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = CP_EEXIST;
	else if (r != SQLITE_DONE)
		rc = db_fail(st, err, what);
	db_finish(st, s);
	return rc;
}

enum cp_status
db_row(struct store *st, sqlite3_stmt **s_out, const char *what,
       const char *sql, struct cp_error *err, const char *types, ...)
{
	enum cp_status rc;
	va_list ap;
	int r;

	*s_out = NULL;
	va_start(ap, types);
	rc = vquery(st, s_out, sql, err, types, ap);
	va_end(ap);
	if (rc != CP_OK)
		return rc;
	r = sqlite3_step(*s_out);
	if (r == SQLITE_ROW)
		return CP_OK;
	rc = r == SQLITE_DONE ? CP_ENOTFOUND : db_fail(st, err, what);
	db_finish(st, *s_out);
	*s_out = NULL;
	return rc;
}

enum cp_status
db_int(struct store *st, int64_t *out, const char *what, const char *sql,
       struct cp_error *err, const char *types, ...)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	va_list ap;

	*out = 0;
	va_start(ap, types);
	rc = vquery(st, &s, sql, err, types, ap);
	va_end(ap);
	if (rc != CP_OK)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = CP_OK;
	} else {
		rc = db_fail(st, err, what);
	}
	db_finish(st, s);
	return rc;
}

enum cp_status
db_each(struct store *st, const char *what, const char *sql, db_row_cb cb,
	void *arg, struct cp_error *err, const char *types, ...)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	va_list ap;
	int r = SQLITE_DONE, stop = 0;

	va_start(ap, types);
	rc = vquery(st, &s, sql, err, types, ap);
	va_end(ap);
	if (rc != CP_OK)
		return rc;
	while (!stop && (r = sqlite3_step(s)) == SQLITE_ROW)
		stop = cb(s, arg);
	db_finish(st, s);
	if (!stop && r != SQLITE_DONE)
		return db_fail(st, err, what);
	return CP_OK;
}

/* ---- opening, the schema, transactions ---- */

static enum cp_status
exec(struct store *st, const char *sql, struct cp_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		cp_error_set(err, CP_EDB, "%s: %s", st->path,
			     msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return CP_EDB;
	}
	return CP_OK;
}

/*
 * Upgrades from each older schema version, in order: migrations[v] takes
 * version v to v + 1.  Version 0 is an empty database.  A new column of
 * table revision for a field is a migration here and a row of field_table
 * (base/field.c): the revision statements are built from the table.
 *
 * 2: an index that holds everything a revision history shows, so that the
 * versions of an entry are read from a few index pages instead of one
 * table page per version (an entry's versions lie apart in the table), and
 * the latest version of an entry is found without reading the table.
 */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
	schema_sql,
	"CREATE INDEX IF NOT EXISTS revision_history ON revision (entry_id, "
	"version, changed, status, action, reverts, sender, reason);",
	/* 3: the entries an applied message left unchanged (SPEC §1:
	 * `messages` counts them, as `ingest` does). */
	"ALTER TABLE message ADD COLUMN unchanged TEXT;",
	/* 4: who did what (SPEC §5): one row per maintainer's action; the
	 * changes an action made point at it; who added each entity and
	 * focal point.  Rows from before are left NULL: not recorded. */
	"CREATE TABLE action ("
	" id      INTEGER PRIMARY KEY,"
	" at      TEXT NOT NULL,"
	" actor   TEXT NOT NULL,"
	" kind    TEXT NOT NULL CHECK (kind IN ('accept', 'reject',"
	"  'reprocess', 'revert', 'entity-add', 'focal-point-add',"
	"  'focal-point-remove')),"
	" message INTEGER REFERENCES message(id),"
	" change  INTEGER REFERENCES revision(id),"
	" detail  TEXT);"
	"CREATE INDEX action_by_message ON action(message);"
	"ALTER TABLE revision ADD COLUMN action_id INTEGER "
	"REFERENCES action(id);"
	"ALTER TABLE entity ADD COLUMN created_by TEXT;"
	"ALTER TABLE focal_point ADD COLUMN created_by TEXT;",
	/* 5: a focal point's name (`focal-point add --name`), which the
	 * published revision history shows; NULL: none registered. */
	"ALTER TABLE focal_point ADD COLUMN name TEXT;",
	/* 6: the outbox (SPEC §7): each receipt, queued in the transaction of
	 * the message it answers (its row: whom, from whom, its Message-ID),
	 * at most one of each kind per message; its bytes NULL until it is
	 * first built, from the store, before it is first sent; times ISO
	 * UTC as everywhere. */
	"CREATE TABLE outbox ("
	" id           INTEGER PRIMARY KEY,"
	" message      INTEGER NOT NULL REFERENCES message(id),"
	" kind         TEXT NOT NULL CHECK (kind IN ('applied', 'rejected',"
	"  'held', 'accepted', 'dropped')),"
	" recipient    TEXT NOT NULL COLLATE NOCASE,"
	" message_id   TEXT NOT NULL,"
	" sender       TEXT NOT NULL,"
	" bytes        BLOB,"
	" status       TEXT NOT NULL CHECK (status IN ('queued', 'sent',"
	"  'failed', 'suppressed')),"
	" created      TEXT NOT NULL,"
	" next_attempt TEXT,"
	" attempts     INTEGER NOT NULL DEFAULT 0,"
	" last_error   TEXT,"
	" sent_at      TEXT,"
	" UNIQUE (message, kind));"
	"CREATE INDEX outbox_due ON outbox(status, next_attempt);"
	"CREATE INDEX outbox_to ON outbox(recipient, created, status);",
	/* 7: the full-text index of `compendium search` (store_search.c). */
	store_search_migration,
	/* 8: the outbox rebuilt so that queuing a receipt writes fewer pages
	 * (store_outbox.c): its ID is its message and kind, the due ones a
	 * partial index, max_per_hour counted in a table of the last hour's
	 * receipts. */
	store_outbox_migration,
};

static enum cp_status
upgrade(struct store *st, int from, struct cp_error *err)
{
	enum cp_status rc;
	char pragma[64];
	int v;

	for (v = from; v < STORE_SCHEMA_VERSION; v++) {
		if ((rc = store_begin(st, err)) != CP_OK)
			return rc;
		if ((rc = exec(st, migrations[v], err)) != CP_OK) {
			store_rollback(st);
			return rc;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
			 v + 1);
		if ((rc = exec(st, pragma, err)) != CP_OK ||
		    (rc = store_commit(st, err)) != CP_OK) {
			store_rollback(st);
			return rc;
		}
	}
	return CP_OK;
}

/* A database of schema version v, older than ours: upgraded by `compendium
 * init` (STORE_CREATE), else refused. */
static enum cp_status
bring_up_to_date(struct store *st, int v, enum store_mode mode,
		 struct cp_error *err)
{
	if (mode == STORE_READ)
		return db_refuse_older(st, v, err);
	if (mode != STORE_CREATE)
		return cp_error_set(err, CP_ESTATE,
				    "%s: database is %s (run `compendium "
				    "init`)",
				    st->path,
				    v == 0 ? "not initialised"
					   : "of an older schema");
	return upgrade(st, v, err);
}

enum cp_status
store_open(const char *path, enum store_mode mode, struct store **out,
	   struct cp_error *err)
{
	struct store *st = xcalloc(1, sizeof(*st));
	enum cp_status rc;
	int create = mode == STORE_CREATE;
	int flags = mode == STORE_READ ? SQLITE_OPEN_READONLY
				       : SQLITE_OPEN_READWRITE;
	int64_t v = 0;

	*out = NULL;
	st->path = xstrdup(path);
	st->revsql = revision_sql_new();
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		rc = cp_error_set(err, create ? CP_EDB : CP_ENOTFOUND,
				  "%s: cannot open database: %s%s", path,
				  st->db ? sqlite3_errmsg(st->db)
					 : "out of memory",
				  create ? "" : " (run `compendium init`)");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 10000);
	sqlite3_extended_result_codes(st->db, 1);
	if ((rc = db_functions(st, err)) != CP_OK ||
	    (rc = db_open_access(st, mode, err)) != CP_OK ||
	    (rc = db_schema_version(st, &v, err)) != CP_OK)
		goto fail;
	if (v > STORE_SCHEMA_VERSION) {
		rc = cp_error_set(err, CP_ENEWER,
				  "%s: database schema version %d is newer "
				  "than this program's (%d); use a newer "
				  "compendium",
				  path, (int)v, STORE_SCHEMA_VERSION);
		goto fail;
	}
	/* A reader changes nothing, not even the journal mode.  A writer's
	 * WAL is emptied when it closes (journal_size_limit, with the kept
	 * file: store_access.c), so readers have nothing to read from it. */
	if ((rc = exec(st,
		       mode == STORE_READ ? "PRAGMA foreign_keys = ON"
					  : "PRAGMA journal_mode = WAL; "
					    "PRAGMA journal_size_limit = "
					    "4194304; "
					    "PRAGMA foreign_keys = ON; "
					    "PRAGMA synchronous = NORMAL",
		       err)) != CP_OK)
		goto fail;
	if (v < STORE_SCHEMA_VERSION &&
	    (rc = bring_up_to_date(st, (int)v, mode, err)) != CP_OK)
		goto fail;
	st->writer = mode != STORE_READ;
	*out = st;
	return CP_OK;
fail:
	store_close(st);
	return rc;
}

void
store_close(struct store *st)
{
	struct cp_error ignored = {0};
	size_t i;

	if (st == NULL)
		return;
	if (st->in_tx)
		store_rollback(st);
	store_read_end(st);
	if (st->writer)
		store_search_catch_up(st, &ignored);
	for (i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close_v2(st->db);
	revision_sql_free(st->revsql);
	free(st->path);
	free(st);
}

enum cp_status
store_begin(struct store *st, struct cp_error *err)
{
	struct cp_error ignored = {0};
	enum cp_status rc;

	if (st->search_pending >= SEARCH_BATCH)
		store_search_catch_up(st, &ignored);
	if ((rc = exec(st, "BEGIN IMMEDIATE", err)) == CP_OK)
		st->in_tx = 1;
	return rc;
}

enum cp_status
store_commit(struct store *st, struct cp_error *err)
{
	enum cp_status rc = exec(st, "COMMIT", err);

	if (rc == CP_OK)
		st->in_tx = 0;
	return rc;
}

void
store_rollback(struct store *st)
{
	if (!st->in_tx)
		return;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
}

enum cp_status
store_read_begin(struct store *st, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	if (st->in_tx || st->in_read || !sqlite3_get_autocommit(st->db))
		return CP_OK;
	if ((rc = exec(st, "BEGIN DEFERRED", err)) != CP_OK)
		return rc;
	st->in_read = 1;
	/* A deferred transaction takes its snapshot at its first read. */
	rc = db_row(st, &s, "begin reading",
		    "SELECT 1 FROM sqlite_master LIMIT 1", err, "");
	db_finish(st, s);
	if (rc != CP_OK && rc != CP_ENOTFOUND) {
		store_read_end(st);
		return rc;
	}
	return CP_OK;
}

void
store_read_end(struct store *st)
{
	if (!st->in_read)
		return;
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	st->in_read = 0;
}
