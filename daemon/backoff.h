/* SPDX-License-Identifier: MIT */
/*
 * backoff.h - how long to wait before reconnecting: exponential, with
 * jitter, from 1 second to 5 minutes.
 */
#ifndef BACKOFF_H
#define BACKOFF_H

#include <stdint.h>

#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS (5 * 60 * 1000)

/*
 * The wait before attempt number `failures` + 1 (failures >= 1 is the
 * count of failures in a row): base = 1 s * 2^(failures - 1), capped at
 * 5 min, plus a jitter of up to a quarter of base taken from rnd (any
 * random number), the sum capped at 5 min.  So 1-1.25 s, 2-2.5 s, 4-5 s,
 * ... 256-300 s, then 300 s.  Many daemons cut off by one server restart
 * do not all come back in the same second.
 */
uint32_t backoff_ms(unsigned failures, uint32_t rnd);

#endif
