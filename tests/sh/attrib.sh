# SPDX-License-Identifier: MIT
# Attribution (SPEC §5): every maintainer's action is recorded with who
# did it and when.  Who: --as NAME (before or after the command), else
# [maintainer] name of the configuration, else SUDO_USER, else USER; none,
# or a bad name, is refused and changes nothing.  log shows Accepted-by,
# Reverted-by (and Reprocessed-by); entity list and focal-point list show
# who added each and when.  A database of schema version 3 (as the last
# version-3 build wrote it: tests/schema/v3.sql) is upgraded by init,
# keeping everything, and passes check.
. "$(dirname "$0")/lib.sh"

DB="$T/a.db"
MAIL=$CP_SRC/examples/mail
export COMPENDIUM_NOW=2026-04-01T10:00:00Z
# C ARGS...: compendium on $DB with no name from the environment (each
# test gives the one it means).
C() { env -u SUDO_USER -u USER "$COMPENDIUM" --db "$DB" "$@"; }
# the program's schema version (later migrations add to it)
expect_rc 0 C init
# the version this program writes (4 or later: 4 brought attribution)
CURRENT=$(sed -n 's/.*ready (schema version \([0-9]*\)).*/\1/p' "$T/out")
[ "${CURRENT:-0}" -ge 4 ] && ok || not_ok "schema version $CURRENT, not 4 or later"

# -- no name at all: refused, nothing changed --
expect_rc 1 C entity add IAEA --name "International Atomic Energy Agency"
expect_in "$T/err" "cannot tell who is acting: give --as NAME, or set [maintainer] name in"
expect_in "$T/err" "nothing done"
expect_rc 0 C entity list
expect_eq "$(cat "$T/out")" "" "a refused entity add registers nothing"

# -- --as, before and after the command --
expect_rc 0 C --as "Ana Lopes" entity add IAEA --name "International Atomic Energy Agency"
expect_rc 0 C entity add UNODC --name "Office on Drugs and Crime" --as "Bo Ek"
expect_rc 0 C entity list
expect_in "$T/out" "IAEA	International Atomic Energy Agency	0 current entries	2026-04-01T10:00:00Z	Ana Lopes"
expect_in "$T/out" "UNODC	Office on Drugs and Crime	0 current entries	2026-04-01T10:00:00Z	Bo Ek"
# a name in UTF-8 is a name
expect_rc 0 C --as "Zoë Ørsted" focal-point add IAEA e.lindqvist@iaea.example
expect_rc 0 C focal-point list IAEA
expect_eq "$(cat "$T/out")" "IAEA	e.lindqvist@iaea.example	2026-04-01T10:00:00Z	Zoë Ørsted	-" \
	"focal-point list: when and by whom, no name registered"
# the registered name is the last column, through the escaper
expect_rc 0 C --as "Ana Lopes" focal-point add IAEA r.grossi@iaea.example --name "Rafael Ħ. Ĝrossi"
expect_rc 0 C focal-point list IAEA
expect_in "$T/out" "IAEA	r.grossi@iaea.example	2026-04-01T10:00:00Z	Ana Lopes	Rafael Ħ. Ĝrossi"

# -- the login name: SUDO_USER, else USER; empty is unset --
COMPENDIUM_NOW=2026-04-02T10:00:00Z expect_rc 0 env -u SUDO_USER USER=plain \
	"$COMPENDIUM" --db "$DB" focal-point add UNODC m.keller@unodc.example
expect_rc 0 env SUDO_USER=sudoer USER=root "$COMPENDIUM" --db "$DB" \
	focal-point add UNODC cybercrime@unodc.example
expect_rc 0 env SUDO_USER= USER=plain2 "$COMPENDIUM" --db "$DB" \
	entity add ITU --name "International Telecommunication Union"
expect_rc 0 C focal-point list UNODC
expect_in "$T/out" "UNODC	m.keller@unodc.example	2026-04-02T10:00:00Z	plain"
expect_in "$T/out" "UNODC	cybercrime@unodc.example	2026-04-01T10:00:00Z	sudoer"
expect_rc 0 C entity list
expect_in "$T/out" "ITU	International Telecommunication Union	0 current entries	2026-04-01T10:00:00Z	plain2"

# -- the configuration's [maintainer] name; precedence --
printf '[store]\ndatabase = %s\n\n[maintainer]\nname = Config Name\n' \
	"$DB" >"$T/conf"
chmod 600 "$T/conf"
expect_rc 0 env SUDO_USER=sudoer USER=plain "$COMPENDIUM" -c "$T/conf" \
	entity add FAO --name "Food and Agriculture Organization"
expect_rc 0 env SUDO_USER=sudoer USER=plain "$COMPENDIUM" -c "$T/conf" \
	--as "Given Name" entity add WFP --name "World Food Programme"
expect_rc 0 env -u SUDO_USER -u USER "$COMPENDIUM" -c "$T/conf" \
	entity add IFAD --name "International Fund for Agricultural Development"
expect_rc 0 C entity list
expect_in "$T/out" "FAO	Food and Agriculture Organization	0 current entries	2026-04-01T10:00:00Z	Config Name"
expect_in "$T/out" "WFP	World Food Programme	0 current entries	2026-04-01T10:00:00Z	Given Name"
expect_in "$T/out" "IFAD	International Fund for Agricultural Development	0 current entries	2026-04-01T10:00:00Z	Config Name"
# an empty [maintainer] name is no name: the login name is used
printf '[store]\ndatabase = %s\n[maintainer]\nname =\n' "$DB" >"$T/conf"
expect_rc 0 env -u SUDO_USER USER=plain "$COMPENDIUM" -c "$T/conf" \
	focal-point add FAO p.bianchi@fao.example
expect_rc 0 C focal-point list FAO
expect_in "$T/out" "p.bianchi@fao.example	2026-04-01T10:00:00Z	plain"

# -- bad names: refused with the reason, nothing changed --
bad_as() { # bad_as NAME REASON
	expect_rc 2 C --as "$1" entity add OHCHR --name "Human Rights"
	expect_in "$T/err" "$2"
}
bad_as "" "--as \"\": empty"
bad_as "two
lines" "holds a control character"
bad_as "a	tab" "holds a control character"
bad_as "esc$(printf '\033')[31m" "holds a control character"
bad_as "$(printf 'del\177')" "holds a control character"
bad_as "$(printf 'c1\302\233x')" "holds a control character"
bad_as "$(printf 'rtl\342\200\256x')" "holds a bidirectional override"
bad_as "$(printf 'bad\377utf8')" "not UTF-8"
bad_as " lead" "begins or ends with a space"
bad_as "trail " "begins or ends with a space"
bad_as "$(printf '%0101d' 0)" "longer than 100 bytes"
expect_rc 0 C --as "$(printf '%0100d' 0)" entity add WIPO --name "WIPO"
# the escaper shows the bad name harmlessly
bad_as "esc$(printf '\033')" 'esc\x1b'
expect_not_in "$T/err" "$(printf '\033')"
# a bad --as is bad usage for a command that records nothing, too
expect_rc 2 C log --as ""
expect_in "$T/err" "--as \"\": empty"
expect_rc 1 env -u SUDO_USER USER="$(printf 'a\nb')" "$COMPENDIUM" \
	--db "$DB" entity add OHCHR --name "Human Rights"
expect_in "$T/err" "USER \"a"
expect_in "$T/err" "is not a maintainer's name: holds a control character"
expect_rc 1 env SUDO_USER=" x" USER=plain "$COMPENDIUM" --db "$DB" \
	entity add OHCHR --name "Human Rights"
expect_in "$T/err" "SUDO_USER \" x\" is not a maintainer's name"
printf '[store]\ndatabase = %s\n[maintainer]\nname = a\tb\n' "$DB" >"$T/conf"
expect_rc 1 env USER=plain "$COMPENDIUM" -c "$T/conf" entity add OHCHR \
	--name "Human Rights"
expect_in "$T/err" "conf:4: [maintainer] name: holds a control character"
printf '[maintainer]\nnom = x\n' >"$T/conf"
expect_rc 1 env USER=plain "$COMPENDIUM" -c "$T/conf" --db "$DB" entity list
expect_in "$T/err" "conf:2: unknown key \"nom\" in section [maintainer]"
expect_rc 0 C entity list
expect_not_in "$T/out" "OHCHR"

# -- accept, revert, reprocess and reject are recorded; log shows who --
expect_rc 0 C ingest "$MAIL/07-iaea-computer-security.eml" \
	"$MAIL/19-held-iaea-unregistered-sender.eml"
sed 's/^Message-ID: <20260304132752.GA/Message-ID: <20260304132752.GB/' \
	"$MAIL/19-held-iaea-unregistered-sender.eml" >"$T/19b.eml"
sed 's/^Message-ID: <20260304132752.GA/Message-ID: <20260304132752.GC/' \
	"$MAIL/19-held-iaea-unregistered-sender.eml" >"$T/19c.eml"
expect_rc 0 C ingest "$T/19b.eml" "$T/19c.eml"
expect_rc 0 C held
expect_eq "$(cut -f1 "$T/out" | grep -c '^[0-9]')" 3 "three held"
# no name: accept refused, the message still held
expect_rc 1 C accept 2
expect_in "$T/err" "cannot tell who is acting"
expect_rc 0 C held
expect_in "$T/out" "2	2026-04-01T10:00:00Z"
expect_rc 0 C accept 2 --as "Ana Lopes"
expect_in "$T/out" "applied: change 2"
COMPENDIUM_NOW=2026-04-03T10:00:00Z expect_rc 0 C --as "Bo Ek" revert 2 \
	--reason "not yet"
expect_in "$T/out" "change 3 makes IAEA/NSS-17"
expect_rc 0 C --as "Cy" focal-point add IAEA t.novak@iaea.example
expect_rc 0 C reprocess 3 --as "Dee"
expect_in "$T/out" "applied: change 4"
expect_rc 0 C reject 4 --as "Eve" --reason "a copy"
expect_rc 0 C log
awk '/^change /{n=$2} n==2' "$T/out" >"$T/c2"
awk '/^change /{n=$2} n==3' "$T/out" >"$T/c3"
awk '/^change /{n=$2} n==4' "$T/out" >"$T/c4"
awk '/^change /{n=$2} n==1' "$T/out" >"$T/c1"
expect_in "$T/c2" "    Accepted-by: Ana Lopes"
expect_in "$T/c3" "    Reverted-by: Bo Ek"
expect_in "$T/c3" "    Reason:     not yet"
expect_in "$T/c4" "    Reprocessed-by: Dee"
expect_not_in "$T/c1" "-by:" # mail as it arrived names no maintainer
expect_not_in "$T/c2" "Reverted-by"
# the line sits in the paragraph, before the diff of -p
expect_rc 0 C log -p --entity IAEA
expect_eq "$(awk '/^change 2 /{p=1} p && /Accepted-by|^$/{print; exit}' "$T/out")" \
	"    Accepted-by: Ana Lopes" "Accepted-by before the blank line of -p"
# ingest records nobody, even with --as
expect_rc 0 C --as "Fay" ingest "$MAIL/01-unodc-three-mandates.eml"
expect_rc 0 C log --entity UNODC
expect_not_in "$T/out" "-by:"
expect_not_in "$T/out" "Fay"
if command -v sqlite3 >/dev/null; then
	sqlite3 "$DB" "SELECT kind, actor, at, coalesce(message, '-'),
		coalesce(change, '-'), coalesce(detail, '-')
		FROM action WHERE kind IN ('accept', 'reject', 'reprocess',
		'revert') ORDER BY id" >"$T/actions"
	expect_eq "$(cat "$T/actions")" "accept|Ana Lopes|2026-04-01T10:00:00Z|2|-|-
revert|Bo Ek|2026-04-03T10:00:00Z|-|2|-
reprocess|Dee|2026-04-01T10:00:00Z|3|-|-
reject|Eve|2026-04-01T10:00:00Z|4|-|a copy" "the actions on messages and changes"
	expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM action WHERE actor
		= 'Fay'")" 0 "ingest records no action"
	# a removed focal point is gone from its table, its removal kept
	expect_rc 0 C --as "Gus" focal-point remove FAO p.bianchi@fao.example
	expect_eq "$(sqlite3 "$DB" "SELECT actor, detail FROM action WHERE
		kind = 'focal-point-remove'")" "Gus|FAO p.bianchi@fao.example" \
		"focal-point remove recorded"
	# the detail names the entity as registered, the address lower-case
	expect_rc 0 C --as "Gus" focal-point add itu K.Mensah@ITU.example
	expect_rc 0 C --as "Gus" focal-point remove Itu k.mensah@itu.EXAMPLE
	expect_eq "$(sqlite3 "$DB" "SELECT kind, detail FROM action WHERE
		detail LIKE 'ITU %' ORDER BY id")" \
		"focal-point-add|ITU k.mensah@itu.example
focal-point-remove|ITU k.mensah@itu.example" "the focal point's detail"
	expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM action WHERE kind IN
		('entity-add', 'focal-point-add')")" 14 \
		"each entity and focal point added is recorded"
fi
expect_rc 0 C check

# -- a database of schema version 3, upgraded --
if ! command -v sqlite3 >/dev/null; then
	echo "attrib: the upgrade from version 3 skipped (no sqlite3 command)"
	done_testing
	exit
fi
V3="$T/v3.db"
sqlite3 "$V3" <"$CP_SRC/tests/schema/v3.sql"
expect_eq "$(sqlite3 "$V3" 'PRAGMA user_version')" 3 "the fixture is version 3"
tables="entity focal_point message entry revision imap_state"
for t in $tables; do
	sqlite3 "$V3" "SELECT * FROM $t ORDER BY rowid" >"$T/before.$t"
done
# the commands refuse it until init upgrades it
expect_rc 1 C --db "$V3" log
expect_in "$T/err" "older schema (version 3"
expect_rc 0 C --db "$V3" init
expect_in "$T/out" "schema version $CURRENT"
expect_eq "$(sqlite3 "$V3" 'PRAGMA user_version')" "$CURRENT" "upgraded to the current version"
# every row kept as it was; the new columns (last) empty
for t in $tables; do
	sqlite3 "$V3" "SELECT * FROM $t ORDER BY rowid" >"$T/after.$t"
	# the new columns are last and empty: compare without them
	case $t in
	entity | focal_point | revision)
		sed -i -E 's/\|+$//' "$T/before.$t" "$T/after.$t"
		;;
	esac
	if cmp -s "$T/before.$t" "$T/after.$t"; then ok; else
		not_ok "table $t changed by the upgrade"
		diff "$T/before.$t" "$T/after.$t" >&2
	fi
done
expect_rc 0 C --db "$V3" check
expect_in "$T/out" "4 entries, 6 changes, 6 messages"
# what was done before was not recorded: no -by: line, (unknown) in lists
expect_rc 0 C --db "$V3" log
expect_in "$T/out" "Action:     revert of change 5"
expect_not_in "$T/out" "-by:"
expect_rc 0 C --db "$V3" entity list
expect_in "$T/out" "IAEA	International Atomic Energy Agency	1 current entries	2026-03-01T09:00:00Z	(unknown)"
expect_rc 0 C --db "$V3" focal-point list IAEA
expect_eq "$(cat "$T/out")" "IAEA	e.lindqvist@iaea.example	2026-03-01T09:00:00Z	(unknown)	-" \
	"an old focal point: who added it is unknown"
# what is done now is
expect_rc 0 C --db "$V3" --as "Ana Lopes" accept 5
expect_in "$T/out" "applied: change 7"
expect_rc 0 C --db "$V3" --as "Bo Ek" revert 7
expect_rc 0 C --db "$V3" --as "Cy" reject 6
expect_rc 0 C --db "$V3" --as "Cy" entity add UNFPA --name "Population Fund"
expect_rc 0 C --db "$V3" log
awk '/^change /{n=$2} n==7' "$T/out" >"$T/c7"
awk '/^change /{n=$2} n==8' "$T/out" >"$T/c8"
awk '/^change /{n=$2} n==5' "$T/out" >"$T/c5"
expect_in "$T/c7" "    Accepted-by: Ana Lopes"
expect_in "$T/c8" "    Reverted-by: Bo Ek"
expect_not_in "$T/c5" "-by:" # accepted before version 4
expect_rc 0 C --db "$V3" entity list
expect_in "$T/out" "UNFPA	Population Fund	0 current entries	2026-04-01T10:00:00Z	Cy"
expect_rc 0 C --db "$V3" check
expect_in "$T/out" "4 entries, 8 changes, 6 messages"
# init again changes nothing
expect_rc 0 C --db "$V3" init
expect_rc 0 C --db "$V3" check

done_testing
