#!/usr/bin/env python3
"""What a practitioner with closed eyes hears, measured from rendered sessions.

Usage: bench/listen.py [ROUTINE ...]   (default: every built-in, at its default length)

Each routine is rendered twice with the release build, with the voice and without
(`--no-voice`); the difference between the two is the speech alone. For each it prints:
- the longest stretch with no sound at all (below -70 dBFS in 50 ms windows);
- the parts (steps, sides, switches, rebounds) in which no word is said;
- the share of parts with words whose last words end more than 2 s before the part does;
- the speaking pace of the longest text at a step's start, in words a minute.

Needs espeak-ng (apt-get install espeak-ng). Part times come from `show --format json`;
a rendering waits 8 s at a step that waits until ready, and later parts move by as much.
"""

import json
import math
import subprocess
import sys
import tempfile
import warnings
import wave
from pathlib import Path

warnings.filterwarnings("ignore", category=DeprecationWarning)
import audioop  # noqa: E402  (C speed, in the standard library up to Python 3.12)

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target" / "release" / "psoas-timer"
WINDOW_MS = 50
SILENT_DB = -70.0
SPEECH_DB = -50.0
READY_WAIT_MS = 8_000
EARLY_MS = 2_000


def run(*args):
    return subprocess.run([str(BINARY), *args], check=True, capture_output=True, text=True).stdout


def levels(path):
    """The level of each 50 ms window, in dBFS, and the raw frames."""
    with wave.open(str(path)) as w:
        frames = w.readframes(w.getnframes())
    return frames


def window_db(frames, step):
    out = []
    for at in range(0, len(frames), step):
        rms = audioop.rms(frames[at:at + step], 2)
        out.append(20 * math.log10(rms / 32768) if rms > 0 else -120.0)
    return out


def measure(routine, folder):
    voiced = folder / f"{routine}.wav"
    silent = folder / f"{routine}-no-voice.wav"
    run("render", routine, "--rate", "48000", "-o", str(voiced))
    run("render", routine, "--rate", "48000", "--no-voice", "-o", str(silent))
    a, b = levels(voiced), levels(silent)
    n = min(len(a), len(b))
    speech = audioop.add(a[:n], audioop.mul(b[:n], 2, -1.0), 2)
    step = 48 * WINDOW_MS * 2  # bytes: 16-bit mono at 48 kHz
    heard = window_db(a, step)
    spoken = [db > SPEECH_DB for db in window_db(speech, step)]

    longest = run_length = 0
    for db in heard:
        run_length = run_length + 1 if db < SILENT_DB else 0
        longest = max(longest, run_length)

    plan = json.loads(run("show", routine, "--format", "json"))["timeline"]
    waits = [c["at_ms"] for c in plan["cues"] if c["cue"] == "await_ready"]
    def shift(ms, starts):
        # A part that begins where a wait ends begins after the wait; one that ends there
        # ends before it.
        return ms + sum(READY_WAIT_MS for w in waits if ms > w or (starts and ms == w))

    wordless, early, with_words = [], 0, 0
    pace = None
    for segment in plan["segments"]:
        start, end = shift(segment["start_ms"], True), shift(segment["end_ms"], False)
        windows = range(start // WINDOW_MS, min(end // WINDOW_MS, len(spoken)))
        said = [w for w in windows if spoken[w]]
        if not said:
            wordless.append(segment["title"])
            continue
        with_words += 1
        last_end = (said[-1] + 1) * WINDOW_MS
        if end - last_end > EARLY_MS:
            early += 1
        words = len((segment["title"] + ". " + segment["text"]).split())
        first_run = said[0]
        stop = first_run
        while stop + 1 < len(spoken) and any(spoken[stop + 1:stop + 1 + 30]):
            stop += 1
        seconds = (stop - first_run + 1) * WINDOW_MS / 1000
        if pace is None or words > pace[0]:
            pace = (words, seconds)
    return {
        "longest_silence_s": longest * WINDOW_MS / 1000,
        "parts": len(plan["segments"]),
        "wordless": wordless,
        "early_share": early / with_words if with_words else 0.0,
        "pace_wpm": pace[0] / pace[1] * 60 if pace else 0.0,
    }


def main():
    listed = run("list").split("\n\n")[0].splitlines()[1:]
    routines = sys.argv[1:] or [line.split()[0] for line in listed if line.strip()]
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'routine':<22} {'silence':>8} {'no words':>9} {'ends >2s early':>15} {'pace':>9}")
        for routine in routines:
            m = measure(routine, Path(folder))
            print(f"{routine:<22} {m['longest_silence_s']:>7.1f}s {len(m['wordless']):>4} of {m['parts']:<3}"
                  f" {m['early_share']:>14.0%} {m['pace_wpm']:>5.0f} wpm")
            if m["wordless"]:
                print(f"{'':<22} no words in: {', '.join(m['wordless'])}")


if __name__ == "__main__":
    main()
