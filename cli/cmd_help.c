/* SPDX-License-Identifier: MIT */
/*
 * cmd_help.c - help [COMMAND]: the manual page on a terminal, as `git
 * help` does, else the command's usage; without COMMAND the list of
 * commands.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "xmalloc.h"

extern char **environ;

static const char help_usage[] =
	"usage: compendium help [COMMAND]\n"
	"Without COMMAND: the list of commands.  With it: on a terminal, "
	"the\n"
	"manual page compendium(1) at that command, when man(1) finds it "
	"installed;\n"
	"else the command's usage, as `compendium COMMAND --help` prints "
	"it.\n";

/* The manual page, section and name, every command is described in. */
#define HELP_SECTION "1"
#define HELP_PAGE    "compendium"

/*
 * Run argv (a program looked up in PATH) and wait for it; with quiet its
 * standard output and error go to /dev/null.  Its exit status, or -1
 * when it could not be started or did not exit.
 */
static int
run(char *const argv[], int quiet)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, rc = -1;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	if (quiet &&
	    (posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
					      O_WRONLY, 0) != 0 ||
	     posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO,
					      STDERR_FILENO) != 0))
		goto out;
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0)
		goto out;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			goto out;
	if (WIFEXITED(st))
		rc = WEXITSTATUS(st);
out:
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/*
 * Show compendium(1) through man(1), opened at the command's entry when
 * the pager is less (its LESS variable gets a search, after what the
 * user put there).  -1, having shown nothing, when man is missing or
 * does not find the page; else man's exit status.
 */
static int
show_man(const char *command)
{
	char *where[] = {"man", "-w", HELP_SECTION, HELP_PAGE, NULL};
	char *show[] = {"man", HELP_SECTION, HELP_PAGE, NULL};
	const char *less = getenv("LESS");
	char *env;

	if (run(where, 1) != 0)
		return -1;
	/* The commands' synopses start at man's indent of 7 columns.  No
	 * space and no '$' in the pattern: they end an option in $LESS. */
	env = xasprintf("%s%s+/^[[:space:]]{7}%s\\>", less ? less : "",
			less && *less ? " " : "", command);
	setenv("LESS", env, 1);
	free(env);
	fflush(stdout);
	return run(show, 0);
}

int
cmd_help(struct cli *c, int argc, char **argv)
{
	char help_opt[] = "--help", *args[3] = {NULL, help_opt, NULL};
	cli_command_fn fn;
	int rc = cli_parse(c, argc, argv, help_usage, NULL), shown;

	if (rc >= 0)
		return rc;
	if (argc - optind > 1)
		return cli_bad_usage(help_usage,
				     "expected at most one COMMAND");
	if (optind == argc) {
		cli_main_usage(stdout);
		return EXIT_OK;
	}
	fn = cli_command(argv[optind]);
	if (fn == NULL)
		return cli_bad_usage(help_usage, "unknown command \"%s\"",
				     argv[optind]);
	if (isatty(STDOUT_FILENO) && (shown = show_man(argv[optind])) >= 0)
		return shown == 0 ? EXIT_OK : EXIT_ERROR;
	/* The usage, exactly as the command's own --help prints it. */
	args[0] = argv[optind];
	optind = 0; /* glibc: start afresh on the new argv */
	return fn(c, 2, args);
}
