/* SPDX-License-Identifier: MIT */
/* print.c - text from mail, shown safely on a terminal (see print.h). */
#include "print.h"

#include <stdio.h>
#include <string.h>

#include "cp.h"
#include "termesc.h"

#define RING 8

const char *
cli_safe_n(const char *s, size_t len)
{
	static struct cp_buf ring[RING];
	static unsigned next;
	struct cp_buf *b = &ring[next++ % RING];

	b->len = 0;
	term_escape(s, len, b);
	return b->s;
}

const char *
cli_safe(const char *s)
{
	if (s == NULL || term_is_safe(s, strlen(s)))
		return s;
	return cli_safe_n(s, strlen(s));
}

static void
print_lines(const char *indent, const char *s, int escape)
{
	struct cp_buf b = {0};
	const char *nl;
	size_t n;

	while (s && *s) {
		nl = strchr(s, '\n');
		n = nl ? (size_t)(nl - s) : strlen(s);
		if (n == 0) {
			putchar('\n');
		} else if (escape) {
			b.len = 0;
			term_escape(s, n, &b);
			printf("%s%s\n", indent, b.s);
		} else {
			printf("%s%.*s\n", indent, (int)n, s);
		}
		s = nl ? nl + 1 : NULL;
	}
	cp_buf_free(&b);
}

void
cli_print_lines(const char *indent, const char *s)
{
	print_lines(indent, s, 1);
}

void
cli_print_safe_lines(const char *indent, const char *s)
{
	print_lines(indent, s, 0);
}
