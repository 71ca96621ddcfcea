#!/usr/bin/env bash
# Whole-command benchmarks of kg on synthetic corpora from ../shared/bench/gen_corpus.py.
#
#   scripts/bench.sh [ARTICLES] [WORKDIR]      default: 100000 articles in /tmp/kg-bench
#   SEED=1 scripts/bench.sh ...                another corpus (default: seed 5, as issue 27)
#
# Generates the corpus (cached), ingests it into a fresh store timing wall clock and peak
# RSS with /usr/bin/time, measures the store on disk, times whole query commands (process
# start and store open included) as the median of repeated runs, times the exports, ingests
# again on one extraction thread (--jobs 1) to show the scaling, and prints a table with each
# figure beside its target (issue 27's, for 100k), then `kg stats --storage`.
set -euo pipefail
n=${1:-100000}
work=${2:-/tmp/kg-bench}
here=$(cd "$(dirname "$0")/.." && pwd)
gen=$here/../shared/bench/gen_corpus.py
kg=$here/target/release/kg
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
seed=${SEED:-5} # issue 27's corpus: gen_corpus.py --seed 5
corpus=$work/corpus-$n-seed$seed.jsonl
[ -s "$corpus" ] || python3 "$gen" --articles "$n" --seed "$seed" --out "$corpus"
db=$work/db-$n
rm -rf "$db"
mb=$(python3 -c "import os; print(f'{os.path.getsize(\"$corpus\")/1e6:.1f}')")

timed() { # timed LOGFILE CMD...: wall seconds and peak RSS (MB) of one run
    /usr/bin/time -f '%e %M' -o "$1.time" "${@:2}" >"$1" 2>"$1.err"
    read -r secs kb <"$1.time"
    echo "$secs $((kb / 1024))"
}
median_ms() { # median wall time (ms) of 15 runs of CMD...
    for _ in $(seq 15); do
        s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
        echo $(((e - s) / 1000000))
    done | sort -n | sed -n 8p
}

read -r ingest_s ingest_mb < <(timed "$work/ingest.log" "$kg" --db "$db" --quiet ingest --jobs 2 "$corpus")
# MB of 10^6 bytes, as the corpus's size: `du -sm` counts MiB, which made the ratio 5% low.
store_mb=$(du -sb "$db" | awk '{printf "%.1f", $1 / 1e6}')
read -r json_s _ < <(timed "$work/export.json" "$kg" --db "$db" export --format json)
read -r dot_s _ < <(timed "$work/export.dot" "$kg" --db "$db" export --format dot)

# A hub, a leaf, and two entities 4-6 hops apart, picked from the export.
read -r hub leaf far_a far_b hops < <(python3 - "$work/export.json" <<'PY'
import json, sys, collections
g = json.load(open(sys.argv[1]))
adj = collections.defaultdict(set)
for r in g["relations"]:
    adj[r["source"]].add(r["target"]); adj[r["target"]].add(r["source"])
hub = max(adj, key=lambda k: len(adj[k]))
people = [e["id"] for e in g["entities"] if e["type"] == "person" and e["id"] in adj]
leaf = min(people, key=lambda k: (len(adj[k]), k))
def bfs(s):
    d = {s: 0}; q = collections.deque([s])
    while q:
        u = q.popleft()
        for v in adj[u]:
            if v not in d: d[v] = d[u] + 1; q.append(v)
    return d
for a in sorted(people, key=lambda k: (len(adj[k]), k))[:50]:
    far = [(v, k) for v, k in bfs(a).items() if 4 <= k <= 6]
    if far:
        v, k = sorted(far)[0]; print(hub, leaf, a, v, k); break
else:
    print(hub, leaf, leaf, hub, 0)
PY
)
neighbors_ms=$(median_ms "$kg" --db "$db" query neighbors "$leaf")
hub_ms=$(median_ms "$kg" --db "$db" query neighbors "$hub")
show_ms=$(median_ms "$kg" --db "$db" show "$leaf")
path_ms=$(median_ms "$kg" --db "$db" query path "$far_a" "$far_b")
open_ms=$(median_ms "$kg" --db "$db" entities --match zzzz-no-such-name-zzzz --type concept)

rm -rf "$db-j1"
read -r j1_s j1_mb < <(timed "$work/ingest-j1.log" "$kg" --db "$db-j1" --quiet ingest --jobs 1 "$corpus")
rm -rf "$db-j1"

mbps=$(python3 -c "print(f'{$mb/$ingest_s:.1f}')")
j1_mbps=$(python3 -c "print(f'{$mb/$j1_s:.1f}')")
aps=$(python3 -c "print(f'{$n/$ingest_s:.0f}')")
ratio=$(python3 -c "print(f'{$store_mb/$mb:.2f}')")
printf '\n%s articles, %s MB of JSONL (%s)\n\n' "$n" "$mb" "$corpus"
printf '| what | measured | target (100k, issue 27) |\n|---|---|---|\n'
printf '| ingest, end to end, --jobs 2 | %s s, %s MB/s, %s articles/s | <= 24 s, >= 12 MB/s |\n' "$ingest_s" "$mbps" "$aps"
printf '| ingest, end to end, --jobs 1 | %s s, %s MB/s (peak RSS %s MB) | - |\n' "$j1_s" "$j1_mbps" "$j1_mb"
printf '| peak RSS while ingesting (--jobs 2) | %s MB | <= 400 MB |\n' "$ingest_mb"
printf '| store directory | %s MB, %sx the input | <= 1.5x |\n' "$store_mb" "$ratio"
printf '| query neighbors, a leaf (%s) | %s ms | <= 100 ms |\n' "$leaf" "$neighbors_ms"
printf '| query neighbors, the hub (%s) | %s ms | - |\n' "$hub" "$hub_ms"
printf '| show, a leaf | %s ms | - |\n' "$show_ms"
printf '| query path, %s hops (%s to %s) | %s ms | <= 150 ms |\n' "$hops" "$far_a" "$far_b" "$path_ms"
printf '| kg entities on an empty match (scans entities) | %s ms | - |\n' "$open_ms"
printf '| export --format json | %s s | - |\n' "$json_s"
printf '| export --format dot | %s s | - |\n' "$dot_s"
printf '\nWhere the bytes go (kg stats --storage):\n\n'
"$kg" --db "$db" stats --storage | sed -n '/^key family/,$p'
