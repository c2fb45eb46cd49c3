#!/usr/bin/env bash
# `stats` on a history of 100,000 sessions over two years: hyperfine's median.
# Usage: bench/stats.sh   (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin psoas-timer
home=$(mktemp -d)
python3 - "$home/history.jsonl" <<'PY'
import json, random, sys
from datetime import datetime, timedelta, timezone
random.seed(7)
routines = [("constructive-rest", "Constructive Rest", 600_000), ("psoas-yin", "Psoas Yin", 3_600_000),
            ("extended-exhale", "Extended Exhale", 600_000)]
moment = datetime(2024, 12, 1, 6, 0, tzinfo=timezone(timedelta(hours=1)))
with open(sys.argv[1], "w") as out:
    for _ in range(100_000):
        moment += timedelta(minutes=random.randint(5, 15))
        rid, name, length = random.choice(routines)
        done = random.random() < 0.8
        practiced = length if done else random.randint(1_000, length)
        out.write(json.dumps({"start": moment.isoformat(timespec="seconds"), "routine": rid, "name": name,
                              "length_ms": length, "practiced_ms": practiced, "completed": done,
                              "steps_reached": 5 if done else 2, "steps": 5, "max_late_us": random.randint(50, 900)},
                             separators=(",", ":")) + "\n")
PY
PSOAS_TIMER_HOME=$home hyperfine --warmup 3 --runs 30 -N --export-json "$home/stats.json" \
  './target/release/psoas-timer stats' >/dev/null
python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"stats on 100,000 sessions: median {r['median']*1000:.1f} ms (min {r['min']*1000:.1f}, max {r['max']*1000:.1f}, {len(r['times'])} runs)\")" "$home/stats.json"
rm -r "$home"
