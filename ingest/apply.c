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

#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "entry.h"
#include "hash.h"
#include "message.h"
#include "timeutil.h"
#include "utf8.h"
#include "xmalloc.h"

enum mode {
	MODE_NEW,       /* a message just read */
	MODE_ACCEPT,    /* a held message, accepted by a maintainer */
	MODE_REPROCESS, /* a stored message read again */
};

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

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The entry's own fields, those a version snapshots. */
static const int own_fields[] = {
	FIELD_TITLE,  FIELD_INSTRUMENT, FIELD_ADOPTED, FIELD_AREAS,
	FIELD_THEMES, FIELD_URL,        FIELD_SUMMARY,
};
#define NOWN (sizeof(own_fields) / sizeof(own_fields[0]))

/* A planned new version, or none (unchanged). */
struct plan {
	struct store_revision rev; /* owned */
	int64_t entity_id;         /* the entity's row, for authorize() */
	int change;                /* 0: unchanged */
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
	int have = 0;
	size_t i;

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
		pl->rev = cur;
		memset(&cur, 0, sizeof(cur));
		pl->rev.withdrawn = 1;
		set_field(&pl->rev, FIELD_ACTION, "withdraw");
		pl->change = 1;
	} else {
		if (have) {
			pl->rev = cur;
			memset(&cur, 0, sizeof(cur));
		} else {
			static const int required[] = {FIELD_TITLE,
						       FIELD_SUMMARY};

			for (i = 0; i < 2; i++)
				if (e->val[required[i]] == NULL)
					cp_strlist_addf(
						errors,
						"%s line %u: %s/%s: %s: "
						"missing required field (the "
						"entry is new)",
						e->part, e->lineno, code,
						e->val[FIELD_MANDATE],
						field_name(required[i]));
			set_field(&pl->rev, FIELD_MANDATE,
				  e->val[FIELD_MANDATE]);
		}
		pl->change = !have || pl->rev.withdrawn;
		for (i = 0; i < NOWN; i++) {
			int f = own_fields[i];
			const char *v = e->val[f];

			if (v == NULL)
				continue;
			if (!same(*v ? v : NULL, pl->rev.f[f]))
				pl->change = 1;
			set_field(&pl->rev, f, v);
		}
		pl->rev.withdrawn = 0;
		set_field(&pl->rev, FIELD_ACTION, "update");
	}
	set_field(&pl->rev, FIELD_ENTITY, code);
	set_field(&pl->rev, FIELD_REASON, e->val[FIELD_REASON]);
	pl->rev.reverts = 0;
	pl->rev.change = 0;
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
	if (from == NULL) {
		*why_out = xstrdup("the message has no From address");
		return CP_OK;
	}
	for (i = 0; i < p->entries.n; i++) {
		const char *code = plans[i].rev.f[FIELD_ENTITY];

		for (j = 0; j < i; j++)
			if (strcmp(plans[j].rev.f[FIELD_ENTITY], code) == 0)
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
		const char *code = plans && plans[i].rev.f[FIELD_ENTITY]
					   ? plans[i].rev.f[FIELD_ENTITY]
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

/*
 * raw is only the header block of a message of whole bytes, over the size
 * limit (the daemon fetched no more): read it as message_parse() reads a
 * message over the limit, with the same error.
 */
static void
parse_header_only(const char *raw, size_t len, size_t whole,
		  const struct cp_limits *lim, struct message_parsed *p)
{
	memset(p, 0, sizeof(*p));
	mime_parse_limited(raw, len, whole, lim, &p->mm, &p->errors);
}

/*
 * The path every message walks.  For MODE_NEW the row is inserted; for the
 * others, row `id` (already stored) is updated.
 */
static enum cp_status
run(struct store *st, const char *raw, size_t len, const struct ingest_opts *o,
    enum mode mode, int64_t id, struct ingest_result *out, struct cp_error *err)
{
	struct cp_limits deflim;
	const struct cp_limits *lim = o->lim;
	struct store_message m = {0};
	struct message_parsed p;
	struct plan *plans = NULL;
	char hex[HASH_HEX_LEN], now[CP_TIME_LEN];
	enum cp_status rc = CP_OK;
	size_t i, nplans = 0;
	int64_t dup = 0;

	memset(out, 0, sizeof(*out));
	if (lim == NULL) {
		cp_limits_default(&deflim);
		lim = &deflim;
	}
	hash_sha256_hex(raw, len, hex);
	if (o->whole_size > len && o->whole_size > lim->max_message_size)
		parse_header_only(raw, len, o->whole_size, lim, &p);
	else
		message_parse(raw, len, lim, &p);
	if (p.mm != NULL) {
		if (p.mm->message_id)
			out->message_id = xstrdup(p.mm->message_id);
		if (p.mm->from_addr)
			out->sender = xstrdup(p.mm->from_addr);
		copy_list(&out->warnings, &p.mm->warnings);
	}

	if ((rc = store_begin(st, err)) != CP_OK)
		goto out;
	cp_time_now(now);
	if (mode == MODE_NEW) {
		if ((rc = store_message_find_dup(st, out->message_id, hex, &dup,
						 err)) != CP_OK)
			goto out;
	}
	if (dup != 0) {
		m.status = STORE_DUPLICATE;
		m.duplicate_of = dup;
		out->duplicate_of = dup;
	} else if (p.errors.n == 0) {
		plans = xcalloc(p.entries.n, sizeof(*plans));
		for (nplans = 0; nplans < p.entries.n; nplans++)
			if ((rc = plan_entry(st, &p.entries.v[nplans],
					     &plans[nplans], &p.errors, err)) !=
			    CP_OK) {
				nplans++;
				goto out;
			}
		m.status = STORE_APPLIED;
		if (p.errors.n == 0 && mode != MODE_ACCEPT) {
			if ((rc = authorize(st, &p, plans, o, &out->held_reason,
					    err)) != CP_OK)
				goto out;
			if (out->held_reason != NULL)
				m.status = STORE_HELD;
		}
	}
	if (dup == 0 && p.errors.n != 0)
		m.status = mode == MODE_ACCEPT ? STORE_HELD : STORE_REJECTED;
	/* A duplicate is not read: what its content holds is no error of
	 * it (the first copy's errors are with the first copy). */
	if (dup == 0)
		copy_list(&out->errors, &p.errors);
	out->status = m.status;

	m.id = id;
	m.received = xstrdup(now);
	m.message_id = out->message_id ? xstrdup(out->message_id) : NULL;
	m.sha256 = xstrdup(hex);
	m.sender = out->sender ? xstrdup(out->sender) : NULL;
	m.subject = p.mm && p.mm->subject ? xstrdup(p.mm->subject) : NULL;
	m.source = o->source ? xstrdup(o->source) : NULL;
	m.size = (int64_t)(o->whole_size > len ? o->whole_size : len);
	m.imap_uidvalidity = o->imap_uidvalidity;
	m.imap_uid = o->imap_uid;
	/* A held message keeps no errors of an accept that failed: those
	 * are reported to the maintainer, the message stays as it was. */
	m.errors = m.status == STORE_REJECTED ? join_lines(&p.errors) : NULL;
	m.warnings = join_lines(&out->warnings);
	m.held_reason = m.status == STORE_HELD && out->held_reason
				? xstrdup(out->held_reason)
				: NULL;
	m.entities = named_entities(&p, plans);
	if (mode == MODE_ACCEPT && m.status != STORE_APPLIED) {
		/* nothing to write: the message stays held */
		store_rollback(st);
		out->id = id;
		goto out;
	}
	if (mode == MODE_NEW)
		rc = store_message_insert(st, &m, raw, len, err);
	else
		rc = store_message_update(st, &m, err);
	if (rc != CP_OK)
		goto out;
	out->id = m.id;

	if (mode == MODE_NEW && o->imap_mailbox != NULL &&
	    (rc = store_imap_mark(st, o->imap_mailbox, o->imap_uidvalidity,
				  o->imap_uid, err)) != CP_OK)
		goto out;
	if (m.status == STORE_APPLIED) {
		for (i = 0; i < nplans; i++) {
			struct store_revision *r = &plans[i].rev;

			if (!plans[i].change) {
				cp_strlist_addf(&out->unchanged, "%s/%s",
						r->f[FIELD_ENTITY],
						r->f[FIELD_MANDATE]);
				continue;
			}
			free(r->changed);
			free(r->sender);
			free(r->message_id);
			r->changed = xstrdup(now);
			r->sender = m.sender ? xstrdup(m.sender) : NULL;
			r->message_id =
				m.message_id ? xstrdup(m.message_id) : NULL;
			r->message = m.id;
			if ((rc = store_revision_insert(st, r, err)) != CP_OK)
				goto out;
			out->changes =
				xreallocarray(out->changes, out->nchanges + 1,
					      sizeof(*out->changes));
			out->changes[out->nchanges++] = r->change;
		}
	}
	rc = store_commit(st, err);
out:
	if (rc != CP_OK) {
		store_rollback(st);
		ingest_result_clear(out);
	}
	for (i = 0; i < nplans; i++)
		store_revision_clear(&plans[i].rev);
	free(plans);
	store_message_clear(&m);
	message_parsed_free(&p);
	return rc;
}

enum cp_status
ingest_message(struct store *st, const char *raw, size_t len,
	       const struct ingest_opts *o, struct ingest_result *out,
	       struct cp_error *err)
{
	return run(st, raw, len, o, MODE_NEW, 0, out, err);
}

static enum cp_status
rerun(struct store *st, int64_t id, const struct ingest_opts *o, enum mode mode,
      struct ingest_result *out, struct cp_error *err)
{
	struct store_message m;
	struct ingest_opts ro = *o;
	char *raw = NULL;
	size_t len = 0;
	enum cp_status rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_message_get(st, id, &m, &raw, &len, err)) != CP_OK)
		return rc;
	if (mode == MODE_ACCEPT && m.status != STORE_HELD)
		rc = cp_error_set(err, CP_ESTATE,
				  "message %lld is %s, not held", (long long)id,
				  store_status_name(m.status));
	else if (mode == MODE_REPROCESS && m.status != STORE_HELD &&
		 m.status != STORE_REJECTED)
		rc = cp_error_set(err, CP_ESTATE,
				  "message %lld is %s; only rejected or held "
				  "messages are reprocessed",
				  (long long)id, store_status_name(m.status));
	if (rc == CP_OK) {
		ro.source = m.source;
		ro.imap_uidvalidity = m.imap_uidvalidity;
		ro.imap_uid = m.imap_uid;
		rc = run(st, raw, len, &ro, mode, id, out, err);
	}
	store_message_clear(&m);
	free(raw);
	return rc;
}

enum cp_status
ingest_accept(struct store *st, int64_t id, const struct ingest_opts *o,
	      struct ingest_result *out, struct cp_error *err)
{
	return rerun(st, id, o, MODE_ACCEPT, out, err);
}

enum cp_status
ingest_reprocess(struct store *st, int64_t id, const struct ingest_opts *o,
		 struct ingest_result *out, struct cp_error *err)
{
	return rerun(st, id, o, MODE_REPROCESS, out, err);
}

enum cp_status
ingest_reject(struct store *st, int64_t id, const char *reason,
	      struct cp_error *err)
{
	struct store_message m;
	enum cp_status rc;

	if ((rc = store_begin(st, err)) != CP_OK)
		return rc;
	if ((rc = store_message_get(st, id, &m, NULL, NULL, err)) != CP_OK)
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
	if ((rc = store_message_update(st, &m, err)) == CP_OK)
		rc = store_commit(st, err);
out:
	if (rc != CP_OK)
		store_rollback(st);
	store_message_clear(&m);
	return rc;
}

enum cp_status
ingest_revert(struct store *st, int64_t change, const char *reason,
	      int64_t *change_out, struct cp_error *err)
{
	struct store_revision target = {0}, before = {0}, cur = {0};
	struct store_revision nr = {0};
	char now[CP_TIME_LEN];
	enum cp_status rc;
	int had_before = 0, differs;
	size_t i;

	*change_out = 0;
	if ((rc = store_begin(st, err)) != CP_OK)
		return rc;
	if ((rc = store_revision_change(st, change, &target, err)) != CP_OK)
		goto out;
	if (target.version > 1) {
		if ((rc = store_revision_version(st, target.f[FIELD_ENTITY],
						 target.f[FIELD_MANDATE],
						 target.version - 1, &before,
						 err)) != CP_OK)
			goto out;
		had_before = 1;
	}
	if ((rc = store_revision_at(st, target.f[FIELD_ENTITY],
				    target.f[FIELD_MANDATE], NULL, &cur,
				    err)) != CP_OK)
		goto out;
	/* Before the entry existed it was not in the compendium: restoring
	 * that state withdraws it, keeping its values for the record. */
	for (i = 0; i < FIELD_COUNT; i++) {
		const char *v = had_before ? before.f[i] : cur.f[i];

		nr.f[i] = v ? xstrdup(v) : NULL;
	}
	nr.withdrawn = had_before ? before.withdrawn : 1;
	differs = nr.withdrawn != cur.withdrawn;
	for (i = 0; i < NOWN; i++)
		if (!same(nr.f[own_fields[i]], cur.f[own_fields[i]]))
			differs = 1;
	if (!differs) {
		rc = cp_error_set(err, CP_ESTATE,
				  "reverting change %lld would change nothing: "
				  "%s/%s is already as it was before it",
				  (long long)change, target.f[FIELD_ENTITY],
				  target.f[FIELD_MANDATE]);
		goto out;
	}
	set_field(&nr, FIELD_ACTION, "revert");
	free(nr.f[FIELD_REASON]);
	nr.f[FIELD_REASON] = reason && *reason ? xstrdup(reason)
					       : xasprintf("Revert change %lld",
							   (long long)change);
	cp_time_now(now);
	nr.changed = xstrdup(now);
	nr.reverts = change;
	if ((rc = store_revision_insert(st, &nr, err)) != CP_OK)
		goto out;
	if ((rc = store_commit(st, err)) == CP_OK)
		*change_out = nr.change;
out:
	if (rc != CP_OK)
		store_rollback(st);
	store_revision_clear(&target);
	store_revision_clear(&before);
	store_revision_clear(&cur);
	store_revision_clear(&nr);
	return rc;
}
