#!/usr/bin/env bash
# What an unknown name costs (issue 23), for two kg binaries on the same synthetic corpus:
# before and after suggestions came from the word index.
#
#   scripts/bench_suggest.sh OLD_KG NEW_KG [ARTICLES] [WORKDIR] [RUNS]
#                                       default: 20000 articles in /tmp/kg-bench, 3 runs
#
# 1. Ingest: each binary ingests the corpus into its own store, RUNS times, alternately (the
#    other binary's run spreads any background load over both); the best wall and user
#    seconds, the largest peak RSS (/usr/bin/time), the store's size.
# 2. Lookups through the server: each binary serves its store (`kg serve`, loopback), and one
#    client asks /api/show for each name 40 times on one keep-alive connection, alternating
#    the two servers name by name; median and 90th percentile in ms. The names: an entity
#    found by id (the cost of a hit, for scale), misses of 20 and 63 characters that match
#    nothing, a misspelt entity name, a misspelt demand (nine words, most of them common),
#    and a 60 KB name (refused before any lookup).
# 3. Whole commands: the median of 9 `kg show NAME` runs (process start, store open and the
#    lookup) for the 63-character miss.
# 4. What is suggested: 300 entity names of the export (seed 7), each misspelt one way (a
#    letter left out, two swapped, one changed, the first changed, one doubled, or only the
#    first five letters of the last word), asked of both stores with `kg show`: how often
#    the entity meant is among the suggestions, how often first, and how many answers are
#    the same.
set -euo pipefail
old=$1 new=$2 n=${3:-20000} work=${4:-/tmp/kg-bench} runs=${5:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"
corpus=$work/corpus-$n.jsonl
[ -s "$corpus" ] || python3 "$here/../shared/bench/gen_corpus.py" --articles "$n" --out "$corpus"

echo "== ingest of $n articles, best of $runs (wall s, user s, peak RSS MB, store MB)"
for k in $(seq "$runs"); do
    for which in old new; do
        db=$work/suggest-$which-$n
        rm -rf "$db"
        /usr/bin/time -f '%e %U %M' -o "$work/time" "${!which}" --db "$db" --quiet ingest "$corpus" >/dev/null
        echo "$which $(cat "$work/time") $(du -sm "$db" | cut -f1)"
    done
done | awk '
    !($1 in w) || $2 < w[$1] { w[$1] = $2 }
    !($1 in u) || $3 < u[$1] { u[$1] = $3 }
    $4 > r[$1] { r[$1] = $4 }
    { s[$1] = $5 }
    END { for (b in w) printf "%s: wall %.2f s, user %.2f s, peak RSS %d MB, store %d MB\n", b, w[b], u[b], r[b] / 1024, s[b] }'

serve() { # serve KG DB: starts a server, prints its pid and address
    "$1" --db "$2" --quiet serve --addr 127.0.0.1:0 >"$2.log" 2>&1 &
    local pid=$! addr=
    for _ in $(seq 200); do
        addr=$(python3 -c "import json; d=json.load(open('$2/serve.json')); print(d['addr'] if d['pid']==$pid else '')" 2>/dev/null || true)
        [ -n "$addr" ] && { echo "$pid $addr"; return; }
        sleep 0.1
    done
    echo "no server" >&2; exit 1
}
read -r old_pid old_addr < <(serve "$old" "$work/suggest-old-$n")
read -r new_pid new_addr < <(serve "$new" "$work/suggest-new-$n")
trap 'kill $old_pid $new_pid 2>/dev/null || true' EXIT

echo "== /api/show through the server, 40 requests per name (ms: median, p90)"
python3 - "$old_addr" "$new_addr" <<'PY'
import http.client, statistics, sys, time, urllib.parse
servers = {"old": sys.argv[1], "new": sys.argv[2]}
names = [
    ("hit by id (e1)", "e1"),
    ("miss, 20 chars", "Zorbanian Quiltmaker"),
    ("miss, 63 chars", "Zorbanian Quiltmaker Oxworth Pellucidarian Frobisher Vantablack"),
    ("misspelt person", "Ursula Krouzou"),
    ("misspelt demand, 9 words", "withdrawal of Valisi troops frm the Khamust region"),
    ("60 KB name", "Rivera " * 8500),
]
conns = {k: http.client.HTTPConnection(*v.rsplit(":", 1)) for k, v in servers.items()}
for label, name in names:
    path = "/api/show?entity=" + urllib.parse.quote_plus(name)
    times = {"old": [], "new": []}
    statuses = {}
    for _ in range(40):
        for which, conn in conns.items():
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            times[which].append((time.perf_counter() - start) * 1000)
            statuses[which] = response.status
    cells = []
    for which in ("old", "new"):
        t = sorted(times[which])
        cells.append(f"{which} {statistics.median(t):7.2f} {t[int(len(t) * 0.9)]:7.2f} ({statuses[which]})")
    print(f"{label:26} " + "   ".join(cells))
PY

echo "== kg show, 63-character miss, whole command, median of 9 (ms)"
kill "$old_pid" "$new_pid"
while kill -0 "$old_pid" 2>/dev/null || kill -0 "$new_pid" 2>/dev/null; do sleep 0.1; done
miss="Zorbanian Quiltmaker Oxworth Pellucidarian Frobisher Vantablack"
for which in old new; do
    for _ in $(seq 9); do
        s=$(date +%s%N); "${!which}" --db "$work/suggest-$which-$n" show "$miss" >/dev/null 2>&1 || true; e=$(date +%s%N)
        echo $(((e - s) / 1000000))
    done | sort -n | sed -n 5p | sed "s/^/$which: /"
done

echo "== suggestions for 300 misspelt entity names (meant entity suggested / first; same answers)"
"$new" --db "$work/suggest-new-$n" export --format json --output "$work/suggest-export.json"
python3 - "$old" "$work/suggest-old-$n" "$new" "$work/suggest-new-$n" "$work/suggest-export.json" <<'PY'
import json, random, subprocess, sys, collections
old, old_db, new, new_db, export = sys.argv[1:6]
rng = random.Random(7)
entities = [e["name"] for e in json.load(open(export))["entities"] if len(e["name"]) >= 5]
rng.shuffle(entities)
def misspell(name, kind):
    i = rng.randrange(1, len(name) - 1)
    return {
        "left out": lambda: name[:i] + name[i + 1:],
        "swapped": lambda: name[:i] + name[i + 1] + name[i] + name[i + 2:],
        "changed": lambda: name[:i] + rng.choice("aeioustr") + name[i + 1:],
        "first changed": lambda: rng.choice("bcdgkpz") + name[1:],
        "doubled": lambda: name[:i] + name[i] + name[i:],
        "start of a word": lambda: name.split()[-1][:5],
    }[kind]()
kinds = ["left out", "swapped", "changed", "first changed", "doubled", "start of a word"]
def answer(kg, db, query):
    run = subprocess.run([kg, "--db", db, "show", query], capture_output=True, text=True)
    if run.returncode == 0:
        return ("found", run.stdout.split("\n")[0])
    if "did you mean: " in run.stderr:
        return ("suggested", run.stderr.split("did you mean: ", 1)[1].rstrip().rstrip("?").split(", "))
    return ("nothing", [])
count = collections.Counter()
for k, name in enumerate(entities[:300]):
    kind = kinds[k % len(kinds)]
    query = misspell(name, kind)
    answers = {"old": answer(old, old_db, query), "new": answer(new, new_db, query)}
    for which, (what, names) in answers.items():
        count[(kind, which, "in")] += what == "suggested" and name in names
        count[(kind, which, "first")] += what == "suggested" and names[:1] == [name]
    count["same"] += answers["old"] == answers["new"]
for kind in kinds:
    print(f"{kind:16} old {count[(kind, 'old', 'in')]:2}/{count[(kind, 'old', 'first')]:2}   "
          f"new {count[(kind, 'new', 'in')]:2}/{count[(kind, 'new', 'first')]:2}   (of 50)")
print(f"same answers: {count['same']} of 300")
PY
