//! The calendar words of `calendar.tsv`: weekdays, months, "yesterday", "last", "since"...
//! what `extract::when` reads an event's date from. Words are data; how they combine into a
//! date ("on March 18", "last month") is grammar, in `extract::when`.

use rustc_hash::FxHashMap as HashMap;

/// What one calendar word means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarWord {
    /// 1 (Monday) to 7 (Sunday).
    Weekday(u8),
    /// 1 to 12.
    Month(u8),
    /// Days from the article's date: "yesterday" is -1.
    DayOffset(i8),
    /// "month" or "year", after a `Previous` or `Current` word.
    Unit(Unit),
    /// "last", "past": the one before the article's.
    Previous,
    /// "this": the article's own.
    Current,
    /// "since", "by", "next": the date that follows is not when the event happened.
    NotEvent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Month,
    Year,
}

/// The calendar words, by lower-case form.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    words: HashMap<String, CalendarWord>,
}

impl Calendar {
    /// Adds one line of `calendar.tsv`: a kind, its words, and a value where the kind has one.
    pub(super) fn add(&mut self, kind: &str, words: &[String], value: &str) -> Result<(), String> {
        let number = |range: std::ops::RangeInclusive<i16>| -> Result<i16, String> {
            value
                .parse::<i16>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| format!("{kind} needs a value from {} to {}", range.start(), range.end()))
        };
        let meaning = match kind {
            "weekday" => CalendarWord::Weekday(number(1..=7)? as u8),
            "month" => CalendarWord::Month(number(1..=12)? as u8),
            "day_offset" => CalendarWord::DayOffset(number(-7..=7)? as i8),
            "unit" => CalendarWord::Unit(match value {
                "month" => Unit::Month,
                "year" => Unit::Year,
                _ => return Err("a unit is month or year".into()),
            }),
            "previous" => CalendarWord::Previous,
            "current" => CalendarWord::Current,
            "not_event" => CalendarWord::NotEvent,
            _ => {
                return Err(format!(
                    "unknown calendar kind {kind:?} (expected weekday, month, day_offset, unit, previous, current or not_event)"
                ))
            }
        };
        for w in words {
            self.words.insert(w.to_lowercase(), meaning);
        }
        Ok(())
    }

    /// What a (lower-case) word means, if it is a calendar word.
    pub fn word(&self, lower: &str) -> Option<CalendarWord> {
        self.words.get(lower).copied()
    }
}
