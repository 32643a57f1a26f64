# SPDX-License-Identifier: MIT
# --version of both programs (the CMake project version) and `compendium
# help [COMMAND]`: the list of commands; a command's usage when piped.
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

done_testing
