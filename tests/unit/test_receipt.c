/* SPDX-License-Identifier: MIT */
/*
 * test_receipt.c - receipts (ingest/receipt.h): the subject rule, header
 * encoding, quoted-printable, the date, the Message-ID, the body of each
 * outcome and the whole message, from tables.
 *
 * With a folder as argument, writes the messages of the python cases
 * there instead (N.eml, with N.subject and N.body the subject and body a
 * reader must decode, N.refs the References expected or nothing):
 * tests/sh/receipt.sh has Python's email package read them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp.h"
#include "message.h"
#include "receipt.h"
#include "t.h"
#include "xmalloc.h"

/* ---- the subject ---- */

static const struct {
	const char *in, *want;
} subjects[] = {
	{"Update of our mandates", "Re: Update of our mandates"},
	{"Re: Update", "Re: Update"},
	{"RE: re:Re :Update", "Re: Update"},
	{"Re:Re:  two spaces kept", "Re: two spaces kept"},
	{"  rE\t:  x", "Re: x"},
	{"Return of the mandate", "Re: Return of the mandate"},
	{"Re", "Re: Re"},
	{"Re: Re", "Re: Re"},
	{"Re:", "Re: (no subject)"},
	{"", "Re: (no subject)"},
	{NULL, "Re: (no subject)"},
	{"Fwd: Re: x", "Re: Fwd: Re: x"},
	{"Re[2]: x", "Re: Re[2]: x"},
	{"AW: x", "Re: AW: x"},
	{"a\tb\rc\nd\x7f" "e  ", "Re: a b c d e"},
	{"Re: Mise à jour", "Re: Mise à jour"},
	/* bytes that are not UTF-8 become U+FFFD; C1 controls spaces */
	{"a\xff b\xc3", "Re: a\xef\xbf\xbd b\xef\xbf\xbd"},
	{"a\xc2\x85" "b", "Re: a b"},
};

static void
test_subjects(void)
{
	size_t i;

	for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
		struct cp_buf b = {0};

		receipt_subject(subjects[i].in, &b);
		T_STREQ(b.s, subjects[i].want,
			subjects[i].in ? subjects[i].in : "(null)");
		cp_buf_free(&b);
	}
}

/* ---- header fields ---- */

#define A40 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const struct {
	const char *value, *want;
} headers[] = {
	{"Re: Update", "Subject: Re: Update\r\n"},
	/* folded at white space before 78 columns */
	{"Re: " A40 " " A40,
	 "Subject: Re: " A40 "\r\n " A40 "\r\n"},
	/* non-ASCII: encoded words after the ASCII words before it */
	{"Re: Mise à jour",
	 "Subject: Re: Mise =?UTF-8?B?w6Agam91cg==?=\r\n"},
	{"Re: 网络犯罪", "Subject: Re: =?UTF-8?B?572R57uc54qv572q?=\r\n"},
	/* long: one encoded word a line, none over 75, no line holding one
	   over 76 (RFC 2047 §2), characters whole */
	{"Re: 联合国毒品和犯罪问题办公室负责打击网络犯罪的全球方案联合国毒品",
	 "Subject: Re: =?UTF-8?B?6IGU5ZCI5Zu95q+S5ZOB5ZKM54qv572q6Zeu6aKY5Yqe5YWs?=\r\n"
	 " =?UTF-8?B?5a6k6LSf6LSj5omT5Ye7572R57uc54qv572q55qE5YWo55CD5pa55qGI6IGU?=\r\n"
	 " =?UTF-8?B?5ZCI5Zu95q+S5ZOB?=\r\n"},
	/* the ASCII words before, then the rest: the first line stops at 76 */
	{"Re: Mise à jour du compendium : HCDH / OHCHR",
	 "Subject: Re: Mise =?UTF-8?B?w6Agam91ciBkdSBjb21wZW5kaXVtIDogSENESCAvIE9I?=\r\n"
	 " =?UTF-8?B?Q0hS?=\r\n"},
	/* text a reader would decode is encoded, so it reads as written */
	{"Re: =?UTF-8?Q?x?=", "Subject: Re: =?UTF-8?B?PT9VVEYtOD9RP3g/PQ==?=\r\n"},
	/* a control character never reaches the header as it is */
	{"Re: a\r\nBcc: x", "Subject: Re: =?UTF-8?B?YQ0KQmNjOiB4?=\r\n"},
};

static void
test_headers(void)
{
	size_t i;

	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		struct cp_buf b = {0};

		receipt_header(&b, "Subject", headers[i].value);
		T_STREQ(b.s, headers[i].want, headers[i].value);
		cp_buf_free(&b);
	}
}

/* ---- quoted-printable, 7bit ---- */

#define A75 A40 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const struct {
	const char *in, *want;
	int is_7bit;
} qps[] = {
	{"plain\n", "plain\r\n", 1},
	{"a=b\n", "a=3Db\r\n", 1},
	{"trailing \n", "trailing=20\r\n", 1},
	{"tab\t\nnext\n", "tab=09\r\nnext\r\n", 1},
	{"in side\tx\n", "in side\tx\r\n", 1},
	{"é\n", "=C3=A9\r\n", 0},
	{"\n\n", "\r\n\r\n", 1},
	{"no end", "no end\r\n", 1},
	{"cr\rx\n", "cr=0Dx\r\n", 0},
	/* 76 characters fit; 77 get a soft break at 75 */
	{A75 "b\n", A75 "b\r\n", 1},
	{A75 "bc\n", A75 "=\r\nbc\r\n", 1},
	/* an =XX is never cut */
	{A40 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "é\n",
	 A40 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\n=C3=A9\r\n", 0},
	/* a space before a soft break is not at the end of a line */
	{A75 " x\n", A75 "=\r\n x\r\n", 1},
	{A75 " \n", A75 "=\r\n=20\r\n", 1},
};

static void
test_qp(void)
{
	size_t i;
	char *longline;

	for (i = 0; i < sizeof(qps) / sizeof(qps[0]); i++) {
		struct cp_buf b = {0};

		receipt_qp(qps[i].in, strlen(qps[i].in), &b);
		T_STREQ(b.s, qps[i].want, qps[i].in);
		T_INTEQ(receipt_is_7bit(qps[i].in, strlen(qps[i].in)),
			qps[i].is_7bit, qps[i].in);
		cp_buf_free(&b);
	}
	/* a line of 998 octets may go as 7bit, one of 999 may not */
	longline = xmalloc(1001);
	memset(longline, 'x', 1000);
	longline[998] = '\n';
	T_INTEQ(receipt_is_7bit(longline, 999), 1, "998 octets");
	longline[998] = 'x';
	longline[999] = '\n';
	T_INTEQ(receipt_is_7bit(longline, 1000), 0, "999 octets");
	free(longline);
}

/* ---- the date, the Message-ID ---- */

static void
test_date_and_id(void)
{
	struct cp_buf b = {0}, c = {0};
	const char *sha = "0f343b0931126a20f133d67c2b018a3b"
			  "5a5b3fa8a3bd2ab3b7a1e5b3e3f7f1aa";

	receipt_date(1796528000, &b);
	T_STREQ(b.s, "Sun, 06 Dec 2026 03:33:20 +0000", "date");
	b.len = 0;
	receipt_date(951782400, &b);
	T_STREQ(b.s, "Tue, 29 Feb 2000 00:00:00 +0000", "date, leap day");
	b.len = 0;

	T_INTEQ(receipt_message_id(RECEIPT_APPLIED, sha,
				   "UN Compendium <compendium@example.org>",
				   &b),
		CP_OK, "message id");
	T_INTEQ(receipt_message_id(RECEIPT_APPLIED, sha,
				   "compendium@example.org", &c),
		CP_OK, "message id, bare address");
	T_STREQ(b.s, c.s, "the same message and kind: the same id");
	T_CHECK(strncmp(b.s, "receipt.applied.", 16) == 0 &&
			strlen(b.s) == 16 + 32 + 1 + 11 &&
			strcmp(b.s + 16 + 32, "@example.org") == 0,
		"%s", b.s);
	c.len = 0;
	receipt_message_id(RECEIPT_ACCEPTED, sha, "compendium@example.org",
			   &c);
	T_CHECK(strcmp(b.s + 16, c.s + 17) != 0, "kinds differ: %s %s", b.s,
		c.s);
	c.len = 0;
	receipt_message_id(RECEIPT_APPLIED, "1f343b", "compendium@example.org",
			   &c);
	T_CHECK(strcmp(b.s, c.s) != 0, "messages differ: %s %s", b.s, c.s);
	T_INTEQ(receipt_message_id(RECEIPT_APPLIED, sha, "compendium", &c),
		CP_EINVAL, "no domain");
	cp_buf_free(&b);
	cp_buf_free(&c);
}

/* ---- bodies and messages ---- */

static struct store_revision *
rev(const char *code, const char *mandate, const char *title,
    const char *summary, int withdrawn)
{
	struct store_revision *r = xcalloc(1, sizeof(*r));

	r->f[FIELD_ENTITY] = xstrdup(code);
	r->f[FIELD_MANDATE] = xstrdup(mandate);
	r->f[FIELD_TITLE] = title ? xstrdup(title) : NULL;
	r->f[FIELD_SUMMARY] = summary ? xstrdup(summary) : NULL;
	r->f[FIELD_REASON] = xstrdup("a reason, never shown as the entry");
	r->withdrawn = withdrawn;
	return r;
}

static void
rev_free(struct store_revision *r)
{
	store_revision_clear(r);
	free(r);
}

/* The revisions the cases point to, made once. */
static struct store_revision *m1_old, *m1_new, *m2, *w1_old, *w1_new, *m4;

static void
make_revisions(void)
{
	m1_old = rev("UNODC", "M1", "Repository", "Old words here.", 0);
	m1_new = rev("UNODC", "M1", "Repository", "New words here.", 0);
	m2 = rev("UNODC", "M2", "Coopération internationale",
		 "网络犯罪 and more.\n\nSecond paragraph.", 0);
	w1_old = rev("ITU", "W1", "T", "S", 0);
	w1_new = rev("ITU", "W1", "T", "S", 1);
	m4 = rev("UNODC", "M4", "Four", "Unchanged.", 0);
}

static void
free_revisions(void)
{
	rev_free(m1_old);
	rev_free(m1_new);
	rev_free(m2);
	rev_free(w1_old);
	rev_free(w1_new);
	rev_free(m4);
}

#define SHA "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define FROM "UN Compendium <compendium@example.org>"
/* the first 32 hex digits of SHA-256("compendium receipt\0applied\0" SHA) */
#define MSGID_HEX "4468ce97278924ac7a8a7e2870368ab6"

static void
base_receipt(struct receipt *r, enum receipt_kind k)
{
	memset(r, 0, sizeof(*r));
	r->kind = k;
	r->from = FROM;
	r->to = "alice@unodc.org";
	r->subject = "Update of our mandates";
	r->message_id = "CAF1234@mail.unodc.org";
	r->references = "<a@x.org>\r\n <b@y.org>";
	r->message_sha256 = SHA;
	r->date = 1796528000;
}

#define TAIL_INTRO                                                          \
	"\nThe entries as they stand now (this text, mailed back as it is,\n" \
	"changes nothing):\n"

static void
test_bodies(void)
{
	struct receipt_entry applied[4] = {
		{"UNODC", "M1", RECEIPT_UPDATE, 12, NULL, NULL},
		{"UNODC", "M2", RECEIPT_NEW, 13, NULL, NULL},
		{"ITU", "W1", RECEIPT_WITHDRAW, 14, NULL, NULL},
		{"UNODC", "M4", RECEIPT_UNCHANGED, 0, NULL, NULL},
	};
	struct receipt_entry named[2] = {
		{"UNODC", "M1", RECEIPT_NONE, 0, NULL, NULL},
		{"UN-Women", "NEW-1", RECEIPT_NONE, 0, NULL, NULL},
	};
	struct cp_strlist errs = {0};
	struct receipt r;
	struct cp_buf b = {0};

	applied[0].before = m1_old;
	applied[0].now = m1_new;
	applied[1].now = m2;
	applied[2].before = w1_old;
	applied[2].now = w1_new;
	applied[3].now = m4;
	named[0].now = m1_new;

	base_receipt(&r, RECEIPT_APPLIED);
	r.entries = applied;
	r.nentries = 4;
	receipt_body(&r, &b);
	T_STREQ(b.s,
		"Applied.\n\n"
		"UNODC/M1: update, change 12\n"
		"    Summary:\n"
		"      [-Old-]{+New+} words here.\n"
		"UNODC/M2: new, change 13\n"
		"    Status: (none) -> current\n"
		"    Title:\n"
		"      + Coopération internationale\n"
		"    Summary:\n"
		"      + 网络犯罪 and more.\n"
		"\n"
		"      + Second paragraph.\n"
		"ITU/W1: withdraw, change 14\n"
		"    Status: current -> withdrawn\n"
		"UNODC/M4: unchanged\n" TAIL_INTRO "\n"
		"Entity: UNODC\nMandate: M1\nTitle: Repository\n"
		"Summary: New words here.\n\n"
		"Entity: UNODC\nMandate: M2\nTitle: Coopération internationale\n"
		"Summary: 网络犯罪 and more.\n .\n Second paragraph.\n\n"
		"ITU/W1: withdrawn.\n\n"
		"Entity: UNODC\nMandate: M4\nTitle: Four\nSummary: Unchanged.\n",
		"applied");

	b.len = 0;
	r.kind = RECEIPT_ACCEPTED;
	r.nentries = 1;
	receipt_body(&r, &b);
	T_STREQ(b.s,
		"Applied after review.\n\n"
		"UNODC/M1: update, change 12\n"
		"    Summary:\n"
		"      [-Old-]{+New+} words here.\n" TAIL_INTRO "\n"
		"Entity: UNODC\nMandate: M1\nTitle: Repository\n"
		"Summary: New words here.\n",
		"accepted");

	b.len = 0;
	base_receipt(&r, RECEIPT_REJECTED);
	cp_strlist_add(&errs, "body line 6: UN-Women/NEW-1: Areas: unknown "
			      "area \"advocacy\" (known: legal, policy, "
			      "technical, capacity-building, cooperation)");
	cp_strlist_add(&errs, "body line 9: UNODC/M1: Adopted: bad date");
	r.errors = &errs;
	r.entries = named;
	r.nentries = 2;
	receipt_body(&r, &b);
	T_STREQ(b.s,
		"Rejected: nothing was changed.\n\n"
		"    body line 6: UN-Women/NEW-1: Areas: unknown area "
		"\"advocacy\" (known: legal, policy, technical, "
		"capacity-building, cooperation)\n"
		"    body line 9: UNODC/M1: Adopted: bad date\n"
		"\nPlease send the corrected update in a new message.\n"
		TAIL_INTRO "\n"
		"Entity: UNODC\nMandate: M1\nTitle: Repository\n"
		"Summary: New words here.\n\n"
		"UN-Women/NEW-1: not in the compendium.\n",
		"rejected");

	b.len = 0;
	base_receipt(&r, RECEIPT_HELD);
	r.reason = "alice@unodc.org is not a focal point of UN-Women";
	receipt_body(&r, &b);
	T_STREQ(b.s,
		"Held for review by the maintainers.\n\n"
		"    alice@unodc.org is not a focal point of UN-Women\n\n"
		"Nothing is changed until a maintainer accepts it; you will "
		"hear back.\n",
		"held, no entries");

	b.len = 0;
	base_receipt(&r, RECEIPT_DROPPED);
	r.reason = "not your entity's mandate";
	receipt_body(&r, &b);
	T_STREQ(b.s,
		"Rejected after review: not your entity's mandate\n"
		"\nNothing was changed.\n",
		"dropped");
	b.len = 0;
	r.reason = NULL;
	receipt_body(&r, &b);
	T_STREQ(b.s,
		"Rejected after review: no reason given.\n"
		"\nNothing was changed.\n",
		"dropped without a reason");
	cp_strlist_free(&errs);
	cp_buf_free(&b);
}

static void
test_message(void)
{
	struct receipt_entry e = {"UNODC", "M1", RECEIPT_UPDATE, 12, NULL,
				  NULL};
	struct receipt r;
	struct cp_buf b = {0};
	struct cp_error err;

	e.before = m1_old;
	e.now = m1_new;
	base_receipt(&r, RECEIPT_APPLIED);
	r.entries = &e;
	r.nentries = 1;
	T_INTEQ(receipt_build(&r, &b, &err), CP_OK, "build");
	T_STREQ(b.s,
		"From: UN Compendium <compendium@example.org>\r\n"
		"To: alice@unodc.org\r\n"
		"Subject: Re: Update of our mandates\r\n"
		"Date: Sun, 06 Dec 2026 03:33:20 +0000\r\n"
		"Message-ID: <receipt.applied." MSGID_HEX "@example.org>\r\n"
		"In-Reply-To: <CAF1234@mail.unodc.org>\r\n"
		"References: <a@x.org> <b@y.org> <CAF1234@mail.unodc.org>\r\n"
		"Auto-Submitted: auto-replied\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n"
		"Content-Transfer-Encoding: 7bit\r\n"
		"\r\n"
		"Applied.\r\n\r\n"
		"UNODC/M1: update, change 12\r\n"
		"    Summary:\r\n"
		"      [-Old-]{+New+} words here.\r\n"
		"\r\n"
		"The entries as they stand now (this text, mailed back as it "
		"is,\r\n"
		"changes nothing):\r\n"
		"\r\n"
		"Entity: UNODC\r\nMandate: M1\r\nTitle: Repository\r\n"
		"Summary: New words here.\r\n",
		"whole message");

	/* no Message-ID (or one that cannot be written): no In-Reply-To,
	   no References */
	b.len = 0;
	r.message_id = "has space";
	T_INTEQ(receipt_build(&r, &b, &err), CP_OK, "build");
	T_CHECK(strstr(b.s, "In-Reply-To") == NULL &&
			strstr(b.s, "References") == NULL,
		"%s", b.s);
	b.len = 0;
	r.message_id = NULL;
	T_INTEQ(receipt_build(&r, &b, &err), CP_OK, "build");
	T_CHECK(strstr(b.s, "In-Reply-To") == NULL &&
			strstr(b.s, "References") == NULL,
		"%s", b.s);

	/* non-ASCII: quoted-printable */
	b.len = 0;
	e.now = m2;
	e.before = NULL;
	e.action = RECEIPT_NEW;
	T_INTEQ(receipt_build(&r, &b, &err), CP_OK, "build");
	T_CHECK(strstr(b.s, "Content-Transfer-Encoding: quoted-printable\r\n"
			    "\r\n") != NULL &&
			strstr(b.s, "Coop=C3=A9ration") != NULL,
		"%s", b.s);

	/* a body byte that is not UTF-8 goes as U+FFFD */
	b.len = 0;
	r.kind = RECEIPT_HELD;
	r.reason = "bad \xff byte";
	T_INTEQ(receipt_build(&r, &b, &err), CP_OK, "build");
	T_CHECK(strstr(b.s, "    bad =EF=BF=BD byte\r\n") != NULL, "%s", b.s);

	/* refused: nothing written */
	b.len = 0;
	cp_buf_adds(&b, "kept");
	r.to = "alice@unodc.org\r\nBcc: eve@x.org";
	T_INTEQ(receipt_build(&r, &b, &err), CP_EINVAL, "CRLF in To");
	r.to = "alice@unodc.org";
	r.from = "compendium";
	T_INTEQ(receipt_build(&r, &b, &err), CP_EINVAL, "From without domain");
	r.from = "Compendium <compendium@exämple.org>";
	T_INTEQ(receipt_build(&r, &b, &err), CP_EINVAL, "From not ASCII");
	r.from = FROM;
	r.message_sha256 = NULL;
	T_INTEQ(receipt_build(&r, &b, &err), CP_EINVAL, "no SHA-256");
	T_STREQ(b.s, "kept", "nothing written when refused");
	cp_buf_free(&b);
}

/* ---- mailed back as it is, a receipt changes nothing ---- */

/*
 * The whole receipt, bytes as sent, read by the project's own parser
 * (message_parse(): quoted-printable, the text stage, the entries): the
 * entries found are exactly the current ones it shows, with their own
 * fields as stored, and nothing of the diffs, errors or names around them.
 */
static void
test_mailed_back(void)
{
	struct receipt_entry e[4] = {
		{"UNODC", "M1", RECEIPT_UPDATE, 12, NULL, NULL},
		{"UNODC", "M2", RECEIPT_NEW, 13, NULL, NULL},
		{"ITU", "W1", RECEIPT_WITHDRAW, 14, NULL, NULL},
		{"UNODC", "M4", RECEIPT_UNCHANGED, 0, NULL, NULL},
	};
	const struct store_revision *want[3];
	struct message_parsed p = {0};
	struct cp_strlist errs = {0};
	struct cp_limits lim;
	struct cp_error err;
	struct cp_buf b = {0};
	struct receipt r;
	size_t i;
	int f, k;

	e[0].before = m1_old;
	e[0].now = m1_new;
	e[1].now = m2;
	e[2].before = w1_old;
	e[2].now = w1_new;
	e[3].now = m4;
	want[0] = m1_new;
	want[1] = m2;
	want[2] = m4;
	cp_limits_default(&lim);
	cp_strlist_add(&errs, "body line 2: UNODC/M1: Title: cannot be "
			      "cleared");
	for (k = 0; k < RECEIPT_NKINDS; k++) {
		base_receipt(&r, (enum receipt_kind)k);
		r.entries = e;
		r.nentries = 4;
		r.errors = &errs;
		r.reason = "Entity: UNODC";
		b.len = 0;
		T_INTEQ(receipt_build(&r, &b, &err), CP_OK, "build");
		message_parse(b.s, b.len, &lim, &p);
		T_INTEQ(p.errors.n, 0, receipt_kind_name(r.kind));
		T_INTEQ(p.entries.n, 3, receipt_kind_name(r.kind));
		for (i = 0; i < p.entries.n && i < 3; i++)
			for (f = 0; f < FIELD_COUNT; f++)
				T_STREQ(p.entries.v[i].val[f],
					FIELD_INFO(f)->flags &
							(FIELD_OWN | FIELD_KEY)
						? want[i]->f[f]
						: NULL,
					field_name(f));
		message_parsed_free(&p);
		memset(&p, 0, sizeof(p));
	}
	cp_strlist_free(&errs);
	cp_buf_free(&b);
}

/* ---- messages for Python's email package ---- */

static void
put(const char *dir, int n, const char *ext, const char *s, size_t len)
{
	char path[1024];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%d.%s", dir, n, ext);
	fp = fopen(path, "wb");
	T_CHECK(fp != NULL, "write %s", path);
	if (fp == NULL)
		return;
	fwrite(s, 1, len, fp);
	fclose(fp);
}

static void
python_case(const char *dir, int n, const struct receipt *r)
{
	struct cp_buf b = {0};
	struct cp_error err;
	const char *p, *lt, *gt;

	T_INTEQ(receipt_build(r, &b, &err), CP_OK, "python case");
	put(dir, n, "eml", b.s, b.len);
	b.len = 0;
	receipt_subject(r->subject, &b);
	put(dir, n, "subject", b.s, b.len);
	b.len = 0;
	receipt_body(r, &b);
	put(dir, n, "body", b.s, b.len);
	b.len = 0;
	if (r->message_id) {
		for (p = r->references; p && (lt = strchr(p, '<')) &&
					(gt = strchr(lt, '>'));
		     p = gt + 1) {
			cp_buf_add(&b, lt, (size_t)(gt - lt) + 1);
			cp_buf_addc(&b, ' ');
		}
		cp_buf_addf(&b, "<%s>", r->message_id);
	}
	put(dir, n, "refs", b.s ? b.s : "", b.len);
	b.len = 0;
	receipt_message_id(r->kind, r->message_sha256, r->from, &b);
	put(dir, n, "msgid", b.s, b.len);
	cp_buf_free(&b);
}

static void
python_cases(const char *dir)
{
	struct store_revision *ar = rev(
		"ESCWA", "E/ESCWA/2023/1", "الأمن السيبراني",
		"تعزيز القدرات الوطنية في مجال الأمن السيبراني ومكافحة "
		"الجريمة السيبرانية في الدول العربية، بما في ذلك وضع "
		"الاستراتيجيات الوطنية وتدريب الموظفين.\n\nفقرة ثانية.",
		0);
	struct receipt_entry e[3] = {
		{"UNODC", "M1", RECEIPT_UPDATE, 12, m1_old, m1_new},
		{"UNODC", "M2", RECEIPT_NEW, 13, NULL, m2},
		{"ESCWA", "E/ESCWA/2023/1", RECEIPT_NEW, 14, NULL, ar},
	};
	struct cp_strlist errs = {0};
	struct cp_buf refs = {0}, lng = {0};
	struct receipt r;
	int i, n = 0;

	base_receipt(&r, RECEIPT_APPLIED); /* ASCII: 7bit */
	r.entries = e;
	r.nentries = 1;
	python_case(dir, n++, &r);

	r.subject = "Re: RE: Mise à jour des mandats de la CESAO"; /* QP */
	r.nentries = 3;
	python_case(dir, n++, &r);

	base_receipt(&r, RECEIPT_REJECTED);
	r.subject = "联合国毒品和犯罪问题办公室负责打击网络犯罪的全球方案："
		    "更新 تحديث الولايات";
	cp_strlist_add(&errs, "body line 4: ESCWA/E/ESCWA/2023/1: Areas: "
			      "unknown area \"الأمن\"");
	r.errors = &errs;
	r.entries = e + 2;
	r.nentries = 1;
	python_case(dir, n++, &r);

	base_receipt(&r, RECEIPT_HELD); /* a line over 998 octets: QP */
	for (i = 0; i < 150; i++)
		cp_buf_adds(&lng, "because ");
	r.reason = lng.s;
	python_case(dir, n++, &r);

	base_receipt(&r, RECEIPT_DROPPED); /* folding, encoded-word look */
	for (i = 0; i < 20; i++)
		cp_buf_addf(&refs, " <msg%d.abcdefghijklmnop@mail.example.org>",
			    i);
	r.references = refs.s;
	r.subject = "re: =?UTF-8?Q?not_encoded?= and a subject long enough "
		    "to be folded over more than one line of the header "
		    "block, ASCII only";
	r.reason = "duplicate of your message of Monday; entités inconnues";
	python_case(dir, n++, &r);

	base_receipt(&r, RECEIPT_ACCEPTED); /* no Message-ID */
	r.message_id = NULL;
	r.subject = NULL;
	r.entries = e;
	r.nentries = 2;
	python_case(dir, n++, &r);

	base_receipt(&r, RECEIPT_APPLIED); /* trailing white space */
	r.subject = "Re:Re:  trailing   ";
	r.entries = e;
	r.nentries = 1;
	r.reason = NULL;
	python_case(dir, n++, &r);

	rev_free(ar);
	cp_strlist_free(&errs);
	cp_buf_free(&refs);
	cp_buf_free(&lng);
}

int
main(int argc, char **argv)
{
	make_revisions();
	if (argc > 1) {
		python_cases(argv[1]);
		free_revisions();
		return t_done("test_receipt (python cases)");
	}
	test_subjects();
	test_headers();
	test_qp();
	test_date_and_id();
	test_bodies();
	test_message();
	test_mailed_back();
	free_revisions();
	return t_done("test_receipt");
}
