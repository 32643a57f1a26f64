/* SPDX-License-Identifier: MIT */
/*
 * test_wdiff.c - the word diff: rendered output for known pairs, the
 * number of changed words (the known edit distance), exact rebuilding of
 * both texts, minimality against a brute-force LCS on random inputs, a
 * 10,000-word case, and the fall-back to a whole replacement.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp.h"
#include "t.h"
#include "wdiff.h"
#include "xmalloc.h"

#define RED "\033[31m"
#define GREEN "\033[32m"
#define OFF "\033[m"
#define PILCROW "\xc2\xb6"

static const struct {
	const char *name;
	const char *a, *b;
	const char *plain; /* --word-diff=plain rendering */
	long words;        /* words removed + added: the known D over words */
	const char *color; /* colour rendering, NULL: not checked */
} cases[] = {
	{ "identical", "alpha beta gamma", "alpha beta gamma",
	  "alpha beta gamma", 0, "alpha beta gamma" },
	{ "both empty", "", "", "", 0, "" },
	{ "empty vs text", "", "new text", "{+new text+}", 2,
	  GREEN "new text" OFF },
	{ "text vs empty", "old text", "", "[-old text-]", 2,
	  RED "old text" OFF },
	{ "one word changed in the middle", "the quick brown fox",
	  "the slow brown fox", "the [-quick-]{+slow+} brown fox", 2,
	  "the " RED "quick" OFF GREEN "slow" OFF " brown fox" },
	{ "insertion at start", "brown fox", "quick brown fox",
	  "{+quick +}brown fox", 1, NULL },
	{ "insertion at end", "brown fox", "brown fox jumps",
	  "brown fox{+ jumps+}", 1, NULL },
	{ "deletion in the middle", "a b c", "a c", "a [-b -]c", 1, NULL },
	{ "deletion at start", "a b c", "b c", "[-a -]b c", 1, NULL },
	{ "deletion at end", "a b c", "a b", "a b[- c-]", 1, NULL },
	{ "two separate changes", "a b c d e", "a x c y e",
	  "a [-b-]{+x+} c [-d-]{+y+} e", 4, NULL },
	{ "several words replaced by one", "one two three four",
	  "one 2 four", "one [-two three-]{+2+} four", 3, NULL },
	{ "paragraph added", "First para.", "First para.\n\nSecond para.",
	  "First para.{+\n\nSecond para.+}", 2,
	  "First para." GREEN PILCROW OFF "\n\n" GREEN "Second para." OFF },
	{ "paragraph removed", "P1.\n\nP2 x.\n\nP3.", "P1.\n\nP3.",
	  "P1.\n\n[-P2 x.\n\n-]P3.", 2, NULL },
	{ "paragraph break joined", "end.\n\nStart", "end. Start",
	  "end.[-\n\n-]{+ +}Start", 0,
	  "end." RED PILCROW OFF "\n\n" GREEN " " OFF "Start" },
	{ "paragraph split", "end. Start", "end.\n\nStart",
	  "end.[- -]{+\n\n+}Start", 0, NULL },
	{ "word changed in second paragraph", "A b.\n\nC d e.",
	  "A b.\n\nC x e.", "A b.\n\nC [-d-]{+x+} e.", 2, NULL },
	{ "reordering", "one two three", "three one two",
	  "{+three +}one two[- three-]", 2, NULL },
	{ "swap of two words", "red green", "green red",
	  "{+green +}red[- green-]", 2, NULL },
	{ "white space only added", "a b", "a  b", "a {+ +}b", 0, NULL },
	{ "leading and trailing space kept", " x ", " y ", " [-x-]{+y+} ", 2,
	  NULL },
	{ "unicode word changed",
	  "caf\xc3\xa9 na\xc3\xafve r\xc3\xa9sum\xc3\xa9",
	  "caf\xc3\xa9 na\xc3\xaf" "f r\xc3\xa9sum\xc3\xa9",
	  "caf\xc3\xa9 [-na\xc3\xafve-]{+na\xc3\xaf" "f+} r\xc3\xa9sum\xc3\xa9",
	  2, NULL },
	{ "unicode word inserted", "Zusammenarbeit f\xc3\xbcr Entwicklung",
	  "Zusammenarbeit f\xc3\xbcr nachhaltige Entwicklung",
	  "Zusammenarbeit f\xc3\xbcr {+nachhaltige +}Entwicklung", 1, NULL },
	{ "CJK words", "\xe5\x9b\xbd\xe9\x99\x85 \xe5\x90\x88\xe4\xbd\x9c",
	  "\xe5\x9b\xbd\xe9\x99\x85 \xe5\xae\x89\xe5\x85\xa8",
	  "\xe5\x9b\xbd\xe9\x99\x85 [-\xe5\x90\x88\xe4\xbd\x9c-]"
	  "{+\xe5\xae\x89\xe5\x85\xa8+}", 2, NULL },
	{ "no-break space is part of a word", "a\xc2\xa0" "b c", "a b c",
	  "[-a\xc2\xa0" "b-]{+a b+} c", 3, NULL },
	{ "title: word added and case changed", "Cybercrime repository",
	  "Central cybercrime repository",
	  "[-Cybercrime-]{+Central cybercrime+} repository", 3, NULL },
	{ "title: identical one word", "Mandate", "Mandate", "Mandate", 0,
	  NULL },
	{ "tab and newline glue", "a\tb\nc", "a\tx\nc",
	  "a\t[-b-]{+x+}\nc", 2, NULL },
	{ "everything different", "a b", "c d", "[-a b-]{+c d+}", 4, NULL },
};

/* Words and paragraph breaks in s, as the diff counts tokens. */
static size_t
count_tokens(const char *s, size_t len)
{
	size_t i = 0, n = 0, nl;

	while (i < len) {
		if (strchr(" \t\n\r\v\f", s[i]) != NULL) {
			nl = 0;
			while (i < len && strchr(" \t\n\r\v\f", s[i]) != NULL)
				if (s[i++] == '\n')
					nl++;
			if (nl >= 2)
				n++;
		} else {
			while (i < len && strchr(" \t\n\r\v\f", s[i]) == NULL)
				i++;
			n++;
		}
	}
	return n;
}

/*
 * Check the ops against a and b: same+del rebuild a, same+ins rebuild b,
 * no empty op, no two neighbours of one kind, DEL before INS.  Returns
 * the changed words (or tokens, with tokens != 0).
 */
static long
check_ops(const char *what, const char *a, size_t alen, const char *b,
	  size_t blen, const struct wdiff_op *ops, size_t nops, int tokens)
{
	struct cp_buf ra = { 0 }, rb = { 0 };
	size_t i;
	long changed = 0;
	int shape_ok = 1;

	for (i = 0; i < nops; i++) {
		if (ops[i].len == 0)
			shape_ok = 0;
		if (i > 0 && ops[i].kind == ops[i - 1].kind)
			shape_ok = 0;
		if (i > 0 && ops[i].kind == WDIFF_DEL &&
		    ops[i - 1].kind == WDIFF_INS)
			shape_ok = 0;
		if (ops[i].kind != WDIFF_INS)
			cp_buf_add(&ra, ops[i].s, ops[i].len);
		if (ops[i].kind != WDIFF_DEL)
			cp_buf_add(&rb, ops[i].s, ops[i].len);
		if (ops[i].kind == WDIFF_SAME)
			continue;
		if (tokens)
			changed += (long)count_tokens(ops[i].s, ops[i].len);
		else
			changed += (long)wdiff_count_words(ops[i].s,
							   ops[i].len);
	}
	T_CHECK(shape_ok, "%s: ops shape", what);
	T_CHECK(ra.len == alen && (alen == 0 || memcmp(ra.s, a, alen) == 0),
		"%s: same+del does not rebuild a", what);
	T_CHECK(rb.len == blen && (blen == 0 || memcmp(rb.s, b, blen) == 0),
		"%s: same+ins does not rebuild b", what);
	cp_buf_free(&ra);
	cp_buf_free(&rb);
	return changed;
}

static void
test_table(void)
{
	struct cp_buf out = { 0 };
	struct wdiff_op *ops;
	size_t i, nops;
	long words;
	int approx;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *a = cases[i].a, *b = cases[i].b;

		approx = wdiff_compute(a, strlen(a), b, strlen(b), &ops,
				       &nops);
		T_INTEQ(approx, 0, cases[i].name);
		words = check_ops(cases[i].name, a, strlen(a), b, strlen(b),
				  ops, nops, 0);
		T_INTEQ(words, cases[i].words, cases[i].name);
		wdiff_free(ops);

		wdiff_render(a, strlen(a), b, strlen(b), &out, 0);
		T_STREQ(out.s ? out.s : "", cases[i].plain, cases[i].name);
		cp_buf_free(&out);
		if (cases[i].color != NULL) {
			wdiff_render(a, strlen(a), b, strlen(b), &out, 1);
			T_STREQ(out.s ? out.s : "", cases[i].color,
				cases[i].name);
			cp_buf_free(&out);
		}
	}

	/* Both empty: no ops at all; NULL texts with length 0 are fine. */
	ops = (struct wdiff_op *)&out;
	nops = 99;
	wdiff_compute(NULL, 0, NULL, 0, &ops, &nops);
	T_CHECK(ops == NULL && nops == 0, "empty: %zu ops", nops);
	wdiff_free(ops);
	wdiff_free(NULL);

	/* wdiff_render appends. */
	cp_buf_adds(&out, "Title: ");
	wdiff_render("Old", 3, "New", 3, &out, 0);
	T_STREQ(out.s, "Title: [-Old-]{+New+}", "render appends");
	cp_buf_free(&out);
}

static const struct {
	const char *s;
	size_t words;
} count_cases[] = {
	{ "", 0 },
	{ "   ", 0 },
	{ "one", 1 },
	{ " one  two\n\nthree ", 3 },
	{ "caf\xc3\xa9\xc2\xa0noir", 1 },
};

static void
test_count(void)
{
	size_t i;

	for (i = 0; i < sizeof(count_cases) / sizeof(count_cases[0]); i++)
		T_INTEQ(wdiff_count_words(count_cases[i].s,
					  strlen(count_cases[i].s)),
			count_cases[i].words, count_cases[i].s);
}

static uint32_t rng_state = 12345;

static uint32_t
rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 8) & 0xffffff;
}

#define PARA (-1)

/* Build text from a token list: words "w<N>", PARA as "\n\n"; one space
 * between words (one or two with vary), none beside a paragraph break. */
static void
build(struct cp_buf *out, const int *tok, size_t n, int vary)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (tok[i] == PARA) {
			cp_buf_adds(out, "\n\n");
			continue;
		}
		if (i > 0 && tok[i - 1] != PARA)
			cp_buf_adds(out, vary && rng() % 4 == 0 ? "  " : " ");
		cp_buf_addf(out, "w%d", tok[i]);
	}
	if (out->s == NULL)
		cp_buf_adds(out, "");
}

/* n + m - 2 LCS, by the textbook table, in two rows. */
static long
brute_distance(const int *x, size_t n, const int *y, size_t m)
{
	long *prev = xcalloc(m + 1, sizeof(long));
	long *cur = xcalloc(m + 1, sizeof(long));
	long *sw, lcs;
	size_t i, j;

	for (i = 1; i <= n; i++) {
		cur[0] = 0;
		for (j = 1; j <= m; j++) {
			if (x[i - 1] == y[j - 1])
				cur[j] = prev[j - 1] + 1;
			else
				cur[j] = prev[j] > cur[j - 1] ? prev[j]
							      : cur[j - 1];
		}
		sw = prev;
		prev = cur;
		cur = sw;
	}
	lcs = prev[m];
	free(prev);
	free(cur);
	return (long)(n + m) - 2 * lcs;
}

/* Random token lists; never two paragraph breaks in a row. */
static size_t
random_tokens(int *tok, size_t maxn, int alphabet, int paras)
{
	size_t n = rng() % (maxn + 1), i;

	for (i = 0; i < n; i++) {
		if (paras && rng() % 5 == 0 && (i == 0 || tok[i - 1] != PARA))
			tok[i] = PARA;
		else
			tok[i] = (int)(rng() % (unsigned)alphabet);
	}
	return n;
}

/* The edit script is minimal: its changed tokens equal the brute-force
 * distance, on many random small pairs. */
static void
test_random_minimal(void)
{
	int x[40], y[40], bad = 0, iter;
	struct cp_buf ba = { 0 }, bb = { 0 };
	struct wdiff_op *ops;
	size_t n, m, nops;
	long got, want;
	char what[64];

	for (iter = 0; iter < 4000; iter++) {
		int alphabet = 2 + (int)(rng() % 5);
		size_t maxn = iter < 2000 ? 12 : 40;

		n = random_tokens(x, maxn, alphabet, iter % 2);
		m = random_tokens(y, maxn, alphabet, iter % 2);
		build(&ba, x, n, 1);
		build(&bb, y, m, 1);
		snprintf(what, sizeof(what), "random %d", iter);
		wdiff_compute(ba.s, ba.len, bb.s, bb.len, &ops, &nops);
		got = check_ops(what, ba.s, ba.len, bb.s, bb.len, ops, nops, 1);
		want = brute_distance(x, n, y, m);
		if (got != want) {
			bad++;
			if (bad < 5)
				fprintf(stderr, "%s: got %ld want %ld\n  a=%s\n"
						"  b=%s\n",
					what, got, want, ba.s, bb.s);
		}
		wdiff_free(ops);
		cp_buf_free(&ba);
		cp_buf_free(&bb);
	}
	T_INTEQ(bad, 0, "random pairs with a non-minimal script");
}

/* Two 10,000-word texts with 1% changes: exact rebuild, no fall-back,
 * and the distance equals the brute-force one. */
static void
test_large(void)
{
	enum { N = 10000 };
	int *x = xcalloc(N + 1, sizeof(int));
	int *y = xcalloc(2 * N, sizeof(int));
	struct cp_buf ba = { 0 }, bb = { 0 };
	struct wdiff_op *ops;
	size_t i, n = N, m = 0, nops;
	long got, want;
	int approx;

	for (i = 0; i < n; i++)
		x[i] = (i % 97 == 96) ? PARA : (int)(rng() % 3000);
	for (i = 0; i < n; i++) {
		uint32_t r = rng() % 300;

		if (r == 0 && x[i] != PARA) { /* replace */
			y[m++] = 5000 + (int)(rng() % 1000);
		} else if (r == 1) { /* delete */
			continue;
		} else if (r == 2 && x[i] != PARA) { /* insert before */
			y[m++] = 5000 + (int)(rng() % 1000);
			y[m++] = x[i];
		} else {
			y[m++] = x[i];
		}
	}
	build(&ba, x, n, 0);
	build(&bb, y, m, 0);
	T_CHECK(ba.len < 96 * 1024 && bb.len < 96 * 1024, "sizes %zu %zu",
		ba.len, bb.len);
	approx = wdiff_compute(ba.s, ba.len, bb.s, bb.len, &ops, &nops);
	T_INTEQ(approx, 0, "large: no fall-back");
	got = check_ops("large", ba.s, ba.len, bb.s, bb.len, ops, nops, 1);
	want = brute_distance(x, n, y, m);
	T_INTEQ(got, want, "large: minimal distance");
	T_CHECK(want > 50 && want < 300, "large: distance %ld", want);
	wdiff_free(ops);
	cp_buf_free(&ba);
	cp_buf_free(&bb);
	free(x);
	free(y);
}

/* A distance far over the work bound: the middle becomes one deletion and
 * one insertion, the common ends stay, both texts still rebuild. */
static void
test_fallback(void)
{
	enum { N = 30000 };
	int *x = xcalloc(N, sizeof(int)), *y = xcalloc(N, sizeof(int));
	struct cp_buf ba = { 0 }, bb = { 0 };
	struct wdiff_op *ops;
	size_t i, nops;
	int approx;

	for (i = 0; i < N; i++) {
		x[i] = (int)i;
		y[i] = i % 4 == 1 ? (int)(N + i) : (int)i;
	}
	build(&ba, x, N, 0);
	build(&bb, y, N, 0);
	approx = wdiff_compute(ba.s, ba.len, bb.s, bb.len, &ops, &nops);
	T_INTEQ(approx, 1, "fallback: reported");
	check_ops("fallback", ba.s, ba.len, bb.s, bb.len, ops, nops, 1);
	T_INTEQ(nops, 4, "fallback: op count");
	if (nops == 4) {
		T_CHECK(ops[0].kind == WDIFF_SAME && ops[0].len == 3 &&
				memcmp(ops[0].s, "w0 ", 3) == 0,
			"fallback: common start");
		T_CHECK(ops[1].kind == WDIFF_DEL && ops[2].kind == WDIFF_INS,
			"fallback: one replacement");
		T_CHECK(ops[3].kind == WDIFF_SAME &&
				wdiff_count_words(ops[3].s, ops[3].len) == 2,
			"fallback: common end");
	}
	wdiff_free(ops);
	cp_buf_free(&ba);
	cp_buf_free(&bb);
	free(x);
	free(y);
}

int
main(void)
{
	test_table();
	test_count();
	test_random_minimal();
	test_large();
	test_fallback();
	return t_done("wdiff");
}
