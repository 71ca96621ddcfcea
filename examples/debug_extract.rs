//! Prints what the extractor reads from a text file: `cargo run --example debug_extract FILE [DATE]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).unwrap();
    let date = args.get(2).cloned().unwrap_or_default();
    let facts = kg::extract::extract(&text, &date, &kg::extract::Lexicon::builtin());
    for (i, e) in facts.entities.iter().enumerate() {
        println!("{i}: {} [{}] {:?}", e.name, e.kind, e.forms);
    }
    for r in &facts.relations {
        println!(
            "{} -{}-> {}  [{}] {}",
            facts.entities[r.source].name, r.kind, facts.entities[r.target].name, r.pattern, r.sentence
        );
    }
}
