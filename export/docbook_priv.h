/* SPDX-License-Identifier: MIT */
/*
 * docbook_priv.h - what the two files of the DocBook writer share (as
 * mblaze's blaze822_priv.h): the writer's state, opaque so that
 * libxml2's types stay in docbook.c, the primitives that write through
 * it, and the slots docbook_appendix.c implements.  docbook.c writes the
 * book, its info, preface and chapters; docbook_appendix.c the matrix,
 * the gap report and the changes.
 *
 * Every primitive cleans the text it is given (docbook_clean()), counts
 * what it replaced against the current place, and after a failed write
 * does nothing but keep the failure (dbw_failed()).
 */
#ifndef DOCBOOK_PRIV_H
#define DOCBOOK_PRIV_H

#include <stddef.h>
#include <stdio.h>

#include "cp.h"

#include "view.h"

struct export_report; /* export.h */

struct dbw; /* the state of one document being written (docbook.c) */

/*
 * Start an XML document on out (flushed, never closed) whose root element
 * is root in namespace ns, left open for its attributes; text the format
 * cannot carry is counted in rep.  The DocBook book and the Atom feed
 * (atom.c) are written so.  CP_EIO.
 */
enum cp_status dbw_open(FILE *out, struct export_report *rep, const char *root,
			const char *ns, struct dbw **c_out,
			struct cp_error *err);
/* Close the root and the document, flush, free c: CP_OK, or CP_EIO when
 * any of it could not be written. */
enum cp_status dbw_close(struct dbw *c, struct cp_error *err);

/* <name ...: open an element; dbw_end() closes the innermost one. */
void dbw_start(struct dbw *c, const char *name);
void dbw_end(struct dbw *c);
/* <name xml:id="id"><title>title</title>: a titled block (a preface,
 * an appendix, a section) opened, each part on its own line; close it
 * with dbw_end(). */
void dbw_titled_start(struct dbw *c, const char *name, const char *id,
		      const char *title);
/* A new line between blocks (never inside mixed content). */
void dbw_nl(struct dbw *c);
/* Text, escaped by the writer. */
void dbw_text(struct dbw *c, const char *s);
void dbw_text_n(struct dbw *c, const char *s, size_t len);
void dbw_textf(struct dbw *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An attribute of the element just opened. */
void dbw_attr(struct dbw *c, const char *name, const char *value);
/* <name>text</name> */
void dbw_elem(struct dbw *c, const char *name, const char *s);
void dbw_elemf(struct dbw *c, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* <member>s[0..len)</member> of a simplelist. */
void dbw_member(struct dbw *c, const char *s, size_t len);
/* A varlistentry with role and term, its listitem open until
 * dbw_varlist_end(). */
void dbw_varlist_start(struct dbw *c, const char *role, const char *term);
void dbw_varlist_end(struct dbw *c);
/* <name>the date s written as people write it</name> ("2 December
 * 2026", "April 2013"; cp_date_written()). */
void dbw_elem_date(struct dbw *c, const char *name, const char *s);
/* Who made a change, as a DocBook author: the entity's code (and the
 * focal point's registered name when there is one), the address only
 * with --with-addresses; a change without a sender (a revert) is the
 * maintainers'. */
void dbw_author(struct dbw *c, const char *code, const char *sender);
/* The view being written (set by the book's info). */
const struct view *dbw_view(const struct dbw *c);
/* An area as readers see it: "A. Legal measures"; a word that is no
 * area, as it is. */
void dbw_area(struct dbw *c, const char *s, size_t len);
/* What a version did, when it gives no reason ("New entry.", ...). */
void dbw_action_text(struct dbw *c, const char *action, int version,
		     int withdrawn, int64_t reverts);

/* What is being written (borrowed until the next call; NULL: none), for
 * the report of replaced characters; dbw_place_done() ends it with one
 * line in the report when something there was replaced. */
void dbw_place(struct dbw *c, const char *place);
void dbw_place_done(struct dbw *c);
/* Non-zero once the output is lost; dbw_lose() says it is. */
int dbw_failed(const struct dbw *c);
void dbw_lose(struct dbw *c);

/* The front matter (docbook_front.c): introduction, abbreviations,
 * the preface for focal points. */
void docbook_preface(void *w, const struct view *v);
/* The slots of docbook_writer that docbook_appendix.c writes (their
 * contracts in writer.h); w is a struct dbw. */
void docbook_matrix(void *w, const struct view *v);
void docbook_gaps(void *w, const struct view *v);
void docbook_changes_begin(void *w, const struct view *v);
void docbook_change(void *w, const struct view_change *ch);
void docbook_changes_end(void *w, const struct view *v);

#endif
