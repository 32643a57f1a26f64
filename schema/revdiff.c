/* SPDX-License-Identifier: MIT */
/* revdiff.c - the field-by-field difference of two versions (revdiff.h). */
#include "revdiff.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

static const char *
status_name(const struct store_revision *r)
{
	return r == NULL ? "(none)" : r->withdrawn ? "withdrawn" : "current";
}

/* Append to out the non-empty items of a that b lacks. */
static void
list_minus(const char *a, const char *b, struct revdiff_items *out)
{
	const char *it = a, *s;
	size_t n;

	while (field_list_next(&it, &s, &n)) {
		if (n == 0 || field_list_has(b, s, n))
			continue;
		XGROW(out->v, out->n + 1, out->cap);
		out->v[out->n].s = s;
		out->v[out->n++].len = n;
	}
}

static void
words(struct revdiff_field *d)
{
	const char *a = d->old_value, *b = d->new_value;

	d->by_word = 1;
	wdiff_compute(a, a ? strlen(a) : 0, b, b ? strlen(b) : 0, &d->words,
		      &d->nwords);
}

static void
field_diff(enum field_id f, const char *a, const char *b,
	   struct revdiff_field *d)
{
	memset(d, 0, sizeof(*d));
	d->field = f;
	d->old_value = a;
	d->new_value = b;
	if (field_is_list(f)) {
		list_minus(a, b, &d->removed);
		list_minus(b, a, &d->added);
		d->reordered = d->removed.n == 0 && d->added.n == 0;
		if (d->reordered)
			words(d);
	} else {
		words(d);
	}
}

void
revdiff_compute(const struct store_revision *a, const struct store_revision *b,
		struct revdiff *out)
{
	int f;

	memset(out, 0, sizeof(*out));
	out->old_status = status_name(a);
	out->new_status = status_name(b);
	out->status_changed = a == NULL || a->withdrawn != b->withdrawn;
	for (f = 0; f < FIELD_COUNT; f++) {
		const char *av = a ? a->f[f] : NULL, *bv = b->f[f];

		if (!(field_table[f].flags & FIELD_OWN) || field_same(av, bv))
			continue;
		field_diff((enum field_id)f, av, bv, &out->v[out->n++]);
	}
}

void
revdiff_free(struct revdiff *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].removed.v);
		free(d->v[i].added.v);
		wdiff_free(d->v[i].words);
	}
	memset(d, 0, sizeof(*d));
}

int
revdiff_empty(const struct revdiff *d)
{
	return !d->status_changed && d->n == 0;
}
