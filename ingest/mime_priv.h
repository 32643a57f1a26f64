/* SPDX-License-Identifier: MIT */
/*
 * mime_priv.h - what the files of the mime module share; private to
 * ingest/.  One file per standard, as mblaze splits its parser:
 *
 *   mime.c     the public API (mime.h) and the MIME tree, on libetpan
 *   rfc5322.c  the header block: fields, unfolding, the values read
 *   rfc2045.c  a part's body: base64, quoted-printable, its charset
 *   rfc2047.c  encoded words in header text
 *   rfc2231.c  parameter values: continuations, charsets, %XX
 *
 * Only mime.c includes libetpan; no libetpan type appears here.  The tiny
 * character helpers are defined once, here, static inline (WSP is
 * ascii_is_wsp() of base/utf8.h, which text.c and entry.c use too).
 */
#ifndef MIME_PRIV_H
#define MIME_PRIV_H

#include <stddef.h>

#include "cp.h"
#include "mime.h"
#include "utf8.h"

/* ------------------------------------------------------------------ */
/* Character helpers                                                    */
/* ------------------------------------------------------------------ */

/* The value of a hex digit in either case, or -1. */
static inline int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * A MIME token (a charset name, a media subtype) as it is quoted in an
 * error: lower-case, and every byte that cannot be in a token (controls,
 * space, DEL, anything past ASCII) a '?', so that the message stays valid
 * UTF-8 and on one line whatever the header held.
 */
static inline void
token_for_message(char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		*s = c > 0x20 && c < 0x7F ? (char)ascii_lower(c) : '?';
	}
}

/*
 * Control characters (NUL included) in s[0..n) become spaces: they would
 * break one-line listings and truncate strings.
 */
static inline void
blank_controls(char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			s[i] = ' ';
}

/* ------------------------------------------------------------------ */
/* rfc5322.c: the header block                                          */
/* ------------------------------------------------------------------ */

/* One header field, as spans into the raw message. */
struct rfc5322_field {
	const char *name; /* borrowed span */
	size_t nlen;
	const char *val; /* borrowed span, folded, without the last EOL */
	size_t vlen;
	size_t start; /* offset of the field's first byte */
	size_t end;   /* offset just past its last line end */
};

/* Where the header block ends. */
struct rfc5322_block {
	size_t body_off; /* where the body starts */
	size_t hlen;     /* bytes of the header block, blank line excluded */
};

/*
 * The offset just past the line end of the line of raw[0..len) holding
 * pos, or len; *eol is where that line's text ends (before CRLF or LF).
 */
size_t rfc5322_line_end(const char *raw, size_t len, size_t pos, size_t *eol);

/*
 * The field starting at *pos into *f, and *pos moved past it; 0 at the
 * end of the header block: an empty line (which *pos then skips), the end
 * of the input, or a line that is not `name:` (which stays for the body,
 * as libetpan reads it).
 */
int rfc5322_next_field(const char *raw, size_t len, size_t *pos,
		       struct rfc5322_field *f);

/*
 * Scan the whole header block of raw[0..len) (it is bounded only by the
 * input) into *hb, and fill the header fields of m (Message-ID, From,
 * Subject, Date, Authentication-Results) from the fields that end within
 * lim->max_header_size.  Returns CP_ETOOBIG, with a line in errors, when
 * the block is over that limit.
 */
enum cp_status rfc5322_read_header_block(const char *raw, size_t len,
					 const struct cp_limits *lim,
					 struct mime_message *m,
					 struct rfc5322_block *hb,
					 struct cp_strlist *errors);

/* ------------------------------------------------------------------ */
/* rfc2045.c: a part's body                                             */
/* ------------------------------------------------------------------ */

/*
 * Append the base64 s[0..n) decoded to b, skipping characters outside the
 * alphabet (encoded words are read leniently; bodies are checked with
 * rfc2045_base64_problem() first).
 */
void rfc2045_base64_decode(struct cp_buf *b, const char *s, size_t n);

/*
 * NULL when s[0..n) is base64 as RFC 2045 writes it (the alphabet, white
 * space and trailing '=' padding), else what is wrong (static text).
 */
const char *rfc2045_base64_problem(const char *s, size_t n);

/* Append the quoted-printable body s[0..n) decoded to b (RFC 2045 6.7). */
void rfc2045_qp_decode(struct cp_buf *b, const char *s, size_t n);

/* The text of a part, read in its charset. */
struct rfc2045_text {
	char *text;    /* owned: UTF-8, NUL-terminated; NULL on error */
	size_t len;    /* bytes in text */
	size_t nrepl;  /* invalid bytes replaced with U+FFFD */
	char *charset; /* owned: the charset read, as token_for_message()
			  makes it; set on error too */
};

/*
 * Read the transfer-decoded bytes data[0..len) of a text part (borrowed)
 * in charset, the Content-Type's charset parameter (NULL or "" when it has
 * none), into *out, which the caller frees (text, charset) in every case.
 * Returns CP_ECHARSET for an unknown charset.
 */
enum cp_status rfc2045_text_to_utf8(const char *charset, int is_html,
				    const char *data, size_t len,
				    struct rfc2045_text *out);

/* ------------------------------------------------------------------ */
/* rfc2047.c: encoded words                                             */
/* ------------------------------------------------------------------ */

/*
 * The unfolded header text s[0..n) with its RFC 2047 encoded words
 * decoded, in a new UTF-8 string (caller frees).
 */
char *rfc2047_decode(const char *s, size_t n);

/* ------------------------------------------------------------------ */
/* rfc2231.c: parameter values                                          */
/* ------------------------------------------------------------------ */

/* One parameter of a header field, as mime.c takes it from libetpan. */
struct rfc2231_param {
	const char *name;  /* borrowed; NULL never matches */
	const char *value; /* borrowed; NULL never matches */
};

/*
 * The value of the parameter base among v[0..n), in a new UTF-8 string
 * (caller frees), or NULL when it is not there.
 */
char *rfc2231_param_value(const struct rfc2231_param *v, size_t n,
			  const char *base);

/* ------------------------------------------------------------------ */
/* mime.c: what libetpan reads for the others                           */
/* ------------------------------------------------------------------ */

#endif
