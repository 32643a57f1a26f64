/* SPDX-License-Identifier: MIT */
/*
 * docbook.h - the compendium as DocBook 5.0 (SPEC §6): a book whose info
 * names the edition, a preface for contributors, a chapter per entity
 * with current entries, the entity x area matrix, the gap report and,
 * on request, every change since a date with its diff.
 *
 * Written as a stream through libxml2's xmlTextWriter (only docbook.c
 * includes it): memory stays flat however large the compendium grows.
 * Text from mail is untrusted: characters XML cannot carry are replaced
 * with U+FFFD and counted in struct docbook_report.
 */
#ifndef DOCBOOK_H
#define DOCBOOK_H

#include <stdio.h>

#include "cp.h"
#include "store.h"

#define DOCBOOK_NS "http://docbook.org/ns/docbook"
#define DOCBOOK_TITLE                                                 \
	"Compendium of United Nations mandates on cybersecurity and " \
	"cybercrime"

struct docbook_opts {
	const char *at;            /* borrowed: ISO UTC time; NULL: now */
	const char *changes_since; /* borrowed: ISO UTC time; NULL: none */
	const char *address;       /* borrowed: where updates go; may be NULL */
	const struct cp_strlist *expected_themes; /* borrowed; may be NULL */
	int stale_years; /* gap report; <= 0 leaves the list out */
};

/* What an export found worth telling: characters replaced, and where. */
#define DOCBOOK_REPORT_PLACES 20
struct docbook_report {
	size_t replaced;         /* characters replaced with U+FFFD */
	struct cp_strlist where; /* the first DOCBOOK_REPORT_PLACES places */
	size_t chapters;         /* entities written */
	size_t entries;          /* current entries written */
	int64_t edition;         /* last change number as of --at */
};
void docbook_report_free(struct docbook_report *r);

/*
 * Write the compendium as of o->at to out (not closed).  rep (zeroed by
 * the caller, freed with docbook_report_free()) receives the counts.
 * CP_EDB when the store fails, CP_EIO when out cannot be written.
 */
enum cp_status docbook_write(struct store *st, const struct docbook_opts *o,
			     FILE *out, struct docbook_report *rep,
			     struct cp_error *err);

/*
 * Append s[0..len) to out with every byte sequence that is not valid
 * UTF-8 and every character XML 1.0 forbids or discourages (C0 but tab,
 * LF, CR; DEL and C1; surrogates; U+FFFE, U+FFFF) replaced with U+FFFD.
 * Returns the number of replacements.
 */
size_t docbook_clean(const char *s, size_t len, struct cp_buf *out);

/*
 * The stable xml:ids of SPEC §6: "entity." + code in lower case, and
 * "entry." + code in lower case + "." + mandate with "_" written "_5F"
 * and "/" written "_2F" (any other byte an NCName cannot hold is written
 * "_" and two upper-case hex digits the same way).  Caller frees.
 */
char *docbook_entity_id(const char *code);
char *docbook_entry_id(const char *code, const char *mandate);

#endif
