/* SPDX-License-Identifier: MIT */
/*
 * print.h - how the command shows text that came in mail: every printer
 * of a Message-ID, sender, subject, error, field name or value goes
 * through these, so that nothing in a message can drive the terminal
 * (SPEC §5: control characters and bidirectional overrides escaped).
 */
#ifndef PRINT_H
#define PRINT_H

#include <stddef.h>

/*
 * s escaped by term_escape() (base/termesc.h), for one printf argument:
 * s itself when it needs no escaping, else a string owned here that
 * stays valid until the eighth call after this one.  NULL gives NULL.
 */
const char *cli_safe(const char *s);
/* The same for the span s[0..len), always a string owned here. */
const char *cli_safe_n(const char *s, size_t len);

/* Each line of s (lines end at '\n') as indent + the escaped line; an
 * empty line as an empty line (no trailing white space).  NULL or ""
 * prints nothing. */
void cli_print_lines(const char *indent, const char *s);

/* The same, each line (indent included) in color (an SGR sequence such
 * as "\033[31m", reset after the line by "\033[m"); color NULL: none. */
void cli_print_lines_color(const char *color, const char *indent,
			   const char *s);

/* The same as cli_print_lines() for text already made safe (escaped, or coloured by us). */
void cli_print_safe_lines(const char *indent, const char *s);

#endif
