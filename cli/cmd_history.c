/* SPDX-License-Identifier: MIT */
/*
 * cmd_history.c - show, diff, revert: the history of the entries (log is
 * cmd_log.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "change.h"
#include "cli.h"
#include "find.h"
#include "json.h"
#include "pager.h"
#include "plan.h"
#include "print.h"
#include "revert.h"
#include "revdiff.h"
#include "timeutil.h"
#include "wdiff.h"
#include "xmalloc.h"

/*
 * A value as an update e-mail writes it: paragraphs on continuation lines
 * apart by " .", links one a line, other lists joined by "; ".
 */
static void
print_value(enum field_id f, const char *v)
{
	enum field_kind kind = field_table[f].kind;
	int links = kind == FIELD_KIND_LINKS;
	const char *p = v, *nl, *it = v, *item;
	int first = 1;
	size_t n;

	if (kind == FIELD_KIND_LIST && v != NULL) {
		printf("%s: ", field_name(f));
		for (n = 0; field_list_next(&it, &item, &n); first = 0)
			printf("%s%s", first ? "" : "; ", cli_safe_n(item, n));
		putchar('\n');
		return;
	}
	printf("%s:", field_name(f));
	if (v == NULL) {
		putchar('\n');
		return;
	}
	while (p) {
		nl = links ? strchr(p, '\n') : strstr(p, "\n\n");
		if (!first && !links)
			fputs("\n .", stdout);
		n = nl ? (size_t)(nl - p) : strlen(p);
		printf(first ? " %s" : "\n %s", cli_safe_n(p, n));
		first = 0;
		p = nl ? nl + (links ? 1 : 2) : NULL;
	}
	putchar('\n');
}

int
cmd_show(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium show CODE/MANDATE[@N] [--at DATE] [--json]\n"
		"One entry, now, as it stood at DATE (YYYY-MM-DD: the end "
		"of that\n"
		"day, UTC; or an ISO 8601 time), or its version N.  The text "
		"form is\n"
		"an entry as an update e-mail writes it.\n";
	const char *at = NULL;
	int json = 0, rc = EXIT_ERROR;
	const struct cli_opt opts[] = {
		{"at", 256, &at, NULL}, {"json", 257, NULL, &json}, {0}};
	struct store_revision r = {0};
	struct cp_error err = {0};
	char at_t[CP_TIME_LEN], *code = NULL, *mandate = NULL;
	int f, version;
	enum cp_status st;

	if ((rc = cli_parse(c, argc, argv, usage, opts)) >= 0)
		return rc;
	rc = EXIT_ERROR;
	if (argc - optind != 1)
		return cli_bad_usage(usage, "expected one CODE/MANDATE");
	if (find_split_entry(argv[optind], &code, &mandate, &version) != 0)
		return cli_bad_usage(usage,
				     "\"%s\" is not CODE/MANDATE or "
				     "CODE/MANDATE@N (N a version number)",
				     argv[optind]);
	if (at && version) {
		rc = cli_bad_usage(usage, "--at and @%d: give one of them",
				   version);
		goto out;
	}
	if (at && cp_time_parse(at, 1, at_t, &err) != CP_OK) {
		rc = cli_bad_usage(usage, "--at: %s", err.msg);
		goto out;
	}
	if (cli_open(c, STORE_READ) != 0)
		goto out;
	cli_pager_start(c);
	st = version ? store_revision_version(c->st, code, mandate, version, &r,
					      &err)
		     : store_revision_at(c->st, code, mandate, at ? at_t : NULL,
					 &r, &err);
	if (st != CP_OK) {
		find_entry_error(c, code, mandate, st, &err);
		goto out;
	}
	if (json) {
		if (json_print_revision(stdout, &r) != 0) {
			cli_error("cannot write JSON");
			goto out;
		}
	} else {
		printf("# %s/%s version %d (%s), change %lld, %s by %s\n",
		       r.f[FIELD_ENTITY], r.f[FIELD_MANDATE], r.version,
		       r.withdrawn ? "withdrawn" : "current",
		       (long long)r.change, r.changed,
		       r.sender ? cli_safe(r.sender) : "a maintainer");
		for (f = 0; f < FIELD_COUNT; f++)
			if (field_table[f].flags & FIELD_KEY)
				printf("%s: %s\n", field_name((enum field_id)f),
				       r.f[f]);
		for (f = 0; f < FIELD_COUNT; f++)
			if (field_table[f].flags & FIELD_OWN)
				print_value((enum field_id)f, r.f[f]);
	}
	rc = EXIT_OK;
out:
	store_revision_clear(&r);
	free(code);
	free(mandate);
	return rc;
}

int
cmd_diff(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium diff CODE/MANDATE [FROM [TO]] [--json]\n"
		"The difference between two versions (numbers; 0 is before "
		"the\n"
		"entry existed).  Without TO: the latest; without FROM: the "
		"one\n"
		"before the latest.\n"
		"  --json  a JSON array, one object a difference: field, old, "
		"new,\n"
		"          removed, added, reordered, words\n";
	struct store_revision a = {0}, b = {0}, latest = {0};
	struct cp_error err = {0};
	char *code = NULL, *mandate = NULL;
	long long from = -1, to = -1;
	int json = 0;
	const struct cli_opt opts[] = {{"json", 256, NULL, &json}, {0}};
	int rc = cli_parse(c, argc, argv, usage, opts), nargs;
	enum cp_status st;
	struct json_list jl;

	if (rc >= 0)
		return rc;
	rc = EXIT_ERROR;
	nargs = argc - optind;
	if (nargs < 1 || nargs > 3)
		return cli_bad_usage(usage,
				     "expected CODE/MANDATE [FROM [TO]]");
	if (nargs >= 2) {
		from = strcmp(argv[optind + 1], "0") == 0
			       ? 0
			       : cli_parse_id(argv[optind + 1]);
		if (from < 0)
			return cli_bad_usage(usage, "\"%s\" is not a version",
					     argv[optind + 1]);
	}
	if (nargs == 3) {
		to = cli_parse_id(argv[optind + 2]);
		if (to < 0)
			return cli_bad_usage(usage, "\"%s\" is not a version",
					     argv[optind + 2]);
	}
	if (cli_split_entry(argv[optind], &code, &mandate) != 0)
		return cli_bad_usage(usage, "\"%s\" is not CODE/MANDATE",
				     argv[optind]);
	if (cli_open(c, STORE_READ) != 0)
		goto out;
	cli_pager_start(c);
	st = store_revision_at(c->st, code, mandate, NULL, &latest, &err);
	if (st != CP_OK) {
		find_entry_error(c, code, mandate, st, &err);
		goto out;
	}
	if (to < 0)
		to = latest.version;
	if (from < 0)
		from = to - 1;
	if (to > latest.version || from > latest.version) {
		cli_error("no version %lld of %s/%s: it has versions 1 to %d",
			  to > latest.version ? to : from,
			  latest.f[FIELD_ENTITY], latest.f[FIELD_MANDATE],
			  latest.version);
		goto out;
	}
	if (store_revision_version(c->st, code, mandate, (int)to, &b, &err) !=
		    CP_OK ||
	    (from > 0 && store_revision_version(c->st, code, mandate, (int)from,
						&a, &err) != CP_OK)) {
		cli_error("%s", err.msg);
		goto out;
	}
	if (json) {
		json_list_begin(&jl, stdout);
		json_list_diff(&jl, from > 0 ? &a : NULL, &b);
		if (json_list_end(&jl) == 0)
			rc = EXIT_OK;
		else
			cli_error("cannot write JSON");
		goto out;
	}
	printf("diff %s/%s version %lld -> %lld", b.f[FIELD_ENTITY],
	       b.f[FIELD_MANDATE], from, to);
	if (from > 0)
		printf(" (change %lld %s -> change %lld %s)\n",
		       (long long)a.change, a.changed, (long long)b.change,
		       b.changed);
	else
		printf(" (change %lld %s)\n", (long long)b.change, b.changed);
	if (change_print_diff(from > 0 ? &a : NULL, &b) == 0)
		printf("    (no difference)\n");
	rc = EXIT_OK;
out:
	store_revision_clear(&a);
	store_revision_clear(&b);
	store_revision_clear(&latest);
	free(code);
	free(mandate);
	return rc;
}

int
cmd_revert(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium revert CHANGE [--reason TEXT] [--force] "
		"[--dry-run]\n"
		"A new change that undoes only the fields CHANGE changed, "
		"setting\n"
		"them back to their values before it; reverting the change "
		"that\n"
		"created an entry withdraws it, reverting a withdrawal "
		"restores it.\n"
		"Refused when a later change changed the same again (or, for "
		"a\n"
		"creation or withdrawal, when later changes exist) unless "
		"--force.\n"
		"--dry-run: prints the log paragraph, with its diff, it would "
		"add and changes\n"
		"nothing.\n";
	struct revert_opts ro = {0};
	const struct cli_opt opts[] = {{"reason", 'r', &ro.reason, NULL},
				       {"force", 256, NULL, &ro.force},
				       {"dry-run", 257, NULL, &ro.dry_run},
				       {0}};
	struct ingest_change made;
	struct cp_error err = {0};
	long long change;
	int rc = cli_parse(c, argc, argv, usage, opts);

	if (rc >= 0)
		return rc;
	if (argc - optind != 1)
		return cli_bad_usage(usage, "expected one CHANGE");
	change = cli_parse_id(argv[optind]);
	if (change < 0)
		return cli_bad_usage(usage, "\"%s\" is not a change number",
				     argv[optind]);
	if (cli_open(c, ro.dry_run ? STORE_READ : STORE_WRITE) != 0 ||
	    (ro.actor = cli_actor(c)) == NULL)
		return EXIT_ERROR;
	if (ingest_revert(c->st, change, &ro, &made, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	if (ro.dry_run)
		plan_print_changes(&made, 1);
	else
		printf("change %lld reverted: change %lld makes %s/%s version "
		       "%d (%s)\n",
		       change, (long long)made.rev.change,
		       made.rev.f[FIELD_ENTITY], made.rev.f[FIELD_MANDATE],
		       made.rev.version,
		       made.rev.withdrawn ? "withdrawn" : "current");
	ingest_change_clear(&made);
	return EXIT_OK;
}
