/* SPDX-License-Identifier: MIT */
/*
 * text.c - from a decoded part to the logical lines the entry parser reads
 * (SPEC §1): lines split (or rendered from HTML by html.c), format=flowed
 * rejoined (flowed.c), quotes marked, the signature and everything after
 * it dropped, quoted replies without '>' marked from their header on.
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "flowed.h"
#include "html.h"
#include "reply.h"
#include "utf8.h"
#include "xmalloc.h"

/* Split at "\n" (NUL bytes are data), dropping one trailing CR a line. */
static void
split_lines(const char *s, size_t len, struct text_lines *out)
{
	const char *nl;
	size_t llen;
	unsigned lineno = 0;

	while (len > 0) {
		nl = memchr(s, '\n', len);
		llen = nl ? (size_t)(nl - s) : len;
		lineno++;
		text_lines_add(out, s,
			       llen > 0 && s[llen - 1] == '\r' ? llen - 1
							       : llen,
			       lineno, 0);
		if (nl == NULL)
			break;
		len -= llen + 1;
		s = nl + 1;
	}
}

/* "--" or "-- ": the signature separator (SPEC §1). */
static int
is_signature(const struct text_line *l)
{
	return (l->len == 2 && memcmp(l->text, "--", 2) == 0) ||
	       (l->len == 3 && memcmp(l->text, "-- ", 3) == 0);
}

/* Ten or more '_' and nothing else but trailing white space. */
static int
is_underscore_rule(const struct text_line *l)
{
	size_t i = 0, e = l->len;

	while (e > 0 && ascii_is_wsp(l->text[e - 1]))
		e--;
	while (i < e && l->text[i] == '_')
		i++;
	return i == e && i >= 10;
}

enum cp_status
text_part_read(const struct mime_part *part, const struct cp_limits *lim,
	       struct text_lines *out, size_t *nread, struct cp_strlist *errors)
{
	struct text_lines phys = {0}, logical = {0}, *src;
	struct text_line *l;
	enum cp_status st = CP_OK;
	size_t i;
	int reply = 0;

	if (part->is_html) {
		st = html_to_lines(part->text, part->len, &phys, errors);
		if (st != CP_OK)
			goto out;
	} else
		split_lines(part->text, part->len, &phys);

	/* Flowed applies to text/plain only (RFC 3676 §4). */
	if (part->flowed && !part->is_html) {
		flowed_decode(&phys, part->delsp, &logical);
		src = &logical;
	} else {
		for (i = 0; i < phys.n; i++)
			if (phys.v[i].len > 0 && phys.v[i].text[0] == '>')
				phys.v[i].quoted = 1;
		src = &phys;
	}

	for (i = 0; i < src->n; i++) {
		l = &src->v[i];
		if (!reply && (reply_is_original_message(l->text, l->len) ||
			       (is_underscore_rule(l) && i + 1 < src->n &&
				reply_is_from_line(src->v[i + 1].text,
						   src->v[i + 1].len))))
			reply = 1;
		if (reply)
			l->quoted = 1;
		else if (!l->quoted && is_signature(l))
			break;
		if (l->len > lim->max_line_length) {
			cp_strlist_addf(errors,
					"%s line %u: line is %zu bytes,"
					" over the limit of %zu bytes",
					part->name, l->lineno, l->len,
					lim->max_line_length);
			st = CP_ETOOBIG;
			goto out;
		}
		text_lines_move(out, l);
	}
	/* The signature separator and what follows it: kept for the
	 * reader, never read. */
	*nread = out->n;
	for (; i < src->n; i++)
		text_lines_move(out, &src->v[i]);
out:
	if (st != CP_OK)
		*nread = out->n;
	text_lines_free(&logical);
	text_lines_free(&phys);
	return st;
}

enum cp_status
text_part_lines(const struct mime_part *part, const struct cp_limits *lim,
		struct text_lines *out, struct cp_strlist *errors)
{
	enum cp_status st;
	size_t nread = 0;

	st = text_part_read(part, lim, out, &nread, errors);
	text_lines_truncate(out, nread);
	return st;
}
