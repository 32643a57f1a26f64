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
	const char *nl;

	while (s && *s) {
		nl = strchr(s, '\n');
		json_array_append_new(
			a, json_stringn(s, nl ? (size_t)(nl - s) : strlen(s)));
		s = nl ? nl + 1 : NULL;
	}
	return a;
}

int
json_print_revision(FILE *f, const struct store_revision *r)
{
	json_t *o = json_object();
	int rc;

	json_object_set_new(o, "entity", json_string(r->f[FIELD_ENTITY]));
	json_object_set_new(o, "mandate", json_string(r->f[FIELD_MANDATE]));
	json_object_set_new(o, "version", json_integer(r->version));
	json_object_set_new(
		o, "status",
		json_string(r->withdrawn ? "withdrawn" : "current"));
	json_object_set_new(o, "title", str_or_null(r->f[FIELD_TITLE]));
	json_object_set_new(o, "instrument",
			    str_or_null(r->f[FIELD_INSTRUMENT]));
	json_object_set_new(o, "adopted", str_or_null(r->f[FIELD_ADOPTED]));
	json_object_set_new(o, "areas", list(r->f[FIELD_AREAS]));
	json_object_set_new(o, "themes", list(r->f[FIELD_THEMES]));
	json_object_set_new(o, "urls", list(r->f[FIELD_URL]));
	json_object_set_new(o, "summary", str_or_null(r->f[FIELD_SUMMARY]));
	json_object_set_new(o, "changed", json_string(r->changed));
	json_object_set_new(o, "sender", str_or_null(r->sender));
	rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (rc == 0 && fputc('\n', f) == EOF)
		rc = -1;
	return rc;
}
