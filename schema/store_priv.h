/* SPDX-License-Identifier: MIT */
/*
 * store_priv.h - what the files of the store share, and nothing else
 * includes: struct store, the statement cache and the helpers that walk a
 * statement through its life (prepare, bind, step, finish), so that each
 * store function says only its SQL, its parameters and what it reads.
 *
 *	store.c           open, schema and migrations, transactions, the
 *	                  statement cache and these helpers
 *	store_entity.c    entities and focal points
 *	store_message.c   messages (the raw bytes through blob I/O)
 *	store_revision.c  versions, histories, changes, brief entries; the
 *	                  revision statements built from field_table[]
 *	store_imap.c      the daemon's place in a mailbox
 *	store_access.c    who may read, who may write (store_open())
 *	store_check.c     the store's integrity (`compendium check`)
 *	store_list.c      the entries as a list, filtered (store_list.h)
 *	store_search.c    the full-text index (`compendium search`)
 *	store_sync.c      committed transactions made durable on demand
 *	store_find.c      "did you mean", and the SQL functions of ours
 *
 * Only these files include sqlite3.h (SQLite stays behind the store).
 * The helpers are not static, so they carry the prefix db_ to keep them
 * apart from other libraries' names at link time.
 *
 * Parameters are bound from a type string, one letter per parameter ?1,
 * ?2, ... in order, each taking one variadic argument:
 *
 *	't'  const char *, NULL binds NULL (copied: SQLITE_TRANSIENT)
 *	'i'  int64_t (cast an int: the argument is read as int64_t)
 *	'd'  int64_t row id, 0 binds NULL (no such row)
 *
 *	db_run(st, "add entity", "INSERT INTO entity ... (?1, ?2, ?3)", err,
 *	       "ttt", code, name, now);
 */
#ifndef STORE_PRIV_H
#define STORE_PRIV_H

#include <sqlite3.h>
#include <stdint.h>

#include "cp.h"
#include "store.h"

/*
 * Statements are prepared once and kept: compiling SQL was a third of the
 * time of ingesting a message.  A statement asked for while its cached
 * copy is still running (a callback reading the store again) is prepared
 * afresh and finalized after use.
 */
#define STMT_CACHE 48

struct cached_stmt {
	/* borrowed: a string literal, or SQL owned by the store (see
	 * revision_sql), alive as long as the store; compared by pointer,
	 * then by text */
	const char *sql;
	sqlite3_stmt *stmt; /* owned */
	int in_use;
};

/* The revision statements built from field_table[] (store_revision.c). */
struct revision_sql;

struct store {
	sqlite3 *db;
	char *path; /* owned */
	int in_tx;
	int in_read; /* a read transaction of store_read_begin() */
	struct cached_stmt cache[STMT_CACHE];
	size_t ncache;
	struct revision_sql *revsql; /* owned */
	int writer;                  /* opened to write, schema up to date */
	int search_pending;          /* versions written, not yet indexed */
};

/* Versions a writer writes before it indexes them, in one transaction, at
 * its next store_begin() (store_search.c: a batch of `ingest`; the daemon
 * indexes its batches at each store_sync()).  Measured:
 * docs/BENCHMARKS.md, "Search". */
#ifndef SEARCH_BATCH
#define SEARCH_BATCH 1024
#endif

/* Set err to "PATH: what: SQLite's message" and return CP_EDB. */
enum cp_status db_fail(struct store *st, struct cp_error *err,
		       const char *what);

/* Column i of the current row as a string the caller frees; NULL for
 * NULL. */
char *db_text(sqlite3_stmt *s, int i);

/*
 * The statement for sql, from the cache when its cached copy is free,
 * else prepared (and cached when there is room).  sql must outlive the
 * store when cached (see struct cached_stmt).  Give it back with
 * db_finish().
 */
enum cp_status db_prepare(struct store *st, const char *sql, sqlite3_stmt **out,
			  struct cp_error *err);
/* Done with a statement from db_prepare(): reset a cached one for its
 * next use, finalize any other.  NULL is fine. */
void db_finish(struct store *st, sqlite3_stmt *s);

/* Bind the arguments to parameters ?first, ?first + 1, ... of s by the
 * type string (see above). */
void db_bind(sqlite3_stmt *s, int first, const char *types, ...);

/* Step s once, expecting no row, and finish it: CP_OK, or db_fail(what). */
enum cp_status db_done(struct store *st, sqlite3_stmt *s, const char *what,
		       struct cp_error *err);

/*
 * A statement that returns no rows: prepare sql, bind by types, step,
 * finish.  CP_OK, or the failure (db_fail(what) when the step fails).
 */
enum cp_status db_run(struct store *st, const char *what, const char *sql,
		      struct cp_error *err, const char *types, ...);
/*
 * As db_run(), for an INSERT of a row that may be there already: a UNIQUE
 * or PRIMARY KEY constraint failure returns CP_EEXIST with err untouched,
 * for the caller to say what exists.
 */
enum cp_status db_run_unique(struct store *st, const char *what,
			     const char *sql, struct cp_error *err,
			     const char *types, ...);

/*
 * The one row (or the first) of sql bound by types.  CP_OK: *s_out is on
 * the row, to be read and then given back with db_finish().  CP_ENOTFOUND
 * when there is no row, with err untouched (the caller says what is
 * missing, or that it does not matter).  Otherwise the failure
 * (db_fail(what) when the step fails).  In both of those the statement is
 * finished and *s_out is NULL.
 */
enum cp_status db_row(struct store *st, sqlite3_stmt **s_out, const char *what,
		      const char *sql, struct cp_error *err, const char *types,
		      ...);

/* The first column of the one row of sql (an aggregate, a pragma) into
 * *out (0 first); no row is a failure, db_fail(what). */
enum cp_status db_int(struct store *st, int64_t *out, const char *what,
		      const char *sql, struct cp_error *err, const char *types,
		      ...);

/* Called for each row; non-zero stops the walk (not a failure). */
typedef int (*db_row_cb)(sqlite3_stmt *s, void *arg);
/*
 * Step every row of sql bound by types into cb (until it returns
 * non-zero), then finish.  CP_OK when the rows ran out or cb stopped,
 * else the failure (db_fail(what) when a step fails).
 */
enum cp_status db_each(struct store *st, const char *what, const char *sql,
		       db_row_cb cb, void *arg, struct cp_error *err,
		       const char *types, ...);

/*
 * store_access.c, for store_open() just after the file is opened:
 * db_open_access() refuses a writer (mode other than STORE_READ) that
 * may only read the file, and makes a writer keep the -wal and -shm
 * files when it closes; db_schema_version() reads PRAGMA user_version,
 * saying what a reader lacks when it cannot; db_refuse_older() is the
 * error for a reader of a database of an older schema (version 0: not
 * initialised), which only a writer may upgrade.
 */
enum cp_status db_open_access(struct store *st, enum store_mode mode,
			      struct cp_error *err);
enum cp_status db_schema_version(struct store *st, int64_t *out,
				 struct cp_error *err);
enum cp_status db_refuse_older(struct store *st, int version,
			       struct cp_error *err);

/*
 * The SQL functions of ours, made known to the connection by
 * db_functions() (store_find.c) when the store opens:
 *
 *	cp_folded_has(text, part)  1 when part is in text with case ignored
 *	                           (utf8_casefold() of both), else 0; 0 when
 *	                           text is NULL
 */
#define DB_FOLDED_HAS "cp_folded_has"
enum cp_status db_functions(struct store *st, struct cp_error *err);

/*
 * The text of the statements that read or write every column of a
 * revision, built once from field_table[] (store_revision.c); freed by
 * revision_sql_free() (NULL is fine).  store_open() keeps it in
 * st->revsql.
 */
struct revision_sql *revision_sql_new(void);
void revision_sql_free(struct revision_sql *q);

/* The migration that adds the full-text index of `compendium search`
 * (store_search.c), an entry of migrations[] (store.c). */
extern const char store_search_migration[];
/* The migration that rebuilds the outbox (store_outbox.c). */
extern const char store_outbox_migration[];

#endif
