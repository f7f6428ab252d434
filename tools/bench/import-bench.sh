#!/usr/bin/env bash
# Measures `adamae import` of a synthetic base-size file (the released AdaMAE ViT-B checkpoint's
# 232 keys and shapes, 102.5 M random fp32 values, 410 MB) against reading the same bytes from
# disk, as .safetensors and as .pth. docs/weights.md ("Speed and memory") has the figures.
#
# Usage: tools/bench/import-bench.sh [RUNS] [FOLDER]
#   RUNS    how many times each format is measured (default 3); the summary gives min, median, max
#   FOLDER  where the files and checkpoints go (default /tmp/adamae-import-bench; about 1.3 GB)
#
# Each run, per format:
#   1. disk: `dd iflag=direct` reads the file, bypassing the page cache: the time to read its bytes
#      from disk (dd's own figure);
#   2. the file is read once more through the page cache (`cat > /dev/null`), so that the import
#      reads it from memory, as one does right after downloading it (dropping the cache instead
#      needs root and slows every other process on the machine);
#   3. `/usr/bin/time -v bin/adamae import --preset base --strategy adaptive` writes a new
#      checkpoint: the whole command's wall time and peak resident memory ("Maximum resident set
#      size"), and the import's own time as the command logs it, in parts.
# Needs python3 with numpy (for the file), GNU time at /usr/bin/time, and dd.
set -euo pipefail

home="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
runs="${1:-3}"
work="${2:-/tmp/adamae-import-bench}"
mkdir -p "$work"

for format in safetensors pth; do
  if [[ ! -f "$work/base.$format" ]]; then
    python3 "$home/tools/bench/make_base_file.py" "$work/base.$format"
  fi
done
# Builds the project first if its sources are newer than the build.
"$home/bin/adamae" --help >/dev/null

seconds() { # h:mm:ss or m:ss(.ss) -> seconds
  awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"
}

results="$work/results.tsv"
printf 'format\tdisk_s\tcommand_s\timport_s\topening_s\tvariables_s\treading_s\tconverting_s\twriting_s\tsyncing_s\tpeak_MB\tpeak_per_file\n' >"$results"
for run in $(seq 1 "$runs"); do
  for format in safetensors pth; do
    file="$work/base.$format"
    size=$(stat -c %s "$file")
    disk=$(dd if="$file" of=/dev/null bs=16M iflag=direct 2>&1 | awk '/copied/ { for (i = 1; i <= NF; i++) if ($i == "s," || $i == "s") print $(i - 1) }')
    cat "$file" >/dev/null
    rm -f "$work/out.ckpt"
    /usr/bin/time -v -o "$work/time.txt" "$home/bin/adamae" import --preset base --strategy adaptive \
      --from "$file" --out "$work/out.ckpt" >"$work/import.txt"
    command=$(seconds "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")")
    peak_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
    # "(0.58 s: opening the file 0.13 s, learning the model's variables 0.01 s, reading 0.05 s,
    #  converting 0.02 s, writing 0.21 s, checking, closing and syncing to disk 0.17 s)"
    parts=$(grep -o '^([0-9.]* s:.*)$' "$work/import.txt" | grep -o '[0-9][0-9.]* s' | tr -d ' s' | tr '\n' '\t')
    printf '%s\t%s\t%s\t%s%s\t%.2f\n' "$format" "$disk" "$command" "$parts" $((peak_kb / 1024)) \
      "$(awk -v kb="$peak_kb" -v bytes="$size" 'BEGIN { print kb * 1024 / bytes }')" >>"$results"
    tail -n 1 "$results"
  done
done
rm -f "$work/out.ckpt"

echo
echo "min / median / max of $runs runs (seconds; peak resident memory in MB and as a multiple of the file's size):"
python3 - "$results" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
for format in ("safetensors", "pth"):
    chosen = [row for row in rows if row["format"] == format]
    for row in chosen:
        # The data's path through the import: reading, converting, writing and syncing.
        row["streamed_s"] = sum(float(row[c]) for c in ("reading_s", "converting_s", "writing_s", "syncing_s"))
    print(format)
    for column in [c for c in chosen[0] if c != "format"]:
        values = sorted(float(row[column]) for row in chosen)
        print("  %-14s %8.2f %8.2f %8.2f" % (column, values[0], statistics.median(values), values[-1]))
PY
