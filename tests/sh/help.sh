# SPDX-License-Identifier: MIT
# --version of both programs (the CMake project version) and `compendium
# help [COMMAND]`: the list of commands; a command's usage when piped or
# when no manual page is installed; the manual page, opened at the
# command, on a terminal when man finds it (SPEC §5, as `git help`).
. "$(dirname "$0")/lib.sh"
: "${CP_BUILD:?CP_BUILD must name the build tree}"

version=$(sed -n 's/^project(compendium VERSION \([0-9.]*\).*/\1/p' \
	"$CP_SRC/CMakeLists.txt")
expect_eq "${version:+set}" set "project(VERSION) in CMakeLists.txt"
expect_rc 0 "$COMPENDIUM" --version
expect_eq "$(cat "$T/out")" "compendium $version" "compendium --version"
expect_rc 0 "$CP_BUILD/compendiumd" --version
expect_eq "$(cat "$T/out")" "compendiumd $version" "compendiumd --version"
expect_rc 0 "$CP_BUILD/compendiumd" --help
expect_in "$T/out" "--version"

# help alone: the usage of compendium, listing every command.
expect_rc 0 "$COMPENDIUM" help
cp "$T/out" "$T/help"
expect_rc 0 "$COMPENDIUM" --help
if cmp -s "$T/out" "$T/help"; then ok; else not_ok "help differs from --help"; fi
for cmd in init entity focal-point ingest list show log diff held accept \
	reject revert messages reprocess export render help; do
	expect_in "$T/help" "  $cmd  "
done

# help COMMAND, piped: exactly what COMMAND --help prints.
for cmd in list show log entity help; do
	expect_rc 0 "$COMPENDIUM" "$cmd" --help
	cp "$T/out" "$T/usage"
	expect_rc 0 "$COMPENDIUM" help "$cmd"
	if cmp -s "$T/out" "$T/usage"; then ok; else
		not_ok "help $cmd differs from $cmd --help"
	fi
done
expect_rc 2 "$COMPENDIUM" help frobnicate
expect_in "$T/err" 'unknown command "frobnicate"'
expect_rc 2 "$COMPENDIUM" help list show

# On a terminal (script(1) gives one): the manual page when man finds it,
# opened at the command; without the page, the usage.
if command -v script >/dev/null && command -v man >/dev/null; then
	mkdir -p "$T/man/man1"
	cp "$CP_BUILD/docs/man/compendium.1" "$T/man/man1/"
	# tty COMMAND...: run on a terminal of 80 x 10, "q" typed after a
	# second (for a pager), the screen's text in $T/out.
	tty() {
		(sleep 1; printf q) | COLUMNS=80 LINES=10 TERM=xterm \
			script -qec "$*" /dev/null 2>&1 |
			sed 's/.\x08//g; s/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1b[=>]//g' |
			tr -d '\r' >"$T/out"
	}
	tty "MANPATH='$T/man' MANPAGER=cat MANWIDTH=80 '$COMPENDIUM' help list"
	expect_in "$T/out" "compendium(1)"
	expect_in "$T/out" "--withdrawn | --all"
	# less, the usual pager, starts at the command's entry.
	tty "MANPATH='$T/man' MANPAGER=less PAGER=less MANWIDTH=80 '$COMPENDIUM' help revert"
	expect_in "$T/out" "revert CHANGE [--reason TEXT]"
	expect_not_in "$T/out" "NAME"
	# No such page: the usage, as when piped.
	tty "MANPATH='$T/nowhere' '$COMPENDIUM' help list"
	expect_in "$T/out" "usage: compendium list"
	tty "PATH=/nonexistent '$COMPENDIUM' help list"
	expect_in "$T/out" "usage: compendium list"
fi

done_testing
