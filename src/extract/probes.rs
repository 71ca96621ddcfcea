//! Probes for the classes of error seen on real wire copy (issue 10): for each class, sentences
//! that must give a relation and sentences that must give none. Every name and sentence is
//! invented; each line is one class's pattern, not any article's words.
#![cfg(test)]

use super::{extract, Lexicon};
use crate::graph::{EntityKind, RelationKind};

/// `source relation target` of every relation but spoke-with, concepts lower-cased, sorted.
fn triples(text: &str, date: &str) -> Vec<String> {
    let lex = Lexicon::builtin();
    let facts = extract(text, date, &lex);
    let mut out: Vec<String> = facts
        .relations
        .iter()
        .filter(|r| r.kind != RelationKind::SpokeWith)
        .map(|r| super::triple_line(&facts, r))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Each text must give exactly the listed relations (an empty list: none at all).
fn check(date: &str, cases: &[(&str, &[&str])]) {
    super::check_table(cases, |text| triples(text, date));
}

fn entity_names(text: &str) -> Vec<(String, EntityKind)> {
    extract(text, "2025-06-01", &Lexicon::builtin()).entities.into_iter().map(|e| (e.name, e.kind)).collect()
}

#[test]
fn spans_leave_out_days_titles_and_participles() {
    // (text, entities that must be there, names that must not be entities)
    type Case<'a> = (&'a str, &'a [(&'a str, EntityKind)], &'a [&'a str]);
    let cases: &[Case] = &[
        ("Anja Holt met Tomas Rivera Tuesday.", &[("Tomas Rivera", EntityKind::Person)], &["Tomas Rivera Tuesday"]),
        (
            "Erik Sand saw Carla Mendes Friday in Oslo.",
            &[("Carla Mendes", EntityKind::Person)],
            &["Carla Mendes Friday"],
        ),
        ("Agency Director Anna Brel spoke.", &[("Anna Brel", EntityKind::Person)], &["Agency Director Anna Brel"]),
        (
            "Velmar Fund Managing Director Ola Nordby spoke.",
            &[("Ola Nordby", EntityKind::Person), ("Velmar Fund", EntityKind::Organization)],
            &["Velmar Fund Managing Director Ola Nordby"],
        ),
        ("Welcoming Soviet proposals, Anja Holt spoke.", &[("Anja Holt", EntityKind::Person)], &["Welcoming Soviet"]),
        ("Vice Adm. Tomas Rivera resigned.", &[("Tomas Rivera", EntityKind::Person)], &["Vice Adm. Tomas Rivera"]),
        (
            "Anja Holt and the Velmar Finance Ministry held talks.",
            &[("Anja Holt", EntityKind::Person), ("Velmar Finance Ministry", EntityKind::Organization)],
            &["Anja Holt and the Velmar Finance Ministry"],
        ),
        (
            "Talks between Chile and the Soviet Union began in 1987.",
            &[("Chile", EntityKind::Place), ("Soviet Union", EntityKind::Place)],
            &["Chile and the Soviet Union"],
        ),
        (
            "The Velmar Union in Geneva said so.",
            &[("Velmar Union", EntityKind::Organization)],
            &["Velmar Union in Geneva"],
        ),
        (
            "Carla Mendes, Minister for External Relations, spoke.",
            &[("Carla Mendes", EntityKind::Person)],
            &["External Relations"],
        ),
        ("Growth of gross domestic product slowed, the Economic Planning Minister said.", &[], &["Economic Planning"]),
        // A lone unknown word is a state when it owns what only a state has, sends an envoy,
        // or stands in a list after a place; a people or a nationality in a list is not.
        (
            "Officials said Gondor's foreign minister and the envoy of Arnor spoke.",
            &[("Gondor", EntityKind::Place), ("Arnor", EntityKind::Place)],
            &[],
        ),
        (
            "Envoys of Chile, Osgiliath and Gondor arrived.",
            &[("Osgiliath", EntityKind::Place), ("Gondor", EntityKind::Place)],
            &[],
        ),
        ("Officials of Syria and Arabs spoke. US and European officials met.", &[], &["Arabs", "European"]),
        ("In Kyiv, Umerov said the talks went well.", &[], &["Umerov"]),
    ];
    for (text, present, absent) in cases {
        let names = entity_names(text);
        for (name, kind) in *present {
            assert!(names.iter().any(|(n, k)| n == name && k == kind), "{text}: no {kind} {name} in {names:?}");
        }
        for name in *absent {
            assert!(names.iter().all(|(n, _)| n != name), "{text}: {name} should not be an entity: {names:?}");
        }
    }
}

#[test]
fn unknown_names_in_known_slots_are_typed_by_the_slot() {
    check(
        "2025-06-01",
        &[
            ("Chile welcomed President Tolan to Santiago.", &[]),
            (
                "Gendry Prime Minister Ivo Tolan met Anja Holt.",
                &["Ivo Tolan leader-of Gendry", "Ivo Tolan met-with Anja Holt"],
            ),
            ("Gendry President Tolan met Anja Holt in Oslo.", &["Tolan leader-of Gendry", "Tolan met-with Anja Holt"]),
            ("Borvia's Prime Minister Ivo Tolan spoke.", &["Ivo Tolan leader-of Borvia"]),
            ("King Ardo of Borvia met Anja Holt.", &["Ardo leader-of Borvia", "Ardo met-with Anja Holt"]),
            ("Anja Holt met Gen. Brel in Oslo.", &["Anja Holt met-with Brel"]),
            (
                "Anja Holt held talks with President Tolan of Gendry.",
                &["Anja Holt met-with Tolan", "Tolan leader-of Gendry"],
            ),
            ("Velmar Bank Governor Ivo Tolan spoke.", &["Ivo Tolan leader-of Velmar Bank"]),
            ("Ivo Tolan, general director of Borvex, spoke.", &["Ivo Tolan leader-of Borvex"]),
            (
                "Anja Holt, executive secretary of the Velmar Commission, spoke.",
                &["Anja Holt leader-of Velmar Commission"],
            ),
            // Honorifics, particles and stacked titles between a title and its holder.
            ("Gendry President Sheikh Ivo Tolan spoke.", &["Ivo Tolan leader-of Gendry"]),
            ("Chilean President Sheikh Ivo bin Sultan al-Tolan spoke.", &["Ivo bin Sultan al-Tolan leader-of Chile"]),
            ("Chile's Crown Prince and Premier Ivo Tolan spoke.", &["Ivo Tolan leader-of Chile"]),
            ("Chile's Conservative Prime Minister Ivo Tolan spoke.", &["Ivo Tolan leader-of Chile"]),
            ("Anja Holt met the Chilean ambassador and Prime Minister Ivo Tolan.", &["Anja Holt met-with Ivo Tolan"]),
            // A plural title: each holder with the place after "of".
            (
                "Presidents Ana Ruiz of Chile and Ivo Tolan of Peru spoke at the summit.",
                &["Ana Ruiz leader-of Chile", "Ivo Tolan leader-of Peru"],
            ),
            ("President Ana Ruiz of Chile and Ivo Tolan of Peru spoke.", &["Ana Ruiz leader-of Chile"]),
            // "Presidential" points at the article's one president.
            (
                "Chilean President Ana Ruiz spoke. Presidential spokesman Ivo Tolan said so.",
                &["Ana Ruiz leader-of Chile", "Ivo Tolan aide-of Ana Ruiz"],
            ),
            ("Presidential spokesman Ivo Tolan said so.", &[]),
            // An unknown nationality stands for the state the article names, or for nothing.
            (
                "Velorian President Ana Kovac met Anja Holt in Veloria.",
                &["Ana Kovac leader-of Veloria", "Ana Kovac met-with Anja Holt"],
            ),
            ("Velorian President Ana Kovac met Anja Holt.", &["Ana Kovac met-with Anja Holt"]),
            ("Rokashi envoy Ivo Tolan arrived in Rokash.", &["Ivo Tolan envoy-of Rokash"]),
            (
                "President Ivo Tolan of West Gendry sent his special envoy, Nils Brand, to Oslo.",
                &["Ivo Tolan leader-of West Gendry", "Nils Brand envoy-of Ivo Tolan"],
            ),
            ("Velmar Rights Watch spokesman Ivo Tolan said so.", &[]),
            // Only states and bodies are led (EXTRACTION.md): a mayor, or a province's governor,
            // leads nothing, a bank's governor leads the bank.
            ("Velmo Mayor Ana Ruiz filed a suit.", &[]),
            ("Oslo Mayor Ana Ruiz spoke.", &[]),
            ("The mayor of Lima, Ana Ruiz, spoke.", &[]),
            ("Texas Governor Ana Ruiz spoke.", &[]),
            ("Ana Ruiz, the governor of the Bank of England, spoke.", &["Ana Ruiz leader-of Bank of England"]),
            // A known body followed by a name: the name is the holder, not part of the body.
            (
                "President of the European Commission Ivo Tolan and Anja Holt held a meeting.",
                &["Ivo Tolan leader-of European Commission", "Ivo Tolan met-with Anja Holt"],
            ),
            // Negatives: a camp, a ministry's civil servant, a former or acting title.
            ("Velmo Deputy Mayor Ana Ruiz spoke.", &[]),
            ("Opposition leader Ivo Tolan spoke.", &[]),
            ("Senate Republican leader Ivo Tolan spoke.", &[]),
            ("Democratic leader Ivo Tolan of Gendry spoke.", &[]),
            ("Ivo Tolan, director-general of the Gendry Foreign Ministry, spoke.", &[]),
            ("Former Gendry President Tolan spoke.", &[]),
            ("Ivo Tolan, the former head of the Velmar Commission, spoke.", &[]),
            ("Gendry Foreign Minister Ivo Tolan spoke.", &[]),
            ("Gendry's army chief Ivo Tolan spoke.", &[]),
            ("Ivo Tolan, a candidate for Gendry president, spoke.", &[]),
            ("Ivo Tolan, the chairman of Gendry's bank advisory committee, spoke.", &[]),
        ],
    );
}

#[test]
fn office_holders_are_read_at_the_article_date() {
    check(
        "1987-05-01",
        &[
            (
                "President Reagan met Anja Holt in Washington, officials of the U.S. said.",
                &["Ronald Reagan met-with Anja Holt", "Ronald Reagan leader-of United States"],
            ),
            ("Kremlin leader Mikhail Gorbachev spoke.", &["Mikhail Gorbachev leader-of Soviet Union"]),
            ("Moscow demanded a ceasefire.", &["Soviet Union demands ceasefire"]),
            ("Soviet Premier Nikolai Ryzhkov spoke.", &["Nikolai Ryzhkov leader-of Soviet Union"]),
            ("King Fahd said Saudi Arabia wants stability.", &["Fahd bin Abdulaziz leader-of Saudi Arabia"]),
        ],
    );
    check(
        "2010-05-01",
        &[
            ("Moscow demanded a ceasefire.", &["Russia demands ceasefire"]),
            // No article names the United States: no leader-of from the lexicon alone.
            ("President Reagan's library opened.", &[]),
        ],
    );
}

#[test]
fn visits_are_meetings_only_with_a_named_host() {
    check(
        "2025-06-01",
        &[
            ("Anja Holt visited Tomas Rivera in Lima.", &["Anja Holt met-with Tomas Rivera"]),
            ("Anja Holt was greeted on arrival by Tomas Rivera.", &["Tomas Rivera met-with Anja Holt"]),
            ("Anja Holt was received at the palace by Tomas Rivera.", &["Tomas Rivera met-with Anja Holt"]),
            ("Tomas Rivera hosted Anja Holt in Lima.", &["Tomas Rivera met-with Anja Holt"]),
            ("Anja Holt visited Peru and met Tomas Rivera.", &["Anja Holt met-with Tomas Rivera"]),
            ("Anja Holt visited Peru and Chile last week.", &[]),
            ("Anja Holt toured Chile and Peru.", &[]),
            ("Anja Holt arrived in Lima on Monday.", &[]),
            ("Anja Holt flew to Moscow for a two-day visit.", &[]),
            ("Anja Holt visits Washington next month.", &[]),
            ("Anja Holt will visit Tomas Rivera in May.", &[]),
            ("Anja Holt told reporters in an interview with Reuters that she was pleased.", &[]),
        ],
    );
}

#[test]
fn plans_wishes_and_possibilities_give_no_meeting() {
    check(
        "2025-06-01",
        &[
            ("Anja Holt met for more than an hour with Tomas Rivera.", &["Anja Holt met-with Tomas Rivera"]),
            ("Anja Holt had talks on trade with Tomas Rivera.", &["Anja Holt met-with Tomas Rivera"]),
            ("Anja Holt began talks with Tomas Rivera in Lima.", &["Anja Holt met-with Tomas Rivera"]),
            ("Anja Holt conferred with Tomas Rivera on Monday.", &["Anja Holt met-with Tomas Rivera"]),
            ("Anja Holt has long sought talks with Tomas Rivera.", &[]),
            ("Anja Holt might meet Tomas Rivera.", &[]),
            ("Anja Holt is due to meet Tomas Rivera.", &[]),
            ("Anja Holt hopes to see Tomas Rivera.", &[]),
            ("Anja Holt prepares to visit Lima for talks with Tomas Rivera.", &[]),
            ("Anja Holt said she was looking forward to her talks with Tomas Rivera.", &[]),
            ("Anja Holt arrives on Monday for talks with Tomas Rivera.", &[]),
            ("Anja Holt was scheduled to meet Tomas Rivera today.", &[]),
        ],
    );
}

#[test]
fn meetings_with_several_parties_pair_everyone_named() {
    check(
        "2025-06-01",
        &[
            (
                "Anja Holt held talks in Lima with Chilean Finance Minister Tomas Rivera, Velmar Bank chief Erik Sand and Borvex head Carla Mendes.",
                &[
                    "Anja Holt met-with Carla Mendes",
                    "Anja Holt met-with Erik Sand",
                    "Anja Holt met-with Tomas Rivera",
                    "Carla Mendes leader-of Borvex",
                    "Erik Sand leader-of Velmar Bank",
                ],
            ),
            (
                "The forecast came from a meeting attended by Anja Holt, Tomas Rivera and Erik Sand.",
                &["Anja Holt met-with Erik Sand", "Anja Holt met-with Tomas Rivera", "Tomas Rivera met-with Erik Sand"],
            ),
            (
                "Taking part in the talks were Anja Holt and Tomas Rivera.",
                &["Anja Holt met-with Tomas Rivera"],
            ),
            (
                "Talks between Chile and Peru have failed to end the dispute.",
                &["Chile met-with Peru"],
            ),
            (
                "Anja Holt met European leaders Ivo Tolan, Erik Sand and Carl Berg in Brussels.",
                &["Anja Holt met-with Carl Berg", "Anja Holt met-with Erik Sand", "Anja Holt met-with Ivo Tolan"],
            ),
            ("Ivo Tolan and Erik Sand met Anja Holt.", &["Erik Sand met-with Anja Holt", "Ivo Tolan met-with Anja Holt"]),
            ("Ivo Tolan and Erik Sand met in Lima on Monday.", &["Ivo Tolan met-with Erik Sand"]),
            (
                "The meeting attended by Ivo Tolan, Finance Minister Erik Sand and a Velmar Bank representative ended.",
                &["Ivo Tolan met-with Erik Sand"],
            ),
            (
                "Anja Holt met Ivo Tolan, Erik Sand and others.",
                &["Anja Holt met-with Erik Sand", "Anja Holt met-with Ivo Tolan"],
            ),
            ("Anja Holt met Ivo Tolan, Chile's finance minister, on Monday.", &["Anja Holt met-with Ivo Tolan"]),
            (
                "Anja Holt met Tomas Rivera and Erik Sand met Carl Berg.",
                &["Anja Holt met-with Tomas Rivera", "Erik Sand met-with Carl Berg"],
            ),
            ("Anja Holt met Velmar and Borvex leaders on Monday.", &[]),
            ("Anja Holt met Peruvian officials in Lima.", &[]),
            ("Anja Holt met Senate and Democratic leaders.", &[]),
            (
                "Anja Holt met for an hour with Tomas Rivera, and Chile's finance minister Erik Sand said the talks went well.",
                &["Anja Holt met-with Tomas Rivera"],
            ),
        ],
    );
}

#[test]
fn envoys_are_read_through_postings_and_delegations() {
    check(
        "2025-06-01",
        &[
            ("Peruvian Ambassador to Oslo Nils Brand spoke.", &["Nils Brand envoy-of Peru"]),
            (
                "Anja Holt met Peruvian Charge d'Affaires in Oslo Nils Brand.",
                &["Anja Holt met-with Nils Brand", "Nils Brand envoy-of Peru"],
            ),
            ("Nils Brand, Peru's delegate to the United Nations, spoke.", &["Nils Brand envoy-of Peru"]),
            ("Peruvian U.N. Representative Nils Brand spoke.", &["Nils Brand envoy-of Peru"]),
            ("Peru's U.N. Representative, Ambassador Nils Brand, spoke.", &["Nils Brand envoy-of Peru"]),
            ("NATO envoy Nils Brand spoke.", &["Nils Brand envoy-of NATO"]),
            ("A Peruvian delegation led by Nils Brand arrived in Oslo.", &["Nils Brand envoy-of Peru"]),
            ("Peru's negotiators, headed by Nils Brand, met in Oslo.", &["Nils Brand envoy-of Peru"]),
            ("The Peruvian team led by coach Nils Brand won.", &[]),
            // Whoever heads a side's delegation acts for that side.
            (
                "Peruvian Mining Minister Nils Brand came to Oslo at the head of a big delegation.",
                &["Nils Brand envoy-of Peru"],
            ),
            ("Nils Brand arrived in Oslo at the head of a Peruvian delegation.", &["Nils Brand envoy-of Peru"]),
            (
                "Nils Brand, heading the Peruvian delegation, met Anja Holt.",
                &["Nils Brand envoy-of Peru", "Nils Brand met-with Anja Holt"],
            ),
            ("Nils Brand led a delegation of businessmen to Oslo.", &[]),
            ("Peruvian Trade Minister Nils Brand will lead a delegation to Oslo next week.", &[]),
            // The text binds a later named holder to the unnamed envoy it introduced.
            (
                "A French envoy arrived in Lima on Monday. The envoy, Paul Delorme, met Anja Holt.",
                &["Paul Delorme envoy-of France", "Paul Delorme met-with Anja Holt"],
            ),
            (
                "The Peruvian ambassador to Chile urged calm. Ambassador Nils Brand said talks would go on.",
                &["Nils Brand envoy-of Peru"],
            ),
            ("A French envoy and a Chilean envoy arrived. The envoy, Paul Delorme, spoke.", &[]),
            ("A French envoy arrived in Lima on Monday. Paul Delorme spoke.", &[]),
            ("Chile's NATO representative spoke. The representative, Nils Brand, left.", &[]),
            ("Nils Brand, the envoy for Ukraine, spoke.", &[]),
            ("Nils Brand, a former Peruvian ambassador, spoke.", &[]),
        ],
    );
}

#[test]
fn demands_have_clean_objects_and_every_source() {
    check(
        "2025-06-01",
        &[
            ("Chile and Peru have already called for a higher quota.", &["Chile demands higher quota", "Peru demands higher quota"]),
            (
                "Both Anja Holt and Tomas Rivera called for debt relief.",
                &["Anja Holt demands debt relief", "Tomas Rivera demands debt relief"],
            ),
            ("Peru rejected a demand by NATO for a currency devaluation.", &["NATO demands currency devaluation"]),
            ("Peru rejected an IMF demand to lift state subsidies.", &["International Monetary Fund demands lift state subsidies"]),
            (
                "Anja Holt said she will not negotiate with Peru until Chile recognises the border and withdraws its troops.",
                &["Anja Holt demands chile recognises the border", "Anja Holt demands withdraws its troops"],
            ),
            ("Chile will sign only if the quotas are lifted.", &["Chile demands quotas are lifted"]),
            ("Peru's demands for a withdrawal of troops were rejected.", &["Peru demands withdrawal of troops"]),
            // A condition stated as a fact by its setter.
            (
                "Anja Holt said on Sunday that the militia's disarmament was a condition for a truce.",
                &["Anja Holt demands militia's disarmament"],
            ),
            ("Anja Holt said a ceasefire was not a precondition for talks.", &[]),
            ("Analysts said the vote was a condition of the loan.", &[]),
            ("Among Peru's demands is the withdrawal of troops.", &["Peru demands withdrawal of troops"]),
            // A verb after a comma has its clause's subject, not the last name before it.
            (
                "Anja Holt hosted Tomas Rivera on Monday, calling for a truce.",
                &["Anja Holt demands truce", "Anja Holt met-with Tomas Rivera"],
            ),
            (
                "Talks failed after Velmo Prime Minister Ivo Tolan blocked the deal, demanding guarantees.",
                &["Ivo Tolan demands guarantees", "Ivo Tolan leader-of Velmo"],
            ),
            ("Chile insisted on linking the pact to missiles and air defence.", &["Chile demands linking the pact to missiles and air defence"]),
            ("Anja Holt said she would wait until Tomas Rivera met Erik Sand.", &[]),
            ("Peru did not attend until Chile agreed to the talks.", &[]),
            ("Chile urged Peru to lift the quotas.", &[]),
            ("Chile called on Peru to lift the quotas.", &[]),
            ("Chile appealed for calm.", &[]),
            ("Chile said the demand for copper rose.", &[]),
            ("Chile insisted that it had not broken the truce.", &[]),
        ],
    );
}

#[test]
fn pronouns_follow_the_person_the_text_is_about() {
    check(
        "2025-06-01",
        &[
            ("Anja Holt arrived in Lima, where she met Tomas Rivera.", &["Anja Holt met-with Tomas Rivera"]),
            (
                "Anja Holt arrived in Lima. In a statement, she praised the talks. She was greeted by Tomas Rivera.",
                &["Tomas Rivera met-with Anja Holt"],
            ),
            ("After her talks with Tomas Rivera, Anja Holt left.", &["Anja Holt met-with Tomas Rivera"]),
            // A bare title is the article's one holder of it.
            (
                "King Ardo of Borvia spoke on Monday. The King also called for an end to the fighting.",
                &["Ardo demands end to the fighting", "Ardo leader-of Borvia"],
            ),
            (
                "Chilean President Ana Ruiz spoke. The president called for calm and met Carl Berg.",
                &["Ana Ruiz demands calm", "Ana Ruiz leader-of Chile", "Ana Ruiz met-with Carl Berg"],
            ),
            (
                "Chilean President Ana Ruiz spoke. Peruvian President Carl Berg arrived. The President called for calm.",
                &["Ana Ruiz leader-of Chile", "Carl Berg leader-of Peru"],
            ),
            ("Anja Holt spoke. The plan failed. She called for new elections.", &["Anja Holt demands new elections"]),
            ("Erik Sand joined Anja Holt, who had long talks with him on Monday.", &["Anja Holt met-with Erik Sand"]),
        ],
    );
}

#[test]
fn headlines_are_read_with_their_compressed_grammar() {
    // A headline is the article's first line: present tense for what happened, "to" for plans,
    // commas for "and", and a role with no name is someone unnamed.
    let body = "\n\nThe two sides gave no details.";
    let cases: &[(&str, &[&str])] = &[
        ("Anja Holt meets Tomas Rivera in Oslo", &["Anja Holt met-with Tomas Rivera"]),
        (
            "Anja Holt hosts Tomas Rivera, calls for truce",
            &["Anja Holt demands truce", "Anja Holt met-with Tomas Rivera"],
        ),
        ("Gendry's Ivo Tolan holds talks with Anja Holt", &["Ivo Tolan met-with Anja Holt"]),
        ("Chilean envoy Ivo Tolan meets Anja Holt", &["Ivo Tolan envoy-of Chile", "Ivo Tolan met-with Anja Holt"]),
        ("Anja Holt welcomes Tomas Rivera to Oslo", &["Anja Holt met-with Tomas Rivera"]),
        ("Russia demands withdrawal of Gendry troops", &["Russia demands withdrawal of gendry troops"]),
        ("Anja Holt, Tomas Rivera hold talks in Oslo", &["Anja Holt met-with Tomas Rivera"]),
        ("Chilean President Ivo Tolan meets Anja Holt", &["Ivo Tolan leader-of Chile", "Ivo Tolan met-with Anja Holt"]),
        ("Anja Holt meets Tomas Rivera after row over tariffs", &["Anja Holt met-with Tomas Rivera"]),
        ("Tomas Rivera received by Anja Holt in Lima", &["Anja Holt met-with Tomas Rivera"]),
        // Negatives: unnamed holders, plans, calls, denials.
        ("Ivo Tolan's chief of staff meets US army secretary", &[]),
        ("Velmar envoy meets Anja Holt", &[]),
        ("Ivo Tolan envoy meets Anja Holt in Oslo", &[]),
        ("Anja Holt to meet Tomas Rivera in Oslo", &[]),
        ("Anja Holt set to host Tomas Rivera next week", &[]),
        ("Anja Holt, Tomas Rivera to hold talks", &[]),
        ("Anja Holt phones Tomas Rivera", &[]),
        ("Anja Holt denies meeting Tomas Rivera", &[]),
        ("Anja Holt urges Tomas Rivera to end strike", &[]),
        ("Anja Holt may meet Tomas Rivera", &[]),
    ];
    let texts: Vec<(String, &[&str])> = cases.iter().map(|(h, want)| (format!("{h}{body}"), *want)).collect();
    let cases: Vec<(&str, &[&str])> = texts.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    check("2025-06-01", &cases);
}
