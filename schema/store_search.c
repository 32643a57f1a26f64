/* SPDX-License-Identifier: MIT */
/*
 * store_search.c - the full-text index of `compendium search` (SQLite's
 * FTS5, table revision_fts, created by migration 3 in store.c): one row
 * per version, its rowid the change number, its columns the FIELD_SEARCH
 * rows of the field table, written in the same transaction as the
 * version (store_revision_insert()).  Tokens: unicode61 with
 * remove_diacritics 2, so that case and diacritics are ignored
 * ("cooperation" finds "coopération").
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_priv.h"
#include "xmalloc.h"

/* INSERT INTO revision_fts (rowid, <columns>) VALUES (?1, ?2, ...), the
 * columns named by the JSON keys of the FIELD_SEARCH fields in table
 * order; built once (a statement's text must outlive the store). */
static const char *
index_sql(void)
{
	static char sql[512];
	struct cp_buf cols = {0}, vals = {0};
	int f, n = 1;

	if (sql[0] != '\0')
		return sql;
	for (f = 0; f < FIELD_COUNT; f++) {
		if (!(field_table[f].flags & FIELD_SEARCH))
			continue;
		cp_buf_addf(&cols, ", %s", field_table[f].json);
		cp_buf_addf(&vals, ", ?%d", ++n);
	}
	snprintf(sql, sizeof(sql),
		 "INSERT INTO revision_fts (rowid%s) VALUES (?1%s)", cols.s,
		 vals.s);
	cp_buf_free(&cols);
	cp_buf_free(&vals);
	return sql;
}

enum cp_status
store_search_index(struct store *st, const struct store_revision *r,
		   struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int f, n = 1;

	if ((rc = db_prepare(st, index_sql(), &s, err)) != CP_OK)
		return rc;
	db_bind(s, 1, "i", r->change);
	for (f = 0; f < FIELD_COUNT; f++)
		if (field_table[f].flags & FIELD_SEARCH)
			db_bind(s, ++n, "t", r->f[f]);
	return db_done(st, s, "index version", err);
}

/* Append the phrase s[0..n) as an FTS5 string ("" doubles a quote). */
static void
add_string(struct cp_buf *q, const char *s, size_t n)
{
	size_t i;

	if (q->len)
		cp_buf_addc(q, ' ');
	cp_buf_addc(q, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			cp_buf_addc(q, '"');
		cp_buf_addc(q, s[i]);
	}
	cp_buf_addc(q, '"');
}

char *
store_search_query(const char *text, const char **why)
{
	struct cp_buf q = {0};
	const char *p = text, *b;

	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == '\n') {
			p++;
		} else if (*p == '"') {
			b = ++p;
			while (*p && *p != '"')
				p++;
			if (*p != '"') {
				*why = "a phrase without its closing \"";
				cp_buf_free(&q);
				return NULL;
			}
			if (p > b)
				add_string(&q, b, (size_t)(p - b));
			p++;
		} else {
			for (b = p; *p && *p != ' ' && *p != '\t' &&
				    *p != '\n' && *p != '"';
			     p++)
				;
			if (p - b > 1 && p[-1] == '*') {
				add_string(&q, b, (size_t)(p - b - 1));
				cp_buf_addc(&q, '*');
			} else if (!(p - b == 1 && *b == '*')) {
				add_string(&q, b, (size_t)(p - b));
			}
		}
	}
	if (q.len == 0) {
		*why = "nothing to search for";
		return NULL;
	}
	return cp_buf_detach(&q);
}

struct hit_walk {
	store_hit_cb cb;
	void *arg;
};

static int
read_hit(sqlite3_stmt *s, void *arg)
{
	struct hit_walk *w = arg;
	struct store_hit h;
	int stop;

	memset(&h, 0, sizeof(h));
	h.change = sqlite3_column_int64(s, 0);
	h.entity = db_text(s, 1);
	h.mandate = db_text(s, 2);
	h.version = sqlite3_column_int(s, 3);
	h.withdrawn = strcmp((const char *)sqlite3_column_text(s, 4),
			     "withdrawn") == 0;
	h.title = db_text(s, 5);
	h.snippet = db_text(s, 6);
	stop = w->cb(&h, w->arg);
	free(h.entity);
	free(h.mandate);
	free(h.title);
	free(h.snippet);
	return stop;
}

/* The columns of a hit, best first: bm25 with the mandate and the title
 * weighing most; the snippet of the best column, the matches marked. */
#define HIT_SELECT                                                          \
	"SELECT r.id, en.code, e.mandate, r.version, r.status, r.title, "   \
	"snippet(revision_fts, -1, '[', ']', '...', 12) FROM revision_fts " \
	"JOIN revision r ON r.id = revision_fts.rowid "                     \
	"JOIN entry e ON e.id = r.entry_id "                                \
	"JOIN entity en ON en.id = e.entity_id WHERE revision_fts MATCH ?1 "

enum cp_status
store_search(struct store *st, const char *query, int history, int limit,
	     store_hit_cb cb, void *arg, struct cp_error *err)
{
	struct hit_walk w = {cb, arg};

	if (history)
		return db_each(st, "search",
			       HIT_SELECT "ORDER BY bm25(revision_fts, 10.0, "
					  "5.0, 2.0, 3.0, 1.0), r.id DESC "
					  "LIMIT ?2",
			       read_hit, &w, err, "ti", query, (int64_t)limit);
	/* Current entries only: a version that is its entry's latest and
	 * not a withdrawal. */
	return db_each(st, "search",
		       HIT_SELECT "AND r.status = 'current' AND r.version = "
				  "(SELECT max(version) FROM revision WHERE "
				  "entry_id = r.entry_id) ORDER BY "
				  "bm25(revision_fts, 10.0, 5.0, 2.0, 3.0, "
				  "1.0), r.id DESC LIMIT ?2",
		       read_hit, &w, err, "ti", query, (int64_t)limit);
}
