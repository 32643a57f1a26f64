/* SPDX-License-Identifier: MIT */
/*
 * receipt_queue.c - whom a receipt answers, and its place in the outbox
 * (receipt_queue.h).
 */
#include "receipt_queue.h"

#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "auth.h"
#include "store_outbox.h"
#include "timeutil.h"
#include "utf8.h"
#include "xmalloc.h"

/* 1 when v's first word (before white space, ';' or a comment) is one of
 * words (NULL-terminated), case ignored. */
static int
first_word_is(const char *v, const char *const *words)
{
	size_t n = 0;

	while (ascii_is_wsp(*v))
		v++;
	while (v[n] != '\0' && !ascii_is_wsp(v[n]) && v[n] != ';' &&
	       v[n] != '(')
		n++;
	for (; *words != NULL; words++)
		if (ascii_span_casecmp(v, n, *words) == 0)
			return 1;
	return 0;
}

const char *
receipt_refused(const struct mime_message *mm, const char *own)
{
	static const char *const no[] = {"no", NULL};
	static const char *const bulk[] = {"bulk", "junk", "list", NULL};
	static const char *const robots[] = {"mailer-daemon", "postmaster",
					     "noreply", "no-reply", NULL};
	const char *at;

	if (mm->from_addr == NULL)
		return "no one sender";
	if (mm->auto_submitted != NULL &&
	    !first_word_is(mm->auto_submitted, no))
		return "Auto-Submitted";
	if (mm->precedence != NULL && first_word_is(mm->precedence, bulk))
		return "Precedence";
	if (mm->list_id)
		return "List-Id";
	at = strrchr(mm->from_addr, '@');
	for (size_t i = 0; robots[i] != NULL; i++)
		if (ascii_span_casecmp(mm->from_addr,
				       at ? (size_t)(at - mm->from_addr)
					  : strlen(mm->from_addr),
				       robots[i]) == 0)
			return "an automatic sender";
	if (own != NULL && utf8_casecmp(own, mm->from_addr) == 0)
		return "our own address";
	return NULL;
}

enum cp_status
receipt_recipient(struct store *st, const char *from, const char *authserv_id,
		  const struct mime_message *mm, const char **to_out,
		  struct cp_error *err)
{
	const char *why = NULL, *domain;
	enum cp_status rc;
	char *own;
	int yes = 0;

	*to_out = NULL;
	if (from == NULL || mm == NULL)
		return CP_OK;
	/* a from that is not one address can answer no one */
	own = address_from(from, strlen(from), &why);
	why = own ? receipt_refused(mm, own) : "no from";
	free(own);
	if (why != NULL)
		return CP_OK;
	if ((rc = store_outbox_focal_any(st, mm->from_addr, &yes, err)) !=
		    CP_OK ||
	    !yes)
		return rc;
	if (authserv_id != NULL && *authserv_id) {
		domain = strrchr(mm->from_addr, '@');
		if (domain == NULL ||
		    !auth_domain_confirmed(&mm->auth_results, authserv_id,
					   domain + 1))
			return CP_OK;
	}
	*to_out = mm->from_addr;
	return CP_OK;
}

/* Whether r->to may have one more receipt at now: under max_per_hour. */
static enum cp_status
under_limit(struct store *st, int max_per_hour, const char *to, const char *now,
	    int *yes, struct cp_error *err)
{
	char since[CP_TIME_LEN];
	enum cp_status rc;
	int64_t n = 0;

	*yes = 1;
	if (max_per_hour <= 0)
		return CP_OK;
	cp_time_format(cp_time_epoch(now) - 3600 + 1, since);
	if ((rc = store_outbox_count_since(st, to, since, &n, err)) != CP_OK)
		return rc;
	*yes = n < max_per_hour;
	return CP_OK;
}

/* 1 when s is printable ASCII (what receipt_build() asks of from and
 * to: a CR or LF would inject a header). */
static int
printable(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

enum cp_status
receipt_queue(struct store *st, int max_per_hour, const struct receipt *r,
	      int64_t message, const char *now, struct cp_error *err)
{
	struct store_outbox ob = {0};
	struct cp_buf id = {0};
	enum cp_status rc;
	int ok;

	if ((rc = under_limit(st, max_per_hour, r->to, now, &ok, err)) != CP_OK)
		return rc;
	/* A receipt that cannot be made (a sender's address that is not
	 * ASCII, a from without a domain) is not sent: the message is
	 * stored all the same. */
	if (!printable(r->to) || !printable(r->from) ||
	    receipt_message_id(r->kind, r->message_sha256, r->from, &id) !=
		    CP_OK) {
		cp_buf_free(&id);
		return CP_OK;
	}
	ob.message = message;
	ob.kind = (char *)receipt_kind_name(r->kind);
	ob.recipient = (char *)r->to;
	ob.from = (char *)r->from;
	ob.message_id = id.s;
	ob.status = ok ? OUTBOX_QUEUED : OUTBOX_SUPPRESSED;
	ob.created = (char *)now;
	rc = store_outbox_queue(st, &ob, err);
	if (rc == CP_EEXIST)
		rc = CP_OK;
	cp_buf_free(&id);
	return rc;
}
