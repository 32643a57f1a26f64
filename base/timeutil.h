/* SPDX-License-Identifier: MIT */
/*
 * timeutil.h - the ISO 8601 UTC times the store keeps and the command line
 * takes.
 */
#ifndef TIMEUTIL_H
#define TIMEUTIL_H

#include <stdint.h>

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

/*
 * As cp_time_parse(), and also the dates and ages `log --since` and
 * `--until` take, relative to now (a time cp_time_parse() reads, such as
 * cp_time_now() gives; a parameter so that tests choose it):
 *
 *	today, yesterday   that UTC day, as a bare date is: its start, or
 *	                   with end_of_day its last second
 *	Nd, Nw             exactly N x 24 hours, N x 168 hours before now
 *	                   (N: 0 to 999999 in decimal), whatever end_of_day
 *
 * The words are matched with case ignored.  A result before 1970 is
 * 1970-01-01T00:00:00Z (nothing in the store is older).  CP_EINVAL with a
 * message naming the text when it is none of these.
 */
enum cp_status cp_time_parse_rel(const char *s, int end_of_day, const char *now,
				 char out[CP_TIME_LEN], struct cp_error *err);

/*
 * A date as people write it, into out (size outlen, at least
 * CP_DATE_WRITTEN_LEN): "2013-04-26" or a time beginning so is
 * "26 April 2013", "2013-04" is "April 2013", "2013" is "2013".  Anything
 * else (not such a date, a month or day out of range) is copied as it is.
 * Returns out.
 */
#define CP_DATE_WRITTEN_LEN 24
char *cp_date_written(const char *s, char *out, size_t outlen);

/*
 * An ISO UTC time ("YYYY-MM-DDTHH:MM:SSZ", as cp_time_now() gives) as
 * seconds since the epoch; -1 when it is not one.
 */
int64_t cp_time_epoch(const char *iso);

/* Seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ". */
void cp_time_format(int64_t t, char out[CP_TIME_LEN]);

#endif
