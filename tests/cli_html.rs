//! The articles people have: saved news pages (HTML), PDFs with and without a text layer,
//! folders holding other files, and the url of each article kept from every format to every
//! output. The pages and PDFs are invented, in the shape of common news sites
//! (`tests/fixtures/inbox/`, its PDFs and picture written by `scripts/make_inbox.py`).

use crate::util::{fixture, triples, Kg};
use std::path::PathBuf;

/// Copies files of `tests/fixtures/inbox/` into the test's `in/` folder.
fn inbox(kg: &Kg, names: &[&str]) -> PathBuf {
    for name in names {
        let to = kg.path("in").join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture("inbox").join(name), to).unwrap();
    }
    kg.path("in")
}

/// Names of every entity in the export.
fn names(export: &serde_json::Value) -> Vec<String> {
    export["entities"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_news_page_gives_only_its_story_s_facts_not_those_of_its_menu_asides_footer_banner_or_scripts() {
    let kg = Kg::new();
    let dir = inbox(&kg, &["harbour-talks.html"]);
    let run = kg.ingest(&[&dir]);
    assert!(run.stdout.contains("articles: 1 new, 0 unchanged, 0 replaced, 0 failed"), "{}", run.stdout);
    let export = kg.export();
    let mut t = triples(&export);
    t.sort();
    assert_eq!(t, ["Anja Holt envoy-of Norway", "Anja Holt met-with Pavel Brandt"], "{export}");
    let names = names(&export);
    // Each of these met someone in the menu, the cookie banner, an inline script, the
    // "related stories", the "most read" aside or the footer.
    for outsider in ["Greta Lind", "Henrik Moe", "Karl Nyberg", "Elin Sand", "Marta Ruiz", "Tove Lie", "Viktor Aalto"] {
        assert!(!names.iter().any(|n| n.contains(outsider)), "{outsider} is not in the story: {names:?}");
    }
    let article = &kg.run(&["articles", "--format", "json"]).expect(0).json()["articles"][0];
    assert_eq!(article["id"], "harbour-talks");
    assert_eq!(article["title"], "Envoy Anja Holt meets Pavel Brandt over harbour dispute");
    assert_eq!(article["date"], "2025-03-04");
    assert_eq!(article["source"], "The Northern Ledger");
    // The canonical URL, not og:url's tracking variant.
    assert_eq!(article["url"], "https://ledger.example.org/world/2025/03/04/harbour-talks");
}

#[test]
fn a_page_saved_by_a_browser_keeps_its_story_and_finds_its_url_and_date_without_a_canonical_link() {
    let kg = Kg::new();
    let dir = inbox(&kg, &["ferry-deal.htm"]);
    kg.ingest(&[&dir]);
    let export = kg.export();
    assert_eq!(triples(&export), ["Kalev Mets met-with Aino Virtanen"], "{export}");
    let names = names(&export);
    // A newsletter box inside the story, a "trending" sidebar, a consent overlay, a footer.
    for outsider in ["Peeter Kivi", "Anu Laur", "Juhan Pold", "Rein Kask", "Rasmus Org", "Tartu", "Narva"] {
        assert!(!names.iter().any(|n| n.contains(outsider)), "{outsider} is not in the story: {names:?}");
    }
    let article = &kg.run(&["articles", "--format", "json"]).expect(0).json()["articles"][0];
    assert_eq!(article["date"], "2025-05-20", "JSON-LD datePublished inside @graph");
    assert_eq!(article["url"], "https://coastpost.example.com/news/ferry-deal-signed", "og:url");
    assert_eq!(article["title"], "Ferry deal signed in Tallinn");
}

#[test]
fn a_page_s_paragraphs_and_headings_stay_apart_for_the_sentence_splitter() {
    let kg = Kg::new();
    // A heading without a full stop, then a paragraph: run together they would be one
    // sentence whose subject is the heading.
    kg.write(
        "in/p.html",
        "<html><head><title>T</title></head><body><article>\
         <p>Ministers met in Oslo on a cold morning, and the meeting ran late into the evening as both sides argued.</p>\
         <h2>Holt and Brandt agree</h2>\
         <p>Anja Holt met Pavel Brandt in Oslo on Monday, aides said after the long talks had ended.</p>\
         <p>The two envoys will meet again in May, when the harbour fees are due for review by both governments.</p>\
         </article></body></html>",
    );
    kg.ingest(&[&kg.path("in")]);
    let json = kg.run(&["show", "Anja Holt", "--format", "json"]).expect(0).json();
    let sentence = &json["relations"][0]["evidence"][0]["sentence"];
    assert_eq!(sentence, "Anja Holt met Pavel Brandt in Oslo on Monday, aides said after the long talks had ended.");
}

#[test]
fn a_text_layer_pdf_is_read_with_the_title_and_date_of_its_information_dictionary() {
    let kg = Kg::new();
    let dir = inbox(&kg, &["meeting-notes.pdf"]);
    kg.ingest(&[&dir]);
    assert_eq!(triples(&kg.export()), ["Marit Olsen met-with Jonas Keller"]);
    let article = &kg.run(&["articles", "--format", "json"]).expect(0).json()["articles"][0];
    assert_eq!(article["title"], "Harbour committee minutes");
    assert_eq!(article["date"], "2025-03-11");
}

#[test]
fn a_scanned_pdf_without_text_and_a_broken_pdf_fail_with_their_reasons_and_the_rest_goes_in() {
    let kg = Kg::new();
    let dir = inbox(&kg, &["meeting-notes.pdf", "scanned-letter.pdf"]);
    let good = std::fs::read(fixture("inbox/meeting-notes.pdf")).unwrap();
    kg.write("in/cut-short.pdf", &good[..good.len() / 3]);
    kg.write("in/not-a-pdf.pdf", "this is a text file named .pdf");
    let run = kg.run(&["ingest", dir.to_str().unwrap()]).expect(1);
    assert!(run.stdout.contains("articles: 1 new, 0 unchanged, 0 replaced, 3 failed"), "{}", run.stdout);
    assert!(
        run.stderr.contains("scanned-letter.pdf: PDF has no text layer (a scanned image?); run OCR first"),
        "{}",
        run.stderr
    );
    for name in ["cut-short.pdf: ", "not-a-pdf.pdf: "] {
        assert!(run.stderr.contains(name), "{name}\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(triples(&kg.export()), ["Marit Olsen met-with Jonas Keller"]);
}

#[test]
fn files_in_a_folder_that_are_not_articles_are_counted_and_named_never_passed_over_silently() {
    let kg = Kg::new();
    let dir = inbox(&kg, &["harbour-talks.html", "meeting-notes.pdf", "photo.png"]);
    kg.write("in/notes.docx", "PK\u{3}\u{4} not really a document");
    kg.write("in/.DS_Store", [0u8, 0, 0, 1]);
    kg.write("in/README", "What this folder holds.");
    let run = kg.run(&["ingest", dir.to_str().unwrap()]).expect(0);
    let line = "kg: skipped 4 files that are not articles (hidden file, no extension, .docx, .png): ";
    assert!(run.stderr.contains(line), "{}", run.stderr);
    for name in [".DS_Store", "README", "notes.docx", "photo.png"] {
        assert!(run.stderr.contains(&format!("in/{name}")), "{name}\n{}", run.stderr);
    }
    assert!(run.stdout.contains("articles: 2 new"), "{}", run.stdout);
    // The JSON summary says the same.
    let json = kg.run(&["ingest", dir.to_str().unwrap(), "--format", "json"]).expect(0).json();
    assert_eq!(json["skipped"]["files"], 4, "{json}");
    assert_eq!(json["skipped"]["kinds"], serde_json::json!(["hidden file", "no extension", ".docx", ".png"]));
    assert_eq!(json["skipped"]["first"].as_array().unwrap().len(), 4, "{json}");
    // kg extract reports them too.
    let run = kg.run(&["extract", dir.to_str().unwrap()]).expect(0);
    assert!(run.stderr.contains("kg: skipped 4 files that are not articles"), "{}", run.stderr);
    // A folder of articles only says nothing of the kind.
    let clean = kg.write("only/a.txt", "Anja Holt met Pavel Brandt in Oslo.");
    let run = kg.run(&["ingest", clean.parent().unwrap().to_str().unwrap()]).expect(0);
    assert!(!run.stderr.contains("skipped"), "{}", run.stderr);
}

#[test]
fn many_skipped_files_are_counted_with_the_first_five_named() {
    let kg = Kg::new();
    for n in 0..8 {
        kg.write(&format!("in/img{n}.jpg"), [0xffu8, 0xd8]);
    }
    kg.write("in/a.txt", "Anja Holt met Pavel Brandt in Oslo.");
    let run = kg.run(&["ingest", kg.path("in").to_str().unwrap()]).expect(0);
    assert!(run.stderr.contains("kg: skipped 8 files that are not articles (.jpg): "), "{}", run.stderr);
    assert!(run.stderr.contains("img4.jpg, ...\n"), "{}", run.stderr);
    assert!(!run.stderr.contains("img5.jpg"), "{}", run.stderr);
}

#[test]
fn an_article_s_url_from_jsonl_front_matter_or_a_page_is_shown_and_exported_everywhere() {
    let kg = Kg::new();
    kg.write(
        "in/wire.jsonl",
        "{\"id\": \"w1\", \"date\": \"2025-04-02\", \"url\": \"https://wire.example.net/w1\", \"text\": \"Anja Holt met Pavel Brandt in Oslo on Monday.\"}\n",
    );
    kg.write(
        "in/notes.md",
        "---\ntitle: Notes\ndate: 2025-04-03\nurl: https://blog.example.net/notes\n---\nTomas Rivera met Erik Sand in Paris on Friday.\n",
    );
    kg.write("in/plain.txt", "Lena Berg met Ola Nord in Bergen on Sunday.");
    let dir = inbox(&kg, &["harbour-talks.html"]);
    kg.ingest(&[&dir]);
    let urls: Vec<(String, String)> = kg.run(&["articles", "--format", "json"]).expect(0).json()["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap().into(), a["url"].as_str().unwrap_or("-").into()))
        .collect();
    let expected = [
        ("harbour-talks", "https://ledger.example.org/world/2025/03/04/harbour-talks"),
        ("w1", "https://wire.example.net/w1"),
        ("notes", "https://blog.example.net/notes"),
        ("plain", "-"),
    ];
    assert_eq!(urls, expected.map(|(a, b)| (a.to_string(), b.to_string())));
    // kg show: the article list and each evidence line.
    let show = kg.run(&["show", "Tomas Rivera"]).expect(0).stdout;
    assert!(show.contains("2025-04-03  notes  \"Notes\"  https://blog.example.net/notes\n"), "{show}");
    assert!(show.contains("Paris on Friday.  <https://blog.example.net/notes>"), "{show}");
    let json = kg.run(&["show", "Anja Holt", "--format", "json"]).expect(0).json();
    let ev = json["relations"].as_array().unwrap().iter().flat_map(|r| r["evidence"].as_array().unwrap());
    let ev_urls: Vec<&str> = ev.filter_map(|e| e["url"].as_str()).collect();
    assert!(ev_urls.contains(&"https://wire.example.net/w1"), "{json}");
    // The JSON export: per article and per evidence sentence; none where it is unknown.
    let export = kg.export();
    let articles = export["articles"].as_array().unwrap();
    let w1 = articles.iter().find(|a| a["id"] == "w1").unwrap();
    assert_eq!(w1["url"], "https://wire.example.net/w1");
    assert!(articles.iter().find(|a| a["id"] == "plain").unwrap().get("url").is_none(), "{export}");
    let evidence: Vec<&serde_json::Value> =
        export["relations"].as_array().unwrap().iter().flat_map(|r| r["evidence"].as_array().unwrap()).collect();
    assert!(evidence.iter().any(|e| e["article"] == "w1" && e["url"] == "https://wire.example.net/w1"));
    // N-Triples: the evidence statement's schema:url.
    let nt = kg.run(&["export", "--format", "ntriples"]).expect(0).stdout;
    let line = "<https://schema.org/url> \"https://wire.example.net/w1\"^^<http://www.w3.org/2001/XMLSchema#anyURI> .";
    assert!(nt.contains(line), "{nt}");
    // An import of the export keeps the urls.
    let export_file = kg.path("graph.json");
    kg.run(&["export", "--format", "json", "--output", export_file.to_str().unwrap()]).expect(0);
    let copy = Kg::new();
    copy.run(&["import", export_file.to_str().unwrap()]).expect(0);
    let copied = copy.run(&["articles", "--format", "json"]).expect(0).stdout;
    assert!(copied.contains("\"url\": \"https://blog.example.net/notes\""), "{copied}");
}

#[test]
fn extracted_facts_carry_the_url_so_that_a_facts_ingest_equals_a_plain_one() {
    let kg = Kg::new();
    kg.write(
        "in/wire.jsonl",
        "{\"id\": \"w1\", \"url\": \"https://wire.example.net/w1\", \"text\": \"Anja Holt met Pavel Brandt in Oslo on Monday.\"}\n",
    );
    let dir = inbox(&kg, &["harbour-talks.html", "meeting-notes.pdf"]);
    kg.ingest(&[&dir]);
    let facts = kg.run(&["extract", dir.to_str().unwrap()]).expect(0).stdout;
    assert!(facts.contains("\"url\":\"https://wire.example.net/w1\""), "{facts}");
    let other = Kg::new();
    other.run_with_stdin(&["ingest", "--facts", "-"], Some(facts.as_bytes())).expect(0);
    let (a, b) = (
        kg.run(&["export", "--format", "json"]).expect(0).stdout,
        other.run(&["export", "--format", "json"]).expect(0).stdout,
    );
    assert_eq!(a, b);
}

#[test]
fn a_page_saved_complete_is_one_article_and_its_files_folder_and_hidden_folders_are_skipped_whole() {
    let kg = Kg::new();
    let dir = inbox(&kg, &["ferry-deal.htm"]);
    // What "save page, complete" writes beside the page: its pictures and scripts, and the
    // frames of its ads and embeds as HTML of their own.
    kg.write("in/ferry-deal_files/analytics.js", "var x = 1;");
    kg.write("in/ferry-deal_files/logo.png", [137u8, 80, 78, 71]);
    kg.write(
        "in/ferry-deal_files/saved_resource.html",
        "<html><body><article><p>Sponsor Nora Vik met Ivar Lund in Riga on Monday to sign a long advertising deal for the season.</p></article></body></html>",
    );
    kg.write("in/.git/HEAD", "ref: refs/heads/main");
    let run = kg.run(&["ingest", dir.to_str().unwrap()]).expect(0);
    assert!(
        run.stderr.contains("kg: skipped 2 files that are not articles (hidden directory, a saved page's files): "),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("articles: 1 new"), "{}", run.stdout);
    assert_eq!(triples(&kg.export()), ["Kalev Mets met-with Aino Virtanen"]);
}

#[test]
fn through_a_running_server_the_pages_urls_and_skipped_files_are_the_same_and_the_api_gives_the_url() {
    let alone = Kg::new();
    let dir = inbox(&alone, &["harbour-talks.html", "meeting-notes.pdf", "scanned-letter.pdf", "photo.png"]);
    let run_alone = alone.run(&["ingest", dir.to_str().unwrap()]).expect(1);
    let kg = Kg::new();
    let served = crate::serve::Served::start(&kg, &[]);
    let through = kg.run(&["ingest", dir.to_str().unwrap()]).expect(1);
    assert_eq!(through.stdout.lines().next(), run_alone.stdout.lines().next());
    for line in run_alone.stderr.lines() {
        assert!(through.stderr.contains(line), "missing {line:?} in\n{}", through.stderr);
    }
    assert!(through.stderr.contains("skipped 1 file that is not an article (.png): "), "{}", through.stderr);
    let (status, json) = served.get("/api/evidence?source=Anja%20Holt&relation=met-with&target=Pavel%20Brandt");
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["evidence"][0]["url"], "https://ledger.example.org/world/2025/03/04/harbour-talks", "{json}");
    drop(served);
    assert_eq!(kg.export(), alone.export());
}
