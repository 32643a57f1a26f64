/* SPDX-License-Identifier: MIT */
/*
 * store_entity.c - entities (the UN bodies that keep entries, by code)
 * and their focal points (the addresses that may speak for them).  Codes
 * compare case-insensitively (COLLATE NOCASE), addresses are stored
 * lower-case.
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "store_priv.h"
#include "timeutil.h"
#include "utf8.h"
#include "xmalloc.h"

/* Begin a transaction unless the caller is in one: *own_out says
 * whether this one is ours to end (end_own()). */
static enum cp_status
begin_own(struct store *st, int *own_out, struct cp_error *err)
{
	*own_out = !st->in_tx;
	return *own_out ? store_begin(st, err) : CP_OK;
}

/* End what begin_own() began: commit after rc == CP_OK, else roll back. */
static enum cp_status
end_own(struct store *st, int own, enum cp_status rc, struct cp_error *err)
{
	if (!own)
		return rc;
	if (rc == CP_OK)
		rc = store_commit(st, err);
	if (rc != CP_OK)
		store_rollback(st);
	return rc;
}

/* Record the action kind by actor on detail (nothing when actor is NULL). */
static enum cp_status
record(struct store *st, enum store_action_kind kind, const char *actor,
       const char *at, const char *detail, struct cp_error *err)
{
	struct store_action a = {0};

	if (actor == NULL)
		return CP_OK;
	a.kind = kind;
	a.actor = actor;
	a.at = at;
	a.detail = detail;
	return store_action_add(st, &a, err);
}

enum cp_status
store_entity_add(struct store *st, const char *code, const char *name,
		 const char *actor, struct cp_error *err)
{
	enum cp_status rc;
	char now[CP_TIME_LEN];
	int own;

	cp_time_now(now);
	if ((rc = begin_own(st, &own, err)) != CP_OK)
		return rc;
	rc = db_run_unique(st, "add entity",
			   "INSERT INTO entity (code, name, created, "
			   "created_by) VALUES (?1, ?2, ?3, ?4)",
			   err, "tttt", code, name, now, actor);
	if (rc == CP_EEXIST)
		rc = cp_error_set(err, CP_EEXIST,
				  "entity %s is already registered", code);
	if (rc == CP_OK)
		rc = record(st, STORE_ACTION_ENTITY_ADD, actor, now, code, err);
	return end_own(st, own, rc, err);
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
	e->created = db_text(s, 4);
	e->created_by = db_text(s, 5);
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
		     "  version DESC LIMIT 1) = 'current'), "
		     " en.created, en.created_by "
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
		free(v[i].created);
		free(v[i].created_by);
	}
	free(v);
}

/* The action's detail for a focal point: "CODE ADDRESS", the code as
 * registered and the address lower-case, as the tables hold them (caller
 * frees). */
static char *
focal_detail(const char *code, const char *address)
{
	char *d = xasprintf("%s %s", code, address), *p;

	for (p = d + strlen(code) + 1; *p; p++)
		*p = (char)ascii_lower((unsigned char)*p);
	return d;
}

enum cp_status
store_focal_add(struct store *st, const char *code, const char *address,
		const char *actor, struct cp_error *err)
{
	return store_focal_add_named(st, code, address, NULL, actor, err);
}

enum cp_status
store_focal_add_named(struct store *st, const char *code, const char *address,
		      const char *name, const char *actor, struct cp_error *err)
{
	enum cp_status rc;
	char now[CP_TIME_LEN], *detail = NULL, *reg = NULL;
	int64_t id = 0;
	int own;

	if ((rc = begin_own(st, &own, err)) != CP_OK)
		return rc;
	if ((rc = store_entity_find(st, code, &reg, &id, err)) != CP_OK)
		goto out;
	cp_time_now(now);
	rc = db_run_unique(st, "add focal point",
			   "INSERT INTO focal_point (entity_id, address, "
			   "created, created_by, name) VALUES (?1, "
			   "lower(?2), ?3, ?4, ?5)",
			   err, "itttt", id, address, now, actor, name);
	if (rc == CP_EEXIST)
		rc = cp_error_set(err, CP_EEXIST,
				  "%s is already a focal point of %s", address,
				  code);
	detail = focal_detail(reg, address);
	if (rc == CP_OK)
		rc = record(st, STORE_ACTION_FOCAL_ADD, actor, now, detail,
			    err);
out:
	free(detail);
	free(reg);
	return end_own(st, own, rc, err);
}

enum cp_status
store_focal_remove(struct store *st, const char *code, const char *address,
		   const char *actor, struct cp_error *err)
{
	enum cp_status rc;
	char *detail = NULL, *reg = NULL;
	int64_t id = 0;
	int own;

	if ((rc = begin_own(st, &own, err)) != CP_OK)
		return rc;
	if ((rc = store_entity_find(st, code, &reg, &id, err)) != CP_OK)
		goto out;
	if ((rc = db_run(st, "remove focal point",
			 "DELETE FROM focal_point WHERE entity_id = ?1 "
			 "AND address = ?2",
			 err, "it", id, address)) != CP_OK)
		goto out;
	if (sqlite3_changes(st->db) == 0) {
		rc = cp_error_set(err, CP_ENOTFOUND,
				  "%s is not a focal point of %s", address,
				  code);
		goto out;
	}
	detail = focal_detail(reg, address);
	rc = record(st, STORE_ACTION_FOCAL_REMOVE, actor, NULL, detail, err);
out:
	free(detail);
	free(reg);
	return end_own(st, own, rc, err);
}

static int
add_focal(sqlite3_stmt *s, void *arg)
{
	const unsigned char *by = sqlite3_column_text(s, 3);
	const unsigned char *name = sqlite3_column_text(s, 4);

	cp_strlist_addf(arg, "%s\t%s\t%s\t%s\t%s", sqlite3_column_text(s, 0),
			sqlite3_column_text(s, 1), sqlite3_column_text(s, 2),
			by ? (const char *)by : "",
			name ? (const char *)name : "");
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
		       "SELECT en.code, f.address, f.created, f.created_by, "
		       "f.name FROM focal_point f "
		       "JOIN entity en ON en.id = f.entity_id "
		       "WHERE ?1 IS NULL OR en.code = ?1 "
		       "ORDER BY en.code COLLATE BINARY, f.address",
		       add_focal, out, err, "t", code);
}

static int
add_name(sqlite3_stmt *s, void *arg)
{
	cp_strlist_addf(arg, "%s\t%s", sqlite3_column_text(s, 0),
			sqlite3_column_text(s, 1));
	return 0;
}

enum cp_status
store_focal_names(struct store *st, struct cp_strlist *out,
		  struct cp_error *err)
{
	return db_each(st, "list focal point names",
		       "SELECT address, name FROM focal_point "
		       "WHERE name IS NOT NULL AND name != '' "
		       "ORDER BY address",
		       add_name, out, err, "");
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
