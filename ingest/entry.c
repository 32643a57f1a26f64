/* SPDX-License-Identifier: MIT */
/*
 * entry.c - the deb822 entry parser of SPEC §1.
 *
 * A part's logical lines fall into blocks: runs of lines that are neither
 * blank nor quoted.  A block is an entry when one of its lines is a
 * `Mandate:` field.  Lines above the first line that names a known field
 * are prose; from there on every line must be a field or a continuation.
 */
#include "entry.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "uri.h"
#include "utf8.h"
#include "xmalloc.h"

void
entry_list_free(struct entry_list *l)
{
	size_t i;
	int f;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].part);
		for (f = 0; f < FIELD_COUNT; f++)
			free(l->v[i].val[f]);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

char *
entry_name(const struct entry *e)
{
	const char *ent = e->val[FIELD_ENTITY], *man = e->val[FIELD_MANDATE];

	return xasprintf("%s/%s", ent && *ent ? ent : "?",
			 man && *man ? man : "?");
}

/* ---- lines ---- */

/*
 * A field line is `Name: value` at column 0, Name a letter followed by
 * letters, digits, '-' or '_'.  White space between the name and the colon
 * is tolerated (hand-typed mail has it).  On success *nlen is the name's
 * length and *voff the offset of the value.
 */
static int
field_syntax(const struct text_line *l, size_t *nlen, size_t *voff)
{
	size_t i = 0, n;
	char c;

	if (l->len == 0)
		return 0;
	c = l->text[0];
	if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
		return 0;
	for (i = 1; i < l->len; i++) {
		c = l->text[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			break;
	}
	n = i;
	while (i < l->len && ascii_is_wsp(l->text[i]))
		i++;
	if (i >= l->len || l->text[i] != ':')
		return 0;
	*nlen = n;
	*voff = i + 1;
	return 1;
}

static void
trim(const char **s, size_t *len)
{
	while (*len && (ascii_is_wsp(**s) || **s == '\r'))
		(*s)++, (*len)--;
	while (*len && (ascii_is_wsp((*s)[*len - 1]) || (*s)[*len - 1] == '\r'))
		(*len)--;
}

/* ---- errors ---- */

struct ctx {
	const char *part;
	const struct cp_limits *lim;
	struct cp_strlist *errors;
	enum cp_status st;
};

static void fail(struct ctx *c, enum cp_status st, unsigned line,
		 const struct entry *e, int field, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void
fail(struct ctx *c, enum cp_status st, unsigned line, const struct entry *e,
     int field, const char *fmt, ...)
{
	struct cp_buf b = {0};
	char *name = NULL;
	va_list ap;

	cp_buf_addf(&b, "%s line %u: ", c->part, line);
	if (e != NULL) {
		name = entry_name(e);
		cp_buf_addf(&b, "%s: ", name);
	}
	if (field >= 0)
		cp_buf_addf(&b, "%s: ", field_name(field));
	va_start(ap, fmt);
	cp_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	cp_strlist_addn(c->errors, b.s, b.len);
	cp_buf_free(&b);
	free(name);
	if (c->st == CP_OK || st == CP_ETOOBIG)
		c->st = st;
}

/* ---- values ---- */

/*
 * Join the raw value lines of a field: the first line's value, then each
 * continuation.  A continuation holding only "." is an empty line.  Lines
 * of a paragraph are joined with one space; paragraphs with "\n\n".
 */
static char *
join_value(const char *first, size_t firstlen, const struct text_line *cont,
	   size_t ncont)
{
	struct cp_buf b = {0};
	int pending_break = 0;
	size_t i;
	const char *s;
	size_t len;

	for (i = 0; i <= ncont; i++) {
		if (i == 0) {
			s = first;
			len = firstlen;
		} else {
			s = cont[i - 1].text;
			len = cont[i - 1].len;
		}
		trim(&s, &len);
		if (i > 0 && len == 1 && s[0] == '.') {
			if (b.len)
				pending_break = 1;
			continue;
		}
		if (len == 0)
			continue;
		if (b.len)
			cp_buf_adds(&b, pending_break ? "\n\n" : " ");
		pending_break = 0;
		cp_buf_add(&b, s, len);
	}
	return cp_buf_detach(&b);
}

/* The first control character in s (C0 but tab, DEL, C1, NUL), or -1. */
static long
control_char(const char *s, size_t len)
{
	size_t i;
	const unsigned char *u = (const unsigned char *)s;

	for (i = 0; i < len; i++) {
		if ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n') ||
		    u[i] == 0x7F)
			return u[i];
		if (u[i] == 0xC2 && i + 1 < len && u[i + 1] >= 0x80 &&
		    u[i + 1] <= 0x9F)
			return u[i + 1];
	}
	return -1;
}

static int
is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
num(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* YYYY, YYYY-MM or YYYY-MM-DD, a real date in years 0001-9999. */
static int
valid_date(const char *s)
{
	size_t len = strlen(s);
	int y, m, d, mdays;
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};

	if (len != 4 && len != 7 && len != 10)
		return 0;
	if (!is_digits(s, 4) || (y = num(s, 4)) < 1)
		return 0;
	if (len == 4)
		return 1;
	if (s[4] != '-' || !is_digits(s + 5, 2))
		return 0;
	m = num(s + 5, 2);
	if (m < 1 || m > 12)
		return 0;
	if (len == 7)
		return 1;
	if (s[7] != '-' || !is_digits(s + 8, 2))
		return 0;
	d = num(s + 8, 2);
	mdays = days[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		mdays = 29;
	return d >= 1 && d <= mdays;
}

static int
valid_code(const char *s, size_t maxlen, const char *extra)
{
	size_t len = strlen(s), i;
	char c;

	if (len < 1 || len > maxlen)
		return 0;
	for (i = 0; i < len; i++) {
		c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || strchr(extra, c) != NULL))
			return 0;
	}
	return 1;
}

/* Split a list value on ';' and ',' into trimmed, non-empty items. */
static void
split_list(const char *v, struct cp_strlist *items)
{
	const char *p = v, *q;
	size_t len;

	for (;;) {
		q = p;
		while (*q && *q != ';' && *q != ',')
			q++;
		len = (size_t)(q - p);
		while (len && (ascii_is_wsp(*p) || *p == '\n'))
			p++, len--;
		while (len && (ascii_is_wsp(p[len - 1]) || p[len - 1] == '\n'))
			len--;
		if (len)
			cp_strlist_addn(items, p, len);
		if (*q == '\0')
			break;
		p = q + 1;
	}
}

static void
normalise_areas(struct ctx *c, struct entry *e)
{
	struct cp_strlist items = {0};
	int have[FIELD_NAREAS] = {0};
	struct cp_buf b = {0};
	size_t i;
	int a;

	split_list(e->val[FIELD_AREAS], &items);
	for (i = 0; i < items.n; i++) {
		for (a = 0; a < FIELD_NAREAS; a++)
			if (ascii_span_casecmp(items.v[i], strlen(items.v[i]),
					       field_areas[a]) == 0)
				break;
		if (a == FIELD_NAREAS) {
			fail(c, CP_EPARSE, e->line[FIELD_AREAS], e, FIELD_AREAS,
			     "unknown area \"%s\" (known: legal, policy, "
			     "technical, capacity-building, cooperation)",
			     items.v[i]);
			continue;
		}
		have[a] = 1;
	}
	for (a = 0; a < FIELD_NAREAS; a++) {
		if (!have[a])
			continue;
		if (b.len)
			cp_buf_addc(&b, '\n');
		cp_buf_adds(&b, field_areas[a]);
	}
	free(e->val[FIELD_AREAS]);
	e->val[FIELD_AREAS] = cp_buf_detach(&b);
	cp_strlist_free(&items);
}

static char **fold_keys; /* for cmp_folded: qsort has no argument */

static int
cmp_folded(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(fold_keys[i], fold_keys[j]);

	return c ? c : (i < j ? -1 : i > j);
}

/*
 * Themes without repeats (compared case-insensitively, the first spelling
 * kept), in the order given.  Each theme is folded once and the repeats
 * found by sorting, so a 64 KiB list of tiny themes costs n log n, not n².
 */
static void
normalise_themes(struct ctx *c, struct entry *e)
{
	struct cp_strlist items = {0}, keys = {0};
	struct cp_buf b = {0}, k = {0};
	size_t i, *order = NULL;
	char *keep = NULL;

	split_list(e->val[FIELD_THEMES], &items);
	for (i = 0; i < items.n; i++) {
		k.len = 0;
		utf8_casefold(items.v[i], &k);
		cp_strlist_addn(&keys, k.s ? k.s : "", k.len);
	}
	order = xcalloc(items.n ? items.n : 1, sizeof(*order));
	keep = xcalloc(items.n ? items.n : 1, 1);
	for (i = 0; i < items.n; i++)
		order[i] = i;
	fold_keys = keys.v;
	if (items.n > 1)
		qsort(order, items.n, sizeof(*order), cmp_folded);
	for (i = 0; i < items.n; i++)
		keep[order[i]] = i == 0 || strcmp(keys.v[order[i]],
						  keys.v[order[i - 1]]) != 0;
	for (i = 0; i < items.n; i++) {
		if (!keep[i])
			continue;
		if (b.len)
			cp_buf_addc(&b, '\n');
		cp_buf_adds(&b, items.v[i]);
	}
	free(e->val[FIELD_THEMES]);
	e->val[FIELD_THEMES] = cp_buf_detach(&b);
	free(order);
	free(keep);
	cp_buf_free(&k);
	cp_strlist_free(&keys);
	cp_strlist_free(&items);
}

static void
normalise_urls(struct ctx *c, struct entry *e)
{
	const char *p = e->val[FIELD_URL], *q;
	struct cp_buf b = {0};
	const char *why;
	size_t len;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		q = p;
		while (*q && *q != ' ' && *q != '\t' && *q != '\n')
			q++;
		len = (size_t)(q - p);
		if (!uri_http_valid(p, len, &why)) {
			fail(c, CP_EPARSE, e->line[FIELD_URL], e, FIELD_URL,
			     "not an http(s) URL: \"%.*s\" (%s)",
			     utf8_prefix(p, len, 200), p, why);
		} else {
			if (b.len)
				cp_buf_addc(&b, '\n');
			cp_buf_add(&b, p, len);
		}
		p = q;
	}
	free(e->val[FIELD_URL]);
	e->val[FIELD_URL] = cp_buf_detach(&b);
}

/* Check and normalise the fields of a complete entry. */
static void
check_entity(struct ctx *c, struct entry *e)
{
	if (e->val[FIELD_ENTITY] == NULL)
		fail(c, CP_EPARSE, e->lineno, e, FIELD_ENTITY,
		     "missing required field");
	else if (*e->val[FIELD_ENTITY] &&
		 !valid_code(e->val[FIELD_ENTITY], 32, "-"))
		fail(c, CP_EPARSE, e->line[FIELD_ENTITY], e, FIELD_ENTITY,
		     "not an entity code (1-32 of A-Z a-z 0-9 -)");
}

static void
check_mandate(struct ctx *c, struct entry *e)
{
	if (e->val[FIELD_MANDATE] && *e->val[FIELD_MANDATE] &&
	    !valid_code(e->val[FIELD_MANDATE], 64, "./_-"))
		fail(c, CP_EPARSE, e->line[FIELD_MANDATE], e, FIELD_MANDATE,
		     "not a mandate identifier (1-64 of A-Z a-z 0-9 . / _ -)");
}

/* update or withdraw; a withdrawal carries no field of the entry. */
static void
check_action(struct ctx *c, struct entry *e)
{
	const char *a = e->val[FIELD_ACTION];
	int f;

	if (a == NULL)
		return;
	if (ascii_span_casecmp(a, strlen(a), "withdraw") == 0)
		e->withdraw = 1;
	else if (ascii_span_casecmp(a, strlen(a), "update") != 0)
		fail(c, CP_EPARSE, e->line[FIELD_ACTION], e, FIELD_ACTION,
		     "\"%s\" is neither update nor withdraw", a);
	if (!e->withdraw)
		return;
	for (f = 0; f < FIELD_COUNT; f++)
		if (e->val[f] != NULL && (field_table[f].flags & FIELD_OWN))
			fail(c, CP_EPARSE, e->line[f], e, f,
			     "cannot be given with Action: withdraw");
}

static void
check_adopted(struct ctx *c, struct entry *e)
{
	if (e->val[FIELD_ADOPTED] && *e->val[FIELD_ADOPTED] &&
	    !valid_date(e->val[FIELD_ADOPTED]))
		fail(c, CP_EPARSE, e->line[FIELD_ADOPTED], e, FIELD_ADOPTED,
		     "\"%s\" is not a real date (YYYY-MM-DD, YYYY-MM or YYYY)",
		     e->val[FIELD_ADOPTED]);
}

static void
check_areas(struct ctx *c, struct entry *e)
{
	if (e->val[FIELD_AREAS])
		normalise_areas(c, e);
}

static void
check_themes(struct ctx *c, struct entry *e)
{
	if (e->val[FIELD_THEMES])
		normalise_themes(c, e);
}

static void
check_urls(struct ctx *c, struct entry *e)
{
	if (e->val[FIELD_URL])
		normalise_urls(c, e);
}

/*
 * The parser's rule for each field that has one, beyond what its row in
 * the field table says (the size limit, FIELD_NOCLEAR): run in table
 * order, so errors come in the order of the fields.  A new field whose
 * value needs checking or normalising adds its rule here.
 */
static void (*const field_rules[FIELD_COUNT])(struct ctx *, struct entry *) = {
	[FIELD_ENTITY] = check_entity, [FIELD_MANDATE] = check_mandate,
	[FIELD_ACTION] = check_action, [FIELD_ADOPTED] = check_adopted,
	[FIELD_AREAS] = check_areas,   [FIELD_THEMES] = check_themes,
	[FIELD_URL] = check_urls,
};

/* Check and normalise an entry's values: the limits and the table's
 * flags for every field first, then each field's own rule. */
static void
check_entry(struct ctx *c, struct entry *e)
{
	int toobig[FIELD_COUNT] = {0};
	int f;

	/* Control characters were checked per line by close_field(). */
	for (f = 0; f < FIELD_COUNT; f++) {
		if (e->val[f] == NULL)
			continue;
		if (strlen(e->val[f]) > c->lim->max_field_size) {
			fail(c, CP_ETOOBIG, e->line[f], e, f,
			     "value is %zu bytes, over the limit of %zu bytes "
			     "(limits: max_field_size)",
			     strlen(e->val[f]), c->lim->max_field_size);
			free(e->val[f]);
			e->val[f] = xstrdup("");
			toobig[f] = 1; /* emptied here, not by the sender */
		}
	}
	for (f = 0; f < FIELD_COUNT; f++)
		if ((field_table[f].flags & FIELD_NOCLEAR) &&
		    e->val[f] != NULL && e->val[f][0] == '\0' && !toobig[f])
			fail(c, CP_EPARSE, e->line[f], e, f,
			     "cannot be empty (it cannot be cleared)");
	for (f = 0; f < FIELD_COUNT; f++)
		if (field_rules[f] != NULL)
			field_rules[f](c, e);
}

/* The trimmed value of the first `field:` line in [b, end), or NULL. */
static char *
first_value(const struct text_lines *tl, size_t b, size_t end, int field)
{
	size_t j, nlen, voff, len;
	const struct text_line *l;
	const char *s;

	for (j = b; j < end; j++) {
		l = &tl->v[j];
		if (!field_syntax(l, &nlen, &voff) ||
		    field_lookup(l->text, nlen) != field)
			continue;
		s = l->text + voff;
		len = l->len - voff;
		trim(&s, &len);
		return xstrndup(s, len);
	}
	return NULL;
}

static void
close_field(struct ctx *c, const struct text_lines *tl, struct entry *e,
	    const struct entry *shadow, int f, size_t at, size_t end,
	    const char *first, size_t firstlen)
{
	char *v = join_value(first, firstlen, &tl->v[at + 1], end - at - 1);
	const char *s = first;
	size_t j, len = firstlen;
	long cc;

	/* Control characters are looked for in the lines as read (trimmed
	 * as join_value() trims them), with their lengths: the joined value
	 * is a C string, and a NUL inside a line would end it early and
	 * hide itself and what follows. */
	trim(&s, &len);
	cc = control_char(s, len);
	for (j = at + 1; cc < 0 && j < end; j++) {
		s = tl->v[j].text;
		len = tl->v[j].len;
		trim(&s, &len);
		cc = control_char(s, len);
	}
	if (cc >= 0)
		fail(c, CP_EPARSE, tl->v[at].lineno, shadow, f,
		     "control character U+%04lX in value", cc);
	if (e->val[f] != NULL) {
		fail(c, CP_EPARSE, tl->v[at].lineno, shadow, f,
		     "given twice (first on line %u)", e->line[f]);
		free(v);
		return;
	}
	e->val[f] = v;
	e->line[f] = tl->v[at].lineno;
}

/* Parse one block [b, end) that holds a Mandate line; returns the index
 * of its first line naming a known field (the lines above it are prose). */
static size_t
parse_block(struct ctx *c, const struct text_lines *tl, size_t b, size_t end,
	    struct entry_list *out)
{
	struct entry *e, shadow = {0};
	size_t i, j, nlen, voff, at = 0, firstlen = 0;
	const struct text_line *l;
	const char *first = NULL;
	int f, cur = -1;

	/* Skip the prose above the first line naming a known field. */
	for (i = b; i < end; i++) {
		l = &tl->v[i];
		if (field_syntax(l, &nlen, &voff) &&
		    field_lookup(l->text, nlen) >= 0)
			break;
	}
	XGROW(out->v, out->n + 1, out->cap);
	e = &out->v[out->n++];
	memset(e, 0, sizeof(*e));
	e->part = xstrdup(c->part);
	e->lineno = tl->v[i].lineno;

	/* Errors name the entry even when they come before its Entity and
	 * Mandate lines: a shadow entry carries the names. */
	shadow.val[FIELD_ENTITY] = first_value(tl, i, end, FIELD_ENTITY);
	shadow.val[FIELD_MANDATE] = first_value(tl, i, end, FIELD_MANDATE);

	for (j = i; j < end; j++) {
		l = &tl->v[j];
		if (l->len && ascii_is_wsp(l->text[0]))
			continue; /* continuation of cur */
		if (cur >= 0)
			close_field(c, tl, e, &shadow, cur, at, j, first,
				    firstlen);
		cur = -1;
		if (!field_syntax(l, &nlen, &voff)) {
			fail(c, CP_EPARSE, l->lineno, &shadow, -1,
			     "\"%.*s\" is neither a field (Name: value) nor "
			     "a continuation (starting with a space)",
			     utf8_prefix(l->text, l->len, 60), l->text);
			continue;
		}
		f = field_lookup(l->text, nlen);
		if (f < 0) {
			/* Its continuation lines are skipped with it. */
			fail(c, CP_EPARSE, l->lineno, &shadow, -1,
			     "unknown field \"%.*s\"",
			     nlen > 60 ? 60 : (int)nlen, l->text);
			continue;
		}
		cur = f;
		at = j;
		first = l->text + voff;
		firstlen = l->len - voff;
	}
	if (cur >= 0)
		close_field(c, tl, e, &shadow, cur, at, end, first, firstlen);
	free(shadow.val[FIELD_ENTITY]);
	free(shadow.val[FIELD_MANDATE]);
	check_entry(c, e);
	return i;
}

enum cp_status
entry_parse_lines(const char *partname, const struct text_lines *lines,
		  const struct cp_limits *lim, struct entry_list *out,
		  struct cp_strlist *errors)
{
	return entry_parse_marked(partname, lines, lim, out, errors, NULL);
}

enum cp_status
entry_parse_marked(const char *partname, const struct text_lines *lines,
		   const struct cp_limits *lim, struct entry_list *out,
		   struct cp_strlist *errors, unsigned char *in_entry)
{
	struct ctx c = {partname, lim, errors, CP_OK};
	size_t i = 0, b, first, nlen, voff;
	int has_mandate;

	while (i < lines->n) {
		if (lines->v[i].quoted || text_line_is_blank(&lines->v[i])) {
			i++;
			continue;
		}
		b = i;
		has_mandate = 0;
		while (i < lines->n && !lines->v[i].quoted &&
		       !text_line_is_blank(&lines->v[i])) {
			if (field_syntax(&lines->v[i], &nlen, &voff) &&
			    field_lookup(lines->v[i].text, nlen) ==
				    FIELD_MANDATE)
				has_mandate = 1;
			i++;
		}
		if (!has_mandate)
			continue;
		if (out->n >= lim->max_entries) {
			fail(&c, CP_ETOOBIG, lines->v[b].lineno, NULL, -1,
			     "more than %zu entries in one message "
			     "(limits: max_entries)",
			     lim->max_entries);
			break;
		}
		first = parse_block(&c, lines, b, i, out);
		if (in_entry != NULL)
			memset(in_entry + first, 1, i - first);
	}
	return c.st;
}
