/* SPDX-License-Identifier: MIT */
/*
 * docbook_front.c - the front matter of the DocBook writer (SPEC §6 "A
 * publication, not a dump"): the introduction with the five assistance
 * areas of Annex III, the list of abbreviations (every registered
 * entity), and the preface for focal points (where updates go, the
 * format with one complete example, withdrawing, the receipts).  What
 * readers do not need (the xml:id rule) is in docs/EXPORT.md instead.
 */
#include <string.h>

#include "docbook.h"
#include "docbook_priv.h"
#include "field.h"

/* The example stays in the update format (a focal point copies it). */
static const char example_entry[] =
	"Entity: UNODC\n"
	"Mandate: CCPCJ-22/8\n"
	"Title: Central data repository on cybercrime\n"
	"Instrument: Commission on Crime Prevention and Criminal Justice\n"
	" resolution 22/8\n"
	"Adopted: 2013-04-26\n"
	"Areas: technical; capacity-building\n"
	"Themes: criminal justice; best practices\n"
	"URL: https://www.unodc.org/\n"
	"Summary: Requests UNODC to develop a central data repository on\n"
	" cybercrime legislation, case examples, best practices and lessons\n"
	" learned.\n"
	" .\n"
	" A second paragraph.\n"
	"Reason: Repository launched; summary brought up to date.\n";

static const char withdraw_entry[] = "Entity: UNODC\n"
				     "Mandate: CCPCJ-22/8\n"
				     "Action: withdraw\n"
				     "Reason: Superseded by resolution 26/4.\n";

static void
para(struct dbw *c, const char *s)
{
	dbw_elem(c, "para", s);
	dbw_nl(c);
}

/* The five areas, by the names and letters Annex III gives them, each
 * with the word focal points write in Areas. */
static void
areas_list(struct dbw *c)
{
	int a;

	dbw_start(c, "variablelist");
	dbw_attr(c, "role", "areas");
	dbw_nl(c);
	for (a = 0; a < FIELD_NAREAS; a++) {
		dbw_start(c, "varlistentry");
		dbw_start(c, "term");
		dbw_textf(c, "%c. %s", FIELD_AREA_LETTER(a),
			  field_area_names[a]);
		dbw_end(c);
		dbw_start(c, "listitem");
		dbw_start(c, "para");
		dbw_text(c, "Written ");
		dbw_elem(c, "literal", field_areas[a]);
		dbw_text(c, " in an update.");
		dbw_end(c);
		dbw_end(c);
		dbw_end(c);
		dbw_nl(c);
	}
	dbw_end(c);
	dbw_nl(c);
}

static void
introduction(struct dbw *c, const struct view *v)
{
	dbw_titled_start(c, "preface", "introduction", "Introduction");
	para(c, "In 2013 the High-level Committee on Programmes endorsed a "
		"United Nations system-wide framework on cybersecurity and "
		"cybercrime (report of its twenty-sixth session, annex III). "
		"The framework sets out common principles for the assistance "
		"that United Nations entities deliver to Member States, so "
		"that they cooperate within their respective mandates instead "
		"of duplicating one another's work.");
	dbw_start(c, "para");
	dbw_text(c, "This compendium lists the mandates of those entities on "
		    "cybersecurity and cybercrime.  The framework calls it "
		    "\"a living document\" (annex III, para. 13): United "
		    "Nations entities are requested to provide regular "
		    "updates to it by e-mail.  Each entry is kept up to date "
		    "by the focal points of its entity; this edition shows "
		    "the compendium as it stood on ");
	dbw_elem_date(c, "date", v->pubdate);
	dbw_text(c, ", with each entry's history of changes.");
	dbw_end(c);
	dbw_nl(c);
	dbw_titled_start(c, "section", "introduction.areas",
			 "The five assistance areas");
	para(c, "Section IV of the framework describes the areas in which "
		"assistance may be provided to Member States.  Each entry "
		"names the areas of its mandate; the appendices count the "
		"entries per entity and area and report the areas that no "
		"entity, or only one, covers.");
	areas_list(c);
	dbw_end(c); /* section */
	dbw_nl(c);
	dbw_end(c); /* preface */
	dbw_nl(c);
}

/* Every registered entity, code and name, in order of code. */
static void
abbreviations(struct dbw *c, const struct view *v)
{
	size_t i;

	dbw_titled_start(c, "preface", "abbreviations", "Abbreviations");
	if (v->nents == 0) {
		para(c, "No entity is registered yet.");
	} else {
		dbw_start(c, "variablelist");
		dbw_attr(c, "role", "abbreviations");
		dbw_nl(c);
		for (i = 0; i < v->nents; i++) {
			dbw_place(c, v->ents[i].code);
			dbw_start(c, "varlistentry");
			dbw_start(c, "term");
			dbw_elem(c, "abbrev", v->ents[i].code);
			dbw_end(c);
			dbw_start(c, "listitem");
			dbw_elem(c, "para", v->ents[i].name);
			dbw_end(c);
			dbw_end(c);
			dbw_nl(c);
			dbw_place_done(c);
		}
		dbw_place(c, NULL);
		dbw_end(c);
		dbw_nl(c);
	}
	dbw_end(c);
	dbw_nl(c);
}

/* The fields of the field table with their rules. */
static void
fields_list(struct dbw *c)
{
	int f;

	dbw_start(c, "variablelist");
	dbw_attr(c, "role", "fields");
	dbw_nl(c);
	for (f = 0; f < FIELD_COUNT; f++) {
		dbw_start(c, "varlistentry");
		dbw_start(c, "term");
		dbw_elem(c, "literal", field_name(f));
		dbw_end(c);
		dbw_start(c, "listitem");
		dbw_elem(c, "para", FIELD_INFO(f)->rule);
		dbw_end(c);
		dbw_end(c);
		dbw_nl(c);
	}
	dbw_end(c);
	dbw_nl(c);
}

static void
where_to_send(struct dbw *c, const struct view *v)
{
	dbw_start(c, "para");
	dbw_text(c, "Send updates from the address of a registered focal "
		    "point of your entity to ");
	dbw_place(c, "export address");
	if (v->address && *v->address)
		dbw_elem(c, "email", v->address);
	else
		dbw_text(c, "the compendium mailbox");
	dbw_place_done(c);
	dbw_place(c, NULL);
	dbw_text(c, ", as plain text or HTML, one or more entries in the "
		    "body or in attached .txt files.  Lines quoted with > "
		    "and everything after a signature separator are not "
		    "read.  Mail from any other address is not applied.");
	dbw_end(c);
	dbw_nl(c);
}

static void
focal_preface(struct dbw *c, const struct view *v)
{
	dbw_titled_start(c, "preface", "preface",
			 "How to keep this compendium up to date");
	where_to_send(c, v);
	para(c, "An entry is a block of \"Field: value\" lines; a value "
		"continues on lines that start with a space; entries are "
		"separated by blank lines.  Fields not given keep their "
		"values; a field given empty is cleared.  The fields:");
	fields_list(c);
	para(c, "A complete example, a new entry or an update of one:");
	dbw_elem(c, "programlisting", example_entry);
	dbw_nl(c);
	dbw_start(c, "para");
	dbw_text(c, "To take an entry out of the compendium, send its "
		    "Entity and Mandate with ");
	dbw_elem(c, "literal", "Action: withdraw");
	dbw_text(c, " (its history stays):");
	dbw_end(c);
	dbw_nl(c);
	dbw_elem(c, "programlisting", withdraw_entry);
	dbw_nl(c);
	para(c, "Every update you send is answered by a receipt to the "
		"address it came from: \"Applied.\" with, for each entry, "
		"what was done and the change number, and the entry as it "
		"now stands in the update format; \"Rejected: nothing was "
		"changed.\" with every error and where it is; or \"Held for "
		"review by the maintainers.\" with the reason, followed by "
		"a second receipt once a maintainer has accepted or rejected "
		"it.  No update disappears in silence.");
	dbw_end(c);
	dbw_nl(c);
}

void
docbook_preface(void *w, const struct view *v)
{
	struct dbw *c = w;

	introduction(c, v);
	abbreviations(c, v);
	focal_preface(c, v);
}
