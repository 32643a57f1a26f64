/* SPDX-License-Identifier: MIT */
/*
 * view_index.c - the themes of the current entries as index terms (SPEC
 * §6): spellings that differ only in case are one term, spelt as most
 * entries spell it; on a tie, as the entry received first (the lowest
 * entry row id: entries are numbered as they arrive) spells it.
 *
 * While the view reads the entries, each theme of each current entry is
 * noted with its folded spelling; view_terms_finish() sorts the notes and
 * keeps one term per fold.  Memory grows with the themes carried (a few
 * dozen bytes each) until then, and with the distinct terms after.
 */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "view.h"
#include "xmalloc.h"

static int
term_cmp(const void *a, const void *b)
{
	const struct view_term *x = a, *y = b;
	int r = strcmp(x->fold, y->fold);

	return r ? r : strcmp(x->spelling, y->spelling);
}

void
view_term_note(struct view *v, const char *s, size_t n, int64_t entry_id)
{
	struct cp_buf fold = {0};
	struct view_term *t;

	if (n == 0)
		return;
	XGROW(v->terms, v->nterms + 1, v->capterms);
	t = &v->terms[v->nterms++];
	memset(t, 0, sizeof(*t));
	t->spelling = xstrndup(s, n);
	utf8_casefold(t->spelling, &fold);
	t->fold = xstrndup(fold.s ? fold.s : "", fold.len);
	cp_buf_free(&fold);
	t->count = 1;
	t->first = entry_id;
}

/* The best spelling of the run of one fold t[0..n), sorted by spelling:
 * the one most entries carry, on a tie the lowest entry id. */
static size_t
best_of(const struct view_term *t, size_t n)
{
	size_t a, b, best = 0, best_count = 0;
	int64_t first, best_first = 0;

	for (a = 0; a < n; a = b) {
		first = t[a].first;
		for (b = a + 1;
		     b < n && strcmp(t[b].spelling, t[a].spelling) == 0; b++)
			if (t[b].first < first)
				first = t[b].first;
		if (b - a > best_count ||
		    (b - a == best_count && first < best_first)) {
			best = a;
			best_count = b - a;
			best_first = first;
		}
	}
	return best;
}

void
view_terms_finish(struct view *v)
{
	size_t i, j, k, best, out = 0;

	if (v->nterms == 0)
		return;
	qsort(v->terms, v->nterms, sizeof(*v->terms), term_cmp);
	for (i = 0; i < v->nterms; i = j) {
		for (j = i + 1; j < v->nterms &&
				strcmp(v->terms[j].fold, v->terms[i].fold) == 0;
		     j++)
			;
		best = i + best_of(v->terms + i, j - i);
		for (k = i; k < j; k++)
			if (k != best) {
				free(v->terms[k].spelling);
				free(v->terms[k].fold);
			}
		v->terms[out++] = v->terms[best];
	}
	v->nterms = out;
}

const char *
view_term(const struct view *v, const char *s, size_t n, struct cp_buf *scratch)
{
	const struct view_term *t;
	char *one = xstrndup(s, n);
	size_t lo = 0, hi = v->nterms, mid;
	int r;

	scratch->len = 0;
	utf8_casefold(one, scratch);
	free(one);
	cp_buf_addc(scratch, '\0');
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		t = &v->terms[mid];
		r = strcmp(scratch->s, t->fold);
		if (r == 0)
			return t->spelling;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void
view_terms_free(struct view *v)
{
	size_t i;

	for (i = 0; i < v->nterms; i++) {
		free(v->terms[i].fold);
		free(v->terms[i].spelling);
	}
	free(v->terms);
	v->terms = NULL;
	v->nterms = v->capterms = 0;
}
