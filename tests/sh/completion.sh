# SPDX-License-Identifier: MIT
# The bash completion (completion/compendium.bash), sourced in bash and
# called as bash calls it (COMP_WORDS, COMP_CWORD): commands, each
# command's options and values, entity codes and CODE/MANDATE from the
# database of --db (or of -c's configuration), message IDs.
. "$(dirname "$0")/lib.sh"
: "${CP_BUILD:?CP_BUILD must name the build tree}"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
expect_rc 0 C init
COMPENDIUM="$COMPENDIUM" expect_rc 0 sh "$CP_SRC/examples/entities" --db "$DB"
expect_rc 1 C ingest "$CP_SRC"/examples/mail/*.eml # one is rejected

# comp FUNCTION WORD...: what FUNCTION offers for the last WORD (the
# cursor at its end), one a line, sorted, in $T/out.
comp() {
	fn=$1
	shift
	bash -c '
		. "$1" || exit 9
		fn=$2
		shift 2
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		"$fn" || exit 8
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$CP_SRC/completion/compendium.bash" "$fn" "$@" \
		2>"$T/err" | sed '/^$/d' | LC_ALL=C sort >"$T/out"
	expect_eq "$(cat "$T/err")" "" "completion of [$*]: stderr"
}
P=$COMPENDIUM
# offers WANT...: the last completion offered exactly these words.
offers() {
	want=
	[ $# -gt 0 ] && want=$(printf '%s\n' "$@" | LC_ALL=C sort | tr '\n' ' ')
	expect_eq "$(tr '\n' ' ' <"$T/out")" "$want" "completion offers"
}

# -- the completion is registered for both programs --
bash -c '. "$1"; complete -p compendium compendiumd' bash \
	"$CP_SRC/completion/compendium.bash" >"$T/reg" 2>&1
expect_in "$T/reg" "complete -F _compendium compendium"
expect_in "$T/reg" "complete -F _compendiumd compendiumd"

# -- commands --
comp _compendium "$P" ""
"$COMPENDIUM" help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' |
	LC_ALL=C sort >"$T/cmds"
if cmp -s "$T/out" "$T/cmds"; then ok; else
	not_ok "commands offered differ from \`compendium help\`"
	diff "$T/cmds" "$T/out" >&2
fi
expect_in "$T/out" "list"
expect_in "$T/out" "focal-point"
comp _compendium "$P" re
offers reject render reprocess revert
comp _compendium "$P" --db "$DB" li
offers list
comp _compendium "$P" help rev
offers revert

# -- options, of compendium and of each command --
comp _compendium "$P" --
offers --as --color --config --db --help --no-pager --version
comp _compendium "$P" list --
offers --all --area --as --at --color --config --db --help --json --no-pager \
	--theme --withdrawn
comp _compendium "$P" log -
offers -c -h -n -p --as --color --config --db --entity --grep --help --json --max-count --no-pager --oneline --patch --sender --since --until
comp _compendium "$P" log --until ""
offers today yesterday
comp _compendium "$P" log --oneline --since y
offers yesterday
# --color's value comes after "=" (bash splits the word there)
comp _compendium "$P" --color = ""
offers always auto never
comp _compendium "$P" --color = a
offers always auto
comp _compendium "$P" log --color = n
offers never
comp _compendium "$P" --color = never l
offers list log
comp _compendium "$P" --color l
offers list log
# --as NAME: the login name offered; its value is not the command
SUDO_USER= USER=ana comp _compendium "$P" --as ""
offers ana
comp _compendium "$P" --as bob --db "$DB" accept ""
offers 19
comp _compendium "$P" export --s
offers --stale-years
comp _compendium "$P" search -
offers -c -h -n --as --color --config --db --help --history --json --no-pager
comp _compendium "$P" search -n 5 --h
offers --help --history
comp _compendium "$P" render --format ""
offers html site pdf atom
comp _compendium "$P" messages --status h
offers held
comp _compendium "$P" list --area ca
offers capacity-building
comp _compendium "$P" list --theme x --area ""
offers capacity-building cooperation legal policy technical
# An option's value is not taken for an argument: `log -p` takes none.
comp _compendium "$P" --db "$DB" log -p --entity UNI
offers UNICEF

# -- entity codes and entries, from the database on the line --
comp _compendium "$P" --db "$DB" show UNODC/
offers UNODC/CCPCJ-22/8 UNODC/GA-65/230 UNODC/MOU-ITU-2011
comp _compendium "$P" show --db "$DB" ITU/M # withdrawn entries too
offers ITU/MOU-UNODC-2011
comp _compendium "$P" --db "$DB" log --oneline UNODC/C
offers UNODC/CCPCJ-22/8
comp _compendium "$P" --db "$DB" log -n 3 IT # entities and entries, any number
offers ITU ITU/MOU-UNODC-2011 ITU/PP-10/130 ITU/WSIS-C5 ITU/X.1205
comp _compendium "$P" --db "$DB" log ITU IF
offers IFAD IFAD/Agreement-1976
comp _compendium "$P" --db "$DB" diff W
offers WFP/GA-1714-XVI WIPO/DA-45 WorldBank/ICT-Strategy-2012
comp _compendium "$P" --db = "$DB" show UNODC/C # --db=FILE, as bash splits it
offers UNODC/CCPCJ-22/8
comp _compendium "$P" --db "$DB" list un # codes are case-insensitive
offers UN-Women UNCTAD UNDP UNHCR UNICEF UNODC
comp _compendium "$P" --db "$DB" focal-point add ""
expect_eq "$(wc -l <"$T/out")" 15 "entity codes offered"
comp _compendium "$P" --db "$DB" focal-point add UNODC ""
offers
comp _compendium "$P" --db "$DB" entity ""
offers add list
comp _compendium "$P" --db "$DB" accept ""
offers 19
comp _compendium "$P" --db "$DB" reprocess 1
offers 14 19
comp _compendium "$P" --db "$DB" message 2 # every message
offers 2 20 21 22
comp _compendium "$P" message --r
offers --raw
comp _compendium "$P" --db "$DB" revert 2 # change numbers, from log
offers 2 20 21 22 23 24 25 26 27
comp _compendium "$P" revert --
offers --as --color --config --db --dry-run --force --help --no-pager --reason
comp _compendium "$P" accept --d
offers --db --dry-run
comp _compendium "$P" held -
offers -c -h -p --as --color --config --db --help --json --no-pager
# The database of -c's configuration when there is no --db.
printf '[store]\ndatabase = %s\n' "$DB" >"$T/conf"
chmod 600 "$T/conf"
comp _compendium "$P" -c "$T/conf" show UNODC/C
offers UNODC/CCPCJ-22/8
# No database: nothing to offer, and no noise.
comp _compendium "$P" --db "$T/none.db" show ""
offers

# -- files --
comp _compendium "$P" --db "$T/c."
offers "$T/c.db"
comp _compendium "$P" --db "$DB" ingest "$T/con"
offers "$T/conf"
comp _compendium "$P" export -o "$T/con"
offers "$T/conf"

# -- compendiumd --
comp _compendiumd "$CP_BUILD/compendiumd" --
offers --config --db --help --once --syslog --verbose --version
comp _compendiumd "$CP_BUILD/compendiumd" -c "$T/co"
offers "$T/conf"

done_testing
