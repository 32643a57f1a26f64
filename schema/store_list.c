/* SPDX-License-Identifier: MIT */
/*
 * store_list.c - the entries as a list (see store_list.h).
 *
 * One statement finds each entry's latest version as of a time from the
 * index revision_history (as store_entries_brief_at() does for the
 * document) and narrows by entity and status; the area and theme are
 * matched here, in C, because a theme compares by case folding
 * (utf8_casecmp), which SQLite's NOCASE (ASCII only) does not do.
 */
#include "store_list.h"

#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "store_priv.h"
#include "utf8.h"

/* A walk of store_list(): the filter, the caller's callback, and a
 * buffer for the theme being compared. */
struct list_walk {
	const struct store_list_filter *f;
	store_revision_cb cb;
	void *arg;
	struct cp_buf item; /* owned */
};

/* Whether the list (one item a line) holds theme, case folded. */
static int
has_theme(const char *list, const char *theme, struct cp_buf *item)
{
	const char *it = list, *s;
	size_t n;

	while (field_list_next(&it, &s, &n)) {
		item->len = 0;
		cp_buf_add(item, s, n); /* terminates item->s */
		if (utf8_casecmp(item->s, theme) == 0)
			return 1;
	}
	return 0;
}

/* Whether r passes the filter's area and theme. */
static int
wanted(const struct store_revision *r, struct list_walk *w)
{
	const struct store_list_filter *f = w->f;
	const char *area;

	if (f->area >= 0 && f->area < FIELD_NAREAS) {
		area = field_areas[f->area];
		if (!field_list_has(r->f[FIELD_AREAS], area, strlen(area)))
			return 0;
	}
	return f->theme == NULL ||
	       has_theme(r->f[FIELD_THEMES], f->theme, &w->item);
}

/* A row of the statement of store_list(). */
static int
list_row(sqlite3_stmt *s, void *arg)
{
	struct list_walk *w = arg;
	struct store_revision r;
	const unsigned char *status;
	int stop = 0;

	memset(&r, 0, sizeof(r));
	r.change = sqlite3_column_int64(s, 0);
	r.entry_id = sqlite3_column_int64(s, 1);
	r.version = sqlite3_column_int(s, 2);
	status = sqlite3_column_text(s, 3);
	r.withdrawn = status && strcmp((const char *)status, "withdrawn") == 0;
	r.changed = db_text(s, 4);
	r.f[FIELD_TITLE] = db_text(s, 5);
	r.f[FIELD_AREAS] = db_text(s, 6);
	r.f[FIELD_THEMES] = db_text(s, 7);
	r.f[FIELD_MANDATE] = db_text(s, 8);
	r.f[FIELD_ENTITY] = db_text(s, 9);
	if (wanted(&r, w))
		stop = w->cb(&r, w->arg);
	store_revision_clear(&r);
	return stop;
}

enum cp_status
store_list(struct store *st, const struct store_list_filter *f,
	   store_revision_cb cb, void *arg, struct cp_error *err)
{
	static const char *const status[] = {
		[STORE_LIST_CURRENT] = "current",
		[STORE_LIST_WITHDRAWN] = "withdrawn",
		[STORE_LIST_ALL] = NULL,
	};
	struct list_walk w = {f, cb, arg, {0}};
	enum cp_status rc;
	int64_t entity_id = 0;

	if (f->code != NULL &&
	    (rc = store_entity_find(st, f->code, NULL, &entity_id, err)) !=
		    CP_OK)
		return rc;
	/* The latest version at ?1 of each entry, as in
	 * store_entries_brief_at(); ?2 the entity row (NULL: all), ?3 the
	 * status (NULL: both). */
	rc = db_each(st, "list entries",
		     "SELECT r.id, r.entry_id, r.version, r.status, "
		     "r.changed, r.title, r.areas, r.themes, e.mandate, "
		     "en.code "
		     "FROM entry e JOIN entity en ON en.id = e.entity_id "
		     "JOIN revision r ON r.id = (SELECT r2.id FROM "
		     "revision r2 INDEXED BY revision_history WHERE "
		     "r2.entry_id = e.id AND (?1 IS NULL OR r2.changed <= ?1) "
		     "ORDER BY r2.version DESC LIMIT 1) "
		     "WHERE (?2 IS NULL OR e.entity_id = ?2) "
		     "AND (?3 IS NULL OR r.status = ?3) "
		     "ORDER BY en.code COLLATE BINARY, e.mandate COLLATE "
		     "BINARY",
		     list_row, &w, err, "tdt", f->at, entity_id,
		     status[f->status]);
	cp_buf_free(&w.item);
	return rc;
}
