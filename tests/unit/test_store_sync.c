/* SPDX-License-Identifier: MIT */
/*
 * test_store_sync.c - store_sync() syncs what a commit left unsynced, once:
 * seen through a shim VFS in front of SQLite's own, which counts the
 * xSync calls of each kind of file and can make them fail (as SQLite's
 * test_vfstrace.c and its I/O-error tests wrap the VFS).  A second shim
 * offers no shared memory, so SQLite refuses WAL mode (as on a file
 * system without it) and store_sync() must sync the rollback journal's
 * way instead.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "t.h"
#include "xmalloc.h"

enum kind { K_DB, K_WAL, K_JOURNAL, K_OTHER, K_COUNT };

/* What the shims saw since the last reset, and whether syncs fail. */
static struct {
	int syncs[K_COUNT];
	int fail;
} seen;

struct shim_file {
	sqlite3_file base;
	sqlite3_file *real; /* borrowed: right after this struct */
	enum kind kind;
};

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_wal, shim_nowal;

#define REAL(f) (((struct shim_file *)(f))->real)

static int
s_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int
s_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
	return REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}

static int
s_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
	return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}

static int
s_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int
s_sync(sqlite3_file *f, int flags)
{
	seen.syncs[((struct shim_file *)f)->kind]++;
	if (seen.fail)
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int
s_size(sqlite3_file *f, sqlite3_int64 *out)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), out);
}

static int
s_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}

static int
s_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}

static int
s_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int
s_fcntl(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int
s_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int
s_devchar(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int
s_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **out)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, extend, out);
}

static int
s_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void
s_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int
s_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static int
s_fetch(sqlite3_file *f, sqlite3_int64 o, int n, void **out)
{
	return REAL(f)->pMethods->xFetch(REAL(f), o, n, out);
}

static int
s_unfetch(sqlite3_file *f, sqlite3_int64 o, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), o, p);
}

/* The methods of both shims, shared memory and mmap included. */
#define SHIM_METHODS                                                   \
	.xClose = s_close, .xRead = s_read, .xWrite = s_write,         \
	.xTruncate = s_truncate, .xSync = s_sync, .xFileSize = s_size, \
	.xLock = s_lock, .xUnlock = s_unlock,                          \
	.xCheckReservedLock = s_reserved, .xFileControl = s_fcntl,     \
	.xSectorSize = s_sector, .xDeviceCharacteristics = s_devchar

/* Every method: WAL works. */
static const sqlite3_io_methods io_wal = {
	.iVersion = 3,
	SHIM_METHODS,
	.xShmMap = s_shm_map,
	.xShmLock = s_shm_lock,
	.xShmBarrier = s_shm_barrier,
	.xShmUnmap = s_shm_unmap,
	.xFetch = s_fetch,
	.xUnfetch = s_unfetch,
};

/* Version 1, no shared memory: SQLite keeps a rollback journal. */
static const sqlite3_io_methods io_nowal = {
	.iVersion = 1,
	SHIM_METHODS,
};

static int
s_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
       int *out_flags)
{
	struct shim_file *p = (struct shim_file *)f;
	int r;

	p->real = (sqlite3_file *)(p + 1);
	r = real_vfs->xOpen(real_vfs, name, p->real, flags, out_flags);
	if (r != SQLITE_OK) {
		f->pMethods = NULL;
		return r;
	}
	p->kind = flags & SQLITE_OPEN_MAIN_DB        ? K_DB
		  : flags & SQLITE_OPEN_WAL          ? K_WAL
		  : flags & SQLITE_OPEN_MAIN_JOURNAL ? K_JOURNAL
						     : K_OTHER;
	f->pMethods = vfs == &shim_nowal ? &io_nowal : &io_wal;
	return SQLITE_OK;
}

/* The two shims: SQLite's default VFS with our xOpen. */
static void
shims_register(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	shim_wal = *real_vfs;
	shim_wal.pNext = NULL;
	shim_wal.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile;
	shim_wal.xOpen = s_open;
	shim_nowal = shim_wal;
	shim_wal.zName = "shim-wal";
	shim_nowal.zName = "shim-nowal";
}

struct sync_case {
	const char *what;
	sqlite3_vfs *vfs; /* the default VFS for store_open() */
	int fail;         /* xSync fails */
	enum cp_status want;
	int want_syncs[K_COUNT]; /* db, wal, journal, other */
	const char *want_err;    /* substring, NULL: none */
};

static void
run_case(const char *dir, const struct sync_case *c, int n)
{
	char *path = xasprintf("%s/sync%d.db", dir, n);
	struct store *st = NULL;
	struct cp_error err = {0};
	char what[64];
	int k;

	sqlite3_vfs_register(c->vfs, 1);
	T_INTEQ(store_open(path, 1, &st, &err), CP_OK, c->what);
	if (st == NULL) {
		fprintf(stderr, "%s: %s\n", c->what, err.msg);
		goto out;
	}
	T_INTEQ(store_entity_add(st, "UNODC", "Office on Drugs and Crime", NULL,
				 &err),
		CP_OK, c->what);
	/* From here on, only store_sync()'s own syncs are counted. */
	memset(&seen, 0, sizeof(seen));
	seen.fail = c->fail;
	err.msg[0] = '\0';
	T_INTEQ(store_sync(st, &err), c->want, c->what);
	seen.fail = 0;
	for (k = 0; k < K_COUNT; k++) {
		snprintf(what, sizeof(what), "%s: syncs of file kind %d",
			 c->what, k);
		T_INTEQ(seen.syncs[k], c->want_syncs[k], what);
	}
	if (c->want_err != NULL)
		T_CHECK(strstr(err.msg, c->want_err) != NULL,
			"%s: error \"%s\" lacks \"%s\"", c->what, err.msg,
			c->want_err);
	/* Twice in a row: the second has nothing new, and costs one sync. */
	if (c->want == CP_OK) {
		memset(&seen, 0, sizeof(seen));
		T_INTEQ(store_sync(st, &err), CP_OK, c->what);
		T_INTEQ(seen.syncs[K_WAL] + seen.syncs[K_DB], 1, c->what);
	}
out:
	store_close(st);
	sqlite3_vfs_unregister(c->vfs);
	free(path);
}

int
main(void)
{
	/* One case a row or two. */
	/* clang-format off */
	const struct sync_case cases[] = {
		{"WAL: the WAL, once", &shim_wal, 0, CP_OK, {0, 1, 0, 0}, NULL},
		{"WAL: a failed sync is an error", &shim_wal, 1, CP_EDB,
		 {0, 1, 0, 0}, "sync of the WAL: disk I/O error"},
		{"no WAL: the database file (and its folder)", &shim_nowal, 0,
		 CP_OK, {1, 0, 0, 0}, NULL},
		{"no WAL: a failed sync is an error", &shim_nowal, 1, CP_EDB,
		 {1, 0, 0, 0}, "sync of the database file: disk I/O error"},
	};
	/* clang-format on */
	char tmpl[] = "/tmp/test_store_sync.XXXXXX";
	char *cmd;
	size_t i;

	if (mkdtemp(tmpl) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	shims_register();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(tmpl, &cases[i], (int)i);
	cmd = xasprintf("rm -rf '%s'", tmpl);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpl);
	free(cmd);
	return t_done("test_store_sync");
}
