/* SPDX-License-Identifier: MIT */
/*
 * atom.c - the latest changes as an Atom 1.0 feed (atom.h), written with
 * the export's XML primitives (docbook_priv.h) from the same view as the
 * document, so that what the feed leaves out is what the document does.
 */
#include "atom.h"

#include <stdlib.h>
#include <string.h>

#include "docbook.h"
#include "docbook_priv.h"
#include "revdiff.h"
#include "revdiff_text.h"
#include "xmalloc.h"

#define ATOM_NS "http://www.w3.org/2005/Atom"

struct feed {
	struct store *st;  /* borrowed */
	struct view *v;    /* borrowed */
	struct dbw *c;     /* borrowed */
	const char *base;  /* borrowed: base_url, ending in '/' */
	int left;          /* changes still to write */
	enum cp_status rc; /* of a read inside the walk */
	struct cp_error err;
};

/* <link rel="alternate" type="text/html" href="..."/> */
static void
link_to(struct dbw *c, const char *href)
{
	dbw_start(c, "link");
	dbw_attr(c, "rel", "alternate");
	dbw_attr(c, "type", "text/html");
	dbw_attr(c, "href", href);
	dbw_end(c);
	dbw_nl(c);
}

/* Where the change's entry is read in the site: its anchor in its
 * entity's page, or, when the entry is withdrawn as of the feed's time
 * (it is no longer in the site), the change in the changes page. */
static char *
entry_href(struct feed *f, const struct store_revision *r)
{
	struct store_revision now = {0};
	char *page, *id, *href;
	int gone;

	if (store_revision_at(f->st, r->f[FIELD_ENTITY], r->f[FIELD_MANDATE],
			      f->v->at, &now, &f->err) != CP_OK)
		gone = r->withdrawn;
	else
		gone = now.withdrawn;
	store_revision_clear(&now);
	if (gone)
		return xasprintf("%schanges.html#change.%lld", f->base,
				 (long long)r->change);
	page = docbook_entity_id(r->f[FIELD_ENTITY]);
	id = docbook_entry_id(r->f[FIELD_ENTITY], r->f[FIELD_MANDATE]);
	href = xasprintf("%s%s.html#%s", f->base, page, id);
	free(page);
	free(id);
	return href;
}

/* Who made it: the entity (with the focal point's name when registered;
 * the address only when asked), or the maintainers for a revert. */
static void
author(const struct feed *f, const struct store_revision *r)
{
	const char *name = view_sender_name(f->v, r->sender);
	struct dbw *c = f->c;

	dbw_start(c, "author");
	if (r->sender == NULL)
		dbw_elem(c, "name", "Compendium maintainers");
	else if (name != NULL)
		dbw_elemf(c, "name", "%s (%s)", name, r->f[FIELD_ENTITY]);
	else
		dbw_elem(c, "name", r->f[FIELD_ENTITY]);
	if (r->sender && f->v->opts->with_addresses)
		dbw_elem(c, "email", r->sender);
	dbw_end(c);
	dbw_nl(c);
}

static const char *
action_word(const struct store_revision *r)
{
	const char *a = r->f[FIELD_ACTION] ? r->f[FIELD_ACTION] : "update";

	if (strcmp(a, "revert") == 0 || strcmp(a, "withdraw") == 0)
		return a;
	return r->version == 1 ? "new" : "update";
}

/* One change, with its diff from the version before it. */
static int
one_change(const struct store_revision *r, void *arg)
{
	struct feed *f = arg;
	struct store_revision prev = {0};
	struct cp_buf text = {0};
	struct revdiff d;
	struct dbw *c = f->c;
	char *href;

	if (view_hidden(f->v, r->change))
		return 0;
	if (r->version > 1 &&
	    (f->rc = store_revision_version(f->st, r->f[FIELD_ENTITY],
					    r->f[FIELD_MANDATE], r->version - 1,
					    &prev, &f->err)) != CP_OK)
		return 1;
	revdiff_compute(r->version > 1 ? &prev : NULL, r, &d);
	revdiff_text(&d, 0, &text);
	revdiff_free(&d);
	dbw_start(c, "entry");
	dbw_nl(c);
	dbw_elemf(c, "title", "%s/%s: %s (change %lld)", r->f[FIELD_ENTITY],
		  r->f[FIELD_MANDATE], action_word(r), (long long)r->change);
	dbw_nl(c);
	dbw_elemf(c, "id", "%s#change-%lld", f->base, (long long)r->change);
	dbw_nl(c);
	dbw_elem(c, "updated", r->changed);
	dbw_nl(c);
	href = entry_href(f, r);
	link_to(c, href);
	free(href);
	author(f, r);
	if (r->f[FIELD_REASON] && *r->f[FIELD_REASON]) {
		dbw_elem(c, "summary", r->f[FIELD_REASON]);
		dbw_nl(c);
	}
	dbw_start(c, "content");
	dbw_attr(c, "type", "text");
	dbw_text(c, text.s ? text.s : "");
	dbw_end(c);
	dbw_nl(c);
	dbw_end(c); /* entry */
	dbw_nl(c);
	cp_buf_free(&text);
	store_revision_clear(&prev);
	return --f->left <= 0 || dbw_failed(c);
}

/* The newest published change's time, else the edition's (the feed's
 * updated). */
static int
newest(const struct store_revision *r, void *arg)
{
	struct feed *f = arg;

	if (view_hidden(f->v, r->change))
		return 0;
	dbw_elem(f->c, "updated", r->changed);
	f->left = 0;
	return 1;
}

static void
feed_head(struct feed *f, const struct store_revision_filter *all)
{
	const struct view_opts *o = f->v->opts;
	struct dbw *c = f->c;

	dbw_attr(c, "xml:lang", "en");
	dbw_nl(c);
	dbw_elemf(c, "title", "%s: latest changes",
		  o->title && *o->title ? o->title : DOCBOOK_TITLE);
	dbw_nl(c);
	dbw_elem(c, "id", f->base);
	dbw_nl(c);
	link_to(c, f->base);
	f->left = 1;
	f->rc = store_revisions(f->st, all, newest, f, &f->err);
	if (f->left)
		dbw_elem(c, "updated", f->v->at);
	dbw_nl(c);
	dbw_start(c, "author");
	dbw_elem(c, "name",
		 o->issued_by && *o->issued_by ? o->issued_by
					       : "Compendium maintainers");
	dbw_end(c);
	dbw_nl(c);
	dbw_elem(c, "generator", "compendium");
	dbw_nl(c);
}

enum cp_status
atom_write(struct store *st, const struct view_opts *o, int n, FILE *out,
	   struct export_report *rep, struct cp_error *err)
{
	struct store_revision_filter all = {0};
	struct feed f = {0};
	struct view *v = NULL;
	struct dbw *c = NULL;
	enum cp_status rc;
	char *base;
	size_t len;

	if (o->base_url == NULL || *o->base_url == '\0')
		return cp_error_set(err, CP_EINVAL,
				    "the feed links to the published site: set "
				    "[document] base_url in the configuration");
	len = strlen(o->base_url);
	base = xasprintf("%s%s", o->base_url,
			 o->base_url[len - 1] == '/' ? "" : "/");
	if ((rc = view_build(st, o, &v, err)) != CP_OK)
		goto out;
	all.until = v->at;
	if ((rc = dbw_open(out, rep, "feed", ATOM_NS, &c, err)) != CP_OK)
		goto out;
	f = (struct feed){.st = st, .v = v, .c = c, .base = base};
	feed_head(&f, &all);
	f.left = n;
	if (f.rc == CP_OK && n > 0)
		rc = store_revisions(st, &all, one_change, &f, err);
	if (rc == CP_OK && f.rc != CP_OK)
		rc = cp_error_set(err, f.rc, "%s", f.err.msg);
	if (rc != CP_OK) {
		dbw_lose(c);
		dbw_close(c, &f.err);
	} else {
		rc = dbw_close(c, err);
	}
out:
	view_free(v);
	free(base);
	return rc;
}
