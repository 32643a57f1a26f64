#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The case tests: real mail (tests/cases/NAME/input.eml, made by
# tests/make-cases with mutt and Python's email package) against the
# result written by hand from SPEC section 1 (tests/cases/NAME/expected).
#
# For each case, in a fresh database of its own:
#   - the entities and focal points of tests/cases/entities are registered
#     (lines CODE|Name|address address...);
#   - tests/cases/NAME/before/*.eml, if any, are ingested in name order
#     (their output is not compared);
#   - `compendium ingest input.eml` is run from inside the case folder, so
#     the label it prints is input.eml;
#   - for each line CODE/MANDATE of tests/cases/NAME/show, a line
#     `--- show CODE/MANDATE` and the output of `compendium show --json`;
#   - for each line of tests/cases/NAME/commands (optional), a line
#     `--- ARGS` and the output of `compendium ARGS` (ARGS split on
#     blanks, no quoting);
# and the whole is compared with tests/cases/NAME/expected.
#
#   COMPENDIUM=build/compendium CP_SRC=. bash tests/sh/cases.sh [NAME...]
#
# Prints `ok NAME` or `FAIL NAME` and a unified diff per case, then
# `cases: N passed, M failed`; exits 1 when any failed.  No network.

set -eu

: "${COMPENDIUM:?COMPENDIUM must name the compendium program}"
: "${CP_SRC:?CP_SRC must name the source directory}"
# who entity add and focal-point add are recorded as (SPEC §5)
export USER="${USER:-tester}"
CASES=$CP_SRC/tests/cases
export COMPENDIUM_NOW=2026-01-02T03:04:05Z
export TZ=UTC LC_ALL=C.UTF-8

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cp-cases.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# template DB: a new database with the shared entities and their focal
# points; each case starts from a copy of it.
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
	done <"$CASES/entities"
}

# run NAME OUT: everything the case compares, into OUT.
run() {
	local name=$1 out=$2 dir=$CASES/$1 db f line rc
	db=$TMP/$name.db
	cp "$TMP/template.db" "$db"
	if [ -d "$dir/before" ]; then
		for f in "$dir"/before/*.eml; do
			[ -e "$f" ] || continue
			"$COMPENDIUM" --db "$db" ingest "$f" >/dev/null 2>&1 ||
				echo "(before/${f##*/}: ingest exited $?)"
		done
	fi >"$out"
	# A crash (exit status 128 or more) is written into the output, so
	# that it never matches, even when everything was printed before it.
	rc=0
	(cd "$dir" && "$COMPENDIUM" --db "$db" ingest input.eml 2>&1) \
		>>"$out" || rc=$?
	[ "$rc" -lt 128 ] || echo "(ingest crashed: exit status $rc)" >>"$out"
	if [ -f "$dir/show" ]; then
		while IFS= read -r line; do
			[ -n "$line" ] || continue
			echo "--- show $line"
			"$COMPENDIUM" --db "$db" show --json "$line" 2>&1 ||
				echo "(exit $?)"
		done <"$dir/show" >>"$out"
	fi
	if [ -f "$dir/commands" ]; then
		while IFS= read -r line; do
			[ -n "$line" ] || continue
			echo "--- $line"
			# shellcheck disable=SC2086 # ARGS split on blanks
			"$COMPENDIUM" --db "$db" $line 2>&1 || echo "(exit $?)"
		done <"$dir/commands" >>"$out"
	fi
}

template "$TMP/template.db"
pass=0
fail=0
if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	for d in "$CASES"/*/; do
		[ -f "$d/input.eml" ] && names+=("$(basename "$d")")
	done
fi
for name in "${names[@]}"; do
	out=$TMP/$name.out
	if ! [ -f "$CASES/$name/input.eml" ]; then
		echo "FAIL $name (no such case)"
		fail=$((fail + 1))
		continue
	fi
	run "$name" "$out"
	if [ -f "$CASES/$name/expected" ] &&
		diff -u --label "$name/expected" --label "$name/actual" \
			"$CASES/$name/expected" "$out" >"$TMP/diff"; then
		echo "ok $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name"
		if [ -f "$CASES/$name/expected" ]; then
			cat "$TMP/diff"
		else
			echo "(no expected file; the output was:)"
			cat "$out"
		fi
		fail=$((fail + 1))
	fi
done
echo "cases: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
