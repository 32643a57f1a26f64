/* SPDX-License-Identifier: MIT */
/*
 * entry_write.c - an entry in the update format (entry_write.h).
 *
 * The parser (entry.c) joins the lines of a paragraph with one space after
 * trimming each, reads a continuation line " ." as a paragraph break, and
 * the text stage (text.c) reads a line "-----Original Message-----" (or a
 * row of '_') as the start of a quoted reply.  So a line is broken only at
 * a single space between two words (the join puts that space back), and
 * never so that a continuation line is "." or such a reply header on its
 * own.  Whatever the layout, the text is parsed back before it is kept.
 */
#include "entry_write.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "lines.h"
#include "reply.h"
#include "utf8.h"
#include "xmalloc.h"

/* A piece of a paragraph between two places a line may break. */
struct tok {
	const char *s; /* borrowed */
	size_t len;
	size_t width; /* characters */
};

struct toks {
	struct tok *v; /* owned */
	size_t n;
	size_t cap;
};

/* Characters (UTF-8 code points) in s[0..len). */
static size_t
width(const char *s, size_t len)
{
	size_t i, w = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

static void
add_tok(struct toks *t, const char *s, size_t len)
{
	XGROW(t->v, t->n + 1, t->cap);
	t->v[t->n].s = s;
	t->v[t->n].len = len;
	t->v[t->n++].width = width(s, len);
}

/* Cut p[0..len) at each single space that has a word on either side. */
static void
tokenize(const char *p, size_t len, struct toks *t)
{
	size_t i, start = 0;

	t->n = 0;
	for (i = 1; i + 1 < len; i++)
		if (p[i] == ' ' && !ascii_is_wsp(p[i - 1]) &&
		    !ascii_is_wsp(p[i + 1])) {
			add_tok(t, p + start, i - start);
			start = i + 1;
		}
	add_tok(t, p + start, len - start);
}

/* Tokens [i, j) joined by spaces, into b (emptied first). */
static void
join(const struct toks *t, size_t i, size_t j, struct cp_buf *b)
{
	b->len = 0;
	for (; i < j; i++) {
		if (b->len)
			cp_buf_addc(b, ' ');
		cp_buf_add(b, t->v[i].s, t->v[i].len);
	}
}

/* Ten or more '_' and nothing else: half of Outlook's reply header. */
static int
underscores(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != '_')
			return 0;
	return len >= 10;
}

/* Whether text.c would take line s[0..len) for the start of a quoted
 * reply (it cuts the rest of the part there). */
static int
reply_line(const char *s, size_t len)
{
	while (len && ascii_is_wsp(*s))
		s++, len--;
	while (len && ascii_is_wsp(s[len - 1]))
		len--;
	return reply_is_original_message(s, len) || underscores(s, len);
}

/* Whether tokens [i, j) on a continuation line would be read as something
 * else than text: a paragraph break or the start of a quoted reply. */
static int
bad_line(const struct toks *t, size_t i, size_t j, struct cp_buf *tmp)
{
	join(t, i, j, tmp);
	return (tmp->len == 1 && tmp->s[0] == '.') ||
	       reply_line(tmp->s, tmp->len);
}

/* Whether token k ends a list item ("a;"). */
static int
item_end(const struct toks *t, size_t k)
{
	return t->v[k].len > 0 && t->v[k].s[t->v[k].len - 1] == ';';
}

/*
 * Write one paragraph p[0..len): on the line already begun (pre
 * characters on it) when first, else on continuation lines.  Greedy, but a
 * continuation line that would be misread takes the next word too, or, at
 * the end, joins the line before it.  A list (items) breaks after an
 * item's ';' where the line has one, so an item stays on one line.
 */
static void
wrap(struct cp_buf *out, const char *p, size_t len, size_t pre, int first,
     int items)
{
	struct toks t = {0};
	struct cp_buf tmp = {0};
	size_t *start = NULL, nstart = 0, cap = 0, i = 0, j, k, w;

	tokenize(p, len, &t);
	while (i < t.n) {
		w = pre + 1 + t.v[i].width;
		for (j = i + 1;
		     j < t.n && w + 1 + t.v[j].width <= ENTRY_WRITE_WIDTH; j++)
			w += 1 + t.v[j].width;
		for (k = j;
		     items && j < t.n && k > i + 1 && !item_end(&t, k - 1); k--)
			;
		if (items && j < t.n && item_end(&t, k - 1))
			j = k;
		while (!(first && nstart == 0) && j < t.n &&
		       bad_line(&t, i, j, &tmp))
			j++;
		while (nstart > 0 && j == t.n && bad_line(&t, i, j, &tmp))
			i = start[--nstart];
		XGROW(start, nstart + 1, cap);
		start[nstart++] = i;
		i = j;
		pre = 0;
	}
	for (i = 0; i < nstart; i++) {
		j = i + 1 < nstart ? start[i + 1] : t.n;
		join(&t, start[i], j, &tmp);
		if (i > 0 || !first)
			cp_buf_addc(out, '\n');
		cp_buf_addc(out, ' ');
		cp_buf_add(out, tmp.s, tmp.len);
	}
	free(start);
	free(t.v);
	cp_buf_free(&tmp);
}

/* A value of paragraphs (text, dates, codes, lists made "a; b"). */
static void
write_text(struct cp_buf *out, const char *name, const char *v, int items)
{
	const char *p = v, *brk;
	size_t len;
	int first = 1;

	cp_buf_adds(out, name);
	cp_buf_addc(out, ':');
	while (*p) {
		brk = strstr(p, "\n\n");
		len = brk ? (size_t)(brk - p) : strlen(p);
		if (!first)
			cp_buf_adds(out, "\n .");
		if (len)
			wrap(out, p, len, width(name, strlen(name)) + 1, first,
			     items);
		first = 0;
		if (brk == NULL)
			break;
		p = brk + 2;
	}
	cp_buf_addc(out, '\n');
}

static void
write_field(struct cp_buf *out, enum field_id f, const char *v)
{
	const struct field_info *fi = FIELD_INFO(f);
	struct cp_buf b = {0};
	const char *it = v, *s;
	size_t n, k = 0;

	if (fi->kind == FIELD_KIND_LINKS) {
		cp_buf_adds(out, fi->name);
		cp_buf_addc(out, ':');
		while (field_list_next(&it, &s, &n)) {
			if (k++)
				cp_buf_addc(out, '\n');
			cp_buf_addc(out, ' ');
			cp_buf_add(out, s, n);
		}
		cp_buf_addc(out, '\n');
		return;
	}
	if (fi->kind == FIELD_KIND_LIST) {
		while (field_list_next(&it, &s, &n)) {
			if (b.len)
				cp_buf_adds(&b, "; ");
			cp_buf_add(&b, s, n);
		}
		write_text(out, fi->name, b.s ? b.s : "", 1);
		cp_buf_free(&b);
		return;
	}
	write_text(out, fi->name, v, 0);
}

static int
written(enum field_id f, const char *const val[FIELD_COUNT], unsigned flags)
{
	if (val[f] == NULL)
		return 0;
	return !(flags & ENTRY_WRITE_OWN) ||
	       (FIELD_INFO(f)->flags & (FIELD_OWN | FIELD_KEY));
}

/* Whether text[0..len) parses back into exactly the fields written, as
 * text.c and entry.c read mail. */
static int
reads_back(const char *text, size_t len, const char *const val[FIELD_COUNT],
	   unsigned flags)
{
	struct text_lines tl = {0};
	struct entry_list l = {0};
	struct cp_strlist errs = {0};
	struct cp_limits lim;
	const char *p = text, *end = text + len, *nl;
	unsigned lineno = 0;
	int f, ok = 1;

	cp_limits_default(&lim);
	lim.max_field_size = SIZE_MAX;
	lim.max_line_length = SIZE_MAX;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		text_lines_add(&tl, p, (size_t)(nl - p), ++lineno, 0);
		ok &= !reply_line(p, (size_t)(nl - p));
		p = nl + 1;
	}
	entry_parse_lines("entry", &tl, &lim, &l, &errs);
	ok &= l.n == 1;
	for (f = 0; ok && f < FIELD_COUNT; f++)
		ok = field_same(l.v[0].val[f],
				written(f, val, flags) ? val[f] : NULL);
	cp_strlist_free(&errs);
	entry_list_free(&l);
	text_lines_free(&tl);
	return ok;
}

enum cp_status
entry_write(const char *const val[FIELD_COUNT], unsigned flags,
	    struct cp_buf *out)
{
	size_t mark = out->len;
	int f;

	for (f = 0; f < FIELD_COUNT; f++)
		if (written(f, val, flags))
			write_field(out, f, val[f]);
	if (out->len == mark ||
	    !reads_back(out->s + mark, out->len - mark, val, flags)) {
		out->len = mark;
		if (out->s)
			out->s[mark] = '\0';
		return CP_EINVAL;
	}
	return CP_OK;
}

enum cp_status
entry_write_revision(const struct store_revision *r, unsigned flags,
		     struct cp_buf *out)
{
	return entry_write((const char *const *)r->f, flags, out);
}
