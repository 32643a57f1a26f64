/* SPDX-License-Identifier: MIT */
/*
 * cmd_message.c - message ID [--raw]: one stored message as the parser
 * reads it, so that a held message can be read before it is accepted.
 *
 * The output is a list of sections, each a function of struct shown:
 * the header (as `messages` prints it), the text of each part with what
 * the parser made of every line, the entries as parsed, the errors and
 * warnings of that reading; after the header the maintainers' actions on
 * the message, and last, for a held or rejected message, what it would
 * change now.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "entry_write.h"
#include "json.h"
#include "message.h"
#include "msgsize.h"
#include "pager.h"
#include "plan.h"
#include "print.h"

/* What the sections print. */
struct shown {
	struct cli *c; /* its store, for the actions and the plan */
	const struct store_message *m;
	int header_only; /* stored from its header block only */
	struct message_parsed p;
	struct message_text t;
};

/* The gutter of each line role (docs/CLI.md, `message`). */
static const char *const gutter[] = {
	[MESSAGE_LINE_ENTRY] = "  ",     [MESSAGE_LINE_PROSE] = ". ",
	[MESSAGE_LINE_BLANK] = "  ",     [MESSAGE_LINE_QUOTED] = "> ",
	[MESSAGE_LINE_SIGNATURE] = "# ",
};

static void
section_header(const struct shown *s)
{
	cli_print_message(s->m, NULL);
	if (s->header_only)
		printf("    stored from its header block only (%lld bytes, "
		       "over the size limit when it was read): its text was "
		       "not kept\n",
		       (long long)s->m->size);
}

/* Each line: gutter, line number, the line escaped. */
static void
section_text(const struct shown *s)
{
	const struct message_text_part *tp;
	const struct text_line *l;
	size_t i, j;

	for (i = 0; i < s->t.n; i++) {
		tp = &s->t.v[i];
		printf("\ntext of %s:\n", cli_safe(tp->name));
		for (j = 0; j < tp->lines.n; j++) {
			l = &tp->lines.v[j];
			if (l->len == 0) {
				printf("%s%4u\n", gutter[tp->role[j]],
				       l->lineno);
				continue;
			}
			printf("%s%4u  %s\n", gutter[tp->role[j]], l->lineno,
			       cli_safe_n(l->text, l->len));
		}
	}
}

static void
section_entries(const struct shown *s)
{
	const struct entry *e;
	struct cp_buf b = {0};
	size_t i;
	int f;

	if (s->p.entries.n == 0)
		return;
	printf("\nentries:\n");
	for (i = 0; i < s->p.entries.n; i++) {
		e = &s->p.entries.v[i];
		printf("%s%s line %u:\n", i ? "\n" : "", cli_safe(e->part),
		       e->lineno);
		/* as a focal point would mail it (entry_write.h), which
		 * the parser reads back to these values; a value no mail
		 * can carry, field by field as stored */
		if (entry_write((const char *const *)e->val, 0, &b) == CP_OK) {
			cli_print_lines("", b.s);
			cp_buf_free(&b);
			continue;
		}
		for (f = 0; f < FIELD_COUNT; f++)
			if (e->val[f] != NULL) {
				printf("%s:\n", field_name((enum field_id)f));
				cli_print_lines(" ", e->val[f]);
			}
	}
}

static void
print_list(const char *title, const struct cp_strlist *l)
{
	size_t i;

	if (l->n == 0)
		return;
	printf("\n%s:\n", title);
	for (i = 0; i < l->n; i++)
		cli_print_lines("    ", l->v[i]);
}

static void
section_errors(const struct shown *s)
{
	if (s->header_only)
		return;
	print_list("errors, as read now", &s->p.errors);
	if (s->p.mm != NULL)
		print_list("warnings, as read now", &s->p.mm->warnings);
}

static int
print_action(const struct store_action *a, void *arg)
{
	int *n = arg;

	if ((*n)++ == 0)
		printf("\nactions:\n");
	printf("    %s\t%s\t%s", a->at ? a->at : "?",
	       store_action_kind_name(a->kind), cli_safe(a->actor));
	if (a->detail != NULL)
		printf("\t%s", cli_safe(a->detail));
	putchar('\n');
	return 0;
}

/* Who did what to the message, oldest first (a database from before
 * schema version 4 recorded nothing). */
static void
section_actions(const struct shown *s)
{
	struct cp_error err = {0};
	int n = 0;

	if (store_message_actions(s->c->st, s->m->id, print_action, &n, &err) !=
	    CP_OK)
		cli_error("%s", err.msg);
}

/* The action whose effect now the message shows into *a (accept for a
 * held message, reprocess for a rejected one whose text was kept); 0
 * when it has none. */
static int
plan_action(const struct shown *s, enum ingest_action *a)
{
	if (s->m->status == STORE_HELD)
		*a = INGEST_ACCEPT;
	else if (s->m->status == STORE_REJECTED && !s->header_only)
		*a = INGEST_REPROCESS;
	else
		return 0;
	return 1;
}

/* A held message: what accepting it would change now; a rejected one:
 * what reprocessing it would.  As `held -p` shows it. */
static void
section_plan(const struct shown *s)
{
	enum ingest_action a;
	struct ingest_plan p;
	struct ingest_opts o;
	struct cp_error err = {0};

	if (!plan_action(s, &a))
		return;
	printf("\nif %s now:\n",
	       a == INGEST_ACCEPT ? "accepted" : "reprocessed");
	cli_ingest_opts(s->c, &o);
	if (ingest_plan_message(s->c->st, s->m->id, a, &o, &p, &err) != CP_OK) {
		cli_print_lines("    would not apply: ", err.msg);
		return;
	}
	plan_print_held(&p);
	ingest_plan_clear(&p);
}

/* In order. */
static void (*const sections[])(const struct shown *) = {
	section_header,  section_actions, section_text,
	section_entries, section_errors,  section_plan,
};

/* `--json`: the sections as one object (json_print_message()). */
static int
print_json(const struct shown *s)
{
	struct json_message jm = {0};
	struct ingest_plan p;
	struct ingest_opts o;
	struct cp_error err = {0}, perr = {0};
	int rc = EXIT_OK;

	jm.m = s->m;
	jm.header_only = s->header_only;
	jm.p = &s->p;
	jm.t = &s->t;
	if ((jm.planned = plan_action(s, &jm.action)) != 0) {
		cli_ingest_opts(s->c, &o);
		if (ingest_plan_message(s->c->st, s->m->id, jm.action, &o, &p,
					&perr) == CP_OK)
			jm.plan = &p;
		else
			jm.plan_error = perr.msg;
	}
	if (json_print_message(stdout, s->c->st, &jm, &err) != 0) {
		cli_error("%s", err.msg[0] ? err.msg : "cannot write JSON");
		rc = EXIT_ERROR;
	}
	if (jm.plan)
		ingest_plan_clear(&p);
	return rc;
}

/* The stored bytes as they are, binary-safe. */
static int
print_raw(const struct store_message *m, const char *raw, size_t len,
	  int header_only)
{
	if (header_only)
		cli_error("message %lld was stored from its header block only "
			  "(%lld bytes, over the size limit when it was "
			  "read): these are the bytes kept",
			  (long long)m->id, (long long)m->size);
	if ((len > 0 && fwrite(raw, 1, len, stdout) != len) ||
	    fflush(stdout) != 0) {
		cli_error("standard output: cannot write message %lld",
			  (long long)m->id);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int
cmd_message(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium message ID [--raw | --json]\n"
		"Shows stored message ID: its line as `messages` shows it, "
		"the text\n"
		"of each part as read (a gutter marks each line: two spaces "
		"read\n"
		"as part of an entry, `. ` prose, `> ` quoted, `# ` "
		"signature;\n"
		"then the line number), its entries as parsed, and the "
		"errors\n"
		"and warnings of that reading.\n"
		"  --raw   the stored bytes exactly, nothing else\n"
		"  --json  all of it as a JSON array of one object\n";
	int raw_flag = 0, json = 0, rc;
	const struct cli_opt opts[] = {
		{"raw", 256, NULL, &raw_flag}, {"json", 257, NULL, &json}, {0}};
	struct store_message m;
	struct cp_error err = {0};
	struct shown s;
	char *raw = NULL;
	size_t len = 0, i;
	long long id;

	if ((rc = cli_parse(c, argc, argv, usage, opts)) >= 0)
		return rc;
	if (argc - optind != 1)
		return cli_bad_usage(usage, "expected one message ID");
	if (raw_flag && json)
		return cli_bad_usage(usage,
				     "--raw and --json: give one of them");
	if ((id = cli_parse_id(argv[optind])) < 0)
		return cli_bad_usage(usage, "\"%s\" is not a message ID",
				     argv[optind]);
	if (cli_open(c, STORE_READ) != 0)
		return EXIT_ERROR;
	if (store_message_get(c->st, id, &m, &raw, &len, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	memset(&s, 0, sizeof(s));
	s.c = c;
	s.m = &m;
	s.header_only = m.size > 0 && (uint64_t)m.size > msgsize_of(raw, len);
	if (raw_flag) {
		rc = print_raw(&m, raw, len, s.header_only);
	} else {
		cli_pager_start(c);
		if (!s.header_only)
			message_read(raw, len, msgsize_of(raw, len),
				     &c->cfg.limits, &s.p, &s.t);
		rc = EXIT_OK;
		if (json)
			rc = print_json(&s);
		else
			for (i = 0; i < sizeof(sections) / sizeof(sections[0]);
			     i++)
				sections[i](&s);
		message_parsed_free(&s.p);
		message_text_free(&s.t);
	}
	store_message_clear(&m);
	free(raw);
	return rc;
}
