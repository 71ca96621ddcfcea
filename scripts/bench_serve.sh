#!/usr/bin/env bash
# Benchmarks of `kg serve` on a synthetic corpus (issue 13), all traffic to 127.0.0.1:
#
#   scripts/bench_serve.sh [ARTICLES] [WORKDIR]      default: 100000 articles in /tmp/kg-bench
#
# 1. Builds the store (kg ingest), starts `kg serve` on it, picks a hub and 200 ordinary
#    entities from the JSON export.
# 2. Latency through the server: wrk (Debian's package), 2 threads, 16 connections, 20 s
#    each, rotating over the 200 entities, for /api/neighbors and /api/show; p50 and p99.
# 3. The CLI as a client: the median of 15 whole `kg query neighbors` and `kg show` commands.
# 4. Server RSS after each of six more bounded wrk runs (over a million requests in all).
# 5. Queries during an ingest: a second server on an empty store ingests the corpus (kg
#    ingest through it) while a loop of 4 clients queries; their latency is reported.
# 6. The web page in headless Chromium (scripts/bench_web.py): page load, and drawing a
#    neighbourhood of about 200 entities.
set -euo pipefail
n=${1:-100000}
work=${2:-/tmp/kg-bench}
here=$(cd "$(dirname "$0")/.." && pwd)
kg=$here/target/release/kg
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
corpus=$work/corpus-$n.jsonl
[ -s "$corpus" ] || python3 "$here/../shared/bench/gen_corpus.py" --articles "$n" --out "$corpus"
db=$work/serve-db-$n
if [ ! -d "$db" ]; then
    "$kg" --db "$db" --quiet ingest "$corpus" >/dev/null
fi
"$kg" --db "$db" export --format json --output "$work/serve-export.json"

# A hub, an entity with about 200 neighbours, and 200 entities with a few relations each.
read -r hub mid < <(python3 - "$work/serve-export.json" "$work/entities.txt" <<'PY'
import json, sys, collections, random
g = json.load(open(sys.argv[1]))
deg = collections.Counter()
for r in g["relations"]:
    deg[r["source"]] += 1; deg[r["target"]] += 1
hub = max(deg, key=deg.get)
mid = min(deg, key=lambda k: (abs(deg[k] - 200), k))
ordinary = sorted(k for k, d in deg.items() if 2 <= d <= 20)
random.Random(7).shuffle(ordinary)
open(sys.argv[2], "w").write("\n".join(ordinary[:200]) + "\n")
print(hub, mid)
PY
)

serve() { # serve DB: starts a server, sets $pid and $addr
    "$kg" --db "$1" --quiet serve --addr 127.0.0.1:0 &
    pid=$!
    for _ in $(seq 200); do
        addr=$(python3 -c "import json,sys; d=json.load(open('$1/serve.json')); print(d['addr'] if d['pid']==$pid else '')" 2>/dev/null || true)
        [ -n "$addr" ] && return
        sleep 0.1
    done
    echo "no server" >&2; exit 1
}
rss_mb() { echo $(($(awk '/VmRSS/ {print $2}' /proc/"$1"/status) / 1024)); }

serve "$db"
echo "store: $n articles; hub $hub; 200-neighbour entity $mid; server pid $pid at $addr"
lua=$work/rotate.lua
cat >"$lua" <<LUA
local ids = {}
for line in io.lines("$work/entities.txt") do ids[#ids + 1] = line end
local i = 0
request = function()
  i = i % #ids + 1
  return wrk.format("GET", wrk.path .. ids[i])
end
LUA
requests=0
latency() { # latency PATH: wrk's p50 and p99, adds to $requests
    local out
    out=$(wrk -t2 -c16 -d20s --latency -s "$lua" "http://$addr$1")
    requests=$((requests + $(echo "$out" | awk '/requests in/ {print $1}')))
    echo "$out" | awk -v path="$1" '/ 50%/ {p50=$2} / 99%/ {p99=$2} /Requests\/sec/ {rps=$2} END {printf "%-28s p50 %8s  p99 %8s  %8s req/s\n", path, p50, p99, rps}'
}
echo "== through the server: wrk, 16 connections, 20 s each"
echo "rss at start: $(rss_mb $pid) MB"
latency "/api/neighbors?entity="
latency "/api/show?entity="
echo "rss after $requests requests: $(rss_mb $pid) MB"
# Bounded, not growing: RSS after each of six more runs, show and neighbors in turn.
for round in 1 2 3; do
    for path in "/api/show?entity=" "/api/neighbors?entity="; do
        latency "$path" >/dev/null
        echo "rss after $requests requests: $(rss_mb $pid) MB"
    done
done
echo "== the hub ($hub) through the server"
wrk -t1 -c1 -d5s --latency "http://$addr/api/neighbors?entity=$hub" | awk '/ 50%/ {print "neighbors of the hub: p50 " $2} / 99%/ {print "neighbors of the hub: p99 " $2}'

echo "== the CLI as a client: median of 15 whole commands"
one=$(sed -n 1p "$work/entities.txt")
for cmd in "query neighbors $one" "show $one" "query neighbors $hub --format json"; do
    for _ in $(seq 15); do
        s=$(date +%s%N); "$kg" --db "$db" $cmd >/dev/null; e=$(date +%s%N)
        echo $(((e - s) / 100000))
    done | sort -n | sed -n 8p | awk -v c="$cmd" '{printf "kg %-40s %5.1f ms\n", c, $1 / 10}'
done

echo "== the web page in headless Chromium"
python3 "$here/scripts/bench_web.py" "http://$addr" "$mid"
kill -TERM "$pid"; wait "$pid" || true

echo "== queries while the corpus is ingested through a server"
fresh=$work/serve-fresh-$n
rm -rf "$fresh"
serve "$fresh"
start=$(date +%s%N)
"$kg" --db "$fresh" --quiet ingest "$corpus" >"$work/serve-ingest.log" &
ingest=$!
python3 - "$addr" "$ingest" <<'PY'
import json, os, sys, threading, time, urllib.request, urllib.error
addr, ingest = sys.argv[1], int(sys.argv[2])
lat, errors, stop = [], [0], threading.Event()
def alive():
    try:
        os.kill(ingest, 0); return True
    except OSError:
        return False
def client(k):
    i = 0
    while not stop.is_set():
        i += 1
        url = f"http://{addr}/api/neighbors?entity=e{1 + (k * 7919 + i) % 50}"
        t = time.perf_counter()
        try:
            urllib.request.urlopen(url, timeout=30).read()
        except urllib.error.HTTPError:
            pass  # an entity not ingested yet: 404 is an answer too
        except Exception:
            errors[0] += 1
        lat.append(time.perf_counter() - t)
threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
for t in threads: t.start()
while alive(): time.sleep(0.5)
stop.set()
for t in threads: t.join()
lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
print(f"{len(lat)} queries during the ingest, {errors[0]} failed: p50 {q(.5):.1f} ms, p99 {q(.99):.1f} ms, max {lat[-1]*1000:.0f} ms")
PY
wait "$ingest"
end=$(date +%s%N)
echo "ingest through the server: $(head -1 "$work/serve-ingest.log"), $(((end - start) / 1000000000)) s"
kill -TERM "$pid"; wait "$pid" || true
