/* SPDX-License-Identifier: MIT */
/*
 * apply.c - one message, one transaction: the path of STYLE.md's diagram.
 *
 *   raw ─► mime ─► text ─► entries ─► checks against the store ─►
 *   authorize ─► new versions + the message row, committed together.
 *
 * Parsing happens before the transaction (no lock held while reading a
 * large message); everything that reads or writes the store happens inside
 * it, so a crash at any point leaves either the whole message or nothing.
 */
#include "apply.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "entry.h"
#include "hash.h"
#include "message.h"
#include "msgsize.h"
#include "receipt_queue.h"
#include "store_outbox.h"
#include "timeutil.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * The three ways a message walks the path, as rules rather than a mode
 * tested at every step.
 */
struct walk {
	int find_dup;  /* a message just read may be a duplicate */
	int authorize; /* the sender check (a maintainer's accept skips it) */
	int insert;    /* a new row (else the stored row is updated) */
	int keep_held; /* failing checks leave the message held, unwritten */
	int action;    /* the maintainer's action recorded with o->actor
			  (enum store_action_kind), -1: none (mail) */
};

/* A message just read. */
static const struct walk walk_new = {1, 1, 1, 0, -1};
/* A held message, accepted by a maintainer. */
static const struct walk walk_accept = {0, 0, 0, 1, STORE_ACTION_ACCEPT};
/* A stored message read again. */
static const struct walk walk_reprocess = {0, 1, 0, 0, STORE_ACTION_REPROCESS};

void
ingest_result_clear(struct ingest_result *r)
{
	if (r == NULL)
		return;
	free(r->message_id);
	free(r->sender);
	free(r->changes);
	cp_strlist_free(&r->unchanged);
	cp_strlist_free(&r->errors);
	cp_strlist_free(&r->warnings);
	free(r->held_reason);
	memset(r, 0, sizeof(*r));
}

void
ingest_change_clear(struct ingest_change *c)
{
	if (c == NULL)
		return;
	store_revision_clear(&c->prev);
	store_revision_clear(&c->rev);
}

void
ingest_plan_clear(struct ingest_plan *p)
{
	size_t i;

	if (p == NULL)
		return;
	ingest_result_clear(&p->result);
	for (i = 0; i < p->n; i++)
		ingest_change_clear(&p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* A planned new version, or none (unchanged). */
struct plan {
	struct ingest_change c; /* owned: the version before, the new one */
	int64_t entity_id;      /* the entity's row, for authorize() */
	int change;             /* 0: unchanged */
};

static void
set_field(struct store_revision *r, int f, const char *v)
{
	free(r->f[f]);
	r->f[f] = v == NULL || *v == '\0' ? NULL : xstrdup(v);
}

/*
 * Check entry e against the store and plan its new version.  Problems go
 * to errors; they make the message rejected.
 */
static enum cp_status
plan_entry(struct store *st, const struct entry *e, struct plan *pl,
	   struct cp_strlist *errors, struct cp_error *err)
{
	struct store_revision cur = {0};
	struct cp_error lerr;
	enum cp_status rc;
	char *code = NULL;
	int have = 0, f;

	memset(pl, 0, sizeof(*pl));
	rc = store_entity_find(st, e->val[FIELD_ENTITY], &code, &pl->entity_id,
			       &lerr);
	if (rc == CP_ENOTFOUND) {
		cp_strlist_addf(errors,
				"%s line %u: %s/%s: Entity: unknown entity "
				"\"%s\" (not registered)",
				e->part, e->line[FIELD_ENTITY],
				e->val[FIELD_ENTITY], e->val[FIELD_MANDATE],
				e->val[FIELD_ENTITY]);
		return CP_OK;
	}
	if (rc != CP_OK) {
		*err = lerr;
		return rc;
	}
	rc = store_revision_at(st, code, e->val[FIELD_MANDATE], NULL, &cur,
			       &lerr);
	if (rc == CP_OK)
		have = 1;
	else if (rc != CP_ENOTFOUND) {
		*err = lerr;
		free(code);
		return rc;
	}
	rc = CP_OK;

	if (e->withdraw) {
		if (!have || cur.withdrawn) {
			cp_strlist_addf(errors,
					"%s line %u: %s/%s: Action: cannot "
					"withdraw %s entry",
					e->part, e->line[FIELD_ACTION], code,
					e->val[FIELD_MANDATE],
					have ? "an already withdrawn"
					     : "an unknown");
			goto out;
		}
		store_revision_copy(&pl->c.rev, &cur);
		pl->c.prev = cur;
		memset(&cur, 0, sizeof(cur));
		pl->c.rev.withdrawn = 1;
		set_field(&pl->c.rev, FIELD_ACTION, "withdraw");
		pl->change = 1;
	} else {
		if (have) {
			store_revision_copy(&pl->c.rev, &cur);
			pl->c.prev = cur;
			memset(&cur, 0, sizeof(cur));
		} else {
			for (f = 0; f < FIELD_COUNT; f++)
				if ((field_table[f].flags & FIELD_OWN) &&
				    (field_table[f].flags &
				     FIELD_REQUIRED_NEW) &&
				    e->val[f] == NULL)
					cp_strlist_addf(
						errors,
						"%s line %u: %s/%s: %s: "
						"missing required field (the "
						"entry is new)",
						e->part, e->lineno, code,
						e->val[FIELD_MANDATE],
						field_name((enum field_id)f));
			set_field(&pl->c.rev, FIELD_MANDATE,
				  e->val[FIELD_MANDATE]);
		}
		pl->change = !have || pl->c.rev.withdrawn;
		for (f = 0; f < FIELD_COUNT; f++) {
			const char *v = e->val[f];

			if (v == NULL || !(field_table[f].flags & FIELD_OWN))
				continue;
			if (!field_same(*v ? v : NULL, pl->c.rev.f[f]))
				pl->change = 1;
			set_field(&pl->c.rev, f, v);
		}
		pl->c.rev.withdrawn = 0;
		set_field(&pl->c.rev, FIELD_ACTION, "update");
	}
	set_field(&pl->c.rev, FIELD_ENTITY, code);
	set_field(&pl->c.rev, FIELD_REASON, e->val[FIELD_REASON]);
	pl->c.rev.reverts = 0;
	pl->c.rev.change = 0;
out:
	store_revision_clear(&cur);
	free(code);
	return rc;
}

/* Why the sender may not apply this message, or NULL when it may. */
static enum cp_status
authorize(struct store *st, const struct message_parsed *p,
	  const struct plan *plans, const struct ingest_opts *o, char **why_out,
	  struct cp_error *err)
{
	const char *from = p->mm->from_addr, *domain;
	struct cp_buf why = {0};
	enum cp_status rc;
	size_t i, j;
	int yes;

	*why_out = NULL;
	/* message.c rejects a message without one sender: none gets here */
	assert(from != NULL);
	for (i = 0; i < p->entries.n; i++) {
		const char *code = plans[i].c.rev.f[FIELD_ENTITY];

		for (j = 0; j < i; j++)
			if (strcmp(plans[j].c.rev.f[FIELD_ENTITY], code) == 0)
				break;
		if (j < i)
			continue;
		if ((rc = store_is_focal(st, plans[i].entity_id, from, &yes,
					 err)) != CP_OK)
			return rc;
		if (!yes) {
			if (why.len)
				cp_buf_adds(&why, "; ");
			cp_buf_addf(&why, "%s is not a focal point of %s", from,
				    code);
		}
	}
	if (why.len == 0 && o->authserv_id != NULL && *o->authserv_id) {
		domain = strrchr(from, '@');
		if (domain == NULL ||
		    !auth_domain_confirmed(&p->mm->auth_results, o->authserv_id,
					   domain + 1))
			cp_buf_addf(&why,
				    "no dkim=pass or dmarc=pass for %s from %s "
				    "in Authentication-Results",
				    domain ? domain + 1 : from, o->authserv_id);
	}
	if (why.len)
		*why_out = cp_buf_detach(&why);
	return CP_OK;
}

static char *
join_lines(const struct cp_strlist *l)
{
	struct cp_buf b = {0};
	size_t i;

	if (l->n == 0)
		return NULL;
	for (i = 0; i < l->n; i++) {
		if (i)
			cp_buf_addc(&b, '\n');
		cp_buf_adds(&b, l->v[i]);
	}
	return cp_buf_detach(&b);
}

static char *
named_entities(const struct message_parsed *p, const struct plan *plans)
{
	struct cp_strlist names = {0};
	size_t i, j;
	char *s;

	for (i = 0; i < p->entries.n; i++) {
		const char *code = plans && plans[i].c.rev.f[FIELD_ENTITY]
					   ? plans[i].c.rev.f[FIELD_ENTITY]
					   : p->entries.v[i].val[FIELD_ENTITY];

		if (code == NULL || *code == '\0')
			continue;
		for (j = 0; j < names.n; j++)
			if (utf8_casecmp(names.v[j], code) == 0)
				break;
		if (j == names.n)
			cp_strlist_add(&names, code);
	}
	s = join_lines(&names);
	cp_strlist_free(&names);
	return s;
}

static void
copy_list(struct cp_strlist *to, const struct cp_strlist *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		cp_strlist_add(to, from->v[i]);
}

/* Parse raw, a message of size bytes as IMAP counts them (its header
 * block only when that is over the limit), and note what the result
 * reports of any message. */
static void
parse(const char *raw, size_t len, size_t size, const struct cp_limits *lim,
      struct message_parsed *p, struct ingest_result *out)
{
	message_parse_limited(raw, len, size, lim, p);
	if (p->mm != NULL) {
		if (p->mm->message_id)
			out->message_id = xstrdup(p->mm->message_id);
		if (p->mm->from_addr)
			out->sender = xstrdup(p->mm->from_addr);
		copy_list(&out->warnings, &p->mm->warnings);
	}
}

/* What to write: the message's status and, when it applies, the plans. */
struct decision {
	enum store_status status;
	struct plan *plans; /* owned, one per entry */
	size_t nplans;
};

static void
decision_free(struct decision *d)
{
	size_t i;

	for (i = 0; i < d->nplans; i++)
		ingest_change_clear(&d->plans[i].c);
	free(d->plans);
	memset(d, 0, sizeof(*d));
}

/*
 * Decide, inside the transaction, what becomes of parsed message p: a
 * duplicate, rejected (p's errors, to which the checks against the store
 * add theirs), held, or applied with a plan per entry.  Reads only.
 */
static enum cp_status
decide(struct store *st, struct message_parsed *p, const char *hex,
       const struct ingest_opts *o, const struct walk *w, struct decision *d,
       struct ingest_result *out, struct cp_error *err)
{
	enum cp_status rc;

	memset(d, 0, sizeof(*d));
	if (w->find_dup &&
	    (rc = store_message_find_dup(st, out->message_id, hex,
					 &out->duplicate_of, err)) != CP_OK)
		return rc;
	if (out->duplicate_of != 0) {
		/* A duplicate is not read: what its content holds is no
		 * error of it (the first copy's errors are with the first
		 * copy). */
		d->status = STORE_DUPLICATE;
		return CP_OK;
	}
	if (p->errors.n == 0) {
		d->plans = xcalloc(p->entries.n, sizeof(*d->plans));
		for (; d->nplans < p->entries.n; d->nplans++)
			if ((rc = plan_entry(st, &p->entries.v[d->nplans],
					     &d->plans[d->nplans], &p->errors,
					     err)) != CP_OK) {
				d->nplans++;
				return rc;
			}
		d->status = STORE_APPLIED;
		if (p->errors.n == 0 && w->authorize) {
			if ((rc = authorize(st, p, d->plans, o,
					    &out->held_reason, err)) != CP_OK)
				return rc;
			if (out->held_reason != NULL)
				d->status = STORE_HELD;
		}
	}
	if (p->errors.n != 0)
		d->status = w->keep_held ? STORE_HELD : STORE_REJECTED;
	copy_list(&out->errors, &p->errors);
	return CP_OK;
}

/* The message's row as decided (m->id set for a stored one); for an
 * applied message, the entries its plans leave as they are go to
 * out->unchanged too. */
static void
message_row(const struct message_parsed *p, const struct decision *d,
	    const char *hex, const char *now, size_t size,
	    const struct ingest_opts *o, struct ingest_result *out,
	    struct store_message *m)
{
	size_t i;

	m->status = d->status;
	m->duplicate_of = out->duplicate_of;
	m->received = xstrdup(now);
	m->message_id = out->message_id ? xstrdup(out->message_id) : NULL;
	m->sha256 = xstrdup(hex);
	m->sender = out->sender ? xstrdup(out->sender) : NULL;
	m->subject = p->mm && p->mm->subject ? xstrdup(p->mm->subject) : NULL;
	m->source = o->source ? xstrdup(o->source) : NULL;
	m->size = (int64_t)size;
	/* A held message keeps no errors of an accept that failed: those
	 * are reported to the maintainer, the message stays as it was. */
	m->errors = m->status == STORE_REJECTED ? join_lines(&p->errors) : NULL;
	m->warnings = join_lines(&out->warnings);
	m->held_reason = m->status == STORE_HELD && out->held_reason
				 ? xstrdup(out->held_reason)
				 : NULL;
	m->entities = named_entities(p, d->plans);
	for (i = 0; m->status == STORE_APPLIED && i < d->nplans; i++)
		if (!d->plans[i].change)
			cp_strlist_addf(&out->unchanged, "%s/%s",
					d->plans[i].c.rev.f[FIELD_ENTITY],
					d->plans[i].c.rev.f[FIELD_MANDATE]);
	m->unchanged = join_lines(&out->unchanged);
}

/*
 * Give the changed plans of an applied message what the store will give
 * them: their change and version numbers, the time, who sent them and
 * message row id (0 for a message not stored yet), and the maintainer's
 * action that makes them as by's action_kind and action_actor say (NULL:
 * none); out->changes lists the numbers.  Reads only: a dry run shows exactly what the run writes.
 */
static enum cp_status
number_plans(struct store *st, struct decision *d, const char *now, int64_t id,
	     const struct store_revision *by, struct ingest_result *out,
	     struct cp_error *err)
{
	enum cp_status rc;
	int64_t next;
	size_t i;

	if ((rc = store_next_change(st, &next, err)) != CP_OK)
		return rc;
	for (i = 0; i < d->nplans; i++) {
		struct ingest_change *c = &d->plans[i].c;

		if (!d->plans[i].change)
			continue;
		free(c->rev.changed);
		free(c->rev.sender);
		free(c->rev.message_id);
		c->rev.changed = xstrdup(now);
		c->rev.sender = out->sender ? xstrdup(out->sender) : NULL;
		c->rev.message_id =
			out->message_id ? xstrdup(out->message_id) : NULL;
		c->rev.message = id;
		c->rev.entry_id = c->prev.entry_id;
		c->rev.version = c->prev.version + 1;
		c->rev.change = next++;
		free(c->rev.action_kind);
		free(c->rev.action_actor);
		c->rev.action_kind =
			by->action_kind ? xstrdup(by->action_kind) : NULL;
		c->rev.action_actor =
			by->action_actor ? xstrdup(by->action_actor) : NULL;
		XGROW(out->changes, out->nchanges + 1, out->changes_cap);
		out->changes[out->nchanges++] = c->rev.change;
	}
	return CP_OK;
}

/* Insert the planned versions of applied message m (the changed ones),
 * each with the numbers number_plans() gave it, made by action row
 * `action` (0: none). */
static enum cp_status
write_versions(struct store *st, const struct decision *d,
	       const struct store_message *m, int64_t action,
	       struct cp_error *err)
{
	enum cp_status rc;
	size_t i;

	for (i = 0; i < d->nplans; i++) {
		struct store_revision *r = &d->plans[i].c.rev;
		int64_t planned = r->change;
		int version = r->version;

		if (!d->plans[i].change)
			continue;
		r->message = m->id;
		r->action = action;
		if ((rc = store_revision_insert(st, r, err)) != CP_OK)
			return rc;
		/* Under the write lock nothing else numbers changes: a
		 * difference is a bug, and the plan shown would be wrong. */
		if (r->change != planned || r->version != version)
			return cp_error_set(err, CP_EDB,
					    "change %lld (version %d) was "
					    "planned as change %lld (version "
					    "%d)",
					    (long long)r->change, r->version,
					    (long long)planned, version);
	}
	return CP_OK;
}

/*
 * The receipt of message row id just written (receipt_queue.h), in its
 * transaction: for a message read, its outcome's, when its sender may
 * hear back; for a held one accepted (kind RECEIPT_ACCEPTED) or rejected
 * (RECEIPT_DROPPED), the second one, to whom its held receipt
 * went, when one did.
 */
static enum cp_status
queue_receipt(struct store *st, const struct ingest_opts *o,
	      enum receipt_kind kind, const struct message_parsed *p,
	      const struct ingest_result *out, const char *hex, const char *now,
	      struct cp_error *err)
{
	struct store_outbox held = {0};
	struct receipt r = {.kind = kind};
	enum cp_status rc;

	if (!o->receipts || o->receipt_from == NULL || p->mm == NULL)
		return CP_OK;
	if (kind == RECEIPT_ACCEPTED || kind == RECEIPT_DROPPED) {
		rc = store_outbox_get(st, out->id,
				      receipt_kind_name(RECEIPT_HELD), &held,
				      err);
		if (rc != CP_OK)
			return rc == CP_ENOTFOUND ? CP_OK : rc;
		r.to = held.recipient;
	} else if ((rc = receipt_recipient(st, o->receipt_from, o->authserv_id,
					   p->mm, &r.to, err)) != CP_OK ||
		   r.to == NULL)
		return rc;
	r.from = o->receipt_from;
	r.message_sha256 = hex;
	rc = receipt_queue(st, o->max_per_hour, &r, out->id, now, err);
	store_outbox_clear(&held);
	return rc;
}

/* The kind of receipt a message walking w, stored as status, gets;
 * RECEIPT_NKINDS: none. */
static enum receipt_kind
receipt_kind_of(const struct walk *w, enum store_status status)
{
	if (w->insert)
		return status == STORE_APPLIED    ? RECEIPT_APPLIED
		       : status == STORE_REJECTED ? RECEIPT_REJECTED
		       : status == STORE_HELD     ? RECEIPT_HELD
						  : RECEIPT_NKINDS;
	if (w->action == STORE_ACTION_ACCEPT && status == STORE_APPLIED)
		return RECEIPT_ACCEPTED;
	return RECEIPT_NKINDS;
}

/* Move the changed plans of d to a dry run's plan. */
static void
take_plans(struct decision *d, struct ingest_plan *dry)
{
	size_t i;

	dry->v = xcalloc(d->nplans ? d->nplans : 1, sizeof(*dry->v));
	for (i = 0; i < d->nplans; i++) {
		if (!d->plans[i].change)
			continue;
		dry->v[dry->n++] = d->plans[i].c;
		memset(&d->plans[i].c, 0, sizeof(d->plans[i].c));
	}
}

/*
 * The path every message walks: parse (no lock held), then in one
 * transaction decide and write the message row (inserted for a message
 * just read, row `id` updated for a stored one) and its new versions.
 * With dry set, the same decision in a read transaction, written nowhere:
 * its changes go to dry, out being dry->result.
 */
static enum cp_status
run(struct store *st, const char *raw, size_t len, const struct ingest_opts *o,
    const struct walk *w, int64_t id, struct ingest_plan *dry,
    struct ingest_result *out, struct cp_error *err)
{
	struct cp_limits deflim;
	const struct cp_limits *lim = o->lim;
	struct store_message m = {0};
	struct message_parsed p;
	struct decision d = {0};
	struct store_action act = {0};
	struct store_revision by = {0}; /* only its action_kind and _actor,
					   borrowed */
	char hex[HASH_HEX_LEN], now[CP_TIME_LEN];
	enum receipt_kind kind;
	enum cp_status rc;
	size_t size;

	memset(out, 0, sizeof(*out));
	if (lim == NULL) {
		cp_limits_default(&deflim);
		lim = &deflim;
	}
	size = o->whole_size ? o->whole_size : msgsize_of(raw, len);
	/* Over the limit, the header block is all that is read, stored and
	 * hashed, however much of the message the caller had: the daemon
	 * fetches no more, and ingest and the daemon must agree. */
	if (size > lim->max_message_size)
		len = msgsize_header_len(raw, len, lim->max_header_size);
	hash_sha256_hex(raw, len, hex);
	parse(raw, len, size, lim, &p, out);
	rc = dry ? store_read_begin(st, err) : store_begin(st, err);
	if (rc != CP_OK)
		goto out;
	cp_time_now(now);
	if ((rc = decide(st, &p, hex, o, w, &d, out, err)) != CP_OK)
		goto out;
	out->status = d.status;
	/* who the log will name for the changes (a maintainer's action) */
	by.action_kind = w->action >= 0 && o->actor
				 ? (char *)store_action_kind_name(
					   (enum store_action_kind)w->action)
				 : NULL;
	by.action_actor = by.action_kind ? (char *)o->actor : NULL;
	if (d.status == STORE_APPLIED &&
	    (rc = number_plans(st, &d, now, id, &by, out, err)) != CP_OK)
		goto out;
	out->id = id;
	/* failing checks leave a held message as it was: nothing to write */
	if (w->keep_held && d.status != STORE_APPLIED)
		goto out;
	message_row(&p, &d, hex, now, size, o, out, &m);
	m.id = id;
	if (dry != NULL) {
		take_plans(&d, dry);
		goto out;
	}
	if (w->insert && o->fill_row != NULL)
		o->fill_row(&m, o->hook_arg);
	rc = w->insert ? store_message_insert(st, &m, raw, len, err)
		       : store_message_update(st, &m, err);
	if (rc != CP_OK)
		goto out;
	out->id = m.id;
	if (w->insert && o->in_txn != NULL &&
	    (rc = o->in_txn(st, m.id, o->hook_arg, err)) != CP_OK)
		goto out;
	/* A maintainer's accept or reprocess: who, with what it did. */
	act = (struct store_action){.kind = (enum store_action_kind)w->action,
				    .at = now,
				    .actor = o->actor,
				    .message = m.id};
	if (w->action >= 0 && o->actor != NULL &&
	    (rc = store_action_add(st, &act, err)) != CP_OK)
		goto out;
	if (m.status == STORE_APPLIED &&
	    (rc = write_versions(st, &d, &m, act.id, err)) != CP_OK)
		goto out;
	kind = receipt_kind_of(w, m.status);
	if (kind != RECEIPT_NKINDS &&
	    (rc = queue_receipt(st, o, kind, &p, out, hex, now, err)) != CP_OK)
		goto out;
	rc = store_commit(st, err);
out:
	if (dry != NULL)
		store_read_end(st);
	else if (rc != CP_OK || (w->keep_held && d.status != STORE_APPLIED))
		store_rollback(st);
	if (rc != CP_OK)
		ingest_result_clear(out);
	decision_free(&d);
	store_message_clear(&m);
	message_parsed_free(&p);
	return rc;
}

enum cp_status
ingest_message(struct store *st, const char *raw, size_t len,
	       const struct ingest_opts *o, struct ingest_result *out,
	       struct cp_error *err)
{
	return run(st, raw, len, o, &walk_new, 0, NULL, out, err);
}

/*
 * A stored message of which only the header block was stored (it was over
 * max_message_size when read: its size is more than its bytes count) is
 * read so again: ro->whole_size is its size.  When the limit now admits
 * it, it cannot be read at all: CP_ESTATE.
 */
static enum cp_status
stored_size(const struct store_message *m, const char *raw, size_t len,
	    struct ingest_opts *ro, struct cp_error *err)
{
	struct cp_limits deflim;
	const struct cp_limits *lim = ro->lim;

	if (m->size <= 0 || (uint64_t)m->size <= msgsize_of(raw, len))
		return CP_OK;
	if (lim == NULL) {
		cp_limits_default(&deflim);
		lim = &deflim;
	}
	if ((uint64_t)m->size <= lim->max_message_size)
		return cp_error_set(err, CP_ESTATE,
				    "message %lld was stored from its header "
				    "block only (%lld bytes, over the size "
				    "limit when it was read): it cannot be "
				    "read whole again",
				    (long long)m->id, (long long)m->size);
	ro->whole_size = (size_t)m->size;
	return CP_OK;
}

/* Read stored message id again along walk w (accept or reprocess); with
 * dry set, only planned (run()). */
static enum cp_status
rerun(struct store *st, int64_t id, const struct ingest_opts *o,
      const struct walk *w, struct ingest_plan *dry, struct ingest_result *out,
      struct cp_error *err)
{
	struct store_message m;
	struct ingest_opts ro = *o;
	char *raw = NULL;
	size_t len = 0;
	enum cp_status rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_message_get(st, id, &m, &raw, &len, err)) != CP_OK)
		return rc;
	if (w == &walk_accept && m.status != STORE_HELD)
		rc = cp_error_set(err, CP_ESTATE,
				  "message %lld is %s, not held", (long long)id,
				  store_status_name(m.status));
	else if (w == &walk_reprocess && m.status != STORE_HELD &&
		 m.status != STORE_REJECTED)
		rc = cp_error_set(err, CP_ESTATE,
				  "message %lld is %s; only rejected or held "
				  "messages are reprocessed",
				  (long long)id, store_status_name(m.status));
	if (rc == CP_OK)
		rc = stored_size(&m, raw, len, &ro, err);
	if (rc == CP_OK) {
		ro.source = m.source;
		rc = run(st, raw, len, &ro, w, id, dry, out, err);
	}
	store_message_clear(&m);
	free(raw);
	return rc;
}

enum cp_status
ingest_accept(struct store *st, int64_t id, const struct ingest_opts *o,
	      struct ingest_result *out, struct cp_error *err)
{
	return rerun(st, id, o, &walk_accept, NULL, out, err);
}

enum cp_status
ingest_reprocess(struct store *st, int64_t id, const struct ingest_opts *o,
		 struct ingest_result *out, struct cp_error *err)
{
	return rerun(st, id, o, &walk_reprocess, NULL, out, err);
}

enum cp_status
ingest_plan_message(struct store *st, int64_t id, enum ingest_action action,
		    const struct ingest_opts *o, struct ingest_plan *out,
		    struct cp_error *err)
{
	const struct walk *w =
		action == INGEST_ACCEPT ? &walk_accept : &walk_reprocess;
	enum cp_status rc;

	memset(out, 0, sizeof(*out));
	if ((rc = rerun(st, id, o, w, out, &out->result, err)) != CP_OK)
		ingest_plan_clear(out);
	return rc;
}

/* The second receipt of held message m (its bytes raw), rejected by a
 * maintainer, in the transaction that rejects it (the reason is read
 * from the message's errors when the receipt is built: receipt_make.c). */
static enum cp_status
queue_dropped(struct store *st, const struct ingest_opts *o,
	      const struct store_message *m, const char *raw, size_t len,
	      struct cp_error *err)
{
	struct ingest_result res = {.id = m->id};
	struct message_parsed p;
	struct cp_limits deflim;
	char now[CP_TIME_LEN];
	enum cp_status rc;

	if (o == NULL || !o->receipts || o->receipt_from == NULL)
		return CP_OK;
	if (o->lim == NULL)
		cp_limits_default(&deflim);
	message_parse_limited(raw, len,
			      m->size > 0 && (uint64_t)m->size > len
				      ? (size_t)m->size
				      : msgsize_of(raw, len),
			      o->lim ? o->lim : &deflim, &p);
	cp_time_now(now);
	rc = queue_receipt(st, o, RECEIPT_DROPPED, &p, &res, m->sha256, now,
			   err);
	message_parsed_free(&p);
	return rc;
}

enum cp_status
ingest_reject(struct store *st, int64_t id, const char *reason,
	      const struct ingest_opts *o, struct cp_error *err)
{
	const char *actor = o ? o->actor : NULL;
	struct store_action act = {.kind = STORE_ACTION_REJECT,
				   .actor = actor,
				   .message = id,
				   .detail = reason && *reason ? reason : NULL};
	struct store_message m;
	enum cp_status rc;
	char *raw = NULL;
	size_t len = 0;

	if ((rc = store_begin(st, err)) != CP_OK)
		return rc;
	if ((rc = store_message_get(st, id, &m, &raw, &len, err)) != CP_OK)
		goto out;
	if (m.status != STORE_HELD) {
		rc = cp_error_set(err, CP_ESTATE,
				  "message %lld is %s, not held", (long long)id,
				  store_status_name(m.status));
		goto out;
	}
	m.status = STORE_REJECTED;
	free(m.errors);
	m.errors = xasprintf("rejected by a maintainer%s%s",
			     reason && *reason ? ": " : "",
			     reason && *reason ? reason : "");
	if ((rc = store_message_update(st, &m, err)) == CP_OK &&
	    (actor == NULL ||
	     (rc = store_action_add(st, &act, err)) == CP_OK) &&
	    (rc = queue_dropped(st, o, &m, raw, len, err)) == CP_OK)
		rc = store_commit(st, err);
out:
	if (rc != CP_OK)
		store_rollback(st);
	store_message_clear(&m);
	free(raw);
	return rc;
}
