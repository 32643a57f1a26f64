# SPDX-License-Identifier: MIT
# bash completion for compendium(1) and compendiumd(8).
#
# Installed as share/bash-completion/completions/compendium (bash-completion
# loads it on the first TAB after `compendium`), or sourced by hand.  It
# needs nothing from bash-completion itself.
#
# What it completes is asked of the program on the command line, so that it
# never disagrees with it: the commands from `compendium help`, a
# command's options (and which take a value) from `compendium COMMAND
# --help`, the areas from the error `list --area` gives, entity codes from
# `entity list`, CODE/MANDATE from `list --all` (both for `log`), the
# words today and yesterday for `--since` and `--until`, message IDs from
# `held` and `messages` (every ID for `message`) and change numbers from
# `log` (for `revert`), read from the database that --db or -c on the
# line name (else the program's default).

# The program the line runs (~ expanded), or `compendium`.
_compendium_prog() {
	local p=${COMP_WORDS[0]}
	# shellcheck disable=SC2088 # the word as typed: its ~ is not expanded
	[[ $p == "~/"* ]] && p=$HOME/${p#"~/"}
	if [[ $p == */* ]]; then
		[[ -x $p ]] || p=compendium
	elif ! type -P -- "$p" >/dev/null; then
		p=compendium
	fi
	printf '%s\n' "$p"
}

# COMPREPLY: the words of $1 (one a line) that start with the word being
# completed; when none does, those that do with case ignored (entity codes
# are case-insensitive).
_compendium_reply() {
	local IFS=$'\n' w lc
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$_cp_cur")
	if ((${#COMPREPLY[@]} == 0)) && [[ -n $_cp_cur ]]; then
		lc=${_cp_cur,,}
		for w in $1; do
			[[ ${w,,} == "$lc"* ]] && COMPREPLY+=("$w")
		done
	fi
}

# Files; with $1 = db, not SQLite's -wal, -shm and -journal files, which
# sit beside every database and are never one.
_compendium_files() {
	local f
	compopt -o filenames 2>/dev/null
	COMPREPLY=()
	while IFS= read -r f; do
		[[ $1 == db && $f == *-@(wal|shm|journal) ]] && continue
		COMPREPLY+=("$f")
	done < <(compgen -f -- "$_cp_cur")
}

# The options usage text $1 names, one a line; with $2 = arg, only those
# that take a value (written "--opt VALUE", "-o FILE" or "--opt a|b").
_compendium_options() {
	if [[ $2 == arg ]]; then
		grep -oE -- '(^|[[ ,])--?[a-zA-Z][a-z-]*( |=)([A-Z]|[a-z]+\|)' \
			<<<"$1" |
			grep -oE -- '--?[a-zA-Z][a-z-]*'
	else
		grep -oE -- '(^|[[ ,|(])--?[a-zA-Z][a-z-]*' <<<"$1" |
			grep -oE -- '--?[a-zA-Z][a-z-]*'
	fi | sort -u
}

_compendium() {
	local prog cmd='' word i n=0 opt='' usage='' valued=''
	local -a db=() args=() global=(--db --config -c --as --color --no-pager --help -h)
	_cp_cur=${COMP_WORDS[COMP_CWORD]}
	COMPREPLY=()
	prog=$(_compendium_prog)

	# The words before the cursor: the database options (kept to ask the
	# program), the command, its arguments; an option's value is skipped.
	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		if [[ -n $opt ]]; then # the value of $opt (after "=" too)
			[[ $word == "=" ]] && continue
			case $opt in
			--db | --config | -c) db+=("$opt" "$word") ;;
			esac
			opt=
			continue
		fi
		case $word in
		--db=?* | --config=?*) db+=("$word") ;;
		--db | --config | -c | --as) opt=$word ;;
		--color) # its value only after "=": --color=WHEN
			[[ ${COMP_WORDS[i + 1]} == "=" ]] && opt=$word ;;
		-*)
			[[ -n $cmd && $valued == *" $word "* ]] && opt=$word ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=$word
				usage=$("$prog" "$cmd" --help 2>/dev/null)
				valued=" $(_compendium_options "$usage" arg |
					tr '\n' ' ') "
			else
				args+=("$word")
			fi
			;;
		esac
	done
	# Completing an option's value ("--opt VALUE" or "--opt=VALUE").
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	[[ $prev == "=" ]] && ((COMP_CWORD > 1)) &&
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	[[ $_cp_cur == "=" ]] && _cp_cur=
	if [[ -n $opt || ($prev == -* && $COMP_CWORD -gt 1 &&
		($prev == --db || $prev == --config || $prev == -c ||
		$prev == --as || $valued == *" $prev "*)) ]]; then
		case $prev in
		--db) _compendium_files db ;;
		--config | -c | -o | --output) _compendium_files ;;
		--color) _compendium_reply $'auto\nalways\nnever' ;;
		--as) # the name recorded when --as is not given
			_compendium_reply "${SUDO_USER:-${USER:-}}" ;;
		--entity)
			_compendium_reply "$("$prog" "${db[@]}" entity list \
				2>/dev/null | cut -f1)" ;;
		--since | --until)
			_compendium_reply $'today\nyesterday' ;;
		--area)
			_compendium_reply "$("$prog" list --area '?' 2>&1 |
				sed -n 's/.*(known: \(.*\))$/\1/p' |
				tr -d ',' | tr ' ' '\n')" ;;
		*) # a value the usage spells out: "--format html|pdf", ...
			_compendium_reply "$(grep -oE -- "$prev [a-z]+(\|[a-z]+)+" \
				<<<"$usage" | cut -d' ' -f2 | tr '|' '\n')"
			if [[ $prev == --status && $cmd == outbox ]]; then
				_compendium_reply \
					$'queued\nsent\nfailed\nsuppressed'
			elif [[ $prev == --status ]]; then
				_compendium_reply \
					$'applied\nrejected\nheld\nduplicate'
			fi ;;
		esac
		return 0
	fi

	if [[ $_cp_cur == -* ]]; then
		if [[ -z $cmd ]]; then
			_compendium_reply "$(printf '%s\n' "${global[@]}" --version)"
		else
			_compendium_reply "$(printf '%s\n' "${global[@]}"
				_compendium_options "$usage")"
		fi
		return 0
	fi
	if [[ -z $cmd ]]; then
		_compendium_reply "$("$prog" help 2>/dev/null |
			sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')"
		return 0
	fi

	# The command's arguments, by position.
	n=${#args[@]}
	case $cmd in
	help)
		((n == 0)) && _compendium_reply "$("$prog" help 2>/dev/null |
			sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')" ;;
	entity)
		((n == 0)) && _compendium_reply $'add\nlist' ;;
	focal-point)
		if ((n == 0)); then
			_compendium_reply $'add\nremove\nlist'
		elif ((n == 1)); then
			_compendium_reply "$("$prog" "${db[@]}" entity list \
				2>/dev/null | cut -f1)"
		fi ;;
	list)
		((n == 0)) && _compendium_reply "$("$prog" "${db[@]}" entity \
			list 2>/dev/null | cut -f1)" ;;
	log) # any number of entities and entries
		_compendium_reply "$("$prog" "${db[@]}" entity list \
			2>/dev/null | cut -f1; "$prog" "${db[@]}" list --all \
			2>/dev/null | cut -f1)" ;;
	show | diff)
		((n == 0)) && _compendium_reply "$("$prog" "${db[@]}" list \
			--all 2>/dev/null | cut -f1)" ;;
	accept | reject)
		((n == 0)) && _compendium_reply "$("$prog" "${db[@]}" held \
			2>/dev/null | grep -E '^[0-9]+'$'\t' | cut -f1)" ;;
	reprocess)
		((n == 0)) && _compendium_reply "$(for s in held rejected; do
			"$prog" "${db[@]}" messages --status $s 2>/dev/null |
				grep -E '^[0-9]+'$'\t' | cut -f1
		done)" ;;
	message)
		((n == 0)) && _compendium_reply "$("$prog" "${db[@]}" messages \
			2>/dev/null | grep -E '^[0-9]+'$'\t' | cut -f1)" ;;
	revert)
		((n == 0)) && _compendium_reply "$("$prog" "${db[@]}" log \
			2>/dev/null | sed -n 's/^change \([0-9][0-9]*\) .*/\1/p')" ;;
	ingest) _compendium_files ;;
	esac
	return 0
}

_compendiumd() {
	local prog=${COMP_WORDS[0]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	_cp_cur=${COMP_WORDS[COMP_CWORD]}
	COMPREPLY=()
	# shellcheck disable=SC2088 # the word as typed: its ~ is not expanded
	[[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}
	case $prev in
	--db) _compendium_files db ;;
	-c | --config) _compendium_files ;;
	*)
		[[ $_cp_cur == -* ]] && _compendium_reply "$(_compendium_options \
			"$("$prog" --help 2>/dev/null)"; printf '%s\n' --help -h)" ;;
	esac
	return 0
}

complete -F _compendium compendium
complete -F _compendiumd compendiumd
