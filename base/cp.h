/* SPDX-License-Identifier: MIT */
/*
 * cp.h - status codes, error text, string lists and growable buffers shared
 * by every compendium library.  No third-party types appear here.
 */
#ifndef CP_H
#define CP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

enum cp_status {
	CP_OK = 0,
	CP_EPARSE,    /* input does not follow the format */
	CP_ETOOBIG,   /* input over a configured limit */
	CP_ECHARSET,  /* unknown or unusable charset */
	CP_EDB,       /* database failure */
	CP_EIO,       /* file or network I/O failure */
	CP_ENOTFOUND, /* no such entity, entry, message, change */
	CP_EEXIST,    /* already there */
	CP_EINVAL,    /* a value out of its domain */
	CP_ENEWER,    /* database written by a newer program */
	CP_ESTATE,    /* operation not allowed in the object's state */
};

/* Short English text for a status; never NULL, static storage. */
const char *cp_strerror(enum cp_status st);

/*
 * Detail of a failure that is not about one message's content: what went
 * wrong and where.  Filled by library calls, printed by programs.
 */
struct cp_error {
	enum cp_status code;
	char msg[1024];
};

/* Set err (may be NULL) and return code, so callers can `return
 * cp_error_set(...)`. */
enum cp_status cp_error_set(struct cp_error *err, enum cp_status code,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A list of owned NUL-terminated strings. Zero-initialise before use. */
struct cp_strlist {
	char **v; /* owned, each owned */
	size_t n;
	size_t cap;
};

void cp_strlist_add(struct cp_strlist *l, const char *s);
void cp_strlist_addn(struct cp_strlist *l, const char *s, size_t len);
void cp_strlist_addf(struct cp_strlist *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Frees the strings and the array; leaves l zeroed. NULL is fine. */
void cp_strlist_free(struct cp_strlist *l);

/* A growable byte buffer, always NUL-terminated once anything is added.
 * Zero-initialise before use; free with cp_buf_free(). */
struct cp_buf {
	char *s; /* owned */
	size_t len;
	size_t cap;
};

void cp_buf_add(struct cp_buf *b, const void *p, size_t len);
void cp_buf_adds(struct cp_buf *b, const char *s);
void cp_buf_addc(struct cp_buf *b, char c);
void cp_buf_addf(struct cp_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cp_buf_vaddf(struct cp_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Returns the string (never NULL; "" when empty) and hands ownership to
 * the caller; b is left empty. */
char *cp_buf_detach(struct cp_buf *b);
void cp_buf_free(struct cp_buf *b);

/*
 * Limits on untrusted input (SPEC §1), configurable.  cp_limits_default()
 * gives the documented defaults.
 */
struct cp_limits {
	size_t max_message_size; /* bytes of the raw message, 10 MiB */
	size_t max_entries;      /* entries per message, 1,000 */
	size_t max_field_size;   /* bytes of one field value, 64 KiB */
	size_t max_header_size;  /* bytes of the header block, 1 MiB */
	size_t max_line_length;  /* bytes of one decoded text line, 1 MiB */
};

void cp_limits_default(struct cp_limits *lim);

#endif
