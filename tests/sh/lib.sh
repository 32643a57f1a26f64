# SPDX-License-Identifier: MIT
# Helpers for the shell tests: a temporary folder, checks that count.
# COMPENDIUM (the built program) and CP_SRC (the source tree) come from
# ctest; run by hand: COMPENDIUM=build/compendium CP_SRC=. bash tests/sh/X.sh
set -u
: "${COMPENDIUM:?COMPENDIUM must name the built compendium program}"
: "${CP_SRC:?CP_SRC must name the source tree}"
T=$(mktemp -d)
# The maintainer's actions are recorded under the login name when nothing
# else names one (SPEC §5); a test environment may have none.
export USER="${USER:-tester}"
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
not_ok() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}

# expect_rc WANT CMD...: run CMD, output in $T/out and $T/err.
expect_rc() {
	want=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok
	else
		not_ok "exit $got, want $want: $*"
		sed 's/^/  stdout: /' "$T/out" >&2
		sed 's/^/  stderr: /' "$T/err" >&2
	fi
	if [ "$got" -ge 128 ] || grep -q 'Sanitizer' "$T/err"; then
		not_ok "crashed: $*"
	fi
}

# expect_in FILE TEXT: FILE holds TEXT (fixed string).
expect_in() {
	if grep -qF -- "$2" "$1"; then
		ok
	else
		not_ok "$(basename "$1") lacks: $2"
		sed 's/^/  | /' "$1" >&2
	fi
}

expect_not_in() {
	if grep -qF -- "$2" "$1"; then
		not_ok "$(basename "$1") has: $2"
		sed 's/^/  | /' "$1" >&2
	else
		ok
	fi
}

# expect_eq GOT WANT WHAT
expect_eq() {
	if [ "$1" = "$2" ]; then
		ok
	else
		not_ok "$3: got [$1], want [$2]"
	fi
}

# example_db DB: a database of the bundled examples: the entities and
# their focal points, then each example message on a day of its own from
# 2026-03-01 (COMPENDIUM_NOW, left exported at the last day), as
# tests/sh/examples.sh reads them.
example_db() {
	local day=1 f
	expect_rc 0 "$COMPENDIUM" --db "$1" init
	COMPENDIUM="$COMPENDIUM" expect_rc 0 sh "$CP_SRC/examples/entities" --db "$1"
	for f in "$CP_SRC"/examples/mail/*.eml; do
		export COMPENDIUM_NOW=$(printf '2026-03-%02dT09:00:00Z' "$day")
		"$COMPENDIUM" --db "$1" ingest "$f" >/dev/null 2>&1
		day=$((day + 1))
	done
}

done_testing() {
	echo "$(basename "$0" .sh): $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}

# json_is FILE KEY JSON: the object in FILE has KEY equal to JSON.
json_is() {
	if python3 - "$1" "$2" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d.get(sys.argv[2], "<absent>") == json.loads(sys.argv[3]) else 1)
PY
	then
		ok
	else
		not_ok "$(basename "$1"): $2 is not $3"
		sed 's/^/  | /' "$1" >&2
	fi
}

# gen_sized FILE ID EOL SIZE: a message from a focal point of UNODC (an
# entry Size-ID, then prose) of exactly SIZE bytes counted as IMAP counts
# them (CRLF line ends), written with EOL line ends: lf, crlf, or lf-cr
# (LF, and a bare CR inside each line of prose, counted one byte).
gen_sized() {
	python3 - "$@" <<'PY'
import sys
path, mid, eol, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
lines = ["From: Martin Keller <m.keller@unodc.example>",
         "To: compendium@un.example", "Subject: size %s" % mid,
         "Date: Mon, 05 Jan 2026 10:15:00 +0000",
         "Message-ID: <%s@unodc.example>" % mid, "MIME-Version: 1.0",
         "Content-Type: text/plain; charset=us-ascii", "",
         "Entity: UNODC", "Mandate: Size-%s" % mid, "Title: T",
         "Summary: S", "", "Regards,"]
have = sum(len(l) + 2 for l in lines)
n = max(0, (size - have - 2) // 76)
lines += ["x" * 74 if eol != "lf-cr" else "x" * 37 + "\r" + "x" * 36] * n
have += 76 * n
lines.append("y" * (size - have - 2))
assert sum(len(l) + 2 for l in lines) == size
nl = "\r\n" if eol == "crlf" else "\n"
with open(path, "w", newline="") as f:
    f.write("".join(l + nl for l in lines))
PY
}
