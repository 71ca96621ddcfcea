//! Synthetic articles for the benches: deterministic, news-shaped, naming a cast of people
//! and countries so that entities recur across articles as in a real archive.
#![allow(dead_code)]

pub fn article(i: usize) -> String {
    const PEOPLE: [&str; 12] = [
        "Anja Holt",
        "Tomas Rivera",
        "Erik Sand",
        "Carla Mendes",
        "Ines Moreau",
        "Pavel Drozd",
        "Lina Haddad",
        "Omar Kader",
        "Sofia Lind",
        "Marek Nowak",
        "Yara Aziz",
        "Jonas Berg",
    ];
    const DEMONYMS: [&str; 6] = ["Chilean", "Norwegian", "Brazilian", "Peruvian", "Danish", "Polish"];
    const CITIES: [&str; 6] = ["Oslo", "Lima", "Rome", "Quito", "Bern", "Riga"];
    let p = |k: usize| PEOPLE[(i * 7 + k * 5) % PEOPLE.len()];
    let (a, b, c, d) = (p(0), p(1), p(2), p(3));
    let adj = DEMONYMS[i % DEMONYMS.len()];
    let city = CITIES[i % CITIES.len()];
    format!(
        "{city} — {adj} President {a} met {b} in {city} on Monday, the first such meeting this year.\n\n\
         {c}, the {adj} special envoy, joined the talks, which lasted three hours, officials said.\n\n\
         {b}'s chief of staff, {d}, said the two sides had agreed to meet again. \"We made progress,\" she said.\n\n\
         {a} demanded the release of detained journalists and an end to the blockade of the port.\n\n\
         {d} did not meet {c} on the trip, and a planned visit to the capital was cancelled."
    )
}
