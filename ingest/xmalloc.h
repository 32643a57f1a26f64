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
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Allocated, formatted string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
