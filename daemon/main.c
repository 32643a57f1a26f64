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
#include "cp_version.h"
#include "imap.h"
#include "log.h"
#include "notify.h"
#include "send.h"
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
#define IDLE_MAX_S (28 * 60)
/* Batches of receipts (SEND_BATCH each) sent between two syncs. */
#define SEND_ROUNDS   2
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

/* Free a password (NULL is fine), wiped first. */
static void
wipe_password(char *password)
{
	if (password)
		explicit_bzero(password, strlen(password));
	free(password);
}

/* Load and check the configuration into cfg and password.  CP_OK or a
 * message in err. */
static enum cp_status
load_config(const char *path, const char *db_override, struct cp_config *cfg,
	    char **password, struct cp_error *err)
{
	/* SIGTERM ends the wait for password_command (the handler writes
	 * to the wake pipe), and so do 30 s. */
	const struct config_wait wait = {0, wake[0], &got_stop};
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
	if ((rc = send_check(cfg, err)) != CP_OK)
		goto out;
	rc = config_password(cfg, &wait, password, err);
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
	wipe_password(d->password);
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
	OUT_FATAL, /* exit with the code session() set */
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

/* The connection's settings, borrowed from d's configuration. */
static void
connection_conf(struct daemon *d, struct imap_conf *ic)
{
	memset(ic, 0, sizeof(*ic));
	ic->host = d->cfg.imap_host;
	ic->port = d->cfg.imap_port;
	ic->tls = strcmp(d->cfg.imap_tls, "starttls") == 0 ? IMAP_TLS_STARTTLS
		  : strcmp(d->cfg.imap_tls, "none") == 0   ? IMAP_TLS_NONE
							   : IMAP_TLS_IMAPS;
	ic->ca_file = d->cfg.imap_ca_file;
	ic->user = d->cfg.imap_user;
	ic->password = loaded_password;
	ic->password_arg = d;
	ic->timeout_s = NET_TIMEOUT_S;
}

/* Connect and log in (*im_out: the caller closes it); err says why not. */
static enum imap_status
connect_imap(struct daemon *d, struct imap **im_out, struct cp_error *err)
{
	struct imap_conf ic;
	enum imap_status st;

	connection_conf(d, &ic);
	if ((st = imap_open(&ic, im_out, err)) != IMAP_OK)
		return st;
	log_info("%s: logged in as %s; %s; %s", imap_where(*im_out),
		 d->cfg.imap_user,
		 imap_move_kind(*im_out) == IMAP_MOVE ? "MOVE"
		 : imap_move_kind(*im_out) == IMAP_COPY_EXPUNGE
			 ? "no MOVE: UID COPY + UID EXPUNGE"
			 : "no MOVE nor UIDPLUS: messages are flagged \\Seen "
			   "and left in place",
		 imap_has_idle(*im_out) ? "IDLE" : "no IDLE: polling");
	return IMAP_OK;
}

/*
 * What the failure st of connect_imap() means for the daemon: logged
 * (err) unless stopping, and sorted (*code set when fatal).
 */
static enum outcome
outcome_of_connect(struct daemon *d, enum imap_status st,
		   const struct cp_error *err, int *code)
{
	enum outcome out;

	if (got_stop)
		return OUT_STOP;
	log_error("%s", err->msg);
	out = fatal_of(st, code);
	if (out == OUT_TEMP && d->once)
		*code = EXIT_CONNECT;
	return d->once ? OUT_FATAL : out;
}

/*
 * Send the receipts due (send.h): all of them with --once; else a round
 * of SEND_ROUNDS batches, so that mail arriving while a long queue goes
 * out waits one round, not the queue.  Bound the wait that follows by
 * the next attempt of one still queued: *idle_s and *poll_s (at least
 * 1 s).  1 when receipts are still due now (sync, then send again
 * without waiting), else 0.
 */
static int
send_receipts(struct daemon *d, int *idle_s, int *poll_s)
{
	/* SIGTERM ends the wait for [smtp] password_command too. */
	const struct config_wait wait = {0, wake[0], &got_stop};
	int64_t next = -1;

	*idle_s = IDLE_MAX_S;
	*poll_s = d->cfg.poll_interval;
	if (send_due(d->st, &d->cfg, d->once ? 0 : SEND_ROUNDS, &wait, &next))
		return 1;
	if (next < 0)
		return 0;
	if (next < 1)
		next = 1;
	if (next < *idle_s)
		*idle_s = (int)next;
	if (next < *poll_s)
		*poll_s = (int)next;
	return 0;
}

/*
 * Sync, send the receipts due, then wait for news (IDLE, or polling; no
 * longer than until a queued receipt's next attempt) and sync again,
 * until a signal, a failure, or (--once) the end of the first sync.
 * *synced is set once a sync went through.  How it ended; err says why it
 * failed.
 */
static enum sync_status
watch_mailbox(struct daemon *d, struct sync *s, int *synced,
	      struct cp_error *err)
{
	enum imap_status st;
	enum sync_status ss;
	int idle_s = IDLE_MAX_S, poll_s = d->cfg.poll_interval, more;

	ss = sync_start(s, err);
	while (ss == SYNC_OK) {
		ss = sync_new(s, err);
		if (ss != SYNC_OK)
			break;
		*synced = 1;
		more = !got_stop && send_receipts(d, &idle_s, &poll_s);
		if (d->once || got_stop || got_hup)
			break;
		if (more)
			continue;
		st = imap_wait(s->im, wake[0], poll_s, idle_s, err);
		if (st == IMAP_EWOKEN) {
			drain_wake();
			if (got_stop || got_hup)
				break;
			continue;
		}
		if (st != IMAP_OK) {
			s->imap_st = st;
			ss = SYNC_EIMAP;
		}
	}
	return ss;
}

/*
 * What the end ss of watch_mailbox() means for the daemon: a failure is
 * logged (err) and sorted (*code set when fatal); *clean_out says whether
 * the connection is still good for a LOGOUT.
 */
static enum outcome
outcome_of_sync(struct daemon *d, const struct sync *s, enum sync_status ss,
		const struct cp_error *err, int *code, int *clean_out)
{
	enum outcome out;

	*clean_out = 0;
	switch (ss) {
	case SYNC_OK:
	case SYNC_STOP:
		*clean_out = 1;
		return got_stop ? OUT_STOP : got_hup ? OUT_HUP : OUT_DONE;
	case SYNC_EDB:
		log_error("%s: database: %s", d->cfg.database, err->msg);
		*clean_out = 1;
		/* A busy or full database may come back: the daemon waits
		 * and tries again; --once reports it. */
		*code = EXIT_DB;
		return d->once ? OUT_FATAL : OUT_TEMP;
	case SYNC_EIMAP:
	default:
		if (got_stop && s->imap_st == IMAP_ETEMP)
			return OUT_STOP;
		log_error("%s", err->msg);
		out = fatal_of(s->imap_st, code);
		*clean_out = out == OUT_FATAL;
		if (out == OUT_TEMP && d->once) {
			*code = EXIT_CONNECT;
			out = OUT_FATAL;
		}
		return out;
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
	struct imap *im = NULL;
	struct sync s;
	struct cp_error err;
	enum imap_status st;
	enum sync_status ss;
	enum outcome out;
	int clean;

	if ((st = connect_imap(d, &im, &err)) != IMAP_OK)
		return outcome_of_connect(d, st, &err, code);
	memset(&s, 0, sizeof(s));
	s.st = d->st;
	s.cfg = &d->cfg;
	s.im = im;
	s.stop = &got_stop;
	ss = watch_mailbox(d, &s, synced, &err);
	memcpy(d->count, s.count, sizeof(d->count));
	out = outcome_of_sync(d, &s, ss, &err, code, &clean);
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
	      "      --once         sync once, send the receipts due, and "
	      "exit\n"
	      "                     (0: all applied, held or duplicate; 1: "
	      "some\n"
	      "                     rejected; 2-5: failure)\n"
	      "  -v, --verbose      log the IMAP dialogue (never the "
	      "password)\n"
	      "      --syslog       log to syslog instead of standard error\n"
	      "      --version      print the version and exit\n",
	      f);
}

/*
 * The command line into d.  -1 to go on; else the exit code, the usage
 * printed (--help, bad usage).
 */
static int
parse_options(int argc, char **argv, struct daemon *d)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"db", required_argument, NULL, 'D'},
		{"once", no_argument, NULL, 'o'},
		{"verbose", no_argument, NULL, 'v'},
		{"syslog", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "c:vh", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			d->config_path = optarg;
			break;
		case 'D':
			d->db_override = optarg;
			break;
		case 'o':
			d->once = 1;
			break;
		case 'v':
			d->verbose = 1;
			break;
		case 's':
			d->use_syslog = 1;
			break;
		case 'h':
			usage(stdout);
			return EXIT_APPLIED;
		case 'V':
			printf("compendiumd %s\n", CP_VERSION);
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
	return -1;
}

/* The configuration at start into d: 0, or -1 with the error logged. */
static int
configure(struct daemon *d)
{
	struct cp_error err;

	if (load_config(d->config_path, d->db_override, &d->cfg, &d->password,
			&err) != CP_OK) {
		log_error("%s", err.msg);
		return -1;
	}
	if (strcmp(d->cfg.imap_tls, "none") == 0)
		log_warn("%s: tls = none: the password and the mail cross the "
			 "network in plain text",
			 d->config_path);
	if (d->cfg.smtp_host != NULL && d->cfg.smtp_receipts &&
	    strcmp(d->cfg.smtp_tls, "none") == 0)
		log_warn("%s: [smtp] tls = none: the SMTP password and the "
			 "receipts cross the network in plain text",
			 d->config_path);
	if (d->cfg.smtp_host == NULL && d->cfg.smtp_from != NULL &&
	    d->cfg.smtp_receipts)
		log_warn("%s: [smtp] from is set but host is not: receipts "
			 "are queued, none is sent",
			 d->config_path);
	return 0;
}

/* After a temporary failure, the failures-th in a row: wait the back-off
 * (a signal cuts it short). */
static void
wait_to_reconnect(unsigned failures)
{
	uint32_t rnd, ms;

	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd))
		rnd = (uint32_t)time(NULL) ^ (uint32_t)getpid();
	ms = backoff_ms(failures, rnd);
	log_info("reconnecting in %.1f s (failure %u in a row)", ms / 1000.0,
		 failures);
	if (sleep_ms(ms))
		drain_wake();
}

/*
 * Sessions, one after the other, until one ends for good: reconnect after
 * a back-off, read the configuration again on SIGHUP.  The exit code.
 */
static int
run(struct daemon *d)
{
	unsigned failures = 0;
	int code = EXIT_APPLIED, synced;
	enum outcome out;

	for (;;) {
		synced = 0;
		out = session(d, &code, &synced);
		if (synced)
			failures = 0;
		if (out == OUT_DONE)
			return d->count[STORE_REJECTED] ? EXIT_REJECTED
							: EXIT_APPLIED;
		if (out == OUT_FATAL)
			return code;
		if (out == OUT_STOP || got_stop)
			return EXIT_APPLIED;
		if (out == OUT_HUP || got_hup) {
			reload(d);
			continue;
		}
		/* OUT_TEMP */
		wait_to_reconnect(++failures);
		if (got_stop)
			return EXIT_APPLIED;
		if (got_hup)
			reload(d);
	}
}

int
main(int argc, char **argv)
{
	struct daemon d;
	int code;

	memset(&d, 0, sizeof(d));
	d.config_path = CONFIG_DEFAULT_PATH;
	if ((code = parse_options(argc, argv, &d)) >= 0)
		return code;
	log_init(d.use_syslog, d.verbose);
	setup_signals();
	imap_set_interrupt(&got_stop);
	if (configure(&d) != 0) {
		/* SIGTERM while password_command ran is a clean stop */
		code = got_stop ? EXIT_APPLIED : EXIT_USAGE;
		if (got_stop)
			log_info("stopping (signal)");
		goto out;
	}
	if (open_store(&d) != 0) {
		code = EXIT_DB;
		goto out;
	}
	notify_send("READY=1");
	code = run(&d);
	if (got_stop)
		log_info("stopping (signal)");
	notify_send("STOPPING=1");
out:
	store_close(d.st);
	wipe_password(d.password);
	free(d.db_path);
	config_free(&d.cfg);
	return code;
}
