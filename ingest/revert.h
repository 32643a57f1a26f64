/* SPDX-License-Identifier: MIT */
/*
 * revert.h - `compendium revert CHANGE`, as git reverts: a new change that
 * undoes only what CHANGE changed, refusing when a later change changed
 * the same again (SPEC §5, "Reviewing, the way git users expect").
 */
#ifndef REVERT_H
#define REVERT_H

#include <stdint.h>

#include "apply.h"
#include "cp.h"
#include "store.h"

struct revert_opts {
	const char *reason; /* borrowed; NULL or "": "Revert change N" */
	/* Restore the values from before CHANGE even where later changes
	   changed them again; withdraw a created entry, or restore a
	   withdrawn one, even when later changes exist. */
	int force;
	int dry_run; /* ingest_revert() only plans: nothing is written */
	/* borrowed: the maintainer who reverts, recorded with the change
	   in the same transaction (store_action_add); NULL: not recorded */
	const char *actor;
};

/*
 * What reverting change `change` would write now, computed in one read
 * transaction (works on a store opened with STORE_READ): out->prev is the
 * entry's latest version, out->rev the new one with the change and version
 * numbers it would get.  Which fields: those change changed (revdiff
 * between the version before it and it), set back to their values before
 * it, the others left as they are now.  Reverting a creation withdraws
 * the entry; reverting a withdrawal restores its values from before the
 * withdrawal.
 *
 * Refused (CP_ESTATE, err names the later changes and what they changed)
 * when a later change to the entry changed one of those fields again or
 * its status, or, for a creation or a withdrawal, when any later change
 * exists: unless o->force.  CP_ESTATE too when the revert would change
 * nothing even forced (said rather than a refusal); CP_ENOTFOUND when
 * there is no such change.  Free out with ingest_change_clear().
 */
enum cp_status ingest_plan_revert(struct store *st, int64_t change,
				  const struct revert_opts *o,
				  struct ingest_change *out,
				  struct cp_error *err);

/*
 * Revert change `change`: exactly what ingest_plan_revert() plans, planned
 * and written in one write transaction (only planned, in a read
 * transaction, when o->dry_run).  out->rev is the new version as stored.
 */
enum cp_status ingest_revert(struct store *st, int64_t change,
			     const struct revert_opts *o,
			     struct ingest_change *out, struct cp_error *err);

#endif
