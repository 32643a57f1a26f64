/* SPDX-License-Identifier: MIT */
/*
 * store_message.c - the messages read: each row holds the raw bytes
 * (written and read in chunks through SQLite's incremental blob I/O),
 * their SHA-256, what became of the message (applied, rejected, held,
 * duplicate) and why, and where it came from.
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "store_priv.h"
#include "timeutil.h"
#include "xmalloc.h"

static const char *const status_names[] = {
	"applied",
	"rejected",
	"held",
	"duplicate",
};

const char *
store_status_name(enum store_status s)
{
	return (unsigned)s < 4 ? status_names[s] : "?";
}

int
store_status_lookup(const char *name)
{
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(name, status_names[i]) == 0)
			return i;
	return -1;
}

void
store_message_clear(struct store_message *m)
{
	if (m == NULL)
		return;
	free(m->received);
	free(m->message_id);
	free(m->sha256);
	free(m->sender);
	free(m->subject);
	free(m->source);
	free(m->errors);
	free(m->warnings);
	free(m->held_reason);
	free(m->entities);
	free(m->unchanged);
	memset(m, 0, sizeof(*m));
}

/* Write raw[0..len) into the zeroblob of message row id, 64 KiB at a time,
 * so that a large message is never copied whole a second time. */
static enum cp_status
write_raw(struct store *st, int64_t id, const char *raw, size_t len,
	  struct cp_error *err)
{
	sqlite3_blob *blob = NULL;
	enum cp_status rc;
	size_t off, chunk;

	if (sqlite3_blob_open(st->db, "main", "message", "raw", id, 1, &blob) !=
	    SQLITE_OK)
		return db_fail(st, err, "open message blob");
	for (off = 0; off < len; off += chunk) {
		chunk = len - off < 65536 ? len - off : 65536;
		if (sqlite3_blob_write(blob, raw + off, (int)chunk, (int)off) !=
		    SQLITE_OK) {
			rc = db_fail(st, err, "write message blob");
			sqlite3_blob_close(blob);
			return rc;
		}
	}
	if (sqlite3_blob_close(blob) != SQLITE_OK)
		return db_fail(st, err, "close message blob");
	return CP_OK;
}

enum cp_status
store_message_insert(struct store *st, struct store_message *m, const char *raw,
		     size_t len, struct cp_error *err)
{
	enum cp_status rc;

	if (len > 0x7fffffff)
		return cp_error_set(err, CP_ETOOBIG,
				    "message of %zu bytes is too large to "
				    "store",
				    len);
	/* ?16, the size of the message as received, is more than len when
	 * only its header block was read (over the size limit). */
	if ((rc = db_run(st, "store message",
			 "INSERT INTO message (received, status, message_id,"
			 " sha256, sender, subject, source, size, raw, errors,"
			 " warnings, held_reason, entities, duplicate_of,"
			 " imap_uidvalidity, imap_uid, unchanged) VALUES (?1,"
			 " ?2, ?3, ?4, ?5, ?6, ?7, ?16, zeroblob(?8), ?9, ?10,"
			 " ?11, ?12, ?13, ?14, ?15, ?17)",
			 err, "tttttttittttdddit", m->received,
			 store_status_name(m->status), m->message_id, m->sha256,
			 m->sender, m->subject, m->source, (int64_t)len,
			 m->errors, m->warnings, m->held_reason, m->entities,
			 m->duplicate_of, m->imap_uidvalidity, m->imap_uid,
			 m->size > (int64_t)len ? m->size : (int64_t)len,
			 m->unchanged)) != CP_OK)
		return rc;
	m->id = sqlite3_last_insert_rowid(st->db);
	if (m->size < (int64_t)len)
		m->size = (int64_t)len;
	if (len == 0)
		return CP_OK;
	return write_raw(st, m->id, raw, len, err);
}

enum cp_status
store_message_update(struct store *st, const struct store_message *m,
		     struct cp_error *err)
{
	char now[CP_TIME_LEN];

	cp_time_now(now);
	return db_run(st, "update message",
		      "UPDATE message SET status = ?2, errors = ?3, "
		      "warnings = ?4, held_reason = ?5, entities = ?6,"
		      " decided = ?7, unchanged = ?8 WHERE id = ?1",
		      err, "ittttttt", m->id, store_status_name(m->status),
		      m->errors, m->warnings, m->held_reason, m->entities, now,
		      m->unchanged);
}

/* The columns read_message() reads, in its order. */
#define MESSAGE_COLUMNS                                                       \
	"id, received, status, message_id, sha256, sender, subject, source, " \
	"size, errors, warnings, held_reason, entities, duplicate_of, "       \
	"imap_uidvalidity, imap_uid, unchanged"

static void
read_message(sqlite3_stmt *s, struct store_message *m)
{
	const char *status = (const char *)sqlite3_column_text(s, 2);
	int st = status ? store_status_lookup(status) : -1;

	m->id = sqlite3_column_int64(s, 0);
	m->received = db_text(s, 1);
	m->status = st < 0 ? STORE_REJECTED : (enum store_status)st;
	m->message_id = db_text(s, 3);
	m->sha256 = db_text(s, 4);
	m->sender = db_text(s, 5);
	m->subject = db_text(s, 6);
	m->source = db_text(s, 7);
	m->size = sqlite3_column_int64(s, 8);
	m->errors = db_text(s, 9);
	m->warnings = db_text(s, 10);
	m->held_reason = db_text(s, 11);
	m->entities = db_text(s, 12);
	m->duplicate_of = sqlite3_column_int64(s, 13);
	m->imap_uidvalidity = sqlite3_column_int64(s, 14);
	m->imap_uid = sqlite3_column_int64(s, 15);
	m->unchanged = db_text(s, 16);
}

enum cp_status
store_message_get(struct store *st, int64_t id, struct store_message *out,
		  char **raw_out, size_t *rawlen_out, struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;
	const void *b;
	size_t n;

	memset(out, 0, sizeof(*out));
	rc = db_row(st, &s, "read message",
		    "SELECT " MESSAGE_COLUMNS ", raw FROM message "
		    "WHERE id = ?1",
		    err, "i", id);
	if (rc == CP_ENOTFOUND)
		return cp_error_set(err, CP_ENOTFOUND, "no message %lld",
				    (long long)id);
	if (rc != CP_OK)
		return rc;
	read_message(s, out);
	if (raw_out != NULL) {
		/* NUL-terminated for the parsers, which take a length too */
		b = sqlite3_column_blob(s, 17);
		n = (size_t)sqlite3_column_bytes(s, 17);
		*raw_out = xmalloc(n + 1);
		if (n)
			memcpy(*raw_out, b, n);
		(*raw_out)[n] = '\0';
		*rawlen_out = n;
	}
	db_finish(st, s);
	return CP_OK;
}

enum cp_status
store_message_find_dup(struct store *st, const char *message_id,
		       const char *sha256, int64_t *id_out,
		       struct cp_error *err)
{
	return db_int(st, id_out, "look for duplicates",
		      message_id != NULL ? "SELECT min(id) FROM message WHERE "
					   "message_id = ?1"
					 : "SELECT min(id) FROM message WHERE "
					   "sha256 = ?1",
		      err, "t", message_id != NULL ? message_id : sha256);
}

/* The caller's callback of store_messages(). */
struct message_walk {
	store_message_cb cb;
	void *arg;
};

static int
message_row(sqlite3_stmt *s, void *arg)
{
	struct message_walk *w = arg;
	struct store_message m;
	int stop;

	memset(&m, 0, sizeof(m));
	read_message(s, &m);
	stop = w->cb(&m, w->arg);
	store_message_clear(&m);
	return stop;
}

enum cp_status
store_messages(struct store *st, int status, store_message_cb cb, void *arg,
	       struct cp_error *err)
{
	struct message_walk w = {cb, arg};

	return db_each(st, "list messages",
		       "SELECT " MESSAGE_COLUMNS " FROM message "
		       "WHERE ?1 IS NULL OR status = ?1 ORDER BY id",
		       message_row, &w, err, "t",
		       status >= 0 ? store_status_name(status) : NULL);
}
