# SPDX-License-Identifier: MIT
# compendiumd sends the receipts (SPEC §7) to a real Exim (tests/smtp)
# while reading a real Dovecot (tests/dovecot): the example mail APPENDed,
# `compendiumd --once` delivers one receipt per applied, rejected or held
# message of a registered sender, with the headers of §7 (read by
# Python's email package); SMTP down during a sync (mail applied,
# receipts queued, sent by a later run once each); a 5xx marks the
# receipt failed with the server's answer; no duplicate across runs;
# the exit status never depends on sending.  kill -9 while sending:
# tests/sh/daemon-send-kill.sh; TLS refused: tests/sh/daemon-send-tls.sh.
. "$(dirname "$0")/lib.sh"
. "$CP_SRC/tests/dovecot/daemon-lib.sh"
need
. "$CP_SRC/tests/smtp/daemon-lib.sh"
M=$CP_SRC/examples/mail


dv_start
sm_start
db_init
conf "$T/c.conf"
smtp_section 100 >>"$T/c.conf"
once() { expect_rc "$1" timeout 120 "$D" -c "$T/c.conf" --once; }

# -- the example mail: one receipt per message of a focal point --
"$FX/append" -q "$DV" "$M"/*.eml
once 1 # 14 is rejected: that, not sending, makes the status
cp "$T/err" "$T/first.err"
expect_in "$T/first.err" "sending"
expect_eq "$(n_out queued)" 0 "nothing left queued"
expect_eq "$(n_out failed)" 0 "nothing failed"
nsent=$(n_out sent)
wait_until 20 mail_is "$nsent" || not_ok "receipts delivered: $(n_mail) of $nsent"
# who should hear back: applied, rejected and held messages whose sender
# is a registered focal point
C messages >"$T/msgs"
C focal-point list >"$T/fps" 2>/dev/null || true
python3 - "$DB" "$SMAILDIR/new" <<'PY' || not_ok "the receipts delivered"
import email, email.policy, os, sqlite3, sys
db, new = sys.argv[1:3]
con = sqlite3.connect(db)
focal = {a.lower() for (a,) in con.execute("SELECT address FROM focal_point")}
want = {}
for mid, sender, status, row in con.execute(
        "SELECT message_id, sender, status, id FROM message"):
    if status in ("applied", "rejected", "held") and sender and \
            sender.lower() in focal:
        want[mid] = (sender, status)
got = {}
problems = []
first = {"applied": "Applied.", "rejected": "Rejected: nothing was changed.",
         "held": "Held for review by the maintainers."}
out = {r[0]: r[1:] for r in con.execute(
    "SELECT o.message_id, o.kind, o.recipient FROM outbox o")}
for name in os.listdir(new):
    m = email.message_from_bytes(open(os.path.join(new, name), "rb").read(),
                                 policy=email.policy.default)
    orig = m["In-Reply-To"].strip("<>")
    if orig in got:
        problems.append("two receipts for %s" % orig)
    got[orig] = m
    rid = m["Message-ID"].strip("<>")
    if rid not in out:
        problems.append("%s: not in the outbox" % rid)
        continue
    kind, rcpt = out[rid]
    sender, status = want.get(orig, (None, None))
    if status != kind:
        problems.append("%s: kind %s, message %s" % (orig, kind, status))
    checks = {"To": (m["To"], sender), "kind": (kind, status),
              "From": (m["From"], "UN Compendium <compendium@un.example>"),
              "Auto-Submitted": (m["Auto-Submitted"], "auto-replied"),
              "first line": (m.get_content().split("\n")[0],
                             first.get(status))}
    for what, (g, w) in checks.items():
        if g != w:
            problems.append("%s: %s %r, want %r" % (orig, what, g, w))
    if not m["Subject"].startswith("Re: ") or \
            not m["References"].endswith("<%s>" % orig):
        problems.append("%s: Subject %r References %r" % (
            orig, m["Subject"], m["References"]))
for mid in want:
    if mid not in got:
        problems.append("no receipt for %s" % mid)
if len(want) < 15:
    problems.append("only %d messages of focal points" % len(want))
if problems:
    sys.exit("\n".join(problems))
PY
# the bytes sent are saved: --show prints them, as delivered
expect_eq "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM outbox WHERE bytes IS NULL AND status = '"'sent'"'").fetchone()[0])' "$DB")" \
	0 "every receipt sent has its bytes saved"
# a second run sends nothing again
once 0
expect_not_in "$T/err" "sending"
expect_eq "$(n_mail)" "$nsent" "no duplicate on the next run"

# mail MESSAGE-ID FROM: a message from FROM updating an entry of UNODC
mail() {
	{
		echo "From: $2"
		echo "To: compendium@un.example"
		echo "Subject: update $1"
		echo "Message-ID: <$1@unodc.example>"
		echo
		echo "Entity: UNODC"
		echo "Mandate: GA-65/230"
		echo "Areas: legal; policy"
	} >"$T/$1.eml"
	"$FX/append" -q "$DV" "$T/$1.eml"
}

# -- SMTP down during a sync: applied, queued; sent when it is back --
"$SFX/stop" "$SM"
mail down1 m.keller@unodc.example
mail down2 cybercrime@unodc.example
once 0 # the exit status does not depend on sending
expect_in "$T/err" "they stay queued"
expect_eq "$(n_msgs --status applied | tr -d ' ')" \
	"$(C messages --status applied | grep -c '^[0-9]')" "applied"
expect_eq "$(n_out queued)" 2 "two receipts queued while SMTP is down"
expect_eq "$(C outbox --json | python3 -c 'import json,sys; print(sorted({r["attempts"] for r in json.load(sys.stdin) if r["status"] == "queued"}))')" \
	"[1]" "one failed attempt each"
sm_start
# their next attempt is 30 s later: a run before it sends nothing
once 0
expect_eq "$(n_out queued)" 2 "not due before 30 s"
later=$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=31)).strftime("%Y-%m-%dT%H:%M:%SZ"))')
COMPENDIUM_NOW=$later once 0
expect_eq "$(n_out queued)" 0 "sent after SMTP came back"
wait_until 20 mail_is $((nsent + 2)) || not_ok "the two delivered: $(n_mail)"
COMPENDIUM_NOW=$later once 0
expect_eq "$(n_mail)" $((nsent + 2)) "each once"

# -- a 5xx: failed, with the server's answer --
expect_rc 0 C focal-point add UNODC refuse@unodc.example
mail refused refuse@unodc.example
COMPENDIUM_NOW=$later once 0
expect_eq "$(n_out failed)" 1 "the refused receipt failed"
expect_in "$T/err" "refused"
C outbox --json | python3 -c '
import json, sys
a = [r for r in json.load(sys.stdin) if r["status"] == "failed"]
assert a[0]["recipient"] == "refuse@unodc.example", a
assert "550" in a[0]["last_error"] and "refused by the test server" in a[0]["last_error"], a
' || not_ok "the server's answer kept"
expect_eq "$(n_mail)" $((nsent + 2)) "nothing delivered for the refused one"

# kill -9 while sending: tests/sh/daemon-send-kill.sh (20 runs).

done_testing
