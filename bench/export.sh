#!/usr/bin/env bash
# `history export` in each format on a history of 100,000 sessions with the newer fields
# (notes, step changes, some added by hand): hyperfine's median, and the peak memory
# (maximum resident set) from /usr/bin/time -v.
# Usage: bench/export.sh   (needs hyperfine and GNU time: apt-get install hyperfine time)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin psoas-timer
home=$(mktemp -d)
python3 bench/make_history.py "$home/history.jsonl" 100000
echo "history: $(wc -c <"$home/history.jsonl") bytes, $(wc -l <"$home/history.jsonl") sessions"
for format in csv json ics; do
  PSOAS_TIMER_HOME=$home hyperfine --warmup 2 --runs 15 -N --export-json "$home/$format.json" \
    "./target/release/psoas-timer history export --format $format -o $home/out.$format --force" >/dev/null
  PSOAS_TIMER_HOME=$home /usr/bin/time -v ./target/release/psoas-timer history export --format $format \
    -o "$home/out.$format" --force 2>"$home/$format.time"
  peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$home/$format.time")
  python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{sys.argv[2]}: median {r['median']*1000:.1f} ms (min {r['min']*1000:.1f}, max {r['max']*1000:.1f}, {len(r['times'])} runs), peak {int(sys.argv[3])/1024:.1f} MiB, {int(sys.argv[4])/1e6:.1f} MB written\")" \
    "$home/$format.json" "$format" "$peak" "$(wc -c <"$home/out.$format")"
done
rm -r "$home"
