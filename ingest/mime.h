/* SPDX-License-Identifier: MIT */
/*
 * mime.h - from raw RFC 5322 bytes to the parts of the text SPEC §1 reads.
 * Only mime.c includes libetpan's MIME headers.
 */
#ifndef MIME_H
#define MIME_H

#include <stddef.h>

#include "cp.h"

/* One text read from the message: the body, then each `*.txt` attachment. */
struct mime_part {
	char *name;  /* owned: "body", or the attachment's file name */
	char *text;  /* owned: UTF-8, NUL-terminated, line ends are "\n" */
	size_t len;  /* bytes in text */
	int is_html; /* text is still HTML markup (text/html body) */
	int flowed;  /* Content-Type had format=flowed */
	int delsp;   /* ... and delsp=yes */
};

/* The header fields a message has once (SPEC §2), as counted in
 * struct mime_message; mime_once_names[] spells them. */
enum mime_once {
	MIME_FROM,
	MIME_SENDER,
	MIME_MESSAGE_ID,
	MIME_DATE,
	MIME_SUBJECT,
	MIME_NONCE
};
extern const char *const mime_once_names[MIME_NONCE];

struct mime_message {
	char *message_id; /* owned; <> and white space trimmed; NULL if none */
	char *from_addr;  /* owned; the addr-spec of the one mailbox of the
			     (first) From field, lower-case (address.h);
			     NULL when none or more than one */
	char *from_value; /* owned; that field's value, unfolded; NULL if none */
	const char *from_why;      /* static: why from_addr is NULL */
	unsigned once[MIME_NONCE]; /* how often each field was given (the
				      first one is the one read) */
	char *subject; /* owned; RFC 2047 decoded to UTF-8; NULL if none */
	char *date;    /* owned; the Date header as written; NULL if none */
	struct cp_strlist auth_results; /* each Authentication-Results value,
					   unfolded, top to bottom */
	/* What a receipt needs (SPEC §7), the first of each, unfolded;
	   NULL when none: */
	char *references;        /* owned: References as written */
	char *auto_submitted;    /* owned: Auto-Submitted (RFC 3834) */
	char *precedence;        /* owned: Precedence */
	int list_id;             /* 1 when it has a List-Id field */
	struct mime_part *parts; /* owned array: body first, then attachments */
	size_t nparts;
	struct cp_strlist warnings; /* e.g. invalid bytes replaced by U+FFFD */
};

/*
 * Parse a whole message.  raw is borrowed and need not be NUL-terminated.
 * On CP_OK *out is a new message (free with mime_message_free()); the
 * header fields are filled even when the message has no readable text
 * (nparts == 0).  When the content cannot be read (unknown charset, broken
 * MIME structure that libetpan refuses, ...), returns CP_EPARSE,
 * CP_ECHARSET or CP_ETOOBIG, appends one line per problem to errors
 * (naming the part), and still sets *out with whatever headers were read
 * (so the message can be stored and listed); *out may be NULL only when
 * not even the header block could be read.  The size limit applies to
 * raw's size as IMAP counts it (CRLF line ends, msgsize.h).
 */
enum cp_status mime_parse(const char *raw, size_t len,
			  const struct cp_limits *lim,
			  struct mime_message **out, struct cp_strlist *errors);

/*
 * Parse the header block only (for a message over the size limit, which is
 * stored but never read whole).  Same contract as mime_parse(), nparts 0.
 */
enum cp_status mime_parse_headers(const char *raw, size_t len,
				  const struct cp_limits *lim,
				  struct mime_message **out,
				  struct cp_strlist *errors);

/*
 * The size rule, in one place: a message of whole bytes over
 * lim->max_message_size is never read whole.  whole is its size as IMAP
 * counts it (CRLF line ends: msgsize.h), so `compendium ingest` and the
 * daemon agree on it; raw holds its first len bytes (whole >=
 * msgsize_of(raw, len): all of it, or only its header block when no more
 * was read or fetched).  Over the limit only its header block is read,
 * from the first lim->max_header_size bytes, errors gets a line naming
 * the limit, and the result is CP_ETOOBIG with *out set as by
 * mime_parse_headers().  Within the limit this is mime_parse(raw, len,
 * ...) without counting raw again.  message.c and apply.c call it;
 * mime_parse() applies the rule through it.
 */
enum cp_status mime_parse_limited(const char *raw, size_t len, size_t whole,
				  const struct cp_limits *lim,
				  struct mime_message **out,
				  struct cp_strlist *errors);

/* Frees m and everything it owns; NULL is fine. */
void mime_message_free(struct mime_message *m);

#endif
