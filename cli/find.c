/* SPDX-License-Identifier: MIT */
/*
 * find.c - naming entries on the command line, and "did you mean"
 * (find.h).
 */
#include "find.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

int
find_split_entry(const char *arg, char **code_out, char **mandate_out,
		 int *version_out)
{
	/* A mandate never holds '@' (1-64 of A-Z a-z 0-9 . / _ -). */
	const char *at = version_out ? strrchr(arg, '@') : NULL;
	long long n = 0;
	char *name;
	int rc;

	if (version_out)
		*version_out = 0;
	if (at == NULL)
		return cli_split_entry(arg, code_out, mandate_out);
	n = cli_parse_id(at + 1);
	if (n < 0 || n > 0x7fffffff)
		return -1;
	name = xstrndup(arg, (size_t)(at - arg));
	rc = cli_split_entry(name, code_out, mandate_out);
	free(name);
	if (rc == 0)
		*version_out = (int)n;
	return rc;
}

/* "; did you mean A, B or C?" for the names in l, or nothing. */
static void
did_you_mean(const struct cp_strlist *l, struct cp_buf *b)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		cp_buf_addf(b, "%s%s",
			    i == 0          ? "; did you mean "
			    : i + 1 == l->n ? " or "
					    : ", ",
			    l->v[i]);
	if (l->n)
		cp_buf_addc(b, '?');
}

void
find_entry_error(struct cli *c, const char *code, const char *mandate,
		 enum cp_status rc, const struct cp_error *err)
{
	struct store_revision r = {0};
	struct cp_strlist near = {0};
	struct cp_error e2 = {0};
	struct cp_buf msg = {0};
	char *name;

	if (rc != CP_ENOTFOUND) {
		cli_error("%s", err->msg);
		return;
	}
	/* Not found: a version or a date it lacks, or no such entry? */
	rc = store_revision_at(c->st, code, mandate, NULL, &r, &e2);
	store_revision_clear(&r);
	if (rc != CP_ENOTFOUND) {
		cli_error("%s", rc == CP_OK ? err->msg : e2.msg);
		return;
	}
	name = xasprintf("%s/%s", code, mandate);
	cp_buf_addf(&msg, "no entry %s", name);
	if (store_entry_suggest(c->st, name, FIND_SUGGEST_DISTANCE,
				FIND_SUGGEST_MAX, &near, &e2) == CP_OK)
		did_you_mean(&near, &msg);
	cli_error("%s", msg.s);
	cp_buf_free(&msg);
	cp_strlist_free(&near);
	free(name);
}

void
find_entity_error(struct cli *c, const char *code)
{
	struct cp_strlist near = {0};
	struct cp_error err = {0};
	struct cp_buf msg = {0};

	cp_buf_addf(&msg, "unknown entity \"%s\"", code);
	if (store_entity_suggest(c->st, code, FIND_SUGGEST_DISTANCE,
				 FIND_SUGGEST_MAX, &near, &err) == CP_OK)
		did_you_mean(&near, &msg);
	cli_error("%s", msg.s);
	cp_buf_free(&msg);
	cp_strlist_free(&near);
}
