/* SPDX-License-Identifier: MIT */
/*
 * editdist.h - how far apart two names are, for "did you mean": the
 * number of edits (a character inserted, deleted or replaced, or two
 * neighbours swapped) that turn one into the other, as git counts them
 * when it suggests a command.
 */
#ifndef EDITDIST_H
#define EDITDIST_H

#include <stddef.h>

/*
 * The edit distance of the UTF-8 strings a and b, counted in code points
 * (an invalid byte counts as one): the least number of insertions,
 * deletions, substitutions and swaps of two adjacent code points that
 * turn a into b (the optimal string alignment distance).  The caller
 * folds case first when case is to be ignored.  Work is bounded by max:
 * when the distance is over max, some value over max is returned, without
 * computing it exactly (so a long name far from every other one costs
 * little).  Memory and time are linear and quadratic in the lengths.
 */
size_t edit_distance(const char *a, const char *b, size_t max);

#endif
