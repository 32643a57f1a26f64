/* SPDX-License-Identifier: MIT */
/*
 * fail_sync.c - for tests, through LD_PRELOAD: fdatasync() and fsync() of
 * a file whose name ends in "-wal" (a SQLite WAL) fail with EIO, once the
 * first FAIL_WAL_SYNC_AFTER of them (a number in the environment, 0 when
 * unset) went through.  Other files sync as usual.  The disk that fails
 * under compendiumd's store_sync() (tests/sh/daemon-fsync.sh), without a
 * failing disk.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int fdatasync(int fd);
int fsync(int fd);

/* 1 when fd is a file whose name ends in "-wal". */
static int
is_wal(int fd)
{
	char link[64], path[4096];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 4)
		return 0;
	path[n] = '\0';
	return strcmp(path + n - 4, "-wal") == 0;
}

/* 1 when this sync of fd is to fail. */
static int
to_fail(int fd)
{
	static long done;
	const char *e = getenv("FAIL_WAL_SYNC_AFTER");
	long after = e != NULL ? strtol(e, NULL, 10) : 0;

	if (!is_wal(fd))
		return 0;
	if (done < after) {
		done++;
		return 0;
	}
	return 1;
}

typedef int (*sync_fn)(int);

static int
call(const char *name, int fd)
{
	sync_fn real = (sync_fn)(void (*)(void))dlsym(RTLD_NEXT, name);

	if (to_fail(fd)) {
		errno = EIO;
		return -1;
	}
	return real != NULL ? real(fd) : -1;
}

int
fdatasync(int fd)
{
	return call("fdatasync", fd);
}

int
fsync(int fd)
{
	return call("fsync", fd);
}
