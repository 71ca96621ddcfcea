//! `kg query neighbors` and `kg query path`: who is around an entity, how two connect.

use super::output::{json, table};
use super::{Format, Global};
use crate::graph::{Entity, EntityId};
use crate::query::neighbors::neighbors;
use crate::query::path::{paths, PathOptions, DEFAULT_BUDGET};
use crate::query::EdgeFilter;
use crate::store::{Direction, Store};
use serde_json::json;
use std::collections::HashMap;
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
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(clap::Args, Debug)]
pub struct PathArgs {
    pub from: String,
    pub to: String,
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
        Query::Neighbors(a) => run_neighbors(a, g),
        Query::Path(a) => run_path(a, g),
    }
}

fn entity_json(e: &Entity) -> serde_json::Value {
    json!({"id": e.id.to_string(), "name": e.name, "type": e.kind.as_str()})
}

/// Names of the entities in `ids`, read once each.
fn names(store: &Store, ids: impl IntoIterator<Item = EntityId>) -> anyhow::Result<HashMap<EntityId, Entity>> {
    let mut out = HashMap::new();
    for id in ids {
        if let std::collections::hash_map::Entry::Vacant(v) = out.entry(id) {
            if let Some(e) = store.entity(id)? {
                v.insert(e);
            }
        }
    }
    Ok(out)
}

fn run_neighbors(a: NeighborsArgs, g: &Global) -> anyhow::Result<ExitCode> {
    let period = a.dates.period()?;
    let store = super::open_existing(g)?;
    let entity = super::find(&store, &a.entity)?;
    let filter = EdgeFilter {
        period,
        relations: super::relations(&a.relations)?,
        direction: match a.direction {
            DirectionArg::Out => Some(Direction::Out),
            DirectionArg::In => Some(Direction::In),
            DirectionArg::Both => None,
        },
    };
    let found = neighbors(&store, entity.id, a.depth, &filter)?;
    let ents = names(&store, found.iter().map(|n| n.id))?;
    let mut out = std::io::stdout().lock();
    let dir = |d: Option<Direction>| d.map_or("both", Direction::as_str);
    match a.format {
        Format::Json => {
            let list: Vec<_> = found
                .iter()
                .filter_map(|n| {
                    let e = ents.get(&n.id)?;
                    Some(json!({"id": e.id.to_string(), "name": e.name, "type": e.kind.as_str(),
                        "relation": n.relation.as_str(), "direction": dir(n.direction), "depth": n.depth,
                        "via": n.via.to_string(), "articles": n.support.articles,
                        "first_seen": super::output::dated(&n.support.first_seen),
                        "last_seen": super::output::dated(&n.support.last_seen)}))
                })
                .collect();
            json(&mut out, &json!({"entity": entity_json(&entity), "neighbors": list}))?;
        }
        Format::Table => {
            use std::io::Write;
            writeln!(out, "{} ({}, {})", entity.name, entity.id, entity.kind)?;
            if found.is_empty() {
                writeln!(out, "no neighbours")?;
                return Ok(ExitCode::SUCCESS);
            }
            let mut rows = vec![vec![
                "depth".into(),
                "relation".into(),
                "direction".into(),
                "neighbor".into(),
                "type".into(),
                "id".into(),
                "articles".into(),
                "seen".into(),
            ]];
            for n in &found {
                let Some(e) = ents.get(&n.id) else { continue };
                let arrow = match n.direction {
                    Some(Direction::Out) => "->",
                    Some(Direction::In) => "<-",
                    None => "--",
                };
                rows.push(vec![
                    n.depth.to_string(),
                    n.relation.to_string(),
                    arrow.into(),
                    e.name.clone(),
                    e.kind.to_string(),
                    e.id.to_string(),
                    n.support.articles.to_string(),
                    super::output::seen(&n.support),
                ]);
            }
            table(&mut out, &rows)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_path(a: PathArgs, g: &Global) -> anyhow::Result<ExitCode> {
    let period = a.dates.period()?;
    let store = super::open_existing(g)?;
    let from = super::find(&store, &a.from)?;
    let to = super::find(&store, &a.to)?;
    let opts = PathOptions {
        max_depth: a.max_depth,
        relations: super::relations(&a.relations)?,
        directed: a.directed,
        all: a.all,
        limit: a.limit.max(1),
        budget: DEFAULT_BUDGET,
        period,
    };
    let result = paths(&store, from.id, to.id, &opts)?;
    if result.cut_short && !g.quiet {
        eprintln!(
            "kg: the search stopped after {DEFAULT_BUDGET} steps; these are the paths found so far (narrow it with --max-depth or --relation)"
        );
    }
    let found = result.found;
    let ents = names(&store, found.iter().flat_map(|p| p.nodes.iter().copied()))?;
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Json => {
            let list: Vec<_> = found
                .iter()
                .map(|p| {
                    let nodes: Vec<_> = p.nodes.iter().filter_map(|id| ents.get(id)).map(entity_json).collect();
                    let edges: Vec<_> = p
                        .hops
                        .iter()
                        .map(|h| {
                            let (s, t) = match h.direction {
                                Direction::Out => (h.from, h.to),
                                Direction::In => (h.to, h.from),
                            };
                            json!({"source": s.to_string(), "target": t.to_string(), "relation": h.relation.as_str()})
                        })
                        .collect();
                    json!({"nodes": nodes, "edges": edges})
                })
                .collect();
            json(&mut out, &json!({"paths": list, "complete": !result.cut_short}))?;
        }
        Format::Table => {
            use std::io::Write;
            if found.is_empty() {
                writeln!(out, "no path from {} to {} within {} hops", from.name, to.name, a.max_depth)?;
            }
            for p in &found {
                let mut line = ents.get(&p.nodes[0]).map(|e| e.name.clone()).unwrap_or_default();
                for h in &p.hops {
                    let name = ents.get(&h.to).map(|e| e.name.as_str()).unwrap_or("?");
                    let link = if h.relation.is_symmetric() {
                        format!(" -[{}]- ", h.relation)
                    } else if h.direction == Direction::Out {
                        format!(" -[{}]-> ", h.relation)
                    } else {
                        format!(" <-[{}]- ", h.relation)
                    };
                    line.push_str(&link);
                    line.push_str(name);
                }
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(if found.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
