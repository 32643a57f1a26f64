#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Read each receipt DIR/N.eml (written by test_receipt DIR) with Python's
# email package (policy=email.policy.default) and check that a reader gets
# what the receipt meant: the subject decoded equals N.subject, the body
# decoded equals N.body, the threading headers and the Message-ID are as
# expected, the headers of SPEC §7 are there, no defects, and the bytes
# are fit for SMTP (ASCII, CRLF line ends, lines of at most 998 octets; a
# quoted-printable body's lines at most 76).  Prints one line per
# problem; exit 1 when any.
import email
import email.policy
import glob
import os
import sys

d = sys.argv[1]
problems = []


def bad(n, what):
    problems.append("%s: %s" % (n, what))


cases = sorted(glob.glob(os.path.join(d, "*.eml")))
if not cases:
    bad(d, "no cases")
for path in cases:
    n = os.path.basename(path)
    base = path[:-4]
    raw = open(path, "rb").read()
    want_subject = open(base + ".subject", encoding="utf-8").read()
    want_body = open(base + ".body", encoding="utf-8").read()
    want_refs = open(base + ".refs", encoding="ascii").read()
    want_id = open(base + ".msgid", encoding="ascii").read()

    try:
        raw.decode("ascii")
    except UnicodeDecodeError:
        bad(n, "bytes that are not ASCII")
    lines = raw.split(b"\r\n")
    if lines[-1] != b"":
        bad(n, "does not end in CRLF")
    for i, l in enumerate(lines):
        if b"\n" in l or b"\r" in l:
            bad(n, "bare CR or LF in line %d" % (i + 1))
        if len(l) > 998:
            bad(n, "line %d is %d octets" % (i + 1, len(l)))

    m = email.message_from_bytes(raw, policy=email.policy.default)
    if m.defects:
        bad(n, "defects: %r" % m.defects)
    for k, v in m.items():
        if getattr(v, "defects", None):
            bad(n, "header %s defects: %r" % (k, v.defects))
    if str(m["subject"]) != want_subject:
        bad(n, "subject %r, want %r" % (str(m["subject"]), want_subject))
    if m["auto-submitted"] != "auto-replied":
        bad(n, "Auto-Submitted %r" % m["auto-submitted"])
    if m["mime-version"] != "1.0":
        bad(n, "MIME-Version %r" % m["mime-version"])
    if m.get_content_type() != "text/plain" or \
            m.get_content_charset() != "utf-8":
        bad(n, "Content-Type %r" % m["content-type"])
    if m["message-id"] != "<%s>" % want_id:
        bad(n, "Message-ID %r, want <%s>" % (m["message-id"], want_id))
    if m["to"] != "alice@unodc.org" or \
            m["from"].addresses[0].addr_spec != "compendium@example.org":
        bad(n, "From/To %r %r" % (m["from"], m["to"]))
    if m["date"] is None or m["date"].datetime is None:
        bad(n, "Date %r" % m["date"])
    refs = m["references"]
    if want_refs:
        got = " ".join(str(refs).split()) if refs else None
        if got != want_refs:
            bad(n, "References %r, want %r" % (got, want_refs))
        if m["in-reply-to"] != want_refs.split()[-1]:
            bad(n, "In-Reply-To %r" % m["in-reply-to"])
    elif refs is not None or m["in-reply-to"] is not None:
        bad(n, "threading headers without an original Message-ID")

    cte = m["content-transfer-encoding"]
    body = m.get_content().replace("\r\n", "\n")
    if body != want_body:
        bad(n, "body differs:\n--- got\n%s\n--- want\n%s" % (body, want_body))
    ascii_ok = all(len(l.encode()) <= 998 for l in want_body.split("\n"))
    try:
        want_body.encode("ascii")
    except UnicodeEncodeError:
        ascii_ok = False
    want_cte = "7bit" if ascii_ok else "quoted-printable"
    if cte != want_cte:
        bad(n, "Content-Transfer-Encoding %r, want %r" % (cte, want_cte))
    if cte == "quoted-printable":
        head, _, payload = raw.partition(b"\r\n\r\n")
        for i, l in enumerate(payload.split(b"\r\n")):
            if len(l) > 76:
                bad(n, "quoted-printable line %d is %d long" % (i, len(l)))
            if l.endswith(b" ") or l.endswith(b"\t"):
                bad(n, "quoted-printable line %d ends in white space" % i)
    for k in ("Subject", "References"):
        for l in raw.partition(b"\r\n\r\n")[0].split(b"\r\n"):
            if len(l) > 78:
                bad(n, "header line over 78: %r" % l[:90])
                break

for p in problems:
    print(p)
print("%d receipts read, %d problems" % (len(cases), len(problems)))
sys.exit(1 if problems else 0)
