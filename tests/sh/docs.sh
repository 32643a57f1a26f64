# SPDX-License-Identifier: MIT
# The manual pages render cleanly, and they, docs/CLI.md,
# docs/compendiumd.md, examples/compendium.conf and the programs' own
# --help agree on the commands, options and configuration keys
# (tests/sh/docs_agree.py says how).
. "$(dirname "$0")/lib.sh"
: "${CP_BUILD:?CP_BUILD must name the build tree}"

MAN="$CP_BUILD/docs/man"
for page in compendium.1 compendiumd.8 compendium.conf.5; do
	if [ -s "$MAN/$page" ]; then ok; else not_ok "$MAN/$page not built"; fi
	# man(1) as a reader runs it: groff's warnings (a bad macro, a line
	# that cannot be broken, ...) on standard error.
	w=$(MANWIDTH=80 man --warnings -l "$MAN/$page" 2>&1 >/dev/null)
	expect_eq "$w" "" "man --warnings -l $page"
	MANWIDTH=80 man -l "$MAN/$page" >"$T/$page.txt" 2>/dev/null
	expect_in "$T/$page.txt" "compendium $("$COMPENDIUM" --version | cut -d' ' -f2)"
	expect_not_in "$T/$page.txt" "@VERSION@"
done
expect_in "$T/compendium.1.txt" "SYNOPSIS"
expect_in "$T/compendium.1.txt" "EXIT STATUS"
expect_in "$T/compendiumd.8.txt" "SIGHUP"
expect_in "$T/compendium.conf.5.txt" "password_command = COMMAND"

if python3 "$CP_SRC/tests/sh/docs_agree.py" "$COMPENDIUM" \
	"$CP_BUILD/compendiumd" "$CP_SRC" "$MAN" >"$T/agree" 2>&1; then
	ok
else
	not_ok "the programs, manual pages and docs disagree:"
	sed 's/^/  /' "$T/agree" >&2
fi

# The example configuration is one the programs take (with its mode made
# safe: a checkout may leave it group-writable).
install -m 0600 "$CP_SRC/examples/compendium.conf" "$T/compendium.conf"
expect_rc 0 "$COMPENDIUM" -c "$T/compendium.conf" --db "$T/c.db" init

done_testing
