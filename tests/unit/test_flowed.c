/* SPDX-License-Identifier: MIT */
/*
 * test_flowed.c - RFC 3676 decoding: physical lines in, logical lines out.
 * Expected lines are written "N:text" (unquoted) or "N>text" (quoted),
 * N the line number, one a line.
 */
#include <stdlib.h>
#include <string.h>

#include "cp.h"
#include "flowed.h"
#include "t.h"
#include "text.h"

static const struct {
	const char *in;
	int delsp;
	const char *want;
} cases[] = {
	/* soft breaks */
	{"Hello \nworld\n", 0, "1:Hello world\n"},
	{"Hello \nworld\n", 1, "1:Helloworld\n"},
	{"Hel \nlo \nthere\n", 1, "1:Hellothere\n"},
	{"a \nb \nc\nd\n", 0, "1:a b c\n4:d\n"},
	{"a\nb \nc \nd\ne\n", 0, "1:a\n2:b c d\n5:e\n"},
	{"fixed\nlines\n", 0, "1:fixed\n2:lines\n"},
	{"", 0, ""},
	/* a soft line at the end stays; delsp still deletes its space */
	{"end \n", 0, "1:end \n"},
	{"end \n", 1, "1:end\n"},
	/* space-stuffing: one leading space removed, after the depth */
	{" >not a quote\n From here\n", 0,
	    "1:>not a quote\n2:From here\n"},
	{"Summary: first\n  continued\n", 0,
	    "1:Summary: first\n2: continued\n"},
	{"Summary: first \n  continued\n", 0,
	    "1:Summary: first  continued\n"},
	/* quoted lines: depth before un-stuffing, stay quoted, prefix kept */
	{"> quoted \n> more\ntext\n", 0, "1>> quoted more\n3:text\n"},
	{"> quoted \n> more\n", 1, "1>> quotedmore\n"},
	{">>deep \n>>er\n", 0, "1>>>deep er\n"},
	{">  x\n", 0, "1>>  x\n"},
	/* a change of quote depth ends a paragraph */
	{"> a \n>> b\n", 0, "1>> a \n2>>> b\n"},
	{"> a \nb\n", 0, "1>> a \n2:b\n"},
	{"a \n> b\n", 0, "1:a \n2>> b\n"},
	/* the signature line "-- " is not soft, and is never joined */
	{"-- \nName\n", 0, "1:-- \n2:Name\n"},
	{"Thanks \n-- \nName\n", 0, "1:Thanks \n2:-- \n3:Name\n"},
	{"Thanks \n-- \nName\n", 1, "1:Thanks\n2:-- \n3:Name\n"},
	{"Thanks \n--\nName\n", 0, "1:Thanks \n2:--\n3:Name\n"},
	{" -- \nx\n", 0, "1:-- \n2:x\n"},
	{"a \n-- x\n", 0, "1:a -- x\n"},
	/* deviation: an empty line never joins a soft line (entries are
	 * separated by empty lines) */
	{"Summary: a \n\nEntity: B\n", 0, "1:Summary: a \n2:\n3:Entity: B\n"},
	{"Summary: a \n\nEntity: B\n", 1, "1:Summary: a\n2:\n3:Entity: B\n"},
	{"> a \n>\n", 0, "1>> a \n2>>\n"},
};

static void
split(const char *s, struct text_lines *out)
{
	const char *nl;
	unsigned n = 0;

	while (*s != '\0') {
		nl = strchr(s, '\n');
		if (nl == NULL)
			nl = s + strlen(s);
		text_lines_add(out, s, (size_t)(nl - s), ++n, 0);
		s = *nl ? nl + 1 : nl;
	}
}

static char *
show(const struct text_lines *tl)
{
	struct cp_buf b = {0};
	size_t i;

	for (i = 0; i < tl->n; i++)
		cp_buf_addf(&b, "%u%c%s\n", tl->v[i].lineno,
		    tl->v[i].quoted ? '>' : ':', tl->v[i].text);
	return cp_buf_detach(&b);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct text_lines in = {0}, out = {0};
		char *got, what[64];

		split(cases[i].in, &in);
		flowed_decode(&in, cases[i].delsp, &out);
		got = show(&out);
		snprintf(what, sizeof(what), "case %zu", i);
		T_STREQ(got, cases[i].want, what);
		free(got);
		text_lines_free(&out);
		text_lines_free(&in);
	}

	/* Line lengths follow the text (no strlen): NUL bytes are data. */
	{
		struct text_lines in = {0}, out = {0};

		text_lines_add(&in, "a\0b ", 4, 1, 0);
		text_lines_add(&in, "c", 1, 2, 0);
		flowed_decode(&in, 0, &out);
		T_INTEQ(out.n, 1, "NUL: lines");
		T_INTEQ(out.v[0].len, 5, "NUL: len");
		T_CHECK(memcmp(out.v[0].text, "a\0b c", 6) == 0, "NUL: text");
		text_lines_free(&out);
		text_lines_free(&in);
	}
	return t_done("flowed");
}
