/* SPDX-License-Identifier: MIT */
/*
 * smtp.h - the daemon's SMTP client (submission, RFC 6409) on libetpan's
 * mailsmtp, over the same link and TLS layer as IMAP (link.h, tls.h): the
 * server's certificate and name are verified exactly as for IMAP, and
 * nothing is sent without TLS unless the configuration says tls = none.
 * smtp.c is the only file that includes libetpan's SMTP headers.
 *
 * One connection sends many messages (smtp_send() as often as needed,
 * RSET only after a refused transaction); every outcome is sorted into
 * sent, temporary (keep it queued, retry later) or permanent (the server
 * refused it with 5xx; its answer kept), as SPEC §7 asks.
 */
#ifndef SMTP_H
#define SMTP_H

#include <stddef.h>

#include "config.h"
#include "cp.h"

enum smtp_tls {
	SMTP_TLS_SMTPS,    /* TLS from the first byte (RFC 8314), port 465 */
	SMTP_TLS_STARTTLS, /* EHLO, STARTTLS, TLS, EHLO again; port 587 */
	SMTP_TLS_NONE,     /* plain text: only when the configuration says */
};

/*
 * Why smtp_open() failed.  For a receipt every one is temporary (SPEC
 * §7: it stays queued); SMTP_ETLS, SMTP_EAUTH and SMTP_ECONF need a
 * person and are worth logging loudly.
 */
enum smtp_status {
	SMTP_OK = 0,
	SMTP_ETEMP, /* connection refused, dropped, timed out; 4xx */
	SMTP_ETLS,  /* TLS refused: certificate, name, STARTTLS missing */
	SMTP_EAUTH, /* credentials refused (5xx to AUTH) */
	SMTP_ECONF, /* the configuration cannot work: no password, no
		       AUTH PLAIN or LOGIN offered */
};

/* As imap_password_cb (imap.h): asked at the moment of AUTH only. */
typedef enum cp_status (*smtp_password_cb)(void *arg, const char **password_out,
					   struct cp_error *err);

struct smtp_conf {
	const char *host; /* borrowed */
	int port;         /* 0: 465 for smtps, else 587 */
	enum smtp_tls tls;
	const char *ca_file;       /* borrowed, NULL: the system trust store */
	const char *user;          /* borrowed, NULL: no AUTH */
	smtp_password_cb password; /* NULL: no password */
	void *password_arg;        /* borrowed: password's argument */
	int timeout_s;             /* each network step; 0: 60 */
};

/*
 * [smtp] of the configuration as a struct smtp_conf (borrowing c's
 * strings; the password callback left to the caller), and its `from`
 * read as an RFC 5322 mailbox: *from_addr_out (caller frees) is its
 * addr-spec, the envelope sender.  CP_EINVAL with err naming the file and
 * the key when [smtp] has no host or `from` is not one address.
 */
enum cp_status smtp_conf_from_config(const struct cp_config *c,
				     struct smtp_conf *out,
				     char **from_addr_out,
				     struct cp_error *err);

struct smtp;

/*
 * Connect, TLS as configured (verified), the greeting, EHLO (again after
 * STARTTLS: what was said before TLS is forgotten), and AUTH PLAIN (or
 * LOGIN when the server offers only that) when c->user is set, the
 * password asked of c->password only then.  c is borrowed for as long as
 * *out lives.  On failure err names host and port and says what, with the
 * server's answer when it gave one; nothing is left open.  Free *out with
 * smtp_close().
 */
enum smtp_status smtp_open(const struct smtp_conf *c, struct smtp **out,
			   struct cp_error *err);

enum smtp_outcome {
	SMTP_SENT,      /* the server took responsibility (250 to DATA) */
	SMTP_TEMPORARY, /* 4xx, or the connection failed: send again later */
	SMTP_PERMANENT, /* 5xx (or an address that cannot be sent): never */
};

struct smtp_result {
	enum smtp_outcome outcome;
	int code;       /* the server's reply code; 0: none (connection) */
	char text[512]; /* what happened: the step, the code and the
			   server's answer (printable ASCII), or why the
			   connection failed; "" when sent */
};

/*
 * Send the message bytes[0..len) from from_addr (the envelope sender:
 * "" is the null reverse path <>) to rcpt (one address).  Lines may end
 * in LF or CRLF: libetpan sends CRLF and doubles a leading dot
 * (mailsmtp_data_message); a last line without its end is ended.  The
 * outcome also in *res.  After a failure of the connection (res->code
 * 0, or 421: the server closes it) the session is dead: every later call
 * is temporary, and the caller opens a new one (smtp_alive() says so).
 */
enum smtp_outcome smtp_send(struct smtp *s, const char *from_addr,
			    const char *rcpt, const char *bytes, size_t len,
			    struct smtp_result *res);

/* Whether the connection can still send (no stream failure so far). */
int smtp_alive(const struct smtp *s);
/* "host:port", for log lines. */
const char *smtp_where(const struct smtp *s);

/* QUIT when the connection is still good, then free.  NULL is fine. */
void smtp_close(struct smtp *s);

#endif
