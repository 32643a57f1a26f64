/* SPDX-License-Identifier: MIT */
/*
 * cli.h - what the subcommands of `compendium` share: options common to
 * all, the open store, the exit codes of SPEC §5.
 */
#ifndef CLI_H
#define CLI_H

#include <getopt.h>
#include <stdio.h>

#include "apply.h"
#include "config.h"
#include "store.h"

enum {
	EXIT_OK = 0,    /* success */
	EXIT_ERROR = 1, /* a reported error (or a message rejected) */
	EXIT_USAGE = 2, /* bad usage */
};

struct cli {
	const char *config_path; /* borrowed: -c, else the default */
	int config_given;        /* -c was given: the file must exist */
	const char *db_path;     /* borrowed: --db, else from the config */
	const char *as;          /* borrowed: --as NAME, else NULL */
	int color;               /* --color: enum cli_color (pager.h) */
	int no_pager;            /* --no-pager */
	struct cp_config cfg;
	struct store *st; /* owned, once opened */
};

/*
 * A subcommand's own option: --name (and -key when key is a letter).  A
 * string argument is stored in *str; a flag sets *flag to 1.
 */
struct cli_opt {
	const char *name;
	int key;
	const char **str; /* borrowed: where the argument goes, or NULL */
	int *flag;        /* borrowed: set for a flag, or NULL */
};

/*
 * Parse argv for a subcommand: its own options (opts, ending with a zero
 * entry; NULL for none) and those every subcommand takes (--db FILE, -c
 * FILE, --as NAME, --color[=WHEN], --no-pager, --help; a bad NAME or WHEN is
 * bad usage).  The positional arguments are argv[optind..argc).
 * Returns -1 to go on, else the exit code (EXIT_OK after --help, which
 * prints usage; EXIT_USAGE on an unknown option).
 */
int cli_parse(struct cli *c, int argc, char **argv, const char *usage,
	      const struct cli_opt *opts);

/* The key of --as (a long option only). */
#define OPT_AS 0x4153

/*
 * Who a maintainer's action is recorded as (SPEC §5): --as NAME, else the
 * configuration's [maintainer] name, else the login name (SUDO_USER, else
 * USER; an empty one is unset).  Call after cli_open().  Borrowed; NULL,
 * with the error printed, when there is none or it is not a name
 * (config_name_problem()): the action must not be taken.
 */
const char *cli_actor(const struct cli *c);

/* Load the configuration and open the database as mode says (a command
 * that only reads opens it with STORE_READ, so that a user who may only
 * read the database can run it).  Prints the error and returns non-zero
 * on failure. */
int cli_open(struct cli *c, enum store_mode mode);

/* "compendium: " + message on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Usage text of a subcommand to f. */
void cli_usage(FILE *f, const char *usage);
/* Bad usage: the message, then the usage, on stderr; returns EXIT_USAGE. */
int cli_bad_usage(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A positive whole number (message ID, change number) or -1. */
long long cli_parse_id(const char *s);
/* Split "CODE/MANDATE" at its first '/'; 0 on success. */
int cli_split_entry(const char *arg, char **code_out, char **mandate_out);
/* The ingest options from the configuration. */
void cli_ingest_opts(const struct cli *c, struct ingest_opts *o);
/* Print a message's line as `messages` does, with its errors, held
 * reason, duplicate, unchanged entries and warnings indented below it
 * (cmd_admin.c; arg is unused, for store_messages()). */
int cli_print_message(const struct store_message *m, void *arg);
/* Print an ingest result line as `ingest` and `reprocess` do. */
void cli_print_result(const char *label, const struct ingest_result *r);

/* A subcommand: argv[0] is its name; returns the exit code. */
typedef int (*cli_command_fn)(struct cli *c, int argc, char **argv);
/* The subcommand called name (main.c's table), or NULL. */
cli_command_fn cli_command(const char *name);
/* The usage of `compendium` itself, listing the subcommands (main.c). */
void cli_main_usage(FILE *f);

int cmd_init(struct cli *c, int argc, char **argv);
int cmd_entity(struct cli *c, int argc, char **argv);
int cmd_focal_point(struct cli *c, int argc, char **argv);
int cmd_ingest(struct cli *c, int argc, char **argv);
int cmd_held(struct cli *c, int argc, char **argv);
int cmd_accept(struct cli *c, int argc, char **argv);
int cmd_reject(struct cli *c, int argc, char **argv);
int cmd_messages(struct cli *c, int argc, char **argv);
int cmd_reprocess(struct cli *c, int argc, char **argv);
int cmd_outbox(struct cli *c, int argc, char **argv);
int cmd_message(struct cli *c, int argc, char **argv);
int cmd_log(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_diff(struct cli *c, int argc, char **argv);
int cmd_revert(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_render(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);
int cmd_check(struct cli *c, int argc, char **argv);
int cmd_list(struct cli *c, int argc, char **argv);
int cmd_help(struct cli *c, int argc, char **argv);

#endif
