/* SPDX-License-Identifier: MIT */
/*
 * cmd_outbox.c - `compendium outbox [--status STATUS] [--json]`: the
 * receipts queued, sent, failed or suppressed (SPEC §7), one a line;
 * `compendium outbox --show ID`: one receipt as it is (or would be) sent.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "json.h"
#include "print.h"
#include "receipt_make.h"
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

/* Receipt id as its bytes: those saved when it was first sent, or built
 * now (not saved: a reader) when it was not.  The bytes are the
 * compendium's own (printable ASCII, quoted-printable or RFC 2047 for the
 * rest), written as they are. */
static int
show(struct cli *c, const char *usage, const char *arg)
{
	struct store_outbox o = {0};
	struct cp_error err = {0};
	enum cp_status rc;
	char *end;
	long long id = strtoll(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || id <= 0)
		return cli_bad_usage(usage, "\"%s\" is not a receipt ID",
				     cli_safe(arg));
	if (cli_open(c, STORE_READ) != 0)
		return EXIT_ERROR;
	rc = store_outbox_by_id(c->st, id, &o, &err);
	if (rc == CP_ENOTFOUND) {
		cli_error("no receipt %lld", id);
		return EXIT_ERROR;
	}
	if (rc == CP_OK)
		rc = receipt_bytes(c->st, &o, 0, &c->cfg.limits, &err);
	if (rc != CP_OK) {
		cli_error("%s", err.msg);
		store_outbox_clear(&o);
		return EXIT_ERROR;
	}
	fwrite(o.bytes, 1, o.len, stdout);
	store_outbox_clear(&o);
	return EXIT_OK;
}

int
cmd_outbox(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium outbox [--status STATUS] [--json]\n"
		"       compendium outbox --show ID\n"
		"Lists the receipts to senders: ID, time queued, status,\n"
		"recipient, kind, the answered message's Message-ID\n"
		"(tab-separated), oldest first.  STATUS is queued, sent, "
		"failed\n"
		"or suppressed.  --json: a JSON array of objects: id, "
		"created,\n"
		"status, recipient, kind, message, message_id,\n"
		"receipt_message_id, attempts, next_attempt, last_error,\n"
		"sent_at.  --show ID: receipt ID as sent (its bytes, CRLF\n"
		"lines), or as it would be sent now when it was not yet.\n";
	const char *name = NULL, *id = NULL;
	int json = 0;
	const struct cli_opt opts[] = {{"status", 's', &name, NULL},
				       {"json", 256, NULL, &json},
				       {"show", 257, &id, NULL},
				       {0}};
	struct json_list jl;
	struct cp_error err = {0};
	int status = -1, rc = cli_parse(c, argc, argv, usage, opts);

	if (rc >= 0)
		return rc;
	if (name != NULL && (status = store_outbox_status_parse(name)) < 0)
		return cli_bad_usage(usage, "unknown status \"%s\"", name);
	if (optind != argc)
		return cli_bad_usage(usage, "outbox takes no arguments");
	if (id != NULL && (name != NULL || json))
		return cli_bad_usage(
			usage, "--show takes neither --status nor --json");
	if (id != NULL)
		return show(c, usage, id);
	if (cli_open(c, STORE_READ) != 0)
		return EXIT_ERROR;
	if (json)
		json_list_begin(&jl, stdout);
	if (store_outbox_list(c->st, status,
			      json ? json_list_outbox : print_one, &jl,
			      &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	if (json)
		json_list_end(&jl);
	return EXIT_OK;
}
