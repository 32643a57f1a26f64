/* SPDX-License-Identifier: MIT */
/*
 * store_access.c - who may do what with the database file, for
 * store_open(): a writer that may only read is refused before it tries
 * anything, and keeps the -wal and -shm files for the readers; a reader
 * opens the file read-only, never migrates, and is told plainly what it
 * lacks.  The rule and its reasons are in docs/DECISIONS.md ("Readers who
 * may only read").
 *
 * A WAL database is read through its -wal file and its -shm index.  SQLite
 * reads them read-only when they exist (version 3.22 and later), but
 * cannot read the database at all when they are missing and the reader
 * may not create them in the database's folder: it fails with "attempt to
 * write a readonly database".  SQLite deletes both files when the last
 * connection closes, unless that connection asked to keep them
 * (SQLITE_FCNTL_PERSIST_WAL, SQLite's walformat.html: "This leaves the
 * database in a state that allows other processes without write
 * permission ... to open the database read-only").
 */
#include "store.h"

#include "store_priv.h"

enum cp_status
db_open_access(struct store *st, enum store_mode mode, struct cp_error *err)
{
	int keep = 1;

	if (mode == STORE_READ)
		return CP_OK;
	/* SQLite opens a file it may not write read-only without a word;
	 * say so now rather than at the first write, half-way through. */
	if (sqlite3_db_readonly(st->db, "main") == 1)
		return cp_error_set(err, CP_EDB,
				    "%s: cannot write the database: this user "
				    "may only read it",
				    st->path);
	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL,
				 &keep) != SQLITE_OK)
		return db_fail(st, err, "keep the -wal and -shm files");
	return CP_OK;
}

/* The failure of the first read, code being SQLite's extended result
 * code: in words a reader can act on when it is about the files beside
 * the database, else SQLite's. */
static enum cp_status
first_read_failed(struct store *st, int code, struct cp_error *err)
{
	switch (code) {
	case SQLITE_READONLY_DIRECTORY:
	case SQLITE_READONLY_CANTINIT:
	case SQLITE_CANTOPEN:
		return cp_error_set(
			err, CP_EDB,
			"%s: cannot read the database: its -wal and -shm "
			"files are missing or unreadable and this user may not "
			"create them (run `compendium init` once as a user who "
			"may write the database and its folder; the files stay "
			"from then on)",
			st->path);
	case SQLITE_READONLY_ROLLBACK:
		return cp_error_set(err, CP_EDB,
				    "%s: cannot read the database: an "
				    "interrupted write must be rolled back "
				    "first (run `compendium init` as a user "
				    "who may write it)",
				    st->path);
	}
	return db_fail(st, err, "read schema version");
}

enum cp_status
db_schema_version(struct store *st, int64_t *out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc = CP_OK;

	*out = 0;
	/* Prepared and finished here, not through the cache: the failure's
	 * code is read before anything else can replace it. */
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) !=
	    SQLITE_OK)
		return first_read_failed(st, sqlite3_extended_errcode(st->db),
					 err);
	if (sqlite3_step(s) == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else
		rc = first_read_failed(st, sqlite3_extended_errcode(st->db),
				       err);
	sqlite3_finalize(s);
	return rc;
}

enum cp_status
db_refuse_older(struct store *st, int version, struct cp_error *err)
{
	if (version == 0)
		return cp_error_set(err, CP_ESTATE,
				    "%s: database is not initialised (run "
				    "`compendium init` as a user who may "
				    "write it)",
				    st->path);
	return cp_error_set(err, CP_ESTATE,
			    "%s: database is of an older schema (version %d, "
			    "this program reads version %d): run `compendium "
			    "init` as a user who may write it, to upgrade it",
			    st->path, version, STORE_SCHEMA_VERSION);
}
