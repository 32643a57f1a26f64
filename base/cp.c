/* SPDX-License-Identifier: MIT */
#include "cp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

const char *
cp_strerror(enum cp_status st)
{
	switch (st) {
	case CP_OK:
		return "success";
	case CP_EPARSE:
		return "malformed input";
	case CP_ETOOBIG:
		return "input over a limit";
	case CP_ECHARSET:
		return "unknown charset";
	case CP_EDB:
		return "database error";
	case CP_EIO:
		return "input/output error";
	case CP_ENOTFOUND:
		return "not found";
	case CP_EEXIST:
		return "already exists";
	case CP_EINVAL:
		return "invalid value";
	case CP_ENEWER:
		return "database is newer than this program";
	case CP_ESTATE:
		return "not allowed in this state";
	}
	return "unknown error";
}

enum cp_status
cp_error_set(struct cp_error *err, enum cp_status code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void
cp_strlist_addn(struct cp_strlist *l, const char *s, size_t len)
{
	XGROW(l->v, l->n + 1, l->cap);
	l->v[l->n++] = xstrndup(s, len);
}

void
cp_strlist_add(struct cp_strlist *l, const char *s)
{
	cp_strlist_addn(l, s, strlen(s));
}

void
cp_strlist_addf(struct cp_strlist *l, const char *fmt, ...)
{
	struct cp_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	cp_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	cp_strlist_addn(l, b.s, b.len);
	cp_buf_free(&b);
}

void
cp_strlist_free(struct cp_strlist *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static void
buf_reserve(struct cp_buf *b, size_t more)
{
	size_t need;

	if (more > SIZE_MAX - b->len - 1)
		abort();
	need = b->len + more + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap = b->cap > SIZE_MAX / 2 ? need : b->cap * 2;
	b->s = xrealloc(b->s, b->cap);
}

void
cp_buf_add(struct cp_buf *b, const void *p, size_t len)
{
	buf_reserve(b, len);
	if (len)
		memcpy(b->s + b->len, p, len);
	b->len += len;
	b->s[b->len] = '\0';
}

void
cp_buf_adds(struct cp_buf *b, const char *s)
{
	cp_buf_add(b, s, strlen(s));
}

void
cp_buf_addc(struct cp_buf *b, char c)
{
	cp_buf_add(b, &c, 1);
}

void
cp_buf_vaddf(struct cp_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		abort();
	buf_reserve(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
cp_buf_addf(struct cp_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cp_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

char *
cp_buf_detach(struct cp_buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
cp_buf_free(struct cp_buf *b)
{
	if (b == NULL)
		return;
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void
cp_limits_default(struct cp_limits *lim)
{
	lim->max_message_size = 10u * 1024 * 1024;
	lim->max_entries = 1000;
	lim->max_field_size = 64u * 1024;
	lim->max_header_size = 1024u * 1024;
	lim->max_line_length = 1024u * 1024;
}
