//! Writing results: aligned tables for people, and a stdout whose closed pipe is not an
//! error (`kg export | head` exits 0, as ripgrep and xsv do).

use std::io::Write;

/// Text safe to print on a terminal: control characters (an escape sequence hidden in an
/// article id or a name could move the cursor or retitle the window) shown as `\u{1b}`.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars().map(|c| if c.is_control() { c.escape_unicode().to_string() } else { c.to_string() }).collect(),
    )
}

/// Prints rows as left-aligned columns, the first row as the header.
pub fn table(out: &mut dyn Write, rows: &[Vec<String>]) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> =
        rows.iter().map(|r| r.iter().map(|c| terminal_safe(c).into_owned()).collect()).collect();
    let rows = rows.as_slice();
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..cols).map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0)).collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[c] - cell.chars().count() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Whether an error is a closed stdout pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<crate::export::Error>().is_some_and(
                |e| matches!(e, crate::export::Error::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe),
            )
    })
}

/// Writes a JSON value and a newline.
pub fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)
}

/// A date for JSON: null when undated.
pub fn dated(date: &str) -> Option<&str> {
    (!date.is_empty()).then_some(date)
}

/// When a relation was seen, for a table: one date, "first to last", or "undated".
pub fn seen(s: &crate::store::Support) -> String {
    match (s.first_seen.as_str(), s.last_seen.as_str()) {
        ("", _) => "undated".into(),
        (a, b) if a == b => a.into(),
        (a, b) => format!("{a} to {b}"),
    }
}
