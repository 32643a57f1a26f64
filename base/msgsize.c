/* SPDX-License-Identifier: MIT */
/*
 * msgsize.c - the size of a message as IMAP counts it, and where its
 * header block ends.  Both only read the bytes given: a message in a
 * mapped file is counted where it is, one read from a pipe as it comes.
 */
#include "msgsize.h"

#include <stdint.h>
#include <string.h>

void
msgsize_add(struct msgsize *s, const char *p, size_t len)
{
	const char *q, *end = p + len;
	size_t extra = 0;

	if (len == 0)
		return;
	/* One more byte for each LF without its CR; memchr keeps a
	 * message of long lines (or none) fast. */
	for (q = p; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
		if (q == p ? !s->cr : q[-1] != '\r')
			extra++;
	s->cr = end[-1] == '\r';
	if (s->n > SIZE_MAX - len || s->n + len > SIZE_MAX - extra)
		s->n = SIZE_MAX;
	else
		s->n += len + extra;
}

size_t
msgsize_of(const char *p, size_t len)
{
	struct msgsize s = {0, 0};

	msgsize_add(&s, p, len);
	return s.n;
}

size_t
msgsize_header_len(const char *p, size_t len, size_t max)
{
	size_t lim = len < max ? len : max, i = 0;
	const char *q;

	while (i < lim) {
		if (p[i] == '\n')
			return i + 1;
		if (p[i] == '\r' && i + 1 < lim && p[i + 1] == '\n')
			return i + 2;
		q = memchr(p + i, '\n', lim - i);
		if (q == NULL)
			break;
		i = (size_t)(q - p) + 1;
	}
	return lim;
}
