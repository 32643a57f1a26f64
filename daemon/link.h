/* SPDX-License-Identifier: MIT */
/*
 * link.h - the daemon's connections as libetpan sees them: a socket we
 * connected, read and written through GnuTLS (tls.c) once TLS is up, given
 * to libetpan as a mailstream_low driver.  Shared by the IMAP client
 * (imap.c) and the SMTP client (smtp.c), so that both verify the server
 * the same way: libetpan's own TLS (1.9.4) verifies nothing.
 *
 * The link bounds every read and write by a timeout, turns the end of the
 * stream into an error (libetpan would read an empty line), and logs the
 * dialogue with --verbose, except what libetpan marks private (LOGIN,
 * AUTHENTICATE, AUTH) and everything written while `hush` is set.
 */
#ifndef LINK_H
#define LINK_H

#include <libetpan/libetpan.h>
#include <signal.h>

#include "cp.h"
#include "tls.h"

struct link {
	int fd;          /* -1: not connected */
	struct tls *tls; /* owned, NULL before TLS (or with tls = none) */
	int timeout_ms;  /* each connect, read and write */
	int hush;        /* non-zero: what the client writes is not logged */
	char why[256];   /* the last failure of the stream */
};

/* An unconnected link (fd -1) whose network steps wait timeout_ms. */
void link_init(struct link *l, int timeout_ms);

/*
 * When *flag becomes non-zero (a signal handler sets it), network waits
 * interrupted by that signal fail instead of going on.  NULL: never.
 * One flag for every link of the process.
 */
void link_set_interrupt(const volatile sig_atomic_t *flag);

/*
 * Connect to host:port (every address getaddrinfo gives, in turn), the
 * connect bounded by l->timeout_ms.  CP_EIO with err naming `where` and
 * the reason when none answers.
 */
enum cp_status link_connect(struct link *l, const char *host, int port,
			    const char *where, struct cp_error *err);

/*
 * The TLS handshake on the connected link, the server verified against
 * ca_file (NULL: the system store) and host (tls_start()).  CP_EINVAL
 * when the server was refused, CP_EIO when the network failed; err says
 * why.
 */
enum cp_status link_start_tls(struct link *l, const char *host, int port,
			      const char *ca_file, const char *where,
			      struct cp_error *err);

/*
 * A libetpan stream reading and writing through l (borrowed: l must
 * outlive it).  Closing the stream closes the link's socket and TLS;
 * freeing it leaves l itself alone.
 */
mailstream *link_stream(struct link *l);

/* TLS and the socket closed, if still open (after the stream is gone, or
 * when it never was made). */
void link_release(struct link *l);

/*
 * Wait until fd is readable or writable (events: POLLIN, POLLOUT) for
 * up to timeout_ms: 1 ready, 0 timed out, -1 on an error (errno EINTR:
 * interrupted by a stop, see link_set_interrupt()).
 */
int link_wait_fd(int fd, short events, int timeout_ms);

#endif
