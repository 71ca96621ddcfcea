//! Article dates and the periods questions are asked about.
//!
//! An article's date is stored normalised: `YYYY-MM-DD`, or `YYYY-MM` or `YYYY` when only
//! the month or year is known, or empty when the article is undated. A date stands for the
//! whole period it names: "2025-03" is every day of March 2025. A fact counts in a period
//! (`--since`, `--until`) only when its article's whole date lies inside it, so a fact dated
//! "2025" is not claimed for March; an undated fact counts in no period.

use time::format_description::well_known::Rfc3339;

/// Days as a Julian day number, for comparing periods.
pub type Day = i32;

/// Reads a date as users and feeds write it: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or an RFC 3339
/// timestamp (whose calendar day, in its own offset, is kept). Returns the normalised form.
///
/// # Errors
/// Why the text is not such a date, in words for a message.
pub fn parse(text: &str) -> Result<String, String> {
    let t = text.trim();
    let bad = |why: &str| Err(format!("{t:?} is not a date ({why}; use YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339)"));
    if t.is_empty() {
        return bad("empty");
    }
    if t.len() > 10 {
        return match time::OffsetDateTime::parse(t, &Rfc3339) {
            Ok(stamp) => Ok(day_text(stamp.date())),
            Err(e) => bad(&e.to_string()),
        };
    }
    let parts: Vec<&str> = t.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let ok = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    };
    if !ok {
        return bad("not in a date format");
    }
    let num = |s: &str| s.parse::<u16>().unwrap_or(0);
    let year = i32::from(num(parts[0]));
    let month = parts.get(1).map(|m| num(m));
    if month.is_some_and(|m| !(1..=12).contains(&m)) {
        return bad("no such month");
    }
    if let (Some(m), Some(d)) = (month, parts.get(2)) {
        if calendar_day(year, m as u8, num(d) as u8).is_none() {
            return bad("no such day");
        }
    }
    Ok(t.to_string())
}

fn calendar_day(year: i32, month: u8, day: u8) -> Option<time::Date> {
    let month = time::Month::try_from(month).ok()?;
    time::Date::from_calendar_date(year, month, day).ok()
}

fn day_text(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The days a normalised date covers, first and last; `None` for an undated (empty) or
/// unreadable one.
pub fn span(date: &str) -> Option<(Day, Day)> {
    // Read without allocating: a period question calls this once per piece of evidence.
    let b = date.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u16> {
        let digits = b.get(r)?;
        digits.iter().try_fold(0u16, |n, &d| d.is_ascii_digit().then(|| n * 10 + u16::from(d - b'0')))
    };
    let year = i32::from(num(0..4)?);
    let dash = |i: usize| b.get(i) == Some(&b'-');
    let (first, last) = match b.len() {
        4 => (calendar_day(year, 1, 1)?, calendar_day(year, 12, 31)?),
        7 if dash(4) => {
            let m = num(5..7)? as u8;
            let month = time::Month::try_from(m).ok()?;
            (calendar_day(year, m, 1)?, calendar_day(year, m, time::util::days_in_month(month, year))?)
        }
        10 if dash(4) && dash(7) => {
            let day = calendar_day(year, num(5..7)? as u8, num(8..10)? as u8)?;
            (day, day)
        }
        _ => return None,
    };
    Some((first.to_julian_day(), last.to_julian_day()))
}

/// The days a question covers: from the first day of `--since` to the last day of
/// `--until`, either end open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    pub since: Option<Day>,
    pub until: Option<Day>,
}

impl Period {
    /// The period between two user dates (either may be absent).
    ///
    /// # Errors
    /// A date that does not parse, or `since` after `until`.
    pub fn new(since: Option<&str>, until: Option<&str>) -> Result<Period, String> {
        let day = |d: Option<&str>, first: bool| -> Result<Option<Day>, String> {
            let Some(d) = d else { return Ok(None) };
            let (a, b) = span(&parse(d)?).ok_or_else(|| format!("{d:?} is not a date"))?;
            Ok(Some(if first { a } else { b }))
        };
        let period = Period { since: day(since, true)?, until: day(until, false)? };
        if let (Some(a), Some(b)) = (period.since, period.until) {
            if a > b {
                return Err(format!("--since {} is after --until {}", since.unwrap_or(""), until.unwrap_or("")));
            }
        }
        Ok(period)
    }

    /// No bound: every fact counts, dated or not.
    pub fn is_all(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// Whether a fact of an article dated `date` counts in this period.
    pub fn contains(&self, date: &str) -> bool {
        if self.is_all() {
            return true;
        }
        match span(date) {
            None => false,
            Some((first, last)) => self.since.is_none_or(|s| first >= s) && self.until.is_none_or(|u| last <= u),
        }
    }
}

/// Orders normalised dates by the day they start, then by how long they last (a day before
/// its month); undated ("") after every date.
pub fn order(a: &str, b: &str) -> std::cmp::Ordering {
    let key = span;
    match (key(a), key(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_months_years_and_timestamps_are_dates() {
        assert_eq!(parse("2025-03-04"), Ok("2025-03-04".into()));
        assert_eq!(parse(" 2025-03 "), Ok("2025-03".into()));
        assert_eq!(parse("2024"), Ok("2024".into()));
        assert_eq!(parse("2025-03-04T23:30:00-05:00"), Ok("2025-03-04".into()));
        assert_eq!(parse("2025-03-04T10:00:00Z"), Ok("2025-03-04".into()));
    }

    #[test]
    fn impossible_or_foreign_dates_are_refused_with_a_reason() {
        for bad in ["", "2025-02-30", "2025-13", "March 4, 2025", "04/03/2025", "2025-3-4", "2025-03-04T25:00:00Z"] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains("is not a date"), "{bad}: {e}");
        }
        assert!(parse("2024-02-29").is_ok());
    }

    #[test]
    fn a_partial_date_spans_its_whole_month_or_year() {
        let (a, b) = span("2024-02").unwrap();
        assert_eq!(b - a, 28);
        let (a, b) = span("2025").unwrap();
        assert_eq!(b - a, 364);
        assert_eq!(span(""), None);
    }

    #[test]
    fn a_fact_counts_in_a_period_only_when_its_whole_date_lies_inside() {
        let march = Period::new(Some("2025-03"), Some("2025-03")).unwrap();
        assert!(march.contains("2025-03-31"));
        assert!(march.contains("2025-03"));
        assert!(!march.contains("2025"));
        assert!(!march.contains("2025-04-01"));
        assert!(!march.contains(""));
        assert!(Period::default().contains(""));
        let since = Period::new(Some("2025-03-15"), None).unwrap();
        assert!(since.contains("2026"));
        assert!(!since.contains("2025-03"));
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_an_error() {
        assert!(Period::new(Some("2025-04"), Some("2025-03")).is_err());
        assert!(Period::new(Some("yesterday"), None).is_err());
    }

    #[test]
    fn dates_order_by_their_first_day_and_undated_last() {
        let mut d = vec!["", "2025-03-02", "2025-03", "2024", "2025-03-01"];
        d.sort_by(|a, b| order(a, b));
        assert_eq!(d, ["2024", "2025-03-01", "2025-03", "2025-03-02", ""]);
    }
}
