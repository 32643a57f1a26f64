/* SPDX-License-Identifier: MIT */
/*
 * change.c - a change as the log shows it (change.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "pager.h"
#include "print.h"
#include "revdiff.h"
#include "wdiff.h"
#include "xmalloc.h"

/* The colour of a removed ('-') or added ('+') line, as the word diff
 * colours its words (base/wdiff.h); NULL when not colouring. */
static const char *
sign_color(char sign)
{
	if (!cli_use_color())
		return NULL;
	return sign == '-' ? "\033[31m" : "\033[32m";
}

/* Each item, as "<indent><sign> item". */
static void
print_items(const struct revdiff_items *l, char sign)
{
	const char *color = sign_color(sign);
	size_t i;

	for (i = 0; i < l->n; i++)
		printf("%s      %c %s%s\n", color ? color : "", sign,
		       cli_safe_n(l->v[i].s, l->v[i].len),
		       color ? "\033[m" : "");
}

/* A value's lines as removed ('-') or added ('+'); nothing when absent. */
static void
print_side(const char *v, char sign)
{
	char indent[] = "      - ";

	indent[6] = sign;
	if (v)
		cli_print_lines_color(sign_color(sign), indent, v);
}

/* See change.h. */
int
change_print_diff(const struct store_revision *a,
		  const struct store_revision *b)
{
	struct cp_buf out = {0};
	struct revdiff d;
	size_t i;
	int shown;

	revdiff_compute(a, b, &d);
	shown = d.status_changed + (int)d.n;
	if (d.status_changed)
		printf("    Status: %s -> %s\n", d.old_status, d.new_status);
	for (i = 0; i < d.n; i++) {
		const struct revdiff_field *fd = &d.v[i];

		if (fd->reordered) {
			printf("    %s (order changed):\n",
			       field_name(fd->field));
			print_side(fd->old_value, '-');
			print_side(fd->new_value, '+');
			continue;
		}
		printf("    %s:\n", field_name(fd->field));
		if (field_is_list(fd->field)) {
			print_items(&fd->removed, '-');
			print_items(&fd->added, '+');
		} else if (fd->field == FIELD_SUMMARY && fd->old_value &&
			   fd->new_value) {
			wdiff_render_ops(
				fd->words, fd->nwords, &out,
				WDIFF_TERM_SAFE |
					(cli_use_color() ? WDIFF_COLOR : 0));
			cli_print_safe_lines("      ", out.s ? out.s : "");
			cp_buf_free(&out);
		} else {
			print_side(fd->old_value, '-');
			print_side(fd->new_value, '+');
		}
	}
	revdiff_free(&d);
	return shown;
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
