/* SPDX-License-Identifier: MIT */
/*
 * cmd_export.c - export (the compendium as DocBook 5) and render (HTML,
 * PDF).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "atom.h"
#include "cli.h"
#include "docbook.h"
#include "export.h"
#include "render.h"
#include "timeutil.h"

/* The options export and render share. */
struct doc_args {
	const char *at, *since, *out, *format, *n_arg;
	int n;           /* render --format atom: the changes in the feed */
	int stale_years; /* -1: from the configuration */
	int with_addresses, full_history;
	char at_t[CP_TIME_LEN], since_t[CP_TIME_LEN];
};

/* Parse argv; returns -1 to go on, else the exit code. */
static int
parse_args(struct cli *c, int argc, char **argv, const char *usage, int render,
	   struct doc_args *a)
{
	const char *years = NULL;
	const struct cli_opt opts[] = {
		{"at", 256, &a->at, NULL},
		{"changes-since", 257, &a->since, NULL},
		{"stale-years", 258, &years, NULL},
		{"output", 'o', &a->out, NULL},
		{"with-addresses", 260, NULL, &a->with_addresses},
		{"full-history", 261, NULL, &a->full_history},
		{render ? "format" : NULL, 259, &a->format, NULL},
		{render ? "max-count" : NULL, 'n', &a->n_arg, NULL},
		{0}};
	struct cp_error err = {0};
	long long n;
	int rc;

	memset(a, 0, sizeof(*a));
	a->stale_years = -1;
	if ((rc = cli_parse(c, argc, argv, usage, opts)) >= 0)
		return rc;
	if (years != NULL) {
		n = strcmp(years, "0") == 0 ? 0 : cli_parse_id(years);
		if (n < 0 || n > 1000)
			return cli_bad_usage(usage,
					     "--stale-years: \"%s\" is not a "
					     "number of years",
					     years);
		a->stale_years = (int)n;
	}
	if (optind != argc)
		return cli_bad_usage(usage, "unexpected argument \"%s\"",
				     argv[optind]);
	if (a->at && cp_time_parse(a->at, 1, a->at_t, &err) != CP_OK)
		return cli_bad_usage(usage, "--at: %s", err.msg);
	if (a->since && cp_time_parse(a->since, 0, a->since_t, &err) != CP_OK)
		return cli_bad_usage(usage, "--changes-since: %s", err.msg);
	if (a->format && render_format_lookup(a->format) < 0)
		return cli_bad_usage(usage,
				     "--format: \"%s\" is not html, site, "
				     "pdf or atom",
				     a->format);
	a->n = ATOM_DEFAULT_N;
	if (a->n_arg) {
		if (!a->format ||
		    render_format_lookup(a->format) != RENDER_ATOM)
			return cli_bad_usage(usage, "-n is for --format atom: "
						    "the changes in the feed");
		if ((n = cli_parse_id(a->n_arg)) < 1 || n > 100000)
			return cli_bad_usage(usage,
					     "-n: \"%s\" is not a number of "
					     "changes (1 to 100000)",
					     a->n_arg);
		a->n = (int)n;
	}
	return -1;
}

static void
doc_opts(const struct cli *c, const struct doc_args *a, struct view_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->at = a->at ? a->at_t : NULL;
	o->changes_since = a->since ? a->since_t : NULL;
	o->address = c->cfg.export_address;
	o->expected_themes = &c->cfg.expected_themes;
	o->stale_years =
		a->stale_years >= 0 ? a->stale_years : c->cfg.stale_years;
	o->issued_by = c->cfg.doc_issued_by;
	o->title = c->cfg.doc_title;
	o->subtitle = c->cfg.doc_subtitle;
	o->base_url = c->cfg.doc_base_url;
	o->with_addresses = a->with_addresses;
	o->full_history = a->full_history;
}

/* Tell on stderr what untrusted text had to lose. */
static void
print_report(const struct export_report *rep)
{
	size_t i;

	for (i = 0; i < rep->where.n; i++)
		cli_error("warning: %s", rep->where.v[i]);
	if (rep->replaced)
		cli_error("warning: %zu character%s that XML cannot carry "
			  "replaced with U+FFFD in all",
			  rep->replaced, rep->replaced == 1 ? "" : "s");
}

int
cmd_export(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium export [--at DATE] [--changes-since DATE]\n"
		"                         [--stale-years N] "
		"[--with-addresses]\n"
		"                         [--full-history] [-o FILE]\n"
		"The compendium as DocBook 5.0 XML, as it stood at DATE (the "
		"end of\n"
		"that day, UTC), else now.  --changes-since adds an appendix "
		"of every\n"
		"change since DATE (its start) with its diff.  --stale-years: "
		"the gap\n"
		"report lists entries not amended for more than N years "
		"(default\n"
		"[export] stale_years, 5).  --with-addresses shows the focal "
		"points'\n"
		"addresses in the histories (else the entity and the name "
		"registered).\n"
		"--full-history keeps the changes maintainers reverted, and "
		"their\n"
		"reverts.  -o writes FILE whole or not at all.\n";
	struct export_report rep = {0};
	struct afile *af = NULL;
	struct view_opts o;
	struct doc_args a;
	struct cp_error err = {0};
	int rc;

	if ((rc = parse_args(c, argc, argv, usage, 0, &a)) >= 0)
		return rc;
	if (cli_open(c, STORE_READ) != 0)
		return EXIT_ERROR;
	doc_opts(c, &a, &o);
	if (afile_open(a.out, &af, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	if (export_document(c->st, &o, &docbook_writer, afile_stream(af), &rep,
			    &err) != CP_OK) {
		afile_abort(af);
		print_report(&rep);
		cli_error("export: %s", err.msg);
		export_report_free(&rep);
		return EXIT_ERROR;
	}
	print_report(&rep);
	export_report_free(&rep);
	if (afile_commit(af, &err) != CP_OK) {
		cli_error("%s", err.msg);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

/* The feed of the n latest changes into path (NULL, "-": standard
 * output), whole or not at all. */
static enum cp_status
render_atom(struct cli *c, const struct view_opts *o, int n, const char *path,
	    struct export_report *rep, struct cp_error *err)
{
	struct afile *af = NULL;
	enum cp_status rc;

	if ((rc = afile_open(path, &af, err)) != CP_OK)
		return rc;
	if ((rc = atom_write(c->st, o, n, afile_stream(af), rep, err)) !=
	    CP_OK) {
		afile_abort(af);
		return rc;
	}
	return afile_commit(af, err);
}

int
cmd_render(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium render [--format html|site|pdf|atom] [-o "
		"FILE|DIR] "
		"[--at DATE]\n"
		"                         [--changes-since DATE] "
		"[--stale-years N]\n"
		"                         [--with-addresses] [--full-history] "
		"[-n N]\n"
		"The compendium of `export` rendered with the DocBook XSL "
		"stylesheets\n"
		"(docbook-xsl-ns) and compendium's own layer and CSS, "
		"offline: one HTML\n"
		"page (the default); site: a page per chapter and appendix "
		"in -o DIR\n"
		"(created when missing; start page index.html); pdf: through "
		"Apache FOP;\n"
		"atom: an Atom 1.0 feed of the latest N changes (-n, default "
		"50), linking\n"
		"to the site at [document] base_url.\n";
	struct export_report rep = {0};
	struct view_opts o;
	struct doc_args a;
	struct cp_error err = {0};
	int rc, fmt;

	if ((rc = parse_args(c, argc, argv, usage, 1, &a)) >= 0)
		return rc;
	fmt = a.format ? render_format_lookup(a.format) : RENDER_HTML;
	if (fmt == RENDER_SITE && (a.out == NULL || strcmp(a.out, "-") == 0))
		return cli_bad_usage(usage, "--format site needs -o DIR, the "
					    "site's directory");
	if (cli_open(c, STORE_READ) != 0)
		return EXIT_ERROR;
	doc_opts(c, &a, &o);
	rc = (fmt == RENDER_ATOM
		      ? render_atom(c, &o, a.n, a.out, &rep, &err)
		      : render_write(c->st, &o, (enum render_format)fmt, a.out,
				     &rep, &err)) == CP_OK
		     ? EXIT_OK
		     : EXIT_ERROR;
	print_report(&rep);
	export_report_free(&rep);
	if (rc != EXIT_OK)
		cli_error("render: %s", err.msg);
	return rc;
}
