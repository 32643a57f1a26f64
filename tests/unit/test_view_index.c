/* SPDX-License-Identifier: MIT */
/*
 * test_view_index.c - the index terms of the document (SPEC §6): themes
 * that differ only in case are one term, spelt as most entries spell it,
 * on a tie as the entry received first (lowest entry id) does.  Each case
 * notes themes as (spelling, entry id) and asks for the term of a
 * spelling.
 */
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "view.h"

struct note {
	const char *s;
	int64_t entry;
};

static const struct {
	struct note notes[6];
	const char *ask, *want; /* want NULL: no term */
} cases[] = {
	/* one spelling */
	{{{"health", 1}}, "HEALTH", "health"},
	/* a tie: the first received, whatever the order noted */
	{{{"Health", 2}, {"health", 1}}, "Health", "health"},
	{{{"health", 3}, {"Health", 2}}, "health", "Health"},
	/* the majority wins over the first received */
	{{{"health", 1}, {"Health", 2}, {"Health", 3}}, "HEALTH", "Health"},
	{{{"Health", 5}, {"HEALTH", 1}, {"Health", 4}, {"health", 2}},
	 "health",
	 "Health"},
	/* Unicode case folding, as ingest compares themes */
	{{{"\xc3\x89thique", 2}, {"\xc3\xa9thique", 1}},
	 "\xc3\x89THIQUE",
	 "\xc3\xa9thique"},
	/* other themes are other terms */
	{{{"health", 1}, {"education", 2}}, "Education", "education"},
	{{{"health", 1}}, "wealth", NULL},
	{{{NULL, 0}}, "health", NULL},
};

int
main(void)
{
	struct cp_buf scratch = {0};
	size_t i, j;
	char what[32];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct view v;
		const char *got;

		memset(&v, 0, sizeof(v));
		for (j = 0; j < 6 && cases[i].notes[j].s; j++)
			view_term_note(&v, cases[i].notes[j].s,
				       strlen(cases[i].notes[j].s),
				       cases[i].notes[j].entry);
		view_terms_finish(&v);
		got = view_term(&v, cases[i].ask, strlen(cases[i].ask),
				&scratch);
		snprintf(what, sizeof(what), "case %zu", i);
		T_STREQ(got ? got : "(none)",
			cases[i].want ? cases[i].want : "(none)", what);
		view_terms_free(&v);
	}
	cp_buf_free(&scratch);
	return t_done("test_view_index");
}
