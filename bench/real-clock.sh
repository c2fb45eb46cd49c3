#!/usr/bin/env bash
# Real-clock benchmark: runs the one-minute, 127-cue fixture on the real clock and reports
# cue lateness (median, p99, max) and the process's CPU time and peak memory.
# Usage: bench/real-clock.sh [runs]   (each run takes a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1}
cargo build --release --quiet --bin psoas-timer --example lateness
out=$(mktemp -d)
for i in $(seq "$runs"); do
  /usr/bin/time -v ./target/release/psoas-timer run tests/fixtures/minute.toml --ui quiet --no-sound --no-log \
    --events "$out/events-$i.jsonl" 2> "$out/time-$i.txt"
  ./target/release/examples/lateness "$out/events-$i.jsonl"
  awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
    END {printf "cpu: %.2f s (user %s + system %s)  peak memory: %.1f MB\n", u+s, u, s, m/1024}' "$out/time-$i.txt"
done
rm -r "$out"
