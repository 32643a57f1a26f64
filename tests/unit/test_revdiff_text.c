/* SPDX-License-Identifier: MIT */
/*
 * test_revdiff_text.c - revdiff_text(): the `log -p` field diff.  A table
 * of {old version, new version, the text} as plain text (receipts, the
 * feed), each also as cli/change.c's change_print_diff() prints it to a
 * file (no colour); then the terminal's form, escaped and coloured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "change.h"
#include "cp.h"
#include "revdiff.h"
#include "revdiff_text.h"
#include "t.h"
#include "wdiff.h"
#include "xmalloc.h"

struct dcase {
	int has_a; /* 0: a is NULL (a new entry) */
	const char *a[FIELD_COUNT];
	int a_withdrawn;
	const char *b[FIELD_COUNT];
	int b_withdrawn;
	size_t shown;
	const char *want;
};

#define K [FIELD_ENTITY] = "UNODC", [FIELD_MANDATE] = "M1"

static const struct dcase cases[] = {
	/* a new entry: the status, then every field added */
	{0,
	 {0},
	 0,
	 {K, [FIELD_TITLE] = "Data repository",
	  [FIELD_AREAS] = "legal\ntechnical",
	  [FIELD_SUMMARY] = "One.\n\nTwo."},
	 0,
	 4,
	 "    Status: (none) -> current\n"
	 "    Title:\n"
	 "      + Data repository\n"
	 "    Areas:\n"
	 "      + legal\n"
	 "      + technical\n"
	 "    Summary:\n"
	 "      + One.\n"
	 "\n"
	 "      + Two.\n"},
	/* Summary changed in place: its word diff, paragraphs kept */
	{1,
	 {K, [FIELD_TITLE] = "T", [FIELD_SUMMARY] = "Old words here.\n\nSame."},
	 0,
	 {K, [FIELD_TITLE] = "T", [FIELD_SUMMARY] = "New words here.\n\nSame."},
	 0,
	 1,
	 "    Summary:\n"
	 "      [-Old-]{+New+} words here.\n"
	 "\n"
	 "      Same.\n"},
	/* lists by item; a date old and new; non-ASCII as it is */
	{1,
	 {K, [FIELD_THEMES] = "a\nb", [FIELD_ADOPTED] = "2013",
	  [FIELD_TITLE] = "Coopération"},
	 0,
	 {K, [FIELD_THEMES] = "b\nc", [FIELD_ADOPTED] = "2013-04",
	  [FIELD_TITLE] = "网络犯罪"},
	 0,
	 3,
	 "    Title:\n"
	 "      - Coopération\n"
	 "      + 网络犯罪\n"
	 "    Adopted:\n"
	 "      - 2013\n"
	 "      + 2013-04\n"
	 "    Themes:\n"
	 "      - a\n"
	 "      + c\n"},
	/* the same items in another order */
	{1,
	 {K, [FIELD_THEMES] = "a\nb"},
	 0,
	 {K, [FIELD_THEMES] = "b\na"},
	 0,
	 1,
	 "    Themes (order changed):\n"
	 "      - a\n"
	 "      - b\n"
	 "      + b\n"
	 "      + a\n"},
	/* withdrawn: the status alone */
	{1, {K, [FIELD_TITLE] = "T"}, 0, {K, [FIELD_TITLE] = "T"}, 1, 1,
	 "    Status: current -> withdrawn\n"},
	/* nothing changed: nothing shown */
	{1, {K, [FIELD_TITLE] = "T"}, 0, {K, [FIELD_TITLE] = "T"}, 0, 0, ""},
};

static void
fill(struct store_revision *r, const char *const v[FIELD_COUNT], int wd)
{
	int f;

	memset(r, 0, sizeof(*r));
	for (f = 0; f < FIELD_COUNT; f++)
		r->f[f] = v[f] ? xstrdup(v[f]) : NULL;
	r->withdrawn = wd;
}

/* What change_print_diff() prints, from a temporary file as stdout. */
static char *
printed(const struct store_revision *a, const struct store_revision *b)
{
	char path[] = "/tmp/revdiff_text.XXXXXX";
	int fd = mkstemp(path), saved;
	char *s = xcalloc(1, 65536);
	FILE *fp;

	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(fd, STDOUT_FILENO);
	change_print_diff(a, b);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(fd);
	fp = fopen(path, "rb");
	if (fp) {
		T_CHECK(fread(s, 1, 65535, fp) < 65535, "short diff");
		fclose(fp);
	}
	unlink(path);
	return s;
}

/* For a terminal: text from mail escaped (an ESC, a right-to-left
 * override), removed lines red, added green, each line's colour closed
 * before its end; the word diff's pieces coloured; plain, the bytes. */
static void
terminal(void)
{
	static const char *const av[FIELD_COUNT] = {
		K, [FIELD_TITLE] = "Old\x1b[2J",
		[FIELD_THEMES] = "a\xe2\x80\xae" "b",
		[FIELD_SUMMARY] = "Old words."};
	static const char *const bv[FIELD_COUNT] = {
		K, [FIELD_TITLE] = "New", [FIELD_THEMES] = "c",
		[FIELD_SUMMARY] = "New words."};
	struct store_revision a, b;
	struct cp_buf out = {0};
	struct revdiff d;

	fill(&a, av, 0);
	fill(&b, bv, 0);
	revdiff_compute(&a, &b, &d);
	T_INTEQ(revdiff_text(&d, WDIFF_TERM_SAFE | WDIFF_COLOR, &out), 3,
		"terminal: shown");
	T_STREQ(out.s,
		"    Title:\n"
		"\033[31m      - Old\\x1b[2J\033[m\n"
		"\033[32m      + New\033[m\n"
		"    Themes:\n"
		"\033[31m      - a\\u202eb\033[m\n"
		"\033[32m      + c\033[m\n"
		"    Summary:\n"
		"      \033[31mOld\033[m\033[32mNew\033[m words.\n",
		"terminal: escaped and coloured");
	out.len = 0;
	revdiff_text(&d, WDIFF_TERM_SAFE, &out);
	T_CHECK(strstr(out.s, "      - Old\\x1b[2J\n") != NULL,
		"terminal without colour: escaped");
	out.len = 0;
	revdiff_text(&d, 0, &out);
	T_CHECK(strstr(out.s, "      - Old\x1b[2J\n") != NULL,
		"plain: the bytes as they are");
	cp_buf_free(&out);
	revdiff_free(&d);
	store_revision_clear(&a);
	store_revision_clear(&b);
}

int
main(void)
{
	size_t i;
	char what[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct dcase *c = &cases[i];
		struct store_revision a, b;
		struct cp_buf out = {0};
		struct revdiff d;
		char *cli;

		snprintf(what, sizeof(what), "case %zu", i);
		fill(&a, c->a, c->a_withdrawn);
		fill(&b, c->b, c->b_withdrawn);
		revdiff_compute(c->has_a ? &a : NULL, &b, &d);
		T_INTEQ(revdiff_text(&d, 0, &out), c->shown, what);
		T_STREQ(out.s ? out.s : "", c->want, what);
		cli = printed(c->has_a ? &a : NULL, &b);
		T_STREQ(out.s ? out.s : "", cli, "as change_print_diff()");
		free(cli);
		revdiff_free(&d);
		cp_buf_free(&out);
		store_revision_clear(&a);
		store_revision_clear(&b);
	}
	terminal();
	return t_done("test_revdiff_text");
}
