/* SPDX-License-Identifier: MIT */
/*
 * cmd_search.c - `compendium search`: full text over mandate, title,
 * instrument, themes and summary (SPEC §5), on the store's FTS5 index.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "print.h"
#include "xmalloc.h"

#define SEARCH_DEFAULT_N 20

/* A snippet on one line: its line ends (paragraphs, list items) as
 * spaces, then escaped for the terminal. */
static void
print_snippet(const char *s)
{
	char *one = xstrdup(s ? s : ""), *p;

	for (p = one; *p; p++)
		if (*p == '\n')
			*p = ' ';
	printf("    %s\n", cli_safe(one));
	free(one);
}

/* Where the hits go: printed as lines, or as the objects of --json. */
struct hits {
	struct json_list *json; /* with --json, else NULL */
	size_t n;               /* printed so far */
};

static int
print_hit(const struct store_hit *h, void *arg)
{
	struct hits *out = arg;

	if (out->json)
		return json_list_hit(h, out->json);
	printf("%s/%s\t%d\t%s\n", cli_safe(h->entity), cli_safe(h->mandate),
	       h->version, cli_safe(h->title ? h->title : ""));
	print_snippet(h->snippet);
	out->n++;
	return 0;
}

/* The words of argv[first..argc) as one text. */
static char *
join_args(int argc, char **argv, int first)
{
	struct cp_buf b = {0};
	int i;

	for (i = first; i < argc; i++) {
		if (i > first)
			cp_buf_addc(&b, ' ');
		cp_buf_adds(&b, argv[i]);
	}
	return cp_buf_detach(&b);
}

int
cmd_search(struct cli *c, int argc, char **argv)
{
	static const char usage[] =
		"usage: compendium search QUERY... [--history] [-n N] "
		"[--json]\n"
		"Full text over mandate, title, instrument, themes and "
		"summary of the\n"
		"current entries (--history: of every version), best first, "
		"N at most\n"
		"(default 20): CODE/MANDATE, version and title, then the "
		"matching text\n"
		"with the matches in [ ].  Every word must match; \"a "
		"phrase\" matches\n"
		"as one; word* is a prefix.  Case and diacritics are "
		"ignored.  AND, OR,\n"
		"NOT, NEAR(), parentheses and column filters (title:x) are "
		"not offered.\n"
		"  --history  every version, a line each\n"
		"  -n N       at most N results (default 20)\n"
		"  --json     a JSON array of {entity, mandate, version, "
		"title, snippet}\n";
	const char *n_arg = NULL;
	int history = 0, json = 0, rc;
	const struct cli_opt opts[] = {{"history", 256, NULL, &history},
				       {"json", 257, NULL, &json},
				       {"n", 'n', &n_arg, NULL},
				       {0}};
	struct cp_error err = {0};
	struct hits out = {0};
	struct json_list jl;
	char *text = NULL, *query = NULL, *why = NULL;
	long long n = SEARCH_DEFAULT_N;

	if ((rc = cli_parse(c, argc, argv, usage, opts)) >= 0)
		return rc;
	if (optind == argc)
		return cli_bad_usage(usage, "nothing to search for");
	if (n_arg && (n = cli_parse_id(n_arg)) < 1)
		return cli_bad_usage(usage,
				     "-n: \"%s\" is not a number of "
				     "results (1 or more)",
				     cli_safe(n_arg));
	text = join_args(argc, argv, optind);
	if ((query = store_search_query(text, &why)) == NULL) {
		rc = cli_bad_usage(usage, "query '%s': %s", cli_safe(text),
				   cli_safe(why));
		goto out;
	}
	rc = EXIT_ERROR;
	if (cli_open(c, STORE_READ) != 0)
		goto out;
	if (json) {
		json_list_begin(&jl, stdout);
		out.json = &jl;
	}
	if (store_search(c->st, query, history, n > 100000 ? 100000 : (int)n,
			 print_hit, &out, &err) != CP_OK) {
		if (json)
			json_list_end(&jl);
		cli_error("%s", err.msg);
		goto out;
	}
	if (json)
		json_list_end(&jl);
	rc = EXIT_OK;
out:
	free(why);
	free(query);
	free(text);
	return rc;
}
