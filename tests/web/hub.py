"""Invented articles around one hub, for the browser tests of a big neighbourhood.

Marta Hollis meets 230 people, a few of them in many articles and most in one, so that a
"top N by articles" and a minimum-articles slider have something to keep and to leave out.
Around her: a pair (Odile Brenner met Kasimir Tolle, and Odile met Marta), an entity with no
relation (Quentin Marsh), an article without date or title, and an analyst's assertion
added by the test with `kg assert`. Every name and sentence is made up for the project.
"""

import json

HUB = "Marta Hollis"
FIRST = ["Aldo", "Brina", "Cosmo", "Dagny", "Elvio", "Fenna", "Goran", "Hedda", "Ivo", "Jorunn",
         "Kaspar", "Liesel", "Milo", "Nerys", "Oskar"]
LAST = ["Abendroth", "Birkeland", "Castellan", "Dravik", "Eckhart", "Falkner", "Gessler", "Halvorsen",
        "Ingram", "Jablonsky", "Kettering", "Lindqvist", "Morrow", "Nordahl", "Ostrander", "Pellegrin"]
NEIGHBOURS = 230
CITIES = ["Vienna", "Geneva", "Lisbon", "Tallinn", "Valletta"]


def neighbour(i):
    return f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST)]}"


def articles_of(i):
    """How many articles tie neighbour i to the hub: 24, 12, 8, 6, 4, 4, 3, 3, 2, ..., 1."""
    return max(1, 24 // (i + 1))


def sentence(i, k):
    name = neighbour(i)
    if i % 9 == 4:
        return f"{name}, an aide to {HUB}, briefed reporters in {CITIES[k % len(CITIES)]}."
    if i % 9 == 7:
        return f"{name}, the envoy of {HUB}, arrived in {CITIES[k % len(CITIES)]} on Monday."
    return f"{HUB} met {name} in {CITIES[(i + k) % len(CITIES)]} on Tuesday."


def write(path):
    """Writes the articles as JSON Lines to `path`; returns how many."""
    rows = []
    for i in range(NEIGHBOURS):
        for k in range(articles_of(i)):
            rows.append({"id": f"hub-{i}-{k}", "date": f"2024-{1 + (i + k) % 12:02d}-{1 + k % 28:02d}",
                         "title": f"Talks in {CITIES[k % len(CITIES)]}, part {k + 1}", "text": sentence(i, k)})
    rows.append({"id": "pair-1", "date": "2024-05-02", "title": "A quiet meeting",
                 "text": "Odile Brenner met Kasimir Tolle in Bergen on Friday."})
    rows.append({"id": "pair-2", "date": "2024-05-03", "title": "A second meeting",
                 "text": f"Odile Brenner met {HUB} in Bergen on Saturday."})
    rows.append({"id": "lone-1", "date": "2024-06-01", "title": "A speech",
                 "text": "Quentin Marsh gave a long speech on fisheries."})
    # No date, no title: the page must not print "null" for either.
    rows.append({"id": "undated-1", "text": f"{HUB} met Wilma Strand in Bergen."})
    with open(path, "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return len(rows)
