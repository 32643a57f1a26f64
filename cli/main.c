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
#include "cp_version.h"
#include "pager.h"
#include "print.h"
#include "xmalloc.h"

static const char main_usage[] =
	"usage: compendium [--db FILE] [-c CONFIG] [--as NAME] "
	"[--color[=WHEN]]\n"
	"                  [--no-pager] COMMAND [ARGS]\n"
	"       compendium --version\n"
	"\n"
	"Keeps the compendium of mandates: reads the update mail of the\n"
	"entities into its database, keeps every version, and shows, reviews\n"
	"and exports what it holds.\n"
	"\n"
	"commands:\n"
	"  init         create or upgrade the database\n"
	"  entity       register an entity; list the entities\n"
	"  focal-point  add, remove or list who may speak for an entity\n"
	"  ingest       read mail: .eml files, Maildir folders, mbox files, "
	"-\n"
	"  list         the entries, by entity, area, theme or status\n"
	"  show         one entry, now or as it stood at a date\n"
	"  log          the diff log: the changes, newest first\n"
	"  diff         the difference between two versions of an entry\n"
	"  held         the messages held for a maintainer\n"
	"  accept       apply a held message\n"
	"  reject       reject a held message\n"
	"  revert       undo a change by a new change\n"
	"  messages     the stored messages, with status and errors\n"
	"  message      one stored message: its text as read, its entries\n"
	"  reprocess    read a rejected or held message again\n"
	"  outbox       the receipts to senders: queued, sent, failed\n"
	"  export       the compendium as DocBook 5 XML\n"
	"  render       the compendium as HTML or PDF\n"
	"  search       full text over the entries (and their history)\n"
	"  check        the store's integrity\n"
	"  help         a command's manual page or usage\n"
	"\n"
	"options, before or after COMMAND:\n"
	"  --db FILE            the database, instead of [store] database\n"
	"  -c, --config CONFIG  the configuration (default " CONFIG_DEFAULT_PATH
	")\n"
	"  --as NAME            who a maintainer's action is recorded as\n"
	"                       (else [maintainer] name, else the login)\n"
	"  --color[=WHEN]       colour removals red, additions green: auto\n"
	"                       (on a terminal, unless NO_COLOR), always\n"
	"                       (--color alone) or never\n"
	"  --no-pager           do not page (log, show, diff, message and\n"
	"                       held -p page on a terminal: $PAGER, less)\n"
	"  -h, --help           usage (of COMMAND, after it)\n"
	"\n"
	"`compendium help COMMAND` tells more.\n";

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
	{"message", cmd_message},
	{"reprocess", cmd_reprocess},
	{"outbox", cmd_outbox},
	{"export", cmd_export},
	{"render", cmd_render},
	{"list", cmd_list},
	{"help", cmd_help},
	{"search", cmd_search},
	{"check", cmd_check},
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
cli_main_usage(FILE *f)
{
	fputs(main_usage, f);
}

cli_command_fn
cli_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].fn;
	return NULL;
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

/* Keys of the common options with no short form, apart from the
 * subcommands' own (256 and the few after it). */
enum { OPT_COLOR = 1000, OPT_NO_PAGER };

/* Options of the command itself, before or after the subcommand: 1 when
 * opt is one, 0 when not, -1 for a bad value of it. */
static int
common_opt(struct cli *c, int opt, const char *arg)
{
	switch (opt) {
	case OPT_COLOR:
		return (c->color = cli_color_parse(arg)) < 0 ? -1 : 1;
	case OPT_NO_PAGER:
		c->no_pager = 1;
		return 1;
	case 'D':
		c->db_path = arg;
		return 1;
	case 'c':
		c->config_path = arg;
		c->config_given = 1;
		return 1;
	case OPT_AS:
		c->as = arg;
		return 1;
	}
	return 0;
}

#define COMMON_OPTS                                            \
	{"db", required_argument, NULL, 'D'},                  \
		{"config", required_argument, NULL, 'c'},      \
		{"as", required_argument, NULL, OPT_AS},       \
		{"color", optional_argument, NULL, OPT_COLOR}, \
		{"no-pager", no_argument, NULL, OPT_NO_PAGER}, \
	{                                                      \
		"help", no_argument, NULL, 'h'                 \
	}
#define NCOMMON  6 /* the entries of COMMON_OPTS */
#define MAX_OPTS 16

/* The bad --color value, for an error. */
static int
bad_color(const char *usage, const char *arg)
{
	return cli_bad_usage(
		usage, "--color: \"%s\" is not auto, always or never", arg);
}

int
cli_parse(struct cli *c, int argc, char **argv, const char *usage,
	  const struct cli_opt *opts)
{
	struct option lo[MAX_OPTS + NCOMMON + 1] = {COMMON_OPTS};
	char shortopts[2 * MAX_OPTS + 8] = "c:h";
	size_t n = 0, k = strlen(shortopts);
	const char *why;
	int opt, i;

	for (n = 0; opts != NULL && opts[n].name != NULL; n++) {
		assert(n < MAX_OPTS);
		/* Keys above 255 have no short form; getopt returns them for
		 * the long one. */
		lo[NCOMMON + n].name = opts[n].name;
		lo[NCOMMON + n].has_arg =
			opts[n].str ? required_argument : no_argument;
		lo[NCOMMON + n].val = opts[n].key;
		if (opts[n].key > 0 && opts[n].key < 128) {
			shortopts[k++] = (char)opts[n].key;
			if (opts[n].str)
				shortopts[k++] = ':';
		}
	}
	shortopts[k] = '\0';
	while ((opt = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		if ((i = common_opt(c, opt, optarg)) < 0)
			return bad_color(usage, optarg);
		if (i)
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
	if (c->as != NULL && (why = config_name_problem(c->as)) != NULL)
		return cli_bad_usage(usage, "--as \"%s\": %s", c->as, why);
	return -1;
}

int
cli_open(struct cli *c, enum store_mode mode)
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
	if (store_open(path, mode, &c->st, &err) != CP_OK) {
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
	o->receipt_from = c->cfg.smtp_from;
	o->receipts = c->cfg.smtp_receipts;
	o->max_per_hour = c->cfg.smtp_max_per_hour;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		COMMON_OPTS, {"version", no_argument, NULL, 'V'}, {0}};
	cli_command_fn fn;
	struct cli c;
	int opt, rc;

	memset(&c, 0, sizeof(c));
	c.config_path = CONFIG_DEFAULT_PATH;
	/* '+': stop at the subcommand; its own options are its own. */
	cli_term_init(&c);
	while ((opt = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
		if ((rc = common_opt(&c, opt, optarg)) < 0)
			return bad_color(main_usage, optarg);
		if (rc)
			continue;
		if (opt == 'h') {
			cli_usage(stdout, main_usage);
			return EXIT_OK;
		}
		if (opt == 'V') {
			printf("compendium %s\n", CP_VERSION);
			return EXIT_OK;
		}
		return cli_bad_usage(main_usage, "unknown option");
	}
	if (optind >= argc)
		return cli_bad_usage(main_usage, "no command given");
	if ((fn = cli_command(argv[optind])) == NULL)
		return cli_bad_usage(main_usage, "unknown command \"%s\"",
				     argv[optind]);
	argc -= optind;
	argv += optind;
	optind = 0; /* glibc: start afresh on the subcommand's argv */
	rc = fn(&c, argc, argv);
	store_close(c.st);
	config_free(&c.cfg);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write standard output");
		return EXIT_ERROR;
	}
	return rc;
}
