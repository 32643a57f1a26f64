/* SPDX-License-Identifier: MIT */
/*
 * flowed.c - RFC 3676 format=flowed decoding (see flowed.h).
 */
#include "flowed.h"

#include <string.h>

#include "cp.h"

/* One physical line taken apart: quote depth, prefix and content. */
struct phys {
	const char *s;
	size_t len;
	size_t depth;       /* leading '>' */
	size_t content_off; /* after the '>'s and one stuffing space */
	int soft;
	int separate; /* empty or signature: never joins */
};

static void
phys_parse(struct phys *p, const char *s, size_t len)
{
	const char *c;
	size_t clen, i = 0;

	p->s = s;
	p->len = len;
	while (i < len && s[i] == '>')
		i++;
	p->depth = i;
	/* Quote depth is read before un-stuffing (RFC 3676 4.4, 4.5). */
	if (i < len && s[i] == ' ')
		i++;
	p->content_off = i;
	c = s + i;
	clen = len - i;
	p->separate = clen == 0 || (clen == 3 && memcmp(c, "-- ", 3) == 0) ||
		      (clen == 2 && memcmp(c, "--", 2) == 0);
	/* The signature separator "-- " ends in a space but is fixed. */
	p->soft = clen > 0 && c[clen - 1] == ' ' &&
		  !(clen == 3 && memcmp(c, "-- ", 3) == 0);
}

void
flowed_decode(const struct text_lines *in, int delsp, struct text_lines *out)
{
	struct cp_buf para = {0};
	struct phys p;
	size_t i, depth = 0, clen;
	unsigned lineno = 0;
	int open = 0, prev_soft = 0;

	for (i = 0; i < in->n; i++) {
		phys_parse(&p, in->v[i].text, in->v[i].len);
		if (open && !(prev_soft && p.depth == depth && !p.separate)) {
			text_lines_add(out, para.s, para.len, lineno,
				       depth > 0);
			para.len = 0;
			open = 0;
		}
		if (!open) {
			open = 1;
			depth = p.depth;
			lineno = in->v[i].lineno;
			/* A quoted line keeps its prefix as written. */
			if (depth > 0)
				cp_buf_add(&para, p.s, p.content_off);
		}
		clen = p.len - p.content_off;
		if (p.soft && delsp)
			clen--;
		cp_buf_add(&para, p.s + p.content_off, clen);
		prev_soft = p.soft;
	}
	if (open)
		text_lines_add(out, para.s, para.len, lineno, depth > 0);
	cp_buf_free(&para);
}
