/* SPDX-License-Identifier: MIT */
/* hash.h - SHA-256 of a message's bytes, through nettle. */
#ifndef HASH_H
#define HASH_H

#include <stddef.h>

#define HASH_HEX_LEN 65 /* 64 hex digits + NUL */

/* Lower-case hex SHA-256 of len bytes at p into out. */
void hash_sha256_hex(const void *p, size_t len, char out[HASH_HEX_LEN]);

#endif
