# SPDX-License-Identifier: MIT
# SPEC §5: `--json` on log (also with -p: the diff as data), diff and
# message ID: one JSON array of objects, every object with every key
# (docs/CLI.md, "JSON"), the values those of the text output, [] when
# there is nothing; hostile text comes back exactly, a byte that is not
# UTF-8 as U+FFFD, and on a terminal the output is ASCII.
. "$(dirname "$0")/lib.sh"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
example_db "$DB"

# check FILE KEYS [PYTHON]: FILE is one JSON array of objects that each
# have exactly KEYS (space-separated, in that order; "*": any); then the expression
# PYTHON (of d, the array; DIFF, the keys of a difference) holds.
check() {
	if python3 - "$1" "$2" "${3:-True}" 2>"$T/jerr" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
d = json.loads(text)
keys = sys.argv[2].split()
assert isinstance(d, list), "not an array"
for o in d:
    assert keys == ["*"] or list(o) == keys, "keys %s, want %s" % (list(o), keys)
DIFF = ["field", "old", "new", "removed", "added", "reordered", "words"]
def diff_ok(a):
    """Each difference has every key, the types as documented, and its
    word pieces give old and new."""
    for e in a:
        assert list(e) == DIFF, list(e)
        assert isinstance(e["reordered"], bool)
        if e["words"] is not None:
            old = "".join(w["text"] for w in e["words"] if w["op"] != "added")
            new = "".join(w["text"] for w in e["words"] if w["op"] != "removed")
            assert all(list(w) == ["op", "text"] for w in e["words"])
            if not isinstance(e["new"], list):
                assert old == (e["old"] or "") and new == (e["new"] or ""), e
    return True
assert eval(sys.argv[3]), sys.argv[3]
PY
	then ok; else
		not_ok "$(basename "$1"): JSON check failed: $2 / ${3:-}"
		sed 's/^/  | /' "$T/jerr" "$1" | head -20 >&2
	fi
}
LOG="change time sender message_id entity mandate version status action"
LOG="$LOG reverts reason by by_action"
MSGS="id received status sender message_id subject errors warnings"
MSGS="$MSGS held_reason duplicate_of unchanged"
MSG="$MSGS header_only actions parts entries errors_now warnings_now"
MSG="$MSG would_change"
DIFF="field old new removed added reordered words"

# ---- log --json: the changes of the text, with every option ----
# the text's paragraphs as the objects they must be (keys as --json's)
text_log() {
	python3 - "$1" >"$T/want" <<'PY'
import json, re, sys
out, cur = [], None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    m = re.match(r"change (\d+) (\S+)$", line)
    if m:
        cur = {"change": int(m[1]), "time": m[2], "reason": None,
               "by": None, "by_action": None}
        out.append(cur)
        continue
    m = re.match(r"    ([A-Za-z-]+):\s+(.*)$", line)
    if not m or cur is None:
        continue
    k, v = m[1], m[2]
    if k == "Sender":
        cur["sender"] = None if v == "(maintainer)" else v
    elif k == "Message-ID":
        cur["message_id"] = None if v == "(none)" else v[1:-1]
    elif k == "Entry":
        e = re.match(r"(\S+?)/(\S+) \(version (\d+)\)$", v)
        cur["entity"], cur["mandate"], cur["version"] = e[1], e[2], int(e[3])
    elif k == "Action":
        r = re.match(r"revert of change (\d+)$", v)
        cur["action"] = "revert" if r else v
        cur["reverts"] = int(r[1]) if r else None
    elif k == "Reason":
        cur["reason"] = v
    elif k.endswith("-by"):
        cur["by"] = v
        cur["by_action"] = {"Accepted-by": "accept", "Reverted-by": "revert",
                            "Reprocessed-by": "reprocess"}[k]
json.dump(out, sys.stdout)
PY
}
# same_as_text ARGS...: `log ARGS --json` has the changes of `log ARGS`,
# each with the values its paragraph shows (and, with -p, its diff)
same_as_text() {
	local keys=$LOG
	case " $* " in *" -p "*) keys="$LOG diff" ;; esac
	expect_rc 0 C log "$@"
	text_log "$T/out"
	expect_rc 0 C log "$@" --json
	check "$T/out" "$keys" "[{k: o[k] for k in w} for o, w in \
zip(d, json.load(open('$T/want')))] == json.load(open('$T/want')) and \
len(d) == len(json.load(open('$T/want'))) > 0"
}
same_as_text
same_as_text -n 3
same_as_text UNODC
same_as_text UNODC/CCPCJ-22/8 ITU
same_as_text --entity ITU --since 2026-03-10
same_as_text --until 2026-03-05
same_as_text --sender k.mensah@itu.example
same_as_text --grep "added"
same_as_text -p -n 5
# -p: the fields of each diff are those the text names, in its order
expect_rc 0 C log -p
python3 - "$T/out" >"$T/want" <<'PY'
import json, re, sys
out = []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("change "):
        out.append([])
    m = re.match(r"    (Status): |    ([A-Za-z]+)( \(order changed\))?:$", line)
    if m:
        name = m[1] or m[2]
        out[-1].append({"URL": "urls"}.get(name, name.lower()))
json.dump(out, sys.stdout)
PY
expect_rc 0 C log -p --json
check "$T/out" "$LOG diff" "[[e['field'] for e in o['diff']] for o in d] \
== json.load(open('$T/want'))"
expect_rc 0 C log --json
check "$T/out" "$LOG" "all(o['status'] in ('current', 'withdrawn') and \
o['action'] in ('new', 'update', 'withdraw', 'revert') and \
type(o['change']) is int and type(o['version']) is int for o in d)"
check "$T/out" "$LOG" "[o['change'] for o in d] == \
sorted([o['change'] for o in d], reverse=True)"
check "$T/out" "$LOG" "any(o['status'] == 'withdrawn' and \
o['action'] == 'withdraw' for o in d)"
expect_eq "$(head -n 1 "$T/out")" "[" "the array's first line"
expect_rc 0 C log --grep "no such reason at all" --json
expect_eq "$(cat "$T/out")" "[]" "log --json, nothing found"
expect_rc 0 C log --grep "no such reason at all" -p --json
expect_eq "$(cat "$T/out")" "[]" "log -p --json, nothing found"
expect_rc 2 C log --oneline --json
expect_in "$T/err" "--oneline and --json: give one of them"
expect_eq "$(cat "$T/out")" "" "log --oneline --json: stdout"
expect_rc 1 C log NOPE --json
expect_in "$T/err" 'unknown entity "NOPE"'
expect_eq "$(cat "$T/out")" "" "log --json of an unknown entity: stdout"

# -p: every change with its diff; a first version from nothing
expect_rc 0 C log -p --json
check "$T/out" "$LOG diff" "all(diff_ok(o['diff']) and o['diff'] for o in d)"
check "$T/out" "$LOG diff" "all(o['diff'][0]['field'] == 'status' and \
o['diff'][0]['old'] is None and o['diff'][0]['new'] == 'current' \
for o in d if o['action'] == 'new')"
check "$T/out" "$LOG diff" "[e for o in d if o['action'] == 'withdraw' \
for e in o['diff']] == [{'field': 'status', 'old': 'current', \
'new': 'withdrawn', 'removed': None, 'added': None, 'reordered': False, \
'words': None}]"

# ---- the diff of a word, a list item added and removed, a reorder ----
expect_rc 0 C --as Ana entity add TST --name Test
expect_rc 0 C --as Ana focal-point add TST t@tst.example
# mail N ENTRY-LINES: message N of t@tst.example, on day N of April
mail() {
	{
		printf 'From: T <t@tst.example>\nTo: compendium@un.example\n'
		printf 'Subject: m%s\nDate: Mon, 06 Apr 2026 10:00:00 +0000\n' "$1"
		printf 'Message-ID: <m%s@tst.example>\n' "$1"
		printf 'Content-Type: text/plain; charset=utf-8\n\n'
		printf 'Entity: TST\nMandate: M-1\n%s\n' "$2"
	} >"$T/m$1.eml"
	COMPENDIUM_NOW=2026-04-0$1T10:00:00Z expect_rc 0 C ingest "$T/m$1.eml"
}
mail 1 "$(printf 'Title: T\nSummary: alpha beta gamma\nThemes: a; b; c')"
mail 2 "Summary: alpha delta gamma"
mail 3 "Themes: a; c; d"
mail 4 "Themes: d; c; a"
expect_rc 0 C log TST/M-1 -p --json
check "$T/out" "$LOG diff" "len(d) == 4 and all(diff_ok(o['diff']) for o in d)"
# newest first: the reorder, the list, the word
check "$T/out" "$LOG diff" "d[2]['diff'] == [{'field': 'summary', \
'old': 'alpha beta gamma', 'new': 'alpha delta gamma', 'removed': None, \
'added': None, 'reordered': False, 'words': [\
{'op': 'same', 'text': 'alpha '}, {'op': 'removed', 'text': 'beta'}, \
{'op': 'added', 'text': 'delta'}, {'op': 'same', 'text': ' gamma'}]}]"
check "$T/out" "$LOG diff" "d[1]['diff'] == [{'field': 'themes', \
'old': ['a', 'b', 'c'], 'new': ['a', 'c', 'd'], 'removed': ['b'], \
'added': ['d'], 'reordered': False, 'words': None}]"
check "$T/out" "$LOG diff" "d[0]['diff'] == [{'field': 'themes', \
'old': ['a', 'c', 'd'], 'new': ['d', 'c', 'a'], 'removed': [], \
'added': [], 'reordered': True, 'words': None}]"
check "$T/out" "$LOG diff" "[e['field'] for e in d[3]['diff']] == \
['status', 'title', 'themes', 'summary'] and d[3]['action'] == 'new' \
and d[3]['diff'][2]['added'] == ['a', 'b', 'c'] and \
d[3]['diff'][2]['old'] is None and d[3]['diff'][1]['new'] == 'T'"
cp "$T/out" "$T/log-tst"

# ---- diff --json: the same differences ----
expect_rc 0 C diff TST/M-1 1 2 --json
check "$T/out" "$DIFF" "d == json.load(open('$T/log-tst'))[2]['diff']"
expect_rc 0 C diff TST/M-1 2 3 --json
check "$T/out" "$DIFF" "d == json.load(open('$T/log-tst'))[1]['diff']"
expect_rc 0 C diff TST/M-1 --json # the latest with the one before
check "$T/out" "$DIFF" "d == json.load(open('$T/log-tst'))[0]['diff']"
expect_rc 0 C diff TST/M-1 0 1 --json
check "$T/out" "$DIFF" "d == json.load(open('$T/log-tst'))[3]['diff']"
expect_rc 0 C diff TST/M-1 3 1 --json # backwards
check "$T/out" "$DIFF" "d[0]['field'] == 'themes' and d[0]['removed'] == ['d'] \
and d[0]['added'] == ['b'] and d[1]['words'][1] == \
{'op': 'removed', 'text': 'delta'}"
expect_rc 0 C diff TST/M-1 2 2 --json
expect_eq "$(cat "$T/out")" "[]" "diff --json, no difference"
expect_rc 1 C diff TST/M-1 9 --json
expect_in "$T/err" "it has versions 1 to 4"
expect_eq "$(cat "$T/out")" "" "diff --json of no such version: stdout"
expect_rc 1 C diff TST/M-2 --json
expect_rc 2 C diff TST/M-1 x --json

# ---- who: accept and revert, as the text's -by lines ----
COMPENDIUM_NOW=2026-04-10T10:00:00Z expect_rc 0 C --as "Ana Lopes" accept 19
n=$(C log -n 1 --oneline | cut -f1)
COMPENDIUM_NOW=2026-04-11T10:00:00Z expect_rc 0 C --as "Bo Ek" revert "$n" \
	--reason "not yet"
same_as_text -n 2
check "$T/out" "$LOG" "d[0]['by'] == 'Bo Ek' and \
d[0]['by_action'] == 'revert' and d[0]['action'] == 'revert' and \
d[0]['reverts'] == $n and d[0]['sender'] is None and \
d[0]['message_id'] is None and d[0]['reason'] == 'not yet' and \
d[1]['by'] == 'Ana Lopes' and d[1]['by_action'] == 'accept' and \
d[1]['sender'] == 't.novak@iaea.example'"

# ---- message ID --json ----
expect_rc 0 C messages --json
cp "$T/out" "$T/msgs"
expect_rc 0 C message 19 --json
check "$T/out" "$MSG" "len(d) == 1 and \
[{k: d[0][k] for k in '$MSGS'.split()}] == \
[o for o in json.load(open('$T/msgs')) if o['id'] == 19]"
check "$T/out" "$MSG" "d[0]['actions'] == [{'at': \
'2026-04-10T10:00:00Z', 'action': 'accept', 'by': 'Ana Lopes', \
'detail': None}] and d[0]['would_change'] is None and \
d[0]['header_only'] is False"
check "$T/out" "$MSG" "[list(e) for e in d[0]['entries']] == [['part', \
'line', 'entity', 'mandate', 'action', 'title', 'instrument', 'adopted', \
'areas', 'themes', 'urls', 'summary', 'reason']] and \
d[0]['entries'][0]['themes'] == ['critical infrastructure', \
'nuclear security', 'forensics'] and d[0]['entries'][0]['title'] is None \
and d[0]['entries'][0]['line'] == 6"
# the parts and lines of the text, with their roles
expect_rc 0 C message 19
python3 - "$T/out" >"$T/want" <<'PY'
import json, re, sys
parts, inside = [], False
gut = {"  ": "entry", ". ": "prose", "> ": "quoted", "# ": "signature"}
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    m = re.match(r"text of (.*):$", line)
    if m:
        parts.append({"part": m[1], "lines": []})
        inside = True
    elif line == "":
        inside = False
    elif inside:
        m = re.match(r"(..)( *\d+)(?:  (.*))?$", line)
        role = gut[m[1]] if m[3] is not None else None
        parts[-1]["lines"].append([int(m[2]), role, m[3] or ""])
json.dump(parts, sys.stdout)
PY
expect_rc 0 C message 19 --json
check "$T/out" "$MSG" "[{'part': p['part'], 'lines': [[l['n'], \
l['role'] if l['text'] else None, l['text']] for l in p['lines']]} \
for p in d[0]['parts']] == [{'part': p['part'], 'lines': p['lines']} \
for p in json.load(open('$T/want'))] and \
all(list(l) == ['n', 'role', 'text'] for p in d[0]['parts'] \
for l in p['lines']) and d[0]['parts'][0]['lines'][1]['role'] == 'blank'"
# a held one: what accepting would do, as `accept --dry-run -p` says
sed 's/^Message-ID: <20260304132752.GA/Message-ID: <20260304132752.GX/' \
	"$CP_SRC/examples/mail/19-held-iaea-unregistered-sender.eml" >"$T/19x.eml"
expect_rc 0 C ingest "$T/19x.eml"
id=$(C held | cut -f1 | grep '^[0-9]' | tail -n 1)
expect_rc 0 C message "$id" --json
check "$T/out" "$MSG" "(w := d[0]['would_change']) and list(w) == ['if', \
'applies', 'changes', 'unchanged', 'errors', 'held_reason'] and \
w['if'] == 'accepted' and w['applies'] is True and len(w['changes']) \
== 1 and list(w['changes'][0]) == '$LOG diff'.split() and \
w['changes'][0]['entity'] == 'IAEA' and diff_ok(w['changes'][0]['diff']) \
and w['errors'] == [] and w['unchanged'] == []"
check "$T/out" "$MSG" "d[0]['actions'] == [] and d[0]['errors_now'] == [] \
and d[0]['warnings_now'] == []"
n=$(python3 -c "import json, sys; print(json.load(sys.stdin)[0]\
['would_change']['changes'][0]['change'])" <"$T/out")
expect_rc 0 C accept "$id" --dry-run
expect_in "$T/out" "change $n "
# a rejected one: what reprocessing would (not) do, the errors of now
expect_rc 0 C message 14 --json
check "$T/out" "$MSG" "d[0]['status'] == 'rejected' and \
d[0]['would_change']['if'] == 'reprocessed' and \
d[0]['would_change']['applies'] is False and \
d[0]['would_change']['changes'] == [] and \
d[0]['would_change']['errors'] == d[0]['errors_now'] == d[0]['errors'] \
and len(d[0]['errors']) == 1 and 'advocacy' in d[0]['errors'][0] and \
len(d[0]['entries']) == 2"
# an applied one: nothing it would do
expect_rc 0 C message 1 --json
check "$T/out" "$MSG" "d[0]['would_change'] is None and \
d[0]['status'] == 'applied' and len(d[0]['entries']) >= 1"
expect_rc 1 C message 999 --json
expect_eq "$(cat "$T/out")" "" "message --json of no such message: stdout"
expect_rc 2 C message 1 --raw --json
expect_in "$T/err" "--raw and --json: give one of them"
# stored from its header block only (over the size limit): not read
printf '[limits]\nmax_message_size = 4096\n' >"$T/small.conf"
gen_sized "$T/big.eml" big lf 4097
expect_rc 1 "$COMPENDIUM" -c "$T/small.conf" --db "$DB" ingest "$T/big.eml"
id=$(C messages --status rejected | cut -f1 | grep '^[0-9]' | tail -n 1)
expect_rc 0 C message "$id" --json
check "$T/out" "$MSG" "d[0]['header_only'] is True and \
d[0]['status'] == 'rejected' and d[0]['parts'] == [] == d[0]['entries'] \
and d[0]['errors_now'] is None and d[0]['warnings_now'] is None and \
d[0]['would_change'] is None and d[0]['errors']"

# ---- hostile text comes back exactly ----
H=$CP_SRC/tests/hostile
C ingest "$H/terminal-applied.eml" "$H/terminal-rejected.eml" \
	"$H/terminal-held.eml" >/dev/null 2>&1
expect_rc 0 C log UNODC/TERM-1 -p --json
check "$T/out" "$LOG diff" "d[0]['reason'] == 'because \u2066 isolate' \
and [e['new'] for e in d[0]['diff'] if e['field'] == 'title'] == \
['Safe \u202egnp.exe'] and [e['added'] for e in d[0]['diff'] \
if e['field'] == 'themes'] == [['a\u2066b', 'c']]"
expect_rc 0 C messages --json
cp "$T/out" "$T/msgs"
last=$(python3 -c "import json,sys; print(json.load(sys.stdin)[-1]['id'])" \
	<"$T/msgs")
expect_rc 0 C message "$last" --json
check "$T/out" "$MSG" "[{k: d[0][k] for k in '$MSGS'.split()}] == \
json.load(open('$T/msgs'))[-1:] and '\x9b' in d[0]['subject']"
for id in $(python3 -c "import json,sys; print(*[o['id'] for o in \
json.load(sys.stdin)])" <"$T/msgs"); do
	C message "$id" --json >"$T/m.json" 2>"$T/err" ||
		not_ok "message $id --json: exit $?"
	check "$T/m.json" "$MSG"
done
# a byte that is not UTF-8 (put into the store behind its back) is U+FFFD
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE revision SET reason = CAST(X'41FF42' AS TEXT) WHERE "
           "id = (SELECT MAX(id) FROM revision)")
db.commit()
PY
expect_rc 0 C log -n 1 -p --json
check "$T/out" "$LOG diff" "d[0]['reason'] == 'A\ufffdB'"

# ---- on a terminal, ASCII only ----
for cmd in "log -p --json" "message 1 --json" "diff UNODC/TERM-1 0 --json"; do
	# shellcheck disable=SC2086 # the words of cmd
	python3 - "$T/tty" "$COMPENDIUM" --db "$DB" --no-pager $cmd <<'PY'
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
		not_ok "$cmd on a terminal is not ASCII"
	else ok; fi
	check "$T/tty" "*" "isinstance(d, list) and d"
done
expect_in "$T/tty" 'Safe \u202Egnp.exe'

done_testing
