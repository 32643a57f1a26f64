/* SPDX-License-Identifier: MIT */
/*
 * rfc2231.c - parameter values of header fields, as file names are
 * written: RFC 2231 continuations (name*0=, name*1=, ...), charsets and
 * %XX escapes (name*=charset'lang'value), or a plain value that may hold
 * RFC 2047 encoded words (as some clients write them).
 */
#include "mime_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"

static const char *
param_get(const struct rfc2231_param *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].name != NULL && v[i].value != NULL &&
		    strcasecmp(v[i].name, name) == 0)
			return v[i].value;
	return NULL;
}

/* Percent-decode into b. */
static void
pct_decode_into(struct cp_buf *b, const char *s)
{
	int h, l;

	for (; *s != '\0'; s++) {
		if (*s == '%' && (h = hexval(s[1])) >= 0 &&
		    (l = hexval(s[2])) >= 0) {
			cp_buf_addc(b, (char)(h << 4 | l));
			s += 2;
		} else
			cp_buf_addc(b, *s);
	}
}

/* Skip "charset'lang'" of an RFC 2231 extended value, keeping charset. */
static const char *
ext_charset(const char *v, char *cs, size_t cssz)
{
	const char *q1, *q2;
	size_t cl;

	if ((q1 = strchr(v, '\'')) == NULL ||
	    (q2 = strchr(q1 + 1, '\'')) == NULL)
		return v;
	cl = (size_t)(q1 - v);
	if (cl < cssz) {
		memcpy(cs, v, cl);
		cs[cl] = '\0';
	}
	return q2 + 1;
}

/*
 * See mime_priv.h.  From the RFC 2231 form (base*=, or the pieces
 * base*0[*]=, base*1[*]=, ...) when given, else from base= (RFC 2047
 * words decoded).  Control characters become spaces.
 */
char *
rfc2231_param_value(const struct rfc2231_param *v, size_t n, const char *base)
{
	struct cp_buf raw = {0};
	char key[80], cs[64] = "";
	const char *val;
	char *u = NULL;
	size_t ul, nr, k;
	int ext;

	snprintf(key, sizeof(key), "%s*", base);
	if ((val = param_get(v, n, key)) != NULL) {
		/* name*=charset'lang'value */
		pct_decode_into(&raw, ext_charset(val, cs, sizeof(cs)));
		k = 1;
	} else {
		/* name*0[*]=, name*1[*]=, ...: one value in pieces */
		for (k = 0; k < 100; k++) {
			ext = 1;
			snprintf(key, sizeof(key), "%s*%zu*", base, k);
			if ((val = param_get(v, n, key)) == NULL) {
				ext = 0;
				snprintf(key, sizeof(key), "%s*%zu", base, k);
				if ((val = param_get(v, n, key)) == NULL)
					break;
			}
			if (ext && k == 0)
				val = ext_charset(val, cs, sizeof(cs));
			if (ext)
				pct_decode_into(&raw, val);
			else
				cp_buf_adds(&raw, val);
		}
	}
	if (k == 0) {
		if ((val = param_get(v, n, base)) != NULL)
			return rfc2047_decode(val, strlen(val));
		return NULL;
	}
	if (cs[0] == '\0' || charset_to_utf8(cs, raw.s ? raw.s : "", raw.len,
					     &u, &ul, &nr) != CP_OK)
		charset_to_utf8("utf-8", raw.s ? raw.s : "", raw.len, &u, &ul,
				&nr);
	cp_buf_free(&raw);
	blank_controls(u, ul);
	return u;
}
