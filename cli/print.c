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

/* Each line of s after indent, escaped when escape says; with color, the
 * line (indent included) between color and the reset "\033[m". */
static void
print_lines(const char *color, const char *indent, const char *s, int escape)
{
	const char *end = color ? "\033[m" : "";
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
			printf("%s%s%s%s\n", color ? color : "", indent, b.s,
			       end);
		} else {
			printf("%s%s%.*s%s\n", color ? color : "", indent,
			       (int)n, s, end);
		}
		s = nl ? nl + 1 : NULL;
	}
	cp_buf_free(&b);
}

void
cli_print_lines(const char *indent, const char *s)
{
	print_lines(NULL, indent, s, 1);
}

void
cli_print_lines_color(const char *color, const char *indent, const char *s)
{
	print_lines(color, indent, s, 1);
}

void
cli_print_safe_lines(const char *indent, const char *s)
{
	print_lines(NULL, indent, s, 0);
}
