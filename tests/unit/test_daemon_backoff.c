/* SPDX-License-Identifier: MIT */
/*
 * test_daemon_backoff.c - backoff_ms(): the wait before reconnecting,
 * 1 s doubling to 5 min, with a jitter of up to a quarter.  Each case is
 * the failures in a row and the random number, and the wait in ms.
 */
#include <stdint.h>

#include "backoff.h"
#include "t.h"

static const struct {
	unsigned failures;
	uint32_t rnd;
	uint32_t want;
} cases[] = {
	/* no jitter (rnd 0): the schedule */
	{0, 0, 1000}, /* never called with 0: treated as the first */
	{1, 0, 1000},
	{2, 0, 2000},
	{3, 0, 4000},
	{4, 0, 8000},
	{5, 0, 16000},
	{6, 0, 32000},
	{7, 0, 64000},
	{8, 0, 128000},
	{9, 0, 256000},
	{10, 0, 300000}, /* 512 s capped at 5 min */
	{11, 0, 300000},
	{1000, 0, 300000}, /* no overflow however long it lasts */
	{4294967295u, 0, 300000},
	/* jitter: rnd modulo (base / 4 + 1) */
	{1, 250, 1250}, /* the most for 1 s */
	{1, 251, 1000}, /* 251 % 251 */
	{1, 100, 1100},
	{2, 500, 2500},
	{3, 1000, 5000},
	{9, 64000, 300000}, /* 256 s + 64 s, capped */
	{9, 43999, 299999},
	{10, 75000, 300000}, /* 300 s + 75 s, capped */
	{10, 4294967295u, 300000},
	{1, 4294967295u, 1000 + 4294967295u % 251},
};

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char what[64];
		uint32_t got = backoff_ms(cases[i].failures, cases[i].rnd);

		snprintf(what, sizeof(what), "case %zu (%u, %lu)", i,
			 cases[i].failures, (unsigned long)cases[i].rnd);
		T_INTEQ(got, cases[i].want, what);
		T_CHECK(got >= BACKOFF_MIN_MS && got <= BACKOFF_MAX_MS,
			"%s: %lu out of 1 s..5 min", what, (unsigned long)got);
	}
	return t_done("test_daemon_backoff");
}
