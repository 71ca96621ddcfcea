//! Paths between two entities, over only the part of the graph the query reaches.
//!
//! The walk expands from both ends at once (bidirectional breadth-first search), always
//! from the smaller frontier, each step one prefix scan per entity. The entities and edges
//! reached become a small petgraph graph on which petgraph finds the shortest path (A* with
//! unit costs) or every simple path up to the length limit. Nothing else is loaded.
//!
//! Cost: for the shortest path, about the entities within half the distance of each end;
//! for `--all`, those within half of `max_depth` of each end, and the number of simple paths,
//! which can grow fast on dense graphs: `limit` caps it.

use super::EdgeFilter;
use crate::graph::{EntityId, RelationKind};
use crate::store::{self, Direction, Store};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeSet, HashMap};

/// One step of a path: the stored relation between two consecutive entities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    pub from: EntityId,
    pub to: EntityId,
    pub relation: RelationKind,
    /// `Out` when `from` is the relation's source.
    pub direction: Direction,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    pub nodes: Vec<EntityId>,
    pub hops: Vec<Hop>,
}

/// Options of a path query.
#[derive(Clone, Debug)]
pub struct PathOptions {
    pub max_depth: u32,
    pub relations: Vec<RelationKind>,
    /// Follow relations only from source to target.
    pub directed: bool,
    /// Every simple path up to `max_depth`, not just one shortest.
    pub all: bool,
    /// At most this many paths with `all`.
    pub limit: usize,
    /// With `all`: the most search steps (edges followed) before the search stops and says so.
    pub budget: u64,
    /// Only relations with evidence from articles dated inside this period.
    pub period: crate::graph::date::Period,
}

/// The default work budget of `--all`: about a second of search.
pub const DEFAULT_BUDGET: u64 = 2_000_000;

/// What a path search found, and whether it stopped at its work budget before it was done.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paths {
    pub found: Vec<Path>,
    pub cut_short: bool,
}

/// The paths from `from` to `to`: one shortest, or all simple ones; empty when unconnected.
pub fn paths(store: &Store, from: EntityId, to: EntityId, opts: &PathOptions) -> Result<Paths, store::Error> {
    if from == to {
        return Ok(Paths { found: vec![Path { nodes: vec![from], hops: vec![] }], cut_short: false });
    }
    let forward = EdgeFilter {
        relations: opts.relations.clone(),
        direction: opts.directed.then_some(Direction::Out),
        period: opts.period,
        venue: None,
    };
    let backward = EdgeFilter { direction: opts.directed.then_some(Direction::In), ..forward.clone() };
    let mut dist_f: HashMap<EntityId, u32> = HashMap::from([(from, 0)]);
    let mut dist_b: HashMap<EntityId, u32> = HashMap::from([(to, 0)]);
    let mut frontier_f = vec![from];
    let mut frontier_b = vec![to];
    let (mut depth_f, mut depth_b) = (0u32, 0u32);
    // Edges seen while expanding, as stored: (source, relation, target).
    let mut edges: BTreeSet<(EntityId, RelationKind, EntityId)> = BTreeSet::new();
    let (limit_f, limit_b) =
        if opts.all { (opts.max_depth.div_ceil(2), opts.max_depth / 2) } else { (opts.max_depth, opts.max_depth) };
    loop {
        let met = dist_f.keys().any(|k| dist_b.contains_key(k));
        if met && !opts.all {
            break;
        }
        let can_f = depth_f < limit_f && !frontier_f.is_empty();
        let can_b = depth_b < limit_b && !frontier_b.is_empty();
        if !can_f && !can_b || depth_f + depth_b >= opts.max_depth {
            break;
        }
        let go_forward = can_f && (!can_b || frontier_f.len() <= frontier_b.len());
        let (frontier, dist, filter, depth) = if go_forward {
            (&mut frontier_f, &mut dist_f, &forward, &mut depth_f)
        } else {
            (&mut frontier_b, &mut dist_b, &backward, &mut depth_b)
        };
        *depth += 1;
        let mut next = Vec::new();
        for id in frontier.drain(..) {
            for (edge, _) in store.edges_in(id, &opts.period)? {
                if !filter.allows(&edge) {
                    continue;
                }
                edges.insert(edge.triple(id));
                if let std::collections::hash_map::Entry::Vacant(v) = dist.entry(edge.other) {
                    v.insert(*depth);
                    next.push(edge.other);
                }
            }
        }
        *frontier = next;
    }
    if opts.all {
        // Edges between reached entities that neither side expanded (the two balls' rims).
        let reached: BTreeSet<EntityId> = dist_f.keys().chain(dist_b.keys()).copied().collect();
        for &id in frontier_f.iter().chain(frontier_b.iter()) {
            for (edge, _) in store.edges_in(id, &opts.period)? {
                if forward.allows(&edge) && reached.contains(&edge.other) {
                    edges.insert(edge.triple(id));
                }
            }
        }
    }
    Ok(search(&edges, from, to, opts))
}

/// Runs petgraph on the reached subgraph.
fn search(
    edges: &BTreeSet<(EntityId, RelationKind, EntityId)>,
    from: EntityId,
    to: EntityId,
    opts: &PathOptions,
) -> Paths {
    let mut graph: DiGraph<EntityId, (RelationKind, Direction)> = DiGraph::new();
    let mut index: HashMap<EntityId, NodeIndex> = HashMap::new();
    let mut node = |g: &mut DiGraph<EntityId, (RelationKind, Direction)>, id: EntityId| {
        *index.entry(id).or_insert_with(|| g.add_node(id))
    };
    for &(s, kind, t) in edges {
        let (a, b) = (node(&mut graph, s), node(&mut graph, t));
        graph.add_edge(a, b, (kind, Direction::Out));
        // Undirected search (and symmetric relations) may walk an edge backwards.
        if !opts.directed || kind.is_symmetric() {
            graph.add_edge(b, a, (kind, Direction::In));
        }
    }
    let (Some(&a), Some(&b)) = (index.get(&from), index.get(&to)) else {
        return Paths::default();
    };
    let mut cut_short = false;
    let node_paths: Vec<Vec<NodeIndex>> = if opts.all {
        let (found, exhausted) = simple_paths(&graph, a, b, opts.max_depth as usize, opts.limit, opts.budget);
        cut_short = exhausted;
        found
    } else {
        petgraph::algo::astar(&graph, a, |n| n == b, |_| 1u32, |_| 0).map(|(_, p)| vec![p]).unwrap_or_default()
    };
    let found = node_paths
        .into_iter()
        .map(|p| {
            let nodes: Vec<EntityId> = ids(&graph, &p);
            let hops = p
                .windows(2)
                .filter_map(|w| {
                    // Several relations may join two entities: report the first in code order.
                    let e = graph.edges_connecting(w[0], w[1]).map(|e| *e.weight()).min()?;
                    Some(Hop { from: graph[w[0]], to: graph[w[1]], relation: e.0, direction: e.1 })
                })
                .collect();
            Path { nodes, hops }
        })
        .collect();
    Paths { found, cut_short }
}

/// Simple paths from `a` to `b` of at most `max_hops` hops, shortest first (iterative
/// deepening), at most `limit` of them, in at most `budget` steps. The limit and the budget
/// stop the search itself, not only its output: a dense graph has more paths than any
/// machine can list. Returns the paths and whether the budget ran out.
fn simple_paths<N, E>(
    graph: &DiGraph<N, E>,
    a: NodeIndex,
    b: NodeIndex,
    max_hops: usize,
    limit: usize,
    budget: u64,
) -> (Vec<Vec<NodeIndex>>, bool) {
    let mut found: Vec<Vec<NodeIndex>> = Vec::new();
    let mut steps = 0u64;
    for hops in 1..=max_hops {
        // Depth-first to exactly `hops` hops; neighbours sorted and deduplicated (several
        // relations may join two entities) so that the order is stable.
        let mut path = vec![a];
        let mut stack: Vec<Vec<NodeIndex>> = vec![neighbours(graph, a)];
        while let Some(next) = stack.last_mut() {
            let Some(n) = next.pop() else {
                stack.pop();
                path.pop();
                continue;
            };
            steps += 1;
            if steps > budget {
                return (found, true);
            }
            if path.contains(&n) {
                continue;
            }
            if path.len() == hops {
                if n == b {
                    let mut p = path.clone();
                    p.push(n);
                    found.push(p);
                    if found.len() >= limit {
                        return (found, false);
                    }
                }
                continue;
            }
            if n == b {
                continue;
            }
            path.push(n);
            stack.push(neighbours(graph, n));
        }
    }
    (found, false)
}

/// The neighbours of `n`, deduplicated, in reverse index order (popped smallest first).
fn neighbours<N, E>(graph: &DiGraph<N, E>, n: NodeIndex) -> Vec<NodeIndex> {
    let mut v: Vec<NodeIndex> = graph.neighbors(n).collect();
    v.sort_unstable_by(|x, y| y.cmp(x));
    v.dedup();
    v
}

fn ids(graph: &DiGraph<EntityId, (RelationKind, Direction)>, p: &[NodeIndex]) -> Vec<EntityId> {
    p.iter().map(|&n| graph[n]).collect()
}
