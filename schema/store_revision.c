/* SPDX-License-Identifier: MIT */
/*
 * store_revision.c - the versions of entries (table revision: one row per
 * version, a full snapshot of the entry's fields, its id the change
 * number) and what is read of them: one version, every version, an
 * entry's history, the list of changes, the entries as they stood.
 *
 * The history, change and brief reads are narrower by design (what a
 * revision history, the list of changes, the table of contents show).
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_priv.h"
#include "xmalloc.h"

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
	r->f[FIELD_ACTION] = db_text(s, 4);
	for (i = 0; i < NREVISION_FIELDS; i++)
		r->f[revision_fields[i]] = db_text(s, 5 + (int)i);
	r->f[FIELD_REASON] = db_text(s, 12);
	r->changed = db_text(s, 13);
	r->sender = db_text(s, 14);
	r->message = sqlite3_column_int64(s, 15);
	r->message_id = db_text(s, 16);
	r->reverts = sqlite3_column_int64(s, 17);
	r->f[FIELD_MANDATE] = db_text(s, 18);
	r->f[FIELD_ENTITY] = db_text(s, 19);
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
	rc = db_row(st, &s, "read version",
		    REVISION_SELECT "WHERE en.code = ?1 AND e.mandate = ?2 AND "
				    "(?3 IS NULL OR r.changed <= ?3) "
				    "ORDER BY r.version DESC LIMIT 1",
		    err, "ttt", code, mandate, at);
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
	rc = db_row(st, &s, "read version",
		    REVISION_SELECT "WHERE en.code = ?1 AND e.mandate = ?2 AND "
				    "r.version = ?3",
		    err, "tti", code, mandate, (int64_t)version);
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
	rc = db_row(st, &s, "read version", REVISION_SELECT "WHERE r.id = ?1",
		    err, "i", change);
	snprintf(what, sizeof(what), "no change %lld", (long long)change);
	return one_revision(st, rc, s, what, out, err);
}

/* Bind the parameters of the insert of r, a version of the entry of
 * entity row entity_id. */
static void
bind_revision(sqlite3_stmt *s, int64_t entity_id,
	      const struct store_revision *r)
{
	size_t i;

	db_bind(s, 1, "ittt", entity_id, r->f[FIELD_MANDATE],
		r->withdrawn ? "withdrawn" : "current",
		r->f[FIELD_ACTION] ? r->f[FIELD_ACTION] : "update");
	for (i = 0; i < NREVISION_FIELDS; i++)
		db_bind(s, 5 + (int)i, "t", r->f[revision_fields[i]]);
	db_bind(s, 12, "tttdtd", r->f[FIELD_REASON], r->changed, r->sender,
		r->message, r->message_id, r->reverts);
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
	if ((rc = db_prepare(
		     st,
		     "INSERT INTO revision (entry_id, version, status, "
		     "action, title, instrument, adopted, areas, themes, "
		     "urls, summary, reason, changed, sender, message, "
		     "message_id, reverts) "
		     "SELECT e.id, coalesce((SELECT max(version) FROM "
		     "revision WHERE entry_id = e.id), 0) + 1, ?3, ?4, "
		     "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
		     "?16, ?17 FROM entry e WHERE e.entity_id = ?1 AND "
		     "e.mandate = ?2",
		     &s, err)) != CP_OK)
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

enum cp_status
store_revisions(struct store *st, const char *since, const char *until,
		const char *code, int oldest_first, store_revision_cb cb,
		void *arg, struct cp_error *err)
{
	struct revision_walk w = {read_revision, cb, arg};

	return db_each(
		st, "read versions",
		oldest_first ? REVISION_SELECT
			"WHERE (?1 IS NULL OR r.changed >= ?1) AND "
			"(?2 IS NULL OR r.changed <= ?2) AND "
			"(?3 IS NULL OR en.code = ?3) ORDER BY r.id"
			     : REVISION_SELECT
			"WHERE (?1 IS NULL OR r.changed >= ?1) AND "
			"(?2 IS NULL OR r.changed <= ?2) AND "
			"(?3 IS NULL OR en.code = ?3) ORDER BY r.id DESC",
		revision_row, &w, err, "ttt", since, until, code);
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
