/* SPDX-License-Identifier: MIT */
/*
 * xmalloc.h - allocation that aborts on failure.  Running out of memory is
 * not an input error; input over a limit is CP_ETOOBIG and never reaches
 * these.
 */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
/* Like realloc, but aborts on failure, so `p = xrealloc(p, n)` is safe. */
void *xrealloc(void *p, size_t n);
/* xreallocarray: nmemb * size with overflow check. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
/*
 * The grow-array idiom, once: make the array p of *cap elements of size
 * bytes hold at least need elements, doubling its capacity (from 8) so
 * that n appends cost O(n).  Returns the array, moved or not; *cap is
 * updated.  Use through XGROW.
 */
void *xgrowarray(void *p, size_t need, size_t *cap, size_t size);
/* XGROW(v, n + 1, cap): room for element v[n] in array v of capacity cap. */
#define XGROW(p, need, cap) \
	((p) = xgrowarray((p), (need), &(cap), sizeof(*(p))))
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Allocated, formatted string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
