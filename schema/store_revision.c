/* SPDX-License-Identifier: MIT */
/*
 * store_revision.c - the versions of entries (table revision: one row per
 * version, a full snapshot of the entry's fields, its id the change
 * number) and what is read of them: one version, every version, an
 * entry's history, the list of changes, the entries as they stood.
 *
 * The columns of the entry's fields are listed nowhere here: every row of
 * field_table[] (base/field.c) with a column of table revision is read
 * and written, in the table's order, between the leading columns (id,
 * entry_id, version, status) and the trailing ones (changed, sender,
 * message, message_id, reverts, action_id; then the entry's mandate, its
 * entity's code and the action's kind and actor when reading).  revision_sql_new() builds the text of those
 * statements once per open store; read_revision() and bind_revision()
 * walk the table the same way to find each column.  A field with a new
 * column is a row of the table and a migration (store.c), nothing here.
 *
 * The history, change and brief reads are narrower by design (what a
 * revision history, the list of changes, the table of contents show) and
 * name their columns.
 */
#include "store.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_priv.h"
#include "xmalloc.h"

/* The position of the first field column in a full read, and the number
 * of the first field parameter (?4) of the insert: each follows the
 * leading columns id, entry_id, version, status. */
#define FIRST_FIELD_COLUMN 4

/* The statements that read or write every column of a revision. */
struct revision_sql {
	char *at;      /* owned: store_revision_at() */
	char *version; /* owned: store_revision_version() */
	char *change;  /* owned: store_revision_change() */
	char *insert;  /* owned: store_revision_insert() */
};

/* "SELECT <every column> FROM revision r JOIN entry e JOIN entity en "
 * and then where (a WHERE and ORDER BY clause).  Caller frees. */
static char *
select_sql(const char *where)
{
	struct cp_buf b = {0};
	int f;

	cp_buf_adds(&b, "SELECT r.id, r.entry_id, r.version, r.status, ");
	for (f = 0; f < FIELD_COUNT; f++)
		if (field_table[f].column != NULL)
			cp_buf_addf(&b, "r.%s, ", field_table[f].column);
	cp_buf_adds(&b, "r.changed, r.sender, r.message, r.message_id, "
			"r.reverts, e.mandate, en.code, r.action_id, a.kind, "
			"a.actor "
			"FROM revision r JOIN entry e ON e.id = r.entry_id "
			"JOIN entity en ON en.id = e.entity_id "
			"LEFT JOIN action a ON a.id = r.action_id ");
	cp_buf_adds(&b, where);
	return cp_buf_detach(&b);
}

/*
 * The insert of a version: ?1 the entity row, ?2 the mandate, ?3 the
 * status, then one parameter per field column, then changed, sender,
 * message, message_id, reverts, action_id (bind_revision() binds them).  The version
 * number is the entry's next.  Caller frees.
 */
static char *
insert_sql(void)
{
	struct cp_buf b = {0};
	int f, n = FIRST_FIELD_COLUMN;

	cp_buf_adds(&b, "INSERT INTO revision (entry_id, version, status, ");
	for (f = 0; f < FIELD_COUNT; f++)
		if (field_table[f].column != NULL)
			cp_buf_addf(&b, "%s, ", field_table[f].column);
	cp_buf_adds(
		&b,
		"changed, sender, message, message_id, reverts, "
		"action_id) SELECT e.id, coalesce((SELECT max(version) FROM "
		"revision WHERE entry_id = e.id), 0) + 1, ?3, ");
	for (f = 0; f < FIELD_COUNT; f++)
		if (field_table[f].column != NULL)
			cp_buf_addf(&b, "?%d, ", n++);
	cp_buf_addf(&b,
		    "?%d, ?%d, ?%d, ?%d, ?%d, ?%d FROM entry e WHERE "
		    "e.entity_id = ?1 AND e.mandate = ?2",
		    n, n + 1, n + 2, n + 3, n + 4, n + 5);
	return cp_buf_detach(&b);
}

struct revision_sql *
revision_sql_new(void)
{
	struct revision_sql *q = xcalloc(1, sizeof(*q));

	/* The keys come from tables entry and entity, not from columns of
	 * revision (read_revision() reads them last). */
	assert(field_table[FIELD_ENTITY].column == NULL &&
	       field_table[FIELD_MANDATE].column == NULL);
	q->at = select_sql("WHERE en.code = ?1 AND e.mandate = ?2 AND "
			   "(?3 IS NULL OR r.changed <= ?3) "
			   "ORDER BY r.version DESC LIMIT 1");
	q->version = select_sql("WHERE en.code = ?1 AND e.mandate = ?2 AND "
				"r.version = ?3");
	q->change = select_sql("WHERE r.id = ?1");
	q->insert = insert_sql();
	return q;
}

void
revision_sql_free(struct revision_sql *q)
{
	if (q == NULL)
		return;
	free(q->insert);
	free(q->change);
	free(q->version);
	free(q->at);
	free(q);
}

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
	free(r->action_kind);
	free(r->action_actor);
	memset(r, 0, sizeof(*r));
}

void
store_revision_copy(struct store_revision *out, const struct store_revision *r)
{
	int f;

	*out = *r;
	for (f = 0; f < FIELD_COUNT; f++)
		out->f[f] = r->f[f] ? xstrdup(r->f[f]) : NULL;
	out->changed = r->changed ? xstrdup(r->changed) : NULL;
	out->sender = r->sender ? xstrdup(r->sender) : NULL;
	out->message_id = r->message_id ? xstrdup(r->message_id) : NULL;
	out->action_kind = r->action_kind ? xstrdup(r->action_kind) : NULL;
	out->action_actor = r->action_actor ? xstrdup(r->action_actor) : NULL;
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

/* A row of select_sql(). */
static void
read_revision(sqlite3_stmt *s, struct store_revision *r)
{
	int f, c = FIRST_FIELD_COLUMN;

	read_key(s, r);
	for (f = 0; f < FIELD_COUNT; f++)
		if (field_table[f].column != NULL)
			r->f[f] = db_text(s, c++);
	r->changed = db_text(s, c++);
	r->sender = db_text(s, c++);
	r->message = sqlite3_column_int64(s, c++);
	r->message_id = db_text(s, c++);
	r->reverts = sqlite3_column_int64(s, c++);
	r->f[FIELD_MANDATE] = db_text(s, c++);
	r->f[FIELD_ENTITY] = db_text(s, c++);
	r->action = sqlite3_column_int64(s, c++);
	r->action_kind = db_text(s, c++);
	r->action_actor = db_text(s, c);
}

/* The outcome rc of db_row() for one version: read it into out, or say
 * what is missing. */
static enum cp_status
one_revision(struct store *st, enum cp_status rc, sqlite3_stmt *s,
	     const char *missing, struct store_revision *out,
	     struct cp_error *err)
{
	if (rc == CP_ENOTFOUND)
		return cp_error_set(err, CP_ENOTFOUND, "%s", missing);
	if (rc != CP_OK)
		return rc;
	read_revision(s, out);
	db_finish(st, s);
	return CP_OK;
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
	rc = db_row(st, &s, "read version", st->revsql->at, err, "ttt", code,
		    mandate, at);
	if (at != NULL)
		snprintf(what, sizeof(what), "no entry %s/%s as of %s", code,
			 mandate, at);
	else
		snprintf(what, sizeof(what), "no entry %s/%s", code, mandate);
	return one_revision(st, rc, s, what, out, err);
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
	rc = db_row(st, &s, "read version", st->revsql->version, err, "tti",
		    code, mandate, (int64_t)version);
	snprintf(what, sizeof(what), "no version %d of %s/%s", version, code,
		 mandate);
	return one_revision(st, rc, s, what, out, err);
}

enum cp_status
store_revision_change(struct store *st, int64_t change,
		      struct store_revision *out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	char what[64];

	memset(out, 0, sizeof(*out));
	rc = db_row(st, &s, "read version", st->revsql->change, err, "i",
		    change);
	snprintf(what, sizeof(what), "no change %lld", (long long)change);
	return one_revision(st, rc, s, what, out, err);
}

/* The value stored for field f of r: a missing action is an update (the
 * column is NOT NULL). */
static const char *
stored_value(const struct store_revision *r, int f)
{
	if (f == FIELD_ACTION && r->f[f] == NULL)
		return "update";
	return r->f[f];
}

/* Bind the parameters of insert_sql(): the entry (entity row entity_id
 * and r's mandate) and r. */
static void
bind_revision(sqlite3_stmt *s, int64_t entity_id,
	      const struct store_revision *r)
{
	int f, n = FIRST_FIELD_COLUMN;

	db_bind(s, 1, "itt", entity_id, r->f[FIELD_MANDATE],
		r->withdrawn ? "withdrawn" : "current");
	for (f = 0; f < FIELD_COUNT; f++)
		if (field_table[f].column != NULL)
			db_bind(s, n++, "t", stored_value(r, f));
	db_bind(s, n, "ttdtdd", r->changed, r->sender, r->message,
		r->message_id, r->reverts, r->action);
}

enum cp_status
store_revision_insert(struct store *st, struct store_revision *r,
		      struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int64_t entity_id = 0;

	if ((rc = store_entity_find(st, r->f[FIELD_ENTITY], NULL, &entity_id,
				    err)) != CP_OK)
		return rc;
	if ((rc = db_run(st, "add entry",
			 "INSERT OR IGNORE INTO entry (entity_id, "
			 "mandate) VALUES (?1, ?2)",
			 err, "it", entity_id, r->f[FIELD_MANDATE])) != CP_OK)
		return rc;
	if ((rc = db_prepare(st, st->revsql->insert, &s, err)) != CP_OK)
		return rc;
	bind_revision(s, entity_id, r);
	if ((rc = db_done(st, s, "add version", err)) != CP_OK)
		return rc;
	r->change = sqlite3_last_insert_rowid(st->db);
	/* The entry row and version number the insert chose. */
	if ((rc = db_prepare(st,
			     "SELECT entry_id, version FROM revision WHERE "
			     "id = ?1",
			     &s, err)) != CP_OK)
		return rc;
	db_bind(s, 1, "i", r->change);
	if (sqlite3_step(s) == SQLITE_ROW) {
		r->entry_id = sqlite3_column_int64(s, 0);
		r->version = sqlite3_column_int(s, 1);
	}
	db_finish(st, s);
	st->search_pending++;
	return CP_OK;
}

/* Reads the columns of a row of one of the queries below. */
typedef void (*revision_reader)(sqlite3_stmt *s, struct store_revision *r);

/* A walk over versions: each row read by read and handed to cb. */
struct revision_walk {
	revision_reader read;
	store_revision_cb cb;
	void *arg;
};

static int
revision_row(sqlite3_stmt *s, void *arg)
{
	struct revision_walk *w = arg;
	struct store_revision r;
	int stop;

	w->read(s, &r);
	stop = w->cb(&r, w->arg);
	store_revision_clear(&r);
	return stop;
}

/*
 * The WHERE clause, ORDER BY and LIMIT of store_revisions() for f, its
 * parameters numbered from ?1 in the order of the texts added to params
 * (borrowed from f; the limit, when there is one, is the last).
 */
static void
filter_sql(const struct store_revision_filter *f, struct cp_buf *b,
	   const char **params, int *nparams)
{
	int n = 0;
	size_t i;

	cp_buf_adds(b, "WHERE 1");
	if (f->since) {
		params[n++] = f->since;
		cp_buf_addf(b, " AND r.changed >= ?%d", n);
	}
	if (f->until) {
		params[n++] = f->until;
		cp_buf_addf(b, " AND r.changed <= ?%d", n);
	}
	if (f->sender) {
		params[n++] = f->sender;
		cp_buf_addf(b, " AND r.sender = ?%d COLLATE NOCASE", n);
	}
	if (f->grep) {
		params[n++] = f->grep;
		cp_buf_addf(b, " AND " DB_FOLDED_HAS "(r.reason, ?%d)", n);
	}
	/* en.code is COLLATE NOCASE: = ignores case there. */
	for (i = 0; i < f->nonly; i++) {
		cp_buf_adds(b, i ? " OR " : " AND (");
		params[n++] = f->only[i].code;
		cp_buf_addf(b, "(en.code = ?%d", n);
		if (f->only[i].mandate) {
			params[n++] = f->only[i].mandate;
			cp_buf_addf(b, " AND e.mandate = ?%d", n);
		}
		cp_buf_adds(b, ")");
	}
	if (f->nonly)
		cp_buf_adds(b, ")");
	cp_buf_adds(b,
		    f->oldest_first ? " ORDER BY r.id" : " ORDER BY r.id DESC");
	if (f->limit > 0)
		cp_buf_addf(b, " LIMIT ?%d", n + 1);
	*nparams = n;
}

enum cp_status
store_revisions(struct store *st, const struct store_revision_filter *f,
		store_revision_cb cb, void *arg, struct cp_error *err)
{
	static const struct store_revision_filter all = {0};
	struct cp_buf where = {0};
	const char **params;
	struct store_revision r;
	sqlite3_stmt *s = NULL;
	enum cp_status rc = CP_OK;
	char *sql;
	int n = 0, i, step = SQLITE_DONE, stop = 0;

	if (f == NULL)
		f = &all;
	params = xcalloc(5 + 2 * f->nonly, sizeof(*params));
	filter_sql(f, &where, params, &n);
	sql = select_sql(where.s);
	/* Not through the statement cache: the text differs with the
	 * filter, and a log runs it once. */
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		rc = db_fail(st, err, "read versions");
		goto out;
	}
	for (i = 0; i < n; i++)
		db_bind(s, i + 1, "t", params[i]);
	if (f->limit > 0)
		db_bind(s, n + 1, "i", f->limit);
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		read_revision(s, &r);
		stop = cb(&r, arg);
		store_revision_clear(&r);
	}
	if (!stop && step != SQLITE_DONE)
		rc = db_fail(st, err, "read versions");
out:
	sqlite3_finalize(s);
	free(sql);
	cp_buf_free(&where);
	free(params);
	return rc;
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
	r->f[FIELD_ACTION] = db_text(s, 4);
	r->changed = db_text(s, 5);
	r->sender = db_text(s, 6);
	r->f[FIELD_REASON] = db_text(s, 7);
	r->reverts = sqlite3_column_int64(s, 8);
}

/* The columns of store_changes(). */
static void
read_change(sqlite3_stmt *s, struct store_revision *r)
{
	read_key(s, r);
	r->f[FIELD_ACTION] = db_text(s, 4);
	r->changed = db_text(s, 5);
	r->f[FIELD_MANDATE] = db_text(s, 6);
	r->f[FIELD_ENTITY] = db_text(s, 7);
}

/* The columns of store_entries_brief_at(). */
static void
read_brief(sqlite3_stmt *s, struct store_revision *r)
{
	read_key(s, r);
	r->changed = db_text(s, 4);
	r->f[FIELD_ADOPTED] = db_text(s, 5);
	r->f[FIELD_AREAS] = db_text(s, 6);
	r->f[FIELD_THEMES] = db_text(s, 7);
	r->f[FIELD_MANDATE] = db_text(s, 8);
	r->f[FIELD_ENTITY] = db_text(s, 9);
}

enum cp_status
store_entry_versions(struct store *st, int64_t entry_id, const char *until,
		     store_revision_cb cb, void *arg, struct cp_error *err)
{
	struct revision_walk w = {read_history, cb, arg};

	return db_each(st, "read versions",
		       "SELECT " HISTORY_COLUMNS " FROM revision r "
		       "INDEXED BY revision_history WHERE r.entry_id = ?1 "
		       "AND (?2 IS NULL OR r.changed <= ?2) "
		       "ORDER BY r.version",
		       revision_row, &w, err, "it", entry_id, until);
}

enum cp_status
store_changes(struct store *st, const char *until, store_revision_cb cb,
	      void *arg, struct cp_error *err)
{
	struct revision_walk w = {read_change, cb, arg};

	/* NOT INDEXED: the table in order of id, not revision_history
	 * sorted. */
	return db_each(st, "read versions",
		       "SELECT r.id, r.entry_id, r.version, r.status, "
		       "r.action, r.changed, e.mandate, en.code "
		       "FROM revision r NOT INDEXED "
		       "JOIN entry e ON e.id = r.entry_id "
		       "JOIN entity en ON en.id = e.entity_id "
		       "WHERE ?1 IS NULL OR r.changed <= ?1 "
		       "ORDER BY r.id DESC",
		       revision_row, &w, err, "t", until);
}

struct reverts_walk {
	store_revert_cb cb;
	void *arg;
};

static int
revert_row(sqlite3_stmt *s, void *arg)
{
	struct reverts_walk *w = arg;

	return w->cb(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
		     w->arg);
}

enum cp_status
store_reverts(struct store *st, const char *until, store_revert_cb cb,
	      void *arg, struct cp_error *err)
{
	struct reverts_walk w = {cb, arg};

	return db_each(st, "read reverts",
		       "SELECT id, reverts FROM revision "
		       "WHERE reverts IS NOT NULL AND reverts != 0 "
		       "AND (?1 IS NULL OR changed <= ?1) ORDER BY id",
		       revert_row, &w, err, "t", until);
}

enum cp_status
store_last_change(struct store *st, const char *at, int64_t *out,
		  struct cp_error *err)
{
	return db_int(st, out, "read last change",
		      "SELECT coalesce(max(id), 0) FROM revision "
		      "WHERE ?1 IS NULL OR changed <= ?1",
		      err, "t", at);
}

enum cp_status
store_next_change(struct store *st, int64_t *out, struct cp_error *err)
{
	/* AUTOINCREMENT: the next id is one more than the highest ever
	 * given, which sqlite_sequence keeps (no row before the first). */
	return db_int(st, out, "read the next change number",
		      "SELECT max(coalesce((SELECT seq FROM sqlite_sequence "
		      "WHERE name = 'revision'), 0), "
		      "coalesce((SELECT max(id) FROM revision), 0)) + 1",
		      err, "");
}

enum cp_status
store_entries_brief_at(struct store *st, const char *at, store_revision_cb cb,
		       void *arg, struct cp_error *err)
{
	struct revision_walk w = {read_brief, cb, arg};

	return db_each(st, "read versions",
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
		       revision_row, &w, err, "t", at);
}
