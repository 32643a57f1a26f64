/* SPDX-License-Identifier: MIT */
/*
 * store_action.c - the maintainers' actions (table action, schema version
 * 4): who accepted, rejected, reprocessed or reverted, who added an entity
 * or a focal point, and when.  Each row is written in the transaction of
 * the change it made; the changes point at it (revision.action_id).
 */
#include "store.h"

#include <assert.h>
#include <string.h>

#include "store_priv.h"
#include "timeutil.h"

static const char *const kind_names[] = {
	[STORE_ACTION_ACCEPT] = "accept",
	[STORE_ACTION_REJECT] = "reject",
	[STORE_ACTION_REPROCESS] = "reprocess",
	[STORE_ACTION_REVERT] = "revert",
	[STORE_ACTION_ENTITY_ADD] = "entity-add",
	[STORE_ACTION_FOCAL_ADD] = "focal-point-add",
	[STORE_ACTION_FOCAL_REMOVE] = "focal-point-remove",
};

#define NKINDS (sizeof(kind_names) / sizeof(kind_names[0]))

const char *
store_action_kind_name(enum store_action_kind k)
{
	assert((size_t)k < NKINDS);
	return kind_names[k];
}

enum cp_status
store_action_add(struct store *st, struct store_action *a, struct cp_error *err)
{
	char now[CP_TIME_LEN];
	enum cp_status rc;

	assert(a->actor != NULL);
	if (a->at == NULL)
		cp_time_now(now);
	rc = db_run(st, "record action",
		    "INSERT INTO action (at, actor, kind, message, change, "
		    "detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		    err, "tttddt", a->at ? a->at : now, a->actor,
		    store_action_kind_name(a->kind), a->message, a->change,
		    a->detail);
	if (rc == CP_OK)
		a->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

/* A walk of store_message_actions(). */
struct action_walk {
	store_action_cb cb;
	void *arg;
};

static int
action_row(sqlite3_stmt *s, void *arg)
{
	struct action_walk *w = arg;
	struct store_action a = {0};
	const char *kind = (const char *)sqlite3_column_text(s, 3);
	size_t k;

	a.id = sqlite3_column_int64(s, 0);
	a.at = (const char *)sqlite3_column_text(s, 1);
	a.actor = (const char *)sqlite3_column_text(s, 2);
	for (k = 0; k < NKINDS; k++)
		if (strcmp(kind, kind_names[k]) == 0)
			break;
	if (k == NKINDS) /* the CHECK constraint admits none other */
		return 0;
	a.kind = (enum store_action_kind)k;
	a.message = sqlite3_column_int64(s, 4);
	a.change = sqlite3_column_int64(s, 5);
	a.detail = (const char *)sqlite3_column_text(s, 6);
	return w->cb(&a, w->arg);
}

enum cp_status
store_message_actions(struct store *st, int64_t message_row, store_action_cb cb,
		      void *arg, struct cp_error *err)
{
	struct action_walk w = {cb, arg};

	return db_each(st, "read actions",
		       "SELECT id, at, actor, kind, message, change, detail "
		       "FROM action WHERE message = ?1 ORDER BY id",
		       action_row, &w, err, "i", message_row);
}
