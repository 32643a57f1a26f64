/* SPDX-License-Identifier: MIT */
/*
 * smtp_send - the daemon's SMTP client (daemon/smtp.c) driven from the
 * command line, for tests/sh/smtp.sh only (not installed):
 *
 *   smtp_send [-v] [-t SECONDS] CONFIG RCPT FILE [RCPT FILE...]
 *
 * Reads [smtp] of CONFIG as compendiumd will (config_load,
 * smtp_conf_from_config, the password from password_command at AUTH),
 * opens one connection and sends each FILE to its RCPT over it, from the
 * address of [smtp] from.  Prints one line per message on standard
 * output: "sent RCPT", "temporary CODE TEXT" or "permanent CODE TEXT"
 * (CODE 0: no answer), and "reopened" when the connection was lost
 * and another opened for the next message, as the daemon does.  -v: the dialogue on standard error (credentials
 * hidden).  -t: the timeout of each network step (default 30 s).  Exit 0 when all were sent, 1 when one was not, 2 on bad usage
 * or configuration, 3 when the connection could not be opened (the
 * reason on standard error, after "open: temporary|tls|auth|conf: ").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "smtp.h"
#include "xmalloc.h"

struct pw {
	const struct cp_config *cfg;
	char *password; /* owned */
};

static enum cp_status
password(void *arg, const char **out, struct cp_error *err)
{
	struct pw *p = arg;
	enum cp_status rc;

	free(p->password);
	p->password = NULL;
	rc = config_smtp_password(p->cfg, NULL, &p->password, err);
	*out = p->password;
	return rc;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct cp_buf b = {0};
	char chunk[65536];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		cp_buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return b.s ? b.s : xstrdup("");
}

int
main(int argc, char **argv)
{
	static const char *kinds[] = {"ok", "temporary", "tls", "auth",
				      "conf"};
	struct cp_config cfg;
	struct cp_error err = {0};
	struct smtp_conf sc;
	struct smtp_result res;
	struct smtp *s = NULL;
	struct pw pw = {&cfg, NULL};
	char *from = NULL, *msg;
	enum smtp_status st;
	int i = 1, rc = 0, verbose = 0, timeout_s = 30;
	size_t len;

	if (i < argc && strcmp(argv[i], "-v") == 0)
		verbose = 1, i++;
	if (i + 1 < argc && strcmp(argv[i], "-t") == 0) {
		timeout_s = (int)strtol(argv[i + 1], NULL, 10);
		i += 2;
	}
	if (argc - i < 3 || (argc - i) % 2 != 1) {
		fprintf(stderr, "usage: smtp_send [-v] [-t SECONDS] CONFIG RCPT FILE...\n");
		return 2;
	}
	log_init(0, verbose);
	if (config_load(argv[i], 1, &cfg, &err) != CP_OK ||
	    smtp_conf_from_config(&cfg, &sc, &from, &err) != CP_OK) {
		fprintf(stderr, "smtp_send: %s\n", err.msg);
		config_free(&cfg);
		free(from);
		return 2;
	}
	sc.password = password;
	sc.password_arg = &pw;
	sc.timeout_s = timeout_s;
	if ((st = smtp_open(&sc, &s, &err)) != SMTP_OK) {
		fprintf(stderr, "open: %s: %s\n", kinds[st], err.msg);
		rc = 3;
		goto out;
	}
	for (i++; i + 1 < argc; i += 2) {
		if ((msg = slurp(argv[i + 1], &len)) == NULL) {
			perror(argv[i + 1]);
			rc = 2;
			break;
		}
		if (!smtp_alive(s)) {
			smtp_close(s);
			s = NULL;
			if ((st = smtp_open(&sc, &s, &err)) != SMTP_OK) {
				fprintf(stderr, "open: %s: %s\n", kinds[st],
					err.msg);
				free(msg);
				rc = 3;
				goto out;
			}
			printf("reopened\n");
		}
		switch (smtp_send(s, from, argv[i], msg, len, &res)) {
		case SMTP_SENT:
			printf("sent %s\n", argv[i]);
			break;
		case SMTP_TEMPORARY:
			printf("temporary %d %s\n", res.code, res.text);
			rc = 1;
			break;
		case SMTP_PERMANENT:
			printf("permanent %d %s\n", res.code, res.text);
			rc = 1;
			break;
		}
		free(msg);
	}
out:
	smtp_close(s);
	free(pw.password);
	free(from);
	config_free(&cfg);
	return rc;
}
