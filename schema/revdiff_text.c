/* SPDX-License-Identifier: MIT */
/*
 * revdiff_text.c - a revision diff as plain text (revdiff_text.h).  The
 * layout is the one cli/change.c prints for `log -p`; both must agree, and
 * tests/unit/test_revdiff_text.c pins it.
 */
#include "revdiff_text.h"

#include <string.h>

#include "field.h"
#include "wdiff.h"

/* Each line of s[0..len) with indent before it; an empty line bare. */
static void
add_lines(struct cp_buf *out, const char *indent, const char *s, size_t len)
{
	const char *end = s + len, *nl;
	size_t n;

	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (n > 0) {
			cp_buf_adds(out, indent);
			cp_buf_add(out, s, n);
		}
		cp_buf_addc(out, '\n');
		s = nl ? nl + 1 : end;
	}
}

/* A value's lines as removed ('-') or added ('+'); nothing when absent. */
static void
add_side(struct cp_buf *out, const char *v, char sign)
{
	char indent[] = "      - ";

	indent[6] = sign;
	if (v)
		add_lines(out, indent, v, strlen(v));
}

static void
add_items(struct cp_buf *out, const struct revdiff_items *l, char sign)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		cp_buf_addf(out, "      %c ", sign);
		cp_buf_add(out, l->v[i].s, l->v[i].len);
		cp_buf_addc(out, '\n');
	}
}

size_t
revdiff_text(const struct revdiff *d, struct cp_buf *out)
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
			add_side(out, fd->old_value, '-');
			add_side(out, fd->new_value, '+');
			continue;
		}
		cp_buf_addf(out, "    %s:\n", field_name(fd->field));
		if (field_is_list(fd->field)) {
			add_items(out, &fd->removed, '-');
			add_items(out, &fd->added, '+');
		} else if (fd->field == FIELD_SUMMARY && fd->old_value &&
			   fd->new_value) {
			w.len = 0;
			wdiff_render_ops(fd->words, fd->nwords, &w, 0);
			add_lines(out, "      ", w.s ? w.s : "", w.len);
		} else {
			add_side(out, fd->old_value, '-');
			add_side(out, fd->new_value, '+');
		}
	}
	cp_buf_free(&w);
	return (size_t)d->status_changed + d->n;
}
