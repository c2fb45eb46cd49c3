#!/usr/bin/env python3
"""The pace of each installed speech engine at its default, measured on rendered speech.

Usage: bench/voice-pace.py [ENGINE ...]   (default: piper espeak-ng)

A one-step routine of seven sentences (81 words) is rendered with the release build,
bells and breath tones off, with a fresh cache (so the engine really speaks every text
the session may say, the answers to keys among them); the whole rendering's time is
reported with it. From the rendering:
- voiced pace: words a minute over the time sound is heard (-50 dBFS in 20 ms windows);
- overall pace: words a minute from the first word to the last, pauses included.
"""

import math
import struct
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target" / "release" / "psoas-timer"
WINDOW_MS = 20
SPEECH_DB = -50.0

TEXT = (
    "Let the floor take the weight of your body. There is nothing to do here but rest. "
    "Let your breath move on its own, slow and easy, and let your knees lean on each other. "
    "If a thought comes, let it pass like a cloud. "
    "Slowly roll to one side and rest there for a few breaths. "
    "When you are ready, press any key. "
    "Bring your knees up and let your feet rest flat on the floor, about hip width apart."
)
ROUTINE = f'''version = 1
name = "Pace"
[[steps]]
title = "Rest"
duration = "3m"
text = "{TEXT}"
'''


def windows_db(path):
    with wave.open(str(path)) as wav:
        rate = wav.getframerate()
        frames = wav.readframes(wav.getnframes())
    samples = struct.unpack(f"<{len(frames) // 2}h", frames)
    size = rate * WINDOW_MS // 1000
    levels = []
    for start in range(0, len(samples) - size, size):
        chunk = samples[start : start + size]
        rms = math.sqrt(sum(s * s for s in chunk) / size) / 32768
        levels.append(20 * math.log10(rms) if rms > 0 else -120.0)
    return levels


def main():
    engines = sys.argv[1:] or ["piper", "espeak-ng"]
    words = len(("Rest. " + TEXT).split())
    print(f"{'engine':<10} {'render s':>9} {'voiced wpm':>10} {'overall wpm':>11}")
    for engine in engines:
        with tempfile.TemporaryDirectory() as home:
            routine = Path(home) / "pace.toml"
            routine.write_text(ROUTINE)
            out = Path(home) / "out.wav"
            started = time.monotonic()
            subprocess.run(
                [str(BINARY), "render", str(routine), "-o", str(out), "--no-bells",
                 "--no-breath-tones", "--speech-engine", engine],
                check=True, capture_output=True,
                env={"PATH": subprocess.os.environ["PATH"], "PSOAS_TIMER_HOME": home},
            )
            took = time.monotonic() - started
            levels = windows_db(out)
            # The opening words only: the answers to keys are never said in a rendering.
            voiced = [i for i, db in enumerate(levels) if db > SPEECH_DB]
            if not voiced:
                print(f"{engine:<10} no speech heard")
                continue
            voiced_min = len(voiced) * WINDOW_MS / 60_000
            overall_min = (voiced[-1] - voiced[0] + 1) * WINDOW_MS / 60_000
            print(f"{engine:<10} {took:>9.1f} {words / voiced_min:>10.0f} {words / overall_min:>11.0f}")


if __name__ == "__main__":
    main()
