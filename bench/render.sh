#!/usr/bin/env bash
# Render speed: a 20-minute session written to WAV, as times real time (wall clock and CPU).
# Usage: bench/render.sh   (speech left out, so the figure is the mixer's own)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin psoas-timer
out=$(mktemp -d)
for routine in constructive-rest extended-exhale; do
  /usr/bin/time -f '%e %U %S %M' -o "$out/time" \
    ./target/release/psoas-timer render "$routine" --for 20m --no-voice -o "$out/session.wav" >/dev/null
  read -r wall user system memory < "$out/time"
  python3 -c "import sys; w,u,s,m=map(float,sys.argv[2:]); print(f'{sys.argv[1]:18} 20m: {w:.2f} s wall ({1200/w:.0f}x real time), {u+s:.2f} s CPU ({1200/(u+s):.0f}x), peak memory {m/1024:.1f} MB')" \
    "$routine" "$wall" "$user" "$system" "$memory"
done
rm -r "$out"
