#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the files the fuzzers start from: every built-in
# routine and every routine fixture (the broken ones too) for `routine`; for `settings`,
# the settings file `psoas-timer settings --init` writes, the same with every setting
# switched on, and the routines again (TOML of another shape). Files already there, found
# by earlier runs, are kept. tests/integration/never_panics.rs starts from the same seeds.
set -euo pipefail
cd "$(dirname "$0")/.."

routine=fuzz/corpus/routine
settings=fuzz/corpus/settings
mkdir -p "$routine" "$settings"

seeds=(routines/*.toml tests/fixtures/*.toml tests/fixtures/broken/*.toml)
if compgen -G 'tests/fixtures/fuzzed/*.toml' >/dev/null; then
  seeds+=(tests/fixtures/fuzzed/*.toml)
fi
for file in "${seeds[@]}"; do
  # Named by folder too: broken/zero-duration.toml and a routine of that name both stay.
  name=$(dirname "$file" | tr / -)-$(basename "$file")
  cp "$file" "$routine/$name"
  cp "$file" "$settings/$name"
done

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
PSOAS_TIMER_HOME=$home cargo run --quiet -- settings --init >/dev/null
cp "$home/config.toml" "$settings/template.toml"
# Every commented-out setting and table header switched on.
sed -E 's/^# (\[|[a-z-]+ = )/\1/' "$home/config.toml" >"$settings/template-on.toml"

echo "routine: $(ls "$routine" | wc -l) files, settings: $(ls "$settings" | wc -l) files"
