/* SPDX-License-Identifier: MIT */
/*
 * cmd_check.c - `compendium check`: the store's integrity (SPEC §5), as
 * store_check() finds it.  Only reads, so a user who may only read the
 * database can run it (on a backup, say).
 */
#include <stdio.h>

#include "cli.h"
#include "print.h"

/* A problem line, escaped: a mandate or code in it came in mail. */
static void
print_problem(const char *line, void *arg)
{
	(void)arg;
	printf("%s\n", cli_safe(line));
}

int
cmd_check(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium check\n"
		"Checks the store: SQLite's integrity_check and "
		"foreign_key_check,\n"
		"then the history (change numbers unique; each entry's "
		"versions\n"
		"1..n without gaps, in change order; every change's message "
		"there\n"
		"and applied; the current state its last version), then the "
		"search\n"
		"index (each version up to its place indexed once).  Prints "
		"each\n"
		"problem on a line and exits 1, or one line \"ok: ...\".\n";
	struct store_check_counts n;
	struct cp_error err = {0};
	const char *path;
	int rc = cli_parse(c, argc, argv, usage, NULL);

	if (rc >= 0)
		return rc;
	if (optind != argc)
		return cli_bad_usage(usage, "check takes no arguments");
	if (cli_open(c, STORE_READ) != 0)
		return EXIT_ERROR;
	path = c->db_path ? c->db_path : c->cfg.database;
	if (store_check(c->st, print_problem, NULL, &n, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	if (n.problems > 0) {
		cli_error("%s: %zu problem%s found", path, n.problems,
			  n.problems == 1 ? "" : "s");
		return EXIT_ERROR;
	}
	printf("ok: %s: %lld entries, %lld changes, %lld messages\n", path,
	       (long long)n.entries, (long long)n.changes,
	       (long long)n.messages);
	return EXIT_OK;
}
