/* SPDX-License-Identifier: MIT */
/*
 * test_apply.c - ingest_message() and friends on a real SQLite store in a
 * temporary folder: a script of steps, each with its expected outcome;
 * then the failure paths (newer schema, read-only and busy database, and
 * kill -9 in the middle of ingesting).
 *
 * Outcomes of a message are written "msg N STATUS[ changes A,B]
 * [ unchanged X/Y,...][ dup M][: held reason]"; a version of an entry
 * "CODE/MANDATE vV cC STATUS ACTION; Field=value; ...; from=S; msg=N;
 * reverts=C" with list items joined by ','.  Expected errors are
 * substrings of the errors at the same position, one a line, and their
 * number must match.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "apply.h"
#include "msgsize.h"
#include "revert.h"
#include "store.h"
#include "store_outbox.h"
#include "t.h"
#include "xmalloc.h"

enum op {
	NOW,       /* a: COMPENDIUM_NOW */
	ENTITY,    /* a: code, b: name */
	FOCAL,     /* a: code, b: address */
	AUTHSERV,  /* a: authserv-id or NULL */
	MSG,       /* a: From, b: Message-ID or NULL, c: body, d: headers */
	ACCEPT,    /* n: message row */
	REJECT,    /* n: message row, a: reason */
	REPROCESS, /* n: message row */
	REVERT,    /* n: change, a: reason */
	ENTRY,     /* a: CODE/MANDATE, b: at or NULL, n: version or 0 */
	ROW,       /* n: message row; want: "STATUS; entities=A,B" */
	RAWMSG,    /* c: the whole message (n: its size, when c holds only
		      its header block, as the daemon passes one) */
	LIMIT,     /* n: max_message_size, max_entries 2; 0: defaults */
};

struct step {
	enum op op;
	const char *a, *b, *c, *d;
	int64_t n;
	const char *want;
	const char *errs; /* NULL: none */
};

#define ALICE "Alice Focal <Alice@UNODC.org>"
#define BOB "bob@itu.int"
#define EVE "Eve <eve@evil.example>"
#define CAROL "carol@wfp.org"

#define B1                                                                  \
	"Dear colleagues,\n\nPlease record the following:\n\n"              \
	"Entity: UNODC\nMandate: M1\nTitle: T1\nSummary: S1\n"              \
	"Areas: legal\n\n"                                                  \
	"Entity: unodc\nMandate: M2\nTitle: T2\nSummary: S2\n"              \
	"Instrument: I2\n\n"                                                \
	"Entity: UNODC\nMandate: M3\nTitle: T3\nSummary: S3\n\n"            \
	"Best regards,\nAlice\n-- \nAlice Focal\nUNODC\n"

#define FILL "filler line\n"
#define FILL10 FILL FILL FILL FILL FILL FILL FILL FILL FILL FILL
/* With make_message()'s header, a message of 942 bytes, 1013 with CRLF
 * line ends. */
#define B_1024                                                              \
	"Entity: UNODC\nMandate: R2\nTitle: T\nSummary: S\n\nRegards,\n"      \
	FILL10 FILL10 FILL10 FILL10 FILL10 FILL FILL FILL FILL FILL FILL FILL

#define X10 "xxxxxxxxxx"
#define X100 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10
#define X1000 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100

static const struct step script[] = {
	{NOW, "2026-01-01T10:00:00Z", NULL, NULL, NULL, 0, NULL, NULL},
	{ENTITY, "UNODC", "United Nations Office on Drugs and Crime", NULL,
	 NULL, 0, NULL, NULL},
	{ENTITY, "ITU", "International Telecommunication Union", NULL, NULL, 0,
	 NULL, NULL},
	{FOCAL, "unodc", "alice@unodc.org", NULL, NULL, 0, NULL, NULL},
	{FOCAL, "ITU", "Bob@ITU.int", NULL, NULL, 0, NULL, NULL},

	/* three entries, three changes; codes as registered */
	{MSG, ALICE, "m1@unodc.org", B1, NULL, 0, "msg 1 applied changes 1,2,3",
	 NULL},
	{ENTRY, "UNODC/M1", NULL, NULL, NULL, 0,
	 "UNODC/M1 v1 c1 current update; Title=T1; Areas=legal; Summary=S1; "
	 "from=alice@unodc.org; msg=1",
	 NULL},
	{ENTRY, "unodc/M2", NULL, NULL, NULL, 0,
	 "UNODC/M2 v1 c2 current update; Title=T2; Instrument=I2; "
	 "Summary=S2; from=alice@unodc.org; msg=1",
	 NULL},
	{ENTRY, "UNODC/m2", NULL, NULL, NULL, 0, "not found", NULL},
	{ROW, NULL, NULL, NULL, NULL, 1, "applied; entities=UNODC", NULL},

	/* unchanged (Reason alone is no change) and a cleared field */
	{NOW, "2026-01-02T10:00:00Z", NULL, NULL, NULL, 0, NULL, NULL},
	{MSG, ALICE, "m2@unodc.org",
	 "Entity: UNODC\nMandate: M1\nTitle:  T1 \nAreas: LEGAL\n"
	 "Reason: nothing\n\n"
	 "Entity: UNODC\nMandate: M2\nInstrument:\nReason: cleared\n",
	 NULL, 0, "msg 2 applied changes 4 unchanged UNODC/M1", NULL},
	{ENTRY, "UNODC/M1", NULL, NULL, NULL, 0,
	 "UNODC/M1 v1 c1 current update; Title=T1; Areas=legal; Summary=S1; "
	 "from=alice@unodc.org; msg=1",
	 NULL},
	{ENTRY, "UNODC/M2", NULL, NULL, NULL, 0,
	 "UNODC/M2 v2 c4 current update; Title=T2; Summary=S2; "
	 "Reason=cleared; from=alice@unodc.org; msg=2",
	 NULL},
	/* an entry that changes nothing at all: applied, no change */
	{MSG, ALICE, "m2b@unodc.org", "Entity: UNODC\nMandate: M2\nTitle: T2\n",
	 NULL, 0, "msg 3 applied unchanged UNODC/M2", NULL},

	/* fields not given keep their values */
	{MSG, ALICE, "m3@unodc.org",
	 "Entity: UNODC\nMandate: M1\nThemes: b; a; B\n", NULL, 0,
	 "msg 4 applied changes 5", NULL},
	{ENTRY, "UNODC/M1", NULL, NULL, NULL, 0,
	 "UNODC/M1 v2 c5 current update; Title=T1; Areas=legal; Themes=b,a; "
	 "Summary=S1; from=alice@unodc.org; msg=4",
	 NULL},

	/* withdraw: a version with status withdrawn, values kept */
	{MSG, ALICE, "m4@unodc.org",
	 "Entity: UNODC\nMandate: M3\nAction: withdraw\nReason: done\n", NULL,
	 0, "msg 5 applied changes 6", NULL},
	{ENTRY, "UNODC/M3", NULL, NULL, NULL, 0,
	 "UNODC/M3 v2 c6 withdrawn withdraw; Title=T3; Summary=S3; "
	 "Reason=done; from=alice@unodc.org; msg=5",
	 NULL},
	{ENTRY, "UNODC/M3", NULL, NULL, NULL, 1,
	 "UNODC/M3 v1 c3 current update; Title=T3; Summary=S3; "
	 "from=alice@unodc.org; msg=1",
	 NULL},
	/* withdrawing it again, or an unknown entry: rejected, nothing
	 * applied, not even the valid entry beside it */
	{MSG, ALICE, "m5@unodc.org",
	 "Entity: UNODC\nMandate: M3\nAction: withdraw\n", NULL, 0,
	 "msg 6 rejected",
	 "body line 3: UNODC/M3: Action: cannot withdraw an already withdrawn "
	 "entry"},
	{MSG, ALICE, "m6@unodc.org",
	 "Entity: UNODC\nMandate: M1\nTitle: T1 new\n\n"
	 "Entity: UNODC\nMandate: M9\nAction: withdraw\n",
	 NULL, 0, "msg 7 rejected",
	 "body line 7: UNODC/M9: Action: cannot withdraw an unknown entry"},
	{ENTRY, "UNODC/M1", NULL, NULL, NULL, 0,
	 "UNODC/M1 v2 c5 current update; Title=T1; Areas=legal; Themes=b,a; "
	 "Summary=S1; from=alice@unodc.org; msg=4",
	 NULL},
	{ROW, NULL, NULL, NULL, NULL, 7, "rejected; entities=UNODC",
	 "body line 7: UNODC/M9: Action: cannot withdraw an unknown entry"},
	/* an update of a withdrawn entry brings it back from its last
	 * values */
	{MSG, ALICE, "m7@unodc.org", "Entity: UNODC\nMandate: M3\nSummary: S3b\n",
	 NULL, 0, "msg 8 applied changes 7", NULL},
	{ENTRY, "UNODC/M3", NULL, NULL, NULL, 0,
	 "UNODC/M3 v3 c7 current update; Title=T3; Summary=S3b; "
	 "from=alice@unodc.org; msg=8",
	 NULL},
	/* an update of a withdrawn entry that gives no field still brings
	 * it back (a change) */
	{MSG, ALICE, "m7b@unodc.org",
	 "Entity: UNODC\nMandate: M3\nAction: withdraw\n", NULL, 0,
	 "msg 9 applied changes 8", NULL},
	{MSG, ALICE, "m7c@unodc.org",
	 "Entity: UNODC\nMandate: M3\nReason: back\n", NULL, 0,
	 "msg 10 applied changes 9", NULL},
	{ENTRY, "UNODC/M3", NULL, NULL, NULL, 0,
	 "UNODC/M3 v5 c9 current update; Title=T3; Summary=S3b; "
	 "Reason=back; from=alice@unodc.org; msg=10",
	 NULL},

	/* new entries need Title and Summary */
	{MSG, ALICE, "m8@unodc.org",
	 "Entity: UNODC\nMandate: M4\nSummary: s\n\n"
	 "Entity: UNODC\nMandate: M5\nTitle: t\n",
	 NULL, 0, "msg 11 rejected",
	 "body line 1: UNODC/M4: Title: missing required field\n"
	 "body line 5: UNODC/M5: Summary: missing required field"},
	{ENTRY, "UNODC/M4", NULL, NULL, NULL, 0, "not found", NULL},
	/* unknown entity */
	{MSG, ALICE, "m9@unodc.org",
	 "Entity: FAO\nMandate: X\nTitle: t\nSummary: s\n", NULL, 0,
	 "msg 12 rejected",
	 "body line 1: FAO/X: Entity: unknown entity \"FAO\""},
	/* all or nothing: the second entry's error keeps the first out */
	{MSG, ALICE, "m10@unodc.org",
	 "Entity: UNODC\nMandate: M1\nTitle: T1 x\n\n"
	 "Entity: UNODC\nMandate: M2\nAdopted: 2013-02-29\n",
	 NULL, 0, "msg 13 rejected",
	 "body line 7: UNODC/M2: Adopted: \"2013-02-29\" is not a real date"},
	{MSG, ALICE, "m10b@unodc.org",
	 "Entity: UNODC\nMandate: M1\nTitle: T1 x\n\n"
	 "Entity: FAO\nMandate: M2\nTitle: t\nSummary: s\n",
	 NULL, 0, "msg 14 rejected", "body line 5: FAO/M2: Entity: unknown"},
	{MSG, ALICE, "m10c@unodc.org", "Hello, no entries here.\n", NULL, 0,
	 "msg 15 rejected", "no entry found"},
	{MSG, ALICE, "m10d@unodc.org",
	 "Entity: UNODC\nMandate: M1\nTitle: a\n\n"
	 "Entity: UNODC\nMandate: M1\nTitle: b\n",
	 NULL, 0, "msg 16 rejected", "UNODC/M1: the same entry twice"},
	{ENTRY, "UNODC/M1", NULL, NULL, NULL, 0,
	 "UNODC/M1 v2 c5 current update; Title=T1; Areas=legal; Themes=b,a; "
	 "Summary=S1; from=alice@unodc.org; msg=4",
	 NULL},

	/* the sender must speak for every entity named */
	{MSG, EVE, "m11@evil.example", "Entity: UNODC\nMandate: M1\nTitle: X\n",
	 NULL, 0,
	 "msg 17 held: eve@evil.example is not a focal point of UNODC", NULL},
	{MSG, ALICE, "m12@unodc.org",
	 "Entity: UNODC\nMandate: M1\nTitle: T1c\n\n"
	 "Entity: itu\nMandate: I1\nTitle: TI\nSummary: SI\n",
	 NULL, 0, "msg 18 held: alice@unodc.org is not a focal point of ITU",
	 NULL},
	{ROW, NULL, NULL, NULL, NULL, 18, "held; entities=UNODC,ITU", NULL},
	{ENTRY, "ITU/I1", NULL, NULL, NULL, 0, "not found", NULL},
	/* the maintainer accepts it: applied now */
	{ACCEPT, NULL, NULL, NULL, NULL, 18, "msg 18 applied changes 10,11",
	 NULL},
	{ENTRY, "ITU/I1", NULL, NULL, NULL, 0,
	 "ITU/I1 v1 c11 current update; Title=TI; Summary=SI; "
	 "from=alice@unodc.org; msg=18",
	 NULL},
	{ROW, NULL, NULL, NULL, NULL, 18, "applied; entities=UNODC,ITU", NULL},
	{ACCEPT, NULL, NULL, NULL, NULL, 18, "error: not allowed in this state",
	 NULL},
	{ACCEPT, NULL, NULL, NULL, NULL, 99, "error: not found", NULL},
	/* a held withdrawal, overtaken by another: the accept fails and the
	 * message stays held */
	{MSG, EVE, "m13@evil.example",
	 "Entity: UNODC\nMandate: M2\nAction: withdraw\n", NULL, 0,
	 "msg 19 held: eve@evil.example is not a focal point of UNODC", NULL},
	{MSG, ALICE, "m14@unodc.org",
	 "Entity: UNODC\nMandate: M2\nAction: withdraw\n", NULL, 0,
	 "msg 20 applied changes 12", NULL},
	{ACCEPT, NULL, NULL, NULL, NULL, 19, "msg 19 held",
	 "body line 3: UNODC/M2: Action: cannot withdraw an already withdrawn "
	 "entry"},
	{ROW, NULL, NULL, NULL, NULL, 19, "held; entities=UNODC", NULL},
	{REJECT, "spam", NULL, NULL, NULL, 19, "ok", NULL},
	{ROW, NULL, NULL, NULL, NULL, 19, "rejected; entities=UNODC",
	 "rejected by a maintainer: spam"},
	{REJECT, NULL, NULL, NULL, NULL, 19, "error: not allowed in this state",
	 NULL},
	{REJECT, NULL, NULL, NULL, NULL, 20, "error: not allowed in this state",
	 NULL},

	/* reprocess: rejected for an unknown entity, then registered */
	{MSG, CAROL, "m15@wfp.org",
	 "Entity: WFP\nMandate: W1\nTitle: TW\nSummary: SW\n", NULL, 0,
	 "msg 21 rejected", "body line 1: WFP/W1: Entity: unknown entity"},
	{ENTITY, "WFP", "World Food Programme", NULL, NULL, 0, NULL, NULL},
	{REPROCESS, NULL, NULL, NULL, NULL, 21, "msg 21 held: carol@wfp.org is "
	 "not a focal point of WFP", NULL},
	{FOCAL, "WFP", CAROL, NULL, NULL, 0, NULL, NULL},
	{REPROCESS, NULL, NULL, NULL, NULL, 21, "msg 21 applied changes 13",
	 NULL},
	{ROW, NULL, NULL, NULL, NULL, 21, "applied; entities=WFP", NULL},
	{REPROCESS, NULL, NULL, NULL, NULL, 21,
	 "error: not allowed in this state", NULL},

	/* duplicates: by Message-ID whatever the first's status, else by
	 * the bytes */
	{MSG, ALICE, "m1@unodc.org", "Entity: UNODC\nMandate: M1\nTitle: D\n",
	 NULL, 0, "msg 22 duplicate dup 1", NULL},
	{MSG, ALICE, "m9@unodc.org",
	 "Entity: FAO\nMandate: X\nTitle: t\nSummary: s\n", NULL, 0,
	 "msg 23 duplicate dup 12", NULL},
	{MSG, CAROL, NULL, "different bytes\n", "Message-ID:  <m15@wfp.org>  \n", 0,
	 "msg 24 duplicate dup 21", NULL},
	{MSG, ALICE, NULL, "Entity: UNODC\nMandate: M1\nTitle: T1d\n", NULL, 0,
	 "msg 25 applied changes 14", NULL},
	{MSG, ALICE, NULL, "Entity: UNODC\nMandate: M1\nTitle: T1d\n", NULL, 0,
	 "msg 26 duplicate dup 25", NULL},
	{MSG, ALICE, NULL, "Entity: UNODC\nMandate: M1\nTitle: T1e\n", NULL, 0,
	 "msg 27 applied changes 15", NULL},
	{ROW, NULL, NULL, NULL, NULL, 26, "duplicate; entities=UNODC", NULL},

	/* Authentication-Results from the configured server only */
	{AUTHSERV, "mx.un.org", NULL, NULL, NULL, 0, NULL, NULL},
	{MSG, ALICE, "a1@unodc.org", "Entity: UNODC\nMandate: M1\nTitle: A1\n",
	 "Authentication-Results: mx.un.org;\n"
	 " dkim=pass (2048-bit key) header.d=unodc.org header.s=sel\n",
	 0, "msg 28 applied changes 16", NULL},
	{MSG, ALICE, "a2@unodc.org", "Entity: UNODC\nMandate: M1\nTitle: A2\n",
	 "Authentication-Results: mx.evil.example; dkim=pass "
	 "header.d=unodc.org\n",
	 0, "msg 29 held: no dkim=pass or dmarc=pass for unodc.org from "
	 "mx.un.org in Authentication-Results", NULL},
	{MSG, ALICE, "a3@unodc.org", "Entity: UNODC\nMandate: M1\nTitle: A3\n",
	 "Authentication-Results: MX.UN.ORG; spf=pass; dmarc=pass "
	 "header.from=UNODC.org\n",
	 0, "msg 30 applied changes 17", NULL},
	{MSG, ALICE, "a4@unodc.org", "Entity: UNODC\nMandate: M1\nTitle: A4\n",
	 NULL, 0, "msg 31 held: no dkim=pass or dmarc=pass for unodc.org from "
	 "mx.un.org in Authentication-Results", NULL},
	{MSG, ALICE, "a5@unodc.org", "Entity: UNODC\nMandate: M1\nTitle: A5\n",
	 "Authentication-Results: mx.un.org; dkim=fail header.d=unodc.org; "
	 "dmarc=pass header.from=other.org\n",
	 0, "msg 32 held: no dkim=pass or dmarc=pass for unodc.org from "
	 "mx.un.org in Authentication-Results", NULL},
	/* a focal point problem is reported before the signature check */
	{MSG, EVE, "a6@evil.example", "Entity: UNODC\nMandate: M1\nTitle: A6\n",
	 "Authentication-Results: mx.un.org; dkim=pass header.d=evil.example\n",
	 0, "msg 33 held: eve@evil.example is not a focal point of UNODC", NULL},
	/* accept skips the sender checks, signature included */
	{ACCEPT, NULL, NULL, NULL, NULL, 31, "msg 31 applied changes 18", NULL},
	{AUTHSERV, NULL, NULL, NULL, NULL, 0, NULL, NULL},

	/* history and revert */
	{NOW, "2026-02-01T10:00:00Z", NULL, NULL, NULL, 0, NULL, NULL},
	{MSG, ALICE, "r1@unodc.org",
	 "Entity: UNODC\nMandate: R1\nTitle: R v1\nSummary: first\n"
	 "Adopted: 2020\n",
	 NULL, 0, "msg 34 applied changes 19", NULL},
	{NOW, "2026-02-02T10:00:00Z", NULL, NULL, NULL, 0, NULL, NULL},
	{MSG, ALICE, "r2@unodc.org",
	 "Entity: UNODC\nMandate: R1\nTitle: R v2\nAdopted:\nReason: new\n",
	 NULL, 0, "msg 35 applied changes 20", NULL},
	{ENTRY, "UNODC/R1", "2026-02-01T23:59:59Z", NULL, NULL, 0,
	 "UNODC/R1 v1 c19 current update; Title=R v1; Adopted=2020; "
	 "Summary=first; from=alice@unodc.org; msg=34",
	 NULL},
	{ENTRY, "UNODC/R1", "2026-02-02T10:00:00Z", NULL, NULL, 0,
	 "UNODC/R1 v2 c20 current update; Title=R v2; Summary=first; "
	 "Reason=new; from=alice@unodc.org; msg=35",
	 NULL},
	{ENTRY, "UNODC/R1", "2026-02-01T09:59:59Z", NULL, NULL, 0, "not found",
	 NULL},
	{NOW, "2026-02-03T10:00:00Z", NULL, NULL, NULL, 0, NULL, NULL},
	{REVERT, NULL, NULL, NULL, NULL, 20, "change 21", NULL},
	{ENTRY, "UNODC/R1", NULL, NULL, NULL, 0,
	 "UNODC/R1 v3 c21 current revert; Title=R v1; Adopted=2020; "
	 "Summary=first; Reason=Revert change 20; reverts=20",
	 NULL},
	{REVERT, NULL, NULL, NULL, NULL, 20, "error: not allowed in this state",
	 NULL},
	/* reverting the creation withdraws: refused while later changes
	 * exist, unless forced (b: "force") */
	{REVERT, "created by mistake", NULL, NULL, NULL, 19,
	 "error: not allowed in this state", NULL},
	{REVERT, "created by mistake", "force", NULL, NULL, 19, "change 22",
	 NULL},
	{ENTRY, "UNODC/R1", NULL, NULL, NULL, 0,
	 "UNODC/R1 v4 c22 withdrawn revert; Title=R v1; Adopted=2020; "
	 "Summary=first; Reason=created by mistake; reverts=19",
	 NULL},
	{REVERT, NULL, NULL, NULL, NULL, 19, "error: not allowed in this state",
	 NULL},
	/* reverting that withdrawal restores */
	{REVERT, NULL, NULL, NULL, NULL, 22, "change 23", NULL},
	{ENTRY, "UNODC/R1", NULL, NULL, NULL, 0,
	 "UNODC/R1 v5 c23 current revert; Title=R v1; Adopted=2020; "
	 "Summary=first; Reason=Revert change 22; reverts=22",
	 NULL},
	/* reverting a withdrawal by mail restores the entry */
	{MSG, ALICE, "r3@unodc.org",
	 "Entity: UNODC\nMandate: R1\nAction: withdraw\n", NULL, 0,
	 "msg 36 applied changes 24", NULL},
	{REVERT, NULL, NULL, NULL, NULL, 24, "change 25", NULL},
	{ENTRY, "UNODC/R1", NULL, NULL, NULL, 0,
	 "UNODC/R1 v7 c25 current revert; Title=R v1; Adopted=2020; "
	 "Summary=first; Reason=Revert change 24; reverts=24",
	 NULL},
	{REVERT, NULL, NULL, NULL, NULL, 999, "error: not found", NULL},
	{ENTRY, "UNODC/R1", "2026-02-02T23:59:59Z", NULL, NULL, 0,
	 "UNODC/R1 v2 c20 current update; Title=R v2; Summary=first; "
	 "Reason=new; from=alice@unodc.org; msg=35",
	 NULL},
	/* a message after the reverts continues the numbering */
	{MSG, ALICE, "r4@unodc.org", "Entity: UNODC\nMandate: R1\nTitle: R v3\n",
	 NULL, 0, "msg 37 applied changes 26", NULL},

	/* no From: rejected, whatever the content (SPEC §2) */
	{RAWMSG, NULL, NULL,
	 "Message-ID: <nofrom@x>\nSubject: x\n\n"
	 "Entity: UNODC\nMandate: R1\nTitle: R v4\n",
	 NULL, 0, "msg 38 rejected",
	 "message: header: From: missing (the sender)"},
	/* a bad message is rejected whoever sent it */
	{MSG, EVE, "e2@evil.example",
	 "Entity: UNODC\nMandate: R1\nAdopted: 2013-13\n", NULL, 0,
	 "msg 39 rejected", "body line 3: UNODC/R1: Adopted: \"2013-13\""},
	{ROW, NULL, NULL, NULL, NULL, 39, "rejected; entities=UNODC",
	 "body line 3: UNODC/R1: Adopted: \"2013-13\""},
	/* reprocessing what is still wrong: rejected again */
	{REPROCESS, NULL, NULL, NULL, NULL, 12, "msg 12 rejected",
	 "body line 1: FAO/X: Entity: unknown entity \"FAO\""},
	{REPROCESS, NULL, NULL, NULL, NULL, 22,
	 "error: not allowed in this state", NULL},
	/* limits: rejected with an error saying which; stored whole */
	{LIMIT, NULL, NULL, NULL, NULL, 1024, NULL, NULL},
	{MSG, ALICE, "big@unodc.org",
	 "Entity: UNODC\nMandate: R1\nTitle: R v5\nSummary: " X1000 "\n",
	 NULL, 0, "msg 40 rejected",
	 "over the limit of 1024 bytes (limits: max_message_size)"},
	{ROW, NULL, NULL, NULL, NULL, 40, "rejected; entities=",
	 "over the limit of 1024 bytes (limits: max_message_size)"},
	{MSG, ALICE, "many@unodc.org",
	 "Entity: UNODC\nMandate: R1\nTitle: R v5\n\n"
	 "Entity: UNODC\nMandate: M1\nTitle: M v5\n\n"
	 "Entity: UNODC\nMandate: M2\nTitle: M v5\n",
	 NULL, 0, "msg 41 rejected",
	 "body line 9: more than 2 entries in one message (limits: "
	 "max_entries)"},
	{LIMIT, NULL, NULL, NULL, NULL, 0, NULL, NULL},
	{REPROCESS, NULL, NULL, NULL, NULL, 41, "msg 41 applied changes 27,28,29",
	 NULL},
	{ENTRY, "UNODC/R1", NULL, NULL, NULL, 0,
	 "UNODC/R1 v9 c27 current update; Title=R v5; Adopted=2020; "
	 "Summary=first; from=alice@unodc.org; msg=41",
	 NULL},
	/* Sizes as IMAP counts them, with CRLF line ends: 952 bytes with
	 * LF line ends are 1024 (applied), 953 are 1025 (rejected). */
	{LIMIT, NULL, NULL, NULL, NULL, 1024, NULL, NULL},
	{MSG, ALICE, "crlf-ov@unodc.org", B_1024 "1234567890\n", NULL, 0,
	 "msg 42 rejected",
	 "message: 1025 bytes, over the limit of 1024 bytes (limits: "
	 "max_message_size)"},
	{MSG, ALICE, "crlf-at@unodc.org", B_1024 "123456789\n", NULL, 0,
	 "msg 43 applied changes 30", NULL},
	/* Only the header block of one over the limit is stored: read again
	 * so, it is over the limit again. */
	{REPROCESS, NULL, NULL, NULL, NULL, 42, "msg 42 rejected",
	 "message: 1025 bytes, over the limit of 1024 bytes (limits: "
	 "max_message_size)"},
	/* As the daemon passes one: its header block and its size. */
	{RAWMSG, NULL, NULL,
	 "From: alice@unodc.org\r\nMessage-ID: <head-only@unodc.org>\r\n"
	 "Subject: big\r\n\r\n",
	 NULL, 5000, "msg 44 rejected",
	 "message: 5000 bytes, over the limit of 1024 bytes (limits: "
	 "max_message_size)"},
	/* With the limit raised, it cannot be read: its bytes are gone. */
	{LIMIT, NULL, NULL, NULL, NULL, 0, NULL, NULL},
	{REPROCESS, NULL, NULL, NULL, NULL, 44,
	 "error: not allowed in this state", NULL},
	{REPROCESS, NULL, NULL, NULL, NULL, 42,
	 "error: not allowed in this state", NULL},
};

static char *tmpdir;
static char *dbpath;

static char *
make_message(const char *from, const char *msgid, const char *headers,
	     const char *body)
{
	return xasprintf("From: %s\nTo: compendium@un.org\nSubject: Update\n"
			 "Date: Mon, 2 Mar 2026 10:00:00 +0000\n"
			 "%s%s%s%sMIME-Version: 1.0\n"
			 "Content-Type: text/plain; charset=utf-8\n\n%s",
			 from, msgid ? "Message-ID: <" : "",
			 msgid ? msgid : "", msgid ? ">\n" : "",
			 headers ? headers : "", body);
}

static char *
show_result(enum cp_status rc, const struct ingest_result *r)
{
	struct cp_buf b = {0};
	size_t i;

	if (rc != CP_OK) {
		cp_buf_addf(&b, "error: %s", cp_strerror(rc));
		return cp_buf_detach(&b);
	}
	cp_buf_addf(&b, "msg %lld %s", (long long)r->id,
		    store_status_name(r->status));
	for (i = 0; i < r->nchanges; i++)
		cp_buf_addf(&b, "%s%lld", i ? "," : " changes ",
			    (long long)r->changes[i]);
	for (i = 0; i < r->unchanged.n; i++)
		cp_buf_addf(&b, "%s%s", i ? "," : " unchanged ",
			    r->unchanged.v[i]);
	if (r->status == STORE_DUPLICATE)
		cp_buf_addf(&b, " dup %lld", (long long)r->duplicate_of);
	if (r->status == STORE_HELD && r->held_reason)
		cp_buf_addf(&b, ": %s", r->held_reason);
	return cp_buf_detach(&b);
}

static void
add_list(struct cp_buf *b, const char *s)
{
	for (; *s; s++)
		cp_buf_addc(b, *s == '\n' ? ',' : *s);
}

static char *
show_revision(const struct store_revision *r)
{
	static const int fields[] = {
		FIELD_TITLE, FIELD_INSTRUMENT, FIELD_ADOPTED, FIELD_AREAS,
		FIELD_THEMES, FIELD_URL, FIELD_SUMMARY, FIELD_REASON,
	};
	struct cp_buf b = {0};
	size_t i;

	cp_buf_addf(&b, "%s/%s v%d c%lld %s %s", r->f[FIELD_ENTITY],
		    r->f[FIELD_MANDATE], r->version, (long long)r->change,
		    r->withdrawn ? "withdrawn" : "current", r->f[FIELD_ACTION]);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (r->f[fields[i]] == NULL)
			continue;
		cp_buf_addf(&b, "; %s=", field_name(fields[i]));
		add_list(&b, r->f[fields[i]]);
	}
	if (r->sender)
		cp_buf_addf(&b, "; from=%s", r->sender);
	if (r->message)
		cp_buf_addf(&b, "; msg=%lld", (long long)r->message);
	if (r->reverts)
		cp_buf_addf(&b, "; reverts=%lld", (long long)r->reverts);
	return cp_buf_detach(&b);
}

static void
check_errors(const char *what, const struct cp_strlist *got, const char *want)
{
	struct cp_strlist w = {0};
	const char *p = want, *q;
	size_t i;

	while (p != NULL && *p) {
		q = strchr(p, '\n');
		cp_strlist_addn(&w, p, q ? (size_t)(q - p) : strlen(p));
		p = q ? q + 1 : NULL;
	}
	T_CHECK(got->n == w.n, "%s: %zu errors, want %zu%s%s", what, got->n,
		w.n, got->n ? "; first: " : "", got->n ? got->v[0] : "");
	for (i = 0; i < got->n && i < w.n; i++)
		T_CHECK(strstr(got->v[i], w.v[i]) != NULL,
			"%s: error %zu is \"%s\", want it to contain \"%s\"",
			what, i, got->v[i], w.v[i]);
	cp_strlist_free(&w);
}

/*
 * What is stored of message raw: its bytes, or over the limit its header
 * block only; its size as IMAP counts it (size when the step gave one).
 */
static void
check_stored(const char *what, const char *raw, const struct cp_limits *lim,
	     int64_t size, const struct store_message *m, const char *stored,
	     size_t len)
{
	struct cp_limits deflim;
	size_t want = strlen(raw);

	if (size == 0)
		size = (int64_t)msgsize_of(raw, want);
	if (lim == NULL) {
		cp_limits_default(&deflim);
		lim = &deflim;
	}
	if ((size_t)size > lim->max_message_size)
		want = msgsize_header_len(raw, want, lim->max_header_size);
	T_CHECK(len == want && memcmp(stored, raw, len) == 0,
		"%s: stored %zu bytes, want %zu", what, len, want);
	T_INTEQ(m->size, size, what);
}

static void
split_lines(const char *s, struct cp_strlist *out)
{
	const char *q;

	while (s != NULL && *s) {
		q = strchr(s, '\n');
		cp_strlist_addn(out, s, q ? (size_t)(q - s) : strlen(s));
		s = q ? q + 1 : NULL;
	}
}

/*
 * A dry run and the run cannot disagree: what ingest_plan_message()
 * planned (planned: 1) or what the run then did and stored, as one line:
 * the result, its errors, and each change as stored.
 */
static char *
show_outcome(struct store *st, enum cp_status rc, const struct ingest_result *r,
	     const struct ingest_plan *p)
{
	struct cp_buf b = {0};
	struct store_revision rev;
	struct cp_error err;
	char *s = show_result(rc, r);
	size_t i;

	cp_buf_adds(&b, s);
	free(s);
	for (i = 0; rc == CP_OK && i < r->errors.n; i++)
		cp_buf_addf(&b, " | error %s", r->errors.v[i]);
	for (i = 0; rc == CP_OK && i < r->nchanges; i++) {
		if (p != NULL) {
			T_INTEQ(p->v[i].rev.change, r->changes[i], "plan");
			T_INTEQ(p->v[i].prev.version + 1, p->v[i].rev.version,
				"plan");
			s = show_revision(&p->v[i].rev);
		} else if (store_revision_change(st, r->changes[i], &rev,
						 &err) == CP_OK) {
			s = show_revision(&rev);
			store_revision_clear(&rev);
		} else {
			s = xasprintf("error: %s", err.msg);
		}
		cp_buf_addf(&b, " | %s", s);
		free(s);
	}
	return cp_buf_detach(&b);
}

/* Plan message id's accept or reprocess, for agrees() after the run. */
static char *
plan_outcome(struct store *st, int64_t id, enum ingest_action a,
	     const struct ingest_opts *o)
{
	struct ingest_plan p;
	struct cp_error err;
	enum cp_status rc = ingest_plan_message(st, id, a, o, &p, &err);
	char *s = show_outcome(st, rc, &p.result, &p);

	ingest_plan_clear(&p);
	return s;
}

static void
agrees(const char *what, char *planned, char *done)
{
	T_CHECK(strcmp(planned, done) == 0, "%s: planned %s, done %s", what,
		planned, done);
	free(planned);
	free(done);
}

static void
run_script(void)
{
	struct ingest_opts o = {0};
	struct cp_limits lim;
	struct store *st = NULL;
	struct cp_error err;
	size_t i;

	T_INTEQ(store_open(dbpath, 1, &st, &err), CP_OK, "store_open");
	if (st == NULL)
		return;
	o.source = "test";
	for (i = 0; i < sizeof(script) / sizeof(script[0]); i++) {
		const struct step *s = &script[i];
		struct ingest_result r = {0};
		struct store_revision rev = {0};
		struct store_message m = {0};
		struct cp_strlist lines = {0};
		enum cp_status rc;
		char what[64], *got = NULL, *raw = NULL, *stored = NULL;
		char *code = NULL, *slash;
		size_t len = 0;
		struct revert_opts ro = {0};
		struct ingest_change made = {0};
		char *planned = NULL;

		snprintf(what, sizeof(what), "step %zu", i);
		memset(&err, 0, sizeof(err));
		switch (s->op) {
		case NOW:
			setenv("COMPENDIUM_NOW", s->a, 1);
			break;
		case ENTITY:
			T_INTEQ(store_entity_add(st, s->a, s->b, NULL, &err), CP_OK,
				what);
			break;
		case FOCAL:
			T_INTEQ(store_focal_add(st, s->a, s->b, NULL, &err), CP_OK,
				what);
			break;
		case AUTHSERV:
			o.authserv_id = s->a;
			break;
		case LIMIT:
			cp_limits_default(&lim);
			lim.max_message_size = (size_t)s->n;
			lim.max_entries = 2;
			o.lim = s->n ? &lim : NULL;
			break;
		case MSG:
		case RAWMSG:
			raw = s->op == RAWMSG ? xstrdup(s->c)
					      : make_message(s->a, s->b, s->d,
							     s->c);
			o.whole_size = s->op == RAWMSG ? (size_t)s->n : 0;
			rc = ingest_message(st, raw, strlen(raw), &o, &r, &err);
			o.whole_size = 0;
			got = show_result(rc, &r);
			T_STREQ(got, s->want, what);
			check_errors(what, &r.errors, s->errs);
			if (rc == CP_OK &&
			    store_message_get(st, r.id, &m, &stored, &len,
					      &err) == CP_OK) {
				check_stored(what, raw, o.lim,
					     s->op == RAWMSG ? s->n : 0, &m,
					     stored, len);
				T_STREQ(m.source, "test", what);
			}
			break;
		case ACCEPT:
			planned = plan_outcome(st, s->n, INGEST_ACCEPT, &o);
			rc = ingest_accept(st, s->n, &o, &r, &err);
			agrees(what, planned, show_outcome(st, rc, &r, NULL));
			got = show_result(rc, &r);
			T_STREQ(got, s->want, what);
			check_errors(what, &r.errors, s->errs);
			break;
		case REPROCESS:
			planned = plan_outcome(st, s->n, INGEST_REPROCESS, &o);
			rc = ingest_reprocess(st, s->n, &o, &r, &err);
			agrees(what, planned, show_outcome(st, rc, &r, NULL));
			got = show_result(rc, &r);
			T_STREQ(got, s->want, what);
			check_errors(what, &r.errors, s->errs);
			break;
		case REJECT:
			rc = ingest_reject(st, s->n, s->a, NULL, &err);
			got = rc == CP_OK ? xstrdup("ok")
					  : xasprintf("error: %s",
						      cp_strerror(rc));
			T_STREQ(got, s->want, what);
			break;
		case REVERT:
			ro.reason = s->a;
			ro.force = s->b != NULL;
			rc = ingest_plan_revert(st, s->n, &ro, &made, &err);
			planned = rc == CP_OK ? show_revision(&made.rev)
					      : xasprintf("error: %s", err.msg);
			ingest_change_clear(&made);
			rc = ingest_revert(st, s->n, &ro, &made, &err);
			if (rc == CP_OK && store_revision_change(
						   st, made.rev.change, &rev,
						   &err) == CP_OK)
				agrees(what, planned, show_revision(&rev));
			else
				agrees(what, planned,
				       xasprintf("error: %s", err.msg));
			store_revision_clear(&rev);
			got = rc == CP_OK ? xasprintf("change %lld",
						      (long long)made.rev.change)
					  : xasprintf("error: %s",
						      cp_strerror(rc));
			T_STREQ(got, s->want, what);
			ingest_change_clear(&made);
			break;
		case ENTRY:
			code = xstrdup(s->a);
			slash = strchr(code, '/');
			*slash = '\0';
			if (s->n)
				rc = store_revision_version(st, code, slash + 1,
							    (int)s->n, &rev,
							    &err);
			else
				rc = store_revision_at(st, code, slash + 1,
						       s->b, &rev, &err);
			got = rc == CP_OK ? show_revision(&rev)
				: rc == CP_ENOTFOUND
					  ? xstrdup("not found")
					  : xasprintf("error: %s", err.msg);
			T_STREQ(got, s->want, what);
			break;
		case ROW:
			rc = store_message_get(st, s->n, &m, NULL, NULL, &err);
			T_INTEQ(rc, CP_OK, what);
			if (rc == CP_OK) {
				struct cp_buf b = {0};

				cp_buf_addf(&b, "%s; entities=",
					    store_status_name(m.status));
				if (m.entities)
					add_list(&b, m.entities);
				got = cp_buf_detach(&b);
				T_STREQ(got, s->want, what);
				split_lines(m.errors, &lines);
				check_errors(what, &lines, s->errs);
			}
			break;
		}
		free(code);
		free(got);
		free(raw);
		free(stored);
		cp_strlist_free(&lines);
		store_message_clear(&m);
		store_revision_clear(&rev);
		ingest_result_clear(&r);
	}
	unsetenv("COMPENDIUM_NOW");
	store_close(st);
}

static int
sql_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int r;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	r = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return r;
}

static int
one_int(void *arg, int n, char **v, char **names)
{
	(void)n;
	(void)names;
	*(int *)arg = v[0] ? atoi(v[0]) : 0;
	return 0;
}

/* The integer the query sql returns, into *out. */
static int
sql_count(const char *path, const char *sql, int *out)
{
	sqlite3 *db = NULL;
	int r;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	r = sqlite3_exec(db, sql, one_int, out, NULL);
	sqlite3_close(db);
	return r;
}

/* A database written by a newer program is refused, not touched. */
static void
test_newer(void)
{
	char *path = xasprintf("%s/newer.db", tmpdir);
	struct store *st = NULL;
	struct cp_error err = {0};

	T_INTEQ(store_open(path, 1, &st, &err), CP_OK, "create newer.db");
	store_close(st);
	st = NULL;
	T_INTEQ(sql_exec(path, "PRAGMA user_version = 99"), SQLITE_OK,
		"set user_version");
	T_INTEQ(store_open(path, 0, &st, &err), CP_ENEWER, "open newer");
	T_CHECK(st == NULL, "no store for a newer database");
	T_CHECK(strstr(err.msg, "schema version 99 is newer") != NULL,
		"newer message: %s", err.msg);
	T_INTEQ(store_open(path, 1, &st, &err), CP_ENEWER,
		"init does not downgrade");
	store_close(st);
	/* a file that is not there, without create */
	st = NULL;
	free(path);
	path = xasprintf("%s/missing.db", tmpdir);
	T_CHECK(store_open(path, 0, &st, &err) != CP_OK,
		"missing database without create");
	T_CHECK(access(path, F_OK) != 0, "missing database not created");
	free(path);
}

static const char ro_msg[] =
	"From: alice@unodc.org\nMessage-ID: <ro@x>\n\n"
	"Entity: UNODC\nMandate: RO\nTitle: t\nSummary: s\n";

/*
 * A database file that cannot be written: the ingest fails cleanly (CP_EDB
 * from the open or the ingest), and the file is unchanged.  As root, mode
 * 0444 stops nothing, so the check runs in a child that drops to uid and
 * gid 65534 (nobody); where that is not possible it is skipped.
 */
static int
readonly_check(const char *path)
{
	struct ingest_opts o = {0};
	struct ingest_result r = {0};
	struct store *st = NULL;
	struct cp_error err = {0};
	enum cp_status rc;
	int before = t_fail;

	rc = store_open(path, 0, &st, &err);
	if (rc == CP_OK) {
		rc = ingest_message(st, ro_msg, sizeof(ro_msg) - 1, &o, &r,
				    &err);
		T_INTEQ(rc, CP_EDB, "ingest into a read-only database");
		T_INTEQ(r.id, 0, "no message row");
		ingest_result_clear(&r);
	} else {
		T_INTEQ(rc, CP_EDB, "open a read-only database");
	}
	T_CHECK(err.msg[0] != '\0', "read-only error has a message");
	printf("test_apply: read-only database (uid %d): %s\n",
	       (int)geteuid(), err.msg);
	fflush(stdout);
	store_close(st);
	return t_fail - before;
}

static int
count_msg(const struct store_message *m, void *arg)
{
	(void)m;
	(*(int *)arg)++;
	return 0;
}

static void
test_readonly(void)
{
	char *dir = xasprintf("%s/ro", tmpdir);
	char *path = xasprintf("%s/ro.db", dir);
	struct store *st = NULL;
	struct cp_error err = {0};
	int status, n = 0;
	pid_t pid;

	T_INTEQ(mkdir(dir, 0777), 0, "mkdir ro");
	chmod(dir, 0777);
	T_INTEQ(store_open(path, 1, &st, &err), CP_OK, "create ro.db");
	store_entity_add(st, "UNODC", "UNODC", NULL, &err);
	store_focal_add(st, "UNODC", "alice@unodc.org", NULL, &err);
	store_close(st);
	st = NULL;
	T_INTEQ(chmod(path, 0444), 0, "chmod");
	if (geteuid() != 0) {
		readonly_check(path);
	} else if (chmod(tmpdir, 0711) != 0) {
		printf("test_apply: read-only check skipped (root, and %s "
		       "cannot be opened to others)\n", tmpdir);
	} else {
		pid = fork();
		if (pid == 0) {
			if (setgid(65534) != 0 || setuid(65534) != 0)
				_exit(100);
			_exit(readonly_check(path) ? 1 : 0);
		}
		waitpid(pid, &status, 0);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 100)
			printf("test_apply: read-only check skipped (root "
			       "cannot drop to uid 65534)\n");
		else
			T_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
				"read-only check as uid 65534 (status %d)",
				status);
		chmod(tmpdir, 0700);
	}
	/* the file is as it was */
	chmod(path, 0644);
	T_INTEQ(store_open(path, 0, &st, &err), CP_OK, "reopen ro.db");
	if (st != NULL)
		store_messages(st, -1, count_msg, &n, &err);
	T_INTEQ(n, 0, "no message stored in the read-only database");
	store_close(st);
	free(path);
	free(dir);
}

/* Another connection holds the write lock: the ingest waits for it (busy
 * timeout) instead of failing.  The holder releases the lock only after
 * the parent says it is about to ingest, so the ingest starts while the
 * lock is held (the holder lets it go some time later; however late the
 * parent is scheduled, it cannot get in first).  No clock is read. */
static void
test_busy(void)
{
	char *path = xasprintf("%s/busy.db", tmpdir);
	struct ingest_opts o = {0};
	struct ingest_result r = {0};
	struct store *st = NULL;
	struct cp_error err = {0};
	int held[2], go[2], status, n = 0;
	char c;
	pid_t pid;

	T_INTEQ(store_open(path, 1, &st, &err), CP_OK, "create busy.db");
	store_entity_add(st, "UNODC", "UNODC", NULL, &err);
	store_focal_add(st, "UNODC", "alice@unodc.org", NULL, &err);
	T_INTEQ(pipe(held), 0, "pipe");
	T_INTEQ(pipe(go), 0, "pipe");
	pid = fork();
	if (pid == 0) {
		sqlite3 *db = NULL;

		sqlite3_open(path, &db);
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		/* written inside the lock: the ingest, which must wait for
		 * the lock, finds it committed */
		sqlite3_exec(db,
			     "INSERT INTO entity (code, name, created) "
			     "VALUES ('LOCK', 'held', '2026-01-01T00:00:00Z')",
			     NULL, NULL, NULL);
		if (write(held[1], "x", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		usleep(300 * 1000); /* let the ingest meet the lock */
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(db);
		_exit(0);
	}
	T_INTEQ(read(held[0], &c, 1), 1, "child holds the lock");
	T_INTEQ(write(go[1], "g", 1), 1, "tell the child");
	T_INTEQ(ingest_message(st, ro_msg, sizeof(ro_msg) - 1, &o, &r, &err),
		CP_OK, "ingest waits for the lock");
	T_INTEQ(r.status, STORE_APPLIED, "applied after the wait");
	T_INTEQ(r.nchanges, 1, "one change after the wait");
	ingest_result_clear(&r);
	T_INTEQ(sql_count(path, "SELECT count(*) FROM entity WHERE code = "
				"'LOCK'",
			  &n),
		SQLITE_OK, "read the holder's row");
	T_INTEQ(n, 1, "the holder's transaction committed first");
	waitpid(pid, &status, 0);
	T_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "lock holder");
	close(held[0]);
	close(held[1]);
	close(go[0]);
	close(go[1]);
	store_close(st);
	free(path);
}

/* ---- the caller's hooks (struct ingest_opts) ---- */

static const char held_msg[] =
	"From: eve@unodc.org\nMessage-ID: <held@x>\n\n"
	"Entity: UNODC\nMandate: HELD\nTitle: t\nSummary: s\n";

struct hooks {
	int filled, called, row_seen;
	int64_t row;
	enum cp_status answer; /* in_txn's */
};

static void
hook_fill(struct store_message *m, void *arg)
{
	struct hooks *h = arg;

	h->filled++;
	m->imap_uidvalidity = 7;
	m->imap_uid = 42;
}

/* Writes in the transaction (as the daemon does), then answers. */
static enum cp_status
hook_in_txn(struct store *st, int64_t message_row, void *arg,
	    struct cp_error *err)
{
	struct hooks *h = arg;
	struct store_message m;
	enum cp_status rc;

	h->called++;
	h->row = message_row;
	if (store_message_get(st, message_row, &m, NULL, NULL, err) == CP_OK)
		h->row_seen = 1;
	store_message_clear(&m);
	if ((rc = store_imap_mark(st, "INBOX", 7, 42, err)) != CP_OK)
		return rc;
	if (h->answer != CP_OK)
		return cp_error_set(err, h->answer, "the hook says no");
	return CP_OK;
}

/*
 * fill_row sets the row's columns before it is written; in_txn is called
 * once, in the message's transaction, with its row; a refusal stores
 * nothing (not what the hook wrote either) and is ingest_message()'s
 * status; accept and reprocess call neither.
 */
static void
test_hooks(void)
{
	char *path = xasprintf("%s/hooks.db", tmpdir);
	struct hooks h = {0, 0, 0, 0, CP_EDB};
	struct ingest_opts o = {0};
	struct ingest_result r = {0};
	struct store_message m = {0};
	struct store *st = NULL;
	struct cp_error err = {0};
	int64_t uv = -1, last = -1, change = -1, id;
	int n = 0;

	T_INTEQ(store_open(path, 1, &st, &err), CP_OK, "create hooks.db");
	if (st == NULL)
		goto out;
	store_entity_add(st, "UNODC", "UNODC", NULL, &err);
	store_focal_add(st, "UNODC", "alice@unodc.org", NULL, &err);
	o.fill_row = hook_fill;
	o.in_txn = hook_in_txn;
	o.hook_arg = &h;

	T_INTEQ(ingest_message(st, ro_msg, sizeof(ro_msg) - 1, &o, &r, &err),
		CP_EDB, "hooks: in_txn refuses");
	T_STREQ(err.msg, "the hook says no", "hooks: the refusal's message");
	T_INTEQ(r.id, 0, "hooks: no row after a refusal");
	T_INTEQ(h.called, 1, "hooks: in_txn called once");
	T_INTEQ(h.row_seen, 1, "hooks: in_txn sees its row");
	T_INTEQ(store_messages(st, -1, count_msg, &n, &err), CP_OK, "count");
	T_INTEQ(n, 0, "hooks: no message stored after a refusal");
	T_INTEQ(store_imap_state(st, "INBOX", &uv, &last, &err), CP_OK,
		"imap state");
	T_INTEQ(uv + last, 0, "hooks: the hook's writes rolled back");
	store_last_change(st, NULL, &change, &err);
	T_INTEQ(change, 0, "hooks: no change after a refusal");
	ingest_result_clear(&r);

	memset(&h, 0, sizeof(h));
	T_INTEQ(ingest_message(st, ro_msg, sizeof(ro_msg) - 1, &o, &r, &err),
		CP_OK, "hooks: in_txn agrees");
	T_INTEQ(r.status, STORE_APPLIED, "hooks: applied");
	T_INTEQ(h.filled, 1, "hooks: fill_row called once");
	T_INTEQ(h.called, 1, "hooks: in_txn called once");
	T_INTEQ(h.row, r.id, "hooks: in_txn's row");
	T_INTEQ(store_message_get(st, r.id, &m, NULL, NULL, &err), CP_OK,
		"hooks: read the row");
	T_INTEQ(m.imap_uidvalidity, 7, "hooks: column set by fill_row");
	T_INTEQ(m.imap_uid, 42, "hooks: column set by fill_row");
	store_message_clear(&m);
	T_INTEQ(store_imap_state(st, "INBOX", &uv, &last, &err), CP_OK,
		"imap state");
	T_INTEQ(last, 42, "hooks: the hook's writes committed");
	ingest_result_clear(&r);

	/* A message held (its sender is no focal point), then reprocessed
	 * and accepted: neither calls the hooks, and the row keeps the
	 * columns fill_row set. */
	memset(&h, 0, sizeof(h));
	T_INTEQ(ingest_message(st, held_msg, sizeof(held_msg) - 1, &o, &r,
			       &err),
		CP_OK, "hooks: held");
	T_INTEQ(r.status, STORE_HELD, "hooks: held");
	T_INTEQ(h.filled + h.called, 2, "hooks: called for a held message");
	id = r.id;
	ingest_result_clear(&r);
	memset(&h, 0, sizeof(h));
	T_INTEQ(ingest_reprocess(st, id, &o, &r, &err), CP_OK,
		"hooks: reprocess");
	T_INTEQ(r.status, STORE_HELD, "hooks: still held");
	ingest_result_clear(&r);
	T_INTEQ(ingest_accept(st, id, &o, &r, &err), CP_OK, "hooks: accept");
	T_INTEQ(r.status, STORE_APPLIED, "hooks: accepted");
	ingest_result_clear(&r);
	T_INTEQ(h.filled + h.called, 0, "hooks: reprocess and accept");
	T_INTEQ(store_message_get(st, id, &m, NULL, NULL, &err), CP_OK,
		"hooks: read the row");
	T_INTEQ(m.imap_uidvalidity * 1000 + m.imap_uid, 7042,
		"hooks: the columns after accept");
	store_message_clear(&m);
out:
	store_close(st);
	free(path);
}

/* ---- who did it: the actions recorded (SPEC §5) ---- */

/* The actions store_message_actions() gives, as "kind actor" lines. */
static int
collect_action(const struct store_action *a, void *arg)
{
	cp_buf_addf(arg, "%s %s %s|", store_action_kind_name(a->kind),
		    a->actor, a->at ? "at" : "no-time");
	return 0;
}

static void
test_actions(void)
{
	char *path = xasprintf("%s/actions.db", tmpdir);
	struct ingest_opts o = {0};
	struct ingest_result r = {0};
	struct store_revision rev = {0};
	struct cp_buf b = {0};
	struct store *st = NULL;
	struct cp_error err = {0};
	struct revert_opts ro = {.actor = "bo"};
	struct ingest_change made = {0};
	int64_t id, change = 0;

	T_INTEQ(store_open(path, 1, &st, &err), CP_OK, "create actions.db");
	if (st == NULL)
		goto out;
	store_entity_add(st, "UNODC", "UNODC", "ana", &err);
	store_focal_add(st, "UNODC", "alice@unodc.org", "ana", &err);
	/* mail records no action, even with an actor given */
	o.actor = "mallory";
	T_INTEQ(ingest_message(st, held_msg, sizeof(held_msg) - 1, &o, &r,
			       &err),
		CP_OK, "actions: held");
	id = r.id;
	ingest_result_clear(&r);
	T_INTEQ(store_message_actions(st, id, collect_action, &b, &err), CP_OK,
		"actions: read");
	T_STREQ(b.s, NULL, "actions: none for mail");
	/* reprocess (it stays held), then accept */
	o.actor = "rita";
	T_INTEQ(ingest_reprocess(st, id, &o, &r, &err), CP_OK,
		"actions: reprocess");
	ingest_result_clear(&r);
	o.actor = "ana";
	T_INTEQ(ingest_accept(st, id, &o, &r, &err), CP_OK, "actions: accept");
	T_INTEQ(r.nchanges, 1, "actions: accept made a change");
	if (r.nchanges == 1)
		change = r.changes[0];
	ingest_result_clear(&r);
	T_INTEQ(store_message_actions(st, id, collect_action, &b, &err), CP_OK,
		"actions: read");
	T_STREQ(b.s, "reprocess rita at|accept ana at|",
		"actions: on the message, oldest first");
	cp_buf_free(&b);
	T_INTEQ(store_revision_change(st, change, &rev, &err), CP_OK,
		"actions: the change");
	T_STREQ(rev.action_kind, "accept", "actions: the change's action");
	T_STREQ(rev.action_actor, "ana", "actions: the change's actor");
	store_revision_clear(&rev);
	/* a revert, recorded with its change; one that would change nothing
	 * fails */
	T_INTEQ(ingest_revert(st, change, &ro, &made, &err), CP_OK,
		"actions: revert");
	T_INTEQ(store_revision_change(st, made.rev.change, &rev, &err), CP_OK,
		"actions: the revert");
	ingest_change_clear(&made);
	T_STREQ(rev.action_kind, "revert", "actions: the revert's action");
	T_STREQ(rev.action_actor, "bo", "actions: the revert's actor");
	store_revision_clear(&rev);
	T_INTEQ(ingest_revert(st, change, &ro, &made, &err), CP_ESTATE,
		"actions: a revert that changes nothing");
	T_INTEQ(store_message_actions(st, 999, collect_action, &b, &err), CP_OK,
		"actions: an unknown message");
	T_STREQ(b.s, NULL, "actions: none for an unknown message");
out:
	cp_buf_free(&b);
	store_close(st);
	free(path);
}

/* ---- kill -9 in the middle of ingesting ---- */

#define CRASH_ENTRIES 3
#define CRASH_KILLS 25
#define CRASH_MAX 100000

/*
 * Each child plays the same stream of messages from the start, as a
 * daemon restarted after a crash would: what was stored before is a
 * duplicate now, what was being stored at the kill is there whole or not
 * at all.
 */
static void
crash_child(const char *path, int progress)
{
	/* with receipts: each message's is queued in its transaction */
	struct ingest_opts o = {.receipts = 1,
				.receipt_from = "Compendium <c@example.org>"};
	struct ingest_result r;
	struct store *st = NULL;
	struct cp_error err;
	struct cp_buf b = {0};
	int i, k;

	if (store_open(path, 0, &st, &err) != CP_OK)
		_exit(3);
	for (i = 0; i < CRASH_MAX; i++) {
		b.len = 0;
		cp_buf_addf(&b, "From: alice@unodc.org\n"
				"Message-ID: <crash-%d@x>\n\n",
			    i);
		for (k = 0; k < CRASH_ENTRIES; k++)
			cp_buf_addf(&b, "Entity: UNODC\nMandate: C%d\n"
					"Title: t %d\nSummary: s\n\n",
				    k, i);
		/* every fifth message is held: nothing may be applied */
		if (i % 5 == 4)
			cp_buf_adds(&b, "Entity: ITU\nMandate: C9\n"
					"Title: t\nSummary: s\n");
		if (ingest_message(st, b.s, b.len, &o, &r, &err) != CP_OK)
			_exit(4);
		ingest_result_clear(&r);
		/* one byte a message done: the parent chooses its moment by
		 * this, never by the clock */
		if (write(progress, "m", 1) != 1)
			_exit(5);
	}
	cp_buf_free(&b);
	store_close(st);
	_exit(0);
}

struct crash_check {
	int64_t maxrow;
	int *revs;        /* versions per message row */
	int *stored;      /* non-duplicate rows per message number */
	int lastver[16];  /* last version seen per entry row */
	int bad_version;
	int64_t applied, held, dups, bad;
	int maxnum;       /* highest message number stored */
	int *receipts;    /* receipts per message row */
	char *rkind;      /* the first letter of a row's receipt's kind */
};

static int
count_receipt(const struct store_outbox *o, void *arg)
{
	struct crash_check *cc = arg;

	if (o->message > 0 && o->message <= cc->maxrow) {
		cc->receipts[o->message]++;
		cc->rkind[o->message] = o->kind[0];
	}
	return 0;
}

static int
max_row(const struct store_message *m, void *arg)
{
	int64_t *max = arg;

	if (m->id > *max)
		*max = m->id;
	return 0;
}

static int
count_rev(const struct store_revision *r, void *arg)
{
	struct crash_check *cc = arg;

	if (r->message > 0 && r->message <= cc->maxrow)
		cc->revs[r->message]++;
	else
		cc->bad_version = 1; /* a version without its message */
	/* versions of one entry are 1, 2, 3, ... in change order */
	if (r->entry_id <= 0 || r->entry_id >= 16 ||
	    r->version != cc->lastver[r->entry_id] + 1)
		cc->bad_version = 1;
	else
		cc->lastver[r->entry_id] = r->version;
	return 0;
}

static int
check_row(const struct store_message *m, void *arg)
{
	struct crash_check *cc = arg;
	int want = m->status == STORE_APPLIED ? CRASH_ENTRIES : 0, num = -1;
	const char *p = m->message_id;

	if (p != NULL && strncmp(p, "crash-", 6) == 0) {
		for (num = 0, p += 6; *p >= '0' && *p <= '9'; p++)
			num = num * 10 + (*p - '0');
		if (num >= CRASH_MAX)
			num = -1;
	}
	if (m->status == STORE_APPLIED)
		cc->applied++;
	else if (m->status == STORE_HELD)
		cc->held++;
	else if (m->status == STORE_DUPLICATE)
		cc->dups++;
	/* a message stored applied or held has its receipt, once; a
	 * duplicate none */
	if (cc->receipts[m->id] != (m->status != STORE_DUPLICATE) ||
	    (m->status != STORE_DUPLICATE &&
	     cc->rkind[m->id] != (m->status == STORE_APPLIED ? 'a' : 'h'))) {
		cc->bad++;
		fprintf(stderr, "message %lld (%s): %d receipts\n",
			(long long)m->id, store_status_name(m->status),
			cc->receipts[m->id]);
		return 0;
	}
	if (num < 0 || cc->revs[m->id] != want ||
	    m->status == STORE_REJECTED ||
	    (m->status != STORE_DUPLICATE &&
	     (m->status == STORE_HELD) != (num % 5 == 4))) {
		cc->bad++;
		fprintf(stderr, "message %lld (%s, %s): %d versions, want %d\n",
			(long long)m->id, store_status_name(m->status),
			m->message_id ? m->message_id : "-",
			cc->revs[m->id], want);
		return 0;
	}
	if (m->status != STORE_DUPLICATE)
		cc->stored[num]++;
	if (num > cc->maxnum)
		cc->maxnum = num;
	return 0;
}

static void
test_crash(void)
{
	char *path = xasprintf("%s/crash.db", tmpdir);
	struct store *st = NULL;
	struct cp_error err = {0};
	struct crash_check cc;
	unsigned seed = 20260102;
	int round, status, killed = 0, i, lost = 0, twice = 0, reached = 0;
	int64_t last = 0;
	pid_t pid;

	memset(&cc, 0, sizeof(cc));
	T_INTEQ(store_open(path, 1, &st, &err), CP_OK, "create crash.db");
	store_entity_add(st, "UNODC", "UNODC", NULL, &err);
	store_entity_add(st, "ITU", "ITU", NULL, &err);
	store_focal_add(st, "UNODC", "alice@unodc.org", NULL, &err);
	store_close(st);
	st = NULL;
	for (round = 0; round < CRASH_KILLS; round++) {
		int pfd[2], n = 0, want;
		char ch;

		T_INTEQ(pipe(pfd), 0, "progress pipe");
		pid = fork();
		if (pid == 0) {
			close(pfd[0]);
			crash_child(path, pfd[1]);
		}
		close(pfd[1]);
		/* Kill once the child reports `want` messages done, so that
		 * message want + 1 is under way: past what earlier children
		 * stored, so each round goes further (duplicates first, then
		 * new messages, every fifth held); one round in five kills
		 * at once, inside store_open() or the first message. */
		want = rand_r(&seed) % 5 == 0
			       ? 0
			       : reached + 1 + (int)(rand_r(&seed) % 8);
		while (n < want && read(pfd[0], &ch, 1) == 1)
			n++;
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		close(pfd[0]);
		if (n > reached)
			reached = n;
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
			killed++;
		else
			T_CHECK(0, "crash child %d ended by itself: %d", round,
				status);
	}
	T_INTEQ(killed, CRASH_KILLS, "children killed");

	T_INTEQ(sql_exec(path, "PRAGMA integrity_check"), SQLITE_OK,
		"integrity_check runs");
	T_INTEQ(store_open(path, 0, &st, &err), CP_OK, "reopen crash.db");
	if (st == NULL)
		goto out;
	T_INTEQ(store_messages(st, -1, max_row, &cc.maxrow, &err), CP_OK,
		"count messages");
	cc.revs = xcalloc((size_t)cc.maxrow + 1, sizeof(*cc.revs));
	cc.stored = xcalloc(CRASH_MAX, sizeof(*cc.stored));
	T_INTEQ(store_revisions(st,
				&(struct store_revision_filter){.oldest_first =
									1},
				count_rev, &cc, &err),
		CP_OK, "read versions");
	T_INTEQ(cc.bad_version, 0, "versions: each of a stored message, "
		"numbered without gaps");
	cc.receipts = xcalloc((size_t)cc.maxrow + 1, sizeof(*cc.receipts));
	cc.rkind = xcalloc((size_t)cc.maxrow + 1, 1);
	T_INTEQ(store_outbox_list(st, -1, count_receipt, &cc, &err), CP_OK,
		"read the outbox");
	T_INTEQ(store_messages(st, -1, check_row, &cc, &err), CP_OK,
		"read messages");
	T_INTEQ(cc.bad, 0, "messages with a wrong number of versions");
	/* nothing lost (the stream is stored up to its highest number
	 * without a gap), nothing stored twice */
	for (i = 0; i <= cc.maxnum; i++) {
		if (cc.stored[i] == 0)
			lost++;
		if (cc.stored[i] > 1)
			twice++;
	}
	T_INTEQ(lost, 0, "messages lost");
	T_INTEQ(twice, 0, "messages stored twice");
	T_CHECK(cc.applied > 0 && cc.held > 0 && cc.dups > 0,
		"the kills missed a kind: %lld applied, %lld held, %lld "
		"duplicates",
		(long long)cc.applied, (long long)cc.held, (long long)cc.dups);
	store_last_change(st, NULL, &last, &err);
	T_INTEQ(last, cc.applied * CRASH_ENTRIES, "last change number");
	printf("test_apply: %d kills: %lld messages applied, %lld held, %lld "
	       "duplicates\n",
	       killed, (long long)cc.applied, (long long)cc.held,
	       (long long)cc.dups);
	free(cc.revs);
	free(cc.stored);
	free(cc.receipts);
	free(cc.rkind);
out:
	store_close(st);
	free(path);
}

static void
cleanup(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	free(cmd);
}

int
main(void)
{
	char tmpl[] = "/tmp/test_apply.XXXXXX";

	if (mkdtemp(tmpl) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	tmpdir = tmpl;
	dbpath = xasprintf("%s/compendium.db", tmpdir);
	run_script();
	test_newer();
	test_readonly();
	test_busy();
	test_hooks();
	test_actions();
	test_crash();
	cleanup();
	free(dbpath);
	return t_done("test_apply");
}
