/* SPDX-License-Identifier: MIT */
/*
 * imap.c - the daemon's IMAP client on libetpan (see imap.h).
 *
 * libetpan reads and writes through a mailstream_low driver.  Ours, the
 * "link" (link.c, shared with the SMTP client), is a socket we connected,
 * read through GnuTLS (tls.c) once TLS is up: for IMAPS before the
 * greeting, for STARTTLS after the command's OK.  libetpan's own TLS is
 * never used (it verifies nothing in 1.9.4).  The link also bounds every
 * read by a timeout and logs the dialogue with --verbose, except the
 * LOGIN and AUTHENTICATE commands.
 */
#include "imap_priv.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "tls.h"
#include "xmalloc.h"

void
imap_set_interrupt(const volatile sig_atomic_t *flag)
{
	link_set_interrupt(flag);
}

/* ---- the connection ---- */

const char *
imap_where(const struct imap *im)
{
	return im->where;
}

enum imap_move_kind
imap_move_kind(const struct imap *im)
{
	if (im->has_move)
		return IMAP_MOVE;
	if (im->has_uidplus)
		return IMAP_COPY_EXPUNGE;
	return IMAP_FLAG_SEEN;
}

int
imap_has_idle(const struct imap *im)
{
	return im->has_idle;
}

/* Did libetpan fail on the connection itself (rather than on a NO or a
 * BAD the server answered)? */
static int
is_stream_error(int r)
{
	switch (r) {
	case MAILIMAP_ERROR_STREAM:
	case MAILIMAP_ERROR_PARSE:
	case MAILIMAP_ERROR_FATAL:
	case MAILIMAP_ERROR_CONNECTION_REFUSED:
	case MAILIMAP_ERROR_DONT_ACCEPT_CONNECTION:
	case MAILIMAP_ERROR_PROTOCOL:
	case MAILIMAP_ERROR_BAD_STATE:
		return 1;
	default:
		return 0;
	}
}

enum imap_status
imap_fail(struct imap *im, int r, const char *what, enum imap_status refused,
	  struct cp_error *err)
{
	if (is_stream_error(r)) {
		cp_error_set(err, CP_EIO, "%s: %s: %s", im->where, what,
			     im->link.why[0]             ? im->link.why
			     : r == MAILIMAP_ERROR_FATAL ? "the server said BYE"
							 : "protocol error");
		return IMAP_ETEMP;
	}
	cp_error_set(err, CP_EIO, "%s: %s: refused by the server: %s",
		     im->where, what,
		     im->s->imap_response ? im->s->imap_response : "(no text)");
	return refused;
}

enum imap_status
imap_mailbox_fail(struct imap *im, int r, const char *cmd, const char *verb,
		  const char *mailbox, struct cp_error *err)
{
	enum imap_status st = imap_fail(im, r, cmd, IMAP_ECONF, err);

	if (st == IMAP_ECONF)
		cp_error_set(err, CP_EINVAL, "%s: cannot %s mailbox \"%s\": %s",
			     im->where, verb, mailbox,
			     im->s->imap_response ? im->s->imap_response
						  : "(no text)");
	return st;
}

static enum imap_status
start_tls(struct imap *im, const struct imap_conf *c, struct cp_error *err)
{
	enum cp_status rc;

	rc = link_start_tls(&im->link, im->host, im->port, c->ca_file,
			    im->where, err);
	if (rc == CP_EINVAL)
		return IMAP_ETLS;
	if (rc != CP_OK)
		return IMAP_ETEMP;
	return IMAP_OK;
}

/* CAPABILITY, then what we use of it. */
static enum imap_status
capabilities(struct imap *im, struct cp_error *err)
{
	struct mailimap_capability_data *cap = NULL;
	int r;

	if ((r = mailimap_capability(im->s, &cap)) != MAILIMAP_NO_ERROR)
		return imap_fail(im, r, "CAPABILITY", IMAP_ETEMP, err);
	mailimap_capability_data_free(cap);
	im->has_move = mailimap_has_extension(im->s, "MOVE");
	im->has_uidplus = mailimap_has_extension(im->s, "UIDPLUS");
	im->has_idle = mailimap_has_extension(im->s, "IDLE");
	return IMAP_OK;
}

/*
 * The protocol steps of imap_open(), in the order they run (isync's
 * drv_imap.c: imap_open_store_connected, _greeted, _authenticate).  Each
 * leaves what it made in im (freed by imap_close() on failure) and says
 * what failed in err.
 */

/* Step 1: the TCP connection, and for IMAPS the TLS handshake before any
 * byte of IMAP. */
static enum imap_status
open_connect(struct imap *im, const struct imap_conf *c, struct cp_error *err)
{
	if (link_connect(&im->link, im->host, im->port, im->where, err) !=
	    CP_OK)
		return IMAP_ETEMP;
	if (c->tls == IMAP_TLS_IMAPS)
		return start_tls(im, c, err);
	return IMAP_OK;
}

/*
 * STARTTLS after a greeting without PREAUTH (tls = starttls): refused
 * unless the server offers it, and TLS is up before anything more is
 * read.
 */
static enum imap_status
negotiate_starttls(struct imap *im, const struct imap_conf *c,
		   struct cp_error *err)
{
	enum imap_status st;
	int r;

	if ((st = capabilities(im, err)) != IMAP_OK)
		return st;
	if (!mailimap_has_extension(im->s, "STARTTLS")) {
		cp_error_set(err, CP_EINVAL,
			     "%s: tls = starttls but the server does "
			     "not offer STARTTLS: refusing to go on "
			     "without TLS",
			     im->where);
		return IMAP_ETLS;
	}
	if ((r = mailimap_starttls(im->s)) != MAILIMAP_NO_ERROR)
		return imap_fail(im, r, "STARTTLS", IMAP_ETLS, err);
	/* Bytes after the OK, before the handshake, came in plain
	 * text from anyone on the path (CVE-2020-15953 in
	 * libetpan): never read them as the server's. */
	if (im->s->imap_stream->read_buffer_len != 0) {
		cp_error_set(err, CP_EINVAL,
			     "%s: data after the STARTTLS response, "
			     "before TLS: refusing the connection",
			     im->where);
		return IMAP_ETLS;
	}
	return start_tls(im, c, err);
}

/*
 * Step 2: libetpan reads the greeting through the link; STARTTLS when
 * configured; then CAPABILITY.  *preauth_out: the server greeted with
 * PREAUTH (no login).
 */
static enum imap_status
open_greeted(struct imap *im, const struct imap_conf *c, int *preauth_out,
	     struct cp_error *err)
{
	mailstream *stream;
	enum imap_status st;
	int r;

	*preauth_out = 0;
	im->s = mailimap_new(0, NULL);
	if (im->s == NULL)
		abort();
	stream = link_stream(&im->link);
	r = mailimap_connect(im->s, stream);
	if (r != MAILIMAP_NO_ERROR_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		/* (On failure libetpan keeps the stream: closed with
		 * im->s.) */
		return imap_fail(im, r, "greeting", IMAP_ETEMP, err);
	}
	*preauth_out = r == MAILIMAP_NO_ERROR_AUTHENTICATED;

	if (c->tls == IMAP_TLS_STARTTLS) {
		if (*preauth_out) {
			/* A PREAUTH greeting leaves no place for STARTTLS
			 * (RFC 9051 §7.1.4): never go on in plain text. */
			cp_error_set(err, CP_EINVAL,
				     "%s: tls = starttls but the server "
				     "greets with PREAUTH: refusing to go on "
				     "without TLS",
				     im->where);
			return IMAP_ETLS;
		}
		if ((st = negotiate_starttls(im, c, err)) != IMAP_OK)
			return st;
	} else if (c->tls == IMAP_TLS_NONE)
		log_debug("%s: no TLS (tls = none)", im->where);

	/* What the server said before TLS is forgotten: ask again. */
	return capabilities(im, err);
}

/*
 * The credentials, asked for now, at the moment of login and only then
 * (isync's ensure_password): *password_out is borrowed from the callback
 * (see imap_password_cb).  IMAP_ECONF when either is missing.
 */
static enum imap_status
ensure_password(struct imap *im, const struct imap_conf *c,
		const char **password_out, struct cp_error *err)
{
	*password_out = NULL;
	if (c->user != NULL && c->password != NULL &&
	    c->password(c->password_arg, password_out, err) != CP_OK)
		return IMAP_ECONF;
	if (c->user == NULL || *password_out == NULL) {
		cp_error_set(err, CP_EINVAL,
			     "%s: [imap] user and a password (password "
			     "or password_command) are needed",
			     im->where);
		return IMAP_ECONF;
	}
	return IMAP_OK;
}

/*
 * Step 3 (not after PREAUTH): LOGIN, or AUTHENTICATE PLAIN where LOGIN is
 * disabled; then CAPABILITY again, since servers offer more once logged
 * in (Dovecot: MOVE).
 */
static enum imap_status
open_authenticate(struct imap *im, const struct imap_conf *c,
		  struct cp_error *err)
{
	const char *password, *code;
	enum imap_status st;
	int r;

	if ((st = ensure_password(im, c, &password, err)) != IMAP_OK)
		return st;
	if (mailimap_has_extension(im->s, "LOGINDISABLED") &&
	    mailimap_has_authentication(im->s, "PLAIN"))
		r = mailimap_authenticate(im->s, "PLAIN", im->host, NULL, NULL,
					  c->user, c->user, password, NULL);
	else
		r = mailimap_login(im->s, c->user, password);
	if (r != MAILIMAP_NO_ERROR) {
		code = im->s->imap_response_info
			       ? im->s->imap_response_info->rsp_atom
			       : NULL;
		/* NO [UNAVAILABLE] (RFC 5530): the server cannot
		 * check credentials now; they were not refused. */
		st = imap_fail(im, r, "login",
			       code && strcasecmp(code, "UNAVAILABLE") == 0
				       ? IMAP_ETEMP
				       : IMAP_EAUTH,
			       err);
		if (st == IMAP_EAUTH)
			cp_error_set(err, CP_EINVAL,
				     "%s: login as %s refused: %s", im->where,
				     c->user,
				     im->s->imap_response ? im->s->imap_response
							  : "(no text)");
		return st;
	}
	return capabilities(im, err);
}

enum imap_status
imap_open(const struct imap_conf *c, struct imap **out, struct cp_error *err)
{
	struct imap *im = xcalloc(1, sizeof(*im));
	enum imap_status st;
	int preauth;

	*out = NULL;
	link_init(&im->link, (c->timeout_s > 0 ? c->timeout_s : 300) * 1000);
	im->host = c->host;
	im->port = c->port ? c->port : c->tls == IMAP_TLS_IMAPS ? 993 : 143;
	snprintf(im->where, sizeof(im->where), "%s:%d", c->host, im->port);

	if ((st = open_connect(im, c, err)) != IMAP_OK)
		goto out;
	if ((st = open_greeted(im, c, &preauth, err)) != IMAP_OK)
		goto out;
	if (!preauth && (st = open_authenticate(im, c, err)) != IMAP_OK)
		goto out;
	st = IMAP_OK;
out:
	if (st != IMAP_OK) {
		imap_close(im, 0);
		return st;
	}
	*out = im;
	return IMAP_OK;
}

void
imap_close(struct imap *im, int clean)
{
	if (im == NULL)
		return;
	if (im->s != NULL) {
		if (clean && im->s->imap_stream != NULL) {
			im->link.timeout_ms = 5000;
			mailimap_logout(im->s);
		}
		/* mailimap_free() would LOGOUT on a broken stream and wait
		 * for its answer: close it first. */
		if (im->s->imap_stream != NULL) {
			mailstream_close(im->s->imap_stream);
			im->s->imap_stream = NULL;
		}
		mailimap_free(im->s);
	}
	link_release(&im->link);
	free(im);
}

/* ---- mailboxes ---- */

enum imap_status
imap_ensure_mailbox(struct imap *im, const char *mailbox, int *created_out,
		    struct cp_error *err)
{
	clist *list = NULL;
	int r, n;

	*created_out = 0;
	r = mailimap_list(im->s, "", mailbox, &list);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(im, r, "LIST", IMAP_ETEMP, err);
	n = clist_count(list);
	mailimap_list_result_free(list);
	if (n > 0)
		return IMAP_OK;
	if ((r = mailimap_create(im->s, mailbox)) != MAILIMAP_NO_ERROR) {
		return imap_mailbox_fail(im, r, "CREATE", "create", mailbox,
					 err);
	}
	*created_out = 1;
	return IMAP_OK;
}

enum imap_status
imap_select(struct imap *im, const char *mailbox, uint32_t *uidvalidity_out,
	    struct cp_error *err)
{
	int r;

	*uidvalidity_out = 0;
	if ((r = mailimap_select(im->s, mailbox)) != MAILIMAP_NO_ERROR) {
		return imap_mailbox_fail(im, r, "SELECT", "select", mailbox,
					 err);
	}
	if (im->s->imap_selection_info == NULL ||
	    im->s->imap_selection_info->sel_uidvalidity == 0) {
		/* Without UIDVALIDITY no UID can be trusted across
		 * sessions (RFC 9051 requires it). */
		cp_error_set(err, CP_EINVAL,
			     "%s: mailbox \"%s\" has no UIDVALIDITY", im->where,
			     mailbox);
		return IMAP_ECONF;
	}
	*uidvalidity_out = im->s->imap_selection_info->sel_uidvalidity;
	return IMAP_OK;
}

/* ---- waiting ---- */

static int
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int)(t.tv_sec * 1000 + t.tv_nsec / 1000000);
}

/* Wait for fd (may be -1) or wake_fd for up to ms: 1 fd, 2 wake, 0 time
 * out. */
static int
wait_two(int fd, int wake_fd, int ms)
{
	struct pollfd p[2];
	int end = now_ms() + ms, r, left;

	for (;;) {
		left = end - now_ms();
		if (left < 0)
			left = 0;
		p[0].fd = wake_fd;
		p[0].events = POLLIN;
		p[1].fd = fd;
		p[1].events = POLLIN;
		p[0].revents = p[1].revents = 0;
		r = poll(p, fd == -1 ? 1 : 2, left);
		if (r == -1 && errno == EINTR)
			continue; /* the handler wrote to wake_fd */
		if (r <= 0)
			return 0;
		if (p[0].revents)
			return 2;
		if (p[1].revents)
			return 1;
	}
}

enum imap_status
imap_wait(struct imap *im, int wake_fd, int poll_s, int idle_max_s,
	  struct cp_error *err)
{
	int r, w;

	if (!im->has_idle) {
		if (wait_two(-1, wake_fd, poll_s * 1000) == 2)
			return IMAP_EWOKEN;
		if ((r = mailimap_noop(im->s)) != MAILIMAP_NO_ERROR)
			return imap_fail(im, r, "NOOP", IMAP_ETEMP, err);
		return IMAP_OK;
	}
	if ((r = mailimap_idle(im->s)) != MAILIMAP_NO_ERROR)
		return imap_fail(im, r, "IDLE", IMAP_ETEMP, err);
	/* Anything the server says (EXISTS, a keep-alive, BYE) ends the
	 * IDLE, and the caller syncs: cheap, and never misses news. */
	if (im->s->imap_stream->read_buffer_len > 0 ||
	    (im->link.tls != NULL && tls_pending(im->link.tls) > 0))
		w = 1;
	else
		w = wait_two(im->link.fd, wake_fd, idle_max_s * 1000);
	if ((r = mailimap_idle_done(im->s)) != MAILIMAP_NO_ERROR)
		return imap_fail(im, r, "IDLE (DONE)", IMAP_ETEMP, err);
	return w == 2 ? IMAP_EWOKEN : IMAP_OK;
}
