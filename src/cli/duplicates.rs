//! `kg duplicates`: entities of one type that may be one, best first, with the merge for each;
//! `kg duplicates --dismiss A B` records that a pair are two entities (a correction).

use super::{Format, Global};
use crate::ops::correct::Correct;
use crate::view::duplicates::{DuplicatesRequest, DuplicatesView};
use std::process::ExitCode;

/// List merge candidates: entities of one type whose names may be one name spelt two ways.
///
/// Names are compared after folding case, diacritics and punctuation ("George W. Bush" and
/// "George W Bush" are one name), then by spelling: a person by surname and given name, so
/// that two people sharing only a first name are never listed. Shared neighbours and articles
/// close in time raise a candidate's score; being named in one article, or related to each
/// other, lowers it. Each candidate ends with the `kg merge` that would join the two, keeping
/// the one more articles name, and the `kg duplicates --dismiss` that records them as two
/// entities: a correction (undo it with `kg corrections undo N`) after which the pair is never
/// listed again. Only entities sharing a blocking key (folded surname, consonant skeleton,
/// first word and start of the last) are compared, never all pairs.
///
/// Example:
///   $ kg duplicates --type person --limit 1
///   0.89  person  Daniel Okonkwo (e1, 2 articles)  ~  Daniel Okonkow (e4, 1 article)
///         surname "okonkwo" ~ "okonkow" (0.97); same given name "daniel"; 1 shared neighbour; articles 2 days apart
///         kg merge "Daniel Okonkwo" "Daniel Okonkow"
///         kg duplicates --dismiss "Daniel Okonkwo" "Daniel Okonkow"
///
/// More:
///   kg duplicates --type organization --format json
///   kg duplicates --dismiss e1 e4 --note "father and son"
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Only entities of this type: person, organization, place or concept [default: all,
    /// each compared with its own type]. With --dismiss, the type of A and B, when a name
    /// fits several entities.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// At most this many candidates, best first.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Record that A and B (names, aliases or ids; of one type) are two entities: they are
    /// never listed as a pair again. A correction, kept in the log.
    #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with_all = ["limit", "format"])]
    pub dismiss: Option<Vec<String>>,
    /// Why they are two (kept in the log), with --dismiss.
    #[arg(long, requires = "dismiss")]
    pub note: Option<String>,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    if let Some([x, y]) = a.dismiss.as_deref() {
        let op = Correct::Dismiss { a: x.clone(), b: y.clone(), note: a.note.unwrap_or_default(), entity_type: a.kind };
        return super::correct::correct(op, g);
    }
    let req = DuplicatesRequest { kind: a.kind, limit: Some(a.limit) };
    let view = super::ask(g, "/api/duplicates", &req, crate::view::duplicates::duplicates)?;
    super::print(&view, a.format, DuplicatesView::write_table)?;
    Ok(ExitCode::SUCCESS)
}
