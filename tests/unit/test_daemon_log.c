/* SPDX-License-Identifier: MIT */
/*
 * test_daemon_log.c - log_format_message(): the daemon's line per message
 * (docs/compendiumd.md), untrusted text kept on one line.
 */
#include <stdint.h>
#include <stdlib.h>

#include "log.h"
#include "t.h"

static const int64_t ch3[] = {1, 2, 3};
static const int64_t ch1[] = {19};

static const struct {
	const char *time;
	uint32_t uid;
	const char *msgid, *sender, *status;
	const int64_t *changes;
	size_t n;
	const char *want;
} cases[] = {
	{"2026-01-02T03:04:05Z", 1, "20260112081402.GA4127@unodc.example",
	 "m.keller@unodc.example", "applied", ch3, 3,
	 "2026-01-02T03:04:05Z uid=1 <20260112081402.GA4127@unodc.example> "
	 "m.keller@unodc.example applied changes=1,2,3"},
	{"2026-01-02T03:04:05Z", 13, "a@b", "x@y", "applied", ch1, 1,
	 "2026-01-02T03:04:05Z uid=13 <a@b> x@y applied changes=19"},
	/* applied without changes (every entry unchanged) */
	{"T", 7, "a@b", "x@y", "applied", NULL, 0, "T uid=7 <a@b> x@y applied"},
	{"T", 4294967295u, "a@b", "x@y", "rejected", NULL, 0,
	 "T uid=4294967295 <a@b> x@y rejected"},
	/* missing Message-ID, sender */
	{"T", 2, NULL, NULL, "held", NULL, 0, "T uid=2 - - held"},
	{"T", 2, NULL, "", "duplicate", NULL, 0, "T uid=2 - - duplicate"},
	/* untrusted text: spaces, control characters, 8-bit bytes */
	{"T", 3, "a b\r\nX-Evil: 1", "p\xc3\xa9@x.org", "rejected", NULL, 0,
	 "T uid=3 <a?b??X-Evil:?1> p??@x.org rejected"},
	{"T", 3, "\x1b[31m@x", "a@b\n", "held", NULL, 0,
	 "T uid=3 <?[31m@x> a@b? held"},
};

static const struct {
	const char *in;
	const char *want;
} texts[] = {
	{"body line 3: UN-Women/X: Areas: unknown area \"a\"",
	 "body line 3: UN-Women/X: Areas: unknown area \"a\""},
	{"caf\xc3\xa9 ok", "caf\xc3\xa9 ok"},
	{"two\nlines\r\tand\x7f", "two?lines??and?"},
	{"", ""},
};

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cp_buf b = {0};
		char what[32];

		log_format_message(&b, cases[i].time, cases[i].uid,
				   cases[i].msgid, cases[i].sender,
				   cases[i].status, cases[i].changes,
				   cases[i].n);
		snprintf(what, sizeof(what), "message case %zu", i);
		T_STREQ(b.s, cases[i].want, what);
		cp_buf_free(&b);
	}
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct cp_buf b = {0};
		char what[32];

		cp_buf_adds(&b, "");
		log_add_text(&b, texts[i].in, strlen(texts[i].in));
		snprintf(what, sizeof(what), "text case %zu", i);
		T_STREQ(b.s, texts[i].want, what);
		cp_buf_free(&b);
	}
	return t_done("test_daemon_log");
}
