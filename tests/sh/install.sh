# SPDX-License-Identifier: MIT
# `cmake --install` (SPEC §5): into a DESTDIR, every file where a Unix
# tool's files go; the systemd unit's ExecStart names the daemon where it
# was installed (for the prefix given at install time, not at configure
# time); the installed programs run; the installed manual page is the one
# `compendium help` shows.
. "$(dirname "$0")/lib.sh"
: "${CP_BUILD:?CP_BUILD must name the build tree}"

# install PREFIX: cmake --install into $T/root$PREFIX; the files in
# $T/files (relative to the DESTDIR), sorted.
install_to() {
	rm -rf "$T/root"
	DESTDIR="$T/root" cmake --install "$CP_BUILD" --prefix "$1" \
		>"$T/install.log" 2>&1
	rc=$?
	expect_eq "$rc" 0 "cmake --install --prefix $1"
	[ "$rc" -eq 0 ] || sed 's/^/  /' "$T/install.log" >&2
	(cd "$T/root" && find . -type f | sed 's|^\./|/|' | LC_ALL=C sort) \
		>"$T/files"
}

install_to /usr/local
R="$T/root/usr/local"
for f in \
	/usr/local/bin/compendium \
	/usr/local/sbin/compendiumd \
	/usr/local/share/man/man1/compendium.1 \
	/usr/local/share/man/man5/compendium.conf.5 \
	/usr/local/share/man/man8/compendiumd.8 \
	/usr/local/share/bash-completion/completions/compendium \
	/usr/local/lib/systemd/system/compendiumd.service \
	/usr/local/share/doc/compendium/compendium.conf \
	/usr/local/share/doc/compendium/README.md \
	/usr/local/share/doc/compendium/CLI.md \
	/usr/local/share/doc/compendium/compendiumd.md \
	/usr/local/share/doc/compendium/EXPORT.md \
	/usr/local/share/compendium/html.xsl \
	/usr/local/share/compendium/html-common.xsl \
	/usr/local/share/compendium/common.xsl \
	/usr/local/share/compendium/site.xsl \
	/usr/local/share/compendium/fo.xsl \
	/usr/local/share/compendium/compendium.css \
	/usr/local/share/compendium/fop.xconf \
	/usr/local/share/compendium/fonts/NotoSansCJKsc-Regular.otf \
	/usr/local/share/compendium/fonts/NotoSansCJKsc-Bold.otf \
	/usr/local/share/compendium/fonts/NotoSansArabic-Regular.ttf \
	/usr/local/share/compendium/fonts/NotoSansArabic-Bold.ttf; do
	expect_in "$T/files" "$f"
done
# Nothing in /etc (an administrator's configuration is never overwritten)
# and nothing outside the prefix.
expect_eq "$(grep -vc '^/usr/local/' "$T/files")" 0 "files outside the prefix"
[ -x "$R/bin/compendium" ] && [ -x "$R/sbin/compendiumd" ] && ok ||
	not_ok "the programs are not executable"
# The installed program finds its customization layer beside it
# (bin/../share/compendium), under the DESTDIR too.
"$R/bin/compendium" --db "$T/inst.db" init >/dev/null 2>&1
COMPENDIUM_DATADIR= expect_rc 0 "$R/bin/compendium" --db "$T/inst.db" \
	render -o "$T/inst.html"
expect_in "$T/inst.html" '--measure: 70ch'

# The unit: made from the template, naming the installed daemon.
U="$R/lib/systemd/system/compendiumd.service"
expect_in "$U" "ExecStart=/usr/local/sbin/compendiumd -c /etc/compendium.conf"
expect_in "$U" "Documentation=man:compendiumd(8) file:/usr/local/share/doc/compendium/compendiumd.md"
expect_not_in "$U" "@COMPENDIUMD@"
expect_not_in "$U" "@DOCDIR@"
expect_in "$U" "SystemCallFilter=@system-service" # not a template variable

# The installed programs run.
expect_rc 0 "$R/bin/compendium" --version
expect_in "$T/out" "compendium "
expect_rc 0 "$R/sbin/compendiumd" --version
expect_in "$T/out" "compendiumd "
expect_rc 0 "$R/bin/compendium" --db "$T/c.db" init
# The installed example configuration is one they accept.
install -m 0600 "$R/share/doc/compendium/compendium.conf" "$T/c.conf"
expect_rc 0 "$R/bin/compendium" -c "$T/c.conf" --db "$T/c.db" list
# The installed completion loads.
bash -c '. "$1" && complete -p compendium' bash \
	"$R/share/bash-completion/completions/compendium" >"$T/comp" 2>&1
expect_in "$T/comp" "_compendium"
# The installed page renders, and `help` finds it where man looks.
w=$(MANWIDTH=80 man --warnings -l "$R/share/man/man1/compendium.1" 2>&1 >/dev/null)
expect_eq "$w" "" "the installed compendium(1) renders cleanly"
if command -v script >/dev/null; then
	printf q | MANPATH="$R/share/man" MANPAGER=cat MANWIDTH=80 \
		script -qec "'$R/bin/compendium' help show" /dev/null 2>&1 |
		sed 's/.\x08//g' | tr -d '\r' >"$T/help"
	expect_in "$T/help" "compendium(1)"
	expect_in "$T/help" "show CODE/MANDATE[@N] [--at DATE] [--json]"
fi

# Another prefix, given only at install time: the unit follows it.
install_to /opt/compendium
expect_in "$T/files" "/opt/compendium/sbin/compendiumd"
expect_in "$T/root/opt/compendium/lib/systemd/system/compendiumd.service" \
	"ExecStart=/opt/compendium/sbin/compendiumd -c /etc/compendium.conf"

done_testing
