//! `duplicates`: pairs of entities of one type that may be one entity spelt two ways, best
//! first, each with its evidence and the `kg merge` that would join it.
//!
//! Never all pairs. One pass over the entities files each name under a few blocking keys
//! (`keys`): its folded last word, the consonant skeleton of the whole name and of the last
//! word (vowels dropped, `z` read as `s`, doubled letters once), and its first word with the
//! start of the last. Only entities sharing a key are compared; a block larger than
//! `FULL_BLOCK` is sorted by folded name and each entity compared with the `WINDOW` after it,
//! so a common surname costs a window, not its square. Only pairs whose names are alike
//! (`likeness`) read the store again: their articles (dates, and whether both are named in
//! one article) and their neighbours. Cost: the entity pass plus a few prefix scans per pair
//! kept; 0.3 s on a 20k-article store (BENCHMARKS.md).
//!
//! Pairs the corrections log records as two entities (`kg duplicates --dismiss`) are left out,
//! by their ids (which a merge since moved to the kept entity), or by their names when an id
//! is gone.
//!
//! It only reads: merging is `kg merge`, and dismissing `kg duplicates --dismiss` (both
//! corrections), which the answer spells out.

use super::Error;
use crate::graph::date::{span, Day};
use crate::graph::name::normalize;
use crate::graph::{EntityId, EntityKind};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;

/// A block up to this size is compared pair by pair.
const FULL_BLOCK: usize = 24;
/// In a larger block, each entity is compared with this many after it in folded-name order.
const WINDOW: usize = 8;
/// Names less alike than this are not candidates, whatever else they share.
const MIN_LIKENESS: f64 = 0.85;
/// A word (other than the surname) less like its counterpart than this makes two names two
/// entities: "Keiho" and "Sainho" (0.70) are two people sharing a surname.
const MIN_WORD_LIKENESS: f64 = 0.9;
/// Candidates scoring less are left out.
const MIN_SCORE: f64 = 0.6;
/// At most this many article dates are read per entity (evenly spread over its articles).
const MAX_DATES: usize = 64;

/// The question: `type` (person, organization, place, concept) and how many candidates.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DuplicatesRequest {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

/// The answer: candidates best first (a JSON array).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DuplicatesView {
    pub candidates: Vec<Duplicate>,
}

/// Two entities that may be one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Duplicate {
    /// The one a merge keeps: more articles (the lower id on a tie).
    pub a: Side,
    pub b: Side,
    /// 0..=1, two decimals: mostly how alike the names are, then shared neighbours and
    /// closeness in time, less when both are named in one article or related to each other.
    pub score: f64,
    pub reasons: Vec<String>,
    /// The command that joins them, keeping `a`.
    pub merge: String,
    /// The command that records them as two entities, so that they are not listed again.
    pub dismiss: String,
}

/// One entity of a candidate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub articles: usize,
}

/// A name folded for comparison: `normalize`d, then dots, dashes and commas read as spaces
/// and apostrophes dropped, so "George W. Bush" and "George W Bush" are one.
#[derive(Clone, Debug)]
struct Folded {
    words: Vec<String>,
    joined: String,
}

fn fold(name: &str) -> Folded {
    let cleaned: String = normalize(name)
        .chars()
        .filter(|c| !matches!(c, '\'' | '"'))
        .map(|c| if matches!(c, '.' | '-' | ',' | '/' | '(' | ')' | '&') { ' ' } else { c })
        .collect();
    let words: Vec<String> = cleaned.split_whitespace().map(String::from).collect();
    Folded { joined: words.join(" "), words }
}

/// A word's consonant skeleton: its first letter, then its consonants with `z` as `s` and
/// `c`, `q` as `k`, a doubled letter once ("okonkwo" and "okonkow" are both `oknkw`).
fn skeleton(word: &str) -> String {
    let mut out = String::new();
    for (i, c) in word.chars().enumerate() {
        let c = match c {
            'z' => 's',
            'c' | 'q' => 'k',
            c => c,
        };
        if i > 0 && matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h') {
            continue;
        }
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out
}

/// The blocking keys of a name: the entities compared with it share one.
fn keys(kind: EntityKind, f: &Folded) -> Vec<String> {
    let k = kind.as_str();
    let mut out = Vec::with_capacity(4);
    let (Some(first), Some(last)) = (f.words.first(), f.words.last()) else { return out };
    out.push(format!("{k} l {last}"));
    out.push(format!("{k} s {}", skeleton(last)));
    out.push(format!("{k} k {}", f.words.iter().map(|w| skeleton(w)).collect::<Vec<_>>().join(" ")));
    if f.words.len() > 1 {
        out.push(format!("{k} f {first} {}", last.chars().take(2).collect::<String>()));
    }
    out
}

/// How alike two folded names of one type are (0..=1) and why, or `None` when they are not
/// candidates. A person is compared surname to surname and given name to given name, so
/// that sharing only a first name ("Daniel Okonkwo", "Daniel Mensah") never counts; other
/// types word by word.
fn likeness(kind: EntityKind, a: &Folded, b: &Folded) -> Option<(f64, Vec<String>)> {
    if a.joined.is_empty() || b.joined.is_empty() {
        return None;
    }
    if a.joined == b.joined {
        return Some((1.0, vec![format!("same name once folded: {:?}", a.joined)]));
    }
    let jw = strsim::jaro_winkler;
    let mut reasons = Vec::new();
    let score = if kind == EntityKind::Person {
        let (la, lb) = (a.words.last()?, b.words.last()?);
        let last = jw(la, lb);
        if last < 0.88 {
            return None;
        }
        reasons.push(if la == lb {
            format!("same surname {la:?}")
        } else {
            format!("surname {la:?} ~ {lb:?} ({last:.2})")
        });
        let given = match (a.words.len() > 1, b.words.len() > 1) {
            (true, true) => {
                let (fa, fb) = (&a.words[0], &b.words[0]);
                let initial = |x: &str, y: &str| x.chars().count() == 1 && y.starts_with(x);
                if fa == fb {
                    reasons.push(format!("same given name {fa:?}"));
                    1.0
                } else if initial(fa, fb) || initial(fb, fa) {
                    reasons.push(format!("given name {fa:?} ~ {fb:?} (initial)"));
                    0.85
                } else {
                    // Two given names that are not one spelt two ways are two people.
                    let s = jw(fa, fb);
                    if s < MIN_WORD_LIKENESS {
                        return None;
                    }
                    reasons.push(format!("given name {fa:?} ~ {fb:?} ({s:.2})"));
                    s
                }
            }
            _ => {
                reasons.push("one has no given name".into());
                0.75
            }
        };
        let middle = |f: &Folded| -> Vec<String> {
            f.words.get(1..f.words.len().saturating_sub(1)).unwrap_or_default().to_vec()
        };
        let (ma, mb) = (middle(a), middle(b));
        let mut s = 0.55 * last + 0.45 * given;
        if !ma.is_empty() && !mb.is_empty() && ma != mb {
            reasons.push(format!("middle names differ ({:?} / {:?})", ma.join(" "), mb.join(" ")));
            s *= 0.9;
        }
        s
    } else if a.words.len() == b.words.len() {
        let mut worst = 1.0f64;
        for (x, y) in a.words.iter().zip(&b.words) {
            if x != y {
                let s = jw(x, y);
                reasons.push(format!("{x:?} ~ {y:?} ({s:.2})"));
                worst = worst.min(s);
            }
        }
        // "Karorian" and "Kalururian" (0.89) are two countries' adjectives.
        if worst < MIN_WORD_LIKENESS {
            return None;
        }
        worst
    } else {
        // Words run together or apart ("Al Qaeda", "Alqaeda"): the letters alone.
        let (x, y) = (a.joined.replace(' ', ""), b.joined.replace(' ', ""));
        let s = if x == y { 0.97 } else { jw(&x, &y) };
        if s < 0.95 {
            return None;
        }
        reasons.push(format!("{:?} ~ {:?} ({s:.2})", a.joined, b.joined));
        s
    };
    // Only the same folded name reaches 1.
    let score = score.min(0.98);
    (score >= MIN_LIKENESS).then_some((score, reasons))
}

/// What the store says of one entity, read once for all its pairs.
struct Facts {
    articles: Vec<String>,
    /// Days of a sample of its dated articles, sorted.
    days: Vec<Day>,
    neighbours: HashSet<EntityId>,
}

fn facts(store: &Store, id: EntityId) -> Result<Facts, Error> {
    let articles = store.entity_articles(id)?;
    let step = articles.len().div_ceil(MAX_DATES).max(1);
    let mut days = Vec::new();
    for a in articles.iter().step_by(step) {
        if let Some(meta) = store.article_meta(a)? {
            if let Some((first, _)) = span(&meta.date) {
                days.push(first);
            }
        }
    }
    days.sort_unstable();
    let neighbours = store.edges(id)?.into_iter().map(|e| e.other).filter(|&o| o != id).collect();
    Ok(Facts { articles, days, neighbours })
}

/// The fewest days between an article of one and an article of the other.
fn gap(a: &[Day], b: &[Day]) -> Option<i32> {
    let (mut i, mut j, mut best) = (0, 0, None::<i32>);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        let d = (x - y).abs();
        best = Some(best.map_or(d, |b| b.min(d)));
        if x < y {
            i += 1;
        } else {
            j += 1;
        }
    }
    best
}

/// The evidence beyond the names: a score to add (may be negative) and its reasons.
fn evidence(a: EntityId, b: EntityId, fa: &Facts, fb: &Facts) -> (f64, Vec<String>) {
    let mut reasons = Vec::new();
    let mut score = 0.0;
    let shared = fa.neighbours.iter().filter(|n| **n != b && fb.neighbours.contains(n)).count();
    if shared > 0 {
        reasons.push(format!("{shared} shared neighbour{}", if shared == 1 { "" } else { "s" }));
        score += 0.15 * (shared.min(3) as f64) / 3.0;
    }
    score += 0.10
        * match gap(&fa.days, &fb.days) {
            None => {
                reasons.push("no dated articles to compare".into());
                0.5
            }
            Some(d) => {
                reasons.push(match d {
                    0 => "articles on the same day".into(),
                    1 => "articles 1 day apart".into(),
                    d => format!("articles {d} days apart"),
                });
                match d {
                    0..=7 => 1.0,
                    8..=31 => 0.8,
                    32..=366 => 0.5,
                    _ => 0.2,
                }
            }
        };
    let together = fa.articles.iter().filter(|x| fb.articles.binary_search(x).is_ok()).count();
    if together > 0 {
        reasons.push(format!("both named in {together} article{}", if together == 1 { "" } else { "s" }));
        score -= 0.15;
    }
    if fa.neighbours.contains(&b) || fb.neighbours.contains(&a) {
        reasons.push("related to each other".into());
        score -= 0.2;
    }
    (score, reasons)
}

/// A name as a shell word for the `kg merge` line: double quotes, with what the shell reads
/// inside them escaped.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The pairs the log records as two entities: by ids (lower first), and by folded names (in
/// order) for an entry whose ids did not resolve or no longer exist.
type Dismissed = (HashSet<(EntityId, EntityId)>, HashSet<(String, String)>);

fn dismissed(store: &Store) -> Result<Dismissed, Error> {
    let (mut ids, mut names) = (HashSet::new(), HashSet::new());
    for d in store.dismissals()? {
        match d.ids {
            Some((a, b)) if store.entity(a)?.is_some() && store.entity(b)?.is_some() => {
                ids.insert((a, b));
            }
            _ => {
                let (a, b) = (fold(&d.names.0).joined, fold(&d.names.1).joined);
                names.insert(if b < a { (b, a) } else { (a, b) });
            }
        }
    }
    Ok((ids, names))
}

/// Answers the question.
pub fn duplicates(store: &Store, req: &DuplicatesRequest) -> Result<DuplicatesView, Error> {
    let kind: Option<EntityKind> = req.kind.as_deref().map(str::parse).transpose().map_err(Error::Usage)?;
    let limit = super::in_range("limit", req.limit.unwrap_or(20), 1, 10_000)?;
    let mut all: Vec<(EntityId, EntityKind, String, Folded)> = Vec::new();
    let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
    for e in store.entities() {
        let e = e?;
        if kind.is_some_and(|k| k != e.kind) {
            continue;
        }
        let folded = fold(&e.name);
        let at = u32::try_from(all.len()).map_err(|_| Error::Usage("too many entities".into()))?;
        for key in keys(e.kind, &folded) {
            blocks.entry(key).or_default().push(at);
        }
        all.push((e.id, e.kind, e.name, folded));
    }
    // Pairs (lower index first) from each block, each once.
    let mut pairs: BTreeSet<(u32, u32)> = BTreeSet::new();
    let mut pair = |x: u32, y: u32| {
        pairs.insert((x.min(y), x.max(y)));
    };
    for members in blocks.values_mut() {
        if members.len() <= FULL_BLOCK {
            for (i, &x) in members.iter().enumerate() {
                for &y in members.iter().skip(i + 1) {
                    pair(x, y);
                }
            }
        } else {
            members.sort_by(|x, y| {
                let name = |i: &u32| all.get(*i as usize).map(|e| e.3.joined.as_str());
                name(x).cmp(&name(y)).then(x.cmp(y))
            });
            for (i, &x) in members.iter().enumerate() {
                for &y in members.iter().skip(i + 1).take(WINDOW) {
                    pair(x, y);
                }
            }
        }
    }
    let (dismissed_ids, dismissed_names) = dismissed(store)?;
    let mut cache: HashMap<EntityId, Facts> = HashMap::new();
    let mut found: Vec<(f64, EntityId, EntityId, Vec<String>)> = Vec::new();
    for (x, y) in pairs {
        let (Some(ex), Some(ey)) = (all.get(x as usize), all.get(y as usize)) else { continue };
        let names = (ex.3.joined.clone(), ey.3.joined.clone());
        let names = if names.1 < names.0 { (names.1, names.0) } else { names };
        if dismissed_ids.contains(&(ex.0.min(ey.0), ex.0.max(ey.0))) || dismissed_names.contains(&names) {
            continue;
        }
        let Some((alike, mut reasons)) = likeness(ex.1, &ex.3, &ey.3) else { continue };
        for id in [ex.0, ey.0] {
            if let std::collections::hash_map::Entry::Vacant(v) = cache.entry(id) {
                v.insert(facts(store, id)?);
            }
        }
        let (Some(fx), Some(fy)) = (cache.get(&ex.0), cache.get(&ey.0)) else { continue };
        let (more, why) = evidence(ex.0, ey.0, fx, fy);
        let score = 0.75 * alike + more;
        if score < MIN_SCORE {
            continue;
        }
        reasons.extend(why);
        // The kept entity first: more articles, else the lower id.
        let (a, b) = if (fy.articles.len(), std::cmp::Reverse(ey.0)) > (fx.articles.len(), std::cmp::Reverse(ex.0)) {
            (ey.0, ex.0)
        } else {
            (ex.0, ey.0)
        };
        found.push(((score * 100.0).round() / 100.0, a, b, reasons));
    }
    found.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    found.truncate(limit);
    let by_id: HashMap<EntityId, &(EntityId, EntityKind, String, Folded)> = all.iter().map(|e| (e.0, e)).collect();
    let side = |id: EntityId| -> Side {
        let (name, kind) = by_id.get(&id).map(|e| (e.2.clone(), e.1.as_str())).unwrap_or_default();
        let articles = cache.get(&id).map_or(0, |f| f.articles.len());
        Side { id: id.to_string(), name, kind: kind.to_string(), articles }
    };
    // A name another entity also has would make `kg merge` ask which: such a side is named by id.
    let word = |s: &Side| -> Result<String, Error> {
        Ok(if store.lookup(&normalize(&s.name))?.len() == 1 { quoted(&s.name) } else { s.id.clone() })
    };
    let mut candidates = Vec::with_capacity(found.len());
    for (score, a, b, reasons) in found {
        let (a, b) = (side(a), side(b));
        let (wa, wb) = (word(&a)?, word(&b)?);
        let (merge, dismiss) = (format!("kg merge {wa} {wb}"), format!("kg duplicates --dismiss {wa} {wb}"));
        candidates.push(Duplicate { a, b, score, reasons, merge, dismiss });
    }
    Ok(DuplicatesView { candidates })
}

impl DuplicatesView {
    /// Four lines a candidate: score, type and the two entities; the evidence; the merge; the
    /// dismissal.
    pub fn write_table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        use super::text::terminal_safe as safe;
        if self.candidates.is_empty() {
            return writeln!(out, "no duplicate candidates");
        }
        let articles = |n: usize| format!("{n} article{}", if n == 1 { "" } else { "s" });
        for (i, d) in self.candidates.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(
                out,
                "{:.2}  {}  {} ({}, {})  ~  {} ({}, {})",
                d.score,
                d.a.kind,
                safe(&d.a.name),
                d.a.id,
                articles(d.a.articles),
                safe(&d.b.name),
                d.b.id,
                articles(d.b.articles)
            )?;
            writeln!(out, "      {}", safe(&d.reasons.join("; ")))?;
            writeln!(out, "      {}", safe(&d.merge))?;
            writeln!(out, "      {}", safe(&d.dismiss))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alike(kind: EntityKind, a: &str, b: &str) -> Option<f64> {
        likeness(kind, &fold(a), &fold(b)).map(|(s, _)| s)
    }

    #[test]
    fn spelling_slips_and_punctuation_are_alike() {
        assert!(alike(EntityKind::Person, "Daniel Okonkwo", "Daniel Okonkow").unwrap() > 0.95);
        assert_eq!(alike(EntityKind::Person, "George W Bush", "George W. Bush"), Some(1.0));
        let org =
            alike(EntityKind::Organization, "Palestine Liberation Organisation", "Palestine Liberation Organization");
        assert!(org.unwrap() > 0.95);
    }

    #[test]
    fn a_shared_first_name_or_surname_alone_is_not_alike() {
        assert_eq!(alike(EntityKind::Person, "Daniel Okonkwo", "Daniel Mensah"), None);
        assert_eq!(alike(EntityKind::Person, "Daniel Okonkwo", "Grace Okonkwo"), None);
        assert_eq!(alike(EntityKind::Organization, "Ministry of Defence", "Ministry of Finance"), None);
        assert_eq!(alike(EntityKind::Person, "Keiho Citadel", "Sainho Citadel"), None);
        assert_eq!(alike(EntityKind::Concept, "halt to Karorian strikes", "halt to Kalururian strikes"), None);
    }

    #[test]
    fn spelling_variants_share_a_blocking_key() {
        let shared = |a: &str, b: &str| {
            let (ka, kb) = (keys(EntityKind::Person, &fold(a)), keys(EntityKind::Person, &fold(b)));
            ka.iter().any(|k| kb.contains(k))
        };
        assert!(shared("Daniel Okonkwo", "Daniel Okonkow"));
        assert!(shared("Palestine Liberation Organisation", "Palestine Liberation Organization"));
        assert!(shared("Witkoff", "Steve Witkof"));
        assert_eq!(skeleton("okonkwo"), skeleton("okonkow"));
    }

    #[test]
    fn the_closest_articles_give_the_gap() {
        assert_eq!(gap(&[1, 10, 40], &[22, 100]), Some(12));
        assert_eq!(gap(&[], &[3]), None);
    }

    #[test]
    fn merge_lines_quote_what_the_shell_would_read() {
        assert_eq!(quoted("Tomas \"Tom\" $Rivera"), "\"Tomas \\\"Tom\\\" \\$Rivera\"");
    }
}
