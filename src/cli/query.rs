//! `kg query neighbors` and `kg query path`: who is around an entity, how two connect.

use super::{Format, Global};
use crate::view::neighbors::{NeighborsRequest, NeighborsView};
use crate::view::path::{PathRequest, PathView};
use std::process::ExitCode;

#[derive(clap::Subcommand, Debug)]
pub enum Query {
    /// List the entities related to one entity, up to --depth steps away.
    ///
    /// ENTITY is a name, an alias or an id (e17), matched ignoring case and diacritics.
    ///
    /// Examples:
    ///   kg query neighbors "Steve Witkoff"
    ///   kg query neighbors Putin --depth 2 --relation met-with --format json
    ///   kg query neighbors Witkoff --since 2025-03 --until 2025-03
    ///   kg query neighbors Witkoff --where Riyadh
    #[command(verbatim_doc_comment)]
    Neighbors(NeighborsArgs),
    /// Find how two entities are connected: the shortest path, or every simple path with --all.
    ///
    /// Direction is ignored unless --directed. Each hop shows its relation and direction:
    /// A -[aide-of]-> B (A is the source), A <-[envoy-of]- B (B is the source), A -[met-with]- B.
    /// Exits 1 when the two entities are not connected within --max-depth.
    ///
    /// Examples:
    ///   kg query path "Yuri Ushakov" "Donald Trump"
    ///   kg query path Ushakov Trump --all --max-depth 5 --format json
    #[command(verbatim_doc_comment)]
    Path(PathArgs),
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectionArg {
    Out,
    In,
    Both,
}

#[derive(clap::Args, Debug)]
pub struct NeighborsArgs {
    /// The entity: name, alias or id.
    pub entity: String,
    /// The entity's type (person, organization, place, concept), when its name fits several.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// How many steps away to look.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10))]
    pub depth: u32,
    /// Only follow these relations (repeatable).
    #[arg(long = "relation", value_name = "REL")]
    pub relations: Vec<String>,
    /// out: the entity is the source; in: the target; both (default).
    #[arg(long, value_enum, default_value_t = DirectionArg::Both)]
    pub direction: DirectionArg,
    #[command(flatten)]
    pub dates: super::Dates,
    /// Only meetings and calls that a sentence places at PLACE (name, alias or id).
    #[arg(long = "where", value_name = "PLACE")]
    pub place: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(clap::Args, Debug)]
pub struct PathArgs {
    pub from: String,
    pub to: String,
    /// The type of FROM (person, organization, place, concept), when its name fits several.
    #[arg(long, value_name = "TYPE")]
    pub from_type: Option<String>,
    /// The type of TO, when its name fits several.
    #[arg(long, value_name = "TYPE")]
    pub to_type: Option<String>,
    /// Longest path, in hops.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=12))]
    pub max_depth: u32,
    /// Only follow these relations (repeatable).
    #[arg(long = "relation", value_name = "REL")]
    pub relations: Vec<String>,
    /// Follow relations only from source to target.
    #[arg(long)]
    pub directed: bool,
    /// Every simple path up to --max-depth (shortest first), not just one shortest path.
    #[arg(long)]
    pub all: bool,
    /// With --all, at most this many paths.
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    #[command(flatten)]
    pub dates: super::Dates,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(q: Query, g: &Global) -> anyhow::Result<ExitCode> {
    match q {
        Query::Neighbors(a) => {
            let req = NeighborsRequest {
                entity: a.entity,
                kind: a.kind,
                depth: a.depth,
                relation: a.relations,
                direction: match a.direction {
                    DirectionArg::Out => "out",
                    DirectionArg::In => "in",
                    DirectionArg::Both => "both",
                }
                .into(),
                since: a.dates.since,
                until: a.dates.until,
                place: a.place,
            };
            let view = super::ask(g, "/api/neighbors", &req, crate::view::neighbors::neighbors)?;
            super::print(&view, a.format, NeighborsView::write_table)?;
            Ok(ExitCode::SUCCESS)
        }
        Query::Path(a) => {
            let req = PathRequest {
                from: a.from,
                to: a.to,
                from_type: a.from_type,
                to_type: a.to_type,
                max_depth: a.max_depth,
                relation: a.relations,
                directed: a.directed,
                all: a.all,
                limit: a.limit,
                since: a.dates.since,
                until: a.dates.until,
            };
            let view = super::ask(g, "/api/path", &req, crate::view::path::path)?;
            if let Some(note) = view.note().filter(|_| !g.quiet) {
                eprintln!("kg: {note}");
            }
            super::print(&view, a.format, PathView::write_table)?;
            Ok(if view.paths.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
    }
}
