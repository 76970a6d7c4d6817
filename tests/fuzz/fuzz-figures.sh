#!/bin/sh
# fuzz-figures.sh NAME MINUTES RESULT LOG: one Markdown table row from a libFuzzer log run with
# -print_final_stats=1: executions, executions per second, and the last status line's coverage
# (cov: edges, ft: features) and corpus (inputs/bytes).
set -eu

name=$1
minutes=$2
result=$3
log=$4

stat () {
  tr -d '\000' <"$log" | sed -n "s/^stat::$1: *//p" | tail -n 1
}

last=$(grep -a -E '^#[0-9]+' "$log" | grep -a ' cov: ' | tail -n 1)
field () {
  printf '%s\n' "$last" | sed -n "s/.* $1: \([^ ]*\).*/\1/p"
}

printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$minutes" \
  "$(stat number_of_executed_units)" "$(stat average_exec_per_sec)" \
  "$(field cov)" "$(field ft)" "$(field corp)" "$result"
