/* SPDX-License-Identifier: MIT */
/*
 * test_timeutil.c - cp_time_parse(): dates and ISO 8601 times from the
 * command line to "YYYY-MM-DDTHH:MM:SSZ"; cp_time_now() and
 * COMPENDIUM_NOW; cp_time_parse_rel(): today, yesterday, Nd, Nw at a
 * chosen now.  want NULL: the input must be refused (CP_EINVAL, with
 * the text named in the message).
 */
#include <stdlib.h>
#include <string.h>

#include "cp.h"
#include "t.h"
#include "timeutil.h"

static const struct {
	const char *in;
	int end_of_day;
	const char *want;
} cases[] = {
	/* dates: the start, or with end_of_day the last second */
	{"2026-01-02", 0, "2026-01-02T00:00:00Z"},
	{"2026-01-02", 1, "2026-01-02T23:59:59Z"},
	{"2024-02-29", 1, "2024-02-29T23:59:59Z"},
	{"2000-02-29", 0, "2000-02-29T00:00:00Z"},
	{"1970-01-01", 0, "1970-01-01T00:00:00Z"},
	{"9999-12-31", 1, "9999-12-31T23:59:59Z"},
	/* times: Z, no zone (UTC), seconds optional, fractions dropped */
	{"2026-11-27T08:53:05Z", 0, "2026-11-27T08:53:05Z"},
	{"2026-11-27t08:53:05z", 0, "2026-11-27T08:53:05Z"},
	{"2026-11-27T08:53:05", 0, "2026-11-27T08:53:05Z"},
	{"2026-11-27 08:53:05Z", 0, "2026-11-27T08:53:05Z"},
	{"2026-11-27T08:53Z", 0, "2026-11-27T08:53:00Z"},
	{"2026-11-27T08:53", 1, "2026-11-27T08:53:00Z"},
	{"2026-11-27T08:53:05.123456Z", 0, "2026-11-27T08:53:05Z"},
	{"2026-11-27T08:53:05Z", 1, "2026-11-27T08:53:05Z"},
	{"2016-12-31T23:59:60Z", 0, "2016-12-31T23:59:59Z"},
	/* offsets */
	{"2026-11-27T08:53:05+02:00", 0, "2026-11-27T06:53:05Z"},
	{"2026-11-27T08:53:05-0500", 0, "2026-11-27T13:53:05Z"},
	{"2026-11-27T08:53:05+0000", 0, "2026-11-27T08:53:05Z"},
	{"2026-11-27T08:53:05-00:00", 0, "2026-11-27T08:53:05Z"},
	{"2026-11-27T08:53+05:30", 0, "2026-11-27T03:23:00Z"},
	{"2026-01-01T00:30:00+01:00", 0, "2025-12-31T23:30:00Z"},
	{"2024-02-28T23:00:00-02:00", 0, "2024-02-29T01:00:00Z"},
	{"2026-12-31T23:00:00-01:00", 1, "2027-01-01T00:00:00Z"},
	{"2026-11-27T08:53:05.5+02:00", 0, "2026-11-27T06:53:05Z"},
	/* refused */
	{"", 0, NULL},
	{"2026", 0, NULL},
	{"2026-01", 0, NULL},
	{"2026-1-02", 0, NULL},
	{"26-01-02", 0, NULL},
	{"2026/01/02", 0, NULL},
	{"2026-13-01", 0, NULL},
	{"2026-00-10", 0, NULL},
	{"2026-02-29", 0, NULL},
	{"2026-04-31", 0, NULL},
	{"2026-01-00", 0, NULL},
	{"1900-02-29", 0, NULL},
	{"1969-12-31", 0, NULL},
	{"2026-01-02x", 0, NULL},
	{"2026-01-02 ", 0, NULL},
	{"2026-01-02T", 0, NULL},
	{"2026-01-02T10", 0, NULL},
	{"2026-01-02T10:0", 0, NULL},
	{"2026-01-02T1:00:00Z", 0, NULL},
	{"2026-01-02T24:00:00Z", 0, NULL},
	{"2026-01-02T10:60Z", 0, NULL},
	{"2026-01-02T10:00:61Z", 0, NULL},
	{"2026-01-02T10:00:0Z", 0, NULL},
	{"2026-01-02T10:00:00 Z", 0, NULL},
	{"2026-01-02T10:00:00ZZ", 0, NULL},
	{"2026-01-02T10:00:00Zjunk", 0, NULL},
	{"2026-01-02T10:00:00+24:00", 0, NULL},
	{"2026-01-02T10:00:00+02:60", 0, NULL},
	{"2026-01-02T10:00:00+2:00", 0, NULL},
	{"2026-01-02T10:00:00+02", 0, NULL},
	{"2026-01-02T10:00:00+02:00x", 0, NULL},
	{"2026-01-02T10:00:00+020", 0, NULL},
	{"2026-01-02T10:00:00UTC", 0, NULL},
	{"2026-01-02X10:00:00Z", 0, NULL},
	/* the result must stay a four-digit year */
	{"9999-12-31T23:59:59-01:00", 0, NULL},
	{"today", 0, NULL},
};

static void
test_parse(void)
{
	char out[CP_TIME_LEN], what[96];
	struct cp_error err;
	enum cp_status rc;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 0, sizeof(out));
		memset(&err, 0, sizeof(err));
		rc = cp_time_parse(cases[i].in, cases[i].end_of_day, out, &err);
		snprintf(what, sizeof(what), "\"%s\" (%d)", cases[i].in,
			 cases[i].end_of_day);
		if (cases[i].want != NULL) {
			T_INTEQ(rc, CP_OK, what);
			T_STREQ(out, cases[i].want, what);
		} else {
			T_INTEQ(rc, CP_EINVAL, what);
			T_INTEQ(err.code, CP_EINVAL, what);
			T_CHECK(strstr(err.msg, cases[i].in) != NULL &&
					strstr(err.msg, "is not a date") != NULL,
				"%s: message \"%s\"", what, err.msg);
		}
	}
	/* err may be NULL */
	T_INTEQ(cp_time_parse("bad", 0, out, NULL), CP_EINVAL, "NULL err");
}

static const struct {
	const char *env; /* NULL: unset */
	const char *want; /* NULL: the real clock */
} now_cases[] = {
	{"2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z"},
	{"2026-01-02T05:04:05+02:00", "2026-01-02T03:04:05Z"},
	{"2026-01-02", "2026-01-02T00:00:00Z"},
	{"not a time", NULL},
	{"", NULL},
	{NULL, NULL},
};

static void
test_now(void)
{
	char out[CP_TIME_LEN];
	size_t i;

	for (i = 0; i < sizeof(now_cases) / sizeof(now_cases[0]); i++) {
		if (now_cases[i].env)
			setenv("COMPENDIUM_NOW", now_cases[i].env, 1);
		else
			unsetenv("COMPENDIUM_NOW");
		memset(out, 'x', sizeof(out));
		cp_time_now(out);
		if (now_cases[i].want) {
			T_STREQ(out, now_cases[i].want, now_cases[i].env);
		} else {
			/* a real time of this century, well-formed */
			T_CHECK(strlen(out) == 20 && out[10] == 'T' &&
					out[19] == 'Z' && out[0] == '2' &&
					strncmp(out, "2025", 4) >= 0,
				"real clock gave \"%.21s\"", out);
		}
	}
	unsetenv("COMPENDIUM_NOW");
}

/* cp_time_parse_rel() at a chosen now; want NULL: refused. */
#define NOW "2026-03-10T15:30:45Z"
static const struct {
	const char *in;
	int end_of_day;
	const char *now;
	const char *want;
} rel_cases[] = {
	/* what cp_time_parse() takes, unchanged */
	{"2026-01-02", 0, NOW, "2026-01-02T00:00:00Z"},
	{"2026-01-02", 1, NOW, "2026-01-02T23:59:59Z"},
	{"2026-11-27T08:53:05+02:00", 1, NOW, "2026-11-27T06:53:05Z"},
	/* UTC days: their start, or their end as a bare date */
	{"today", 0, NOW, "2026-03-10T00:00:00Z"},
	{"today", 1, NOW, "2026-03-10T23:59:59Z"},
	{"TODAY", 0, NOW, "2026-03-10T00:00:00Z"},
	{"yesterday", 0, NOW, "2026-03-09T00:00:00Z"},
	{"yesterday", 1, NOW, "2026-03-09T23:59:59Z"},
	{"Yesterday", 1, NOW, "2026-03-09T23:59:59Z"},
	{"yesterday", 0, "2026-03-01T00:00:00Z", "2026-02-28T00:00:00Z"},
	{"yesterday", 1, "2024-03-01T23:59:59Z", "2024-02-29T23:59:59Z"},
	{"yesterday", 0, "2026-01-01T00:00:00Z", "2025-12-31T00:00:00Z"},
	{"today", 1, "2026-03-10T23:59:59Z", "2026-03-10T23:59:59Z"},
	/* now is a time in any zone; the day is the UTC one */
	{"today", 0, "2026-03-10T00:30:00+01:00", "2026-03-09T00:00:00Z"},
	/* ages: exactly N x 24 h or N x 168 h before now, either bound */
	{"1d", 0, NOW, "2026-03-09T15:30:45Z"},
	{"1d", 1, NOW, "2026-03-09T15:30:45Z"},
	{"0d", 0, NOW, NOW},
	{"10d", 0, NOW, "2026-02-28T15:30:45Z"},
	{"2w", 0, NOW, "2026-02-24T15:30:45Z"},
	{"1W", 0, NOW, "2026-03-03T15:30:45Z"},
	{"007d", 0, NOW, "2026-03-03T15:30:45Z"},
	{"365d", 0, "2025-03-01T00:00:00Z", "2024-03-01T00:00:00Z"},
	/* across a daylight-saving change nothing moves: UTC */
	{"1d", 0, "2026-03-30T01:30:00Z", "2026-03-29T01:30:00Z"},
	/* before 1970: the start of 1970 */
	{"999999w", 0, NOW, "1970-01-01T00:00:00Z"},
	{"20600d", 0, NOW, "1970-01-01T00:00:00Z"},
	/* refused */
	{"", 0, NOW, NULL},
	{"d", 0, NOW, NULL},
	{"w", 0, NOW, NULL},
	{"-1d", 0, NOW, NULL},
	{"+1d", 0, NOW, NULL},
	{"1", 0, NOW, NULL},
	{"1 d", 0, NOW, NULL},
	{"1.5d", 0, NOW, NULL},
	{"1m", 0, NOW, NULL},
	{"1y", 0, NOW, NULL},
	{"1dd", 0, NOW, NULL},
	{"1000000d", 0, NOW, NULL},
	{"99999999999999999999d", 0, NOW, NULL},
	{"todays", 0, NOW, NULL},
	{"tomorrow", 0, NOW, NULL},
	{"today ", 0, NOW, NULL},
	{"now", 0, NOW, NULL},
	{"2026-02-30", 0, NOW, NULL},
};

static void
test_parse_rel(void)
{
	char out[CP_TIME_LEN], now[CP_TIME_LEN], what[96];
	struct cp_error err;
	enum cp_status rc;
	size_t i;

	for (i = 0; i < sizeof(rel_cases) / sizeof(rel_cases[0]); i++) {
		memset(out, 0, sizeof(out));
		memset(&err, 0, sizeof(err));
		rc = cp_time_parse_rel(rel_cases[i].in, rel_cases[i].end_of_day,
				       rel_cases[i].now, out, &err);
		snprintf(what, sizeof(what), "\"%s\" (%d) at %s",
			 rel_cases[i].in, rel_cases[i].end_of_day,
			 rel_cases[i].now);
		if (rel_cases[i].want != NULL) {
			T_INTEQ(rc, CP_OK, what);
			T_STREQ(out, rel_cases[i].want, what);
		} else {
			T_INTEQ(rc, CP_EINVAL, what);
			T_CHECK(strstr(err.msg, rel_cases[i].in) != NULL &&
					strstr(err.msg, "is not a date") !=
						NULL &&
					strstr(err.msg, "Nd") != NULL,
				"%s: message \"%s\"", what, err.msg);
		}
	}
	/* now from COMPENDIUM_NOW, as the command passes it */
	setenv("COMPENDIUM_NOW", "2026-05-01T12:00:00Z", 1);
	cp_time_now(now);
	T_INTEQ(cp_time_parse_rel("yesterday", 1, now, out, &err), CP_OK,
		"yesterday at COMPENDIUM_NOW");
	T_STREQ(out, "2026-04-30T23:59:59Z", "yesterday at COMPENDIUM_NOW");
	unsetenv("COMPENDIUM_NOW");
}

/* cp_date_written(): dates as people write them; the rest as given. */
static const struct {
	const char *in, *want;
} written[] = {
	{"2026-12-02", "2 December 2026"},
	{"2026-12-02T01:54:38Z", "2 December 2026"},
	{"2013-04-26", "26 April 2013"},
	{"2024-02-29", "29 February 2024"},
	{"2013-01", "January 2013"},
	{"2013-04", "April 2013"},
	{"2013", "2013"},
	{"0999", "0999"},
	/* not a date: as it is */
	{"", ""},
	{"2013-13", "2013-13"},
	{"2013-00-10", "2013-00-10"},
	{"2023-02-29", "2023-02-29"},
	{"2013-04-31", "2013-04-31"},
	{"201", "201"},
	{"2013/04/26", "2013/04/26"},
	{"2013-04-26x", "2013-04-26x"},
	{"someday", "someday"},
};

static void
test_written(void)
{
	char out[CP_DATE_WRITTEN_LEN];
	size_t i;

	for (i = 0; i < sizeof(written) / sizeof(written[0]); i++)
		T_STREQ(cp_date_written(written[i].in, out, sizeof(out)),
			written[i].want, written[i].in);
}

int
main(void)
{
	test_written();
	test_parse();
	test_now();
	test_parse_rel();
	return t_done("test_timeutil");
}
