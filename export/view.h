/* SPDX-License-Identifier: MIT */
/*
 * view.h - the compendium as of a date: everything an export writes,
 * computed once from the store, before and apart from any format (SPEC
 * §6).  The writers (writer.h) only format what they are given here.
 *
 * Memory stays flat however large the compendium grows: view_build()
 * keeps per entity a 32-byte sort key per current entry, the counts per
 * area and the gap report (stale entries in a temporary file); what is
 * large is read from the store one piece at a time while the document is
 * written: an entry's latest version and history (view_entry_load()),
 * the book's revision history day by day (view_days()), the changes with
 * their diffs (view_changes()).  Every read sees the store as it was
 * when view_build() began: the view holds a read transaction until
 * view_free().
 */
#ifndef VIEW_H
#define VIEW_H

#include <stdint.h>
#include <stdio.h>

#include "cp.h"
#include "field.h"
#include "revdiff.h"
#include "store.h"
#include "timeutil.h"

struct view_opts {
	const char *at;            /* borrowed: ISO UTC time; NULL: now */
	const char *changes_since; /* borrowed: ISO UTC time; NULL: none */
	const char *address;       /* borrowed: where updates go; may be NULL */
	const struct cp_strlist *expected_themes; /* borrowed; may be NULL */
	int stale_years; /* gap report; <= 0 leaves the list out */
	/* The title page ([document] of the configuration), borrowed, each
	 * may be NULL: the issuing body, the title (NULL: DOCBOOK_TITLE),
	 * a subtitle, where the site is published. */
	const char *issued_by, *title, *subtitle, *base_url;
	/* Show the focal points' addresses in revision histories and the
	 * changes appendix (else the entity and the name registered). */
	int with_addresses;
	/* Keep reverted changes and their reverts in the histories (else
	 * both are left out, SPEC §6). */
	int full_history;
};

/* A current entry's place in its chapter. */
struct view_key {
	int64_t entry_id;
	int64_t change;   /* its latest version as of the view's time */
	uint32_t rank;    /* order of its mandate in byte order */
	char adopted[11]; /* first day of the adoption date; "" when none */
};

/* A registered entity, with its current entries in chapter order: by
 * adoption date (a partial date as its first day, none last), then
 * mandate. */
struct view_entity {
	const char *code, *name; /* borrowed from the view */
	struct view_key *keys;   /* borrowed: n keys, sorted */
	size_t n;                /* current entries; 0: no chapter */
	int areas[FIELD_NAREAS]; /* current entries listing each area */
};

/* The gap report's lists (the stale entries through view_stale_next()). */
struct view_gaps {
	/* Areas (indices into field_areas[]) no current entry lists. */
	int uncovered[FIELD_NAREAS];
	size_t nuncovered;
	/* Areas only one entity's current entries list, and that entity. */
	int single[FIELD_NAREAS];
	const struct view_entity *single_entity[FIELD_NAREAS]; /* borrowed */
	size_t nsingle;
	/* Registered entities without a current entry, in code order. */
	const struct view_entity **empty; /* owned array, borrowed items */
	size_t nempty;
	/* Expected themes no current entry carries (compared as ingest does,
	 * case-insensitively over Unicode), in the configured order. */
	const char **themes; /* owned array, borrowed items */
	size_t nthemes;
	/* Current entries whose latest version is older than stale_years
	 * before the edition time; stale_years <= 0: no such list. */
	int stale_years;
	size_t nstale;
};

struct view {
	struct store *st;          /* borrowed: read until view_free() */
	char at[CP_TIME_LEN];      /* the edition's time: opts at, else now */
	char pubdate[11];          /* its day, YYYY-MM-DD */
	int64_t edition;           /* the last change number as of at */
	const char *address;       /* borrowed: where updates go; may be NULL */
	const char *changes_since; /* borrowed; NULL: no changes appendix */
	size_t nchanges;           /* changes from changes_since to at */
	struct view_entity *ents;  /* owned: every registered entity */
	size_t nents;
	int area_total[FIELD_NAREAS]; /* current entries listing each area */
	struct view_gaps gaps;
	const struct view_opts *opts; /* borrowed: as given to view_build() */

	/* private to view.c */
	int64_t *hidden; /* owned, sorted: reverted changes and reverts */
	size_t nhidden, caphidden;
	struct cp_strlist names; /* "address\tname", by address */
	struct view_term *terms; /* owned, by folded spelling */
	size_t nterms, capterms;
	struct store_entity *store_ents; /* owned: what ents borrow */
	struct view_key *keys;           /* owned: what ents[].keys borrow */
	size_t nkeys, capkeys;
	FILE *stale; /* owned: code, mandate, time, each NUL-ended */
	char cutoff[CP_TIME_LEN];
};

/*
 * The compendium as of o->at (else now) in *out (free with view_free()):
 * entities, sort keys, area counts, the gap report, the edition and, with
 * o->changes_since, the number of changes since then.  Begins a read
 * transaction that view_free() ends.  CP_EDB when the store fails, CP_EIO
 * when the temporary file for stale entries cannot be made.
 */
enum cp_status view_build(struct store *st, const struct view_opts *o,
			  struct view **out, struct cp_error *err);
/* Ends the read transaction and frees v.  NULL is fine. */
void view_free(struct view *v);

/* 1 when change is left out of the published history: a change a
 * maintainer reverted, or the revert (never with opts->full_history). */
int view_hidden(const struct view *v, int64_t change);
/* The name registered for the focal point sender (any case), or NULL. */
const char *view_sender_name(const struct view *v, const char *sender);

/* A theme of the index: its spellings that differ only in case are one
 * term, spelt as most current entries spell it (on a tie, as the entry
 * received first does). */
struct view_term {
	char *fold;     /* owned: utf8_casefold() of the spelling */
	char *spelling; /* owned: the term as the index shows it */
	/* private to view_index.c, while the entries are read */
	size_t count;
	int64_t first; /* lowest entry id carrying this spelling */
};
/* Note theme s[0..n) of a current entry (view_build()'s pass). */
void view_term_note(struct view *v, const char *s, size_t n, int64_t entry_id);
/* Merge the notes into one term per folded spelling. */
void view_terms_finish(struct view *v);
/* The index term for theme s[0..n), or NULL when it is no current
 * entry's; scratch is a buffer the caller frees. */
const char *view_term(const struct view *v, const char *s, size_t n,
		      struct cp_buf *scratch);
void view_terms_free(struct view *v);

/* One day of changes for the book's revision history. */
#define VIEW_DAY_NAMES 10 /* entries named per day before "and N more" */
struct view_day {
	char date[11];       /* YYYY-MM-DD */
	int64_t first, last; /* its first and last change numbers */
	size_t added, amended, withdrawn, reverted;
	/* "CODE/MANDATE" of the first VIEW_DAY_NAMES added and withdrawn
	 * entries, newest first. */
	struct cp_strlist added_names, withdrawn_names;
};
typedef int (*view_day_fn)(const struct view_day *d, void *arg);
/*
 * Every day on which changes were made up to the view's time, newest
 * first, one call of fn each (d is valid during the call); fn returns
 * non-zero to stop.  CP_EDB when the store fails.
 */
enum cp_status view_days(const struct view *v, view_day_fn fn, void *arg,
			 struct cp_error *err);

/* What a revision history shows of one version. */
struct view_version {
	int64_t change, reverts; /* reverts: change reverted, 0 when none */
	int version, withdrawn;
	/* owned; each may be NULL but changed */
	char *action, *changed, *sender, *reason;
};

/* A current entry: its latest version whole and all its versions. */
struct view_entry {
	struct store_revision last; /* owned */
	struct view_version *v;     /* owned: oldest first */
	size_t n, cap;
};
/*
 * The entry of key k (of one of v's entities) into out, which the caller
 * zeroes first and clears with view_entry_clear() whatever the result.
 * CP_EDB when the store fails.
 */
enum cp_status view_entry_load(const struct view *v, const struct view_key *k,
			       struct view_entry *out, struct cp_error *err);
void view_entry_clear(struct view_entry *e);

/* A stale entry (borrowed strings, valid until the next call). */
struct view_stale {
	const char *code, *mandate, *changed;
	/* private to view.c */
	char *rec[3];
	size_t cap[3];
	size_t done;
};
/*
 * The stale entries in code then mandate order, one a call: s zeroed
 * before the first call; 1 with s set, 0 after the last (s freed then),
 * -1 when the temporary file cannot be read.  view_stale_clear() frees
 * s when the walk stops early.
 */
int view_stale_next(const struct view *v, struct view_stale *s);
void view_stale_clear(struct view_stale *s);

/* A change for the changes appendix, with its diff. */
struct view_change {
	/* borrowed: the version the change made, the one before it (NULL
	 * for a new entry) and the diff from prev to r */
	const struct store_revision *r, *prev;
	const struct revdiff *diff;
};
typedef int (*view_change_fn)(const struct view_change *ch, void *arg);
/*
 * The changes from v->changes_since to the view's time, oldest first,
 * one call of fn each (ch is valid during the call); fn returns non-zero
 * to stop.  CP_EDB when the store fails.
 */
enum cp_status view_changes(const struct view *v, view_change_fn fn, void *arg,
			    struct cp_error *err);

#endif
