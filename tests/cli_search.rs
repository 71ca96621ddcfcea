//! `kg search`: phrases, ranking, periods, the JSON shape, replaced and re-ingested articles,
//! an index lost or older than the store, bad queries, backups, and search through `kg serve`.
//! The articles are invented for these tests.

use crate::serve::Served;
use crate::util::Kg;

fn line(id: &str, date: &str, title: &str, text: &str) -> String {
    serde_json::json!({"id": id, "title": title, "date": date, "source": "test", "text": text}).to_string() + "\n"
}

/// Three articles: a phrase in one, its words apart in another, a third about something else.
fn corpus(kg: &Kg) -> std::path::PathBuf {
    let text = [
        line(
            "corridor",
            "2025-03-04",
            "Ports reopen",
            "Officials in Odesa said the grain corridor would reopen on Monday. Ships waited at anchor. \
             The grain corridor carried wheat and barley through the Black Sea last year.",
        ),
        line(
            "apart",
            "2025-04-20",
            "Harvest news",
            "Farmers said a corridor for trucks was open. The grain harvest began early this spring in the south.",
        ),
        line("other", "2025-05-02", "A summit", "Anja Holt met Tomas Rivera in Lisbon to discuss fishing quotas."),
    ];
    kg.write("news.jsonl", text.concat())
}

fn ids(run: &crate::util::Run) -> Vec<String> {
    run.json()["hits"].as_array().expect("hits").iter().map(|h| h["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_quoted_phrase_finds_the_article_with_its_words_in_that_order() {
    let kg = Kg::new();
    kg.ingest(&[&corpus(&kg)]);
    let phrase = kg.run(&["search", "\"grain corridor\"", "--format", "json"]).expect(0);
    assert_eq!(ids(&phrase), ["corridor"]);
    let words = kg.run(&["search", "grain corridor", "--format", "json"]).expect(0);
    assert_eq!(ids(&words), ["corridor", "apart"], "every word must appear; the phrase twice ranks first");
    let table = kg.run(&["search", "\"grain corridor\""]).expect(0).stdout;
    assert!(table.starts_with("1 article for \"\\\"grain corridor\\\"\""), "{table}");
    assert!(table.contains("1. 2025-03-04  corridor  Ports reopen  (score "), "{table}");
    assert!(
        table.contains("   Officials in Odesa said the «grain» «corridor» would reopen on Monday."),
        "the best sentences, the words found marked: {table}"
    );
}

#[test]
fn the_article_that_says_it_most_and_in_its_title_ranks_first() {
    let kg = Kg::new();
    let text = [
        line(
            "once",
            "2025-01-01",
            "Weather",
            "Rain fell on the pipeline site. Roads were closed. Schools opened late.",
        ),
        line("often", "2025-01-02", "Pipeline talks", "The pipeline deal was signed. The pipeline will carry gas."),
        line("never", "2025-01-03", "Markets", "Shares rose in Oslo."),
    ];
    kg.ingest(&[&kg.write("p.jsonl", text.concat())]);
    let run = kg.run(&["search", "pipeline", "--format", "json"]).expect(0);
    assert_eq!(ids(&run), ["often", "once"]);
    let hits = run.json()["hits"].as_array().unwrap().clone();
    assert!(hits[0]["score"].as_f64() > hits[1]["score"].as_f64());
    let one = kg.run(&["search", "pipeline", "--limit", "1", "--format", "json"]).expect(0);
    assert_eq!(ids(&one), ["often"]);
}

#[test]
fn since_and_until_keep_the_articles_of_the_period() {
    let kg = Kg::new();
    kg.ingest(&[&corpus(&kg)]);
    let search = |extra: &[&str]| {
        let mut args = vec!["search", "grain", "--format", "json"];
        args.extend_from_slice(extra);
        ids(&kg.run(&args).expect(0))
    };
    assert_eq!(search(&["--since", "2025-04"]), ["apart"]);
    assert_eq!(search(&["--until", "2025-03-31"]), ["corridor"]);
    assert_eq!(search(&["--since", "2025-03-05", "--until", "2025-04-19"]), Vec::<String>::new());
    let bad = kg.run(&["search", "grain", "--since", "2025-13"]).expect(2);
    assert!(bad.stderr.contains("not a date"), "{}", bad.stderr);
}

#[test]
fn the_json_answer_gives_snippet_and_sentences_with_character_ranges() {
    let kg = Kg::new();
    kg.ingest(&[&corpus(&kg)]);
    let v = kg.run(&["search", "Lisbon", "--format", "json"]).expect(0).json();
    assert_eq!(
        v,
        serde_json::json!({
            "query": "Lisbon",
            "hits": [{
                "id": "other",
                "date": "2025-05-02",
                "title": "A summit",
                "score": v["hits"][0]["score"],
                "snippet": {"text": "Anja Holt met Tomas Rivera in Lisbon to discuss fishing quotas", "highlights": [[30, 36]]},
                "sentences": [{"text": "Anja Holt met Tomas Rivera in Lisbon to discuss fishing quotas.", "highlights": [[30, 36]]}]
            }]
        })
    );
    assert!(v["hits"][0]["score"].as_f64().unwrap() > 0.0);
}

#[test]
fn a_replaced_article_is_found_by_its_new_text_only_and_a_rerun_adds_no_duplicate() {
    let kg = Kg::new();
    let first = kg.write("a.jsonl", line("story", "2025-02-01", "Talks", "The envoy flew to Tallinn for talks."));
    kg.ingest(&[&first]);
    kg.ingest(&[&first]);
    assert_eq!(ids(&kg.run(&["search", "Tallinn", "--format", "json"]).expect(0)), ["story"]);
    let second = kg.write("b.jsonl", line("story", "2025-02-01", "Talks", "The envoy flew to Riga instead."));
    let out = kg.ingest(&[&second]).stdout;
    assert!(out.contains("1 replaced"), "{out}");
    assert!(ids(&kg.run(&["search", "Tallinn", "--format", "json"]).expect(0)).is_empty());
    assert_eq!(ids(&kg.run(&["search", "envoy", "--format", "json"]).expect(0)), ["story"]);
    let check = kg.run(&["check", "--format", "json"]).expect(0).json();
    assert_eq!(check["unindexed"], 0);
}

#[test]
fn a_lost_index_is_reported_and_filled_again_by_ingesting_the_same_sources() {
    let kg = Kg::new();
    let news = corpus(&kg);
    kg.ingest(&[&news]);
    std::fs::remove_dir_all(kg.db().join("search")).unwrap();
    let empty = kg.run(&["search", "grain"]).expect(2);
    assert!(empty.stderr.contains("search index") && empty.stderr.contains("is empty"), "{}", empty.stderr);
    assert!(empty.stderr.contains("Ingest the same sources again"), "{}", empty.stderr);
    let check = kg.run(&["check"]).expect(0).stdout;
    assert!(check.contains("note: 3 articles are not in the search index"), "{check}");
    let again = kg.ingest(&[&news]).stdout;
    assert!(again.contains("0 new, 3 unchanged"), "unchanged, not re-extracted: {again}");
    assert_eq!(ids(&kg.run(&["search", "\"grain corridor\"", "--format", "json"]).expect(0)), ["corridor"]);
    assert_eq!(kg.run(&["check", "--format", "json"]).expect(0).json()["unindexed"], 0);
}

#[test]
fn an_empty_or_broken_query_is_a_clear_error_not_a_crash() {
    let kg = Kg::new();
    kg.ingest(&[&corpus(&kg)]);
    let empty = kg.run(&["search", "  "]).expect(2);
    assert!(empty.stderr.contains("the query is empty"), "{}", empty.stderr);
    let open = kg.run(&["search", "\"grain corridor"]).expect(2);
    assert!(open.stderr.contains("does not parse"), "{}", open.stderr);
    for q in ["(", "title:", "AND", "nosuchfield:grain", "grain^x", "*", "[a TO"] {
        let run = kg.run(&["search", q]);
        assert!(run.code == 0 || run.code == 2, "{q:?}: status {}\n{}", run.code, run.stderr);
    }
    let zero = kg.run(&["search", "grain", "--limit", "0"]).expect(2);
    assert!(zero.stderr.contains("limit 0"), "{}", zero.stderr);
}

#[test]
fn a_backup_carries_the_search_index() {
    let kg = Kg::new();
    kg.ingest(&[&corpus(&kg)]);
    let dest = kg.path("copy.sled");
    kg.run(&["backup", dest.to_str().unwrap()]).expect(0);
    let copy = Kg::at(&dest);
    assert_eq!(ids(&copy.run(&["search", "Lisbon", "--format", "json"]).expect(0)), ["other"]);
}

#[test]
fn search_goes_through_kg_serve_and_sees_what_is_ingested_through_it() {
    let kg = Kg::new();
    kg.ingest(&[&corpus(&kg)]);
    let local = kg.run(&["search", "grain", "--format", "json"]).expect(0).json();
    let server = Served::start(&kg, &[]);
    let through = kg.run(&["search", "grain", "--format", "json"]).expect(0).json();
    assert_eq!(through, local, "the same answer through the server");
    let (status, api) = server.get("/api/search?q=grain");
    assert_eq!(status, 200);
    assert_eq!(api, local);
    let (status, bad) = server.get("/api/search?q=%22open");
    assert_eq!(status, 400, "{bad}");
    assert!(bad["error"].as_str().unwrap().contains("does not parse"), "{bad}");
    let more = kg.write("more.jsonl", line("later", "2025-06-01", "Ferries", "Ferries to Gotland resumed."));
    kg.ingest(&[&more]);
    assert_eq!(ids(&kg.run(&["search", "Gotland", "--format", "json"]).expect(0)), ["later"]);
    let (_, api) = server.get("/api/search?q=grain&since=2025-04&limit=5");
    assert_eq!(api["hits"].as_array().unwrap().len(), 1);
    drop(server);
    assert_eq!(ids(&kg.run(&["search", "Gotland", "--format", "json"]).expect(0)), ["later"]);
}

#[test]
fn facts_records_are_found_by_their_evidence_until_the_articles_themselves_are_ingested() {
    let kg = Kg::new();
    let text = "Anja Holt met Tomas Rivera in Lisbon on Monday. The weather in the harbour was calm.";
    let article = kg.write("a.jsonl", line("visit", "2025-05-02", "A visit", text));
    kg.run(&["extract", "--output", "facts.jsonl", article.to_str().unwrap()]).expect(0);
    kg.run(&["ingest", "--facts", "facts.jsonl"]).expect(0);
    assert_eq!(ids(&kg.run(&["search", "Lisbon", "--format", "json"]).expect(0)), ["visit"]);
    assert!(ids(&kg.run(&["search", "harbour", "--format", "json"]).expect(0)).is_empty(), "no text in the facts");
    let again = kg.ingest(&[&article]).stdout;
    assert!(again.contains("1 unchanged"), "{again}");
    assert_eq!(ids(&kg.run(&["search", "harbour", "--format", "json"]).expect(0)), ["visit"]);
    assert_eq!(ids(&kg.run(&["search", "Lisbon", "--format", "json"]).expect(0)), ["visit"], "one document");
}

#[test]
fn a_forgotten_article_is_no_longer_found_and_comes_back_when_ingested_again() {
    let kg = Kg::new();
    let news = corpus(&kg);
    kg.ingest(&[&news]);
    kg.run(&["forget", "corridor"]).expect(0);
    let words = kg.run(&["search", "grain corridor", "--format", "json"]).expect(0);
    assert_eq!(ids(&words), ["apart"], "the forgotten article is out of the index");
    let check = kg.run(&["check", "--format", "json"]).expect(0).json();
    assert_eq!(check["unindexed"].as_u64().unwrap_or(0), 0, "{check}");
    kg.ingest(&[&news]);
    let words = kg.run(&["search", "grain corridor", "--format", "json"]).expect(0);
    assert_eq!(ids(&words), ["corridor", "apart"]);
}
