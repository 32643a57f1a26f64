/* SPDX-License-Identifier: MIT */
/*
 * lines.h - a part's text as numbered lines, the structure passed between
 * the text stages: html.c and flowed.c produce it, text.c cuts it, entry.c
 * reads it.
 */
#ifndef LINES_H
#define LINES_H

#include <stddef.h>

struct text_line {
	char *text; /* owned, UTF-8, NUL-terminated, no line end */
	size_t len;
	unsigned lineno; /* 1-based line in the decoded text of the part (for
			    HTML: in the rendered text; for a flowed line
			    rejoined from several: its first line) */
	int quoted;      /* quote (">", blockquote, below a reply header): it
			    ends the block it interrupts and is never read */
};

struct text_lines {
	struct text_line *v; /* owned */
	size_t n;
	size_t cap;
};

/* Append a copy of s[0..len) as a line. */
void text_lines_add(struct text_lines *tl, const char *s, size_t len,
		    unsigned lineno, int quoted);
/* Move line l (its text included) to the end of tl; l no longer owns it. */
void text_lines_move(struct text_lines *tl, struct text_line *l);
/* Frees the lines from the n-th on (none when tl->n <= n). */
void text_lines_truncate(struct text_lines *tl, size_t n);
/* Whether l holds only spaces, tabs and CRs (or nothing). */
int text_line_is_blank(const struct text_line *l);
/* Frees the lines and the array; leaves tl zeroed.  NULL is fine. */
void text_lines_free(struct text_lines *tl);

#endif
