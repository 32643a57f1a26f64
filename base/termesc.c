/* SPDX-License-Identifier: MIT */
/* termesc.c - text from mail made safe for a terminal (see termesc.h). */
#include "termesc.h"

#include "utf8.h"

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
