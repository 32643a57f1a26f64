/* SPDX-License-Identifier: MIT */
#include "auth.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xmalloc.h"

/* A copy of s without RFC 5322 comments (nested parentheses, quoted
 * pairs), so "dkim=pass (good signature) header.d=x" reads plainly. */
static char *
strip_comments(const char *s)
{
	struct cp_buf b = {0};
	int depth = 0, quoted = 0;

	for (; *s; s++) {
		if (depth > 0 && *s == '\\' && s[1]) {
			s++;
			continue;
		}
		if (!depth && *s == '"')
			quoted = !quoted;
		if (!quoted && *s == '(') {
			depth++;
			continue;
		}
		if (!quoted && depth && *s == ')') {
			depth--;
			if (!depth)
				cp_buf_addc(&b, ' ');
			continue;
		}
		if (!depth)
			cp_buf_addc(&b, *s);
	}
	return cp_buf_detach(&b);
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The next white-space separated token of *p, NUL-terminated in place. */
static char *
next_token(char **p)
{
	char *s = *p, *t;

	while (is_ws(*s))
		s++;
	if (*s == '\0')
		return NULL;
	t = s;
	while (*s && !is_ws(*s))
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return t;
}

static int
domain_eq(const char *v, const char *domain)
{
	size_t n = strlen(v);

	if (n && v[0] == '"' && v[n - 1] == '"' && n >= 2) {
		v++;
		n -= 2;
	}
	return n == strlen(domain) && strncasecmp(v, domain, n) == 0;
}

/* One "method=result props..." clause: does it confirm domain? */
static int
clause_confirms(char *clause, const char *domain)
{
	char *p = clause, *tok, *eq;
	int dkim = 0, dmarc = 0;

	tok = next_token(&p);
	if (tok == NULL)
		return 0;
	if (strcasecmp(tok, "dkim=pass") == 0)
		dkim = 1;
	else if (strcasecmp(tok, "dmarc=pass") == 0)
		dmarc = 1;
	else
		return 0;
	while ((tok = next_token(&p)) != NULL) {
		eq = strchr(tok, '=');
		if (eq == NULL)
			continue;
		*eq++ = '\0';
		if (dkim && strcasecmp(tok, "header.d") == 0 &&
		    domain_eq(eq, domain))
			return 1;
		if (dkim && strcasecmp(tok, "header.i") == 0 &&
		    strchr(eq, '@') && domain_eq(strchr(eq, '@') + 1, domain))
			return 1;
		if (dmarc && strcasecmp(tok, "header.from") == 0 &&
		    domain_eq(eq, domain))
			return 1;
	}
	return 0;
}

int
auth_domain_confirmed(const struct cp_strlist *results,
		      const char *authserv_id, const char *domain)
{
	size_t i;
	int ok = 0;

	if (authserv_id == NULL || domain == NULL)
		return 0;
	for (i = 0; i < results->n && !ok; i++) {
		char *text = strip_comments(results->v[i]);
		char *p = text, *semi, *id;

		semi = strchr(p, ';');
		if (semi != NULL)
			*semi = '\0';
		id = next_token(&p);
		if (id != NULL && semi != NULL &&
		    strcasecmp(id, authserv_id) == 0) {
			p = semi + 1;
			while (!ok && p != NULL) {
				semi = strchr(p, ';');
				if (semi != NULL)
					*semi = '\0';
				ok = clause_confirms(p, domain);
				p = semi ? semi + 1 : NULL;
			}
		}
		free(text);
	}
	return ok;
}
