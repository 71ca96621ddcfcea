//! Plain-text and Markdown articles: one file, one article.
//!
//! Either kind may open with a front-matter block, as static-site generators write it:
//!
//! ```text
//! ---
//! title: Envoy meets minister
//! date: 2025-03-04
//! source: Example Wire
//! url: https://example.org/envoy
//! ---
//! ```
//!
//! It is metadata and never text: `title`, `date`, `source` and `url` go to the article
//! record, other keys are read past. Markdown keeps its words and loses its markup:
//! heading marks, emphasis and link targets would otherwise end up inside evidence sentences.
//! Without a front-matter title, the first heading (or, for text, a first short line without
//! final punctuation) becomes the title.

use super::{article_date, decode, Article, Item, Options, Warning};

pub(super) fn read(bytes: &[u8], id: String, plain: bool, origin: &str, options: &Options) -> Item {
    let (raw, warning) = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(reason) => return Item::Failed { origin: origin.to_string(), reason },
    };
    let mut warnings: Vec<Warning> =
        warning.into_iter().map(|message| Warning { origin: origin.to_string(), message }).collect();
    let (front, body) = front_matter(&raw).unwrap_or_default();
    let body = if front.fenced { body } else { &raw };
    let date_origin = format!("{origin}:{}", front.date_line);
    let date = article_date(&front.date, &date_origin, options, &mut warnings);
    let text = if plain { body.to_string() } else { strip_markdown(body) };
    if text.trim().is_empty() {
        return Item::Failed { origin: origin.to_string(), reason: "empty article".into() };
    }
    if id.is_empty() {
        return Item::Failed {
            origin: origin.to_string(),
            reason: "cannot make an article id from the file name".into(),
        };
    }
    let title = if front.title.is_empty() { super::title_from_text(&text) } else { front.title };
    let article = Article { id, title, date, source: front.source, url: front.url, text };
    Item::Article { article, origin: origin.to_string(), warnings }
}

/// What a front-matter block said.
#[derive(Debug, Default, PartialEq)]
struct Front {
    fenced: bool,
    title: String,
    date: String,
    /// The file's line of the `date:` key, for messages.
    date_line: usize,
    source: String,
    url: String,
}

/// How far a closing fence may be: further than this, the opening `---` was a rule, not a
/// front-matter block.
const MAX_FRONT_LINES: usize = 200;

/// Splits a front-matter block off the text: `---` alone on the first line, then lines up to
/// a closing `---` (or `...`). Only top-level `key: value` lines are read; indented lines,
/// list items and comments are read past. `None` when the text has no such block.
fn front_matter(raw: &str) -> Option<(Front, &str)> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let mut lines = raw.split_inclusive('\n');
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let mut front = Front { fenced: true, ..Front::default() };
    let mut offset = raw.find('\n')? + 1;
    for (i, line) in lines.enumerate().take(MAX_FRONT_LINES) {
        offset += line.len();
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Some((front, &raw[offset..]));
        }
        if t.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some((key, value)) = t.split_once(':') else { continue };
        let value = unquote(value.trim()).to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => front.title = value,
            "date" => {
                front.date = value;
                front.date_line = i + 2;
            }
            "source" => front.source = value,
            "url" => front.url = value,
            _ => {}
        }
    }
    None
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

/// Drops Markdown markup that is not prose: heading marks, emphasis, link targets, code fences.
fn strip_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let t = line.trim_start();
        if t.starts_with("```") {
            continue;
        }
        let t = t.trim_start_matches('#').trim_start();
        let t = t.strip_prefix("> ").unwrap_or(t);
        let mut chars = t.chars().peekable();
        let mut in_target = false;
        while let Some(c) = chars.next() {
            match c {
                '*' | '_' if !in_target => {}
                ']' if chars.peek() == Some(&'(') => in_target = true,
                ')' if in_target => in_target = false,
                '[' if !in_target => {}
                _ if in_target => {}
                c => out.push(c),
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(input: &str, plain: bool, options: &Options) -> (Article, Vec<Warning>) {
        match read(input.as_bytes(), "a".into(), plain, "a.md", options) {
            Item::Article { article, warnings, .. } => (article, warnings),
            Item::Failed { reason, .. } => panic!("{reason}"),
            _ => panic!("not an article"),
        }
    }

    #[test]
    fn front_matter_is_metadata_and_never_text() {
        let input = "---\ntitle: \"Envoy: talks\"\ndate: 2025-03-04T09:00:00Z\nsource: Example Wire\nurl: https://x.y/z\ntags:\n  - a\n---\nThe envoy met the minister.\n";
        for plain in [true, false] {
            let (a, warnings) = article(input, plain, &Options::default());
            assert_eq!(
                (a.title.as_str(), a.date.as_str(), a.source.as_str()),
                ("Envoy: talks", "2025-03-04", "Example Wire")
            );
            assert_eq!(a.url, "https://x.y/z");
            assert_eq!(a.text.trim(), "The envoy met the minister.");
            assert!(warnings.is_empty());
        }
    }

    #[test]
    fn a_bad_front_matter_date_is_a_warning_at_its_line_and_the_article_goes_in_undated() {
        let options = Options { default_date: Some("2020-01-01".into()), ..Options::default() };
        let (a, warnings) = article("---\ntitle: T\ndate: 2025-02-30\n---\nText here.\n", true, &options);
        assert_eq!(a.date, "");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].origin, "a.md:3");
        assert!(warnings[0].message.contains("\"2025-02-30\" is not a date"), "{}", warnings[0].message);
    }

    #[test]
    fn an_article_without_a_date_takes_the_default_date() {
        let options = Options { default_date: Some("2024-06".into()), ..Options::default() };
        let (a, _) = article("Text here.\n", true, &options);
        assert_eq!(a.date, "2024-06");
    }

    #[test]
    fn a_rule_without_a_closing_fence_is_text() {
        let (a, _) = article("---\nThe envoy met the minister.\n", true, &Options::default());
        assert!(a.text.contains("The envoy met the minister."));
    }

    #[test]
    fn markdown_loses_marks_but_keeps_words() {
        let s = strip_markdown("# Title here\n\n**Putin** met [Witkoff](http://x.y/z) in_Moscow.");
        assert_eq!(s, "Title here\n\nPutin met Witkoff inMoscow.\n");
    }
}
