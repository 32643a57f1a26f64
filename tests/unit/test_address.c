/* SPDX-License-Identifier: MIT */
/*
 * test_address.c - the sender's address by RFC 5322 (ingest/address.c).
 *
 * Without arguments: the table below.  With a FILE argument: each From
 * value of FILE (as tests/from/python-from reads it) read by
 * address_from(), "OK addr" or "ERR", for tests/sh/from-python.sh to
 * compare with Python's email.headerregistry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "t.h"

static const struct {
	const char *value;
	const char *want; /* NULL: refused */
} cases[] = {
	{"m.keller@unodc.example", "m.keller@unodc.example"},
	{"Martin Keller <M.Keller@UNODC.example>", "m.keller@unodc.example"},
	/* a comment or a display name is never the address (issue 8:
	 * these two were applied as the focal point) */
	{"evil@evil.example (<m.keller@unodc.example>)", "evil@evil.example"},
	{"(x <m.keller@unodc.example>) evil@evil.example",
	 "evil@evil.example"},
	{"\"m.keller@unodc.example\" <evil@evil.example>",
	 "evil@evil.example"},
	/* the whole field is read */
	{"m.keller@unodc.example <evil@evil.example>", NULL},
	{"evil@evil.example <m.keller@unodc.example>", NULL},
	{"<m.keller@unodc.example> evil@evil.example", NULL},
	{"m.keller@unodc.example>", NULL},
	{"m.keller@unodc.example;", NULL},
	{"(unclosed <m.keller@unodc.example>", NULL},
	{"\"unclosed <m.keller@unodc.example>", NULL},
	/* exactly one address */
	{"a@x.example, b@y.example", NULL},
	{"Team: a@x.example, b@y.example;", NULL},
	{"Team: a@x.example;", "a@x.example"},
	{"Team:;", NULL},
	{"", NULL},
	{"Martin Keller", NULL},
	{"<>", NULL},
	/* obsolete forms and quoting */
	{"a . b @ x . example", "a.b@x.example"},
	{"<@r1.example,@r2.example:a@x.example>", "a@x.example"},
	{"a@x.example,,", "a@x.example"},
	{"\"j\"@x.example", "j@x.example"},
	{"\"a b\"@x.example", "\"a b\"@x.example"},
	{"\"a\\\"b\"@x.example", "\"a\\\"b\"@x.example"},
	{"a..b@x.example", NULL},
	{"a@[192.0.2.1]", "a@[192.0.2.1]"},
	{"Martin (a (nested) comment) Keller <a@x.example> (c)", "a@x.example"},
	{"J\xc3\xb6rg <j@x.example>", "j@x.example"},
	{"j\xc3\xb6rg@x.example", "j\xc3\xb6rg@x.example"},
};

static int
print_file(const char *path)
{
	char line[4096], value[4096], *addr;
	const char *why;
	size_t i, n;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		perror(path);
		return 2;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		for (i = n = 0; line[i]; i++) {
			if (line[i] == '\\' && line[i + 1] == 't') {
				value[n++] = '\t';
				i++;
			} else {
				value[n++] = line[i];
			}
		}
		addr = address_from(value, n, &why);
		if (addr != NULL)
			printf("OK %s\n", addr);
		else
			printf("ERR\n");
		free(addr);
	}
	fclose(f);
	return 0;
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc == 2)
		return print_file(argv[1]);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = NULL;
		char *got = address_from(cases[i].value,
					 strlen(cases[i].value), &why);

		T_STREQ(got, cases[i].want, cases[i].value);
		if (got == NULL)
			T_CHECK(why != NULL && *why, "%s: a reason",
				cases[i].value);
		free(got);
	}
	return t_done("address");
}
