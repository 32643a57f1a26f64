# SPDX-License-Identifier: MIT
# SPEC §5: `--json` on list, messages and held prints one JSON array of
# objects, every object with every key of its command (docs/CLI.md,
# "JSON"), null or [] when absent; nothing found is [].  Hostile text
# (quotes, backslashes, control characters, non-ASCII, bidirectional
# overrides, bytes that are not UTF-8) comes back exactly, or as U+FFFD
# for a bad byte; on a terminal the output is ASCII.
. "$(dirname "$0")/lib.sh"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
example_db "$DB"

# check FILE KEYS [PYTHON]: FILE is valid JSON (python3 -m json.tool): an
# array of objects that each have exactly KEYS (space-separated, in that
# order); then the expression PYTHON (of d, the array) holds.
check() {
	if python3 -m json.tool "$1" >/dev/null 2>"$T/jerr" &&
		python3 - "$1" "$2" "${3:-True}" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
keys = sys.argv[2].split()
assert isinstance(d, list), "not an array"
for o in d:
    assert list(o) == keys, "keys %s, want %s" % (list(o), keys)
assert eval(sys.argv[3]), sys.argv[3]
PY
	then ok; else
		not_ok "$(basename "$1"): JSON check failed: $2 / ${3:-}"
		sed 's/^/  | /' "$T/jerr" "$1" | head -20 >&2
	fi
}
LIST="entity mandate version status title"
MSGS="id received status sender message_id subject errors warnings"
MSGS="$MSGS held_reason duplicate_of unchanged"
HELD="id received sender subject entities held_reason"

# -- list --
expect_rc 0 C list
n=$(wc -l <"$T/out")
expect_rc 0 C list --json
check "$T/out" "$LIST" "len(d) == $n and all(o['status'] == 'current' for o in d)"
check "$T/out" "$LIST" "{'entity': 'UNODC', 'mandate': 'CCPCJ-22/8', \
'version': 2, 'status': 'current', \
'title': 'Central data repository on cybercrime'} in d"
check "$T/out" "$LIST" "all(type(o['version']) is int for o in d)"
expect_eq "$(head -n 1 "$T/out")" "[" "the array's first line"
expect_rc 0 C list --all --json
check "$T/out" "$LIST" "any(o['status'] == 'withdrawn' for o in d)"
expect_rc 0 C list UNODC --at 2026-03-01 --json
check "$T/out" "$LIST" "d and all(o['entity'] == 'UNODC' for o in d)"
expect_rc 0 C list --theme "no such theme" --json
expect_eq "$(cat "$T/out")" "[]" "list --json, nothing found"
expect_rc 1 C list NOPE --json
expect_in "$T/err" 'unknown entity "NOPE"'
expect_eq "$(cat "$T/out")" "" "list --json of an unknown entity: stdout"

# -- messages --
expect_rc 0 C messages --json
check "$T/out" "$MSGS" "len(d) == 22 and [o['id'] for o in d] == list(range(1, 23))"
check "$T/out" "$MSGS" "all(o['message_id'] and '<' not in o['message_id'] for o in d)"
check "$T/out" "$MSGS" "all(isinstance(o[k], list) for o in d for k in ('errors', 'warnings', 'unchanged'))"
check "$T/out" "$MSGS" "all(o['duplicate_of'] is None for o in d)"
expect_rc 0 C messages --status rejected --json
check "$T/out" "$MSGS" "len(d) == 1 and d[0]['status'] == 'rejected' and d[0]['errors'] and d[0]['held_reason'] is None"
expect_rc 0 C messages --status held --json
check "$T/out" "$MSGS" "len(d) == 1 and d[0]['held_reason'].endswith('is not a focal point of IAEA') and d[0]['errors'] == []"
expect_rc 0 C messages --status duplicate --json
expect_eq "$(cat "$T/out")" "[]" "messages --json, nothing found"
# a duplicate names the message it repeats
expect_rc 0 C ingest "$CP_SRC"/examples/mail/01-*.eml
expect_rc 0 C messages --status duplicate --json
check "$T/out" "$MSGS" "len(d) == 1 and d[0]['duplicate_of'] == 1"

# -- held --
expect_rc 0 C held --json
check "$T/out" "$HELD" "len(d) == 1 and d[0]['entities'] == ['IAEA'] and d[0]['sender'] == 't.novak@iaea.example'"

# -- hostile text comes back exactly --
expect_rc 0 C entity add UNODC-X --name X
expect_rc 0 C focal-point add UNODC-X q@unodc.example
python3 - "$T/q.eml" <<'PY'
import sys
title = 'He said "hi" \\ back\tslash \u00e9t\u00e9 \u4e2d\u6587 \U0001F600 \u202eevil'
msg = ("From: Q <q@unodc.example>\nTo: compendium@un.example\n"
       "Subject: =?utf-8?q?=22quoted=22_=5C_=C3=A9_=E2=80=AE?=\n"
       "Date: Mon, 05 Jan 2026 10:15:00 +0000\n"
       "Message-ID: <q\"uote@unodc.example>\nMIME-Version: 1.0\n"
       "Content-Type: text/plain; charset=utf-8\n"
       "Content-Transfer-Encoding: 8bit\n\n"
       "Entity: UNODC-X\nMandate: Q-1\nTitle: " + title + "\n"
       "Summary: s\n")
open(sys.argv[1], "w", encoding="utf-8").write(msg)
PY
expect_rc 0 C ingest "$T/q.eml"
expect_rc 0 C list UNODC-X --json
check "$T/out" "$LIST" "d[0]['title'] == 'He said \"hi\" \\\\ back\tslash \u00e9t\u00e9 \u4e2d\u6587 \U0001F600 \u202eevil'"
expect_rc 0 C messages --json
check "$T/out" "$MSGS" "d[-1]['subject'] == '\"quoted\" \\\\ \u00e9 \u202e' and d[-1]['message_id'] == 'q\"uote@unodc.example'"
H=$CP_SRC/tests/hostile
C ingest "$H/terminal-applied.eml" "$H/terminal-rejected.eml" \
	"$H/terminal-held.eml" >/dev/null 2>&1
expect_rc 0 C held --json
check "$T/out" "$HELD" "d[-1]['subject'] == 'held \x9b31m red \u202e'"
expect_rc 0 C messages --json
check "$T/out" "$MSGS" "any('\x1b[2J\x07\x7f' in e for o in d for e in o['errors'])"
# a byte that is not UTF-8 (put into the store behind its back) is
# U+FFFD, and the output still JSON
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE message SET subject = CAST(X'41FF42' AS TEXT) WHERE id = 1")
db.commit()
PY
expect_rc 0 C messages --json
check "$T/out" "$MSGS" "d[0]['subject'] == 'A\ufffdB'"

# -- on a terminal, ASCII only (no C1 control, no override reaches it) --
python3 - "$T/tty" "$COMPENDIUM" --db "$DB" messages --json <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
data = b""
while True:
    try:
        d = os.read(fd, 65536)
    except OSError:
        break
    if not d:
        break
    data += d
os.waitpid(pid, 0)
open(sys.argv[1], "wb").write(data.replace(b"\r\n", b"\n"))
PY
if LC_ALL=C grep -q '[^ -~]' <(tr -d '\n' <"$T/tty"); then
	not_ok "messages --json on a terminal is not ASCII"
else ok; fi
expect_in "$T/tty" 'red \u202E'
expect_in "$T/tty" '\u001B[2J\u0007\u007f: y'
check "$T/tty" "$MSGS" "d[-1]['subject'] == 'held \x9b31m red \u202e'"

done_testing
