#!/usr/bin/env bash
# Full-screen display benchmark: a 60 s breath-paced session in a real pseudo-terminal,
# full screen and plain, reporting CPU time, peak memory and the bytes written to the
# terminal. Usage: bench/full-screen.sh [COLSxROWS]   (default 80x24; takes two minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-80x24}
export COLS=${size%x*} ROWS=${size#*x} TERM=xterm-256color PSOAS_TIMER_HOME
PSOAS_TIMER_HOME=$(mktemp -d)
cargo build --release --quiet --bin psoas-timer
routine=$PSOAS_TIMER_HOME/breath60.toml
cat > "$routine" <<'TOML'
version = 1
name = "Sixty seconds of long exhales"
[[steps]]
title = "Long exhales"
duration = "60s"
breath = { inhale = "4s", exhale = "6s" }
text = "Breathe in through the nose for four, out for six. Let the out-breath be soft and unhurried."
TOML
for ui in full plain; do
  printf '%-6s ' "$ui"
  python3 bench/terminal-bytes.py /usr/bin/time -o "$PSOAS_TIMER_HOME/time" \
    -f 'cpu: %U user + %S system s, peak memory: %M KB' \
    ./target/release/psoas-timer "$routine" --ui "$ui" --no-sound --no-log </dev/null | tr '\n' ' '
  cat "$PSOAS_TIMER_HOME/time"
done
rm -r "$PSOAS_TIMER_HOME"
