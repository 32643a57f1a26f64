/* SPDX-License-Identifier: MIT */
/*
 * kill_at.c - for tests, through LD_PRELOAD: the process kills itself
 * with SIGKILL (as `kill -9` would) right after writing to standard error
 * the KILL_AT_COUNT-th line (a number in the environment, 1 when unset)
 * that matches KILL_AT_LINE (a POSIX extended regular expression in the
 * environment; unset: never).  compendiumd writes each log line with one
 * fwrite() to stderr (daemon/log.c), so the kill falls exactly at the
 * moment the daemon reports, however fast or loaded the machine is
 * (tests/sh/daemon-send-kill.sh): never a race with a test that reads
 * the log and kills from outside.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

size_t fwrite(const void *p, size_t size, size_t n, FILE *f);

typedef size_t (*fwrite_fn)(const void *, size_t, size_t, FILE *);

/* 1 when the text p[0..len) matches KILL_AT_LINE for the count-th time. */
static int
is_the_line(const char *p, size_t len)
{
	static int ready, bad;
	static regex_t re;
	static long seen;
	const char *pat = getenv("KILL_AT_LINE");
	const char *c = getenv("KILL_AT_COUNT");
	long want = c != NULL ? strtol(c, NULL, 10) : 1;
	char *line;
	int hit;

	if (pat == NULL || bad)
		return 0;
	if (!ready) {
		if (regcomp(&re, pat, REG_EXTENDED | REG_NOSUB) != 0) {
			bad = 1;
			return 0;
		}
		ready = 1;
	}
	if ((line = malloc(len + 1)) == NULL)
		return 0;
	memcpy(line, p, len);
	line[len] = '\0';
	if (len > 0 && line[len - 1] == '\n')
		line[len - 1] = '\0';
	hit = regexec(&re, line, 0, NULL, 0) == 0;
	free(line);
	return hit && ++seen == want;
}

size_t
fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	fwrite_fn real = (fwrite_fn)(void (*)(void))dlsym(RTLD_NEXT, "fwrite");
	size_t r;
	int kill_now;

	if (real == NULL)
		return 0;
	kill_now = f == stderr && is_the_line(p, size * n);
	r = real(p, size, n, f);
	if (kill_now) {
		fflush(f);
		kill(getpid(), SIGKILL);
	}
	return r;
}
