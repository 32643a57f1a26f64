/* SPDX-License-Identifier: MIT */
/*
 * test_smtp_config.c - [smtp] of the configuration (SPEC §7): config_load()
 * reads every key, refuses what it does not know or cannot use naming the
 * line; smtp_conf_from_config() (daemon/smtp.c) reads `from` as one
 * RFC 5322 mailbox; config_smtp_password() runs password_command.  Each
 * case is a file's text and either what was read or the error expected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "cp.h"
#include "smtp.h"
#include "t.h"
#include "xmalloc.h"

#define DEFAULTS                                                           \
	"host=- port=0 tls=smtps ca=- user=- password_command=- from=- " \
	"receipts=1 max_per_hour=20"

static const struct {
	const char *text;
	enum cp_status st;
	const char *want; /* what was read, or the error after "PATH:" */
} cases[] = {
	{"", CP_OK, DEFAULTS},
	{"[smtp]\n", CP_OK, DEFAULTS},
	/* the example of SPEC §7, comments and all */
	{"[smtp]\n"
	 "host = smtp.example.org\n"
	 "port = 587\n"
	 "tls = starttls         ; smtps (465) | starttls | none\n"
	 "ca_file =\n"
	 "user = compendium\n"
	 "password_command = pass show compendium/smtp\n"
	 "from = UN Compendium <compendium@example.org>\n"
	 "receipts = yes         ; no: none is sent\n"
	 "max_per_hour = 20      ; receipts to one address\n",
	 CP_OK,
	 "host=smtp.example.org port=587 tls=starttls ca=- user=compendium "
	 "password_command=pass show compendium/smtp from=UN Compendium "
	 "<compendium@example.org> receipts=1 max_per_hour=20"},
	{"[smtp]\nhost=h\ntls=none\nca_file=/ca.pem\nreceipts=no\n"
	 "max_per_hour=1\n[imap]\nhost=i\n",
	 CP_OK,
	 "host=h port=0 tls=none ca=/ca.pem user=- password_command=- from=- "
	 "receipts=0 max_per_hour=1"},
	/* errors name the line and the key */
	{"[smtp]\nhost = h\npassword = x\n", CP_EPARSE,
	 ":3: unknown key \"password\" in section [smtp]"},
	{"[smtp]\nhots = h\n", CP_EPARSE,
	 ":2: unknown key \"hots\" in section [smtp]"},
	{"[smtp]\ntls = imaps\n", CP_EPARSE,
	 ":2: [smtp] tls: \"imaps\" is not smtps, starttls or none"},
	{"[smtp]\ntls = STARTTLS\n", CP_EPARSE, ":2: [smtp] tls: \"STARTTLS\""},
	{"[smtp]\ntls =\n", CP_EPARSE, ":2: [smtp] tls: \"\""},
	{"[smtp]\nport = 0\n", CP_EPARSE,
	 ":2: [smtp] port: \"0\" is not a whole number from 1 to 65535"},
	{"[smtp]\nport = 587x\n", CP_EPARSE, ":2: [smtp] port: \"587x\""},
	{"[smtp]\n\nreceipts = true\n", CP_EPARSE,
	 ":3: [smtp] receipts: \"true\" is not yes or no"},
	{"[smtp]\nmax_per_hour = 0\n", CP_EPARSE,
	 ":2: [smtp] max_per_hour: \"0\" is not a whole number from 1 to "
	 "1000000"},
	{"[smtp]\nmax_per_hour = -3\n", CP_EPARSE,
	 ":2: [smtp] max_per_hour: \"-3\""},
};

static char *
show(const struct cp_config *c)
{
#define S(x) ((x) ? (x) : "-")
	return xasprintf("host=%s port=%d tls=%s ca=%s user=%s "
			 "password_command=%s from=%s receipts=%d "
			 "max_per_hour=%d",
			 S(c->smtp_host), c->smtp_port, S(c->smtp_tls),
			 S(c->smtp_ca_file), S(c->smtp_user),
			 S(c->smtp_password_command), S(c->smtp_from),
			 c->smtp_receipts, c->smtp_max_per_hour);
#undef S
}

static int
load(const char *path, const char *text, struct cp_config *c,
     struct cp_error *err)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fputs(text, f);
	fclose(f);
	return (int)config_load(path, 1, c, err);
}

static void
test_table(const char *path)
{
	char *got, what[32];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cp_config c;
		struct cp_error err = {0};
		int st;

		snprintf(what, sizeof(what), "case %zu", i);
		st = load(path, cases[i].text, &c, &err);
		T_INTEQ(st, cases[i].st, what);
		if (cases[i].st == CP_OK) {
			got = show(&c);
			T_STREQ(got, cases[i].want, what);
			free(got);
		} else {
			size_t n = strlen(path);

			T_CHECK(strncmp(err.msg, path, n) == 0 &&
					strncmp(err.msg + n, cases[i].want,
						strlen(cases[i].want)) == 0,
				"%s: error \"%s\", want \"PATH%s...\"", what,
				err.msg, cases[i].want);
		}
		config_free(&c);
	}
}

/* smtp_conf_from_config(): `from` as the envelope sender, or why not. */
static const struct {
	const char *text;
	const char *want; /* the envelope sender, or the error after PATH */
	int tls, port;
} froms[] = {
	{"[smtp]\nhost=h\nfrom = UN Compendium <Compendium@Example.ORG>\n",
	 "compendium@example.org", SMTP_TLS_SMTPS, 0},
	{"[smtp]\nhost=h\ntls=starttls\nport=2525\nfrom = c@example.org\n",
	 "c@example.org", SMTP_TLS_STARTTLS, 2525},
	{"[smtp]\nhost=h\ntls=none\nfrom = \"Comp, UN\" <c@example.org> (x)\n",
	 "c@example.org", SMTP_TLS_NONE, 0},
	{"[smtp]\nfrom = c@example.org\n", ": [smtp] host is not set", 0, 0},
	{"[smtp]\nhost=h\n", ": [smtp] from is not set", 0, 0},
	{"[smtp]\nhost=h\nfrom = UN Compendium\n",
	 ": [smtp] from: \"UN Compendium\" is not one address", 0, 0},
	{"[smtp]\nhost=h\nfrom = a@example.org, b@example.org\n",
	 ": [smtp] from: \"a@example.org, b@example.org\" is not one "
	 "address", 0, 0},
};

static void
test_from(const char *path)
{
	char what[32];
	size_t i;

	for (i = 0; i < sizeof(froms) / sizeof(froms[0]); i++) {
		struct cp_config c;
		struct cp_error err = {0};
		struct smtp_conf sc;
		char *from = NULL;
		enum cp_status st;

		snprintf(what, sizeof(what), "from %zu", i);
		T_INTEQ(load(path, froms[i].text, &c, &err), CP_OK, what);
		st = smtp_conf_from_config(&c, &sc, &from, &err);
		if (froms[i].want[0] != ':') {
			T_INTEQ(st, CP_OK, what);
			T_STREQ(from, froms[i].want, what);
			T_STREQ(sc.host, "h", what);
			T_INTEQ(sc.tls, froms[i].tls, what);
			T_INTEQ(sc.port, froms[i].port, what);
		} else {
			size_t n = strlen(path);

			T_INTEQ(st, CP_EINVAL, what);
			T_CHECK(strncmp(err.msg, path, n) == 0 &&
					strncmp(err.msg + n, froms[i].want,
						strlen(froms[i].want)) == 0,
				"%s: error \"%s\", want \"PATH%s...\"", what,
				err.msg, froms[i].want);
		}
		free(from);
		config_free(&c);
	}
}

/* password_command of [smtp], not of [imap]. */
static void
test_password(const char *path)
{
	struct cp_config c;
	struct cp_error err = {0};
	char *pw = NULL;

	T_INTEQ(load(path,
		     "[imap]\npassword_command = echo imap\n[smtp]\n"
		     "password_command = printf 'smtp pw\\nsecond'\n",
		     &c, &err),
		CP_OK, "password: load");
	T_INTEQ(config_smtp_password(&c, NULL, &pw, &err), CP_OK, "password");
	T_STREQ(pw, "smtp pw", "password: the first line");
	free(pw);
	config_free(&c);

	T_INTEQ(load(path, "[smtp]\npassword_command = exit 3\n", &c, &err),
		CP_OK, "failing command: load");
	T_INTEQ(config_smtp_password(&c, NULL, &pw, &err), CP_EINVAL,
		"failing command");
	T_CHECK(strstr(err.msg, "`exit 3` exited with status 3") != NULL,
		"failing command: %s", err.msg);
	config_free(&c);

	T_INTEQ(load(path, "[imap]\npassword = p\n", &c, &err), CP_OK,
		"none: load");
	T_INTEQ(config_smtp_password(&c, NULL, &pw, &err), CP_OK, "none");
	T_STREQ(pw, NULL, "none: [imap] password is not [smtp]'s");
	config_free(&c);
}

int
main(void)
{
	char tmpl[] = "/tmp/test_smtp_config.XXXXXX";
	char *path;

	if (mkdtemp(tmpl) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	path = xasprintf("%s/compendium.conf", tmpl);
	test_table(path);
	test_from(path);
	test_password(path);
	unlink(path);
	free(path);
	rmdir(tmpl);
	return t_done("test_smtp_config");
}
