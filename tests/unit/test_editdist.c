/* SPDX-License-Identifier: MIT */
/*
 * test_editdist.c - edit_distance(): insertions, deletions,
 * substitutions and swaps of neighbours, counted in code points; the
 * bound (a distance over max comes back as something over max).
 */
#include <stdio.h>

#include "editdist.h"
#include "t.h"

static const struct {
	const char *a, *b;
	size_t max;
	size_t want; /* exact when <= max, else any value over max */
} cases[] = {
	{"", "", 2, 0},
	{"abc", "abc", 2, 0},
	{"", "abc", 5, 3},
	{"abc", "", 5, 3},
	{"UNODC/CCPCJ-22/8", "UNODC/CCPCJ-22/9", 2, 1},  /* replaced */
	{"UNODC/CCPCJ-22/8", "UNODC/CCPCJ-22/18", 2, 1}, /* inserted */
	{"UNODC/CCPCJ-22/8", "UNODC/CCPCJ-2/8", 2, 1},   /* deleted */
	{"UNODC/CCPCJ-22/8", "UNDOC/CCPCJ-22/8", 2, 1},  /* swapped */
	{"UNODC/CCPCJ-22/8", "UNDOC/CCPCJ-22/9", 2, 2},
	{"UNODC/CCPCJ-22/8", "UNODC/CCPJC-22/98", 2, 2},
	{"ca", "abc", 5, 3}, /* OSA: no edit of a swapped pair */
	{"kitten", "sitting", 5, 3},
	{"flaw", "lawn", 5, 2},
	{"abcdef", "badcfe", 5, 3},
	/* case is the caller's: folded names compare equal */
	{"unodc", "UNODC", 9, 5},
	/* code points, not bytes: é for e is one edit, é for è one too */
	{"caf\xc3\xa9", "cafe", 2, 1},
	{"caf\xc3\xa9", "caf\xc3\xa8", 2, 1},
	{"\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9s", 2, 1},
	/* an invalid byte is one code point */
	{"a\xff" "b", "ab", 2, 1},
	/* over the bound: by length, or by every path */
	{"UNODC/CCPCJ-22/8", "ITU/PP-10/130", 2, 3},
	{"abcd", "wxyz", 2, 3},
	{"short", "a much longer name", 2, 3},
	{"abcdefgh", "abcdefgh", 0, 0},
	{"abcdefgh", "abcdefgx", 0, 1},
};

int
main(void)
{
	char what[160];
	size_t i, got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(what, sizeof(what), "\"%s\" \"%s\" max %zu",
			 cases[i].a, cases[i].b, cases[i].max);
		got = edit_distance(cases[i].a, cases[i].b, cases[i].max);
		if (cases[i].want <= cases[i].max)
			T_INTEQ(got, cases[i].want, what);
		else
			T_CHECK(got > cases[i].max, "%s: got %zu", what, got);
		/* symmetric */
		T_INTEQ(edit_distance(cases[i].b, cases[i].a, cases[i].max),
			got, what);
	}
	return t_done("test_editdist");
}
