#!/usr/bin/env bash
# `stats` on a history of 100,000 sessions of every kind (bench/make_history.py), two years
# of them: hyperfine's median.
# Usage: bench/stats.sh   (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin psoas-timer
home=$(mktemp -d)
python3 bench/make_history.py "$home/history.jsonl" 100000
PSOAS_TIMER_HOME=$home hyperfine --warmup 3 --runs 30 -N --export-json "$home/stats.json" \
  './target/release/psoas-timer stats' >/dev/null
python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"stats on 100,000 sessions: median {r['median']*1000:.1f} ms (min {r['min']*1000:.1f}, max {r['max']*1000:.1f}, {len(r['times'])} runs)\")" "$home/stats.json"
rm -r "$home"
