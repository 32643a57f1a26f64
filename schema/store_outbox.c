/* SPDX-License-Identifier: MIT */
/*
 * store_outbox.c - table outbox: the receipts (store_outbox.h).
 */
#include "store_outbox.h"

#include <stdlib.h>
#include <string.h>

#include "store_priv.h"
#include "timeutil.h"
#include "xmalloc.h"

static const char *const status_names[OUTBOX_NSTATUS] = {
	[OUTBOX_QUEUED] = "queued",
	[OUTBOX_SENT] = "sent",
	[OUTBOX_FAILED] = "failed",
	[OUTBOX_SUPPRESSED] = "suppressed",
};

const char *
store_outbox_status_name(enum store_outbox_status s)
{
	return (unsigned)s < OUTBOX_NSTATUS ? status_names[s] : "?";
}

int
store_outbox_status_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < OUTBOX_NSTATUS; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return -1;
}

/* The kinds of receipt in the order of their numbers: a receipt's ID is
 * its message's row times 8 plus its kind's number. */
static const char *const kind_names[] = {"applied", "rejected", "held",
					 "accepted", "dropped"};
#define NKINDS (sizeof(kind_names) / sizeof(kind_names[0]))

int64_t
store_outbox_id(int64_t message, const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL && i < NKINDS; i++)
		if (strcmp(kind, kind_names[i]) == 0)
			return message * 8 + (int64_t)i;
	return -1;
}

/* The kind's number in SQL, from column kind, NULL for no kind of ours
 * (the migration, the check).  The checks are comparisons, not IN
 * (...): SQLite makes a list of more than two an ephemeral table, opened
 * and filled at every insert (a third of queuing's time). */
#define KIND_NUMBER                                                    \
	"CASE kind WHEN 'applied' THEN 0 WHEN 'rejected' THEN 1 WHEN " \
	"'held' THEN 2 WHEN 'accepted' THEN 3 WHEN 'dropped' THEN 4 END"

/* Columns of the outbox but its ID, as in the migration's copy. */
#define OUTBOX_COLS                                                     \
	"message, kind, recipient, message_id, sender, bytes, status, " \
	"created, next_attempt, attempts, last_error, sent_at"

const char store_outbox_migration[] =
	"CREATE TABLE outbox_8 ("
	" id           INTEGER PRIMARY KEY"
	"  CHECK (coalesce(id = message * 8 + (" KIND_NUMBER "), 0)),"
	" message      INTEGER NOT NULL REFERENCES message(id),"
	" kind         TEXT NOT NULL,"
	" recipient    TEXT NOT NULL COLLATE NOCASE,"
	" message_id   TEXT NOT NULL,"
	" sender       TEXT NOT NULL,"
	" bytes        BLOB,"
	" status       TEXT NOT NULL CHECK (status = 'queued' OR status = "
	"  'sent' OR status = 'failed' OR status = 'suppressed'),"
	" created      TEXT NOT NULL,"
	" next_attempt TEXT,"
	" attempts     INTEGER NOT NULL DEFAULT 0,"
	" last_error   TEXT,"
	" sent_at      TEXT);"
	"INSERT INTO outbox_8 (id, " OUTBOX_COLS ") SELECT message * 8 + "
	"(" KIND_NUMBER "), " OUTBOX_COLS " FROM outbox ORDER BY message, "
	"kind;"
	"DROP TABLE outbox;"
	"ALTER TABLE outbox_8 RENAME TO outbox;"
	"CREATE INDEX outbox_due ON outbox(next_attempt) WHERE status = "
	"'queued';"
	"CREATE TABLE IF NOT EXISTS outbox_recent ("
	" recipient TEXT NOT NULL COLLATE NOCASE,"
	" created   TEXT NOT NULL,"
	" id        INTEGER NOT NULL,"
	" PRIMARY KEY (recipient, created, id)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO outbox_recent SELECT recipient, created, id "
	"FROM outbox "
	"WHERE status <> 'suppressed' AND created >= (SELECT "
	"strftime('%Y-%m-%dT%H:%M:%SZ', max(created), '-3600 seconds') FROM "
	"outbox);"
	/* whether a sender is a focal point of any entity, asked of every
	 * message when receipts are on (store_outbox_focal_any()): the
	 * table's key begins with the entity */
	"CREATE INDEX IF NOT EXISTS focal_point_by_address ON "
	"focal_point(address);";

int64_t
store_outbox_backoff(int attempts)
{
	int64_t d = 30;

	for (; attempts > 1 && d < 3600; attempts--)
		d *= 2;
	return d < 3600 ? d : 3600;
}

void
store_outbox_clear(struct store_outbox *o)
{
	if (o == NULL)
		return;
	free(o->kind);
	free(o->recipient);
	free(o->from);
	free(o->message_id);
	free(o->orig_message_id);
	free(o->created);
	free(o->next_attempt);
	free(o->last_error);
	free(o->sent_at);
	free(o->bytes);
	memset(o, 0, sizeof(*o));
}

/* Receipt o (just queued, not suppressed) counts against max_per_hour:
 * its row in outbox_recent, where the rows of its recipient older than
 * an hour before it go. */
static enum cp_status
count_recent(struct store *st, const struct store_outbox *o,
	     struct cp_error *err)
{
	char before[CP_TIME_LEN];
	enum cp_status rc;
	int64_t t = cp_time_epoch(o->created);

	if (t >= 0) {
		cp_time_format(t - 3600, before);
		if ((rc = db_run(st, "count a receipt",
				 "DELETE FROM outbox_recent WHERE recipient = "
				 "?1 AND created < ?2",
				 err, "tt", o->recipient, before)) != CP_OK)
			return rc;
	}
	return db_run(st, "count a receipt",
		      "INSERT INTO outbox_recent (recipient, created, id) "
		      "VALUES (?1, ?2, ?3)",
		      err, "tti", o->recipient, o->created, o->id);
}

enum cp_status
store_outbox_queue(struct store *st, struct store_outbox *o,
		   struct cp_error *err)
{
	static const char sql[] =
		"INSERT INTO outbox (id, message, kind, recipient, message_id, "
		"status, created, next_attempt, sender, bytes) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	int64_t id = store_outbox_id(o->message, o->kind);
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	int r;

	if (id < 0)
		return cp_error_set(err, CP_EINVAL, "unknown receipt kind %s",
				    o->kind ? o->kind : "(none)");
	if (o->created == NULL)
		return cp_error_set(err, CP_EINVAL, "receipt without a time");
	if ((rc = db_prepare(st, sql, &s, err)) != CP_OK)
		return rc;
	db_bind(s, 1, "iittttttt", id, o->message, o->kind, o->recipient,
		o->message_id, store_outbox_status_name(o->status), o->created,
		o->status == OUTBOX_QUEUED ? o->created : NULL, o->from);
	if (o->bytes != NULL)
		sqlite3_bind_blob64(s, 10, o->bytes, (sqlite3_uint64)o->len,
				    SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 10);
	r = sqlite3_step(s);
	if (r == SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = CP_EEXIST;
	else if (r != SQLITE_DONE)
		rc = db_fail(st, err, "queue a receipt");
	else
		o->id = id;
	db_finish(st, s);
	if (rc == CP_OK && o->status != OUTBOX_SUPPRESSED)
		rc = count_recent(st, o, err);
	return rc;
}

enum cp_status
store_outbox_count_since(struct store *st, const char *recipient,
			 const char *since, int64_t *n_out,
			 struct cp_error *err)
{
	return db_int(st, n_out, "count receipts",
		      "SELECT count(*) FROM outbox_recent WHERE recipient = "
		      "?1 AND created >= ?2",
		      err, "tt", recipient, since);
}

/* The columns every read takes, in this order (then the bytes). */
#define COLS                                                                 \
	"o.id, o.message, o.kind, o.recipient, o.message_id, m.message_id, " \
	"o.status, o.created, o.next_attempt, o.attempts, o.last_error, "    \
	"o.sent_at, o.sender"

static void
read_row(sqlite3_stmt *s, struct store_outbox *o, int bytes)
{
	const void *b;

	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(s, 0);
	o->message = sqlite3_column_int64(s, 1);
	o->kind = db_text(s, 2);
	o->recipient = db_text(s, 3);
	o->message_id = db_text(s, 4);
	o->orig_message_id = db_text(s, 5);
	o->status = (enum store_outbox_status)store_outbox_status_parse(
		(const char *)sqlite3_column_text(s, 6));
	o->created = db_text(s, 7);
	o->next_attempt = db_text(s, 8);
	o->attempts = sqlite3_column_int(s, 9);
	o->last_error = db_text(s, 10);
	o->sent_at = db_text(s, 11);
	o->from = db_text(s, 12);
	if (!bytes || sqlite3_column_type(s, 13) == SQLITE_NULL)
		return;
	b = sqlite3_column_blob(s, 13);
	o->len = (size_t)sqlite3_column_bytes(s, 13);
	o->bytes = xmalloc(o->len + 1);
	if (o->len)
		memcpy(o->bytes, b, o->len);
	o->bytes[o->len] = '\0';
}

struct walk {
	store_outbox_cb cb;
	void *arg;
	int bytes;
};

static int
each_row(sqlite3_stmt *s, void *arg)
{
	struct walk *w = arg;
	struct store_outbox o;
	int stop;

	read_row(s, &o, w->bytes);
	stop = w->cb(&o, w->arg);
	store_outbox_clear(&o);
	return stop;
}

enum cp_status
store_outbox_list(struct store *st, int status, store_outbox_cb cb, void *arg,
		  struct cp_error *err)
{
	struct walk w = {cb, arg, 0};

	return db_each(st, "list the outbox",
		       "SELECT " COLS " FROM outbox o JOIN message m ON m.id = "
		       "o.message WHERE ?1 IS NULL OR o.status = ?1 "
		       "ORDER BY o.created, o.id",
		       each_row, &w, err, "t",
		       status < 0 ? NULL
				  : store_outbox_status_name(
					    (enum store_outbox_status)status));
}

enum cp_status
store_outbox_due(struct store *st, const char *now, size_t max,
		 store_outbox_cb cb, void *arg, struct cp_error *err)
{
	struct walk w = {cb, arg, 1};

	return db_each(st, "read the due receipts",
		       "SELECT " COLS ", o.bytes FROM outbox o JOIN message m "
		       "ON m.id = o.message WHERE o.status = 'queued' AND "
		       "o.next_attempt <= ?1 ORDER BY o.next_attempt, o.id "
		       "LIMIT ?2",
		       each_row, &w, err, "ti", now,
		       max ? (int64_t)max : (int64_t)-1);
}

enum cp_status
store_outbox_get(struct store *st, int64_t message, const char *kind,
		 struct store_outbox *out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	memset(out, 0, sizeof(*out));
	rc = db_row(st, &s, "read a receipt",
		    "SELECT " COLS ", o.bytes FROM outbox o JOIN message m ON "
		    "m.id = o.message WHERE o.message = ?1 AND o.kind = ?2",
		    err, "it", message, kind);
	if (rc != CP_OK)
		return rc;
	read_row(s, out, 1);
	db_finish(st, s);
	return CP_OK;
}

enum cp_status
store_outbox_by_id(struct store *st, int64_t id, struct store_outbox *out,
		   struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	memset(out, 0, sizeof(*out));
	rc = db_row(st, &s, "read a receipt",
		    "SELECT " COLS ", o.bytes FROM outbox o JOIN message m ON "
		    "m.id = o.message WHERE o.id = ?1",
		    err, "i", id);
	if (rc != CP_OK)
		return rc;
	read_row(s, out, 1);
	db_finish(st, s);
	return CP_OK;
}

enum cp_status
store_outbox_set_bytes(struct store *st, int64_t id, const char *bytes,
		       size_t len, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	if ((rc = db_prepare(st,
			     "UPDATE outbox SET bytes = ?2 WHERE id = ?1 AND "
			     "bytes IS NULL",
			     &s, err)) != CP_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob64(s, 2, bytes, (sqlite3_uint64)len, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_fail(st, err, "save a receipt");
	db_finish(st, s);
	return rc;
}

/* The UPDATE of a queued receipt, CP_ENOTFOUND when none was. */
static enum cp_status
update_queued(struct store *st, enum cp_status rc)
{
	if (rc == CP_OK && sqlite3_changes(st->db) == 0)
		return CP_ENOTFOUND;
	return rc;
}

enum cp_status
store_outbox_mark_sent(struct store *st, int64_t id, const char *now,
		       struct cp_error *err)
{
	return update_queued(
		st, db_run(st, "mark a receipt sent",
			   "UPDATE outbox SET status = 'sent', sent_at = ?2, "
			   "next_attempt = NULL WHERE id = ?1 AND status = "
			   "'queued'",
			   err, "it", id, now));
}

enum cp_status
store_outbox_fail(struct store *st, int64_t id, const char *now,
		  const char *why, struct cp_error *err)
{
	return update_queued(
		st,
		db_run(st, "mark a receipt failed",
		       "UPDATE outbox SET status = 'failed', attempts = "
		       "attempts + 1, last_error = ?3, next_attempt = NULL, "
		       "sent_at = NULL WHERE id = ?1 AND status = 'queued' "
		       "AND ?2 IS NOT NULL",
		       err, "itt", id, now, why));
}

enum cp_status
store_outbox_retry(struct store *st, int64_t id, const char *now,
		   const char *why, int *failed_out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	char next[CP_TIME_LEN];
	enum cp_status rc;
	int64_t t, created;
	char *gave_up;
	int attempts;

	if (failed_out)
		*failed_out = 0;
	rc = db_row(st, &s, "read a receipt",
		    "SELECT created, attempts FROM outbox WHERE id = ?1 AND "
		    "status = 'queued'",
		    err, "i", id);
	if (rc != CP_OK)
		return rc;
	created = cp_time_epoch((const char *)sqlite3_column_text(s, 0));
	attempts = sqlite3_column_int(s, 1) + 1;
	db_finish(st, s);
	t = cp_time_epoch(now);
	if (t < 0)
		return cp_error_set(err, CP_EINVAL, "\"%s\" is not a time",
				    now);
	if (created >= 0 && t - created >= OUTBOX_GIVE_UP) {
		gave_up = xasprintf("gave up after 5 days: %s",
				    why ? why : "not sent");
		rc = store_outbox_fail(st, id, now, gave_up, err);
		free(gave_up);
		if (rc == CP_OK && failed_out)
			*failed_out = 1;
		return rc;
	}
	cp_time_format(t + store_outbox_backoff(attempts), next);
	return update_queued(
		st,
		db_run(st, "retry a receipt",
		       "UPDATE outbox SET attempts = ?2, next_attempt = ?3, "
		       "last_error = ?4 WHERE id = ?1 AND status = 'queued'",
		       err, "iitt", id, (int64_t)attempts, next, why));
}

enum cp_status
store_outbox_next(struct store *st, char **at_out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	*at_out = NULL;
	rc = db_row(st, &s, "read the next attempt",
		    "SELECT min(next_attempt) FROM outbox WHERE status = "
		    "'queued'",
		    err, "");
	if (rc != CP_OK)
		return rc == CP_ENOTFOUND ? CP_OK : rc;
	*at_out = db_text(s, 0);
	db_finish(st, s);
	return CP_OK;
}

enum cp_status
store_outbox_change_of(struct store *st, int64_t entry_id, int64_t message,
		       int64_t *change_out, struct cp_error *err)
{
	*change_out = 0;
	return db_int(st, change_out, "read a message's change",
		      "SELECT coalesce(max(id), 0) FROM revision WHERE "
		      "entry_id = ?1 AND message = ?2",
		      err, "ii", entry_id, message);
}

enum cp_status
store_outbox_focal_any(struct store *st, const char *address, int *yes_out,
		       struct cp_error *err)
{
	int64_t n = 0;
	enum cp_status rc;

	*yes_out = 0;
	if (address == NULL)
		return CP_OK;
	rc = db_int(st, &n, "check focal point",
		    "SELECT EXISTS (SELECT 1 FROM focal_point WHERE address = "
		    "?1)",
		    err, "t", address);
	*yes_out = n != 0;
	return rc;
}
