#!/bin/sh
# Runs one journey test in an X server of its own: Xvfb with a 2560×1600 screen (room for a 1920×1080 window), the openbox
# window manager (focus, placement and decorations as on a desktop), Qt on the xcb platform, and
# no desktop platform theme (Qt's own file dialog, which the journey drives). Each run picks a
# free display number, so journeys can run side by side.
#
#   run_in_x.sh TEST_BINARY [ARGS...]
set -u
missing=""
for tool in xvfb-run Xvfb xauth openbox xdotool wmctrl; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "journey: missing$missing: install them (./dev setup does) to run the journeys" >&2
    exit 1
fi
exec xvfb-run -a -s "-screen 0 2560x1600x24 -nolisten tcp" sh -c '
    openbox --sm-disable >/dev/null 2>&1 &
    wm=$!
    i=0
    while ! wmctrl -m >/dev/null 2>&1 && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    QT_QPA_PLATFORM=xcb QT_QPA_PLATFORMTHEME= "$@"
    rc=$?
    kill $wm 2>/dev/null
    exit $rc
' journey "$@"
