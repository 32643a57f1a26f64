/* SPDX-License-Identifier: MIT */
/*
 * test_msgsize.c - a message's size as IMAP counts it (CRLF line ends, as
 * Dovecot reports RFC822.SIZE: checked against a real one by
 * tests/sh/daemon-sizes.sh) and where its header block ends.  Each size
 * is also counted in two pieces split at every place, as a message read
 * in chunks is.
 */
#include <stdint.h>
#include <string.h>

#include "msgsize.h"
#include "t.h"

static const struct {
	const char *what, *in;
	size_t size;
	size_t header; /* msgsize_header_len(in, len, 64) */
	size_t len;    /* of in; 0: strlen(in) */
} cases[] = {
	{"empty", "", 0, 0, 0},
	{"no line end", "abc", 3, 3, 0},
	{"CRLF as it is", "A: b\r\n\r\nc\r\n", 11, 8, 0},
	{"a LF counts 2", "A: b\n\nc\n", 11, 6, 0},
	{"mixed", "A: b\r\nC: d\n\ne\r\n", 17, 12, 0},
	{"a bare CR counts 1", "A: b\r\n\r\nc\rd\r\n", 13, 8, 0},
	{"CR CR LF: the LF has its CR", "a\r\r\n", 4, 4, 0},
	{"a CR at the end", "a\r", 2, 2, 0},
	{"LF first", "\nA: b\n", 8, 1, 0},
	{"CRLF first", "\r\nA: b\r\n", 8, 2, 0},
	{"an empty line of CR LF after LF lines", "A: b\n\r\nc\n", 11, 7, 0},
	{"a bare CR line is not empty", "A: b\n\r\rc\n\nd", 14, 10, 0},
	{"no empty line: the first 64 bytes",
	 "A: 0123456789012345678901234567890123456789012345678901234567890"
	 "123456789\n",
	 75, 64, 0},
	{"NUL counts 1", "a\0b\n", 5, 4, 4},
};

int
main(void)
{
	size_t i, len, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *in = cases[i].in;

		len = cases[i].len ? cases[i].len : strlen(in);
		T_INTEQ(msgsize_of(in, len), cases[i].size, cases[i].what);
		T_INTEQ(msgsize_header_len(in, len, 64), cases[i].header,
			cases[i].what);
		for (k = 0; k <= len; k++) {
			struct msgsize s = {0, 0};

			msgsize_add(&s, in, k);
			msgsize_add(&s, in + k, len - k);
			T_CHECK(s.n == cases[i].size,
				"%s: split at %zu: %zu, want %zu",
				cases[i].what, k, s.n, cases[i].size);
		}
	}
	/* Never wraps. */
	{
		struct msgsize s = {SIZE_MAX - 2, 0};

		msgsize_add(&s, "\n\n", 2);
		T_CHECK(s.n == SIZE_MAX, "saturates: %zu", s.n);
	}
	return t_done("test_msgsize");
}
