#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Malformed messages (tests/bad/): each NAME.eml must be rejected, cleanly.
# For each tests/bad/NAME.expect, in a fresh database with the entities of
# tests/cases/entities registered, `compendium ingest NAME.eml` must
#   - exit 1 (rejected), not crash: an exit status of 128 or more, or a
#     sanitizer report on standard error, is a failure;
#   - print every line of NAME.expect (fixed strings) in its output;
#   - leave the message stored: `compendium messages --status rejected`
#     lists it (its Message-ID) with the same error text.
# NAME.eml is tests/bad/NAME.eml, or, for the large inputs that are not
# committed, made here by gen_NAME (see tests/bad/README.md).
#
# tests/bad/accepted/NAME.eml are malformed messages that are applied on
# purpose (accepted deviations, tests/bad/README.md): ingest must exit 0,
# print every line of NAME.expect, and `compendium messages --status
# applied` must list the message.
#
#   COMPENDIUM=build/compendium CP_SRC=. bash tests/sh/bad.sh [NAME...]
#
# Prints `ok NAME` or `FAIL NAME` and why, then `bad: N passed, M failed`;
# exits 1 when any failed.  No network.

set -eu

: "${COMPENDIUM:?COMPENDIUM must name the compendium program}"
: "${CP_SRC:?CP_SRC must name the source directory}"
# who entity add and focal-point add are recorded as (SPEC §5)
export USER="${USER:-tester}"
BAD=$CP_SRC/tests/bad
ENTITIES=$CP_SRC/tests/cases/entities
export COMPENDIUM_NOW=2026-01-02T03:04:05Z
export TZ=UTC LC_ALL=C.UTF-8

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cp-bad.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# ---- the inputs made at test time (too large to commit)

head_fields() {
	printf 'From: Martin Keller <m.keller@unodc.example>\n'
	printf 'To: compendium@un.example\n'
	printf 'Subject: Compendium update (%s)\n' "$1"
	printf 'Date: Mon, 05 Jan 2026 10:15:00 +0000\n'
	printf 'Message-ID: <%s.bad@unodc.example>\n' "$1"
	printf 'MIME-Version: 1.0\n'
	printf 'Content-Type: text/plain; charset=us-ascii\n'
}

# 20 MiB: over the 10 MiB limit.  A valid entry, then filler prose.
gen_too_big() {
	head_fields too-big
	printf '\nEntity: UNODC\nMandate: Big-Message\nTitle: T\nSummary: S\n\n'
	head -c $((20 * 1024 * 1024)) /dev/zero | tr '\0' 'x' | fold -w 76
}

# 1,001 entries: over the limit of 1,000.
gen_too_many_entries() {
	local i
	head_fields too-many-entries
	echo
	for ((i = 1; i <= 1001; i++)); do
		printf 'Entity: UNODC\nMandate: M-%d\nTitle: Entry %d\n' "$i" "$i"
		printf 'Summary: Entry number %d.\n\n' "$i"
	done
}

# A Summary of 70 KiB on one line: over the 64 KiB limit of a value.
gen_field_70k() {
	head_fields field-70k
	printf '\nEntity: UNODC\nMandate: Big-Summary\nTitle: T\nSummary: '
	head -c $((70 * 1024)) /dev/zero | tr '\0' 's'
	printf '\n'
}

# 5,000 Received fields of about 230 bytes: a header block over 1 MiB.
gen_header_5000_lines() {
	local i
	head_fields header-5000-lines
	for ((i = 1; i <= 5000; i++)); do
		printf 'Received: from relay%d.example.net (relay%d.example.net ' \
			"$i" "$i"
		printf '[192.0.2.%d]) by mx.un.example (Postfix) with ESMTPS ' \
			$((i % 250 + 1))
		printf 'id 4Xk%07dQz for <compendium@un.example>; ' "$i"
		printf 'Mon, 05 Jan 2026 10:15:00 +0000 (UTC) filler filler\n'
	done
	printf '\nEntity: UNODC\nMandate: Many-Headers\nTitle: T\nSummary: S\n'
}

# ---- helpers

# template DB: a database with the shared entities and focal points;
# each test starts from a copy of it.
template() {
	local db=$1 code name addrs a
	"$COMPENDIUM" --db "$db" init >/dev/null
	while IFS='|' read -r code name addrs; do
		case $code in '' | '#'*) continue ;; esac
		"$COMPENDIUM" --db "$db" entity add "$code" --name "$name" \
			>/dev/null
		for a in $addrs; do
			"$COMPENDIUM" --db "$db" focal-point add "$code" "$a" \
				>/dev/null
		done
	done <"$ENTITIES"
}

newdb() {
	cp "$TMP/template.db" "$1"
}

# sanitizer_report FILE: true when FILE holds an ASan/UBSan/LSan report.
sanitizer_report() {
	grep -Eq 'ERROR: (Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer|runtime error:|SUMMARY: [A-Za-z]+Sanitizer' "$1"
}

# expect_all EXPECT OUT: every line of EXPECT is in OUT; prints the missing.
expect_all() {
	local line missing=0
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		if ! grep -Fq -- "$line" "$2"; then
			echo "    missing: $line"
			missing=1
		fi
	done <"$1"
	return "$missing"
}

# The Message-ID of a message file (first one, angle brackets kept).
msgid_of() {
	head -c 65536 "$1" | tr -d '\r' |
		sed -n 's/^[Mm]essage-[Ii][Dd]:[[:space:]]*\(<[^>]*>\).*/\1/p' |
		head -n 1
}

# check LABEL EML EXPECT WANT: WANT is rejected or applied.
check() {
	local label=$1 eml=$2 expect=$3 want=$4 db out err rc why=""
	local list msgid dir file name=${1//\//_}
	db=$TMP/$name.db
	out=$TMP/$name.out
	err=$TMP/$name.err
	list=$TMP/$name.list
	newdb "$db"
	dir=$(dirname "$eml")
	file=$(basename "$eml")
	rc=0
	(cd "$dir" && "$COMPENDIUM" --db "$db" ingest "$file") \
		>"$out" 2>"$err" || rc=$?
	if [ "$rc" -ge 128 ]; then
		why="crashed (exit status $rc)"
	elif sanitizer_report "$err"; then
		why="sanitizer report"
	elif [ "$want" = rejected ] && [ "$rc" -ne 1 ]; then
		why="exit status $rc, not 1 (rejected)"
	elif [ "$want" = applied ] && [ "$rc" -ne 0 ]; then
		why="exit status $rc, not 0 (applied)"
	elif ! grep -q ": $want" "$out"; then
		why="not $want"
	fi
	if [ -z "$why" ] && ! expect_all "$expect" "$out" >"$TMP/missing"; then
		why="error text not found in the ingest output"
	fi
	if [ -z "$why" ]; then
		rc=0
		"$COMPENDIUM" --db "$db" messages --status "$want" \
			>"$list" 2>>"$err" || rc=$?
		msgid=$(msgid_of "$eml")
		if [ "$rc" -ne 0 ]; then
			why="messages --status $want exited $rc"
		elif ! grep -Fq -- "$msgid" "$list"; then
			why="messages --status $want does not list $msgid"
		elif [ "$want" = rejected ] &&
			! expect_all "$expect" "$list" >"$TMP/missing"; then
			why="error text not stored with the message"
		elif sanitizer_report "$err"; then
			why="sanitizer report"
		fi
	fi
	if [ -z "$why" ]; then
		echo "ok $label"
		return 0
	fi
	echo "FAIL $label: $why"
	[ -s "$TMP/missing" ] && cat "$TMP/missing"
	sed 's/^/    | /' "$out" | cut -c1-300 | head -n 20
	sed 's/^/    ! /' "$err" | cut -c1-300 | head -n 20
	: >"$TMP/missing"
	return 1
}

pass=0
fail=0
: >"$TMP/missing"
template "$TMP/template.db"

run_one() {
	local name=$1 want=$2 base=$3 eml gen label=$1
	[ "$want" = applied ] && label=accepted/$name
	if [ -f "$base/$name.eml" ]; then
		eml=$base/$name.eml
	else
		gen=gen_${name//-/_}
		if ! declare -F "$gen" >/dev/null; then
			echo "FAIL $label: no $name.eml and no $gen"
			fail=$((fail + 1))
			return
		fi
		mkdir -p "$TMP/gen"
		eml=$TMP/gen/$name.eml
		"$gen" >"$eml"
	fi
	if check "$label" "$eml" "$base/$name.expect" "$want"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
	rm -f "$TMP/gen/$name.eml" "$TMP/${label//\//_}.db"
}

if [ $# -gt 0 ]; then
	for name in "$@"; do
		case $name in
		accepted/*) run_one "${name#accepted/}" applied "$BAD/accepted" ;;
		*) run_one "$name" rejected "$BAD" ;;
		esac
	done
else
	for f in "$BAD"/*.expect; do
		name=$(basename "$f" .expect)
		run_one "$name" rejected "$BAD"
	done
	for f in "$BAD"/accepted/*.expect; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .expect)
		run_one "$name" applied "$BAD/accepted"
	done
fi
echo "bad: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
