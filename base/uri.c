/* SPDX-License-Identifier: MIT */
/* uri.c - absolute http(s) URLs by RFC 3986 (see uri.h). */
#include "uri.h"

#include <arpa/inet.h>
#include <string.h>

#include "utf8.h"

static int
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static int
is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* RFC 3986 pchar less pct-encoded (checked apart); bytes above ASCII
 * are IRI characters. */
static int
is_pchar(unsigned char c)
{
	return is_alnum(c) || c >= 0x80 ||
	       (c != '\0' && strchr("-._~!$&'()*+,;=:@", c) != NULL);
}

/* The host at s[*i..len): a bracketed IPv6 address or a name. */
static int
host(const char *s, size_t len, size_t *i, const char **why)
{
	char buf[64];
	struct in6_addr a6;
	size_t h = *i, e;

	if (h < len && s[h] == '[') {
		for (e = h + 1; e < len && s[e] != ']'; e++)
			;
		if (e == len || e - h - 1 >= sizeof(buf)) {
			*why = "an unterminated or overlong [IPv6] host";
			return 0;
		}
		memcpy(buf, s + h + 1, e - h - 1);
		buf[e - h - 1] = '\0';
		if (inet_pton(AF_INET6, buf, &a6) != 1) {
			*why = "not an IPv6 address between [ ]";
			return 0;
		}
		*i = e + 1;
		return 1;
	}
	for (e = h; e < len; e++) {
		unsigned char c = (unsigned char)s[e];

		if (!(is_alnum(c) || c == '.' || c == '-' || c >= 0x80))
			break;
	}
	if (e == h || s[h] == '.' || s[h] == '-') {
		*why = e < len && s[e] == '@'
			       ? "user information before the host"
		       : e == h ? "no host"
				: "a host starting with . or -";
		return 0;
	}
	if (e < len && s[e] == '@') {
		*why = "user information before the host";
		return 0;
	}
	*i = e;
	return 1;
}

/* Path, query and fragment from s[i]: RFC 3986 characters only. */
static int
rest(const char *s, size_t len, size_t i, const char **why)
{
	int part = 0; /* 0 path, 1 query, 2 fragment */

	if (i < len && s[i] != '/' && s[i] != '?' && s[i] != '#') {
		*why = "a host followed by something other than / ? #";
		return 0;
	}
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			if (i + 2 >= len || !is_hex((unsigned char)s[i + 1]) ||
			    !is_hex((unsigned char)s[i + 2])) {
				*why = "a % not followed by two hex digits";
				return 0;
			}
			i += 2;
		} else if (c == '?' && part == 0) {
			part = 1;
		} else if (c == '#' && part < 2) {
			part = 2;
		} else if (!(c == '/' || (c == '?' && part > 0) ||
			     is_pchar(c))) {
			*why = c == '[' || c == ']'
				       ? "[ or ] outside an IPv6 host"
				       : "a character that URLs cannot hold";
			return 0;
		}
	}
	return 1;
}

/* An optional :port of 1-5 digits at s[*i]. */
static int
port(const char *s, size_t len, size_t *i, const char **why)
{
	size_t p;

	if (*i >= len || s[*i] != ':')
		return 1;
	for (p = *i + 1; p < len && s[p] >= '0' && s[p] <= '9'; p++)
		;
	if (p == *i + 1 || p - *i - 1 > 5) {
		*why = "a port that is not 1 to 5 digits";
		return 0;
	}
	*i = p;
	return 1;
}

int
uri_http_valid(const char *s, size_t len, const char **why)
{
	const char *dummy;
	size_t i;

	if (why == NULL)
		why = &dummy;
	if (len > 8 && ascii_span_casecmp(s, 8, "https://") == 0) {
		i = 8;
	} else if (len > 7 && ascii_span_casecmp(s, 7, "http://") == 0) {
		i = 7;
	} else {
		*why = "not an absolute http:// or https:// URL";
		return 0;
	}
	return host(s, len, &i, why) && port(s, len, &i, why) &&
	       rest(s, len, i, why);
}
