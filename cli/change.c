/* SPDX-License-Identifier: MIT */
/*
 * change.c - a change as the log shows it (change.h).
 */
#include <stdio.h>
#include <string.h>

#include "change.h"
#include "pager.h"
#include "print.h"
#include "revdiff.h"
#include "revdiff_text.h"
#include "wdiff.h"

/* See change.h. */
int
change_print_diff(const struct store_revision *a,
		  const struct store_revision *b)
{
	struct cp_buf out = {0};
	struct revdiff d;
	size_t shown;

	revdiff_compute(a, b, &d);
	shown = revdiff_text(
		&d, WDIFF_TERM_SAFE | (cli_use_color() ? WDIFF_COLOR : 0u),
		&out);
	if (out.len)
		fwrite(out.s, 1, out.len, stdout);
	cp_buf_free(&out);
	revdiff_free(&d);
	return (int)shown;
}

/* See change.h. */
const char *
change_action_word(const struct store_revision *r)
{
	const char *a = r->f[FIELD_ACTION] ? r->f[FIELD_ACTION] : "update";

	if (strcmp(a, "revert") == 0)
		return "revert";
	if (strcmp(a, "withdraw") == 0)
		return "withdraw";
	return r->version == 1 ? "new" : "update";
}

static const char *
action_text(const struct store_revision *r, char *buf, size_t sz)
{
	const char *a = change_action_word(r);

	if (strcmp(a, "revert") == 0)
		snprintf(buf, sz, "revert of change %lld",
			 (long long)r->reverts);
	else
		snprintf(buf, sz, "%s", a);
	return buf;
}

/* The maintainers' actions that make a change, and the line naming who
 * did it. */
static const struct {
	const char *kind, *label;
} by_labels[] = {
	{"accept", "Accepted-by:"},
	{"revert", "Reverted-by:"},
	{"reprocess", "Reprocessed-by:"},
};

/* The row of by_labels[] of the action that made r, or -1 when none did
 * (mail, or before schema version 4). */
static int
by_index(const struct store_revision *r)
{
	size_t i;

	if (r->action_kind == NULL || r->action_actor == NULL)
		return -1;
	for (i = 0; i < sizeof(by_labels) / sizeof(by_labels[0]); i++)
		if (strcmp(r->action_kind, by_labels[i].kind) == 0)
			return (int)i;
	return -1;
}

/* See change.h. */
const char *
change_by(const struct store_revision *r)
{
	int i = by_index(r);

	return i < 0 ? NULL : by_labels[i].kind;
}

/* See change.h. */
void
change_print(const struct store_revision *r, const struct store_revision *prev,
	     int patch)
{
	char act[64];
	int by;

	printf("change %lld %s\n", (long long)r->change, r->changed);
	printf("    Sender:     %s\n",
	       r->sender ? cli_safe(r->sender) : "(maintainer)");
	if (r->message_id)
		printf("    Message-ID: <%s>\n", cli_safe(r->message_id));
	else
		printf("    Message-ID: (none)\n");
	printf("    Entry:      %s/%s (version %d)\n", r->f[FIELD_ENTITY],
	       r->f[FIELD_MANDATE], r->version);
	printf("    Action:     %s\n", action_text(r, act, sizeof(act)));
	if (r->f[FIELD_REASON])
		cli_print_lines("    Reason:     ", r->f[FIELD_REASON]);
	if ((by = by_index(r)) >= 0)
		printf("    %s %s\n", by_labels[by].label,
		       cli_safe(r->action_actor));
	if (!patch)
		return;
	putchar('\n');
	change_print_diff(prev, r);
}

/* See change.h. */
const char *
change_action(const struct store_revision *r, char *buf, size_t sz)
{
	return action_text(r, buf, sz);
}
