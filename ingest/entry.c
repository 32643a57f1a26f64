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

#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "xmalloc.h"

static const char *const field_names[ENTRY_NFIELDS] = {
	"Entity", "Mandate", "Action", "Title",   "Instrument", "Adopted",
	"Areas",  "Themes",  "URL",    "Summary", "Reason",
};

const char *const entry_areas[ENTRY_NAREAS] = {
	"legal", "policy", "technical", "capacity-building", "cooperation",
};

const char *
entry_field_name(enum entry_field f)
{
	return (unsigned)f < ENTRY_NFIELDS ? field_names[f] : "?";
}

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
span_casecmp(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen && b[i] != '\0'; i++)
		if (ascii_lower((unsigned char)a[i]) !=
		    ascii_lower((unsigned char)b[i]))
			return 1;
	return !(i == alen && b[i] == '\0');
}

int
entry_field_lookup(const char *name, size_t len)
{
	int f;

	for (f = 0; f < ENTRY_NFIELDS; f++)
		if (span_casecmp(name, len, field_names[f]) == 0)
			return f;
	return -1;
}

void
entry_list_free(struct entry_list *l)
{
	size_t i;
	int f;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].part);
		for (f = 0; f < ENTRY_NFIELDS; f++)
			free(l->v[i].val[f]);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

char *
entry_name(const struct entry *e)
{
	const char *ent = e->val[ENTRY_ENTITY], *man = e->val[ENTRY_MANDATE];

	return xasprintf("%s/%s", ent && *ent ? ent : "?",
			 man && *man ? man : "?");
}

/* Decode one UTF-8 code point at s (len > 0); invalid bytes decode as
 * themselves so comparison stays total. */
static unsigned
utf8_next(const char *s, size_t len, size_t *adv)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp;
	size_t n, i;

	if (u[0] < 0x80) {
		*adv = 1;
		return u[0];
	}
	if ((u[0] & 0xE0) == 0xC0) {
		n = 2;
		cp = u[0] & 0x1F;
	} else if ((u[0] & 0xF0) == 0xE0) {
		n = 3;
		cp = u[0] & 0x0F;
	} else if ((u[0] & 0xF8) == 0xF0) {
		n = 4;
		cp = u[0] & 0x07;
	} else {
		*adv = 1;
		return u[0];
	}
	if (n > len) {
		*adv = 1;
		return u[0];
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*adv = 1;
			return u[0];
		}
		cp = (cp << 6) | (u[i] & 0x3F);
	}
	*adv = n;
	return cp;
}

static locale_t
utf8_locale(void)
{
	static locale_t loc;

	/* C.UTF-8 is always present on glibc; towlower_l() with it folds
	 * all of Unicode, not only ASCII. */
	if (loc == (locale_t)0)
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	return loc;
}

int
entry_casecmp(const char *a, const char *b)
{
	size_t alen = strlen(a), blen = strlen(b), na, nb;
	locale_t loc = utf8_locale();
	unsigned ca, cb;

	while (alen && blen) {
		ca = utf8_next(a, alen, &na);
		cb = utf8_next(b, blen, &nb);
		if (loc != (locale_t)0) {
			ca = (unsigned)towlower_l((wint_t)ca, loc);
			cb = (unsigned)towlower_l((wint_t)cb, loc);
		} else {
			ca = (unsigned)ascii_lower((int)ca);
			cb = (unsigned)ascii_lower((int)cb);
		}
		if (ca != cb)
			return ca < cb ? -1 : 1;
		a += na, alen -= na;
		b += nb, blen -= nb;
	}
	return alen ? 1 : blen ? -1 : 0;
}

/* ---- lines ---- */

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_blank(const struct text_line *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (!is_space(l->text[i]) && l->text[i] != '\r')
			return 0;
	return 1;
}

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
	while (i < l->len && is_space(l->text[i]))
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
	while (*len && (is_space(**s) || **s == '\r'))
		(*s)++, (*len)--;
	while (*len && (is_space((*s)[*len - 1]) || (*s)[*len - 1] == '\r'))
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
		cp_buf_addf(&b, "%s: ", field_names[field]);
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

/*
 * An http(s) URL: scheme, "://", a host of letters, digits, '.', '-', or
 * an [IPv6] literal, optional :port, then anything but white space and
 * control characters.  What the exporter needs is a link a reader can
 * follow, not every form RFC 3986 allows.
 */
static int
valid_url(const char *s, size_t len)
{
	size_t i, h;

	if (len > 8 && span_casecmp(s, 8, "https://") == 0)
		i = 8;
	else if (len > 7 && span_casecmp(s, 7, "http://") == 0)
		i = 7;
	else
		return 0;
	h = i;
	if (i < len && s[i] == '[') {
		while (i < len && s[i] != ']')
			i++;
		if (i >= len || i - h < 3)
			return 0;
		i++;
	} else {
		while (i < len &&
		       ((s[i] >= 'a' && s[i] <= 'z') ||
			(s[i] >= 'A' && s[i] <= 'Z') ||
			(s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
			s[i] == '-' || (unsigned char)s[i] >= 0x80))
			i++;
		if (i == h || s[h] == '.' || s[h] == '-')
			return 0;
	}
	if (i < len && s[i] == ':') {
		h = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == h || i - h > 5)
			return 0;
	}
	if (i < len && s[i] != '/' && s[i] != '?' && s[i] != '#')
		return 0;
	for (; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7F ||
		    s[i] == '"' || s[i] == '<' || s[i] == '>')
			return 0;
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
		while (len && (is_space(*p) || *p == '\n'))
			p++, len--;
		while (len && (is_space(p[len - 1]) || p[len - 1] == '\n'))
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
	int have[ENTRY_NAREAS] = {0};
	struct cp_buf b = {0};
	size_t i;
	int a;

	split_list(e->val[ENTRY_AREAS], &items);
	for (i = 0; i < items.n; i++) {
		for (a = 0; a < ENTRY_NAREAS; a++)
			if (span_casecmp(items.v[i], strlen(items.v[i]),
					 entry_areas[a]) == 0)
				break;
		if (a == ENTRY_NAREAS) {
			fail(c, CP_EPARSE, e->line[ENTRY_AREAS], e, ENTRY_AREAS,
			     "unknown area \"%s\" (known: legal, policy, "
			     "technical, capacity-building, cooperation)",
			     items.v[i]);
			continue;
		}
		have[a] = 1;
	}
	for (a = 0; a < ENTRY_NAREAS; a++) {
		if (!have[a])
			continue;
		if (b.len)
			cp_buf_addc(&b, '\n');
		cp_buf_adds(&b, entry_areas[a]);
	}
	free(e->val[ENTRY_AREAS]);
	e->val[ENTRY_AREAS] = cp_buf_detach(&b);
	cp_strlist_free(&items);
}

/* Append the case-folded form of s to out (each code point through
 * towlower in C.UTF-8, as entry_casecmp() compares). */
static void
casefold(const char *s, struct cp_buf *out)
{
	size_t len = strlen(s), n;
	locale_t loc = utf8_locale();
	unsigned cp;
	char u[4];

	while (len) {
		cp = utf8_next(s, len, &n);
		if (n == 1) {
			cp_buf_addc(out, (char)ascii_lower((int)cp));
		} else if (loc == (locale_t)0) {
			cp_buf_add(out, s, n);
		} else {
			cp = (unsigned)towlower_l((wint_t)cp, loc);
			if (cp < 0x800) {
				u[0] = (char)(0xC0 | (cp >> 6));
				u[1] = (char)(0x80 | (cp & 0x3F));
				cp_buf_add(out, u, 2);
			} else if (cp < 0x10000) {
				u[0] = (char)(0xE0 | (cp >> 12));
				u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
				u[2] = (char)(0x80 | (cp & 0x3F));
				cp_buf_add(out, u, 3);
			} else {
				u[0] = (char)(0xF0 | (cp >> 18));
				u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
				u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
				u[3] = (char)(0x80 | (cp & 0x3F));
				cp_buf_add(out, u, 4);
			}
		}
		s += n;
		len -= n;
	}
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
normalise_themes(struct entry *e)
{
	struct cp_strlist items = {0}, keys = {0};
	struct cp_buf b = {0}, k = {0};
	size_t i, *order = NULL;
	char *keep = NULL;

	split_list(e->val[ENTRY_THEMES], &items);
	for (i = 0; i < items.n; i++) {
		k.len = 0;
		casefold(items.v[i], &k);
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
	free(e->val[ENTRY_THEMES]);
	e->val[ENTRY_THEMES] = cp_buf_detach(&b);
	free(order);
	free(keep);
	cp_buf_free(&k);
	cp_strlist_free(&keys);
	cp_strlist_free(&items);
}

/* Bytes of s (len long) to quote in a message: at most max, never cutting
 * a UTF-8 sequence, so stored errors stay valid UTF-8. */
static int
utf8_prefix(const char *s, size_t len, size_t max)
{
	size_t n = len < max ? len : max;

	while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

static void
normalise_urls(struct ctx *c, struct entry *e)
{
	const char *p = e->val[ENTRY_URL], *q;
	struct cp_buf b = {0};
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
		if (!valid_url(p, len)) {
			fail(c, CP_EPARSE, e->line[ENTRY_URL], e, ENTRY_URL,
			     "not an http(s) URL: \"%.*s\"",
			     utf8_prefix(p, len, 200), p);
		} else {
			if (b.len)
				cp_buf_addc(&b, '\n');
			cp_buf_add(&b, p, len);
		}
		p = q;
	}
	free(e->val[ENTRY_URL]);
	e->val[ENTRY_URL] = cp_buf_detach(&b);
}

/* Check and normalise the fields of a complete entry. */
static void
check_entry(struct ctx *c, struct entry *e)
{
	static const int uncleared[] = {ENTRY_ENTITY, ENTRY_MANDATE,
					ENTRY_TITLE, ENTRY_SUMMARY};
	int toobig[ENTRY_NFIELDS] = {0};
	size_t i;
	int f;

	/* Control characters were checked per line by close_field(). */
	for (f = 0; f < ENTRY_NFIELDS; f++) {
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
	for (i = 0; i < sizeof(uncleared) / sizeof(uncleared[0]); i++) {
		f = uncleared[i];
		if (e->val[f] != NULL && e->val[f][0] == '\0' && !toobig[f])
			fail(c, CP_EPARSE, e->line[f], e, f,
			     "cannot be empty (it cannot be cleared)");
	}
	if (e->val[ENTRY_ENTITY] == NULL)
		fail(c, CP_EPARSE, e->lineno, e, ENTRY_ENTITY,
		     "missing required field");
	else if (*e->val[ENTRY_ENTITY] &&
		 !valid_code(e->val[ENTRY_ENTITY], 32, "-"))
		fail(c, CP_EPARSE, e->line[ENTRY_ENTITY], e, ENTRY_ENTITY,
		     "not an entity code (1-32 of A-Z a-z 0-9 -)");
	if (e->val[ENTRY_MANDATE] && *e->val[ENTRY_MANDATE] &&
	    !valid_code(e->val[ENTRY_MANDATE], 64, "./_-"))
		fail(c, CP_EPARSE, e->line[ENTRY_MANDATE], e, ENTRY_MANDATE,
		     "not a mandate identifier (1-64 of A-Z a-z 0-9 . / _ -)");
	if (e->val[ENTRY_ACTION] != NULL) {
		const char *a = e->val[ENTRY_ACTION];

		if (span_casecmp(a, strlen(a), "withdraw") == 0)
			e->withdraw = 1;
		else if (span_casecmp(a, strlen(a), "update") != 0)
			fail(c, CP_EPARSE, e->line[ENTRY_ACTION], e,
			     ENTRY_ACTION,
			     "\"%s\" is neither update nor withdraw", a);
	}
	if (e->withdraw) {
		for (f = 0; f < ENTRY_NFIELDS; f++)
			if (e->val[f] != NULL && f != ENTRY_ENTITY &&
			    f != ENTRY_MANDATE && f != ENTRY_ACTION &&
			    f != ENTRY_REASON)
				fail(c, CP_EPARSE, e->line[f], e, f,
				     "cannot be given with Action: withdraw");
	}
	if (e->val[ENTRY_ADOPTED] && *e->val[ENTRY_ADOPTED] &&
	    !valid_date(e->val[ENTRY_ADOPTED]))
		fail(c, CP_EPARSE, e->line[ENTRY_ADOPTED], e, ENTRY_ADOPTED,
		     "\"%s\" is not a real date (YYYY-MM-DD, YYYY-MM or YYYY)",
		     e->val[ENTRY_ADOPTED]);
	if (e->val[ENTRY_AREAS])
		normalise_areas(c, e);
	if (e->val[ENTRY_THEMES])
		normalise_themes(e);
	if (e->val[ENTRY_URL])
		normalise_urls(c, e);
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
		    entry_field_lookup(l->text, nlen) != field)
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

/* Parse one block [b, end) that holds a Mandate line. */
static void
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
		    entry_field_lookup(l->text, nlen) >= 0)
			break;
	}
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 8;
		out->v = xreallocarray(out->v, out->cap, sizeof(*out->v));
	}
	e = &out->v[out->n++];
	memset(e, 0, sizeof(*e));
	e->part = xstrdup(c->part);
	e->lineno = tl->v[i].lineno;

	/* Errors name the entry even when they come before its Entity and
	 * Mandate lines: a shadow entry carries the names. */
	shadow.val[ENTRY_ENTITY] = first_value(tl, i, end, ENTRY_ENTITY);
	shadow.val[ENTRY_MANDATE] = first_value(tl, i, end, ENTRY_MANDATE);

	for (j = i; j < end; j++) {
		l = &tl->v[j];
		if (l->len && is_space(l->text[0]))
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
		f = entry_field_lookup(l->text, nlen);
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
	free(shadow.val[ENTRY_ENTITY]);
	free(shadow.val[ENTRY_MANDATE]);
	check_entry(c, e);
}

enum cp_status
entry_parse_lines(const char *partname, const struct text_lines *lines,
		  const struct cp_limits *lim, struct entry_list *out,
		  struct cp_strlist *errors)
{
	struct ctx c = {partname, lim, errors, CP_OK};
	size_t i = 0, b, nlen, voff;
	int has_mandate;

	while (i < lines->n) {
		if (lines->v[i].quoted || is_blank(&lines->v[i])) {
			i++;
			continue;
		}
		b = i;
		has_mandate = 0;
		while (i < lines->n && !lines->v[i].quoted &&
		       !is_blank(&lines->v[i])) {
			if (field_syntax(&lines->v[i], &nlen, &voff) &&
			    entry_field_lookup(lines->v[i].text, nlen) ==
				    ENTRY_MANDATE)
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
		parse_block(&c, lines, b, i, out);
	}
	return c.st;
}
