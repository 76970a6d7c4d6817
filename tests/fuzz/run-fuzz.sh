#!/bin/sh
# run-fuzz.sh HARNESS SEEDS WORK SECONDS: runs one libFuzzer harness for SECONDS over its seed
# corpus. New inputs go to WORK (the seeds in the source tree stay as they are), crashing ones
# to WORK/../artifacts/. Exits non-zero on any crash, hang, leak or sanitizer report.
set -eu

harness=$1
seeds=$2
work=$3
seconds=$4
name=$(basename "$harness")
artifacts="$(dirname "$work")/artifacts"

mkdir -p "$work" "$artifacts"

# LeakSanitizer reads the harnesses' suppressions (library leaks); UBSan reports are fatal with a stack.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(dirname "$0")/lsan.supp:print_suppressions=0}"

exec "$harness" \
  -max_total_time="$seconds" \
  -timeout=10 \
  -rss_limit_mb=2048 \
  -print_final_stats=1 \
  -artifact_prefix="$artifacts/$name-" \
  "$work" "$seeds"
