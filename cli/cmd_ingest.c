/* SPDX-License-Identifier: MIT */
/*
 * cmd_ingest.c - `compendium ingest FILE...`: every message through
 * ingest_message(), the same call the daemon makes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "print.h"
#include "progress.h"
#include "source.h"
#include "xmalloc.h"

struct run {
	struct cli *c;
	struct ingest_opts o;
	struct progress *bar;
	size_t done;
	size_t count[4]; /* per enum store_status */
	struct cp_error err;
};

void
cli_print_result(const char *label, const struct ingest_result *r)
{
	size_t i;

	printf("%s: message %lld ", label, (long long)r->id);
	if (r->message_id)
		printf("<%s>", cli_safe(r->message_id));
	else
		fputs("(no Message-ID)", stdout);
	printf(": %s", store_status_name(r->status));
	switch (r->status) {
	case STORE_APPLIED:
		if (r->nchanges) {
			fputs(r->nchanges == 1 ? ": change " : ": changes ",
			      stdout);
			for (i = 0; i < r->nchanges; i++)
				printf("%s%lld", i ? ", " : "",
				       (long long)r->changes[i]);
		}
		if (r->unchanged.n) {
			fputs(r->nchanges ? "; unchanged " : ": unchanged ",
			      stdout);
			for (i = 0; i < r->unchanged.n; i++)
				printf("%s%s", i ? ", " : "",
				       cli_safe(r->unchanged.v[i]));
		}
		break;
	case STORE_HELD:
		if (r->held_reason)
			printf(": %s", cli_safe(r->held_reason));
		break;
	case STORE_DUPLICATE:
		printf(" of message %lld", (long long)r->duplicate_of);
		break;
	case STORE_REJECTED:
		break;
	}
	putchar('\n');
	for (i = 0; i < r->errors.n; i++)
		printf("    %s\n", cli_safe(r->errors.v[i]));
	for (i = 0; i < r->warnings.n; i++)
		printf("    warning: %s\n", cli_safe(r->warnings.v[i]));
}

/* source_cb: one message, of size bytes as IMAP counts them (raw holds
 * only its start when that is over the limit: it is stored rejected). */
static enum cp_status
one(const char *raw, size_t len, size_t size, const char *label, void *arg)
{
	struct run *run = arg;
	struct ingest_result r;
	struct ingest_opts o = run->o;
	enum cp_status rc;

	o.source = label;
	o.whole_size = size;
	rc = ingest_message(run->c->st, raw, len, &o, &r, &run->err);
	if (rc != CP_OK)
		return rc;
	if (run->bar)
		progress_clear(run->bar);
	cli_print_result(label, &r);
	run->count[r.status]++;
	ingest_result_clear(&r);
	if (run->bar)
		progress_step(run->bar, ++run->done);
	return CP_OK;
}

int
cmd_ingest(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium ingest FILE...\n"
		"Reads messages from .eml files, Maildir folders (new/ and "
		"cur/),\n"
		"mbox files, or - (standard input), exactly as compendiumd "
		"does.\n"
		"Prints a line per message and a summary; exits 1 when any "
		"message\n"
		"was rejected.\n";
	struct run run;
	size_t total = 0, n;
	int i, failed = 0, rc = cli_parse(c, argc, argv, usage, NULL);

	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return cli_bad_usage(usage, "no FILE given");
	if (cli_open(c, 0) != 0)
		return EXIT_ERROR;
	memset(&run, 0, sizeof(run));
	run.c = c;
	cli_ingest_opts(c, &run.o);
	if (isatty(STDERR_FILENO)) {
		for (i = optind; i < argc; i++)
			total += source_count(argv[i]);
		run.bar = progress_new(stderr, total);
	}
	for (i = optind; i < argc; i++) {
		memset(&run.err, 0, sizeof(run.err));
		if (source_each(argv[i], run.o.lim, one, &run, &run.err) !=
		    CP_OK) {
			if (run.bar)
				progress_clear(run.bar);
			cli_error("%s", run.err.msg);
			failed = 1;
			if (run.err.code == CP_EDB || run.err.code == CP_ENEWER)
				break; /* the store failed: stop, lose nothing */
		}
	}
	progress_free(run.bar);
	n = run.count[0] + run.count[1] + run.count[2] + run.count[3];
	printf("%zu message%s: %zu applied, %zu rejected, %zu held, "
	       "%zu duplicate\n",
	       n, n == 1 ? "" : "s", run.count[STORE_APPLIED],
	       run.count[STORE_REJECTED], run.count[STORE_HELD],
	       run.count[STORE_DUPLICATE]);
	return failed || run.count[STORE_REJECTED] ? EXIT_ERROR : EXIT_OK;
}
