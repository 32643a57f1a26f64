/* SPDX-License-Identifier: MIT */
/*
 * cmd_outbox.c - `compendium outbox [--status STATUS] [--json]`: the
 * receipts queued, sent, failed or suppressed (SPEC §7), one a line.
 */
#include <stdio.h>

#include "cli.h"
#include "json_outbox.h"
#include "print.h"
#include "store_outbox.h"

/* One field of a line: "-" for none, tabs as spaces, escaped. */
static void
field(const char *s)
{
	if (s == NULL) {
		fputs("-", stdout);
		return;
	}
	for (s = cli_safe(s); *s; s++)
		putchar(*s == '\t' ? ' ' : *s);
}

/* ID, time, status, recipient, kind, the original Message-ID. */
static int
print_one(const struct store_outbox *o, void *arg)
{
	(void)arg;
	printf("%lld\t%s\t%s\t", (long long)o->id, o->created,
	       store_outbox_status_name(o->status));
	field(o->recipient);
	printf("\t%s\t", o->kind);
	if (o->orig_message_id) {
		putchar('<');
		field(o->orig_message_id);
		putchar('>');
	} else {
		fputs("-", stdout);
	}
	putchar('\n');
	return 0;
}

int
cmd_outbox(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium outbox [--status STATUS] [--json]\n"
		"Lists the receipts to senders: ID, time queued, status,\n"
		"recipient, kind, the answered message's Message-ID\n"
		"(tab-separated), oldest first.  STATUS is queued, sent, "
		"failed\n"
		"or suppressed.  --json: a JSON array of objects: id, "
		"created,\n"
		"status, recipient, kind, message, message_id,\n"
		"receipt_message_id, attempts, next_attempt, last_error,\n"
		"sent_at.\n";
	const char *name = NULL;
	int json = 0;
	const struct cli_opt opts[] = {
		{"status", 's', &name, NULL}, {"json", 256, NULL, &json}, {0}};
	struct json_outbox jl = {stdout, 0};
	struct cp_error err = {0};
	int status = -1, rc = cli_parse(c, argc, argv, usage, opts);

	if (rc >= 0)
		return rc;
	if (name != NULL && (status = store_outbox_status_parse(name)) < 0)
		return cli_bad_usage(usage, "unknown status \"%s\"", name);
	if (optind != argc)
		return cli_bad_usage(usage, "outbox takes no arguments");
	if (cli_open(c, STORE_READ) != 0)
		return EXIT_ERROR;
	if (store_outbox_list(c->st, status, json ? json_outbox_add : print_one,
			      &jl, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	if (json)
		json_outbox_end(&jl);
	return EXIT_OK;
}
