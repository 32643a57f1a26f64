/* SPDX-License-Identifier: MIT */
/*
 * store_imap.c - the daemon's place in each mailbox (table imap_state):
 * the UIDVALIDITY it read the mailbox under and the highest UID done, so
 * that a restart goes on where it stopped.
 */
#include "store.h"

#include "store_priv.h"

enum cp_status
store_imap_state(struct store *st, const char *mailbox,
		 int64_t *uidvalidity_out, int64_t *last_uid_out,
		 struct cp_error *err)
{
	sqlite3_stmt *s = NULL;
	enum cp_status rc;

	*uidvalidity_out = *last_uid_out = 0;
	rc = db_row(st, &s, "read mailbox state",
		    "SELECT uidvalidity, last_uid FROM imap_state "
		    "WHERE mailbox = ?1",
		    err, "t", mailbox);
	if (rc == CP_ENOTFOUND)
		return CP_OK; /* never read */
	if (rc != CP_OK)
		return rc;
	*uidvalidity_out = sqlite3_column_int64(s, 0);
	*last_uid_out = sqlite3_column_int64(s, 1);
	db_finish(st, s);
	return CP_OK;
}

enum cp_status
store_imap_mark(struct store *st, const char *mailbox, int64_t uidvalidity,
		int64_t uid, struct cp_error *err)
{
	return db_run(st, "record mailbox state",
		      "INSERT INTO imap_state (mailbox, uidvalidity, "
		      "last_uid) VALUES (?1, ?2, ?3) ON CONFLICT (mailbox) "
		      "DO UPDATE SET last_uid = CASE WHEN uidvalidity = ?2 "
		      "THEN max(last_uid, ?3) ELSE ?3 END, uidvalidity = ?2",
		      err, "tii", mailbox, uidvalidity, uid);
}

enum cp_status
store_imap_reset(struct store *st, const char *mailbox, int64_t uidvalidity,
		 struct cp_error *err)
{
	return db_run(st, "reset mailbox state",
		      "INSERT INTO imap_state (mailbox, uidvalidity, "
		      "last_uid) VALUES (?1, ?2, 0) ON CONFLICT (mailbox) "
		      "DO UPDATE SET uidvalidity = ?2, last_uid = 0",
		      err, "ti", mailbox, uidvalidity);
}
