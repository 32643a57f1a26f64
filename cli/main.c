/* SPDX-License-Identifier: MIT */
/*
 * main.c - `compendium`: global options, then one subcommand, git style.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "xmalloc.h"

static const char usage[] =
	"usage: compendium [--db FILE] [-c CONFIG] COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  init                             create or upgrade the database\n"
	"  entity add CODE --name NAME      register an entity (also: list)\n"
	"  focal-point add|remove CODE ADDRESS, focal-point list [CODE]\n"
	"  ingest FILE...                   read .eml, Maildir, mbox or -\n"
	"  log [--since DATE] [--entity CODE] [-p]\n"
	"  show CODE/MANDATE [--at DATE] [--json]\n"
	"  diff CODE/MANDATE [FROM [TO]]\n"
	"  held | accept ID | reject ID [--reason TEXT]\n"
	"  revert CHANGE [--reason TEXT]\n"
	"  messages [--status STATUS] | reprocess ID\n"
	"  export [--at DATE] [--changes-since DATE] [-o FILE]\n"
	"  render [--format html|pdf] [--at DATE] [-o FILE]\n"
	"\n"
	"--db FILE overrides [store] database of the configuration\n"
	"(-c FILE, default " CONFIG_DEFAULT_PATH ").  `compendium COMMAND\n"
	"--help` tells more.\n";

static const struct {
	const char *name;
	int (*fn)(struct cli *, int, char **);
} commands[] = {
	{"init", cmd_init},
	{"entity", cmd_entity},
	{"focal-point", cmd_focal_point},
	{"ingest", cmd_ingest},
	{"log", cmd_log},
	{"show", cmd_show},
	{"diff", cmd_diff},
	{"held", cmd_held},
	{"accept", cmd_accept},
	{"reject", cmd_reject},
	{"revert", cmd_revert},
	{"messages", cmd_messages},
	{"reprocess", cmd_reprocess},
	{"export", cmd_export},
	{"render", cmd_render},
};

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("compendium: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_usage(FILE *f, const char *text)
{
	fputs(text, f);
}

int
cli_bad_usage(const char *text, const char *fmt, ...)
{
	va_list ap;

	fputs("compendium: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(text, stderr);
	return EXIT_USAGE;
}

int
cli_common_opt(struct cli *c, int opt, const char *arg)
{
	switch (opt) {
	case 'D':
		c->db_path = arg;
		return 1;
	case 'c':
		c->config_path = arg;
		c->config_given = 1;
		return 1;
	}
	return 0;
}

int
cli_open(struct cli *c, int create)
{
	struct cp_error err = {0};
	const char *path;

	if (c->st != NULL)
		return 0;
	config_free(&c->cfg);
	if (config_load(c->config_path, c->config_given, &c->cfg, &err) !=
	    CP_OK) {
		cli_error("%s", err.msg);
		return -1;
	}
	path = c->db_path ? c->db_path : c->cfg.database;
	if (store_open(path, create, &c->st, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return -1;
	}
	return 0;
}

long long
cli_parse_id(const char *s)
{
	long long n = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || n > (1LL << 53))
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n > 0 ? n : -1;
}

int
cli_split_entry(const char *arg, char **code_out, char **mandate_out)
{
	const char *slash = strchr(arg, '/');

	if (slash == NULL || slash == arg || slash[1] == '\0')
		return -1;
	*code_out = xstrndup(arg, (size_t)(slash - arg));
	*mandate_out = xstrdup(slash + 1);
	return 0;
}

void
cli_ingest_opts(const struct cli *c, struct ingest_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->lim = &c->cfg.limits;
	o->authserv_id = c->cfg.authserv_id;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {CLI_COMMON_OPTS, {0}};
	struct cli c;
	size_t i;
	int opt, rc;

	memset(&c, 0, sizeof(c));
	c.config_path = CONFIG_DEFAULT_PATH;
	/* '+': stop at the subcommand; its own options are its own. */
	while ((opt = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
		if (cli_common_opt(&c, opt, optarg))
			continue;
		if (opt == 'h') {
			cli_usage(stdout, usage);
			return EXIT_OK;
		}
		return cli_bad_usage(usage, "unknown option");
	}
	if (optind >= argc)
		return cli_bad_usage(usage, "no command given");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[optind], commands[i].name) == 0)
			break;
	if (i == sizeof(commands) / sizeof(commands[0]))
		return cli_bad_usage(usage, "unknown command \"%s\"",
				     argv[optind]);
	argc -= optind;
	argv += optind;
	optind = 0; /* glibc: start afresh on the subcommand's argv */
	rc = commands[i].fn(&c, argc, argv);
	store_close(c.st);
	config_free(&c.cfg);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write standard output");
		return EXIT_ERROR;
	}
	return rc;
}
