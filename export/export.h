/* SPDX-License-Identifier: MIT */
/*
 * export.h - the compendium as a document (SPEC §6): the view of the
 * compendium as of a date (view.h) walked through a writer (writer.h),
 * such as the DocBook 5.0 one (docbook.h).
 */
#ifndef EXPORT_H
#define EXPORT_H

#include <stdio.h>

#include "cp.h"
#include "store.h"
#include "view.h"
#include "writer.h"

/* What an export found worth telling: characters replaced, and where. */
#define EXPORT_REPORT_PLACES 20
struct export_report {
	size_t replaced;         /* characters replaced with U+FFFD */
	size_t bad_links;        /* URLs that are no URI, written as text */
	struct cp_strlist where; /* the first EXPORT_REPORT_PLACES places */
	size_t chapters;         /* entities written */
	size_t entries;          /* current entries written */
	int64_t edition;         /* last change number as of the view */
};
/* Frees what r holds and zeroes it.  NULL is fine. */
void export_report_free(struct export_report *r);

/*
 * Write view v through writer wr to out (not closed): the book's info
 * and revision history, the preface, a chapter per entity with current
 * entries, the matrix, the gap report and, when v->changes_since is set,
 * the changes appendix.  rep (zeroed by the caller, freed with
 * export_report_free()) receives the counts.  CP_EDB when the store
 * fails, CP_EIO when out cannot be written.
 */
enum cp_status export_write(const struct view *v,
			    const struct export_writer *wr, FILE *out,
			    struct export_report *rep, struct cp_error *err);

/*
 * The compendium as of o->at through wr to out: view_build(),
 * export_write(), view_free().  Errors and rep as for those.
 */
enum cp_status export_document(struct store *st, const struct view_opts *o,
			       const struct export_writer *wr, FILE *out,
			       struct export_report *rep, struct cp_error *err);

#endif
