/* SPDX-License-Identifier: MIT */
/*
 * plan.c - what a command would do (plan.h).
 */
#include "plan.h"

#include <stdio.h>

#include "change.h"
#include "cli.h"
#include "print.h"

void
plan_print_changes(const struct ingest_change *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			putchar('\n');
		change_print(&v[i].rev, v[i].prev.version ? &v[i].prev : NULL,
			     1);
	}
}

/* The entries the message would leave as they are, one line each. */
static void
print_unchanged(const struct ingest_result *r, const char *indent)
{
	size_t i;

	for (i = 0; i < r->unchanged.n; i++)
		printf("%sunchanged: %s\n", indent,
		       cli_safe(r->unchanged.v[i]));
}

int
plan_print_message(const struct ingest_plan *p, long long id,
		   enum ingest_action a)
{
	const struct ingest_result *r = &p->result;
	size_t i;

	if (r->status == STORE_APPLIED) {
		if (p->n == 0)
			printf("message %lld would change nothing\n", id);
		plan_print_changes(p->v, p->n);
		if (p->n && r->unchanged.n)
			putchar('\n');
		print_unchanged(r, "");
		return EXIT_OK;
	}
	if (r->status == STORE_HELD && a == INGEST_REPROCESS) {
		printf("message %lld would be held: %s\n", id,
		       cli_safe(r->held_reason));
		return EXIT_OK;
	}
	if (a == INGEST_ACCEPT)
		cli_error("message %lld cannot be applied; it would stay "
			  "held:",
			  id);
	else
		cli_error("message %lld would be rejected:", id);
	for (i = 0; i < r->errors.n; i++)
		fprintf(stderr, "    %s\n", cli_safe(r->errors.v[i]));
	return EXIT_ERROR;
}

void
plan_print_held(const struct ingest_plan *p)
{
	const struct ingest_result *r = &p->result;
	size_t i;

	if (r->status != STORE_APPLIED) {
		for (i = 0; i < r->errors.n; i++)
			printf("    would not apply: %s\n",
			       cli_safe(r->errors.v[i]));
		return;
	}
	if (p->n == 0)
		printf("    would change nothing\n");
	print_unchanged(r, "    ");
	if (p->n == 0)
		return;
	putchar('\n');
	plan_print_changes(p->v, p->n);
}
