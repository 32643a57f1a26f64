/* SPDX-License-Identifier: MIT */
/*
 * entry.h - the deb822-style entries of an update e-mail (SPEC §1): blocks
 * of `Field: value` lines found in the logical lines of a part, each field
 * checked and normalised.  Checks that need the database (unknown entity,
 * required fields of a new entry, withdrawing what is not there) are made
 * later, by apply.c.
 */
#ifndef ENTRY_H
#define ENTRY_H

#include <stddef.h>

#include "cp.h"
#include "field.h"
#include "lines.h"

/*
 * One entry as written.  val[f] is NULL when the field was not given, ""
 * when given empty (which clears it), else the normalised value:
 * paragraphs joined by "\n\n" (Summary, Title, Instrument, Reason), lists
 * joined by "\n" (Areas in canonical order, Themes in given order, URL).
 */
struct entry {
	char *part;                 /* owned: "body" or attachment name */
	unsigned lineno;            /* line of the first field */
	char *val[FIELD_COUNT];     /* owned */
	unsigned line[FIELD_COUNT]; /* line of each given field */
	int withdraw;               /* Action: withdraw */
};

struct entry_list {
	struct entry *v; /* owned */
	size_t n;
	size_t cap;
};

void entry_list_free(struct entry_list *l);

/*
 * Find and check the entries in the logical lines of one part, appending
 * them to out in order.  Every problem appends one line to errors naming
 * the part, line, entry (ENTITY/MANDATE) and field; the entries are still
 * appended so later checks can name them.  Returns CP_OK when nothing was
 * wrong, CP_ETOOBIG when a value is over lim->max_field_size (or the entry
 * count over lim->max_entries), else CP_EPARSE.
 */
enum cp_status entry_parse_lines(const char *partname,
				 const struct text_lines *lines,
				 const struct cp_limits *lim,
				 struct entry_list *out,
				 struct cp_strlist *errors);

/*
 * The same, telling which lines were read as part of an entry: in_entry
 * (lines->n bytes, zeroed by the caller; NULL for none) gets 1 for each
 * line from an entry's first line naming a known field to the end of its
 * block.  The other lines were ignored: blank, quoted, or prose.
 */
enum cp_status
entry_parse_marked(const char *partname, const struct text_lines *lines,
		   const struct cp_limits *lim, struct entry_list *out,
		   struct cp_strlist *errors, unsigned char *in_entry);

/* "ENTITY/MANDATE" of an entry for messages, "?" for a missing part;
 * caller frees. */
char *entry_name(const struct entry *e);

#endif
