/* SPDX-License-Identifier: MIT */
/*
 * sync.c - the promise of SPEC §3 over IMAP: no message lost, none applied
 * twice.  The order that keeps it:
 *
 *   1. fetch (BODY.PEEK[]: the message stays unread and in place);
 *   2. ingest_message(): the message row, its changes and the mailbox's
 *      last UID in one transaction;
 *   3. only then move it out (MOVE, COPY + UID EXPUNGE, or \Seen), and
 *      only once its transaction is on disk: store_sync() once per batch,
 *      after its last commit and before the first command that takes any
 *      of it out (commits are not synced one by one, so an operating
 *      system crash or a power cut could otherwise undo a commit whose
 *      message has left the mailbox).
 *
 * A crash before 2 commits leaves the UID above the last one done: read
 * again.  A crash between 2 and 3 leaves it at or below: moved at the next
 * start, never read again.  A new UIDVALIDITY makes every UID a stranger:
 * all are read again, and the store's duplicate check (Message-ID, else
 * SHA-256) keeps each from being applied twice.
 */
#include "sync.h"

#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "log.h"
#include "timeutil.h"
#include "xmalloc.h"

/* A batch of BODY.PEEK[]: at most this many bytes (by RFC822.SIZE) and
 * messages, so memory stays bounded whatever the mailbox holds. */
#define BATCH_BYTES (16u * 1024 * 1024)
#define BATCH_COUNT 256

void
sync_clear(struct sync *s)
{
	free(s->done);
	s->done = NULL;
	s->ndone = s->capdone = 0;
}

static enum sync_status
imap_failed(struct sync *s, enum imap_status st)
{
	s->imap_st = st;
	return SYNC_EIMAP;
}

/*
 * Step 3's precondition: the commits of the messages about to leave the
 * mailbox are on disk (store_sync(): one fdatasync for the whole batch).
 * When the sync fails they stay where they are, as after any failure of
 * the store: the daemon retries after back-off (--once exits 5), and the
 * next start finds them at or below the last UID done and moves them
 * after a sync that went through.
 */
static enum sync_status
synced(struct sync *s, struct cp_error *err)
{
	enum cp_status rc;

	if ((rc = store_sync(s->st, err)) != CP_OK) {
		s->db_rc = rc;
		return SYNC_EDB;
	}
	return SYNC_OK;
}

/* Sync the store, then move the stored ones out; a failure of either
 * leaves them for the next start. */
static enum sync_status
move_done(struct sync *s, struct cp_error *err)
{
	enum imap_status st;
	enum sync_status ss;

	if (s->ndone == 0)
		return SYNC_OK;
	if ((ss = synced(s, err)) != SYNC_OK) {
		s->ndone = 0;
		return ss;
	}
	st = imap_move(s->im, s->done, s->ndone, s->cfg->imap_processed, err);
	s->ndone = 0;
	if (st != IMAP_OK)
		return imap_failed(s, st);
	return SYNC_OK;
}

enum sync_status
sync_start(struct sync *s, struct cp_error *err)
{
	const char *mb = s->cfg->imap_mailbox;
	int64_t uv = 0, last = 0;
	uint32_t server_uv, *left = NULL;
	size_t nleft = 0;
	enum imap_status st;
	enum cp_status rc;
	int created;

	s->ndone = 0;
	if (imap_move_kind(s->im) != IMAP_FLAG_SEEN) {
		st = imap_ensure_mailbox(s->im, s->cfg->imap_processed,
					 &created, err);
		if (st != IMAP_OK)
			return imap_failed(s, st);
		if (created)
			log_info("%s: created mailbox \"%s\"",
				 imap_where(s->im), s->cfg->imap_processed);
	}
	if ((st = imap_select(s->im, mb, &server_uv, err)) != IMAP_OK)
		return imap_failed(s, st);
	if ((rc = store_imap_state(s->st, mb, &uv, &last, err)) != CP_OK) {
		s->db_rc = rc;
		return SYNC_EDB;
	}
	if (uv != 0 && uv != (int64_t)server_uv) {
		log_warn("%s: mailbox \"%s\": UIDVALIDITY changed from %lld "
			 "to %lu: reading it again from UID 1; messages "
			 "stored before are duplicates by Message-ID or "
			 "SHA-256, never applied again, and nothing is "
			 "deleted",
			 imap_where(s->im), mb, (long long)uv,
			 (unsigned long)server_uv);
		if ((rc = store_imap_reset(s->st, mb, server_uv, err)) !=
		    CP_OK) {
			s->db_rc = rc;
			return SYNC_EDB;
		}
		last = 0;
	}
	s->uidvalidity = server_uv;
	s->last_uid = last > 0 && last <= UINT32_MAX ? (uint32_t)last : 0;

	/* Stored, but still there: moved (or flagged), not read again. */
	if ((st = imap_uids_upto(s->im, s->last_uid, &left, &nleft, err)) !=
	    IMAP_OK)
		return imap_failed(s, st);
	if (nleft > 0) {
		if (imap_move_kind(s->im) != IMAP_FLAG_SEEN)
			log_info("%s: %zu message%s at or below UID %lu "
				 "already stored, still in \"%s\": moving "
				 "them to \"%s\"",
				 imap_where(s->im), nleft,
				 nleft == 1 ? "" : "s",
				 (unsigned long)s->last_uid, mb,
				 s->cfg->imap_processed);
		/* Committed by an earlier run, maybe never synced (it was
		 * killed before its sync): synced before they leave. */
		if (synced(s, err) != SYNC_OK) {
			free(left);
			return SYNC_EDB;
		}
		st = imap_move(s->im, left, nleft, s->cfg->imap_processed, err);
		free(left);
		if (st != IMAP_OK)
			return imap_failed(s, st);
	}
	return SYNC_OK;
}

struct ctx {
	struct sync *s;
	struct cp_error *err;
};

/*
 * Where a message was read: the daemon's part of its transaction, through
 * the hooks of struct ingest_opts (only daemon/ knows IMAP).  The message
 * row's imap_uidvalidity and imap_uid are set by fill_row, just before
 * ingest inserts the row, rather than by an UPDATE from in_txn: the INSERT
 * is then the one ingest made when it set them itself, so the database is
 * the same to the byte, and the row (the raw message in it) is not written
 * a second time.  One more hook and no change to the store: the smallest
 * design that keeps it so.
 */
struct mark {
	const char *mailbox; /* borrowed: the configuration's */
	uint32_t uidvalidity;
	uint32_t uid;
};

/* ingest_opts.fill_row: the row says where the message was read. */
static void
mark_row(struct store_message *m, void *arg)
{
	const struct mark *k = arg;

	m->imap_uidvalidity = k->uidvalidity;
	m->imap_uid = k->uid;
}

/*
 * ingest_opts.in_txn: the mailbox's place moves to this UID in the
 * message's own transaction (step 2 above): stored and marked done, or
 * neither.
 */
static enum cp_status
mark_done(struct store *st, int64_t message_row, void *arg,
	  struct cp_error *err)
{
	const struct mark *k = arg;

	(void)message_row;
	return store_imap_mark(st, k->mailbox, k->uidvalidity, k->uid, err);
}

static void
log_result(const struct ingest_result *r, uint32_t uid)
{
	char now[CP_TIME_LEN];
	struct cp_buf b = {0};
	size_t i;

	cp_time_now(now);
	log_format_message(&b, now, uid, r->message_id, r->sender,
			   store_status_name(r->status), r->changes,
			   r->nchanges);
	log_info("%s", b.s);
	/* Why, below it (as `compendium ingest` prints it). */
	for (i = 0; r->status == STORE_REJECTED && i < r->errors.n; i++) {
		b.len = 0;
		log_add_text(&b, r->errors.v[i], strlen(r->errors.v[i]));
		log_info("    %s", b.s);
	}
	if (r->status == STORE_HELD && r->held_reason != NULL) {
		b.len = 0;
		log_add_text(&b, r->held_reason, strlen(r->held_reason));
		log_info("    held: %s", b.s);
	}
	cp_buf_free(&b);
}

static int
on_message(void *arg, uint32_t uid, const char *raw, size_t len)
{
	struct ctx *c = arg;
	struct sync *s = c->s;
	struct ingest_result r;
	struct ingest_opts o;
	struct mark k = {s->cfg->imap_mailbox, s->uidvalidity, uid};
	enum cp_status rc;
	char *source;

	memset(&o, 0, sizeof(o));
	o.lim = &s->cfg->limits;
	o.authserv_id = s->cfg->authserv_id;
	/* receipts queued as `compendium ingest` queues them (SPEC §7) */
	o.receipt_from = s->cfg->smtp_from;
	o.receipts = s->cfg->smtp_receipts;
	o.max_per_hour = s->cfg->smtp_max_per_hour;
	source = xasprintf("imap://%s/%s;UIDVALIDITY=%lu/;UID=%lu",
			   imap_where(s->im), s->cfg->imap_mailbox,
			   (unsigned long)s->uidvalidity, (unsigned long)uid);
	o.source = source;
	o.fill_row = mark_row;
	o.in_txn = mark_done;
	o.hook_arg = &k;
	o.whole_size = (size_t)s->whole_size;
	rc = ingest_message(s->st, raw, len, &o, &r, c->err);
	free(source);
	if (rc != CP_OK) {
		s->db_rc = rc;
		return 1;
	}
	log_result(&r, uid);
	s->count[r.status]++;
	ingest_result_clear(&r);
	if (uid > s->last_uid)
		s->last_uid = uid;
	XGROW(s->done, s->ndone + 1, s->capdone);
	s->done[s->ndone++] = uid;
	return *s->stop ? 2 : 0;
}

/* Fetch and store one batch, then move what was stored. */
static enum sync_status
batch(struct sync *s, const uint32_t *uids, size_t n, int header_only,
      struct cp_error *err)
{
	struct ctx c = {s, err};
	enum imap_status st;
	enum sync_status ss;
	size_t done;
	int stop;

	st = imap_fetch(s->im, uids, n, header_only,
			s->cfg->limits.max_header_size, on_message, &c, &done,
			&stop, err);
	if (stop == 1) {
		/* The store failed on this message: nothing of it was
		 * written; the ones before it are moved now or at the
		 * next start. */
		struct cp_error merr;

		move_done(s, &merr);
		return SYNC_EDB;
	}
	if (st != IMAP_OK) {
		struct cp_error merr;

		if (st == IMAP_ETEMP)
			return imap_failed(s, st);
		move_done(s, &merr);
		return imap_failed(s, st);
	}
	if ((ss = move_done(s, err)) != SYNC_OK)
		return ss;
	return stop ? SYNC_STOP : SYNC_OK;
}

enum sync_status
sync_new(struct sync *s, struct cp_error *err)
{
	struct imap_msg *v = NULL;
	uint32_t *uids = NULL;
	size_t n = 0, i, nb = 0;
	uint64_t bytes = 0;
	enum imap_status st;
	enum sync_status ss = SYNC_OK;
	size_t lim = s->cfg->limits.max_message_size;

	if (*s->stop)
		return SYNC_STOP;
	st = imap_list_after(s->im, s->last_uid, &v, &n, err);
	if (st != IMAP_OK)
		return imap_failed(s, st);
	uids = xcalloc(n ? n : 1, sizeof(*uids));
	for (i = 0; i < n && ss == SYNC_OK; i++) {
		if (v[i].size > lim) {
			/* Alone and header-only: never read whole. */
			if (nb > 0) {
				s->whole_size = 0;
				ss = batch(s, uids, nb, 0, err);
				nb = 0;
				bytes = 0;
				if (ss != SYNC_OK)
					break;
			}
			s->whole_size = v[i].size;
			ss = batch(s, &v[i].uid, 1, 1, err);
			s->whole_size = 0;
			continue;
		}
		if (nb > 0 &&
		    (nb == BATCH_COUNT || bytes + v[i].size > BATCH_BYTES)) {
			ss = batch(s, uids, nb, 0, err);
			nb = 0;
			bytes = 0;
			if (ss != SYNC_OK)
				break;
		}
		uids[nb++] = v[i].uid;
		bytes += v[i].size;
	}
	if (ss == SYNC_OK && nb > 0)
		ss = batch(s, uids, nb, 0, err);
	free(uids);
	free(v);
	return ss;
}
