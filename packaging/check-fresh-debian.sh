#!/usr/bin/env bash
# Installs the Debian package on a fresh, minimal Debian 12 (debootstrap --variant=minbase in a
# chroot: none of the build's -dev packages, no desktop), so a Depends that the build machine
# happens to satisfy cannot hide, and uses it there: --version, validate and serve of the
# installed demo with one request through the gateway, and the installed editor's screenshot
# (offscreen: the chroot has no X server).
#   packaging/check-fresh-debian.sh build/package/gateway-studio_VERSION_ARCH.deb [MIRROR]
# Root only; needs debootstrap and the Debian mirror (deb.debian.org by default). About a minute.
set -euo pipefail
[ $# -ge 1 ] && [ $# -le 2 ] && [ -f "$1" ] || { echo "usage: $0 PACKAGE.deb [MIRROR]" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "check-fresh-debian: run as root (debootstrap, chroot)" >&2; exit 2; }
deb=$(realpath "$1")
mirror=${2:-http://deb.debian.org/debian}
root=$(mktemp -d /tmp/fresh-debian.XXXXXX)
shot=$(dirname "$deb")/fresh-debian-editor.png
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT
fail() { echo "check-fresh-debian: $*" >&2; exit 1; }

debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || { tail -20 "$root.log"; rm -f "$root.log"; fail "debootstrap"; }
rm -f "$root.log"
# The installed gateway-studio finds its editor through /proc/self/exe.
mount -t proc proc "$root/proc" || fail "cannot mount /proc in the chroot"
cp "$deb" "$root/tmp/"
chroot "$root" bash -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/$(basename "$deb")" \
  >/dev/null 2>"$root/apt.log" || { cat "$root/apt.log"; fail "apt-get install on a fresh Debian 12"; }
chroot "$root" bash -euc '
  examples=/usr/share/gateway-studio/examples
  cd /tmp
  gateway-studio --version
  gateway-studio validate "$examples/demo.yaml"
  gateway-studio serve "$examples/demo.yaml" --admin 127.0.0.1:0 >serve.out 2>&1 &
  serve=$!
  trap "kill $serve 2>/dev/null || true" EXIT
  for i in $(seq 100); do grep -q "^ready" serve.out && break; sleep 0.1; done
  grep -q "^ready" serve.out || { cat serve.out >&2; exit 1; }
  url=$(awk "/^listener /{print \$3; exit}" serve.out)
  hostport=${url#http://}
  status=$(timeout 10 bash -c "exec 3<>/dev/tcp/${hostport%:*}/${hostport#*:}
    printf \"GET / HTTP/1.1\\r\\nHost: example.com\\r\\nConnection: close\\r\\n\\r\\n\" >&3
    head -1 <&3")
  kill $serve
  case "$status" in "HTTP/1.1 200"*) echo "GET $url/ → $status" ;; *) echo "GET $url/ answered: $status" >&2; exit 1 ;; esac
  QT_QPA_PLATFORM=offscreen gateway-studio "$examples/demo.yaml" --screenshot /tmp/editor.png 2>/dev/null
' || fail "the installed package does not work on a fresh Debian 12"
cp "$root/tmp/editor.png" "$shot"
size=$(stat -c %s "$shot")
[ "$size" -gt 20000 ] || fail "the screenshot is $size bytes: an empty window?"
packages=$(chroot "$root" dpkg-query -W -f '${Package}\n' | wc -l)
dev=$(chroot "$root" dpkg-query -W -f '${Package}\n' | grep -c -- '-dev$' || true)
[ "$dev" -eq 0 ] || fail "the package pulled in $dev -dev package(s)"
echo "check-fresh-debian: $(basename "$deb") installed on a minimal Debian 12 ($packages packages, no -dev), served the demo, editor screenshot $shot ($size bytes)"
