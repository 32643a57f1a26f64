/* SPDX-License-Identifier: MIT */
/*
 * docbook.c - the DocBook 5.0 writer (writer.h), streamed through
 * libxml2's xmlTextWriter: the only file that includes it.  Here are the
 * writer's primitives (docbook_priv.h), the book with its info, preface
 * and chapters, and the operations table; the appendices are in
 * docbook_appendix.c.
 *
 * It formats what the view computed and reads nothing itself.  No writer
 * indentation: it would add white space to mixed content.  New lines go
 * between blocks only.
 */
#include "docbook.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "docbook_priv.h"
#include "export.h"
#include "field.h"
#include "timeutil.h"
#include "uri.h"
#include "utf8.h"
#include "xmalloc.h"

#define XLINK_NS "http://www.w3.org/1999/xlink"

/* ---- untrusted text ---- */

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

/* ---- the writer's state and primitives, with a sticky error ---- */

struct dbw {
	xmlTextWriterPtr w;        /* owned */
	FILE *out;                 /* borrowed */
	struct export_report *rep; /* borrowed */
	int failed;                /* a write failed: the output is lost */
	int revhistory_open;       /* the book's <revhistory> started */
	const struct view *v;      /* borrowed: set by info_begin */
	struct cp_buf tmp;         /* scratch for cleaned text */
	struct cp_buf tmp2;        /* scratch for index terms */
	const char *place; /* borrowed: what is being written, for rep */
	size_t place_replaced;
};

static void
note_replaced(struct dbw *c, size_t n)
{
	c->rep->replaced += n;
	c->place_replaced += n;
}

/* End of a place (an entry, an entity): one line in the report when
 * something there was replaced. */
void
dbw_place_done(struct dbw *c)
{
	if (c->place_replaced && c->rep->where.n < EXPORT_REPORT_PLACES)
		cp_strlist_addf(&c->rep->where,
				"%s: %zu character%s XML cannot carry "
				"replaced with U+FFFD",
				c->place ? c->place : "document",
				c->place_replaced,
				c->place_replaced == 1 ? "" : "s");
	c->place_replaced = 0;
}

void
dbw_place(struct dbw *c, const char *place)
{
	c->place = place;
}

int
dbw_failed(const struct dbw *c)
{
	return c->failed;
}

void
dbw_lose(struct dbw *c)
{
	c->failed = 1;
}

static void
chk(struct dbw *c, int r)
{
	if (r < 0)
		c->failed = 1;
}

void
dbw_start(struct dbw *c, const char *name)
{
	chk(c, xmlTextWriterStartElement(c->w, BAD_CAST name));
}

void
dbw_end(struct dbw *c)
{
	chk(c, xmlTextWriterEndElement(c->w));
}

void
dbw_titled_start(struct dbw *c, const char *name, const char *id,
		 const char *title)
{
	dbw_start(c, name);
	dbw_attr(c, "xml:id", id);
	dbw_nl(c);
	dbw_elem(c, "title", title);
	dbw_nl(c);
}

void
dbw_nl(struct dbw *c)
{
	chk(c, xmlTextWriterWriteRaw(c->w, BAD_CAST "\n"));
}

/* Cleaned text, escaped by the writer. */
void
dbw_text_n(struct dbw *c, const char *s, size_t len)
{
	c->tmp.len = 0;
	note_replaced(c, docbook_clean(s, len, &c->tmp));
	if (c->tmp.len)
		chk(c, xmlTextWriterWriteString(c->w, BAD_CAST c->tmp.s));
}

void
dbw_text(struct dbw *c, const char *s)
{
	dbw_text_n(c, s, strlen(s));
}

void
dbw_textf(struct dbw *c, const char *fmt, ...)
{
	struct cp_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	cp_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	dbw_text_n(c, b.s ? b.s : "", b.len);
	cp_buf_free(&b);
}

void
dbw_attr(struct dbw *c, const char *name, const char *value)
{
	c->tmp.len = 0;
	note_replaced(c, docbook_clean(value, strlen(value), &c->tmp));
	chk(c, xmlTextWriterWriteAttribute(c->w, BAD_CAST name,
					   BAD_CAST c->tmp.s));
}

/* <name>text</name> */
void
dbw_elem(struct dbw *c, const char *name, const char *s)
{
	dbw_start(c, name);
	dbw_text(c, s);
	dbw_end(c);
}

void
dbw_elemf(struct dbw *c, const char *name, const char *fmt, ...)
{
	struct cp_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	cp_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	dbw_start(c, name);
	dbw_text_n(c, b.s ? b.s : "", b.len);
	dbw_end(c);
	cp_buf_free(&b);
}

void
dbw_elem_date(struct dbw *c, const char *name, const char *s)
{
	char out[CP_DATE_WRITTEN_LEN + 64];

	dbw_elem(c, name, cp_date_written(s, out, sizeof(out)));
}

const struct view *
dbw_view(const struct dbw *c)
{
	return c->v;
}

void
dbw_author(struct dbw *c, const char *code, const char *sender)
{
	const char *name = c->v ? view_sender_name(c->v, sender) : NULL;
	int addresses = c->v && c->v->opts && c->v->opts->with_addresses;

	dbw_start(c, "author");
	if (sender == NULL) {
		dbw_elem(c, "orgname", "Compendium maintainers");
	} else if (name) {
		dbw_elem(c, "personname", name);
		dbw_start(c, "affiliation");
		dbw_elem(c, "orgname", code);
		dbw_end(c);
	} else {
		dbw_elem(c, "orgname", code);
	}
	if (sender && addresses)
		dbw_elem(c, "email", sender);
	dbw_end(c);
}

void
dbw_area(struct dbw *c, const char *s, size_t len)
{
	int a = field_area_index(s, len);

	if (a < 0)
		dbw_text_n(c, s, len);
	else
		dbw_textf(c, "%c. %s", FIELD_AREA_LETTER(a),
			  field_area_names[a]);
}

/* One <para> per paragraph of s (paragraphs apart by "\n\n"). */
static void
paras(struct dbw *c, const char *s)
{
	const char *p = s, *q;

	while (p) {
		q = strstr(p, "\n\n");
		dbw_start(c, "para");
		dbw_text_n(c, p, q ? (size_t)(q - p) : strlen(p));
		dbw_end(c);
		dbw_nl(c);
		p = q ? q + 2 : NULL;
		while (p && *p == '\n')
			p++;
		if (p && *p == '\0')
			p = NULL;
	}
}

void
dbw_member(struct dbw *c, const char *s, size_t len)
{
	dbw_start(c, "member");
	dbw_text_n(c, s, len);
	dbw_end(c);
}

void
dbw_varlist_start(struct dbw *c, const char *role, const char *term)
{
	dbw_start(c, "varlistentry");
	dbw_attr(c, "role", role);
	dbw_elem(c, "term", term);
	dbw_start(c, "listitem");
}

void
dbw_varlist_end(struct dbw *c)
{
	dbw_end(c);
	dbw_end(c);
	dbw_nl(c);
}

/* What a version did, when it gives no reason. */
void
dbw_action_text(struct dbw *c, const char *action, int version, int withdrawn,
		int64_t reverts)
{
	if (action && strcmp(action, "revert") == 0)
		dbw_textf(c, "Revert of change %lld.", (long long)reverts);
	else if (withdrawn)
		dbw_text(c, "Withdrawn.");
	else if (version == 1)
		dbw_text(c, "New entry.");
	else
		dbw_text(c, "Amended.");
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

/*
 * One URL of an entry as a link.  Mail's URLs were checked at ingest; one
 * that is no URI all the same (a database written by an older program, or
 * by hand) is written as text, not as a link, and reported: the document
 * stays valid (xlink:href is xsd:anyURI).
 */
static void
link_item(struct dbw *c, const char *s, size_t len)
{
	const char *why;
	char *href;

	if (!uri_http_valid(s, len, &why)) {
		c->rep->bad_links++;
		if (c->rep->where.n < EXPORT_REPORT_PLACES)
			cp_strlist_addf(&c->rep->where,
					"%s: a URL that is no URI (%s) written "
					"as text, not as a link",
					c->place ? c->place : "document", why);
		dbw_start(c, "listitem");
		dbw_start(c, "para");
		dbw_text_n(c, s, len);
		dbw_end(c);
		dbw_end(c);
		return;
	}
	href = href_of(s, len);
	dbw_start(c, "listitem");
	dbw_start(c, "para");
	dbw_start(c, "link");
	dbw_attr(c, "xlink:href", href);
	dbw_text_n(c, s, len);
	dbw_end(c);
	dbw_end(c);
	dbw_end(c);
	free(href);
}

/* ---- the book's info and its revision history ---- */

static void
docbook_info_begin(void *w, const struct view *v)
{
	struct dbw *c = w;

	const struct view_opts *o = v->opts;
	char date[CP_DATE_WRITTEN_LEN];

	c->v = v;
	c->place = "document";
	cp_date_written(v->pubdate, date, sizeof(date));
	dbw_start(c, "info");
	dbw_nl(c);
	dbw_elem(c, "title",
		 o && o->title && *o->title ? o->title : DOCBOOK_TITLE);
	dbw_nl(c);
	if (o && o->subtitle && *o->subtitle) {
		dbw_elem(c, "subtitle", o->subtitle);
		dbw_nl(c);
	}
	if (o && o->issued_by && *o->issued_by) {
		/* the issuing body: the book's author (the PDF's Author)
		 * and its publisher */
		dbw_start(c, "author");
		dbw_elem(c, "orgname", o->issued_by);
		dbw_end(c);
		dbw_nl(c);
		dbw_start(c, "publisher");
		dbw_elem(c, "publishername", o->issued_by);
		dbw_end(c);
		dbw_nl(c);
	}
	if (o && o->base_url && *o->base_url) {
		dbw_start(c, "biblioid");
		dbw_attr(c, "class", "uri");
		dbw_text(c, o->base_url);
		dbw_end(c);
		dbw_nl(c);
	}
	dbw_elem(c, "pubdate", v->pubdate);
	dbw_nl(c);
	dbw_elem(c, "date", date);
	dbw_nl(c);
	dbw_elemf(c, "edition", "%lld", (long long)v->edition);
	dbw_nl(c);
	dbw_elemf(c, "releaseinfo", "Edition %lld, %s", (long long)v->edition,
		  date);
	dbw_nl(c);
	dbw_place_done(c);
	c->place = "revision history";
}

static void
names(struct dbw *c, const char *what, size_t n, const struct cp_strlist *l)
{
	size_t i;

	dbw_textf(c, "%zu %s", n, what);
	if (l->n == 0)
		return;
	dbw_text(c, " (");
	for (i = 0; i < l->n; i++) {
		if (i)
			dbw_text(c, ", ");
		dbw_text(c, l->v[i]);
	}
	if (n > l->n)
		dbw_textf(c, " and %zu more", n - l->n);
	dbw_text(c, ")");
}

/* One revision per day; the <revhistory> opens with the first (the
 * schema wants one revision at least). */
static void
docbook_day(void *w, const struct view_day *d)
{
	struct dbw *c = w;
	int parts = 0;

	if (!c->revhistory_open) {
		dbw_start(c, "revhistory");
		dbw_nl(c);
		c->revhistory_open = 1;
	}
	dbw_start(c, "revision");
	dbw_elemf(c, "revnumber", "%lld", (long long)d->last);
	dbw_elem_date(c, "date", d->date);
	dbw_start(c, "revremark");
	if (d->first == d->last)
		dbw_textf(c, "Change %lld: ", (long long)d->last);
	else
		dbw_textf(c, "Changes %lld-%lld: ", (long long)d->first,
			  (long long)d->last);
	if (d->added) {
		names(c, d->added == 1 ? "entry added" : "entries added",
		      d->added, &d->added_names);
		parts++;
	}
	if (d->amended) {
		if (parts++)
			dbw_text(c, "; ");
		dbw_textf(c, "%zu %s", d->amended,
			  d->amended == 1 ? "entry amended"
					  : "entries amended");
	}
	if (d->withdrawn) {
		if (parts++)
			dbw_text(c, "; ");
		names(c,
		      d->withdrawn == 1 ? "entry withdrawn"
					: "entries withdrawn",
		      d->withdrawn, &d->withdrawn_names);
	}
	if (d->reverted) {
		if (parts++)
			dbw_text(c, "; ");
		dbw_textf(c, "%zu %s", d->reverted,
			  d->reverted == 1 ? "change reverted"
					   : "changes reverted");
	}
	dbw_text(c, ".");
	dbw_end(c);
	dbw_end(c);
	dbw_nl(c);
}

static void
docbook_info_end(void *w, const struct view *v)
{
	struct dbw *c = w;

	if (c->revhistory_open) {
		dbw_end(c);
		dbw_nl(c);
	}
	dbw_place_done(c);
	dbw_end(c);
	dbw_nl(c);
}

/* ---- the chapters ---- */

static void
write_revhistory(struct dbw *c, const struct view_entry *e, const char *code)
{
	const struct view_version *m;
	size_t i;

	if (e->n == 0)
		return; /* cannot happen: the latest version is shown */
	dbw_start(c, "revhistory");
	dbw_attr(c, "role", "entry");
	dbw_nl(c);
	for (i = e->n; i-- > 0;) {
		m = &e->v[i];
		dbw_start(c, "revision");
		dbw_attr(c, "role", m->withdrawn ? "withdrawn" : "current");
		dbw_elemf(c, "revnumber", "%d", m->version);
		dbw_elem_date(c, "date", m->changed);
		dbw_author(c, code, m->sender);
		dbw_start(c, "revremark");
		dbw_textf(c, "Change %lld. ", (long long)m->change);
		if (m->reason && *m->reason)
			dbw_text(c, m->reason);
		else
			dbw_action_text(c, m->action, m->version, m->withdrawn,
					m->reverts);
		dbw_end(c);
		dbw_end(c);
		dbw_nl(c);
	}
	dbw_end(c);
	dbw_nl(c);
}

/* A theme, with its index term. */
static void
theme_member(struct dbw *c, const char *s, size_t n, struct cp_buf *scratch)
{
	const char *term = c->v ? view_term(c->v, s, n, scratch) : NULL;

	dbw_start(c, "member");
	dbw_text_n(c, s, n);
	if (term) {
		dbw_start(c, "indexterm");
		dbw_elem(c, "primary", term);
		dbw_end(c);
	}
	dbw_end(c);
}

/* The value of field f as the listitem its kind calls for. */
static void
field_value(struct dbw *c, enum field_id f, const char *value)
{
	const char *it = value, *s;
	size_t n;

	switch (FIELD_INFO(f)->kind) {
	case FIELD_KIND_TEXT:
		paras(c, value);
		break;
	case FIELD_KIND_DATE: /* 2013, April 2013, 26 April 2013 */
		dbw_start(c, "para");
		dbw_elem_date(c, "date", value);
		dbw_end(c);
		break;
	case FIELD_KIND_LIST: /* inline, one member an item */
		dbw_start(c, "simplelist");
		dbw_attr(c, "type", "inline");
		while (field_list_next(&it, &s, &n)) {
			if (n == 0)
				continue;
			if (f == FIELD_THEMES) {
				theme_member(c, s, n, &c->tmp2);
			} else if (f == FIELD_AREAS) {
				dbw_start(c, "member");
				dbw_area(c, s, n);
				dbw_end(c);
			} else {
				dbw_member(c, s, n);
			}
		}
		dbw_end(c);
		break;
	case FIELD_KIND_LINKS: /* one link an item */
		dbw_start(c, "itemizedlist");
		while (field_list_next(&it, &s, &n))
			if (n > 0)
				link_item(c, s, n);
		dbw_end(c);
		break;
	case FIELD_KIND_CODE:
	case FIELD_KIND_WORD:
		dbw_elem(c, "para", value);
		break;
	}
}

/*
 * The entry's variablelist: its mandate, then each of its own fields
 * that is set, in table order, with the table's label and role (Title
 * and Summary are the section's title and body instead), then its
 * version.
 */
static void
entry_fields(struct dbw *c, const struct view_entry *e)
{
	const struct store_revision *r = &e->last;
	/* the latest version the history shows (a revert left out of it is
	 * not named here either) */
	const struct view_version *m = e->n ? &e->v[e->n - 1] : NULL;
	const struct field_info *fi = FIELD_INFO(FIELD_MANDATE);
	int f;

	dbw_start(c, "variablelist");
	dbw_nl(c);
	dbw_varlist_start(c, fi->role, fi->label);
	dbw_start(c, "para");
	dbw_text(c, r->f[FIELD_ENTITY]);
	dbw_text(c, "/");
	dbw_text(c, r->f[FIELD_MANDATE]);
	dbw_end(c);
	dbw_varlist_end(c);
	for (f = 0; f < FIELD_COUNT; f++) {
		fi = FIELD_INFO(f);
		if (!(fi->flags & FIELD_OWN) || f == FIELD_TITLE ||
		    f == FIELD_SUMMARY || r->f[f] == NULL || *r->f[f] == '\0')
			continue;
		dbw_varlist_start(c, fi->role, fi->label);
		field_value(c, f, r->f[f]);
		dbw_varlist_end(c);
	}
	dbw_varlist_start(c, "version", "Version");
	dbw_start(c, "para");
	dbw_textf(c, "%d, ", m ? m->version : r->version);
	dbw_elem_date(c, "date", m ? m->changed : r->changed);
	dbw_textf(c, " (change %lld)", (long long)(m ? m->change : r->change));
	dbw_end(c);
	dbw_varlist_end(c);
	dbw_end(c); /* variablelist */
	dbw_nl(c);
}

static void
docbook_entry(void *w, const struct view_entry *e)
{
	struct dbw *c = w;
	const struct store_revision *r = &e->last;
	const char *code = r->f[FIELD_ENTITY], *mandate = r->f[FIELD_MANDATE];
	char *id = docbook_entry_id(code, mandate);
	char *place = xasprintf("%s/%s", code, mandate);

	c->place = place;
	dbw_start(c, "section");
	dbw_attr(c, "xml:id", id);
	dbw_attr(c, "role", "entry");
	dbw_nl(c);
	dbw_elem(c, "title",
		 r->f[FIELD_TITLE] && *r->f[FIELD_TITLE] ? r->f[FIELD_TITLE]
							 : mandate);
	dbw_nl(c);
	entry_fields(c, e);
	if (r->f[FIELD_SUMMARY] && *r->f[FIELD_SUMMARY])
		paras(c, r->f[FIELD_SUMMARY]);
	write_revhistory(c, e, code);
	dbw_end(c); /* section */
	dbw_nl(c);
	dbw_place_done(c);
	c->place = NULL;
	free(place);
	free(id);
}

static void
docbook_chapter_begin(void *w, const struct view_entity *e)
{
	struct dbw *c = w;
	char *id = docbook_entity_id(e->code);

	c->place = e->code;
	dbw_start(c, "chapter");
	dbw_attr(c, "xml:id", id);
	dbw_attr(c, "role", "entity");
	dbw_nl(c);
	dbw_start(c, "title");
	dbw_text(c, e->name);
	dbw_text(c, " (");
	dbw_text(c, e->code);
	dbw_text(c, ")");
	dbw_end(c);
	dbw_nl(c);
	dbw_place_done(c);
	free(id);
}

static void
docbook_chapter_end(void *w, const struct view_entity *e)
{
	struct dbw *c = w;

	dbw_end(c);
	dbw_nl(c);
}

/* ---- the document ---- */

/* See docbook_priv.h. */
enum cp_status
dbw_open(FILE *out, struct export_report *rep, const char *root, const char *ns,
	 struct dbw **c_out, struct cp_error *err)
{
	struct dbw *c = xcalloc(1, sizeof(*c));
	xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);

	*c_out = NULL;
	if (buf == NULL || (c->w = xmlNewTextWriter(buf)) == NULL) {
		if (buf)
			xmlOutputBufferClose(buf);
		free(c);
		return cp_error_set(err, CP_EIO, "cannot start the XML writer");
	}
	c->out = out;
	c->rep = rep;
	chk(c, xmlTextWriterStartDocument(c->w, "1.0", "UTF-8", NULL));
	chk(c, xmlTextWriterStartElementNS(c->w, NULL, BAD_CAST root,
					   BAD_CAST ns));
	*c_out = c;
	return CP_OK;
}

/* See docbook_priv.h. */
enum cp_status
dbw_close(struct dbw *c, struct cp_error *err)
{
	enum cp_status rc = CP_OK;

	dbw_end(c); /* the root */
	dbw_nl(c);
	chk(c, xmlTextWriterEndDocument(c->w));
	chk(c, xmlTextWriterFlush(c->w));
	if (c->failed || fflush(c->out) != 0 || ferror(c->out))
		rc = cp_error_set(err, CP_EIO, "cannot write the document: %s",
				  strerror(errno));
	xmlFreeTextWriter(c->w); /* closes its buffer, not out */
	cp_buf_free(&c->tmp);
	cp_buf_free(&c->tmp2);
	free(c);
	return rc;
}

static enum cp_status
docbook_begin(FILE *out, struct export_report *rep, void **w_out,
	      struct cp_error *err)
{
	struct dbw *c;
	enum cp_status rc;

	*w_out = NULL;
	if ((rc = dbw_open(out, rep, "book", DOCBOOK_NS, &c, err)) != CP_OK)
		return rc;
	dbw_attr(c, "xmlns:xlink", XLINK_NS);
	dbw_attr(c, "version", "5.0");
	dbw_attr(c, "xml:lang", "en");
	dbw_attr(c, "xml:id", "compendium");
	dbw_nl(c);
	*w_out = c;
	return CP_OK;
}

static int
docbook_failed(void *w)
{
	return dbw_failed(w);
}

static enum cp_status
docbook_end(void *w, struct cp_error *err)
{
	struct dbw *c = w;

	if (!c->failed) {
		/* the index docbook-xsl generates from the indexterms */
		dbw_start(c, "index");
		dbw_attr(c, "xml:id", "index");
		dbw_end(c);
		dbw_nl(c);
	}
	return dbw_close(c, err);
}

/* The slots are named docbook_SLOT, static or not, as isync names its
 * drivers' (imap_open_store, maildir_open_store). */
const struct export_writer docbook_writer = {
	.begin = docbook_begin,
	.info_begin = docbook_info_begin,
	.day = docbook_day,
	.info_end = docbook_info_end,
	.preface = docbook_preface,
	.chapter_begin = docbook_chapter_begin,
	.entry = docbook_entry,
	.chapter_end = docbook_chapter_end,
	.matrix = docbook_matrix,
	.gaps = docbook_gaps,
	.changes_begin = docbook_changes_begin,
	.change = docbook_change,
	.changes_end = docbook_changes_end,
	.failed = docbook_failed,
	.end = docbook_end,
};
