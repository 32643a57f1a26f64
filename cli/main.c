/* SPDX-License-Identifier: MIT */
/*
 * main.c - `compendium`: global options, then one subcommand, git style.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "print.h"
#include "xmalloc.h"

static const char main_usage[] =
	"usage: compendium [--db FILE] [-c CONFIG] COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  init                             create or upgrade the database\n"
	"  entity add CODE --name NAME      register an entity (also: list)\n"
	"  focal-point add|remove CODE ADDRESS, focal-point list [CODE]\n"
	"  ingest FILE...                   read .eml, Maildir, mbox or -\n"
	"  log [--since DATE] [--entity CODE] [-p]\n"
	"  show CODE/MANDATE [--at DATE] [--json]\n"
	"  list [CODE] [--area A] [--theme T] [--withdrawn | --all] [--at "
	"DATE]\n"
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
	{"list", cmd_list},
};

/* "compendium: " and the message, escaped as text from mail is: an
 * error may quote a Message-ID, an address or a value. */
static void __attribute__((format(printf, 1, 0)))
verror(const char *fmt, va_list ap)
{
	struct cp_buf b = {0};

	cp_buf_vaddf(&b, fmt, ap);
	fprintf(stderr, "compendium: %s\n", cli_safe(b.s));
	cp_buf_free(&b);
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
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

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
	fputs(text, stderr);
	return EXIT_USAGE;
}

/* Options of the command itself, before the subcommand. */
static int
common_opt(struct cli *c, int opt, const char *arg)
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

#define COMMON_OPTS                                       \
	{"db", required_argument, NULL, 'D'},             \
		{"config", required_argument, NULL, 'c'}, \
	{                                                 \
		"help", no_argument, NULL, 'h'            \
	}
#define MAX_OPTS 16

int
cli_parse(struct cli *c, int argc, char **argv, const char *usage,
	  const struct cli_opt *opts)
{
	struct option lo[MAX_OPTS + 4] = {COMMON_OPTS};
	char shortopts[2 * MAX_OPTS + 8] = "c:h";
	size_t n = 0, k = strlen(shortopts);
	int opt, i;

	for (n = 0; opts != NULL && opts[n].name != NULL; n++) {
		assert(n < MAX_OPTS);
		/* Keys above 255 have no short form; getopt returns them for
		 * the long one. */
		lo[3 + n].name = opts[n].name;
		lo[3 + n].has_arg =
			opts[n].str ? required_argument : no_argument;
		lo[3 + n].val = opts[n].key;
		if (opts[n].key > 0 && opts[n].key < 128) {
			shortopts[k++] = (char)opts[n].key;
			if (opts[n].str)
				shortopts[k++] = ':';
		}
	}
	shortopts[k] = '\0';
	while ((opt = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		if (common_opt(c, opt, optarg))
			continue;
		if (opt == 'h') {
			cli_usage(stdout, usage);
			return EXIT_OK;
		}
		for (i = 0; i < (int)n; i++)
			if (opts[i].key == opt)
				break;
		if (i == (int)n)
			return cli_bad_usage(usage, "unknown option");
		if (opts[i].str)
			*opts[i].str = optarg;
		else
			*opts[i].flag = 1;
	}
	return -1;
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
	static const struct option opts[] = {COMMON_OPTS, {0}};
	struct cli c;
	size_t i;
	int opt, rc;

	memset(&c, 0, sizeof(c));
	c.config_path = CONFIG_DEFAULT_PATH;
	/* '+': stop at the subcommand; its own options are its own. */
	while ((opt = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
		if (common_opt(&c, opt, optarg))
			continue;
		if (opt == 'h') {
			cli_usage(stdout, main_usage);
			return EXIT_OK;
		}
		return cli_bad_usage(main_usage, "unknown option");
	}
	if (optind >= argc)
		return cli_bad_usage(main_usage, "no command given");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[optind], commands[i].name) == 0)
			break;
	if (i == sizeof(commands) / sizeof(commands[0]))
		return cli_bad_usage(main_usage, "unknown command \"%s\"",
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
