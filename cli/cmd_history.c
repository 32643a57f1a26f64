/* SPDX-License-Identifier: MIT */
/*
 * cmd_history.c - log, show, diff, revert: the history of the entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "change.h"
#include "cli.h"
#include "json.h"
#include "print.h"
#include "revdiff.h"
#include "timeutil.h"
#include "wdiff.h"
#include "xmalloc.h"

struct log_run {
	struct cli *c;
	int patch;
	int count;
	enum cp_status rc;
	struct cp_error err;
};

/* One change of the log, with the version before it for -p. */
static int
log_change(const struct store_revision *r, void *arg)
{
	struct log_run *lr = arg;
	struct store_revision prev = {0};
	int have_prev = 0;

	if (lr->patch && r->version > 1) {
		lr->rc = store_revision_version(
			lr->c->st, r->f[FIELD_ENTITY], r->f[FIELD_MANDATE],
			r->version - 1, &prev, &lr->err);
		if (lr->rc != CP_OK)
			return 1;
		have_prev = 1;
	}
	if (lr->count++)
		putchar('\n');
	change_print(r, have_prev ? &prev : NULL, lr->patch);
	store_revision_clear(&prev);
	return 0;
}

int
cmd_log(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium log [--since DATE] [--entity CODE] [-p]\n"
		"The diff log: one change a paragraph, newest first.  -p adds "
		"the\n"
		"field-by-field diff (word level for Summary).  DATE is "
		"YYYY-MM-DD\n"
		"(that day's start) or an ISO 8601 time.\n";
	struct log_run lr;
	const char *since = NULL, *entity = NULL;
	const struct cli_opt opts[] = {{"since", 256, &since, NULL},
				       {"entity", 257, &entity, NULL},
				       {"patch", 'p', NULL, &lr.patch},
				       {0}};
	char since_t[CP_TIME_LEN];
	struct cp_error err = {0};
	int rc;

	memset(&lr, 0, sizeof(lr));
	lr.c = c;
	if ((rc = cli_parse(c, argc, argv, usage, opts)) >= 0)
		return rc;
	if (optind != argc)
		return cli_bad_usage(usage, "log takes no arguments");
	if (since && cp_time_parse(since, 0, since_t, &err) != CP_OK)
		return cli_bad_usage(usage, "--since: %s", err.msg);
	if (cli_open(c, STORE_READ) != 0)
		return EXIT_ERROR;
	if (entity &&
	    store_entity_find(c->st, entity, NULL, NULL, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	if (store_revisions(c->st, since ? since_t : NULL, NULL, entity, 0,
			    log_change, &lr, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	if (lr.rc != CP_OK) {
		cli_error("%s", lr.err.msg);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

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
		"usage: compendium show CODE/MANDATE [--at DATE] [--json]\n"
		"One entry, now or as it stood at DATE (YYYY-MM-DD: the end "
		"of that\n"
		"day, UTC; or an ISO 8601 time).  The text form is an entry as "
		"an\n"
		"update e-mail writes it.\n";
	const char *at = NULL;
	int json = 0, rc = EXIT_ERROR;
	const struct cli_opt opts[] = {
		{"at", 256, &at, NULL}, {"json", 257, NULL, &json}, {0}};
	struct store_revision r = {0};
	struct cp_error err = {0};
	char at_t[CP_TIME_LEN], *code = NULL, *mandate = NULL;
	int f;

	if ((rc = cli_parse(c, argc, argv, usage, opts)) >= 0)
		return rc;
	rc = EXIT_ERROR;
	if (argc - optind != 1)
		return cli_bad_usage(usage, "expected one CODE/MANDATE");
	if (cli_split_entry(argv[optind], &code, &mandate) != 0)
		return cli_bad_usage(usage, "\"%s\" is not CODE/MANDATE",
				     argv[optind]);
	if (at && cp_time_parse(at, 1, at_t, &err) != CP_OK) {
		free(code);
		free(mandate);
		return cli_bad_usage(usage, "--at: %s", err.msg);
	}
	if (cli_open(c, STORE_READ) != 0)
		goto out;
	if (store_revision_at(c->st, code, mandate, at ? at_t : NULL, &r,
			      &err) != CP_OK) {
		cli_error("%s", err.msg);
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
		"usage: compendium diff CODE/MANDATE [FROM [TO]]\n"
		"The difference between two versions (numbers; 0 is before "
		"the\n"
		"entry existed).  Without TO: the latest; without FROM: the "
		"one\n"
		"before the latest.\n";
	struct store_revision a = {0}, b = {0}, latest = {0};
	struct cp_error err = {0};
	char *code = NULL, *mandate = NULL;
	long long from = -1, to = -1;
	int rc = cli_parse(c, argc, argv, usage, NULL), nargs;

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
	if (store_revision_at(c->st, code, mandate, NULL, &latest, &err) !=
	    CP_OK) {
		cli_error("%s", err.msg);
		goto out;
	}
	if (to < 0)
		to = latest.version;
	if (from < 0)
		from = to - 1;
	if (store_revision_version(c->st, code, mandate, (int)to, &b, &err) !=
		    CP_OK ||
	    (from > 0 && store_revision_version(c->st, code, mandate, (int)from,
						&a, &err) != CP_OK)) {
		cli_error("%s", err.msg);
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
		"usage: compendium revert CHANGE [--reason TEXT]\n"
		"A new change restoring the entry of CHANGE to its state "
		"before\n"
		"CHANGE (reverting a withdrawal restores the entry; reverting "
		"the\n"
		"change that created an entry withdraws it).\n";
	const char *reason = NULL;
	const struct cli_opt opts[] = {{"reason", 'r', &reason, NULL}, {0}};
	struct store_revision r = {0};
	struct cp_error err = {0};
	const char *actor;
	long long change;
	int64_t made;
	int rc = cli_parse(c, argc, argv, usage, opts);

	if (rc >= 0)
		return rc;
	if (argc - optind != 1)
		return cli_bad_usage(usage, "expected one CHANGE");
	change = cli_parse_id(argv[optind]);
	if (change < 0)
		return cli_bad_usage(usage, "\"%s\" is not a change number",
				     argv[optind]);
	if (cli_open(c, STORE_WRITE) != 0 || (actor = cli_actor(c)) == NULL)
		return EXIT_ERROR;
	if (ingest_revert(c->st, change, reason, actor, &made, &err) != CP_OK ||
	    store_revision_change(c->st, made, &r, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	printf("change %lld reverted: change %lld makes %s/%s version %d "
	       "(%s)\n",
	       change, (long long)made, r.f[FIELD_ENTITY], r.f[FIELD_MANDATE],
	       r.version, r.withdrawn ? "withdrawn" : "current");
	store_revision_clear(&r);
	return EXIT_OK;
}
