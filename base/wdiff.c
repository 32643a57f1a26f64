/* SPDX-License-Identifier: MIT */
/*
 * wdiff.c - word-level diff: Myers' O(ND) algorithm, linear-space form.
 *
 * E. W. Myers, "An O(ND) Difference Algorithm and Its Variations",
 * Algorithmica 1 (1986).  The edit graph of token sequences A (n) and B (m)
 * has a point (x, y) for each pair of prefixes; a horizontal move deletes
 * A[x], a vertical move inserts B[y], a diagonal move (free) keeps A[x] ==
 * B[y].  Diagonal k holds the points with x - y == k.  The search runs
 * from both corners at once; where a forward d-path and a backward path
 * meet, that point lies on a shortest path, and both halves are solved the
 * same way.  Only the two arrays of furthest points per diagonal are kept,
 * so memory is O(n + m).
 *
 * The furthest-point arrays are allowed to leave the grid (a move right of
 * column n or below row m): that is the plain textbook recurrence over an
 * edit graph extended with non-matching rows and columns, in which the
 * shortest path between the corners is the same.  A point found outside
 * the grid is moved back along its diagonal to the grid's edge before it
 * is used; the cost of a prefix (suffix) pair never falls (rises) along a
 * diagonal, so the moved point is still on a shortest path.
 */
#include "wdiff.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cp.h"
#include "termesc.h"
#include "xmalloc.h"

struct tok {
	const char *s; /* borrowed, into a or b */
	size_t len;
	uint64_t hash;
	size_t id; /* equal ids, equal bytes */
};

struct ctx {
	const size_t *ia, *ib; /* token ids of a and b; borrowed */
	long *vf, *vb;         /* furthest x per diagonal; owned, centred */
	long *pa, *pb;         /* matched token pairs, in order; owned */
	size_t npairs;
	int approx; /* some region given up as a whole replacement */
};

struct opvec {
	struct wdiff_op *v; /* owned */
	size_t n, cap;
};

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/*
 * Cut s into tokens: words, and white-space runs with two or more line
 * feeds (paragraph breaks).  Other white space is no token: it is the
 * glue between tokens.  With out == NULL only counts.
 */
static size_t
tokenize(const char *s, size_t len, struct tok *out)
{
	size_t i = 0, j, n = 0, nl;

	while (i < len) {
		j = i;
		if (is_ws(s[i])) {
			nl = 0;
			while (j < len && is_ws(s[j]))
				if (s[j++] == '\n')
					nl++;
			if (nl < 2) {
				i = j;
				continue;
			}
		} else {
			while (j < len && !is_ws(s[j]))
				j++;
		}
		if (out != NULL) {
			out[n].s = s + i;
			out[n].len = j - i;
		}
		n++;
		i = j;
	}
	return n;
}

static uint64_t
fnv1a(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Give equal tokens equal ids, so the search compares integers. */
static void
intern(struct tok *t, size_t n)
{
	size_t cap = 16, i, pos, next = 0, *slot;
	struct tok *u;

	while (cap < 2 * n)
		cap *= 2;
	slot = xcalloc(cap, sizeof(*slot)); /* token index + 1; 0 is free */
	for (i = 0; i < n; i++) {
		t[i].hash = fnv1a(t[i].s, t[i].len);
		pos = (size_t)t[i].hash & (cap - 1);
		for (;;) {
			if (slot[pos] == 0) {
				slot[pos] = i + 1;
				t[i].id = next++;
				break;
			}
			u = &t[slot[pos] - 1];
			if (u->hash == t[i].hash && u->len == t[i].len &&
			    memcmp(u->s, t[i].s, t[i].len) == 0) {
				t[i].id = u->id;
				break;
			}
			pos = (pos + 1) & (cap - 1);
		}
	}
	free(slot);
}

/*
 * Find a point (*x_out, *y_out), neither corner, on a shortest path
 * through the edit graph of A[0..n) and B[0..m).  Needs n, m > 0, A[0] !=
 * B[0] and A[n-1] != B[m-1] (so the distance D is at least 2).  Returns 0
 * when D is over the work bound.
 */
static int
middle(struct ctx *c, const size_t *A, long n, const size_t *B, long m,
       long *x_out, long *y_out)
{
	long *vf = c->vf, *vb = c->vb;
	long delta = n - m, dmax, limit, d, k, x, y, xc;
	int odd = delta % 2 != 0;

	dmax = (n + m + 1) / 2;
	limit = WDIFF_COST_LIMIT / (n + m);
	if (limit < 64)
		limit = 64;
	if (dmax > limit)
		dmax = limit;

	vf[1] = 0;
	vb[delta + 1] = n + 1;
	for (d = 0; d <= dmax; d++) {
		/* Forward: the furthest d-path on each diagonal k. */
		for (k = -d; k <= d; k += 2) {
			if (k == -d || (k != d && vf[k - 1] < vf[k + 1]))
				x = vf[k + 1];
			else
				x = vf[k - 1] + 1;
			y = x - k;
			while (x < n && y < m && A[x] == B[y]) {
				x++;
				y++;
			}
			vf[k] = x;
			/* Odd delta: the backward (d-1)-paths may meet it. */
			if (!odd || k < delta - (d - 1) ||
			    k > delta + (d - 1) || k < -m || k > n)
				continue;
			xc = x;
			if (xc > n)
				xc = n;
			if (xc - k > m)
				xc = m + k;
			if (vb[k] <= xc) {
				*x_out = xc;
				*y_out = xc - k;
				return 1;
			}
		}
		/* Backward: from (n, m), the smallest x on diagonal k. */
		for (k = delta - d; k <= delta + d; k += 2) {
			if (k == delta - d ||
			    (k != delta + d && vb[k + 1] <= vb[k - 1]))
				x = vb[k + 1] - 1;
			else
				x = vb[k - 1];
			y = x - k;
			while (x > 0 && y > 0 && A[x - 1] == B[y - 1]) {
				x--;
				y--;
			}
			vb[k] = x;
			/* Even delta: the forward d-paths may meet it. */
			if (odd || k < -d || k > d || k < -m || k > n)
				continue;
			xc = x;
			if (xc < 0)
				xc = 0;
			if (xc - k < 0)
				xc = k;
			if (vf[k] >= xc) {
				*x_out = xc;
				*y_out = xc - k;
				return 1;
			}
		}
	}
	return 0;
}

static void
add_pair(struct ctx *c, long i, long j)
{
	c->pa[c->npairs] = i;
	c->pb[c->npairs] = j;
	c->npairs++;
}

/*
 * Append the matched pairs of a shortest edit script of ia[a0..a1) and
 * ib[b0..b1).  The recursion is as deep as log2(D) + 1: each half has at
 * most about half the distance.
 */
static void
diff_range(struct ctx *c, long a0, long a1, long b0, long b1)
{
	long x, y, tail = 0;

	while (a0 < a1 && b0 < b1 && c->ia[a0] == c->ib[b0]) {
		add_pair(c, a0, b0);
		a0++;
		b0++;
	}
	while (a0 < a1 && b0 < b1 && c->ia[a1 - 1] == c->ib[b1 - 1]) {
		a1--;
		b1--;
		tail++;
	}
	if (a0 < a1 && b0 < b1) {
		if (middle(c, c->ia + a0, a1 - a0, c->ib + b0, b1 - b0, &x,
			   &y)) {
			assert(x + y > 0 && (x < a1 - a0 || y < b1 - b0));
			diff_range(c, a0, a0 + x, b0, b0 + y);
			diff_range(c, a0 + x, a1, b0 + y, b1);
		} else {
			c->approx = 1;
		}
	}
	while (tail-- > 0) {
		add_pair(c, a1, b1);
		a1++;
		b1++;
	}
}

static void
add_op(struct opvec *o, enum wdiff_kind kind, const char *s, size_t len)
{
	struct wdiff_op *last;

	if (len == 0)
		return;
	if (o->n > 0) {
		last = &o->v[o->n - 1];
		if (last->kind == kind) {
			/* Same-kind neighbours are always adjacent text. */
			assert(last->s + last->len == s);
			last->len += len;
			return;
		}
	}
	XGROW(o->v, o->n + 1, o->cap);
	o->v[o->n].kind = kind;
	o->v[o->n].s = s;
	o->v[o->n].len = len;
	o->n++;
}

/*
 * The text between two kept tokens (or an end): as[0..al) of a against
 * bs[0..bl) of b.  White space both share at the start and at the end
 * stays unchanged, so a changed word keeps the spaces around it and the
 * brackets hug the words: "a [-b-]{+c+} d".
 */
static void
add_region(struct opvec *o, const char *as, size_t al, const char *bs,
	   size_t bl)
{
	size_t p = 0, s = 0;

	while (p < al && p < bl && as[p] == bs[p] && is_ws(as[p]))
		p++;
	while (s < al - p && s < bl - p && as[al - 1 - s] == bs[bl - 1 - s] &&
	       is_ws(as[al - 1 - s]))
		s++;
	add_op(o, WDIFF_SAME, as, p);
	add_op(o, WDIFF_DEL, as + p, al - p - s);
	add_op(o, WDIFF_INS, bs + p, bl - p - s);
	add_op(o, WDIFF_SAME, as + al - s, s);
}

int
wdiff_compute(const char *a, size_t alen, const char *b, size_t blen,
	      struct wdiff_op **ops_out, size_t *nops_out)
{
	struct ctx c;
	struct opvec o = {NULL, 0, 0};
	struct tok *t = NULL, *ta, *tb;
	size_t *ids = NULL, n, m, i, pi, pj, ai, bj;
	long span;

	memset(&c, 0, sizeof(c));
	if (a == NULL)
		a = "";
	if (b == NULL)
		b = "";
	n = tokenize(a, alen, NULL);
	m = tokenize(b, blen, NULL);
	t = xcalloc(n + m + 1, sizeof(*t));
	ta = t;
	tb = t + n;
	tokenize(a, alen, ta);
	tokenize(b, blen, tb);
	intern(t, n + m);
	ids = xcalloc(n + m + 1, sizeof(*ids));
	for (i = 0; i < n + m; i++)
		ids[i] = t[i].id;
	c.ia = ids;
	c.ib = ids + n;

	/*
	 * Diagonals reach |delta| + d + 1 < 2 (n + m) + 4 either side of 0;
	 * subranges are smaller, so one pair of arrays serves all calls.
	 */
	span = 2 * (long)(n + m) + 4;
	c.vf = xcalloc(2 * (size_t)span + 1, sizeof(long));
	c.vb = xcalloc(2 * (size_t)span + 1, sizeof(long));
	c.vf += span;
	c.vb += span;
	c.pa = xcalloc((n < m ? n : m) + 1, sizeof(long));
	c.pb = xcalloc((n < m ? n : m) + 1, sizeof(long));

	diff_range(&c, 0, (long)n, 0, (long)m);

	/* pi, pj: where the text after the last kept token starts. */
	pi = pj = 0;
	for (i = 0; i < c.npairs; i++) {
		ai = (size_t)(ta[c.pa[i]].s - a);
		bj = (size_t)(tb[c.pb[i]].s - b);
		add_region(&o, a + pi, ai - pi, b + pj, bj - pj);
		add_op(&o, WDIFF_SAME, a + ai, ta[c.pa[i]].len);
		pi = ai + ta[c.pa[i]].len;
		pj = bj + tb[c.pb[i]].len;
	}
	add_region(&o, a + pi, alen - pi, b + pj, blen - pj);

	*ops_out = o.v;
	*nops_out = o.n;
	free(c.pb);
	free(c.pa);
	free(c.vb - span);
	free(c.vf - span);
	free(ids);
	free(t);
	return c.approx;
}

void
wdiff_free(struct wdiff_op *ops)
{
	free(ops);
}

size_t
wdiff_count_words(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (!is_ws(s[i]) && (i == 0 || is_ws(s[i - 1])))
			n++;
	return n;
}

/* Changed text in colour: each line gets its own colour span, so a pager
 * showing one line shows it right; line feeds get a visible mark. */
/* Append text s[0..len): with WDIFF_TERM_SAFE each line's content
 * through term_escape(), the line feeds as they are. */
static void
add_text(struct cp_buf *out, const char *s, size_t len, int flags)
{
	size_t i = 0, j;

	if (!(flags & WDIFF_TERM_SAFE)) {
		cp_buf_add(out, s, len);
		return;
	}
	while (i < len) {
		for (j = i; j < len && s[j] != '\n'; j++)
			;
		term_escape(s + i, j - i, out);
		for (i = j; i < len && s[i] == '\n'; i++)
			cp_buf_addc(out, '\n');
	}
}

static void
add_colored(struct cp_buf *out, const char *s, size_t len, const char *on,
	    int flags)
{
	size_t i = 0, j;

	while (i < len) {
		cp_buf_adds(out, on);
		for (j = i; j < len && s[j] != '\n'; j++)
			;
		add_text(out, s + i, j - i, flags);
		if (j < len)
			cp_buf_adds(out, "\xc2\xb6"); /* U+00B6 PILCROW SIGN */
		cp_buf_adds(out, "\033[m");
		for (i = j; i < len && s[i] == '\n'; i++)
			;
		cp_buf_add(out, s + j, i - j);
	}
}

/* A removed or added piece: coloured, or between its brackets. */
static void
add_change(struct cp_buf *out, const struct wdiff_op *op, int flags)
{
	int del = op->kind == WDIFF_DEL;

	if (flags & WDIFF_COLOR) {
		add_colored(out, op->s, op->len, del ? "\033[31m" : "\033[32m",
			    flags);
		return;
	}
	cp_buf_adds(out, del ? "[-" : "{+");
	add_text(out, op->s, op->len, flags);
	cp_buf_adds(out, del ? "-]" : "+}");
}

void
wdiff_render_ops(const struct wdiff_op *ops, size_t nops, struct cp_buf *out,
		 int flags)
{
	size_t i;

	for (i = 0; i < nops; i++) {
		if (ops[i].kind == WDIFF_SAME)
			add_text(out, ops[i].s, ops[i].len, flags);
		else
			add_change(out, &ops[i], flags);
	}
}

int
wdiff_render(const char *a, size_t alen, const char *b, size_t blen,
	     struct cp_buf *out, int flags)
{
	struct wdiff_op *ops = NULL;
	size_t nops = 0;
	int approx;

	approx = wdiff_compute(a, alen, b, blen, &ops, &nops);
	wdiff_render_ops(ops, nops, out, flags);
	wdiff_free(ops);
	return approx;
}
