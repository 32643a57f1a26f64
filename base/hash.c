/* SPDX-License-Identifier: MIT */
/* The one file that includes nettle. */
#include "hash.h"

#include <nettle/sha2.h>

void
hash_sha256_hex(const void *p, size_t len, char out[HASH_HEX_LEN])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	const uint8_t *u = p;
	size_t i, chunk;
	int j;

	sha256_init(&ctx);
	/* nettle takes size_t; feed in chunks all the same, so the loop is
	 * the same on every platform. */
	for (i = 0; i < len; i += chunk) {
		chunk = len - i > (1u << 20) ? (1u << 20) : len - i;
		sha256_update(&ctx, chunk, u + i);
	}
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
	for (j = 0; j < SHA256_DIGEST_SIZE; j++) {
		out[2 * j] = hex[digest[j] >> 4];
		out[2 * j + 1] = hex[digest[j] & 15];
	}
	out[64] = '\0';
}
