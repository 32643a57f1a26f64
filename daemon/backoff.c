/* SPDX-License-Identifier: MIT */
#include "backoff.h"

uint32_t
backoff_ms(unsigned failures, uint32_t rnd)
{
	uint32_t base = BACKOFF_MIN_MS, jitter;

	while (failures > 1 && base < BACKOFF_MAX_MS) {
		base *= 2;
		failures--;
	}
	if (base > BACKOFF_MAX_MS)
		base = BACKOFF_MAX_MS;
	jitter = rnd % (base / 4 + 1);
	if (base + jitter > BACKOFF_MAX_MS)
		return BACKOFF_MAX_MS;
	return base + jitter;
}
