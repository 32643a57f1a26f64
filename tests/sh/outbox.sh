# SPDX-License-Identifier: MIT
# The outbox (SPEC §7): with [smtp] receipts on and a from, every message
# stored applied, rejected or held queues exactly one receipt, in its
# transaction, with the headers and body of §7 (read back by Python's
# email package); none for an unknown sender, a duplicate or automatic
# mail (Auto-Submitted, Precedence, List-Id, mailer-daemon, postmaster,
# noreply, no-reply, our own address); max_per_hour; the second receipt
# of accept and reject; a receipt that comes back starts no loop;
# receipts off, nothing.  `compendium outbox` lists them.
. "$(dirname "$0")/lib.sh"

FROM='UN Compendium <compendium@example.org>'
printf '[smtp]\nhost = 127.0.0.1\nfrom = %s\n' "$FROM" >"$T/on.conf"
CONF=$T/on.conf
DB=$T/a.db
C() { "$COMPENDIUM" -c "$CONF" --db "$DB" "$@"; }
# count [STATUS]: receipts in the outbox (of that status)
count() { C outbox ${1:+--status "$1"} | wc -l | tr -d ' '; }
# rid MESSAGE-ID KIND: the ID of the receipt of KIND answering the message
# of MESSAGE-ID (without <>), from the listing
rid() { C outbox | awk -F'\t' -v m="<$1>" -v k="$2" '$6 == m && $5 == k {print $1}'; }

# check ID KIND TO FIRST [TEXT...]: receipt ID, read by Python's email
# package: of KIND, to TO, headers of §7, body's first line FIRST, body
# holding each TEXT.
check() {
	C outbox --show "$1" >"$T/show.eml" || not_ok "outbox --show $1"
	if python3 - "$DB" "$FROM" "$T/show.eml" "$@" <<'PY'
import email, email.policy, sqlite3, sys
db, frm, path, rid, kind, to, first = sys.argv[1:8]
texts = sys.argv[8:]
con = sqlite3.connect(db)
row = con.execute(
    "SELECT o.kind, o.recipient, o.message_id, o.bytes, m.message_id, "
    "m.subject FROM outbox o JOIN message m ON m.id = o.message "
    "WHERE o.id = ?", (int(rid),)).fetchone()
problems = []
if row is None:
    sys.exit("no receipt %s" % rid)
k, rcpt, mid, saved, orig, subject = row
if saved is not None:
    problems.append("bytes saved before the receipt was sent")
raw = open(path, "rb").read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
body = msg.get_content().replace("\r\n", "\n")
want = {
    "kind": (k, kind), "recipient": (rcpt, to), "To": (msg["To"], to),
    "From": (msg["From"], frm),
    "Message-ID": (msg["Message-ID"], "<%s>" % mid),
    "In-Reply-To": (msg["In-Reply-To"], "<%s>" % orig),
    "Auto-Submitted": (msg["Auto-Submitted"], "auto-replied"),
    "first line": (body.split("\n")[0], first),
}
for what, (got, w) in want.items():
    if got != w:
        problems.append("%s: %r, want %r" % (what, got, w))
if not msg["Subject"].startswith("Re: ") or \
        not msg["References"].endswith("<%s>" % orig):
    problems.append("Subject %r References %r" % (msg["Subject"],
                                                  msg["References"]))
if b"\r\n" not in raw or b"\n" in raw.replace(b"\r\n", b""):
    problems.append("lines do not end in CRLF")
for t in texts:
    if t not in body:
        problems.append("body lacks %r" % t)
if problems:
    sys.stderr.write("receipt %s: %s\n%s\n" % (rid, "; ".join(problems),
                                              body))
    sys.exit(1)
PY
	then ok; else not_ok "receipt $1"; fi
}

# mail FILE ID FROM [HEADER...]: a message from FROM updating an entry of
# UNODC (unchanged, so that it applies again and again).
mail() {
	local f=$1 id=$2 from=$3 h
	shift 3
	{
		echo "From: $from"
		echo "To: compendium@un.example"
		echo "Subject: update $id"
		echo "Message-ID: <$id@unodc.example>"
		for h in "$@"; do echo "$h"; done
		echo
		echo "Entity: UNODC"
		echo "Mandate: GA-65/230"
		echo "Areas: legal; policy"
	} >"$f"
}

# -- the examples, with receipts --
expect_rc 0 C init
COMPENDIUM="$COMPENDIUM -c $CONF" expect_rc 0 sh "$CP_SRC/examples/entities" --db "$DB"
day=1
for f in "$CP_SRC"/examples/mail/*.eml; do
	export COMPENDIUM_NOW=$(printf '2026-03-%02dT09:00:00Z' "$day")
	C ingest "$f" >/dev/null 2>&1
	day=$((day + 1))
done
# 22 messages: 20 applied, 1 rejected, 1 held from an unknown sender
expect_rc 0 C outbox
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" 21 "receipts of the examples"
expect_eq "$(cut -f3 "$T/out" | sort -u)" queued "all queued"
expect_eq "$(cut -f5 "$T/out" | sort | uniq -c | tr -s ' ' | tr '\n' ,)" \
	" 20 applied, 1 rejected," "kinds"
# a receipt's ID is its message's row times 8 plus its kind's number
expect_in "$T/out" $'8\t2026-03-01T09:00:00Z\tqueued\tm.keller@unodc.example\tapplied\t<20260112081402.GA4127@unodc.example>'
expect_not_in "$T/out" "t.novak@iaea.example" # unknown: no backscatter
# listed oldest first
expect_eq "$(cut -f2 "$T/out" | sort -c && echo sorted)" sorted "oldest first"
check 8 applied m.keller@unodc.example "Applied." \
	"UNODC/CCPCJ-22/8: new, change 1" "Title: Central data repository"
R14=$(awk -F'\t' 'NR == 14 {print $1}' "$T/out")
R19=$(awk -F'\t' 'NR == 19 {print $1}' "$T/out")
check "$R14" rejected g.njeri@unwomen.example "Rejected: nothing was changed." \
	'Areas: unknown area "advocacy"'
check "$R19" applied cybersecurity@itu.example "Applied." ": withdraw, change" \
	"withdrawn."
# every receipt of the examples is one a mail reader reads
for id in $(C outbox | cut -f1); do
	kind=$(C outbox | awk -F'\t' -v i="$id" '$1 == i {print $5 "\t" $4}')
	case $kind in
	applied*) check "$id" applied "${kind#*$'\t'}" "Applied." ;;
	rejected*) check "$id" rejected "${kind#*$'\t'}" "Rejected: nothing was changed." ;;
	*) not_ok "receipt $id: $kind" ;;
	esac
done

# -- never a duplicate --
expect_rc 0 C ingest "$CP_SRC/examples/mail/01-unodc-three-mandates.eml"
expect_in "$T/out" "duplicate"
expect_eq "$(count)" 21 "no receipt for a duplicate"

# -- a held message of a focal point: its receipt, then the second --
export COMPENDIUM_NOW=2026-04-01T10:00:00Z
for n in 1 2; do
	{
		echo "From: m.keller@unodc.example"
		echo "Subject: Re: RE: re:  ITU too $n"
		echo "Message-ID: <held-$n@unodc.example>"
		echo "References: <earlier@unodc.example>"
		echo
		echo "Entity: ITU"
		echo "Mandate: HELD-$n"
		echo "Title: held $n"
		echo "Instrument: x"
		echo "Adopted: 2020-01-01"
		echo "Areas: legal"
		echo "Themes: x"
		echo "Summary: s"
	} >"$T/held$n.eml"
	expect_rc 0 C ingest "$T/held$n.eml"
	expect_in "$T/out" "held"
done
H1=$(C messages --status held | grep held-1@ | cut -f1 | head -1)
H2=$(C messages --status held | grep held-2@ | cut -f1 | head -1)
expect_eq "$(count)" 23 "held receipts"
R22=$(rid held-1@unodc.example held)
check "$R22" held m.keller@unodc.example "Held for review by the maintainers." \
	"m.keller@unodc.example is not a focal point of ITU" \
	"ITU/HELD-1: not in the compendium."
expect_rc 0 C outbox --json
cp "$T/out" "$T/outbox.json"
expect_rc 0 python3 - "$T/outbox.json" <<'PY'
import email, email.policy, json, sys
a = json.load(open(sys.argv[1]))
r = a[21]
kinds = ["applied", "rejected", "held", "accepted", "dropped"]
assert all(x["id"] == x["message"] * 8 + kinds.index(x["kind"])
           for x in a), a
assert list(r) == ["id", "created", "status", "recipient", "kind",
                   "message", "message_id", "receipt_message_id",
                   "attempts", "next_attempt", "last_error", "sent_at"], r
assert r["kind"] == "held" and r["message_id"] == "held-1@unodc.example"
assert r["status"] == "queued" and r["attempts"] == 0 and r["sent_at"] is None
assert r["created"] == r["next_attempt"] == "2026-04-01T10:00:00Z", r
PY
C outbox --show "$R22" >"$T/show22.eml"
python3 - "$T/show22.eml" <<'PY' || not_ok "held receipt's Subject and References"
import email, email.policy, sys
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default)
assert m["Subject"] == "Re: ITU too 1", m["Subject"]
assert m["References"] == "<earlier@unodc.example> <held-1@unodc.example>", m["References"]
PY
expect_rc 0 C accept "$H1"
check "$(rid held-1@unodc.example accepted)" accepted m.keller@unodc.example "Applied after review." \
	"ITU/HELD-1: new, change" "Mandate: HELD-1"
expect_rc 0 C reject "$H2" --reason "not an ITU mandate"
check "$(rid held-2@unodc.example dropped)" dropped m.keller@unodc.example \
	"Rejected after review: not an ITU mandate"
# the held message of an unknown sender had no receipt: none follows
T19=$(C messages --status held | grep '^[0-9].*t.novak' | cut -f1)
expect_rc 0 C reject "$T19"
expect_eq "$(count)" 25 "no second receipt without a first"
# the receipt's Message-ID comes from the message and the kind
expect_eq "$(C outbox --json | python3 -c 'import json,sys; a=json.load(sys.stdin); print(len({r["receipt_message_id"] for r in a}))')" \
	25 "every receipt its own Message-ID"

# -- none for automatic mail, all from registered focal points --
for a in mailer-daemon postmaster noreply no-reply; do
	expect_rc 0 C focal-point add UNODC "$a@unodc.example"
done
n=0
for h in "Auto-Submitted: auto-generated" "Auto-Submitted: auto-replied" \
	"Auto-Submitted: auto-notified (vacation)" "Precedence: bulk" \
	"Precedence: junk" "Precedence: List" "List-Id: <l.unodc.example>"; do
	n=$((n + 1))
	mail "$T/auto$n.eml" "auto$n" m.keller@unodc.example "$h"
	expect_rc 0 C ingest "$T/auto$n.eml"
	expect_in "$T/out" "applied"
done
for a in mailer-daemon postmaster noreply no-reply MAILER-DAEMON; do
	mail "$T/robot-$a.eml" "robot-$a" "Robot <$a@unodc.example>"
	expect_rc 0 C ingest "$T/robot-$a.eml"
	expect_in "$T/out" "applied"
done
# an unknown sender, held: none
mail "$T/unknown.eml" unknown stranger@unodc.example
expect_rc 0 C ingest "$T/unknown.eml"
expect_in "$T/out" "held"
expect_eq "$(count)" 25 "no receipt for automatic mail or a stranger"
# Auto-Submitted: no is a person
mail "$T/person.eml" person m.keller@unodc.example "Auto-Submitted: no"
expect_rc 0 C ingest "$T/person.eml"
expect_eq "$(count)" 26 "a receipt for Auto-Submitted: no"
R26=$(rid person@unodc.example applied)
check "$R26" applied m.keller@unodc.example "Applied." \
	"UNODC/GA-65/230: unchanged"

# -- a receipt that comes back starts no loop --
C outbox --show "$R26" >"$T/back.eml"
# even when our own address is a focal point, its receipt is answered by
# none: it is Auto-Submitted and from us
expect_rc 0 C focal-point add UNODC compendium@example.org
expect_rc 0 C ingest "$T/back.eml"
expect_in "$T/out" "applied"
expect_eq "$(count)" 26 "a receipt read back: no receipt"
# nor an out-of-office reply to it from the focal point
{
	echo "From: m.keller@unodc.example"
	echo "Auto-Submitted: auto-replied"
	echo "Message-ID: <ooo@unodc.example>"
	sed -n 's/^Subject: /Subject: Re: /p; s/^Message-ID: /In-Reply-To: /p' "$T/back.eml" | tr -d '\r'
	echo
	echo "I am out of the office."
	sed '1,/^\r*$/d' "$T/back.eml" | tr -d '\r' | sed 's/^/> /'
} >"$T/ooo.eml"
expect_rc 1 C ingest "$T/ooo.eml"
expect_in "$T/out" "rejected"
expect_eq "$(count)" 26 "an out-of-office reply: no receipt"
# our own address without Auto-Submitted: still none
sed '/^Auto-Submitted:/d; s/^Message-ID: <receipt\./Message-ID: <again./' \
	"$T/back.eml" >"$T/back2.eml"
expect_rc 0 C ingest "$T/back2.eml"
expect_eq "$(count)" 26 "mail from our own address: no receipt"

# -- max_per_hour: the rest suppressed, counted over the last hour --
printf '[smtp]\nfrom = %s\nmax_per_hour = 2\n' "$FROM" >"$T/two.conf"
CONF=$T/two.conf
DB=$T/b.db
expect_rc 0 C init
expect_rc 0 C entity add UNODC --name U
expect_rc 0 C focal-point add UNODC m.keller@unodc.example
expect_rc 0 C focal-point add UNODC cybercrime@unodc.example
expect_rc 0 C entity add ITU --name I
expect_rc 0 C focal-point add ITU k.mensah@itu.example
export COMPENDIUM_NOW=2026-03-01T09:00:00Z
expect_rc 0 C ingest "$CP_SRC/examples/mail/01-unodc-three-mandates.eml"
for n in 1 2 3; do
	export COMPENDIUM_NOW=2026-03-01T09:1${n}:00Z
	mail "$T/rate$n.eml" "rate$n" M.Keller@UNODC.example
	expect_rc 0 C ingest "$T/rate$n.eml"
done
# another address has its own count
mail "$T/rate-other.eml" rate-other cybercrime@unodc.example
expect_rc 0 C ingest "$T/rate-other.eml"
expect_eq "$(count queued)" 3 "two to m.keller, one to cybercrime"
expect_eq "$(count suppressed)" 2 "over max_per_hour: suppressed"
expect_eq "$(C outbox --status suppressed | cut -f4 | sort -u)" \
	m.keller@unodc.example "the suppressed ones"
# an hour after the first, one more may go
export COMPENDIUM_NOW=2026-03-01T10:00:00Z
mail "$T/rate4.eml" rate4 m.keller@unodc.example
expect_rc 0 C ingest "$T/rate4.eml"
expect_eq "$(count queued)" 4 "an hour later: queued again"

# -- receipts off, or no from: nothing queued --
printf '[smtp]\nfrom = %s\nreceipts = no\n' "$FROM" >"$T/off.conf"
printf '[smtp]\nhost = 127.0.0.1\n' >"$T/nofrom.conf"
for c in off nofrom; do
	CONF=$T/$c.conf
	DB=$T/$c.db
	expect_rc 0 C init
	COMPENDIUM="$COMPENDIUM -c $CONF" expect_rc 0 sh "$CP_SRC/examples/entities" --db "$DB"
	for f in "$CP_SRC"/examples/mail/*.eml; do
		C ingest "$f" >/dev/null 2>&1
	done
	expect_eq "$(C messages | grep -c '^[0-9]')" 22 "$c: messages stored"
	expect_rc 0 C outbox
	expect_eq "$(wc -c <"$T/out" | tr -d ' ')" 0 "$c: no receipt"
	expect_rc 0 C outbox --json
	expect_eq "$(cat "$T/out")" "[]" "$c: --json"
done

# sqlite3_count SQL: one number from the store
sqlite3_count() {
	python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$DB" "$1"
}

# -- a database of schema version 7 (before the outbox's migration, 8),
# holding receipts of every kind and status, upgraded by init: every row
# kept, each one's ID now its message and kind --
if command -v sqlite3 >/dev/null; then
	DB=$T/a.db
	V7=$T/v7.db
	cp "$DB" "$V7"
	# one sent (its bytes saved), one failed, one suppressed
	sqlite3 "$V7" "UPDATE outbox SET status = 'sent', sent_at = created,
		next_attempt = NULL, bytes = CAST('From: x' AS BLOB)
		WHERE id = (SELECT min(id) FROM outbox WHERE kind = 'applied');
		UPDATE outbox SET status = 'failed', attempts = 3,
		last_error = '550 no', next_attempt = NULL
		WHERE kind = 'rejected';
		UPDATE outbox SET status = 'suppressed', next_attempt = NULL
		WHERE kind = 'dropped'" || not_ok "make receipts of every status"
	# the outbox as migration 6 made it, its IDs in the order queued
	sqlite3 "$V7" <<'SQL' || not_ok "make a database of version 7"
DROP TABLE outbox_recent;
DROP INDEX focal_point_by_address;
CREATE TABLE outbox_7 (
 id           INTEGER PRIMARY KEY,
 message      INTEGER NOT NULL REFERENCES message(id),
 kind         TEXT NOT NULL CHECK (kind IN ('applied', 'rejected',
  'held', 'accepted', 'dropped')),
 recipient    TEXT NOT NULL COLLATE NOCASE,
 message_id   TEXT NOT NULL,
 sender       TEXT NOT NULL,
 bytes        BLOB,
 status       TEXT NOT NULL CHECK (status IN ('queued', 'sent',
  'failed', 'suppressed')),
 created      TEXT NOT NULL,
 next_attempt TEXT,
 attempts     INTEGER NOT NULL DEFAULT 0,
 last_error   TEXT,
 sent_at      TEXT,
 UNIQUE (message, kind));
INSERT INTO outbox_7 SELECT row_number() OVER (ORDER BY created, id),
 message, kind, recipient, message_id, sender, bytes, status, created,
 next_attempt, attempts, last_error, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_7 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt);
CREATE INDEX outbox_to ON outbox(recipient, created, status);
PRAGMA user_version = 7;
SQL
	cols="message, kind, recipient, message_id, sender, quote(bytes), status,
		created, next_attempt, attempts, last_error, sent_at"
	sqlite3 "$V7" "SELECT $cols FROM outbox ORDER BY message, kind" >"$T/v7.rows"
	expect_eq "$(wc -l <"$T/v7.rows" | tr -d ' ')" 26 "version 7: 26 receipts"
	expect_eq "$(sqlite3 "$V7" "SELECT count(DISTINCT status) FROM outbox")" 4 \
		"version 7: every status"
	V() { "$COMPENDIUM" -c "$T/two.conf" --db "$V7" "$@"; }
	expect_rc 1 V outbox
	expect_in "$T/err" "older schema (version 7"
	expect_rc 0 V init
	expect_in "$T/out" "schema version 8"
	sqlite3 "$V7" "SELECT $cols FROM outbox ORDER BY message, kind" >"$T/v8.rows"
	expect_eq "$(cmp "$T/v7.rows" "$T/v8.rows" && echo same)" same \
		"every receipt kept as it was"
	expect_eq "$(sqlite3 "$V7" "SELECT count(*) FROM outbox WHERE id <> message * 8
		+ CASE kind WHEN 'applied' THEN 0 WHEN 'rejected' THEN 1
		WHEN 'held' THEN 2 WHEN 'accepted' THEN 3 ELSE 4 END")" 0 \
		"IDs: message and kind"
	# the listing and --show read them as before
	expect_rc 0 V outbox
	expect_eq "$(wc -l <"$T/out" | tr -d ' ')" 26 "listed"
	expect_eq "$(cut -f2 "$T/out" | sort -c && echo sorted)" sorted "oldest first"
	expect_rc 0 V outbox --status sent
	expect_eq "$(cut -f1 "$T/out")" 8 "the sent one"
	expect_rc 0 V outbox --show 8
	expect_eq "$(cat "$T/out")" "From: x" "its saved bytes"
	expect_rc 0 V outbox --show "$R22"
	expect_in "$T/out" "Held for review by the maintainers."
	# the queued ones are due to the sender as before, by the partial index
	expect_eq "$(sqlite3 "$V7" "SELECT count(*) FROM outbox INDEXED BY outbox_due
		WHERE status = 'queued' AND next_attempt <= '9999'")" \
		"$(sqlite3 "$V7" "SELECT count(*) FROM outbox WHERE status = 'queued'")" \
		"every queued one in the due index"
	# whether a sender is a focal point: by an index, not a scan
	expect_in_plan() {
		sqlite3 "$V7" "EXPLAIN QUERY PLAN $1" | grep -q "$2" && ok ||
			not_ok "$1: not by $2"
	}
	expect_in_plan "SELECT EXISTS (SELECT 1 FROM focal_point WHERE address = 'a')" \
		"INDEX focal_point_by_address"
	expect_in_plan "SELECT id FROM outbox WHERE status = 'queued' AND
		next_attempt <= 'x' ORDER BY next_attempt, id" "INDEX outbox_due"
	expect_in_plan "SELECT count(*) FROM outbox_recent WHERE recipient = 'a'
		AND created >= 'b'" "PRIMARY KEY (recipient=? AND created>?)"
	# max_per_hour (2 here) counts, after the upgrade, the receipts of the
	# hour before the last one queued: m.keller's four at 04-01T10:00
	# (two held, accepted, applied; the dropped one suppressed)
	expect_eq "$(sqlite3 "$V7" "SELECT group_concat(recipient || ' ' || created)
		FROM outbox_recent")" "$(printf 'm.keller@unodc.example 2026-04-01T10:00:00Z%.0s,' 1 2 3 |
		sed 's/$/m.keller@unodc.example 2026-04-01T10:00:00Z/')" \
		"the last hour's receipts counted"
	export COMPENDIUM_NOW=2026-04-01T10:30:00Z
	mail "$T/after.eml" after m.keller@unodc.example
	expect_rc 0 V ingest "$T/after.eml"
	expect_eq "$(V outbox | awk -F'\t' '$6 == "<after@unodc.example>" {print $3}')" \
		suppressed "over max_per_hour after the upgrade"
	export COMPENDIUM_NOW=2026-04-01T11:00:00Z
	mail "$T/after2.eml" after2 m.keller@unodc.example
	expect_rc 0 V ingest "$T/after2.eml"
	expect_eq "$(V outbox | awk -F'\t' '$6 == "<after2@unodc.example>" {print $3}')" \
		queued "an hour later: queued"
	expect_rc 0 V check
else
	echo "outbox: the upgrade from version 7 skipped (no sqlite3 command)"
fi

# -- usage --
DB=$T/a.db
CONF=$T/on.conf
expect_rc 2 C outbox --status delivered
expect_in "$T/err" 'unknown status "delivered"'
expect_rc 2 C outbox 3
expect_in "$T/err" "outbox takes no arguments"
expect_rc 0 C outbox --help
expect_in "$T/out" "usage: compendium outbox"
expect_rc 2 C outbox --show x1
expect_in "$T/err" '"x1" is not a receipt ID'
expect_rc 2 C outbox --show 0
expect_rc 2 C outbox --show 8 --json
expect_in "$T/err" "--show takes neither --status nor --json"
expect_rc 1 C outbox --show 999
expect_in "$T/err" "no receipt 999"
# --show reads only: the store keeps no bytes until the receipt is sent
expect_eq "$(sqlite3_count "SELECT count(*) FROM outbox WHERE bytes IS NOT NULL")" 0 \
	"outbox --show saves nothing"

done_testing
