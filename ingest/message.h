/* SPDX-License-Identifier: MIT */
/*
 * message.h - the parsing half of the path: raw bytes to the entries of a
 * message and the problems found, before the store is consulted.  Used by
 * apply.c, by `compendium message` (message_read(): the lines with what
 * the parser made of each) and by the fuzzer.
 */
#ifndef MESSAGE_H
#define MESSAGE_H

#include <stddef.h>

#include "cp.h"
#include "entry.h"
#include "lines.h"
#include "mime.h"

struct message_parsed {
	struct mime_message *mm;   /* owned, may be NULL (headers unreadable) */
	struct entry_list entries; /* owned */
	struct cp_strlist errors;  /* owned: any makes the message rejected */
};

/*
 * Parse raw (borrowed, len bytes, need not be NUL-terminated) into p, which
 * the caller frees with message_parsed_free() in every case.  A message over
 * lim->max_message_size (its size counted as IMAP counts it, with CRLF line
 * ends: msgsize.h) is never read whole: only its header block, and an
 * error says which limit.  Errors found: the header (SPEC §2: a From
 * that is not one address, a field given twice), unreadable MIME, charsets,
 * entry syntax and field rules, more than lim->max_entries entries, the
 * same entry twice, no entry at all.
 */
void message_parse(const char *raw, size_t len, const struct cp_limits *lim,
		   struct message_parsed *p);
/*
 * The same for raw holding len bytes of a message whose size, as IMAP
 * counts it, is whole (counted by the caller where the bytes were; raw
 * holds only the header block of a message over the limit, which was not
 * fetched or read whole): mime_parse_limited() decides.
 */
void message_parse_limited(const char *raw, size_t len, size_t whole,
			   const struct cp_limits *lim,
			   struct message_parsed *p);
void message_parsed_free(struct message_parsed *p);

/* What the parser made of one line of a part's text (SPEC §1). */
enum message_line_role {
	MESSAGE_LINE_ENTRY,     /* read: a line of an entry */
	MESSAGE_LINE_PROSE,     /* ignored: text outside any entry */
	MESSAGE_LINE_BLANK,     /* ignored: empty or white space */
	MESSAGE_LINE_QUOTED,    /* ignored: quoted (">", blockquote, below a
				   reply header) */
	MESSAGE_LINE_SIGNATURE, /* ignored: the signature separator and
				   every line after it */
};

/* One part's text as the parser saw it. */
struct message_text_part {
	char *name;              /* owned: "body" or the attachment's name */
	struct text_lines lines; /* owned: every line, numbered as errors
				     number them */
	unsigned char *role;     /* owned: lines.n of enum
				     message_line_role */
};

struct message_text {
	struct message_text_part *v; /* owned */
	size_t n;
	size_t cap;
};

/*
 * message_parse_limited(), also keeping the text of each part read, each
 * line with its role, for a reader of the message (`compendium
 * message`): the same parse, the same entries and errors.  *t is set in
 * every case (no parts when the header block only was read); free it
 * with message_text_free().
 */
void message_read(const char *raw, size_t len, size_t whole,
		  const struct cp_limits *lim, struct message_parsed *p,
		  struct message_text *t);
void message_text_free(struct message_text *t);

#endif
