/* SPDX-License-Identifier: MIT */
/*
 * tls.h - TLS on a connected socket, the client side, certificates
 * verified: the only file that includes GnuTLS is tls.c.  libetpan's own
 * TLS (1.9.4, GnuTLS build) checks neither the chain nor the host name, so
 * the IMAP code hands libetpan a stream that reads and writes through
 * these functions instead (daemon/imap.c).
 */
#ifndef TLS_H
#define TLS_H

#include <stddef.h>
#include <sys/types.h>

#include "cp.h"

struct tls;

/*
 * Handshake as a client on the connected, blocking socket fd: the server's
 * chain is verified against the certificates of ca_file (PEM; NULL: the
 * system trust store) and its name against host (DNS name or address,
 * RFC 6125), with host sent as SNI when it is a name.  timeout_ms bounds
 * the handshake.  On failure err names host, port and GnuTLS's reason;
 * the status is CP_EINVAL when the peer was refused (verification, no
 * usable CA file: fatal, never retried) and CP_EIO when the network
 * failed (retried).  fd stays the caller's; free with tls_free().
 */
enum cp_status tls_start(int fd, const char *host, int port,
			 const char *ca_file, int timeout_ms, struct tls **out,
			 struct cp_error *err);

/*
 * Read up to n bytes: > 0 bytes read, 0 at the end of the stream (the
 * peer closed, with or without close_notify), -1 on an error (text in
 * tls_error()).  Blocks; the caller polls the socket first.
 */
ssize_t tls_read(struct tls *t, void *buf, size_t n);
/* Write all n bytes; n, or -1 on an error. */
ssize_t tls_write(struct tls *t, const void *buf, size_t n);
/* Bytes already decrypted and waiting: read them before polling. */
size_t tls_pending(struct tls *t);
/* The last error's text (static or owned by t). */
const char *tls_error(const struct tls *t);
/* The negotiated protocol and cipher, e.g. "TLS1.3 AES-256-GCM". */
const char *tls_description(struct tls *t);
/* Sends close_notify when it can (without waiting) and frees t; does not
 * close the socket.  NULL is fine. */
void tls_free(struct tls *t);

#endif
