/* SPDX-License-Identifier: MIT */
/*
 * auth.h - the Authentication-Results check of SPEC §2 (RFC 8601).
 */
#ifndef AUTH_H
#define AUTH_H

#include "cp.h"

/*
 * 1 when the topmost of the Authentication-Results header values in
 * results (in header order) that was added by authserv_id (compared
 * case-insensitively; headers of any other authserv-id are ignored) says
 * `dkim=pass` with header.d (or header.i's domain) equal to domain, or
 * `dmarc=pass` with header.from equal to domain; else 0.  Fields of that
 * authserv-id below the topmost are never read: the receiving server
 * adds its own on top, the others were written by someone else.
 * Comments in parentheses are ignored.
 */
int auth_domain_confirmed(const struct cp_strlist *results,
			  const char *authserv_id, const char *domain);

#endif
