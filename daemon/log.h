/* SPDX-License-Identifier: MIT */
/*
 * log.h - the daemon's log: lines on standard error, each starting
 * "compendiumd: ", or syslog (--syslog, ident "compendiumd").
 */
#ifndef LOG_H
#define LOG_H

#include <stddef.h>
#include <stdint.h>

#include "cp.h"

/* Where lines go from now on; verbose lets log_debug() through. */
void log_init(int use_syslog, int verbose);
int log_verbose(void);

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Only with --verbose: the IMAP dialogue. */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The line of one message, without the "compendiumd: " prefix:
 * "TIME uid=UID <MESSAGE-ID> SENDER STATUS[ changes=N,M]", with "-" for a
 * missing Message-ID or sender.  Text from mail is untrusted: control
 * characters, spaces and bytes over 0x7e in it become '?', so one message
 * is one line of fields split by spaces.  Appended to b.
 */
void log_format_message(struct cp_buf *b, const char *time, uint32_t uid,
			const char *message_id, const char *sender,
			const char *status, const int64_t *changes,
			size_t nchanges);

/* Appends s (len bytes) to b with every byte outside 0x21-0x7e as '?'. */
void log_add_safe(struct cp_buf *b, const char *s, size_t len);
/* Appends text s (len bytes) to b with control characters (C0, DEL) as
 * '?': a line of text stays one line. */
void log_add_text(struct cp_buf *b, const char *s, size_t len);

#endif
