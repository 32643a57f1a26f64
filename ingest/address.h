/* SPDX-License-Identifier: MIT */
/*
 * address.h - the sender's address, read by RFC 5322 (SPEC §2): the one
 * mailbox of a From field.  A comment or a display name is never an
 * address, and the whole field must be read, so that nothing written
 * around the address can stand in for it.
 */
#ifndef ADDRESS_H
#define ADDRESS_H

#include <stddef.h>

/*
 * The addr-spec of the one mailbox in the unfolded field value v[0..len),
 * read by RFC 5322 §3.4: mailboxes (name-addr or addr-spec), groups
 * (RFC 6854), comments and folding white space anywhere between tokens,
 * quoted strings, domain literals, and the obsolete forms of §4.4 (a
 * route in the angle brackets, white space around dots, empty list
 * elements).  UTF-8 is read as atext (RFC 6532).
 *
 * On success returns a new string (caller frees): the local part as a
 * dot-atom, or as one quoted string when it cannot be one, "@", the
 * domain, all lower-case.  Otherwise NULL with *why (static text) saying
 * what is wrong: no address, more than one, or where the syntax broke.
 */
char *address_from(const char *v, size_t len, const char **why);

#endif
