/* SPDX-License-Identifier: MIT */
/*
 * test_outbox.c - the outbox (schema/store_outbox.c): queue once, due,
 * sent, retried with back-off, failed, counted per hour; and whom a
 * receipt may answer (ingest/receipt_queue.c, RFC 3834).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "mime.h"
#include "receipt_queue.h"
#include "store.h"
#include "store_outbox.h"
#include "t.h"
#include "xmalloc.h"

static void
test_backoff(void)
{
	static const struct {
		int attempts;
		int64_t want;
	} t[] = {{1, 30},   {2, 60},   {3, 120},  {4, 240},   {5, 480},
		 {6, 960},  {7, 1920}, {8, 3600}, {9, 3600},  {30, 3600},
		 {1000, 3600}};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		T_INTEQ(store_outbox_backoff(t[i].attempts), t[i].want,
			"back-off");
}

static void
test_refused(void)
{
	static const struct {
		const char *header;
		const char *want; /* NULL: a receipt may go */
	} t[] = {
		{"From: a@x.org\n", NULL},
		{"From: A <A@X.org>\n", NULL},
		{"From: a@x.org\nAuto-Submitted: no\n", NULL},
		{"From: a@x.org\nAuto-Submitted: No (a person)\n", NULL},
		{"From: a@x.org\nAuto-Submitted: auto-replied\n",
		 "Auto-Submitted"},
		{"From: a@x.org\nAuto-Submitted: auto-generated\n",
		 "Auto-Submitted"},
		{"From: a@x.org\nAuto-Submitted: no; x=y\n", NULL},
		{"From: a@x.org\nAuto-Submitted:\n", "Auto-Submitted"},
		{"From: a@x.org\nPrecedence: bulk\n", "Precedence"},
		{"From: a@x.org\nPrecedence: JUNK\n", "Precedence"},
		{"From: a@x.org\nPrecedence: list\n", "Precedence"},
		{"From: a@x.org\nPrecedence: first-class\n", NULL},
		{"From: a@x.org\nList-Id: <l.x.org>\n", "List-Id"},
		{"From: MAILER-DAEMON@x.org\n", "an automatic sender"},
		{"From: postmaster@x.org\n", "an automatic sender"},
		{"From: noreply@x.org\n", "an automatic sender"},
		{"From: No-Reply@x.org\n", "an automatic sender"},
		{"From: noreplyx@x.org\n", NULL},
		{"From: c@example.org\n", "our own address"},
		{"From: C@Example.ORG\n", "our own address"},
		{"From: a@x.org, b@x.org\n", "no one sender"},
		{"Subject: none\n", "no one sender"},
	};
	struct mime_message *mm;
	struct cp_strlist errors = {0};
	const char *got;
	size_t i;
	char *raw;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		raw = xasprintf("%s\nbody\n", t[i].header);
		mm = NULL;
		mime_parse_headers(raw, strlen(raw), NULL, &mm, &errors);
		got = mm ? receipt_refused(mm, "c@example.org") : "unparsed";
		T_STREQ(got, t[i].want, t[i].header);
		mime_message_free(mm);
		free(raw);
	}
	cp_strlist_free(&errors);
}

/* A stored message row to hang receipts on. */
static int64_t
message_row(struct store *st, int n)
{
	struct ingest_opts o = {0};
	struct ingest_result r;
	struct cp_error err;
	char *raw = xasprintf("From: a@x.org\nMessage-ID: <m%d@x>\n\nhi\n", n);
	int64_t id = 0;

	if (ingest_message(st, raw, strlen(raw), &o, &r, &err) == CP_OK)
		id = r.id;
	ingest_result_clear(&r);
	free(raw);
	return id;
}

static enum cp_status
queue(struct store *st, int64_t msg, const char *kind, const char *to,
      enum store_outbox_status status, const char *created, int64_t *id)
{
	struct store_outbox o = {.message = msg,
				 .kind = (char *)kind,
				 .recipient = (char *)to,
				 .from = "c@example.org",
				 .message_id = "r@example.org",
				 .status = status,
				 .created = (char *)created,
				 .bytes = "From: x\r\n\r\nhi\r\n",
				 .len = 15};
	struct cp_error err;
	enum cp_status rc = store_outbox_queue(st, &o, &err);

	if (id)
		*id = o.id;
	return rc;
}

struct seen {
	char line[1024];
};

static int
note(const struct store_outbox *o, void *arg)
{
	struct seen *s = arg;
	size_t n = strlen(s->line);

	snprintf(s->line + n, sizeof(s->line) - n, "%s%lld:%s:%s:%d%s",
		 n ? " " : "", (long long)o->id, o->kind,
		 store_outbox_status_name(o->status), o->attempts,
		 o->bytes && o->len == 15 ? "+bytes" : "");
	return 0;
}

static const char *
due(struct store *st, const char *now)
{
	static struct seen s;
	struct cp_error err;

	s.line[0] = '\0';
	T_INTEQ(store_outbox_due(st, now, 0, note, &s, &err), CP_OK, "due");
	return s.line;
}

static const char *
list(struct store *st, int status)
{
	static struct seen s;
	struct cp_error err;

	s.line[0] = '\0';
	T_INTEQ(store_outbox_list(st, status, note, &s, &err), CP_OK, "list");
	return s.line;
}

/* A receipt's ID: its message's row times 8 plus its kind's number. */
static void
test_id(void)
{
	static const struct {
		int64_t message;
		const char *kind;
		int64_t want;
	} t[] = {
		{1, "applied", 8},  {1, "rejected", 9},   {1, "held", 10},
		{1, "accepted", 11}, {1, "dropped", 12},  {1000, "held", 8002},
		{1, "Applied", -1}, {1, "bogus", -1},     {1, NULL, -1},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		T_CHECK(store_outbox_id(t[i].message, t[i].kind) == t[i].want,
			"ID of %lld %s", (long long)t[i].message,
			t[i].kind ? t[i].kind : "NULL");
}

static void
test_store(const char *dir)
{
	char *path = xasprintf("%s/outbox.db", dir);
	struct store *st = NULL;
	struct store_outbox got;
	struct cp_error err;
	int64_t m1, m2, m3, a, b, c, n;
	int failed = -1;

	T_INTEQ(store_open(path, STORE_CREATE, &st, &err), CP_OK, "create");
	if (st == NULL)
		return;
	m1 = message_row(st, 1);
	m2 = message_row(st, 2);
	m3 = message_row(st, 3);
	T_CHECK(m1 && m2 && m3, "three messages");

	T_INTEQ(queue(st, m1, "applied", "a@x.org", OUTBOX_QUEUED,
		      "2026-01-01T10:00:00Z", &a),
		CP_OK, "queue");
	/* never twice: (message, kind) is unique */
	T_INTEQ(queue(st, m1, "applied", "a@x.org", OUTBOX_QUEUED,
		      "2026-01-01T10:00:01Z", NULL),
		CP_EEXIST, "queue the same kind again");
	T_INTEQ(queue(st, m1, "accepted", "a@x.org", OUTBOX_QUEUED,
		      "2026-01-01T10:00:05Z", &b),
		CP_OK, "a second kind");
	T_INTEQ(queue(st, m2, "held", "A@X.ORG", OUTBOX_SUPPRESSED,
		      "2026-01-01T10:30:00Z", NULL),
		CP_OK, "suppressed");
	T_INTEQ(queue(st, m3, "rejected", "b@x.org", OUTBOX_QUEUED,
		      "2026-01-01T09:00:00Z", &c),
		CP_OK, "another address");
	T_INTEQ(queue(st, m3, "bogus", "b@x.org", OUTBOX_QUEUED,
		      "2026-01-01T09:00:00Z", NULL),
		CP_EINVAL, "an unknown kind");

	/* bytes: NULL until built, then saved once and kept */
	{
		struct store_outbox o = {.message = m2,
					 .kind = "dropped",
					 .recipient = "d@x.org",
					 .from = "c@example.org",
					 .message_id = "d@example.org",
					 .status = OUTBOX_SUPPRESSED,
					 .created = "2026-01-01T08:00:00Z"};
		T_INTEQ(store_outbox_queue(st, &o, &err), CP_OK,
			"queue without bytes");
		T_INTEQ(store_outbox_by_id(st, o.id, &got, &err), CP_OK,
			"by id");
		T_CHECK(got.bytes == NULL, "no bytes yet");
		T_STREQ(got.from, "c@example.org", "from kept");
		store_outbox_clear(&got);
		T_INTEQ(store_outbox_set_bytes(st, o.id, "one", 3, &err), CP_OK,
			"save bytes");
		T_INTEQ(store_outbox_set_bytes(st, o.id, "two", 3, &err), CP_OK,
			"save bytes again");
		store_outbox_by_id(st, o.id, &got, &err);
		T_STREQ(got.bytes, "one", "the first bytes stay");
		store_outbox_clear(&got);
		T_INTEQ(store_outbox_by_id(st, 999, &got, &err), CP_ENOTFOUND,
			"by id, none");
	}

	/* per hour: queued or sent, case ignored, suppressed not counted */
	T_INTEQ(store_outbox_count_since(st, "a@X.org", "2026-01-01T09:30:00Z",
					 &n, &err),
		CP_OK, "count");
	T_INTEQ(n, 2, "receipts to a@x.org since 09:30");
	store_outbox_count_since(st, "a@x.org", "2026-01-01T10:00:02Z", &n,
				 &err);
	T_INTEQ(n, 1, "since 10:00:02");
	store_outbox_count_since(st, "b@x.org", "2026-01-01T09:30:00Z", &n,
				 &err);
	T_INTEQ(n, 0, "b@x.org since 09:30");

	/* due: queued, next attempt come, oldest first, with bytes */
	T_STREQ(due(st, "2026-01-01T08:00:00Z"), "", "nothing due at 08:00");
	T_STREQ(due(st, "2026-01-01T10:00:00Z"),
		"25:rejected:queued:0+bytes 8:applied:queued:0+bytes",
		"due at 10:00");

	/* a temporary failure: the next attempt 30 s later, then 60 s */
	T_INTEQ(store_outbox_retry(st, a, "2026-01-01T10:00:10Z", "421 busy",
				   &failed, &err),
		CP_OK, "retry");
	T_INTEQ(failed, 0, "not failed");
	T_STREQ(due(st, "2026-01-01T10:00:39Z"),
		"25:rejected:queued:0+bytes 11:accepted:queued:0+bytes",
		"retried one not due before 30 s");
	T_STREQ(due(st, "2026-01-01T10:00:40Z"),
		"25:rejected:queued:0+bytes 11:accepted:queued:0+bytes "
		"8:applied:queued:1+bytes",
		"due after 30 s");
	store_outbox_retry(st, a, "2026-01-01T10:00:40Z", "421 busy", &failed,
			   &err);
	T_STREQ(due(st, "2026-01-01T10:01:39Z"),
		"25:rejected:queued:0+bytes 11:accepted:queued:0+bytes",
		"the second retry waits 60 s");
	T_INTEQ(store_outbox_get(st, m1, "applied", &got, &err), CP_OK, "get");
	T_STREQ(got.next_attempt, "2026-01-01T10:01:40Z", "next attempt");
	T_STREQ(got.last_error, "421 busy", "last error");
	T_INTEQ(got.attempts, 2, "attempts");
	T_INTEQ(got.len, 15, "bytes");
	T_STREQ(got.orig_message_id, "m1@x", "the answered Message-ID");
	store_outbox_clear(&got);
	T_INTEQ(store_outbox_get(st, m2, "applied", &got, &err), CP_ENOTFOUND,
		"get none");

	/* 5 days after its creation, a temporary failure fails it */
	T_INTEQ(store_outbox_retry(st, a, "2026-01-06T09:59:59Z", "421 busy",
				   &failed, &err),
		CP_OK, "retry before 5 days");
	T_INTEQ(failed, 0, "not yet failed");
	T_INTEQ(store_outbox_retry(st, a, "2026-01-06T10:00:00Z", "421 busy",
				   &failed, &err),
		CP_OK, "retry at 5 days");
	T_INTEQ(failed, 1, "failed after 5 days");
	store_outbox_get(st, m1, "applied", &got, &err);
	T_STREQ(store_outbox_status_name(got.status), "failed", "status");
	T_STREQ(got.last_error, "gave up after 5 days: 421 busy", "why");
	T_STREQ(got.next_attempt, NULL, "no next attempt");
	store_outbox_clear(&got);
	T_INTEQ(store_outbox_retry(st, a, "2026-01-06T10:00:00Z", "x", NULL,
				   &err),
		CP_ENOTFOUND, "retry a failed one");

	/* a permanent refusal, and one sent */
	T_INTEQ(store_outbox_fail(st, c, "2026-01-01T10:02:00Z",
				  "550 no such user", &err),
		CP_OK, "fail");
	T_INTEQ(store_outbox_mark_sent(st, b, "2026-01-01T10:03:00Z", &err),
		CP_OK, "sent");
	T_INTEQ(store_outbox_mark_sent(st, b, "2026-01-01T10:03:00Z", &err),
		CP_ENOTFOUND, "sent twice");
	store_outbox_get(st, m1, "accepted", &got, &err);
	T_STREQ(got.sent_at, "2026-01-01T10:03:00Z", "sent at");
	store_outbox_clear(&got);
	store_outbox_get(st, m3, "rejected", &got, &err);
	T_STREQ(got.last_error, "550 no such user", "the server's answer");
	store_outbox_clear(&got);
	T_STREQ(due(st, "2030-01-01T00:00:00Z"), "", "nothing queued");
	/* oldest first: by the time queued */
	T_STREQ(list(st, -1),
		"20:dropped:suppressed:0 25:rejected:failed:1 "
		"8:applied:failed:4 11:accepted:sent:0 18:held:suppressed:0",
		"list");
	T_STREQ(list(st, OUTBOX_FAILED), "25:rejected:failed:1 8:applied:failed:4",
		"list failed");
	T_STREQ(list(st, OUTBOX_QUEUED), "", "list queued");
	T_INTEQ(store_outbox_status_parse("suppressed"), OUTBOX_SUPPRESSED,
		"parse");
	T_INTEQ(store_outbox_status_parse("Sent"), -1, "parse, case");

	/* only each address's last hour is kept for the count: a receipt at
	 * 11:00:04 drops those before 10:00:04 */
	T_INTEQ(queue(st, m3, "accepted", "a@x.org", OUTBOX_QUEUED,
		      "2026-01-01T11:00:04Z", NULL),
		CP_OK, "an hour later");
	store_outbox_count_since(st, "a@x.org", "2026-01-01T10:00:05Z", &n,
				 &err);
	T_INTEQ(n, 2, "the last hour's");
	store_outbox_count_since(st, "a@x.org", "2000-01-01T00:00:00Z", &n,
				 &err);
	T_INTEQ(n, 2, "the one before the last hour no longer kept");
	store_outbox_count_since(st, "b@x.org", "2000-01-01T00:00:00Z", &n,
				 &err);
	T_INTEQ(n, 1, "another address's kept");
	store_close(st);
	unlink(path);
	free(path);
}

int
main(void)
{
	char tmpl[] = "/tmp/test_outbox.XXXXXX";
	char *wal, *shm;

	if (mkdtemp(tmpl) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_backoff();
	test_refused();
	test_id();
	test_store(tmpl);
	wal = xasprintf("%s/outbox.db-wal", tmpl);
	shm = xasprintf("%s/outbox.db-shm", tmpl);
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
	rmdir(tmpl);
	return t_done("test_outbox");
}
