#!/usr/bin/env python3
"""What sound costs: a 30 s silent rest, without sound and with it, in a real terminal.

Usage: bench/audio-cost.py [RUNS] [--porsmo]   (default 3 runs; each takes 35 to 50 s)

The release build runs a routine of one 30 s step with `--no-voice`, in a 100x30 tmux
pane on a private tmux server (its socket in a temporary folder): first with `--no-sound`,
then with sound played through `--audio-device pulse` into a null sink of a PulseAudio
server started for the purpose (its own socket and folders, stopped at the end).
`PSOAS_TIMER_HOME` is a temporary folder. With `--porsmo`, a 30 s countdown of porsmo (a
terminal timer from crates.io, which plays an alert at the end and stays until `q`, pressed
here 3 s after its end) is run the same way as a third column. Each run presses space 15 s
after the first frame, to pause, and again at 20 s. The median over the runs of:
- first frame: from spawning the program to the first screen that is not empty. The pane
  is captured every 2 ms; a change is put midway between the capture that first shows it
  and the one before (one capture takes a few ms);
- first sound: from spawning to the first non-zero sample on the null sink's monitor;
- session start: from spawning to the first screen that no longer says the sound is being
  made ready ("Getting the sound ready"), when the session's clock starts (the first frame,
  without sound);
- end late: when the end screen ("Session complete") shows, against 30 s plus the time
  paused after the session's start;
- exit after end: from the end screen to the program's exit; exit after last sound: from
  the last non-zero sample on the monitor (the end bell ringing out) to the exit;
- CPU process and peak RSS: the program's user + system time and VmHWM (read every 50 ms
  while it runs: ru_maxrss would count the interpreter it was forked from), read by a
  small wrapper in the pane that spawns it, waits for it and notes the time it exits;
- CPU server: the PulseAudio server's user + system time from before the spawn to after
  the exit, from /proc/PID/stat (10 ms ticks; it includes serving the recordings below);
- wakeups/s: voluntary and involuntary context switches of all the program's threads
  (/proc/PID/task/*/status), from 10 s to 15 s after the session starts (a silent rest: the
  start bell has rung out) and from 17 s to 20 s (paused, once the tap that answers the
  key has rung out); the same for the server's.

The sound is checked to reach the sink by recording its monitor with parec from before
the spawn until 9 s in, and again from 2 s before the end until the exit (not in the
measured windows, where the recording would wake the server): a run with sound in which
no sample on the monitor is non-zero stops the benchmark.

Needs tmux, pulseaudio, pulseaudio-utils (pactl, parec) and libasound2-plugins (the
`pulse` ALSA device). For `--porsmo`: `cargo install porsmo --root DIR` (its build needs
the ALSA headers, libasound2-dev) and DIR/bin on PATH.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target" / "release" / "psoas-timer"
SESSION_S = 30.0
COLS, ROWS = 100, 30
POLL_S = 0.002
START_BELL_HEARD_S = 9.0  # the start bowl rings about 7 s
SILENT_WINDOW_S = (10.0, 15.0)
PAUSED_WINDOW_S = (17.0, 20.0)  # paused at 15 s (its answer rings out by 17 s), resumed at 20 s
END_HEARD_FROM_S = 2.0  # the recording starts again this long before the end
EXIT_TIMEOUT_S = 40.0
QUIT_AFTER_S = 3.0  # porsmo's end alert lasts under 2 s
SINK = "bench"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SWITCHES = ("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")

ROUTINE = """\
version = 1
name = "Thirty"

[[steps]]
title = "Rest"
duration = "30s"
text = "Lie still and let the breath come and go."
"""

# Run in the pane: spawns the program on the pane's terminal, waits for it, and writes its
# spawn time, exit time and resource use; then stays, so the last screen can be captured.
WRAPPER = """\
import json, os, resource, subprocess, sys, threading, time
out = sys.argv[1]
spawned = time.monotonic()
child = subprocess.Popen(sys.argv[2:])
# ru_maxrss of a child counts the copy of this interpreter it was before exec; VmHWM,
# which exec starts afresh, does not. Read until the program is gone.
peak = [0]
def watch():
    while child.returncode is None:
        try:
            with open(f"/proc/{child.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak[0] = max(peak[0], int(line.split()[1]))
        except OSError:
            return
        time.sleep(0.05)
threading.Thread(target=watch, daemon=True).start()
code = child.wait()
exited = time.monotonic()
use = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out + ".part", "w") as f:
    json.dump({"spawned": spawned, "exited": exited, "code": code,
               "cpu_s": use.ru_utime + use.ru_stime, "maxrss_kib": peak[0]}, f)
os.rename(out + ".part", out)
time.sleep(3600)
"""


@dataclass
class Setup:
    """One column of the table: what is run, and how its end shows."""

    label: str
    command: list
    end_text: str
    sound: bool = False
    env: dict = field(default_factory=dict)
    quit_key: str = None  # for a program that stays at its end until told to quit


class Pane:
    """A 100x30 tmux window on a private server of its own, whose socket is `socket`."""

    def __init__(self, socket, env):
        self.tmux = ["tmux", "-S", str(socket)]
        self.env = env

    def start(self, command):
        subprocess.run([*self.tmux, "-f", "/dev/null", "new-session", "-d", "-x", str(COLS),
                        "-y", str(ROWS), *command], env=self.env, check=True)

    def text(self):
        return subprocess.run([*self.tmux, "capture-pane", "-p"], env=self.env,
                              capture_output=True, text=True).stdout

    def press(self, key):
        subprocess.run([*self.tmux, "send-keys", key], env=self.env, check=True)

    def process_id(self):
        """The pid of the command the pane runs."""
        return int(subprocess.run([*self.tmux, "display-message", "-p", "#{pane_pid}"],
                                  env=self.env, capture_output=True, text=True,
                                  check=True).stdout)

    def close(self):
        subprocess.run([*self.tmux, "kill-server"], env=self.env, capture_output=True)


class PulseServer:
    """A PulseAudio daemon with one null sink, reached through a socket in `folder`."""

    def __init__(self, folder):
        self.folder = folder
        self.socket = folder / "native"
        run = folder / "run"
        run.mkdir(mode=0o700)
        (folder / "client.conf").write_text("autospawn = no\n")
        (folder / "default.pa").write_text(
            f"load-module module-null-sink sink_name={SINK} rate=48000 channels=2\n"
            f"set-default-sink {SINK}\n"
            f"load-module module-native-protocol-unix socket={self.socket} auth-anonymous=1\n")
        self.env = {"PULSE_SERVER": f"unix:{self.socket}",
                    "PULSE_CLIENTCONFIG": str(folder / "client.conf"),
                    "PULSE_RUNTIME_PATH": str(run / "pulse"),
                    "PULSE_STATE_PATH": str(folder / "state"),
                    "XDG_RUNTIME_DIR": str(run), "HOME": str(folder)}
        self.process = self.log = None

    def start(self):
        self.log = open(self.folder / "pulseaudio.log", "w")
        self.process = subprocess.Popen(
            ["pulseaudio", "-n", "-F", str(self.folder / "default.pa"), "--daemonize=no",
             "--system=no", "--use-pid-file=no", "--exit-idle-time=-1", "--disallow-exit",
             "--log-target=stderr"],
            env={**os.environ, **self.env}, stdout=self.log, stderr=self.log)
        for _ in range(100):
            if subprocess.run(["pactl", "info"], env={**os.environ, **self.env},
                              capture_output=True).returncode == 0:
                return
            time.sleep(0.1)
        raise SystemExit(f"pulseaudio did not start; see {self.folder / 'pulseaudio.log'}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log:
            self.log.close()


class Monitor:
    """Records the null sink's monitor, noting when a non-zero sample arrives."""

    def __init__(self, env):
        self.env = env
        self.first_heard = self.last_heard = None
        self.process = self.reader = None

    def start(self):
        self.process = subprocess.Popen(
            ["parec", "-d", f"{SINK}.monitor", "--raw", "--format=s16le", "--rate=48000",
             "--channels=1", "--latency-msec=10"], env=self.env, stdout=subprocess.PIPE)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while chunk := self.process.stdout.read1(4096):
            if chunk.strip(b"\0"):
                now = time.monotonic()
                self.first_heard = self.first_heard or now
                self.last_heard = now

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait()
            self.reader.join()
            self.process = None


def cpu_ticks(pid):
    """User + system time of a process, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def context_switches(pid):
    """Voluntary and involuntary context switches so far, for each thread of a process."""
    counts = {}
    for status in Path(f"/proc/{pid}/task").glob("*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:  # the thread ended
            continue
        counts[status.parent.name] = sum(int(line.split()[1]) for line in lines
                                         if line.startswith(SWITCHES))
    return counts


def switches_between(before, after):
    return sum(count - before.get(tid, 0) for tid, count in after.items())


def wait_until(moment):
    time.sleep(max(0.0, moment - time.monotonic()))


def poll_for(pane, found, timeout_s):
    """When the pane first shows what `found` looks for, or None: the midpoint between the
    return of the last capture that did not show it and the return of the first that did."""
    give_up = time.monotonic() + timeout_s
    before = time.monotonic()
    while before < give_up:
        text = pane.text()
        now = time.monotonic()
        if found(text):
            return (before + now) / 2
        time.sleep(POLL_S)
        before = now
    return None


def wait_for_file(path, timeout_s):
    give_up = time.monotonic() + timeout_s
    while not path.exists():
        if time.monotonic() > give_up:
            return None
        time.sleep(0.01)
    return json.loads(path.read_text())


class Watcher:
    """Samples the context switches of the program and of the sound server together."""

    def __init__(self, pid, server_pid):
        self.pids = (pid, server_pid)

    def window(self, start, end):
        """Switches a second from `start` to `end`: the program's, then the server's."""
        wait_until(start)
        before = [context_switches(pid) for pid in self.pids]
        began = time.monotonic()
        wait_until(end)
        after = [context_switches(pid) for pid in self.pids]
        seconds = time.monotonic() - began
        return [switches_between(b, a) / seconds for b, a in zip(before, after)]


def program_pid(pane):
    """The program's pid: the only child of the wrapper, which is the pane's process."""
    wrapper = pane.process_id()
    children = Path(f"/proc/{wrapper}/task/{wrapper}/children")
    for _ in range(5000):
        if found := children.read_text().split():
            return int(found[0])
        time.sleep(0.001)
    raise SystemExit("the program did not start")


@dataclass
class Observed:
    """What the screen and the windows showed in one run, in time.monotonic() seconds."""

    seen: float
    started: float
    due: float
    ended: float
    silent: list
    paused: list


def drive(setup, pane, monitor, server_pid):
    """Watches one run from its first frame to its end, pausing it on the way."""
    seen = poll_for(pane, lambda text: text.strip(), 10.0)
    if seen is None:
        raise SystemExit(f"{setup.label}: nothing on the screen after 10 s")
    # The session's clock starts once the sound is ready, when the screen stops saying so.
    started = poll_for(pane, lambda text: "getting the" not in text.lower(), 30.0) or seen
    watcher = Watcher(program_pid(pane), server_pid)
    if monitor:
        wait_until(started + START_BELL_HEARD_S)
        monitor.stop()
    silent = watcher.window(started + SILENT_WINDOW_S[0], started + SILENT_WINDOW_S[1])
    pane.press("Space")
    paused_at = time.monotonic()
    paused = watcher.window(started + PAUSED_WINDOW_S[0], started + PAUSED_WINDOW_S[1])
    pane.press("Space")
    due = started + SESSION_S + time.monotonic() - paused_at
    if monitor:
        wait_until(due - END_HEARD_FROM_S)
        monitor.start()
    wait_until(due - 1.0)
    ended = poll_for(pane, lambda text: setup.end_text in text.lower(), 10.0)
    if setup.quit_key and ended:
        wait_until(ended + QUIT_AFTER_S)
        pane.press(setup.quit_key)
    return Observed(seen, started, due, ended, silent, paused)


def run_once(setup, name, folder, server):
    """One run: the figures of the table, by row name."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TMUX", "PULSE_"))}
    pane = Pane(folder / f"{name}.tmux", {**env, **setup.env})
    monitor = Monitor({**os.environ, **server.env}) if setup.sound else None
    result_file = folder / f"{name}.json"
    server_before = cpu_ticks(server.process.pid)
    if monitor:
        monitor.start()
        # The monitor's own stream takes a moment to deliver samples as they are played.
        time.sleep(1.0)
    try:
        pane.start([sys.executable, "-c", WRAPPER, str(result_file), *setup.command])
        observed = drive(setup, pane, monitor, server.process.pid)
        result = wait_for_file(result_file, EXIT_TIMEOUT_S)
        server_ms = (cpu_ticks(server.process.pid) - server_before) * 1000 / CLOCK_TICKS
    finally:
        if monitor:
            monitor.stop()
        pane.close()
    if result is None:
        raise SystemExit(f"{setup.label}: still running {EXIT_TIMEOUT_S:.0f} s after the end")
    if result["code"] != 0:
        raise SystemExit(f"{setup.label}: exited with {result['code']}")
    if monitor and monitor.first_heard is None:
        raise SystemExit(f"{setup.label}: no sound reached the null sink")
    return figures(setup, observed, result, monitor, server_ms)


def figures(setup, observed, result, monitor, server_ms):
    """The rows of the table for one run (a row left out has no figure)."""
    spawned, exited, ended = result["spawned"], result["exited"], observed.ended
    found = {
        "first frame (ms)": (observed.seen - spawned) * 1000,
        "session start (ms)": (observed.started - spawned) * 1000,
        "end late (ms)": (ended - observed.due) * 1000 if ended else None,
        "CPU process (ms)": result["cpu_s"] * 1000,
        "CPU server (ms)": server_ms,
        "peak RSS (MiB)": result["maxrss_kib"] / 1024,
    }
    found["wakeups/s silent rest"], found["server wakeups/s silent"] = observed.silent
    found["wakeups/s paused"], found["server wakeups/s paused"] = observed.paused
    if monitor:
        found["first sound (ms)"] = (monitor.first_heard - spawned) * 1000
    if not setup.quit_key:  # else the exit is when this script quits
        found["exit after end (ms)"] = (exited - ended) * 1000 if ended else None
        if monitor:
            found["exit after last sound (ms)"] = (exited - monitor.last_heard) * 1000
    return found


ROWS_SHOWN = ["first frame (ms)", "session start (ms)", "first sound (ms)", "end late (ms)", "exit after end (ms)",
              "exit after last sound (ms)", "CPU process (ms)", "CPU server (ms)",
              "wakeups/s silent rest", "wakeups/s paused", "server wakeups/s silent",
              "server wakeups/s paused", "peak RSS (MiB)"]


def print_table(columns):
    """Prints the median of each figure, one column per setup."""
    widths = [max(12, len(label) + 2) for label in columns]
    print(" " * 28 + "".join(f"{label:>{w}}" for label, w in zip(columns, widths)))
    for row in ROWS_SHOWN:
        cells = []
        for runs, w in zip(columns.values(), widths):
            values = [run[row] for run in runs if run.get(row) is not None]
            cell = f"{statistics.median(values):.1f}" if values else "-"
            cells.append(f"{cell:>{w}}")
        print(f"{row:<28}" + "".join(cells))


def setups(folder, server, porsmo):
    routine = folder / "thirty.toml"
    routine.write_text(ROUTINE)
    home = folder / "home"
    home.mkdir()
    timer = [str(BINARY), "run", str(routine), "--no-voice"]
    own = {"PSOAS_TIMER_HOME": str(home)}
    found = [
        Setup("no sound", [*timer, "--no-sound"], "session complete", env=own),
        Setup("sound (pulse null sink)", [*timer, "--audio-device", "pulse"],
              "session complete", sound=True, env={**server.env, **own}),
    ]
    if porsmo:
        found.append(Setup("porsmo", [porsmo, "timer", "30s"], "timer has ended", sound=True,
                           env=server.env, quit_key="q"))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=3, help="runs of each (3)")
    parser.add_argument("--porsmo", action="store_true", help="add a column for porsmo")
    args = parser.parse_args()
    for tool in ("tmux", "pulseaudio", "pactl", "parec"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install tmux pulseaudio "
                             "pulseaudio-utils libasound2-plugins")
    porsmo = shutil.which("porsmo") if args.porsmo else None
    if args.porsmo and not porsmo:
        raise SystemExit("porsmo is not on PATH: cargo install porsmo --root DIR")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "psoas-timer"],
                   cwd=ROOT, check=True)

    with tempfile.TemporaryDirectory(prefix="audio-cost-") as temp:
        folder = Path(temp)
        server = PulseServer(folder)
        try:
            server.start()
            columns = {}
            for index, setup in enumerate(setups(folder, server, porsmo)):
                columns[setup.label] = []
                for run in range(args.runs):
                    print(f"{setup.label}: run {run + 1} of {args.runs}", file=sys.stderr)
                    name = f"audio-cost-{os.getpid()}-{index}-{run}"
                    columns[setup.label].append(run_once(setup, name, folder, server))
        finally:
            server.stop()
    print_table(columns)


if __name__ == "__main__":
    main()
