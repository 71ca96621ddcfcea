//! `kg meetings [ENTITY]`: meetings as events, newest first.

use super::{Format, Global};
use crate::view::meetings::{MeetingsRequest, MeetingsView};
use std::process::ExitCode;

/// Meetings as events: when, where, and who was in the room.
///
/// List meetings newest first. Each has its date (the day its sentences say it happened,
/// resolved against the article's date; else the article's date, marked "article date"),
/// its place, everyone in it, and the sentences behind it. One sentence naming several
/// people ("Dahl hosted Ruiz, Brandt and Marren in Oslo") is one meeting of all of them;
/// articles telling of the same people meeting on the same day, at the same place or at
/// one not named, are one meeting.
///
/// A date stands for its whole day, month or year: with --since and --until a meeting
/// counts only when its whole date lies inside the period.
///
/// Examples:
///   kg meetings "Ana Ruiz"
///   kg meetings --where Vienna --since 2025-03
///   kg meetings Ruiz --where Oslo --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Only meetings this entity (name, alias or id) took part in.
    pub entity: Option<String>,
    /// The entity's type (person, organization, place, concept), when its name fits several.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Only meetings at this place (name, alias or id).
    #[arg(long = "where", value_name = "PLACE")]
    pub place: Option<String>,
    #[command(flatten)]
    pub dates: super::Dates,
    /// Show at most N meetings, the newest; 0 for all.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let req = MeetingsRequest {
        entity: a.entity,
        kind: a.kind,
        place: a.place,
        since: a.dates.since,
        until: a.dates.until,
        limit: a.limit,
    };
    let view = super::ask(g, "/api/meetings", &req, crate::view::meetings::meetings)?;
    super::print(&view, a.format, MeetingsView::write_table)?;
    Ok(ExitCode::SUCCESS)
}
