//! Plain-text and Markdown articles: one file, one article.
//!
//! Markdown keeps its words and loses its markup: heading marks, emphasis and link targets
//! would otherwise end up inside evidence sentences. The first heading (or, for text, a first
//! short line without final punctuation) becomes the title.

use super::{decode, Article, Item};

pub(super) fn read(bytes: &[u8], id: String, plain: bool, origin: &str) -> Item {
    let (raw, warning) = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(reason) => return Item::Failed { origin: origin.to_string(), reason },
    };
    let text = if plain { raw } else { strip_markdown(&raw) };
    if text.trim().is_empty() {
        return Item::Failed { origin: origin.to_string(), reason: "empty article".into() };
    }
    if id.is_empty() {
        return Item::Failed {
            origin: origin.to_string(),
            reason: "cannot make an article id from the file name".into(),
        };
    }
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .filter(|l| l.len() <= 200 && !l.ends_with(['.', '"', '\u{201d}']))
        .unwrap_or("")
        .to_string();
    Item::Article { article: Article { id, title, text, ..Article::default() }, origin: origin.to_string(), warning }
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

    #[test]
    fn markdown_loses_marks_but_keeps_words() {
        let s = strip_markdown("# Title here\n\n**Putin** met [Witkoff](http://x.y/z) in_Moscow.");
        assert_eq!(s, "Title here\n\nPutin met Witkoff inMoscow.\n");
    }
}
