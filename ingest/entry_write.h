/* SPDX-License-Identifier: MIT */
/*
 * entry_write.h - an entry written in the update format (SPEC §1), as a
 * focal point would mail it: the mirror of the parser in entry.c.  What
 * it writes, parsed by entry_parse_lines(), gives back exactly the values
 * it was given; a receipt (receipt.h) shows each entry this way, so that
 * its text mailed back unchanged changes nothing.
 */
#ifndef ENTRY_WRITE_H
#define ENTRY_WRITE_H

#include "cp.h"
#include "field.h"
#include "store.h"

/* The longest line written, in characters (code points), unless a word
 * is longer: a word is never broken. */
#define ENTRY_WRITE_WIDTH 76

enum entry_write_flag {
	/* Only the entry itself: Entity, Mandate and its own fields
	   (FIELD_OWN), not Action and Reason, which are about a change. */
	ENTRY_WRITE_OWN = 1,
};

/*
 * Append to out the entry of values val[] (indexed by enum field_id,
 * borrowed; NULL: not given, "": given empty, as struct entry holds them;
 * lists one item a line, text paragraphs joined by "\n\n"), one field a
 * line in the table's order (Entity, Mandate, ...), each line ending in
 * "\n", no blank line after it:
 *
 *  - a value longer than the line goes on continuation lines (a space,
 *    then text), broken only at a single space between two words, so
 *    that joining the lines gives the value back; a word longer than the
 *    line stays whole on its own line;
 *  - paragraphs of a value are separated by a continuation line " .";
 *  - Areas and Themes are written "a; b; c", URLs one a line;
 *  - any text (non-ASCII included) is kept as it is.
 *
 * The text is parsed back before it is kept: CP_OK when the parser gives
 * back exactly val[] (for the fields written), else CP_EINVAL with out
 * as it was (a value the format cannot carry: one that no parse of mail
 * produces, such as a paragraph holding a line feed).
 */
enum cp_status entry_write(const char *const val[FIELD_COUNT], unsigned flags,
			   struct cp_buf *out);

/* entry_write() of a stored version's fields (r->f). */
enum cp_status entry_write_revision(const struct store_revision *r,
				    unsigned flags, struct cp_buf *out);

#endif
