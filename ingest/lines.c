/* SPDX-License-Identifier: MIT */
/* lines.c - a part's text as numbered lines (see lines.h). */
#include "lines.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xmalloc.h"

void
text_lines_add(struct text_lines *tl, const char *s, size_t len,
	       unsigned lineno, int quoted)
{
	struct text_line *l;

	XGROW(tl->v, tl->n + 1, tl->cap);
	l = &tl->v[tl->n++];
	l->text = xmalloc(len + 1);
	if (len)
		memcpy(l->text, s, len);
	l->text[len] = '\0';
	l->len = len;
	l->lineno = lineno;
	l->quoted = quoted;
}

void
text_lines_move(struct text_lines *tl, struct text_line *l)
{
	XGROW(tl->v, tl->n + 1, tl->cap);
	tl->v[tl->n++] = *l;
	l->text = NULL;
	l->len = 0;
}

void
text_lines_truncate(struct text_lines *tl, size_t n)
{
	while (tl->n > n)
		free(tl->v[--tl->n].text);
}

void
text_lines_free(struct text_lines *tl)
{
	size_t i;

	if (tl == NULL)
		return;
	for (i = 0; i < tl->n; i++)
		free(tl->v[i].text);
	free(tl->v);
	tl->v = NULL;
	tl->n = tl->cap = 0;
}

int
text_line_is_blank(const struct text_line *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (!ascii_is_wsp(l->text[i]) && l->text[i] != '\r')
			return 0;
	return 1;
}
