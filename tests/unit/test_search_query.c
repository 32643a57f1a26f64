/* SPDX-License-Identifier: MIT */
/*
 * test_search_query.c - what a user types to `compendium search` turned
 * into an FTS5 query (store_search_query()): words and phrases as FTS5
 * strings, word* as a prefix; what FTS5 would read as syntax that SPEC
 * does not offer refused with the reason (NULL query, the reason's start).
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "t.h"

static const struct {
	const char *in;
	const char *query; /* NULL: refused */
	const char *why;   /* refused: how the reason starts */
} cases[] = {
	{"repository", "\"repository\"", NULL},
	{"data  repository", "\"data\" \"repository\"", NULL},
	{"\t data\nrepository ", "\"data\" \"repository\"", NULL},
	{"\"data repository\"", "\"data repository\"", NULL},
	{"\"data repository\" central", "\"data repository\" \"central\"",
	 NULL},
	{"reposit*", "\"reposit\"*", NULL},
	{"coopération", "\"coopération\"", NULL},
	{"HRC-20/8", "\"HRC-20/8\"", NULL},
	{"it's", "\"it's\"", NULL},
	{"-x +y", "\"-x\" \"+y\"", NULL},
	{"and or not near", "\"and\" \"or\" \"not\" \"near\"", NULL},
	{"NEAR", "\"NEAR\"", NULL},
	{"\"AND\" \"title:x\" \"(a)\"", "\"AND\" \"title:x\" \"(a)\"", NULL},
	{"\"a \"\"b\"", NULL, "a phrase must be followed"},
	{"a\"b\"", "\"a\" \"b\"", NULL},
	{"10:30", "\"10:30\"", NULL},
	{"\"\"", "\"\"", NULL},
	{"", NULL, "nothing to search for"},
	{"   ", NULL, "nothing to search for"},
	{"\"unclosed", NULL, "a phrase without its closing \""},
	{"a AND b", NULL, "AND: AND, OR and NOT are not offered"},
	{"a OR b", NULL, "OR: AND, OR and NOT"},
	{"NOT b", NULL, "NOT: AND, OR and NOT"},
	{"NEAR(a b)", NULL, "NEAR(a: parentheses"},
	{"(a", NULL, "(a: parentheses"},
	{"a)", NULL, "a): parentheses"},
	{"title:x", NULL, "title:x: column filters (title:x)"},
	{"-title:x", NULL, "-title:x: column filters"},
	{"{title}:x", NULL, "{title}:x: column filters ({title}: x)"},
	{"^first", NULL, "^first: ^ (a word at the start"},
	{"a*b", NULL, "a*b: * marks a prefix at the end"},
	{"a**", NULL, "a**: * marks a prefix at the end"},
	{"*", NULL, "*: * needs a word before it"},
	{"*a", NULL, "*a: * needs a word before it"},
	{"x:y", NULL, "x:y: column filters"},
	{"a-b:c", "\"a-b:c\"", NULL},
};

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *why = NULL;
		char *q = store_search_query(cases[i].in, &why);

		T_STREQ(q, cases[i].query, cases[i].in);
		if (cases[i].why == NULL)
			T_CHECK(why == NULL, "%s: refused: %s", cases[i].in,
				why);
		else
			T_CHECK(why != NULL && strncmp(why, cases[i].why,
						       strlen(cases[i].why)) ==
						       0,
				"%s: reason \"%s\", want \"%s...\"",
				cases[i].in, why ? why : "(none)",
				cases[i].why);
		free(q);
		free(why);
	}
	return t_done("search_query");
}
