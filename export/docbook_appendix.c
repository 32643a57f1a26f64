/* SPDX-License-Identifier: MIT */
/*
 * docbook_appendix.c - the appendices of the DocBook writer: the entity
 * x area matrix, the gap report and the changes since a date, written
 * through the primitives of docbook.c (docbook_priv.h).
 */
#include <stdlib.h>
#include <string.h>

#include "docbook.h"
#include "docbook_priv.h"
#include "field.h"
#include "revdiff.h"
#include "wdiff.h"
#include "xmalloc.h"

/* ---- the matrix ---- */

static void
entry_cell(struct dbw *c, int n)
{
	dbw_start(c, "entry");
	if (n > 0)
		dbw_textf(c, "%d", n);
	dbw_end(c);
}

void
docbook_matrix(void *w, const struct view *v)
{
	struct dbw *c = w;
	size_t i;
	int a;

	dbw_titled_start(c, "appendix", "matrix",
			 "Entities and assistance areas");
	dbw_elem(c, "para",
		 "The number of each entity's current entries in each "
		 "of the five assistance areas (an entry may be in "
		 "several areas; an empty cell means none).");
	dbw_nl(c);
	dbw_start(c, "table");
	dbw_attr(c, "xml:id", "matrix.table");
	dbw_attr(c, "frame", "all");
	dbw_elem(c, "title", "Current entries by entity and assistance area");
	dbw_start(c, "tgroup");
	dbw_attr(c, "cols", "6");
	dbw_start(c, "thead");
	dbw_start(c, "row");
	dbw_elem(c, "entry", field_table[FIELD_ENTITY].label);
	for (a = 0; a < FIELD_NAREAS; a++) {
		dbw_start(c, "entry");
		dbw_area(c, field_areas[a], strlen(field_areas[a]));
		dbw_end(c);
	}
	dbw_end(c);
	dbw_end(c);
	dbw_nl(c);
	dbw_start(c, "tbody");
	dbw_nl(c);
	for (i = 0; i < v->nents; i++) {
		const struct view_entity *e = &v->ents[i];

		if (e->n == 0)
			continue;
		dbw_start(c, "row");
		dbw_elem(c, "entry", e->code);
		for (a = 0; a < FIELD_NAREAS; a++)
			entry_cell(c, e->areas[a]);
		dbw_end(c);
		dbw_nl(c);
	}
	dbw_start(c, "row");
	dbw_attr(c, "role", "total");
	dbw_elem(c, "entry", "Total");
	for (a = 0; a < FIELD_NAREAS; a++)
		dbw_elemf(c, "entry", "%d", v->area_total[a]);
	dbw_end(c);
	dbw_nl(c);
	dbw_end(c); /* tbody */
	dbw_end(c); /* tgroup */
	dbw_end(c); /* table */
	dbw_nl(c);
	dbw_end(c);
	dbw_nl(c);
}

/* ---- the gap report ---- */

static void
list_item(struct dbw *c, const char *s)
{
	dbw_start(c, "listitem");
	dbw_elem(c, "para", s);
	dbw_end(c);
	dbw_nl(c);
}

static void
gap_section_end(struct dbw *c)
{
	dbw_nl(c);
	dbw_end(c);
	dbw_nl(c);
}

/* An itemizedlist of n items, or the para "None." */
static int
gap_list_start(struct dbw *c, size_t n)
{
	if (n == 0) {
		dbw_elem(c, "para", "None.");
		return 0;
	}
	dbw_start(c, "itemizedlist");
	dbw_nl(c);
	return 1;
}

static void
gaps_uncovered(struct dbw *c, const struct view_gaps *g)
{
	size_t i;

	dbw_titled_start(c, "section", "gaps.uncovered",
			 "Areas no entity covers");
	if (gap_list_start(c, g->nuncovered)) {
		for (i = 0; i < g->nuncovered; i++) {
			const char *a = field_areas[g->uncovered[i]];

			dbw_start(c, "listitem");
			dbw_start(c, "para");
			dbw_area(c, a, strlen(a));
			dbw_end(c);
			dbw_end(c);
			dbw_nl(c);
		}
		dbw_end(c);
	}
	gap_section_end(c);
}

static void
gaps_single(struct dbw *c, const struct view_gaps *g)
{
	char *id;
	size_t i;

	dbw_titled_start(c, "section", "gaps.single",
			 "Areas covered by one entity only");
	if (gap_list_start(c, g->nsingle)) {
		for (i = 0; i < g->nsingle; i++) {
			dbw_start(c, "listitem");
			dbw_start(c, "para");
			dbw_area(c, field_areas[g->single[i]],
				 strlen(field_areas[g->single[i]]));
			dbw_text(c, " (");
			dbw_start(c, "link");
			id = docbook_entity_id(g->single_entity[i]->code);
			dbw_attr(c, "linkend", id);
			free(id);
			dbw_text(c, g->single_entity[i]->code);
			dbw_end(c);
			dbw_text(c, ")");
			dbw_end(c);
			dbw_end(c);
			dbw_nl(c);
		}
		dbw_end(c);
	}
	gap_section_end(c);
}

static void
gaps_no_entries(struct dbw *c, const struct view_gaps *g)
{
	size_t i;

	dbw_titled_start(c, "section", "gaps.no-entries",
			 "Registered entities with no current entry");
	if (gap_list_start(c, g->nempty)) {
		for (i = 0; i < g->nempty; i++) {
			dbw_start(c, "listitem");
			dbw_start(c, "para");
			dbw_text(c, g->empty[i]->code);
			dbw_text(c, " (");
			dbw_text(c, g->empty[i]->name);
			dbw_text(c, ")");
			dbw_end(c);
			dbw_end(c);
			dbw_nl(c);
		}
		dbw_end(c);
	}
	gap_section_end(c);
}

static void
gaps_themes(struct dbw *c, const struct view_gaps *g)
{
	size_t i;

	dbw_titled_start(c, "section", "gaps.themes",
			 "Expected themes no current entry carries");
	if (gap_list_start(c, g->nthemes)) {
		for (i = 0; i < g->nthemes; i++)
			list_item(c, g->themes[i]);
		dbw_end(c);
	}
	gap_section_end(c);
}

static void
stale_item(struct dbw *c, const struct view_stale *s)
{
	char *id = docbook_entry_id(s->code, s->mandate);

	dbw_start(c, "listitem");
	dbw_start(c, "para");
	dbw_start(c, "link");
	dbw_attr(c, "linkend", id);
	dbw_text(c, s->code);
	dbw_text(c, "/");
	dbw_text(c, s->mandate);
	dbw_end(c);
	dbw_text(c, ", last changed ");
	dbw_elem_date(c, "date", s->changed);
	dbw_end(c);
	dbw_end(c);
	dbw_nl(c);
	free(id);
}

static void
gaps_stale(struct dbw *c, const struct view *v)
{
	const struct view_gaps *g = &v->gaps;
	struct view_stale s;
	char title[96];
	int r;

	snprintf(title, sizeof(title),
		 "Entries not amended for more than %d year%s", g->stale_years,
		 g->stale_years == 1 ? "" : "s");
	dbw_titled_start(c, "section", "gaps.stale", title);
	if (gap_list_start(c, g->nstale)) {
		memset(&s, 0, sizeof(s));
		while (!dbw_failed(c) && (r = view_stale_next(v, &s)) != 0)
			if (r < 0)
				dbw_lose(c); /* the list is incomplete */
			else
				stale_item(c, &s);
		view_stale_clear(&s);
		dbw_end(c);
	}
	gap_section_end(c);
}

void
docbook_gaps(void *w, const struct view *v)
{
	struct dbw *c = w;

	dbw_titled_start(c, "appendix", "gaps", "Gap report");
	dbw_elem(c, "para",
		 "Issues that may fall outside existing organizational "
		 "mandates (report of the twenty-sixth session of the "
		 "High-level Committee on Programmes, para. 48), as "
		 "of this edition.");
	dbw_nl(c);
	gaps_uncovered(c, &v->gaps);
	gaps_single(c, &v->gaps);
	gaps_no_entries(c, &v->gaps);
	gaps_themes(c, &v->gaps);
	if (v->gaps.stale_years > 0)
		gaps_stale(c, v);
	dbw_end(c);
	dbw_nl(c);
}

/* ---- the changes since a date ---- */

/* The items as members of a simplelist after "what: "; none: nothing. */
static void
write_items(struct dbw *c, const struct revdiff_items *l, const char *what,
	    int areas)
{
	size_t i;

	if (l->n == 0)
		return;
	dbw_start(c, "para");
	dbw_textf(c, "%s: ", what);
	dbw_start(c, "simplelist");
	dbw_attr(c, "type", "inline");
	for (i = 0; i < l->n; i++) {
		if (areas) {
			dbw_start(c, "member");
			dbw_area(c, l->v[i].s, l->v[i].len);
			dbw_end(c);
		} else {
			dbw_member(c, l->v[i].s, l->v[i].len);
		}
	}
	dbw_end(c);
	dbw_end(c);
}

static void
write_wdiff(struct dbw *c, const struct wdiff_op *ops, size_t nops)
{
	size_t i;

	dbw_start(c, "literallayout");
	for (i = 0; i < nops; i++) {
		switch (ops[i].kind) {
		case WDIFF_SAME:
			dbw_text_n(c, ops[i].s, ops[i].len);
			break;
		case WDIFF_DEL:
			dbw_start(c, "phrase");
			dbw_attr(c, "revisionflag", "deleted");
			dbw_text_n(c, ops[i].s, ops[i].len);
			dbw_end(c);
			break;
		case WDIFF_INS:
			dbw_start(c, "phrase");
			dbw_attr(c, "revisionflag", "added");
			dbw_text_n(c, ops[i].s, ops[i].len);
			dbw_end(c);
			break;
		}
	}
	dbw_end(c);
}

/* The revision diff of a change as a variablelist: each field that
 * changed, lists as the items removed and added, the rest word by word. */
static void
write_diff(struct dbw *c, const struct revdiff *d)
{
	size_t i;

	dbw_start(c, "variablelist");
	dbw_attr(c, "role", "diff");
	dbw_nl(c);
	if (d->status_changed) {
		dbw_varlist_start(c, "status", "Status");
		dbw_elemf(c, "para", "%s \xe2\x86\x92 %s", d->old_status,
			  d->new_status);
		dbw_varlist_end(c);
	}
	for (i = 0; i < d->n; i++) {
		const struct revdiff_field *fd = &d->v[i];

		dbw_start(c, "varlistentry");
		dbw_elem(c, "term", field_name(fd->field));
		dbw_start(c, "listitem");
		write_items(c, &fd->removed, "Removed",
			    fd->field == FIELD_AREAS);
		write_items(c, &fd->added, "Added", fd->field == FIELD_AREAS);
		if (fd->by_word)
			write_wdiff(c, fd->words, fd->nwords);
		dbw_varlist_end(c);
	}
	if (revdiff_empty(d)) {
		dbw_varlist_start(c, "none", "Fields");
		dbw_elem(c, "para", "No field changed.");
		dbw_varlist_end(c);
	}
	dbw_end(c);
	dbw_nl(c);
}

void
docbook_changes_begin(void *w, const struct view *v)
{
	struct dbw *c = w;

	dbw_start(c, "appendix");
	dbw_attr(c, "xml:id", "changes");
	dbw_nl(c);
	dbw_start(c, "title");
	dbw_text(c, "Changes since ");
	dbw_elem_date(c, "date", v->changes_since);
	dbw_end(c);
	dbw_nl(c);
	dbw_start(c, "para");
	if (v->nchanges == 0)
		dbw_text(c, "No change was made in this period.");
	else
		dbw_textf(
			c,
			"%zu change%s, oldest first, each with the difference "
			"from the version before, text removed and text added "
			"marked as such.",
			v->nchanges, v->nchanges == 1 ? "" : "s");
	dbw_end(c);
	dbw_nl(c);
}

void
docbook_change(void *w, const struct view_change *ch)
{
	struct dbw *c = w;
	const struct store_revision *r = ch->r;
	char *place, id[64];

	place = xasprintf("change %lld (%s/%s)", (long long)r->change,
			  r->f[FIELD_ENTITY], r->f[FIELD_MANDATE]);
	dbw_place(c, place);
	snprintf(id, sizeof(id), "change.%lld", (long long)r->change);
	dbw_start(c, "section");
	dbw_attr(c, "xml:id", id);
	dbw_attr(c, "role", "change");
	dbw_nl(c);
	dbw_start(c, "title");
	dbw_textf(c, "Change %lld: ", (long long)r->change);
	dbw_text(c, r->f[FIELD_ENTITY]);
	dbw_text(c, "/");
	dbw_text(c, r->f[FIELD_MANDATE]);
	dbw_textf(c, ", version %d", r->version);
	dbw_end(c);
	dbw_nl(c);
	dbw_start(c, "para");
	dbw_elem_date(c, "date", r->changed);
	dbw_text(c, ", ");
	if (r->sender) {
		const struct view *v = dbw_view(c);
		const char *name = v ? view_sender_name(v, r->sender) : NULL;

		if (name) {
			dbw_elem(c, "personname", name);
			dbw_text(c, ", ");
		}
		dbw_elem(c, "orgname", r->f[FIELD_ENTITY]);
		if (v && v->opts && v->opts->with_addresses) {
			dbw_text(c, " ");
			dbw_elem(c, "email", r->sender);
		}
	} else {
		dbw_text(c, "by a maintainer");
	}
	dbw_text(c, ": ");
	dbw_action_text(c, r->f[FIELD_ACTION], r->version, r->withdrawn,
			r->reverts);
	if (r->f[FIELD_REASON] && *r->f[FIELD_REASON]) {
		dbw_text(c, " Reason: ");
		dbw_text(c, r->f[FIELD_REASON]);
	}
	dbw_end(c);
	dbw_nl(c);
	write_diff(c, ch->diff);
	dbw_end(c);
	dbw_nl(c);
	dbw_place_done(c);
	dbw_place(c, NULL);
	free(place);
}

void
docbook_changes_end(void *w, const struct view *v)
{
	struct dbw *c = w;

	dbw_end(c);
	dbw_nl(c);
}
