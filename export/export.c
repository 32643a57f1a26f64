/* SPDX-License-Identifier: MIT */
/*
 * export.c - the walk: a view handed to a writer's slots in document
 * order (see writer.h).  The reads that are too large to hold (an entry's
 * history, the days of changes, the changes with their diffs) happen
 * here, one piece at a time, between the slots.
 */
#include "export.h"

#include <string.h>

void
export_report_free(struct export_report *r)
{
	if (r == NULL)
		return;
	cp_strlist_free(&r->where);
	memset(r, 0, sizeof(*r));
}

/* A writer and its state, for the callbacks of the view. */
struct walk {
	const struct export_writer *wr;
	void *w;
};

static int
one_day(const struct view_day *d, void *arg)
{
	struct walk *wk = arg;

	wk->wr->day(wk->w, d);
	return wk->wr->failed(wk->w);
}

static enum cp_status
walk_info(const struct view *v, struct walk *wk, struct cp_error *err)
{
	enum cp_status rc;

	wk->wr->info_begin(wk->w, v);
	rc = view_days(v, one_day, wk, err);
	wk->wr->info_end(wk->w, v);
	return rc;
}

/* Each entity with current entries, each entry read whole in turn. */
static enum cp_status
walk_chapters(const struct view *v, struct walk *wk, struct export_report *rep,
	      struct cp_error *err)
{
	const struct view_entity *e;
	struct view_entry entry;
	enum cp_status rc = CP_OK;
	size_t i, j;

	for (i = 0; i < v->nents && rc == CP_OK && !wk->wr->failed(wk->w);
	     i++) {
		e = &v->ents[i];
		if (e->n == 0)
			continue;
		wk->wr->chapter_begin(wk->w, e);
		for (j = 0; j < e->n && !wk->wr->failed(wk->w); j++) {
			memset(&entry, 0, sizeof(entry));
			rc = view_entry_load(v, &e->keys[j], &entry, err);
			if (rc == CP_OK) {
				wk->wr->entry(wk->w, &entry);
				rep->entries++;
			}
			view_entry_clear(&entry);
			if (rc != CP_OK)
				break;
		}
		wk->wr->chapter_end(wk->w, e);
		rep->chapters++;
	}
	return rc;
}

static int
one_change(const struct view_change *ch, void *arg)
{
	struct walk *wk = arg;

	wk->wr->change(wk->w, ch);
	return wk->wr->failed(wk->w);
}

static enum cp_status
walk_changes(const struct view *v, struct walk *wk, struct cp_error *err)
{
	enum cp_status rc = CP_OK;

	wk->wr->changes_begin(wk->w, v);
	if (v->nchanges > 0)
		rc = view_changes(v, one_change, wk, err);
	wk->wr->changes_end(wk->w, v);
	return rc;
}

/* The parts of the book in order, until the store or the output fails. */
static enum cp_status
walk_book(const struct view *v, struct walk *wk, struct export_report *rep,
	  struct cp_error *err)
{
	enum cp_status rc;

	if ((rc = walk_info(v, wk, err)) != CP_OK)
		return rc;
	wk->wr->preface(wk->w, v);
	if ((rc = walk_chapters(v, wk, rep, err)) != CP_OK ||
	    wk->wr->failed(wk->w))
		return rc;
	wk->wr->matrix(wk->w, v);
	if (wk->wr->failed(wk->w))
		return CP_OK;
	wk->wr->gaps(wk->w, v);
	if (wk->wr->failed(wk->w) || v->changes_since == NULL)
		return CP_OK;
	return walk_changes(v, wk, err);
}

enum cp_status
export_write(const struct view *v, const struct export_writer *wr, FILE *out,
	     struct export_report *rep, struct cp_error *err)
{
	struct walk wk = {wr, NULL};
	struct cp_error werr = {0};
	enum cp_status rc, wrc;

	rep->edition = v->edition;
	if ((rc = wr->begin(out, rep, &wk.w, err)) != CP_OK)
		return rc;
	rc = walk_book(v, &wk, rep, err);
	/* The document is ended even after a store failure, which is the
	 * error told then. */
	wrc = wr->end(wk.w, rc == CP_OK ? err : &werr);
	return rc != CP_OK ? rc : wrc;
}

enum cp_status
export_document(struct store *st, const struct view_opts *o,
		const struct export_writer *wr, FILE *out,
		struct export_report *rep, struct cp_error *err)
{
	struct view *v = NULL;
	enum cp_status rc;

	if ((rc = view_build(st, o, &v, err)) != CP_OK)
		return rc;
	rc = export_write(v, wr, out, rep, err);
	view_free(v);
	return rc;
}
