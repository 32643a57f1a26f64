/* SPDX-License-Identifier: MIT */
/*
 * store_find.c - finding things by a name that may be wrong: the entries
 * and entities a mistyped name may have meant ("did you mean", as git
 * suggests a command), and the SQL function that finds text with case
 * ignored (`log --grep`).
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "editdist.h"
#include "store_priv.h"
#include "utf8.h"
#include "xmalloc.h"

/* cp_folded_has(text, part): see store_priv.h. */
static void
folded_has(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *text = sqlite3_value_text(argv[0]);
	const unsigned char *part = sqlite3_value_text(argv[1]);
	struct cp_buf t = {0}, p = {0};

	(void)argc;
	if (text == NULL || part == NULL) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	utf8_casefold((const char *)text, &t);
	utf8_casefold((const char *)part, &p);
	sqlite3_result_int(ctx, p.len == 0 || (t.s && strstr(t.s, p.s)));
	cp_buf_free(&p);
	cp_buf_free(&t);
}

enum cp_status
db_functions(struct store *st, struct cp_error *err)
{
	if (sqlite3_create_function_v2(
		    st->db, DB_FOLDED_HAS, 2,
		    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
		    folded_has, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(st, err, "add SQL function");
	return CP_OK;
}

/* A name found near the one asked for. */
struct near {
	size_t dist;
	char *name; /* owned */
};

struct near_walk {
	char *want; /* owned: the name asked for, case-folded */
	size_t max;
	struct near *v; /* owned */
	size_t n, cap;
};

static int
near_row(sqlite3_stmt *s, void *arg)
{
	struct near_walk *w = arg;
	const char *name = (const char *)sqlite3_column_text(s, 0);
	struct cp_buf folded = {0};
	size_t d;

	if (name == NULL)
		return 0;
	utf8_casefold(name, &folded);
	d = edit_distance(folded.s ? folded.s : "", w->want, w->max);
	cp_buf_free(&folded);
	if (d <= w->max) {
		XGROW(w->v, w->n + 1, w->cap);
		w->v[w->n].dist = d;
		w->v[w->n++].name = xstrdup(name);
	}
	return 0;
}

static int
near_cmp(const void *a, const void *b)
{
	const struct near *x = a, *y = b;

	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The names sql gives (one column) within max edits of name, nearest
 * first, at most limit, into out. */
static enum cp_status
suggest(struct store *st, const char *sql, const char *name, size_t max,
	size_t limit, struct cp_strlist *out, struct cp_error *err)
{
	struct near_walk w = {0};
	struct cp_buf folded = {0};
	enum cp_status rc;
	size_t i;

	utf8_casefold(name, &folded);
	w.want = folded.s ? cp_buf_detach(&folded) : xstrdup("");
	w.max = max;
	rc = db_each(st, "read names", sql, near_row, &w, err, "");
	if (rc == CP_OK && w.n > 0) {
		qsort(w.v, w.n, sizeof(*w.v), near_cmp);
		for (i = 0; i < w.n && i < limit; i++)
			cp_strlist_add(out, w.v[i].name);
	}
	for (i = 0; i < w.n; i++)
		free(w.v[i].name);
	free(w.v);
	free(w.want);
	return rc;
}

enum cp_status
store_entry_suggest(struct store *st, const char *name, size_t max,
		    size_t limit, struct cp_strlist *out, struct cp_error *err)
{
	return suggest(st,
		       "SELECT en.code || '/' || e.mandate FROM entry e "
		       "JOIN entity en ON en.id = e.entity_id",
		       name, max, limit, out, err);
}

enum cp_status
store_entity_suggest(struct store *st, const char *code, size_t max,
		     size_t limit, struct cp_strlist *out, struct cp_error *err)
{
	return suggest(st, "SELECT code FROM entity", code, max, limit, out,
		       err);
}
