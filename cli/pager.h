/* SPDX-License-Identifier: MIT */
/*
 * pager.h - the pager and colour of the commands that show history, as
 * git has them (SPEC §5): on a terminal, output goes through `less -FRX`
 * (or $PAGER) and removals are red, additions green.  Whether to colour
 * is decided here only, once for the process.
 */
#ifndef PAGER_H
#define PAGER_H

/* --color=WHEN */
enum cli_color {
	CLI_COLOR_AUTO = 0, /* when standard output is a terminal */
	CLI_COLOR_ALWAYS,
	CLI_COLOR_NEVER,
};

struct cli;

/* The mode --color=s names (s NULL: --color alone, "always", as git), or
 * -1 when s is none of auto, always, never. */
int cli_color_parse(const char *s);

/* Read the --color and --no-pager options of c from now on (c is
 * borrowed until the process ends); main() calls it once. */
void cli_term_init(const struct cli *c);

/*
 * Whether to colour removals and additions: --color=always, or under
 * --color=auto (the default) when standard output is a terminal (or was,
 * before the pager took it), TERM is set and not "dumb", and NO_COLOR is
 * unset or empty.
 */
int cli_use_color(void);

/* Whether standard output is a terminal, or was when the pager took it
 * (the pager writes to the terminal). */
int cli_on_terminal(void);

/*
 * Page the rest of the output, as git does: when standard output is a
 * terminal and neither --no-pager nor an empty or `cat` $PAGER says not,
 * start $PAGER (default `less`, with LESS=FRX unless LESS is set) reading
 * a pipe that becomes standard output (and standard error, when that is
 * the terminal too).  The process waits for the pager when it exits, and
 * ends quietly with exit 0 when the pager quits before reading it all.
 * A pager that cannot be started is no error: the output goes to the
 * terminal.  Call it once the arguments are checked, before the first
 * output; a second call does nothing.
 */
void cli_pager_start(const struct cli *c);

#endif
