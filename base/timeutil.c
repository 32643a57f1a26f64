/* SPDX-License-Identifier: MIT */
#include "timeutil.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "utf8.h"

static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

static int
days_in_month(int y, int m)
{
	static const int d[12] = {31, 28, 31, 30, 31, 30,
				  31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static void
format_time(time_t t, char out[CP_TIME_LEN])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, CP_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
cp_time_now(char out[CP_TIME_LEN])
{
	const char *fake = getenv("COMPENDIUM_NOW");

	if (fake != NULL && *fake && cp_time_parse(fake, 0, out, NULL) == CP_OK)
		return;
	format_time(time(NULL), out);
}

enum cp_status
cp_time_parse(const char *s, int end_of_day, char out[CP_TIME_LEN],
	      struct cp_error *err)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0, sign = 0;
	size_t len = strlen(s), i;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (len < 10 || !digits(s, 4, &y) || s[4] != '-' ||
	    !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d) ||
	    y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		goto bad;
	if (len == 10) {
		if (end_of_day)
			h = 23, mi = 59, se = 59;
	} else {
		if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
			goto bad;
		if (len < 16 || !digits(s + 11, 2, &h) || s[13] != ':' ||
		    !digits(s + 14, 2, &mi))
			goto bad;
		i = 16;
		if (i < len && s[i] == ':') {
			if (len < 19 || !digits(s + 17, 2, &se))
				goto bad;
			i = 19;
			/* fractions of a second are accepted and dropped */
			if (i < len && s[i] == '.') {
				i++;
				while (i < len && s[i] >= '0' && s[i] <= '9')
					i++;
			}
		}
		if (h > 23 || mi > 59 || se > 60)
			goto bad;
		if (i == len || ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len))
			;
		else if ((s[i] == '+' || s[i] == '-') && len - i == 6 &&
			 digits(s + i + 1, 2, &oh) && s[i + 3] == ':' &&
			 digits(s + i + 4, 2, &om) && oh <= 23 && om <= 59)
			sign = s[i] == '+' ? 1 : -1;
		else if ((s[i] == '+' || s[i] == '-') && len - i == 5 &&
			 digits(s + i + 1, 2, &oh) &&
			 digits(s + i + 3, 2, &om) && oh <= 23 && om <= 59)
			sign = s[i] == '+' ? 1 : -1;
		else
			goto bad;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se > 59 ? 59 : se;
	t = timegm(&tm);
	t -= (time_t)sign * (oh * 3600 + om * 60);
	/* An offset can carry 9999-12-31 into year 10000, which does not
	 * fit CP_TIME_LEN (strftime would fail and leave out undefined). */
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999)
		goto bad;
	format_time(t, out);
	return CP_OK;
bad:
	return cp_error_set(err, CP_EINVAL,
			    "\"%s\" is not a date (YYYY-MM-DD) or an ISO 8601 "
			    "time (YYYY-MM-DDTHH:MM:SSZ, or with an offset)",
			    s);
}

/* The time_t of an ISO UTC time cp_time_parse() accepts; -1 when it is
 * not one. */
static time_t
to_time_t(const char *iso)
{
	char t[CP_TIME_LEN];
	struct tm tm;

	if (cp_time_parse(iso, 0, t, NULL) != CP_OK)
		return (time_t)-1;
	memset(&tm, 0, sizeof(tm));
	/* t is "YYYY-MM-DDTHH:MM:SSZ": every digit is checked already. */
	tm.tm_year = (int)strtol(t, NULL, 10) - 1900;
	tm.tm_mon = (int)strtol(t + 5, NULL, 10) - 1;
	tm.tm_mday = (int)strtol(t + 8, NULL, 10);
	tm.tm_hour = (int)strtol(t + 11, NULL, 10);
	tm.tm_min = (int)strtol(t + 14, NULL, 10);
	tm.tm_sec = (int)strtol(t + 17, NULL, 10);
	return timegm(&tm);
}

_Static_assert(sizeof(time_t) >= 8, "999999 weeks must fit in time_t");

/* N of "Nd" or "Nw" (0 to 999999) and the seconds of its unit, or 0 when
 * s is not one. */
static int
parse_age(const char *s, long *n_out, long *unit_out)
{
	size_t len = strlen(s), i;
	long n = 0;

	if (len < 2 || len > 7)
		return 0;
	for (i = 0; i + 1 < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		n = n * 10 + (s[i] - '0');
	}
	switch (ascii_lower(s[len - 1])) {
	case 'd':
		*unit_out = 86400L;
		break;
	case 'w':
		*unit_out = 7L * 86400L;
		break;
	default:
		return 0;
	}
	*n_out = n;
	return 1;
}

enum cp_status
cp_time_parse_rel(const char *s, int end_of_day, const char *now,
		  char out[CP_TIME_LEN], struct cp_error *err)
{
	time_t t = to_time_t(now);
	long n = 0, unit = 0;
	char day[CP_TIME_LEN];
	int days_back = -1;

	assert(t != (time_t)-1); /* now is the caller's, never input */
	if (ascii_span_casecmp(s, strlen(s), "today") == 0)
		days_back = 0;
	else if (ascii_span_casecmp(s, strlen(s), "yesterday") == 0)
		days_back = 1;
	if (days_back >= 0) {
		/* That day's date, then read as a bare date is. */
		format_time(t - (time_t)days_back * 86400, day);
		day[10] = '\0';
		return cp_time_parse(day, end_of_day, out, err);
	}
	if (parse_age(s, &n, &unit)) {
		/* time_t is 64 bits here: 999999 weeks is no overflow. */
		t -= (time_t)n * unit;
		format_time(t < 0 ? 0 : t, out);
		return CP_OK;
	}
	if (cp_time_parse(s, end_of_day, out, NULL) == CP_OK)
		return CP_OK;
	return cp_error_set(err, CP_EINVAL,
			    "\"%s\" is not a date (YYYY-MM-DD, today, "
			    "yesterday), an ISO 8601 time "
			    "(YYYY-MM-DDTHH:MM:SSZ, or with an offset) or an "
			    "age (Nd: N days ago, Nw: N weeks ago)",
			    s);
}

char *
cp_date_written(const char *s, char *out, size_t outlen)
{
	static const char *const months[12] = {
		"January",   "February", "March",    "April",
		"May",       "June",     "July",     "August",
		"September", "October",  "November", "December",
	};
	size_t len = strlen(s);
	int y, m = 0, d = 0;

	if (len >= 4 && digits(s, 4, &y) && (len == 4 || s[4] == '-')) {
		if (len == 4) {
			snprintf(out, outlen, "%04d", y);
			return out;
		}
		if (len >= 7 && digits(s + 5, 2, &m) && m >= 1 && m <= 12 &&
		    (len == 7 || s[7] == '-')) {
			if (len == 7) {
				snprintf(out, outlen, "%s %04d", months[m - 1],
					 y);
				return out;
			}
			if (len >= 10 && digits(s + 8, 2, &d) && d >= 1 &&
			    d <= days_in_month(y, m) &&
			    (len == 10 || s[10] == 'T')) {
				snprintf(out, outlen, "%d %s %04d", d,
					 months[m - 1], y);
				return out;
			}
		}
	}
	snprintf(out, outlen, "%s", s);
	return out;
}

int64_t
cp_time_epoch(const char *iso)
{
	return iso == NULL ? -1 : (int64_t)to_time_t(iso);
}

void
cp_time_format(int64_t t, char out[CP_TIME_LEN])
{
	format_time((time_t)t, out);
}
