/* SPDX-License-Identifier: MIT */
/* termesc.c - text from mail made safe for a terminal (see termesc.h). */
#include "termesc.h"

/* The length of the valid UTF-8 sequence at s (1-4), its code point in
 * *cp; 0 when the bytes are not valid UTF-8 (overlong, surrogate, cut). */
static size_t
utf8_seq(const unsigned char *s, size_t len, unsigned *cp)
{
	size_t n, i;
	unsigned c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0)
		n = 2, c = s[0] & 0x1F, min = 0x80;
	else if ((s[0] & 0xF0) == 0xE0)
		n = 3, c = s[0] & 0x0F, min = 0x800;
	else if ((s[0] & 0xF8) == 0xF0)
		n = 4, c = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

static int
must_escape(unsigned cp)
{
	return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void
term_escape(const char *s, size_t len, struct cp_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	unsigned cp;

	cp_buf_add(out, "", 0); /* "" rather than NULL for empty text */
	while (i < len) {
		n = utf8_seq(u + i, len - i, &cp);
		if (n == 0)
			cp_buf_addf(out, "\\x%02x", u[i++]);
		else if (!must_escape(cp))
			cp_buf_add(out, s + i, n), i += n;
		else if (cp < 0x100)
			cp_buf_addf(out, "\\x%02x", cp), i += n;
		else
			cp_buf_addf(out, "\\u%04x", cp), i += n;
	}
}

int
term_is_safe(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	unsigned cp;

	while (i < len) {
		n = utf8_seq(u + i, len - i, &cp);
		if (n == 0 || must_escape(cp))
			return 0;
		i += n;
	}
	return 1;
}
