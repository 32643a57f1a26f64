/* SPDX-License-Identifier: MIT */
/*
 * view.c - the compendium as of a date (see view.h), read from the store
 * in passes so that memory stays flat:
 *   1. view_build(): the entries as of the view's time, once: per entity
 *      the counts per area, the expected themes carried, a small sort key
 *      per current entry (row id, change number of its latest version,
 *      adoption date, rank of its mandate in byte order), and the stale
 *      entries to a temporary file; then the keys sorted and the gap
 *      report's lists; with changes_since, the number of changes;
 *   2. view_days(): every change, newest first, one day at a time (only
 *      the columns the book's revision history shows);
 *   3. view_entry_load(): one entry's latest version by change number and
 *      its history from the index revision_history;
 *   4. view_stale_next(): the stale entries back from the temporary file;
 *   5. view_changes(): the changes since a date, each with its diff.
 */
#include "view.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xmalloc.h"

/* ---- pass 1: the entries as of the view's time ---- */

struct scan {
	struct view *v;
	size_t *first;          /* owned: per entity, its first key */
	unsigned char *carried; /* owned: per expected theme */
	const struct cp_strlist *themes;
};

static struct view_entity *
find_ent(struct view_entity *e, size_t n, const char *code)
{
	size_t lo = 0, hi = n, mid;
	int r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = strcmp(code, e[mid].code);
		if (r == 0)
			return &e[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" as its first day. */
static void
adopted_key(const char *a, char out[11])
{
	size_t n = a ? strlen(a) : 0;

	out[0] = '\0';
	if (n == 4 || n == 7 || n == 10) {
		memcpy(out, "0000-01-01", 11);
		memcpy(out, a, n);
	}
}

/* Whether the list holds item, compared as ingest compares themes. */
static int
list_has_casefold(const char *list, const char *item)
{
	const char *it = list, *s;
	size_t n;
	char *one;
	int r;

	while (field_list_next(&it, &s, &n)) {
		one = xstrndup(s, n);
		r = utf8_casecmp(one, item) == 0;
		free(one);
		if (r)
			return 1;
	}
	return 0;
}

static int
scan_entry(const struct store_revision *r, void *arg)
{
	struct scan *sc = arg;
	struct view *v = sc->v;
	struct view_entity *e;
	struct view_key *k;
	const char *it, *s;
	size_t i, n;
	int a;

	if (r->withdrawn)
		return 0;
	e = find_ent(v->ents, v->nents, r->f[FIELD_ENTITY]);
	if (e == NULL)
		return 0; /* cannot happen: entries belong to entities */
	XGROW(v->keys, v->nkeys + 1, v->capkeys);
	if (e->n == 0) /* keys of an entity are adjacent: by code */
		sc->first[e - v->ents] = v->nkeys;
	k = &v->keys[v->nkeys++];
	k->entry_id = r->entry_id;
	k->rank = (uint32_t)e->n++;
	k->change = r->change;
	/* Stale entries go to a temporary file as NUL-terminated code,
	 * mandate and time, in the order of the gap report. */
	if (v->stale && strcmp(r->changed, v->cutoff) < 0) {
		fprintf(v->stale, "%s%c%s%c%s%c", r->f[FIELD_ENTITY], 0,
			r->f[FIELD_MANDATE], 0, r->changed, 0);
		v->gaps.nstale++;
	}
	adopted_key(r->f[FIELD_ADOPTED], k->adopted);
	it = r->f[FIELD_THEMES];
	while (field_list_next(&it, &s, &n))
		view_term_note(v, s, n, r->entry_id);
	it = r->f[FIELD_AREAS];
	while (field_list_next(&it, &s, &n))
		if ((a = field_area_index(s, n)) >= 0)
			e->areas[a]++;
	if (sc->themes && r->f[FIELD_THEMES])
		for (i = 0; i < sc->themes->n; i++)
			if (!sc->carried[i] &&
			    list_has_casefold(r->f[FIELD_THEMES],
					      sc->themes->v[i]))
				sc->carried[i] = 1;
	return 0;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct view_key *x = a, *y = b;
	int r;

	if ((x->adopted[0] == '\0') != (y->adopted[0] == '\0'))
		return x->adopted[0] == '\0' ? 1 : -1;
	if ((r = strcmp(x->adopted, y->adopted)) != 0)
		return r;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* Each entity's keys, now that the array no longer moves, sorted into
 * chapter order. */
static void
sort_keys(struct view *v, const struct scan *sc)
{
	struct view_entity *e;
	size_t i;

	for (i = 0; i < v->nents; i++) {
		e = &v->ents[i];
		if (e->n == 0)
			continue;
		e->keys = v->keys + sc->first[i];
		qsort(e->keys, e->n, sizeof(*e->keys), key_cmp);
	}
}

/* The matrix's totals and the gap report's lists, from the counts. */
static void
find_gaps(struct view *v, const struct scan *sc)
{
	struct view_gaps *g = &v->gaps;
	size_t i, covering[FIELD_NAREAS] = {0};
	const struct view_entity *only[FIELD_NAREAS] = {0};
	int a;

	g->empty = xcalloc(v->nents ? v->nents : 1, sizeof(*g->empty));
	for (i = 0; i < v->nents; i++) {
		for (a = 0; a < FIELD_NAREAS; a++) {
			v->area_total[a] += v->ents[i].areas[a];
			if (v->ents[i].areas[a] > 0) {
				covering[a]++;
				only[a] = &v->ents[i];
			}
		}
		if (v->ents[i].n == 0)
			g->empty[g->nempty++] = &v->ents[i];
	}
	for (a = 0; a < FIELD_NAREAS; a++) {
		if (covering[a] == 0)
			g->uncovered[g->nuncovered++] = a;
		if (covering[a] == 1) {
			g->single[g->nsingle] = a;
			g->single_entity[g->nsingle++] = only[a];
		}
	}
	g->themes = xcalloc(sc->themes && sc->themes->n ? sc->themes->n : 1,
			    sizeof(*g->themes));
	for (i = 0; sc->themes && i < sc->themes->n; i++)
		if (!sc->carried[i])
			g->themes[g->nthemes++] = sc->themes->v[i];
}

/* The edition's time and, for the gap report, the time stale_years
 * earlier and the temporary file of stale entries. */
static enum cp_status
set_times(struct view *v, const struct view_opts *o, struct cp_error *err)
{
	int year;

	if (o->at)
		snprintf(v->at, sizeof(v->at), "%s", o->at);
	else
		cp_time_now(v->at);
	memcpy(v->pubdate, v->at, 10);
	v->pubdate[10] = '\0';
	v->gaps.stale_years = o->stale_years;
	if (o->stale_years <= 0)
		return CP_OK;
	/* Compared as text: a 29 February that does not exist still sorts
	 * right. */
	year = (v->at[0] - '0') * 1000 + (v->at[1] - '0') * 100 +
	       (v->at[2] - '0') * 10 + (v->at[3] - '0') - o->stale_years;
	snprintf(v->cutoff, sizeof(v->cutoff), "%04d%s",
		 year < 0 ? 0 : year % 10000, v->at + 4);
	if ((v->stale = tmpfile()) == NULL)
		return cp_error_set(err, CP_EIO,
				    "cannot create a temporary file: %s",
				    strerror(errno));
	return CP_OK;
}

static int
count_one(const struct store_revision *r, void *arg)
{
	struct view *v = arg;

	if (!view_hidden(v, r->change))
		v->nchanges++;
	return 0;
}

static int
hide_pair(int64_t change, int64_t reverted, void *arg)
{
	struct view *v = arg;

	XGROW(v->hidden, v->nhidden + 2, v->caphidden);
	v->hidden[v->nhidden++] = change;
	v->hidden[v->nhidden++] = reverted;
	return 0;
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int
view_hidden(const struct view *v, int64_t change)
{
	return v->nhidden > 0 && bsearch(&change, v->hidden, v->nhidden,
					 sizeof(*v->hidden), id_cmp) != NULL;
}

static int
name_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t n = strcspn(x, "\t");
	int r = strncmp(x, y, n);

	if (r != 0)
		return r;
	return y[n] == '\t' ? 0 : -1;
}

const char *
view_sender_name(const struct view *v, const char *sender)
{
	const char *const *hit;
	char *low, *p;

	if (sender == NULL || v->names.n == 0)
		return NULL;
	low = xstrdup(sender);
	for (p = low; *p; p++)
		*p = (char)ascii_lower((unsigned char)*p);
	hit = bsearch(&low, v->names.v, v->names.n, sizeof(*v->names.v),
		      name_cmp);
	free(low);
	return hit ? strchr(*hit, '\t') + 1 : NULL;
}

/* The reverted changes and their reverts (unless the full history is
 * wanted), and the focal points' names. */
static enum cp_status
read_published(struct view *v, const struct view_opts *o, struct cp_error *err)
{
	enum cp_status rc;

	if (!o->full_history) {
		if ((rc = store_reverts(v->st, v->at, hide_pair, v, err)) !=
		    CP_OK)
			return rc;
		if (v->nhidden)
			qsort(v->hidden, v->nhidden, sizeof(*v->hidden),
			      id_cmp);
	}
	return store_focal_names(v->st, &v->names, err);
}

/* Pass 1 (and the number of changes) into v. */
static enum cp_status
read_store(struct view *v, const struct view_opts *o, struct cp_error *err)
{
	struct scan sc = {v, NULL, NULL, o->expected_themes};
	size_t nents = 0, i;
	enum cp_status rc;

	if ((rc = store_last_change(v->st, v->at, &v->edition, err)) != CP_OK ||
	    (rc = read_published(v, o, err)) != CP_OK ||
	    (rc = store_entities(v->st, &v->store_ents, &nents, err)) != CP_OK)
		return rc;
	v->ents = xcalloc(nents ? nents : 1, sizeof(*v->ents));
	v->nents = nents;
	for (i = 0; i < nents; i++) {
		v->ents[i].code = v->store_ents[i].code;
		v->ents[i].name = v->store_ents[i].name;
	}
	sc.first = xcalloc(nents ? nents : 1, sizeof(*sc.first));
	sc.carried = xcalloc(sc.themes && sc.themes->n ? sc.themes->n : 1, 1);
	rc = store_entries_brief_at(v->st, v->at, scan_entry, &sc, err);
	if (rc == CP_OK) {
		sort_keys(v, &sc);
		find_gaps(v, &sc);
		view_terms_finish(v);
	}
	free(sc.carried);
	free(sc.first);
	if (rc == CP_OK && v->changes_since) {
		struct store_revision_filter f = {0};

		f.since = v->changes_since;
		f.until = v->at;
		f.oldest_first = 1;
		rc = store_revisions(v->st, &f, count_one, v, err);
	}
	return rc;
}

enum cp_status
view_build(struct store *st, const struct view_opts *o, struct view **out,
	   struct cp_error *err)
{
	struct view *v = xcalloc(1, sizeof(*v));
	enum cp_status rc;

	*out = NULL;
	v->st = st;
	v->opts = o;
	v->address = o->address;
	v->changes_since = o->changes_since;
	/* Without an explicit time, every pass reads as of the time the
	 * view was built, so changes made meanwhile do not mix into this
	 * edition: one snapshot for every pass, and one lock instead of one
	 * per statement. */
	if ((rc = set_times(v, o, err)) != CP_OK ||
	    (rc = store_read_begin(st, err)) != CP_OK ||
	    (rc = read_store(v, o, err)) != CP_OK) {
		view_free(v);
		return rc;
	}
	*out = v;
	return CP_OK;
}

void
view_free(struct view *v)
{
	if (v == NULL)
		return;
	store_read_end(v->st);
	if (v->stale)
		fclose(v->stale);
	free(v->hidden);
	cp_strlist_free(&v->names);
	view_terms_free(v);
	free(v->gaps.themes);
	free(v->gaps.empty);
	free(v->keys);
	free(v->ents);
	store_entities_free(v->store_ents, v->nents);
	free(v);
}

/* ---- pass 2: the book's revision history, one day at a time ---- */

struct days {
	const struct view *v;
	struct view_day d;
	view_day_fn fn;
	void *arg;
	int stop;
};

/* Hand the day gathered so far to fn, and start the next one. */
static void
day_flush(struct days *ds)
{
	struct view_day *d = &ds->d;

	if (d->last != 0 && !ds->stop)
		ds->stop = ds->fn(d, ds->arg);
	cp_strlist_free(&d->added_names);
	cp_strlist_free(&d->withdrawn_names);
	d->first = d->last = 0;
	d->added = d->amended = d->withdrawn = d->reverted = 0;
}

static int
day_change(const struct store_revision *r, void *arg)
{
	struct days *ds = arg;
	struct view_day *d = &ds->d;
	const char *action = r->f[FIELD_ACTION] ? r->f[FIELD_ACTION] : "";

	if (view_hidden(ds->v, r->change))
		return ds->stop;
	if (d->last != 0 && strncmp(d->date, r->changed, 10) != 0)
		day_flush(ds);
	if (d->last == 0) {
		memcpy(d->date, r->changed, 10);
		d->date[10] = '\0';
		d->last = r->change;
	}
	d->first = r->change; /* newest first: the last seen is the first */
	if (strcmp(action, "revert") == 0) {
		d->reverted++;
	} else if (r->withdrawn) {
		if (d->withdrawn++ < VIEW_DAY_NAMES)
			cp_strlist_addf(&d->withdrawn_names, "%s/%s",
					r->f[FIELD_ENTITY],
					r->f[FIELD_MANDATE]);
	} else if (r->version == 1) {
		if (d->added++ < VIEW_DAY_NAMES)
			cp_strlist_addf(&d->added_names, "%s/%s",
					r->f[FIELD_ENTITY],
					r->f[FIELD_MANDATE]);
	} else {
		d->amended++;
	}
	return ds->stop;
}

enum cp_status
view_days(const struct view *v, view_day_fn fn, void *arg, struct cp_error *err)
{
	struct days ds;
	enum cp_status rc;

	memset(&ds, 0, sizeof(ds));
	ds.v = v;
	ds.fn = fn;
	ds.arg = arg;
	rc = store_changes(v->st, v->at, day_change, &ds, err);
	day_flush(&ds);
	return rc;
}

/* ---- pass 3: one entry ---- */

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct versions {
	const struct view *v;
	struct view_entry *e;
};

static int
version_add(const struct store_revision *r, void *arg)
{
	struct versions *vs = arg;
	struct view_entry *e = vs->e;
	struct view_version *m;

	if (view_hidden(vs->v, r->change))
		return 0;
	XGROW(e->v, e->n + 1, e->cap);
	m = &e->v[e->n++];
	m->change = r->change;
	m->reverts = r->reverts;
	m->version = r->version;
	m->withdrawn = r->withdrawn;
	m->action = dup_or_null(r->f[FIELD_ACTION]);
	m->changed = xstrdup(r->changed);
	m->sender = dup_or_null(r->sender);
	m->reason = dup_or_null(r->f[FIELD_REASON]);
	return 0;
}

enum cp_status
view_entry_load(const struct view *v, const struct view_key *k,
		struct view_entry *out, struct cp_error *err)
{
	struct versions vs = {v, out};
	enum cp_status rc;

	/* The latest version whole (by change number) and the revision
	 * history of all versions (from an index). */
	if ((rc = store_revision_change(v->st, k->change, &out->last, err)) !=
	    CP_OK)
		return rc;
	return store_entry_versions(v->st, k->entry_id, v->at, version_add, &vs,
				    err);
}

void
view_entry_clear(struct view_entry *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].action);
		free(e->v[i].changed);
		free(e->v[i].sender);
		free(e->v[i].reason);
	}
	free(e->v);
	store_revision_clear(&e->last);
	memset(e, 0, sizeof(*e));
}

/* ---- pass 4: the stale entries ---- */

void
view_stale_clear(struct view_stale *s)
{
	int i;

	for (i = 0; i < 3; i++)
		free(s->rec[i]);
	memset(s, 0, sizeof(*s));
}

int
view_stale_next(const struct view *v, struct view_stale *s)
{
	int i;

	if (s->done == v->gaps.nstale) {
		view_stale_clear(s);
		return 0;
	}
	if (s->done == 0 &&
	    (fflush(v->stale) != 0 || fseek(v->stale, 0, SEEK_SET) != 0))
		return -1;
	for (i = 0; i < 3; i++)
		if (getdelim(&s->rec[i], &s->cap[i], 0, v->stale) < 0)
			return -1;
	s->code = s->rec[0];
	s->mandate = s->rec[1];
	s->changed = s->rec[2];
	s->done++;
	return 1;
}

/* ---- pass 5: the changes since a date ---- */

struct changes {
	const struct view *v;
	view_change_fn fn;
	void *arg;
	enum cp_status rc; /* a store failure inside the walk */
	struct cp_error *err;
};

static int
change_one(const struct store_revision *r, void *arg)
{
	struct changes *cs = arg;
	struct store_revision prev = {0};
	struct view_change ch = {r, NULL, NULL};
	struct revdiff d;
	int stop;

	if (view_hidden(cs->v, r->change))
		return 0;
	if (r->version > 1) {
		cs->rc = store_revision_version(cs->v->st, r->f[FIELD_ENTITY],
						r->f[FIELD_MANDATE],
						r->version - 1, &prev, cs->err);
		if (cs->rc != CP_OK) {
			store_revision_clear(&prev);
			return 1;
		}
		ch.prev = &prev;
	}
	revdiff_compute(ch.prev, r, &d);
	ch.diff = &d;
	stop = cs->fn(&ch, cs->arg);
	revdiff_free(&d);
	store_revision_clear(&prev);
	return stop;
}

enum cp_status
view_changes(const struct view *v, view_change_fn fn, void *arg,
	     struct cp_error *err)
{
	struct changes cs = {v, fn, arg, CP_OK, err};
	struct store_revision_filter f = {0};
	enum cp_status rc;

	f.since = v->changes_since;
	f.until = v->at;
	f.oldest_first = 1;
	rc = store_revisions(v->st, &f, change_one, &cs, err);
	return rc != CP_OK ? rc : cs.rc;
}
