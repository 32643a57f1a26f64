/* SPDX-License-Identifier: MIT */
/*
 * docbook.h - the compendium as DocBook 5.0 (SPEC §6): a book whose info
 * names the edition, a preface for contributors, a chapter per entity
 * with current entries, the entity x area matrix, the gap report and,
 * on request, every change since a date with its diff.
 *
 * docbook_writer is an export writer (writer.h): give it to
 * export_document() (export.h).  It streams through libxml2's
 * xmlTextWriter (only docbook.c includes it): memory stays flat however
 * large the compendium grows.  Text from mail is untrusted: characters
 * XML cannot carry are replaced with U+FFFD and counted in struct
 * export_report.
 */
#ifndef DOCBOOK_H
#define DOCBOOK_H

#include "cp.h"
#include "writer.h"

#define DOCBOOK_NS "http://docbook.org/ns/docbook"
#define DOCBOOK_TITLE                                                 \
	"Compendium of United Nations mandates on cybersecurity and " \
	"cybercrime"

/* The DocBook 5.0 writer. */
extern const struct export_writer docbook_writer;

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
