/* SPDX-License-Identifier: MIT */
/*
 * store_sync.c - every committed transaction made durable, on demand.
 *
 * The store runs in WAL mode with synchronous = NORMAL (store.c): a commit
 * appends its pages to the -wal file and returns without syncing it, so it
 * survives a crash of the process but not of the operating system or the
 * power.  That is the right trade for `compendium ingest` and for a run of
 * commits, but not for a caller about to act outside the database on the
 * strength of a commit: the daemon takes a message out of its mailbox
 * only once its row is on disk (SPEC §3).  store_sync() is that one sync,
 * for every commit so far: one fdatasync of the WAL per batch of messages,
 * instead of one per commit (synchronous = FULL).
 *
 * Why syncing the WAL is enough: a commit is durable once its frames, up
 * to the frame that marks the commit, are on disk in the WAL, or once a
 * checkpoint has copied them into the database file; with synchronous =
 * NORMAL SQLite already syncs the WAL before each checkpoint and the
 * database file after it, so what is unsynced is always the WAL's tail.
 * SQLite's own xSync of the WAL (its VFS: fdatasync on Linux) also syncs
 * the folder the first time after the WAL was created, as it does when it
 * syncs a new WAL itself.
 */
#include "store.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_priv.h"
#include "xmalloc.h"

/* SQLite's xSync of f: CP_OK, or CP_EDB naming what (the file). */
static enum cp_status
sync_file(struct store *st, sqlite3_file *f, const char *what,
	  struct cp_error *err)
{
	int r = f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);

	if (r != SQLITE_OK)
		return cp_error_set(err, CP_EDB, "%s: sync of the %s: %s",
				    st->path, what, sqlite3_errstr(r));
	return CP_OK;
}

/*
 * The file of the journal (the WAL in WAL mode, else the rollback journal)
 * into *f_out, NULL when it is not open.
 */
static enum cp_status
journal_file(struct store *st, sqlite3_file **f_out, struct cp_error *err)
{
	sqlite3_file *f = NULL;

	*f_out = NULL;
	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_JOURNAL_POINTER,
				 &f) != SQLITE_OK)
		return db_fail(st, err, "find the journal file");
	if (f != NULL && f->pMethods != NULL)
		*f_out = f;
	return CP_OK;
}

/* 1 when the database is in WAL mode, else 0. */
static enum cp_status
is_wal(struct store *st, int *yes_out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	const unsigned char *mode;
	enum cp_status rc;

	*yes_out = 0;
	rc = db_row(st, &s, "read journal mode", "PRAGMA journal_mode", err,
		    "");
	if (rc == CP_ENOTFOUND)
		return db_fail(st, err, "read journal mode");
	if (rc != CP_OK)
		return rc;
	mode = sqlite3_column_text(s, 0);
	*yes_out = mode != NULL && strcmp((const char *)mode, "wal") == 0;
	db_finish(st, s);
	return CP_OK;
}

/* fsync the folder holding the database: a journal's deletion (the commit
 * point of journal_mode DELETE) is an entry of it. */
static enum cp_status
sync_folder(struct store *st, struct cp_error *err)
{
	const char *path = sqlite3_db_filename(st->db, "main");
	const char *slash;
	char *dir;
	int fd, r = -1;

	if (path == NULL || *path == '\0')
		return CP_OK; /* a temporary or in-memory database */
	slash = strrchr(path, '/');
	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		r = fsync(fd);
		close(fd);
	}
	free(dir);
	if (r != 0)
		return cp_error_set(err, CP_EDB,
				    "%s: sync of the database's folder failed",
				    st->path);
	return CP_OK;
}

enum cp_status
store_sync(struct store *st, struct cp_error *err)
{
	sqlite3_file *f = NULL;
	enum cp_status rc;
	int wal = 0;
	int64_t v;

	/* The batch's versions into the search index first, so that one
	 * sync covers them too; a failure only leaves them to be indexed
	 * later (they are searched meanwhile: store_search.c). */
	(void)store_search_catch_up(st, NULL);
	if ((rc = is_wal(st, &wal, err)) != CP_OK ||
	    (rc = journal_file(st, &f, err)) != CP_OK)
		return rc;
	if (wal && f == NULL) {
		/* Nothing read yet: the pager opens the WAL (when there is
		 * one to open) at its first read. */
		if ((rc = db_int(st, &v, "read schema version",
				 "PRAGMA user_version", err, "")) != CP_OK ||
		    (rc = journal_file(st, &f, err)) != CP_OK)
			return rc;
	}
	if (wal && f != NULL)
		return sync_file(st, f, "WAL", err);
	/*
	 * No WAL: every commit is in the database file, synced by SQLite
	 * before the commit's end; what synchronous = NORMAL leaves unsynced
	 * is the commit point of the rollback journal (its zeroed header or
	 * truncation, or its deletion).  The journal, the file and its folder
	 * are synced (the file's sync is a no-op when it is already clean).
	 */
	if (f != NULL && (rc = sync_file(st, f, "journal", err)) != CP_OK)
		return rc;
	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_FILE_POINTER,
				 &f) != SQLITE_OK ||
	    f == NULL || f->pMethods == NULL)
		return db_fail(st, err, "find the database file");
	if ((rc = sync_file(st, f, "database file", err)) != CP_OK)
		return rc;
	return sync_folder(st, err);
}
