/* SPDX-License-Identifier: MIT */
/*
 * revdiff_text.c - a revision diff as text (revdiff_text.h): the one
 * printer of `log -p`'s layout, for the terminal (cli/change.c, escaped
 * and coloured) and for mail and the feed (plain).
 */
#include "revdiff_text.h"

#include <string.h>

#include "field.h"
#include "termesc.h"
#include "wdiff.h"

/* The colour of a removed ('-') or added ('+') line, as the word diff
 * colours its words (base/wdiff.h); NULL when not colouring. */
static const char *
sign_color(char sign, unsigned flags)
{
	if (!(flags & WDIFF_COLOR))
		return NULL;
	return sign == '-' ? "\033[31m" : "\033[32m";
}

/* One line: color, indent, s[0..n) (escaped for a terminal when flags
 * say), the colour's reset, "\n". */
static void
add_line(struct cp_buf *out, const char *color, const char *indent,
	 const char *s, size_t n, unsigned flags)
{
	if (color)
		cp_buf_adds(out, color);
	cp_buf_adds(out, indent);
	if (flags & WDIFF_TERM_SAFE)
		term_escape(s, n, out);
	else
		cp_buf_add(out, s, n);
	if (color)
		cp_buf_adds(out, "\033[m");
	cp_buf_addc(out, '\n');
}

/* Each line of s[0..len) as add_line() writes it; an empty line bare. */
static void
add_lines(struct cp_buf *out, const char *color, const char *indent,
	  const char *s, size_t len, unsigned flags)
{
	const char *end = s + len, *nl;
	size_t n;

	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (n > 0)
			add_line(out, color, indent, s, n, flags);
		else
			cp_buf_addc(out, '\n');
		s = nl ? nl + 1 : end;
	}
}

/* A value's lines as removed ('-') or added ('+'); nothing when absent. */
static void
add_side(struct cp_buf *out, const char *v, char sign, unsigned flags)
{
	char indent[] = "      - ";

	indent[6] = sign;
	if (v)
		add_lines(out, sign_color(sign, flags), indent, v, strlen(v),
			  flags);
}

/* Each item of a list field, as "      - item" or "      + item". */
static void
add_items(struct cp_buf *out, const struct revdiff_items *l, char sign,
	  unsigned flags)
{
	char indent[] = "      - ";
	size_t i;

	indent[6] = sign;
	for (i = 0; i < l->n; i++)
		add_line(out, sign_color(sign, flags), indent, l->v[i].s,
			 l->v[i].len, flags);
}

size_t
revdiff_text(const struct revdiff *d, unsigned flags, struct cp_buf *out)
{
	struct cp_buf w = {0};
	size_t i;

	if (d->status_changed)
		cp_buf_addf(out, "    Status: %s -> %s\n", d->old_status,
			    d->new_status);
	for (i = 0; i < d->n; i++) {
		const struct revdiff_field *fd = &d->v[i];

		if (fd->reordered) {
			cp_buf_addf(out, "    %s (order changed):\n",
				    field_name(fd->field));
			add_side(out, fd->old_value, '-', flags);
			add_side(out, fd->new_value, '+', flags);
			continue;
		}
		cp_buf_addf(out, "    %s:\n", field_name(fd->field));
		if (field_is_list(fd->field)) {
			add_items(out, &fd->removed, '-', flags);
			add_items(out, &fd->added, '+', flags);
		} else if (fd->field == FIELD_SUMMARY && fd->old_value &&
			   fd->new_value) {
			/* the word diff escapes (and colours) its own pieces */
			w.len = 0;
			wdiff_render_ops(fd->words, fd->nwords, &w, (int)flags);
			add_lines(out, NULL, "      ", w.s ? w.s : "", w.len,
				  0);
		} else {
			add_side(out, fd->old_value, '-', flags);
			add_side(out, fd->new_value, '+', flags);
		}
	}
	cp_buf_free(&w);
	return (size_t)d->status_changed + d->n;
}
