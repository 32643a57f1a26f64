/* SPDX-License-Identifier: MIT */
/* field.c - the table of an entry's fields (see field.h). */
#include "field.h"

#include <string.h>

#include "utf8.h"

/* clang-format off */
#define OWN	FIELD_OWN
#define KEY	FIELD_KEY
#define META	FIELD_META
#define NEW	FIELD_REQUIRED_NEW
#define NOCLEAR	FIELD_NOCLEAR

const struct field_info field_table[FIELD_COUNT] = {
	/* name, label, role, column, json, kind, flags, rule */
	[FIELD_ENTITY] = {"Entity", "Entity", "entity", NULL, "entity",
		FIELD_KIND_CODE, KEY | NEW | NOCLEAR,
		"Required: the code of your entity."},
	[FIELD_MANDATE] = {"Mandate", "Mandate", "mandate", NULL, "mandate",
		FIELD_KIND_CODE, KEY | NEW | NOCLEAR,
		"Required: the entry's identifier within your entity, 1 to 64 "
		"of A-Z a-z 0-9 . / _ - (case counts)."},
	[FIELD_ACTION] = {"Action", "Action", "action", "action", "action",
		FIELD_KIND_WORD, META,
		"update (the default: creates the entry or changes the fields "
		"given) or withdraw (takes the entry out of the compendium; "
		"its history stays)."},
	[FIELD_TITLE] = {"Title", "Title", "title", "title", "title",
		FIELD_KIND_TEXT, OWN | NEW | NOCLEAR,
		"Required for a new entry."},
	[FIELD_INSTRUMENT] = {"Instrument", "Instrument", "instrument",
		"instrument", "instrument", FIELD_KIND_TEXT, OWN,
		"The resolution, decision or convention the mandate comes "
		"from."},
	[FIELD_ADOPTED] = {"Adopted", "Adopted", "adopted", "adopted",
		"adopted", FIELD_KIND_DATE, OWN,
		"YYYY-MM-DD, YYYY-MM or YYYY."},
	[FIELD_AREAS] = {"Areas", "Areas", "areas", "areas", "areas",
		FIELD_KIND_LIST, OWN,
		"A list (; or ,) from: legal, policy, technical, "
		"capacity-building, cooperation."},
	[FIELD_THEMES] = {"Themes", "Themes", "themes", "themes", "themes",
		FIELD_KIND_LIST, OWN,
		"A free list of tags (; or ,)."},
	[FIELD_URL] = {"URL", "Links", "links", "urls", "urls",
		FIELD_KIND_LINKS, OWN,
		"One or more http(s) URLs, one a line."},
	[FIELD_SUMMARY] = {"Summary", "Summary", "summary", "summary",
		"summary", FIELD_KIND_TEXT, OWN | NEW | NOCLEAR,
		"Required for a new entry; continuation lines start with a "
		"space, a line \" .\" separates paragraphs."},
	[FIELD_REASON] = {"Reason", "Reason", "reason", "reason", "reason",
		FIELD_KIND_TEXT, META,
		"Why this change: shown in the revision history."},
};
/* clang-format on */

const char *const field_areas[FIELD_NAREAS] = {
	"legal", "policy", "technical", "capacity-building", "cooperation",
};

/* In the order of field_areas[], as seed Annex III names them. */
const char *const field_area_names[FIELD_NAREAS] = {
	"Legal measures",
	"Policy and strategy measures",
	"Technical measures",
	"Capacity-building",
	"Cooperation among stakeholders",
};

int
field_is_list(enum field_id f)
{
	return (unsigned)f < FIELD_COUNT &&
	       (field_table[f].kind == FIELD_KIND_LIST ||
		field_table[f].kind == FIELD_KIND_LINKS);
}

const char *
field_name(enum field_id f)
{
	return (unsigned)f < FIELD_COUNT ? field_table[f].name : "?";
}

int
field_lookup(const char *name, size_t len)
{
	int f;

	for (f = 0; f < FIELD_COUNT; f++)
		if (ascii_span_casecmp(name, len, field_table[f].name) == 0)
			return f;
	return -1;
}

int
field_area_index(const char *s, size_t len)
{
	int a;

	for (a = 0; a < FIELD_NAREAS; a++)
		if (strlen(field_areas[a]) == len &&
		    memcmp(field_areas[a], s, len) == 0)
			return a;
	return -1;
}

int
field_list_next(const char **cursor, const char **item, size_t *len)
{
	const char *p = *cursor, *nl;

	if (p == NULL || *p == '\0')
		return 0;
	nl = strchr(p, '\n');
	*item = p;
	*len = nl ? (size_t)(nl - p) : strlen(p);
	*cursor = nl ? nl + 1 : NULL;
	return 1;
}

int
field_list_has(const char *list, const char *s, size_t len)
{
	const char *it = list, *item;
	size_t n;

	while (field_list_next(&it, &item, &n))
		if (n == len && memcmp(item, s, len) == 0)
			return 1;
	return 0;
}

int
field_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}
