/* SPDX-License-Identifier: MIT */
/*
 * atom.h - the latest changes as an Atom 1.0 feed (RFC 4287), for readers
 * who follow the compendium in a feed reader (SPEC §6, `render --format
 * atom`).
 */
#ifndef ATOM_H
#define ATOM_H

#include <stdio.h>

#include "cp.h"
#include "export.h"
#include "store.h"
#include "view.h"

/* The changes a feed holds unless told otherwise (`-n`). */
#define ATOM_DEFAULT_N 50

/*
 * Write to out the feed of the newest n published changes as of o->at
 * (a change a maintainer reverted, and its revert, are left out unless
 * o->full_history, as in the document), newest first.  The feed's id and
 * links are o->base_url ([document] base_url; required: CP_EINVAL saying
 * so when it is not set):
 *
 *  - the feed: id and alternate link the site's start page (base_url),
 *    title the document's, author the issuing body (else "Compendium
 *    maintainers"), updated the newest change's time (else the edition's);
 *  - each change: id base_url + "#change-N", updated the change's time,
 *    title "CODE/MANDATE: ACTION (change N)", author the entity (and the
 *    focal point's registered name; the address only with
 *    o->with_addresses), summary the reason, content (text) the change's
 *    diff as `log -p` shows it, and an alternate link to the entry in the
 *    site: base_url + the entity's page (its chapter's xml:id + ".html",
 *    as `render --format site` names pages) + "#" + the entry's xml:id;
 *    an entry withdrawn as of o->at links to the change in the changes
 *    page instead ("changes.html#change.N"): it is no longer in the site.
 *
 * Text XML cannot carry is replaced and counted in rep.  CP_EIO when out
 * fails, CP_EDB when the store does.
 */
enum cp_status atom_write(struct store *st, const struct view_opts *o, int n,
			  FILE *out, struct export_report *rep,
			  struct cp_error *err);

#endif
