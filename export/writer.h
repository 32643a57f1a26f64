/* SPDX-License-Identifier: MIT */
/*
 * writer.h - an export format: one operations table, a slot per part of
 * the document, the way isync's driver.h describes a mail store.  A
 * writer only formats: what it writes was computed by the view
 * (view.h), and export_write() (export.h) walks the view and calls the
 * slots in document order:
 *
 *	begin, info_begin, day..., info_end, preface,
 *	{chapter_begin, entry..., chapter_end}..., matrix, gaps,
 *	[changes_begin, change..., changes_end], end
 *
 * Output failures are sticky inside the writer: the slots go on
 * quietly, failed() tells the walk to stop early, end() reports it.
 */
#ifndef WRITER_H
#define WRITER_H

#include <stdio.h>

#include "cp.h"
#include "view.h"

struct export_report; /* export.h */

struct export_writer {
	/* Start a document on out (flushed, never closed); *w_out receives
	 * the writer's state, which end() frees.  Text the format cannot
	 * carry is counted in rep->replaced and rep->where.  CP_EIO. */
	enum cp_status (*begin)(FILE *out, struct export_report *rep,
				void **w_out, struct cp_error *err);
	/* The book's title, date (v->pubdate) and edition (v->edition). */
	void (*info_begin)(void *w, const struct view *v);
	/* One day of the book's revision history; days come newest first. */
	void (*day)(void *w, const struct view_day *d);
	/* End the book's information, after its last day (if any). */
	void (*info_end)(void *w, const struct view *v);
	/* How to keep the compendium up to date: v->address, the fields of
	 * the field table with their rules, an example entry. */
	void (*preface)(void *w, const struct view *v);
	/* Open the chapter of an entity with current entries (e->n > 0). */
	void (*chapter_begin)(void *w, const struct view_entity *e);
	/* One current entry of the open chapter, in e's key order. */
	void (*entry)(void *w, const struct view_entry *e);
	/* Close the chapter begun last. */
	void (*chapter_end)(void *w, const struct view_entity *e);
	/* The entity x area matrix: v->ents with entries, v->area_total. */
	void (*matrix)(void *w, const struct view *v);
	/* The gap report of v->gaps; the stale entries through
	 * view_stale_next(). */
	void (*gaps)(void *w, const struct view *v);
	/* Open the appendix of the v->nchanges changes since
	 * v->changes_since (only called when that is set). */
	void (*changes_begin)(void *w, const struct view *v);
	/* One change with its diff; oldest first. */
	void (*change)(void *w, const struct view_change *ch);
	/* Close the changes appendix. */
	void (*changes_end)(void *w, const struct view *v);
	/* Non-zero once the output is lost: the walk stops early. */
	int (*failed)(void *w);
	/* Close what is open, flush the document and free w: CP_OK, or
	 * CP_EIO when any of it could not be written. */
	enum cp_status (*end)(void *w, struct cp_error *err);
};

#endif
