#!/usr/bin/env bash
# Installs the Debian package with apt-get, uses it as a person would, and removes it:
#   packaging/check-installed.sh build/package/gateway-studio_VERSION_ARCH.deb [SCREENSHOT.png]
# Root only (CI's machine); it changes the system's packages. Checks: the installed
# `gateway-studio --version`, `validate` and `serve` of the installed demo with one request through
# the local gateway, the launcher entry and icon where the desktop finds them, the launcher entry
# opening a YAML file in the editor's window, the man page, and a screenshot of the installed
# editor in a real X session (Xvfb, openbox, the xcb platform).
set -euo pipefail
[ $# -ge 1 ] && [ $# -le 2 ] && [ -f "$1" ] || { echo "usage: $0 PACKAGE.deb [SCREENSHOT.png]" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "check-installed: run as root (it installs and removes a package)" >&2; exit 2; }
dpkg-query -W -f '${Status}' gateway-studio 2>/dev/null | grep -q 'install ok installed' \
  && { echo "check-installed: gateway-studio is already installed; remove it first" >&2; exit 2; }
deb=$(realpath "$1")
shot=${2:-$(dirname "$deb")/installed-editor.png}
case "$shot" in *.png) ;; *) echo "check-installed: the screenshot must be a .png, not $shot" >&2; exit 2 ;; esac
examples=/usr/share/gateway-studio/examples
work=$(mktemp -d)
serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq gateway-studio >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check-installed: $*" >&2; exit 1; }

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
[ "$(command -v gateway-studio)" = /usr/bin/gateway-studio ] || fail "gateway-studio is not /usr/bin/gateway-studio"
/usr/bin/gateway-studio --version | grep -q '^gateway-studio ' || fail "--version"
/usr/bin/gateway-studio validate "$examples/demo.yaml" || fail "validate of the installed demo"
# The cluster commands run in libexec's gateway-studio-cluster: started, it reads the kubeconfig.
pull=$(/usr/bin/gateway-studio pull --kubeconfig /nonexistent 2>&1 || true)
[[ $pull == *"cannot read the kubeconfig file"* ]] || fail "pull did not reach the installed cluster commands: $pull"
for f in /usr/share/applications/io.gatewaystudio.GatewayStudio.desktop \
         /usr/share/metainfo/io.gatewaystudio.GatewayStudio.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/io.gatewaystudio.GatewayStudio.svg \
         /usr/share/icons/hicolor/48x48/apps/io.gatewaystudio.GatewayStudio.png \
         /usr/share/man/man1/gateway-studio.1.gz; do
  [ -f "$f" ] || fail "missing $f"
done
man -l /usr/share/man/man1/gateway-studio.1.gz >"$work/man.txt" 2>/dev/null || fail "man cannot read the man page"
grep -q 'rehearse' "$work/man.txt" || fail "the man page does not read"

# serve: the demo's listener from its first lines, then one request through it.
/usr/bin/gateway-studio serve "$examples/demo.yaml" --admin 127.0.0.1:0 >"$work/serve.out" 2>&1 &
serve_pid=$!
for _ in $(seq 100); do grep -q '^ready' "$work/serve.out" && break; sleep 0.1; done
grep -q '^ready' "$work/serve.out" || { cat "$work/serve.out"; fail "serve did not get ready"; }
url=$(awk '/^listener /{print $3; exit}' "$work/serve.out")
[ -n "$url" ] || { cat "$work/serve.out"; fail "serve printed no listener"; }
answer=$(curl -sS --max-time 10 -H 'Host: example.com' "$url/" -o /dev/null -w '%{http_code}') || fail "no answer from $url"
[ "$answer" = 200 ] || fail "GET $url/ (Host example.com) answered $answer"
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""

# The file manager's "Open with": the launcher entry is in the desktop database for YAML, and its
# Exec line, run on the demo, opens the editor's window on it in a real X session (Xvfb, openbox).
desktop=/usr/share/applications/io.gatewaystudio.GatewayStudio.desktop
if command -v update-desktop-database >/dev/null; then
  grep -q '^application/x-yaml=.*io.gatewaystudio.GatewayStudio.desktop' /usr/share/applications/mimeinfo.cache \
    || fail "the desktop database does not offer Gateway Studio for application/x-yaml"
fi
exec_line=$(sed -n 's/^Exec=//p' "$desktop")
command=${exec_line//%F/$examples/demo.yaml}
export command shot
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" sh -c '
  openbox --sm-disable >/dev/null 2>&1 &
  QT_QPA_PLATFORM=xcb $command >/dev/null 2>&1 &
  app=$!
  # Up to 30 s: the first Qt program after packages changed rebuilds the font cache.
  for i in $(seq 300); do xdotool search --name "demo.yaml" >/dev/null 2>&1 && break; sleep 0.1; done
  xdotool search --name "demo.yaml" >/dev/null 2>&1 || { echo "no window titled demo.yaml" >&2; kill $app; exit 1; }
  kill $app
  QT_QPA_PLATFORM=xcb /usr/bin/gateway-studio /usr/share/gateway-studio/examples/demo.yaml --screenshot "$shot" --delay 1500
' || fail "the launcher entry did not open the demo in the installed editor"
[ -f "$shot" ] || fail "no screenshot $shot"
size=$(stat -c %s "$shot")
[ "$size" -gt 20000 ] || fail "the screenshot is $size bytes: an empty window?"
echo "check-installed: $(basename "$deb") installed; --version, validate, pull (cluster commands found), serve (GET $url/ → 200), the launcher entry opens the demo, editor screenshot $shot ($size bytes); removed"
