//! `meetings`: meetings as events, newest first: when, where, who was in the room, and the
//! sentences behind each (`query::meetings` finds them). A venue carries where it is on the
//! globe when the gazetteer knows (`extract::lexicon::coordinates`), for the web page's map.

use super::text::terminal_safe as safe;
use super::{dated, EntityRef, Error};
use crate::extract::lexicon::coordinates::Coordinates;
use crate::graph::EntityId;
use crate::query::meetings::Filter;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;

/// The question. `limit` 0 means every meeting.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MeetingsRequest {
    /// Only meetings this entity (name, alias or id) took part in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// The entity's type, when its name fits several entities.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Only meetings at this place (name, alias or id).
    #[serde(rename = "where", default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(default = "hundred")]
    pub limit: usize,
}

fn hundred() -> usize {
    100
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingsView {
    pub meetings: Vec<MeetingView>,
    /// How many meetings passed the filters (more than are listed when the limit cut them).
    pub total: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingView {
    /// The day, month or year the sentences give, else the article's date; null when
    /// neither is known.
    pub date: Option<String>,
    pub date_is_article_date: bool,
    pub venue: Option<MeetingVenue>,
    pub participants: Vec<EntityRef>,
    pub articles: Vec<String>,
    pub evidence: Vec<MeetingEvidence>,
}

/// Where a meeting was: the place as the store names it now, and its latitude and longitude
/// (degrees) when the gazetteer knows its name or one of its aliases; null when not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingVenue {
    pub id: String,
    pub name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

impl MeetingVenue {
    /// The place of this id; none when it has gone.
    fn of(store: &Store, id: EntityId) -> Result<Option<MeetingVenue>, Error> {
        let Some(place) = store.entity(id)? else { return Ok(None) };
        let places = Coordinates::builtin();
        let at = std::iter::once(place.name.as_str())
            .chain(place.aliases.iter().map(|a| a.form.as_str()))
            .find_map(|name| places.of(name));
        Ok(Some(MeetingVenue { id: id.to_string(), name: place.name, lat: at.map(|p| p.lat), lon: at.map(|p| p.lon) }))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingEvidence {
    pub article: String,
    /// The article's date; null when undated.
    pub date: Option<String>,
    pub sentence: String,
    pub pattern: String,
    pub confidence: f32,
}

/// Answers the question.
pub fn meetings(store: &Store, req: &MeetingsRequest) -> Result<MeetingsView, Error> {
    let period = super::period(&req.since, &req.until)?;
    let entity = req.entity.as_deref().map(|e| super::find_as(store, e, req.kind.as_deref(), "--type")).transpose()?;
    let venue = req.place.as_deref().map(|p| super::find_as(store, p, Some("place"), "--where")).transpose()?;
    let filter = Filter { entity: entity.map(|e| e.id), venue: venue.map(|v| v.id), period };
    let found = crate::query::meetings::meetings(store, &filter)?;
    let total = found.len();
    let shown = if req.limit == 0 { total } else { req.limit.min(total) };
    let mut names = HashMap::new();
    let mut venues = HashMap::new();
    let mut meetings = Vec::with_capacity(shown);
    for m in found.into_iter().take(shown) {
        let venue = match m.venue.map(|id| (id, venues.get(&id))) {
            None => None,
            Some((_, Some(known))) => Option::clone(known),
            Some((id, None)) => {
                let venue = MeetingVenue::of(store, id)?;
                venues.insert(id, venue.clone());
                venue
            }
        };
        let mut participants = Vec::with_capacity(m.participants.len());
        for id in &m.participants {
            if let std::collections::hash_map::Entry::Vacant(v) = names.entry(*id) {
                v.insert(store.entity(*id)?.map(|e| EntityRef::of(&e)));
            }
            participants.extend(names[id].clone());
        }
        meetings.push(MeetingView {
            date: dated(&m.date),
            date_is_article_date: m.date_is_article_date,
            venue,
            participants,
            articles: m.articles.into_iter().collect(),
            evidence: m
                .evidence
                .into_iter()
                .map(|e| MeetingEvidence {
                    date: dated(&e.date),
                    article: e.article,
                    sentence: e.sentence,
                    pattern: e.pattern,
                    confidence: e.confidence,
                })
                .collect(),
        });
    }
    Ok(MeetingsView { meetings, total })
}

impl MeetingsView {
    /// Each meeting: its date and place, who was there, then the sentences behind it.
    pub fn write_table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.meetings.is_empty() {
            return writeln!(out, "no meetings");
        }
        for (i, m) in self.meetings.iter().enumerate() {
            let date = match (&m.date, m.date_is_article_date) {
                (None, _) => "undated".to_string(),
                (Some(d), true) => format!("{d} (article date)"),
                (Some(d), false) => d.clone(),
            };
            let place = m.venue.as_ref().map_or(String::new(), |v| format!(" in {}", v.name));
            let who: Vec<&str> = m.participants.iter().map(|p| p.name.as_str()).collect();
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(out, "{}{}: {}", safe(&date), safe(&place), safe(&who.join(", ")))?;
            for e in &m.evidence {
                let date = e.date.as_deref().unwrap_or("undated");
                writeln!(out, "  {} {date}: {}", safe(&e.article), safe(&e.sentence))?;
            }
        }
        if self.total > self.meetings.len() {
            writeln!(out, "\n{} of {} meetings shown (see --limit)", self.meetings.len(), self.total)?;
        }
        Ok(())
    }
}
