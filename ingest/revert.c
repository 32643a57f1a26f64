/* SPDX-License-Identifier: MIT */
/*
 * revert.c - a revert as git makes one (revert.h): the fields a change
 * changed, found by revdiff, set back; the later history of the entry
 * read to see whether anything since touched them again.
 */
#include "revert.h"

#include <stdlib.h>
#include <string.h>

#include "revdiff.h"
#include "timeutil.h"
#include "xmalloc.h"

/* What the reverted change did, which decides what its revert does. */
enum revert_kind {
	REVERT_FIELDS,   /* changed fields (and maybe restored the entry) */
	REVERT_CREATION, /* created the entry: the revert withdraws it */
	REVERT_WITHDRAW, /* withdrew the entry: the revert restores it */
};

/* The change reverted, read with what surrounds it. */
struct revert_ctx {
	int64_t change;
	enum revert_kind kind;
	struct store_revision target; /* owned: the change's version */
	struct store_revision before; /* owned: the one before; version 0
					 for a creation */
	struct store_revision cur;    /* owned: the entry's latest */
	int undo[FIELD_COUNT];        /* the fields the change changed */
	int undo_status;              /* it changed the status too */
	struct cp_buf what;           /* what it did, for the refusal */
	struct cp_buf later;          /* what later changes did again */
	int nlater;                   /* later changes that conflict */
};

static void
ctx_free(struct revert_ctx *x)
{
	store_revision_clear(&x->target);
	store_revision_clear(&x->before);
	store_revision_clear(&x->cur);
	cp_buf_free(&x->what);
	cp_buf_free(&x->later);
}

static void
set_value(struct store_revision *r, int f, const char *v)
{
	free(r->f[f]);
	r->f[f] = v ? xstrdup(v) : NULL;
}

/* Note what the change did (x->kind, x->undo, x->what), from the diff d
 * of the version before it to it. */
static void
note_target(struct revert_ctx *x, const struct revdiff *d)
{
	const char *code = x->target.f[FIELD_ENTITY];
	const char *mandate = x->target.f[FIELD_MANDATE];
	size_t i;

	if (x->before.version == 0) {
		x->kind = REVERT_CREATION;
		cp_buf_addf(&x->what, "created %s/%s", code, mandate);
		return;
	}
	if (!x->before.withdrawn && x->target.withdrawn) {
		x->kind = REVERT_WITHDRAW;
		cp_buf_addf(&x->what, "withdrew %s/%s", code, mandate);
		return;
	}
	x->kind = REVERT_FIELDS;
	x->undo_status = d->status_changed;
	if (d->n)
		cp_buf_adds(&x->what, "changed ");
	for (i = 0; i < d->n; i++) {
		x->undo[d->v[i].field] = 1;
		cp_buf_addf(&x->what, "%s%s", i ? ", " : "",
			    field_name(d->v[i].field));
	}
	if (d->status_changed)
		cp_buf_addf(&x->what, "%srestored %s/%s", d->n ? " and " : "",
			    code, mandate);
}

/* Read the change, the version before it and the latest; note what the
 * change did. */
static enum cp_status
read_target(struct store *st, struct revert_ctx *x, struct cp_error *err)
{
	const char *code, *mandate;
	struct revdiff d;
	enum cp_status rc;

	if ((rc = store_revision_change(st, x->change, &x->target, err)) !=
	    CP_OK)
		return rc;
	code = x->target.f[FIELD_ENTITY];
	mandate = x->target.f[FIELD_MANDATE];
	if (x->target.version > 1 &&
	    (rc = store_revision_version(st, code, mandate,
					 x->target.version - 1, &x->before,
					 err)) != CP_OK)
		return rc;
	if ((rc = store_revision_at(st, code, mandate, NULL, &x->cur, err)) !=
	    CP_OK)
		return rc;
	revdiff_compute(x->before.version ? &x->before : NULL, &x->target, &d);
	note_target(x, &d);
	revdiff_free(&d);
	return CP_OK;
}

/* Note what later change b (a: the version before it) did again that
 * the revert would undo. */
static void
note_later(struct revert_ctx *x, const struct store_revision *a,
	   const struct store_revision *b)
{
	struct revdiff d;
	size_t i;
	int n = 0;

	if (x->kind != REVERT_FIELDS) {
		/* any change since a creation or a withdrawal conflicts */
		cp_buf_addf(&x->later, "%s%lld", x->nlater ? ", " : "",
			    (long long)b->change);
		x->nlater++;
		return;
	}
	revdiff_compute(a, b, &d);
	for (i = 0; i < d.n; i++) {
		if (!x->undo[d.v[i].field])
			continue;
		if (n++ == 0)
			cp_buf_addf(&x->later, "%schange %lld changed ",
				    x->nlater ? "; " : "",
				    (long long)b->change);
		else
			cp_buf_adds(&x->later, ", ");
		cp_buf_adds(&x->later, field_name(d.v[i].field));
	}
	if (n)
		cp_buf_adds(&x->later, " again");
	if (d.status_changed)
		cp_buf_addf(&x->later, "%schange %lld %s the entry",
			    n || x->nlater ? "; " : "", (long long)b->change,
			    b->withdrawn ? "withdrew" : "restored");
	x->nlater += n || d.status_changed;
	revdiff_free(&d);
}

/* Walk the versions after the change to the latest (note_later()). */
static enum cp_status
read_later(struct store *st, struct revert_ctx *x, struct cp_error *err)
{
	struct store_revision a = {0}, b = {0};
	enum cp_status rc = CP_OK;
	int v;

	store_revision_copy(&a, &x->target);
	for (v = x->target.version + 1; v <= x->cur.version; v++) {
		if ((rc = store_revision_version(st, a.f[FIELD_ENTITY],
						 a.f[FIELD_MANDATE], v, &b,
						 err)) != CP_OK)
			break;
		note_later(x, &a, &b);
		store_revision_clear(&a);
		a = b;
		memset(&b, 0, sizeof(b));
	}
	store_revision_clear(&a);
	return rc;
}

/* The refusal when later changes conflict. */
static enum cp_status
refuse(struct revert_ctx *x, struct cp_error *err)
{
	static const char *const hint[] = {
		[REVERT_FIELDS] = "restore them",
		[REVERT_CREATION] = "withdraw it",
		[REVERT_WITHDRAW] = "restore it",
	};

	if (x->kind == REVERT_FIELDS)
		return cp_error_set(err, CP_ESTATE,
				    "revert: change %lld %s; %s (use --force "
				    "to %s anyway)",
				    (long long)x->change,
				    x->what.s ? x->what.s : "changed nothing",
				    x->later.s, hint[x->kind]);
	return cp_error_set(err, CP_ESTATE,
			    "revert: change %lld %s; later change%s %s "
			    "changed it (use --force to %s anyway)",
			    (long long)x->change, x->what.s,
			    x->nlater > 1 ? "s" : "", x->later.s,
			    hint[x->kind]);
}

/* The new version: the latest with what the change changed set back. */
static void
build(const struct revert_ctx *x, struct store_revision *r)
{
	int f;

	store_revision_copy(r, &x->cur);
	for (f = 0; f < FIELD_COUNT; f++) {
		if (!(field_table[f].flags & FIELD_OWN))
			continue;
		/* a creation's revert keeps the values for the record */
		if (x->kind == REVERT_WITHDRAW ||
		    (x->kind == REVERT_FIELDS && x->undo[f]))
			set_value(r, f, x->before.f[f]);
	}
	if (x->kind == REVERT_CREATION)
		r->withdrawn = 1;
	else if (x->kind == REVERT_WITHDRAW || x->undo_status)
		r->withdrawn = x->before.withdrawn;
}

static int
differs(const struct store_revision *a, const struct store_revision *b)
{
	int f;

	if (a->withdrawn != b->withdrawn)
		return 1;
	for (f = 0; f < FIELD_COUNT; f++)
		if ((field_table[f].flags & FIELD_OWN) &&
		    !field_same(a->f[f], b->f[f]))
			return 1;
	return 0;
}

/* Plan the revert (revert.h) inside the caller's transaction. */
static enum cp_status
plan(struct store *st, int64_t change, const struct revert_opts *o,
     struct ingest_change *out, struct cp_error *err)
{
	struct revert_ctx x;
	struct store_revision *r = &out->rev;
	char now[CP_TIME_LEN];
	enum cp_status rc;
	int64_t next;

	memset(&x, 0, sizeof(x));
	x.change = change;
	if ((rc = read_target(st, &x, err)) != CP_OK ||
	    (rc = read_later(st, &x, err)) != CP_OK)
		goto out;
	/* Nothing to do even when forced says more than a refusal. */
	build(&x, r);
	if (!differs(r, &x.cur)) {
		rc = cp_error_set(err, CP_ESTATE,
				  "revert: reverting change %lld would change "
				  "nothing: %s/%s already has the values from "
				  "before it",
				  (long long)change, x.cur.f[FIELD_ENTITY],
				  x.cur.f[FIELD_MANDATE]);
		goto out;
	}
	if (x.nlater && !o->force) {
		rc = refuse(&x, err);
		goto out;
	}
	if ((rc = store_next_change(st, &next, err)) != CP_OK)
		goto out;
	set_value(r, FIELD_ACTION, "revert");
	free(r->f[FIELD_REASON]);
	r->f[FIELD_REASON] =
		o->reason && *o->reason
			? xstrdup(o->reason)
			: xasprintf("Revert change %lld", (long long)change);
	free(r->changed);
	free(r->sender);
	free(r->message_id);
	cp_time_now(now);
	r->changed = xstrdup(now);
	r->sender = r->message_id = NULL;
	r->message = 0;
	r->reverts = change;
	/* who reverts, as the log will show it (the action row is
	 * numbered when it is written) */
	free(r->action_kind);
	free(r->action_actor);
	r->action_kind =
		o->actor ? xstrdup(store_action_kind_name(STORE_ACTION_REVERT))
			 : NULL;
	r->action_actor = o->actor ? xstrdup(o->actor) : NULL;
	r->change = next;
	r->version = x.cur.version + 1;
	out->prev = x.cur;
	memset(&x.cur, 0, sizeof(x.cur));
out:
	ctx_free(&x);
	return rc;
}

enum cp_status
ingest_plan_revert(struct store *st, int64_t change,
		   const struct revert_opts *o, struct ingest_change *out,
		   struct cp_error *err)
{
	enum cp_status rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_read_begin(st, err)) != CP_OK)
		return rc;
	rc = plan(st, change, o, out, err);
	store_read_end(st);
	if (rc != CP_OK)
		ingest_change_clear(out);
	return rc;
}

enum cp_status
ingest_revert(struct store *st, int64_t change, const struct revert_opts *o,
	      struct ingest_change *out, struct cp_error *err)
{
	struct store_action act = {.kind = STORE_ACTION_REVERT,
				   .actor = o->actor,
				   .change = change};
	enum cp_status rc;
	int64_t planned;

	if (o->dry_run)
		return ingest_plan_revert(st, change, o, out, err);
	memset(out, 0, sizeof(*out));
	if ((rc = store_begin(st, err)) != CP_OK)
		return rc;
	if ((rc = plan(st, change, o, out, err)) != CP_OK)
		goto out;
	planned = out->rev.change;
	act.at = out->rev.changed;
	if (o->actor != NULL && (rc = store_action_add(st, &act, err)) != CP_OK)
		goto out;
	out->rev.action = act.id;
	if ((rc = store_revision_insert(st, &out->rev, err)) != CP_OK)
		goto out;
	/* under the write lock: a difference is a bug */
	if (out->rev.change != planned) {
		rc = cp_error_set(
			err, CP_EDB, "change %lld was planned as change %lld",
			(long long)out->rev.change, (long long)planned);
		goto out;
	}
	rc = store_commit(st, err);
out:
	if (rc != CP_OK) {
		store_rollback(st);
		ingest_change_clear(out);
	}
	return rc;
}
