/* SPDX-License-Identifier: MIT */
/*
 * store_check.c - `compendium check`: SQLite's own checks of the file
 * (integrity_check, foreign_key_check), then the invariants of the
 * history that no constraint of the schema holds: change numbers unique
 * and never given out twice; each entry's versions 1..n, without gaps or
 * repeats, in the order of their change numbers; every change's message
 * there and applied (a revert has none); the status each action leaves;
 * no entry without a version; and the search index holding exactly the
 * versions up to its place.  The current state of an entry is not
 * stored apart: it is its last version, so these are what "the current
 * state equals the last version" comes to (docs/CLI.md).
 *
 * Each check is one statement, read in one transaction.  A problem is a
 * line naming the change, entry or message it is about; a check SQLite
 * cannot run (a corrupt page) is one more problem, and the next check
 * runs.
 */
#include "store.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "store_priv.h"
#include "xmalloc.h"

/* "CODE/MANDATE" of entry row e (entity en), NULL when e is missing. */
#define ENTRY_NAME                                                 \
	"CASE WHEN e.id IS NULL THEN NULL ELSE coalesce(en.code, " \
	"'(entity row ' || e.entity_id || ')') || '/' || e.mandate END"

struct checker {
	struct store *st; /* borrowed */
	store_problem_cb cb;
	void *arg;
	size_t problems;
	/* The walk over versions (version_row()): the version before. */
	int64_t entry;   /* its entry row; 0 before the first */
	int64_t version; /* its number */
	int64_t change;  /* its change number */
	int withdrawn;   /* its status */
};

static void __attribute__((format(printf, 2, 3)))
problem(struct checker *k, const char *fmt, ...)
{
	struct cp_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	cp_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	k->problems++;
	k->cb(b.s, k->arg);
	cp_buf_free(&b);
}

/* The outcome rc of a check's statement: when SQLite could not run it to
 * the end (a corrupt page), that is a problem too, named by what. */
static void
ran(struct checker *k, enum cp_status rc, const char *what)
{
	if (rc != CP_OK)
		problem(k, "%s: could not finish: %s", what,
			sqlite3_errmsg(k->st->db));
}

/* ---- SQLite's own checks ---- */

/* A row of integrity_check: "ok", or a problem, each of its lines a
 * problem line (the first row starts with a line "*** in database main
 * ***", which says nothing here: there is one database). */
static int
integrity_row(sqlite3_stmt *s, void *arg)
{
	struct checker *k = arg;
	const char *t = (const char *)sqlite3_column_text(s, 0);
	const char *nl;

	if (t != NULL && strcmp(t, "ok") == 0)
		return 0;
	if (t == NULL)
		t = "(no text)";
	for (; *t != '\0'; t = *nl ? nl + 1 : nl) {
		nl = t + strcspn(t, "\n");
		if (nl > t && strncmp(t, "*** in database ", 16) != 0)
			problem(k, "integrity_check: %.*s", (int)(nl - t), t);
	}
	return 0;
}

static int
foreign_key_row(sqlite3_stmt *s, void *arg)
{
	struct checker *k = arg;
	const char *column = (const char *)sqlite3_column_text(s, 3);

	problem(k, "foreign_key_check: %s row %lld: its %s is no row of %s",
		(const char *)sqlite3_column_text(s, 0),
		(long long)sqlite3_column_int64(s, 1),
		column ? column : "reference",
		(const char *)sqlite3_column_text(s, 2));
	return 0;
}

static void
check_sqlite(struct checker *k, struct cp_error *err)
{
	ran(k,
	    db_each(k->st, "integrity_check", "PRAGMA integrity_check",
		    integrity_row, k, err, ""),
	    "integrity_check");
	/* The column of each broken reference from the table's list of
	 * foreign keys (fkid is its id there). */
	ran(k,
	    db_each(k->st, "foreign_key_check",
		    "SELECT c.\"table\", c.rowid, c.parent, f.\"from\" "
		    "FROM pragma_foreign_key_check AS c "
		    "LEFT JOIN pragma_foreign_key_list(c.\"table\") AS f "
		    "ON f.id = c.fkid ORDER BY 1, 2",
		    foreign_key_row, k, err, ""),
	    "foreign_key_check");
}

/* ---- change numbers ---- */

static int
twice_row(sqlite3_stmt *s, void *arg)
{
	problem(arg, "change %lld: the number is used %lld times",
		(long long)sqlite3_column_int64(s, 0),
		(long long)sqlite3_column_int64(s, 1));
	return 0;
}

/* The counter AUTOINCREMENT keeps (sqlite_sequence) must be at or above
 * every change number, or a number would be given out again. */
static int
counter_row(sqlite3_stmt *s, void *arg)
{
	int64_t last = sqlite3_column_int64(s, 0);
	int64_t counter = sqlite3_column_int64(s, 1);

	if (last > counter)
		problem(arg,
			"change %lld: above the change counter (%lld), so "
			"its number would be given out again",
			(long long)last, (long long)counter);
	return 0;
}

static void
check_change_numbers(struct checker *k, struct cp_error *err)
{
	/* A row id is unique by the table's own key; a corrupt table can
	 * still hold one twice, which only a scan of the table sees. */
	ran(k,
	    db_each(k->st, "change numbers",
		    "SELECT id, count(*) FROM revision NOT INDEXED "
		    "GROUP BY id HAVING count(*) > 1 ORDER BY id",
		    twice_row, k, err, ""),
	    "change numbers");
	ran(k,
	    db_each(k->st, "change counter",
		    "SELECT coalesce((SELECT max(id) FROM revision), 0), "
		    "coalesce((SELECT seq FROM sqlite_sequence WHERE name = "
		    "'revision'), 0)",
		    counter_row, k, err, ""),
	    "change counter");
}

/* ---- the versions of each entry ---- */

/* The columns of a version in the walk (see check_versions()). */
enum {
	V_CHANGE,
	V_ENTRY,
	V_VERSION,
	V_STATUS,
	V_ACTION,
	V_MESSAGE,
	V_MESSAGE_ROW,
	V_MESSAGE_STATUS,
	V_REVERTS,
	V_REVERTED_ROW,
	V_REVERTED_ENTRY,
	V_NAME,
};

static int
is_null(sqlite3_stmt *s, int col)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL;
}

static const char *
text(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t ? (const char *)t : "";
}

/* A revert's own rules: no message, and an older change of the same
 * entry that it reverts. */
static void
revert_links(struct checker *k, sqlite3_stmt *s, long long c)
{
	long long target = sqlite3_column_int64(s, V_REVERTS);

	if (!is_null(s, V_MESSAGE))
		problem(k, "change %lld: a revert, but made by message %lld", c,
			(long long)sqlite3_column_int64(s, V_MESSAGE));
	if (is_null(s, V_REVERTS))
		problem(k, "change %lld: a revert that names no change", c);
	else if (is_null(s, V_REVERTED_ROW))
		problem(k,
			"change %lld: reverts change %lld, which does not "
			"exist",
			c, target);
	else if (sqlite3_column_int64(s, V_REVERTED_ENTRY) !=
		 sqlite3_column_int64(s, V_ENTRY))
		problem(k, "change %lld: reverts change %lld, of another entry",
			c, target);
	else if (target >= c)
		problem(k,
			"change %lld: reverts change %lld, which is not "
			"older",
			c, target);
}

/* What a change points to: its entry, its message (applied), the change
 * a revert reverts; and the status its action leaves. */
static void
change_links(struct checker *k, sqlite3_stmt *s, const char *name)
{
	long long c = sqlite3_column_int64(s, V_CHANGE);
	long long m = sqlite3_column_int64(s, V_MESSAGE);
	const char *action = text(s, V_ACTION);
	int withdrawn = strcmp(text(s, V_STATUS), "withdrawn") == 0;

	if (is_null(s, V_NAME))
		problem(k, "change %lld: its entry (row %lld) does not exist",
			c, (long long)sqlite3_column_int64(s, V_ENTRY));
	if (strcmp(action, "revert") == 0)
		revert_links(k, s, c);
	else if (is_null(s, V_MESSAGE))
		problem(k, "change %lld: no message (only a revert has none)",
			c);
	else if (is_null(s, V_MESSAGE_ROW))
		problem(k, "change %lld: message %lld does not exist", c, m);
	else if (strcmp(text(s, V_MESSAGE_STATUS), "applied") != 0)
		problem(k, "change %lld: message %lld is %s, not applied", c, m,
			text(s, V_MESSAGE_STATUS));
	if (strcmp(action, "revert") != 0 && !is_null(s, V_REVERTS))
		problem(k, "change %lld: action %s, but it reverts change %lld",
			c, action,
			(long long)sqlite3_column_int64(s, V_REVERTS));
	if (strcmp(action, "update") == 0 && withdrawn)
		problem(k, "change %lld: an update that leaves %s withdrawn", c,
			name);
	if (strcmp(action, "withdraw") == 0 && !withdrawn)
		problem(k, "change %lld: a withdrawal that leaves %s current",
			c, name);
}

/* The version after k's in the walk, of the same entry or the first of
 * the next: numbers 1, 2, ... n, in the order of change numbers; a first
 * version creates the entry; a withdrawal follows a current version. */
static void
version_order(struct checker *k, sqlite3_stmt *s, const char *name)
{
	long long c = sqlite3_column_int64(s, V_CHANGE);
	int64_t entry = sqlite3_column_int64(s, V_ENTRY);
	int64_t v = sqlite3_column_int64(s, V_VERSION);
	int withdrawn = strcmp(text(s, V_STATUS), "withdrawn") == 0;

	if (entry != k->entry) {
		k->entry = entry;
		k->version = 0;
		k->change = 0;
		k->withdrawn = 0;
	}
	if (v < 1) {
		problem(k,
			"change %lld: version %lld of %s (versions count "
			"from 1)",
			c, (long long)v, name);
		return;
	}
	if (v == k->version)
		problem(k, "entry %s: version %lld twice (changes %lld, %lld)",
			name, (long long)v, (long long)k->change, c);
	else if (v == k->version + 2)
		problem(k, "entry %s: version %lld missing", name,
			(long long)v - 1);
	else if (v > k->version + 2)
		problem(k, "entry %s: versions %lld to %lld missing", name,
			(long long)k->version + 1, (long long)v - 1);
	if (k->version > 0 && v > k->version && c < k->change)
		problem(k,
			"entry %s: version %lld is change %lld, older than "
			"change %lld of version %lld",
			name, (long long)v, c, (long long)k->change,
			(long long)k->version);
	if (v == 1 && (withdrawn || strcmp(text(s, V_ACTION), "update") != 0))
		problem(k,
			"change %lld: version 1 of %s has action %s and "
			"status %s (a first version is a current update)",
			c, name, text(s, V_ACTION), text(s, V_STATUS));
	if (k->version > 0 && k->withdrawn &&
	    strcmp(text(s, V_ACTION), "withdraw") == 0)
		problem(k,
			"change %lld: withdraws %s, which version %lld had "
			"withdrawn already",
			c, name, (long long)k->version);
	k->version = v;
	k->change = c;
	k->withdrawn = withdrawn;
}

static int
version_row(sqlite3_stmt *s, void *arg)
{
	struct checker *k = arg;
	char *unknown = NULL;
	const char *name;

	if (is_null(s, V_NAME))
		name = unknown =
			xasprintf("(entry row %lld)",
				  (long long)sqlite3_column_int64(s, V_ENTRY));
	else
		name = text(s, V_NAME);
	change_links(k, s, name);
	version_order(k, s, name);
	free(unknown);
	return 0;
}

static int
unversioned_row(sqlite3_stmt *s, void *arg)
{
	problem(arg, "entry %s: no version", text(s, 0));
	return 0;
}

static void
check_versions(struct checker *k, struct cp_error *err)
{
	/* NOT INDEXED: the table itself, whatever its indexes say (a wrong
	 * index is integrity_check's to report). */
	ran(k,
	    db_each(k->st, "versions",
		    "SELECT r.id, r.entry_id, r.version, r.status, r.action, "
		    "r.message, m.id, m.status, r.reverts, t.id, "
		    "t.entry_id, " ENTRY_NAME " FROM revision r NOT INDEXED "
		    "LEFT JOIN entry e ON e.id = r.entry_id "
		    "LEFT JOIN entity en ON en.id = e.entity_id "
		    "LEFT JOIN message m ON m.id = r.message "
		    "LEFT JOIN revision t ON t.id = r.reverts "
		    "ORDER BY r.entry_id, r.version, r.id",
		    version_row, k, err, ""),
	    "versions");
	ran(k,
	    db_each(k->st, "entries",
		    "SELECT " ENTRY_NAME " FROM entry e "
		    "LEFT JOIN entity en ON en.id = e.entity_id "
		    "WHERE NOT EXISTS (SELECT 1 FROM revision r "
		    "WHERE r.entry_id = e.id) ORDER BY e.id",
		    unversioned_row, k, err, ""),
	    "entries");
}

/* ---- the search index ----
 *
 * revision_fts (store_search.c) holds exactly the versions up to its
 * place, search_indexed.upto: each one once, none after it (the writer
 * adds those a batch at a time), none that is not in the store.  Its
 * documents are the rows of its docsize table, one per version indexed,
 * keyed by change number.  Their words are not compared: versions never
 * change once written. */

/* Changes a problem of the index names one by one; then how many more. */
#define SEARCH_NAMED 10

struct search_walk {
	struct checker *k;
	const char *is;   /* "search index: change N " + is */
	const char *more; /* "search index: and K more " + more */
	long long n;
};

static int
search_place_row(sqlite3_stmt *s, void *arg)
{
	struct checker *k = arg;
	long long rows = sqlite3_column_int64(s, 0);
	long long upto = sqlite3_column_int64(s, 1);
	long long top = sqlite3_column_int64(s, 2);

	if (rows != 1)
		problem(k,
			"search index: search_indexed has %lld rows, not "
			"one (the index's place)",
			rows);
	else if (upto > top)
		problem(k,
			"search index: its place, change %lld, is above the "
			"highest change (%lld)",
			upto, top);
	return 0;
}

static int
search_change_row(sqlite3_stmt *s, void *arg)
{
	struct search_walk *w = arg;

	if (w->n++ < SEARCH_NAMED)
		problem(w->k, "search index: change %lld %s",
			(long long)sqlite3_column_int64(s, 0), w->is);
	return 0;
}

/* Each change of sql's first column as a problem ("change N is"), the
 * first SEARCH_NAMED by number, then one line for the rest ("and K more
 * more"). */
static void
search_changes(struct checker *k, const char *sql, const char *is,
	       const char *more, struct cp_error *err)
{
	struct search_walk w = {k, is, more, 0};

	ran(k,
	    db_each(k->st, "search index", sql, search_change_row, &w, err, ""),
	    "search index");
	if (w.n > SEARCH_NAMED)
		problem(k, "search index: and %lld more %s", w.n - SEARCH_NAMED,
			more);
}

/* The place, when search_indexed has its one row (else NULL: what
 * follows from a place is not checked without one). */
#define SEARCH_UPTO                                    \
	"(SELECT max(upto) FROM search_indexed WHERE " \
	"(SELECT count(*) FROM search_indexed) = 1)"

static void
check_search(struct checker *k, struct cp_error *err)
{
	ran(k,
	    db_each(k->st, "search index",
		    "SELECT (SELECT count(*) FROM search_indexed), "
		    "(SELECT max(upto) FROM search_indexed), "
		    "(SELECT coalesce(max(id), 0) FROM revision)",
		    search_place_row, k, err, ""),
	    "search index");
	search_changes(k,
		       "SELECT r.id FROM revision r WHERE r.id <= " SEARCH_UPTO
		       " AND NOT EXISTS (SELECT 1 FROM revision_fts_docsize d "
		       "WHERE d.id = r.id) ORDER BY r.id",
		       "is not indexed", "changes not indexed", err);
	search_changes(k,
		       "SELECT d.id FROM revision_fts_docsize d WHERE NOT "
		       "EXISTS (SELECT 1 FROM revision r WHERE r.id = d.id) "
		       "ORDER BY d.id",
		       "is indexed, but it is no version in the store",
		       "indexed changes that are no version in the store", err);
	search_changes(k,
		       "SELECT d.id FROM revision_fts_docsize d WHERE d.id "
		       "> " SEARCH_UPTO " AND EXISTS (SELECT 1 "
		       "FROM revision r WHERE r.id = d.id) ORDER BY d.id",
		       "is indexed after the index's place (it would be "
		       "indexed twice)",
		       "changes indexed after the index's place", err);
}

static int
counts_row(sqlite3_stmt *s, void *arg)
{
	struct store_check_counts *out = arg;

	out->entries = sqlite3_column_int64(s, 0);
	out->changes = sqlite3_column_int64(s, 1);
	out->messages = sqlite3_column_int64(s, 2);
	return 0;
}

enum cp_status
store_check(struct store *st, store_problem_cb cb, void *arg,
	    struct store_check_counts *out, struct cp_error *err)
{
	struct checker k = {0};
	enum cp_status rc;

	memset(out, 0, sizeof(*out));
	k.st = st;
	k.cb = cb;
	k.arg = arg;
	if ((rc = store_read_begin(st, err)) != CP_OK)
		return rc;
	check_sqlite(&k, err);
	check_change_numbers(&k, err);
	check_versions(&k, err);
	check_search(&k, err);
	ran(&k,
	    db_each(st, "counts",
		    "SELECT (SELECT count(*) FROM entry), "
		    "(SELECT count(*) FROM revision), "
		    "(SELECT count(*) FROM message)",
		    counts_row, out, err, ""),
	    "counts");
	store_read_end(st);
	out->problems = k.problems;
	return CP_OK;
}
