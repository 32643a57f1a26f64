/* SPDX-License-Identifier: MIT */
/*
 * store_search.c - the full-text index of `compendium search` (SQLite's
 * FTS5), and the queries on it.
 *
 * revision_fts indexes the searchable fields of every version (mandate,
 * title, instrument, themes, summary), its rowid the change number.  It
 * is an external-content table over the view revision_search, so the
 * text of a version is stored once, in revision.  Tokens: unicode61 with
 * remove_diacritics 2, so that case and diacritics are ignored
 * ("cooperation" finds "coopération").
 *
 * Versions are indexed a batch at a time, not one transaction at a time:
 * FTS5 writes a new index segment at every commit that touched it, and
 * merges those segments again and again as they pile up, which doubled
 * the time of ingesting a message (a transaction each: docs/BENCHMARKS.md).
 * search_indexed.upto is the change number up to which revision_fts holds
 * every version; the versions after it (the tail: at most a batch) are
 * indexed by store_search_catch_up(), in one transaction and so one
 * segment, and meanwhile every search reads them too, from a temporary
 * index made at query time in the same read transaction.  So a search
 * sees exactly the committed versions, as if each had been indexed in its
 * own transaction (docs/DECISIONS.md, "The search index, a batch at a
 * time").  Versions are never changed nor deleted, so the index never has
 * to forget one.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_priv.h"
#include "xmalloc.h"

#define SEARCH_COLUMNS  "mandate, title, instrument, themes, summary"
#define SEARCH_TOKENIZE "tokenize = 'unicode61 remove_diacritics 2'"
/* The rank: bm25 with the weights of the columns, in their order (a match
 * in the mandate or the title counts most). */
#define SEARCH_RANK "bm25(10.0, 5.0, 2.0, 3.0, 1.0)"

/* Migration (store.c): the view (Themes as they are written, "a; b",
 * so that a snippet over them reads apart), the index, its high-water
 * mark, and the index built from every version already there.  automerge 16: a batch's
 * segment is merged with 15 others, not 3, so each version is written
 * again fewer times (ingest 12% slower than without the index instead of
 * 17%, searches as fast: docs/BENCHMARKS.md, "Search"). */
const char store_search_migration[] =
	"CREATE VIEW revision_search AS SELECT r.id AS id, e.mandate AS "
	"mandate, r.title AS title, r.instrument AS instrument, "
	"replace(r.themes, char(10), '; ') AS themes, r.summary AS summary "
	"FROM revision r JOIN entry e ON e.id = r.entry_id;"
	"CREATE VIRTUAL TABLE revision_fts USING fts5(" SEARCH_COLUMNS ", "
	"content = 'revision_search', content_rowid = 'id', " SEARCH_TOKENIZE
	");"
	"INSERT INTO revision_fts (revision_fts, rank) VALUES ('rank', "
	"'" SEARCH_RANK "');"
	"INSERT INTO revision_fts (revision_fts, rank) VALUES ('automerge', "
	"16);"
	"CREATE TABLE search_indexed (upto INTEGER NOT NULL);"
	"INSERT INTO revision_fts (revision_fts) VALUES ('rebuild');"
	"INSERT INTO search_indexed SELECT coalesce(max(id), 0) FROM "
	"revision;";

/* The tail: the last change number and the one indexed up to. */
static enum cp_status
read_tail(struct store *st, int64_t *last_out, int64_t *upto_out,
	  struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	rc = db_row(st, &s, "read the search index's place",
		    "SELECT (SELECT coalesce(max(id), 0) FROM revision), "
		    "(SELECT upto FROM search_indexed)",
		    err, "");
	if (rc == CP_ENOTFOUND)
		return db_fail(st, err, "read the search index's place");
	if (rc != CP_OK)
		return rc;
	*last_out = sqlite3_column_int64(s, 0);
	*upto_out = sqlite3_column_int64(s, 1);
	db_finish(st, s);
	return CP_OK;
}

enum cp_status
store_search_catch_up(struct store *st, struct cp_error *err)
{
	int64_t last = 0, upto = 0;
	enum cp_status rc;

	if (!st->writer || st->in_tx || !sqlite3_get_autocommit(st->db))
		return CP_OK;
	st->search_pending = 0;
	if ((rc = read_tail(st, &last, &upto, err)) != CP_OK || last <= upto)
		return rc;
	if ((rc = store_begin(st, err)) != CP_OK)
		return rc;
	/* Read again under the write lock: another writer may have indexed
	 * them meanwhile. */
	if ((rc = read_tail(st, &last, &upto, err)) != CP_OK)
		goto fail;
	if (last > upto &&
	    ((rc = db_run(st, "index versions",
			  "INSERT INTO revision_fts (rowid, " SEARCH_COLUMNS
			  ") SELECT id, " SEARCH_COLUMNS " FROM "
			  "revision_search WHERE id > ?1 AND id <= ?2 ORDER "
			  "BY id",
			  err, "ii", upto, last)) != CP_OK ||
	     (rc = db_run(st, "mark versions indexed",
			  "UPDATE search_indexed SET upto = ?1", err, "i",
			  last)) != CP_OK))
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return rc;
}

/* ---- queries ---- */

/* Append the text s[0..n) as an FTS5 string ("" doubles a quote). */
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

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* w[0..n) starts as FTS5's column filter does: a name (a letter, then
 * letters, digits, _), perhaps after a -, then a colon. */
static int
is_column_filter(const char *w, size_t n)
{
	size_t i = n > 0 && w[0] == '-' ? 1 : 0, start = i;

	if (i >= n ||
	    !((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z')))
		return 0;
	while (i < n && is_name_char(w[i]))
		i++;
	return i > start && i < n && w[i] == ':';
}

/*
 * Why the word w[0..n) (not in quotes) is FTS5 syntax that search does
 * not offer, or NULL when it is text (a trailing * is its prefix mark).
 */
static const char *
word_syntax(const char *w, size_t n)
{
	size_t i;

	if ((n == 3 &&
	     (memcmp(w, "AND", 3) == 0 || memcmp(w, "NOT", 3) == 0)) ||
	    (n == 2 && memcmp(w, "OR", 2) == 0))
		return "AND, OR and NOT are not offered: every word must "
		       "match (write the word in lower case or in quotes to "
		       "search for it)";
	if (w[0] == '^')
		return "^ (a word at the start of a column) is not offered";
	for (i = 0; i < n; i++) {
		if (w[i] == '(' || w[i] == ')')
			return "parentheses (and NEAR) are not offered; put "
			       "the text in quotes to search for it";
		if (w[i] == '{' || w[i] == '}')
			return "column filters ({title}: x) are not offered: "
			       "every column is searched";
		if (w[i] == '*' && i == 0)
			return "* needs a word before it (word*)";
		if (w[i] == '*' && i + 1 < n)
			return "* marks a prefix at the end of a word (word*)";
	}
	if (is_column_filter(w, n))
		return "column filters (title:x) are not offered: every "
		       "column is searched (put the text in quotes to search "
		       "for it)";
	return NULL;
}

char *
store_search_query(const char *text, char **why_out)
{
	struct cp_buf q = {0};
	const char *p = text, *b, *why;
	size_t n;

	*why_out = NULL;
	while (*p) {
		if (is_space(*p)) {
			p++;
			continue;
		}
		if (*p == '"') {
			b = ++p;
			while (*p && *p != '"')
				p++;
			if (*p != '"') {
				*why_out = xstrdup("a phrase without its "
						   "closing \"");
				goto fail;
			}
			add_string(&q, b, (size_t)(p - b));
			p++;
			if (*p != '\0' && !is_space(*p)) {
				*why_out = xstrdup("a phrase must be followed "
						   "by a space or the end");
				goto fail;
			}
			continue;
		}
		for (b = p; *p && !is_space(*p) && *p != '"'; p++)
			;
		n = (size_t)(p - b);
		if ((why = word_syntax(b, n)) != NULL) {
			struct cp_buf m = {0};

			cp_buf_addf(&m, "%.*s: %s", (int)n, b, why);
			*why_out = cp_buf_detach(&m);
			goto fail;
		}
		if (b[n - 1] == '*') {
			add_string(&q, b, n - 1);
			cp_buf_addc(&q, '*');
		} else {
			add_string(&q, b, n);
		}
	}
	if (q.len == 0) {
		*why_out = xstrdup("nothing to search for");
		goto fail;
	}
	return cp_buf_detach(&q);
fail:
	cp_buf_free(&q);
	return NULL;
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

/*
 * The matches of one index (T: revision_fts, or the tail's temp.search_tail)
 * best first, at most ?2: ORDER BY rank lets FTS5 rank the matches itself
 * (bm25 with the weights of RANK) and hand them over best first, so that
 * the snippet (of the best column, the matches marked) is made only for
 * the rows shown, not for every match.  CURRENT keeps the versions that
 * are their entry's latest and not a withdrawal.
 */
#define HITS(T)                                                              \
	"SELECT r.id AS id, en.code, e.mandate, r.version, r.status, "       \
	"r.title, snippet(" T ", -1, '[', ']', '...', 12), " T ".rank AS "   \
	"score FROM " T " JOIN revision r ON r.id = " T ".rowid JOIN entry " \
	"e ON e.id = r.entry_id JOIN entity en ON en.id = e.entity_id "      \
	"WHERE " T " MATCH ?1 "
#define CURRENT                                                          \
	"AND r.status = 'current' AND r.version = (SELECT max(version) " \
	"FROM revision WHERE entry_id = r.entry_id) "
#define BEST(T) "ORDER BY " T ".rank LIMIT ?2"
#define BOTH(A, B)                                          \
	"SELECT * FROM (" A ") UNION ALL SELECT * FROM (" B \
	") ORDER BY score "                                 \
	"LIMIT ?2"

static const char *const search_sql[2][2] = {
	/* [tail][history] */
	{HITS("revision_fts") CURRENT BEST("revision_fts"),
	 HITS("revision_fts") BEST("revision_fts")},
	{BOTH(HITS("revision_fts") CURRENT BEST("revision_fts"),
	      HITS("search_tail") CURRENT BEST("search_tail")),
	 BOTH(HITS("revision_fts") BEST("revision_fts"),
	      HITS("search_tail") BEST("search_tail"))},
};

/* The versions after upto, in a temporary index of this connection (a
 * reader may write its temporary tables). */
static enum cp_status
index_tail(struct store *st, int64_t upto, struct cp_error *err)
{
	enum cp_status rc;

	if ((rc = db_run(st, "index the latest versions",
			 "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tail "
			 "USING fts5(" SEARCH_COLUMNS ", " SEARCH_TOKENIZE ")",
			 err, "")) != CP_OK ||
	    (rc = db_run(st, "index the latest versions",
			 "INSERT INTO temp.search_tail (search_tail, rank) "
			 "VALUES ('rank', '" SEARCH_RANK "')",
			 err, "")) != CP_OK ||
	    (rc = db_run(st, "index the latest versions",
			 "DELETE FROM temp.search_tail", err, "")) != CP_OK)
		return rc;
	return db_run(st, "index the latest versions",
		      "INSERT INTO temp.search_tail (rowid, " SEARCH_COLUMNS
		      ") SELECT id, " SEARCH_COLUMNS " FROM revision_search "
		      "WHERE id > ?1",
		      err, "i", upto);
}

enum cp_status
store_search(struct store *st, const char *query, int history, int limit,
	     store_hit_cb cb, void *arg, struct cp_error *err)
{
	struct hit_walk w = {cb, arg};
	int64_t last = 0, upto = 0;
	int own_read = !st->in_read && !st->in_tx;
	enum cp_status rc;

	if ((rc = store_read_begin(st, err)) != CP_OK)
		return rc;
	if ((rc = read_tail(st, &last, &upto, err)) != CP_OK)
		goto out;
	if (last > upto && (rc = index_tail(st, upto, err)) != CP_OK)
		goto out;
	rc = db_each(st, "search", search_sql[last > upto][history != 0],
		     read_hit, &w, err, "ti", query, (int64_t)limit);
out:
	if (own_read)
		store_read_end(st);
	return rc;
}
