/* SPDX-License-Identifier: MIT */
/*
 * tls.c - TLS over GnuTLS, the server verified (see tls.h).  Nothing is
 * sent to the server before the handshake, chain and name checks are
 * through: a refused certificate ends the connection before any IMAP
 * byte (IMAPS) or any credential (STARTTLS).
 */
#include "tls.h"

#include <arpa/inet.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

struct tls {
	gnutls_session_t session;
	gnutls_certificate_credentials_t cred;
	char *desc; /* owned (gnutls_free) */
	char errbuf[256];
};

static int
is_address(const char *host)
{
	unsigned char a[16];

	return inet_pton(AF_INET, host, a) == 1 ||
	       inet_pton(AF_INET6, host, a) == 1;
}

/* Why the chain or the name was refused, in GnuTLS's words. */
static void
verify_reason(struct tls *t, char *out, size_t outsz)
{
	gnutls_datum_t txt = {NULL, 0};
	unsigned status;

	status = gnutls_session_get_verify_cert_status(t->session);
	if (gnutls_certificate_verification_status_print(
		    status, gnutls_certificate_type_get(t->session), &txt, 0) ==
		    0 &&
	    txt.data != NULL) {
		size_t n;

		snprintf(out, outsz, "%s", (const char *)txt.data);
		gnutls_free(txt.data);
		n = strlen(out);
		while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\n'))
			out[--n] = '\0';
	} else
		snprintf(out, outsz, "verification status 0x%x", status);
}

enum cp_status
tls_start(int fd, const char *host, int port, const char *ca_file,
	  int timeout_ms, struct tls **out, struct cp_error *err)
{
	struct tls *t = xcalloc(1, sizeof(*t));
	enum cp_status rc = CP_OK;
	char reason[512];
	int r;

	*out = NULL;
	if ((r = gnutls_certificate_allocate_credentials(&t->cred)) < 0) {
		rc = cp_error_set(err, CP_EINVAL, "%s:%d: TLS: %s", host, port,
				  gnutls_strerror(r));
		goto out;
	}
	if (ca_file != NULL) {
		r = gnutls_certificate_set_x509_trust_file(t->cred, ca_file,
							   GNUTLS_X509_FMT_PEM);
		if (r <= 0) {
			rc = cp_error_set(err, CP_EINVAL,
					  "%s:%d: TLS: ca_file %s: %s", host,
					  port, ca_file,
					  r < 0 ? gnutls_strerror(r)
						: "no certificate in it");
			goto out;
		}
	} else {
		r = gnutls_certificate_set_x509_system_trust(t->cred);
		if (r <= 0) {
			rc = cp_error_set(err, CP_EINVAL,
					  "%s:%d: TLS: the system trust store: "
					  "%s (set [imap] ca_file)",
					  host, port,
					  r < 0 ? gnutls_strerror(r)
						: "no certificate in it");
			goto out;
		}
	}
	if ((r = gnutls_init(&t->session, GNUTLS_CLIENT)) < 0 ||
	    (r = gnutls_set_default_priority(t->session)) < 0 ||
	    (r = gnutls_credentials_set(t->session, GNUTLS_CRD_CERTIFICATE,
					t->cred)) < 0) {
		rc = cp_error_set(err, CP_EINVAL, "%s:%d: TLS: %s", host, port,
				  gnutls_strerror(r));
		goto out;
	}
	/* SNI carries names only (RFC 6066 §3). */
	if (!is_address(host) &&
	    (r = gnutls_server_name_set(t->session, GNUTLS_NAME_DNS, host,
					strlen(host))) < 0) {
		rc = cp_error_set(err, CP_EINVAL, "%s:%d: TLS: SNI: %s", host,
				  port, gnutls_strerror(r));
		goto out;
	}
	/* The chain against the trust set, and host against the
	 * certificate's names (its addresses, for an address): the
	 * handshake fails when either does not hold. */
	gnutls_session_set_verify_cert(t->session, host, 0);
	gnutls_transport_set_int(t->session, fd);
	gnutls_handshake_set_timeout(t->session, (unsigned)timeout_ms);
	do {
		r = gnutls_handshake(t->session);
	} while (r < 0 && !gnutls_error_is_fatal(r));
	if (r == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR) {
		verify_reason(t, reason, sizeof(reason));
		rc = cp_error_set(err, CP_EINVAL,
				  "%s:%d: TLS: server certificate refused: %s",
				  host, port, reason);
		goto out;
	}
	if (r < 0) {
		/* An alert or a malformed record is the peer speaking
		 * something else than we accept; a cut or a timeout is the
		 * network's. */
		int net = r == GNUTLS_E_PUSH_ERROR ||
			  r == GNUTLS_E_PULL_ERROR ||
			  r == GNUTLS_E_PREMATURE_TERMINATION ||
			  r == GNUTLS_E_TIMEDOUT;

		rc = cp_error_set(err, net ? CP_EIO : CP_EINVAL,
				  "%s:%d: TLS handshake: %s", host, port,
				  gnutls_strerror(r));
		goto out;
	}
	/* Record I/O blocks on the poll of the caller, not on this. */
	gnutls_handshake_set_timeout(t->session, 0);
	t->desc = gnutls_session_get_desc(t->session);
out:
	if (rc != CP_OK) {
		tls_free(t);
		return rc;
	}
	*out = t;
	return CP_OK;
}

ssize_t
tls_read(struct tls *t, void *buf, size_t n)
{
	ssize_t r;

	do {
		r = gnutls_record_recv(t->session, buf, n);
	} while (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED);
	if (r == GNUTLS_E_PREMATURE_TERMINATION)
		return 0; /* the peer closed without close_notify */
	if (r < 0) {
		snprintf(t->errbuf, sizeof(t->errbuf), "TLS: %s",
			 gnutls_strerror((int)r));
		return -1;
	}
	return r;
}

ssize_t
tls_write(struct tls *t, const void *buf, size_t n)
{
	const char *p = buf;
	size_t done = 0;
	ssize_t r;

	while (done < n) {
		r = gnutls_record_send(t->session, p + done, n - done);
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
			continue;
		if (r < 0) {
			snprintf(t->errbuf, sizeof(t->errbuf), "TLS: %s",
				 gnutls_strerror((int)r));
			return -1;
		}
		done += (size_t)r;
	}
	return (ssize_t)n;
}

size_t
tls_pending(struct tls *t)
{
	return gnutls_record_check_pending(t->session);
}

const char *
tls_error(const struct tls *t)
{
	return t->errbuf[0] ? t->errbuf : "TLS: unknown error";
}

const char *
tls_description(struct tls *t)
{
	return t->desc ? t->desc : "TLS";
}

void
tls_free(struct tls *t)
{
	if (t == NULL)
		return;
	if (t->session != NULL) {
		if (t->desc != NULL) /* handshake done */
			gnutls_bye(t->session, GNUTLS_SHUT_WR);
		gnutls_deinit(t->session);
	}
	if (t->cred != NULL)
		gnutls_certificate_free_credentials(t->cred);
	if (t->desc != NULL)
		gnutls_free(t->desc);
	free(t);
}
