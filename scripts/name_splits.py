#!/usr/bin/env python3
"""Counts the gold people and organizations that kg splits across nodes, and the nodes that join two.

    python3 scripts/name_splits.py KG GOLD_DIR [GOLD_DIR ...] [--json] [--keep-store DIR]
    python3 scripts/name_splits.py --export EXPORT.json GOLD_DIR [GOLD_DIR ...] [--json]

A GOLD_DIR holds one `<id>.json` per article in the shape of `../shared/eval/dev` (id, title,
date, source, text, gold entities): real-dev and real-dev2 are built outside the repository,
under ~/.cache/kg/ (see their READMEs); their texts never enter it. All articles of all the
directories go into one temporary store, as one JSON Lines batch with the dates the sets give
(directories in the order given, files in name order within each, as `to_jsonl.py` writes
them), and the store's JSON export is measured. `--export` measures an export made already.

How a gold entity is found among kg's nodes, article by article (standard library only):
- Names are compared as `../shared/eval/score.py` compares them (case, diacritics, quotes,
  dashes, spaces, one leading "the ").
- The nodes of an article are the entities whose `articles` name it.
- A node maps to the gold entities of the article (of any type) that have its name or one of
  its aliases as name or alias; when its name alone hits some, only those count. This is
  score.py's rule, and it matters: aliases are store-wide, so a node "United States" with
  alias "White House" is the country, not the White House, in an article that names both.
- Gold entities are one entity across articles when they have one name, or when one article's
  gold lists another article's name as an alias ("Hisham Nazir", alias "Hisham Nazer").
  `HOMONYMS` below separates the few gold names that name different entities in different
  articles (whose Foreign Ministry, which Labour Party).

A gold person or organization named in two or more articles is *split* when two or more nodes
map to it (in one article or across articles); a node *joins* gold entities when it maps to two
or more people or organizations. The table lists both; `--json` prints one object with every
such gold entity, its nodes and the articles where no node maps to it. Output is sorted, so two
runs on the same store print the same bytes.
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict

COUNTED = ("person", "organization")

# Gold names that name different entities in different articles, told apart by reading the
# articles: (gold name, article id) -> whose. An article not listed keeps the plain name.
HOMONYMS = {
    ("Foreign Ministry", "r87-10395-papandreou-aegean-alert"): "Turkey",
    ("Foreign Ministry", "r87-15200-turkey-aegean-dialogue"): "Turkey",
    ("Foreign Ministry", "r87-17925-kuwait-iran-boats"): "Kuwait",
    ("Foreign Ministry", "rcv-bonn-ischinger-chechnya"): "Germany",
    ("Foreign Ministry", "rcv-bonn-middle-east-appeal"): "Germany",
    ("Foreign Ministry", "rcv-china-taiwan-talks"): "China",
    ("Labour", "rcv-arafat-strike-ross"): "Israel",
    ("Labour", "rcv-weizman-invites-arafat"): "Israel",
    ("Congress", "r87-17940-world-bank-philippines"): "Philippines",
}

# As score.py normalises names.
_TRANSLIT = str.maketrans({
    "ı": "i", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
    "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H", "ß": "ss", "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th",
})
_SQUOTES = re.compile(r"[\u2018\u2019\u201a\u201b\u2032\u02bc`\u00b4]")
_DQUOTES = re.compile(r"[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]")
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_SPACES = re.compile(r"\s+")


def norm(s):
    s = str(s).translate(_TRANSLIT)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = _SQUOTES.sub("'", s)
    s = _DQUOTES.sub('"', s)
    s = _DASHES.sub("-", s)
    s = _SPACES.sub(" ", s.casefold()).strip()
    return s[4:].strip() if s.startswith("the ") else s


def fail(msg):
    print(f"name_splits.py: {msg}", file=sys.stderr)
    sys.exit(2)


def entity_order(eid):
    """e9 before e10; ids that are not eN after, by text."""
    m = re.fullmatch(r"e(\d+)", eid)
    return (0, int(m.group(1)), "") if m else (1, 0, eid)


# ---------------------------------------------------------------- gold


def load_gold(dirs):
    arts, seen = [], {}
    for d in dirs:
        files = sorted(glob.glob(os.path.join(d, "*.json")))
        if not files:
            fail(f"no *.json gold files in {d}")
        for f in files:
            try:
                with open(f, encoding="utf-8") as fh:
                    a = json.load(fh)
            except (OSError, ValueError) as e:
                fail(f"{f}: {e}")
            if not isinstance(a, dict) or not isinstance(a.get("text"), str):
                fail(f"{f}: not a gold article (no text)")
            aid = a.get("id") or os.path.splitext(os.path.basename(f))[0]
            if aid in seen:
                fail(f"article {aid} is in both {seen[aid]} and {f}")
            seen[aid] = f
            ents = []
            for e in a.get("entities") or []:
                if not isinstance(e, dict) or not isinstance(e.get("name"), str):
                    fail(f"{f}: a gold entity without a name")
                forms = {norm(e["name"])} | {norm(x) for x in e.get("aliases") or []}
                forms.discard("")
                ents.append({"name": e["name"], "type": str(e.get("type", "")).lower(),
                             "aliases": list(e.get("aliases") or []), "forms": forms})
            arts.append({"id": aid, "date": a.get("date"), "title": a.get("title"),
                         "source": a.get("source"), "text": a["text"], "entities": ents})
    return arts


def gold_identities(arts):
    """Gives each counted gold entity of each article its cross-article identity.

    Returns {(article id, entity index): identity key} and {key: display name}."""
    def qualified(name, aid):
        whose = HOMONYMS.get((name, aid))
        return f"{name} ({whose})" if whose else name

    homonym_names = {name for name, _ in HOMONYMS}
    parent = {}

    def find(k):
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    counted_names = {norm(e["name"]) for a in arts for e in a["entities"] if e["type"] in COUNTED}
    raw = {}
    for a in arts:
        for i, e in enumerate(a["entities"]):
            if e["type"] not in COUNTED:
                continue
            key = norm(qualified(e["name"], a["id"]))
            raw[(a["id"], i)] = key
            find(key)
            for alias in e["aliases"]:
                if norm(alias) in counted_names and alias not in homonym_names:
                    parent[find(norm(alias))] = find(key)

    # The display name: the gold name that most entities of the identity carry as name or
    # alias ("Hisham Nazer" over "Hisham Nazir", whose gold lists Nazer), then the first by text.
    written = {}
    votes = defaultdict(lambda: defaultdict(int))
    for a in arts:
        for i, e in enumerate(a["entities"]):
            if (a["id"], i) not in raw:
                continue
            key = raw[(a["id"], i)]
            written.setdefault(key, qualified(e["name"], a["id"]))
            votes[find(key)][key] += 1
            for alias in e["aliases"]:
                if norm(alias) != key and norm(alias) in parent and find(norm(alias)) == find(key):
                    votes[find(key)][norm(alias)] += 1
    display = {root: min(c, key=lambda k: (-c[k], written[k])) for root, c in votes.items()}
    display = {root: written[k] for root, k in display.items()}
    return {ai: find(k) for ai, k in raw.items()}, display


# ---------------------------------------------------------------- kg


def run_kg(kg, args):
    try:
        out = subprocess.run([kg, *args], capture_output=True, text=True, check=False)
    except OSError as e:
        fail(f"cannot run {kg}: {e}")
    if out.returncode != 0:
        fail(f"{kg} {' '.join(args)} exited {out.returncode}:\n{out.stderr.strip()}")
    return out.stdout


def ingest_and_export(kg, arts, store):
    """One JSON Lines batch of every article, ingested into `store`; returns the export."""
    work = os.path.dirname(store)
    batch = os.path.join(work, "articles.jsonl")
    with open(batch, "w", encoding="utf-8") as fh:
        for a in arts:
            rec = {k: a[k] for k in ("id", "title", "date", "source", "text") if a.get(k) is not None}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    run_kg(kg, ["--db", store, "--quiet", "ingest", batch])
    export = os.path.join(work, "export.json")
    run_kg(kg, ["--db", store, "export", "--format", "json", "--output", export])
    return load_export(export)


def load_export(path):
    try:
        with open(path, encoding="utf-8") as fh:
            ex = json.load(fh)
    except (OSError, ValueError) as e:
        fail(f"{path}: {e}")
    if not isinstance(ex, dict) or not isinstance(ex.get("entities"), list):
        fail(f"{path}: not a kg JSON export (no entities)")
    for n in ex["entities"]:
        if not isinstance(n, dict) or "id" not in n:
            fail(f"{path}: an entity without an id")
    return ex


# ---------------------------------------------------------------- matching


def map_nodes(arts, export):
    """{(article id, node id): [gold entity index, ...]} for every node of every article."""
    by_article = defaultdict(list)
    for n in export["entities"]:
        for aid in n.get("articles") or []:
            by_article[str(aid)].append(n)
    out = {}
    for a in arts:
        for n in by_article.get(a["id"], []):
            name = norm(n.get("name", ""))
            forms = {name} | {norm(x) for x in n.get("aliases") or [] if isinstance(x, str)}
            forms.discard("")
            by_name = [i for i, e in enumerate(a["entities"]) if name in e["forms"]]
            hits = by_name or [i for i, e in enumerate(a["entities"]) if forms & e["forms"]]
            out[(a["id"], str(n["id"]))] = hits
    return out


def measure(arts, export):
    identity, display = gold_identities(arts)
    entities = {a["id"]: a["entities"] for a in arts}
    nodes = {str(n["id"]): n for n in export["entities"]}

    gold_articles = defaultdict(set)  # identity -> the articles whose gold names it
    gold_types = defaultdict(set)
    for (aid, i), key in identity.items():
        gold_articles[key].add(aid)
        gold_types[key].add(entities[aid][i]["type"])
    found = defaultdict(lambda: defaultdict(set))  # identity -> node -> articles where it maps
    joined = defaultdict(lambda: defaultdict(set))  # node -> identity -> articles where it maps
    by_full_name = set()  # identities a node maps to under the gold's own name in that article
    for (aid, nid), hits in map_nodes(arts, export).items():
        n = nodes[nid]
        node_forms = {norm(n.get("name", ""))} | {norm(x) for x in n.get("aliases") or [] if isinstance(x, str)}
        for i in hits:
            key = identity.get((aid, i))
            if key is None:
                continue
            found[key][nid].add(aid)
            joined[nid][key].add(aid)
            if norm(entities[aid][i]["name"]) in node_forms:
                by_full_name.add(key)

    def node_json(nid):
        n = nodes[nid]
        return {"id": nid, "name": n.get("name", ""), "type": n.get("type", "")}

    gold = []
    for key in sorted((k for k, s in gold_articles.items() if len(s) >= 2), key=lambda k: (display[k], k)):
        ns = sorted(found[key], key=entity_order)
        matched = set().union(*found[key].values()) if ns else set()
        in_one = any(sum(1 for nid in ns if aid in found[key][nid]) >= 2 for aid in gold_articles[key])
        gold.append({
            "gold": display[key],
            "types": sorted(gold_types[key]),
            "articles": sorted(gold_articles[key]),
            "nodes": [{**node_json(nid), "articles": sorted(found[key][nid])} for nid in ns],
            "unmatched_articles": sorted(gold_articles[key] - matched),
            "found_by_full_name": key in by_full_name,
            "split": len(ns) >= 2,
            "split_in_one_article": len(ns) >= 2 and in_one,
        })
    joins = [
        {**node_json(nid), "gold": [{"gold": display[k], "articles": sorted(joined[nid][k])}
                                    for k in sorted(joined[nid], key=lambda k: (display[k], k))]}
        for nid in sorted(joined, key=entity_order) if len(joined[nid]) >= 2
    ]
    return {
        "articles": len(arts),
        "gold_entities": len(gold_articles),
        "in_two_or_more_articles": len(gold),
        "found": sum(1 for g in gold if g["nodes"]),
        "found_in_two_or_more_articles": sum(1 for g in gold if len(g["articles"]) - len(g["unmatched_articles"]) >= 2),
        "found_by_full_name": sum(1 for g in gold if g["found_by_full_name"]),
        "split": sum(1 for g in gold if g["split"]),
        "split_in_one_article": sum(1 for g in gold if g["split_in_one_article"]),
        "joining_nodes": len(joins),
        "gold": gold,
        "joins": joins,
    }


# ---------------------------------------------------------------- output


def print_table(r, out):
    rows = [
        ("articles", r["articles"]),
        ("gold people and organizations", r["gold_entities"]),
        ("  in two or more articles", r["in_two_or_more_articles"]),
        ("    found by kg (a node maps to it)", r["found"]),
        ("    found in two or more of its articles", r["found_in_two_or_more_articles"]),
        ("    found by its full name", r["found_by_full_name"]),
        ("    split across two or more nodes", r["split"]),
        ("      of which in one article", r["split_in_one_article"]),
        ("kg nodes that join two gold entities", r["joining_nodes"]),
    ]
    for label, n in rows:
        out.write(f"{label:<44}{n:>5}\n")
    splits = [g for g in r["gold"] if g["split"]]
    if splits:
        out.write("\nsplit: gold entity -> kg nodes (the articles where each maps to it)\n")
    for g in splits:
        out.write(f"  {g['gold']} ({'/'.join(g['types'])}, {len(g['articles'])} articles)\n")
        for n in g["nodes"]:
            out.write(f"    {n['id']:<7} {n['name']} [{n['type']}]  {' '.join(n['articles'])}\n")
    if r["joins"]:
        out.write("\njoined: kg node -> gold entities (the articles where it maps to each)\n")
    for j in r["joins"]:
        out.write(f"  {j['id']:<7} {j['name']} [{j['type']}]\n")
        for g in j["gold"]:
            out.write(f"    {g['gold']}  {' '.join(g['articles'])}\n")


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Count the gold people and organizations kg splits across nodes, and the nodes that join two.")
    ap.add_argument("paths", nargs="+", metavar="KG GOLD_DIR",
                    help="the kg binary, then one or more gold directories (without KG when --export is given)")
    ap.add_argument("--export", metavar="EXPORT.json", help="measure this JSON export instead of ingesting")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--keep-store", metavar="DIR", help="ingest into DIR (must not exist) and keep it")
    args = ap.parse_args(argv)

    if args.export:
        gold_dirs, kg = args.paths, None
    else:
        if len(args.paths) < 2:
            ap.error("give the kg binary and at least one gold directory")
        kg, gold_dirs = args.paths[0], args.paths[1:]
    for d in gold_dirs:
        if not os.path.isdir(d):
            fail(f"{d}: not a directory")
    arts = load_gold(gold_dirs)

    if args.export:
        export = load_export(args.export)
    elif args.keep_store:
        if os.path.exists(args.keep_store):
            fail(f"{args.keep_store} exists; --keep-store makes a new store")
        os.makedirs(args.keep_store)
        export = ingest_and_export(kg, arts, os.path.join(args.keep_store, "kg.sled"))
    else:
        with tempfile.TemporaryDirectory(prefix="name_splits.") as work:
            export = ingest_and_export(kg, arts, os.path.join(work, "kg.sled"))

    result = measure(arts, export)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_table(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
