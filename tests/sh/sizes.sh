# SPDX-License-Identifier: MIT
# Sizes and limits (SPEC §1, §5): a message's size is counted with CRLF
# line ends, as IMAP counts it (RFC822.SIZE), so that `compendium ingest`
# and the daemon agree on every limit (tests/sh/daemon-sizes.sh checks
# them against each other); a message over the limit is stored rejected
# from its header block, with the limit named, and the next one is read;
# memory stays bounded whatever the size of a file or of standard input.
#
# The files over the limits are made here: the one of 10 MiB in $T, the
# one of 1.1 GB as a sparse file (no disk space) and through a pipe.
. "$(dirname "$0")/lib.sh"

DB=$T/c.db
C() { "$COMPENDIUM" --db "$DB" "$@"; }
TIME=/usr/bin/time
MAX_RSS_KB=65536 # peak RSS allowed while ingesting 1.1 GB: 64 MiB
BIG=1100000000   # bytes of zeros in the big message (sparse)

# A database with the example entities, copied for each run.
C init >/dev/null &&
	COMPENDIUM=$COMPENDIUM sh "$CP_SRC/examples/entities" --db "$DB" \
		>/dev/null || not_ok "database set-up"
cp "$DB" "$T/template.db"
fresh() { cp "$T/template.db" "$DB"; }
# sql QUERY: one value from the database.
sql() { sqlite3 "$DB" "$1"; }

# ingest_one FILE WANT: FILE alone in a fresh database is WANT (applied or
# rejected), exit 0 or 1.
ingest_one() {
	fresh
	if [ "$2" = applied ]; then
		expect_rc 0 C "${CONF[@]}" ingest "$1"
	else
		expect_rc 1 C "${CONF[@]}" ingest "$1"
	fi
	expect_in "$T/out" "$(basename "$1"): message 1 <"
	expect_in "$T/out" ">: $2"
}

# -- A small limit (4096): over by the CRLF count only ----------------------
printf '[limits]\nmax_message_size = 4096\n' >"$T/small.conf"
CONF=(-c "$T/small.conf")
gen_sized "$T/lf-over.eml" lf-over lf 4097
gen_sized "$T/crlf-over.eml" crlf-over crlf 4097
gen_sized "$T/lf-at.eml" lf-at lf 4096
gen_sized "$T/crlf-at.eml" crlf-at crlf 4096
expect_eq "$(($(wc -c <"$T/lf-over.eml") <= 4096))" 1 "lf-over.eml within 4096"

# LF line ends: within 4096 bytes in the file, 4,097 as IMAP counts them.
ingest_one "$T/lf-over.eml" rejected
expect_in "$T/out" "    message: 4097 bytes, over the limit of 4096 bytes (limits: max_message_size)"
expect_in "$T/out" "1 message: 0 applied, 1 rejected, 0 held, 0 duplicate"
# Stored from its header block (the file's, with its LF line ends), with
# its whole size, hashed as stored.
hb=$(sed '/^$/q' "$T/lf-over.eml" | wc -c)
expect_eq "$(sql 'SELECT size, length(raw) FROM message')" "4097|$hb" \
	"lf-over: size and stored bytes"
expect_eq "$(sql 'SELECT sha256 FROM message')" \
	"$(head -c "$hb" "$T/lf-over.eml" | sha256sum | cut -d' ' -f1)" \
	"lf-over: SHA-256 of the header block"
expect_rc 0 C messages --status rejected
expect_in "$T/out" "<lf-over@unodc.example>"
expect_in "$T/out" "4097 bytes, over the limit of 4096 bytes (limits: max_message_size)"
# Read again, it is over the limit again; with the limit raised, it
# cannot be read: only its header block was kept.
expect_rc 1 C "${CONF[@]}" reprocess 1
expect_in "$T/out" "4097 bytes, over the limit of 4096 bytes"
expect_rc 1 C reprocess 1
expect_in "$T/err" "stored from its header block only"
# The same with CRLF line ends.
ingest_one "$T/crlf-over.eml" rejected
expect_in "$T/out" "    message: 4097 bytes, over the limit of 4096 bytes (limits: max_message_size)"
# At the limit, either way: applied, stored whole with its size.
ingest_one "$T/lf-at.eml" applied
expect_eq "$(sql 'SELECT size, length(raw) FROM message')" \
	"4096|$(wc -c <"$T/lf-at.eml")" "lf-at: size and stored bytes"
ingest_one "$T/crlf-at.eml" applied
expect_eq "$(sql 'SELECT size, length(raw) FROM message')" "4096|4096" \
	"crlf-at: size and stored bytes"

# In one run, in an mbox and through standard input: the run goes on
# after the rejection; exit 1; the summary counts it.
fresh
expect_rc 1 C "${CONF[@]}" ingest "$T/lf-over.eml" "$T/lf-at.eml"
expect_in "$T/out" "2 messages: 1 applied, 1 rejected, 0 held, 0 duplicate"
{
	for m in lf-over lf-at; do
		echo "From m.keller@unodc.example Mon Jan  5 10:15:00 2026"
		sed 's/^\(>*From \)/>\1/' "$T/$m.eml"
		echo
	done
} >"$T/box"
for input in file stdin; do
	fresh
	if [ $input = file ]; then
		expect_rc 1 C "${CONF[@]}" ingest "$T/box"
		label="$T/box"
	else
		expect_rc 1 C "${CONF[@]}" ingest - <"$T/box"
		label=-
	fi
	expect_in "$T/out" "$label#1: message 1 <lf-over@unodc.example>: rejected"
	expect_in "$T/out" "    message: 4097 bytes, over the limit of 4096 bytes"
	expect_in "$T/out" "$label#2: message 2 <lf-at@unodc.example>: applied"
	expect_eq "$(sql 'SELECT group_concat(size) FROM message')" \
		"4097,4096" "mbox ($input): sizes"
done
# A pipe given as FILE is read as standard input is.
fresh
expect_rc 1 C "${CONF[@]}" ingest <(cat "$T/lf-over.eml")
expect_in "$T/out" ": message 1 <lf-over@unodc.example>: rejected"
expect_in "$T/out" "    message: 4097 bytes, over the limit of 4096 bytes"
CONF=()

# -- The default limit (10 MiB), over by the CRLF count only ---------------
gen_sized "$T/10m.eml" 10m lf 10485761
expect_eq "$(($(wc -c <"$T/10m.eml") <= 10485760))" 1 "10m.eml within 10 MiB"
ingest_one "$T/10m.eml" rejected
expect_in "$T/out" "    message: 10485761 bytes, over the limit of 10485760 bytes (limits: max_message_size)"
fresh
expect_rc 1 C ingest - <"$T/10m.eml"
expect_in "$T/out" "-: message 1 <10m@unodc.example>: rejected"
gen_sized "$T/10m.eml" 10m lf 10485760
ingest_one "$T/10m.eml" applied
rm -f "$T/10m.eml"

# -- 1.1 GB, never in memory: a sparse file, and through a pipe ------------
# bounded [piped] CMD...: CMD under $TIME (its input from piped), exit 1,
# peak RSS under the bound.
bounded() {
	local pipe=
	if [ "$1" = piped ]; then
		pipe=piped
		shift
	fi
	expect_rc 1 $pipe "$TIME" -f %M -o "$T/rss" "$@"
	rss=$(tail -n 1 "$T/rss")
	if [ "${rss:-0}" -gt 0 ] && [ "$rss" -lt "$MAX_RSS_KB" ]; then
		ok
	else
		not_ok "peak RSS ${rss:-?} KiB, over $MAX_RSS_KB: $*"
	fi
	echo "peak RSS ${rss:-?} KiB: $pipe ${*##*/}"
}
# The big message: a header block and an entry, then zeros (no line end),
# then one line.  Its size as IMAP counts it: its bytes and one per LF.
big_head() {
	gen_sized "$T/head.eml" big lf 600
	cat "$T/head.eml"
}
big_tail() { printf '\nthe end\n'; }
big_size() {
	echo $(($(big_head | wc -c) + BIG + $(big_tail | wc -c) +
		$(big_head | tr -cd '\n' | wc -c) + 2))
}
avail=$(df -Pk "$T" | awk 'NR == 2 { print $4 }')
if ! [ -x "$TIME" ]; then
	not_ok "$TIME missing (package time: scripts/deps)"
elif [ "${avail:-0}" -lt $((1200 * 1024)) ]; then
	# Sparse files take no room, but a file system without them would
	# need 1.1 GB.
	echo "SKIP: 1.1 GB messages: only ${avail:-?} KiB free in $T"
else
	big_head >"$T/big.eml"
	truncate -s $(($(wc -c <"$T/big.eml") + BIG)) "$T/big.eml"
	big_tail >>"$T/big.eml"
	for n in 1 2; do
		gen_sized "$T/n$n.eml" "after-$n" lf 2000
	done
	size=$(big_size)

	# A file, then two more in the same run.
	fresh
	bounded "$COMPENDIUM" --db "$DB" ingest "$T/big.eml" "$T/n1.eml" \
		"$T/n2.eml"
	expect_in "$T/out" "big.eml: message 1 <big@unodc.example>: rejected"
	expect_in "$T/out" "    message: $size bytes, over the limit of 10485760 bytes (limits: max_message_size)"
	expect_in "$T/out" "n1.eml: message 2 <after-1@unodc.example>: applied"
	expect_in "$T/out" "n2.eml: message 3 <after-2@unodc.example>: applied"
	expect_in "$T/out" "3 messages: 2 applied, 1 rejected, 0 held, 0 duplicate"
	hb=$(sed '/^$/q' "$T/head.eml" | wc -c)
	expect_eq "$(sql 'SELECT size, length(raw) FROM message WHERE id = 1')" \
		"$size|$hb" "big.eml: size and stored bytes"

	# Standard input: a file, and a pipe (no file at all).
	fresh
	bounded "$COMPENDIUM" --db "$DB" ingest - <"$T/big.eml"
	expect_in "$T/out" "-: message 1 <big@unodc.example>: rejected"
	expect_in "$T/out" "    message: $size bytes, over the limit"
	piped() {
		{
			big_head
			head -c "$BIG" /dev/zero
			big_tail
		} | "$@"
	}
	fresh
	bounded piped "$COMPENDIUM" --db "$DB" ingest -
	expect_in "$T/out" "    message: $size bytes, over the limit"
	rm -f "$T/big.eml"

	# An mbox with the big one between two others (sparse too).
	{
		echo "From a Mon Jan  5 10:15:00 2026"
		cat "$T/n1.eml"
		echo
		echo "From b Mon Jan  5 10:15:00 2026"
		big_head
	} >"$T/big.mbox"
	truncate -s $(($(wc -c <"$T/big.mbox") + BIG)) "$T/big.mbox"
	{
		big_tail
		echo
		echo "From c Mon Jan  5 10:15:00 2026"
		cat "$T/n2.eml"
	} >>"$T/big.mbox"
	fresh
	bounded "$COMPENDIUM" --db "$DB" ingest "$T/big.mbox"
	expect_in "$T/out" "big.mbox#1: message 1 <after-1@unodc.example>: applied"
	expect_in "$T/out" "big.mbox#2: message 2 <big@unodc.example>: rejected"
	expect_in "$T/out" "    message: $size bytes, over the limit"
	expect_in "$T/out" "big.mbox#3: message 3 <after-2@unodc.example>: applied"
	rm -f "$T/big.mbox"
fi

done_testing
