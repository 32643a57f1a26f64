/* SPDX-License-Identifier: MIT */
/*
 * progress.h - a one-line progress bar for `compendium ingest` on a
 * terminal:
 *
 *	   1234/10000 [=====>                        ]  12%
 *
 * Drawn only when the stream is a terminal and the job is long enough to
 * be worth it; redrawn at most PROGRESS_HZ times a second.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stddef.h>
#include <stdio.h>

/* Fewer items than this: no bar (it would only flicker). */
#define PROGRESS_MIN_TOTAL 50
/* Redraws per second, at most. */
#define PROGRESS_HZ 10

struct progress;

/*
 * A bar for total items written to tty (borrowed; the caller keeps it
 * open until progress_free()).  Returns NULL, and nothing is ever
 * written, when tty is NULL or not a terminal (isatty) or total <
 * PROGRESS_MIN_TOTAL; every progress_ function accepts NULL, so callers
 * need no test.  The bar's width follows the terminal's width.
 */
struct progress *progress_new(FILE *tty, size_t total);

/*
 * done items of total are finished.  Redraws the line ("\r" and the bar)
 * when the last redraw is at least 1/PROGRESS_HZ s old (CLOCK_MONOTONIC)
 * or done reached total; otherwise does nothing.
 */
void progress_step(struct progress *p, size_t done);
/* The same at a given time (ms on any monotonic scale): progress_step()
 * passes CLOCK_MONOTONIC's; tests pass their own, so that they never
 * depend on how fast the machine is. */
void progress_step_at(struct progress *p, size_t done, long long now_ms);

/*
 * Blank the line, so other output can be printed on it; the next
 * progress_step() draws the bar again.
 */
void progress_clear(struct progress *p);

/* Blank the line and free p.  NULL is fine. */
void progress_free(struct progress *p);

/*
 * The bar text for done of total, without "\r": two spaces, done padded to
 * the width of total, "/", total, " [", width cells ('=' for done, '>' at
 * the head while unfinished, ' ' for the rest), "] ", the percentage
 * rounded down and padded to three places, "%".  done over total counts as
 * total; total 0 is shown full.  Writes at most bufsz bytes including the
 * NUL (truncating; nothing when bufsz is 0) and returns the length of
 * the whole text, as snprintf does.  Pure, for the tests.
 */
size_t progress_format(char *buf, size_t bufsz, size_t done, size_t total,
		       int width);

#endif
