#!/usr/bin/env bash
# `report` on a history of 100,000 sessions of every kind: hyperfine's median for each
# format, and the peak memory (/usr/bin/time -v) beside that of a history of 1,000, which
# should be about the same: the report keeps totals and the latest notes, not sessions.
# Usage: bench/report.sh   (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin psoas-timer
home=$(mktemp -d)
small=$(mktemp -d)
python3 bench/make_history.py "$home/history.jsonl" 100000
head -1000 "$home/history.jsonl" > "$small/history.jsonl"
for format in markdown html; do
  PSOAS_TIMER_HOME=$home hyperfine --warmup 3 --runs 30 -N --export-json "$home/$format.json" \
    "./target/release/psoas-timer report --format $format" >/dev/null
  python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"report --format {sys.argv[2]} on 100,000 sessions: median {r['median']*1000:.1f} ms (min {r['min']*1000:.1f}, max {r['max']*1000:.1f}, {len(r['times'])} runs)\")" "$home/$format.json" "$format"
done
for folder in "$home" "$small"; do
  sessions=$(wc -l < "$folder/history.jsonl")
  PSOAS_TIMER_HOME=$folder /usr/bin/time -v ./target/release/psoas-timer report --format html \
    -o "$folder/report.html" 2> "$folder/time"
  printf 'report --format html on %s sessions: peak memory %s KB, report %s bytes\n' "$sessions" \
    "$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$folder/time")" "$(wc -c < "$folder/report.html")"
done
rm -r "$home" "$small"
