/* SPDX-License-Identifier: MIT */
/*
 * receipt_make.c - a queued receipt's bytes, from the store
 * (receipt_make.h).
 */
#include "receipt_make.h"

#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "message.h"
#include "msgsize.h"
#include "receipt.h"
#include "timeutil.h"
#include "xmalloc.h"

/* What a maintainer's reject writes as the message's errors (apply.c). */
static const char dropped_prefix[] = "rejected by a maintainer: ";

/* The versions one receipt reads, kept until it is built. */
struct held_revs {
	struct store_revision *now, *made, *before;
	size_t n;
};

static void
held_revs_free(struct held_revs *h)
{
	for (size_t i = 0; i < h->n; i++) {
		store_revision_clear(&h->now[i]);
		store_revision_clear(&h->made[i]);
		store_revision_clear(&h->before[i]);
	}
	free(h->now);
	free(h->made);
	free(h->before);
}

/* What message row `message` did to entry e (code, mandate set; e->now
 * read), for an applied receipt: the change it made and the version
 * before, or unchanged. */
static enum cp_status
entry_action(struct store *st, int64_t message, struct receipt_entry *e,
	     struct store_revision *made, struct store_revision *before,
	     struct cp_error *err)
{
	int64_t change = 0;
	enum cp_status rc;

	e->action = RECEIPT_UNCHANGED;
	if (e->now == NULL)
		return CP_OK;
	if ((rc = store_outbox_change_of(st, e->now->entry_id, message, &change,
					 err)) != CP_OK ||
	    change == 0)
		return rc;
	if ((rc = store_revision_change(st, change, made, err)) != CP_OK)
		return rc;
	e->change = made->change;
	e->action = made->withdrawn      ? RECEIPT_WITHDRAW
		    : made->version <= 1 ? RECEIPT_NEW
					 : RECEIPT_UPDATE;
	if (made->version <= 1)
		return CP_OK;
	rc = store_revision_version(st, e->code, e->mandate, made->version - 1,
				    before, err);
	if (rc == CP_OK)
		e->before = before;
	return rc == CP_ENOTFOUND ? CP_OK : rc;
}

/* The entries p names, in its order, each as it stands and, for an
 * applied kind, what message did to it. */
static enum cp_status
entries_of(struct store *st, const struct message_parsed *p, int64_t message,
	   int applied, struct receipt_entry *ents, size_t *n_out,
	   struct held_revs *h, struct cp_error *err)
{
	const struct entry *e;
	struct cp_error lerr;
	enum cp_status rc;
	size_t n = 0;

	for (size_t i = 0; i < p->entries.n; i++) {
		e = &p->entries.v[i];
		if (e->val[FIELD_ENTITY] == NULL ||
		    e->val[FIELD_MANDATE] == NULL)
			continue;
		ents[n] = (struct receipt_entry){.code = e->val[FIELD_ENTITY],
						 .mandate =
							 e->val[FIELD_MANDATE]};
		rc = store_revision_at(st, ents[n].code, ents[n].mandate, NULL,
				       &h->now[n], &lerr);
		if (rc == CP_OK) {
			ents[n].now = &h->now[n];
			ents[n].code = h->now[n].f[FIELD_ENTITY];
			ents[n].mandate = h->now[n].f[FIELD_MANDATE];
		} else if (rc != CP_ENOTFOUND) {
			*err = lerr;
			return rc;
		}
		if (applied &&
		    (rc = entry_action(st, message, &ents[n], &h->made[n],
				       &h->before[n], err)) != CP_OK)
			return rc;
		n++;
	}
	*n_out = n;
	return CP_OK;
}

/* The kind named name; RECEIPT_NKINDS when none. */
static enum receipt_kind
kind_of(const char *name)
{
	int k;

	for (k = 0; k < RECEIPT_NKINDS; k++)
		if (name && strcmp(name, receipt_kind_name(k)) == 0)
			break;
	return (enum receipt_kind)k;
}

/* Lines of s (may be NULL) added to l. */
static void
add_lines(struct cp_strlist *l, const char *s)
{
	const char *nl;

	while (s != NULL && *s) {
		nl = strchr(s, '\n');
		cp_strlist_addn(l, s, nl ? (size_t)(nl - s) : strlen(s));
		s = nl ? nl + 1 : NULL;
	}
}

enum cp_status
receipt_make(struct store *st, const struct store_outbox *o,
	     const struct cp_limits *lim, int64_t now, struct cp_buf *out,
	     struct cp_error *err)
{
	struct receipt r = {.kind = kind_of(o->kind)};
	struct store_message m = {0};
	struct message_parsed p;
	struct cp_strlist errors = {0};
	struct held_revs h = {0};
	struct receipt_entry *ents;
	struct cp_limits deflim;
	enum cp_status rc;
	char *raw = NULL;
	size_t len = 0;

	if (r.kind == RECEIPT_NKINDS)
		return cp_error_set(err, CP_EINVAL, "receipt %lld: kind \"%s\"",
				    (long long)o->id, o->kind ? o->kind : "");
	if ((rc = store_message_get(st, o->message, &m, &raw, &len, err)) !=
	    CP_OK)
		return rc;
	if (lim == NULL) {
		cp_limits_default(&deflim);
		lim = &deflim;
	}
	message_parse_limited(raw, len,
			      m.size > 0 && (uint64_t)m.size > len
				      ? (size_t)m.size
				      : msgsize_of(raw, len),
			      lim, &p);
	h.n = p.entries.n;
	h.now = xcalloc(h.n + 1, sizeof(*h.now));
	h.made = xcalloc(h.n + 1, sizeof(*h.made));
	h.before = xcalloc(h.n + 1, sizeof(*h.before));
	ents = xcalloc(h.n + 1, sizeof(*ents));
	rc = entries_of(st, &p, m.id,
			r.kind == RECEIPT_APPLIED || r.kind == RECEIPT_ACCEPTED,
			ents, &r.nentries, &h, err);
	if (rc != CP_OK)
		goto out;
	r.from = o->from;
	r.to = o->recipient;
	r.subject = p.mm ? p.mm->subject : m.subject;
	r.message_id = p.mm ? p.mm->message_id : m.message_id;
	r.references = p.mm ? p.mm->references : NULL;
	r.message_sha256 = m.sha256;
	r.date = now;
	if (r.kind == RECEIPT_HELD)
		r.reason = m.held_reason;
	else if (r.kind == RECEIPT_DROPPED && m.errors != NULL &&
		 strncmp(m.errors, dropped_prefix,
			 sizeof(dropped_prefix) - 1) == 0)
		r.reason = m.errors + sizeof(dropped_prefix) - 1;
	if (r.kind == RECEIPT_REJECTED)
		add_lines(&errors, m.errors);
	r.errors = &errors;
	r.entries = ents;
	rc = receipt_build(&r, out, err);
out:
	free(ents);
	held_revs_free(&h);
	cp_strlist_free(&errors);
	message_parsed_free(&p);
	store_message_clear(&m);
	free(raw);
	return rc;
}

enum cp_status
receipt_bytes(struct store *st, struct store_outbox *o, int save,
	      const struct cp_limits *lim, struct cp_error *err)
{
	struct store_outbox cur = {0};
	struct cp_buf b = {0};
	char now[CP_TIME_LEN];
	enum cp_status rc;

	if (o->bytes != NULL)
		return CP_OK;
	cp_time_now(now);
	if (!save) {
		if ((rc = receipt_make(st, o, lim, cp_time_epoch(now), &b,
				       err)) == CP_OK) {
			o->len = b.len;
			o->bytes = cp_buf_detach(&b);
		}
		cp_buf_free(&b);
		return rc;
	}
	if ((rc = store_begin(st, err)) != CP_OK)
		return rc;
	if ((rc = store_outbox_by_id(st, o->id, &cur, err)) != CP_OK)
		goto out;
	if (cur.bytes == NULL) {
		if ((rc = receipt_make(st, &cur, lim, cp_time_epoch(now), &b,
				       err)) != CP_OK ||
		    (rc = store_outbox_set_bytes(st, o->id, b.s, b.len, err)) !=
			    CP_OK)
			goto out;
		cur.len = b.len;
		cur.bytes = cp_buf_detach(&b);
	}
	rc = store_commit(st, err);
out:
	if (rc != CP_OK)
		store_rollback(st);
	else {
		o->bytes = cur.bytes;
		o->len = cur.len;
		cur.bytes = NULL;
	}
	store_outbox_clear(&cur);
	cp_buf_free(&b);
	return rc;
}
