/* SPDX-License-Identifier: MIT */
/*
 * docbook.c - the compendium as DocBook 5.0, streamed through libxml2's
 * xmlTextWriter.  The only file that includes the writer.
 *
 * The data is read in passes so that memory stays flat:
 *   1. the entries as of --at, once: per entity the counts per area, the
 *      expected themes carried, and a small sort key per current entry
 *      (row id, change number of its latest version, adoption date,
 *      rank of its mandate in byte order);
 *   2. the book's revhistory: every change, newest first, one revision
 *      per day (only the columns it shows);
 *   3. per entity, its keys sorted, and per entry its latest version by
 *      change number and its history from the index revision_history
 *      (one entry in memory at a time): the chapters;
 *   4. the matrix and gap report from the counts of pass 1, and the stale
 *      entries from a second read of the entries;
 *   5. with --changes-since, the changes since then with their diffs.
 * No writer indentation: it would add white space to mixed content.  New
 * lines go between blocks only.
 */
#include "docbook.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "field.h"
#include "revdiff.h"
#include "utf8.h"
#include "timeutil.h"
#include "wdiff.h"
#include "xmalloc.h"

#define XLINK_NS "http://www.w3.org/1999/xlink"
/* Names of added and withdrawn entries listed per day in the book's
 * revhistory before "and N more". */
#define DAY_NAMES 10

/* ---- untrusted text ---- */

/* Length of the valid UTF-8 sequence at s (at most len bytes) and its code
 * point, or 0 when the bytes are not one. */
static size_t
utf8_seq(const unsigned char *s, size_t len, unsigned *cp)
{
	size_t n, i;
	unsigned c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	if (c >= 0xd800 && c <= 0xdfff)
		return 0;
	*cp = c;
	return n;
}

static int
xml_char_ok(unsigned c)
{
	if (c < 0x20)
		return c == '\t' || c == '\n' || c == '\r';
	if (c >= 0x7f && c <= 0x9f)
		return 0; /* DEL and C1: allowed by XML 1.0, but never text */
	return c != 0xfffe && c != 0xffff;
}

size_t
docbook_clean(const char *s, size_t len, struct cp_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, start = 0, replaced = 0;
	unsigned c;

	cp_buf_add(out, "", 0);
	while (i < len) {
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			i++;
			continue;
		}
		n = utf8_seq(p + i, len - i, &c);
		if (n > 0 && xml_char_ok(c)) {
			i += n;
			continue;
		}
		cp_buf_add(out, s + start, i - start);
		cp_buf_adds(out, "\xef\xbf\xbd");
		replaced++;
		i += n > 0 ? n : 1;
		start = i;
	}
	cp_buf_add(out, s + start, len - start);
	return replaced;
}

/* ---- identifiers ---- */

static void
id_part(struct cp_buf *b, const char *s, int lower)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;

	for (; *s; s++) {
		c = (unsigned char)*s;
		if (lower && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.') {
			cp_buf_addc(b, (char)c);
		} else {
			cp_buf_addc(b, '_');
			cp_buf_addc(b, hex[c >> 4]);
			cp_buf_addc(b, hex[c & 15]);
		}
	}
}

char *
docbook_entity_id(const char *code)
{
	struct cp_buf b = {0};

	cp_buf_adds(&b, "entity.");
	id_part(&b, code, 1);
	return cp_buf_detach(&b);
}

char *
docbook_entry_id(const char *code, const char *mandate)
{
	struct cp_buf b = {0};

	cp_buf_adds(&b, "entry.");
	id_part(&b, code, 1);
	cp_buf_addc(&b, '.');
	id_part(&b, mandate, 0);
	return cp_buf_detach(&b);
}

void
docbook_report_free(struct docbook_report *r)
{
	if (r == NULL)
		return;
	cp_strlist_free(&r->where);
	memset(r, 0, sizeof(*r));
}

/* ---- the writer, with a sticky error ---- */

struct ctx {
	xmlTextWriterPtr w;
	struct store *st;
	const struct docbook_opts *o;
	const char *at; /* borrowed: o->at, else the time export began */
	struct docbook_report *rep;
	int failed;        /* a write failed: the output is lost */
	enum cp_status rc; /* a store failure inside a callback */
	struct cp_error *err;
	struct cp_buf tmp; /* scratch for cleaned text */
	const char *place; /* borrowed: what is being written, for rep */
	size_t place_replaced;
};

static void
note_replaced(struct ctx *c, size_t n)
{
	c->rep->replaced += n;
	c->place_replaced += n;
}

/* End of a place (an entry, an entity): one line in the report when
 * something there was replaced. */
static void
place_done(struct ctx *c)
{
	if (c->place_replaced && c->rep->where.n < DOCBOOK_REPORT_PLACES)
		cp_strlist_addf(&c->rep->where,
				"%s: %zu character%s XML cannot carry "
				"replaced with U+FFFD",
				c->place ? c->place : "document",
				c->place_replaced,
				c->place_replaced == 1 ? "" : "s");
	c->place_replaced = 0;
}

static void
chk(struct ctx *c, int r)
{
	if (r < 0)
		c->failed = 1;
}

static void
start(struct ctx *c, const char *name)
{
	chk(c, xmlTextWriterStartElement(c->w, BAD_CAST name));
}

static void
end(struct ctx *c)
{
	chk(c, xmlTextWriterEndElement(c->w));
}

static void
nl(struct ctx *c)
{
	chk(c, xmlTextWriterWriteRaw(c->w, BAD_CAST "\n"));
}

/* Cleaned text, escaped by the writer. */
static void
text_n(struct ctx *c, const char *s, size_t len)
{
	c->tmp.len = 0;
	note_replaced(c, docbook_clean(s, len, &c->tmp));
	if (c->tmp.len)
		chk(c, xmlTextWriterWriteString(c->w, BAD_CAST c->tmp.s));
}

static void
text(struct ctx *c, const char *s)
{
	text_n(c, s, strlen(s));
}

static void textf(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
textf(struct ctx *c, const char *fmt, ...)
{
	struct cp_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	cp_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	text_n(c, b.s ? b.s : "", b.len);
	cp_buf_free(&b);
}

static void
attr(struct ctx *c, const char *name, const char *value)
{
	c->tmp.len = 0;
	note_replaced(c, docbook_clean(value, strlen(value), &c->tmp));
	chk(c, xmlTextWriterWriteAttribute(c->w, BAD_CAST name,
					   BAD_CAST c->tmp.s));
}

/* <name>text</name> */
static void
elem(struct ctx *c, const char *name, const char *s)
{
	start(c, name);
	text(c, s);
	end(c);
}

static void elemf(struct ctx *c, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
elemf(struct ctx *c, const char *name, const char *fmt, ...)
{
	struct cp_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	cp_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	start(c, name);
	text_n(c, b.s ? b.s : "", b.len);
	end(c);
	cp_buf_free(&b);
}

/* One <para> per paragraph of s (paragraphs apart by "\n\n"). */
static void
paras(struct ctx *c, const char *s)
{
	const char *p = s, *q;

	while (p) {
		q = strstr(p, "\n\n");
		start(c, "para");
		text_n(c, p, q ? (size_t)(q - p) : strlen(p));
		end(c);
		nl(c);
		p = q ? q + 2 : NULL;
		while (p && *p == '\n')
			p++;
		if (p && *p == '\0')
			p = NULL;
	}
}

/* Each line of a list value. */
typedef void (*line_fn)(struct ctx *c, const char *s, size_t len);

static size_t
each_line(struct ctx *c, const char *list, line_fn fn)
{
	const char *p = list, *nl_;
	size_t n, count = 0;

	while (p && *p) {
		nl_ = strchr(p, '\n');
		n = nl_ ? (size_t)(nl_ - p) : strlen(p);
		if (n > 0) {
			fn(c, p, n);
			count++;
		}
		p = nl_ ? nl_ + 1 : NULL;
	}
	return count;
}

static void
member_line(struct ctx *c, const char *s, size_t len)
{
	start(c, "member");
	text_n(c, s, len);
	end(c);
}

/*
 * An href for xlink:href, which the schema types xsd:anyURI: bytes that a
 * URI cannot hold (space, quotes, <>, {}, |, \, ^, `, controls and
 * non-ASCII bytes) are percent-encoded; the link's text shows the URL as
 * written.
 */
static char *
href_of(const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	struct cp_buf b = {0};
	unsigned char ch;
	size_t i;

	for (i = 0; i < len; i++) {
		ch = (unsigned char)s[i];
		if (ch <= 0x20 || ch >= 0x7f || strchr("\"<>{}|\\^`", ch)) {
			cp_buf_addc(&b, '%');
			cp_buf_addc(&b, hex[ch >> 4]);
			cp_buf_addc(&b, hex[ch & 15]);
		} else {
			cp_buf_addc(&b, (char)ch);
		}
	}
	return cp_buf_detach(&b);
}

static void
link_line(struct ctx *c, const char *s, size_t len)
{
	char *href = href_of(s, len);

	start(c, "listitem");
	start(c, "para");
	start(c, "link");
	attr(c, "xlink:href", href);
	text_n(c, s, len);
	end(c);
	end(c);
	end(c);
	free(href);
}

/* ---- pass 1: the entries as of --at ---- */

struct key {
	int64_t entry_id;
	int64_t change;   /* its latest version as of --at */
	uint32_t rank;    /* order of its mandate in byte order */
	char adopted[11]; /* first day of the adoption date; "" when none */
};

struct ent {
	const struct store_entity *e; /* borrowed */
	size_t first, n;              /* its keys */
	int areas[FIELD_NAREAS];
};

struct scan {
	struct ctx *c;
	struct ent *ents;
	size_t nents;
	struct key *keys;
	size_t nkeys, cap;
	unsigned char *carried; /* per expected theme */
	const struct cp_strlist *themes;
	FILE *stale; /* entries not amended since cutoff */
	size_t nstale;
	char cutoff[CP_TIME_LEN];
};

static struct ent *
find_ent(struct ent *v, size_t n, const char *code)
{
	size_t lo = 0, hi = n, mid;
	int r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = strcmp(code, v[mid].e->code);
		if (r == 0)
			return &v[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" as its first day. */
static void
adopted_key(const char *a, char out[11])
{
	size_t n = a ? strlen(a) : 0;

	out[0] = '\0';
	if (n == 4 || n == 7 || n == 10) {
		memcpy(out, "0000-01-01", 11);
		memcpy(out, a, n);
	}
}

static int
line_is(const char *list, const char *item)
{
	const char *p = list, *nl_;
	size_t n;
	char *one;
	int r;

	while (p && *p) {
		nl_ = strchr(p, '\n');
		n = nl_ ? (size_t)(nl_ - p) : strlen(p);
		one = xstrndup(p, n);
		r = utf8_casecmp(one, item) == 0;
		free(one);
		if (r)
			return 1;
		p = nl_ ? nl_ + 1 : NULL;
	}
	return 0;
}

static int
area_index(const char *s, size_t n)
{
	int i;

	for (i = 0; i < FIELD_NAREAS; i++)
		if (strlen(field_areas[i]) == n &&
		    memcmp(field_areas[i], s, n) == 0)
			return i;
	return -1;
}

static int
scan_entry(const struct store_revision *r, void *arg)
{
	struct scan *sc = arg;
	struct ent *e;
	struct key *k;
	const char *p, *nl_;
	size_t i, n;
	int a;

	if (r->withdrawn)
		return 0;
	e = find_ent(sc->ents, sc->nents, r->f[FIELD_ENTITY]);
	if (e == NULL)
		return 0; /* cannot happen: entries belong to entities */
	if (sc->nkeys == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : 256;
		sc->keys = xreallocarray(sc->keys, sc->cap, sizeof(*sc->keys));
	}
	if (e->n == 0)
		e->first = sc->nkeys;
	k = &sc->keys[sc->nkeys++];
	k->entry_id = r->entry_id;
	k->rank = (uint32_t)e->n++;
	k->change = r->change;
	/* Stale entries go to a temporary file as NUL-terminated code,
	 * mandate and time, in the order of the gap report. */
	if (sc->stale && strcmp(r->changed, sc->cutoff) < 0) {
		fprintf(sc->stale, "%s%c%s%c%s%c", r->f[FIELD_ENTITY], 0,
			r->f[FIELD_MANDATE], 0, r->changed, 0);
		sc->nstale++;
	}
	adopted_key(r->f[FIELD_ADOPTED], k->adopted);
	for (p = r->f[FIELD_AREAS]; p && *p; p = nl_ ? nl_ + 1 : NULL) {
		nl_ = strchr(p, '\n');
		n = nl_ ? (size_t)(nl_ - p) : strlen(p);
		if ((a = area_index(p, n)) >= 0)
			e->areas[a]++;
	}
	if (sc->themes && r->f[FIELD_THEMES])
		for (i = 0; i < sc->themes->n; i++)
			if (!sc->carried[i] &&
			    line_is(r->f[FIELD_THEMES], sc->themes->v[i]))
				sc->carried[i] = 1;
	return 0;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int r;

	if ((x->adopted[0] == '\0') != (y->adopted[0] == '\0'))
		return x->adopted[0] == '\0' ? 1 : -1;
	if ((r = strcmp(x->adopted, y->adopted)) != 0)
		return r;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* ---- pass 2: the book's revhistory, one revision per day ---- */

struct day {
	struct ctx *c;
	char date[11];
	int64_t first, last;
	size_t added, amended, withdrawn, reverted;
	struct cp_strlist added_names, withdrawn_names;
	int open; /* <revhistory> started */
};

static void
names(struct ctx *c, const char *what, size_t n, const struct cp_strlist *l)
{
	size_t i;

	textf(c, "%zu %s", n, what);
	if (l->n == 0)
		return;
	text(c, " (");
	for (i = 0; i < l->n; i++) {
		if (i)
			text(c, ", ");
		text(c, l->v[i]);
	}
	if (n > l->n)
		textf(c, " and %zu more", n - l->n);
	text(c, ")");
}

static void
day_flush(struct day *d)
{
	struct ctx *c = d->c;
	int parts = 0;

	if (d->last == 0)
		return;
	if (!d->open) {
		start(c, "revhistory");
		nl(c);
		d->open = 1;
	}
	start(c, "revision");
	elemf(c, "revnumber", "%lld", (long long)d->last);
	elem(c, "date", d->date);
	start(c, "revremark");
	if (d->first == d->last)
		textf(c, "Change %lld: ", (long long)d->last);
	else
		textf(c, "Changes %lld-%lld: ", (long long)d->first,
		      (long long)d->last);
	if (d->added) {
		names(c, d->added == 1 ? "entry added" : "entries added",
		      d->added, &d->added_names);
		parts++;
	}
	if (d->amended) {
		if (parts++)
			text(c, "; ");
		textf(c, "%zu %s", d->amended,
		      d->amended == 1 ? "entry amended" : "entries amended");
	}
	if (d->withdrawn) {
		if (parts++)
			text(c, "; ");
		names(c,
		      d->withdrawn == 1 ? "entry withdrawn"
					: "entries withdrawn",
		      d->withdrawn, &d->withdrawn_names);
	}
	if (d->reverted) {
		if (parts++)
			text(c, "; ");
		textf(c, "%zu %s", d->reverted,
		      d->reverted == 1 ? "change reverted"
				       : "changes reverted");
	}
	text(c, ".");
	end(c);
	end(c);
	nl(c);
	cp_strlist_free(&d->added_names);
	cp_strlist_free(&d->withdrawn_names);
	d->first = d->last = 0;
	d->added = d->amended = d->withdrawn = d->reverted = 0;
}

static int
day_change(const struct store_revision *r, void *arg)
{
	struct day *d = arg;
	const char *action = r->f[FIELD_ACTION] ? r->f[FIELD_ACTION] : "";

	if (d->last != 0 && strncmp(d->date, r->changed, 10) != 0)
		day_flush(d);
	if (d->last == 0) {
		memcpy(d->date, r->changed, 10);
		d->date[10] = '\0';
		d->last = r->change;
	}
	d->first = r->change; /* newest first: the last seen is the first */
	if (strcmp(action, "revert") == 0) {
		d->reverted++;
	} else if (r->withdrawn) {
		if (d->withdrawn++ < DAY_NAMES)
			cp_strlist_addf(&d->withdrawn_names, "%s/%s",
					r->f[FIELD_ENTITY],
					r->f[FIELD_MANDATE]);
	} else if (r->version == 1) {
		if (d->added++ < DAY_NAMES)
			cp_strlist_addf(&d->added_names, "%s/%s",
					r->f[FIELD_ENTITY],
					r->f[FIELD_MANDATE]);
	} else {
		d->amended++;
	}
	return d->c->failed;
}

/* ---- the book's info and preface ---- */

static void
write_info(struct ctx *c, const char *pubdate, int64_t edition)
{
	struct day d;

	start(c, "info");
	nl(c);
	elem(c, "title", DOCBOOK_TITLE);
	nl(c);
	elem(c, "pubdate", pubdate);
	nl(c);
	elemf(c, "edition", "%lld", (long long)edition);
	nl(c);
	memset(&d, 0, sizeof(d));
	d.c = c;
	c->place = "revision history";
	if (store_changes(c->st, c->at, day_change, &d, c->err) != CP_OK)
		c->rc = c->err->code;
	day_flush(&d);
	if (d.open) {
		end(c);
		nl(c);
	}
	cp_strlist_free(&d.added_names);
	cp_strlist_free(&d.withdrawn_names);
	place_done(c);
	end(c);
	nl(c);
}

static const char example_entry[] =
	"Entity: UNODC\n"
	"Mandate: CCPCJ-22/8\n"
	"Title: Central data repository on cybercrime\n"
	"Instrument: Commission on Crime Prevention and Criminal Justice "
	"resolution 22/8\n"
	"Adopted: 2013-04-26\n"
	"Areas: technical; capacity-building\n"
	"Themes: criminal justice; best practices\n"
	"URL: https://www.unodc.org/\n"
	"Summary: Requests UNODC to develop a central data repository on "
	"cybercrime\n"
	" legislation, case examples, best practices and lessons learned.\n"
	" .\n"
	" A second paragraph.\n"
	"Reason: Repository launched; summary brought up to date.\n";

static const struct {
	const char *field, *rule;
} field_rules[] = {
	{"Entity", "Required: the code of your entity."},
	{"Mandate", "Required: the entry's identifier within your entity, 1 "
		    "to 64 of A-Z a-z 0-9 . / _ - (case counts)."},
	{"Action", "update (the default: creates the entry or changes the "
		   "fields given) or withdraw (takes the entry out of the "
		   "compendium; its history stays)."},
	{"Title", "Required for a new entry."},
	{"Instrument", "The resolution, decision or convention the mandate "
		       "comes from."},
	{"Adopted", "YYYY-MM-DD, YYYY-MM or YYYY."},
	{"Areas", "A list (; or ,) from: legal, policy, technical, "
		  "capacity-building, cooperation."},
	{"Themes", "A free list of tags (; or ,)."},
	{"URL", "One or more http(s) URLs, one a line."},
	{"Summary", "Required for a new entry; continuation lines start with "
		    "a space, a line \" .\" separates paragraphs."},
	{"Reason", "Why this change: shown in the revision history."},
};

static void
write_preface(struct ctx *c)
{
	size_t i;

	start(c, "preface");
	attr(c, "xml:id", "preface");
	nl(c);
	elem(c, "title", "How to keep this compendium up to date");
	nl(c);
	start(c, "para");
	text(c, "This compendium is a living document (Annex III, para. 13): "
		"United Nations entities keep their own entries up to date "
		"by e-mail.  Send updates from the address of a registered "
		"focal point of your entity to ");
	c->place = "export address";
	if (c->o->address && *c->o->address) {
		elem(c, "email", c->o->address);
	} else {
		text(c, "the compendium mailbox");
	}
	place_done(c);
	text(c, ", as plain text or HTML, one or more entries in the body or "
		"in attached .txt files.  Lines quoted with > and everything "
		"after a signature separator are not read.");
	end(c);
	nl(c);
	start(c, "para");
	text(c, "An entry is a block of \"Field: value\" lines; a value "
		"continues on lines that start with a space; entries are "
		"separated by blank lines.  Fields not given keep their "
		"values; a field given empty is cleared.  The fields:");
	end(c);
	nl(c);
	start(c, "variablelist");
	nl(c);
	for (i = 0; i < sizeof(field_rules) / sizeof(field_rules[0]); i++) {
		start(c, "varlistentry");
		elem(c, "term", field_rules[i].field);
		start(c, "listitem");
		elem(c, "para", field_rules[i].rule);
		end(c);
		end(c);
		nl(c);
	}
	end(c);
	nl(c);
	elem(c, "para", "A complete example:");
	nl(c);
	elem(c, "programlisting", example_entry);
	nl(c);
	elem(c, "para",
	     "Each entry's section has a stable identifier: "
	     "entry. + the entity code in lower case + . + the "
	     "mandate with _ written _5F and / written _2F (for "
	     "example entry.unodc.CCPCJ-22_2F8), so links to it "
	     "survive new editions.");
	nl(c);
	end(c);
	nl(c);
}

/* ---- pass 3: the chapters ---- */

/* What the revhistory of an entry needs of each version. */
struct meta {
	int64_t change, reverts;
	int version, withdrawn;
	char *action, *changed, *sender, *reason; /* owned */
};

struct hist {
	struct meta *v;
	size_t n, cap;
	struct store_revision last; /* the latest version, whole */
};

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int
hist_add(const struct store_revision *r, void *arg)
{
	struct hist *h = arg;
	struct meta *m;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 8;
		h->v = xreallocarray(h->v, h->cap, sizeof(*h->v));
	}
	m = &h->v[h->n++];
	m->change = r->change;
	m->reverts = r->reverts;
	m->version = r->version;
	m->withdrawn = r->withdrawn;
	m->action = dup_or_null(r->f[FIELD_ACTION]);
	m->changed = xstrdup(r->changed);
	m->sender = dup_or_null(r->sender);
	m->reason = dup_or_null(r->f[FIELD_REASON]);
	return 0;
}

static void
hist_free(struct hist *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->v[i].action);
		free(h->v[i].changed);
		free(h->v[i].sender);
		free(h->v[i].reason);
	}
	free(h->v);
	store_revision_clear(&h->last);
	memset(h, 0, sizeof(*h));
}

/* What a version did, when it gives no reason. */
static void
action_text(struct ctx *c, const char *action, int version, int withdrawn,
	    int64_t reverts)
{
	if (action && strcmp(action, "revert") == 0)
		textf(c, "Revert of change %lld.", (long long)reverts);
	else if (withdrawn)
		text(c, "Withdrawn.");
	else if (version == 1)
		text(c, "New entry.");
	else
		text(c, "Amended.");
}

static void
author(struct ctx *c, const char *code, const char *sender)
{
	start(c, "author");
	if (sender) {
		elem(c, "orgname", code);
		elem(c, "email", sender);
	} else {
		elem(c, "orgname", "Compendium maintainers");
	}
	end(c);
}

static void
write_revhistory(struct ctx *c, const struct hist *h, const char *code)
{
	const struct meta *m;
	size_t i;

	start(c, "info");
	start(c, "revhistory");
	nl(c);
	for (i = h->n; i-- > 0;) {
		m = &h->v[i];
		start(c, "revision");
		attr(c, "role", m->withdrawn ? "withdrawn" : "current");
		elemf(c, "revnumber", "%d", m->version);
		elem(c, "date", m->changed);
		author(c, code, m->sender);
		start(c, "revremark");
		textf(c, "Change %lld. ", (long long)m->change);
		if (m->reason && *m->reason)
			text(c, m->reason);
		else
			action_text(c, m->action, m->version, m->withdrawn,
				    m->reverts);
		end(c);
		end(c);
		nl(c);
	}
	end(c);
	end(c);
	nl(c);
}

static void
varlist_start(struct ctx *c, const char *role, const char *term)
{
	start(c, "varlistentry");
	attr(c, "role", role);
	elem(c, "term", term);
	start(c, "listitem");
}

static void
varlist_end(struct ctx *c)
{
	end(c);
	end(c);
	nl(c);
}

/* A list field (one item a line) as an inline simplelist, when set. */
static void
inline_list(struct ctx *c, const char *role, const char *term,
	    const char *items)
{
	if (items == NULL || *items == '\0')
		return;
	varlist_start(c, role, term);
	start(c, "simplelist");
	attr(c, "type", "inline");
	each_line(c, items, member_line);
	end(c);
	varlist_end(c);
}

static void
write_entry(struct ctx *c, const struct hist *h)
{
	const struct store_revision *r = &h->last;
	const char *code = r->f[FIELD_ENTITY], *mandate = r->f[FIELD_MANDATE];
	char *id = docbook_entry_id(code, mandate);
	char *place = xasprintf("%s/%s", code, mandate);

	c->place = place;
	start(c, "section");
	attr(c, "xml:id", id);
	attr(c, "role", "entry");
	nl(c);
	elem(c, "title",
	     r->f[FIELD_TITLE] && *r->f[FIELD_TITLE] ? r->f[FIELD_TITLE]
						     : mandate);
	nl(c);
	write_revhistory(c, h, code);
	start(c, "variablelist");
	nl(c);
	varlist_start(c, "mandate", "Mandate");
	start(c, "para");
	text(c, code);
	text(c, "/");
	text(c, mandate);
	end(c);
	varlist_end(c);
	if (r->f[FIELD_INSTRUMENT] && *r->f[FIELD_INSTRUMENT]) {
		varlist_start(c, "instrument", "Instrument");
		paras(c, r->f[FIELD_INSTRUMENT]);
		varlist_end(c);
	}
	if (r->f[FIELD_ADOPTED] && *r->f[FIELD_ADOPTED]) {
		varlist_start(c, "adopted", "Adopted");
		start(c, "para");
		elem(c, "date", r->f[FIELD_ADOPTED]);
		end(c);
		varlist_end(c);
	}
	inline_list(c, "areas", "Areas", r->f[FIELD_AREAS]);
	inline_list(c, "themes", "Themes", r->f[FIELD_THEMES]);
	if (r->f[FIELD_URL] && *r->f[FIELD_URL]) {
		varlist_start(c, "links", "Links");
		start(c, "itemizedlist");
		each_line(c, r->f[FIELD_URL], link_line);
		end(c);
		varlist_end(c);
	}
	varlist_start(c, "version", "Version");
	start(c, "para");
	textf(c, "%d, ", r->version);
	elem(c, "date", r->changed);
	textf(c, " (change %lld)", (long long)r->change);
	end(c);
	varlist_end(c);
	end(c); /* variablelist */
	nl(c);
	if (r->f[FIELD_SUMMARY] && *r->f[FIELD_SUMMARY])
		paras(c, r->f[FIELD_SUMMARY]);
	end(c); /* section */
	nl(c);
	place_done(c);
	c->place = NULL;
	c->rep->entries++;
	free(place);
	free(id);
}

static void
write_chapter(struct ctx *c, const struct ent *e, struct key *keys)
{
	struct hist h;
	char *id;
	size_t i;

	qsort(keys, e->n, sizeof(*keys), key_cmp);
	id = docbook_entity_id(e->e->code);
	c->place = e->e->code;
	start(c, "chapter");
	attr(c, "xml:id", id);
	attr(c, "role", "entity");
	nl(c);
	start(c, "title");
	text(c, e->e->name);
	text(c, " (");
	text(c, e->e->code);
	text(c, ")");
	end(c);
	nl(c);
	place_done(c);
	free(id);
	/* Per entry, its latest version whole (by change number) and the
	 * revision history of all its versions (from an index). */
	for (i = 0; i < e->n && !c->failed && c->rc == CP_OK; i++) {
		memset(&h, 0, sizeof(h));
		if (store_revision_change(c->st, keys[i].change, &h.last,
					  c->err) != CP_OK ||
		    store_entry_versions(c->st, keys[i].entry_id, c->at,
					 hist_add, &h, c->err) != CP_OK)
			c->rc = c->err->code;
		else
			write_entry(c, &h);
		hist_free(&h);
	}
	end(c);
	nl(c);
	c->rep->chapters++;
}

/* ---- pass 4: the matrix and the gap report ---- */

static void
entry_cell(struct ctx *c, int n)
{
	start(c, "entry");
	if (n > 0)
		textf(c, "%d", n);
	end(c);
}

static void
write_matrix(struct ctx *c, const struct scan *sc)
{
	int total[FIELD_NAREAS] = {0};
	size_t i;
	int a;

	start(c, "appendix");
	attr(c, "xml:id", "matrix");
	nl(c);
	elem(c, "title", "Entities and assistance areas");
	nl(c);
	elem(c, "para",
	     "The number of each entity's current entries in each "
	     "of the five assistance areas (an entry may be in "
	     "several areas; an empty cell means none).");
	nl(c);
	start(c, "table");
	attr(c, "xml:id", "matrix.table");
	attr(c, "frame", "all");
	elem(c, "title", "Current entries by entity and assistance area");
	start(c, "tgroup");
	attr(c, "cols", "6");
	start(c, "thead");
	start(c, "row");
	elem(c, "entry", "Entity");
	for (a = 0; a < FIELD_NAREAS; a++)
		elem(c, "entry", field_areas[a]);
	end(c);
	end(c);
	nl(c);
	start(c, "tbody");
	nl(c);
	for (i = 0; i < sc->nents; i++) {
		const struct ent *e = &sc->ents[i];

		if (e->n == 0)
			continue;
		start(c, "row");
		elem(c, "entry", e->e->code);
		for (a = 0; a < FIELD_NAREAS; a++) {
			entry_cell(c, e->areas[a]);
			total[a] += e->areas[a];
		}
		end(c);
		nl(c);
	}
	start(c, "row");
	attr(c, "role", "total");
	elem(c, "entry", "Total");
	for (a = 0; a < FIELD_NAREAS; a++)
		elemf(c, "entry", "%d", total[a]);
	end(c);
	nl(c);
	end(c); /* tbody */
	end(c); /* tgroup */
	end(c); /* table */
	nl(c);
	end(c);
	nl(c);
}

static void
gap_section(struct ctx *c, const char *id, const char *title)
{
	start(c, "section");
	attr(c, "xml:id", id);
	nl(c);
	elem(c, "title", title);
	nl(c);
}

static void
list_item(struct ctx *c, const char *s)
{
	start(c, "listitem");
	elem(c, "para", s);
	end(c);
	nl(c);
}

/* The stale entries that pass 1 wrote to sc->stale. */
static void
write_stale(struct ctx *c, struct scan *sc)
{
	char *rec[3] = {NULL, NULL, NULL}, *id;
	size_t cap[3] = {0, 0, 0}, n;
	int i;

	if (sc->nstale == 0) {
		elem(c, "para", "None.");
		return;
	}
	if (fflush(sc->stale) != 0 || fseek(sc->stale, 0, SEEK_SET) != 0) {
		c->failed = 1;
		return;
	}
	start(c, "itemizedlist");
	nl(c);
	for (n = 0; n < sc->nstale && !c->failed; n++) {
		for (i = 0; i < 3; i++)
			if (getdelim(&rec[i], &cap[i], 0, sc->stale) < 0)
				c->failed = 1;
		if (c->failed)
			break;
		id = docbook_entry_id(rec[0], rec[1]);
		start(c, "listitem");
		start(c, "para");
		start(c, "link");
		attr(c, "linkend", id);
		text(c, rec[0]);
		text(c, "/");
		text(c, rec[1]);
		end(c);
		text(c, ", last changed ");
		elem(c, "date", rec[2]);
		end(c);
		end(c);
		nl(c);
		free(id);
	}
	end(c);
	for (i = 0; i < 3; i++)
		free(rec[i]);
}

static void
write_gaps(struct ctx *c, struct scan *sc)
{
	const struct cp_strlist *themes = sc->themes;
	size_t i, n, covering[FIELD_NAREAS] = {0};
	const struct ent *only[FIELD_NAREAS] = {0};
	int a;

	for (i = 0; i < sc->nents; i++)
		for (a = 0; a < FIELD_NAREAS; a++)
			if (sc->ents[i].areas[a] > 0) {
				covering[a]++;
				only[a] = &sc->ents[i];
			}
	start(c, "appendix");
	attr(c, "xml:id", "gaps");
	nl(c);
	elem(c, "title", "Gap report");
	nl(c);
	elem(c, "para",
	     "Issues that may fall outside existing organizational "
	     "mandates (report of the twenty-sixth session of the "
	     "High-level Committee on Programmes, para. 48), as "
	     "of this edition.");
	nl(c);

	gap_section(c, "gaps.uncovered", "Areas no entity covers");
	for (a = 0, n = 0; a < FIELD_NAREAS; a++)
		n += covering[a] == 0;
	if (n) {
		start(c, "itemizedlist");
		nl(c);
		for (a = 0; a < FIELD_NAREAS; a++)
			if (covering[a] == 0)
				list_item(c, field_areas[a]);
		end(c);
	} else {
		elem(c, "para", "None.");
	}
	nl(c);
	end(c);
	nl(c);

	gap_section(c, "gaps.single", "Areas covered by one entity only");
	for (a = 0, n = 0; a < FIELD_NAREAS; a++)
		n += covering[a] == 1;
	if (n) {
		start(c, "itemizedlist");
		nl(c);
		for (a = 0; a < FIELD_NAREAS; a++) {
			if (covering[a] != 1)
				continue;
			start(c, "listitem");
			start(c, "para");
			textf(c, "%s (", field_areas[a]);
			start(c, "link");
			{
				char *id = docbook_entity_id(only[a]->e->code);

				attr(c, "linkend", id);
				free(id);
			}
			text(c, only[a]->e->code);
			end(c);
			text(c, ")");
			end(c);
			end(c);
			nl(c);
		}
		end(c);
	} else {
		elem(c, "para", "None.");
	}
	nl(c);
	end(c);
	nl(c);

	gap_section(c, "gaps.no-entries",
		    "Registered entities with no current entry");
	for (i = 0, n = 0; i < sc->nents; i++)
		n += sc->ents[i].n == 0;
	if (n) {
		start(c, "itemizedlist");
		nl(c);
		for (i = 0; i < sc->nents; i++) {
			if (sc->ents[i].n != 0)
				continue;
			start(c, "listitem");
			start(c, "para");
			text(c, sc->ents[i].e->code);
			text(c, " (");
			text(c, sc->ents[i].e->name);
			text(c, ")");
			end(c);
			end(c);
			nl(c);
		}
		end(c);
	} else {
		elem(c, "para", "None.");
	}
	nl(c);
	end(c);
	nl(c);

	gap_section(c, "gaps.themes",
		    "Expected themes no current entry carries");
	for (i = 0, n = 0; themes && i < themes->n; i++)
		n += !sc->carried[i];
	if (n) {
		start(c, "itemizedlist");
		nl(c);
		for (i = 0; i < themes->n; i++)
			if (!sc->carried[i])
				list_item(c, themes->v[i]);
		end(c);
	} else {
		elem(c, "para", "None.");
	}
	nl(c);
	end(c);
	nl(c);

	if (c->o->stale_years > 0) {
		char title[96];

		snprintf(title, sizeof(title),
			 "Entries not amended for more than %d year%s",
			 c->o->stale_years, c->o->stale_years == 1 ? "" : "s");
		gap_section(c, "gaps.stale", title);
		write_stale(c, sc);
		nl(c);
		end(c);
		nl(c);
	}
	end(c);
	nl(c);
}

/* ---- pass 5: the changes since a date ---- */

/* The items as members of a simplelist after "what: "; none: nothing. */
static void
write_items(struct ctx *c, const struct revdiff_items *l, const char *what)
{
	size_t i;

	if (l->n == 0)
		return;
	start(c, "para");
	textf(c, "%s: ", what);
	start(c, "simplelist");
	attr(c, "type", "inline");
	for (i = 0; i < l->n; i++)
		member_line(c, l->v[i].s, l->v[i].len);
	end(c);
	end(c);
}

static void
write_wdiff(struct ctx *c, const struct wdiff_op *ops, size_t nops)
{
	size_t i;

	start(c, "literallayout");
	for (i = 0; i < nops; i++) {
		switch (ops[i].kind) {
		case WDIFF_SAME:
			text_n(c, ops[i].s, ops[i].len);
			break;
		case WDIFF_DEL:
			start(c, "phrase");
			attr(c, "revisionflag", "deleted");
			text(c, "[-");
			text_n(c, ops[i].s, ops[i].len);
			text(c, "-]");
			end(c);
			break;
		case WDIFF_INS:
			start(c, "phrase");
			attr(c, "revisionflag", "added");
			text(c, "{+");
			text_n(c, ops[i].s, ops[i].len);
			text(c, "+}");
			end(c);
			break;
		}
	}
	end(c);
}

/* The revision diff of a change as a variablelist: each field that
 * changed, lists as the items removed and added, the rest word by word. */
static void
write_diff(struct ctx *c, const struct store_revision *a,
	   const struct store_revision *b)
{
	struct revdiff d;
	size_t i;

	revdiff_compute(a, b, &d);
	start(c, "variablelist");
	attr(c, "role", "diff");
	nl(c);
	if (d.status_changed) {
		varlist_start(c, "status", "Status");
		elemf(c, "para", "%s \xe2\x86\x92 %s", d.old_status,
		      d.new_status);
		varlist_end(c);
	}
	for (i = 0; i < d.n; i++) {
		const struct revdiff_field *fd = &d.v[i];

		start(c, "varlistentry");
		elem(c, "term", field_name(fd->field));
		start(c, "listitem");
		write_items(c, &fd->removed, "Removed");
		write_items(c, &fd->added, "Added");
		if (fd->by_word)
			write_wdiff(c, fd->words, fd->nwords);
		varlist_end(c);
	}
	if (revdiff_empty(&d)) {
		varlist_start(c, "none", "Fields");
		elem(c, "para", "No field changed.");
		varlist_end(c);
	}
	end(c);
	nl(c);
	revdiff_free(&d);
}

static int
change_entry(const struct store_revision *r, void *arg)
{
	struct ctx *c = arg;
	struct store_revision prev = {0};
	char *place, id[64];
	int have_prev = 0;

	place = xasprintf("change %lld (%s/%s)", (long long)r->change,
			  r->f[FIELD_ENTITY], r->f[FIELD_MANDATE]);
	c->place = place;
	snprintf(id, sizeof(id), "change.%lld", (long long)r->change);
	start(c, "section");
	attr(c, "xml:id", id);
	attr(c, "role", "change");
	nl(c);
	start(c, "title");
	textf(c, "Change %lld: ", (long long)r->change);
	text(c, r->f[FIELD_ENTITY]);
	text(c, "/");
	text(c, r->f[FIELD_MANDATE]);
	textf(c, ", version %d", r->version);
	end(c);
	nl(c);
	start(c, "para");
	elem(c, "date", r->changed);
	text(c, ", ");
	if (r->sender)
		elem(c, "email", r->sender);
	else
		text(c, "by a maintainer");
	text(c, ": ");
	action_text(c, r->f[FIELD_ACTION], r->version, r->withdrawn,
		    r->reverts);
	if (r->f[FIELD_REASON] && *r->f[FIELD_REASON]) {
		text(c, " Reason: ");
		text(c, r->f[FIELD_REASON]);
	}
	end(c);
	nl(c);
	if (r->version > 1) {
		if (store_revision_version(c->st, r->f[FIELD_ENTITY],
					   r->f[FIELD_MANDATE], r->version - 1,
					   &prev, c->err) != CP_OK) {
			c->rc = c->err->code;
			goto out;
		}
		have_prev = 1;
	}
	write_diff(c, have_prev ? &prev : NULL, r);
out:
	end(c);
	nl(c);
	place_done(c);
	c->place = NULL;
	store_revision_clear(&prev);
	free(place);
	return c->failed || c->rc != CP_OK;
}

struct count {
	size_t n;
};

static int
count_one(const struct store_revision *r, void *arg)
{
	((struct count *)arg)->n++;
	return 0;
}

static void
write_changes(struct ctx *c)
{
	struct count n = {0};

	start(c, "appendix");
	attr(c, "xml:id", "changes");
	nl(c);
	start(c, "title");
	text(c, "Changes since ");
	text(c, c->o->changes_since);
	end(c);
	nl(c);
	if (store_revisions(c->st, c->o->changes_since, c->at, NULL, 1,
			    count_one, &n, c->err) != CP_OK) {
		c->rc = c->err->code;
		end(c);
		return;
	}
	start(c, "para");
	if (n.n == 0)
		text(c, "No change was made in this period.");
	else
		textf(c,
		      "%zu change%s, oldest first, each with the difference "
		      "from the version before: removed text [-like "
		      "this-], added text {+like this+}.",
		      n.n, n.n == 1 ? "" : "s");
	end(c);
	nl(c);
	if (n.n > 0 && store_revisions(c->st, c->o->changes_since, c->at, NULL,
				       1, change_entry, c, c->err) != CP_OK)
		c->rc = c->err->code;
	end(c);
	nl(c);
}

/* ---- the book ---- */

enum cp_status
docbook_write(struct store *st, const struct docbook_opts *o, FILE *out,
	      struct docbook_report *rep, struct cp_error *err)
{
	xmlOutputBufferPtr buf = NULL;
	struct store_entity *ents = NULL;
	struct scan sc;
	struct ctx c;
	char now[CP_TIME_LEN], pubdate[11];
	size_t nents = 0, i;
	int64_t edition = 0;
	enum cp_status rc;

	memset(&sc, 0, sizeof(sc));
	memset(&c, 0, sizeof(c));
	c.st = st;
	c.o = o;
	c.rep = rep;
	c.err = err;
	if (o->at) {
		snprintf(now, sizeof(now), "%s", o->at);
	} else {
		cp_time_now(now);
	}
	/* Without --at, every pass reads as of the time the export began,
	 * so changes made meanwhile do not mix into this edition. */
	c.at = now;
	memcpy(pubdate, now, 10);
	pubdate[10] = '\0';
	if (o->stale_years > 0) {
		/* The same time stale_years earlier, compared as text (a 29
		 * February that does not exist still sorts right). */
		int year = (now[0] - '0') * 1000 + (now[1] - '0') * 100 +
			   (now[2] - '0') * 10 + (now[3] - '0') -
			   o->stale_years;

		snprintf(sc.cutoff, sizeof(sc.cutoff), "%04d%s",
			 year < 0 ? 0 : year % 10000, now + 4);
		if ((sc.stale = tmpfile()) == NULL) {
			rc = cp_error_set(err, CP_EIO,
					  "cannot create a temporary file: %s",
					  strerror(errno));
			goto out;
		}
	}

	/* One snapshot for every pass, and one lock instead of one per
	 * statement. */
	if ((rc = store_read_begin(st, err)) != CP_OK)
		goto out;
	if ((rc = store_last_change(st, c.at, &edition, err)) != CP_OK ||
	    (rc = store_entities(st, &ents, &nents, err)) != CP_OK)
		goto out;
	rep->edition = edition;
	sc.c = &c;
	sc.ents = xcalloc(nents ? nents : 1, sizeof(*sc.ents));
	sc.nents = nents;
	for (i = 0; i < nents; i++)
		sc.ents[i].e = &ents[i];
	sc.themes = o->expected_themes;
	sc.carried = xcalloc(sc.themes && sc.themes->n ? sc.themes->n : 1, 1);
	if ((rc = store_entries_brief_at(st, c.at, scan_entry, &sc, err)) !=
	    CP_OK)
		goto out;

	buf = xmlOutputBufferCreateFile(out, NULL);
	if (buf == NULL || (c.w = xmlNewTextWriter(buf)) == NULL) {
		if (buf)
			xmlOutputBufferClose(buf);
		rc = cp_error_set(err, CP_EIO, "cannot start the XML writer");
		goto out;
	}
	chk(&c, xmlTextWriterStartDocument(c.w, "1.0", "UTF-8", NULL));
	chk(&c, xmlTextWriterStartElementNS(c.w, NULL, BAD_CAST "book",
					    BAD_CAST DOCBOOK_NS));
	attr(&c, "xmlns:xlink", XLINK_NS);
	attr(&c, "version", "5.0");
	attr(&c, "xml:lang", "en");
	attr(&c, "xml:id", "compendium");
	nl(&c);
	write_info(&c, pubdate, edition);
	if (c.rc == CP_OK)
		write_preface(&c);
	for (i = 0; i < nents && c.rc == CP_OK && !c.failed; i++)
		if (sc.ents[i].n > 0)
			write_chapter(&c, &sc.ents[i],
				      sc.keys + sc.ents[i].first);
	if (c.rc == CP_OK && !c.failed)
		write_matrix(&c, &sc);
	if (c.rc == CP_OK && !c.failed)
		write_gaps(&c, &sc);
	if (c.rc == CP_OK && !c.failed && o->changes_since)
		write_changes(&c);
	end(&c); /* book */
	nl(&c);
	chk(&c, xmlTextWriterEndDocument(c.w));
	chk(&c, xmlTextWriterFlush(c.w));
	if (c.rc != CP_OK) {
		rc = c.rc;
		goto out;
	}
	if (c.failed || fflush(out) != 0 || ferror(out)) {
		rc = cp_error_set(err, CP_EIO, "cannot write the document: %s",
				  strerror(errno));
		goto out;
	}
	rc = CP_OK;
out:
	store_read_end(st);
	if (c.w)
		xmlFreeTextWriter(c.w); /* closes buf, not out */
	cp_buf_free(&c.tmp);
	if (sc.stale)
		fclose(sc.stale);
	free(sc.keys);
	free(sc.carried);
	free(sc.ents);
	store_entities_free(ents, nents);
	return rc;
}
