/* SPDX-License-Identifier: MIT */
/*
 * uri.h - the links an entry may carry (SPEC §1 URL): absolute http(s)
 * URLs valid by RFC 3986, checked where mail comes in and again where the
 * document is written, so that every xlink:href is a URI.
 */
#ifndef URI_H
#define URI_H

#include <stddef.h>

/*
 * 1 when s[0..len) is an absolute http or https URL by RFC 3986: scheme
 * (any case), "//", a host (a registered name of letters, digits, '.' and
 * '-' not starting with '.' or '-', or an IPv6 address in brackets, or an
 * IPv4 address), an optional port of 1-5 digits, then path, query and
 * fragment of RFC 3986's characters, each '%' followed by two hex digits.
 * Bytes of UTF-8 above ASCII are allowed in host and path (an IRI, as
 * people write them; the exporter percent-encodes them).  User
 * information ("user@host") is refused: it only serves to disguise a
 * host.  Otherwise 0, with *why (may be NULL) a short reason.
 */
int uri_http_valid(const char *s, size_t len, const char **why);

#endif
