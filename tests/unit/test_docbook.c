/* SPDX-License-Identifier: MIT */
/*
 * test_docbook.c - the pieces of the exporter that take untrusted text:
 * cleaning for XML and the stable xml:ids (SPEC §6).  The documents
 * themselves are checked by tests/sh/export.sh against the schema.
 */
#include <stdlib.h>

#include "docbook.h"
#include "t.h"

#define R "\xef\xbf\xbd" /* U+FFFD */

static const struct {
	const char *in;
	size_t len; /* 0: strlen(in) */
	const char *want;
	size_t replaced;
} clean_cases[] = {
	{"", 0, "", 0},
	{"plain ASCII & <tags> ]]> \"'", 0, "plain ASCII & <tags> ]]> \"'", 0},
	{"tab\tLF\nCR\r", 0, "tab\tLF\nCR\r", 0},
	{"caf\xc3\xa9 \xd9\x85\xd8\xb1 \xe2\x80\xae \xf0\x9f\x98\x80", 0,
	 "caf\xc3\xa9 \xd9\x85\xd8\xb1 \xe2\x80\xae \xf0\x9f\x98\x80", 0},
	{R " kept", 0, R " kept", 0},
	/* must be replaced: */
	{"nul\0x", 5, "nul" R "x", 1},
	{"bell\a esc\x1b", 0, "bell" R " esc" R, 2},
	{"del\x7f", 0, "del" R, 1},
	{"c1 \xc2\x85", 0, "c1 " R, 1},
	{"lone \xff byte", 0, "lone " R " byte", 1},
	{"cut \xe2\x82", 0, "cut " R R, 2},
	{"overlong \xc0\xaf", 0, "overlong " R R, 2},
	{"overlong3 \xe0\x80\xaf", 0, "overlong3 " R R R, 3},
	{"surrogate \xed\xa0\x80", 0, "surrogate " R R R, 3},
	{"fffe \xef\xbf\xbe ffff \xef\xbf\xbf", 0, "fffe " R " ffff " R, 2},
	{"too high \xf4\x90\x80\x80", 0, "too high " R R R R, 4},
	{"max \xf4\x8f\xbf\xbf", 0, "max \xf4\x8f\xbf\xbf", 0},
};

static const struct {
	const char *code, *mandate, *want;
} id_cases[] = {
	{"UNODC", "CCPCJ-22/8", "entry.unodc.CCPCJ-22_2F8"},
	{"UN-Women", "CSW-57-AC", "entry.un-women.CSW-57-AC"},
	{"ITU", "X.1205", "entry.itu.X.1205"},
	{"WorldBank", "a_b/c.d", "entry.worldbank.a_5Fb_2Fc.d"},
	{"X", "_/./_", "entry.x._5F_2F._2F_5F"},
	/* cannot come from mail, still an NCName: */
	{"A B", "m:n \xc3\xa9", "entry.a_20b.m_3An_20_C3_A9"},
};

int
main(void)
{
	size_t i, n;

	for (i = 0; i < sizeof(clean_cases) / sizeof(clean_cases[0]); i++) {
		struct cp_buf b = {0};
		const char *in = clean_cases[i].in;
		size_t len = clean_cases[i].len ? clean_cases[i].len
						: strlen(in);

		n = docbook_clean(in, len, &b);
		T_STREQ(b.s, clean_cases[i].want, in);
		T_INTEQ(n, clean_cases[i].replaced, in);
		cp_buf_free(&b);
	}
	for (i = 0; i < sizeof(id_cases) / sizeof(id_cases[0]); i++) {
		char *id = docbook_entry_id(id_cases[i].code,
					    id_cases[i].mandate);

		T_STREQ(id, id_cases[i].want, id_cases[i].mandate);
		free(id);
	}
	{
		char *id = docbook_entity_id("UN-Women");

		T_STREQ(id, "entity.un-women", "entity id");
		free(id);
	}
	return t_done("test_docbook");
}
