#!/bin/sh
# Checks the packages `make package-linux` and `make windows` built:
#   Linux:   the tarball's layout, its .desktop file (desktop-file-validate),
#            icons, the binary runs, portable mode keeps the database next
#            to the binary, and user-install/user-uninstall into a scratch HOME.
#            The packaged binary opens its window under Xvfb (smoke test).
#   Windows: dist/steward.exe is a PE32+ GUI executable with icon, version
#            and manifest resources.
# Run from the repository root: make check-packages (or sh packaging/check.sh
# linux|windows for one of them).
set -eu
what=${1:-all}

fail() { echo "check-packages: $*" >&2; exit 1; }
APP_ID=org.steward.Steward
TAR=${TAR:-dist/steward-linux-amd64.tar.xz}
EXE=${EXE:-dist/steward.exe}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check_linux() {
[ -e "$TAR" ] || fail "$TAR is missing: run make package-linux"
tar -xJf "$TAR" -C "$tmp"
root=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -name 'steward-*-linux-amd64')
[ -n "$root" ] || fail "the tarball has no steward-VERSION-linux-amd64/ folder"
bin="$root/usr/local/bin/steward"
desktop="$root/usr/local/share/applications/$APP_ID.desktop"
[ -x "$bin" ] || fail "no executable usr/local/bin/steward in the tarball"
[ -f "$root/Makefile" ] || fail "no install Makefile in the tarball"
desktop-file-validate "$desktop" || fail "$APP_ID.desktop does not validate"
grep -qx "Icon=$APP_ID" "$desktop" || fail ".desktop Icon= is not $APP_ID"
grep -qx "Exec=steward" "$desktop" || fail ".desktop Exec= is not steward"
for s in 16 24 32 48 64 128 256 512; do
	png="$root/usr/local/share/icons/hicolor/${s}x${s}/apps/$APP_ID.png"
	file "$png" | grep -q "PNG image data, $s x $s" || fail "icon $png is not a ${s}x${s} PNG"
done
[ -f "$root/usr/local/share/icons/hicolor/scalable/apps/$APP_ID.svg" ] || fail "no scalable icon"
"$bin" version | grep -q '^steward [0-9]' || fail "the packaged binary does not run: $("$bin" version 2>&1)"
echo "ok  linux tarball: layout, .desktop valid, icons, binary runs ($("$bin" version))"

# Portable mode: a marker file next to the binary keeps the database there,
# and nothing is written to the (scratch) home folder.
stick="$tmp/stick"; home="$tmp/home"
mkdir -p "$stick" "$home"
cp "$bin" "$stick/steward"
touch "$stick/portable"
# demo creates a register (export refuses to: "no register at PATH"); export
# then reads the one next to the binary.
HOME="$home" XDG_CONFIG_HOME="$home/.config" STEWARD_DB= "$stick/steward" demo --assets 5 >/dev/null 2>&1 ||
	fail "portable demo failed"
[ -f "$stick/steward.db" ] || fail "portable mode did not create steward.db next to the binary"
HOME="$home" XDG_CONFIG_HOME="$home/.config" STEWARD_DB= "$stick/steward" export --kind assets >/dev/null ||
	fail "portable export failed"
[ -z "$(find "$home" -name 'steward.db')" ] || fail "portable mode wrote a database into the home folder"
rm "$stick/portable" "$stick/steward.db"
HOME="$home" XDG_CONFIG_HOME="$home/.config" STEWARD_DB= "$stick/steward" demo --assets 5 --portable >/dev/null 2>&1 ||
	fail "--portable demo failed"
[ -f "$stick/steward.db" ] || fail "--portable did not create steward.db next to the binary"
HOME="$home" XDG_CONFIG_HOME="$home/.config" STEWARD_DB= "$stick/steward" export --kind assets --portable >/dev/null ||
	fail "--portable export failed"
echo "ok  portable mode: marker file and --portable keep steward.db next to the binary"

# User install into a scratch HOME, then uninstall.
make -s -C "$root" user-install HOME="$home" PATH="$PATH" >/dev/null
ib="$home/.local/bin/steward"
id="$home/.local/share/applications/$APP_ID.desktop"
[ -x "$ib" ] || fail "user-install did not install ~/.local/bin/steward"
desktop-file-validate "$id" || fail "installed .desktop does not validate"
grep -qx "Exec=$home/.local/bin/steward" "$id" || fail "installed .desktop Exec= does not point at ~/.local/bin/steward"
[ -f "$home/.local/share/icons/hicolor/48x48/apps/$APP_ID.png" ] || fail "user-install did not install the icons"
make -s -C "$root" user-uninstall HOME="$home" >/dev/null
[ ! -e "$ib" ] && [ ! -e "$id" ] || fail "user-uninstall left files behind"
echo "ok  user-install / user-uninstall into a scratch HOME"
smoke_linux "$bin"
}

# smoke_linux starts the packaged binary on its own Xvfb display and checks
# that the Steward window appears and draws, on a fresh database.
smoke_linux() {
	command -v Xvfb >/dev/null || fail "Xvfb is not installed (make deps)"
	disp=$(( 100 + $$ % 800 ))
	while [ -e "/tmp/.X11-unix/X$disp" ] || [ -e "/tmp/.X$disp-lock" ]; do disp=$((disp + 1)); done
	Xvfb ":$disp" -screen 0 1280x800x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
	xpid=$!
	i=0; until [ -e "/tmp/.X11-unix/X$disp" ]; do i=$((i + 1)); [ $i -lt 100 ] || { kill $xpid; fail "Xvfb did not start"; }; sleep 0.1; done
	mkdir -p "$tmp/smoke/runtime" && chmod 700 "$tmp/smoke/runtime"
	DISPLAY=":$disp" HOME="$tmp/smoke" XDG_CONFIG_HOME="$tmp/smoke/.config" XDG_RUNTIME_DIR="$tmp/smoke/runtime" \
		LANG=C.UTF-8 "$1" --db "$tmp/smoke/smoke.db" >"$tmp/smoke.log" 2>&1 &
	spid=$!
	# Wait (up to a minute on a busy machine) for the window and its drawing.
	ok=; i=0
	while [ $i -lt 120 ]; do
		kill -0 $spid 2>/dev/null || break
		if DISPLAY=":$disp" xwininfo -root -tree 2>/dev/null | grep -q '"Steward"'; then
			DISPLAY=":$disp" import -window root "$tmp/smoke.png" 2>/dev/null || true
			colours=$(convert "$tmp/smoke.png" -format %k info: 2>/dev/null || echo 0)
			if [ "$colours" -gt 50 ]; then ok=1; break; fi
		fi
		i=$((i + 1)); sleep 0.5
	done
	alive=; kill -0 $spid 2>/dev/null && alive=1
	kill $spid 2>/dev/null || true; wait $spid 2>/dev/null || true
	kill $xpid 2>/dev/null || true; wait $xpid 2>/dev/null || true
	[ -n "$alive" ] || fail "the packaged steward exited under Xvfb: $(tail -5 "$tmp/smoke.log")"
	[ -n "$ok" ] || fail "no drawn Steward window under Xvfb within a minute"
	[ -s "$tmp/smoke/smoke.db" ] || fail "the packaged steward did not create its database"
	if [ -n "${SMOKE_SHOT:-}" ]; then cp "$tmp/smoke.png" "$SMOKE_SHOT"; fi
	echo "ok  packaged binary under Xvfb: window \"Steward\" drawn ($colours colours), database created"
}

check_windows() {
[ -e "$EXE" ] || fail "$EXE is missing: run make windows"
file "$EXE" | grep -q 'PE32+ executable (GUI) x86-64' || fail "$EXE is not a PE32+ GUI executable: $(file "$EXE")"
x86_64-w64-mingw32-objdump -p "$EXE" > "$tmp/pe.txt"
grep -Eq '^Subsystem[[:space:]]+00000002[[:space:]]+\(Windows GUI\)' "$tmp/pe.txt" || fail "subsystem is not Windows GUI"
# Top-level resource types: 3 RT_ICON, 14 RT_GROUP_ICON, 16 RT_VERSION, 24 RT_MANIFEST.
sed -n '/The .rsrc Resource Directory section/,$p' "$tmp/pe.txt" > "$tmp/rsrc.txt"
[ -s "$tmp/rsrc.txt" ] || fail "no .rsrc resource section in $EXE"
for t in 3 14 16 24; do
	grep -Eq "^[0-9a-f]+   Entry: ID: 0x0*$(printf '%x' $t)," "$tmp/rsrc.txt" || fail "no resource of type $t in $EXE"
done
# The version block carries the product name and the version from FyneApp.toml.
version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
strings -el "$EXE" > "$tmp/utf16.txt"
grep -qx "Steward - IT asset and endpoint manager" "$tmp/utf16.txt" || fail "no FileDescription in the version resource"
grep -qx "$version" "$tmp/utf16.txt" || fail "version resource does not say $version"
grep -q 'PerMonitorV2' "$EXE" || fail "no DPI-aware manifest in $EXE"
echo "ok  windows: $(file -b "$EXE" | cut -d, -f1), subsystem Windows GUI, icon, version $version and manifest resources"
}

case $what in
linux) check_linux ;;
windows) check_windows ;;
all) check_linux; check_windows ;;
*) fail "usage: check.sh [linux|windows|all]" ;;
esac
