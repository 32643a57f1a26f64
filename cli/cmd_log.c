/* SPDX-License-Identifier: MIT */
/*
 * cmd_log.c - log: the changes, newest first, narrowed to entities and
 * entries, a span of time, a sender or a reason (SPEC §5).  The store
 * does the narrowing (store_revisions() with a filter), so that `log -n
 * 20` reads twenty changes however large the history; each change it
 * keeps goes to one printer (a paragraph, or a line with --oneline).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "cli.h"
#include "find.h"
#include "json.h"
#include "pager.h"
#include "print.h"
#include "timeutil.h"
#include "xmalloc.h"

static const char log_usage[] =
	"usage: compendium log [CODE | CODE/MANDATE]... [--since DATE]\n"
	"                      [--until DATE] [--entity CODE] [--sender "
	"ADDRESS]\n"
	"                      [--grep TEXT] [-n N] [--oneline | --json] "
	"[-p]\n"
	"The diff log: one change a paragraph, newest first.\n"
	"  CODE, CODE/MANDATE  only the changes of those entities and "
	"entries\n"
	"  --since DATE        only changes made at or after DATE\n"
	"  --until DATE        only changes made at or before DATE\n"
	"  --entity CODE       as CODE\n"
	"  --sender ADDRESS    only changes sent from ADDRESS (case "
	"ignored)\n"
	"  --grep TEXT         only changes whose reason holds TEXT (case\n"
	"                      ignored)\n"
	"  -n, --max-count N   only the newest N changes\n"
	"  --oneline           one line a change: number, time, "
	"CODE/MANDATE,\n"
	"                      action and sender, tab-separated\n"
	"  --json              a JSON array, one object a change: change, "
	"time,\n"
	"                      sender, message_id, entity, mandate, "
	"version,\n"
	"                      status, action, reverts, reason, by, "
	"by_action\n"
	"  -p, --patch         add the field-by-field diff (word level for\n"
	"                      Summary); with --json the key diff\n"
	"DATE is YYYY-MM-DD (for --since its start, for --until its end; "
	"UTC),\n"
	"today, yesterday, an ISO 8601 time, or Nd or Nw: exactly N days "
	"or\n"
	"N weeks before now.\n";

struct log_run;

/*
 * Prints one change r (prev: the entry's version before it, when the
 * run reads it, else NULL).  A new output format (JSON) is one more of
 * these.
 */
typedef void (*log_printer)(struct log_run *lr, const struct store_revision *r,
			    const struct store_revision *prev);

struct log_run {
	struct cli *c;
	log_printer print;
	int patch;           /* -p: with the diff from prev */
	int need_prev;       /* read the version before each change */
	int count;           /* changes printed so far */
	struct json_list jl; /* --json */
	enum cp_status rc;
	struct cp_error err;
};

/* The paragraph of change_print(), a blank line between two. */
static void
print_paragraph(struct log_run *lr, const struct store_revision *r,
		const struct store_revision *prev)
{
	if (lr->count)
		putchar('\n');
	change_print(r, prev, lr->patch);
}

/* A value of a tab-separated line: tabs and line ends as spaces, then
 * escaped as text from mail is (the result is cli_safe()'s). */
static const char *
one_field(const char *s)
{
	static struct cp_buf b;
	size_t i;

	b.len = 0;
	cp_buf_adds(&b, s);
	for (i = 0; i < b.len; i++)
		if (b.s[i] == '\t' || b.s[i] == '\n' || b.s[i] == '\r')
			b.s[i] = ' ';
	return cli_safe(b.s);
}

/* number TAB time TAB CODE/MANDATE TAB action TAB sender; with -p the
 * diff below it. */
static void
print_oneline(struct log_run *lr, const struct store_revision *r,
	      const struct store_revision *prev)
{
	char act[64];

	printf("%lld\t%s\t%s/%s\t%s\t%s\n", (long long)r->change, r->changed,
	       r->f[FIELD_ENTITY], r->f[FIELD_MANDATE],
	       change_action(r, act, sizeof(act)),
	       r->sender ? one_field(r->sender) : "(maintainer)");
	if (lr->patch)
		change_print_diff(prev, r);
}

/* The object of json_list_change(). */
static void
print_json(struct log_run *lr, const struct store_revision *r,
	   const struct store_revision *prev)
{
	json_list_change(&lr->jl, r, prev, lr->patch);
}

/* One change of the walk: the version before it when wanted, then the
 * printer. */
static int
log_change(const struct store_revision *r, void *arg)
{
	struct log_run *lr = arg;
	struct store_revision prev = {0};
	int have_prev = 0;

	if (lr->need_prev && r->version > 1) {
		lr->rc = store_revision_version(
			lr->c->st, r->f[FIELD_ENTITY], r->f[FIELD_MANDATE],
			r->version - 1, &prev, &lr->err);
		if (lr->rc != CP_OK)
			return 1;
		have_prev = 1;
	}
	lr->print(lr, r, have_prev ? &prev : NULL);
	lr->count++;
	store_revision_clear(&prev);
	return 0;
}

/* The options of log as given, before they are checked. */
struct log_args {
	const char *since, *until, *entity, *sender, *grep, *count;
	int oneline, json;
};

/*
 * Check the options of a (exit 2 on a bad one, naming it) and fill f's
 * bounds, sender, text and limit (f->since and f->until point into since
 * and until).  -1 when all is well.
 */
static int
check_options(const struct log_args *a, struct store_revision_filter *f,
	      char since[CP_TIME_LEN], char until[CP_TIME_LEN])
{
	struct cp_error err = {0};
	char now[CP_TIME_LEN];
	long long n;

	if (a->oneline && a->json)
		return cli_bad_usage(log_usage,
				     "--oneline and --json: give one of them");
	cp_time_now(now);
	if (a->since) {
		if (cp_time_parse_rel(a->since, 0, now, since, &err) != CP_OK)
			return cli_bad_usage(log_usage, "--since: %s", err.msg);
		f->since = since;
	}
	if (a->until) {
		if (cp_time_parse_rel(a->until, 1, now, until, &err) != CP_OK)
			return cli_bad_usage(log_usage, "--until: %s", err.msg);
		f->until = until;
	}
	if (a->count) {
		n = cli_parse_id(a->count);
		if (n < 0)
			return cli_bad_usage(log_usage,
					     "-n: \"%s\" is not a positive "
					     "whole number",
					     a->count);
		f->limit = n;
	}
	if (a->sender && *a->sender == '\0')
		return cli_bad_usage(log_usage, "--sender: no address given");
	f->sender = a->sender;
	f->grep = a->grep;
	return -1;
}

/*
 * The entities and entries named (args, then --entity, always an entity's
 * code) as keys of f, each
 * checked against the store: an unknown one is an error naming what it
 * may have meant.  The keys borrow from codes (owned strings, freed by
 * the caller) and from the store's answers.  0, or -1 after the error.
 */
static int
resolve_keys(struct cli *c, char **args, int nargs, const char *entity,
	     struct store_entry_key *keys, struct cp_strlist *own)
{
	struct store_revision r = {0};
	struct cp_error err = {0};
	char *code = NULL, *mandate = NULL;
	enum cp_status rc;
	int i;

	for (i = 0; i <= nargs; i++) {
		const char *arg = i < nargs ? args[i] : entity;

		if (arg == NULL)
			continue;
		if (i == nargs || strchr(arg, '/') == NULL) {
			if (store_entity_find(c->st, arg, &code, NULL, &err) !=
			    CP_OK) {
				find_entity_error(c, arg);
				return -1;
			}
			cp_strlist_add(own, code);
			free(code);
			keys[i].code = own->v[own->n - 1];
			continue;
		}
		/* Checked by the caller: it splits. */
		(void)find_split_entry(arg, &code, &mandate, NULL);
		rc = store_revision_at(c->st, code, mandate, NULL, &r, &err);
		if (rc != CP_OK) {
			find_entry_error(c, code, mandate, rc, &err);
			free(code);
			free(mandate);
			return -1;
		}
		cp_strlist_add(own, r.f[FIELD_ENTITY]);
		keys[i].code = own->v[own->n - 1];
		cp_strlist_add(own, mandate);
		keys[i].mandate = own->v[own->n - 1];
		store_revision_clear(&r);
		free(code);
		free(mandate);
	}
	return 0;
}

int
cmd_log(struct cli *c, int argc, char **argv)
{
	struct log_run lr;
	struct log_args a = {0};
	const struct cli_opt opts[] = {{"since", 256, &a.since, NULL},
				       {"until", 257, &a.until, NULL},
				       {"entity", 258, &a.entity, NULL},
				       {"sender", 259, &a.sender, NULL},
				       {"grep", 260, &a.grep, NULL},
				       {"oneline", 261, NULL, &a.oneline},
				       {"json", 262, NULL, &a.json},
				       {"max-count", 'n', &a.count, NULL},
				       {"patch", 'p', NULL, &lr.patch},
				       {0}};
	struct store_revision_filter f = {0};
	struct store_entry_key *keys = NULL;
	struct cp_strlist own = {0};
	char since[CP_TIME_LEN], until[CP_TIME_LEN], *code, *mandate;
	int rc, i, nargs;

	memset(&lr, 0, sizeof(lr));
	lr.c = c;
	if ((rc = cli_parse(c, argc, argv, log_usage, opts)) >= 0)
		return rc;
	nargs = argc - optind;
	for (i = optind; i < argc; i++) {
		if (strchr(argv[i], '/') == NULL && *argv[i] != '\0')
			continue;
		if (find_split_entry(argv[i], &code, &mandate, NULL) != 0)
			return cli_bad_usage(log_usage,
					     "\"%s\" is not CODE or "
					     "CODE/MANDATE",
					     argv[i]);
		free(code);
		free(mandate);
	}
	if ((rc = check_options(&a, &f, since, until)) >= 0)
		return rc;
	lr.print = a.json      ? print_json
		   : a.oneline ? print_oneline
			       : print_paragraph;
	lr.need_prev = lr.patch;
	if (cli_open(c, STORE_READ) != 0)
		return EXIT_ERROR;
	cli_pager_start(c);
	keys = xcalloc((size_t)nargs + 1, sizeof(*keys));
	rc = EXIT_ERROR;
	if (resolve_keys(c, argv + optind, nargs, a.entity, keys, &own) != 0)
		goto out;
	/* The keys in order, without the gaps of an absent --entity. */
	for (i = 0; i <= nargs; i++)
		if (keys[i].code)
			keys[f.nonly++] = keys[i];
	f.only = keys;
	json_list_begin(&lr.jl, stdout);
	if (store_revisions(c->st, &f, log_change, &lr, &lr.err) != CP_OK ||
	    lr.rc != CP_OK) {
		cli_error("%s", lr.err.msg);
		goto out;
	}
	if (a.json && json_list_end(&lr.jl) != 0) {
		cli_error("cannot write JSON");
		goto out;
	}
	rc = EXIT_OK;
out:
	cp_strlist_free(&own);
	free(keys);
	return rc;
}
