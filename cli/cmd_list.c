/* SPDX-License-Identifier: MIT */
/*
 * cmd_list.c - list: the entries, one a line (SPEC §5), narrowed by
 * entity, assistance area, theme and status, now or as of a date.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "field.h"
#include "json.h"
#include "print.h"
#include "store_list.h"
#include "timeutil.h"
#include "utf8.h"

static const char list_usage[] =
	"usage: compendium list [CODE] [--area AREA] [--theme THEME]\n"
	"                       [--withdrawn | --all] [--at DATE] [--json]\n"
	"The entries, by entity code then mandate, one a line: "
	"CODE/MANDATE,\n"
	"version, status and title, tab-separated.  Current entries only,\n"
	"unless --withdrawn (withdrawn ones only) or --all (both).\n"
	"  CODE           the entries of that entity only\n"
	"  --area AREA    those in that area: legal, policy, technical,\n"
	"                 capacity-building or cooperation\n"
	"  --theme THEME  those with that theme (case ignored)\n"
	"  --at DATE      as the entries stood at DATE (YYYY-MM-DD: the "
	"end\n"
	"                 of that day, UTC; or an ISO 8601 time)\n"
	"  --json         a JSON array of objects: entity, mandate, "
	"version,\n"
	"                 status, title\n";

/* The index in field_areas[] of the area named s (ASCII case ignored),
 * or -1. */
static int
area_lookup(const char *s)
{
	int i;

	for (i = 0; i < FIELD_NAREAS; i++)
		if (ascii_span_casecmp(s, strlen(s), field_areas[i]) == 0)
			return i;
	return -1;
}

/* The known areas, for an error: "legal, policy, ...". */
static void
known_areas(struct cp_buf *b)
{
	int i;

	for (i = 0; i < FIELD_NAREAS; i++)
		cp_buf_addf(b, "%s%s", i ? ", " : "", field_areas[i]);
}

/*
 * A value on one line of a tab-separated listing: each run of tabs and
 * line feeds (a title's paragraph break) as one space, then escaped as
 * text from mail is.  The result is cli_safe()'s.
 */
static const char *
one_line(const char *s, struct cp_buf *b)
{
	b->len = 0;
	cp_buf_add(b, "", 0); /* "" for an empty title */
	for (; s != NULL && *s; s++) {
		if (*s == '\t' || *s == '\n') {
			if (b->len == 0 || b->s[b->len - 1] != ' ')
				cp_buf_addc(b, ' ');
			continue;
		}
		cp_buf_addc(b, *s);
	}
	return cli_safe(b->s);
}

static int
print_entry(const struct store_revision *r, void *arg)
{
	struct cp_buf *b = arg;

	printf("%s/%s\t%d\t%s\t", cli_safe(r->f[FIELD_ENTITY]),
	       cli_safe(r->f[FIELD_MANDATE]), r->version,
	       r->withdrawn ? "withdrawn" : "current");
	printf("%s\n", one_line(r->f[FIELD_TITLE], b));
	return 0;
}

int
cmd_list(struct cli *c, int argc, char **argv)
{
	const char *area = NULL, *theme = NULL, *at = NULL;
	int withdrawn = 0, all = 0, json = 0, rc;
	const struct cli_opt opts[] = {{"area", 256, &area, NULL},
				       {"theme", 257, &theme, NULL},
				       {"withdrawn", 258, NULL, &withdrawn},
				       {"all", 259, NULL, &all},
				       {"at", 260, &at, NULL},
				       {"json", 261, NULL, &json},
				       {0}};
	struct store_list_filter f = {NULL, -1, NULL, STORE_LIST_CURRENT, NULL};
	struct cp_error err = {0};
	struct cp_buf b = {0};
	struct json_list jl;
	char at_t[CP_TIME_LEN];

	if ((rc = cli_parse(c, argc, argv, list_usage, opts)) >= 0)
		return rc;
	if (argc - optind > 1)
		return cli_bad_usage(list_usage, "expected at most one CODE");
	if (withdrawn && all)
		return cli_bad_usage(list_usage,
				     "--withdrawn and --all exclude each "
				     "other");
	if (area != NULL && (f.area = area_lookup(area)) < 0) {
		known_areas(&b);
		rc = cli_bad_usage(list_usage,
				   "--area: unknown area \"%s\" (known: %s)",
				   area, b.s);
		cp_buf_free(&b);
		return rc;
	}
	if (at && cp_time_parse(at, 1, at_t, &err) != CP_OK)
		return cli_bad_usage(list_usage, "--at: %s", err.msg);
	f.code = optind < argc ? argv[optind] : NULL;
	f.theme = theme;
	f.status = withdrawn ? STORE_LIST_WITHDRAWN
		   : all     ? STORE_LIST_ALL
			     : STORE_LIST_CURRENT;
	f.at = at ? at_t : NULL;
	if (cli_open(c, 0) != 0)
		return EXIT_ERROR;
	rc = EXIT_OK;
	json_list_begin(&jl, stdout);
	if (store_list(c->st, &f, json ? json_list_entry : print_entry,
		       json ? (void *)&jl : &b, &err) != CP_OK) {
		cli_error("%s", err.msg);
		rc = EXIT_ERROR;
	} else if (json) {
		json_list_end(&jl);
	}
	cp_buf_free(&b);
	return rc;
}
