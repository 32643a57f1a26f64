/* SPDX-License-Identifier: MIT */
/*
 * cmd_admin.c - init, entity, focal-point, held, accept, reject, messages,
 * reprocess.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "pager.h"
#include "plan.h"
#include "print.h"
#include "xmalloc.h"

/* Who added an entity or a focal point, when it was not recorded (before
 * schema version 4). */
#define UNKNOWN_ACTOR "(unknown)"

/* A field of a tab-separated line: escaped, tabs as spaces, "-" when
 * absent. */
static void
print_field(const char *s)
{
	if (s == NULL) {
		fputs("-", stdout);
		return;
	}
	for (s = cli_safe(s); *s; s++)
		putchar(*s == '\t' ? ' ' : *s);
}

/* Each line of lines, indented, after prefix. */
static void
print_indented(const char *lines, const char *prefix)
{
	char *indent = xasprintf("    %s", prefix);

	cli_print_lines(indent, lines);
	free(indent);
}

int
cmd_init(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium init [--db FILE]\n"
		"Creates the database, or upgrades it to this program's "
		"schema.\n";
	int rc = cli_parse(c, argc, argv, usage, NULL);

	if (rc >= 0)
		return rc;
	if (optind != argc)
		return cli_bad_usage(usage, "init takes no arguments");
	if (cli_open(c, STORE_CREATE) != 0)
		return EXIT_ERROR;
	printf("database %s ready (schema version %d)\n",
	       c->db_path ? c->db_path : c->cfg.database, STORE_SCHEMA_VERSION);
	return EXIT_OK;
}

static int
valid_entity_code(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 1 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

int
cmd_entity(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium entity add CODE --name NAME\n"
		"       compendium entity list\n"
		"CODE is 1-32 of A-Z a-z 0-9 - (e.g. UN-Women).\n";
	const char *name = NULL;
	const struct cli_opt opts[] = {{"name", 'n', &name, NULL}, {0}};
	struct store_entity *v = NULL;
	struct cp_error err = {0};
	const char *actor;
	size_t n = 0, i;
	int rc = cli_parse(c, argc, argv, usage, opts);

	if (rc >= 0)
		return rc;
	if (optind < argc && strcmp(argv[optind], "list") == 0) {
		if (optind + 1 != argc)
			return cli_bad_usage(usage, "list takes no arguments");
		if (cli_open(c, STORE_READ) != 0)
			return EXIT_ERROR;
		if (store_entities(c->st, &v, &n, &err) != CP_OK) {
			cli_error("%s", err.msg);
			return EXIT_ERROR;
		}
		for (i = 0; i < n; i++) {
			printf("%s\t%s\t%d current entries\t%s\t", v[i].code,
			       v[i].name, v[i].nentries, v[i].created);
			print_field(v[i].created_by ? v[i].created_by
						    : UNKNOWN_ACTOR);
			putchar('\n');
		}
		store_entities_free(v, n);
		return EXIT_OK;
	}
	if (optind >= argc || strcmp(argv[optind], "add") != 0)
		return cli_bad_usage(usage, "expected `add` or `list`");
	if (optind + 2 != argc)
		return cli_bad_usage(usage, "entity add takes one CODE");
	if (name == NULL || *name == '\0')
		return cli_bad_usage(usage, "entity add needs --name NAME");
	if (!valid_entity_code(argv[optind + 1])) {
		cli_error(
			"\"%s\" is not an entity code (1-32 of A-Z a-z 0-9 -)",
			argv[optind + 1]);
		return EXIT_ERROR;
	}
	if (cli_open(c, STORE_WRITE) != 0 || (actor = cli_actor(c)) == NULL)
		return EXIT_ERROR;
	if (store_entity_add(c->st, argv[optind + 1], name, actor, &err) !=
	    CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	printf("entity %s registered\n", argv[optind + 1]);
	return EXIT_OK;
}

/* A line of store_focal_list() as `focal-point list` prints it: CODE,
 * address, when it was added, by whom (UNKNOWN_ACTOR when not recorded),
 * the registered name ("-" when none).  The two last are the people's
 * own words: through the escaper. */
static void
print_focal(const char *line)
{
	const char *by = line, *name;
	char *who;
	int tabs;

	for (tabs = 0; tabs < 3 && by != NULL; tabs++)
		if ((by = strchr(by, '\t')) != NULL)
			by++;
	if (by == NULL || (name = strchr(by, '\t')) == NULL) {
		print_field(line); /* not a line of five columns: as it is */
		putchar('\n');
		return;
	}
	who = xstrndup(by, (size_t)(name - by));
	printf("%.*s", (int)(by - line), line);
	print_field(*who != '\0' ? who : UNKNOWN_ACTOR);
	putchar('\t');
	print_field(name[1] != '\0' ? name + 1 : NULL);
	putchar('\n');
	free(who);
}

/* An address as SPEC §2 compares it: local@domain, no white space. */
static int
valid_address(const char *s)
{
	const char *at = strchr(s, '@');
	size_t i;

	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@'))
		return 0;
	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == '<' || s[i] == '>')
			return 0;
	return 1;
}

int
cmd_focal_point(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium focal-point add CODE ADDRESS [--name NAME]\n"
		"       compendium focal-point remove CODE ADDRESS\n"
		"       compendium focal-point list [CODE]\n"
		"--name: the person's name, which the published revision "
		"history\n"
		"shows with the entity instead of the address.\n";
	struct cp_strlist l = {0};
	struct cp_error err = {0};
	const char *verb, *actor, *name = NULL, *why;
	const struct cli_opt opts[] = {{"name", 256, &name, NULL}, {0}};
	enum cp_status st;
	size_t i;
	int rc = cli_parse(c, argc, argv, usage, opts);

	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return cli_bad_usage(usage, "expected add, remove or list");
	verb = argv[optind];
	if (strcmp(verb, "list") == 0) {
		if (argc - optind > 2)
			return cli_bad_usage(usage, "list takes at most CODE");
		if (name != NULL)
			return cli_bad_usage(usage,
					     "--name goes with add only");
		if (cli_open(c, STORE_READ) != 0)
			return EXIT_ERROR;
		if (store_focal_list(
			    c->st, argc - optind == 2 ? argv[optind + 1] : NULL,
			    &l, &err) != CP_OK) {
			cli_error("%s", err.msg);
			return EXIT_ERROR;
		}
		for (i = 0; i < l.n; i++)
			print_focal(l.v[i]);
		cp_strlist_free(&l);
		return EXIT_OK;
	}
	if (strcmp(verb, "add") != 0 && strcmp(verb, "remove") != 0)
		return cli_bad_usage(usage, "unknown verb \"%s\"", verb);
	if (argc - optind != 3)
		return cli_bad_usage(usage, "%s takes CODE ADDRESS", verb);
	if (name != NULL && strcmp(verb, "add") != 0)
		return cli_bad_usage(usage, "--name goes with add only");
	if (name != NULL && (why = config_name_problem(name)) != NULL)
		return cli_bad_usage(usage, "--name: \"%s\": %s", name, why);
	if (!valid_address(argv[optind + 2])) {
		cli_error("\"%s\" is not an e-mail address (local@domain)",
			  argv[optind + 2]);
		return EXIT_ERROR;
	}
	if (cli_open(c, STORE_WRITE) != 0 || (actor = cli_actor(c)) == NULL)
		return EXIT_ERROR;
	if (strcmp(verb, "add") == 0)
		st = store_focal_add_named(c->st, argv[optind + 1],
					   argv[optind + 2], name, actor, &err);
	else
		st = store_focal_remove(c->st, argv[optind + 1],
					argv[optind + 2], actor, &err);
	if (st != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	printf("%s %s focal point of %s\n", argv[optind + 2],
	       strcmp(verb, "add") == 0 ? "is now a" : "is no longer a",
	       argv[optind + 1]);
	return EXIT_OK;
}

static int
print_held(const struct store_message *m, void *arg)
{
	const char *it, *item;
	size_t n, len;

	(void)arg;
	printf("%lld\t%s\t", (long long)m->id, m->received);
	print_field(m->sender);
	putchar('\t');
	print_field(m->subject);
	putchar('\t');
	if (m->entities == NULL)
		fputs("-", stdout);
	it = m->entities;
	for (n = 0; field_list_next(&it, &item, &len); n++)
		printf("%s%.*s", n ? ", " : "", (int)len, item);
	putchar('\n');
	if (m->held_reason)
		print_indented(m->held_reason, "held: ");
	return 0;
}

/* The held messages' row ids, for `held -p`: planned one by one after the
 * walk, not inside it. */
struct held_ids {
	int64_t *v;
	size_t n, cap;
};

static int
add_held(const struct store_message *m, void *arg)
{
	struct held_ids *h = arg;

	XGROW(h->v, h->n + 1, h->cap);
	h->v[h->n++] = m->id;
	return 0;
}

/* `held -p`: each held message, then what accepting it would change. */
static int
held_patch(struct cli *c)
{
	struct held_ids h = {0};
	struct store_message m;
	struct ingest_plan p;
	struct ingest_opts o;
	struct cp_error err = {0};
	enum cp_status rc;
	size_t i;

	cli_ingest_opts(c, &o);
	rc = store_messages(c->st, STORE_HELD, add_held, &h, &err);
	for (i = 0; rc == CP_OK && i < h.n; i++) {
		if ((rc = store_message_get(c->st, h.v[i], &m, NULL, NULL,
					    &err)) != CP_OK)
			break;
		if (i)
			putchar('\n');
		print_held(&m, NULL);
		store_message_clear(&m);
		rc = ingest_plan_message(c->st, h.v[i], INGEST_ACCEPT, &o, &p,
					 &err);
		if (rc == CP_ESTATE) {
			/* e.g. stored from its header block only */
			cli_print_lines("    would not apply: ", err.msg);
			rc = CP_OK;
			continue;
		}
		if (rc == CP_OK)
			plan_print_held(&p);
		ingest_plan_clear(&p);
	}
	free(h.v);
	if (rc != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

/* `messages --json` and `held --json`: the messages of status (all when
 * -1) as one JSON array of the objects add makes. */
static int
json_messages(struct cli *c, int status, store_message_cb add)
{
	struct cp_error err = {0};
	struct json_list jl;

	json_list_begin(&jl, stdout);
	if (store_messages(c->st, status, add, &jl, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	json_list_end(&jl);
	return EXIT_OK;
}

int
cmd_held(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium held [-p] [--json]\n"
		"Lists the held messages: ID, time received, sender, subject,\n"
		"entities named (tab-separated), and why each is held.  -p "
		"adds\n"
		"below each what accepting it would change: the log\n"
		"paragraphs, with their diff, it would add, or why it would "
		"not apply.\n"
		"  --json  a JSON array of objects: id, received, sender, "
		"subject,\n"
		"          entities, held_reason\n";
	int patch = 0, json = 0;
	const struct cli_opt opts[] = {
		{"patch", 'p', NULL, &patch}, {"json", 256, NULL, &json}, {0}};
	struct cp_error err = {0};
	int rc = cli_parse(c, argc, argv, usage, opts);

	if (rc >= 0)
		return rc;
	if (optind != argc)
		return cli_bad_usage(usage, "held takes no arguments");
	if (cli_open(c, STORE_READ) != 0)
		return EXIT_ERROR;
	if (json)
		return json_messages(c, STORE_HELD, json_list_held);
	if (patch) {
		cli_pager_start(c);
		return held_patch(c);
	}
	if (store_messages(c->st, STORE_HELD, print_held, NULL, &err) !=
	    CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

/*
 * What accept, reject and reprocess start with: their options (opts, may
 * be NULL), one message ID in *id_out, the store opened.  Returns -1 to
 * go on, else the exit code.
 */
static int
id_command(struct cli *c, int argc, char **argv, const char *usage,
	   const struct cli_opt *opts, const int *dry_run, long long *id_out)
{
	int rc;

	/* Set on every path, so no caller reads it unset (GCC at -O3 cannot
	 * see that they only read it when -1 is returned). */
	*id_out = 0;
	if ((rc = cli_parse(c, argc, argv, usage, opts)) >= 0)
		return rc;
	if (argc - optind != 1)
		return cli_bad_usage(usage, "expected one message ID");
	*id_out = cli_parse_id(argv[optind]);
	if (*id_out < 0)
		return cli_bad_usage(usage, "\"%s\" is not a message ID",
				     argv[optind]);
	/* a dry run writes nothing: a user who may only read may run it */
	if (cli_open(c, dry_run && *dry_run ? STORE_READ : STORE_WRITE) != 0)
		return EXIT_ERROR;
	return -1;
}

/* The dry run of accept or reprocess (plan.h). */
static int
dry_run(struct cli *c, long long id, enum ingest_action a)
{
	struct ingest_plan p;
	struct ingest_opts o;
	struct cp_error err = {0};
	int rc;

	cli_ingest_opts(c, &o);
	/* the maintainer the changes would name, as the run records it */
	if ((o.actor = cli_actor(c)) == NULL)
		return EXIT_ERROR;
	if (ingest_plan_message(c->st, id, a, &o, &p, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	rc = plan_print_message(&p, id, a);
	ingest_plan_clear(&p);
	return rc;
}

int
cmd_accept(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium accept ID [--dry-run]\n"
		"Applies held message ID, checked again against the entries "
		"as they are now.\n"
		"--dry-run: prints the log paragraphs, with their diff, it "
		"would add and changes\n"
		"nothing (exit 1 when it would fail, saying why).\n";
	struct ingest_result r;
	struct ingest_opts o;
	struct cp_error err = {0};
	long long id;
	size_t i;
	int dry = 0;
	const struct cli_opt opts[] = {{"dry-run", 256, NULL, &dry}, {0}};
	int rc = id_command(c, argc, argv, usage, opts, &dry, &id);

	if (rc >= 0)
		return rc;
	if (dry)
		return dry_run(c, id, INGEST_ACCEPT);
	cli_ingest_opts(c, &o);
	if ((o.actor = cli_actor(c)) == NULL)
		return EXIT_ERROR;
	if (ingest_accept(c->st, id, &o, &r, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	if (r.status != STORE_APPLIED) {
		cli_error("message %lld cannot be applied; it stays held:", id);
		for (i = 0; i < r.errors.n; i++)
			fprintf(stderr, "    %s\n", cli_safe(r.errors.v[i]));
		ingest_result_clear(&r);
		return EXIT_ERROR;
	}
	cli_print_result("accepted", &r);
	ingest_result_clear(&r);
	return EXIT_OK;
}

int
cmd_reject(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium reject ID [--reason TEXT]\n"
		"Drops held message ID: it stays stored, as rejected.\n";
	const char *reason = NULL;
	const struct cli_opt opts[] = {{"reason", 'r', &reason, NULL}, {0}};
	struct cp_error err = {0};
	struct ingest_opts o;
	long long id;
	int rc = id_command(c, argc, argv, usage, opts, NULL, &id);

	if (rc >= 0)
		return rc;
	cli_ingest_opts(c, &o);
	if ((o.actor = cli_actor(c)) == NULL)
		return EXIT_ERROR;
	if (ingest_reject(c->st, id, reason, &o, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	printf("message %lld rejected\n", id);
	return EXIT_OK;
}

int
cli_print_message(const struct store_message *m, void *arg)
{
	(void)arg;
	printf("%lld\t%s\t%s\t", (long long)m->id, m->received,
	       store_status_name(m->status));
	print_field(m->sender);
	putchar('\t');
	if (m->message_id) {
		putchar('<');
		print_field(m->message_id);
		putchar('>');
	} else {
		fputs("-", stdout);
	}
	putchar('\t');
	print_field(m->subject);
	putchar('\n');
	if (m->status == STORE_REJECTED && m->errors)
		print_indented(m->errors, "");
	if (m->status == STORE_HELD && m->held_reason)
		print_indented(m->held_reason, "held: ");
	if (m->status == STORE_DUPLICATE)
		printf("    duplicate of message %lld\n",
		       (long long)m->duplicate_of);
	if (m->status == STORE_APPLIED && m->unchanged)
		print_indented(m->unchanged, "unchanged: ");
	if (m->warnings)
		print_indented(m->warnings, "warning: ");
	return 0;
}

int
cmd_messages(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium messages [--status STATUS] [--json]\n"
		"Lists the stored messages: ID, time received, status, "
		"sender,\n"
		"Message-ID, subject (tab-separated); a rejected message's\n"
		"errors follow it, indented.  STATUS is applied, rejected, "
		"held\n"
		"or duplicate.  --json: a JSON array of objects: id, "
		"received,\n"
		"status, sender, message_id, subject, errors, warnings,\n"
		"held_reason, duplicate_of, unchanged.\n";
	const char *name = NULL;
	int json = 0;
	const struct cli_opt opts[] = {
		{"status", 's', &name, NULL}, {"json", 256, NULL, &json}, {0}};
	struct cp_error err = {0};
	int status = -1, rc = cli_parse(c, argc, argv, usage, opts);

	if (rc >= 0)
		return rc;
	if (name != NULL && (status = store_status_lookup(name)) < 0)
		return cli_bad_usage(usage, "unknown status \"%s\"", name);
	if (optind != argc)
		return cli_bad_usage(usage, "messages takes no arguments");
	if (cli_open(c, STORE_READ) != 0)
		return EXIT_ERROR;
	if (json)
		return json_messages(c, status, json_list_message);
	if (store_messages(c->st, status, cli_print_message, NULL, &err) !=
	    CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int
cmd_reprocess(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium reprocess ID [--dry-run]\n"
		"Reads stored message ID (rejected or held) again, as if it "
		"had\n"
		"just arrived: with the entities, focal points and limits of "
		"now.\n"
		"--dry-run: prints the log paragraphs, with their diff, it "
		"would add and changes\n"
		"nothing (exit 1 when it would be rejected, saying why).\n";
	struct ingest_result r;
	struct ingest_opts o;
	struct cp_error err = {0};
	long long id;
	int dry = 0;
	const struct cli_opt opts[] = {{"dry-run", 256, NULL, &dry}, {0}};
	int rc = id_command(c, argc, argv, usage, opts, &dry, &id);

	if (rc >= 0)
		return rc;
	if (dry)
		return dry_run(c, id, INGEST_REPROCESS);
	cli_ingest_opts(c, &o);
	if ((o.actor = cli_actor(c)) == NULL)
		return EXIT_ERROR;
	if (ingest_reprocess(c->st, id, &o, &r, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	cli_print_result("reprocessed", &r);
	rc = r.status == STORE_REJECTED ? EXIT_ERROR : EXIT_OK;
	ingest_result_clear(&r);
	return rc;
}
