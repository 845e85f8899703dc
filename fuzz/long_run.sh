#!/bin/sh
# A long run of every target, one after another: SECONDS each (default 360), going on
# past failures (the first input of each kind is kept in fuzz/findings/TARGET/).
# Memory is capped so that a runaway input fails here, not on the machine.
#   sh fuzz/long_run.sh [SECONDS] [TARGET...]
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-360}
[ $# -gt 0 ] && shift
targets=${*:-fixers markdown_reader file_reader jsonl_line}
ulimit -v 4000000
[ -d fuzz/corpus ] || python -m fuzz.seed_corpus fuzz/corpus
for target in $targets; do
    mkdir -p "fuzz/corpus/$target" "fuzz/findings/$target"
    CLEANUP_FUZZ_FINDINGS="fuzz/findings/$target" python -m "fuzz.$target" \
        "fuzz/corpus/$target" -dict=fuzz/cleanup.dict -max_total_time="$seconds" \
        -timeout=300 -rss_limit_mb=3500 -max_len=8192 -print_final_stats=1 \
        -artifact_prefix="fuzz/findings/$target/" 2>&1 | grep -v "^INFO: Instrumenting" \
        > "fuzz/findings/$target/log.txt" || true
    tail -n 12 "fuzz/findings/$target/log.txt"
done
