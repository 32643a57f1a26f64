/* SPDX-License-Identifier: MIT */
/*
 * utf8.h - case-insensitive comparison and folding of UTF-8 text, as used
 * for themes and addresses, and the ASCII case helpers every parser needs.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

#include "cp.h"

/* RFC 5322 WSP: a space or a horizontal tab. */
static inline int
ascii_is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* c lower-cased when it is an ASCII upper-case letter. */
int ascii_lower(int c);
/* 0 when s[0..len) equals the NUL-terminated lit, ASCII case ignored. */
int ascii_span_casecmp(const char *s, size_t len, const char *lit);

/* The code point at s (len > 0), its length in *adv; an invalid byte
 * decodes as itself (length 1) so that comparisons stay total. */
unsigned utf8_next(const char *s, size_t len, size_t *adv);

/* The length (1-4) of the valid UTF-8 sequence at s (len > 0 bytes
 * there) and its code point in *cp, or 0 when the bytes are not one:
 * overlong forms, surrogates and code points past U+10FFFF are not. */
size_t utf8_seq(const unsigned char *s, size_t len, unsigned *cp);

/* Case-insensitive comparison of two UTF-8 strings (simple case folding
 * of each code point, towlower in C.UTF-8): <0, 0 or >0. */
int utf8_casecmp(const char *a, const char *b);
/* Append the case-folded form of s to out, the key utf8_casecmp()
 * compares. */
void utf8_casefold(const char *s, struct cp_buf *out);

/* Bytes of s (len long) to quote in a message, for "%.*s": at most max,
 * never cutting a UTF-8 sequence, so stored errors stay valid UTF-8. */
int utf8_prefix(const char *s, size_t len, size_t max);

#endif
