/* SPDX-License-Identifier: MIT */
/*
 * charset.h - bytes in a declared charset to UTF-8, through iconv.
 */
#ifndef CHARSET_H
#define CHARSET_H

#include <stddef.h>

#include "cp.h"

/*
 * Convert len bytes of in, declared as charset (case-insensitive MIME name;
 * NULL or "" means US-ASCII), to UTF-8 in *out (NUL-terminated, caller
 * frees) and *outlen.  Bytes invalid in the charset, and U+FFFE/U+FFFF,
 * become U+FFFD; *nreplaced counts them (the caller turns a non-zero count
 * into a warning).  CRLF and lone CR become LF.  An unknown charset
 * returns CP_ECHARSET and leaves *out NULL.
 */
enum cp_status charset_to_utf8(const char *charset, const char *in, size_t len,
			       char **out, size_t *outlen, size_t *nreplaced);

#endif
