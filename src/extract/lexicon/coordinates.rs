//! Where a place is: its latitude and longitude by name, for the map of meetings on the web
//! page (`view::meetings` puts them on each meeting's venue). Extraction never asks: where a
//! place lies is no fact an article gives, and no rule depends on it.
//!
//! Read from the last two columns of the gazetteer, `geonames.tsv`: a city where GeoNames puts
//! the most populous city of that name, a country where `scripts/build_gazetteer.py` placed it
//! (at its capital, GeoNames' city of that name in that country). The spellings of
//! `countries.tsv` and `places.tsv` lead to the same point, so that whichever name kg gave a
//! place, it is found: "Kiev" is Kyiv, "the Ukraine" Ukraine, "Gaza City" Gaza. A capital is
//! its own country's: "Victoria" is the Seychelles' capital, not the larger Victoria in Hong
//! Kong that the gazetteer's row describes, since the extractor read it as that capital too.
//!
//! Only the built-in files are read (a user's `--lexicon DIR` teaches the extractor names,
//! not coordinates), once per process, at the first question. Nothing here fails: a row
//! without coordinates (a US state: the package has none) or with cells that are no
//! coordinates places nothing, and its name has none.

use super::DEFAULTS;
use crate::graph::name::normalize;
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// A point on the globe, in degrees (WGS 84, as GeoNames gives it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// Places by normalised name.
#[derive(Debug, Default)]
pub struct Coordinates {
    at: HashMap<String, LatLon>,
}

impl Coordinates {
    /// The coordinates of the built-in vocabulary, read once per process.
    pub fn builtin() -> &'static Coordinates {
        static BUILTIN: OnceLock<Coordinates> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let file = |name: &str| DEFAULTS.iter().find(|(f, _)| *f == name).map_or("", |(_, text)| text);
            Coordinates::read(file("geonames.tsv"), file("countries.tsv"), file("places.tsv"))
        })
    }

    /// Where the place of this name is, if the gazetteer knows.
    pub fn of(&self, name: &str) -> Option<LatLon> {
        self.at.get(&normalize(name)).copied()
    }

    /// The places of the three files' texts (see the module doc for who wins a name).
    fn read(geonames: &str, countries: &str, places: &str) -> Coordinates {
        // Normalised name → (country code, where): cities (and regions, had they coordinates),
        // and apart from them the countries' rows.
        let mut cities: HashMap<String, (String, LatLon)> = HashMap::default();
        let mut states: HashMap<String, (String, LatLon)> = HashMap::default();
        for cols in rows(geonames) {
            let Some(at) = lat_lon(cell(&cols, 4), cell(&cols, 5)) else { continue };
            let into = if cell(&cols, 3) == "country" { &mut states } else { &mut cities };
            into.insert(normalize(cell(&cols, 0)), (cell(&cols, 1).to_string(), at));
        }
        let mut at: HashMap<String, LatLon> = cities.iter().map(|(n, (_, p))| (n.clone(), *p)).collect();
        for cols in rows(countries) {
            let Some((code, point)) = states.get(&normalize(cell(&cols, 0))) else { continue };
            for name in spellings(&cols) {
                at.insert(normalize(name), *point);
            }
            // A capital stays where the gazetteer has it when that is in its country (Bolivia's
            // Sucre); else it is where its country was placed, at its first capital (the
            // region Washington has no coordinates; Victoria's row is Hong Kong's).
            for capital in list(cell(&cols, 2)) {
                let key = normalize(capital);
                if cities.get(&key).is_none_or(|(c, _)| c != code) {
                    at.insert(key, *point);
                }
            }
        }
        for cols in rows(places) {
            let names = spellings(&cols);
            let Some(point) = names.iter().find_map(|n| at.get(&normalize(n)).copied()) else { continue };
            for name in names {
                at.entry(normalize(name)).or_insert(point);
            }
        }
        Coordinates { at }
    }
}

/// The data lines of a lexicon file, split into trimmed cells, the first not empty.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.trim_end_matches('\r').split('\t').map(str::trim).collect::<Vec<_>>())
        .filter(|cols| !cell(cols, 0).is_empty())
}

/// A row's cell `n`, empty when the row is shorter.
fn cell<'a>(cols: &[&'a str], n: usize) -> &'a str {
    cols.get(n).copied().unwrap_or("")
}

/// A `;`-separated cell's entries.
fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// A row's name and its variants (the second column of countries.tsv and places.tsv).
fn spellings<'a>(cols: &[&'a str]) -> Vec<&'a str> {
    std::iter::once(cell(cols, 0)).chain(list(cell(cols, 1))).collect()
}

/// Two cells as a point, when both are numbers on the globe.
fn lat_lon(lat: &str, lon: &str) -> Option<LatLon> {
    let lat: f64 = lat.parse().ok()?;
    let lon: f64 = lon.parse().ok()?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some(LatLon { lat, lon })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(name: &str) -> Option<(f64, f64)> {
        Coordinates::builtin().of(name).map(|p| (p.lat, p.lon))
    }

    #[test]
    fn a_city_is_where_geonames_puts_it() {
        assert_eq!(at("Oslo"), Some((59.91, 10.75)));
        assert_eq!(at("Nairobi"), Some((-1.28, 36.82)));
        assert_eq!(at("A Coruña"), at("a coruna"));
    }

    #[test]
    fn a_country_is_placed_at_its_capital() {
        assert_eq!(at("Saudi Arabia"), at("Riyadh"));
        assert_eq!(at("the Ukraine"), at("Kyiv"));
        assert_eq!(at("USA"), Some((38.9, -77.04)));
    }

    #[test]
    fn a_capital_is_its_own_countrys_even_where_a_namesake_is_bigger() {
        // The gazetteer's row "Victoria" is Hong Kong's, "Washington" the US state's.
        assert_eq!(at("Victoria"), at("Seychelles"));
        assert_eq!(at("Washington"), at("United States"));
        assert_eq!(at("Kiev"), at("Kyiv"));
        // A second capital in its own country keeps its own place.
        assert_ne!(at("Sucre"), at("Bolivia"));
        assert_eq!(at("Sucre").map(|(lat, _)| lat.round()), Some(-19.0));
    }

    #[test]
    fn every_country_of_the_lexicon_is_placed_but_east_germany() {
        let mut unplaced = Vec::new();
        for cols in rows(include_str!("../../../data/lexicon/countries.tsv")) {
            if at(cell(&cols, 0)).is_none() {
                unplaced.push(cell(&cols, 0));
            }
        }
        assert_eq!(unplaced, ["East Germany"]);
    }

    #[test]
    fn a_place_without_coordinates_has_none() {
        assert_eq!(at("Texas"), None, "US states come without coordinates");
        assert_eq!(at("Camp David"), None);
        assert_eq!(at("Middle East"), None, "a region of places.tsv");
    }

    #[test]
    fn cells_that_are_no_coordinates_place_nothing() {
        let geonames = "# name\tcc\tpopulation\tkind\tlat\tlon\n\
                        Alpha\tAA\t1\tcity\t10.5\t20.25\n\
                        Beta\tAA\t1\tcity\tnorth\t20\n\
                        Gamma\tAA\t1\tcity\t95\t20\n\
                        Delta\tAA\t1\tcity\n\
                        Aland\tAA\t9\tcountry\t11\t21\n";
        let c = Coordinates::read(geonames, "Aland\tAlandia\tAlpha;Omega\n", "Zeta\tAlpha Town;Alpha\n");
        assert_eq!(c.of("alpha"), Some(LatLon { lat: 10.5, lon: 20.25 }), "a capital in its country stays");
        assert_eq!(c.of("Alandia"), Some(LatLon { lat: 11.0, lon: 21.0 }));
        assert_eq!(c.of("Omega"), c.of("Aland"), "a capital not in the gazetteer is its country's");
        assert_eq!(c.of("Zeta"), c.of("Alpha Town"));
        assert_eq!(c.of("Zeta"), c.of("Alpha"));
        for none in ["Beta", "Gamma", "Delta"] {
            assert_eq!(c.of(none), None, "{none}");
        }
    }
}
