#!/usr/bin/env bash
# Sound memory benchmark: a session with sound and no voice, played for a few seconds into
# ALSA's file device, and the same session with no sound. Reports each one's peak memory and,
# for the session with sound, what its memory is while it plays: the heap and other
# anonymous memory it owns, the program's own pages (the built-in sounds are among them),
# and libasound with the libraries ALSA's configuration loads (on a system with the
# PulseAudio plugin, several MB that any ALSA program pays).
# Usage: bench/sound-memory.sh [runs]   (needs libasound2; each run takes 7 s)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
cargo build --release --quiet --bin psoas-timer
bin=$PWD/target/release/psoas-timer
out=$(mktemp -d)
export PSOAS_TIMER_HOME=$out
# Starts a session in the background; `pid` is the program's, `timer` that of the time
# command measuring it.
session() {
  /usr/bin/time -f '%M' -o "$out/peak" \
    "$bin" constructive-rest --for 10m --ui plain --no-voice --no-log "$@" >/dev/null 2>&1 &
  timer=$!
  sleep 3
  pid=$(pgrep -P "$timer")
}
# Stops it, and prints its peak memory.
finish() {
  kill -INT "$pid"
  wait "$timer" || true
  # The last line: time writes the exit status before it, as the session stops on a signal.
  awk 'END {printf "peak memory: %.1f MB", $1 / 1024}' "$out/peak"
}
for i in $(seq "$runs"); do
  printf 'with sound: '
  session --audio-device "file:FILE=$out/played.raw,FORMAT=raw"
  while_playing=$(awk -v bin="$bin" '
    /^[0-9a-f]+-[0-9a-f]+ / { name = $6 == "" ? "[anon]" : $6 }
    /^Rss:/ {
      if (name == "[heap]" || name == "[anon]" || name == "[stack]") group = "anonymous"
      else if (name == bin) group = "program"
      else if (name ~ /\/(libc|libm|libgcc_s|ld-linux)[^\/]*$/) group = "libc"
      else group = "alsa"
      kb[group] += $2
    }
    END {
      printf " (anonymous %.1f, the program %.1f, ALSA and its libraries %.1f, libc %.1f)",
        kb["anonymous"] / 1024, kb["program"] / 1024, kb["alsa"] / 1024, kb["libc"] / 1024
    }' "/proc/$pid/smaps")
  finish
  printf '%s; with no sound: ' "$while_playing"
  session --no-sound
  finish
  echo
done
rm -r "$out"
