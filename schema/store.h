/* SPDX-License-Identifier: MIT */
/*
 * store.h - the database: the only code that speaks SQL (store.c and the
 * store_*.c files beside it, which share store_priv.h).  Types here are
 * plain C; SQLite's stay inside those files.
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

#include "cp.h"
#include "field.h"

#define STORE_SCHEMA_VERSION 8

struct store;

/* How store_open() opens the database (docs/DECISIONS.md, "Readers who
 * may only read"). */
enum store_mode {
	/* Read and write; the file must exist and be initialised.  A user who
	 * may only read it is refused at once (CP_EDB), nothing written. */
	STORE_WRITE = 0,
	/* As STORE_WRITE, but a missing file is created and the schema
	 * installed or upgraded (`compendium init`). */
	STORE_CREATE = 1,
	/* Only read: the file is opened read-only and never written, changed
	 * to WAL mode or migrated; an older schema is refused (CP_ESTATE),
	 * telling to run `compendium init` as a user who may write. */
	STORE_READ = 2,
};

/*
 * Open the database at path (mode: see enum store_mode).  A database of a
 * newer schema is refused (CP_ENEWER).  A writer sets WAL mode and keeps
 * the -wal and -shm files when it closes (SQLITE_FCNTL_PERSIST_WAL), so
 * that users who may only read can open the database afterwards; foreign
 * keys on, a busy timeout.  Free with store_close().
 */
enum cp_status store_open(const char *path, enum store_mode mode,
			  struct store **out, struct cp_error *err);
void store_close(struct store *st);

/* Transactions: BEGIN IMMEDIATE, so readers and writers never deadlock.
 * store_rollback() is safe to call when nothing is open. */
enum cp_status store_begin(struct store *st, struct cp_error *err);
enum cp_status store_commit(struct store *st, struct cp_error *err);
void store_rollback(struct store *st);

/*
 * Make every transaction committed so far durable: on disk, so that an
 * operating system crash or a power cut cannot undo it (store_sync.c).
 * Commits are not synced one by one (WAL, synchronous = NORMAL: each
 * survives a crash of the process only); a caller about to act outside
 * the database on the strength of commits (the daemon, before it takes
 * messages out of the mailbox, SPEC §3) calls this once for all of them:
 * one fdatasync of the WAL.  Without a WAL (a file system that refused
 * it) the rollback journal, the database file and its folder are synced.
 * CP_EDB when a sync failed: then nothing committed may be taken as
 * durable.
 */
enum cp_status store_sync(struct store *st, struct cp_error *err);

/*
 * A read transaction: every read until store_read_end() sees the database
 * as it was at store_read_begin(), and the file is locked once instead of
 * once per statement (writers go on meanwhile: WAL).  Does nothing inside
 * another transaction.  store_read_end() is safe to call when none is
 * open.
 */
enum cp_status store_read_begin(struct store *st, struct cp_error *err);
void store_read_end(struct store *st);

/* ---- entities and focal points ---- */

/* Register entity code, added by actor (the maintainer's name; NULL for
 * none, as for a database from before version 4): the row and its action
 * (STORE_ACTION_ENTITY_ADD) in one transaction. */
enum cp_status store_entity_add(struct store *st, const char *code,
				const char *name, const char *actor,
				struct cp_error *err);

/* The entity's code as registered (caller frees) and its row id, or
 * CP_ENOTFOUND.  code is compared case-insensitively. */
enum cp_status store_entity_find(struct store *st, const char *code,
				 char **code_out, int64_t *id_out,
				 struct cp_error *err);

struct store_entity {
	char *code; /* owned */
	char *name; /* owned */
	int64_t id;
	int nentries;     /* current entries */
	char *created;    /* owned: when it was added */
	char *created_by; /* owned: who added it; NULL when not recorded */
};
/* All entities by code; free with store_entities_free(). */
enum cp_status store_entities(struct store *st, struct store_entity **out,
			      size_t *n_out, struct cp_error *err);
void store_entities_free(struct store_entity *v, size_t n);

/* Add or remove a focal point of entity code, by actor (NULL: not
 * recorded): the row and its action in one transaction. */
enum cp_status store_focal_add(struct store *st, const char *code,
			       const char *address, const char *actor,
			       struct cp_error *err);
/* As store_focal_add(), with the person's name (NULL: none), which the
 * published revision history shows instead of the address. */
enum cp_status store_focal_add_named(struct store *st, const char *code,
				     const char *address, const char *name,
				     const char *actor, struct cp_error *err);
/* The focal points that have a name: "address\tname", by address
 * (addresses lower-case, as stored). */
enum cp_status store_focal_names(struct store *st, struct cp_strlist *out,
				 struct cp_error *err);
enum cp_status store_focal_remove(struct store *st, const char *code,
				  const char *address, const char *actor,
				  struct cp_error *err);
/* Focal points ("CODE\taddress\tcreated\tcreated_by", created_by empty
 * when not recorded), of one entity or all (code NULL). */
enum cp_status store_focal_list(struct store *st, const char *code,
				struct cp_strlist *out, struct cp_error *err);
/* 1 when address speaks for the entity with row id entity_id. */
enum cp_status store_is_focal(struct store *st, int64_t entity_id,
			      const char *address, int *yes_out,
			      struct cp_error *err);

/* ---- messages ---- */

enum store_status {
	STORE_APPLIED,
	STORE_REJECTED,
	STORE_HELD,
	STORE_DUPLICATE,
};
const char *store_status_name(enum store_status s);
/* -1 when name is not a status. */
int store_status_lookup(const char *name);

struct store_message {
	int64_t id;
	char *received; /* owned */
	enum store_status status;
	char *message_id; /* owned, may be NULL */
	char *sha256;     /* owned */
	char *sender;     /* owned, may be NULL */
	char *subject;    /* owned, may be NULL */
	char *source;     /* owned, may be NULL */
	int64_t size;
	char *errors;         /* owned, lines, may be NULL */
	char *warnings;       /* owned, lines, may be NULL */
	char *held_reason;    /* owned, may be NULL */
	char *entities;       /* owned, lines, may be NULL */
	char *unchanged;      /* owned: ENTITY/MANDATE of the entries an applied
			    message left as they were, lines; may be NULL */
	int64_t duplicate_of; /* 0 when none */
	int64_t imap_uidvalidity, imap_uid; /* 0 when none */
};
void store_message_clear(struct store_message *m);

/*
 * Insert a message row (id is set on return).  m->size, when larger than
 * len, is the size of a message of which only len bytes (its header
 * block) were read.  The raw bytes are written
 * in chunks through SQLite's incremental blob I/O, so a large message is
 * never copied whole a second time.
 */
enum cp_status store_message_insert(struct store *st, struct store_message *m,
				    const char *raw, size_t len,
				    struct cp_error *err);
/* Update status, errors, warnings, held_reason, entities, unchanged,
 * decided (now) of
 * row m->id. */
enum cp_status store_message_update(struct store *st,
				    const struct store_message *m,
				    struct cp_error *err);
/* One message by row id; raw_out (may be NULL) receives the bytes
 * (caller frees). */
enum cp_status store_message_get(struct store *st, int64_t id,
				 struct store_message *out, char **raw_out,
				 size_t *rawlen_out, struct cp_error *err);
/* The row of an earlier message with that Message-ID (when message_id is
 * not NULL) or else that SHA-256; 0 when none. */
enum cp_status store_message_find_dup(struct store *st, const char *message_id,
				      const char *sha256, int64_t *id_out,
				      struct cp_error *err);
/* Messages in order of id, those of one status only when status >= 0. */
typedef int (*store_message_cb)(const struct store_message *m, void *arg);
enum cp_status store_messages(struct store *st, int status, store_message_cb cb,
			      void *arg, struct cp_error *err);

/* ---- entries and revisions ---- */

/*
 * One version of an entry.  f[] is indexed by enum field_id: ENTITY is
 * the code as registered, MANDATE the identifier, REASON the reason, and
 * the entry's own fields their stored values (NULL when absent; lists one
 * item a line).  ACTION holds the action ("update", "withdraw", "revert").
 */
struct store_revision {
	int64_t change;
	int64_t entry_id;
	int version;
	int withdrawn;
	char *f[FIELD_COUNT]; /* owned */
	char *changed;        /* owned */
	char *sender;         /* owned, may be NULL */
	char *message_id;     /* owned, may be NULL */
	int64_t message;      /* message row, 0 when none (revert) */
	int64_t reverts;      /* change reverted, 0 when none */
	/* The maintainer's action that made it (accept, reprocess,
	   revert): its row, set by the caller of store_revision_insert(),
	   0 for none (mail, or before version 4); its kind and actor, read
	   by store_revisions() and the other full reads, NULL for none. */
	int64_t action;
	char *action_kind;  /* owned, may be NULL: "accept", "revert", ... */
	char *action_actor; /* owned, may be NULL */
};
void store_revision_clear(struct store_revision *r);
/* A copy of r into out, every string its own (free with
 * store_revision_clear()). */
void store_revision_copy(struct store_revision *out,
			 const struct store_revision *r);

/*
 * The latest version of ENTITY/MANDATE changed at or before at (ISO UTC
 * time; NULL for now).  CP_ENOTFOUND when the entry is unknown or did not
 * exist yet.
 */
enum cp_status store_revision_at(struct store *st, const char *code,
				 const char *mandate, const char *at,
				 struct store_revision *out,
				 struct cp_error *err);
/* A version by number (version >= 1) of ENTITY/MANDATE. */
enum cp_status store_revision_version(struct store *st, const char *code,
				      const char *mandate, int version,
				      struct store_revision *out,
				      struct cp_error *err);
/* A version by change number. */
enum cp_status store_revision_change(struct store *st, int64_t change,
				     struct store_revision *out,
				     struct cp_error *err);
/*
 * Insert a new version (r->change, r->version and r->entry_id set on
 * return; the entry row is created when missing).  Entity code must be
 * registered.
 */
enum cp_status store_revision_insert(struct store *st, struct store_revision *r,
				     struct cp_error *err);

/* An entity, or one entry of it: what store_revisions() may keep to. */
struct store_entry_key {
	const char *code;    /* borrowed: the entity's code, case ignored */
	const char *mandate; /* borrowed: NULL: every entry of the entity */
};

/*
 * Which versions store_revisions() walks.  Each member narrows the walk;
 * a zeroed filter walks every version, newest change first.
 */
struct store_revision_filter {
	const char *since; /* borrowed: changed at or after (ISO UTC); NULL */
	const char *until; /* borrowed: changed at or before; NULL */
	/* borrowed: nonly keys; a version of an entry any of them names
	 * (an entity's code, or CODE and MANDATE); NULL or 0: every entry */
	const struct store_entry_key *only;
	size_t nonly;
	const char *sender; /* borrowed: that address (case ignored); NULL */
	/* borrowed: text the reason holds, with case ignored (Unicode simple
	 * folding, utf8_casefold()); NULL */
	const char *grep;
	int64_t limit;    /* at most this many, the first in order; 0: all */
	int oldest_first; /* oldest change first */
};

/*
 * The versions the filter f keeps, newest change first (or oldest), each
 * read whole, to cb (non-zero stops the walk).  The filtering and the
 * limit are the query's, so that the newest few of a large store cost
 * only what they read.
 */
typedef int (*store_revision_cb)(const struct store_revision *r, void *arg);
enum cp_status store_revisions(struct store *st,
			       const struct store_revision_filter *f,
			       store_revision_cb cb, void *arg,
			       struct cp_error *err);

/*
 * "Did you mean": the entries whose "CODE/MANDATE" is at most max edits
 * from name (edit_distance(), case ignored on both sides), nearest first
 * and then by name, at most limit of them, added to out as CODE/MANDATE
 * (the code as registered).  Withdrawn entries are entries too.
 */
enum cp_status store_entry_suggest(struct store *st, const char *name,
				   size_t max, size_t limit,
				   struct cp_strlist *out,
				   struct cp_error *err);
/* The same over the entities' codes. */
enum cp_status store_entity_suggest(struct store *st, const char *code,
				    size_t max, size_t limit,
				    struct cp_strlist *out,
				    struct cp_error *err);

/*
 * The versions of one entry (row id entry_id) changed at or before until
 * (NULL: all), oldest first, with only what a revision history shows:
 * change, entry_id, version, withdrawn, ACTION, REASON, changed, sender
 * and reverts (the other fields NULL).  Read from the index
 * revision_history alone, without touching the table.
 */
enum cp_status store_entry_versions(struct store *st, int64_t entry_id,
				    const char *until, store_revision_cb cb,
				    void *arg, struct cp_error *err);

/*
 * Every version changed at or before until (NULL: all), newest change
 * first, with only change, entry_id, version, withdrawn, ACTION, changed,
 * ENTITY and MANDATE set (the other fields NULL).
 */
enum cp_status store_changes(struct store *st, const char *until,
			     store_revision_cb cb, void *arg,
			     struct cp_error *err);
/* Every revert made at or before until (NULL: all), oldest first: the
 * change that reverted and the change it reverted, to cb (non-zero
 * stops). */
typedef int (*store_revert_cb)(int64_t change, int64_t reverted, void *arg);
enum cp_status store_reverts(struct store *st, const char *until,
			     store_revert_cb cb, void *arg,
			     struct cp_error *err);

/*
 * The change number the next store_revision_insert() will give, as the
 * store counts them (numbers are never reused): what a dry run shows.
 * Reads only.
 */
enum cp_status store_next_change(struct store *st, int64_t *out,
				 struct cp_error *err);

/* The highest change number at or before at (NULL: now); 0 when none. */
enum cp_status store_last_change(struct store *st, const char *at, int64_t *out,
				 struct cp_error *err);

/*
 * The entries as they stood at `at` (NULL: now), one callback per entry
 * with its latest version, ordered by entity code then mandate; withdrawn
 * entries included (r->withdrawn set), the caller filters.  Each version
 * has only change, entry_id, version, withdrawn, changed, ENTITY,
 * MANDATE, ADOPTED, AREAS and THEMES set (the other fields NULL; read the
 * rest with store_revision_change() when wanted): less to sort and copy.
 */
enum cp_status store_entries_brief_at(struct store *st, const char *at,
				      store_revision_cb cb, void *arg,
				      struct cp_error *err);

/* ---- maintainers' actions (SPEC §5: who did what, and when) ---- */

enum store_action_kind {
	STORE_ACTION_ACCEPT,
	STORE_ACTION_REJECT,
	STORE_ACTION_REPROCESS,
	STORE_ACTION_REVERT,
	STORE_ACTION_ENTITY_ADD,
	STORE_ACTION_FOCAL_ADD,
	STORE_ACTION_FOCAL_REMOVE,
};
/* "accept", "reject", "reprocess", "revert", "entity-add",
 * "focal-point-add", "focal-point-remove": as table action stores them. */
const char *store_action_kind_name(enum store_action_kind k);

/* One row of table action. */
struct store_action {
	int64_t id; /* set by store_action_add() */
	enum store_action_kind kind;
	const char *at;     /* borrowed: ISO UTC time; NULL: now */
	const char *actor;  /* borrowed: the maintainer's name, not NULL */
	int64_t message;    /* message acted on (accept, reject, reprocess);
			       0: none */
	int64_t change;     /* change acted on (revert: the change reverted);
			       0: none */
	const char *detail; /* borrowed, may be NULL: the entity code (entity
			       add), "CODE ADDRESS" (focal points), the
			       reason (reject) */
};

/*
 * Record action a (a->id set on return).  The caller calls it inside the
 * transaction of the change the action makes, so that the two are
 * committed together or not at all; a change made by the action points
 * at it (store_revision.action).
 */
enum cp_status store_action_add(struct store *st, struct store_action *a,
				struct cp_error *err);

/*
 * The actions on message row message_row, oldest first: cb gets each
 * (its strings borrowed for the call); a non-zero return stops the walk.
 * None for a message no maintainer touched, or touched before version 4.
 * For `compendium message ID`.
 */
typedef int (*store_action_cb)(const struct store_action *a, void *arg);
enum cp_status store_message_actions(struct store *st, int64_t message_row,
				     store_action_cb cb, void *arg,
				     struct cp_error *err);

/* ---- full-text search (store_search.c) ---- */

/*
 * Index the versions not indexed yet (at most a batch: store_search.c), in
 * one transaction of their own; nothing for a store opened to read,
 * inside another transaction, or when there are none.  A writer does it
 * by itself at its store_sync(), every SEARCH_BATCH versions and when it
 * closes; a search reads the versions not indexed yet all the same.
 */
enum cp_status store_search_catch_up(struct store *st, struct cp_error *err);

/*
 * The FTS5 query for what a user typed (SPEC §5): words, all of which must
 * match; "a phrase", which matches as one; word*, a prefix.  Every word
 * and phrase is passed to FTS5 as a string, so the query is always valid
 * FTS5.  What FTS5 would read as syntax that SPEC does not offer (AND, OR,
 * NOT, NEAR(...), parentheses, column filters title:x and {title}:x, ^x,
 * a * that does not end a word) is refused rather than searched as text,
 * as is a phrase without its closing quote or a query with no word.  A
 * new string (caller frees), or NULL with *why_out the reason (caller
 * frees).
 */
char *store_search_query(const char *text, char **why_out);

/* One match: a version of an entry. */
struct store_hit {
	int64_t change;
	char *entity, *mandate; /* owned */
	int version;
	int withdrawn;
	char *title;   /* owned */
	char *snippet; /* owned: the best matching text, matches in [ ] */
};
typedef int (*store_hit_cb)(const struct store_hit *h, void *arg);

/*
 * The versions matching FTS5 query (from store_search_query()), best first
 * (bm25: mandate and title weigh most), at most limit: of current entries
 * only (their latest version, not withdrawn), or every version with
 * history.
 */
enum cp_status store_search(struct store *st, const char *query, int history,
			    int limit, store_hit_cb cb, void *arg,
			    struct cp_error *err);
/* ---- the store's integrity: `compendium check` ---- */

/* What store_check() counted, and how many problems it found. */
struct store_check_counts {
	int64_t entries, changes, messages;
	size_t problems;
};

/* One problem found by store_check(): a line naming the change, entry,
 * message or check it is about ("change 12: message 7 does not exist"),
 * borrowed for the call. */
typedef void (*store_problem_cb)(const char *line, void *arg);

/*
 * Check the store, in one read transaction: SQLite's own checks
 * (integrity_check, foreign_key_check), then the history's invariants
 * (each listed in docs/CLI.md, `check`).  Each problem goes to cb as it is
 * found.  A check that SQLite cannot run (a corrupt page) is a problem
 * too, and the other checks still run.  CP_OK when every check ran or said
 * why it could not (the counts in *out); a failure only when the database
 * cannot be read at all.  Writes nothing: works on a store opened with
 * STORE_READ.
 */
enum cp_status store_check(struct store *st, store_problem_cb cb, void *arg,
			   struct store_check_counts *out,
			   struct cp_error *err);

/* ---- the daemon's place in a mailbox ---- */

/*
 * The UIDVALIDITY and highest UID done of mailbox (0 and 0 when it was
 * never read).
 */
enum cp_status store_imap_state(struct store *st, const char *mailbox,
				int64_t *uidvalidity_out, int64_t *last_uid_out,
				struct cp_error *err);
/*
 * Record that UID uid of mailbox (at uidvalidity) is done: last_uid becomes
 * the larger of the two, or uid when uidvalidity changed.  Called inside
 * the message's transaction.
 */
enum cp_status store_imap_mark(struct store *st, const char *mailbox,
			       int64_t uidvalidity, int64_t uid,
			       struct cp_error *err);
/* Forget the place (after a UIDVALIDITY change): the next sync starts at
 * UID 1 of the new UIDVALIDITY. */
enum cp_status store_imap_reset(struct store *st, const char *mailbox,
				int64_t uidvalidity, struct cp_error *err);

#endif
