/* SPDX-License-Identifier: MIT */
/*
 * main.c - compendiumd: options, configuration, signals, and the loop
 * (connect, sync, wait, reconnect after back-off).  See
 * docs/compendiumd.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "backoff.h"
#include "config.h"
#include "imap.h"
#include "log.h"
#include "notify.h"
#include "store.h"
#include "sync.h"
#include "xmalloc.h"

/* Exit codes (docs/compendiumd.md). */
enum {
	EXIT_APPLIED = 0,  /* every message applied, held or duplicate */
	EXIT_REJECTED = 1, /* --once: some message was rejected */
	EXIT_USAGE = 2,    /* bad usage or configuration */
	EXIT_CONNECT = 3,  /* connection refused or lost, TLS refused */
	EXIT_AUTH = 4,     /* login refused */
	EXIT_DB = 5,       /* the database cannot be used */
};

/* Servers end an IDLE after 30 minutes (RFC 9051 §6.3.13 asks clients
 * to re-issue it before 29): ours ends it after 28. */
#define IDLE_MAX_S    (28 * 60)
#define NET_TIMEOUT_S 120

static volatile sig_atomic_t got_stop, got_hup;
static int wake[2] = {-1, -1};

static void
on_signal(int sig)
{
	int saved = errno;
	ssize_t r;

	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_stop = 1;
	r = write(wake[1], "x", 1);
	(void)r; /* a full pipe is already a wake-up */
	errno = saved;
}

static void
drain_wake(void)
{
	char buf[64];

	while (read(wake[0], buf, sizeof(buf)) > 0)
		;
}

static void
setup_signals(void)
{
	struct sigaction sa;
	int i;

	if (pipe(wake) == -1) {
		log_error("pipe: %s", strerror(errno));
		exit(EXIT_USAGE);
	}
	for (i = 0; i < 2; i++) {
		fcntl(wake[i], F_SETFL, fcntl(wake[i], F_GETFL) | O_NONBLOCK);
		fcntl(wake[i], F_SETFD, FD_CLOEXEC);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* Sleep ms, or less when a signal comes: 1 when woken. */
static int
sleep_ms(uint32_t ms)
{
	struct pollfd p = {.fd = wake[0], .events = POLLIN};
	struct timespec t0, t1;
	long left = (long)ms;
	int r;

	while (left > 0) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		r = poll(&p, 1, (int)left);
		if (r > 0)
			return 1;
		if (r == 0)
			return 0;
		if (errno != EINTR)
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		left -= (t1.tv_sec - t0.tv_sec) * 1000 +
			(t1.tv_nsec - t0.tv_nsec) / 1000000;
	}
	return 0;
}

struct daemon {
	const char *config_path;
	const char *db_override; /* --db */
	int once, verbose, use_syslog;
	struct cp_config cfg;
	char *password; /* owned */
	struct store *st;
	char *db_path;   /* owned: of st */
	size_t count[4]; /* --once: per status */
};

/* Load and check the configuration into cfg and password.  CP_OK or a
 * message in err. */
static enum cp_status
load_config(const char *path, const char *db_override, struct cp_config *cfg,
	    char **password, struct cp_error *err)
{
	enum cp_status rc;

	*password = NULL;
	if ((rc = config_load(path, 1, cfg, err)) != CP_OK)
		goto out;
	if (db_override != NULL) {
		free(cfg->database);
		cfg->database = xstrdup(db_override);
	}
	if ((rc = config_check_secret(cfg, err)) != CP_OK)
		goto out;
	if (cfg->imap_host == NULL) {
		rc = cp_error_set(err, CP_EINVAL, "%s: [imap] host is not set",
				  path);
		goto out;
	}
	if (cfg->imap_user == NULL) {
		rc = cp_error_set(err, CP_EINVAL, "%s: [imap] user is not set",
				  path);
		goto out;
	}
	if (strcmp(cfg->imap_mailbox, cfg->imap_processed) == 0) {
		rc = cp_error_set(err, CP_EINVAL,
				  "%s: [imap] mailbox and processed are both "
				  "\"%s\"",
				  path, cfg->imap_mailbox);
		goto out;
	}
	if (cfg->imap_password == NULL && cfg->imap_password_command == NULL) {
		rc = cp_error_set(err, CP_EINVAL,
				  "%s: [imap] password or password_command is "
				  "needed",
				  path);
		goto out;
	}
	rc = config_password(cfg, password, err);
out:
	if (rc != CP_OK) {
		config_free(cfg);
		memset(cfg, 0, sizeof(*cfg));
	}
	return rc;
}

static int
open_store(struct daemon *d)
{
	struct cp_error err;
	enum cp_status rc;

	rc = store_open(d->cfg.database, 0, &d->st, &err);
	if (rc != CP_OK) {
		log_error("%s", err.msg);
		return -1;
	}
	free(d->db_path);
	d->db_path = xstrdup(d->cfg.database);
	return 0;
}

/* SIGHUP: a new configuration, or the old one kept when the new one is
 * unusable. */
static void
reload(struct daemon *d)
{
	struct cp_config cfg;
	struct cp_error err;
	struct store *old_st = d->st;
	char *pw, *old_path;

	got_hup = 0;
	if (load_config(d->config_path, d->db_override, &cfg, &pw, &err) !=
	    CP_OK) {
		log_error("SIGHUP: %s; keeping the configuration in use",
			  err.msg);
		return;
	}
	if (strcmp(cfg.database, d->db_path) != 0) {
		struct cp_config keep = d->cfg;

		d->cfg = cfg;
		old_path = d->db_path;
		d->db_path = NULL;
		if (open_store(d) != 0) {
			log_error("SIGHUP: keeping the configuration in use");
			d->cfg = keep;
			d->db_path = old_path;
			d->st = old_st;
			config_free(&cfg);
			free(pw);
			return;
		}
		free(old_path);
		store_close(old_st);
		config_free(&keep);
	} else {
		config_free(&d->cfg);
		d->cfg = cfg;
	}
	if (d->password)
		explicit_bzero(d->password, strlen(d->password));
	free(d->password);
	d->password = pw;
	log_info("SIGHUP: configuration %s read again", d->config_path);
}

/*
 * imap_password_cb, asked at the login step: the password read with the
 * configuration.  It is read at start and on SIGHUP, not here, because
 * docs/compendiumd.md promises so: a failing password_command is a
 * configuration error (exit 2) found before connecting, and on SIGHUP it
 * keeps the configuration in use.  A credential that expires would be
 * fetched here instead.
 */
static enum cp_status
loaded_password(void *arg, const char **password_out, struct cp_error *err)
{
	const struct daemon *d = arg;

	(void)err;
	*password_out = d->password;
	return CP_OK;
}

enum outcome {
	OUT_DONE,  /* --once: synced */
	OUT_STOP,  /* SIGTERM/SIGINT */
	OUT_HUP,   /* SIGHUP: read the configuration, reconnect */
	OUT_TEMP,  /* reconnect after back-off */
	OUT_FATAL, /* exit with d->fatal_code */
};

static enum outcome
fatal_of(enum imap_status st, int *code)
{
	switch (st) {
	case IMAP_EAUTH:
		*code = EXIT_AUTH;
		return OUT_FATAL;
	case IMAP_ETLS:
		*code = EXIT_CONNECT;
		return OUT_FATAL;
	case IMAP_ECONF:
		*code = EXIT_USAGE;
		return OUT_FATAL;
	default:
		return OUT_TEMP;
	}
}

/*
 * One connection: open, start, then sync and wait until a signal, a
 * failure, or (--once) the end of the first sync.  *synced is set once a
 * sync went through (the back-off starts again from 1 s).
 */
static enum outcome
session(struct daemon *d, int *code, int *synced)
{
	struct imap_conf ic;
	struct imap *im = NULL;
	struct sync s;
	struct cp_error err;
	enum imap_status st;
	enum sync_status ss;
	enum outcome out;
	int clean = 0;

	memset(&ic, 0, sizeof(ic));
	ic.host = d->cfg.imap_host;
	ic.port = d->cfg.imap_port;
	ic.tls = strcmp(d->cfg.imap_tls, "starttls") == 0 ? IMAP_TLS_STARTTLS
		 : strcmp(d->cfg.imap_tls, "none") == 0   ? IMAP_TLS_NONE
							  : IMAP_TLS_IMAPS;
	ic.ca_file = d->cfg.imap_ca_file;
	ic.user = d->cfg.imap_user;
	ic.password = loaded_password;
	ic.password_arg = d;
	ic.timeout_s = NET_TIMEOUT_S;

	memset(&s, 0, sizeof(s));
	if ((st = imap_open(&ic, &im, &err)) != IMAP_OK) {
		if (got_stop)
			return OUT_STOP;
		log_error("%s", err.msg);
		out = fatal_of(st, code);
		if (out == OUT_TEMP && d->once)
			*code = EXIT_CONNECT;
		return d->once ? OUT_FATAL : out;
	}
	log_info("%s: logged in as %s; %s; %s", imap_where(im),
		 d->cfg.imap_user,
		 imap_move_kind(im) == IMAP_MOVE ? "MOVE"
		 : imap_move_kind(im) == IMAP_COPY_EXPUNGE
			 ? "no MOVE: UID COPY + UID EXPUNGE"
			 : "no MOVE nor UIDPLUS: messages are flagged \\Seen "
			   "and left in place",
		 imap_has_idle(im) ? "IDLE" : "no IDLE: polling");
	s.st = d->st;
	s.cfg = &d->cfg;
	s.im = im;
	s.stop = &got_stop;
	ss = sync_start(&s, &err);
	while (ss == SYNC_OK) {
		ss = sync_new(&s, &err);
		if (ss != SYNC_OK)
			break;
		*synced = 1;
		if (d->once || got_stop || got_hup)
			break;
		st = imap_wait(im, wake[0], d->cfg.poll_interval, IDLE_MAX_S,
			       &err);
		if (st == IMAP_EWOKEN) {
			drain_wake();
			if (got_stop || got_hup)
				break;
			continue;
		}
		if (st != IMAP_OK) {
			s.imap_st = st;
			ss = SYNC_EIMAP;
		}
	}
	memcpy(d->count, s.count, sizeof(d->count));
	switch (ss) {
	case SYNC_OK:
	case SYNC_STOP:
		clean = 1;
		out = got_stop ? OUT_STOP : got_hup ? OUT_HUP : OUT_DONE;
		break;
	case SYNC_EDB:
		log_error("%s: database: %s", d->cfg.database, err.msg);
		clean = 1;
		/* A busy or full database may come back: the daemon waits
		 * and tries again; --once reports it. */
		*code = EXIT_DB;
		out = d->once ? OUT_FATAL : OUT_TEMP;
		break;
	case SYNC_EIMAP:
	default:
		if (got_stop && s.imap_st == IMAP_ETEMP) {
			out = OUT_STOP;
			break;
		}
		log_error("%s", err.msg);
		out = fatal_of(s.imap_st, code);
		clean = out == OUT_FATAL;
		if (out == OUT_TEMP && d->once) {
			*code = EXIT_CONNECT;
			out = OUT_FATAL;
		}
		break;
	}
	sync_clear(&s);
	imap_close(im, clean);
	return out;
}

static void
usage(FILE *f)
{
	fputs("usage: compendiumd [-c FILE] [--once] [--verbose] [--syslog] "
	      "[--db FILE]\n"
	      "  -c, --config FILE  configuration (default " CONFIG_DEFAULT_PATH
	      ")\n"
	      "      --db FILE      database, instead of [store] database\n"
	      "      --once         sync once and exit (0: all applied, held "
	      "or\n"
	      "                     duplicate; 1: some rejected; 2-5: "
	      "failure)\n"
	      "  -v, --verbose      log the IMAP dialogue (never the "
	      "password)\n"
	      "      --syslog       log to syslog instead of standard error\n",
	      f);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"db", required_argument, NULL, 'D'},
		{"once", no_argument, NULL, 'o'},
		{"verbose", no_argument, NULL, 'v'},
		{"syslog", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct daemon d;
	struct cp_error err;
	unsigned failures = 0;
	int opt, code = EXIT_APPLIED, synced;
	uint32_t rnd, ms;
	enum outcome out;

	memset(&d, 0, sizeof(d));
	d.config_path = CONFIG_DEFAULT_PATH;
	while ((opt = getopt_long(argc, argv, "c:vh", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			d.config_path = optarg;
			break;
		case 'D':
			d.db_override = optarg;
			break;
		case 'o':
			d.once = 1;
			break;
		case 'v':
			d.verbose = 1;
			break;
		case 's':
			d.use_syslog = 1;
			break;
		case 'h':
			usage(stdout);
			return EXIT_APPLIED;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	log_init(d.use_syslog, d.verbose);
	setup_signals();
	imap_set_interrupt(&got_stop);
	if (load_config(d.config_path, d.db_override, &d.cfg, &d.password,
			&err) != CP_OK) {
		log_error("%s", err.msg);
		return EXIT_USAGE;
	}
	if (strcmp(d.cfg.imap_tls, "none") == 0)
		log_warn("%s: tls = none: the password and the mail cross the "
			 "network in plain text",
			 d.config_path);
	if (open_store(&d) != 0) {
		code = EXIT_DB;
		goto out;
	}
	notify_send("READY=1");
	for (;;) {
		synced = 0;
		out = session(&d, &code, &synced);
		if (synced)
			failures = 0;
		if (out == OUT_DONE) {
			code = d.count[STORE_REJECTED] ? EXIT_REJECTED
						       : EXIT_APPLIED;
			break;
		}
		if (out == OUT_FATAL)
			break;
		if (out == OUT_STOP || got_stop) {
			code = EXIT_APPLIED;
			break;
		}
		if (out == OUT_HUP || got_hup) {
			reload(&d);
			continue;
		}
		/* OUT_TEMP */
		failures++;
		if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) !=
		    (ssize_t)sizeof(rnd))
			rnd = (uint32_t)time(NULL) ^ (uint32_t)getpid();
		ms = backoff_ms(failures, rnd);
		log_info("reconnecting in %.1f s (failure %u in a row)",
			 ms / 1000.0, failures);
		if (sleep_ms(ms))
			drain_wake();
		if (got_stop) {
			code = EXIT_APPLIED;
			break;
		}
		if (got_hup)
			reload(&d);
	}
	if (got_stop)
		log_info("stopping (signal)");
	notify_send("STOPPING=1");
out:
	store_close(d.st);
	if (d.password)
		explicit_bzero(d.password, strlen(d.password));
	free(d.password);
	free(d.db_path);
	config_free(&d.cfg);
	return code;
}
