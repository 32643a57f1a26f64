/* SPDX-License-Identifier: MIT */
/*
 * smtp.c - the daemon's SMTP client on libetpan's mailsmtp (see smtp.h).
 *
 * libetpan speaks SMTP through our link (link.c): the socket, read and
 * written through GnuTLS once TLS is up (for smtps before the greeting,
 * for starttls after the 220 to STARTTLS), every step bounded by the
 * link's timeout.  libetpan's own TLS is never used: it verifies nothing.
 *
 * What libetpan does and does not do for us, read in its source (1.9.4):
 * mailsmtp_data_message() sends CRLF line ends, doubles a leading dot and
 * ends with "\r\n.\r\n" - so a message that already ends with its line
 * end would gain an empty line: that end is left off here.  AUTH goes
 * through Cyrus SASL (mailesmtp_auth_sasl(), PLAIN and LOGIN from
 * libsasl2-modules), and the LOGIN password line is written as a public
 * line: the link is hushed (nothing the client writes is logged) for the
 * whole of AUTH.
 */
#include <libetpan/libetpan.h>

#include "smtp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "link.h"
#include "log.h"
#include "xmalloc.h"

struct smtp {
	mailsmtp *s;
	struct link link;
	char where[300];  /* host:port */
	const char *host; /* borrowed (the configuration) */
	int port;
	int dead;      /* the stream failed: nothing more can be sent */
	int need_rset; /* a transaction was left half done */
};

const char *
smtp_where(const struct smtp *s)
{
	return s->where;
}

int
smtp_alive(const struct smtp *s)
{
	return !s->dead;
}

/* The server's last answer as one line of printable ASCII, in out. */
static void
answer(const struct smtp *s, char *out, size_t outsz)
{
	const char *r = s->s->response ? s->s->response : "";
	size_t n = 0;

	for (; *r && n + 1 < outsz; r++) {
		unsigned char c = (unsigned char)*r;

		if (c == '\r')
			continue;
		if (c == '\n') {
			if (r[1] == '\0')
				break;
			c = ' ';
		}
		out[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[n] = '\0';
}

/*
 * The reply to `what`: its code, or 0 when the connection failed (the
 * link's reason in err).  Sorts into our kinds for smtp_open(): a 4xx or a
 * broken connection is temporary, a 5xx is `refused`.
 */
static enum smtp_status
open_fail(struct smtp *s, const char *what, enum smtp_status refused,
	  struct cp_error *err)
{
	int code = s->s ? s->s->response_code : 0;
	char text[400];

	if (code <= 0) {
		cp_error_set(err, CP_EIO, "%s: %s: %s", s->where, what,
			     s->link.why[0] ? s->link.why
					    : "connection closed");
		return SMTP_ETEMP;
	}
	answer(s, text, sizeof(text));
	cp_error_set(err, CP_EIO, "%s: %s: the server answered %d %s", s->where,
		     what, code, text);
	return code / 100 == 5 ? refused : SMTP_ETEMP;
}

/* Step 1: TCP, and for smtps the TLS handshake before any byte of SMTP;
 * then the greeting (220). */
static enum smtp_status
open_connect(struct smtp *s, const struct smtp_conf *c, struct cp_error *err)
{
	enum cp_status rc;

	if (link_connect(&s->link, s->host, s->port, s->where, err) != CP_OK)
		return SMTP_ETEMP;
	if (c->tls == SMTP_TLS_SMTPS) {
		rc = link_start_tls(&s->link, s->host, s->port, c->ca_file,
				    s->where, err);
		if (rc != CP_OK)
			return rc == CP_EINVAL ? SMTP_ETLS : SMTP_ETEMP;
	} else if (c->tls == SMTP_TLS_NONE)
		log_debug("%s: no TLS (tls = none)", s->where);
	s->s = mailsmtp_new(0, NULL);
	if (s->s == NULL)
		abort();
	/* On failure libetpan closes the stream, and with it the link. */
	if (mailsmtp_connect(s->s, link_stream(&s->link)) != MAILSMTP_NO_ERROR)
		return open_fail(s, "greeting", SMTP_ETEMP, err);
	return SMTP_OK;
}

/* EHLO, the client named by its address (an address literal: no host
 * name of this machine is told, and none can be wrong). */
static enum smtp_status
ehlo(struct smtp *s, struct cp_error *err)
{
	if (mailesmtp_ehlo_with_ip(s->s, 1) != MAILSMTP_NO_ERROR)
		return open_fail(s, "EHLO", SMTP_ETEMP, err);
	return SMTP_OK;
}

/*
 * Step 2 (tls = starttls): refused unless the server offers STARTTLS, and
 * TLS is up before anything more is read; never plain text instead.
 */
static enum smtp_status
open_starttls(struct smtp *s, const struct smtp_conf *c, struct cp_error *err)
{
	enum cp_status rc;
	int r;

	if (!(s->s->esmtp & MAILSMTP_ESMTP_STARTTLS)) {
		cp_error_set(err, CP_EINVAL,
			     "%s: tls = starttls but the server does not offer "
			     "STARTTLS: refusing to go on without TLS",
			     s->where);
		return SMTP_ETLS;
	}
	r = mailesmtp_starttls(s->s);
	/* Bytes after the 220, before the handshake, came in plain text
	 * from anyone on the path: never read them as the server's. */
	if (s->s->stream != NULL && s->s->stream->read_buffer_len != 0) {
		cp_error_set(err, CP_EINVAL,
			     "%s: data after the STARTTLS response, before "
			     "TLS: refusing the connection",
			     s->where);
		return SMTP_ETLS;
	}
	if (r != MAILSMTP_NO_ERROR)
		return open_fail(s, "STARTTLS", SMTP_ETLS, err);
	rc = link_start_tls(&s->link, s->host, s->port, c->ca_file, s->where,
			    err);
	if (rc != CP_OK)
		return rc == CP_EINVAL ? SMTP_ETLS : SMTP_ETEMP;
	return SMTP_OK;
}

/*
 * Step 3: AUTH PLAIN, else AUTH LOGIN, as the server offers; the password
 * asked for now and only now (as imap.c's ensure_password).
 */
static enum smtp_status
open_authenticate(struct smtp *s, const struct smtp_conf *c,
		  struct cp_error *err)
{
	const char *password = NULL, *mech;
	char what[64];
	int r;

	if (c->password != NULL &&
	    c->password(c->password_arg, &password, err) != CP_OK)
		return SMTP_ECONF; /* err set by the callback */
	if (password == NULL) {
		cp_error_set(err, CP_EINVAL,
			     "%s: [smtp] user is set but no password "
			     "(password_command)",
			     s->where);
		return SMTP_ECONF;
	}
	if (s->s->auth & MAILSMTP_AUTH_PLAIN)
		mech = "PLAIN";
	else if (s->s->auth & MAILSMTP_AUTH_LOGIN)
		mech = "LOGIN";
	else {
		cp_error_set(err, CP_EINVAL,
			     "%s: the server offers neither AUTH PLAIN nor "
			     "AUTH LOGIN",
			     s->where);
		return SMTP_ECONF;
	}
	snprintf(what, sizeof(what), "AUTH %s as %.30s", mech, c->user);
	s->link.hush = 1;
	s->s->response_code = -1; /* still -1: SASL failed before sending */
	r = mailesmtp_auth_sasl(s->s, mech, s->host, NULL, NULL, c->user,
				c->user, password, NULL);
	s->link.hush = 0;
	if (r == MAILSMTP_NO_ERROR && s->s->response_code / 100 == 2)
		return SMTP_OK;
	if (s->s->response_code == -1 || s->s->response_code / 100 == 2 ||
	    s->s->response_code / 100 == 3) {
		cp_error_set(err, CP_EINVAL,
			     "%s: %s: SASL could not make the exchange (%s; "
			     "are libsasl2-modules installed?)",
			     s->where, what, mailsmtp_strerror(r));
		return SMTP_ECONF;
	}
	return open_fail(s, what, SMTP_EAUTH, err);
}

enum smtp_status
smtp_open(const struct smtp_conf *c, struct smtp **out, struct cp_error *err)
{
	struct smtp *s = xcalloc(1, sizeof(*s));
	enum smtp_status st;

	*out = NULL;
	link_init(&s->link, (c->timeout_s > 0 ? c->timeout_s : 60) * 1000);
	s->host = c->host;
	s->port = c->port ? c->port : c->tls == SMTP_TLS_SMTPS ? 465 : 587;
	snprintf(s->where, sizeof(s->where), "%s:%d", c->host, s->port);

	if ((st = open_connect(s, c, err)) != SMTP_OK)
		goto out;
	if ((st = ehlo(s, err)) != SMTP_OK)
		goto out;
	if (c->tls == SMTP_TLS_STARTTLS) {
		if ((st = open_starttls(s, c, err)) != SMTP_OK)
			goto out;
		if ((st = ehlo(s, err)) != SMTP_OK)
			goto out;
	}
	if (c->user != NULL && (st = open_authenticate(s, c, err)) != SMTP_OK)
		goto out;
	st = SMTP_OK;
out:
	if (st != SMTP_OK) {
		s->dead = 1;
		smtp_close(s);
		return st;
	}
	*out = s;
	return SMTP_OK;
}

/* An address that can go into MAIL FROM:<...> or RCPT TO:<...> as it is:
 * no control character, space or angle bracket, within RFC 5321's 256. */
static int
path_ok(const char *a, int may_be_empty)
{
	size_t n = strlen(a), i;

	if (n > 254 || (n == 0 && !may_be_empty))
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)a[i];

		if (c <= 0x20 || c == 0x7f || c == '<' || c == '>')
			return 0;
	}
	return 1;
}

/* Before a step: no answer yet, so that a write that fails is not taken
 * for the previous step's answer. */
static void
fresh(struct smtp *s)
{
	s->s->response_code = 0;
	s->link.why[0] = '\0';
}

/* Sort libetpan's answer r to `what` into *res; returns the outcome. */
static enum smtp_outcome
step_fail(struct smtp *s, const char *what, struct smtp_result *res)
{
	int code = s->s->response_code;
	char text[400];

	res->code = code > 0 ? code : 0;
	if (code <= 0 || code / 100 < 4) {
		/* the connection failed, or the server said something that
		 * makes no sense here: nothing more on this connection */
		s->dead = 1;
		if (code <= 0)
			snprintf(res->text, sizeof(res->text),
				 "%.200s: %s: %.250s", s->where, what,
				 s->link.why[0] ? s->link.why
						: "connection closed");
		else {
			answer(s, text, sizeof(text));
			snprintf(res->text, sizeof(res->text),
				 "%.200s: %s: unexpected answer %d %.200s",
				 s->where, what, code, text);
		}
		res->outcome = SMTP_TEMPORARY;
		return res->outcome;
	}
	s->need_rset = 1;
	/* 421: the server is closing the connection (RFC 5321 §3.8) */
	if (code == 421)
		s->dead = 1;
	answer(s, text, sizeof(text));
	snprintf(res->text, sizeof(res->text), "%.200s: %s: %d %.250s",
		 s->where, what, code, text);
	res->outcome = code / 100 == 5 ? SMTP_PERMANENT : SMTP_TEMPORARY;
	return res->outcome;
}

enum smtp_outcome
smtp_send(struct smtp *s, const char *from_addr, const char *rcpt,
	  const char *bytes, size_t len, struct smtp_result *res)
{
	memset(res, 0, sizeof(*res));
	if (!path_ok(from_addr, 1) || !path_ok(rcpt, 0)) {
		res->outcome = SMTP_PERMANENT;
		snprintf(res->text, sizeof(res->text),
			 "%s: the address %s cannot be sent to", s->where,
			 path_ok(rcpt, 0) ? "of the sender"
					  : "of the recipient");
		return res->outcome;
	}
	if (s->dead) {
		res->outcome = SMTP_TEMPORARY;
		snprintf(res->text, sizeof(res->text),
			 "%s: the connection was lost", s->where);
		return res->outcome;
	}
	fresh(s);
	if (s->need_rset) {
		if (mailsmtp_reset(s->s) != MAILSMTP_NO_ERROR ||
		    s->s->response_code != 250) {
			/* a refused RSET says nothing of the message: try
			 * it again on another connection */
			step_fail(s, "RSET", res);
			s->dead = 1;
			res->outcome = SMTP_TEMPORARY;
			return res->outcome;
		}
		s->need_rset = 0;
		fresh(s);
	}
	if (mailesmtp_mail_size(s->s, from_addr, 0, NULL, len) !=
	    MAILSMTP_NO_ERROR)
		return step_fail(s, "MAIL FROM", res);
	fresh(s);
	if (mailesmtp_rcpt(s->s, rcpt, 0, NULL) != MAILSMTP_NO_ERROR)
		return step_fail(s, "RCPT TO", res);
	fresh(s);
	if (mailsmtp_data(s->s) != MAILSMTP_NO_ERROR)
		return step_fail(s, "DATA", res);
	/* libetpan ends the data with CRLF "." CRLF itself. */
	if (len > 0 && bytes[len - 1] == '\n')
		len--;
	if (len > 0 && bytes[len - 1] == '\r')
		len--;
	fresh(s);
	if (mailsmtp_data_message(s->s, bytes, len) != MAILSMTP_NO_ERROR)
		return step_fail(s, "end of data", res);
	res->outcome = SMTP_SENT;
	res->code = s->s->response_code;
	return SMTP_SENT;
}

void
smtp_close(struct smtp *s)
{
	if (s == NULL)
		return;
	if (s->s != NULL) {
		if (!s->dead && s->s->stream != NULL) {
			s->link.timeout_ms = 5000;
			mailsmtp_quit(s->s); /* QUIT, then closes */
		}
		/* mailsmtp_free() would QUIT on a broken stream: close it
		 * first. */
		if (s->s->stream != NULL) {
			mailstream_close(s->s->stream);
			s->s->stream = NULL;
		}
		mailsmtp_free(s->s);
	}
	link_release(&s->link);
	free(s);
}

enum cp_status
smtp_conf_from_config(const struct cp_config *c, struct smtp_conf *out,
		      char **from_addr_out, struct cp_error *err)
{
	const char *file = c->path ? c->path : "(no file)", *why = NULL;

	memset(out, 0, sizeof(*out));
	*from_addr_out = NULL;
	if (c->smtp_host == NULL)
		return cp_error_set(err, CP_EINVAL,
				    "%s: [smtp] host is not set", file);
	if (c->smtp_from == NULL)
		return cp_error_set(err, CP_EINVAL,
				    "%s: [smtp] from is not set", file);
	*from_addr_out = address_from(c->smtp_from, strlen(c->smtp_from), &why);
	if (*from_addr_out == NULL)
		return cp_error_set(err, CP_EINVAL,
				    "%s: [smtp] from: \"%s\" is not one "
				    "address: %s",
				    file, c->smtp_from, why);
	out->host = c->smtp_host;
	out->port = c->smtp_port;
	out->tls = strcmp(c->smtp_tls, "starttls") == 0 ? SMTP_TLS_STARTTLS
		   : strcmp(c->smtp_tls, "none") == 0   ? SMTP_TLS_NONE
							: SMTP_TLS_SMTPS;
	out->ca_file = c->smtp_ca_file;
	out->user = c->smtp_user;
	return CP_OK;
}
