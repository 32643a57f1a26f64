/* SPDX-License-Identifier: MIT */
/*
 * test_config.c - config_load(): the INI file of SPEC §4.  Each case is a
 * file's text and either the configuration read (every field, "-" for
 * NULL) or the error expected (status and the message after the path).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "cp.h"
#include "t.h"
#include "xmalloc.h"

#define DEFAULTS                                                            \
	"db=/var/lib/compendium/compendium.db host=- port=0 tls=imaps ca=- " \
	"user=- password=- password_command=- mailbox=INBOX "                 \
	"processed=Processed poll=60 authserv=- max_message_size=10485760 "   \
	"max_entries=1000 max_field_size=65536"

#define LONG50 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

static const struct {
	const char *text;
	enum cp_status st;
	const char *want; /* the config, or the error after "PATH:" */
} cases[] = {
	{"", CP_OK, DEFAULTS},
	{"; only a comment\n# another\n\n", CP_OK, DEFAULTS},
	/* the example of SPEC §4, inline comments and all */
	{"[store]\n"
	 "database = /srv/c.db\n"
	 "\n"
	 "[imap]\n"
	 "host = imap.example.org\n"
	 "port = 993\n"
	 "tls = imaps            ; imaps | starttls | none\n"
	 "ca_file =              ; optional, else the system trust store\n"
	 "user = compendium\n"
	 "password_command = pass show compendium/imap\n"
	 "mailbox = INBOX\n"
	 "processed = Processed\n"
	 "\n"
	 "[auth]\n"
	 "authserv_id =          ; when set, require DKIM/DMARC pass\n",
	 CP_OK,
	 "db=/srv/c.db host=imap.example.org port=993 tls=imaps ca=- "
	 "user=compendium password=- password_command=pass show "
	 "compendium/imap mailbox=INBOX processed=Processed poll=60 "
	 "authserv=- max_message_size=10485760 max_entries=1000 "
	 "max_field_size=65536"},
	/* every key */
	{"[store]\ndatabase=/d.db\n[imap]\nhost=h\nport=143\ntls=starttls\n"
	 "ca_file=/etc/ca.pem\nuser=u\npassword=p w ; not part of it\n"
	 "password_command=cmd\nmailbox=Updates\nprocessed=Done\n"
	 "poll_interval=300\n[auth]\nauthserv_id=mx.un.org\n[limits]\n"
	 "max_message_size=2048\nmax_entries=5\nmax_field_size=100\n",
	 CP_OK,
	 "db=/d.db host=h port=143 tls=starttls ca=/etc/ca.pem user=u "
	 "password=p w password_command=cmd mailbox=Updates processed=Done "
	 "poll=300 authserv=mx.un.org max_message_size=2048 max_entries=5 "
	 "max_field_size=100"},
	/* "key: value" is inih's other form; ';' without a space before it
	 * is part of the value; '#' is a comment only at a line's start */
	{"[imap]\nhost: h\ntls = none\nuser = a;b\npassword = x # y\n", CP_OK,
	 "db=/var/lib/compendium/compendium.db host=h port=0 tls=none ca=- "
	 "user=a;b password=x # y password_command=- mailbox=INBOX "
	 "processed=Processed poll=60 authserv=- max_message_size=10485760 "
	 "max_entries=1000 max_field_size=65536"},
	/* empty mailbox names fall back to the defaults */
	{"[imap]\nmailbox =\nprocessed = ; none\n", CP_OK, DEFAULTS},
	/* the last value given wins */
	{"[imap]\nport = 1\nport = 2\n", CP_OK,
	 "db=/var/lib/compendium/compendium.db host=- port=2 tls=imaps ca=- "
	 "user=- password=- password_command=- mailbox=INBOX "
	 "processed=Processed poll=60 authserv=- max_message_size=10485760 "
	 "max_entries=1000 max_field_size=65536"},
	/* a long value is read whole (up to inih's line of 200 bytes) */
	{"[imap]\npassword_command = " LONG50 LONG50 LONG50 "xxxxxxxxxx"
	 "\nhost = h\n", CP_OK,
	 "db=/var/lib/compendium/compendium.db host=h port=0 tls=imaps ca=- "
	 "user=- password=- password_command=" LONG50 LONG50 LONG50
	 "xxxxxxxxxx mailbox=INBOX processed=Processed poll=60 authserv=- "
	 "max_message_size=10485760 max_entries=1000 max_field_size=65536"},

	/* errors name the line */
	{"[imap]\nhost = h\nhots = x\n", CP_EPARSE,
	 ":3: unknown key \"hots\" in section [imap]"},
	{"[imap]\nhost = h\n[bogus]\nkey = x\n", CP_EPARSE,
	 ":4: unknown key \"key\" in section [bogus]"},
	{"database = /d.db\n", CP_EPARSE,
	 ":1: unknown key \"database\" in section []"},
	{"[store]\n\ndatabase =\n", CP_EPARSE, ":3: [store] database: empty"},
	{"[imap]\nport = 0\n", CP_EPARSE,
	 ":2: [imap] port: \"0\" is not a whole number from 1 to 65535"},
	{"[imap]\nport = 65536\n", CP_EPARSE,
	 ":2: [imap] port: \"65536\" is not a whole number from 1 to 65535"},
	{"[imap]\nport = -1\n", CP_EPARSE, ":2: [imap] port: \"-1\""},
	{"[imap]\nport = 99x\n", CP_EPARSE, ":2: [imap] port: \"99x\""},
	{"[imap]\nport = 1 2\n", CP_EPARSE, ":2: [imap] port: \"1 2\""},
	{"[imap]\nport =\n", CP_EPARSE, ":2: [imap] port: \"\""},
	{"[imap]\nport = 99999999999999999999999\n", CP_EPARSE,
	 ":2: [imap] port: \"99999999999999999999999\""},
	{"[imap]\npoll_interval = 86401\n", CP_EPARSE,
	 ":2: [imap] poll_interval: \"86401\" is not a whole number from 1 "
	 "to 86400"},
	{"[limits]\nmax_message_size = 1023\n", CP_EPARSE,
	 ":2: [limits] max_message_size: \"1023\""},
	{"[limits]\nmax_entries = 0\n", CP_EPARSE,
	 ":2: [limits] max_entries: \"0\""},
	{"[limits]\nmax_field_size = 63\n", CP_EPARSE,
	 ":2: [limits] max_field_size: \"63\""},
	{"[imap]\ntls = ssl\n", CP_EPARSE,
	 ":2: [imap] tls: \"ssl\" is not imaps, starttls or none"},
	{"[imap]\ntls = IMAPS\n", CP_EPARSE, ":2: [imap] tls: \"IMAPS\""},
	{"[imap]\nhost\n", CP_EPARSE,
	 ":2: not a `key = value` line or [section]"},
	{"[imap\nhost = h\n", CP_EPARSE,
	 ":1: not a `key = value` line or [section]"},
	/* the first problem is the one told, with its own line */
	{"[imap]\nport = x\nhots = y\n", CP_EPARSE,
	 ":2: [imap] port: \"x\" is not a whole number"},
	{"[imap]\nnot a line\nhots = y\n", CP_EPARSE,
	 ":2: not a `key = value` line or [section]"},
	{"[imap]\nhost = h\nhots = y\nnot a line\n", CP_EPARSE,
	 ":3: unknown key \"hots\""},
	/* a line too long for the parser is refused, not cut */
	{"[imap]\npassword_command = " LONG50 LONG50 LONG50 LONG50
	 "\nhost = h\n",
	 CP_EPARSE, ":2: line longer than 197 bytes"},
	{"[imap]\npassword_command = " LONG50 LONG50 LONG50 LONG50 LONG50
	 "\nhots = h\n",
	 CP_EPARSE, ":2: line longer than 197 bytes"},
	{"[imap]\nhots = h\npassword_command = " LONG50 LONG50 LONG50 LONG50
	 LONG50 "\n",
	 CP_EPARSE, ":2: unknown key \"hots\""},
	/* a last line without a line end is read */
	{"[imap]\nhost = h", CP_OK,
	 "db=/var/lib/compendium/compendium.db host=h port=0 tls=imaps ca=- "
	 "user=- password=- password_command=- mailbox=INBOX "
	 "processed=Processed poll=60 authserv=- max_message_size=10485760 "
	 "max_entries=1000 max_field_size=65536"},
};

static char *
show(const struct cp_config *c)
{
#define S(x) ((x) ? (x) : "-")
	return xasprintf("db=%s host=%s port=%d tls=%s ca=%s user=%s "
			 "password=%s password_command=%s mailbox=%s "
			 "processed=%s poll=%d authserv=%s "
			 "max_message_size=%zu max_entries=%zu "
			 "max_field_size=%zu",
			 S(c->database), S(c->imap_host), c->imap_port,
			 S(c->imap_tls), S(c->imap_ca_file), S(c->imap_user),
			 S(c->imap_password), S(c->imap_password_command),
			 S(c->imap_mailbox), S(c->imap_processed),
			 c->poll_interval, S(c->authserv_id),
			 c->limits.max_message_size, c->limits.max_entries,
			 c->limits.max_field_size);
#undef S
}

static void
test_table(const char *dir)
{
	char *path = xasprintf("%s/compendium.conf", dir), *got, what[32];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cp_config c;
		struct cp_error err = {0};
		enum cp_status st;
		FILE *f = fopen(path, "w");

		snprintf(what, sizeof(what), "case %zu", i);
		if (f == NULL) {
			T_CHECK(0, "%s: cannot write %s", what, path);
			continue;
		}
		fputs(cases[i].text, f);
		fclose(f);
		st = config_load(path, 1, &c, &err);
		T_INTEQ(st, cases[i].st, what);
		if (cases[i].st == CP_OK) {
			got = show(&c);
			T_STREQ(got, cases[i].want, what);
			T_STREQ(c.path, path, what);
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
	unlink(path);
	free(path);
}

static void
test_missing(const char *dir)
{
	char *path = xasprintf("%s/none.conf", dir), *got;
	struct cp_config c;
	struct cp_error err = {0};

	T_INTEQ(config_load(path, 0, &c, &err), CP_OK, "missing, optional");
	got = show(&c);
	T_STREQ(got, DEFAULTS, "missing file: the defaults");
	T_STREQ(c.path, NULL, "missing file: no path");
	free(got);
	config_free(&c);

	T_INTEQ(config_load(path, 1, &c, &err), CP_EIO, "missing, required");
	T_CHECK(strstr(err.msg, path) != NULL &&
			strstr(err.msg, "No such file") != NULL,
		"missing file message: %s", err.msg);
	config_free(&c);

	/* a folder is not a file, required or not */
	T_CHECK(config_load(dir, 0, &c, &err) != CP_OK,
		"a folder as configuration");
	config_free(&c);
	free(path);
	config_free(NULL);
}

/* [maintainer] name: the name read, or the error after "PATH". */
static const struct {
	const char *text;
	enum cp_status st;
	const char *want; /* the name ("-" for none), or the error */
} maintainer_cases[] = {
	{"", CP_OK, "-"},
	{"[maintainer]\nname = Ana Lopes\n", CP_OK, "Ana Lopes"},
	{"[maintainer]\nname = Zo\xc3\xab \xc3\x98rsted ; inline comment\n",
	 CP_OK, "Zo\xc3\xab \xc3\x98rsted"},
	/* empty: none (the login name is used) */
	{"[maintainer]\nname =\n", CP_OK, "-"},
	{"[maintainer]\nname = a\nname = b\n", CP_OK, "b"},
	{"[maintainer]\nname = " LONG50 LONG50 "\n", CP_OK, LONG50 LONG50},
	{"[maintainer]\nname = " LONG50 LONG50 "x\n", CP_EPARSE,
	 ":2: [maintainer] name: longer than 100 bytes"},
	{"[maintainer]\nname = a\tb\n", CP_EPARSE,
	 ":2: [maintainer] name: holds a control character"},
	{"[maintainer]\nname = a\x1b[31m\n", CP_EPARSE,
	 ":2: [maintainer] name: holds a control character"},
	{"[maintainer]\nname = a\xc2\x85\n", CP_EPARSE,
	 ":2: [maintainer] name: holds a control character"},
	{"[maintainer]\nname = a\xe2\x80\xae" "b\n", CP_EPARSE,
	 ":2: [maintainer] name: holds a bidirectional override"},
	{"[maintainer]\nname = a\xff" "b\n", CP_EPARSE,
	 ":2: [maintainer] name: not UTF-8"},
	{"[imap]\nhost = h\n[maintainer]\nuser = x\n", CP_EPARSE,
	 ":4: unknown key \"user\" in section [maintainer]"},
	{"name = x\n", CP_EPARSE, ":1: unknown key \"name\" in section []"},
};

/* config_name_problem(): NULL for a name, else the reason. */
static const struct {
	const char *name;
	const char *why; /* NULL: a name */
} names[] = {
	{"a", NULL},
	{"Ana Lopes", NULL},
	{"\xe6\x9d\x8e\xe5\x9b\x9b", NULL},
	{"", "empty"},
	{" a", "begins or ends with a space"},
	{"a ", "begins or ends with a space"},
	{"a\nb", "holds a control character (one line, no tabs)"},
	{"a\rb", "holds a control character (one line, no tabs)"},
	{"a\x7f", "holds a control character (one line, no tabs)"},
	{"a\xc2\x9b", "holds a control character (one line, no tabs)"},
	{"\xe2\x81\xa6x", "holds a bidirectional override"},
	{"\xe2\x80\xaax", "holds a bidirectional override"},
	{"\xe2\x80\xa9x", NULL}, /* U+2029: not an override */
	{"a\xc0\x80", "not UTF-8"}, /* overlong NUL */
	{"a\xed\xa0\x80", "not UTF-8"}, /* a surrogate */
	{LONG50 LONG50, NULL},
	{LONG50 LONG50 "x", "longer than 100 bytes"},
};

static void
test_maintainer(const char *dir)
{
	char *path = xasprintf("%s/m.conf", dir), what[48];
	size_t i;

	for (i = 0; i < sizeof(maintainer_cases) / sizeof(maintainer_cases[0]);
	     i++) {
		struct cp_config c;
		struct cp_error err = {0};
		FILE *f = fopen(path, "w");

		snprintf(what, sizeof(what), "maintainer case %zu", i);
		if (f == NULL) {
			T_CHECK(0, "%s: cannot write %s", what, path);
			continue;
		}
		fputs(maintainer_cases[i].text, f);
		fclose(f);
		T_INTEQ(config_load(path, 1, &c, &err), maintainer_cases[i].st,
			what);
		if (maintainer_cases[i].st == CP_OK) {
			T_STREQ(c.maintainer_name ? c.maintainer_name : "-",
				maintainer_cases[i].want, what);
		} else {
			size_t n = strlen(path);

			T_CHECK(strncmp(err.msg, path, n) == 0 &&
					strncmp(err.msg + n,
						maintainer_cases[i].want,
						strlen(maintainer_cases[i]
							       .want)) == 0,
				"%s: error \"%s\", want \"PATH%s...\"", what,
				err.msg, maintainer_cases[i].want);
		}
		config_free(&c);
	}
	unlink(path);
	free(path);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *why = config_name_problem(names[i].name);

		snprintf(what, sizeof(what), "name %zu", i);
		T_STREQ(why, names[i].why, what);
	}
}

/* [document]: "issued_by|base_url|title|subtitle" ("-" for none), or the
 * error after the path. */
static const struct {
	const char *text;
	enum cp_status st;
	const char *want;
} document_cases[] = {
	{"", CP_OK, "-|-|-|-"},
	{"[document]\nissued_by = United Nations System Chief Executives "
	 "Board\nbase_url = https://example.org/compendium/\ntitle = T\n"
	 "subtitle = S\n",
	 CP_OK,
	 "United Nations System Chief Executives Board|"
	 "https://example.org/compendium/|T|S"},
	{"[document]\nissued_by = a\nissued_by =\n", CP_OK, "-|-|-|-"},
	{"[document]\nbase_url = http://h/\n", CP_OK, "-|http://h/|-|-"},
	{"[document]\n\nissuer = x\n", CP_EPARSE,
	 ":3: unknown key \"issuer\" in section [document]"},
	{"[document]\nbase_url = ftp://h/\n", CP_EPARSE,
	 ":2: [document] base_url: \"ftp://h/\" is not an http(s) URL"},
	{"[document]\ntitle = a\tb\n", CP_EPARSE,
	 ":2: [document] title: holds a control character"},
};

static void
test_document(const char *dir)
{
	char *path = xasprintf("%s/d.conf", dir), what[48], got[512];
	size_t i, n;

	for (i = 0; i < sizeof(document_cases) / sizeof(document_cases[0]);
	     i++) {
		struct cp_config c;
		struct cp_error err = {0};
		FILE *f = fopen(path, "w");

		snprintf(what, sizeof(what), "document case %zu", i);
		if (f == NULL) {
			T_CHECK(0, "%s: cannot write %s", what, path);
			continue;
		}
		fputs(document_cases[i].text, f);
		fclose(f);
		T_INTEQ(config_load(path, 1, &c, &err), document_cases[i].st,
			what);
		if (document_cases[i].st == CP_OK) {
			snprintf(got, sizeof(got), "%s|%s|%s|%s",
				 c.doc_issued_by ? c.doc_issued_by : "-",
				 c.doc_base_url ? c.doc_base_url : "-",
				 c.doc_title ? c.doc_title : "-",
				 c.doc_subtitle ? c.doc_subtitle : "-");
			T_STREQ(got, document_cases[i].want, what);
		} else {
			n = strlen(path);
			T_CHECK(strncmp(err.msg, path, n) == 0 &&
					strcmp(err.msg + n,
					       document_cases[i].want) == 0,
				"%s: error \"%s\", want \"PATH%s\"", what,
				err.msg, document_cases[i].want);
		}
		config_free(&c);
	}
	unlink(path);
	free(path);
}

int
main(void)
{
	char tmpl[] = "/tmp/test_config.XXXXXX";

	if (mkdtemp(tmpl) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_table(tmpl);
	test_missing(tmpl);
	test_maintainer(tmpl);
	test_document(tmpl);
	rmdir(tmpl);
	return t_done("test_config");
}
