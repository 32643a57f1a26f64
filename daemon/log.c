/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

static int use_syslog, verbose;

void
log_init(int to_syslog, int be_verbose)
{
	if (to_syslog && !use_syslog)
		openlog("compendiumd", LOG_PID, LOG_MAIL);
	use_syslog = to_syslog;
	verbose = be_verbose;
}

int
log_verbose(void)
{
	return verbose;
}

static void
vlog(int prio, const char *fmt, va_list ap)
{
	if (use_syslog) {
		vsyslog(prio, fmt, ap);
		return;
	}
	/* One write per line, so lines of a restarted process and of
	 * shell tests reading stderr never interleave mid-line. */
	{
		struct cp_buf b = {0};

		cp_buf_adds(&b, "compendiumd: ");
		cp_buf_vaddf(&b, fmt, ap);
		cp_buf_addc(&b, '\n');
		fwrite(b.s, 1, b.len, stderr);
		fflush(stderr);
		cp_buf_free(&b);
	}
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap);
	va_end(ap);
}

void
log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

void
log_add_safe(struct cp_buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		cp_buf_addc(b, c > 0x20 && c < 0x7f ? (char)c : '?');
	}
}

void
log_add_text(struct cp_buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		cp_buf_addc(b, c >= 0x20 && c != 0x7f ? (char)c : '?');
	}
}

void
log_format_message(struct cp_buf *b, const char *time, uint32_t uid,
		   const char *message_id, const char *sender,
		   const char *status, const int64_t *changes, size_t nchanges)
{
	size_t i;

	cp_buf_addf(b, "%s uid=%lu ", time, (unsigned long)uid);
	if (message_id != NULL) {
		cp_buf_addc(b, '<');
		log_add_safe(b, message_id, strlen(message_id));
		cp_buf_addc(b, '>');
	} else
		cp_buf_addc(b, '-');
	cp_buf_addc(b, ' ');
	if (sender != NULL && *sender)
		log_add_safe(b, sender, strlen(sender));
	else
		cp_buf_addc(b, '-');
	cp_buf_addc(b, ' ');
	cp_buf_adds(b, status);
	for (i = 0; i < nchanges; i++)
		cp_buf_addf(b, "%s%lld",
			    i ? "," : " changes=", (long long)changes[i]);
}
