/* SPDX-License-Identifier: MIT */
/*
 * wdiff.h - word-level difference of two texts, for `compendium log -p` and
 * `compendium diff` (the change of a Summary, a Title, any field value).
 *
 * A text is cut into words (maximal runs of bytes that are not ASCII white
 * space: space, tab, CR, LF, VT, FF; UTF-8 multibyte sequences are word
 * bytes) and paragraph breaks (a white-space run holding two or more
 * line feeds, such as the "\n\n" between Summary paragraphs).  The shortest
 * edit script over those tokens is found with Myers' O(ND) algorithm in its
 * linear-space (middle snake) form; the white space between tokens is then
 * attached to the changes so that the result rebuilds both texts exactly.
 *
 * Work is bounded: when the edit distance of a region passes about
 * WDIFF_COST_LIMIT / (tokens of a + tokens of b) (at least 64), that
 * region is given as one deletion and one insertion instead of being
 * searched further.  Memory is linear in the input size.
 */
#ifndef WDIFF_H
#define WDIFF_H

#include <stddef.h>

struct cp_buf;

/* Token comparisons the search may spend before a region falls back to a
 * whole replacement (about a tenth of a second). */
#define WDIFF_COST_LIMIT 100000000L

enum wdiff_kind {
	WDIFF_SAME, /* text of both a and b */
	WDIFF_DEL,  /* text of a only */
	WDIFF_INS,  /* text of b only */
};

/*
 * One piece of the result.  s is borrowed: it points into a for WDIFF_SAME
 * and WDIFF_DEL, into b for WDIFF_INS, and is valid as long as those are.
 * len is never 0.
 */
struct wdiff_op {
	enum wdiff_kind kind;
	const char *s; /* borrowed */
	size_t len;
};

/*
 * Compare a (alen bytes) with b (blen bytes); either may be NULL when its
 * length is 0, neither needs a NUL.  Stores an array of *nops_out ops in
 * *ops_out (NULL and 0 when both texts are empty); the caller frees it with
 * wdiff_free().  Consecutive ops never have the same kind; within one
 * change a WDIFF_DEL comes before its WDIFF_INS.  The SAME and DEL pieces
 * concatenated give a, the SAME and INS pieces give b.  Returns 1 when the
 * work bound made some region a whole replacement (the script is then not
 * the shortest), else 0.  Cannot fail (allocation failure aborts).
 */
int wdiff_compute(const char *a, size_t alen, const char *b, size_t blen,
		  struct wdiff_op **ops_out, size_t *nops_out);

/* Free what wdiff_compute() returned; NULL is fine. */
void wdiff_free(struct wdiff_op *ops);

/*
 * Count the words (not white space, not paragraph breaks) in s; with
 * wdiff_compute() it tells how many words a change removed or added.
 */
size_t wdiff_count_words(const char *s, size_t len);

/* How wdiff_render_ops() writes. */
enum wdiff_flag {
	/* Colour instead of brackets (see below). */
	WDIFF_COLOR = 1,
	/* The text of each piece through term_escape() (base/termesc.h),
	 * line feeds kept: for a terminal, since the texts come from mail. */
	WDIFF_TERM_SAFE = 2,
};

/*
 * Append to out the ops in git's `--word-diff=plain` style: unchanged
 * text as it is, removed text as "[-...-]", added text as "{+...+}".  With
 * WDIFF_COLOR in flags, removed text is red ("\033[31m" ... "\033[m") and
 * added text green ("\033[32m" ... "\033[m") without brackets; the colour
 * is closed before each line feed and opened again after it, and since a
 * removed or added line break would be invisible in colour, each run of
 * line feeds in changed text is preceded by a coloured pilcrow "\xc2\xb6"
 * (U+00B6).
 */
void wdiff_render_ops(const struct wdiff_op *ops, size_t nops,
		      struct cp_buf *out, int flags);

/*
 * wdiff_compute() and wdiff_render_ops() in one call: append the word
 * diff of a and b to out.  Works the same for a one-line value (a Title)
 * as for a multi-paragraph Summary.  Returns what wdiff_compute() returns.
 */
int wdiff_render(const char *a, size_t alen, const char *b, size_t blen,
		 struct cp_buf *out, int flags);

#endif
