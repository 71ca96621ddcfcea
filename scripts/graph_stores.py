"""Loads kg's exports into real graph stores and checks that they answer what kg answers.

    python3 scripts/graph_stores.py --kg target/release/kg --db kg.sled [--entity NAME]...

RDF: `kg export --format ntriples` goes into Oxigraph (the pyoxigraph package). SPARQL asks
for the neighbours of each entity and for a path between two, with each relation's supporting
articles and first and last dates.

Property graph: `kg export --format neo4j` (nodes.csv, relationships.csv) goes into Kuzu (the
kuzu package), an embedded store that speaks Cypher. The node and relationship tables follow
the CSV columns in order. Cypher asks for the same neighbours, with the same counts and dates.

Each answer is compared with `kg query neighbors ENTITY --format json` and with `kg query path`.
The script exits 1 on any difference. It prints the queries and their answers, so that this
file doubles as the recipe the README shows.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import kuzu
import pyoxigraph

BASE = "https://kg.example.org/"
ONTO = BASE + "ontology/"
# kg's relation names and the N-Triples property each one is (camelCase), as the export writes them.
RELATIONS = ["envoy-of", "met-with", "demands", "aide-of", "leader-of", "spoke-with"]


def camel(rel):
    head, *rest = rel.split("-")
    return head + "".join(w.title() for w in rest)


def kg(args, *command):
    out = subprocess.run([args.kg, "--db", args.db, *command], check=False, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"kg {' '.join(command)} failed: {out.stderr}")
    return out


def expected_neighbors(args, entity):
    """{(neighbour id, relation, direction): (articles, first_seen, last_seen)} from kg."""
    view = json.loads(kg(args, "query", "neighbors", entity, "--format", "json").stdout)
    return view["entity"]["id"], {
        (n["id"], n["relation"], n["direction"]): (n["articles"], n["first_seen"], n["last_seen"])
        for n in view["neighbors"]
    }


def direction(rel, outgoing):
    if rel in ("met-with", "spoke-with"):
        return "both"
    return "out" if outgoing else "in"


SPARQL_NEIGHBORS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX kg: <%(onto)s>
SELECT ?other ?p ?out ?articles ?first ?last WHERE {
  ?r rdf:predicate ?p ; kg:articles ?articles .
  OPTIONAL { ?r kg:firstSeen ?first ; kg:lastSeen ?last }
  { ?r rdf:subject <%(entity)s> ; rdf:object ?other . BIND(true AS ?out) }
  UNION
  { ?r rdf:object <%(entity)s> ; rdf:subject ?other . BIND(false AS ?out) }
}"""

CYPHER_NEIGHBORS = """
MATCH (a:Entity {id: $id})-[r:Rel]->(b:Entity)
RETURN b.id, r.type, true, r.articles, r.first_seen, r.last_seen
UNION ALL
MATCH (a:Entity {id: $id})<-[r:Rel]-(b:Entity)
RETURN b.id, r.type, false, r.articles, r.first_seen, r.last_seen"""


def check(label, got, want):
    if got != want:
        print(f"DIFFERENT {label}:\n  store: {sorted(got.items())}\n  kg:    {sorted(want.items())}")
        return False
    print(f"same {label}: {len(got)} neighbours")
    return True


def oxigraph(args, work, entities, path):
    nt = os.path.join(work, "graph.nt")
    kg(args, "export", "--format", "ntriples", "--output", nt)
    store = pyoxigraph.Store()
    with open(nt, "rb") as f:
        store.load(f, pyoxigraph.RdfFormat.N_TRIPLES)
    print(f"oxigraph: loaded {len(store)} triples from {nt}")
    rel_of = {ONTO + camel(r): r for r in RELATIONS}
    ok = True
    for name in entities:
        eid, want = expected_neighbors(args, name)
        got = {}
        query = SPARQL_NEIGHBORS % {"onto": ONTO, "entity": BASE + "entity/" + eid}
        for row in store.query(query):
            rel = rel_of[row["p"].value]
            other = row["other"].value.rsplit("/", 1)[1]
            first = row["first"].value if row["first"] else None
            last = row["last"].value if row["last"] else None
            got[(other, rel, direction(rel, row["out"].value == "true"))] = (int(row["articles"].value), first, last)
        ok &= check(f"SPARQL neighbours of {name}", got, want)
    # A path: every hop kg gives is a triple, and SPARQL finds the same chain of entities.
    if path:
        view = json.loads(kg(args, "query", "path", path[0], path[1], "--format", "json").stdout)
        hops = view["paths"][0]["edges"]
        nodes = [n["id"] for n in view["paths"][0]["nodes"]]
        inner = [f"?n{i}" for i in range(1, len(nodes) - 1)]
        names = [f"<{BASE}entity/{nodes[0]}>"] + inner + [f"<{BASE}entity/{nodes[-1]}>"]
        patterns = []
        for i, h in enumerate(hops):
            p = f"<{ONTO}{camel(h['relation'])}>"
            patterns.append(f"{{ {names[i]} {p} {names[i + 1]} }} UNION {{ {names[i + 1]} {p} {names[i]} }}")
        query = "SELECT * WHERE { " + " ".join(patterns) + " }"
        rows = list(store.query(query))
        chains = [[row[f"n{i}"].value.rsplit("/", 1)[1] for i in range(1, len(nodes) - 1)] for row in rows]
        same = nodes[1:-1] in chains
        print(f"{'same' if same else 'DIFFERENT'} SPARQL path {path[0]} -> {path[1]}: kg {nodes}, SPARQL found {len(chains)} chain(s) of {len(hops)} hops")
        ok &= same
    return ok


def kuzu_check(args, work, entities):
    out = os.path.join(work, "neo4j")
    kg(args, "export", "--format", "neo4j", "--output", out)
    db = kuzu.Database(os.path.join(work, "kuzu"))
    conn = kuzu.Connection(db)
    # Columns in the order of the CSV headers (id:ID,name,aliases:string[],articles:int,:LABEL
    # and :START_ID,:END_ID,:TYPE,evidence:int,articles:int,first_seen:date,last_seen:date,
    # confidence:float,sentences:string[],event_dates:string[],venues:string[]). Dates stay
    # strings: kg's can be a month or a year.
    conn.execute("CREATE NODE TABLE Entity(id STRING, name STRING, aliases STRING, articles INT64, label STRING, PRIMARY KEY (id))")
    conn.execute("CREATE REL TABLE Rel(FROM Entity TO Entity, type STRING, evidence INT64, articles INT64, "
                 "first_seen STRING, last_seen STRING, confidence DOUBLE, sentences STRING, "
                 "event_dates STRING, venues STRING)")
    conn.execute(f"COPY Entity FROM '{out}/nodes.csv' (header=true)")
    conn.execute(f"COPY Rel FROM '{out}/relationships.csv' (header=true)")
    n = conn.execute("MATCH (e:Entity) RETURN count(e)").get_next()[0]
    r = conn.execute("MATCH ()-[r:Rel]->() RETURN count(r)").get_next()[0]
    print(f"kuzu: loaded {n} entities and {r} relations from {out}")
    ok = True
    for name in entities:
        eid, want = expected_neighbors(args, name)
        got = {}
        result = conn.execute(CYPHER_NEIGHBORS, {"id": eid})
        while result.has_next():
            other, rtype, outgoing, articles, first, last = result.get_next()
            rel = rtype.lower().replace("_", "-")
            got[(other, rel, direction(rel, outgoing))] = (articles, first or None, last or None)
        ok &= check(f"Cypher neighbours of {name}", got, want)
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kg", default="target/release/kg")
    parser.add_argument("--db", required=True)
    parser.add_argument("--entity", action="append", required=True, help="an entity to ask about (repeatable)")
    parser.add_argument("--path", nargs=2, metavar=("FROM", "TO"), help="two entities kg connects")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        ok = oxigraph(args, work, args.entity, args.path)
        ok &= kuzu_check(args, work, args.entity)
    print("graph stores agree with kg" if ok else "graph stores DISAGREE with kg")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
