//! `kg forget`: take articles out of the store with every fact only they gave. The
//! operation is `ops::forget`; this prints its reply.

use super::output::json;
use super::{Format, Global};
use crate::ops::forget::{Forget, Forgotten};
use crate::view::articles::ArticlesView;
use std::io::Write;
use std::process::ExitCode;

/// Remove articles, and every fact only they gave.
///
/// Take articles out of the store, by id, by source or by a text their id, title or source
/// contains (as `kg articles --match`), with every fact only they gave: entities no other
/// article mentions, relations and evidence no other article supports. What other articles
/// support stays. One transaction: all of them go, or none.
///
/// Corrections stay in the log and still hold: an asserted edge is not an article's fact
/// and stays (undo it with `kg corrections undo N`), renames and merges apply to what is
/// left and to what comes back. An unknown id is an error naming it, and nothing goes.
/// Ingesting a forgotten article again puts back what it gave.
///
/// Examples:
///   kg forget wire-0412 wire-0413
///   kg forget --source "Example Wire" --dry-run
///   kg forget --match "sports roundup" --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The ids of the articles (as `kg articles` lists them).
    #[arg(value_name = "ARTICLE", required_unless_present_any = ["source", "matching"], conflicts_with_all = ["source", "matching"])]
    pub articles: Vec<String>,
    /// Every article from this source (case and diacritics ignored).
    #[arg(long, value_name = "NAME", conflicts_with = "matching")]
    pub source: Option<String>,
    /// Every article whose id, title or source contains TEXT (case and diacritics ignored).
    #[arg(long = "match", value_name = "TEXT")]
    pub matching: Option<String>,
    /// List what would go, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let op = Forget { articles: a.articles, source: a.source, matching: a.matching, dry_run: a.dry_run };
    let reply = super::client(g).run(&op)?;
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Json => json(&mut out, &reply)?,
        Format::Table => write_table(&reply, &mut out)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// One line saying what went, then the articles.
fn write_table(reply: &Forgotten, out: &mut dyn Write) -> std::io::Result<()> {
    let n = reply.articles.len();
    let articles = format!("{n} article{}", if n == 1 { "" } else { "s" });
    let (entities, relations) = (reply.entities, reply.relations);
    let facts = format!(
        "{entities} entit{} and {relations} relation{}",
        if entities == 1 { "y" } else { "ies" },
        if relations == 1 { "" } else { "s" }
    );
    if reply.dry_run {
        writeln!(out, "would forget {articles}; {facts} would go with them (dry run: nothing changed)")?;
    } else {
        writeln!(out, "forgot {articles}; {facts} went with them")?;
    }
    ArticlesView { articles: reply.articles.clone() }.write_table(out)
}
