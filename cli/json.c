/* SPDX-License-Identifier: MIT */
#include "json.h"

#include <jansson.h>
#include <string.h>

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* A list stored one item a line as a JSON array ([] when absent). */
static json_t *
list(const char *s)
{
	json_t *a = json_array();
	const char *it = s, *item;
	size_t n;

	while (field_list_next(&it, &item, &n))
		json_array_append_new(a, json_stringn(item, n));
	return a;
}

/* A field's value as its kind is shown: lists as arrays. */
static json_t *
field_json(enum field_id f, const char *v)
{
	return field_is_list(f) ? list(v) : str_or_null(v);
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
	json_object_set_new(o, "changed", json_string(r->changed));
	json_object_set_new(o, "sender", str_or_null(r->sender));
	rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (rc == 0 && fputc('\n', f) == EOF)
		rc = -1;
	return rc;
}

int
json_print_hit(FILE *f, const struct store_hit *h, int first)
{
	json_t *o = json_object();
	int rc;

	json_object_set_new(o, "entity", json_string(h->entity));
	json_object_set_new(o, "mandate", json_string(h->mandate));
	json_object_set_new(o, "version", json_integer(h->version));
	json_object_set_new(o, "title", str_or_null(h->title));
	json_object_set_new(o, "snippet", str_or_null(h->snippet));
	rc = fputs(first ? "[\n" : ",\n", f) == EOF ? -1 : 0;
	if (rc == 0)
		rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return rc;
}
