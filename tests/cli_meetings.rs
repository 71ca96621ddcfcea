//! Meetings as events (issue 28): the day and place of each meeting in the export, `show` and
//! `timeline`, and `kg meetings` listing a meeting of several people once.

use crate::util::Kg;

/// Three invented dated articles: a four-party meeting told by two of them, a pair meeting
/// elsewhere, and a plan that is no meeting.
fn articles(kg: &Kg) {
    kg.write(
        "a/one.md",
        "---\ntitle: Ministers meet\ndate: 2025-03-12\n---\n\
         Foreign Minister Ana Ruiz met Chancellor Peter Brandt in Vienna on Tuesday.\n\n\
         Prime Minister Ola Dahl hosted Ruiz, Brandt and President Sofia Marren in Oslo yesterday.\n",
    );
    kg.write(
        "a/two.md",
        "---\ntitle: Oslo talks\ndate: 2025-03-13\n---\n\
         Ana Ruiz, Peter Brandt and Sofia Marren were hosted by Prime Minister Ola Dahl in Oslo on Tuesday.\n\n\
         Marren met Chancellor Brandt in Bergen on March 2.\n\n\
         Dahl will meet Ruiz in Geneva on Friday.\n",
    );
}

fn names(meeting: &serde_json::Value) -> Vec<String> {
    meeting["participants"].as_array().expect("participants").iter().map(|p| p["name"].to_string()).collect()
}

#[test]
fn a_meeting_of_four_told_by_two_articles_is_listed_once_with_everyone_in_it() {
    let kg = Kg::new();
    articles(&kg);
    kg.run(&["ingest", "a"]).expect(0);
    let json = kg.run(&["meetings", "--where", "Oslo", "--format", "json"]).expect(0).json();
    let meetings = json["meetings"].as_array().expect("meetings");
    assert_eq!(meetings.len(), 1, "{json}");
    let m = &meetings[0];
    assert_eq!(names(m), ["\"Ana Ruiz\"", "\"Peter Brandt\"", "\"Ola Dahl\"", "\"Sofia Marren\""], "{json}");
    assert_eq!(m["date"], "2025-03-11");
    assert_eq!(m["date_is_article_date"], false);
    assert_eq!(m["venue"]["name"], "Oslo");
    assert_eq!(m["articles"], serde_json::json!(["one", "two"]));
    assert_eq!(m["evidence"].as_array().map(Vec::len), Some(2));
}

#[test]
fn meetings_are_listed_newest_first_and_a_plan_is_none() {
    let kg = Kg::new();
    articles(&kg);
    kg.run(&["ingest", "a"]).expect(0);
    let table = kg.run(&["meetings"]).expect(0).stdout;
    let heads: Vec<&str> = table.lines().filter(|l| !l.starts_with(' ') && !l.is_empty()).collect();
    assert_eq!(
        heads,
        [
            "2025-03-11 in Vienna: Ana Ruiz, Peter Brandt",
            "2025-03-11 in Oslo: Ana Ruiz, Peter Brandt, Ola Dahl, Sofia Marren",
            "2025-03-02 in Bergen: Peter Brandt, Sofia Marren",
        ],
        "{table}"
    );
    assert!(!table.contains("Geneva"), "{table}");
    // One person's meetings, in a period.
    let brandt = kg.run(&["meetings", "Brandt", "--until", "2025-03-10", "--format", "json"]).expect(0).json();
    assert_eq!(brandt["total"], 1, "{brandt}");
    assert_eq!(brandt["meetings"][0]["venue"]["name"], "Bergen");
}

#[test]
fn the_export_show_and_timeline_give_each_meeting_its_day_and_place() {
    let kg = Kg::new();
    articles(&kg);
    kg.run(&["ingest", "a"]).expect(0);
    let export = kg.export();
    let id_of = |name: &str| {
        export["entities"].as_array().expect("entities").iter().find(|e| e["name"] == name).expect(name)["id"].clone()
    };
    let vienna = export["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .flat_map(|r| r["evidence"].as_array().expect("evidence").iter())
        .find(|e| e["sentence"].as_str().is_some_and(|s| s.contains("Vienna")))
        .expect("the Vienna sentence")
        .clone();
    assert_eq!(vienna["event_date"], "2025-03-11");
    assert_eq!(vienna["venue"], id_of("Vienna"));
    let show = kg.run(&["show", "Ana Ruiz"]).expect(0).stdout;
    assert!(show.contains("[met-verb] (2025-03-11, in Vienna): Foreign Minister Ana Ruiz met"), "{show}");
    let timeline = kg.run(&["timeline", "Sofia Marren"]).expect(0).stdout;
    assert!(timeline.contains("Peter Brandt -[met-with]- Sofia Marren (2025-03-02, in Bergen)"), "{timeline}");
    // An export read back keeps them.
    let file = kg.write("export.json", serde_json::to_string(&export).expect("json"));
    let copy = Kg::new();
    copy.run(&["import", &file.display().to_string()]).expect(0);
    assert_eq!(copy.export()["relations"], export["relations"]);
}

#[test]
fn a_meeting_place_carries_its_coordinates_when_the_gazetteer_knows_it() {
    let kg = Kg::new();
    kg.write(
        "a/one.md",
        "---\ndate: 2025-03-12\n---\n\
         Prime Minister Ola Dahl met Foreign Minister Ana Ruiz in Oslo on Monday.\n\n\
         President Sofia Marren met Chancellor Peter Brandt in Saudi Arabia on Tuesday.\n\n\
         Dahl met Brandt at Camp David on Wednesday.\n",
    );
    kg.run(&["ingest", "a"]).expect(0);
    let json = kg.run(&["meetings", "--format", "json"]).expect(0).json();
    let venue = |name: &str| {
        json["meetings"].as_array().expect("meetings").iter().find(|m| m["venue"]["name"] == name).expect(name)["venue"]
            .clone()
    };
    // A city where GeoNames has it; a country at its capital (Riyadh); a place the gazetteer
    // does not place, null.
    assert_eq!((venue("Oslo")["lat"].as_f64(), venue("Oslo")["lon"].as_f64()), (Some(59.91), Some(10.75)), "{json}");
    assert_eq!(
        (venue("Saudi Arabia")["lat"].as_f64(), venue("Saudi Arabia")["lon"].as_f64()),
        (Some(24.69), Some(46.72))
    );
    let camp = venue("Camp David");
    assert!(camp["lat"].is_null() && camp["lon"].is_null(), "{camp}");
    // The table says nothing of them.
    let table = kg.run(&["meetings"]).expect(0).stdout;
    assert!(table.contains("2025-03-10 in Oslo: Ola Dahl, Ana Ruiz") && !table.contains("59.91"), "{table}");
}

#[test]
fn a_venue_merged_into_another_place_still_names_the_meeting_place() {
    let kg = Kg::new();
    kg.write("a/one.md", "---\ndate: 2025-03-12\n---\nAna Ruiz met Peter Brandt in Kristiania on Monday.\n");
    kg.write("a/two.md", "---\ndate: 2025-03-14\n---\nOla Dahl met Peter Brandt in Oslo on Thursday.\n");
    kg.run(&["ingest", "a"]).expect(0);
    kg.run(&["merge", "Oslo", "Kristiania"]).expect(0);
    let json = kg.run(&["meetings", "--where", "Oslo", "--format", "json"]).expect(0).json();
    assert_eq!(json["total"], 2, "{json}");
    kg.run(&["check"]).expect(0);
}

#[test]
fn neighbors_where_a_place_are_those_met_there() {
    let kg = Kg::new();
    articles(&kg);
    kg.run(&["ingest", "a"]).expect(0);
    let names = |args: &[&str]| -> Vec<String> {
        let json = kg.run(args).expect(0).json();
        json["neighbors"]
            .as_array()
            .expect("neighbors")
            .iter()
            .map(|n| n["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&["query", "neighbors", "Peter Brandt", "--format", "json"]).len(), 3);
    assert_eq!(names(&["query", "neighbors", "Peter Brandt", "--where", "Vienna", "--format", "json"]), ["Ana Ruiz"]);
    assert_eq!(
        names(&["query", "neighbors", "Peter Brandt", "--where", "Bergen", "--format", "json"]),
        ["Sofia Marren"]
    );
    // A place nobody met at is no entity: said so, as for any other name.
    kg.run(&["query", "neighbors", "Peter Brandt", "--where", "Atlantis"]).expect(2);
}

#[test]
fn graph_exports_carry_each_meetings_days_and_places_on_its_edge() {
    let kg = Kg::new();
    articles(&kg);
    kg.run(&["ingest", "a"]).expect(0);
    let out = kg.path("csv");
    kg.run(&["export", "--format", "csv", "--output", out.to_str().unwrap()]).expect(0);
    let edges = std::fs::read_to_string(out.join("edges.csv")).unwrap();
    assert!(edges.lines().next().unwrap().ends_with(",event_dates,venues"), "{edges}");
    // Ruiz met Brandt in Vienna; Dahl hosted Ruiz in Oslo, told by both articles: one edge
    // each, with the day the sentences give (not the articles' dates) and the place.
    assert!(edges.lines().any(|l| l.contains(",met-with,1,1,") && l.ends_with(",2025-03-11,Vienna")), "{edges}");
    assert!(edges.lines().any(|l| l.contains(",met-with,2,2,") && l.ends_with(",2025-03-11,Oslo")), "{edges}");
    let graphml = kg.run(&["export", "--format", "graphml"]).expect(0).stdout;
    assert!(graphml.contains("<data key=\"venues\">Vienna</data>"), "{graphml}");
    assert!(graphml.contains("<data key=\"event_dates\">2025-03-11</data>"), "{graphml}");
    let dot = kg.run(&["export", "--format", "dot"]).expect(0).stdout;
    assert!(dot.contains("2 articles, 2025-03-12 to 2025-03-13; on 2025-03-11; in Oslo\""), "{dot}");
}
