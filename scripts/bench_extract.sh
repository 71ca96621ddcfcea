#!/usr/bin/env bash
# Extraction speed of two kg binaries, compared on the same corpus: `kg extract --jobs 1`
# (one thread, no store) run alternately, best of N runs each, in MB of text per second.
#
#   scripts/bench_extract.sh OLD_KG NEW_KG CORPUS.jsonl [RUNS]
#
# Alternating the two binaries spreads any background load over both.
set -euo pipefail
old=$1 new=$2 corpus=$3 runs=${4:-7}
mb=$(python3 -c "import os; print(os.path.getsize('$corpus')/1e6)")
for k in $(seq "$runs"); do
    for which in old new; do
        bin=${!which}
        start=$(date +%s.%N)
        "$bin" extract --jobs 1 "$corpus" >/dev/null
        end=$(date +%s.%N)
        echo "$which $(python3 -c "print($end - $start)")"
    done
done | awk -v mb="$mb" '
    { v = $2 + 0; if (!($1 in t) || v < t[$1]) t[$1] = v }
    END {
        printf "old: best %.3f s, %.1f MB/s\nnew: best %.3f s, %.1f MB/s\nnew/old time: %.3f\n",
            t["old"], mb / t["old"], t["new"], mb / t["new"], t["new"] / t["old"]
    }'
