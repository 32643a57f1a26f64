/* SPDX-License-Identifier: MIT */
/*
 * field.h - the fields of an entry, described once (SPEC §1).
 *
 * Every part of the program that names, parses, stores, compares, prints
 * or exports an entry's fields iterates field_table[] instead of listing
 * the fields itself, the way SQLite's pragma.h describes every pragma in
 * one row.  Adding a field is a row here, a migration in schema/store.c
 * and a parser rule in ingest/entry.c (docs/ARCHITECTURE.md walks through
 * it).
 */
#ifndef FIELD_H
#define FIELD_H

#include <stddef.h>

/* The fields of an update e-mail's entry, in the order the table lists
 * them (and `show` prints them). */
enum field_id {
	FIELD_ENTITY,
	FIELD_MANDATE,
	FIELD_ACTION,
	FIELD_TITLE,
	FIELD_INSTRUMENT,
	FIELD_ADOPTED,
	FIELD_AREAS,
	FIELD_THEMES,
	FIELD_URL,
	FIELD_SUMMARY,
	FIELD_REASON,
	FIELD_COUNT
};

/* What a value is, which decides how it is normalised, stored, compared,
 * shown and exported. */
enum field_kind {
	FIELD_KIND_CODE,  /* an identifier (Entity, Mandate) */
	FIELD_KIND_WORD,  /* one keyword (Action) */
	FIELD_KIND_TEXT,  /* paragraphs joined by "\n\n", diffed by word */
	FIELD_KIND_DATE,  /* YYYY-MM-DD, YYYY-MM or YYYY */
	FIELD_KIND_LIST,  /* items joined by "\n", shown inline "a; b" */
	FIELD_KIND_LINKS, /* URLs joined by "\n", shown one a line */
};

/* Flags of a field. */
enum field_flag {
	/* The entry's own content: versioned, diffed, exported (else a key
	 * or message meta). */
	FIELD_OWN = 0x01,
	/* Names the entry (Entity, Mandate). */
	FIELD_KEY = 0x02,
	/* About the change, not the entry (Action, Reason): stored with the
	 * version, never compared. */
	FIELD_META = 0x04,
	/* Must be given when the entry is new. */
	FIELD_REQUIRED_NEW = 0x08,
	/* An empty value is an error: it cannot be cleared. */
	FIELD_NOCLEAR = 0x10,
};

struct field_info {
	const char *name;   /* as written in mail, `show` and `log -p` */
	const char *label;  /* the heading readers see in the document */
	const char *role;   /* DocBook role of its varlistentry */
	const char *column; /* column of table revision, NULL: none */
	const char *json;   /* its JSON key (`show`, `log`, `message --json`) */
	enum field_kind kind;
	unsigned flags;
	const char *rule; /* one line for focal points (the preface) */
};

extern const struct field_info field_table[FIELD_COUNT];

/* The row of field f (f < FIELD_COUNT). */
#define FIELD_INFO(f) (&field_table[(f)])
/* Whether field f holds a list (one item a line). */
int field_is_list(enum field_id f);

/* The canonical spelling of a field name, as mail writes it. */
const char *field_name(enum field_id f);
/* The field named by name[0..len) compared case-insensitively, or -1. */
int field_lookup(const char *name, size_t len);

/* The five assistance areas in canonical order (SPEC §1, seed §IV). */
#define FIELD_NAREAS 5
extern const char *const field_areas[FIELD_NAREAS];
/* Their names as readers see them (Annex III: "Legal measures", ...),
 * and the letter Annex III gives each ('A' to 'E'). */
extern const char *const field_area_names[FIELD_NAREAS];
#define FIELD_AREA_LETTER(a) ((char)('A' + (a)))
/* The index of area s[0..len) (exact, lower-case), or -1. */
int field_area_index(const char *s, size_t len);

/*
 * The items of a stored list (one item a line), one at a time:
 *
 *	const char *it = list, *s;
 *	size_t n;
 *	while (field_list_next(&it, &s, &n))
 *		use(s, n);
 *
 * list may be NULL (no items).  Returns 0 after the last item.
 */
int field_list_next(const char **cursor, const char **item, size_t *len);
/* 1 when the list holds the item s[0..len) exactly. */
int field_list_has(const char *list, const char *s, size_t len);

/* Two nullable values equal (both NULL, or the same string). */
int field_same(const char *a, const char *b);

#endif
