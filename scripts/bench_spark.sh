#!/usr/bin/env bash
# Extraction throughput of scripts/spark_extract.py against Spark's local worker count
# (issue 15), beside `kg extract` alone and a plain `kg ingest`, on a synthetic corpus:
#
#   scripts/bench_spark.sh [ARTICLES] [WORKDIR]      default: 20000 articles in /tmp/kg-bench
#
# Each figure is the wall time of the whole job (Spark's start included, which is about 5 s
# of the local-mode figures), the best of 2 runs.
set -euo pipefail
n=${1:-20000}
work=${2:-/tmp/kg-bench}
here=$(cd "$(dirname "$0")/.." && pwd)
kg=$here/target/release/kg
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
corpus=$work/corpus-$n.jsonl
[ -s "$corpus" ] || python3 "$here/../shared/bench/gen_corpus.py" --articles "$n" --out "$corpus"
best() { # best of 2 wall times (s) of CMD...
    for _ in 1 2; do
        s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
        echo "$(((e - s) / 1000000))"
    done | sort -n | head -1 | awk '{printf "%.1f", $1 / 1000}'
}
rate() { awk -v n="$n" -v s="$1" 'BEGIN {printf "%.0f articles/s", n / s}'; }
t=$(best "$kg" extract --jobs 1 "$corpus"); echo "kg extract, 1 thread:        $t s  $(rate "$t")"
t=$(best "$kg" extract --jobs 2 "$corpus"); echo "kg extract, 2 threads:       $t s  $(rate "$t")"
for w in 1 2 4; do
    t=$(best bash -c "rm -rf '$work/spark-facts' && python3 '$here/scripts/spark_extract.py' --kg '$kg' --input '$corpus' --output '$work/spark-facts' --workers $w")
    echo "Spark local[$w]:              $t s  $(rate "$t")"
done
t=$(best bash -c "rm -rf '$work/spark-db' && '$kg' --db '$work/spark-db' --quiet ingest --facts '$work'/spark-facts/part-*")
echo "kg ingest --facts (linking): $t s  $(rate "$t")"
t=$(best bash -c "rm -rf '$work/plain-db' && '$kg' --db '$work/plain-db' --quiet ingest '$corpus'")
echo "kg ingest (plain):           $t s  $(rate "$t")"
"$kg" --db "$work/spark-db" export --format json --output "$work/spark.json"
"$kg" --db "$work/plain-db" export --format json --output "$work/plain.json"
cmp -s "$work/spark.json" "$work/plain.json" && echo "exports: identical" || { echo "exports DIFFER"; exit 1; }
