/* SPDX-License-Identifier: MIT */
/*
 * store.c - the database.  Every statement is prepared with bound
 * parameters; the schema version lives in PRAGMA user_version.
 */
#include "store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_sql.h"
#include "timeutil.h"
#include "xmalloc.h"

/*
 * Statements are prepared once and kept: compiling SQL was a third of the
 * time of ingesting a message.  A statement asked for while its cached
 * copy is still running (a callback reading the store again) is prepared
 * afresh and finalized after use.
 */
#define STMT_CACHE 48

struct cached_stmt {
	const char *sql;    /* borrowed: a string literal of this file */
	sqlite3_stmt *stmt; /* owned */
	int in_use;
};

struct store {
	sqlite3 *db;
	char *path; /* owned */
	int in_tx;
	int in_read; /* a read transaction of store_read_begin() */
	struct cached_stmt cache[STMT_CACHE];
	size_t ncache;
};

static enum cp_status
db_fail(struct store *st, struct cp_error *err, const char *what)
{
	return cp_error_set(err, CP_EDB, "%s: %s: %s", st->path, what,
			    sqlite3_errmsg(st->db));
}

static enum cp_status
prepare(struct store *st, const char *sql, sqlite3_stmt **out,
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

/* Done with a statement from prepare(): reset a cached one for its next
 * use, finalize any other. */
static void
finish(struct store *st, sqlite3_stmt *s)
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

static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

static void
bind_id(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

static char *
col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t == NULL ? NULL : xstrdup((const char *)t);
}

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

static enum cp_status
user_version(struct store *st, int *out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	if ((rc = prepare(st, "PRAGMA user_version", &s, err)) != CP_OK)
		return rc;
	if (sqlite3_step(s) != SQLITE_ROW) {
		finish(st, s);
		return db_fail(st, err, "read schema version");
	}
	*out = sqlite3_column_int(s, 0);
	finish(st, s);
	return CP_OK;
}

/*
 * Upgrades from each older schema version, in order: migrations[v] takes
 * version v to v + 1.  Version 0 is an empty database.
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

enum cp_status
store_open(const char *path, int create, struct store **out,
	   struct cp_error *err)
{
	struct store *st = xcalloc(1, sizeof(*st));
	enum cp_status rc;
	int flags = SQLITE_OPEN_READWRITE, v = 0;

	*out = NULL;
	st->path = xstrdup(path);
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
	if ((rc = user_version(st, &v, err)) != CP_OK)
		goto fail;
	if (v > STORE_SCHEMA_VERSION) {
		rc = cp_error_set(err, CP_ENEWER,
				  "%s: database schema version %d is newer "
				  "than this program's (%d); use a newer "
				  "compendium",
				  path, v, STORE_SCHEMA_VERSION);
		goto fail;
	}
	if ((rc = exec(st,
		       "PRAGMA journal_mode = WAL; "
		       "PRAGMA foreign_keys = ON; "
		       "PRAGMA synchronous = NORMAL",
		       err)) != CP_OK)
		goto fail;
	if (v < STORE_SCHEMA_VERSION) {
		if (!create) {
			rc = cp_error_set(err, CP_ESTATE,
					  "%s: database is %s (run `compendium "
					  "init`)",
					  path,
					  v == 0 ? "not initialised"
						 : "of an older schema");
			goto fail;
		}
		if ((rc = upgrade(st, v, err)) != CP_OK)
			goto fail;
	}
	*out = st;
	return CP_OK;
fail:
	store_close(st);
	return rc;
}

void
store_close(struct store *st)
{
	size_t i;

	if (st == NULL)
		return;
	if (st->in_tx)
		store_rollback(st);
	store_read_end(st);
	for (i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

enum cp_status
store_begin(struct store *st, struct cp_error *err)
{
	enum cp_status rc = exec(st, "BEGIN IMMEDIATE", err);

	if (rc == CP_OK)
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
	int r;

	if (st->in_tx || st->in_read || !sqlite3_get_autocommit(st->db))
		return CP_OK;
	if ((rc = exec(st, "BEGIN DEFERRED", err)) != CP_OK)
		return rc;
	st->in_read = 1;
	/* A deferred transaction takes its snapshot at its first read. */
	if ((rc = prepare(st, "SELECT 1 FROM sqlite_master LIMIT 1", &s,
			  err)) != CP_OK) {
		store_read_end(st);
		return rc;
	}
	r = sqlite3_step(s);
	finish(st, s);
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		rc = db_fail(st, err, "begin reading");
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

/* ---- entities and focal points ---- */

enum cp_status
store_entity_add(struct store *st, const char *code, const char *name,
		 struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	char now[CP_TIME_LEN];
	int r;

	cp_time_now(now);
	if ((rc = prepare(st,
			  "INSERT INTO entity (code, name, created) "
			  "VALUES (?1, ?2, ?3)",
			  &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, code);
	bind_text(s, 2, name);
	bind_text(s, 3, now);
	r = sqlite3_step(s);
	finish(st, s);
	if (r == SQLITE_CONSTRAINT_UNIQUE)
		return cp_error_set(err, CP_EEXIST,
				    "entity %s is already registered", code);
	if (r != SQLITE_DONE)
		return db_fail(st, err, "add entity");
	return CP_OK;
}

enum cp_status
store_entity_find(struct store *st, const char *code, char **code_out,
		  int64_t *id_out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int r;

	if ((rc = prepare(st, "SELECT id, code FROM entity WHERE code = ?1", &s,
			  err)) != CP_OK)
		return rc;
	bind_text(s, 1, code);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		if (id_out)
			*id_out = sqlite3_column_int64(s, 0);
		if (code_out)
			*code_out = col_text(s, 1);
		rc = CP_OK;
	} else if (r == SQLITE_DONE) {
		rc = cp_error_set(err, CP_ENOTFOUND, "unknown entity \"%s\"",
				  code);
	} else {
		rc = db_fail(st, err, "find entity");
	}
	finish(st, s);
	return rc;
}

enum cp_status
store_entities(struct store *st, struct store_entity **out, size_t *n_out,
	       struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	struct store_entity *v = NULL;
	size_t n = 0, cap = 0;
	enum cp_status rc;
	int r;

	*out = NULL;
	*n_out = 0;
	if ((rc = prepare(st,
			  "SELECT en.id, en.code, en.name, "
			  " (SELECT count(*) FROM entry e WHERE "
			  "  e.entity_id = en.id AND (SELECT status FROM "
			  "  revision r WHERE r.entry_id = e.id ORDER BY "
			  "  version DESC LIMIT 1) = 'current') "
			  "FROM entity en ORDER BY en.code COLLATE BINARY",
			  &s, err)) != CP_OK)
		return rc;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n].id = sqlite3_column_int64(s, 0);
		v[n].code = col_text(s, 1);
		v[n].name = col_text(s, 2);
		v[n].nentries = sqlite3_column_int(s, 3);
		n++;
	}
	finish(st, s);
	if (r != SQLITE_DONE) {
		store_entities_free(v, n);
		return db_fail(st, err, "list entities");
	}
	*out = v;
	*n_out = n;
	return CP_OK;
}

void
store_entities_free(struct store_entity *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].code);
		free(v[i].name);
	}
	free(v);
}

enum cp_status
store_focal_add(struct store *st, const char *code, const char *address,
		struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	char now[CP_TIME_LEN];
	int64_t id = 0;
	int r;

	if ((rc = store_entity_find(st, code, NULL, &id, err)) != CP_OK)
		return rc;
	cp_time_now(now);
	if ((rc = prepare(st,
			  "INSERT INTO focal_point (entity_id, address, "
			  "created) VALUES (?1, lower(?2), ?3)",
			  &s, err)) != CP_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, address);
	bind_text(s, 3, now);
	r = sqlite3_step(s);
	finish(st, s);
	if (r == SQLITE_CONSTRAINT_PRIMARYKEY || r == SQLITE_CONSTRAINT_UNIQUE)
		return cp_error_set(err, CP_EEXIST,
				    "%s is already a focal point of %s",
				    address, code);
	if (r != SQLITE_DONE)
		return db_fail(st, err, "add focal point");
	return CP_OK;
}

enum cp_status
store_focal_remove(struct store *st, const char *code, const char *address,
		   struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int64_t id = 0;
	int r;

	if ((rc = store_entity_find(st, code, NULL, &id, err)) != CP_OK)
		return rc;
	if ((rc = prepare(st,
			  "DELETE FROM focal_point WHERE entity_id = ?1 "
			  "AND address = ?2",
			  &s, err)) != CP_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, address);
	r = sqlite3_step(s);
	finish(st, s);
	if (r != SQLITE_DONE)
		return db_fail(st, err, "remove focal point");
	if (sqlite3_changes(st->db) == 0)
		return cp_error_set(err, CP_ENOTFOUND,
				    "%s is not a focal point of %s", address,
				    code);
	return CP_OK;
}

enum cp_status
store_focal_list(struct store *st, const char *code, struct cp_strlist *out,
		 struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int r;

	if (code != NULL &&
	    (rc = store_entity_find(st, code, NULL, NULL, err)) != CP_OK)
		return rc;
	if ((rc = prepare(st,
			  "SELECT en.code, f.address FROM focal_point f "
			  "JOIN entity en ON en.id = f.entity_id "
			  "WHERE ?1 IS NULL OR en.code = ?1 "
			  "ORDER BY en.code COLLATE BINARY, f.address",
			  &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, code);
	while ((r = sqlite3_step(s)) == SQLITE_ROW)
		cp_strlist_addf(out, "%s\t%s", sqlite3_column_text(s, 0),
				sqlite3_column_text(s, 1));
	finish(st, s);
	if (r != SQLITE_DONE)
		return db_fail(st, err, "list focal points");
	return CP_OK;
}

enum cp_status
store_is_focal(struct store *st, int64_t entity_id, const char *address,
	       int *yes_out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int r;

	*yes_out = 0;
	if (address == NULL)
		return CP_OK;
	if ((rc = prepare(st,
			  "SELECT 1 FROM focal_point WHERE entity_id = ?1 "
			  "AND address = ?2",
			  &s, err)) != CP_OK)
		return rc;
	sqlite3_bind_int64(s, 1, entity_id);
	bind_text(s, 2, address);
	r = sqlite3_step(s);
	finish(st, s);
	if (r == SQLITE_ROW)
		*yes_out = 1;
	else if (r != SQLITE_DONE)
		return db_fail(st, err, "check focal point");
	return CP_OK;
}

/* ---- messages ---- */

static const char *const status_names[] = {
	"applied",
	"rejected",
	"held",
	"duplicate",
};

const char *
store_status_name(enum store_status s)
{
	return (unsigned)s < 4 ? status_names[s] : "?";
}

int
store_status_lookup(const char *name)
{
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(name, status_names[i]) == 0)
			return i;
	return -1;
}

void
store_message_clear(struct store_message *m)
{
	if (m == NULL)
		return;
	free(m->received);
	free(m->message_id);
	free(m->sha256);
	free(m->sender);
	free(m->subject);
	free(m->source);
	free(m->errors);
	free(m->warnings);
	free(m->held_reason);
	free(m->entities);
	memset(m, 0, sizeof(*m));
}

enum cp_status
store_message_insert(struct store *st, struct store_message *m, const char *raw,
		     size_t len, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	sqlite3_blob *blob = NULL;
	enum cp_status rc;
	size_t off, chunk;

	if (len > 0x7fffffff)
		return cp_error_set(err, CP_ETOOBIG,
				    "message of %zu bytes is too large to "
				    "store",
				    len);
	if ((rc = prepare(st,
			  "INSERT INTO message (received, status, message_id,"
			  " sha256, sender, subject, source, size, raw, errors,"
			  " warnings, held_reason, entities, duplicate_of,"
			  " imap_uidvalidity, imap_uid) VALUES (?1, ?2, ?3, ?4,"
			  " ?5, ?6, ?7, ?16, zeroblob(?8), ?9, ?10, ?11, ?12,"
			  " ?13, ?14, ?15)",
			  &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, m->received);
	bind_text(s, 2, store_status_name(m->status));
	bind_text(s, 3, m->message_id);
	bind_text(s, 4, m->sha256);
	bind_text(s, 5, m->sender);
	bind_text(s, 6, m->subject);
	bind_text(s, 7, m->source);
	sqlite3_bind_int64(s, 8, (sqlite3_int64)len);
	bind_text(s, 9, m->errors);
	bind_text(s, 10, m->warnings);
	bind_text(s, 11, m->held_reason);
	bind_text(s, 12, m->entities);
	bind_id(s, 13, m->duplicate_of);
	bind_id(s, 14, m->imap_uidvalidity);
	bind_id(s, 15, m->imap_uid);
	/* The size of the message as received: more than len when only its
	 * header block was read (over the size limit). */
	sqlite3_bind_int64(
		s, 16, m->size > (int64_t)len ? m->size : (sqlite3_int64)len);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = db_fail(st, err, "store message");
		finish(st, s);
		return rc;
	}
	finish(st, s);
	m->id = sqlite3_last_insert_rowid(st->db);
	if (m->size < (int64_t)len)
		m->size = (int64_t)len;
	if (len == 0)
		return CP_OK;
	if (sqlite3_blob_open(st->db, "main", "message", "raw", m->id, 1,
			      &blob) != SQLITE_OK)
		return db_fail(st, err, "open message blob");
	for (off = 0; off < len; off += chunk) {
		chunk = len - off < 65536 ? len - off : 65536;
		if (sqlite3_blob_write(blob, raw + off, (int)chunk, (int)off) !=
		    SQLITE_OK) {
			rc = db_fail(st, err, "write message blob");
			sqlite3_blob_close(blob);
			return rc;
		}
	}
	if (sqlite3_blob_close(blob) != SQLITE_OK)
		return db_fail(st, err, "close message blob");
	return CP_OK;
}

enum cp_status
store_message_update(struct store *st, const struct store_message *m,
		     struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	char now[CP_TIME_LEN];
	int r;

	cp_time_now(now);
	if ((rc = prepare(st,
			  "UPDATE message SET status = ?2, errors = ?3, "
			  "warnings = ?4, held_reason = ?5, entities = ?6,"
			  " decided = ?7 WHERE id = ?1",
			  &s, err)) != CP_OK)
		return rc;
	sqlite3_bind_int64(s, 1, m->id);
	bind_text(s, 2, store_status_name(m->status));
	bind_text(s, 3, m->errors);
	bind_text(s, 4, m->warnings);
	bind_text(s, 5, m->held_reason);
	bind_text(s, 6, m->entities);
	bind_text(s, 7, now);
	r = sqlite3_step(s);
	finish(st, s);
	if (r != SQLITE_DONE)
		return db_fail(st, err, "update message");
	return CP_OK;
}

#define MESSAGE_COLUMNS                                                       \
	"id, received, status, message_id, sha256, sender, subject, source, " \
	"size, errors, warnings, held_reason, entities, duplicate_of, "       \
	"imap_uidvalidity, imap_uid"

static void
read_message(sqlite3_stmt *s, struct store_message *m)
{
	const char *status = (const char *)sqlite3_column_text(s, 2);
	int st = status ? store_status_lookup(status) : -1;

	m->id = sqlite3_column_int64(s, 0);
	m->received = col_text(s, 1);
	m->status = st < 0 ? STORE_REJECTED : (enum store_status)st;
	m->message_id = col_text(s, 3);
	m->sha256 = col_text(s, 4);
	m->sender = col_text(s, 5);
	m->subject = col_text(s, 6);
	m->source = col_text(s, 7);
	m->size = sqlite3_column_int64(s, 8);
	m->errors = col_text(s, 9);
	m->warnings = col_text(s, 10);
	m->held_reason = col_text(s, 11);
	m->entities = col_text(s, 12);
	m->duplicate_of = sqlite3_column_int64(s, 13);
	m->imap_uidvalidity = sqlite3_column_int64(s, 14);
	m->imap_uid = sqlite3_column_int64(s, 15);
}

enum cp_status
store_message_get(struct store *st, int64_t id, struct store_message *out,
		  char **raw_out, size_t *rawlen_out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int r;

	memset(out, 0, sizeof(*out));
	if ((rc = prepare(st,
			  "SELECT " MESSAGE_COLUMNS ", raw FROM message "
			  "WHERE id = ?1",
			  &s, err)) != CP_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		read_message(s, out);
		if (raw_out != NULL) {
			const void *b = sqlite3_column_blob(s, 16);
			size_t n = (size_t)sqlite3_column_bytes(s, 16);

			*raw_out = xmalloc(n + 1);
			if (n)
				memcpy(*raw_out, b, n);
			(*raw_out)[n] = '\0';
			*rawlen_out = n;
		}
		rc = CP_OK;
	} else if (r == SQLITE_DONE) {
		rc = cp_error_set(err, CP_ENOTFOUND, "no message %lld",
				  (long long)id);
	} else {
		rc = db_fail(st, err, "read message");
	}
	finish(st, s);
	return rc;
}

enum cp_status
store_message_find_dup(struct store *st, const char *message_id,
		       const char *sha256, int64_t *id_out,
		       struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int r;

	*id_out = 0;
	if ((rc = prepare(st,
			  message_id != NULL
				  ? "SELECT min(id) FROM message WHERE "
				    "message_id = ?1"
				  : "SELECT min(id) FROM message WHERE "
				    "sha256 = ?1",
			  &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, message_id != NULL ? message_id : sha256);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		*id_out = sqlite3_column_int64(s, 0);
	finish(st, s);
	if (r != SQLITE_ROW)
		return db_fail(st, err, "look for duplicates");
	return CP_OK;
}

enum cp_status
store_messages(struct store *st, int status, store_message_cb cb, void *arg,
	       struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	struct store_message m;
	enum cp_status rc;
	int r, stop = 0;

	if ((rc = prepare(st,
			  "SELECT " MESSAGE_COLUMNS " FROM message "
			  "WHERE ?1 IS NULL OR status = ?1 ORDER BY id",
			  &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, status >= 0 ? store_status_name(status) : NULL);
	while (!stop && (r = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&m, 0, sizeof(m));
		read_message(s, &m);
		stop = cb(&m, arg);
		store_message_clear(&m);
	}
	finish(st, s);
	if (!stop && r != SQLITE_DONE)
		return db_fail(st, err, "list messages");
	return CP_OK;
}

/* ---- revisions ---- */

#define REVISION_COLUMNS                                                      \
	"SELECT r.id, r.entry_id, r.version, r.status, r.action, r.title, "   \
	"r.instrument, r.adopted, r.areas, r.themes, r.urls, r.summary, "     \
	"r.reason, r.changed, r.sender, r.message, r.message_id, r.reverts, " \
	"e.mandate, en.code "
#define REVISION_SELECT                                            \
	REVISION_COLUMNS "FROM revision r JOIN entry e ON e.id = " \
			 "r.entry_id JOIN entity en ON en.id = e.entity_id "

/* Stored columns of the entry's own fields, in the order of the select. */
static const int revision_fields[] = {
	FIELD_TITLE,  FIELD_INSTRUMENT, FIELD_ADOPTED, FIELD_AREAS,
	FIELD_THEMES, FIELD_URL,        FIELD_SUMMARY,
};
#define NREVISION_FIELDS (sizeof(revision_fields) / sizeof(revision_fields[0]))

void
store_revision_clear(struct store_revision *r)
{
	int f;

	if (r == NULL)
		return;
	for (f = 0; f < FIELD_COUNT; f++)
		free(r->f[f]);
	free(r->changed);
	free(r->sender);
	free(r->message_id);
	memset(r, 0, sizeof(*r));
}

/* Columns 0-3 every version query starts with: id (the change), entry_id,
 * version, status; the rest of r is cleared. */
static void
read_key(sqlite3_stmt *s, struct store_revision *r)
{
	memset(r, 0, sizeof(*r));
	r->change = sqlite3_column_int64(s, 0);
	r->entry_id = sqlite3_column_int64(s, 1);
	r->version = sqlite3_column_int(s, 2);
	r->withdrawn = strcmp((const char *)sqlite3_column_text(s, 3),
			      "withdrawn") == 0;
}

static void
read_revision(sqlite3_stmt *s, struct store_revision *r)
{
	size_t i;

	read_key(s, r);
	r->f[FIELD_ACTION] = col_text(s, 4);
	for (i = 0; i < NREVISION_FIELDS; i++)
		r->f[revision_fields[i]] = col_text(s, 5 + (int)i);
	r->f[FIELD_REASON] = col_text(s, 12);
	r->changed = col_text(s, 13);
	r->sender = col_text(s, 14);
	r->message = sqlite3_column_int64(s, 15);
	r->message_id = col_text(s, 16);
	r->reverts = sqlite3_column_int64(s, 17);
	r->f[FIELD_MANDATE] = col_text(s, 18);
	r->f[FIELD_ENTITY] = col_text(s, 19);
}

static enum cp_status
one_revision(struct store *st, sqlite3_stmt *s, struct store_revision *out,
	     const char *what, struct cp_error *err)
{
	enum cp_status rc;
	int r = sqlite3_step(s);

	if (r == SQLITE_ROW) {
		read_revision(s, out);
		rc = CP_OK;
	} else if (r == SQLITE_DONE) {
		rc = cp_error_set(err, CP_ENOTFOUND, "%s", what);
	} else {
		rc = db_fail(st, err, "read version");
	}
	finish(st, s);
	return rc;
}

enum cp_status
store_revision_at(struct store *st, const char *code, const char *mandate,
		  const char *at, struct store_revision *out,
		  struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	char what[512];

	memset(out, 0, sizeof(*out));
	if ((rc = prepare(st,
			  REVISION_SELECT
			  "WHERE en.code = ?1 AND e.mandate = ?2 AND "
			  "(?3 IS NULL OR r.changed <= ?3) "
			  "ORDER BY r.version DESC LIMIT 1",
			  &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, code);
	bind_text(s, 2, mandate);
	bind_text(s, 3, at);
	if (at != NULL)
		snprintf(what, sizeof(what), "no entry %s/%s as of %s", code,
			 mandate, at);
	else
		snprintf(what, sizeof(what), "no entry %s/%s", code, mandate);
	return one_revision(st, s, out, what, err);
}

enum cp_status
store_revision_version(struct store *st, const char *code, const char *mandate,
		       int version, struct store_revision *out,
		       struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	char what[512];

	memset(out, 0, sizeof(*out));
	if ((rc = prepare(st,
			  REVISION_SELECT
			  "WHERE en.code = ?1 AND e.mandate = ?2 AND "
			  "r.version = ?3",
			  &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, code);
	bind_text(s, 2, mandate);
	sqlite3_bind_int(s, 3, version);
	snprintf(what, sizeof(what), "no version %d of %s/%s", version, code,
		 mandate);
	return one_revision(st, s, out, what, err);
}

enum cp_status
store_revision_change(struct store *st, int64_t change,
		      struct store_revision *out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	char what[64];

	memset(out, 0, sizeof(*out));
	if ((rc = prepare(st, REVISION_SELECT "WHERE r.id = ?1", &s, err)) !=
	    CP_OK)
		return rc;
	sqlite3_bind_int64(s, 1, change);
	snprintf(what, sizeof(what), "no change %lld", (long long)change);
	return one_revision(st, s, out, what, err);
}

enum cp_status
store_revision_insert(struct store *st, struct store_revision *r,
		      struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int64_t entity_id = 0;
	size_t i;
	int res;

	if ((rc = store_entity_find(st, r->f[FIELD_ENTITY], NULL, &entity_id,
				    err)) != CP_OK)
		return rc;
	if ((rc = prepare(st,
			  "INSERT OR IGNORE INTO entry (entity_id, "
			  "mandate) VALUES (?1, ?2)",
			  &s, err)) != CP_OK)
		return rc;
	sqlite3_bind_int64(s, 1, entity_id);
	bind_text(s, 2, r->f[FIELD_MANDATE]);
	res = sqlite3_step(s);
	finish(st, s);
	if (res != SQLITE_DONE)
		return db_fail(st, err, "add entry");
	if ((rc = prepare(st,
			  "INSERT INTO revision (entry_id, version, status, "
			  "action, title, instrument, adopted, areas, themes, "
			  "urls, summary, reason, changed, sender, message, "
			  "message_id, reverts) "
			  "SELECT e.id, coalesce((SELECT max(version) FROM "
			  "revision WHERE entry_id = e.id), 0) + 1, ?3, ?4, ?5,"
			  " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
			  " ?17 FROM entry e WHERE e.entity_id = ?1 AND "
			  "e.mandate = ?2",
			  &s, err)) != CP_OK)
		return rc;
	sqlite3_bind_int64(s, 1, entity_id);
	bind_text(s, 2, r->f[FIELD_MANDATE]);
	bind_text(s, 3, r->withdrawn ? "withdrawn" : "current");
	bind_text(s, 4, r->f[FIELD_ACTION] ? r->f[FIELD_ACTION] : "update");
	for (i = 0; i < NREVISION_FIELDS; i++)
		bind_text(s, 5 + (int)i, r->f[revision_fields[i]]);
	bind_text(s, 12, r->f[FIELD_REASON]);
	bind_text(s, 13, r->changed);
	bind_text(s, 14, r->sender);
	bind_id(s, 15, r->message);
	bind_text(s, 16, r->message_id);
	bind_id(s, 17, r->reverts);
	res = sqlite3_step(s);
	finish(st, s);
	if (res != SQLITE_DONE)
		return db_fail(st, err, "add version");
	r->change = sqlite3_last_insert_rowid(st->db);
	if ((rc = prepare(st,
			  "SELECT entry_id, version FROM revision WHERE "
			  "id = ?1",
			  &s, err)) != CP_OK)
		return rc;
	sqlite3_bind_int64(s, 1, r->change);
	if (sqlite3_step(s) == SQLITE_ROW) {
		r->entry_id = sqlite3_column_int64(s, 0);
		r->version = sqlite3_column_int(s, 1);
	}
	finish(st, s);
	return CP_OK;
}

typedef void (*row_reader)(sqlite3_stmt *s, struct store_revision *r);

/* Step s to its end (or until cb returns non-zero), each row read into a
 * revision by read and handed to cb; then finish s. */
static enum cp_status
each_row(struct store *st, sqlite3_stmt *s, row_reader read,
	 store_revision_cb cb, void *arg, struct cp_error *err)
{
	struct store_revision r;
	int res, stop = 0;

	while (!stop && (res = sqlite3_step(s)) == SQLITE_ROW) {
		read(s, &r);
		stop = cb(&r, arg);
		store_revision_clear(&r);
	}
	finish(st, s);
	if (!stop && res != SQLITE_DONE)
		return db_fail(st, err, "read versions");
	return CP_OK;
}

static enum cp_status
each_revision(struct store *st, sqlite3_stmt *s, store_revision_cb cb,
	      void *arg, struct cp_error *err)
{
	return each_row(st, s, read_revision, cb, arg, err);
}

enum cp_status
store_revisions(struct store *st, const char *since, const char *until,
		const char *code, int oldest_first, store_revision_cb cb,
		void *arg, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	if ((rc = prepare(
		     st,
		     oldest_first ? REVISION_SELECT
			     "WHERE (?1 IS NULL OR r.changed >= ?1) AND "
			     "(?2 IS NULL OR r.changed <= ?2) AND "
			     "(?3 IS NULL OR en.code = ?3) ORDER BY r.id"
				  : REVISION_SELECT
			     "WHERE (?1 IS NULL OR r.changed >= ?1) AND "
			     "(?2 IS NULL OR r.changed <= ?2) AND "
			     "(?3 IS NULL OR en.code = ?3) ORDER BY r.id DESC",
		     &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, since);
	bind_text(s, 2, until);
	bind_text(s, 3, code);
	return each_revision(st, s, cb, arg, err);
}

/*
 * What a revision history needs of a version, all in the index
 * revision_history (r.id is its row id).
 */
#define HISTORY_COLUMNS                                                \
	"r.id, r.entry_id, r.version, r.status, r.action, r.changed, " \
	"r.sender, r.reason, r.reverts"

static void
read_history(sqlite3_stmt *s, struct store_revision *r)
{
	read_key(s, r);
	r->f[FIELD_ACTION] = col_text(s, 4);
	r->changed = col_text(s, 5);
	r->sender = col_text(s, 6);
	r->f[FIELD_REASON] = col_text(s, 7);
	r->reverts = sqlite3_column_int64(s, 8);
}

/* The columns of store_changes(). */
static void
read_change(sqlite3_stmt *s, struct store_revision *r)
{
	read_key(s, r);
	r->f[FIELD_ACTION] = col_text(s, 4);
	r->changed = col_text(s, 5);
	r->f[FIELD_MANDATE] = col_text(s, 6);
	r->f[FIELD_ENTITY] = col_text(s, 7);
}

/* The columns of store_entries_brief_at(). */
static void
read_brief(sqlite3_stmt *s, struct store_revision *r)
{
	read_key(s, r);
	r->changed = col_text(s, 4);
	r->f[FIELD_ADOPTED] = col_text(s, 5);
	r->f[FIELD_AREAS] = col_text(s, 6);
	r->f[FIELD_THEMES] = col_text(s, 7);
	r->f[FIELD_MANDATE] = col_text(s, 8);
	r->f[FIELD_ENTITY] = col_text(s, 9);
}

enum cp_status
store_entry_versions(struct store *st, int64_t entry_id, const char *until,
		     store_revision_cb cb, void *arg, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	if ((rc = prepare(st,
			  "SELECT " HISTORY_COLUMNS " FROM revision r "
			  "INDEXED BY revision_history WHERE r.entry_id = ?1 "
			  "AND (?2 IS NULL OR r.changed <= ?2) "
			  "ORDER BY r.version",
			  &s, err)) != CP_OK)
		return rc;
	sqlite3_bind_int64(s, 1, entry_id);
	bind_text(s, 2, until);
	return each_row(st, s, read_history, cb, arg, err);
}

enum cp_status
store_changes(struct store *st, const char *until, store_revision_cb cb,
	      void *arg, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	/* NOT INDEXED: the table in order of id, not revision_history
	 * sorted. */
	if ((rc = prepare(st,
			  "SELECT r.id, r.entry_id, r.version, r.status, "
			  "r.action, r.changed, e.mandate, en.code "
			  "FROM revision r NOT INDEXED "
			  "JOIN entry e ON e.id = r.entry_id "
			  "JOIN entity en ON en.id = e.entity_id "
			  "WHERE ?1 IS NULL OR r.changed <= ?1 "
			  "ORDER BY r.id DESC",
			  &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, until);
	return each_row(st, s, read_change, cb, arg, err);
}

enum cp_status
store_last_change(struct store *st, const char *at, int64_t *out,
		  struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int r;

	*out = 0;
	if ((rc = prepare(st,
			  "SELECT coalesce(max(id), 0) FROM revision "
			  "WHERE ?1 IS NULL OR changed <= ?1",
			  &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, at);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	finish(st, s);
	if (r != SQLITE_ROW)
		return db_fail(st, err, "read last change");
	return CP_OK;
}

enum cp_status
store_entries_brief_at(struct store *st, const char *at, store_revision_cb cb,
		       void *arg, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	if ((rc = prepare(st,
			  "SELECT r.id, r.entry_id, r.version, r.status, "
			  "r.changed, r.adopted, r.areas, r.themes, e.mandate, "
			  "en.code "
			  "FROM entry e JOIN entity en ON en.id = e.entity_id "
			  "JOIN revision r ON r.id = (SELECT r2.id FROM "
			  "revision r2 INDEXED BY revision_history WHERE "
			  "r2.entry_id = e.id AND (?1 IS NULL OR r2.changed <= "
			  "?1) ORDER BY r2.version DESC LIMIT 1) "
			  "ORDER BY en.code COLLATE BINARY, e.mandate COLLATE "
			  "BINARY",
			  &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, at);
	return each_row(st, s, read_brief, cb, arg, err);
}

/* ---- the daemon's place in a mailbox ---- */

enum cp_status
store_imap_state(struct store *st, const char *mailbox,
		 int64_t *uidvalidity_out, int64_t *last_uid_out,
		 struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int r;

	*uidvalidity_out = *last_uid_out = 0;
	if ((rc = prepare(st,
			  "SELECT uidvalidity, last_uid FROM imap_state "
			  "WHERE mailbox = ?1",
			  &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, mailbox);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		*uidvalidity_out = sqlite3_column_int64(s, 0);
		*last_uid_out = sqlite3_column_int64(s, 1);
	}
	finish(st, s);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return db_fail(st, err, "read mailbox state");
	return CP_OK;
}

enum cp_status
store_imap_mark(struct store *st, const char *mailbox, int64_t uidvalidity,
		int64_t uid, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int r;

	if ((rc = prepare(
		     st,
		     "INSERT INTO imap_state (mailbox, uidvalidity, "
		     "last_uid) VALUES (?1, ?2, ?3) ON CONFLICT (mailbox) "
		     "DO UPDATE SET last_uid = CASE WHEN uidvalidity = ?2 "
		     "THEN max(last_uid, ?3) ELSE ?3 END, uidvalidity = ?2",
		     &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, mailbox);
	sqlite3_bind_int64(s, 2, uidvalidity);
	sqlite3_bind_int64(s, 3, uid);
	r = sqlite3_step(s);
	finish(st, s);
	if (r != SQLITE_DONE)
		return db_fail(st, err, "record mailbox state");
	return CP_OK;
}

enum cp_status
store_imap_reset(struct store *st, const char *mailbox, int64_t uidvalidity,
		 struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int r;

	if ((rc = prepare(st,
			  "INSERT INTO imap_state (mailbox, uidvalidity, "
			  "last_uid) VALUES (?1, ?2, 0) ON CONFLICT (mailbox) "
			  "DO UPDATE SET uidvalidity = ?2, last_uid = 0",
			  &s, err)) != CP_OK)
		return rc;
	bind_text(s, 1, mailbox);
	sqlite3_bind_int64(s, 2, uidvalidity);
	r = sqlite3_step(s);
	finish(st, s);
	if (r != SQLITE_DONE)
		return db_fail(st, err, "reset mailbox state");
	return CP_OK;
}
