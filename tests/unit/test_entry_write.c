/* SPDX-License-Identifier: MIT */
/*
 * test_entry_write.c - entry_write(): an entry in the update format, which
 * the project's own parser reads back as the same values.
 *
 *  1. layouts: a table of {values, the exact text};
 *  2. refusals: values the format cannot carry are CP_EINVAL;
 *  3. round trips through the whole path (message_parse() of a message
 *     whose body is the text): every entry of the examples (examples/mail), and
 *     generated entries (long summaries, several paragraphs, many URLs,
 *     long words, CJK, Arabic, accented Latin, a lone ".", reply
 *     headers inside a value);
 *  4. with a database path as argument (tests/sh/receipt.sh gives the
 *     examples' database): every version in it, as the store holds it.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp.h"
#include "entry_write.h"
#include "message.h"
#include "store.h"
#include "t.h"
#include "xmalloc.h"

/* ---- checks shared by every round trip ---- */

static size_t
chars(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

/*
 * Every line at most 76 characters, unless it holds one word that is
 * longer, or a word that could not stand alone on a continuation line
 * ("." would be a paragraph break; a row of '_' or "-----Original
 * Message-----" a reply header) and took a neighbour with it.
 */
static int
long_ok(const char *s, size_t n)
{
	static const char *const lone[] = {" . ", " __________ ",
					   " -----Original ", " Message----- "};
	char *line = xmalloc(n + 3);
	size_t i, words = 1;
	int ok = 0;

	line[0] = ' ';
	memcpy(line + 1, s, n);
	line[n + 1] = ' ';
	line[n + 2] = '\0';
	for (i = 0; i < sizeof(lone) / sizeof(lone[0]); i++)
		ok |= strstr(line, lone[i]) != NULL;
	for (i = 1; i + 1 < n; i++)
		words += s[i] == ' ' && s[i - 1] != ' ' && s[i + 1] != ' ' &&
			 s[i - 1] != '\t' && s[i + 1] != '\t';
	free(line);
	return ok || words == 1;
}

static int
widths_ok(const char *text, const char **bad)
{
	const char *p = text, *nl, *q;
	size_t n;

	for (; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			return 0;
		n = (size_t)(nl - p);
		if (chars(p, n) <= ENTRY_WRITE_WIDTH)
			continue;
		/* the value's part: after the leading space, or "Name: " */
		q = p[0] == ' ' ? p + 1 : memchr(p, ' ', n) + 1;
		if (!long_ok(q, (size_t)(nl - q)))
			return *bad = p, 0;
	}
	return 1;
}

/* Write val, mail it as the body of a message, parse that message: the
 * one entry found has exactly val's fields. */
static void
round_trip(const char *const val[FIELD_COUNT], unsigned flags,
	   const char *what)
{
	struct cp_buf text = {0}, msg = {0};
	struct message_parsed p = {0};
	struct cp_limits lim;
	const char *bad = NULL;
	int f;

	T_INTEQ(entry_write(val, flags, &text), CP_OK, what);
	if (text.s == NULL)
		return;
	T_CHECK(widths_ok(text.s, &bad), "%s: a line too long: %.200s", what,
		bad ? bad : "");
	cp_buf_adds(&msg, "From: fp@example.org\r\nSubject: t\r\n"
			  "MIME-Version: 1.0\r\n"
			  "Content-Type: text/plain; charset=utf-8\r\n"
			  "Content-Transfer-Encoding: 8bit\r\n\r\n"
			  "Dear maintainers, please record:\r\n\r\n");
	cp_buf_add(&msg, text.s, text.len);
	cp_buf_adds(&msg, "\r\n-- \r\nA. Focal Point\r\n");
	cp_limits_default(&lim);
	message_parse(msg.s, msg.len, &lim, &p);
	T_INTEQ(p.entries.n, 1, what);
	for (f = 0; p.entries.n == 1 && f < FIELD_COUNT; f++) {
		const char *want = val[f];

		if ((flags & ENTRY_WRITE_OWN) &&
		    !(FIELD_INFO(f)->flags & (FIELD_OWN | FIELD_KEY)))
			want = NULL;
		T_STREQ(p.entries.v[0].val[f], want, what);
	}
	if (t_fail && getenv("T_VERBOSE"))
		fprintf(stderr, "%s\n", text.s);
	message_parsed_free(&p);
	cp_buf_free(&msg);
	cp_buf_free(&text);
}

/* ---- 1. layouts ---- */

struct lcase {
	const char *v[FIELD_COUNT];
	unsigned flags;
	const char *want; /* NULL: CP_EINVAL */
};

#define LONG60 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const struct lcase lcases[] = {
	/* the example of SPEC §1, in the table's order */
	{{[FIELD_ENTITY] = "UNODC", [FIELD_MANDATE] = "CCPCJ-22/8",
	  [FIELD_TITLE] = "Central data repository on cybercrime",
	  [FIELD_INSTRUMENT] = "Commission on Crime Prevention and Criminal "
			       "Justice resolution 22/8",
	  [FIELD_ADOPTED] = "2013-04-26",
	  [FIELD_AREAS] = "technical\ncapacity-building",
	  [FIELD_THEMES] = "criminal justice\nbest practices",
	  [FIELD_URL] = "https://www.unodc.org/",
	  [FIELD_SUMMARY] = "Requests UNODC to develop a central data "
			    "repository on cybercrime legislation, case "
			    "examples, best practices and lessons "
			    "learned.\n\nA second paragraph.",
	  [FIELD_REASON] = "Repository launched; summary brought up to "
			   "date."},
	 0,
	 "Entity: UNODC\n"
	 "Mandate: CCPCJ-22/8\n"
	 "Title: Central data repository on cybercrime\n"
	 "Instrument: Commission on Crime Prevention and Criminal Justice "
	 "resolution\n"
	 " 22/8\n"
	 "Adopted: 2013-04-26\n"
	 "Areas: technical; capacity-building\n"
	 "Themes: criminal justice; best practices\n"
	 "URL: https://www.unodc.org/\n"
	 "Summary: Requests UNODC to develop a central data repository on "
	 "cybercrime\n"
	 " legislation, case examples, best practices and lessons learned.\n"
	 " .\n"
	 " A second paragraph.\n"
	 "Reason: Repository launched; summary brought up to date.\n"},
	/* ENTRY_WRITE_OWN leaves out Action and Reason */
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_ACTION] = "withdraw", [FIELD_TITLE] = "T",
	  [FIELD_REASON] = "r"},
	 ENTRY_WRITE_OWN, "Entity: ITU\nMandate: M1\nTitle: T\n"},
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_ACTION] = "withdraw", [FIELD_REASON] = "r"},
	 0, "Entity: ITU\nMandate: M1\nAction: withdraw\nReason: r\n"},
	/* URLs one a line; an empty value clears */
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_URL] = "https://a.org/\nhttps://b.org/x\nhttp://c.org/",
	  [FIELD_INSTRUMENT] = ""},
	 0,
	 "Entity: ITU\nMandate: M1\nInstrument:\nURL: https://a.org/\n"
	 " https://b.org/x\n http://c.org/\n"},
	/* a list breaks between items where it can */
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_THEMES] = "criminal justice\nbest practices\ncapacity of "
			   "national institutions\nelectronic evidence\n"
			   "international cooperation in criminal matters"},
	 0,
	 "Entity: ITU\nMandate: M1\nThemes: criminal justice; best practices; "
	 "capacity of national institutions;\n electronic evidence; "
	 "international cooperation in criminal matters\n"},
	/* an item longer than the line starts a line of its own and breaks
	   inside, at its spaces */
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_THEMES] = "a\nan item that is much longer than one line of "
			   "seventy-six characters can hold"},
	 0,
	 "Entity: ITU\nMandate: M1\nThemes: a;\n an item that is much longer "
	 "than one line of seventy-six characters can\n hold\n"},
	/* a word longer than the line stays whole, on its own line */
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_TITLE] = "short " LONG60 LONG60 " end"},
	 0,
	 "Entity: ITU\nMandate: M1\nTitle: short\n " LONG60 LONG60
	 "\n end\n"},
	/* two spaces or a tab inside a line are no place to break */
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_TITLE] = LONG60 "  two\tthree"},
	 0, "Entity: ITU\nMandate: M1\nTitle: " LONG60 "  two\tthree\n"},
	/* a "." alone would be a paragraph break: it keeps its word */
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_SUMMARY] = LONG60 " bbbbbbb ."},
	 0, "Entity: ITU\nMandate: M1\nSummary: " LONG60 "\n bbbbbbb .\n"},
	/* non-ASCII counts in characters: 30 "é" + 40 "ж" fit on one line */
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_TITLE] = "ééééééééééééééééééééééééééééé "
			  "жжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжж x"},
	 0,
	 "Entity: ITU\nMandate: M1\nTitle: ééééééééééééééééééééééééééééé "
	 "жжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжж\n x\n"},
	/* refused: what no parse of mail gives */
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_SUMMARY] = "one\ntwo"},
	 0, NULL},
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_SUMMARY] = "one\n\n."},
	 0, NULL},
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_SUMMARY] = "one\n\n\n\ntwo"},
	 0, NULL},
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_SUMMARY] = " lead"},
	 0, NULL},
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_SUMMARY] = "a\n\n-----Original Message-----"},
	 0, NULL},
	{{[FIELD_ENTITY] = "ITU"}, 0, NULL},
	{{[FIELD_ENTITY] = "ITU", [FIELD_MANDATE] = "M1",
	  [FIELD_AREAS] = "advocacy"},
	 0, NULL},
};

static void
test_layouts(void)
{
	size_t i;
	char what[64];

	for (i = 0; i < sizeof(lcases) / sizeof(lcases[0]); i++) {
		const struct lcase *c = &lcases[i];
		struct cp_buf b = {0};
		enum cp_status st;

		snprintf(what, sizeof(what), "layout %zu", i);
		cp_buf_adds(&b, "kept>");
		st = entry_write(c->v, c->flags, &b);
		T_INTEQ(st, c->want ? CP_OK : CP_EINVAL, what);
		if (c->want == NULL) {
			T_STREQ(b.s, "kept>", what);
		} else {
			T_STREQ(b.s + 5, c->want, what);
			round_trip(c->v, c->flags, what);
		}
		cp_buf_free(&b);
	}
}

/* ---- 3. the examples, and generated entries ---- */

static size_t
example_entries(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	struct cp_limits lim;
	size_t i, count = 0;
	char path[1024], what[1100];

	T_CHECK(d != NULL, "opendir %s", dir);
	if (d == NULL)
		return 0;
	cp_limits_default(&lim);
	while ((de = readdir(d)) != NULL) {
		struct message_parsed p = {0};
		FILE *fp;
		char *raw;
		long n;

		if (strstr(de->d_name, ".eml") == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		fp = fopen(path, "rb");
		T_CHECK(fp != NULL, "open %s", path);
		if (fp == NULL)
			continue;
		fseek(fp, 0, SEEK_END);
		n = ftell(fp);
		rewind(fp);
		raw = xmalloc((size_t)n + 1);
		T_INTEQ(fread(raw, 1, (size_t)n, fp), n, path);
		fclose(fp);
		message_parse(raw, (size_t)n, &lim, &p);
		for (i = 0; i < p.entries.n; i++) {
			snprintf(what, sizeof(what), "%s entry %zu", path, i);
			if (p.errors.n == 0) {
				round_trip((const char *const *)
						   p.entries.v[i]
							   .val,
					   0, what);
				count++;
			}
		}
		message_parsed_free(&p);
		free(raw);
	}
	closedir(d);
	return count;
}

static unsigned long rng = 12345;

static unsigned
rnd(unsigned n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((rng >> 33) % n);
}

static const char *const words[] = {
	"the", "mandate", "of", "UNODC", "cybercrime", "capacity-building",
	"é", "Coopération", "internationale", "résolution", "über",
	"网络犯罪", "联合国毒品和犯罪问题办公室负责打击网络犯罪的全球方案",
	"الجرائم", "السيبرانية", "Киберпреступность", "(2013)", "22/8,",
	".", "--", "-----Original", "Message-----", "-----Original Message-----",
	"__________", ">", "a.", "x",
	"Supercalifragilisticexpialidocious-and-then-some-more-letters-to-be-"
	"longer-than-one-line-of-seventy-six",
	"https://www.unodc.org/unodc/en/cybercrime/global-programme-"
	"cybercrime.html?lang=en&x=1#anchor-that-is-long",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

/* n words, single spaces, sometimes two or a tab between them. */
static void
para(struct cp_buf *b, unsigned n)
{
	unsigned i, r;

	for (i = 0; i < n; i++) {
		if (i) {
			r = rnd(20);
			cp_buf_adds(b, r == 0 ? "  " : r == 1 ? "\t" : " ");
		}
		cp_buf_adds(b, words[rnd(NWORDS)]);
	}
}

static void
generated(unsigned count)
{
	static const char *const themes[] = {
		"criminal justice", "best practices", "droits de l'homme",
		"网络安全", "حقوق الإنسان", "very long theme name that goes on "
		"and on and on past the width of one line of text",
	};
	unsigned k, i, n;
	char what[64];

	for (k = 0; k < count; k++) {
		struct cp_buf s = {0}, t = {0}, th = {0}, u = {0}, ar = {0};
		const char *v[FIELD_COUNT] = {0};

		/* a first word that is not a lone "." keeps the value's
		   start readable as written (it is always so when parsed) */
		n = 1 + rnd(6);
		for (i = 0; i < n; i++) {
			if (i)
				cp_buf_adds(&s, "\n\n");
			cp_buf_adds(&s, "Para");
			cp_buf_addc(&s, ' ');
			para(&s, 1 + rnd(i == 0 ? 120 : 40));
		}
		cp_buf_adds(&t, "Title ");
		para(&t, 1 + rnd(25));
		for (i = 0, n = rnd(7); i < n; i++) {
			if (i)
				cp_buf_addc(&th, '\n');
			cp_buf_addf(&th, "%s %u", themes[rnd(6)], i);
		}
		for (i = 0, n = 1 + rnd(40); i < n; i++)
			cp_buf_addf(&u, "%shttps://example.org/%u/%s", i ? "\n" : "",
				    i, rnd(3) ? "" : "a/b/c/d/e/f/g/h/i/j/k/l/m");
		cp_buf_adds(&ar, rnd(2) ? "legal\ntechnical\ncooperation"
					: "policy");
		v[FIELD_ENTITY] = "UN-Women";
		v[FIELD_MANDATE] = "A/RES/70.125_x";
		v[FIELD_TITLE] = t.s;
		v[FIELD_ADOPTED] = rnd(2) ? "2013-04" : "2015";
		v[FIELD_AREAS] = ar.s;
		v[FIELD_THEMES] = th.s;
		v[FIELD_URL] = u.s;
		v[FIELD_SUMMARY] = s.s;
		v[FIELD_REASON] = rnd(2) ? t.s : NULL;
		snprintf(what, sizeof(what), "generated %u", k);
		round_trip(v, rnd(2) ? ENTRY_WRITE_OWN : 0, what);
		cp_buf_free(&s);
		cp_buf_free(&t);
		cp_buf_free(&th);
		cp_buf_free(&u);
		cp_buf_free(&ar);
	}
}

/* ---- 4. every version of a database ---- */

static int
one_version(const struct store_revision *r, void *arg)
{
	char what[256];

	snprintf(what, sizeof(what), "change %lld (%s/%s)",
		 (long long)r->change, r->f[FIELD_ENTITY], r->f[FIELD_MANDATE]);
	round_trip((const char *const *)r->f, ENTRY_WRITE_OWN, what);
	(*(size_t *)arg)++;
	return 0;
}

static void
database(const char *path)
{
	struct store *st = NULL;
	struct cp_error err;
	size_t n = 0;

	T_INTEQ(store_open(path, STORE_READ, &st, &err), CP_OK, path);
	if (st == NULL)
		return;
	T_INTEQ(store_revisions(st,
				&(struct store_revision_filter){
					.oldest_first = 1},
				one_version, &n, &err),
		CP_OK, "store_revisions");
	T_CHECK(n >= 20, "only %zu versions in %s", n, path);
	printf("%zu versions read back\n", n);
	store_close(st);
}

int
main(int argc, char **argv)
{
	size_t n;

	if (argc > 1) {
		database(argv[1]);
		return t_done("test_entry_write (database)");
	}
	test_layouts();
	n = example_entries(CP_TESTS_DIR "/../examples/mail");
	T_CHECK(n >= 20, "only %zu example entries", n);
	generated(500);
	return t_done("test_entry_write");
}
