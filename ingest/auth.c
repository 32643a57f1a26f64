/* SPDX-License-Identifier: MIT */
#include "auth.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xmalloc.h"

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Skip the comment that starts at *s == '(' (nested, with quoted pairs);
 * returns the position of its closing ')' or of the NUL. */
static const char *
skip_comment(const char *s)
{
	int depth = 0;

	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		else if (*s == '(')
			depth++;
		else if (*s == ')' && --depth == 0)
			return s;
	}
	return s;
}

/*
 * A copy of s without RFC 5322 comments (nested parentheses, quoted
 * pairs), so "dkim=pass (good signature) header.d=x" reads plainly, and
 * without the white space RFC 8601 allows around '=' ("dkim = pass").
 * Quoted strings are kept as written, escapes included.
 */
static char *
strip_comments(const char *s)
{
	struct cp_buf b = {0};
	int quoted = 0;

	for (; *s; s++) {
		if (quoted && *s == '\\' && s[1]) {
			cp_buf_add(&b, s, 2);
			s++;
			continue;
		}
		if (*s == '"')
			quoted = !quoted;
		if (!quoted && *s == '(') {
			s = skip_comment(s);
			if (*s == '\0')
				break;
			cp_buf_addc(&b, ' ');
			continue;
		}
		if (!quoted && *s == '=') {
			while (b.len && is_ws(b.s[b.len - 1]))
				b.len--;
			cp_buf_addc(&b, '=');
			for (;;) {
				if (is_ws(s[1]))
					s++;
				else if (s[1] == '(' && *skip_comment(s + 1))
					s = skip_comment(s + 1);
				else
					break;
			}
			continue;
		}
		cp_buf_addc(&b, *s);
	}
	return cp_buf_detach(&b);
}

/* The first c in s outside a quoted string, or NULL. */
static char *
find_unquoted(char *s, char c)
{
	int quoted = 0;

	for (; *s; s++) {
		if (quoted && *s == '\\' && s[1])
			s++;
		else if (*s == '"')
			quoted = !quoted;
		else if (!quoted && *s == c)
			return s;
	}
	return NULL;
}

/* The next white-space separated token of *p (a quoted string belongs to
 * its token, white space and all), NUL-terminated in place. */
static char *
next_token(char **p)
{
	char *s = *p, *t;
	int quoted = 0;

	while (is_ws(*s))
		s++;
	if (*s == '\0')
		return NULL;
	t = s;
	for (; *s && (quoted || !is_ws(*s)); s++) {
		if (quoted && *s == '\\' && s[1])
			s++;
		else if (*s == '"')
			quoted = !quoted;
	}
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
	size_t n;

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
		n = strlen(eq);
		if (n >= 2 && eq[0] == '"' && eq[n - 1] == '"') {
			/* a quoted value: "alice@unodc.org" */
			eq[n - 1] = '\0';
			eq++;
		}
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

/* Does the result text (after its authserv-id, up to the end) confirm
 * domain in one of its ';'-separated clauses? */
static int
clauses_confirm(char *p, const char *domain)
{
	char *semi;
	int ok = 0;

	while (!ok && p != NULL) {
		semi = find_unquoted(p, ';');
		if (semi != NULL)
			*semi = '\0';
		ok = clause_confirms(p, domain);
		p = semi ? semi + 1 : NULL;
	}
	return ok;
}

int
auth_domain_confirmed(const struct cp_strlist *results, const char *authserv_id,
		      const char *domain)
{
	size_t i;
	int ok = 0, found = 0;

	if (authserv_id == NULL || domain == NULL)
		return 0;
	/* results are in header order, the topmost first: the receiving
	 * server adds its own on top, and any below it with the same
	 * authserv-id were written by someone else (SPEC §2). */
	for (i = 0; i < results->n && !found; i++) {
		char *text = strip_comments(results->v[i]);
		char *p = text, *semi, *id;

		semi = find_unquoted(p, ';');
		if (semi != NULL)
			*semi = '\0';
		id = next_token(&p);
		if (id != NULL && semi != NULL &&
		    strcasecmp(id, authserv_id) == 0) {
			found = 1;
			ok = clauses_confirm(semi + 1, domain);
		}
		free(text);
	}
	return ok;
}
