/* SPDX-License-Identifier: MIT */
/*
 * json.c - the JSON output (json.h): `show --json`, and the arrays of
 * `list`, `messages` and `held --json`.  The only user of jansson.
 */
#include "json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cp.h"
#include "pager.h"
#include "utf8.h"

/* s[0..n) as a JSON string; bytes that are not UTF-8 (the store keeps
 * text as read) each become U+FFFD, so that the output is always JSON. */
static json_t *
str_n(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	struct cp_buf b = {0};
	unsigned cp;
	size_t i, k;

	if (j != NULL)
		return j;
	for (i = 0; i < n; i += k) {
		k = utf8_seq((const unsigned char *)s + i, n - i, &cp);
		if (k == 0) {
			cp_buf_add(&b, "\xef\xbf\xbd", 3);
			k = 1;
		} else {
			cp_buf_add(&b, s + i, k);
		}
	}
	j = json_stringn(b.s ? b.s : "", b.len);
	cp_buf_free(&b);
	return j;
}

/* A string or null. */
static json_t *
text(const char *s)
{
	return s ? str_n(s, strlen(s)) : json_null();
}

/* A list stored one item a line (entities, errors, a field) as an array
 * of strings, [] when absent. */
static json_t *
lines(const char *s)
{
	json_t *a = json_array();
	const char *it = s, *item;
	size_t n;

	while (field_list_next(&it, &item, &n))
		json_array_append_new(a, str_n(item, n));
	return a;
}

/* Whether f shows on a terminal (stdout also through the pager). */
static int
on_terminal(FILE *f)
{
	return f == stdout ? cli_on_terminal() : isatty(fileno(f));
}

/*
 * Write o to f with flags.  On a terminal, non-ASCII as \uXXXX and DEL
 * as \u007f: JSON escapes the C0 controls only, and no C1 control, DEL
 * or bidirectional override may reach a terminal (SPEC §5).  (A DEL can
 * only be inside a string, where \u007f means the same.)  Piped, UTF-8
 * as it is.  0, or -1 when writing failed.
 */
static int
dump(json_t *o, FILE *f, size_t flags)
{
	char *s, *p;
	int rc = 0;

	flags |= JSON_PRESERVE_ORDER;
	if (!on_terminal(f))
		return json_dumpf(o, f, flags);
	if ((s = json_dumps(o, flags | JSON_ENSURE_ASCII)) == NULL)
		return -1;
	for (p = s; *p && rc == 0; p++)
		if ((*p == 0x7f ? fputs("\\u007f", f) : fputc(*p, f)) == EOF)
			rc = -1;
	free(s);
	return rc;
}

/* A field's value as its kind is shown: lists as arrays. */
static json_t *
field_json(enum field_id f, const char *v)
{
	return field_is_list(f) ? lines(v) : text(v);
}

/* The fields of one of the kinds in flags that have a JSON key. */
static void
set_fields(json_t *o, const struct store_revision *r, unsigned flags)
{
	int f;

	for (f = 0; f < FIELD_COUNT; f++)
		if ((field_table[f].flags & flags) && field_table[f].json)
			json_object_set_new(
				o, field_table[f].json,
				field_json((enum field_id)f, r->f[f]));
}

int
json_print_revision(FILE *f, const struct store_revision *r)
{
	json_t *o = json_object();
	int rc;

	set_fields(o, r, FIELD_KEY);
	json_object_set_new(o, "version", json_integer(r->version));
	json_object_set_new(
		o, "status",
		json_string(r->withdrawn ? "withdrawn" : "current"));
	set_fields(o, r, FIELD_OWN);
	json_object_set_new(o, "changed", text(r->changed));
	json_object_set_new(o, "sender", text(r->sender));
	rc = dump(o, f, JSON_INDENT(2));
	json_decref(o);
	if (rc == 0 && fputc('\n', f) == EOF)
		rc = -1;
	return rc;
}

void
json_list_begin(struct json_list *l, FILE *f)
{
	l->f = f;
	l->n = 0;
}

/* Write o, one line, as the next element; takes o. */
static int
add(struct json_list *l, json_t *o)
{
	fputs(l->n++ ? ",\n  " : "[\n  ", l->f);
	dump(o, l->f, 0);
	json_decref(o);
	return 0;
}

int
json_list_end(struct json_list *l)
{
	fputs(l->n ? "\n]\n" : "[]\n", l->f);
	return ferror(l->f) ? -1 : 0;
}

int
json_list_entry(const struct store_revision *r, void *list)
{
	json_t *o = json_object();

	/* The first keys of `show --json`, as the text's columns. */
	set_fields(o, r, FIELD_KEY);
	json_object_set_new(o, "version", json_integer(r->version));
	json_object_set_new(
		o, "status",
		json_string(r->withdrawn ? "withdrawn" : "current"));
	json_object_set_new(o, field_table[FIELD_TITLE].json,
			    text(r->f[FIELD_TITLE]));
	return add(list, o);
}

/* The keys `messages` and `held` share: id, received. */
static json_t *
message_object(const struct store_message *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "received", text(m->received));
	return o;
}

int
json_list_message(const struct store_message *m, void *list)
{
	json_t *o = message_object(m);

	json_object_set_new(o, "status",
			    json_string(store_status_name(m->status)));
	json_object_set_new(o, "sender", text(m->sender));
	json_object_set_new(o, "message_id", text(m->message_id));
	json_object_set_new(o, "subject", text(m->subject));
	json_object_set_new(o, "errors", lines(m->errors));
	json_object_set_new(o, "warnings", lines(m->warnings));
	json_object_set_new(o, "held_reason", text(m->held_reason));
	json_object_set_new(o, "duplicate_of",
			    m->duplicate_of ? json_integer(m->duplicate_of)
					    : json_null());
	json_object_set_new(o, "unchanged", lines(m->unchanged));
	return add(list, o);
}

int
json_list_held(const struct store_message *m, void *list)
{
	json_t *o = message_object(m);

	json_object_set_new(o, "sender", text(m->sender));
	json_object_set_new(o, "subject", text(m->subject));
	json_object_set_new(o, "entities", lines(m->entities));
	json_object_set_new(o, "held_reason", text(m->held_reason));
	return add(list, o);
}

int
json_list_hit(const struct store_hit *h, void *list)
{
	json_t *o = json_object();

	json_object_set_new(o, "entity", text(h->entity));
	json_object_set_new(o, "mandate", text(h->mandate));
	json_object_set_new(o, "version", json_integer(h->version));
	json_object_set_new(o, "title", text(h->title));
	json_object_set_new(o, "snippet", text(h->snippet));
	return add(list, o);
}
