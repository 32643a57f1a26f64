/* SPDX-License-Identifier: MIT */
/*
 * imap.h - the IMAP client of the daemon: one connection, logged in, one
 * mailbox selected.  imap.c is the only file that includes libetpan's
 * IMAP headers; its types and errors stop there.  Every failure is sorted
 * into the kinds of STYLE.md: IMAP_ETEMP (the connection: reconnect after
 * back-off) or a fatal kind (configuration, TLS, credentials: exit).
 */
#ifndef IMAP_H
#define IMAP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "cp.h"

enum imap_status {
	IMAP_OK = 0,
	IMAP_ETEMP,  /* refused, dropped, timed out, server error: retry */
	IMAP_ETLS,   /* TLS refused (certificate, STARTTLS missing): fatal */
	IMAP_EAUTH,  /* credentials refused: fatal */
	IMAP_ECONF,  /* the server refused what the configuration names
			(mailbox), or the configuration is unusable: fatal */
	IMAP_EWOKEN, /* a wait ended by the wake descriptor (a signal) */
};

enum imap_tls {
	IMAP_TLS_IMAPS,
	IMAP_TLS_STARTTLS,
	IMAP_TLS_NONE,
};

/*
 * Where the login step gets the password: called by imap_open() at the
 * moment of login and only then (after TLS, never for a PREAUTH greeting),
 * as isync's ensure_password, so that a credential that expires (a token)
 * can be fetched fresh without touching the other steps.  On CP_OK
 * *password_out is borrowed from arg and must stay valid until imap_open()
 * returns (NULL: none configured); it is never logged.  Another status
 * fails imap_open() with IMAP_ECONF and err (set by the callback) as its
 * message.
 */
typedef enum cp_status (*imap_password_cb)(void *arg, const char **password_out,
					   struct cp_error *err);

struct imap_conf {
	const char *host; /* borrowed */
	int port;         /* 0: 993 for IMAPS, else 143 */
	enum imap_tls tls;
	const char *ca_file;       /* borrowed, NULL: the system trust store */
	const char *user;          /* borrowed */
	imap_password_cb password; /* NULL: no password */
	void *password_arg;        /* borrowed: password's argument */
	int timeout_s;             /* network: connect, TLS, each read */
};

struct imap;

/*
 * When *flag becomes non-zero (a signal handler sets it), network waits
 * interrupted by that signal fail instead of going on, so a stop is not
 * held up by a slow server.  NULL: never.
 */
void imap_set_interrupt(const volatile sig_atomic_t *flag);

/* One message in the mailbox: its UID and RFC822.SIZE. */
struct imap_msg {
	uint32_t uid;
	uint64_t size;
};

/* Where the mailbox's move goes: what the server allows. */
enum imap_move_kind {
	IMAP_MOVE,         /* UID MOVE (RFC 6851) */
	IMAP_COPY_EXPUNGE, /* UID COPY, \Deleted, UID EXPUNGE (UIDPLUS) */
	IMAP_FLAG_SEEN,    /* neither: flagged \Seen, left in place */
};

/*
 * Connect, start TLS as configured (verified; see tls.h), read the
 * greeting, log in (LOGIN, or AUTHENTICATE PLAIN where LOGIN is disabled;
 * the password asked of c->password only then) and read the
 * capabilities; the mailbox is selected afterwards (imap_select()).  c is
 * borrowed (c->host for as long as *out lives).  On failure err says what,
 * naming host and port.  The caller frees *out with imap_close().
 */
enum imap_status imap_open(const struct imap_conf *c, struct imap **out,
			   struct cp_error *err);

/* LOGOUT when clean (the connection still good), then free. NULL is
 * fine. */
void imap_close(struct imap *im, int clean);

/* What the server offers after login. */
enum imap_move_kind imap_move_kind(const struct imap *im);
int imap_has_idle(const struct imap *im);
/* "host:port", for log lines. */
const char *imap_where(const struct imap *im);

/* CREATE mailbox unless LIST finds it. */
enum imap_status imap_ensure_mailbox(struct imap *im, const char *mailbox,
				     int *created_out, struct cp_error *err);

/* SELECT mailbox; its UIDVALIDITY in *uidvalidity_out. */
enum imap_status imap_select(struct imap *im, const char *mailbox,
			     uint32_t *uidvalidity_out, struct cp_error *err);

/*
 * The messages with UID > after (UID FETCH after+1:* (UID RFC822.SIZE)),
 * in UID order; *v (caller frees) may be NULL when *n is 0.
 */
enum imap_status imap_list_after(struct imap *im, uint32_t after,
				 struct imap_msg **v, size_t *n,
				 struct cp_error *err);

/* The UIDs from 1 to upto still in the mailbox (UID SEARCH), ascending;
 * caller frees *v. */
enum imap_status imap_uids_upto(struct imap *im, uint32_t upto, uint32_t **v,
				size_t *n, struct cp_error *err);

/*
 * Fetch BODY.PEEK[] of the n messages uids (or, with header_only, the
 * first max_header bytes of BODY.PEEK[HEADER]) in one command and call
 * cb for each in the order of uids with its bytes (borrowed for the call;
 * not NUL-terminated).  A uid the server did not return stops the walk
 * there: cb is not called for it nor for the ones after (*done_out says
 * how many were), so the caller never skips a message.  cb returns 0 to
 * go on, non-zero to stop (its value is returned in *stop_out).
 */
typedef int (*imap_body_cb)(void *arg, uint32_t uid, const char *raw,
			    size_t len);
enum imap_status imap_fetch(struct imap *im, const uint32_t *uids, size_t n,
			    int header_only, size_t max_header, imap_body_cb cb,
			    void *arg, size_t *done_out, int *stop_out,
			    struct cp_error *err);

/*
 * Take the n messages uids out of the selected mailbox into `to`, the way
 * imap_move_kind() says (or flag them \Seen).
 */
enum imap_status imap_move(struct imap *im, const uint32_t *uids, size_t n,
			   const char *to, struct cp_error *err);

/*
 * Wait for news in the selected mailbox: IDLE when offered (ended after
 * idle_max_s, re-issued by the caller: servers drop an IDLE after 30
 * minutes), else wait poll_s seconds then NOOP.  IMAP_OK when the caller
 * should sync again; IMAP_EWOKEN when wake_fd became readable (the
 * connection is left usable: IDLE ended).
 */
enum imap_status imap_wait(struct imap *im, int wake_fd, int poll_s,
			   int idle_max_s, struct cp_error *err);

#endif
