/* SPDX-License-Identifier: MIT */
/*
 * link.c - the connection under libetpan: our mailstream_low driver over
 * a socket and GnuTLS (see link.h).  Moved out of imap.c so that the SMTP
 * client (smtp.c) shares it.
 */
#include "link.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

/* Log a chunk of the dialogue: each line, cut, control bytes as '?'. */
static void
dump(const char *dir, const char *buf, size_t len)
{
	struct cp_buf b = {0};
	size_t i, start = 0, shown = 0;
	const size_t cap = 400;

	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		if (i > start) {
			size_t n = i - start, j;

			if (n && buf[start + n - 1] == '\r')
				n--;
			if (shown + n > cap) {
				log_debug("%s ... (%zu more bytes)", dir,
					  len - start);
				break;
			}
			for (j = 0; j < n; j++) {
				unsigned char c = (unsigned char)buf[start + j];

				cp_buf_addc(&b, c >= 0x20 && c < 0x7f ? (char)c
								      : '?');
			}
			log_debug("%s %s", dir, b.len ? b.s : "");
			b.len = 0;
			shown += n;
		}
		start = i + 1;
	}
	cp_buf_free(&b);
}

static const volatile sig_atomic_t *interrupt_flag;

void
link_set_interrupt(const volatile sig_atomic_t *flag)
{
	interrupt_flag = flag;
}

int
link_wait_fd(int fd, short events, int timeout_ms)
{
	struct pollfd p;
	struct timespec t0, t1;
	int r, left = timeout_ms;

	for (;;) {
		p.fd = fd;
		p.events = events;
		p.revents = 0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		r = poll(&p, 1, left);
		if (r >= 0)
			return r;
		if (errno != EINTR)
			return -1;
		/* SIGTERM: nothing is half-stored while waiting for the
		 * network, so stop waiting.  SIGHUP: go on; the main loop
		 * sees it after this sync. */
		if (interrupt_flag != NULL && *interrupt_flag)
			return -1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		left -= (int)((t1.tv_sec - t0.tv_sec) * 1000 +
			      (t1.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			return 0;
	}
}

static ssize_t
link_read(mailstream_low *s, void *buf, size_t count)
{
	struct link *l = s->data;
	ssize_t r;
	int w;

	if (l->tls == NULL || tls_pending(l->tls) == 0) {
		w = link_wait_fd(l->fd, POLLIN, l->timeout_ms);
		if (w <= 0) {
			snprintf(l->why, sizeof(l->why), "%s",
				 w == 0           ? "no answer (timed out)"
				 : errno == EINTR ? "interrupted (stopping)"
						  : strerror(errno));
			return -1;
		}
	}
	if (l->tls != NULL)
		r = tls_read(l->tls, buf, count);
	else
		do {
			r = recv(l->fd, buf, count, 0);
		} while (r == -1 && errno == EINTR);
	if (r == 0) {
		snprintf(l->why, sizeof(l->why),
			 "connection closed by the "
			 "server");
		return -1;
	}
	if (r < 0) {
		snprintf(l->why, sizeof(l->why), "%s",
			 l->tls ? tls_error(l->tls) : strerror(errno));
		return -1;
	}
	if (log_verbose())
		dump("S:", buf, (size_t)r);
	return r;
}

static ssize_t
link_write(mailstream_low *s, const void *buf, size_t count)
{
	struct link *l = s->data;
	const char *p = buf;
	size_t done = 0;
	ssize_t r;

	if (log_verbose()) {
		/* privacy 0: libetpan sends a credential (LOGIN,
		 * AUTHENTICATE) */
		if (s->privacy == 0 || l->hush)
			log_debug("C: (credentials, not shown)");
		else
			dump("C:", buf, count);
	}
	if (l->tls != NULL) {
		if (tls_write(l->tls, buf, count) < 0) {
			snprintf(l->why, sizeof(l->why), "%s",
				 tls_error(l->tls));
			return -1;
		}
		return (ssize_t)count;
	}
	while (done < count) {
		if (link_wait_fd(l->fd, POLLOUT, l->timeout_ms) <= 0) {
			snprintf(l->why, sizeof(l->why),
				 "cannot send "
				 "(timed out)");
			return -1;
		}
		r = send(l->fd, p + done, count - done, MSG_NOSIGNAL);
		if (r == -1 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(l->why, sizeof(l->why), "%s", strerror(errno));
			return -1;
		}
		done += (size_t)r;
	}
	return (ssize_t)count;
}

static int
link_close(mailstream_low *s)
{
	struct link *l = s->data;

	tls_free(l->tls);
	l->tls = NULL;
	if (l->fd != -1)
		close(l->fd);
	l->fd = -1;
	return 0;
}

static int
link_get_fd(mailstream_low *s)
{
	return ((struct link *)s->data)->fd;
}

static void
link_free(mailstream_low *s)
{
	/* The link is its owner's (struct imap, struct smtp); libetpan
	 * frees only its part. */
	s->data = NULL;
	free(s);
}

static mailstream_low_driver link_driver = {
	.mailstream_read = link_read,
	.mailstream_write = link_write,
	.mailstream_close = link_close,
	.mailstream_get_fd = link_get_fd,
	.mailstream_free = link_free,
};

mailstream *
link_stream(struct link *l)
{
	mailstream_low *low;
	mailstream *stream;

	low = mailstream_low_new(l, &link_driver);
	if (low == NULL || (stream = mailstream_new(low, 8192)) == NULL)
		abort();
	return stream;
}

void
link_init(struct link *l, int timeout_ms)
{
	memset(l, 0, sizeof(*l));
	l->fd = -1;
	l->timeout_ms = timeout_ms;
}

void
link_release(struct link *l)
{
	tls_free(l->tls);
	l->tls = NULL;
	if (l->fd != -1)
		close(l->fd);
	l->fd = -1;
}

enum cp_status
link_connect(struct link *l, const char *host, int port_num, const char *where,
	     struct cp_error *err)
{
	struct addrinfo hints, *res = NULL, *ai;
	char port[16], why[256] = "no address";
	int fd = -1, r, soerr;
	socklen_t len;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof(port), "%d", port_num);
	if ((r = getaddrinfo(host, port, &hints, &res)) != 0)
		return cp_error_set(err, CP_EIO, "%s: %s", where,
				    gai_strerror(r));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family,
			    ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
			    ai->ai_protocol);
		if (fd == -1) {
			snprintf(why, sizeof(why), "socket: %s",
				 strerror(errno));
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (errno == EINPROGRESS) {
			r = link_wait_fd(fd, POLLOUT, l->timeout_ms);
			len = sizeof(soerr);
			if (r > 0 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr,
				       &len) == 0 &&
			    soerr == 0)
				break;
			snprintf(why, sizeof(why), "%s",
				 r == 0 ? "connection timed out"
					: strerror(r > 0 ? soerr : errno));
		} else
			snprintf(why, sizeof(why), "%s", strerror(errno));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		return cp_error_set(err, CP_EIO, "%s: connect: %s", where, why);
	/* Blocking from here: every read and write polls first. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	l->fd = fd;
	return CP_OK;
}

enum cp_status
link_start_tls(struct link *l, const char *host, int port, const char *ca_file,
	       const char *where, struct cp_error *err)
{
	enum cp_status rc;

	rc = tls_start(l->fd, host, port, ca_file, l->timeout_ms, &l->tls, err);
	if (rc == CP_OK)
		log_debug("%s: %s, certificate verified for %s", where,
			  tls_description(l->tls), host);
	return rc;
}
