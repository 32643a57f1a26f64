/* SPDX-License-Identifier: MIT */
/*
 * timeutil.h - the ISO 8601 UTC times the store keeps and the command line
 * takes.
 */
#ifndef TIMEUTIL_H
#define TIMEUTIL_H

#include "cp.h"

#define CP_TIME_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

/*
 * The current time as "YYYY-MM-DDTHH:MM:SSZ".  The environment variable
 * COMPENDIUM_NOW, when set to such a time, replaces the clock (for
 * reproducible demos and tests of history).
 */
void cp_time_now(char out[CP_TIME_LEN]);

/*
 * A date or time from the command line, as UTC: "YYYY-MM-DD" (its start,
 * or with end_of_day its last second), "YYYY-MM-DDTHH:MM[:SS]" with "Z" or
 * an offset "+HH:MM"/"-HH:MM" (no zone means UTC).  CP_EINVAL with a
 * message naming the text when it is not one.
 */
enum cp_status cp_time_parse(const char *s, int end_of_day,
			     char out[CP_TIME_LEN], struct cp_error *err);

#endif
