/* SPDX-License-Identifier: MIT */
/*
 * store_entity.c - entities (the UN bodies that keep entries, by code)
 * and their focal points (the addresses that may speak for them).  Codes
 * compare case-insensitively (COLLATE NOCASE), addresses are stored
 * lower-case.
 */
#include "store.h"

#include <stdlib.h>

#include "store_priv.h"
#include "timeutil.h"
#include "xmalloc.h"

enum cp_status
store_entity_add(struct store *st, const char *code, const char *name,
		 struct cp_error *err)
{
	enum cp_status rc;
	char now[CP_TIME_LEN];

	cp_time_now(now);
	rc = db_run_unique(st, "add entity",
			   "INSERT INTO entity (code, name, created) "
			   "VALUES (?1, ?2, ?3)",
			   err, "ttt", code, name, now);
	if (rc == CP_EEXIST)
		return cp_error_set(err, CP_EEXIST,
				    "entity %s is already registered", code);
	return rc;
}

enum cp_status
store_entity_find(struct store *st, const char *code, char **code_out,
		  int64_t *id_out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	rc = db_row(st, &s, "find entity",
		    "SELECT id, code FROM entity WHERE code = ?1", err, "t",
		    code);
	if (rc == CP_ENOTFOUND)
		return cp_error_set(err, CP_ENOTFOUND, "unknown entity \"%s\"",
				    code);
	if (rc != CP_OK)
		return rc;
	if (id_out)
		*id_out = sqlite3_column_int64(s, 0);
	if (code_out)
		*code_out = db_text(s, 1);
	db_finish(st, s);
	return CP_OK;
}

/* The entities read so far by store_entities(). */
struct entity_list {
	struct store_entity *v; /* owned */
	size_t n, cap;
};

static int
add_entity(sqlite3_stmt *s, void *arg)
{
	struct entity_list *l = arg;
	struct store_entity *e;

	XGROW(l->v, l->n + 1, l->cap);
	e = &l->v[l->n++];
	e->id = sqlite3_column_int64(s, 0);
	e->code = db_text(s, 1);
	e->name = db_text(s, 2);
	e->nentries = sqlite3_column_int(s, 3);
	return 0;
}

enum cp_status
store_entities(struct store *st, struct store_entity **out, size_t *n_out,
	       struct cp_error *err)
{
	struct entity_list l = {NULL, 0, 0};
	enum cp_status rc;

	*out = NULL;
	*n_out = 0;
	rc = db_each(st, "list entities",
		     "SELECT en.id, en.code, en.name, "
		     " (SELECT count(*) FROM entry e WHERE "
		     "  e.entity_id = en.id AND (SELECT status FROM "
		     "  revision r WHERE r.entry_id = e.id ORDER BY "
		     "  version DESC LIMIT 1) = 'current') "
		     "FROM entity en ORDER BY en.code COLLATE BINARY",
		     add_entity, &l, err, "");
	if (rc != CP_OK) {
		store_entities_free(l.v, l.n);
		return rc;
	}
	*out = l.v;
	*n_out = l.n;
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
	enum cp_status rc;
	char now[CP_TIME_LEN];
	int64_t id = 0;

	if ((rc = store_entity_find(st, code, NULL, &id, err)) != CP_OK)
		return rc;
	cp_time_now(now);
	rc = db_run_unique(st, "add focal point",
			   "INSERT INTO focal_point (entity_id, address, "
			   "created) VALUES (?1, lower(?2), ?3)",
			   err, "itt", id, address, now);
	if (rc == CP_EEXIST)
		return cp_error_set(err, CP_EEXIST,
				    "%s is already a focal point of %s",
				    address, code);
	return rc;
}

enum cp_status
store_focal_remove(struct store *st, const char *code, const char *address,
		   struct cp_error *err)
{
	enum cp_status rc;
	int64_t id = 0;

	if ((rc = store_entity_find(st, code, NULL, &id, err)) != CP_OK)
		return rc;
	if ((rc = db_run(st, "remove focal point",
			 "DELETE FROM focal_point WHERE entity_id = ?1 "
			 "AND address = ?2",
			 err, "it", id, address)) != CP_OK)
		return rc;
	if (sqlite3_changes(st->db) == 0)
		return cp_error_set(err, CP_ENOTFOUND,
				    "%s is not a focal point of %s", address,
				    code);
	return CP_OK;
}

static int
add_focal(sqlite3_stmt *s, void *arg)
{
	cp_strlist_addf(arg, "%s\t%s", sqlite3_column_text(s, 0),
			sqlite3_column_text(s, 1));
	return 0;
}

enum cp_status
store_focal_list(struct store *st, const char *code, struct cp_strlist *out,
		 struct cp_error *err)
{
	enum cp_status rc;

	if (code != NULL &&
	    (rc = store_entity_find(st, code, NULL, NULL, err)) != CP_OK)
		return rc;
	return db_each(st, "list focal points",
		       "SELECT en.code, f.address FROM focal_point f "
		       "JOIN entity en ON en.id = f.entity_id "
		       "WHERE ?1 IS NULL OR en.code = ?1 "
		       "ORDER BY en.code COLLATE BINARY, f.address",
		       add_focal, out, err, "t", code);
}

enum cp_status
store_is_focal(struct store *st, int64_t entity_id, const char *address,
	       int *yes_out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	*yes_out = 0;
	if (address == NULL)
		return CP_OK;
	rc = db_row(st, &s, "check focal point",
		    "SELECT 1 FROM focal_point WHERE entity_id = ?1 "
		    "AND address = ?2",
		    err, "it", entity_id, address);
	if (rc == CP_ENOTFOUND)
		return CP_OK;
	if (rc != CP_OK)
		return rc;
	*yes_out = 1;
	db_finish(st, s);
	return CP_OK;
}
