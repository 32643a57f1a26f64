/* SPDX-License-Identifier: MIT */
/* editdist.c - the optimal string alignment distance (editdist.h). */
#include "editdist.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xmalloc.h"

/* The code points of s, into a new array (caller frees); *n_out their
 * count. */
static unsigned *
code_points(const char *s, size_t *n_out)
{
	size_t len = strlen(s), n = 0, adv;
	unsigned *v = xcalloc(len + 1, sizeof(*v));

	while (len) {
		v[n++] = utf8_next(s, len, &adv);
		s += adv;
		len -= adv;
	}
	*n_out = n;
	return v;
}

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

size_t
edit_distance(const char *a, const char *b, size_t max)
{
	size_t na, nb, i, j, best, d;
	unsigned *x = code_points(a, &na), *y = code_points(b, &nb);
	/* Three rows of the table: i - 2, i - 1 and i. */
	size_t *r0 = xcalloc(nb + 1, sizeof(size_t));
	size_t *r1 = xcalloc(nb + 1, sizeof(size_t));
	size_t *r2 = xcalloc(nb + 1, sizeof(size_t)), *t;

	/* The lengths alone differ by more than max: no need to look. */
	if ((na > nb ? na - nb : nb - na) > max) {
		d = max + 1;
		goto out;
	}
	for (j = 0; j <= nb; j++)
		r1[j] = j;
	d = nb;
	for (i = 1; i <= na; i++) {
		r2[0] = i;
		best = i;
		for (j = 1; j <= nb; j++) {
			r2[j] = min3(r1[j] + 1, r2[j - 1] + 1,
				     r1[j - 1] + (x[i - 1] != y[j - 1]));
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] &&
			    x[i - 2] == y[j - 1] && r0[j - 2] + 1 < r2[j])
				r2[j] = r0[j - 2] + 1;
			if (r2[j] < best)
				best = r2[j];
		}
		/* Every path through this row already costs more than max. */
		if (best > max) {
			d = max + 1;
			goto out;
		}
		t = r0;
		r0 = r1;
		r1 = r2;
		r2 = t;
	}
	d = r1[nb];
out:
	free(r2);
	free(r1);
	free(r0);
	free(y);
	free(x);
	return d;
}
