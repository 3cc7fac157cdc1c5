#!/usr/bin/env bash
# Renders the hicolor PNGs from the scalable icon. Run after changing the SVG:
#   resources/desktop/icons/render.sh
# Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
id=io.gatewaystudio.GatewayStudio
svg="$here/$id.svg"

command -v rsvg-convert >/dev/null || { echo "render.sh: rsvg-convert is missing (apt-get install librsvg2-bin)" >&2; exit 1; }

for size in 16 24 32 48 64 128 256 512; do
    dir="$here/hicolor/${size}x${size}/apps"
    mkdir -p "$dir"
    rsvg-convert --width "$size" --height "$size" --format png --output "$dir/$id.png" "$svg"
    echo "$dir/$id.png"
done
