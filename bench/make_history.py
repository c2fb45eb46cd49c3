"""Writes a practice history of COUNT sessions of every kind, for the benchmarks.

Usage: python3 bench/make_history.py PATH COUNT

One session every 5 to 15 minutes from 2024-12-01: five in a hundred older lines without
the newer fields, five added by hand, the rest run by the timer, complete or stopped, with
steps skipped or given more time and some paused; three in ten carry a note (markup,
commas and semicolons, a line break, non-ASCII text, a cell a spreadsheet would read as a
formula), and one routine's name is long enough to be folded in a calendar. Seeded, so
every run writes the same bytes.
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone

random.seed(7)
path, count = sys.argv[1], int(sys.argv[2])
steps = ["Arrive", "Knees to the side", "Legs long", "Rest", "Return"]
routines = [("constructive-rest", "Constructive Rest", 600_000), ("psoas-yin", "Psoas Yin", 3_600_000),
            ("extended-exhale", "Extended Exhale, with a name long enough to be folded in a calendar",
             600_000)]
notes = ["hip felt <tight> & then eased, *slowly*", "Hips heavy, jaw soft; breath long",
         "Ça va\nsecond line", "=not a formula"]
moment = datetime(2024, 12, 1, 6, 0, tzinfo=timezone(timedelta(hours=1)))
with open(path, "w", encoding="utf-8") as out:
    for index in range(count):
        moment += timedelta(minutes=random.randint(5, 15))
        rid, name, length = random.choice(routines)
        record = {"start": moment.isoformat(timespec="seconds"), "routine": rid, "name": name,
                  "length_ms": length, "steps": 5, "max_late_us": random.randint(50, 900)}
        kind = random.random()
        if kind < 0.05:  # an older line, without the newer fields
            done = random.random() < 0.8
            record.update(practiced_ms=length if done else random.randint(1_000, length),
                          completed=done, steps_reached=5 if done else 2)
        elif kind < 0.10:  # added by hand
            record.update(practiced_ms=length, completed=True, reached_end=True, steps_reached=0,
                          by_hand=True)
        else:
            done = random.random() < 0.7
            ended = 5 if done else random.randint(1, 5)
            changes = []
            for step in random.sample(range(1, 6), random.randint(0, 2)):
                change = {"step": step, "title": steps[step - 1]}
                change["skipped_ms" if random.random() < 0.5 else "added_ms"] = random.randint(5, 120) * 1000
                changes.append(change)
            record.update(practiced_ms=length if done else random.randint(1_000, length), completed=done,
                          reached_end=done, ended_in_step=ended, ended_in_title=steps[ended - 1],
                          steps_reached=ended, skipped_ms=0, steps_skipped=0,
                          paused_ms=random.choice([0, 0, 0, random.randint(1, 300) * 1000]),
                          step_changes=sorted(changes, key=lambda c: c["step"]))
        if random.random() < 0.3:
            record["notes"] = [f"Note {index}: {random.choice(notes)}"]
        out.write(json.dumps(record, separators=(",", ":"), ensure_ascii=False) + "\n")
