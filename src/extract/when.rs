//! When and where a meeting happened, as its sentence says: the event date ("on Tuesday",
//! "yesterday", "on March 18", "last month", "in 2019") resolved against the article's date,
//! and the venue ("in Riyadh", "at the Kremlin") among the sentence's place mentions.
//!
//! Dates are resolved the way event coders resolve them (PETRARCH2 reads a story's date the
//! same way): a weekday is the last such day on or before the article's date, a month and day
//! without a year is the last such day on or before it, "in July" the last July not after the
//! article's month. A date after "since", "by" or "next" (`calendar.tsv`, `not_event`) is a
//! start, a deadline or a plan, not the meeting. The words are data; this is the grammar.

use super::lexicon::{Calendar, CalendarWord, Unit};
use super::resolve::{Entities, Sentence};
use super::token::{Token, TokenKind};
use crate::graph::EntityKind;
use time::{Date, Duration, Month};

/// A date a sentence names: its tokens and the date, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub date: String,
}

impl DateMention {
    /// Day, month or year: a day says more than a month about when a meeting was.
    fn precision(&self) -> usize {
        self.date.len()
    }
}

/// Every date the tokens name, resolved against `article_date` (`YYYY-MM-DD`; anything else
/// resolves only the dates that carry their own year).
pub fn dates(tokens: &[Token], article_date: &str, cal: &Calendar) -> Vec<DateMention> {
    let today = parse_day(article_date);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let found = read_at(tokens, i, today, cal);
        match found {
            Some(m) => {
                i = m.end;
                if !follows_not_event(tokens, m.start, cal) {
                    out.push(m);
                }
            }
            None => i += 1,
        }
    }
    out
}

/// The date a meeting between the mentions of `source` and `target` in `sentence` happened,
/// and the place entity it happened at: the most precise date and the nearest venue.
pub fn time_and_place(
    sentence: &Sentence,
    entities: &Entities,
    (source, target): (usize, usize),
    article_date: &str,
    cal: &Calendar,
) -> (Option<String>, Option<usize>) {
    let ends: Vec<(usize, usize)> = sentence
        .mentions
        .iter()
        .filter(|m| !m.venue && [source, target].iter().any(|&e| m.actor == e || m.entity == e))
        .map(|m| (m.start, m.end))
        .collect();
    let distance = |start: usize, end: usize| -> (usize, bool) {
        ends.iter()
            .map(|&(s, e)| if start >= e { (start - e, false) } else { (s.saturating_sub(end), true) })
            .min()
            .unwrap_or((usize::MAX, true))
    };
    let date = dates(&sentence.tokens, article_date, cal)
        .into_iter()
        .min_by_key(|d| (std::cmp::Reverse(d.precision()), distance(d.start, d.end)))
        .map(|d| d.date);
    let venue = sentence
        .mentions
        .iter()
        .filter(|m| {
            // A country is no venue to the resolver ("from Russia" may be a side), but "in
            // Russia" is where a meeting was.
            let in_country =
                m.start > 0 && sentence.tokens[m.start - 1].lower == "in" && m.actor != source && m.actor != target;
            // A nationality adjective ("Ostrian envoy") names no place, and a place the
            // article never names cannot be shown: neither may hide the real venue.
            (m.venue || in_country)
                && !m.demonym
                && entities.list[m.entity].named
                && entities.list[m.entity].kind == EntityKind::Place
                && !is_dateline(sentence, m.start)
        })
        // A place after its endpoint ("met A in Lima, B in Quito") before one ahead of it.
        .min_by_key(|m| distance(m.start, m.end))
        .map(|m| m.entity);
    (date, venue)
}

/// "KYIV —" opening an article says where it was filed, not where anyone met.
fn is_dateline(sentence: &Sentence, start: usize) -> bool {
    start == 0
        && sentence.tokens.iter().take(5).any(|t| matches!(t.text.as_str(), "\u{2014}" | "\u{2013}" | "--" | "-"))
        && sentence.tokens.first().is_some_and(|t| t.text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase))
}

/// Whether the words before token `i` ("since", "by", "next", through "on" and "the") make
/// the date a start, a deadline or a plan.
fn follows_not_event(tokens: &[Token], i: usize, cal: &Calendar) -> bool {
    let mut j = i;
    while j > 0 {
        j -= 1;
        let w = tokens[j].lower.as_str();
        if matches!(w, "on" | "the" | "in" | "early" | "late" | "mid") {
            continue;
        }
        return cal.word(w) == Some(CalendarWord::NotEvent);
    }
    false
}

/// The date expression starting at token `i`, if one does.
fn read_at(tokens: &[Token], i: usize, today: Option<Date>, cal: &Calendar) -> Option<DateMention> {
    let t = &tokens[i];
    let at = |end: usize, date: String| Some(DateMention { start: i, end, date });
    match cal.word(&t.lower) {
        Some(CalendarWord::Weekday(d)) if t.is_capitalized() => {
            let today = today?;
            let previous = i > 0 && cal.word(&tokens[i - 1].lower) == Some(CalendarWord::Previous);
            let back = (today.weekday().number_from_monday() + 7 - d) % 7;
            // "last Tuesday" on a Tuesday is a week ago; plain "Tuesday" is the same day.
            let back = if previous && back == 0 { 7 } else { back };
            at(i + 1, day_text(today - Duration::days(back.into())))
        }
        Some(CalendarWord::Month(m)) if t.is_capitalized() => month_at(tokens, i, m, today, cal),
        Some(CalendarWord::DayOffset(n)) => at(i + 1, day_text(today? + Duration::days(n.into()))),
        Some(CalendarWord::Previous | CalendarWord::Current) => {
            let previous = cal.word(&t.lower) == Some(CalendarWord::Previous);
            let today = today?;
            match tokens.get(i + 1).and_then(|n| cal.word(&n.lower)) {
                Some(CalendarWord::Unit(Unit::Month)) => {
                    let (y, m) = if !previous {
                        (today.year(), today.month() as u8)
                    } else if today.month() == Month::January {
                        (today.year() - 1, 12)
                    } else {
                        (today.year(), today.month() as u8 - 1)
                    };
                    at(i + 2, format!("{y:04}-{m:02}"))
                }
                Some(CalendarWord::Unit(Unit::Year)) => {
                    at(i + 2, format!("{:04}", if previous { today.year() - 1 } else { today.year() }))
                }
                _ => None,
            }
        }
        // "in 2019": a year alone, after "in".
        _ if i > 0 && tokens[i - 1].lower == "in" => year(t).and_then(|y| at(i + 1, format!("{y:04}"))),
        _ => None,
    }
}

/// "March 18", "March 18, 2024", "18 March", "March 2024", "in July", "last July".
fn month_at(tokens: &[Token], i: usize, m: u8, today: Option<Date>, cal: &Calendar) -> Option<DateMention> {
    let number = |j: usize| tokens.get(j).and_then(day_number);
    let year_at = |j: usize| tokens.get(j).and_then(year);
    // The day: after the month, or before it (British order). A year may follow.
    let (day, start, mut end) = match (number(i + 1), i.checked_sub(1).and_then(number)) {
        (Some(d), _) => (Some(d), i, i + 2),
        (None, Some(d)) => (Some(d), i - 1, i + 1),
        (None, None) => (None, i, i + 1),
    };
    let comma = tokens.get(end).is_some_and(|t| t.text == ",");
    let given_year = year_at(end).or_else(|| if comma { year_at(end + 1) } else { None });
    if given_year.is_some() {
        end += if year_at(end).is_some() { 1 } else { 2 };
    }
    let before = i.checked_sub(1).map(|j| tokens[j].lower.as_str());
    let previous = before.is_some_and(|w| cal.word(w) == Some(CalendarWord::Previous));
    let mention = |date: String| Some(DateMention { start: if previous { start - 1 } else { start }, end, date });
    match (day, given_year) {
        (Some(d), Some(y)) => mention(day_text(calendar_day(y, m, d)?)),
        (Some(d), None) => {
            let today = today?;
            let this_year = calendar_day(today.year(), m, d)?;
            let date = if this_year > today { calendar_day(today.year() - 1, m, d)? } else { this_year };
            mention(day_text(date))
        }
        (None, Some(y)) => mention(format!("{y:04}-{m:02}")),
        // A month alone is a date only where a date is expected ("in July", "last July"):
        // "March" and "May" are words too.
        (None, None) => {
            let current = before.is_some_and(|w| cal.word(w) == Some(CalendarWord::Current));
            if !(previous || current || before == Some("in")) {
                return None;
            }
            let today = today?;
            let month_now = today.month() as u8;
            let y = if m > month_now || (previous && m == month_now) { today.year() - 1 } else { today.year() };
            mention(format!("{y:04}-{m:02}"))
        }
    }
}

/// A day of the month: "18", "18th", "1st".
fn day_number(t: &Token) -> Option<u8> {
    if t.kind != TokenKind::Word {
        return None;
    }
    let digits = t.lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &t.lower[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A year: four digits from 1900 to 2100.
fn year(t: &Token) -> Option<i32> {
    (t.text.len() == 4).then(|| t.text.parse().ok()).flatten().filter(|y| (1900..=2100).contains(y))
}

fn parse_day(date: &str) -> Option<Date> {
    let mut parts = date.splitn(3, '-').map(str::parse::<i32>);
    let (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    calendar_day(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}

fn calendar_day(year: i32, month: u8, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

fn day_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

#[cfg(test)]
mod tests {
    use crate::extract::{extract, Lexicon};
    use crate::graph::RelationKind;

    /// Each meeting of `text` (an article of Wednesday 2025-03-12) as `A met-with B | date | venue`.
    fn meetings(text: &str) -> Vec<String> {
        let facts = extract(text, "2025-03-12", &Lexicon::builtin());
        let mut out: Vec<String> = facts
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::MetWith)
            .map(|r| {
                let name = |i: usize| facts.entities[i].name.clone();
                format!(
                    "{} met-with {} | {} | {}",
                    name(r.source),
                    name(r.target),
                    r.event_date.as_deref().unwrap_or("-"),
                    r.venue.map(name).unwrap_or_else(|| "-".into())
                )
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn each_date_and_venue_form_resolves_against_the_article_date() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Foreign Minister Ana Ruiz met Chancellor Peter Brandt in Berlin on Tuesday.",
                &["Ana Ruiz met-with Peter Brandt | 2025-03-11 | Berlin"],
            ),
            (
                "Ana Ruiz met Peter Brandt on Wednesday in Berlin.",
                &["Ana Ruiz met-with Peter Brandt | 2025-03-12 | Berlin"],
            ),
            (
                "Ana Ruiz met Peter Brandt in Vienna on Thursday.",
                &["Ana Ruiz met-with Peter Brandt | 2025-03-06 | Vienna"],
            ),
            ("Ana Ruiz met Peter Brandt yesterday in Oslo.", &["Ana Ruiz met-with Peter Brandt | 2025-03-11 | Oslo"]),
            (
                "Ana Ruiz met Peter Brandt on March 3 in Madrid.",
                &["Ana Ruiz met-with Peter Brandt | 2025-03-03 | Madrid"],
            ),
            (
                "Ana Ruiz met Peter Brandt in Madrid on 3 March.",
                &["Ana Ruiz met-with Peter Brandt | 2025-03-03 | Madrid"],
            ),
            ("Ana Ruiz met Peter Brandt on March 18.", &["Ana Ruiz met-with Peter Brandt | 2024-03-18 | -"]),
            ("Ana Ruiz met Peter Brandt on March 18, 2023.", &["Ana Ruiz met-with Peter Brandt | 2023-03-18 | -"]),
            ("Ana Ruiz met Peter Brandt last month in Rome.", &["Ana Ruiz met-with Peter Brandt | 2025-02 | Rome"]),
            ("Ana Ruiz met Peter Brandt in July in Rome.", &["Ana Ruiz met-with Peter Brandt | 2024-07 | Rome"]),
            ("Ana Ruiz met Peter Brandt in February.", &["Ana Ruiz met-with Peter Brandt | 2025-02 | -"]),
            ("Ana Ruiz met Peter Brandt last July.", &["Ana Ruiz met-with Peter Brandt | 2024-07 | -"]),
            ("Ana Ruiz first met Peter Brandt in 2019.", &["Ana Ruiz met-with Peter Brandt | 2019 | -"]),
            ("Ana Ruiz has met Peter Brandt twice since Monday.", &["Ana Ruiz met-with Peter Brandt | - | -"]),
            (
                "Ana Ruiz held talks with Peter Brandt earlier this week in Vienna, a diplomat said on Friday.",
                &["Ana Ruiz met-with Peter Brandt | - | Vienna"],
            ),
            (
                "Ana Ruiz met Peter Brandt on the sidelines of the G20 summit in Rio de Janeiro on Monday.",
                &["Ana Ruiz met-with Peter Brandt | 2025-03-10 | Rio de Janeiro"],
            ),
            (
                "Ana Ruiz met Peter Brandt in Lima and Sofia Marren in Quito.",
                &["Ana Ruiz met-with Peter Brandt | - | Lima", "Ana Ruiz met-with Sofia Marren | - | Quito"],
            ),
            ("Ana Ruiz and Peter Brandt met in Saudi Arabia.", &["Ana Ruiz met-with Peter Brandt | - | Saudi Arabia"]),
            ("BERLIN — Ana Ruiz met Peter Brandt on Monday.", &["Ana Ruiz met-with Peter Brandt | 2025-03-10 | -"]),
            // "the German capital" is Berlin when the article names Berlin, and no place when not.
            (
                "BERLIN — Ana Ruiz met Peter Brandt in the German capital on Monday.",
                &["Ana Ruiz met-with Peter Brandt | 2025-03-10 | Berlin"],
            ),
            (
                "Ana Ruiz met Peter Brandt in the German capital on Monday. She flew home from Berlin on Tuesday.",
                &["Ana Ruiz met-with Peter Brandt | 2025-03-10 | Berlin"],
            ),
            (
                "Ana Ruiz met Peter Brandt in the German capital on Monday.",
                &["Ana Ruiz met-with Peter Brandt | 2025-03-10 | -"],
            ),
            // A place named by its head noun and "of" is named whole.
            (
                "Ana Ruiz received Peter Brandt at the Palace of Nations on Friday.",
                &["Ana Ruiz met-with Peter Brandt | 2025-03-07 | Palace of Nations"],
            ),
            // One place for everyone a host received, whatever stands between them.
            (
                "Ana Ruiz hosted her Ostrian counterpart Peter Brandt and Velorian envoy Sofia Marren in Oslo on Monday.",
                &["Ana Ruiz met-with Peter Brandt | 2025-03-10 | Oslo", "Ana Ruiz met-with Sofia Marren | 2025-03-10 | Oslo"],
            ),
            (
                "Ana Ruiz hosted Peter Brandt and Sofia Marren in Oslo on Monday for talks on the border dispute.",
                &["Ana Ruiz met-with Peter Brandt | 2025-03-10 | Oslo", "Ana Ruiz met-with Sofia Marren | 2025-03-10 | Oslo"],
            ),
            // A place that hosts the talks is where they were; one named "in" is nearer.
            (
                "Oslo hosted the talks between Ana Ruiz and Peter Brandt on Monday.",
                &["Ana Ruiz met-with Peter Brandt | 2025-03-10 | Oslo"],
            ),
            (
                "Norway hosted two days of talks between Ana Ruiz and Peter Brandt in Bergen.",
                &["Ana Ruiz met-with Peter Brandt | - | Bergen"],
            ),
            // A plan is no meeting, whatever day and place it names.
            ("Ana Ruiz will meet Peter Brandt in Geneva on Friday.", &[]),
        ];
        let mut failures = Vec::new();
        for (text, expected) in cases {
            let got = meetings(text);
            let want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            if got != want {
                failures.push(format!("{text}\n  expected {want:?}\n  got      {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn a_venue_that_hosts_the_talks_is_their_place_and_no_participant() {
        let got =
            meetings("Riyadh hosted talks between Foreign Minister Ana Ruiz and Chancellor Peter Brandt on Monday.");
        assert_eq!(got, ["Ana Ruiz met-with Peter Brandt | 2025-03-10 | Riyadh"]);
    }

    #[test]
    fn an_undated_article_gives_no_relative_date() {
        let facts = extract("Ana Ruiz met Peter Brandt in Berlin on Tuesday.", "", &Lexicon::builtin());
        let r = facts.relations.iter().find(|r| r.kind == RelationKind::MetWith).map(|r| r.event_date.clone());
        assert_eq!(r, Some(None));
    }
}
